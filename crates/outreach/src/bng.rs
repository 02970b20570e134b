//! WGS84 longitude/latitude ↔ British National Grid (EPSG:27700), exact to OSTN15.
//!
//! All spatial work in outreach is done in BNG metres; these functions convert only at
//! input and output. The transform is OSTN15 (the definitive OS transformation, ~0.1 m RMS,
//! round trip under 1 mm) provided by the `lonlat_bng` crate, never a Helmert approximation
//! (which is off by up to ~5 m and would put boundary properties in the wrong LSOA).
//!
//! WGS84 and ETRS89 are treated as equal, as Ordnance Survey advises for metre-level work:
//! current WGS84 realisations drift about 2.5 cm a year from ETRS89 (≈ 0.9 m since 1989).
//!
//! `lonlat_bng` refuses latitudes below 49.922°, which would cut off the Isles of Scilly
//! although OSTN15 covers them; south of that line the same OS Transverse Mercator formulae
//! are evaluated here and the OSTN15 shift is taken from the crate's grid.

use crate::error::{Error, Result};

/// Bounding box of Great Britain's National Grid (the OSTN15 grid extent), metres.
pub const BNG_BOUNDS: [f64; 4] = [0.0, 0.0, 700_000.0, 1_250_000.0];

/// Whether an easting/northing lies in the extent of the British National Grid.
///
/// # Examples
/// ```
/// assert!(outreach::bng::in_grid(358_000.0, 418_000.0));
/// assert!(!outreach::bng::in_grid(-1.0, 418_000.0));
/// assert!(!outreach::bng::in_grid(f64::NAN, 0.0));
/// ```
pub fn in_grid(easting: f64, northing: f64) -> bool {
    (BNG_BOUNDS[0]..=BNG_BOUNDS[2]).contains(&easting)
        && (BNG_BOUNDS[1]..=BNG_BOUNDS[3]).contains(&northing)
}

/// Converts WGS84 (ETRS89) longitude/latitude in degrees to BNG easting/northing in metres
/// with OSTN15, rounded to the millimetre.
///
/// # Errors
/// [`Error::Transform`] when the point is outside OSTN15 coverage (at sea, abroad) or not
/// finite.
///
/// # Examples
/// ```
/// # fn main() -> outreach::Result<()> {
/// // OS test point TP01 (St Mary's, Isles of Scilly), from the OSTN15 test data.
/// let (e, n) = outreach::bng::wgs84_to_bng(-6.29977752, 49.92226393)?;
/// assert!((e - 91_492.146).abs() < 0.002 && (n - 11_318.803).abs() < 0.002);
/// assert!(outreach::bng::wgs84_to_bng(10.0, 52.0).is_err());
/// # Ok(())
/// # }
/// ```
pub fn wgs84_to_bng(lon: f64, lat: f64) -> Result<(f64, f64)> {
    if !lon.is_finite() || !lat.is_finite() {
        return Err(transform_error(lon, lat, "not a finite number"));
    }
    match lonlat_bng::convert_osgb36(lon, lat) {
        Ok(en) => Ok(en),
        // The crate's input box stops short of the Isles of Scilly; the grid does not.
        Err(lonlat_bng::TransformError::OutOfBounds { .. })
            if (49.80..49.922).contains(&lat) && (-6.6..-5.0).contains(&lon) =>
        {
            let (e, n) = etrs89_transverse_mercator(lon, lat);
            lonlat_bng::convert_etrs89_to_osgb36(e, n)
                .map_err(|err| transform_error(lon, lat, &err.to_string()))
        }
        Err(err) => Err(transform_error(lon, lat, &err.to_string())),
    }
}

/// Converts BNG easting/northing (metres) to WGS84 (ETRS89) longitude/latitude in degrees
/// with the OSTN15 inverse (iterated, as the OS user guide describes).
///
/// # Errors
/// [`Error::Transform`] outside OSTN15 coverage.
///
/// # Examples
/// ```
/// # fn main() -> outreach::Result<()> {
/// let (lon, lat) = outreach::bng::bng_to_wgs84(91_492.146, 11_318.803)?;
/// assert!((lon + 6.29977752).abs() < 1e-7 && (lat - 49.92226393).abs() < 1e-7);
/// # Ok(())
/// # }
/// ```
pub fn bng_to_wgs84(easting: f64, northing: f64) -> Result<(f64, f64)> {
    if !in_grid(easting, northing) {
        return Err(Error::Transform {
            x: easting,
            y: northing,
            reason: "outside the British National Grid".into(),
        });
    }
    lonlat_bng::convert_osgb36_to_ll(easting, northing).map_err(|err| Error::Transform {
        x: easting,
        y: northing,
        reason: err.to_string(),
    })
}

fn transform_error(lon: f64, lat: f64, reason: &str) -> Error {
    Error::Transform {
        x: lon,
        y: lat,
        reason: format!("longitude/latitude outside OSTN15 coverage of Great Britain: {reason}"),
    }
}

/// ETRS89 (GRS80) lon/lat → National Grid Transverse Mercator, unshifted, by the OS
/// formulae (Transformations and OSGM15 User Guide, annexe C). Used only south of the
/// `lonlat_bng` input box.
#[allow(clippy::many_single_char_names)]
fn etrs89_transverse_mercator(lon: f64, lat: f64) -> (f64, f64) {
    const A: f64 = 6_378_137.000;
    const B: f64 = 6_356_752.314_1;
    const F0: f64 = 0.999_601_271_7;
    const E0: f64 = 400_000.0;
    const N0: f64 = -100_000.0;
    let phi0 = 49.0_f64.to_radians();
    let lam0 = (-2.0_f64).to_radians();
    let (phi, lam) = (lat.to_radians(), lon.to_radians());
    let e2 = (A * A - B * B) / (A * A);
    let n = (A - B) / (A + B);
    let (s, c, t) = (phi.sin(), phi.cos(), phi.tan());
    let nu = A * F0 / (1.0 - e2 * s * s).sqrt();
    let rho = A * F0 * (1.0 - e2) / (1.0 - e2 * s * s).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let (dp, sp) = (phi - phi0, phi + phi0);
    let m = B
        * F0
        * ((1.0 + n + 1.25 * n * n + 1.25 * n.powi(3)) * dp
            - (3.0 * n + 3.0 * n * n + 21.0 / 8.0 * n.powi(3)) * dp.sin() * sp.cos()
            + (15.0 / 8.0 * n * n + 15.0 / 8.0 * n.powi(3)) * (2.0 * dp).sin() * (2.0 * sp).cos()
            - 35.0 / 24.0 * n.powi(3) * (3.0 * dp).sin() * (3.0 * sp).cos());
    let i = m + N0;
    let ii = nu / 2.0 * s * c;
    let iii = nu / 24.0 * s * c.powi(3) * (5.0 - t * t + 9.0 * eta2);
    let iiia = nu / 720.0 * s * c.powi(5) * (61.0 - 58.0 * t * t + t.powi(4));
    let iv = nu * c;
    let v = nu / 6.0 * c.powi(3) * (nu / rho - t * t);
    let vi = nu / 120.0
        * c.powi(5)
        * (5.0 - 18.0 * t * t + t.powi(4) + 14.0 * eta2 - 58.0 * t * t * eta2);
    let l = lam - lam0;
    let north = i + ii * l.powi(2) + iii * l.powi(4) + iiia * l.powi(6);
    let east = E0 + iv * l + v * l.powi(3) + vi * l.powi(5);
    (east, north)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_projection_matches_crate_where_both_work() {
        // Just north of the crate's cut-off the two TM implementations must agree.
        for (lon, lat) in [(-6.3, 49.93), (-2.0, 52.0), (1.7, 52.65), (-5.0, 55.0)] {
            let ours = etrs89_transverse_mercator(lon, lat);
            let theirs = lonlat_bng::convert_etrs89(lon, lat).unwrap();
            assert!((ours.0 - theirs.0).abs() < 0.002, "{lon},{lat}");
            assert!((ours.1 - theirs.1).abs() < 0.002, "{lon},{lat}");
        }
    }

    #[test]
    fn isles_of_scilly_round_trip() {
        // Hugh Town, St Mary's: south of lonlat_bng's 49.922° input box.
        let (lon, lat) = (-6.3155, 49.9145);
        let (e, n) = wgs84_to_bng(lon, lat).unwrap();
        assert!((90_000.0..92_000.0).contains(&e), "{e}");
        assert!((10_000.0..11_500.0).contains(&n), "{n}");
        let (lon2, lat2) = bng_to_wgs84(e, n).unwrap();
        assert!((lon2 - lon).abs() < 1e-7 && (lat2 - lat).abs() < 1e-7);
    }

    #[test]
    fn round_trip_mainland_is_millimetric() {
        for (e, n) in [
            (358_123.456, 418_765.432),
            (530_000.0, 180_000.0),
            (200_000.0, 800_000.0),
        ] {
            let (lon, lat) = bng_to_wgs84(e, n).unwrap();
            let (e2, n2) = wgs84_to_bng(lon, lat).unwrap();
            assert!((e - e2).abs() < 0.002 && (n - n2).abs() < 0.002);
        }
    }

    #[test]
    fn rejects_outside() {
        assert!(wgs84_to_bng(f64::NAN, 52.0).is_err());
        assert!(wgs84_to_bng(2.35, 48.85).is_err()); // Paris
        assert!(bng_to_wgs84(-10.0, 5.0).is_err());
    }
}
