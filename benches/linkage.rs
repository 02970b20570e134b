//! Single view across agencies: index 1M agency records (300k households, ~600k people,
//! 12 agencies), then household and person queries, each checked against a role and
//! appended to an audit log; plus tokenising identifiers.
//!
//! `cargo bench -p outreach-benches --bench linkage` (synthetic data, no files needed).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use outreach::linkage::{
    Agency, AgencyRecord, AuditLog, Date, Identifiers, LinkageIndex, PersonTokens, Role, Token,
    Tokeniser,
};
use outreach::Uprn;

const RECORDS: usize = 1_000_000;
const HOUSEHOLDS: u64 = 300_000;

/// splitmix64: a seeded stream, enough for synthetic keys.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn token(person: u64) -> Token {
    let mut m = Mix(person);
    let mut b = [0u8; 32];
    for chunk in b.chunks_mut(8) {
        chunk.copy_from_slice(&m.next().to_le_bytes());
    }
    Token::from_bytes(b)
}

fn records(n: usize) -> Vec<AgencyRecord> {
    let agencies: Vec<Agency> = (0..12)
        .map(|a| format!("Agency {a:02}").parse())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    let start = Date::new(2024, 4, 1).ok();
    let mut rng = Mix(42);
    (0..n)
        .filter_map(|i| {
            let household = rng.next() % HOUSEHOLDS;
            // Two people per household on average; a few records are about the household.
            let person = household * 2 + rng.next() % 2;
            let agency = agencies.get((rng.next() % 12) as usize)?.clone();
            let mut r = AgencyRecord::new(agency, format!("R{i}"), "case", start?);
            r.uprn = Uprn::new(100_000_000_000 + household).ok();
            if rng.next() % 10 != 0 {
                r.person = PersonTokens {
                    nhs: Some(token(person)),
                    name_dob: (rng.next() % 2 == 0).then(|| token(person | 1 << 62)),
                };
            }
            r.sensitive = rng.next() % 20 == 0;
            r.lead_contact = Some("Duty team 0300 000 0000".into());
            Some(r)
        })
        .collect()
}

fn build(c: &mut Criterion) {
    let recs = records(RECORDS);
    let mut group = c.benchmark_group("linkage_build");
    group.sample_size(10);
    group.throughput(Throughput::Elements(recs.len() as u64));
    group.bench_function("index_1m_records", |b| {
        b.iter_batched(
            || recs.clone(),
            |r| LinkageIndex::build(r).map(|i| i.people()),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn query(c: &mut Criterion) {
    let Ok(index) = LinkageIndex::build(records(RECORDS)) else {
        return;
    };
    let Ok(role) = Role::new("MASH") else { return };
    let role = role.all_agencies().contacts(true);
    let Ok(narrow) = Role::new("school") else {
        return;
    };
    let narrow = narrow.agencies(
        ["Agency 01".parse(), "Agency 02".parse()]
            .into_iter()
            .flatten(),
    );
    let mut group = c.benchmark_group("linkage_query");
    let mut rng = Mix(7);
    group.bench_function("household_all_agencies", |b| {
        b.iter_batched(
            || {
                (
                    AuditLog::new(),
                    Uprn::new(100_000_000_000 + rng.next() % HOUSEHOLDS).ok(),
                )
            },
            |(log, u)| {
                if let Some(u) = u {
                    black_box(index.household(u, &role, "strategy meeting", &log).ok());
                }
                log
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("household_two_agencies", |b| {
        b.iter_batched(
            || {
                (
                    AuditLog::new(),
                    Uprn::new(100_000_000_000 + rng.next() % HOUSEHOLDS).ok(),
                )
            },
            |(log, u)| {
                if let Some(u) = u {
                    black_box(index.household(u, &narrow, "attendance", &log).ok());
                }
                log
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("person", |b| {
        b.iter_batched(
            || (AuditLog::new(), token(rng.next() % (HOUSEHOLDS * 2))),
            |(log, t)| {
                black_box(index.person(&t, &role, "strategy meeting", &log).ok());
                log
            },
            BatchSize::SmallInput,
        )
    });
    // The cost of the log itself: a query appended to a log already 100k entries long.
    let long = AuditLog::new();
    for _ in 0..100_000 {
        if let Ok(u) = Uprn::new(100_000_000_000 + rng.next() % HOUSEHOLDS) {
            let _ = index.household(u, &role, "warm-up", &long);
        }
    }
    group.bench_function("household_shared_log", |b| {
        b.iter(|| {
            let u = Uprn::new(100_000_000_000 + rng.next() % HOUSEHOLDS).ok();
            u.map(|u| index.household(u, &role, "strategy meeting", &long).ok())
        })
    });
    group.finish();
}

fn tokenise(c: &mut Criterion) {
    let Ok(t) = Tokeniser::new(b"benchmark key of the partnership") else {
        return;
    };
    let names: Vec<(String, String, String)> = (0..10_000)
        .map(|i| {
            (
                format!("Given{i}"),
                format!("O'Family-{i}"),
                format!("{:02}/{:02}/20{:02}", 1 + i % 28, 1 + i % 12, i % 20),
            )
        })
        .collect();
    let mut group = c.benchmark_group("linkage_tokenise");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function("name_dob_and_nhs_10k", |b| {
        b.iter(|| {
            names
                .iter()
                .filter_map(|(g, f, d)| {
                    t.tokenise(&Identifiers {
                        given_name: Some(g),
                        family_name: Some(f),
                        date_of_birth: Some(d),
                        nhs_number: Some("943 476 5919"),
                    })
                    .ok()
                })
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, build, query, tokenise);
criterion_main!(benches);
