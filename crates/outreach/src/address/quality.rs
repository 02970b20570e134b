//! Data quality of a partner address file: a classified anomaly report, a correction file
//! and the count of records inside and outside a boundary before and after matching.
//!
//! Every record is matched against the gazetteer ([`AddressIndex`]); then each record is
//! checked for the anomalies of [`Anomaly`] (a record may have several). The report gives
//! three [`Table`]s (so CSV and Arrow come free):
//! - `anomalies`: `id, anomaly, uprn, address, detail`, one row per record and anomaly;
//! - `corrections`: `id, old_address, uprn, canonical_address, reason`, one row per record
//!   given a UPRN (matched or building level) whose address, postcode or UPRN changes;
//! - `inside_outside`: `basis, inside, outside, unknown`, the rows `before` (by the
//!   record's own postcode centroid) and `after` (by the location of the UPRN found: the
//!   property's point when a [`Gazetteer`] of properties is given, else its gazetteer
//!   postcode's centroid; a record without a UPRN keeps its before location).
//!
//! ```
//! use outreach::address::quality::{quality_report, Anomaly, QualityData, QualityOptions, QualityRecord};
//! use outreach::address::{AddressIndex, ReferenceAddress};
//! use outreach::Uprn;
//! # fn main() -> outreach::Result<()> {
//! let u = |n| Uprn::new(n);
//! let refs = vec![
//!     ReferenceAddress::text(u(10)?, "10 HIGH STREET, KELTON", Some("ZY1 1AA"), None),
//!     ReferenceAddress::text(u(12)?, "12 HIGH STREET, KELTON", Some("ZY1 1AB"), None),
//! ];
//! let index = AddressIndex::build(&refs)?;
//! let records = vec![
//!     QualityRecord::new("a", "10 High St, Kelton, ZY1 1AB", None), // postcode wrong
//!     QualityRecord::new("b", "12 High Street Kelton ZY1 1AB", None),
//!     QualityRecord::new("c", "7 Nowhere Lane", None),
//! ];
//! let data = QualityData::new(&index, &refs);
//! let report = quality_report(&records, &data, &QualityOptions::default())?;
//! assert_eq!(report.count(Anomaly::PostcodeCorrected), 1);
//! assert_eq!(report.count(Anomaly::NoMatch), 1);
//! // "a" gets its postcode; "b" only gains its UPRN, which needs no correction.
//! assert_eq!(report.corrections.rows(), 1);
//! assert_eq!(report.corrections.column("reason").unwrap().values.text(0),
//!     Some("postcode ZY1 1AB -> ZY1 1AA; UPRN added; address standardised"));
//! # Ok(())
//! # }
//! ```

use std::collections::{BTreeMap, HashMap};

use geo::{Intersects, MultiPolygon, Point};

use super::{AddressIndex, AddressParts, MatchOptions, MatchResult, MatchStatus, ReferenceAddress};
use crate::area::AreaSet;
use crate::error::Result;
use crate::gazetteer::Gazetteer;
use crate::postcode::{Postcode, PostcodeCentroids};
use crate::table::{Column, Table, Values};
use crate::uprn::Uprn;

/// One partner record to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityRecord {
    /// The record's id in the partner system.
    pub id: String,
    /// The address as recorded (the postcode may be inside it).
    pub address: String,
    /// The postcode, when recorded apart.
    pub postcode: Option<String>,
    /// The UPRN the record already carries, if any.
    pub uprn: Option<Uprn>,
}

impl QualityRecord {
    /// A record without a UPRN of its own.
    pub fn new(id: &str, address: &str, postcode: Option<&str>) -> Self {
        QualityRecord {
            id: id.to_string(),
            address: address.to_string(),
            postcode: postcode.map(str::to_string),
            uprn: None,
        }
    }
}

/// The council's area.
#[derive(Debug, Clone, Copy)]
pub enum Boundary<'a> {
    /// One (multi)polygon, BNG metres; points on the edge are inside.
    Polygon(&'a MultiPolygon<f64>),
    /// A set of areas (wards, LSOAs): inside means inside any of them.
    Areas(&'a AreaSet),
}

impl Boundary<'_> {
    /// Whether the point (BNG metres) is inside.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        match self {
            Boundary::Polygon(p) => p.intersects(&Point::new(x, y)),
            Boundary::Areas(a) => a.locate(x, y).is_some(),
        }
    }
}

/// The reference data a report is made against.
#[derive(Debug, Clone, Copy)]
pub struct QualityData<'a> {
    /// The matcher's index.
    pub index: &'a AddressIndex,
    /// The gazetteer addresses the index was built from (canonical text and postcodes).
    pub addresses: &'a [ReferenceAddress],
    /// Properties with classes and locations, if any: classification codes not starting
    /// with `R` are non-residential; the points locate matched UPRNs.
    pub properties: Option<&'a Gazetteer>,
    /// Postcode centroids, for the before location and UPRNs without a point.
    pub postcodes: Option<&'a PostcodeCentroids>,
    /// The boundary for inside/outside counts and the outside-the-boundary anomaly.
    pub boundary: Option<Boundary<'a>>,
}

impl<'a> QualityData<'a> {
    /// Index and addresses only (no classes, locations nor boundary).
    pub fn new(index: &'a AddressIndex, addresses: &'a [ReferenceAddress]) -> Self {
        QualityData {
            index,
            addresses,
            properties: None,
            postcodes: None,
            boundary: None,
        }
    }
}

/// Options of [`quality_report`].
#[derive(Debug, Clone, PartialEq)]
pub struct QualityOptions {
    /// Matching thresholds.
    pub matching: MatchOptions,
    /// Whether each property is expected once in the file (a client list, a register):
    /// then several records matched to one UPRN are [`Anomaly::SharedUprn`]. Default true.
    pub one_record_per_uprn: bool,
}

impl Default for QualityOptions {
    fn default() -> Self {
        QualityOptions {
            matching: MatchOptions::default(),
            one_record_per_uprn: true,
        }
    }
}

/// A class of anomaly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anomaly {
    /// No address fits well enough.
    NoMatch,
    /// Several addresses in different buildings fit about equally.
    Ambiguous,
    /// Only the building is certain, not the flat.
    BuildingOnly,
    /// The record's postcode is not the matched address's (or is not a postcode at all).
    PostcodeCorrected,
    /// The UPRN found is not residential (classification not `R...`; for a building-level
    /// answer, a parent shell `P...` is not counted).
    NonResidential,
    /// Several records matched one UPRN where one was expected.
    SharedUprn,
    /// The record carries a UPRN that is not in the gazetteer (retired or unknown).
    UnknownUprn,
    /// The matched address lies outside the boundary.
    OutsideBoundary,
}

impl Anomaly {
    /// Every class, in report order.
    pub const ALL: [Anomaly; 8] = [
        Anomaly::NoMatch,
        Anomaly::Ambiguous,
        Anomaly::BuildingOnly,
        Anomaly::PostcodeCorrected,
        Anomaly::NonResidential,
        Anomaly::SharedUprn,
        Anomaly::UnknownUprn,
        Anomaly::OutsideBoundary,
    ];

    /// `no_match`, `ambiguous`, `building_only`, `postcode_corrected`, `non_residential`,
    /// `shared_uprn`, `unknown_uprn` or `outside_boundary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Anomaly::NoMatch => "no_match",
            Anomaly::Ambiguous => "ambiguous",
            Anomaly::BuildingOnly => "building_only",
            Anomaly::PostcodeCorrected => "postcode_corrected",
            Anomaly::NonResidential => "non_residential",
            Anomaly::SharedUprn => "shared_uprn",
            Anomaly::UnknownUprn => "unknown_uprn",
            Anomaly::OutsideBoundary => "outside_boundary",
        }
    }
}

impl std::fmt::Display for Anomaly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Records inside, outside and of unknown location.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsideOutside {
    /// Located inside the boundary.
    pub inside: u64,
    /// Located outside.
    pub outside: u64,
    /// Without a location (no known postcode, no UPRN location).
    pub unknown: u64,
}

impl InsideOutside {
    fn add(&mut self, at: Option<bool>) {
        match at {
            Some(true) => self.inside += 1,
            Some(false) => self.outside += 1,
            None => self.unknown += 1,
        }
    }
}

/// The outcome of [`quality_report`].
#[derive(Debug, Clone)]
pub struct QualityReport {
    /// The match of each record, in input order.
    pub results: Vec<MatchResult>,
    /// The anomalies of each record, in input order.
    pub record_anomalies: Vec<Vec<Anomaly>>,
    /// `id, anomaly, uprn, address, detail`.
    pub anomalies: Table,
    /// `id, old_address, uprn, canonical_address, reason`.
    pub corrections: Table,
    /// `basis, inside, outside, unknown` (rows `before`, `after`); without a boundary
    /// `inside` and `outside` are missing and every record is unknown.
    pub inside_outside: Table,
    /// Before matching, by the record's own postcode.
    pub before: InsideOutside,
    /// After matching, by the UPRN found.
    pub after: InsideOutside,
    /// Records per anomaly class.
    pub counts: BTreeMap<Anomaly, u64>,
}

impl QualityReport {
    /// Number of records with this anomaly.
    pub fn count(&self, a: Anomaly) -> u64 {
        self.counts.get(&a).copied().unwrap_or(0)
    }

    /// Writes the three tables as CSV under `dir` (created if missing): `anomalies.csv`,
    /// `corrections.csv` and `inside_outside.csv`. Returns the files written, in that order.
    ///
    /// # Errors
    /// [`crate::Error::Io`] naming the directory or file that could not be written.
    pub fn write_csv_dir(&self, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|source| crate::Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut written = Vec::with_capacity(3);
        for (t, name) in [
            (&self.anomalies, "anomalies.csv"),
            (&self.corrections, "corrections.csv"),
            (&self.inside_outside, "inside_outside.csv"),
        ] {
            let path = dir.join(name);
            t.write_csv_file(&path)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// The single-line canonical address of a reference address (without the postcode).
pub fn canonical_text(parts: &AddressParts) -> String {
    match parts {
        AddressParts::Text(t) => t.clone(),
        AddressParts::Fields(f) => {
            let street = [f.number.as_str(), f.street.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            [
                f.sub_building.as_str(),
                f.building_name.as_str(),
                street.as_str(),
                f.locality.as_str(),
                f.town.as_str(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
        }
    }
}

/// Letters and digits only, upper case: two texts that differ only in case, spaces and
/// punctuation are the same address text.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn canonical_postcode(p: &str) -> Option<String> {
    p.parse::<Postcode>().ok().map(|p| p.as_str().to_string())
}

/// Matches every record and classifies its anomalies (see the module documentation).
///
/// # Errors
/// [`crate::Error::InvalidArgument`] only if the report tables cannot be assembled
/// (columns of unequal length: not expected for any input).
pub fn quality_report(
    records: &[QualityRecord],
    data: &QualityData<'_>,
    opts: &QualityOptions,
) -> Result<QualityReport> {
    let addresses: Vec<&str> = records.iter().map(|r| r.address.as_str()).collect();
    let postcodes: Vec<Option<&str>> = records.iter().map(|r| r.postcode.as_deref()).collect();
    let results = data
        .index
        .match_batch_with_postcodes(&addresses, &postcodes, &opts.matching)?;

    let refs: HashMap<Uprn, &ReferenceAddress> =
        data.addresses.iter().map(|r| (r.uprn, r)).collect();
    let ref_postcode = |u: Uprn| -> Option<String> {
        refs.get(&u)
            .and_then(|r| r.postcode.as_deref())
            .and_then(canonical_postcode)
    };
    let centroid = |pc: &str| -> Option<(f64, f64)> {
        let pc = pc.parse::<Postcode>().ok()?;
        let c = data.postcodes?.get(&pc)?;
        Some((c.x, c.y))
    };
    let location = |u: Uprn| -> Option<(f64, f64)> {
        if let Some(g) = data.properties {
            if let Some(row) = g.position(u) {
                return Some((g.xs()[row], g.ys()[row]));
            }
        }
        centroid(&ref_postcode(u)?)
    };
    let inside = |xy: Option<(f64, f64)>| -> Option<bool> {
        let b = data.boundary?;
        xy.map(|(x, y)| b.contains(x, y))
    };

    let mut per_uprn: HashMap<Uprn, u64> = HashMap::new();
    if opts.one_record_per_uprn {
        for m in &results {
            if let (MatchStatus::Matched, Some(u)) = (m.status, m.uprn) {
                *per_uprn.entry(u).or_insert(0) += 1;
            }
        }
    }

    let mut an = AnomalyRows::default();
    let mut co = CorrectionRows::default();
    let mut before = InsideOutside::default();
    let mut after = InsideOutside::default();
    let mut record_anomalies = Vec::with_capacity(records.len());
    for (rec, m) in records.iter().zip(&results) {
        let mut found: Vec<(Anomaly, String)> = Vec::new();
        match m.status {
            MatchStatus::NoMatch => found.push((Anomaly::NoMatch, m.reason.clone())),
            MatchStatus::Ambiguous => found.push((Anomaly::Ambiguous, m.reason.clone())),
            MatchStatus::Building => found.push((Anomaly::BuildingOnly, m.reason.clone())),
            MatchStatus::Matched => {}
        }
        let own_pc = m.postcode.as_deref().and_then(canonical_postcode);
        let new_pc = m.uprn.and_then(ref_postcode);
        // The postcode as written: read from the text or its column, or unreadable.
        let written = m.postcode.clone().or_else(|| {
            rec.postcode
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
        });
        let pc_change = match (&written, &new_pc) {
            (Some(old), Some(new)) if own_pc.as_deref() != Some(new.as_str()) => {
                Some(format!("postcode {old} -> {new}"))
            }
            _ => None,
        };
        if let Some(d) = &pc_change {
            found.push((Anomaly::PostcodeCorrected, d.clone()));
        }
        if let (Some(u), Some(g)) = (m.uprn, data.properties) {
            // A building-level answer may be a parent shell (class `P...`): not an anomaly.
            let shell = |c: &str| m.status == MatchStatus::Building && c.starts_with('P');
            if let Some(row) = g.position(u) {
                let class = g.class(row).unwrap_or("");
                if !g.is_residential(row) && !shell(class) {
                    found.push((Anomaly::NonResidential, format!("class {class}")));
                }
            }
        }
        if let (MatchStatus::Matched, Some(u)) = (m.status, m.uprn) {
            let n = per_uprn.get(&u).copied().unwrap_or(0);
            if n > 1 {
                found.push((Anomaly::SharedUprn, format!("{n} records at UPRN {u}")));
            }
        }
        if let Some(u) = rec.uprn {
            if !data.index.contains(u) {
                let d = match m.uprn {
                    Some(f) => format!("UPRN {u} not in the gazetteer; matched {f}"),
                    None => format!("UPRN {u} not in the gazetteer"),
                };
                found.push((Anomaly::UnknownUprn, d));
            }
        }
        let before_at = own_pc.as_deref().and_then(centroid);
        let after_at = match m.uprn {
            Some(u) => location(u).or(before_at),
            None => before_at,
        };
        before.add(inside(before_at));
        let after_in = inside(after_at);
        after.add(after_in);
        if m.uprn.is_some() && after_in == Some(false) {
            let d = match inside(before_at) {
                Some(true) => "outside; inside by the record's own postcode",
                _ => "outside",
            };
            found.push((Anomaly::OutsideBoundary, d.to_string()));
        }
        // The correction file.
        if let (Some(u), MatchStatus::Matched | MatchStatus::Building) = (m.uprn, m.status) {
            let canon = refs.get(&u).map(|r| canonical_text(&r.parts));
            let canonical = match (&canon, &new_pc) {
                (Some(c), Some(p)) => format!("{c}, {p}"),
                (Some(c), None) => c.clone(),
                (None, _) => String::new(),
            };
            let old = match &rec.postcode {
                Some(p) if !p.trim().is_empty() => format!("{}, {}", rec.address, p.trim()),
                _ => rec.address.clone(),
            };
            let mut why: Vec<String> = Vec::new();
            if m.status == MatchStatus::Building {
                why.push("building level only".into());
            }
            if let Some(d) = &pc_change {
                why.push(d.clone());
            } else if written.is_none() && new_pc.is_some() {
                why.push("postcode added".into());
            }
            match rec.uprn {
                Some(old_u) if old_u != u => why.push(format!("UPRN {old_u} -> {u}")),
                None => why.push("UPRN added".into()),
                Some(_) => {}
            }
            if squeeze(&old) != squeeze(&canonical) {
                why.push("address standardised".into());
            }
            // A record that only gains its UPRN needs no correction.
            if why.iter().any(|w| w != "UPRN added") {
                co.push(rec, &old, u, &canonical, &why.join("; "));
            }
        }
        let mut classes = Vec::with_capacity(found.len());
        for (a, d) in found {
            an.push(rec, a, m.uprn, &d);
            classes.push(a);
        }
        record_anomalies.push(classes);
    }

    let mut counts = BTreeMap::new();
    for list in &record_anomalies {
        for a in list {
            *counts.entry(*a).or_insert(0u64) += 1;
        }
    }
    let mut io = Table::new();
    io.push(Column::new(
        "basis",
        Values::Text(vec![Some("before".into()), Some("after".into())]),
    ))?;
    let has = data.boundary.is_some();
    let v = |f: fn(&InsideOutside) -> u64| {
        Values::Count(vec![has.then(|| f(&before)), has.then(|| f(&after))])
    };
    io.push(Column::new("inside", v(|c| c.inside)))?;
    io.push(Column::new("outside", v(|c| c.outside)))?;
    io.push(Column::new(
        "unknown",
        Values::Count(vec![Some(before.unknown), Some(after.unknown)]),
    ))?;
    Ok(QualityReport {
        results,
        record_anomalies,
        anomalies: an.table()?,
        corrections: co.table()?,
        inside_outside: io,
        before,
        after,
        counts,
    })
}

#[derive(Default)]
struct AnomalyRows {
    id: Vec<Option<String>>,
    anomaly: Vec<Option<String>>,
    uprn: Vec<Option<String>>,
    address: Vec<Option<String>>,
    detail: Vec<Option<String>>,
}

impl AnomalyRows {
    fn push(&mut self, rec: &QualityRecord, a: Anomaly, uprn: Option<Uprn>, detail: &str) {
        self.id.push(Some(rec.id.clone()));
        self.anomaly.push(Some(a.as_str().to_string()));
        self.uprn.push(uprn.map(|u| u.to_string()));
        self.address.push(Some(rec.address.clone()));
        self.detail.push(Some(detail.to_string()));
    }

    fn table(self) -> Result<Table> {
        let mut t = Table::new();
        t.push(Column::new("id", Values::Text(self.id)))?;
        t.push(Column::new("anomaly", Values::Text(self.anomaly)))?;
        t.push(Column::new("uprn", Values::Text(self.uprn)))?;
        t.push(Column::new("address", Values::Text(self.address)))?;
        t.push(Column::new("detail", Values::Text(self.detail)))?;
        Ok(t)
    }
}

#[derive(Default)]
struct CorrectionRows {
    id: Vec<Option<String>>,
    old: Vec<Option<String>>,
    uprn: Vec<Option<String>>,
    canonical: Vec<Option<String>>,
    reason: Vec<Option<String>>,
}

impl CorrectionRows {
    fn push(&mut self, rec: &QualityRecord, old: &str, uprn: Uprn, canonical: &str, why: &str) {
        self.id.push(Some(rec.id.clone()));
        self.old.push(Some(old.to_string()));
        self.uprn.push(Some(uprn.to_string()));
        self.canonical.push(Some(canonical.to_string()));
        self.reason.push(Some(why.to_string()));
    }

    fn table(self) -> Result<Table> {
        let mut t = Table::new();
        t.push(Column::new("id", Values::Text(self.id)))?;
        t.push(Column::new("old_address", Values::Text(self.old)))?;
        t.push(Column::new("uprn", Values::Text(self.uprn)))?;
        t.push(Column::new(
            "canonical_address",
            Values::Text(self.canonical),
        ))?;
        t.push(Column::new("reason", Values::Text(self.reason)))?;
        Ok(t)
    }
}
