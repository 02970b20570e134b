//! Area profiles: 1M households over the 33,755 LSOA 2021 areas of England with 20
//! household attributes (10 categorical, 10 numeric) and 14 event categories.
//!
//! `cargo bench -p outreach-benches --bench profile` (needs ../shared/data).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outreach::attributes::{AttributeTable, KeyKind};
use outreach::profile::{Denominator, EventCounts, Profiler};
use outreach::{GazetteerBuilder, Property, Uprn};
use outreach_benches::{england_lsoa21, points_in};

const HOUSEHOLDS: usize = 1_000_000;

/// A deterministic pseudo-random stream (SplitMix64), so inputs are the same every run.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn profile(c: &mut Criterion) {
    let areas = england_lsoa21();
    let (xs, ys) = points_in(&areas, HOUSEHOLDS, 11);
    let mut b = GazetteerBuilder::new();
    b.reserve(xs.len());
    for (i, (&x, &y)) in xs.iter().zip(&ys).enumerate() {
        let Ok(uprn) = Uprn::new(i as u64 + 1) else {
            continue;
        };
        b.push(Property::at(uprn, x, y));
    }
    let Ok(homes) = b.build() else {
        panic!("gazetteer")
    };
    let placed = homes.assign(&areas);
    let n = homes.len();
    let Ok(mut table) = AttributeTable::new(
        KeyKind::Uprn,
        (1..=n as u64).map(|u| u.to_string()).collect(),
    ) else {
        panic!("attribute keys")
    };
    for k in 0..10u64 {
        let levels = 4 + k;
        let values = (0..n as u64)
            .map(|i| Some(format!("segment {}", mix(i * 31 + k) % levels)))
            .collect();
        if table.add_categorical(&format!("cat{k}"), values).is_err() {
            panic!("categorical");
        }
    }
    for k in 0..10u64 {
        let values = (0..n as u64)
            .map(|i| Some((mix(i * 17 + 100 + k) % 1000) as f64 / 10.0))
            .collect();
        if table.add_numeric(&format!("num{k}"), values).is_err() {
            panic!("numeric");
        }
    }
    let categories: Vec<String> = (0..14).map(|c| format!("type {c}")).collect();
    let counts: Vec<Vec<u64>> = (0..areas.len() as u64)
        .map(|a| (0..14).map(|c| mix(a * 14 + c) % 40).collect())
        .collect();
    let population: Vec<Option<f64>> = (0..areas.len() as u64)
        .map(|a| Some(1200.0 + (mix(a) % 1800) as f64))
        .collect();
    let Ok(events) = EventCounts::new("crime", Denominator::Population, categories, counts) else {
        panic!("events")
    };

    let mut group = c.benchmark_group("profile_1m_households_lsoa21_england");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("join_20_attributes_by_uprn", |b| {
        b.iter(|| table.join(&homes, None).map(|(_, r)| r.matched))
    });
    let Ok((joined, _)) = table.join(&homes, None) else {
        panic!("join")
    };
    let build = || {
        Profiler::new(&areas, &homes, &placed)?
            .attributes(joined.clone())?
            .population(population.clone())?
            .events(events.clone())?
            .build()
    };
    group.bench_function("build_profile_20_attributes_14_event_types", |b| {
        b.iter(|| build().map(|p| p.len()))
    });
    let Ok(built) = build() else {
        panic!("profile")
    };
    group.bench_function("area_table_suppressed", |b| {
        b.iter(|| {
            built
                .area_table()
                .and_then(|t| t.suppressed(5))
                .map(|t| t.rows())
        })
    });
    group.finish();
}

criterion_group!(benches, profile);
criterion_main!(benches);
