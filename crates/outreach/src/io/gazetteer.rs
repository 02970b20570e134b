//! Gazetteer files: OS Open UPRN, mapped CSV (BNG or WGS84), AddressBase Premium.

use std::ops::ControlFlow;
use std::path::Path;

use super::csvblocks::{records, CsvBlocks};
use super::{parse_f64, reject, text, LoadReport, Rejection};
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, GazetteerBuilder, Property};
use crate::progress::Progress;
use crate::uprn::Uprn;

/// Coordinate reference system of x/y columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Crs {
    /// British National Grid (EPSG:27700): easting, northing in metres.
    #[default]
    Bng,
    /// WGS84 (EPSG:4326): longitude, latitude in degrees; converted with OSTN15.
    Wgs84,
}

impl std::str::FromStr for Crs {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_uppercase().trim_start_matches("EPSG:") {
            "27700" | "BNG" => Ok(Crs::Bng),
            "4326" | "WGS84" | "CRS84" => Ok(Crs::Wgs84),
            other => Err(crate::Error::arg(
                "crs",
                format!("{other:?}: use 27700 (British National Grid) or 4326 (WGS84)"),
            )),
        }
    }
}

/// Which columns of a CSV hold what, for [`GazetteerFormat::Columns`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerColumns {
    /// UPRN column.
    pub uprn: String,
    /// Easting (BNG) or longitude (WGS84) column.
    pub x: String,
    /// Northing (BNG) or latitude (WGS84) column.
    pub y: String,
    /// CRS of `x` and `y`.
    pub crs: Crs,
    /// Classification code column, if any.
    pub class: Option<String>,
    /// Parent UPRN column, if any.
    pub parent: Option<String>,
    /// Postcode column, if any.
    pub postcode: Option<String>,
    /// Address columns, joined with ", " (empty parts skipped).
    pub address: Vec<String>,
}

impl GazetteerColumns {
    /// UPRN and BNG easting/northing columns, nothing else.
    pub fn bng(uprn: &str, x: &str, y: &str) -> Self {
        GazetteerColumns {
            uprn: uprn.into(),
            x: x.into(),
            y: y.into(),
            crs: Crs::Bng,
            class: None,
            parent: None,
            postcode: None,
            address: Vec::new(),
        }
    }

    /// UPRN and WGS84 longitude/latitude columns, nothing else.
    pub fn wgs84(uprn: &str, lon: &str, lat: &str) -> Self {
        GazetteerColumns {
            crs: Crs::Wgs84,
            ..Self::bng(uprn, lon, lat)
        }
    }
}

/// The layout of a gazetteer file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GazetteerFormat {
    /// OS Open UPRN CSV: `UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE` (BNG used).
    OsOpenUprn,
    /// AddressBase Premium flattened property CSV (`uprn`, `x`, `y`, `class`,
    /// `parent_uprn`, SAO/PAO fields, `thoroughfare`, `post_town`, `postcode`...).
    AddressBasePremium,
    /// Any CSV with named columns.
    Columns(GazetteerColumns),
}

struct Cols {
    uprn: usize,
    x: usize,
    y: usize,
    crs: Crs,
    class: Option<usize>,
    parent: Option<usize>,
    postcode: Option<usize>,
    address: Vec<usize>,
    abp: Option<AbpCols>,
}

/// AddressBase Premium address parts, in reading order.
struct AbpCols {
    sao: [Option<usize>; 5],
    pao: [Option<usize>; 5],
    street: Option<usize>,
    locality: Option<usize>,
    town: Option<usize>,
}

fn resolve(src: &CsvBlocks, format: &GazetteerFormat) -> Result<Cols> {
    Ok(match format {
        GazetteerFormat::OsOpenUprn => Cols {
            uprn: src.column("UPRN")?,
            x: src.column("X_COORDINATE")?,
            y: src.column("Y_COORDINATE")?,
            crs: Crs::Bng,
            class: None,
            parent: None,
            postcode: None,
            address: Vec::new(),
            abp: None,
        },
        GazetteerFormat::AddressBasePremium => {
            let f = |n: &str| src.find(&[n]);
            Cols {
                uprn: src.column("uprn")?,
                x: src.column("x")?,
                y: src.column("y")?,
                crs: Crs::Bng,
                class: Some(src.column("class")?),
                parent: f("parent_uprn"),
                postcode: src.find(&["postcode_locator", "postcode"]),
                address: Vec::new(),
                abp: Some(AbpCols {
                    sao: [
                        f("sao_text"),
                        f("sao_start_number"),
                        f("sao_start_suffix"),
                        f("sao_end_number"),
                        f("sao_end_suffix"),
                    ],
                    pao: [
                        f("pao_text"),
                        f("pao_start_number"),
                        f("pao_start_suffix"),
                        f("pao_end_number"),
                        f("pao_end_suffix"),
                    ],
                    street: src.find(&["street_description", "thoroughfare"]),
                    locality: src.find(&["locality", "dependent_locality"]),
                    town: src.find(&["town_name", "post_town"]),
                }),
            }
        }
        GazetteerFormat::Columns(c) => {
            let opt = |name: &Option<String>| -> Result<Option<usize>> {
                name.as_deref().map(|n| src.column(n)).transpose()
            };
            Cols {
                uprn: src.column(&c.uprn)?,
                x: src.column(&c.x)?,
                y: src.column(&c.y)?,
                crs: c.crs,
                class: opt(&c.class)?,
                parent: opt(&c.parent)?,
                postcode: opt(&c.postcode)?,
                address: c
                    .address
                    .iter()
                    .map(|a| src.column(a))
                    .collect::<Result<_>>()?,
                abp: None,
            }
        }
    })
}

/// "12A-14B" style numbering from AddressBase start/suffix/end/suffix parts.
fn abp_number(rec: &csv::ByteRecord, parts: &[Option<usize>; 5]) -> String {
    let get = |i: usize| {
        parts[i]
            .and_then(|c| rec.get(c))
            .and_then(text)
            .unwrap_or("")
    };
    let mut out = String::new();
    if !get(1).is_empty() {
        out.push_str(get(1).trim_start_matches('0'));
        out.push_str(get(2));
        if !get(3).is_empty() {
            out.push('-');
            out.push_str(get(3).trim_start_matches('0'));
            out.push_str(get(4));
        }
    }
    let name = get(0);
    match (name.is_empty(), out.is_empty()) {
        (true, _) => out,
        (false, true) => name.to_string(),
        (false, false) => format!("{name}, {out}"),
    }
}

fn abp_address(rec: &csv::ByteRecord, a: &AbpCols) -> Option<String> {
    let field = |c: Option<usize>| {
        c.and_then(|c| rec.get(c))
            .and_then(text)
            .map(str::to_string)
    };
    let sao = abp_number(rec, &a.sao);
    let pao = abp_number(rec, &a.pao);
    let street = field(a.street);
    // "26 WELL STREET": a bare number joins the street with a space.
    let pao_street = match (pao.is_empty(), street) {
        (true, s) => s,
        (false, Some(s)) if pao.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            Some(format!("{pao} {s}"))
        }
        (false, Some(s)) => Some(format!("{pao}, {s}")),
        (false, None) => Some(pao),
    };
    let parts: Vec<String> = [
        (!sao.is_empty()).then_some(sao),
        pao_street,
        field(a.locality),
        field(a.town),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Rows parsed from one block, as columns. `rich` holds whole properties when the format
/// has optional columns; otherwise only the three point columns are filled.
#[derive(Default)]
struct Parsed {
    uprns: Vec<Uprn>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    rich: Vec<Property>,
    lines: Vec<u64>,
    rejected: Vec<Rejection>,
    rows: u64,
    fatal: Option<(u64, String)>,
}

fn parse_row(
    rec: &csv::ByteRecord,
    line: u64,
    cols: &Cols,
    names: &[String],
) -> std::result::Result<Property, Rejection> {
    let name = |i: usize| names.get(i).map(String::as_str);
    let need = [cols.uprn, cols.x, cols.y].into_iter().max().unwrap_or(0);
    if rec.len() <= need {
        return Err(reject(
            line,
            None,
            format!("expected {} fields, found {}", names.len(), rec.len()),
        ));
    }
    let uprn = Uprn::parse_bytes(&rec[cols.uprn]).map_err(|r| {
        reject(
            line,
            name(cols.uprn),
            format!(
                "{:?} is not a UPRN: {r}",
                String::from_utf8_lossy(&rec[cols.uprn])
            ),
        )
    })?;
    let coord = |i: usize| {
        parse_f64(&rec[i]).ok_or_else(|| {
            reject(
                line,
                name(i),
                format!("{:?} is not a number", String::from_utf8_lossy(&rec[i])),
            )
        })
    };
    let (a, b) = (coord(cols.x)?, coord(cols.y)?);
    let (x, y) = match cols.crs {
        Crs::Bng => (a, b),
        Crs::Wgs84 => crate::bng::wgs84_to_bng(a, b).map_err(|e| {
            reject(
                line,
                name(cols.x),
                format!("longitude/latitude ({a}, {b}) cannot be converted: {e}"),
            )
        })?,
    };
    if !crate::bng::in_grid(x, y) || (x == 0.0 && y == 0.0) {
        return Err(reject(
            line,
            name(cols.x),
            format!("({x}, {y}) is outside Great Britain (easting 0-700000, northing 0-1250000)"),
        ));
    }
    let mut p = Property::at(uprn, x, y);
    if let Some(c) = cols.class {
        p.class = rec.get(c).and_then(text).map(str::to_string);
    }
    if let Some(c) = cols.parent {
        p.parent = match rec.get(c).and_then(text) {
            None => None,
            Some(t) => Some(
                t.parse::<Uprn>()
                    .map_err(|e| reject(line, name(c), e.to_string()))?,
            ),
        };
    }
    if let Some(c) = cols.postcode {
        p.postcode = match rec.get(c).and_then(text) {
            None => None,
            Some(t) => Some(
                t.parse()
                    .map_err(|e: crate::Error| reject(line, name(c), e.to_string()))?,
            ),
        };
    }
    if let Some(abp) = &cols.abp {
        p.address = abp_address(rec, abp);
    } else if !cols.address.is_empty() {
        let parts: Vec<&str> = cols
            .address
            .iter()
            .filter_map(|&c| rec.get(c).and_then(text))
            .collect();
        p.address = (!parts.is_empty()).then(|| parts.join(", "));
    }
    Ok(p)
}

/// Reads a gazetteer from a CSV file (plain or gzip).
///
/// Rows with an unreadable UPRN, non-numeric or missing coordinates, coordinates outside
/// Great Britain (or outside OSTN15 coverage for WGS84 input), a bad parent UPRN or
/// postcode, or a UPRN already seen on an earlier line are rejected and listed in the
/// report; all other rows are loaded. Blocks of the file are parsed in parallel.
///
/// # Errors
/// [`crate::Error::Io`] if the file cannot be read; [`crate::Error::Format`] for a missing
/// column, a truncated gzip stream or a CSV syntax error.
///
/// # Examples
/// ```no_run
/// use outreach::io::{read_gazetteer, GazetteerFormat};
/// # fn main() -> outreach::Result<()> {
/// let (gazetteer, report) = read_gazetteer("osopenuprn_202510.csv".as_ref(), &GazetteerFormat::OsOpenUprn)?;
/// assert!(report.is_consistent());
/// println!("{report}; {} properties", gazetteer.len());
/// # Ok(())
/// # }
/// ```
pub fn read_gazetteer(path: &Path, format: &GazetteerFormat) -> Result<(Gazetteer, LoadReport)> {
    read(path, format, None)?.ok_or_else(|| Error::arg("progress", "the read was cancelled"))
}

/// [`read_gazetteer`], ticking `progress` with the rows read after each batch of blocks
/// and stopping between batches once it is cancelled: `Ok(None)` then (nothing is built).
///
/// # Errors
/// As [`read_gazetteer`].
///
/// # Examples
/// ```
/// use outreach::io::{read_gazetteer_with_progress, GazetteerFormat};
/// use outreach::progress::Progress;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let path = std::env::temp_dir().join("outreach_doc_progress_uprn.csv");
/// std::fs::write(&path, "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n1,359000,418000,53.6,-2.6\n")?;
/// let progress = Progress::new();
/// let read = read_gazetteer_with_progress(&path, &GazetteerFormat::OsOpenUprn, &progress)?;
/// assert_eq!(read.map(|(g, _)| g.len()), Some(1));
/// assert_eq!(progress.done(), 1);
/// progress.cancel();
/// assert!(read_gazetteer_with_progress(&path, &GazetteerFormat::OsOpenUprn, &progress)?.is_none());
/// # Ok(())
/// # }
/// ```
pub fn read_gazetteer_with_progress(
    path: &Path,
    format: &GazetteerFormat,
    progress: &Progress,
) -> Result<Option<(Gazetteer, LoadReport)>> {
    read(path, format, Some(progress))
}

fn read(
    path: &Path,
    format: &GazetteerFormat,
    progress: Option<&Progress>,
) -> Result<Option<(Gazetteer, LoadReport)>> {
    if progress.is_some_and(Progress::cancelled) {
        return Ok(None);
    }
    let src = CsvBlocks::open(path)?;
    let cols = resolve(&src, format)?;
    let names = src.headers().to_vec();
    let path_buf = src.path().to_path_buf();
    let rich = cols.class.is_some()
        || cols.parent.is_some()
        || cols.postcode.is_some()
        || cols.abp.is_some()
        || !cols.address.is_empty();
    let mut report = LoadReport::new(&path_buf);
    let mut builder = GazetteerBuilder::new();
    // Line of every accepted row, kept only to name both lines of a duplicate.
    let mut lines: Vec<u64> = Vec::new();
    let complete = src.par_batches(
        |block, first_line| {
            let mut out = Parsed::default();
            let result = records(block, first_line, |line, rec| {
                // A blank line at the end of a block is not a row.
                if rec.len() == 1 && rec[0].is_empty() {
                    return;
                }
                out.rows += 1;
                match parse_row(rec, line, &cols, &names) {
                    Ok(p) if rich => {
                        out.rich.push(p);
                        out.lines.push(line);
                    }
                    Ok(p) => {
                        out.uprns.push(p.uprn);
                        out.xs.push(p.x);
                        out.ys.push(p.y);
                        out.lines.push(line);
                    }
                    Err(r) => out.rejected.push(r),
                }
            });
            out.fatal = result.err();
            out
        },
        |part| {
            if let Some((line, reason)) = part.fatal {
                return Err(crate::Error::Format {
                    path: path_buf.clone(),
                    line: Some(line),
                    reason,
                });
            }
            report.rows_read += part.rows;
            report.rejected.extend(part.rejected);
            builder.extend_points(&part.uprns, &part.xs, &part.ys);
            for p in part.rich {
                builder.push(p);
            }
            lines.extend(part.lines);
            Ok(match progress {
                Some(p) => {
                    p.tick(part.rows);
                    if p.cancelled() {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                }
                None => ControlFlow::Continue(()),
            })
        },
    )?;
    if !complete {
        return Ok(None);
    }
    let duplicates = builder.duplicates();
    if !duplicates.is_empty() {
        let mut keep = vec![true; builder.len()];
        for &(dup, first) in &duplicates {
            keep[dup] = false;
            report.rejected.push(reject(
                lines[dup],
                names.get(cols.uprn).map(String::as_str),
                format!(
                    "duplicate UPRN {} (first seen on line {})",
                    builder_uprn(&builder, dup),
                    lines[first]
                ),
            ));
        }
        builder.retain(&keep);
        report.rejected.sort_by_key(|r| r.line);
    }
    report.accepted = builder.len() as u64;
    let gazetteer = builder.build()?;
    Ok(Some((gazetteer, report)))
}

fn builder_uprn(builder: &GazetteerBuilder, row: usize) -> String {
    builder
        .uprn_at(row)
        .map(|u| u.to_string())
        .unwrap_or_default()
}
