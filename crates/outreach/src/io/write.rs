//! Writers: area sets with attribute columns as GeoJSON.

use std::io::Write;
use std::path::Path;

use geo::{LineString, MultiPolygon};
use serde_json::{json, Map, Value};

use crate::area::AreaSet;
use crate::error::{Error, Result};

fn ring_json(ring: &LineString<f64>, wgs84: bool) -> Result<Value> {
    let mut out = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let (x, y) = if wgs84 {
            let (lon, lat) = crate::bng::bng_to_wgs84(c.x, c.y)?;
            // 6 decimal places of a degree ≈ 0.1 m, as ONS publishes.
            ((lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6)
        } else {
            (c.x, c.y)
        };
        out.push(json!([x, y]));
    }
    Ok(Value::Array(out))
}

/// An area's geometry as a GeoJSON `MultiPolygon` object, in BNG metres or (with `wgs84`)
/// converted to longitude/latitude with OSTN15.
///
/// # Errors
/// [`Error::Transform`] when a vertex cannot be converted to WGS84.
pub fn geometry_geojson(g: &MultiPolygon<f64>, wgs84: bool) -> Result<Value> {
    geometry_json(g, wgs84)
}

fn geometry_json(g: &MultiPolygon<f64>, wgs84: bool) -> Result<Value> {
    let mut polys = Vec::with_capacity(g.0.len());
    for p in &g.0 {
        let mut rings = vec![ring_json(p.exterior(), wgs84)?];
        for r in p.interiors() {
            rings.push(ring_json(r, wgs84)?);
        }
        polys.push(Value::Array(rings));
    }
    Ok(json!({"type": "MultiPolygon", "coordinates": polys}))
}

/// Writes an area set as a GeoJSON FeatureCollection, one feature per area in set order,
/// with `code`, `name` and the given columns (each as long as the set) as properties.
///
/// With `wgs84` the coordinates are converted to longitude/latitude (RFC 7946, what QGIS
/// and web maps expect); otherwise they stay in BNG metres and the file declares
/// EPSG:27700 in its `crs` member. `metadata` entries are added to the collection (e.g.
/// `"synthetic": true`).
///
/// # Errors
/// [`Error::InvalidArgument`] when a column has the wrong length; [`Error::Io`] when
/// writing fails; [`Error::Transform`] if a vertex is outside OSTN15 coverage.
pub fn write_area_geojson(
    path: &Path,
    areas: &AreaSet,
    columns: &[(&str, Vec<Value>)],
    metadata: &Map<String, Value>,
    wgs84: bool,
) -> Result<()> {
    for (name, values) in columns {
        if values.len() != areas.len() {
            return Err(Error::arg(
                "columns",
                format!(
                    "column {name} has {} values for {} areas",
                    values.len(),
                    areas.len()
                ),
            ));
        }
    }
    let mut features = Vec::with_capacity(areas.len());
    for a in 0..areas.len() as u32 {
        let mut props = Map::new();
        props.insert("code".into(), json!(areas.code(a).as_str()));
        props.insert("name".into(), json!(areas.area_name(a)));
        for (name, values) in columns {
            props.insert((*name).into(), values[a as usize].clone());
        }
        let geometry = match areas.geometry(a) {
            Some(g) => geometry_json(g, wgs84)?,
            None => Value::Null,
        };
        features.push(json!({"type": "Feature", "properties": props, "geometry": geometry}));
    }
    let mut fc = Map::new();
    fc.insert("type".into(), json!("FeatureCollection"));
    fc.insert("name".into(), json!(areas.name()));
    if !wgs84 {
        fc.insert(
            "crs".into(),
            json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}),
        );
    }
    for (k, v) in metadata {
        fc.insert(k.clone(), v.clone());
    }
    fc.insert("features".into(), Value::Array(features));
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io_err)?;
    let mut w = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut w, &Value::Object(fc)).map_err(|e| io_err(e.into()))?;
    w.flush().map_err(io_err)
}
