//! What a region's data recorded in the base year, per municipality and sub-segment: the
//! spend declared, youth-months in care (the base date's caseload carried forward by the
//! starts and stops), starts, stops and youths waiting. The backcast compares a
//! simulation of the base year with these.

use super::RegionData;

/// The base year of one municipality in one sub-segment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Recorded {
    pub cents: i64,
    /// Σ over months of the youths in care that month: those in care at its start and
    /// those who started in it.
    pub youth_months: f64,
    pub starts: f64,
    pub stops: f64,
    /// Mean youths waiting over the month ends the waiting list was counted at (after the
    /// base date); `None` when it was counted on the base date only.
    pub waiting: Option<f64>,
}

/// Municipality × sub-segment (municipality-major).
pub fn recorded(d: &RegionData) -> Vec<Recorded> {
    let (nm, ns) = (d.municipalities.len(), d.subs.len());
    let mut out = vec![Recorded::default(); nm * ns];
    for x in &d.declarations {
        out[x.muni * ns + d.products[x.product].sub].cents += x.cents;
    }
    let mut starts = vec![[0u32; 12]; nm * ns];
    let mut stops = vec![[0u32; 12]; nm * ns];
    for m in &d.mutations {
        starts[m.muni * ns + m.sub][m.month as usize] += m.starts;
        stops[m.muni * ns + m.sub][m.month as usize] += m.stops;
    }
    let mut stock = vec![0i64; nm * ns];
    for c in &d.caseload {
        stock[c.muni * ns + c.sub] += i64::from(c.youths);
    }
    let mut waiting: Vec<[Option<u32>; 13]> = vec![[None; 13]; nm * ns];
    for w in &d.waiting {
        let at = &mut waiting[w.muni * ns + w.sub][w.at as usize];
        *at = Some(at.unwrap_or(0) + w.youths);
    }
    for (i, r) in out.iter_mut().enumerate() {
        let mut in_care = stock[i];
        for m in 0..12 {
            let (s, e) = (i64::from(starts[i][m]), i64::from(stops[i][m]));
            r.youth_months += (in_care + s).max(0) as f64;
            r.starts += s as f64;
            r.stops += e as f64;
            in_care += s - e;
        }
        let later: Vec<u32> = waiting[i][1..].iter().flatten().copied().collect();
        // A waiting list counted at some month ends of some sub-segments: the others
        // were counted too, at zero, when the same month ends appear elsewhere.
        r.waiting = (!later.is_empty())
            .then(|| later.iter().map(|&w| f64::from(w)).sum::<f64>() / later.len() as f64);
    }
    let counted_later = d.waiting.iter().any(|w| w.at > 0);
    if counted_later {
        for r in &mut out {
            r.waiting.get_or_insert(0.0);
        }
    }
    out
}

/// The base date's stock per municipality × sub-segment: (in care, waiting).
pub fn stock(d: &RegionData) -> Vec<(u32, u32)> {
    let ns = d.subs.len();
    let mut out = vec![(0, 0); d.municipalities.len() * ns];
    for c in &d.caseload {
        out[c.muni * ns + c.sub].0 += c.youths;
    }
    for w in d.waiting.iter().filter(|w| w.at == 0) {
        out[w.muni * ns + w.sub].1 += w.youths;
    }
    out
}
