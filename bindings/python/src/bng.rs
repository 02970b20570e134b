//! WGS84 ↔ British National Grid (core `outreach::bng`).

use pyo3::prelude::*;

use crate::errors::check;

/// Converts WGS84 longitude/latitude (degrees) to British National Grid easting/northing
/// (metres, EPSG:27700) with OSTN15.
#[pyfunction]
pub(crate) fn wgs84_to_bng(lon: f64, lat: f64) -> PyResult<(f64, f64)> {
    check(outreach::bng::wgs84_to_bng(lon, lat))
}

/// Converts British National Grid easting/northing (metres) to WGS84 longitude/latitude
/// (degrees) with the OSTN15 inverse.
#[pyfunction]
pub(crate) fn bng_to_wgs84(easting: f64, northing: f64) -> PyResult<(f64, f64)> {
    check(outreach::bng::bng_to_wgs84(easting, northing))
}
