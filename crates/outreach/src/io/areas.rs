//! Area sets from GeoJSON.

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{FeatureCollection, GeometryValue, JsonObject, JsonValue};
use rayon::prelude::*;

use super::csvblocks::read_to_string;
use super::{reject, LoadReport, Rejection};
use crate::area::{
    validate_geometry, validity_problems, AreaCode, AreaInput, AreaKind, AreaSet, Vintage,
};
use crate::error::{Error, Result};
use crate::io::Crs;

/// What to read from an area GeoJSON file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSetSpec {
    /// Name given to the area set (e.g. `"lsoa11"`).
    pub name: String,
    /// Feature property holding the area code (e.g. `"LSOA11CD"`).
    pub code_field: String,
    /// Feature property holding the area name, if any (e.g. `"LSOA11NM"`).
    pub name_field: Option<String>,
    /// Kind of area; `None` infers it from the first code's GSS prefix.
    pub kind: Option<AreaKind>,
    /// Edition of the geography.
    pub vintage: Vintage,
    /// Reject polygons that are not OGC-valid (self-intersecting rings, overlapping
    /// parts) instead of loading them with a warning. Default `false`.
    pub strict: bool,
}

impl AreaSetSpec {
    /// A spec reading codes from `code_field`, kind inferred, vintage unspecified.
    pub fn new(name: &str, code_field: &str) -> Self {
        AreaSetSpec {
            name: name.into(),
            code_field: code_field.into(),
            name_field: None,
            kind: None,
            vintage: Vintage::Unspecified,
            strict: false,
        }
    }

    /// Refuses OGC-invalid polygons instead of loading them with a warning.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Sets the name field.
    pub fn with_name_field(mut self, field: &str) -> Self {
        self.name_field = Some(field.into());
        self
    }

    /// Sets the vintage.
    pub fn with_vintage(mut self, vintage: Vintage) -> Self {
        self.vintage = vintage;
        self
    }
}

/// The CRS a FeatureCollection declares: RFC 7946 says WGS84 unless the legacy `crs`
/// member names another; only EPSG:27700 and WGS84/CRS84 are accepted.
fn declared_crs(fc: &FeatureCollection, path: &Path) -> Result<Crs> {
    let Some(crs) = fc.foreign_members.as_ref().and_then(|m| m.get("crs")) else {
        return Ok(Crs::Wgs84);
    };
    let name = crs
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    if name.ends_with("27700") {
        Ok(Crs::Bng)
    } else if name.ends_with("CRS84") || name.ends_with("4326") {
        Ok(Crs::Wgs84)
    } else {
        Err(Error::Format {
            path: path.to_path_buf(),
            line: None,
            reason: format!(
                "unsupported CRS {crs}: outreach reads GeoJSON in WGS84 (RFC 7946) or with \
                 the crs member naming EPSG:27700"
            ),
        })
    }
}

fn ring(coords: &[geojson::Position], crs: Crs) -> std::result::Result<LineString<f64>, String> {
    let mut out = Vec::with_capacity(coords.len());
    for p in coords {
        let s = p.as_slice();
        if s.len() < 2 {
            return Err("a position has fewer than 2 ordinates".into());
        }
        let (x, y) = match crs {
            Crs::Bng => (s[0], s[1]),
            Crs::Wgs84 => {
                if s[0].abs() > 180.0 || s[1].abs() > 90.0 {
                    return Err(format!(
                        "coordinate ({}, {}) is not longitude/latitude; if the file is in British \
                         National Grid metres, declare EPSG:27700 in its crs member",
                        s[0], s[1]
                    ));
                }
                crate::bng::wgs84_to_bng(s[0], s[1]).map_err(|e| e.to_string())?
            }
        };
        out.push(Coord { x, y });
    }
    Ok(LineString(out))
}

fn polygon(
    rings: &[Vec<geojson::Position>],
    crs: Crs,
) -> std::result::Result<Polygon<f64>, String> {
    let mut it = rings.iter();
    let exterior = ring(it.next().ok_or("a polygon without rings")?, crs)?;
    let interiors = it
        .map(|r| ring(r, crs))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn property_text(props: Option<&JsonObject>, field: &str) -> Option<String> {
    match props?.get(field)? {
        JsonValue::String(s) => Some(s.clone()),
        JsonValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads an area set from a GeoJSON FeatureCollection (plain or gzip).
///
/// Coordinates are WGS84 (RFC 7946) unless the legacy `crs` member declares EPSG:27700;
/// WGS84 is converted to British National Grid with OSTN15. Features without a code,
/// with a duplicate code, without a polygon geometry, or whose polygon is unusable (empty,
/// fewer than three points, non-finite, outside OSTN15 coverage) are rejected and listed
/// in the report with their feature number and reason. Polygons that are not OGC-valid
/// (self-intersecting rings, overlapping parts) are loaded with a warning in
/// [`LoadReport::warnings`] and used under the even-odd rule, or rejected when
/// [`AreaSetSpec::strict`] is set.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Format`] for invalid JSON, something
/// other than a FeatureCollection, an unsupported CRS, or a file where no feature is
/// usable.
///
/// # Examples
/// ```no_run
/// use outreach::io::{read_area_set, AreaSetSpec};
/// # fn main() -> outreach::Result<()> {
/// let spec = AreaSetSpec::new("lsoa11", "LSOA11CD").with_name_field("LSOA11NM");
/// let (lsoas, report) = read_area_set("lsoa11_bgc.geojson".as_ref(), &spec)?;
/// println!("{report}: {} areas", lsoas.len());
/// # Ok(())
/// # }
/// ```
pub fn read_area_set(path: &Path, spec: &AreaSetSpec) -> Result<(AreaSet, LoadReport)> {
    let (areas, report) = read_area_inputs(path, spec)?;
    let kind = spec
        .kind
        .or_else(|| areas.first().map(|a| a.code.kind()))
        .unwrap_or(crate::area::AreaKind::Other);
    let set = AreaSet::new(spec.name.clone(), kind, spec.vintage, areas)?;
    Ok((set, report))
}

/// Reads and checks the areas of a GeoJSON file exactly as [`read_area_set`] does, without
/// building the index: to filter or combine areas first, or to time the two steps apart.
///
/// # Errors
/// As [`read_area_set`].
pub fn read_area_inputs(path: &Path, spec: &AreaSetSpec) -> Result<(Vec<AreaInput>, LoadReport)> {
    let text = read_to_string(path)?;
    let fc: FeatureCollection = serde_json::from_str(&text).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        line: Some(e.line() as u64),
        reason: format!("not a GeoJSON FeatureCollection: {e}"),
    })?;
    drop(text);
    let crs = declared_crs(&fc, path)?;
    type Converted = std::result::Result<(AreaInput, Option<Rejection>), Rejection>;
    let converted: Vec<Converted> = fc
        .features
        .par_iter()
        .enumerate()
        .map(|(i, feature)| {
            let n = i as u64 + 1;
            let props = feature.properties.as_ref();
            let code_text = property_text(props, &spec.code_field)
                .ok_or_else(|| reject(n, Some(&spec.code_field), "missing or not text"))?;
            let code: AreaCode = code_text
                .parse()
                .map_err(|e: Error| reject(n, Some(&spec.code_field), e.to_string()))?;
            let bad =
                |reason: String| reject(n, Some("geometry"), format!("area {code}: {reason}"));
            let geometry = match feature.geometry.as_ref().map(|g| &g.value) {
                None => return Err(bad("no geometry".into())),
                Some(GeometryValue::Polygon { coordinates }) => {
                    MultiPolygon(vec![polygon(coordinates, crs).map_err(bad)?])
                }
                Some(GeometryValue::MultiPolygon { coordinates }) => MultiPolygon(
                    coordinates
                        .iter()
                        .map(|p| polygon(p, crs))
                        .collect::<std::result::Result<_, _>>()
                        .map_err(bad)?,
                ),
                Some(other) => {
                    return Err(bad(format!("a {} is not an area", other.type_name())));
                }
            };
            validate_geometry(&geometry).map_err(bad)?;
            let problems = validity_problems(&geometry);
            let warning = match problems.first() {
                None => None,
                Some(first) if spec.strict => {
                    return Err(bad(format!("not a valid polygon: {first}")))
                }
                Some(first) => Some(bad(format!(
                    "not a valid polygon ({first}); used under the even-odd rule"
                ))),
            };
            let area = AreaInput {
                code,
                name: spec
                    .name_field
                    .as_deref()
                    .and_then(|f| property_text(props, f)),
                geometry,
            };
            Ok((area, warning))
        })
        .collect();
    let mut report = LoadReport::new(path);
    report.rows_read = converted.len() as u64;
    let mut areas = Vec::with_capacity(converted.len());
    let mut seen = std::collections::HashMap::new();
    for (i, item) in converted.into_iter().enumerate() {
        match item {
            Ok((area, warning)) => {
                if let Some(first) = seen.get(&area.code) {
                    report.rejected.push(reject(
                        i as u64 + 1,
                        Some(&spec.code_field),
                        format!(
                            "duplicate area code {} (first in feature {first})",
                            area.code
                        ),
                    ));
                } else {
                    seen.insert(area.code.clone(), i + 1);
                    areas.push(area);
                    report.warnings.extend(warning);
                }
            }
            Err(r) => report.rejected.push(r),
        }
    }
    report.accepted = areas.len() as u64;
    if areas.is_empty() {
        return Err(Error::Format {
            path: path.to_path_buf(),
            line: None,
            reason: match report.rejected.first() {
                Some(r) => format!(
                    "no usable area among {} features; first problem: {r}",
                    report.rows_read
                ),
                None => "the FeatureCollection has no features".into(),
            },
        });
    }
    Ok((areas, report))
}
