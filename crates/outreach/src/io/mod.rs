//! Readers for the files councils and ONS publish (feature `io`, on by default).
//!
//! Every reader returns what it loaded together with a [`LoadReport`]: rows read, rows
//! accepted and every rejected row with its line, field and reason, so that
//! `accepted + rejected == rows_read` always holds and nothing is dropped silently.
//! Problems that make the whole file unusable (missing column, undeclared CRS, truncated
//! gzip, invalid JSON) are returned as [`Error::Format`] or [`Error::Io`] instead.
//!
//! Files ending in anything may be gzip-compressed: compression is detected from the
//! content, not the name.

mod address;
mod areas;
mod attributes;
mod census;
mod crime;
mod csvblocks;
mod gazetteer;
mod interventions;
mod iod;
mod points;
mod postcode;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

pub use address::{
    read_address_gazetteer, read_partner_addresses, read_quality_records, AddressColumns,
    AddressLayout, PartnerAddress,
};
pub use areas::{read_area_inputs, read_area_set, AreaSetSpec};
pub use attributes::{read_attribute_table, read_oac2011, AttributeSpec};
pub use census::{
    census_for_areas, read_lsoa_lookup, read_population_by_age, read_ts011, LsoaChange,
    LsoaLookupRow,
};
pub use crime::read_police_uk;
pub(crate) use csvblocks::read_to_string as read_text;
pub(crate) use csvblocks::{parse_rows, CsvBlocks};
pub use gazetteer::{
    read_gazetteer, read_gazetteer_with_progress, Crs, GazetteerColumns, GazetteerFormat,
};
pub use interventions::read_interventions;
pub use iod::{read_iod, read_lsoa_membership, read_lsoa_population};
pub use points::{read_assets, read_points, AssetFormat, Points};
pub use postcode::{
    read_codepoint_open, read_ons_postcode_lookup, PostcodeLookup, PostcodeLookupRow,
};
pub use write::{geometry_geojson, write_area_geojson};

#[allow(unused_imports)]
use crate::error::Error;

/// One input row (or feature) a reader refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// One-based line in the file for CSV input; one-based feature number for GeoJSON.
    pub line: u64,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What was wrong.
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "line {}: field {field}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// What a reader did with its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// The file read.
    pub path: PathBuf,
    /// Data rows (or features) read, header excluded.
    pub rows_read: u64,
    /// Rows loaded.
    pub accepted: u64,
    /// Rows refused, in file order.
    pub rejected: Vec<Rejection>,
    /// Rows loaded but with a problem worth knowing (e.g. a self-intersecting polygon used
    /// under the even-odd rule), in file order. They count as accepted.
    pub warnings: Vec<Rejection>,
}

impl LoadReport {
    pub(crate) fn new(path: &Path) -> Self {
        LoadReport {
            path: path.to_path_buf(),
            rows_read: 0,
            accepted: 0,
            rejected: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Whether every row was accepted.
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty()
    }

    /// Whether the counts add up (`accepted + rejected == rows_read`); always true for the
    /// reports this crate makes.
    pub fn is_consistent(&self) -> bool {
        self.accepted + self.rejected.len() as u64 == self.rows_read
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} read, {} accepted, {} rejected",
            self.path.display(),
            self.rows_read,
            self.accepted,
            self.rejected.len()
        )?;
        if !self.warnings.is_empty() {
            write!(f, " ({} accepted with warnings)", self.warnings.len())?;
        }
        Ok(())
    }
}

pub(crate) fn reject(line: u64, field: Option<&str>, reason: impl Into<String>) -> Rejection {
    Rejection {
        line,
        field: field.map(str::to_string),
        reason: reason.into(),
    }
}

/// Parses a decimal number from CSV bytes (surrounding spaces and thousands separators
/// such as `"1,296"` allowed).
pub(crate) fn parse_f64(bytes: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(bytes).ok()?.trim();
    if s.is_empty() {
        return None;
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        Ok(_) => None,
        Err(_) if s.contains(',') => s
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite()),
        Err(_) => None,
    }
}

/// Text of a CSV field, trimmed; `None` when empty or not UTF-8.
pub(crate) fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
