//! Indicators: unit, polarity, target and the RAG rule.

use std::fmt;
use std::str::FromStr;

use super::period::Span;
use crate::error::{Error, Result};

/// What an indicator measures, which decides how its values combine over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Events counted (crimes, fires, checks delivered). Additive: a quarter is the sum of
    /// its months and a year to date the sum of its months; year-on-year changes of whole
    /// counts get a Poisson significance test.
    Count,
    /// A percentage (0-100), e.g. of vulnerable households given a home fire safety check.
    /// Not additive: a period's value is the one entered for exactly that period.
    Percent,
    /// Any other level (a rate, an average, an amount). Not additive, like `Percent`.
    Number,
}

impl Unit {
    /// Whether values add up over time (only [`Unit::Count`]).
    pub fn is_additive(self) -> bool {
        self == Unit::Count
    }

    /// `count`, `percent` or `number`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Number => "number",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Unit {
    type Err = Error;

    /// `count`, `percent` (or `%`) or `number`, any case.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "count" | "n" => Ok(Unit::Count),
            "percent" | "%" | "pct" | "percentage" => Ok(Unit::Percent),
            "number" | "rate" | "level" => Ok(Unit::Number),
            _ => Err(Error::arg(
                "unit",
                format!("{s:?}: use count, percent or number"),
            )),
        }
    }
}

/// Which direction is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// More is better (e.g. % of vulnerable households given a fire safety check).
    HigherIsBetter,
    /// Less is better (e.g. accidental dwelling fires, crimes).
    LowerIsBetter,
}

impl Polarity {
    /// `higher` or `lower`: the word a report prints in its "better" column.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher",
            Polarity::LowerIsBetter => "lower",
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Polarity {
    type Err = Error;

    /// `higher` / `lower` (also `higher_is_better`, `high`, `up`, `+` and their opposites),
    /// any case.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match t.as_str() {
            "higher" | "higher_is_better" | "high" | "up" | "+" | "max" => {
                Ok(Polarity::HigherIsBetter)
            }
            "lower" | "lower_is_better" | "low" | "down" | "-" | "min" => {
                Ok(Polarity::LowerIsBetter)
            }
            _ => Err(Error::arg(
                "polarity",
                format!("{s:?}: use higher or lower"),
            )),
        }
    }
}

/// Red / amber / green status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rag {
    /// Off target by more than the tolerance.
    Red,
    /// Off target, but within the tolerance.
    Amber,
    /// On or better than target.
    Green,
}

impl Rag {
    /// `Red`, `Amber` or `Green`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rag {
    type Err = Error;

    /// `red`/`r`, `amber`/`a`, `green`/`g`, any case.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "red" | "r" => Ok(Rag::Red),
            "amber" | "a" => Ok(Rag::Amber),
            "green" | "g" => Ok(Rag::Green),
            _ => Err(Error::arg("rag", format!("{s:?}: use red, amber or green"))),
        }
    }
}

/// How an annual target is spread over the year.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Profile {
    Even,
    Quarterly([f64; 4]),
    Monthly([f64; 12]),
}

/// A target for a financial year, optionally profiled by quarter or month.
///
/// For a [`Unit::Count`] indicator the target for part of a year is the sum of the profile
/// over its months: a quarterly profile is split evenly over the quarter's months, and
/// without a profile the annual target is spread evenly (1/12 a month), so a target of 64
/// fires a year is 32 at the end of September. For a level ([`Unit::Percent`],
/// [`Unit::Number`]) the target for a span is the profile's value for the span's last
/// month (the quarter's value for a quarterly profile), or the annual target.
///
/// # Examples
/// ```
/// use outreach::kpi::{Period, Target, Unit};
/// # fn main() -> outreach::Result<()> {
/// let fires = Target::annual(64.0)?;
/// let ytd = "2011-Q2".parse::<Period>()?.year_to_date();
/// assert_eq!(fires.for_span(ytd, Unit::Count), 32.0);
/// let profiled = Target::annual(64.0)?.with_quarterly_profile([20.0, 12.0, 16.0, 16.0])?;
/// assert_eq!(profiled.for_span(ytd, Unit::Count), 32.0);
/// assert_eq!(profiled.for_span("2011-Q1".parse::<Period>()?.span(), Unit::Count), 20.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    annual: f64,
    profile: Profile,
}

fn finite(name: &'static str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Error::arg(name, format!("{v} is not a finite number")))
    }
}

impl Target {
    /// An annual target, spread evenly over the months for counts.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the value is not finite.
    pub fn annual(value: f64) -> Result<Self> {
        Ok(Target {
            annual: finite("target", value)?,
            profile: Profile::Even,
        })
    }

    /// Profiles the target by financial quarter (Q1 = April-June): for counts, the
    /// quarter's share of the year; for levels, the level to reach in that quarter.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a value is not finite.
    pub fn with_quarterly_profile(mut self, quarters: [f64; 4]) -> Result<Self> {
        for q in quarters {
            finite("profile", q)?;
        }
        self.profile = Profile::Quarterly(quarters);
        Ok(self)
    }

    /// Profiles the target by month, April first.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a value is not finite.
    pub fn with_monthly_profile(mut self, months: [f64; 12]) -> Result<Self> {
        for m in months {
            finite("profile", m)?;
        }
        self.profile = Profile::Monthly(months);
        Ok(self)
    }

    /// The annual target as given.
    pub fn annual_value(&self) -> f64 {
        self.annual
    }

    /// Whether the target has a quarterly or monthly profile.
    pub fn is_profiled(&self) -> bool {
        self.profile != Profile::Even
    }

    /// The target for a span of months of one financial year (see the type's docs). A span
    /// running over several financial years uses each month's position in its own year.
    pub fn for_span(&self, span: Span, unit: Unit) -> f64 {
        // Position 0-11 of a month in its financial year (April = 0).
        let slot = |m: super::Month| ((m.month() + 8) % 12) as usize;
        if unit.is_additive() {
            // Months of the span per slot, then one multiplication per slot: 64 × 6 / 12
            // is exactly 32, where adding six twelfths of 64 is not.
            let mut per_slot = [0u32; 12];
            for m in span.months() {
                per_slot[slot(m)] += 1;
            }
            match self.profile {
                Profile::Even => self.annual * f64::from(span.len()) / 12.0,
                Profile::Quarterly(q) => (0..4)
                    .map(|i| {
                        let n: u32 = per_slot[3 * i..3 * i + 3].iter().sum();
                        if n == 0 {
                            0.0
                        } else {
                            q[i] * f64::from(n) / 3.0
                        }
                    })
                    .sum(),
                Profile::Monthly(v) => (0..12).map(|i| v[i] * f64::from(per_slot[i])).sum(),
            }
        } else {
            let m = span.last();
            match self.profile {
                Profile::Even => self.annual,
                Profile::Quarterly(q) => q[slot(m) / 3],
                Profile::Monthly(v) => v[slot(m)],
            }
        }
    }
}

/// Default amber band: within 5% of the target.
pub const DEFAULT_TOLERANCE_PCT: f64 = 5.0;

/// A performance indicator: a name, a unit, which direction is good, and optionally a
/// target with a tolerance for the amber band.
///
/// # Examples
/// ```
/// use outreach::kpi::{Indicator, Polarity, Rag, Target, Unit};
/// # fn main() -> outreach::Result<()> {
/// let fires = Indicator::new("Accidental dwelling fires", Unit::Count)
///     .with_polarity(Polarity::LowerIsBetter)
///     .with_target(Target::annual(64.0)?);
/// assert_eq!(fires.rag(27.0, 32.0), Some(Rag::Green));
/// assert_eq!(fires.rag(33.0, 32.0), Some(Rag::Amber)); // within 5% of 32
/// assert_eq!(fires.rag(34.0, 32.0), Some(Rag::Red));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    name: String,
    unit: Unit,
    polarity: Option<Polarity>,
    target: Option<Target>,
    tolerance_pct: f64,
}

impl Indicator {
    /// An indicator without polarity or target (no RAG) and the default 5% tolerance.
    pub fn new(name: impl Into<String>, unit: Unit) -> Self {
        Indicator {
            name: name.into(),
            unit,
            polarity: None,
            target: None,
            tolerance_pct: DEFAULT_TOLERANCE_PCT,
        }
    }

    /// Sets which direction is good.
    pub fn with_polarity(mut self, polarity: Polarity) -> Self {
        self.polarity = Some(polarity);
        self
    }

    /// Sets the target.
    pub fn with_target(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    /// Sets the amber band: a value off target by at most `pct` percent of the target is
    /// amber rather than red. 0 makes every miss red.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `pct` is negative or not finite.
    pub fn with_tolerance_pct(mut self, pct: f64) -> Result<Self> {
        if !pct.is_finite() || pct < 0.0 {
            return Err(Error::arg(
                "tolerance_pct",
                format!("{pct} is not a percentage of 0 or more"),
            ));
        }
        self.tolerance_pct = pct;
        Ok(self)
    }

    /// The name, as matched against observations.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The unit.
    pub fn unit(&self) -> Unit {
        self.unit
    }

    /// Which direction is good, when known.
    pub fn polarity(&self) -> Option<Polarity> {
        self.polarity
    }

    /// The target, when set.
    pub fn target(&self) -> Option<&Target> {
        self.target.as_ref()
    }

    /// The amber band in percent of the target.
    pub fn tolerance_pct(&self) -> f64 {
        self.tolerance_pct
    }

    /// The RAG status of `actual` against `target` (both for the same span): green when on
    /// or better than target given the polarity, amber when worse by no more than the
    /// tolerance (a percentage of the target's size), red otherwise. `None` when the
    /// indicator has no polarity or a value is not finite.
    pub fn rag(&self, actual: f64, target: f64) -> Option<Rag> {
        rag(actual, target, self.polarity?, self.tolerance_pct).ok()
    }
}

/// The RAG rule on its own (see [`Indicator::rag`]).
///
/// Comparisons allow a relative slack of 1e-9 so that a value equal to its target after
/// decimal arithmetic (0.1 + 0.2 against 0.3) counts as on target.
///
/// # Errors
/// [`Error::InvalidArgument`] when a value is not finite or the tolerance is negative.
///
/// # Examples
/// ```
/// use outreach::kpi::{rag, Polarity, Rag};
/// # fn main() -> outreach::Result<()> {
/// assert_eq!(rag(27.0, 32.0, Polarity::LowerIsBetter, 5.0)?, Rag::Green);
/// assert_eq!(rag(27.0, 32.0, Polarity::HigherIsBetter, 5.0)?, Rag::Red);
/// assert!(rag(f64::NAN, 32.0, Polarity::LowerIsBetter, 5.0).is_err());
/// # Ok(())
/// # }
/// ```
pub fn rag(actual: f64, target: f64, polarity: Polarity, tolerance_pct: f64) -> Result<Rag> {
    for (name, v) in [("actual", actual), ("target", target)] {
        finite(name, v)?;
    }
    if !tolerance_pct.is_finite() || tolerance_pct < 0.0 {
        return Err(Error::arg(
            "tolerance_pct",
            format!("{tolerance_pct} is not a percentage of 0 or more"),
        ));
    }
    let slack = 1e-9 * actual.abs().max(target.abs()).max(1.0);
    // How much worse than target, in the indicator's own units (positive = worse).
    let shortfall = match polarity {
        Polarity::HigherIsBetter => target - actual,
        Polarity::LowerIsBetter => actual - target,
    };
    let band = target.abs() * tolerance_pct / 100.0;
    Ok(if shortfall <= slack {
        Rag::Green
    } else if shortfall <= band + slack {
        Rag::Amber
    } else {
        Rag::Red
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::Period;

    #[test]
    fn rag_respects_polarity_and_tolerance() {
        use Polarity::*;
        let r = |a, t, p, tol| rag(a, t, p, tol).ok();
        assert_eq!(r(32.0, 32.0, LowerIsBetter, 5.0), Some(Rag::Green));
        assert_eq!(r(33.6, 32.0, LowerIsBetter, 5.0), Some(Rag::Amber));
        assert_eq!(r(33.7, 32.0, LowerIsBetter, 5.0), Some(Rag::Red));
        assert_eq!(r(90.0, 85.0, HigherIsBetter, 5.0), Some(Rag::Green));
        assert_eq!(r(80.75, 85.0, HigherIsBetter, 5.0), Some(Rag::Amber));
        assert_eq!(r(80.0, 85.0, HigherIsBetter, 5.0), Some(Rag::Red));
        assert_eq!(r(1.0, 0.0, LowerIsBetter, 5.0), Some(Rag::Red));
        assert_eq!(r(0.1 + 0.2, 0.3, LowerIsBetter, 0.0), Some(Rag::Green));
        assert_eq!(r(f64::NAN, 1.0, LowerIsBetter, 5.0), None);
        assert_eq!(r(1.0, 1.0, LowerIsBetter, -1.0), None);
    }

    #[test]
    fn level_targets_follow_the_profile() {
        let t = Target::annual(85.0)
            .unwrap()
            .with_quarterly_profile([70.0, 75.0, 80.0, 85.0])
            .unwrap();
        let q3 = "2011-Q3".parse::<Period>().unwrap();
        assert_eq!(t.for_span(q3.span(), Unit::Percent), 80.0);
        assert_eq!(t.for_span(q3.year_to_date(), Unit::Percent), 80.0);
        assert_eq!(
            Target::annual(85.0)
                .unwrap()
                .for_span(q3.span(), Unit::Percent),
            85.0
        );
        let monthly = Target::annual(12.0)
            .unwrap()
            .with_monthly_profile([1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 6.0])
            .unwrap();
        assert_eq!(monthly.for_span(q3.year_to_date(), Unit::Count), 6.0);
        let q4 = "2011-Q4".parse::<Period>().unwrap();
        assert_eq!(monthly.for_span(q4.span(), Unit::Count), 6.0);
        assert_eq!(monthly.for_span(q4.span(), Unit::Number), 6.0);
    }

    #[test]
    fn parse_words() {
        assert_eq!(
            "Lower".parse::<Polarity>().unwrap(),
            Polarity::LowerIsBetter
        );
        assert_eq!(
            "higher_is_better".parse::<Polarity>().unwrap(),
            Polarity::HigherIsBetter
        );
        assert!("sideways".parse::<Polarity>().is_err());
        assert_eq!("G".parse::<Rag>().unwrap(), Rag::Green);
        assert_eq!("%".parse::<Unit>().unwrap(), Unit::Percent);
        assert!(Target::annual(f64::INFINITY).is_err());
        assert!(Indicator::new("x", Unit::Count)
            .with_tolerance_pct(-1.0)
            .is_err());
    }
}
