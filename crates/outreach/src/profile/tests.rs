use super::*;
use crate::area::{AreaInput, Vintage};
use crate::attributes::{AttributeTable, KeyKind};
use crate::gazetteer::{GazetteerBuilder, Property};
use crate::Uprn;
use geo::{polygon, MultiPolygon};

fn square(x0: f64, code: &str) -> AreaInput {
    AreaInput {
        code: code.parse().unwrap(),
        name: Some(format!("zone {code}")),
        geometry: MultiPolygon(vec![polygon![(x: x0, y: 0.0), (x: x0 + 100.0, y: 0.0),
            (x: x0 + 100.0, y: 100.0), (x: x0, y: 100.0)]]),
    }
}

/// Two zones; zone Z1 has 20 properties (16 houses, 4 shops), zone Z2 has 10 houses.
fn fixture() -> (AreaSet, Gazetteer) {
    let zones = AreaSet::new(
        "zones",
        AreaKind::Other,
        Vintage::Unspecified,
        vec![square(300_000.0, "Z1"), square(300_100.0, "Z2")],
    )
    .unwrap();
    let mut b = GazetteerBuilder::new();
    for i in 0..30u64 {
        let x = if i < 20 {
            300_002.0 + 4.0 * i as f64
        } else {
            300_105.0 + 5.0 * (i - 20) as f64
        };
        let mut p = Property::at(Uprn::new(i + 1).unwrap(), x, 50.0);
        p.class = Some(
            if (16..20).contains(&i) {
                "CR01"
            } else {
                "RD04"
            }
            .to_string(),
        );
        b.push(p);
    }
    (zones, b.build().unwrap())
}

#[test]
fn counts_shares_and_rates_by_hand() {
    let (zones, homes) = fixture();
    let a = homes.assign(&zones);
    // Tenure: in Z1 8 of 16 houses social rent; in Z2 1 of 10 (and 1 unknown).
    let mut t = AttributeTable::new(
        KeyKind::Uprn,
        (1..=30).map(|u: u64| u.to_string()).collect(),
    )
    .unwrap();
    let tenure: Vec<Option<String>> = (0..30)
        .map(|i| match i {
            0..=7 => Some("social".to_string()),
            8..=15 => Some("owner".to_string()),
            16..=19 => Some("social".to_string()), // shops: excluded, not residential
            20 => Some("social".to_string()),
            21 => None,
            _ => Some("owner".to_string()),
        })
        .collect();
    t.add_categorical("tenure", tenure).unwrap();
    t.add_numeric(
        "adults",
        (0..30)
            .map(|i| Some(if i < 20 { 2.0 } else { 1.0 }))
            .collect(),
    )
    .unwrap();
    let (joined, report) = t.join(&homes, None).unwrap();
    assert_eq!(report.matched, 30);
    let crime = EventCounts::new(
        "crime",
        Denominator::Population,
        vec!["burglary".into(), "asb".into()],
        vec![vec![10, 30], vec![2, 0]],
    )
    .unwrap();
    let p = Profiler::new(&zones, &homes, &a)
        .unwrap()
        .attributes(joined)
        .unwrap()
        .population(vec![Some(2000.0), Some(500.0)])
        .unwrap()
        .events(crime)
        .unwrap()
        .england("crime:all", 10.0)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(p.properties(), &[20, 10]);
    assert_eq!(p.households(), &[16, 10]);
    assert_eq!(p.class_names(), &["CR01", "RD04"]);
    assert_eq!((p.class_count(0, 0), p.class_count(0, 1)), (4, 16));
    let social = p.indicator(0, "tenure:social").unwrap();
    assert_eq!((social.count, social.denominator), (8, 16.0));
    assert_eq!(social.value, Some(0.5));
    let ci = stats::wilson(8, 16, stats::Z95).unwrap();
    assert_eq!(social.interval, Some(ci));
    // Borough share: 9 of 25 households with a known tenure.
    let b = p
        .borough()
        .iter()
        .find(|i| i.id == "tenure:social")
        .unwrap();
    assert_eq!((b.count, b.denominator), (9, 25.0));
    let z2 = p.indicator(1, "tenure:social").unwrap();
    assert_eq!((z2.count, z2.denominator), (1, 9.0));
    // Mean adults over households: Z1 2.0 exactly, interval of zero width.
    let adults = p.indicator(0, "adults").unwrap();
    assert_eq!(adults.value, Some(2.0));
    assert_eq!(adults.vs_borough.unwrap().flag, stats::Comparison::Higher);
    // Rates per 1,000 residents: Z1 all crime 40 / 2000 → 20; borough 42 / 2500 → 16.8.
    let all = p.indicator(0, "crime:all").unwrap();
    assert!((all.value.unwrap() - 20.0).abs() < 1e-12);
    let expect = stats::compare_rate(40, 2000.0, 16.8, 1000.0, stats::Z95).unwrap();
    assert_eq!(all.vs_borough, Some(expect));
    assert_eq!(all.vs_england.unwrap().flag, stats::Comparison::Higher);
    let z2 = p.indicator(1, "crime:all").unwrap();
    assert!((z2.value.unwrap() - 4.0).abs() < 1e-12);
    // 2 events: Byar upper (3(1 − 1/27 + 1.96/(3√3))³ = 7.22) / 500 × 1000 = 14.4 > 10.
    let ci = z2.interval.unwrap();
    assert!((ci.upper - 14.44).abs() < 0.01, "{ci:?}");
    assert_eq!(z2.vs_england.unwrap().flag, stats::Comparison::Similar);
    assert_eq!(
        p.indicator_ids(),
        vec![
            "tenure:owner",
            "tenure:social",
            "adults",
            "crime:burglary",
            "crime:asb",
            "crime:all"
        ]
    );

    // Export tables: suppression hides the count of 2 burglaries and 1 social household
    // in Z2 and everything derived from them, but not Z1.
    let wide = p.area_table().unwrap().suppressed(5).unwrap();
    let col = |n: &str| &wide.column(n).unwrap().values;
    assert_eq!(col("crime:burglary:count").count(1), None);
    assert_eq!(col("crime:burglary:value").float(1), None);
    assert_eq!(col("crime:burglary:vs_borough").text(1), None);
    assert_eq!(col("crime:burglary:count").count(0), Some(10));
    assert_eq!(
        col("crime:asb:count").count(1),
        Some(0),
        "zero is published"
    );
    assert_eq!(col("tenure:social:lower").float(1), None);
    assert_eq!(col("class:CR01").count(0), None, "4 shops suppressed");
    assert_eq!(col("properties").count(0), Some(20));
    assert_eq!(col("crime:all:vs_england").text(0), Some("higher"));
    let long = p.indicator_table().unwrap();
    assert_eq!(long.rows(), 6 * 3);
    let long = long.suppressed(5).unwrap();
    let last = long.rows() - 1;
    assert_eq!(
        long.column("area_name").unwrap().values.text(last),
        Some("all areas")
    );
    assert_eq!(long.column("count").unwrap().values.count(last), Some(42));
}

#[test]
fn input_errors_name_what_is_wrong() {
    let (zones, homes) = fixture();
    let a = homes.assign(&zones);
    let crime = EventCounts::new(
        "crime",
        Denominator::Population,
        vec!["x".into()],
        vec![vec![1], vec![2]],
    )
    .unwrap();
    let e = Profiler::new(&zones, &homes, &a)
        .unwrap()
        .events(crime.clone())
        .unwrap()
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("no population"), "{e}");
    assert!(Profiler::new(&zones, &homes, &a)
        .unwrap()
        .population(vec![None])
        .is_err());
    assert!(Profiler::new(&zones, &homes, &a)
        .unwrap()
        .events(crime.clone())
        .unwrap()
        .events(crime)
        .is_err());
    let e = Profiler::new(&zones, &homes, &a)
        .unwrap()
        .england("nope", 1.0)
        .unwrap()
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
    assert!(EventCounts::new("a:b", Denominator::Population, vec![], vec![]).is_err());
    assert!(
        EventCounts::new("a", Denominator::Population, vec!["x".into()], vec![vec![]]).is_err()
    );
}

#[test]
fn events_from_points_and_codes_report_every_event() {
    let (zones, _) = fixture();
    let (ev, r) = EventCounts::from_points(
        "fires",
        Denominator::Households,
        &zones,
        &[300_010.0, 300_150.0, 900.0],
        &[50.0, 50.0, 50.0],
        &["b", "a", "a"],
    )
    .unwrap();
    assert_eq!((r.events, r.placed, r.unplaced), (3, 2, 1));
    assert_eq!(ev.categories(), &["a", "b"]);
    assert_eq!((ev.count(0, 1), ev.count(1, 0), ev.total(0)), (1, 1, 1));
}

#[test]
fn hot_spots_follow_gi_star_on_indicator_values() {
    // Five zones in a row; rates 1, 1, 1, 9, 9 per household.
    let set = AreaSet::new(
        "row",
        AreaKind::Other,
        Vintage::Unspecified,
        (0..5)
            .map(|i| square(300_000.0 + 100.0 * i as f64, &format!("R{i}")))
            .collect(),
    )
    .unwrap();
    let mut b = GazetteerBuilder::new();
    for i in 0..50u64 {
        b.push(Property::at(
            Uprn::new(i + 1).unwrap(),
            300_005.0 + 10.0 * i as f64,
            50.0,
        ));
    }
    let homes = b.build().unwrap();
    let a = homes.assign(&set);
    let ev = EventCounts::new(
        "e",
        Denominator::Households,
        vec!["x".into()],
        vec![vec![10], vec![10], vec![10], vec![90], vec![90]],
    )
    .unwrap();
    let p = Profiler::new(&set, &homes, &a)
        .unwrap()
        .events(ev)
        .unwrap()
        .build()
        .unwrap();
    let nb = contiguity(&set, 0.0).unwrap();
    assert_eq!(nb.of(2), &[1, 2, 3]);
    let spots = p.hot_spots("e:all", &nb, 0.05).unwrap();
    let direct =
        stats::getis_ord_gi_star(&[1000.0, 1000.0, 1000.0, 9000.0, 9000.0], &nb, 0.05).unwrap();
    assert_eq!(spots, direct);
    assert!(spots[4].z > spots[0].z);
    let t = p.hot_spot_table("e:all", &nb, 0.05).unwrap();
    assert_eq!(t.rows(), 5);
    assert!(p.hot_spots("nope", &nb, 0.05).is_err());
}

#[test]
fn population_is_apportioned_from_lsoas_by_households() {
    // Two "LSOAs" (the fixture's zones, renamed) and one ward covering Z1 and half of Z2.
    let (zones, homes) = fixture();
    let lsoas = AreaSet::new(
        "lsoa",
        AreaKind::Lsoa,
        Vintage::Y2011,
        vec![
            square(300_000.0, "E01000001"),
            square(300_100.0, "E01000002"),
        ],
    )
    .unwrap();
    let ward = AreaSet::new("ward", AreaKind::Ward, Vintage::Year(2022), vec![AreaInput {
        code: "E05000001".parse().unwrap(),
        name: None,
        geometry: MultiPolygon(vec![polygon![(x: 300_000.0, y: 0.0), (x: 300_130.0, y: 0.0), (x: 300_130.0, y: 100.0), (x: 300_000.0, y: 100.0)]]),
    }]).unwrap();
    let in_lsoa = homes.assign(&lsoas);
    let in_ward = homes.assign(&ward);
    let residents: HashMap<crate::AreaCode, f64> = [
        ("E01000001".parse().unwrap(), 400.0),
        ("E01000002".parse().unwrap(), 100.0),
    ]
    .into();
    let p = Profiler::new(&ward, &homes, &in_ward)
        .unwrap()
        .lsoas(&lsoas, &in_lsoa)
        .unwrap()
        .population_from_lsoas(&residents)
        .unwrap()
        .build()
        .unwrap();
    // Z1: 16 households share 400 (all in the ward); Z2: 10 share 100, the 5 at x < 300,130 count.
    assert_eq!(p.households(), &[21]);
    let pop = p.population()[0].unwrap();
    assert!((pop - (400.0 + 5.0 * 10.0)).abs() < 1e-9, "{pop}");
    assert!(Profiler::new(&zones, &homes, &homes.assign(&zones))
        .unwrap()
        .population_from_lsoas(&residents)
        .is_err());
}
