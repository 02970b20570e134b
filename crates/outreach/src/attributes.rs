//! Attribute tables ("lifestyle data"): numeric and categorical columns keyed by UPRN,
//! postcode or area code, joined to the properties of a [`Gazetteer`].
//!
//! A council joins Mosaic or Acorn segments, council-tax bands, benefit flags or the open
//! ONS Output Area Classification to its gazetteer, then profiles areas by them
//! ([`crate::profile`]). The join never drops anything silently: [`JoinReport`] says how many
//! properties found a row, how many did not, and how many table rows matched no property.
//!
//! ```
//! use outreach::attributes::{AttributeTable, KeyKind};
//! use outreach::{GazetteerBuilder, Property, Uprn};
//! # fn main() -> outreach::Result<()> {
//! let mut b = GazetteerBuilder::new();
//! b.push(Property::at(Uprn::new(1)?, 359_000.0, 418_000.0));
//! b.push(Property::at(Uprn::new(2)?, 359_100.0, 418_000.0));
//! let homes = b.build()?;
//! let mut t = AttributeTable::new(KeyKind::Uprn, vec!["000000000001".into(), "3".into()])?;
//! t.add_categorical("tenure", vec![Some("social rent".into()), Some("owner".into())])?;
//! let (joined, report) = t.join(&homes, None)?;
//! assert_eq!((report.matched, report.unmatched, report.unused_rows), (1, 1, 1));
//! assert_eq!(joined.category(0, 0), Some("social rent"));
//! assert_eq!(joined.category(0, 1), None);
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;

use crate::area::{AreaCode, AreaSet};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::postcode::Postcode;
use crate::spatial::Assignment;
use crate::uprn::Uprn;

const NONE: u32 = u32::MAX;

/// What the rows of an [`AttributeTable`] are keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// One row per property (UPRN).
    Uprn,
    /// One row per postcode: every property with that postcode takes the row.
    Postcode,
    /// One row per area (e.g. an Output Area for the OAC): every property assigned to that
    /// area takes the row.
    Area,
}

impl KeyKind {
    /// Lower-case name: `uprn`, `postcode`, `area`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Uprn => "uprn",
            KeyKind::Postcode => "postcode",
            KeyKind::Area => "area",
        }
    }
}

impl std::str::FromStr for KeyKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "uprn" => Ok(KeyKind::Uprn),
            "postcode" => Ok(KeyKind::Postcode),
            "area" => Ok(KeyKind::Area),
            other => Err(Error::arg(
                "key",
                format!("unknown key kind {other:?} (uprn, postcode or area)"),
            )),
        }
    }
}

/// The values of one attribute column, one per table row.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValues {
    /// Numbers (e.g. an income score, the number of children).
    Numeric(Vec<Option<f64>>),
    /// Segments: `codes[row]` indexes `levels` (sorted), `None` when missing.
    Categorical {
        /// The distinct values, sorted.
        levels: Vec<String>,
        /// Per row, the index into `levels`.
        codes: Vec<Option<u32>>,
    },
}

/// A named attribute column.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Column name.
    pub name: String,
    /// Its values.
    pub values: AttributeValues,
}

impl Attribute {
    /// True for a categorical column.
    pub fn is_categorical(&self) -> bool {
        matches!(self.values, AttributeValues::Categorical { .. })
    }

    /// The levels of a categorical column (empty for a numeric one).
    pub fn levels(&self) -> &[String] {
        match &self.values {
            AttributeValues::Categorical { levels, .. } => levels,
            AttributeValues::Numeric(_) => &[],
        }
    }
}

/// Rows of attributes under a key (UPRN, postcode or area code).
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeTable {
    key: KeyKind,
    keys: Vec<String>,
    index: HashMap<String, u32>,
    columns: Vec<Attribute>,
}

/// The canonical form of a key: UPRNs without leading zeros, postcodes in the
/// `AB1 2CD` form, area codes as given (trimmed).
pub fn normalise_key(kind: KeyKind, key: &str) -> Result<String> {
    Ok(match kind {
        KeyKind::Uprn => key.trim().parse::<Uprn>()?.to_string(),
        KeyKind::Postcode => key.parse::<Postcode>()?.to_string(),
        KeyKind::Area => key.trim().parse::<AreaCode>()?.to_string(),
    })
}

impl AttributeTable {
    /// A table with the given keys (normalised by [`normalise_key`]) and no columns yet.
    /// Errors on an invalid or duplicate key, naming its position.
    pub fn new(key: KeyKind, keys: Vec<String>) -> Result<Self> {
        if keys.len() >= NONE as usize {
            return Err(Error::arg("keys", "too many rows"));
        }
        let mut index = HashMap::with_capacity(keys.len());
        let mut norm = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            let n = normalise_key(key, k)
                .map_err(|e| Error::arg("keys", format!("row {}: {e}", i + 1)))?;
            if let Some(first) = index.insert(n.clone(), i as u32) {
                return Err(Error::arg(
                    "keys",
                    format!("row {}: key {n} repeats row {}", i + 1, first + 1),
                ));
            }
            norm.push(n);
        }
        Ok(AttributeTable {
            key,
            keys: norm,
            index,
            columns: Vec::new(),
        })
    }

    fn check_new(&self, name: &str, len: usize) -> Result<()> {
        if name.trim().is_empty() {
            return Err(Error::arg("name", "an attribute needs a name"));
        }
        if self.columns.iter().any(|c| c.name == name) {
            return Err(Error::arg(
                "name",
                format!("attribute {name:?} already exists"),
            ));
        }
        if len != self.keys.len() {
            return Err(Error::arg(
                "values",
                format!(
                    "attribute {name:?} has {len} values for {} rows",
                    self.keys.len()
                ),
            ));
        }
        Ok(())
    }

    /// Adds a numeric column (one value per row; `None` or NaN = missing).
    pub fn add_numeric(&mut self, name: &str, values: Vec<Option<f64>>) -> Result<()> {
        self.check_new(name, values.len())?;
        if let Some(bad) = values.iter().flatten().find(|v| v.is_infinite()) {
            return Err(Error::arg(
                "values",
                format!("attribute {name:?} holds {bad}"),
            ));
        }
        let values = values
            .into_iter()
            .map(|v| v.filter(|x| !x.is_nan()))
            .collect();
        self.columns.push(Attribute {
            name: name.to_string(),
            values: AttributeValues::Numeric(values),
        });
        Ok(())
    }

    /// Adds a categorical column (one value per row; `None` or blank = missing). Levels are
    /// the distinct trimmed values, sorted.
    pub fn add_categorical(&mut self, name: &str, values: Vec<Option<String>>) -> Result<()> {
        self.check_new(name, values.len())?;
        let trimmed: Vec<Option<String>> = values
            .into_iter()
            .map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
            .collect();
        let mut levels: Vec<String> = trimmed.iter().flatten().cloned().collect();
        levels.sort_unstable();
        levels.dedup();
        if levels.len() >= NONE as usize {
            return Err(Error::arg("values", "too many levels"));
        }
        let codes = trimmed
            .iter()
            .map(|v| {
                v.as_ref()
                    .and_then(|s| levels.binary_search(s).ok())
                    .map(|i| i as u32)
            })
            .collect();
        self.columns.push(Attribute {
            name: name.to_string(),
            values: AttributeValues::Categorical { levels, codes },
        });
        Ok(())
    }

    /// What the rows are keyed by.
    pub fn key_kind(&self) -> KeyKind {
        self.key
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The normalised keys, in row order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The row of a key (normalised first); `None` if absent or invalid.
    pub fn row_of(&self, key: &str) -> Option<usize> {
        let n = normalise_key(self.key, key).ok()?;
        self.index.get(&n).map(|&i| i as usize)
    }

    /// The columns, in order.
    pub fn attributes(&self) -> &[Attribute] {
        &self.columns
    }

    /// The column called `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Joins the table to the properties of `gazetteer`: by UPRN, by the property's
    /// postcode, or (key [`KeyKind::Area`]) by the code of the area each property is
    /// assigned to in `areas` (the set and the assignment of the gazetteer to it).
    ///
    /// Errors when an area-keyed table is joined without `areas`, or when the assignment's
    /// length differs from the gazetteer's.
    pub fn join<'t>(
        &'t self,
        gazetteer: &Gazetteer,
        areas: Option<(&AreaSet, &Assignment)>,
    ) -> Result<(JoinedAttributes<'t>, JoinReport)> {
        let n = gazetteer.len();
        let rows: Vec<u32> = match self.key {
            KeyKind::Uprn => gazetteer
                .uprns()
                .iter()
                .map(|u| self.index.get(&u.to_string()).copied().unwrap_or(NONE))
                .collect(),
            KeyKind::Postcode => {
                let mut cache: HashMap<&str, u32> = HashMap::new();
                (0..n)
                    .map(|i| match gazetteer.postcode(i) {
                        Some(pc) => *cache.entry(pc).or_insert_with(|| {
                            normalise_key(KeyKind::Postcode, pc)
                                .ok()
                                .and_then(|k| self.index.get(&k).copied())
                                .unwrap_or(NONE)
                        }),
                        None => NONE,
                    })
                    .collect()
            }
            KeyKind::Area => {
                let (set, assignment) = areas.ok_or_else(|| {
                    Error::arg(
                        "areas",
                        "an area-keyed table joins through an area set and its assignment",
                    )
                })?;
                if assignment.len() != n {
                    return Err(Error::arg(
                        "areas",
                        format!(
                            "assignment has {} points for {n} properties",
                            assignment.len()
                        ),
                    ));
                }
                let by_area: Vec<u32> = set
                    .codes()
                    .iter()
                    .map(|c| self.index.get(c.as_str()).copied().unwrap_or(NONE))
                    .collect();
                assignment
                    .iter()
                    .map(|a| {
                        a.and_then(|a| by_area.get(a as usize).copied())
                            .unwrap_or(NONE)
                    })
                    .collect()
            }
        };
        let matched = rows.iter().filter(|&&r| r != NONE).count() as u64;
        let mut used = vec![false; self.keys.len()];
        for &r in &rows {
            if let Some(u) = used.get_mut(r as usize) {
                *u = true;
            }
        }
        let report = JoinReport {
            key: self.key,
            properties: n as u64,
            matched,
            unmatched: n as u64 - matched,
            table_rows: self.keys.len() as u64,
            unused_rows: used.iter().filter(|u| !**u).count() as u64,
        };
        Ok((JoinedAttributes::from_rows(self, rows)?, report))
    }
}

/// How a join went. `matched + unmatched == properties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JoinReport {
    /// The key joined on.
    pub key: KeyKind,
    /// Properties in the gazetteer.
    pub properties: u64,
    /// Properties that found a table row.
    pub matched: u64,
    /// Properties that found none (no key, or a key not in the table).
    pub unmatched: u64,
    /// Rows in the table.
    pub table_rows: u64,
    /// Table rows no property took (e.g. UPRNs not in the gazetteer).
    pub unused_rows: u64,
}

impl fmt::Display for JoinReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "join by {}: {} of {} properties matched ({} unmatched); {} of {} table rows unused",
            self.key.as_str(),
            self.matched,
            self.properties,
            self.unmatched,
            self.unused_rows,
            self.table_rows
        )
    }
}

/// An attribute table seen property by property: for each property, its table row.
#[derive(Debug, Clone)]
pub struct JoinedAttributes<'t> {
    table: &'t AttributeTable,
    rows: Vec<u32>,
}

impl<'t> JoinedAttributes<'t> {
    /// From explicit property → row positions (`None` = no row). Errors on a row out of
    /// range.
    pub fn new(table: &'t AttributeTable, rows: &[Option<usize>]) -> Result<Self> {
        let rows = rows.iter().map(|r| r.map_or(NONE, |r| r as u32)).collect();
        Self::from_rows(table, rows)
    }

    fn from_rows(table: &'t AttributeTable, rows: Vec<u32>) -> Result<Self> {
        if let Some(bad) = rows
            .iter()
            .find(|&&r| r != NONE && r as usize >= table.len())
        {
            return Err(Error::arg(
                "rows",
                format!("row {bad} is out of range for a table of {}", table.len()),
            ));
        }
        Ok(JoinedAttributes { table, rows })
    }

    /// The table joined.
    pub fn table(&self) -> &'t AttributeTable {
        self.table
    }

    /// Number of properties.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no properties.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table row of property `i`.
    pub fn row(&self, i: usize) -> Option<usize> {
        self.rows
            .get(i)
            .filter(|&&r| r != NONE)
            .map(|&r| r as usize)
    }

    /// The level index of categorical attribute `column` for property `i`.
    pub fn level(&self, column: usize, i: usize) -> Option<u32> {
        let row = self.row(i)?;
        match &self.table.columns.get(column)?.values {
            AttributeValues::Categorical { codes, .. } => codes.get(row).copied().flatten(),
            AttributeValues::Numeric(_) => None,
        }
    }

    /// The value of categorical attribute `column` for property `i`.
    pub fn category(&self, column: usize, i: usize) -> Option<&'t str> {
        let level = self.level(column, i)?;
        let col = self.table.columns.get(column)?;
        col.levels().get(level as usize).map(String::as_str)
    }

    /// The value of numeric attribute `column` for property `i`.
    pub fn number(&self, column: usize, i: usize) -> Option<f64> {
        let row = self.row(i)?;
        match &self.table.columns.get(column)?.values {
            AttributeValues::Numeric(v) => v.get(row).copied().flatten(),
            AttributeValues::Categorical { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::area::{AreaInput, AreaKind, Vintage};
    use crate::gazetteer::{GazetteerBuilder, Property};
    use geo::{polygon, MultiPolygon};

    fn homes() -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        for (u, x, pc) in [
            (1, 1.0, "pr7 1aa"),
            (2, 2.0, "PR71AA"),
            (3, 12.0, "PR7 2BB"),
            (4, 30.0, ""),
        ] {
            let mut p = Property::at(Uprn::new(u).unwrap(), 300_000.0 + x, 400_000.0);
            if !pc.is_empty() {
                p.postcode = Some(pc.parse().unwrap());
            }
            b.push(p);
        }
        b.build().unwrap()
    }

    #[test]
    fn joins_by_postcode_after_normalising_both_sides() {
        let g = homes();
        let mut t = AttributeTable::new(
            KeyKind::Postcode,
            vec!["PR7 1AA".into(), "PR72BB".into(), "PR7 9ZZ".into()],
        )
        .unwrap();
        t.add_numeric("income", vec![Some(10.0), Some(f64::NAN), Some(3.0)])
            .unwrap();
        let (j, r) = t.join(&g, None).unwrap();
        assert_eq!((r.matched, r.unmatched, r.unused_rows), (3, 1, 1));
        assert_eq!(j.number(0, 0), Some(10.0));
        assert_eq!(j.number(0, 1), Some(10.0));
        assert_eq!(j.number(0, 2), None, "NaN is missing");
        assert_eq!(j.row(3), None);
    }

    #[test]
    fn joins_by_area_through_the_assignment() {
        let g = homes();
        let sq = |x0: f64, code: &str| AreaInput {
            code: code.parse().unwrap(),
            name: None,
            geometry: MultiPolygon(vec![
                polygon![(x: 300_000.0 + x0, y: 399_990.0), (x: 300_010.0 + x0, y: 399_990.0), (x: 300_010.0 + x0, y: 400_010.0), (x: 300_000.0 + x0, y: 400_010.0)],
            ]),
        };
        let set = AreaSet::new(
            "oa",
            AreaKind::OutputArea,
            Vintage::Y2011,
            vec![sq(0.0, "E00000001"), sq(10.0, "E00000002")],
        )
        .unwrap();
        let a = g.assign(&set);
        let mut t =
            AttributeTable::new(KeyKind::Area, vec!["E00000002".into(), "E00000001".into()])
                .unwrap();
        t.add_categorical("oac", vec![Some("2a1".into()), Some(" 1b2 ".into())])
            .unwrap();
        assert_eq!(t.attributes()[0].levels(), ["1b2", "2a1"]);
        let (j, r) = t.join(&g, Some((&set, &a))).unwrap();
        assert_eq!((r.matched, r.unmatched), (3, 1));
        assert_eq!(j.category(0, 0), Some("1b2"));
        assert_eq!(j.category(0, 2), Some("2a1"));
        assert!(t.join(&g, None).is_err());
    }

    #[test]
    fn bad_keys_and_columns_are_refused() {
        assert!(AttributeTable::new(KeyKind::Uprn, vec!["1".into(), "0001".into()]).is_err());
        assert!(AttributeTable::new(KeyKind::Uprn, vec!["x".into()]).is_err());
        let mut t = AttributeTable::new(KeyKind::Uprn, vec!["1".into()]).unwrap();
        assert!(t.add_numeric("a", vec![]).is_err());
        assert!(t.add_numeric("a", vec![Some(f64::INFINITY)]).is_err());
        t.add_numeric("a", vec![Some(1.0)]).unwrap();
        assert!(t.add_categorical("a", vec![None]).is_err());
        assert_eq!(t.row_of("00001"), Some(0));
    }
}
