//! Seeded inputs shared by the benchmarks: real England LSOA 2021 polygons from
//! `../shared/data` and synthetic points placed inside them.

use std::path::PathBuf;

use outreach::io::{read_area_set, AreaSetSpec};
use outreach::synth::{generate, AreaCensus, SynthOptions};
use outreach::{AreaSet, Vintage};

/// `../shared/data` (or `$OUTREACH_SHARED_DATA`).
pub fn shared_data() -> PathBuf {
    if let Ok(dir) = std::env::var("OUTREACH_SHARED_DATA") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")
}

/// The 33,755 LSOA 2021 (super generalised) polygons of England, in BNG.
pub fn england_lsoa21() -> AreaSet {
    let path = shared_data().join("boundaries/lsoa21_bsc_england.geojson.gz");
    let spec = AreaSetSpec::new("lsoa21", "LSOA21CD").with_vintage(Vintage::Y2021);
    match read_area_set(&path, &spec) {
        Ok((set, _)) => set,
        Err(e) => panic!("benchmarks need ../shared/data ({}): {e}", path.display()),
    }
}

/// About `n` points spread evenly over the areas (the same number in each, like LSOA
/// populations), uniformly inside each polygon, in a shuffled order (as real files are
/// only loosely spatial). Deterministic.
pub fn points_in(areas: &AreaSet, n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let per_area = n as f64 / areas.len() as f64;
    let census = vec![
        Some(AreaCensus {
            households_by_dimensions: [per_area, 0.0, 0.0, 0.0, 0.0],
            share_65_plus: None
        });
        areas.len()
    ];
    let centroids = vec![Vec::new(); areas.len()];
    let options = SynthOptions {
        seed,
        ..SynthOptions::default()
    };
    let households = match generate(areas, &census, &centroids, &options) {
        Ok(h) => h,
        Err(e) => panic!("cannot generate points: {e}"),
    };
    let g = households.gazetteer;
    // A fixed multiplicative permutation scatters the area-ordered points.
    let len = g.len();
    let step = 2_654_435_761usize % len.max(1);
    let step = if gcd(step, len) == 1 { step } else { 1 };
    let mut xs = Vec::with_capacity(len);
    let mut ys = Vec::with_capacity(len);
    let mut k = 0usize;
    for _ in 0..len {
        xs.push(g.xs()[k]);
        ys.push(g.ys()[k]);
        k = (k + step) % len;
    }
    (xs, ys)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
