//! Observations: values of indicators by period (and optionally by area), entered or
//! counted from raw records, and the figure for any span of months.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::period::{Month, Period, Span};
use super::Unit;
use crate::area::AreaCode;
use crate::error::{Error, Result};

/// The value of an indicator over a span of months, as far as the observations tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Every month of the span is observed.
    Complete(f64),
    /// Some months of the span have no observation: `observed` sums the others. Never
    /// compared: a quarter with a missing month is not "down 33%".
    Incomplete {
        /// The sum over the observed months.
        observed: f64,
        /// The months without an observation, in order.
        missing: Vec<Month>,
    },
    /// Nothing is observed for the span (or, for a level indicator, no value was entered
    /// for exactly this span).
    Missing,
}

impl Figure {
    /// The value when complete.
    pub fn value(&self) -> Option<f64> {
        match self {
            Figure::Complete(v) => Some(*v),
            Figure::Incomplete { .. } | Figure::Missing => None,
        }
    }

    /// Whether the figure is complete.
    pub fn is_complete(&self) -> bool {
        matches!(self, Figure::Complete(_))
    }

    /// Why the figure has no value, e.g. `incomplete: no data for 2020-06, 2020-08`;
    /// `None` when complete.
    pub fn reason(&self) -> Option<String> {
        match self {
            Figure::Complete(_) => None,
            Figure::Incomplete { missing, .. } => Some(format!(
                "incomplete: no data for {}",
                missing
                    .iter()
                    .map(|m| m.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Figure::Missing => Some("not available".into()),
        }
    }
}

/// One raw record to be counted: an event in a month, of a category (the indicator), in an
/// area when known. police.uk street-level rows become records with
/// [`crate::io::read_police_uk`]; any other source (fire incidents, referrals) can be mapped
/// to records by the caller. To count by ward, set `area` to the record's ward (e.g. through
/// an LSOA → ward lookup) before counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The month of the event.
    pub month: Month,
    /// What kind of event: becomes the indicator name (e.g. `Burglary`).
    pub category: String,
    /// Where, when known.
    pub area: Option<AreaCode>,
}

/// How [`Observations::count_records`] turns records into counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountOptions {
    /// Name of an extra indicator counting all records, e.g. `All crime`; none when `None`.
    pub total: Option<String>,
    /// Categories left out of the total (they keep their own indicator).
    pub excluded_from_total: Vec<String>,
    /// Also count per area (series with `Some(area)`); records without an area then count
    /// only in the overall series.
    pub by_area: bool,
}

impl CountOptions {
    /// police.uk conventions: a total `All crime` that leaves out `Anti-social behaviour`
    /// (ASB incidents are not notifiable crimes and police.uk publishes them beside, not
    /// among, recorded crime); no per-area series.
    pub fn police_uk() -> Self {
        CountOptions {
            total: Some("All crime".into()),
            excluded_from_total: vec!["Anti-social behaviour".into()],
            by_area: false,
        }
    }

    /// The same options counting per area as well.
    pub fn by_area(mut self, yes: bool) -> Self {
        self.by_area = yes;
        self
    }
}

/// A series: one indicator, overall (`area == None`) or for one area.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeriesKey {
    /// The indicator's name.
    pub indicator: String,
    /// The area, or `None` for the whole partnership area.
    pub area: Option<AreaCode>,
}

/// Values of indicators by period: entered one by one, read from a CSV
/// ([`crate::kpi::read_observations`]) or counted from raw records.
///
/// Values may be entered for months, financial quarters or financial years, mixed. The
/// figure for a span (a quarter, a year to date, twelve rolling months) is, for a
/// [`Unit::Count`] indicator, the sum of entered values covering the span — longest entry
/// first, so a quarter entered as a whole wins over its months — with every uncovered month
/// listed as missing; for a level indicator it is the value entered for exactly that span.
///
/// Series keep the order in which they were first seen.
///
/// # Examples
/// ```
/// use outreach::kpi::{Figure, Observations, Period, Unit};
/// # fn main() -> outreach::Result<()> {
/// let mut obs = Observations::new();
/// obs.insert("Burglary", None, "2011-07".parse()?, 20.0)?;
/// obs.insert("Burglary", None, "2011-08".parse()?, 25.0)?;
/// let q2: Period = "2011-Q2".parse()?;
/// match obs.figure("Burglary", None, Unit::Count, q2.span()) {
///     Figure::Incomplete { observed, missing } => {
///         assert_eq!(observed, 45.0);
///         assert_eq!(missing[0].to_string(), "2011-09");
///     }
///     other => panic!("{other:?}"),
/// }
/// obs.insert("Burglary", None, "2011-09".parse()?, 16.0)?;
/// assert_eq!(obs.figure("Burglary", None, Unit::Count, q2.span()), Figure::Complete(61.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Observations {
    keys: Vec<SeriesKey>,
    index: HashMap<SeriesKey, usize>,
    values: Vec<BTreeMap<Span, f64>>,
}

impl Observations {
    /// No observations.
    pub fn new() -> Self {
        Self::default()
    }

    fn series_mut(&mut self, indicator: &str, area: Option<&AreaCode>) -> &mut BTreeMap<Span, f64> {
        let key = SeriesKey {
            indicator: indicator.to_string(),
            area: area.cloned(),
        };
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.keys.len();
                self.keys.push(key.clone());
                self.index.insert(key, i);
                self.values.push(BTreeMap::new());
                i
            }
        };
        &mut self.values[i]
    }

    fn series(&self, indicator: &str, area: Option<&AreaCode>) -> Option<&BTreeMap<Span, f64>> {
        let key = SeriesKey {
            indicator: indicator.to_string(),
            area: area.cloned(),
        };
        self.index.get(&key).map(|&i| &self.values[i])
    }

    /// Records `value` for `indicator` (in `area`, or overall) in `period`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the indicator name is empty, the value is not
    /// finite, or a value is already recorded for the same indicator, area and period.
    pub fn insert(
        &mut self,
        indicator: &str,
        area: Option<AreaCode>,
        period: Period,
        value: f64,
    ) -> Result<()> {
        let name = indicator.trim();
        if name.is_empty() {
            return Err(Error::arg("indicator", "empty indicator name"));
        }
        if !value.is_finite() {
            return Err(Error::arg(
                "value",
                format!("{value} is not a finite number"),
            ));
        }
        let series = self.series_mut(name, area.as_ref());
        if let Some(old) = series.get(&period.span()) {
            return Err(Error::arg(
                "period",
                format!("{name} already has a value for {period} ({old})"),
            ));
        }
        series.insert(period.span(), value);
        Ok(())
    }

    /// The value entered for exactly this indicator, area and period.
    pub fn get(&self, indicator: &str, area: Option<&AreaCode>, period: Period) -> Option<f64> {
        self.series(indicator, area)?.get(&period.span()).copied()
    }

    /// The series (indicator, area) in the order first seen.
    pub fn keys(&self) -> &[SeriesKey] {
        &self.keys
    }

    /// The number of series.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no series.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The figure for `span` (see the type's docs for how values combine).
    pub fn figure(
        &self,
        indicator: &str,
        area: Option<&AreaCode>,
        unit: Unit,
        span: Span,
    ) -> Figure {
        let Some(series) = self.series(indicator, area) else {
            return Figure::Missing;
        };
        if !unit.is_additive() {
            return series
                .get(&span)
                .map_or(Figure::Missing, |&v| Figure::Complete(v));
        }
        let last = span.last();
        let (mut total, mut any) = (0.0, false);
        let mut missing = Vec::new();
        let mut m = span.first();
        while m <= last {
            // Entries starting at `m`, longest first, that end inside the span.
            let start = Span::between(m, m).ok();
            let found = start.and_then(|s| {
                series
                    .range(s..)
                    .take_while(|(k, _)| k.first() == m)
                    .filter(|(k, _)| k.last() <= last)
                    .last()
            });
            match found {
                Some((k, v)) => {
                    total += v;
                    any = true;
                    m = k.last().plus(1);
                }
                None => {
                    missing.push(m);
                    m = m.plus(1);
                }
            }
        }
        match (any, missing.is_empty()) {
            (_, true) => Figure::Complete(total),
            (true, false) => Figure::Incomplete {
                observed: total,
                missing,
            },
            (false, false) => Figure::Missing,
        }
    }

    /// Counts records by month and category (and area, with
    /// [`CountOptions::by_area`]).
    ///
    /// A month in which no record at all falls is taken as not covered by the source
    /// (police.uk files for a month are all or nothing) and is left without observations,
    /// so spans that include it are [`Figure::Incomplete`]. In every covered month each
    /// category (and area) gets a count, 0 when it had no record: zero crimes is data, a
    /// missing month is not.
    ///
    /// Series come in this order: the total (when asked for), then categories by name;
    /// with areas, the overall series first, then each area (by code) in the same order.
    pub fn count_records(records: &[Record], options: &CountOptions) -> Self {
        let months: BTreeSet<Month> = records.iter().map(|r| r.month).collect();
        let categories: BTreeSet<&str> = records.iter().map(|r| r.category.as_str()).collect();
        let mut names: Vec<&str> = options.total.as_deref().into_iter().collect();
        names.extend(
            categories
                .iter()
                .filter(|c| Some(**c) != options.total.as_deref()),
        );
        let name_index: HashMap<&str, usize> =
            names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let areas: Vec<&AreaCode> = if options.by_area {
            let set: BTreeSet<&AreaCode> = records.iter().filter_map(|r| r.area.as_ref()).collect();
            set.into_iter().collect()
        } else {
            Vec::new()
        };
        let area_index: HashMap<&AreaCode, usize> =
            areas.iter().enumerate().map(|(i, a)| (*a, i + 1)).collect();
        let total = options
            .total
            .as_deref()
            .and_then(|t| name_index.get(t).copied());
        // (name, area slot: 0 overall, i + 1 for areas[i], month) -> count.
        let mut counts: HashMap<(usize, usize, Month), u64> = HashMap::new();
        for r in records {
            let Some(&cat) = name_index.get(r.category.as_str()) else {
                continue;
            };
            let counted_in_total = !options.excluded_from_total.contains(&r.category);
            let mut slots = vec![0];
            if let Some(&a) = r.area.as_ref().and_then(|a| area_index.get(a)) {
                slots.push(a);
            }
            for slot in slots {
                *counts.entry((cat, slot, r.month)).or_insert(0) += 1;
                match total {
                    Some(t) if counted_in_total && t != cat => {
                        *counts.entry((t, slot, r.month)).or_insert(0) += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut out = Observations::new();
        let slots = std::iter::once(None).chain(areas.iter().map(|a| Some(*a)));
        for (slot, area) in slots.enumerate() {
            for (i, name) in names.iter().enumerate() {
                let series = out.series_mut(name, area);
                for &m in &months {
                    let n = counts.get(&(i, slot, m)).copied().unwrap_or(0);
                    if let Ok(span) = Span::new(m, 1) {
                        series.insert(span, n as f64);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn rec(month: &str, cat: &str, area: Option<&str>) -> Record {
        Record {
            month: m(month),
            category: cat.into(),
            area: area.map(|a| a.parse().unwrap()),
        }
    }

    #[test]
    fn longest_entry_wins_and_gaps_are_listed() {
        let mut obs = Observations::new();
        let q: Period = "2011-Q1".parse().unwrap();
        obs.insert("Fires", None, q, 30.0).unwrap();
        obs.insert("Fires", None, "2011-04".parse().unwrap(), 99.0)
            .unwrap();
        obs.insert("Fires", None, "2011-07".parse().unwrap(), 5.0)
            .unwrap();
        let ytd = "2011-Q2".parse::<Period>().unwrap().year_to_date();
        assert_eq!(
            obs.figure("Fires", None, Unit::Count, ytd),
            Figure::Incomplete {
                observed: 35.0,
                missing: vec![m("2011-08"), m("2011-09")]
            }
        );
        // A month on its own is still available.
        assert_eq!(
            obs.figure(
                "Fires",
                None,
                Unit::Count,
                Span::new(m("2011-04"), 1).unwrap()
            ),
            Figure::Complete(99.0)
        );
        assert_eq!(
            obs.figure("Fires", None, Unit::Percent, ytd),
            Figure::Missing
        );
        assert_eq!(
            obs.figure("Fires", None, Unit::Percent, q.span()),
            Figure::Complete(30.0)
        );
        assert_eq!(obs.figure("Nope", None, Unit::Count, ytd), Figure::Missing);
        assert!(obs.insert("Fires", None, q, 1.0).is_err());
        assert!(obs.insert(" ", None, q, 1.0).is_err());
        assert!(obs
            .insert("Fires", None, "2011/12".parse().unwrap(), f64::NAN)
            .is_err());
    }

    #[test]
    fn counting_records_knows_zero_from_missing() {
        let records = vec![
            rec("2020-05", "Burglary", Some("E01024951")),
            rec("2020-05", "Anti-social behaviour", Some("E01024951")),
            rec("2020-07", "Robbery", Some("E01024952")),
            rec("2020-07", "Burglary", None),
        ];
        let obs = Observations::count_records(&records, &CountOptions::police_uk().by_area(true));
        let names: Vec<&str> = obs
            .keys()
            .iter()
            .filter(|k| k.area.is_none())
            .map(|k| k.indicator.as_str())
            .collect();
        assert_eq!(
            names,
            ["All crime", "Anti-social behaviour", "Burglary", "Robbery"]
        );
        let span = Span::between(m("2020-05"), m("2020-07")).unwrap();
        let fig = |name: &str, area: Option<&str>| {
            let area: Option<AreaCode> = area.map(|a| a.parse().unwrap());
            obs.figure(name, area.as_ref(), Unit::Count, span)
        };
        let gap = |observed: f64| Figure::Incomplete {
            observed,
            missing: vec![m("2020-06")],
        };
        assert_eq!(fig("All crime", None), gap(3.0));
        assert_eq!(fig("Robbery", None), gap(1.0));
        assert_eq!(fig("Burglary", Some("E01024951")), gap(1.0));
        assert_eq!(fig("All crime", Some("E01024952")), gap(1.0));
        let may = Span::new(m("2020-05"), 1).unwrap();
        assert_eq!(
            obs.figure("Robbery", None, Unit::Count, may),
            Figure::Complete(0.0)
        );
        assert_eq!(obs.len(), 12);
    }
}
