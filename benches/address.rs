//! Address matching throughput: the 10,000 messy partner records of
//! `../shared/data/address_bench` against its 50,108-address gazetteer, and against a
//! 150,324-address gazetteer made by repeating it under two more postcode areas (`ZX`, `ZW`:
//! the same streets again, so candidate lists are longer and records without a postcode
//! meet three times the look-alikes).
//!
//! `cargo bench -p outreach-benches --bench address` (needs ../shared/data).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outreach::address::{AddressIndex, MatchOptions, ReferenceAddress};
use outreach::io::{read_address_gazetteer, read_partner_addresses, AddressColumns};
use outreach::Uprn;
use outreach_benches::shared_data;

fn gazetteer() -> Vec<ReferenceAddress> {
    let path = shared_data().join("address_bench/components.csv.gz");
    match read_address_gazetteer(&path, &AddressColumns::fields()) {
        Ok((refs, _)) => refs,
        Err(e) => panic!("benchmarks need ../shared/data ({}): {e}", path.display()),
    }
}

/// The gazetteer three times: as is, and under postcode areas ZX and ZW with UPRNs moved
/// by 3e11 and 6e11.
fn tripled(refs: &[ReferenceAddress]) -> Vec<ReferenceAddress> {
    let mut out = refs.to_vec();
    for (k, area) in [(1u64, "ZX"), (2, "ZW")] {
        let shift = |u: Uprn| Uprn::new(u.get() + k * 300_000_000_000).ok();
        for r in refs {
            let Some(uprn) = shift(r.uprn) else { continue };
            out.push(ReferenceAddress {
                uprn,
                parent: r.parent.and_then(shift),
                postcode: r.postcode.as_ref().map(|p| p.replacen("ZY", area, 1)),
                parts: r.parts.clone(),
            });
        }
    }
    out
}

fn messy() -> Vec<String> {
    let path = shared_data().join("address_bench/messy.csv.gz");
    match read_partner_addresses(&path, "id", "address", None) {
        Ok((rows, _)) => rows.into_iter().map(|r| r.address).collect(),
        Err(e) => panic!("benchmarks need ../shared/data ({}): {e}", path.display()),
    }
}

fn matching(c: &mut Criterion) {
    let refs = gazetteer();
    let big = tripled(&refs);
    let queries = messy();
    let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
    let opts = MatchOptions::default();
    let serial = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    for (name, refs) in [("gazetteer_50k", &refs), ("gazetteer_150k", &big)] {
        let Ok(index) = AddressIndex::build(refs) else {
            panic!("index build failed");
        };
        let mut group = c.benchmark_group(format!("address_match_{name}"));
        group.sample_size(10);
        group.throughput(Throughput::Elements(queries.len() as u64));
        group.bench_function("messy_10k_parallel", |b| {
            b.iter(|| index.match_batch(&queries, &opts).len())
        });
        if let Some(pool) = &serial {
            group.bench_function("messy_10k_1_thread", |b| {
                b.iter(|| pool.install(|| index.match_batch(&queries, &opts).len()))
            });
        }
        group.finish();
        let mut group = c.benchmark_group(format!("address_index_{name}"));
        group.sample_size(10);
        group.throughput(Throughput::Elements(refs.len() as u64));
        group.bench_function("build", |b| {
            b.iter(|| AddressIndex::build(refs).map(|i| i.len()).unwrap_or(0))
        });
        group.finish();
    }
}

criterion_group!(benches, matching);
criterion_main!(benches);
