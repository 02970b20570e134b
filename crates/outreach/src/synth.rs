//! Seeded synthetic households on real geography — for demos, tests and benchmarks.
//!
//! Open UPRN points with addresses are licensed, so outreach ships a generator that places
//! households the way real ones are placed: around real postcode centroids (Code-Point
//! Open) inside their real LSOA, with the real number of households per LSOA (Census 2021
//! TS011) and attributes drawn from the real LSOA distributions (TS011 deprivation
//! dimensions; the mid-2019 share of residents aged 65+). Where an LSOA has no postcode
//! centroid at hand, households are placed uniformly inside its polygon.
//!
//! **Everything it makes is synthetic**: the [`Gazetteer`] reports
//! [`Gazetteer::is_synthetic`], UPRNs are numbered from [`FIRST_SYNTHETIC_UPRN`] upwards
//! (a block chosen to stand apart from real allocations, which today sit below
//! 2×10¹¹), and writers label their output. The same inputs and seed give the same
//! households, bit for bit, whatever the number of threads.
//!
//! # Model
//! - Households per LSOA: TS011 total (all five categories), times `scale`, rounded.
//! - Deprivation dimensions (0-4) per household: drawn from that LSOA's TS011 shares.
//! - "Someone aged 65+": Bernoulli with `p = min(0.95, 1.7 × share of residents aged 65+)`.
//!   The factor 1.7 is the England ratio of households with someone 65+ to the resident
//!   share aged 65+ (Census 2021: roughly a third of households against 18.6% of people);
//!   it is an approximation, stated here so nobody mistakes it for data.
//! - Location: a centroid of the LSOA chosen uniformly, plus a Gaussian offset
//!   (σ = `jitter_m`), redrawn until the point falls in the LSOA (at most 50 tries, then
//!   uniform in the polygon).

use geo::{BoundingRect, InteriorPoint};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::area::AreaSet;
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, GazetteerBuilder, Property};
use crate::uprn::Uprn;

/// The first UPRN the generator hands out.
pub const FIRST_SYNTHETIC_UPRN: u64 = 900_000_000_001;

/// The census figures of one area that drive the generator.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AreaCensus {
    /// Households with 0, 1, 2, 3 and 4 dimensions of deprivation (TS011). May be
    /// fractional after bridging between 2011 and 2021 LSOAs.
    pub households_by_dimensions: [f64; 5],
    /// Share of residents aged 65 or over (0-1); `None` when unknown (then 0.186, England).
    pub share_65_plus: Option<f64>,
}

impl AreaCensus {
    /// Total households.
    pub fn households(&self) -> f64 {
        self.households_by_dimensions.iter().sum()
    }
}

/// Generator settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthOptions {
    /// Seed of the random streams.
    pub seed: u64,
    /// Multiplier on census household counts (1.0 = real counts).
    pub scale: f64,
    /// Standard deviation of the offset around a postcode centroid, metres.
    pub jitter_m: f64,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            seed: 2026,
            scale: 1.0,
            jitter_m: 30.0,
        }
    }
}

/// Synthetic households: a gazetteer plus one attribute row per property, in the same order.
#[derive(Debug)]
pub struct SyntheticHouseholds {
    /// The properties (classification `RD`, no address), flagged synthetic.
    pub gazetteer: Gazetteer,
    /// Index (in the area set used) of the area each household was generated in.
    pub area: Vec<u32>,
    /// Whether someone in the household is aged 65 or over.
    pub has_65_plus: Vec<bool>,
    /// Number of deprivation dimensions (0-4, Census 2021 definition).
    pub deprivation_dimensions: Vec<u8>,
}

impl SyntheticHouseholds {
    /// Number of households.
    pub fn len(&self) -> usize {
        self.area.len()
    }

    /// Whether none were generated.
    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    /// The households' attributes as a UPRN-keyed table for [`crate::profile`]:
    /// categorical `aged_65_plus` (`yes` / `no`) and `deprivation_dimensions` (`0` to `4`,
    /// the Census 2021 household deprivation dimensions).
    ///
    /// # Errors
    /// Never in practice (the UPRNs are unique); the table constructor's errors pass through.
    pub fn attributes(&self) -> Result<crate::attributes::AttributeTable> {
        let keys = self
            .gazetteer
            .uprns()
            .iter()
            .map(|u| u.to_string())
            .collect();
        let mut t = crate::attributes::AttributeTable::new(crate::attributes::KeyKind::Uprn, keys)?;
        t.add_categorical(
            "aged_65_plus",
            self.has_65_plus
                .iter()
                .map(|&b| Some(if b { "yes" } else { "no" }.to_string()))
                .collect(),
        )?;
        t.add_categorical(
            "deprivation_dimensions",
            self.deprivation_dimensions
                .iter()
                .map(|d| Some(d.to_string()))
                .collect(),
        )?;
        Ok(t)
    }
}

struct AreaDraw {
    xs: Vec<f64>,
    ys: Vec<f64>,
    old: Vec<bool>,
    dims: Vec<u8>,
}

/// Generates households for every area of `areas` that has census figures.
///
/// `census[i]` and `centroids[i]` belong to area `i` of `areas` (same order); either may be
/// empty/`None` for an area, which then gets no households (no census) or uniform placement
/// (no centroids).
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices do not match the area set, the scale or
/// jitter is negative or not finite, or the total exceeds the synthetic UPRN block.
///
/// # Examples
/// ```
/// use geo::{polygon, MultiPolygon};
/// use outreach::synth::{generate, AreaCensus, SynthOptions};
/// use outreach::{AreaInput, AreaKind, AreaSet, Vintage};
/// # fn main() -> outreach::Result<()> {
/// let lsoa = AreaInput { code: "E01000001".parse()?, name: None,
///     geometry: MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 500.0, y: 0.0), (x: 500.0, y: 500.0), (x: 0.0, y: 500.0)]]) };
/// let areas = AreaSet::new("lsoa", AreaKind::Lsoa, Vintage::Y2021, vec![lsoa])?;
/// let census = [Some(AreaCensus { households_by_dimensions: [40.0, 30.0, 20.0, 8.0, 2.0], share_65_plus: Some(0.2) })];
/// let a = generate(&areas, &census, &[vec![(250.0, 250.0)]], &SynthOptions::default())?;
/// let b = generate(&areas, &census, &[vec![(250.0, 250.0)]], &SynthOptions::default())?;
/// assert_eq!(a.len(), 100);
/// assert!(a.gazetteer.is_synthetic());
/// assert_eq!(a.gazetteer.xs(), b.gazetteer.xs()); // same seed, same households
/// # Ok(())
/// # }
/// ```
pub fn generate(
    areas: &AreaSet,
    census: &[Option<AreaCensus>],
    centroids: &[Vec<(f64, f64)>],
    options: &SynthOptions,
) -> Result<SyntheticHouseholds> {
    if census.len() != areas.len() || centroids.len() != areas.len() {
        return Err(Error::arg(
            "census/centroids",
            format!(
                "{} census rows and {} centroid lists for {} areas",
                census.len(),
                centroids.len(),
                areas.len()
            ),
        ));
    }
    if !(options.scale.is_finite() && options.scale >= 0.0) {
        return Err(Error::arg("scale", "must be a finite number >= 0"));
    }
    if !(options.jitter_m.is_finite() && options.jitter_m >= 0.0) {
        return Err(Error::arg("jitter_m", "must be a finite number >= 0"));
    }
    let total: f64 = census
        .iter()
        .flatten()
        .map(|c| (c.households() * options.scale).round())
        .sum();
    if total > (Uprn::MAX - FIRST_SYNTHETIC_UPRN) as f64 {
        return Err(Error::arg("scale", "more households than synthetic UPRNs"));
    }
    let draws: Vec<AreaDraw> = (0..areas.len())
        .into_par_iter()
        .map(|a| draw_area(areas, a as u32, census[a].as_ref(), &centroids[a], options))
        .collect();
    let n: usize = draws.iter().map(|d| d.xs.len()).sum();
    let mut builder = GazetteerBuilder::new();
    builder.reserve(n);
    builder.synthetic(true);
    let mut area = Vec::with_capacity(n);
    let mut has_65_plus = Vec::with_capacity(n);
    let mut deprivation_dimensions = Vec::with_capacity(n);
    let mut next = FIRST_SYNTHETIC_UPRN;
    for (a, d) in draws.into_iter().enumerate() {
        for i in 0..d.xs.len() {
            let mut p = Property::at(Uprn::new(next)?, d.xs[i], d.ys[i]);
            p.class = Some("RD".into());
            builder.push(p);
            next += 1;
            area.push(a as u32);
        }
        has_65_plus.extend(d.old);
        deprivation_dimensions.extend(d.dims);
    }
    Ok(SyntheticHouseholds {
        gazetteer: builder.build()?,
        area,
        has_65_plus,
        deprivation_dimensions,
    })
}

fn draw_area(
    areas: &AreaSet,
    a: u32,
    census: Option<&AreaCensus>,
    centroids: &[(f64, f64)],
    options: &SynthOptions,
) -> AreaDraw {
    let mut out = AreaDraw {
        xs: Vec::new(),
        ys: Vec::new(),
        old: Vec::new(),
        dims: Vec::new(),
    };
    let (Some(census), Some(geometry)) = (census, areas.geometry(a)) else {
        return out;
    };
    let Some(rect) = geometry.bounding_rect() else {
        return out;
    };
    // One stream per area: the result does not depend on how rayon splits the work.
    let mut rng = ChaCha8Rng::seed_from_u64(
        options.seed ^ (u64::from(a) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    let count = (census.households() * options.scale).round().max(0.0) as usize;
    let weights = census.households_by_dimensions;
    let wsum: f64 = weights.iter().sum();
    let p_old = (1.7 * census.share_65_plus.unwrap_or(0.186)).clamp(0.0, 0.95);
    let fallback = geometry.interior_point().map(|p| (p.x(), p.y()));
    for _ in 0..count {
        let mut placed = None;
        if !centroids.is_empty() {
            for _ in 0..50 {
                let (cx, cy) = centroids[rng.random_range(0..centroids.len())];
                let (dx, dy) = gaussian_pair(&mut rng);
                let (x, y) = (cx + dx * options.jitter_m, cy + dy * options.jitter_m);
                if areas.locate(x, y) == Some(a) {
                    placed = Some((x, y));
                    break;
                }
            }
        }
        if placed.is_none() {
            for _ in 0..1000 {
                let x = rng.random_range(rect.min().x..=rect.max().x);
                let y = rng.random_range(rect.min().y..=rect.max().y);
                if areas.locate(x, y) == Some(a) {
                    placed = Some((x, y));
                    break;
                }
            }
        }
        let Some((x, y)) = placed.or(fallback) else {
            continue;
        };
        // Millimetre precision, like published coordinates.
        out.xs.push((x * 1000.0).round() / 1000.0);
        out.ys.push((y * 1000.0).round() / 1000.0);
        out.old.push(rng.random::<f64>() < p_old);
        let mut pick = rng.random::<f64>() * wsum;
        let mut dims = 4u8;
        for (k, w) in weights.iter().enumerate() {
            if pick < *w {
                dims = k as u8;
                break;
            }
            pick -= w;
        }
        out.dims.push(dims);
    }
    out
}

/// Two independent standard normal draws (Box-Muller).
fn gaussian_pair(rng: &mut ChaCha8Rng) -> (f64, f64) {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random::<f64>();
    let r = (-2.0 * u1.ln()).sqrt();
    let t = std::f64::consts::TAU * u2;
    (r * t.cos(), r * t.sin())
}
