//! Event counts per area and category (crimes, fires, ambulance call-outs...), the
//! numerators of profile rates.

use std::collections::HashMap;
use std::fmt;

use crate::area::{AreaCode, AreaSet};
use crate::error::{Error, Result};
use crate::kpi::{Month, Record, Span};

/// What a rate is per: residents or properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Denominator {
    /// Residents of the area (the profile's population).
    #[default]
    Population,
    /// Residential properties (households) of the area.
    Households,
}

impl Denominator {
    /// `population` or `households`.
    pub fn as_str(self) -> &'static str {
        match self {
            Denominator::Population => "population",
            Denominator::Households => "households",
        }
    }
}

/// Counts of events by area and category, with a name (e.g. `crime`) that prefixes the
/// profile's indicator ids (`crime:Burglary`, `crime:all`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventCounts {
    name: String,
    denominator: Denominator,
    categories: Vec<String>,
    /// Area-major: `counts[area * categories.len() + category]`.
    counts: Vec<u64>,
    areas: usize,
}

/// What happened to the events offered to [`EventCounts`]:
/// `placed + unplaced + outside_period == events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventReport {
    /// Events offered.
    pub events: u64,
    /// Events counted in an area of the set.
    pub placed: u64,
    /// Events with no area, or an area not in the set.
    pub unplaced: u64,
    /// Events outside the requested period.
    pub outside_period: u64,
}

impl fmt::Display for EventReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} events: {} placed in an area, {} not in any area of the set, {} outside the period",
            self.events, self.placed, self.unplaced, self.outside_period
        )
    }
}

fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.contains(':') {
        return Err(Error::arg(
            "name",
            format!("an event name must be non-empty and free of ':', got {name:?}"),
        ));
    }
    Ok(())
}

impl EventCounts {
    /// From a count matrix: `counts[area][category]` for the areas of a set, in set order.
    /// Errors on ragged rows, a repeated or empty category, or an invalid name.
    pub fn new(
        name: &str,
        denominator: Denominator,
        categories: Vec<String>,
        counts: Vec<Vec<u64>>,
    ) -> Result<Self> {
        check_name(name)?;
        let mut seen = categories.clone();
        seen.sort_unstable();
        if seen.windows(2).any(|w| w[0] == w[1]) || seen.iter().any(|c| c.trim().is_empty()) {
            return Err(Error::arg(
                "categories",
                "categories must be distinct and non-empty",
            ));
        }
        let k = categories.len();
        let mut flat = Vec::with_capacity(counts.len() * k);
        for (i, row) in counts.iter().enumerate() {
            if row.len() != k {
                return Err(Error::arg(
                    "counts",
                    format!("area {i} has {} counts for {k} categories", row.len()),
                ));
            }
            flat.extend_from_slice(row);
        }
        Ok(EventCounts {
            name: name.to_string(),
            denominator,
            categories,
            counts: flat,
            areas: counts.len(),
        })
    }

    /// Counts events given as `(area code, category)` pairs against the areas of `set`
    /// (matched by code). Categories are sorted.
    pub fn from_codes<'c>(
        name: &str,
        denominator: Denominator,
        set: &AreaSet,
        events: impl IntoIterator<Item = (Option<&'c AreaCode>, &'c str)>,
    ) -> Result<(Self, EventReport)> {
        check_name(name)?;
        let by_code: HashMap<&str, usize> = set
            .codes()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let mut cats: HashMap<&str, usize> = HashMap::new();
        let mut placed: Vec<(usize, usize)> = Vec::new();
        let mut report = EventReport::default();
        for (code, category) in events {
            report.events += 1;
            match code.and_then(|c| by_code.get(c.as_str())) {
                Some(&area) => {
                    let n = cats.len();
                    let cat = *cats.entry(category).or_insert(n);
                    placed.push((area, cat));
                    report.placed += 1;
                }
                None => report.unplaced += 1,
            }
        }
        let mut names: Vec<&str> = cats.keys().copied().collect();
        names.sort_unstable();
        let order: HashMap<&str, usize> = names.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        let remap: Vec<usize> = {
            let mut v = vec![0; cats.len()];
            for (c, &i) in &cats {
                v[i] = order[c];
            }
            v
        };
        let k = names.len();
        let mut counts = vec![0u64; set.len() * k];
        for (area, cat) in placed {
            counts[area * k + remap[cat]] += 1;
        }
        Ok((
            EventCounts {
                name: name.to_string(),
                denominator,
                categories: names.into_iter().map(str::to_string).collect(),
                counts,
                areas: set.len(),
            },
            report,
        ))
    }

    /// Counts police.uk (or any [`Record`]) events by their LSOA code against `set`,
    /// keeping only months in `period` when given. The area codes must be of the set's
    /// vintage (police.uk files before 2023 use LSOA 2011 codes); codes not in the set
    /// are reported as unplaced.
    pub fn from_records(
        name: &str,
        set: &AreaSet,
        records: &[Record],
        period: Option<Span>,
    ) -> Result<(Self, EventReport)> {
        let in_period = |m: Month| period.is_none_or(|p| p.contains(m));
        let outside = records.iter().filter(|r| !in_period(r.month)).count() as u64;
        let (counts, mut report) = Self::from_codes(
            name,
            Denominator::Population,
            set,
            records
                .iter()
                .filter(|r| in_period(r.month))
                .map(|r| (r.area.as_ref(), r.category.as_str())),
        )?;
        report.events += outside;
        report.outside_period = outside;
        Ok((counts, report))
    }

    /// Counts point events (BNG metres) in the areas of `set`; `categories[i]` is the
    /// category of point `i`.
    pub fn from_points(
        name: &str,
        denominator: Denominator,
        set: &AreaSet,
        xs: &[f64],
        ys: &[f64],
        categories: &[&str],
    ) -> Result<(Self, EventReport)> {
        if categories.len() != xs.len() {
            return Err(Error::arg(
                "categories",
                format!("{} categories for {} points", categories.len(), xs.len()),
            ));
        }
        let assigned = set.assign(xs, ys)?;
        let codes: Vec<Option<&AreaCode>> =
            assigned.iter().map(|a| a.map(|a| set.code(a))).collect();
        Self::from_codes(
            name,
            denominator,
            set,
            codes.into_iter().zip(categories.iter().copied()),
        )
    }

    /// The name (indicator id prefix).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What rates are per.
    pub fn denominator(&self) -> Denominator {
        self.denominator
    }

    /// The categories, in column order.
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// Number of areas.
    pub fn areas(&self) -> usize {
        self.areas
    }

    /// Count for `area` and `category` (0 when out of range).
    pub fn count(&self, area: usize, category: usize) -> u64 {
        if area >= self.areas || category >= self.categories.len() {
            return 0;
        }
        self.counts[area * self.categories.len() + category]
    }

    /// All events of `area`.
    pub fn total(&self, area: usize) -> u64 {
        (0..self.categories.len())
            .map(|c| self.count(area, c))
            .sum()
    }
}
