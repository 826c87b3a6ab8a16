//! Providers' balance sheets, simple enough to calibrate: at the end of its first full
//! reporting year a provider's balance is set in proportion to that year's revenue
//! (total assets, equity, current assets and current liabilities, `BalanceSheet`); every
//! year's result is retained — equity, total and current assets move by it, liabilities
//! do not. Each year end checks the region's norms (`004:1341-1394`): profitability above
//! 1.5%, solvency above 20%, current ratio above 1. The norms are judged per norm over
//! the years, not per calendar year: one year below has no consequence, two make the
//! region assess whether a plan of action is needed, three require one.

use crate::model::BalanceSheet;

/// Profitability: result / turnover above 1.5%.
pub const PROFITABILITY_NORM: f64 = 0.015;
/// Solvency: equity / total assets above 20%.
pub const SOLVENCY_NORM: f64 = 0.20;
/// Current ratio: (current assets + cash) / current liabilities above 1.
pub const CURRENT_RATIO_NORM: f64 = 1.0;

/// One provider's position.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Position {
    /// The first full year's revenue (cents), which sizes the balance; 0 = not yet set.
    base: i64,
    /// Results retained since (cents).
    retained: i64,
    /// Years below each norm: profitability, solvency, current ratio.
    pub years_below: [u32; 3],
    /// After the last year end: equity / total assets and current ratio.
    pub solvency: f64,
    pub current_ratio: f64,
}

impl Position {
    /// A reporting year closes with `revenue` and `result` (cents): the result retained,
    /// each norm checked.
    pub fn close_year(&mut self, sheet: &BalanceSheet, revenue: i64, result: i64) {
        if self.base == 0 {
            self.base = revenue.max(1);
        }
        self.retained += result;
        let base = self.base as f64;
        let retained = self.retained as f64;
        let assets = sheet.assets_to_revenue * base + retained;
        let equity = sheet.solvency * sheet.assets_to_revenue * base + retained;
        let liabilities = sheet.current_liabilities_to_revenue * base;
        let current = sheet.current_ratio * liabilities + retained;
        // Assets used up entirely: no solvency to speak of.
        self.solvency = if assets > 0.0 { equity / assets } else { -1.0 };
        self.current_ratio = current / liabilities;
        let below = [
            revenue <= 0 || (result as f64) < PROFITABILITY_NORM * revenue as f64,
            self.solvency < SOLVENCY_NORM,
            self.current_ratio < CURRENT_RATIO_NORM,
        ];
        for (n, b) in self.years_below.iter_mut().zip(below) {
            *n += u32::from(b);
        }
    }

    /// The escalation the region's rule reaches: the most years below any one norm
    /// (1: no consequence, 2: a plan of action assessed, 3 or more: required).
    pub fn escalation(&self) -> u32 {
        self.years_below.iter().copied().max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: BalanceSheet = BalanceSheet {
        solvency: 0.30,
        current_ratio: 1.4,
        assets_to_revenue: 0.5,
        current_liabilities_to_revenue: 0.2,
    };

    /// A provider with € 10 mln revenue a year: assets € 5 mln, equity € 1.5 mln, current
    /// liabilities € 2 mln, current assets € 2.8 mln. Losing € 0.5 mln a year: after one
    /// year equity 1.0 / assets 4.5 = 22.2%, current 2.3 / 2 = 1.15; after two 0.5 / 4.0 =
    /// 12.5%, 1.8 / 2 = 0.9; after three 0 / 3.5 = 0%, 1.3 / 2 = 0.65.
    #[test]
    fn hand_computed_provider() {
        let mut p = Position::default();
        let (revenue, loss) = (1_000_000_000, -50_000_000);
        p.close_year(&SHEET, revenue, loss);
        assert!((p.solvency - 1.0 / 4.5).abs() < 1e-12);
        assert!((p.current_ratio - 1.15).abs() < 1e-12);
        assert_eq!(p.years_below, [1, 0, 0]);
        assert_eq!(p.escalation(), 1);
        p.close_year(&SHEET, revenue, loss);
        assert!((p.solvency - 0.125).abs() < 1e-12);
        assert!((p.current_ratio - 0.9).abs() < 1e-12);
        assert_eq!(p.years_below, [2, 1, 1]);
        assert_eq!(p.escalation(), 2);
        p.close_year(&SHEET, revenue, loss);
        assert!(p.solvency.abs() < 1e-12);
        assert!((p.current_ratio - 0.65).abs() < 1e-12);
        assert_eq!(p.years_below, [3, 2, 2]);
        assert_eq!(p.escalation(), 3);
    }

    /// A healthy provider (3% margin) meets every norm and builds equity.
    #[test]
    fn healthy_provider_meets_every_norm() {
        let mut p = Position::default();
        for _ in 0..4 {
            p.close_year(&SHEET, 1_000_000_000, 30_000_000);
        }
        assert_eq!(p.years_below, [0, 0, 0]);
        assert_eq!(p.escalation(), 0);
        assert!(p.solvency > SHEET.solvency);
        assert!(p.current_ratio > SHEET.current_ratio);
    }
}
