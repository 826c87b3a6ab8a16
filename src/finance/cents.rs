//! Cents: prices indexed from base-year cents, and amounts split over municipalities —
//! exact integer arithmetic wherever money is booked.

/// `cents` in base-year prices at price index `index` (exactly `cents` at index 1).
#[inline]
pub fn indexed(cents: i64, index: f64) -> i64 {
    if index == 1.0 {
        cents
    } else {
        round_i64(cents as f64 * index)
    }
}

/// `x.round() as i64` — half away from zero, saturating, NaN to 0 — without the libm call
/// `f64::round` is on x86-64: truncate, then look at the part cut off. Exact: `x − t` is
/// exact for every float (for |x| ≥ 2⁵² x is whole and the part is 0), and a saturated `t`
/// stays saturated. `tests::rounding_is_f64_round` holds the two equal.
#[inline]
pub fn round_i64(x: f64) -> i64 {
    let t = x as i64;
    let cut = x - t as f64;
    if cut >= 0.5 {
        t.saturating_add(1)
    } else if cut <= -0.5 {
        t.saturating_sub(1)
    } else {
        t
    }
}

/// Splits `amount` cents over municipalities by `shares`, exactly: floors first, the
/// remainder to the largest share, so the parts always add up to `amount`.
pub fn split(amount: i64, shares: &[f64], paid_cents: &mut [i64]) {
    let mut given = 0;
    let mut largest = 0;
    for (m, (&s, p)) in shares.iter().zip(paid_cents.iter_mut()).enumerate() {
        let part = (amount as f64 * s).floor() as i64;
        *p += part;
        given += part;
        if s > shares[largest] {
            largest = m;
        }
    }
    paid_cents[largest] += amount - given;
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn split_is_exact() {
        let mut paid = vec![0; 3];
        split(1000, &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0], &mut paid);
        assert_eq!(paid.iter().sum::<i64>(), 1000);
        let mut paid = vec![0; 3];
        split(-7, &[0.5, 0.0, 0.5], &mut paid);
        assert_eq!(paid.iter().sum::<i64>(), -7);
        assert_eq!(paid[1], 0);
    }

    #[test]
    fn rounding_is_f64_round() {
        let round = |x: f64| x.round() as i64;
        let mut edges = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            -0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            9.223_372_036_854_775e18,
            -9.223_372_036_854_775e18,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ];
        // Neighbours of every half and of the powers of two, where a cheaper rounding slips.
        for k in 0..64 {
            for base in [2f64.powi(k), 2f64.powi(k) + 0.5, k as f64 + 0.5] {
                for b in [base, -base] {
                    edges.extend([b, b.next_up(), b.next_down()]);
                }
            }
        }
        for x in edges {
            assert_eq!(super::round_i64(x), round(x), "{x:e}");
        }
        proptest::proptest!(|(bits: u64)| {
            let x = f64::from_bits(bits);
            proptest::prop_assert_eq!(super::round_i64(x), round(x), "{:e}", x);
        });
        proptest::proptest!(|(cents in -1e13f64..1e13, index in 0.5f64..3.0)| {
            let x = cents.trunc() * index;
            proptest::prop_assert_eq!(super::round_i64(x), round(x), "{:e}", x);
        });
    }
}
