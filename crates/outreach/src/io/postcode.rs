//! Code-Point Open centroids and the ONS postcode → OA/LSOA lookup.

use std::collections::HashMap;
use std::path::Path;

use super::csvblocks::{parse_rows, CsvBlocks};
use super::{parse_f64, reject, text, LoadReport};
use crate::area::AreaCode;
use crate::error::{Error, Result};
use crate::postcode::{Postcode, PostcodeCentroids};

/// Reads OS Code-Point Open (`Postcode,Positional_quality_indicator,Eastings,Northings,...,
/// Admin_district_code,Admin_ward_code`), plain or gzip.
///
/// Rows with an unreadable postcode, no coordinates (positional quality 90, or 0/0) or a
/// duplicate postcode are rejected with line and field.
///
/// # Errors
/// [`Error::Format`] for a missing column; [`Error::Io`] if the file cannot be read.
pub fn read_codepoint_open(path: &Path) -> Result<(PostcodeCentroids, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let pc = src.column("Postcode")?;
    let pqi = src.find(&["Positional_quality_indicator"]);
    let e = src.column("Eastings")?;
    let n = src.column("Northings")?;
    let district = src.find(&["Admin_district_code"]);
    let ward = src.find(&["Admin_ward_code"]);
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let p: Postcode = rec
            .get(pc)
            .and_then(text)
            .ok_or_else(|| reject(line, field(pc), "missing postcode"))?
            .parse()
            .map_err(|err: Error| reject(line, field(pc), err.to_string()))?;
        let quality = pqi
            .and_then(|i| rec.get(i))
            .and_then(parse_f64)
            .map_or(0, |q| q as u8);
        if quality == 90 {
            return Err(reject(
                line,
                field(pqi.unwrap_or(pc)),
                format!("{p} has no coordinates (positional quality 90)"),
            ));
        }
        let x = rec
            .get(e)
            .and_then(parse_f64)
            .ok_or_else(|| reject(line, field(e), "not a number"))?;
        let y = rec
            .get(n)
            .and_then(parse_f64)
            .ok_or_else(|| reject(line, field(n), "not a number"))?;
        if !crate::bng::in_grid(x, y) || (x == 0.0 && y == 0.0) {
            return Err(reject(
                line,
                field(e),
                format!("({x}, {y}) is outside Great Britain"),
            ));
        }
        let code = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .and_then(text)
                .and_then(|t| t.parse().ok())
        };
        Ok((p, x, y, quality, code(district), code(ward)))
    })?;
    let mut centroids = PostcodeCentroids::default();
    for (line, (p, x, y, q, d, w)) in rows {
        if let Err(reason) = centroids.push(p, x, y, q, d, w) {
            report.rejected.push(reject(line, field(pc), reason));
        }
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = centroids.len() as u64;
    Ok((centroids, report))
}

/// One row of the ONS postcode → OA → LSOA → MSOA → LAD best-fit lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostcodeLookupRow {
    /// The postcode.
    pub postcode: Postcode,
    /// Output Area (2011).
    pub oa: Option<AreaCode>,
    /// LSOA (2011).
    pub lsoa: Option<AreaCode>,
    /// Local authority district.
    pub district: Option<AreaCode>,
    /// Whether the postcode is terminated (`doterm` set).
    pub terminated: bool,
}

/// The ONS postcode → area best-fit lookup.
#[derive(Debug, Clone, Default)]
pub struct PostcodeLookup {
    rows: Vec<PostcodeLookupRow>,
    by_postcode: HashMap<Postcode, u32>,
}

impl PostcodeLookup {
    /// All rows in file order.
    pub fn rows(&self) -> &[PostcodeLookupRow] {
        &self.rows
    }

    /// The row of a postcode.
    pub fn get(&self, postcode: &Postcode) -> Option<&PostcodeLookupRow> {
        self.by_postcode
            .get(postcode)
            .map(|&i| &self.rows[i as usize])
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Reads the ONS postcode lookup (`pcds` or `pcd7`/`pcd8`, `doterm`, `oa11cd`,
/// `lsoa11cd`, `ladcd`), plain or gzip. Duplicate or unreadable postcodes are rejected.
///
/// # Errors
/// [`Error::Format`] for a missing column.
pub fn read_ons_postcode_lookup(path: &Path) -> Result<(PostcodeLookup, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let pc = src
        .find(&["pcds", "pcd7", "pcd8", "pcd"])
        .ok_or_else(|| src.format(Some(1), "missing postcode column (pcds, pcd7 or pcd8)"))?;
    let doterm = src.find(&["doterm"]);
    let oa = src.find(&["oa11cd", "oa21cd"]);
    let lsoa = src.find(&["lsoa11cd", "lsoa21cd"]);
    let lad = src.find(&["ladcd", "lad22cd", "ladcd22"]);
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let code = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .and_then(text)
                .and_then(|t| t.parse().ok())
        };
        let postcode: Postcode = rec
            .get(pc)
            .and_then(text)
            .ok_or_else(|| reject(line, field(pc), "missing postcode"))?
            .parse()
            .map_err(|e: Error| reject(line, field(pc), e.to_string()))?;
        Ok(PostcodeLookupRow {
            postcode,
            oa: code(oa),
            lsoa: code(lsoa),
            district: code(lad),
            terminated: doterm.and_then(|i| rec.get(i)).and_then(text).is_some(),
        })
    })?;
    let mut lookup = PostcodeLookup::default();
    for (line, row) in rows {
        if lookup.by_postcode.contains_key(&row.postcode) {
            report.rejected.push(reject(
                line,
                field(pc),
                format!("duplicate postcode {}", row.postcode),
            ));
            continue;
        }
        lookup
            .by_postcode
            .insert(row.postcode.clone(), lookup.rows.len() as u32);
        lookup.rows.push(row);
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = lookup.rows.len() as u64;
    Ok((lookup, report))
}
