//! Percentage change, rounding as reports print it, and a significance test for counts.

use std::fmt;

use super::indicator::Unit;
use crate::error::{Error, Result};

/// Rounds half away from zero to `dp` decimal places, as Excel's `ROUND` does (and so as
/// most committee reports print): 38.65 → 38.7, −83.35 → −83.4, 88.5 → 89 at 0 dp.
///
/// The value is first rounded to 9 significant digits below the printed one, so that a
/// decimal half stored in binary just under it (38.65 is 38.6499999…) still rounds up.
///
/// # Examples
/// ```
/// use outreach::kpi::round_half_up;
/// assert_eq!(round_half_up(38.636, 1), 38.6);
/// assert_eq!(round_half_up(38.65, 1), 38.7);
/// assert_eq!(round_half_up(-83.35, 1), -83.4);
/// assert_eq!(round_half_up(88.5, 0), 89.0);
/// ```
pub fn round_half_up(value: f64, dp: u32) -> f64 {
    if !value.is_finite() {
        return value;
    }
    let scale = 10f64.powi(dp.min(15) as i32);
    let scaled = value * scale;
    // Beyond 2^53 every double is a whole number already: nothing to round.
    if scaled.abs() >= 9.0e15 {
        return value;
    }
    let cleaned = (scaled * 1e9).round() / 1e9;
    let rounded = cleaned.round() / scale;
    // Never print "-0.0".
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// The change from a previous figure to a current one.
///
/// `% change = (current − previous) / previous × 100`: positive when the current figure is
/// larger, whatever the indicator's polarity. It is undefined when the previous figure is
/// 0 ([`Change::FromZero`]) and not computed when either figure is missing or incomplete
/// ([`Change::NotComparable`]); no `inf` or `NaN` is ever produced.
///
/// # Examples
/// ```
/// use outreach::kpi::Change;
/// # fn main() -> outreach::Result<()> {
/// let burglary = Change::between(61.0, 44.0)?;
/// assert_eq!(burglary.rounded_pct(), Some(38.6));
/// assert_eq!(burglary.to_string(), "+38.6%");
/// assert_eq!(Change::between(1.0, 6.0)?.to_string(), "-83.3%");
/// assert_eq!(Change::between(3.0, 0.0)?, Change::FromZero);
/// assert_eq!(Change::between(3.0, 0.0)?.to_string(), "n/a");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// The percentage change, unrounded.
    Percent(f64),
    /// The previous figure is 0: a percentage change is undefined.
    FromZero,
    /// A figure is missing or incomplete: no change is computed.
    NotComparable,
}

impl Change {
    /// The change between two figures.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a figure is not finite.
    pub fn between(current: f64, previous: f64) -> Result<Change> {
        for (name, v) in [("current", current), ("previous", previous)] {
            if !v.is_finite() {
                return Err(Error::arg(name, format!("{v} is not a finite number")));
            }
        }
        Ok(Change::of(current, previous))
    }

    /// Both finite (checked by the callers).
    pub(crate) fn of(current: f64, previous: f64) -> Change {
        if previous == 0.0 {
            Change::FromZero
        } else {
            let pct = (current - previous) / previous * 100.0;
            if pct.is_finite() {
                Change::Percent(pct)
            } else {
                Change::NotComparable
            }
        }
    }

    /// The unrounded percentage, when defined.
    pub fn pct(self) -> Option<f64> {
        match self {
            Change::Percent(p) => Some(p),
            Change::FromZero | Change::NotComparable => None,
        }
    }

    /// The percentage rounded to 1 dp as printed ([`round_half_up`]), when defined.
    pub fn rounded_pct(self) -> Option<f64> {
        self.pct().map(|p| round_half_up(p, 1))
    }

    /// Why there is no percentage: `None` when there is one.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Change::Percent(_) => None,
            Change::FromZero => Some("previous figure is 0: % change undefined"),
            Change::NotComparable => Some("not comparable: a figure is missing or incomplete"),
        }
    }
}

impl fmt::Display for Change {
    /// `+3.0%`, `-83.3%`, `0.0%`, or `n/a` when undefined.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rounded_pct() {
            Some(p) if p > 0.0 => write!(f, "+{p:.1}%"),
            Some(p) => write!(f, "{p:.1}%"),
            None => f.write_str("n/a"),
        }
    }
}

/// The change between two bare values and, for counts, its significance: what a
/// [`super::Delta`] holds once both figures are known.
///
/// # Examples
/// ```
/// use outreach::kpi::{Unit, ValueChange};
/// # fn main() -> outreach::Result<()> {
/// let robbery = ValueChange::between(1.0, 6.0, Unit::Count)?;
/// assert_eq!(robbery.change.to_string(), "-83.3%");
/// assert!((robbery.p_value.unwrap() - 0.125).abs() < 1e-12);
/// assert_eq!(ValueChange::between(83.0, 80.0, Unit::Percent)?.p_value, None);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueChange {
    /// The change from `previous` to `current`.
    pub change: Change,
    /// [`poisson_p_value`] when the unit is [`Unit::Count`] and both values are whole
    /// numbers of 0 or more; `None` otherwise.
    pub p_value: Option<f64>,
}

impl ValueChange {
    /// Compares `current` with `previous`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a value is not finite.
    pub fn between(current: f64, previous: f64, unit: Unit) -> Result<ValueChange> {
        let change = Change::between(current, previous)?;
        // 2^53: beyond it not every whole number is representable.
        let whole = |v: f64| (0.0..=9.0e15).contains(&v) && v.fract() == 0.0;
        let p_value = (unit == Unit::Count && whole(current) && whole(previous))
            .then(|| poisson_p_value(current as u64, previous as u64));
        Ok(ValueChange { change, p_value })
    }
}

/// Two-sided p-value of the exact conditional test that two Poisson counts over equal
/// exposures (the same number of months) have the same rate.
///
/// Given `n = current + previous` events, under equal rates `current` is
/// Binomial(n, ½); the p-value is the probability of a split at least as uneven as the one
/// observed, `min(1, 2 · P(X ≤ min(current, previous)))`. It is exact (no normal
/// approximation), so it stays honest for the small counts of a ward or a rare crime type:
/// robbery 6 → 1 gives p = 0.125, not significant at 5% despite "−83%".
///
/// # Performance
/// O(min(current, previous)) after an O(1) start; 10⁵ events take well under a millisecond.
///
/// # Examples
/// ```
/// use outreach::kpi::poisson_p_value;
/// assert!((poisson_p_value(1, 6) - 0.125).abs() < 1e-12);
/// assert_eq!(poisson_p_value(5, 5), 1.0);
/// assert!(poisson_p_value(215, 280) < 0.01);
/// ```
pub fn poisson_p_value(current: u64, previous: u64) -> f64 {
    let n = current + previous;
    let k = current.min(previous);
    if 2 * k == n {
        return 1.0;
    }
    // ln P(X = k) for X ~ Binomial(n, 1/2), then walk down to 0: each earlier term is the
    // later one times j / (n - j + 1), so sum relative to P(X = k) (the largest, k < n/2).
    let ln_pk = ln_choose(n, k) - n as f64 * std::f64::consts::LN_2;
    let mut term = 1.0f64;
    let mut sum = 1.0f64;
    let mut j = k;
    while j > 0 {
        term *= j as f64 / (n - j + 1) as f64;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
        j -= 1;
    }
    (2.0 * (ln_pk + sum.ln()).exp()).min(1.0)
}

/// ln C(n, k), through ln Γ.
fn ln_choose(n: u64, k: u64) -> f64 {
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// ln Γ(x) for x ≥ 1 (Lanczos, g = 7, n = 9; relative error below 1e-14).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact binomial tail by summing exact rationals (small n only).
    fn reference(current: u64, previous: u64) -> f64 {
        let n = current + previous;
        let k = current.min(previous);
        let mut c = 1.0f64; // C(n, 0)
        let mut tail = 0.0;
        for j in 0..=k {
            if j > 0 {
                c = c * (n - j + 1) as f64 / j as f64;
            }
            tail += c;
        }
        (2.0 * tail / 2f64.powi(n as i32)).min(1.0)
    }

    #[test]
    fn p_values_match_the_exact_sum() {
        for (c, p) in [
            (6, 1),
            (1, 6),
            (44, 61),
            (0, 9),
            (0, 0),
            (3, 4),
            (215, 280),
            (500, 430),
        ] {
            let got = poisson_p_value(c, p);
            let want = reference(c, p);
            assert!(
                (got - want).abs() <= 1e-10 * want.max(1e-300),
                "{c} {p}: {got} vs {want}"
            );
        }
        // Large counts stay finite and sensible.
        let p = poisson_p_value(150_000, 151_000);
        assert!(p > 0.05 && p < 1.0, "{p}");
        assert!(poisson_p_value(10_000, 12_000) < 1e-20);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_up(2.9724, 1), 3.0);
        assert_eq!(round_half_up(-23.214, 1), -23.2);
        assert_eq!(round_half_up(0.05, 1), 0.1);
        assert_eq!(round_half_up(-0.04, 1), 0.0);
        assert_eq!(round_half_up(12.5, 0), 13.0);
        assert_eq!(round_half_up(1e300, 1), 1e300);
        assert!(Change::between(1.0, 1e-300)
            .unwrap()
            .rounded_pct()
            .unwrap()
            .is_finite());
        assert_eq!(Change::between(1000.0, 1000.4).unwrap().to_string(), "0.0%");
        assert!(Change::between(f64::NAN, 1.0).is_err());
    }
}
