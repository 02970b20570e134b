//! Comparisons: a period against the same period last year, year to date against the same
//! point last year, and rolling twelve months; targets and RAG.

use super::change::{Change, ValueChange};
use super::indicator::{Indicator, Polarity, Rag, Unit};
use super::observe::{Figure, Observations};
use super::period::{Period, Span};
use crate::area::AreaCode;

/// A figure for a span against the same span twelve months earlier.
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    /// The months compared.
    pub span: Span,
    /// The figure for `span`.
    pub current: Figure,
    /// The figure for the same months a year earlier.
    pub previous: Figure,
    /// The change; [`Change::NotComparable`] unless both figures are complete.
    pub change: Change,
    /// Two-sided p-value of [`super::poisson_p_value`] when the indicator is a
    /// [`Unit::Count`] and both figures are complete whole numbers; `None` otherwise.
    pub p_value: Option<f64>,
}

impl Delta {
    /// Compares two figures of a span and the same span a year earlier.
    pub fn new(span: Span, current: Figure, previous: Figure, unit: Unit) -> Delta {
        let compared = match (current.value(), previous.value()) {
            (Some(c), Some(p)) => ValueChange::between(c, p, unit).ok(),
            _ => None,
        };
        let (change, p_value) =
            compared.map_or((Change::NotComparable, None), |v| (v.change, v.p_value));
        Delta {
            span,
            current,
            previous,
            change,
            p_value,
        }
    }

    /// Whether the change is statistically significant at level `alpha` (e.g. 0.05);
    /// `None` when no test applies (not counts, or a figure is missing).
    pub fn is_significant(&self, alpha: f64) -> Option<bool> {
        self.p_value.map(|p| p < alpha)
    }

    /// Why there is no % change, e.g. `current incomplete: no data for 2020-06` or
    /// `previous figure is 0: % change undefined`; `None` when there is one.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        for (label, figure) in [("current", &self.current), ("previous", &self.previous)] {
            if let Some(reason) = figure.reason() {
                parts.push(format!("{label} {reason}"));
            }
        }
        if parts.is_empty() {
            if let Change::FromZero = self.change {
                parts.push(Change::FromZero.reason().unwrap_or_default().to_string());
            }
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Which figure a RAG status was judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The year to date (counts).
    YearToDate,
    /// The period itself (levels, whose year to date is not a sum of periods).
    Period,
}

/// An indicator's performance against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// What was judged: year to date for counts, the period for levels.
    pub basis: Basis,
    /// The annual target as given.
    pub annual_target: f64,
    /// The target for the judged span ([`super::Target::for_span`]).
    pub target: f64,
    /// The judged figure when complete.
    pub actual: Option<f64>,
    /// The status; `None` when the figure is incomplete or missing, or the indicator has
    /// no polarity.
    pub rag: Option<Rag>,
}

/// One indicator (overall or in one area) for one reporting period: the period, the year
/// to date and the rolling twelve months, each against a year earlier, and the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The indicator's name.
    pub indicator: String,
    /// The area, or `None` for the whole partnership area.
    pub area: Option<AreaCode>,
    /// The unit (counts are summed over months; levels are not).
    pub unit: Unit,
    /// Which direction is good, when known.
    pub polarity: Option<Polarity>,
    /// The reporting period.
    pub period: Period,
    /// The period against the same period last year.
    pub period_change: Delta,
    /// April to the period's end, against the same months last year. For a level indicator
    /// only available when the year to date is itself an entered period (Q1, a whole year).
    pub year_to_date: Delta,
    /// The twelve months to the period's end, against the twelve before.
    pub rolling_12_months: Delta,
    /// Performance against target, when the indicator has one.
    pub assessment: Option<Assessment>,
}

impl Comparison {
    /// Every reason a figure of this row could not be compared or judged, joined with
    /// `; `, e.g. `ytd: previous incomplete: no data for 2020-06`. `None` when the period,
    /// year-to-date and target figures are all complete and defined.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(n) = self.period_change.note() {
            parts.push(n);
        }
        if let Some(n) = self.year_to_date.note() {
            if self.year_to_date.span != self.period.span() {
                parts.push(format!("ytd: {n}"));
            }
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

impl Observations {
    /// Compares one indicator (overall, or in `area`) for `period`.
    ///
    /// The RAG status is judged on the year to date for counts and on the period itself
    /// for levels, against the target for that span, and only on complete figures.
    ///
    /// # Examples
    /// ```
    /// use outreach::kpi::{Indicator, Observations, Polarity, Rag, Target, Unit};
    /// # fn main() -> outreach::Result<()> {
    /// let mut obs = Observations::new();
    /// obs.insert("Accidental dwelling fires", None, "2011-Q1".parse()?, 15.0)?;
    /// obs.insert("Accidental dwelling fires", None, "2011-Q2".parse()?, 12.0)?;
    /// obs.insert("Accidental dwelling fires", None, "2010-Q1".parse()?, 17.0)?;
    /// obs.insert("Accidental dwelling fires", None, "2010-Q2".parse()?, 14.0)?;
    /// let fires = Indicator::new("Accidental dwelling fires", Unit::Count)
    ///     .with_polarity(Polarity::LowerIsBetter)
    ///     .with_target(Target::annual(64.0)?);
    /// let row = obs.compare(&fires, None, "2011-Q2".parse()?);
    /// assert_eq!(row.period_change.change.to_string(), "-14.3%");
    /// assert_eq!(row.year_to_date.current.value(), Some(27.0));
    /// assert_eq!(row.year_to_date.change.to_string(), "-12.9%");
    /// let judged = row.assessment.unwrap();
    /// assert_eq!((judged.target, judged.rag), (32.0, Some(Rag::Green)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn compare(
        &self,
        indicator: &Indicator,
        area: Option<&AreaCode>,
        period: Period,
    ) -> Comparison {
        let unit = indicator.unit();
        let delta = |span: Span| {
            Delta::new(
                span,
                self.figure(indicator.name(), area, unit, span),
                self.figure(indicator.name(), area, unit, span.year_earlier()),
                unit,
            )
        };
        let period_change = delta(period.span());
        let year_to_date = delta(period.year_to_date());
        let rolling_12_months = delta(period.rolling_12_months());
        let assessment = indicator.target().map(|target| {
            let (basis, judged) = if unit.is_additive() {
                (Basis::YearToDate, &year_to_date)
            } else {
                (Basis::Period, &period_change)
            };
            let span_target = target.for_span(judged.span, unit);
            let actual = judged.current.value();
            Assessment {
                basis,
                annual_target: target.annual_value(),
                target: span_target,
                actual,
                rag: actual.and_then(|a| indicator.rag(a, span_target)),
            }
        });
        Comparison {
            indicator: indicator.name().to_string(),
            area: area.cloned(),
            unit,
            polarity: indicator.polarity(),
            period,
            period_change,
            year_to_date,
            rolling_12_months,
            assessment,
        }
    }

    /// Compares every series for `period`, in series order. A series whose indicator is
    /// not in `indicators` is treated as a plain count (no polarity, no target).
    pub fn compare_all(&self, indicators: &[Indicator], period: Period) -> Vec<Comparison> {
        self.keys()
            .iter()
            .map(|key| {
                let default;
                let indicator = match indicators.iter().find(|i| i.name() == key.indicator) {
                    Some(i) => i,
                    None => {
                        default = Indicator::new(key.indicator.clone(), Unit::Count);
                        &default
                    }
                };
                self.compare(indicator, key.area.as_ref(), period)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::Target;

    #[test]
    fn level_indicators_are_judged_on_the_period() {
        let mut obs = Observations::new();
        let name = "Vulnerable households given a home fire safety check";
        obs.insert(name, None, "2011-Q2".parse().unwrap(), 83.0)
            .unwrap();
        obs.insert(name, None, "2010-Q2".parse().unwrap(), 80.0)
            .unwrap();
        let hfsc = Indicator::new(name, Unit::Percent)
            .with_polarity(Polarity::HigherIsBetter)
            .with_target(Target::annual(85.0).unwrap());
        let row = obs.compare(&hfsc, None, "2011-Q2".parse().unwrap());
        let judged = row.assessment.clone().unwrap();
        assert_eq!(judged.basis, Basis::Period);
        assert_eq!((judged.actual, judged.rag), (Some(83.0), Some(Rag::Amber)));
        assert_eq!(row.period_change.change.to_string(), "+3.8%");
        assert_eq!(row.period_change.p_value, None);
        // A percentage has no year to date unless entered: said so, not summed.
        assert_eq!(row.year_to_date.current, Figure::Missing);
        assert_eq!(
            row.note().as_deref(),
            Some("ytd: current not available; previous not available")
        );
    }

    #[test]
    fn incomplete_figures_get_no_change_and_no_rag() {
        let mut obs = Observations::new();
        for (p, v) in [
            ("2011-04", 5.0),
            ("2011-05", 4.0),
            ("2010-04", 6.0),
            ("2010-05", 0.0),
            ("2010-06", 3.0),
        ] {
            obs.insert("Fires", None, p.parse().unwrap(), v).unwrap();
        }
        let fires = Indicator::new("Fires", Unit::Count)
            .with_polarity(Polarity::LowerIsBetter)
            .with_target(Target::annual(64.0).unwrap());
        let row = obs.compare(&fires, None, "2011-Q1".parse().unwrap());
        assert_eq!(row.period_change.change, Change::NotComparable);
        assert_eq!(row.period_change.p_value, None);
        let judged = row.assessment.unwrap();
        assert_eq!((judged.actual, judged.rag), (None, None));
        assert_eq!(
            row.period_change.note().as_deref(),
            Some("current incomplete: no data for 2011-06")
        );
        let may = obs.compare(&fires, None, "2011-05".parse().unwrap());
        assert_eq!(may.period_change.change, Change::FromZero);
        assert_eq!(
            may.period_change.note().as_deref(),
            Some("previous figure is 0: % change undefined")
        );
        assert_eq!(may.period_change.change.to_string(), "n/a");
    }
}
