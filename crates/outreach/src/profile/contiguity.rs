//! Contiguity neighbours of an area set, for hot-spot statistics.

use geo::{BoundingRect, Distance, Euclidean, Intersects};
use rayon::prelude::*;
use rstar::{RTree, RTreeObject, AABB};

use crate::area::AreaSet;
use crate::error::{Error, Result};
use crate::stats::Neighbours;

struct Env {
    index: u32,
    env: AABB<[f64; 2]>,
}

impl RTreeObject for Env {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.env
    }
}

/// "Queen" contiguity: two areas are neighbours when their polygons touch (share a
/// boundary point) or, with `tolerance_m > 0`, come within that many metres of each other
/// (generalised boundaries do not always meet exactly; 1–5 m is usual for BSC/BGC).
/// Each area is its own neighbour ([`Neighbours`] is built for Gi*). Areas without a
/// geometry have only themselves.
///
/// Errors on a negative or non-finite tolerance.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use outreach::{AreaInput, AreaKind, AreaSet, Vintage};
/// use outreach::profile::contiguity;
/// # fn main() -> outreach::Result<()> {
/// let sq = |x0: f64, code: &str| AreaInput { code: code.parse().unwrap(), name: None,
///     geometry: MultiPolygon(vec![polygon![(x: x0, y: 0.0), (x: x0 + 1.0, y: 0.0),
///         (x: x0 + 1.0, y: 1.0), (x: x0, y: 1.0)]]) };
/// let set = AreaSet::new("row", AreaKind::Other, Vintage::Unspecified,
///     vec![sq(0.0, "A"), sq(1.0, "B"), sq(3.0, "C")])?;
/// let nb = contiguity(&set, 0.0)?;
/// assert_eq!(nb.of(0), &[0, 1]);
/// assert_eq!(nb.of(2), &[2]);
/// assert_eq!(contiguity(&set, 1.0)?.of(2), &[1, 2]);
/// # Ok(())
/// # }
/// ```
pub fn contiguity(areas: &AreaSet, tolerance_m: f64) -> Result<Neighbours> {
    if !(tolerance_m.is_finite() && tolerance_m >= 0.0) {
        return Err(Error::arg(
            "tolerance_m",
            format!("must be finite and non-negative, got {tolerance_m}"),
        ));
    }
    let n = areas.len() as u32;
    let envs: Vec<Env> = (0..n)
        .filter_map(|i| {
            let r = areas.geometry(i)?.bounding_rect()?;
            Some(Env {
                index: i,
                env: AABB::from_corners(
                    [r.min().x - tolerance_m, r.min().y - tolerance_m],
                    [r.max().x + tolerance_m, r.max().y + tolerance_m],
                ),
            })
        })
        .collect();
    let by_index: Vec<Option<AABB<[f64; 2]>>> = {
        let mut v = vec![None; n as usize];
        for e in &envs {
            v[e.index as usize] = Some(e.env);
        }
        v
    };
    let tree = RTree::bulk_load(envs);
    let lists: Vec<Vec<u32>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let (Some(env), Some(a)) = (by_index[i as usize], areas.geometry(i)) else {
                return Vec::new();
            };
            tree.locate_in_envelope_intersecting(&env)
                .filter(|c| c.index != i)
                .filter(|c| {
                    let Some(b) = areas.geometry(c.index) else {
                        return false;
                    };
                    if tolerance_m == 0.0 {
                        a.intersects(b)
                    } else {
                        a.0.iter().any(|pa| {
                            b.0.iter()
                                .any(|pb| Euclidean.distance(pa, pb) <= tolerance_m)
                        })
                    }
                })
                .map(|c| c.index)
                .collect()
        })
        .collect();
    Neighbours::from_adjacency(lists)
}

/// Distance neighbours: areas whose centroids lie within `distance_m` metres of each other
/// (inclusive), each area its own neighbour. Errors when an area has no geometry or the
/// distance is negative or not finite.
pub fn distance_neighbours(areas: &AreaSet, distance_m: f64) -> Result<Neighbours> {
    let mut xs = Vec::with_capacity(areas.len());
    let mut ys = Vec::with_capacity(areas.len());
    for i in 0..areas.len() as u32 {
        let c = areas
            .geometry(i)
            .and_then(geo::Centroid::centroid)
            .ok_or_else(|| {
                Error::arg(
                    "areas",
                    format!(
                        "area {} has no geometry to take a centroid of",
                        areas.code(i)
                    ),
                )
            })?;
        xs.push(c.x());
        ys.push(c.y());
    }
    Neighbours::within_distance(&xs, &ys, distance_m)
}
