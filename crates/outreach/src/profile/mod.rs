//! Area profiles: the borough "in profile", neighbourhood by neighbourhood.
//!
//! For any area set (LSOAs, wards, a user-drawn polygon, a Week of Action zone) a
//! [`Profile`] holds, per area: properties and residential properties, counts by
//! classification, population, deprivation (IMD and domains, from the LSOA itself or
//! summarised over the LSOAs its properties sit in), and indicators: event rates per
//! 1,000 (Byar intervals), attribute shares (Wilson intervals) and attribute means, each
//! compared with the whole profile (the borough) and, when given, England, flagged
//! higher / similar / lower the way OHID Fingertips does.
//!
//! On top of a profile: [`need_drivers`] (on which domains an area is most deprived
//! relative to its overall IMD), [`Profile::hot_spots`] (Getis-Ord Gi* with FDR over a
//! [`contiguity`] or distance neighbourhood), and export tables with small-number
//! suppression ([`Profile::area_table`], [`Profile::indicator_table`]).
//!
//! ```
//! use geo::{polygon, MultiPolygon};
//! use outreach::profile::{Denominator, EventCounts, Profiler};
//! use outreach::{AreaInput, AreaKind, AreaSet, GazetteerBuilder, Property, Uprn, Vintage};
//! # fn main() -> outreach::Result<()> {
//! let square = |x0: f64, code: &str| AreaInput {
//!     code: code.parse().unwrap(),
//!     name: None,
//!     geometry: MultiPolygon(vec![polygon![(x: x0, y: 0.0), (x: x0 + 100.0, y: 0.0),
//!         (x: x0 + 100.0, y: 100.0), (x: x0, y: 100.0)]]),
//! };
//! let zones = AreaSet::new("zones", AreaKind::Other, Vintage::Unspecified,
//!     vec![square(300_000.0, "Z1"), square(300_100.0, "Z2")])?;
//! let mut b = GazetteerBuilder::new();
//! for i in 0..30 {
//!     b.push(Property::at(Uprn::new(i + 1)?, 300_010.0 + 6.0 * i as f64, 50.0));
//! }
//! let homes = b.build()?;
//! let assigned = homes.assign(&zones);
//! let fires = EventCounts::new("fires", Denominator::Households, vec!["dwelling".into()],
//!     vec![vec![6], vec![1]])?;
//! let profile = Profiler::new(&zones, &homes, &assigned)?.events(fires)?.build()?;
//! let z1 = profile.indicator(0, "fires:dwelling").unwrap();
//! assert_eq!(z1.count, 6);
//! assert!((z1.value.unwrap() - 6.0 / 15.0 * 1000.0).abs() < 1e-9);
//! // The published table hides the count of 1 in Z2 and everything derived from it.
//! let table = profile.area_table()?.suppressed(5)?;
//! assert_eq!(table.column("fires:dwelling:count").unwrap().values.count(1), None);
//! # Ok(())
//! # }
//! ```

mod contiguity;
mod drivers;
mod events;

use std::collections::HashMap;

pub use contiguity::{contiguity, distance_neighbours};
pub use drivers::{need_driver_table, need_drivers, need_drivers_local, NeedDriver};
pub use events::{Denominator, EventCounts, EventReport};

use crate::area::{AreaKind, AreaSet};
use crate::attributes::{AttributeValues, JoinedAttributes};
use crate::deprivation::{Deprivation, Domain};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::spatial::Assignment;
use crate::stats::{self, Compared, HotSpot, Interval, Neighbours};
use crate::table::{Column, Table, Values};

/// How a profile's statistics are computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileOptions {
    /// Normal quantile of the intervals ([`stats::Z95`] for 95%).
    pub z: f64,
    /// Rates are per this many residents or households (1,000).
    pub per: f64,
    /// Count attribute shares and means over residential properties only (classification
    /// starting with `R`, or unclassified), i.e. households (true by default).
    pub residential_only: bool,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            z: stats::Z95,
            per: 1000.0,
            residential_only: true,
        }
    }
}

/// What an indicator measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Events per [`ProfileOptions::per`] of the denominator, Byar interval.
    Rate,
    /// Share of households in a segment (0–1), Wilson interval.
    Proportion,
    /// Mean of a numeric attribute over households with a value, normal interval.
    Mean,
}

impl Measure {
    /// `rate`, `proportion` or `mean`.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Rate => "rate",
            Measure::Proportion => "proportion",
            Measure::Mean => "mean",
        }
    }
}

/// One indicator value of one area (or of the whole profile).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Identifier: `events:category`, `events:all`, `attribute:level` or `attribute`.
    pub id: String,
    /// What it measures.
    pub measure: Measure,
    /// Numerator: events, households in the segment, or households with a value (mean).
    pub count: u64,
    /// Denominator: residents, households, or households with a value.
    pub denominator: f64,
    /// The rate, proportion or mean; `None` when the denominator is 0 or unknown.
    pub value: Option<f64>,
    /// Its confidence interval.
    pub interval: Option<Interval>,
    /// Compared with the whole profile (area rows only).
    pub vs_borough: Option<Compared>,
    /// Compared with the England value, when one was given.
    pub vs_england: Option<Compared>,
}

/// Deprivation of one area: its own IoD figures for an LSOA set, or a summary over the
/// LSOAs its residential properties sit in for any other set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreaDeprivation {
    /// IMD score (an LSOA's own; otherwise the household-weighted mean of its LSOAs).
    pub imd_score: Option<f64>,
    /// National IMD rank (LSOA sets only; 1 = most deprived).
    pub imd_rank: Option<u32>,
    /// National IMD decile (LSOA sets only).
    pub imd_decile: Option<u8>,
    /// Share of the area's households in LSOAs in the 10% most deprived nationally
    /// (0 or 1 for an LSOA).
    pub share_most_deprived_10: Option<f64>,
    /// Same for the 20% most deprived.
    pub share_most_deprived_20: Option<f64>,
    /// Per domain present (IMD excluded): (domain, rank, decile), LSOA sets only.
    pub domains: Vec<(Domain, Option<u32>, Option<u8>)>,
}

/// Collects what a profile is built from. See the [module docs](self).
#[derive(Debug)]
pub struct Profiler<'a> {
    areas: &'a AreaSet,
    gazetteer: &'a Gazetteer,
    assignment: &'a Assignment,
    attributes: Vec<JoinedAttributes<'a>>,
    population: Option<Vec<Option<f64>>>,
    deprivation: Option<&'a Deprivation>,
    lsoas: Option<(&'a AreaSet, &'a Assignment)>,
    events: Vec<EventCounts>,
    england: HashMap<String, f64>,
    options: ProfileOptions,
}

impl<'a> Profiler<'a> {
    /// Profiles `areas`, with the properties of `gazetteer` placed by `assignment`
    /// (`gazetteer.assign(areas)`). Errors when the lengths differ.
    pub fn new(
        areas: &'a AreaSet,
        gazetteer: &'a Gazetteer,
        assignment: &'a Assignment,
    ) -> Result<Self> {
        if assignment.len() != gazetteer.len() {
            return Err(Error::arg(
                "assignment",
                format!(
                    "{} assigned points for {} properties",
                    assignment.len(),
                    gazetteer.len()
                ),
            ));
        }
        if let Some(bad) = assignment
            .iter()
            .flatten()
            .find(|&a| a as usize >= areas.len())
        {
            return Err(Error::arg(
                "assignment",
                format!("area index {bad} is not in a set of {}", areas.len()),
            ));
        }
        Ok(Profiler {
            areas,
            gazetteer,
            assignment,
            attributes: Vec::new(),
            population: None,
            deprivation: None,
            lsoas: None,
            events: Vec::new(),
            england: HashMap::new(),
            options: ProfileOptions::default(),
        })
    }

    /// Adds household attributes (a table joined to the same gazetteer): categorical
    /// columns become shares of each level, numeric ones means.
    pub fn attributes(mut self, joined: JoinedAttributes<'a>) -> Result<Self> {
        if joined.len() != self.gazetteer.len() {
            return Err(Error::arg(
                "attributes",
                format!(
                    "joined to {} properties, the gazetteer has {}",
                    joined.len(),
                    self.gazetteer.len()
                ),
            ));
        }
        self.attributes.push(joined);
        Ok(self)
    }

    /// Residents per area, in set order (`None` = unknown). Needed for rates per resident.
    pub fn population(mut self, residents: Vec<Option<f64>>) -> Result<Self> {
        if residents.len() != self.areas.len() {
            return Err(Error::arg(
                "population",
                format!("{} values for {} areas", residents.len(), self.areas.len()),
            ));
        }
        if let Some(bad) = residents
            .iter()
            .flatten()
            .find(|v| !(v.is_finite() && **v >= 0.0))
        {
            return Err(Error::arg(
                "population",
                format!("must be finite and non-negative, got {bad}"),
            ));
        }
        self.population = Some(residents);
        Ok(self)
    }

    /// Residents per area from a table keyed by area code; areas not in the table get none.
    pub fn population_by_code(self, residents: &HashMap<crate::AreaCode, f64>) -> Result<Self> {
        let v = self
            .areas
            .codes()
            .iter()
            .map(|c| residents.get(c).copied())
            .collect();
        self.population(v)
    }

    /// Residents of each area estimated from LSOA populations (keyed by LSOA code) by
    /// household-weighted apportionment: each residential property of an LSOA carries an
    /// equal share of the LSOA's residents, and an area's population is the sum over its
    /// households. Needs the properties' LSOAs ([`Profiler::lsoas`]) first. For an area
    /// that cuts an LSOA this assumes residents are spread like households, the usual
    /// best-fit assumption (ONS); areas with no household get 0.
    pub fn population_from_lsoas(self, residents: &HashMap<crate::AreaCode, f64>) -> Result<Self> {
        let Some((lsoas, placed)) = self.lsoas else {
            return Err(Error::arg(
                "population",
                "apportioning LSOA populations needs the properties' LSOAs: call Profiler::lsoas first",
            ));
        };
        let g = self.gazetteer;
        let mut per_lsoa = vec![0u64; lsoas.len()];
        for (i, l) in placed.iter().enumerate() {
            if let (Some(l), true) = (l, g.is_residential(i)) {
                per_lsoa[l as usize] += 1;
            }
        }
        let share: Vec<Option<f64>> = lsoas
            .codes()
            .iter()
            .zip(&per_lsoa)
            .map(|(c, &h)| {
                residents
                    .get(c)
                    .map(|p| if h > 0 { p / h as f64 } else { 0.0 })
            })
            .collect();
        let mut pop = vec![Some(0.0); self.areas.len()];
        for (i, (a, l)) in self.assignment.iter().zip(placed.iter()).enumerate() {
            let (Some(a), Some(l), true) = (a, l, g.is_residential(i)) else {
                continue;
            };
            let slot = &mut pop[a as usize];
            *slot = match (*slot, share[l as usize]) {
                (Some(p), Some(s)) => Some(p + s),
                _ => None,
            };
        }
        self.population(pop)
    }

    /// Adds IoD figures. On an LSOA set of the edition's vintage they are looked up by
    /// code; on any other set pass the properties' LSOAs with [`Profiler::lsoas`].
    pub fn deprivation(mut self, iod: &'a Deprivation) -> Result<Self> {
        let v = self.areas.vintage();
        if self.areas.kind() == AreaKind::Lsoa
            && v != crate::Vintage::Unspecified
            && v != iod.edition().vintage()
        {
            return Err(Error::arg(
                "deprivation",
                format!(
                    "{} is on {} LSOAs but the area set is of vintage {v}; carry it over with deprivation::vintage first",
                    iod.edition(),
                    iod.edition().vintage()
                ),
            ));
        }
        self.deprivation = Some(iod);
        Ok(self)
    }

    /// The LSOA of each property (the LSOA set and `gazetteer.assign(lsoas)`), so that a
    /// non-LSOA set can be summarised by the deprivation of its households' LSOAs.
    pub fn lsoas(mut self, lsoas: &'a AreaSet, assignment: &'a Assignment) -> Result<Self> {
        if assignment.len() != self.gazetteer.len() {
            return Err(Error::arg(
                "lsoas",
                format!(
                    "{} assigned points for {} properties",
                    assignment.len(),
                    self.gazetteer.len()
                ),
            ));
        }
        self.lsoas = Some((lsoas, assignment));
        Ok(self)
    }

    /// Adds event counts (one row per area of the set). Their indicators are
    /// `name:category` for each category and `name:all`.
    pub fn events(mut self, events: EventCounts) -> Result<Self> {
        if events.areas() != self.areas.len() {
            return Err(Error::arg(
                "events",
                format!(
                    "{} counted for {} areas, the set has {}",
                    events.name(),
                    events.areas(),
                    self.areas.len()
                ),
            ));
        }
        if self.events.iter().any(|e| e.name() == events.name()) {
            return Err(Error::arg(
                "events",
                format!("events {:?} already added", events.name()),
            ));
        }
        self.events.push(events);
        Ok(self)
    }

    /// The England value of an indicator (same units: per 1,000, or a 0–1 share, or a
    /// mean), to compare each area with.
    pub fn england(mut self, id: &str, value: f64) -> Result<Self> {
        if !(value.is_finite() && value >= 0.0) {
            return Err(Error::arg(
                "england",
                format!("{id}: must be finite and non-negative, got {value}"),
            ));
        }
        self.england.insert(id.to_string(), value);
        Ok(self)
    }

    /// Replaces the options.
    pub fn options(mut self, options: ProfileOptions) -> Result<Self> {
        if !(options.z.is_finite() && options.z > 0.0) {
            return Err(Error::arg(
                "z",
                format!("must be finite and positive, got {}", options.z),
            ));
        }
        if !(options.per.is_finite() && options.per > 0.0) {
            return Err(Error::arg(
                "per",
                format!("must be finite and positive, got {}", options.per),
            ));
        }
        self.options = options;
        Ok(self)
    }

    /// Computes the profile.
    ///
    /// Errors when an event set is per resident but no population was given, or when an
    /// England value names no indicator of the profile.
    pub fn build(self) -> Result<Profile> {
        let n = self.areas.len();
        let g = self.gazetteer;
        let opts = self.options;
        // Classes, properties, households.
        let mut class_names: Vec<String> = if g.has_classes() {
            let mut v: Vec<String> = (0..g.len())
                .filter_map(|i| g.class(i).map(str::to_string))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        } else {
            Vec::new()
        };
        let unclassified = g.has_classes() && (0..g.len()).any(|i| g.class(i).is_none());
        if unclassified {
            class_names.push(UNCLASSIFIED.to_string());
        }
        let class_of: HashMap<&str, usize> = class_names
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let k = class_names.len();
        let mut properties = vec![0u64; n];
        let mut households = vec![0u64; n];
        let mut classes = vec![0u64; n * k];
        let counted = |i: usize| !opts.residential_only || g.is_residential(i);
        for (i, a) in self.assignment.iter().enumerate() {
            let Some(a) = a else { continue };
            let a = a as usize;
            properties[a] += 1;
            if g.is_residential(i) {
                households[a] += 1;
            }
            if k > 0 {
                let c = g
                    .class(i)
                    .map_or(k - 1, |c| class_of.get(c).copied().unwrap_or(k - 1));
                classes[a * k + c] += 1;
            }
        }

        let mut indicators: Vec<Vec<Indicator>> = vec![Vec::new(); n];
        let mut borough: Vec<Indicator> = Vec::new();

        // Attributes.
        for joined in &self.attributes {
            for (col, attr) in joined.table().attributes().iter().enumerate() {
                match &attr.values {
                    AttributeValues::Categorical { levels, .. } => {
                        let l = levels.len();
                        let mut seg = vec![0u64; n * l];
                        let mut known = vec![0u64; n];
                        for (i, a) in self.assignment.iter().enumerate() {
                            let (Some(a), true) = (a, counted(i)) else {
                                continue;
                            };
                            if let Some(level) = joined.level(col, i) {
                                seg[a as usize * l + level as usize] += 1;
                                known[a as usize] += 1;
                            }
                        }
                        let total_known: u64 = known.iter().sum();
                        for (li, level) in levels.iter().enumerate() {
                            let id = format!("{}:{level}", attr.name);
                            let total_seg: u64 = (0..n).map(|a| seg[a * l + li]).sum();
                            let b = proportion(&id, total_seg, total_known, None, None, opts.z)?;
                            let bench = b.value;
                            let eng = self.england.get(&id).copied();
                            for a in 0..n {
                                indicators[a].push(proportion(
                                    &id,
                                    seg[a * l + li],
                                    known[a],
                                    bench,
                                    eng,
                                    opts.z,
                                )?);
                            }
                            borough.push(proportion(
                                &id,
                                total_seg,
                                total_known,
                                None,
                                eng,
                                opts.z,
                            )?);
                        }
                    }
                    AttributeValues::Numeric(_) => {
                        let mut sum = vec![0f64; n];
                        let mut sum2 = vec![0f64; n];
                        let mut cnt = vec![0u64; n];
                        for (i, a) in self.assignment.iter().enumerate() {
                            let (Some(a), true) = (a, counted(i)) else {
                                continue;
                            };
                            if let Some(v) = joined.number(col, i) {
                                sum[a as usize] += v;
                                sum2[a as usize] += v * v;
                                cnt[a as usize] += 1;
                            }
                        }
                        let id = attr.name.clone();
                        let (ts, ts2, tc) = (sum.iter().sum(), sum2.iter().sum(), cnt.iter().sum());
                        let b = mean(&id, ts, ts2, tc, None, None, opts.z);
                        let eng = self.england.get(&id).copied();
                        for a in 0..n {
                            indicators[a]
                                .push(mean(&id, sum[a], sum2[a], cnt[a], b.value, eng, opts.z));
                        }
                        borough.push(mean(&id, ts, ts2, tc, None, eng, opts.z));
                    }
                }
            }
        }

        // Events.
        for ev in &self.events {
            let denominators: Vec<Option<f64>> = match ev.denominator() {
                Denominator::Population => self.population.clone().ok_or_else(|| {
                    Error::arg(
                        "population",
                        format!(
                            "events {:?} are per resident but no population was given",
                            ev.name()
                        ),
                    )
                })?,
                Denominator::Households => households.iter().map(|&h| Some(h as f64)).collect(),
            };
            let total_denominator: f64 = denominators.iter().flatten().sum();
            let mut series: Vec<(String, Vec<u64>)> = ev
                .categories()
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    (
                        format!("{}:{name}", ev.name()),
                        (0..n).map(|a| ev.count(a, c)).collect(),
                    )
                })
                .collect();
            series.push((
                format!("{}:all", ev.name()),
                (0..n).map(|a| ev.total(a)).collect(),
            ));
            for (id, counts) in series {
                // The borough pools the areas with a known denominator.
                let total: u64 = counts
                    .iter()
                    .zip(&denominators)
                    .filter(|(_, d)| d.is_some())
                    .map(|(c, _)| *c)
                    .sum();
                let b = rate(&id, total, Some(total_denominator), None, None, opts)?;
                let eng = self.england.get(&id).copied();
                for a in 0..n {
                    indicators[a].push(rate(&id, counts[a], denominators[a], b.value, eng, opts)?);
                }
                borough.push(rate(&id, total, Some(total_denominator), None, eng, opts)?);
            }
        }
        if let Some(unknown) = self
            .england
            .keys()
            .find(|id| !borough.iter().any(|b| &b.id == *id))
        {
            return Err(Error::arg(
                "england",
                format!("no indicator {unknown:?} in the profile"),
            ));
        }

        let deprivation = self.area_deprivation(&households)?;
        Ok(Profile {
            name: self.areas.name().to_string(),
            codes: self.areas.codes().iter().map(|c| c.to_string()).collect(),
            names: (0..n as u32)
                .map(|a| self.areas.area_name(a).map(str::to_string))
                .collect(),
            properties,
            households,
            class_names,
            classes,
            population: self.population.unwrap_or_else(|| vec![None; n]),
            deprivation,
            indicators,
            borough,
            outside: self.assignment.outside() as u64,
            options: opts,
        })
    }

    fn area_deprivation(&self, households: &[u64]) -> Result<Option<Vec<AreaDeprivation>>> {
        let Some(iod) = self.deprivation else {
            return Ok(None);
        };
        let n = self.areas.len();
        let t10 = iod.threshold_rank(10);
        let t20 = iod.threshold_rank(20);
        let share = |v: Option<bool>| v.map(|b| if b { 1.0 } else { 0.0 });
        if self.areas.kind() == AreaKind::Lsoa {
            let domains: Vec<Domain> = iod
                .domains()
                .into_iter()
                .filter(|d| *d != Domain::Imd)
                .collect();
            return Ok(Some(
                self.areas
                    .codes()
                    .iter()
                    .map(|c| match iod.get(c) {
                        Some(d) => AreaDeprivation {
                            imd_score: d.score(Domain::Imd),
                            imd_rank: d.rank(Domain::Imd),
                            imd_decile: d.decile(Domain::Imd),
                            share_most_deprived_10: share(d.rank(Domain::Imd).map(|r| r <= t10)),
                            share_most_deprived_20: share(d.rank(Domain::Imd).map(|r| r <= t20)),
                            domains: domains
                                .iter()
                                .map(|&dm| (dm, d.rank(dm), d.decile(dm)))
                                .collect(),
                        },
                        None => AreaDeprivation::default(),
                    })
                    .collect(),
            ));
        }
        let Some((lsoas, placed)) = self.lsoas else {
            return Err(Error::arg(
                "deprivation",
                format!(
                    "the area set {:?} is not of LSOAs: give each property's LSOA with Profiler::lsoas",
                    self.areas.name()
                ),
            ));
        };
        let by_lsoa: Vec<Option<(f64, u32)>> = lsoas
            .codes()
            .iter()
            .map(|c| {
                iod.get(c)
                    .and_then(|d| Some((d.score(Domain::Imd)?, d.rank(Domain::Imd)?)))
            })
            .collect();
        let mut score = vec![0f64; n];
        let mut known = vec![0u64; n];
        let mut in10 = vec![0u64; n];
        let mut in20 = vec![0u64; n];
        for (i, (a, l)) in self.assignment.iter().zip(placed.iter()).enumerate() {
            let (Some(a), Some(l)) = (a, l) else { continue };
            if !self.gazetteer.is_residential(i) {
                continue;
            }
            if let Some(Some((s, r))) = by_lsoa.get(l as usize) {
                let a = a as usize;
                score[a] += s;
                known[a] += 1;
                in10[a] += u64::from(*r <= t10);
                in20[a] += u64::from(*r <= t20);
            }
        }
        let _ = households;
        Ok(Some(
            (0..n)
                .map(|a| {
                    let k = known[a] as f64;
                    let f = |v: f64| (known[a] > 0).then(|| v / k);
                    AreaDeprivation {
                        imd_score: f(score[a]),
                        share_most_deprived_10: f(in10[a] as f64),
                        share_most_deprived_20: f(in20[a] as f64),
                        ..AreaDeprivation::default()
                    }
                })
                .collect(),
        ))
    }
}

const UNCLASSIFIED: &str = "unclassified";

fn proportion(
    id: &str,
    count: u64,
    n: u64,
    borough: Option<f64>,
    england: Option<f64>,
    z: f64,
) -> Result<Indicator> {
    if n == 0 {
        return Ok(empty(id, Measure::Proportion, count, 0.0));
    }
    let interval = stats::wilson(count, n, z)?;
    let cmp = |b: Option<f64>| {
        b.map(|b| stats::compare_proportion(count, n, b.min(1.0), z))
            .transpose()
    };
    Ok(Indicator {
        id: id.to_string(),
        measure: Measure::Proportion,
        count,
        denominator: n as f64,
        value: Some(count as f64 / n as f64),
        interval: Some(interval),
        vs_borough: cmp(borough)?,
        vs_england: cmp(england)?,
    })
}

fn rate(
    id: &str,
    count: u64,
    denominator: Option<f64>,
    borough: Option<f64>,
    england: Option<f64>,
    opts: ProfileOptions,
) -> Result<Indicator> {
    let Some(d) = denominator.filter(|d| *d > 0.0) else {
        return Ok(empty(id, Measure::Rate, count, denominator.unwrap_or(0.0)));
    };
    let (value, interval) = stats::rate_interval(count, d, opts.per, opts.z)?;
    let cmp = |b: Option<f64>| {
        b.map(|b| stats::compare_rate(count, d, b, opts.per, opts.z))
            .transpose()
    };
    Ok(Indicator {
        id: id.to_string(),
        measure: Measure::Rate,
        count,
        denominator: d,
        value: Some(value),
        interval: Some(interval),
        vs_borough: cmp(borough)?,
        vs_england: cmp(england)?,
    })
}

fn mean(
    id: &str,
    sum: f64,
    sum2: f64,
    n: u64,
    borough: Option<f64>,
    england: Option<f64>,
    z: f64,
) -> Indicator {
    if n == 0 {
        return empty(id, Measure::Mean, 0, 0.0);
    }
    let nf = n as f64;
    let m = sum / nf;
    let var = if n > 1 {
        ((sum2 - nf * m * m) / (nf - 1.0)).max(0.0)
    } else {
        0.0
    };
    let half = z * (var / nf).sqrt();
    let interval = Interval {
        lower: m - half,
        upper: m + half,
    };
    let cmp = |b: Option<f64>| {
        b.map(|b| Compared {
            value: m,
            interval,
            ratio: if b != 0.0 { m / b } else { f64::NAN },
            flag: if interval.lower > b {
                stats::Comparison::Higher
            } else if interval.upper < b {
                stats::Comparison::Lower
            } else {
                stats::Comparison::Similar
            },
        })
    };
    Indicator {
        id: id.to_string(),
        measure: Measure::Mean,
        count: n,
        denominator: nf,
        value: Some(m),
        interval: Some(interval),
        vs_borough: cmp(borough),
        vs_england: cmp(england),
    }
}

fn empty(id: &str, measure: Measure, count: u64, denominator: f64) -> Indicator {
    Indicator {
        id: id.to_string(),
        measure,
        count,
        denominator,
        value: None,
        interval: None,
        vs_borough: None,
        vs_england: None,
    }
}

/// A computed profile. See the [module docs](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    name: String,
    codes: Vec<String>,
    names: Vec<Option<String>>,
    properties: Vec<u64>,
    households: Vec<u64>,
    class_names: Vec<String>,
    classes: Vec<u64>,
    population: Vec<Option<f64>>,
    deprivation: Option<Vec<AreaDeprivation>>,
    indicators: Vec<Vec<Indicator>>,
    borough: Vec<Indicator>,
    outside: u64,
    options: ProfileOptions,
}

impl Profile {
    /// Name of the profiled area set.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the set has no areas.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Area codes, in set order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The index of an area code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }

    /// Properties per area.
    pub fn properties(&self) -> &[u64] {
        &self.properties
    }

    /// Residential properties (households) per area.
    pub fn households(&self) -> &[u64] {
        &self.households
    }

    /// Properties of the gazetteer in no area of the set.
    pub fn outside(&self) -> u64 {
        self.outside
    }

    /// Classification codes counted (sorted; `unclassified` last when some have none).
    pub fn class_names(&self) -> &[String] {
        &self.class_names
    }

    /// Properties of `area` with class `class` (index into [`Profile::class_names`]).
    pub fn class_count(&self, area: usize, class: usize) -> u64 {
        let k = self.class_names.len();
        if class >= k {
            return 0;
        }
        self.classes.get(area * k + class).copied().unwrap_or(0)
    }

    /// Residents per area.
    pub fn population(&self) -> &[Option<f64>] {
        &self.population
    }

    /// Deprivation per area, when IoD figures were given.
    pub fn deprivation(&self) -> Option<&[AreaDeprivation]> {
        self.deprivation.as_deref()
    }

    /// Indicators of `area`, in a fixed order (attributes, then events).
    pub fn indicators(&self, area: usize) -> &[Indicator] {
        self.indicators.get(area).map_or(&[], Vec::as_slice)
    }

    /// Indicator `id` of `area`.
    pub fn indicator(&self, area: usize, id: &str) -> Option<&Indicator> {
        self.indicators(area).iter().find(|i| i.id == id)
    }

    /// The whole-profile (borough) value of each indicator.
    pub fn borough(&self) -> &[Indicator] {
        &self.borough
    }

    /// Indicator ids, in order.
    pub fn indicator_ids(&self) -> Vec<&str> {
        self.borough.iter().map(|b| b.id.as_str()).collect()
    }

    /// Indices of the areas in the `percent` (10 or 20) most deprived nationally
    /// (LSOA sets with deprivation only; for other sets, areas where any household is).
    pub fn most_deprived(&self, percent: u8) -> Vec<usize> {
        let Some(d) = &self.deprivation else {
            return Vec::new();
        };
        d.iter()
            .enumerate()
            .filter(|(_, d)| {
                let s = if percent <= 10 {
                    d.share_most_deprived_10
                } else {
                    d.share_most_deprived_20
                };
                s.is_some_and(|s| s > 0.0)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The options it was computed with.
    pub fn options(&self) -> ProfileOptions {
        self.options
    }

    /// Getis-Ord Gi* hot spots of indicator `id` (its area values) over `neighbours`, with
    /// Benjamini–Hochberg FDR at `alpha`. Errors when an area has no value for it (e.g. no
    /// population), naming the area.
    pub fn hot_spots(&self, id: &str, neighbours: &Neighbours, alpha: f64) -> Result<Vec<HotSpot>> {
        let values = self.values(id)?;
        stats::getis_ord_gi_star(&values, neighbours, alpha)
    }

    /// The area values of indicator `id`; errors if unknown or missing anywhere.
    pub fn values(&self, id: &str) -> Result<Vec<f64>> {
        if !self.borough.iter().any(|b| b.id == id) {
            return Err(Error::arg(
                "indicator",
                format!("no indicator {id:?} in the profile"),
            ));
        }
        (0..self.len())
            .map(|a| {
                self.indicator(a, id).and_then(|i| i.value).ok_or_else(|| {
                    Error::arg(
                        "indicator",
                        format!("{id} has no value in area {}", self.codes[a]),
                    )
                })
            })
            .collect()
    }

    /// A table of hot spots: `area_code, value, gi_z, p, q, hot_spot` (`hot`, `cold`,
    /// `not significant`).
    pub fn hot_spot_table(&self, id: &str, neighbours: &Neighbours, alpha: f64) -> Result<Table> {
        let values = self.values(id)?;
        let spots = stats::getis_ord_gi_star(&values, neighbours, alpha)?;
        let p: Vec<f64> = spots.iter().map(|s| s.p).collect();
        let q = stats::benjamini_hochberg(&p)?;
        let mut t = Table::new();
        t.push(Column::new(
            "area_code",
            Values::Text(self.codes.iter().cloned().map(Some).collect()),
        ))?;
        t.push(Column::new(
            "value",
            Values::Float(values.into_iter().map(Some).collect()),
        ))?;
        t.push(Column::new(
            "gi_z",
            Values::Float(spots.iter().map(|s| Some(s.z)).collect()),
        ))?;
        t.push(Column::new(
            "p",
            Values::Float(p.into_iter().map(Some).collect()),
        ))?;
        t.push(Column::new(
            "q",
            Values::Float(q.into_iter().map(Some).collect()),
        ))?;
        t.push(Column::new(
            "hot_spot",
            Values::Text(
                spots
                    .iter()
                    .map(|s| {
                        Some(
                            match s.class {
                                stats::HotSpotClass::Hot => "hot",
                                stats::HotSpotClass::Cold => "cold",
                                stats::HotSpotClass::NotSignificant => "not significant",
                            }
                            .to_string(),
                        )
                    })
                    .collect(),
            ),
        ))?;
        Ok(t)
    }

    /// One row per area: `area_code, area_name, properties, households, population`,
    /// `class:<code>` counts, deprivation columns when present, then per indicator
    /// `<id>:count`, `<id>:value`, `<id>:lower`, `<id>:upper`, `<id>:vs_borough`,
    /// `<id>:ratio_borough` and, where an England value was given, `<id>:vs_england`.
    /// Indicator values and class counts are linked to their counts for
    /// [`Table::suppressed`]; nothing is suppressed until that is called.
    pub fn area_table(&self) -> Result<Table> {
        let n = self.len();
        let mut t = Table::new();
        t.push(Column::new(
            "area_code",
            Values::Text(self.codes.iter().cloned().map(Some).collect()),
        ))?;
        t.push(Column::new("area_name", Values::Text(self.names.clone())))?;
        t.push(Column::new(
            "properties",
            Values::Count(self.properties.iter().copied().map(Some).collect()),
        ))?;
        t.push(Column::new(
            "households",
            Values::Count(self.households.iter().copied().map(Some).collect()),
        ))?;
        t.push(Column::new(
            "population",
            Values::Float(self.population.clone()),
        ))?;
        for (c, name) in self.class_names.iter().enumerate() {
            let col = format!("class:{name}");
            t.push(
                Column::new(
                    col.clone(),
                    Values::Count((0..n).map(|a| Some(self.class_count(a, c))).collect()),
                )
                .suppressed_by(col),
            )?;
        }
        if let Some(d) = &self.deprivation {
            t.push(Column::new(
                "imd_score",
                Values::Float(d.iter().map(|d| d.imd_score).collect()),
            ))?;
            if d.iter().any(|d| d.imd_rank.is_some()) {
                t.push(Column::new(
                    "imd_rank",
                    Values::Int(d.iter().map(|d| d.imd_rank.map(i64::from)).collect()),
                ))?;
                t.push(Column::new(
                    "imd_decile",
                    Values::Int(d.iter().map(|d| d.imd_decile.map(i64::from)).collect()),
                ))?;
                t.push(Column::new(
                    "most_deprived_10pct",
                    Values::Bool(
                        d.iter()
                            .map(|d| d.share_most_deprived_10.map(|s| s > 0.0))
                            .collect(),
                    ),
                ))?;
                t.push(Column::new(
                    "most_deprived_20pct",
                    Values::Bool(
                        d.iter()
                            .map(|d| d.share_most_deprived_20.map(|s| s > 0.0))
                            .collect(),
                    ),
                ))?;
                let domains: Vec<Domain> = d
                    .iter()
                    .find(|d| !d.domains.is_empty())
                    .map(|d| d.domains.iter().map(|x| x.0).collect())
                    .unwrap_or_default();
                for (k, dm) in domains.iter().enumerate() {
                    t.push(Column::new(
                        format!("{}_rank", dm.as_str()),
                        Values::Int(
                            d.iter()
                                .map(|d| d.domains.get(k).and_then(|x| x.1).map(i64::from))
                                .collect(),
                        ),
                    ))?;
                    t.push(Column::new(
                        format!("{}_decile", dm.as_str()),
                        Values::Int(
                            d.iter()
                                .map(|d| d.domains.get(k).and_then(|x| x.2).map(i64::from))
                                .collect(),
                        ),
                    ))?;
                }
            } else {
                t.push(Column::new(
                    "share_most_deprived_10pct",
                    Values::Float(d.iter().map(|d| d.share_most_deprived_10).collect()),
                ))?;
                t.push(Column::new(
                    "share_most_deprived_20pct",
                    Values::Float(d.iter().map(|d| d.share_most_deprived_20).collect()),
                ))?;
            }
        }
        for (k, b) in self.borough.iter().enumerate() {
            let at = |a: usize| self.indicators.get(a).and_then(|v| v.get(k));
            let id = &b.id;
            let count = format!("{id}:count");
            t.push(
                Column::new(
                    count.clone(),
                    Values::Count((0..n).map(|a| at(a).map(|i| i.count)).collect()),
                )
                .suppressed_by(count.clone()),
            )?;
            let float = |name: &str, f: &dyn Fn(&Indicator) -> Option<f64>| {
                Column::new(
                    format!("{id}:{name}"),
                    Values::Float((0..n).map(|a| at(a).and_then(f)).collect()),
                )
                .suppressed_by(count.clone())
            };
            t.push(float("value", &|i| i.value))?;
            t.push(float("lower", &|i| i.interval.map(|c| c.lower)))?;
            t.push(float("upper", &|i| i.interval.map(|c| c.upper)))?;
            t.push(
                Column::new(
                    format!("{id}:vs_borough"),
                    Values::Text(
                        (0..n)
                            .map(|a| {
                                at(a)
                                    .and_then(|i| i.vs_borough)
                                    .map(|c| c.flag.as_str().to_string())
                            })
                            .collect(),
                    ),
                )
                .suppressed_by(count.clone()),
            )?;
            t.push(float("ratio_borough", &|i| {
                i.vs_borough.map(|c| c.ratio).filter(|r| r.is_finite())
            }))?;
            if b.vs_england.is_some() {
                t.push(
                    Column::new(
                        format!("{id}:vs_england"),
                        Values::Text(
                            (0..n)
                                .map(|a| {
                                    at(a)
                                        .and_then(|i| i.vs_england)
                                        .map(|c| c.flag.as_str().to_string())
                                })
                                .collect(),
                        ),
                    )
                    .suppressed_by(count.clone()),
                )?;
            }
        }
        Ok(t)
    }

    /// One row per area and indicator, then one per indicator for the whole profile
    /// (`area_code` empty, `area_name` "all areas"): `area_code, area_name, indicator,
    /// measure, count, denominator, value, lower, upper, vs_borough, ratio_borough,
    /// vs_england, ratio_england`. Linked for [`Table::suppressed`] like
    /// [`Profile::area_table`].
    pub fn indicator_table(&self) -> Result<Table> {
        let mut rows: Vec<(Option<usize>, &Indicator)> = Vec::new();
        for a in 0..self.len() {
            rows.extend(self.indicators(a).iter().map(|i| (Some(a), i)));
        }
        rows.extend(self.borough.iter().map(|i| (None, i)));
        let mut t = Table::new();
        t.push(Column::new(
            "area_code",
            Values::Text(
                rows.iter()
                    .map(|(a, _)| a.map(|a| self.codes[a].clone()))
                    .collect(),
            ),
        ))?;
        t.push(Column::new(
            "area_name",
            Values::Text(
                rows.iter()
                    .map(|(a, _)| match a {
                        Some(a) => self.names[*a].clone(),
                        None => Some("all areas".to_string()),
                    })
                    .collect(),
            ),
        ))?;
        t.push(Column::new(
            "indicator",
            Values::Text(rows.iter().map(|(_, i)| Some(i.id.clone())).collect()),
        ))?;
        t.push(Column::new(
            "measure",
            Values::Text(
                rows.iter()
                    .map(|(_, i)| Some(i.measure.as_str().to_string()))
                    .collect(),
            ),
        ))?;
        t.push(
            Column::new(
                "count",
                Values::Count(rows.iter().map(|(_, i)| Some(i.count)).collect()),
            )
            .suppressed_by("count"),
        )?;
        t.push(Column::new(
            "denominator",
            Values::Float(rows.iter().map(|(_, i)| Some(i.denominator)).collect()),
        ))?;
        let float = |name: &str, f: &dyn Fn(&Indicator) -> Option<f64>| {
            Column::new(
                name,
                Values::Float(rows.iter().map(|(_, i)| f(i)).collect()),
            )
            .suppressed_by("count")
        };
        let flag = |name: &str, f: &dyn Fn(&Indicator) -> Option<Compared>| {
            Column::new(
                name,
                Values::Text(
                    rows.iter()
                        .map(|(_, i)| f(i).map(|c| c.flag.as_str().to_string()))
                        .collect(),
                ),
            )
            .suppressed_by("count")
        };
        t.push(float("value", &|i| i.value))?;
        t.push(float("lower", &|i| i.interval.map(|c| c.lower)))?;
        t.push(float("upper", &|i| i.interval.map(|c| c.upper)))?;
        t.push(flag("vs_borough", &|i| i.vs_borough))?;
        t.push(float("ratio_borough", &|i| {
            i.vs_borough.map(|c| c.ratio).filter(|r| r.is_finite())
        }))?;
        t.push(flag("vs_england", &|i| i.vs_england))?;
        t.push(float("ratio_england", &|i| {
            i.vs_england.map(|c| c.ratio).filter(|r| r.is_finite())
        }))?;
        Ok(t)
    }
}

#[cfg(test)]
mod tests;
