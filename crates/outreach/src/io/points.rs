//! Generic point tables: an identifier and a coordinate pair per row.

use std::path::Path;

use super::csvblocks::{records, CsvBlocks};
use super::{parse_f64, reject, LoadReport, Rejection};
use crate::error::{Error, Result};
use crate::io::Crs;

/// Points read by [`read_points`]: identifiers (any text) and BNG coordinates, in file
/// order, rejected rows left out.
#[derive(Debug, Default, Clone)]
pub struct Points {
    ids: String,
    ends: Vec<u64>,
    /// Eastings, BNG metres.
    pub xs: Vec<f64>,
    /// Northings, BNG metres.
    pub ys: Vec<f64>,
}

impl Points {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.xs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// Identifier of point `i`.
    pub fn id(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.ids.get(start..end)
    }
}

/// Reads points from a CSV (plain or gzip): an id column and x/y columns in BNG metres or
/// WGS84 degrees (converted with OSTN15). Rows with a missing id, unreadable or non-finite
/// coordinates, or coordinates outside Great Britain are rejected with line and field.
///
/// # Errors
/// [`Error::Format`] for a missing column or CSV syntax error; [`Error::Io`] for I/O.
pub fn read_points(
    path: &Path,
    id: &str,
    x: &str,
    y: &str,
    crs: Crs,
) -> Result<(Points, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let (ci, cx, cy) = (src.column(id)?, src.column(x)?, src.column(y)?);
    let headers = src.headers().to_vec();
    let path_buf = src.path().to_path_buf();
    struct Part {
        pts: Points,
        rejected: Vec<Rejection>,
        rows: u64,
        fatal: Option<(u64, String)>,
    }
    let parts = src.par_map(|block, first| {
        let mut part = Part {
            pts: Points::default(),
            rejected: Vec::new(),
            rows: 0,
            fatal: None,
        };
        let res = records(block, first, |line, rec| {
            if rec.len() == 1 && rec[0].is_empty() {
                return;
            }
            part.rows += 1;
            let field = |i: usize| headers.get(i).map(String::as_str);
            let Some(ident) = rec
                .get(ci)
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(str::trim)
                .filter(|s| !s.is_empty())
            else {
                part.rejected
                    .push(reject(line, field(ci), "missing identifier"));
                return;
            };
            let coord = |i: usize| {
                rec.get(i).and_then(parse_f64).ok_or_else(|| {
                    reject(
                        line,
                        field(i),
                        format!(
                            "{:?} is not a number",
                            String::from_utf8_lossy(rec.get(i).unwrap_or_default())
                        ),
                    )
                })
            };
            let xy =
                coord(cx)
                    .and_then(|a| coord(cy).map(|b| (a, b)))
                    .and_then(|(a, b)| match crs {
                        Crs::Bng => Ok((a, b)),
                        Crs::Wgs84 => crate::bng::wgs84_to_bng(a, b)
                            .map_err(|e| reject(line, field(cx), e.to_string())),
                    });
            match xy {
                Ok((px, py)) if crate::bng::in_grid(px, py) => {
                    part.pts.ids.push_str(ident);
                    part.pts.ends.push(part.pts.ids.len() as u64);
                    part.pts.xs.push(px);
                    part.pts.ys.push(py);
                }
                Ok((px, py)) => part.rejected.push(reject(
                    line,
                    field(cx),
                    format!("({px}, {py}) is outside Great Britain"),
                )),
                Err(r) => part.rejected.push(r),
            }
        });
        part.fatal = res.err();
        part
    })?;
    let mut report = LoadReport::new(&path_buf);
    let mut points = Points::default();
    let n: usize = parts.iter().map(|p| p.pts.len()).sum();
    points.xs.reserve(n);
    points.ys.reserve(n);
    points.ends.reserve(n);
    for part in parts {
        if let Some((line, reason)) = part.fatal {
            return Err(Error::Format {
                path: path_buf,
                line: Some(line),
                reason,
            });
        }
        report.rows_read += part.rows;
        report.rejected.extend(part.rejected);
        let base = points.ids.len() as u64;
        points.ids.push_str(&part.pts.ids);
        points.ends.extend(part.pts.ends.iter().map(|e| e + base));
        points.xs.extend(part.pts.xs);
        points.ys.extend(part.pts.ys);
    }
    report.accepted = points.len() as u64;
    Ok((points, report))
}

/// The layout of an asset file for [`read_assets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetFormat {
    /// NHS ODS GP practices with postcode coordinates (`org_code`, `postcode_easting`,
    /// `postcode_northing`), as in `../shared/data/services`.
    GpPractices,
    /// Home Office fire stations (`STATION_NAME`, `STATION_EASTING`, `STATION_NORTHING`).
    FireStations,
    /// Public libraries (`id`, `lng`, `lat` in WGS84), also the Lancashire County Council
    /// land and property asset register layout.
    LatLng,
    /// Any CSV: id, x and y columns and their CRS.
    Columns {
        /// Identifier column.
        id: String,
        /// Easting or longitude column.
        x: String,
        /// Northing or latitude column.
        y: String,
        /// CRS of x and y.
        crs: Crs,
    },
}

/// Reads community assets of one `kind` (e.g. `gp`) for [`crate::service`]: ids and
/// locations through [`read_points`], with its row checks and report.
///
/// # Errors
/// As [`read_points`]; [`Error::InvalidArgument`] when no row is usable.
pub fn read_assets(
    path: &Path,
    kind: &str,
    format: &AssetFormat,
) -> Result<(crate::service::Assets, LoadReport)> {
    let (id, x, y, crs) = match format {
        AssetFormat::GpPractices => (
            "org_code",
            "postcode_easting",
            "postcode_northing",
            Crs::Bng,
        ),
        AssetFormat::FireStations => (
            "STATION_NAME",
            "STATION_EASTING",
            "STATION_NORTHING",
            Crs::Bng,
        ),
        AssetFormat::LatLng => ("id", "lng", "lat", Crs::Wgs84),
        AssetFormat::Columns { id, x, y, crs } => (id.as_str(), x.as_str(), y.as_str(), *crs),
    };
    let (points, report) = read_points(path, id, x, y, crs)?;
    let ids = (0..points.len())
        .map(|i| points.id(i).unwrap_or_default().to_string())
        .collect();
    let assets = crate::service::Assets::new(kind, ids, points.xs, points.ys)?;
    Ok((assets, report))
}
