//! Partner services and community assets, and residents' access to them.
//!
//! [`Assets`] are the places services are delivered from: GP practices, libraries, fire
//! stations, community centres, village halls. Access is measured from every property (or
//! any points) to the nearest asset of a kind ([`nearest`]), as counts within a radius
//! ([`count_within`]), summarised per area ([`access_summary`]), and as gaps: households
//! that need a service and are far from it ([`gaps`]). [`site_events`] chooses where to hold
//! k events (say, health events in village halls) to reach the most eligible households
//! within a distance.
//!
//! Distances are straight-line BNG metres: a floor on travel distance, the usual first
//! screen before a network analysis.
//!
//! ```
//! use outreach::service::{nearest, Assets};
//! # fn main() -> outreach::Result<()> {
//! let gps = Assets::new("gp", vec!["P1".into(), "P2".into()], vec![0.0, 3000.0], vec![0.0, 0.0])?;
//! let access = nearest(&[100.0, 2900.0], &[0.0, 0.0], &gps)?;
//! assert_eq!(access[0].map(|n| n.index), Some(0));
//! assert_eq!(access[1].map(|n| n.distance), Some(100.0));
//! # Ok(())
//! # }
//! ```

mod siting;

use rayon::prelude::*;

pub use siting::{site_events, Siting};

use crate::area::AreaSet;
use crate::error::{Error, Result};
use crate::spatial::{Assignment, Neighbour, PointIndex};
use crate::table::{Column, Table, Values};

/// Community assets of one kind, with a point index for access queries.
#[derive(Debug)]
pub struct Assets {
    kind: String,
    ids: Vec<String>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    index: PointIndex,
}

impl Assets {
    /// Assets of `kind` (e.g. `gp`) with their ids and BNG coordinates. Errors on
    /// mismatched lengths, a non-finite coordinate or no assets at all.
    pub fn new(kind: &str, ids: Vec<String>, xs: Vec<f64>, ys: Vec<f64>) -> Result<Self> {
        if ids.len() != xs.len() {
            return Err(Error::arg(
                "ids",
                format!("{} ids for {} coordinates", ids.len(), xs.len()),
            ));
        }
        if ids.is_empty() {
            return Err(Error::arg("ids", format!("no {kind} assets")));
        }
        let index = PointIndex::new(&xs, &ys)?;
        Ok(Assets {
            kind: kind.to_string(),
            ids,
            xs,
            ys,
            index,
        })
    }

    /// The kind (`gp`, `library`, `fire_station`...).
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// Number of assets.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Never true: a set of assets is not empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Id of asset `i`.
    pub fn id(&self, i: usize) -> Option<&str> {
        self.ids.get(i).map(String::as_str)
    }

    /// Eastings.
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// Northings.
    pub fn ys(&self) -> &[f64] {
        &self.ys
    }

    /// The point index (k nearest, within radius, within polygon).
    pub fn index(&self) -> &PointIndex {
        &self.index
    }
}

fn check_points(xs: &[f64], ys: &[f64]) -> Result<()> {
    if xs.len() != ys.len() {
        return Err(Error::arg(
            "ys",
            format!("{} ys for {} xs", ys.len(), xs.len()),
        ));
    }
    Ok(())
}

/// For every point, the nearest asset and its distance (metres); `None` for a point with
/// a non-finite coordinate. Parallel and deterministic (ties go to the lower asset index).
pub fn nearest(xs: &[f64], ys: &[f64], assets: &Assets) -> Result<Vec<Option<Neighbour>>> {
    check_points(xs, ys)?;
    Ok(xs
        .par_iter()
        .zip(ys)
        .map(|(&x, &y)| {
            if x.is_finite() && y.is_finite() {
                assets.index.nearest(x, y, 1).first().copied()
            } else {
                None
            }
        })
        .collect())
}

/// For every point, the number of assets within `radius_m` metres (inclusive).
pub fn count_within(xs: &[f64], ys: &[f64], assets: &Assets, radius_m: f64) -> Result<Vec<u32>> {
    check_points(xs, ys)?;
    if !(radius_m.is_finite() && radius_m >= 0.0) {
        return Err(Error::arg(
            "radius_m",
            format!("must be finite and non-negative, got {radius_m}"),
        ));
    }
    Ok(xs
        .par_iter()
        .zip(ys)
        .map(|(&x, &y)| {
            if x.is_finite() && y.is_finite() {
                assets.index.count_within_radius(x, y, radius_m) as u32
            } else {
                0
            }
        })
        .collect())
}

/// Per area of `areas`, the access of the points assigned to it (`assignment`, e.g. the
/// households' LSOAs) given their `distances` (from [`nearest`]): `area_code, households,
/// mean_m, median_m, p90_m, max_m, beyond` (points farther than `beyond_m`),
/// `share_beyond`. Areas without points have counts of 0 and empty distances.
pub fn access_summary(
    areas: &AreaSet,
    assignment: &Assignment,
    distances: &[Option<Neighbour>],
    beyond_m: f64,
) -> Result<Table> {
    if assignment.len() != distances.len() {
        return Err(Error::arg(
            "distances",
            format!(
                "{} distances for {} points",
                distances.len(),
                assignment.len()
            ),
        ));
    }
    let n = areas.len();
    let mut per: Vec<Vec<f64>> = vec![Vec::new(); n];
    for (a, d) in assignment.iter().zip(distances) {
        if let (Some(a), Some(d)) = (a, d) {
            if let Some(v) = per.get_mut(a as usize) {
                v.push(d.distance);
            }
        }
    }
    for v in &mut per {
        v.sort_by(f64::total_cmp);
    }
    let quantile = |v: &[f64], q: f64| -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        // Nearest-rank quantile: the smallest value with at least q of the data at or below.
        let k = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        Some(v[k - 1])
    };
    let mut t = Table::new();
    t.push(Column::new(
        "area_code",
        Values::Text(areas.codes().iter().map(|c| Some(c.to_string())).collect()),
    ))?;
    t.push(Column::new(
        "households",
        Values::Count(per.iter().map(|v| Some(v.len() as u64)).collect()),
    ))?;
    t.push(Column::new(
        "mean_m",
        Values::Float(
            per.iter()
                .map(|v| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64))
                .collect(),
        ),
    ))?;
    t.push(Column::new(
        "median_m",
        Values::Float(per.iter().map(|v| quantile(v, 0.5)).collect()),
    ))?;
    t.push(Column::new(
        "p90_m",
        Values::Float(per.iter().map(|v| quantile(v, 0.9)).collect()),
    ))?;
    t.push(Column::new(
        "max_m",
        Values::Float(per.iter().map(|v| v.last().copied()).collect()),
    ))?;
    let beyond: Vec<u64> = per
        .iter()
        .map(|v| v.iter().filter(|&&d| d > beyond_m).count() as u64)
        .collect();
    t.push(
        Column::new(
            "beyond",
            Values::Count(beyond.iter().map(|&b| Some(b)).collect()),
        )
        .suppressed_by("beyond"),
    )?;
    t.push(
        Column::new(
            "share_beyond",
            Values::Float(
                per.iter()
                    .zip(&beyond)
                    .map(|(v, &b)| (!v.is_empty()).then(|| b as f64 / v.len() as f64))
                    .collect(),
            ),
        )
        .suppressed_by("beyond"),
    )?;
    Ok(t)
}

/// "Need without nearby service": indices of the points for which `needs(i)` holds (e.g.
/// someone aged 65+ in an LSOA in the 20% most deprived) and the nearest asset is farther
/// than `threshold_m` (or there is none), in point order.
pub fn gaps(
    distances: &[Option<Neighbour>],
    threshold_m: f64,
    needs: impl Fn(usize) -> bool,
) -> Vec<usize> {
    distances
        .iter()
        .enumerate()
        .filter(|(i, d)| needs(*i) && d.is_none_or(|d| d.distance > threshold_m))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_and_counts_match_brute_force() {
        let gps = Assets::new(
            "gp",
            (0..4).map(|i| format!("G{i}")).collect(),
            vec![0.0, 1000.0, 1000.0, 5000.0],
            vec![0.0, 0.0, 1000.0, 5000.0],
        )
        .unwrap();
        let xs: Vec<f64> = (0..50).map(|i| (i * 97 % 5000) as f64).collect();
        let ys: Vec<f64> = (0..50).map(|i| (i * 61 % 5000) as f64).collect();
        let near = nearest(&xs, &ys, &gps).unwrap();
        let within = count_within(&xs, &ys, &gps, 1500.0).unwrap();
        for i in 0..xs.len() {
            let d: Vec<f64> = (0..4)
                .map(|g| ((xs[i] - gps.xs()[g]).powi(2) + (ys[i] - gps.ys()[g]).powi(2)).sqrt())
                .collect();
            let best = d.iter().copied().fold(f64::INFINITY, f64::min);
            assert!((near[i].unwrap().distance - best).abs() < 1e-9);
            assert_eq!(
                within[i] as usize,
                d.iter().filter(|&&v| v <= 1500.0).count()
            );
        }
        assert!(nearest(&[f64::NAN], &[0.0], &gps).unwrap()[0].is_none());
        assert!(count_within(&[0.0], &[0.0], &gps, -1.0).is_err());
        assert!(Assets::new("gp", vec![], vec![], vec![]).is_err());
    }

    #[test]
    fn gaps_need_both_need_and_distance() {
        let d = vec![
            Some(Neighbour {
                index: 0,
                distance: 100.0,
            }),
            Some(Neighbour {
                index: 0,
                distance: 3000.0,
            }),
            None,
            Some(Neighbour {
                index: 0,
                distance: 5000.0,
            }),
        ];
        assert_eq!(gaps(&d, 2000.0, |i| i != 3), vec![1, 2]);
    }
}
