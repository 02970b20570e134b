//! Interventions and outcomes: what each visit offered and what came of it.
//!
//! Records are `(uprn, service, date, outcome)` (read from CSV with
//! [`crate::io::read_interventions`]). From them and a [`Plan`]:
//! - [`uptake`]: delivered / eligible by service, overall and by area;
//! - [`compare_periods`]: outcome counts per service in a period against a baseline period;
//! - [`partner_outcomes`]: outcome counts per partner and service ("smoke alarms fitted",
//!   "flu jabs given");
//! - [`apply_history`]: delivered services as intervention history for targeting rules.
//!
//! ```
//! use outreach::campaign::outcomes::{Date, DateRange, Outcome};
//! # fn main() -> outreach::Result<()> {
//! let week = DateRange::new("2026-10-05".parse()?, "2026-10-09".parse()?)?;
//! assert!(week.contains("2026-10-07".parse()?));
//! assert_eq!("no_access".parse::<Outcome>()?, Outcome::NoAccess);
//! assert!("2026-02-30".parse::<Date>().is_err());
//! # Ok(())
//! # }
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use super::{Campaign, Plan};
use crate::area::AreaSet;
use crate::error::{Error, Result};
use crate::kpi::Month;
use crate::spatial::Assignment;
use crate::table::{Column, Table, Values};
use crate::targeting::Households;
use crate::Uprn;

/// What came of an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Offered (no answer yet).
    Offered,
    /// Accepted, not yet delivered.
    Accepted,
    /// Declined.
    Declined,
    /// Delivered (the check done, the jab given).
    Delivered,
    /// Nobody at home / no access.
    NoAccess,
    /// Referred on to another service.
    Referred,
}

impl Outcome {
    /// Every outcome, in order.
    pub const ALL: [Outcome; 6] = [
        Outcome::Offered,
        Outcome::Accepted,
        Outcome::Declined,
        Outcome::Delivered,
        Outcome::NoAccess,
        Outcome::Referred,
    ];

    /// `offered`, `accepted`, `declined`, `delivered`, `no_access` or `referred`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Offered => "offered",
            Outcome::Accepted => "accepted",
            Outcome::Declined => "declined",
            Outcome::Delivered => "delivered",
            Outcome::NoAccess => "no_access",
            Outcome::Referred => "referred",
        }
    }
}

impl FromStr for Outcome {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == t)
            .ok_or_else(|| {
                Error::arg(
                    "outcome",
                    format!(
                        "{s:?} is not one of offered, accepted, declined, delivered, no_access, referred"
                    ),
                )
            })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// The date, checking the day exists (leap years included).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a month outside 1-12 or a day the month lacks.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(Error::arg("date", format!("month {month} is not 1-12"))),
        };
        if day == 0 || day > days {
            return Err(Error::arg(
                "date",
                format!("{year:04}-{month:02} has no day {day}"),
            ));
        }
        Ok(Date { year, month, day })
    }

    /// The date's month.
    ///
    /// # Errors
    /// Never for a valid date (the month constructor's errors pass through).
    pub fn month(self) -> Result<Month> {
        Month::new(self.year, self.month)
    }
}

impl FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::arg("date", format!("{s:?} is not a YYYY-MM-DD date"));
        let t = s.trim();
        let mut it = t.splitn(3, '-');
        let (y, m, d) = match (it.next(), it.next(), it.next()) {
            (Some(y), Some(m), Some(d)) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                (y, m, d)
            }
            _ => return Err(bad()),
        };
        Date::new(
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Dates from `first` to `last`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First date.
    pub first: Date,
    /// Last date (included).
    pub last: Date,
}

impl DateRange {
    /// The range; errors when `last` is before `first`.
    pub fn new(first: Date, last: Date) -> Result<Self> {
        if last < first {
            return Err(Error::arg("range", format!("{last} is before {first}")));
        }
        Ok(DateRange { first, last })
    }

    /// Whether `d` is in the range.
    pub fn contains(self, d: Date) -> bool {
        self.first <= d && d <= self.last
    }
}

/// One recorded offer and its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intervention {
    /// The household.
    pub uprn: Uprn,
    /// Service name.
    pub service: String,
    /// When.
    pub date: Date,
    /// What came of it.
    pub outcome: Outcome,
}

/// Uptake by service: `service, partner, area, eligible, delivered, uptake`. For each
/// campaign service one row with area `all`, then one per area (by code) when `areas` is
/// given. `eligible` counts the households in the plan offered the service (scheduled or
/// not); `delivered` the distinct ones among them with a `delivered` record of the service
/// dated in `range`; `uptake = delivered / eligible` (empty when nobody is eligible).
/// Records of households or services outside the plan are not counted.
pub fn uptake(
    plan: &Plan,
    records: &[Intervention],
    range: DateRange,
    areas: Option<(&AreaSet, &Assignment)>,
) -> Result<Table> {
    let c = plan.campaign();
    let mut offered: HashMap<(usize, usize), ()> = HashMap::new();
    let mut row_of: HashMap<Uprn, usize> = HashMap::new();
    for (row, uprn, services) in plan
        .visits
        .iter()
        .map(|v| (v.row, v.uprn, &v.services))
        .chain(
            plan.unscheduled
                .iter()
                .map(|u| (u.row, u.uprn, &u.services)),
        )
    {
        row_of.insert(uprn, row);
        for &s in services {
            offered.insert((row, s), ());
        }
    }
    let service_index: HashMap<&str, usize> = c
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.service.as_str(), i))
        .collect();
    let mut delivered: BTreeSet<(usize, usize)> = BTreeSet::new();
    for r in records {
        if r.outcome != Outcome::Delivered || !range.contains(r.date) {
            continue;
        }
        let (Some(&s), Some(row)) = (
            service_index.get(r.service.as_str()),
            row_of.get(&r.uprn).copied(),
        ) else {
            continue;
        };
        if offered.contains_key(&(row, s)) {
            delivered.insert((row, s));
        }
    }
    let area_of = |row: usize| -> Option<String> {
        let (set, a) = areas?;
        a.area(row).map(|x| set.code(x).to_string())
    };
    // (service, area) -> (eligible, delivered); area None = all.
    let mut counts: BTreeMap<(usize, Option<String>), (u64, u64)> = BTreeMap::new();
    for s in 0..c.services.len() {
        counts.insert((s, None), (0, 0));
    }
    for &(row, s) in offered.keys() {
        let hit = u64::from(delivered.contains(&(row, s)));
        let e = counts.entry((s, None)).or_default();
        e.0 += 1;
        e.1 += hit;
        if areas.is_some() {
            let e = counts
                .entry((s, Some(area_of(row).unwrap_or_default())))
                .or_default();
            e.0 += 1;
            e.1 += hit;
        }
    }
    let rows: Vec<_> = counts.into_iter().collect();
    let mut t = Table::new();
    t.push(text(
        "service",
        rows.iter()
            .map(|((s, _), _)| c.services[*s].service.clone()),
    ))?;
    t.push(text(
        "partner",
        rows.iter()
            .map(|((s, _), _)| c.services[*s].partner.clone()),
    ))?;
    t.push(text(
        "area",
        rows.iter()
            .map(|((_, a), _)| a.clone().unwrap_or_else(|| "all".into())),
    ))?;
    t.push(Column::new(
        "eligible",
        Values::Count(rows.iter().map(|(_, (e, _))| Some(*e)).collect()),
    ))?;
    t.push(Column::new(
        "delivered",
        Values::Count(rows.iter().map(|(_, (_, d))| Some(*d)).collect()),
    ))?;
    t.push(Column::new(
        "uptake",
        Values::Float(
            rows.iter()
                .map(|(_, (e, d))| (*e > 0).then(|| *d as f64 / *e as f64))
                .collect(),
        ),
    ))?;
    Ok(t)
}

/// Outcome counts per service in `current` against `baseline`:
/// `service, outcome, current, baseline, change` (change = current - baseline), one row
/// per service and outcome seen in either period, by service name then outcome.
pub fn compare_periods(
    records: &[Intervention],
    current: DateRange,
    baseline: DateRange,
) -> Result<Table> {
    let mut counts: BTreeMap<(&str, Outcome), (u64, u64)> = BTreeMap::new();
    for r in records {
        let (cur, base) = (current.contains(r.date), baseline.contains(r.date));
        if cur || base {
            let e = counts.entry((r.service.as_str(), r.outcome)).or_default();
            e.0 += u64::from(cur);
            e.1 += u64::from(base);
        }
    }
    let rows: Vec<_> = counts.into_iter().collect();
    let mut t = Table::new();
    t.push(text(
        "service",
        rows.iter().map(|((s, _), _)| s.to_string()),
    ))?;
    t.push(text(
        "outcome",
        rows.iter().map(|((_, o), _)| o.to_string()),
    ))?;
    t.push(Column::new(
        "current",
        Values::Count(rows.iter().map(|(_, (c, _))| Some(*c)).collect()),
    ))?;
    t.push(Column::new(
        "baseline",
        Values::Count(rows.iter().map(|(_, (_, b))| Some(*b)).collect()),
    ))?;
    t.push(Column::new(
        "change",
        Values::Int(
            rows.iter()
                .map(|(_, (c, b))| Some(*c as i64 - *b as i64))
                .collect(),
        ),
    ))?;
    Ok(t)
}

/// Outcome counts per partner in `range`: `partner, service, outcome, count`, by partner,
/// service and outcome (campaign order). Records of services the campaign does not declare
/// are counted under partner `(not in campaign)`.
pub fn partner_outcomes(
    campaign: &Campaign,
    records: &[Intervention],
    range: DateRange,
) -> Result<Table> {
    let order: HashMap<&str, usize> = campaign
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.service.as_str(), i))
        .collect();
    let mut counts: BTreeMap<(usize, usize, String, Outcome), u64> = BTreeMap::new();
    for r in records.iter().filter(|r| range.contains(r.date)) {
        let key = match order.get(r.service.as_str()) {
            Some(&s) => (
                campaign.partner_of(s).unwrap_or(usize::MAX),
                s,
                r.service.clone(),
                r.outcome,
            ),
            None => (usize::MAX, usize::MAX, r.service.clone(), r.outcome),
        };
        *counts.entry(key).or_default() += 1;
    }
    let rows: Vec<_> = counts.into_iter().collect();
    let mut t = Table::new();
    t.push(text(
        "partner",
        rows.iter().map(|((p, _, _, _), _)| {
            campaign
                .partners
                .get(*p)
                .map_or_else(|| "(not in campaign)".to_string(), |p| p.name.clone())
        }),
    ))?;
    t.push(text(
        "service",
        rows.iter().map(|((_, _, s, _), _)| s.clone()),
    ))?;
    t.push(text(
        "outcome",
        rows.iter().map(|((_, _, _, o), _)| o.to_string()),
    ))?;
    t.push(Column::new(
        "count",
        Values::Count(rows.iter().map(|(_, n)| Some(*n)).collect()),
    ))?;
    Ok(t)
}

/// Records every `delivered` record dated before `before` as intervention history (by
/// month) on the households it names, so rules like "no fire check in 36 months" see it.
/// Returns how many records were applied (records of UPRNs not in the gazetteer are skipped).
///
/// # Errors
/// Never for valid dates (the month constructor's errors pass through).
pub fn apply_history(
    households: &mut Households<'_>,
    records: &[Intervention],
    before: Date,
) -> Result<usize> {
    let g = households.gazetteer();
    let mut applied = 0;
    for r in records {
        if r.outcome != Outcome::Delivered || r.date >= before {
            continue;
        }
        if let Some(row) = g.position(r.uprn) {
            households.intervention(row, &r.service, r.date.month()?);
            applied += 1;
        }
    }
    Ok(applied)
}

fn text(name: &str, values: impl Iterator<Item = String>) -> Column {
    Column::new(name, Values::Text(values.map(Some).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(u: u64, service: &str, date: &str, outcome: Outcome) -> Intervention {
        Intervention {
            uprn: Uprn::new(u).unwrap(),
            service: service.into(),
            date: date.parse().unwrap(),
            outcome,
        }
    }

    #[test]
    fn dates_and_outcomes_parse_strictly() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("1900-02-29".parse::<Date>().is_err());
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!("2026-1-05".parse::<Date>().is_err());
        assert!("05/10/2026".parse::<Date>().is_err());
        assert_eq!("No access".parse::<Outcome>().unwrap(), Outcome::NoAccess);
        assert_eq!("DELIVERED".parse::<Outcome>().unwrap(), Outcome::Delivered);
        assert!("maybe".parse::<Outcome>().is_err());
        let d: Date = "2026-10-05".parse().unwrap();
        assert_eq!(d.month().unwrap().to_string(), "2026-10");
        assert!(DateRange::new(d, "2026-10-04".parse().unwrap()).is_err());
    }

    #[test]
    fn baseline_comparison_counts_each_period() {
        let r = [
            rec(1, "flu_jab", "2026-10-05", Outcome::Delivered),
            rec(2, "flu_jab", "2026-10-06", Outcome::Delivered),
            rec(3, "flu_jab", "2026-10-06", Outcome::Declined),
            rec(1, "flu_jab", "2025-10-07", Outcome::Delivered),
            rec(4, "smoke_alarm", "2025-10-07", Outcome::Accepted),
            rec(5, "smoke_alarm", "2024-10-07", Outcome::Accepted),
        ];
        let week =
            DateRange::new("2026-10-05".parse().unwrap(), "2026-10-09".parse().unwrap()).unwrap();
        let base =
            DateRange::new("2025-10-06".parse().unwrap(), "2025-10-10".parse().unwrap()).unwrap();
        let t = compare_periods(&r, week, base).unwrap();
        let v = |c: &str| t.column(c).unwrap().values.clone();
        assert_eq!(t.rows(), 3);
        assert_eq!(v("service").text(0), Some("flu_jab"));
        assert_eq!(v("outcome").text(0), Some("declined"));
        assert_eq!(v("outcome").text(1), Some("delivered"));
        assert_eq!(v("current").count(1), Some(2));
        assert_eq!(v("baseline").count(1), Some(1));
        assert_eq!(v("change").display(1), "1");
        assert_eq!(v("service").text(2), Some("smoke_alarm"));
        assert_eq!(v("current").count(2), Some(0));
        assert_eq!(v("baseline").count(2), Some(1));
        assert_eq!(v("change").display(2), "-1");
    }
}
