//! Point-in-area assignment: 1M points into the 33,755 LSOA 2021 polygons of England.
//!
//! `cargo bench -p outreach-benches --bench spatial` (needs ../shared/data).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use geo::{BoundingRect, Contains, Point};
use outreach_benches::{england_lsoa21, points_in};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

fn assign(c: &mut Criterion) {
    let areas = england_lsoa21();
    let (xs, ys) = points_in(&areas, 1_000_000, 7);
    let mut group = c.benchmark_group("assign_lsoa21_england");
    group.sample_size(10);
    group.throughput(Throughput::Elements(xs.len() as u64));
    group.bench_function("outreach_parallel", |b| {
        b.iter(|| areas.assign(&xs, &ys).map(|a| a.assigned()))
    });
    let serial = rayon::ThreadPoolBuilder::new().num_threads(1).build();
    if let Ok(pool) = serial {
        group.bench_function("outreach_1_thread", |b| {
            b.iter(|| pool.install(|| areas.assign(&xs, &ys).map(|a| a.assigned())))
        });
    }
    // Naive baseline: R-tree of envelopes + geo::Contains, on a 20k sample (it is slow).
    let sample = 20_000.min(xs.len());
    let envelopes: Vec<_> = (0..areas.len() as u32)
        .filter_map(|a| {
            let r = areas.geometry(a)?.bounding_rect()?;
            Some(GeomWithData::new(
                Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                a,
            ))
        })
        .collect();
    let tree = RTree::bulk_load(envelopes);
    group.throughput(Throughput::Elements(sample as u64));
    group.bench_function("naive_rtree_geo_contains_20k", |b| {
        b.iter_batched(
            || (),
            |()| {
                let mut found = 0usize;
                for i in 0..sample {
                    let p = Point::new(xs[i], ys[i]);
                    let hit = tree
                        .locate_all_at_point(&[xs[i], ys[i]])
                        .find(|c| areas.geometry(c.data).is_some_and(|g| g.contains(&p)));
                    found += usize::from(hit.is_some());
                }
                found
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_lsoa21_england");
    group.sample_size(10);
    group.bench_function("read_geojson_and_build_index", |b| b.iter(england_lsoa21));
    group.finish();
}

criterion_group!(benches, assign, build);
criterion_main!(benches);
