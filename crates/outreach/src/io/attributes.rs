//! Attribute tables from CSV, and the ONS Output Area Classification.

use std::collections::HashMap;
use std::path::Path;

use super::csvblocks::{parse_rows, CsvBlocks};
use super::{parse_f64, reject, text, LoadReport, Rejection};
use crate::attributes::{normalise_key, AttributeTable, KeyKind};
use crate::error::Result;

/// Which columns of a CSV make an [`AttributeTable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeSpec {
    /// The key column.
    pub key_field: String,
    /// What it holds.
    pub key: KeyKind,
    /// Numeric columns.
    pub numeric: Vec<String>,
    /// Categorical columns.
    pub categorical: Vec<String>,
}

impl AttributeSpec {
    /// Every column but the key, each numeric when all its non-blank values are numbers
    /// and categorical otherwise.
    pub fn new(key_field: &str, key: KeyKind) -> Self {
        AttributeSpec {
            key_field: key_field.to_string(),
            key,
            numeric: Vec::new(),
            categorical: Vec::new(),
        }
    }

    /// Adds numeric columns (then only the named columns are read).
    pub fn with_numeric(mut self, columns: &[&str]) -> Self {
        self.numeric
            .extend(columns.iter().map(|c| (*c).to_string()));
        self
    }

    /// Adds categorical columns (then only the named columns are read).
    pub fn with_categorical(mut self, columns: &[&str]) -> Self {
        self.categorical
            .extend(columns.iter().map(|c| (*c).to_string()));
        self
    }
}

/// Reads an attribute table: one row per key (UPRN, postcode or area code), numeric and
/// categorical columns as `spec` says (or inferred, see [`AttributeSpec::new`]).
///
/// Rejected with line and field: a missing or invalid key, a key seen on an earlier line,
/// a non-numeric value in a numeric column. Blank values are missing, not rejected.
///
/// # Errors
/// [`crate::Error::Format`] when a named column is missing; [`crate::Error::Io`] when the
/// file cannot be read.
///
/// # Examples
/// ```
/// use outreach::attributes::KeyKind;
/// use outreach::io::{read_attribute_table, AttributeSpec};
/// # fn main() -> outreach::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("tenure.csv");
/// std::fs::write(&path, "uprn,tenure,adults\n1,social,2\n2,owner,x\n1,owner,1\n0003,,\n").unwrap();
/// let (table, report) = read_attribute_table(&path, &AttributeSpec::new("uprn", KeyKind::Uprn)
///     .with_categorical(&["tenure"]).with_numeric(&["adults"]))?;
/// assert_eq!((report.rows_read, report.accepted, report.rejected.len()), (4, 2, 2));
/// assert_eq!(table.keys(), ["1", "3"]);
/// # Ok(())
/// # }
/// ```
pub fn read_attribute_table(
    path: &Path,
    spec: &AttributeSpec,
) -> Result<(AttributeTable, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let key_col = src.column(&spec.key_field)?;
    let headers = src.headers().to_vec();
    let explicit = !(spec.numeric.is_empty() && spec.categorical.is_empty());
    // (column index, Some(true) numeric / Some(false) categorical / None inferred)
    let mut columns: Vec<(usize, Option<bool>)> = Vec::new();
    if explicit {
        for c in &spec.numeric {
            columns.push((src.column(c)?, Some(true)));
        }
        for c in &spec.categorical {
            columns.push((src.column(c)?, Some(false)));
        }
    } else {
        columns = (0..headers.len())
            .filter(|&i| i != key_col)
            .map(|i| (i, None))
            .collect();
    }
    let field = |i: usize| headers.get(i).map(String::as_str);
    let kind = spec.key;
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let raw = rec
            .get(key_col)
            .and_then(text)
            .ok_or_else(|| reject(line, field(key_col), "missing key"))?;
        let key =
            normalise_key(kind, raw).map_err(|e| reject(line, field(key_col), e.to_string()))?;
        let mut values = Vec::with_capacity(columns.len());
        for &(c, numeric) in &columns {
            let v = rec.get(c).and_then(text);
            if numeric == Some(true) {
                if let Some(t) = v {
                    if parse_f64(t.as_bytes()).is_none() {
                        return Err(reject(line, field(c), format!("{t:?} is not a number")));
                    }
                }
            }
            values.push(v.map(str::to_string));
        }
        Ok((key, values))
    })?;
    // Duplicates: the first occurrence wins, later ones are rejected.
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(rows.len());
    let mut kept: Vec<(String, Vec<Option<String>>)> = Vec::with_capacity(rows.len());
    let mut dups: Vec<Rejection> = Vec::new();
    for (line, (key, values)) in rows {
        if let Some(first) = seen.get(&key) {
            dups.push(reject(
                line,
                field(key_col),
                format!("key {key} repeats line {first}"),
            ));
        } else {
            seen.insert(key.clone(), line);
            kept.push((key, values));
        }
    }
    if !dups.is_empty() {
        report.rejected.extend(dups);
        report.rejected.sort_by_key(|r| r.line);
        report.accepted = kept.len() as u64;
    }
    let mut table = AttributeTable::new(kind, kept.iter().map(|(k, _)| k.clone()).collect())?;
    for (j, &(c, numeric)) in columns.iter().enumerate() {
        let name = headers
            .get(c)
            .cloned()
            .unwrap_or_else(|| format!("column{c}"));
        let is_numeric = numeric.unwrap_or_else(|| {
            let mut any = false;
            let all = kept.iter().all(|(_, v)| match &v[j] {
                Some(t) => {
                    any = true;
                    parse_f64(t.as_bytes()).is_some()
                }
                None => true,
            });
            all && any
        });
        if is_numeric {
            let values = kept
                .iter()
                .map(|(_, v)| v[j].as_deref().and_then(|t| parse_f64(t.as_bytes())))
                .collect();
            table.add_numeric(&name, values)?;
        } else {
            table.add_categorical(&name, kept.iter().map(|(_, v)| v[j].clone()).collect())?;
        }
    }
    Ok((table, report))
}

/// The 2011 OAC supergroup names (ONS / UCL), by supergroup number.
const OAC_SUPERGROUPS: [&str; 8] = [
    "Rural Residents",
    "Cosmopolitans",
    "Ethnicity Central",
    "Multicultural Metropolitans",
    "Urbanites",
    "Suburbanites",
    "Constrained City Dwellers",
    "Hard-Pressed Living",
];

/// Reads the 2011 Output Area Classification (ONS `OA11CD,OAC11CD,OAC11NM,...` layout)
/// into an area-keyed table with three categorical columns: `oac_supergroup` (e.g.
/// `6 Suburbanites`), `oac_group` (`6a`) and `oac_subgroup` (`6a2 Comfortable Suburbia`,
/// the file's name for it). Join it to properties through their Output Area
/// ([`AttributeTable::join`] with an OA 2011 area set).
///
/// Rows with a bad OA code or a subgroup code not of the form digit-letter-digit are
/// rejected with line and field; repeated OAs are rejected after the first.
///
/// # Errors
/// [`crate::Error::Format`] when `OA11CD` or `OAC11CD` is missing.
pub fn read_oac2011(path: &Path) -> Result<(AttributeTable, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let oa = src.column("OA11CD")?;
    let code = src.column("OAC11CD")?;
    let name = src.find(&["OAC11NM"]);
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let area = rec
            .get(oa)
            .and_then(text)
            .ok_or_else(|| reject(line, field(oa), "missing OA code"))?;
        let area = normalise_key(KeyKind::Area, area)
            .map_err(|e| reject(line, field(oa), e.to_string()))?;
        let c = rec
            .get(code)
            .and_then(text)
            .ok_or_else(|| reject(line, field(code), "missing OAC code"))?
            .to_ascii_lowercase();
        let b = c.as_bytes();
        let ok = b.len() == 3
            && (b'1'..=b'8').contains(&b[0])
            && b[1].is_ascii_lowercase()
            && b[2].is_ascii_digit();
        if !ok {
            return Err(reject(
                line,
                field(code),
                format!("{c:?} is not an OAC 2011 subgroup code (e.g. 6a2)"),
            ));
        }
        let sub_name = name.and_then(|n| rec.get(n)).and_then(text);
        Ok((area, c, sub_name.map(str::to_string)))
    })?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut kept = Vec::with_capacity(rows.len());
    for (line, (area, c, n)) in rows {
        if let Some(first) = seen.get(&area) {
            report.rejected.push(reject(
                line,
                field(oa),
                format!("OA {area} repeats line {first}"),
            ));
        } else {
            seen.insert(area.clone(), line);
            kept.push((area, c, n));
        }
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = kept.len() as u64;
    let mut table = AttributeTable::new(KeyKind::Area, kept.iter().map(|r| r.0.clone()).collect())?;
    let supergroup = |c: &str| -> String {
        let d = usize::from(c.as_bytes()[0] - b'0');
        format!("{d} {}", OAC_SUPERGROUPS[d - 1])
    };
    table.add_categorical(
        "oac_supergroup",
        kept.iter().map(|r| Some(supergroup(&r.1))).collect(),
    )?;
    table.add_categorical(
        "oac_group",
        kept.iter().map(|r| Some(r.1[..2].to_string())).collect(),
    )?;
    table.add_categorical(
        "oac_subgroup",
        kept.iter()
            .map(|r| {
                Some(match &r.2 {
                    Some(n) => format!("{} {n}", r.1),
                    None => r.1.clone(),
                })
            })
            .collect(),
    )?;
    Ok((table, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oac_rows_are_checked_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("oac.csv");
        std::fs::write(
            &p,
            "OA11CD,OAC11CD,OAC11NM\nE00000001,6a2,Comfortable Suburbia\nE00000002,9z9,x\nE00000001,1a1,y\n,1a1,z\nE00000003,8B1,Hard\n",
        )
        .unwrap();
        let (t, r) = read_oac2011(&p).unwrap();
        assert_eq!((r.rows_read, r.accepted, r.rejected.len()), (5, 2, 3));
        assert!(r.is_consistent());
        assert_eq!(r.rejected[0].line, 3);
        assert!(
            r.rejected[1].reason.contains("repeats line 2"),
            "{:?}",
            r.rejected
        );
        let sg = t.attribute("oac_supergroup").unwrap();
        assert_eq!(sg.levels(), ["6 Suburbanites", "8 Hard-Pressed Living"]);
        assert_eq!(
            t.attribute("oac_subgroup").unwrap().levels()[0],
            "6a2 Comfortable Suburbia"
        );
    }

    #[test]
    fn inferred_column_types() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(
            &p,
            "postcode,band,income\nPR7 1AA,A,\"1,200\"\npr71ab,B,\nXX,C,3\n",
        )
        .unwrap();
        let (t, r) =
            read_attribute_table(&p, &AttributeSpec::new("postcode", KeyKind::Postcode)).unwrap();
        assert_eq!((r.accepted, r.rejected.len()), (2, 1));
        assert_eq!(r.rejected[0].field.as_deref(), Some("postcode"));
        assert!(t.attribute("band").unwrap().is_categorical());
        assert!(!t.attribute("income").unwrap().is_categorical());
        assert_eq!(t.keys(), ["PR7 1AA", "PR7 1AB"]);
        assert!(read_attribute_table(&p, &AttributeSpec::new("nope", KeyKind::Postcode)).is_err());
    }
}
