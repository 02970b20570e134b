//! Campaign planning: 100k eligible households, 30 services from 10 partners, 10 days,
//! rounds of 25 doors.
//!
//! `cargo bench -p outreach-benches --bench campaign`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outreach::attributes::{AttributeTable, KeyKind};
use outreach::campaign::{plan, Campaign, Partner, ServiceSpec};
use outreach::targeting::{Households, Rule};
use outreach::{GazetteerBuilder, Property, Uprn};

const HOUSEHOLDS: u64 = 100_000;
const SERVICES: usize = 30;
const PARTNERS: usize = 10;

/// A deterministic pseudo-random stream (SplitMix64), so inputs are the same every run.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn campaign(c: &mut Criterion) {
    // Households scattered over a 20 km square around Chorley, each in one of 10 segments.
    let mut b = GazetteerBuilder::new();
    for i in 0..HOUSEHOLDS {
        let x = 350_000.0 + (mix(i) % 20_000) as f64;
        let y = 410_000.0 + (mix(i + HOUSEHOLDS) % 20_000) as f64;
        let Ok(u) = Uprn::new(i + 1) else {
            panic!("uprn")
        };
        b.push(Property::at(u, x, y));
    }
    let Ok(homes) = b.build() else {
        panic!("gazetteer")
    };
    let Ok(mut table) = AttributeTable::new(
        KeyKind::Uprn,
        (1..=HOUSEHOLDS).map(|u| u.to_string()).collect(),
    ) else {
        panic!("keys")
    };
    let segments = (0..HOUSEHOLDS)
        .map(|i| Some((mix(i * 7 + 3) % 10).to_string()))
        .collect();
    if table.add_categorical("segment", segments).is_err() {
        panic!("segment")
    }
    let Ok((joined, _)) = table.join(&homes, None) else {
        panic!("join")
    };
    let ctx = Households::new(&homes).attributes(joined);
    // Service s is offered to 3 of the 10 segments: every household is eligible for 9.
    let services = (0..SERVICES)
        .map(|s| ServiceSpec {
            service: format!("service_{s:02}"),
            partner: format!("partner_{}", s % PARTNERS),
            location: None,
            eligible: Rule::Attribute {
                name: "segment".into(),
                values: (0..3).map(|k| ((s + k) % 10).to_string()).collect(),
            },
            priority: Vec::new(),
        })
        .collect();
    let campaign = Campaign {
        name: "bench".into(),
        area: Rule::Residential,
        days: (1..=10).map(|d| format!("day {d}")).collect(),
        round_size: 25,
        as_of: None,
        partners: (0..PARTNERS)
            .map(|p| Partner {
                name: format!("partner_{p}"),
                capacity_per_day: 10_000,
            })
            .collect(),
        services,
    };
    let mut g = c.benchmark_group("campaign");
    g.sample_size(10);
    g.throughput(Throughput::Elements(HOUSEHOLDS));
    g.bench_function("plan_100k_households_30_services", |bch| {
        bch.iter(|| {
            let Ok(p) = plan(&campaign, &ctx) else {
                panic!("plan")
            };
            assert_eq!(p.visits.len() + p.unscheduled.len(), HOUSEHOLDS as usize);
            p.visits.len()
        })
    });
    g.finish();
}

criterion_group!(benches, campaign);
criterion_main!(benches);
