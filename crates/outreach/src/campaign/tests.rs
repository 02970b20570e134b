use super::*;
use crate::{GazetteerBuilder, Property, Uprn};

fn grid(n: u64) -> crate::Gazetteer {
    let mut b = GazetteerBuilder::new();
    for u in 0..n {
        let (x, y) = ((u % 10) as f64 * 20.0, (u / 10) as f64 * 20.0);
        b.push(Property::at(
            Uprn::new(u + 1).unwrap(),
            359_000.0 + x,
            418_000.0 + y,
        ));
    }
    b.build().unwrap()
}

fn campaign(fire_cap: u32, days: usize) -> Campaign {
    Campaign::from_json(&format!(
        r#"{{"name": "t", "area": {{"rule": "residential"}},
            "days": {days:?}, "round_size": 7,
            "partners": [{{"name": "Fire", "capacity_per_day": {fire_cap}}},
                         {{"name": "Council", "capacity_per_day": 1000}}],
            "services": [
              {{"service": "smoke_alarm", "partner": "Fire", "eligible": {{"rule": "residential"}}}},
              {{"service": "advice", "partner": "Council", "location": "Hub",
                "eligible": {{"rule": "class_prefix", "prefix": "RD"}}}}]}}"#,
        days = (1..=days).map(|d| format!("d{d}")).collect::<Vec<_>>()
    ))
    .unwrap()
}

#[test]
fn capacity_is_respected_and_the_rest_reported() {
    let homes = grid(50);
    let ctx = Households::new(&homes);
    let c = campaign(12, 3);
    let p = plan(&c, &ctx).unwrap();
    assert_eq!(p.visits.len(), 36);
    assert_eq!(p.unscheduled.len(), 14);
    for d in 0..3 {
        assert_eq!(p.visits.iter().filter(|v| v.day == d).count(), 12);
    }
    assert!(
        p.unscheduled[0].reason.contains("Fire (12 a day)"),
        "{}",
        p.unscheduled[0].reason
    );
    let mut rows: Vec<usize> = p
        .visits
        .iter()
        .map(|v| v.row)
        .chain(p.unscheduled.iter().map(|u| u.row))
        .collect();
    rows.sort_unstable();
    assert_eq!(rows, (0..50).collect::<Vec<_>>());
    // Rounds of at most 7, orders 1..=len.
    for (_, r) in p.rounds() {
        assert!(r.len() <= 7);
    }
    let load = p.load_table().unwrap();
    assert_eq!(load.rows(), 6);
    assert_eq!(load.column("visits").unwrap().values.count(0), Some(12));
}

#[test]
fn routes_are_no_longer_than_nearest_neighbour_alone_and_deterministic() {
    let homes = grid(100);
    let ctx = Households::new(&homes);
    let c = campaign(1000, 1);
    let a = plan(&c, &ctx).unwrap();
    let b = plan(&c, &ctx).unwrap();
    assert_eq!(a.visits, b.visits);
    // Seven doors on a 20 m grid: a good path is about 6 legs of 20-28 m.
    for len in a.round_lengths() {
        assert!(len <= 6.0 * 20.0 * 2f64.sqrt() + 1e-6, "{len}");
    }
    let reversed: Vec<usize> = (0..10).rev().chain(10..20).collect();
    let ordered = order_round(homes.xs(), homes.ys(), &reversed);
    assert!(
        path_length(homes.xs(), homes.ys(), &ordered)
            <= path_length(homes.xs(), homes.ys(), &reversed)
    );
}

#[test]
fn bad_campaigns_are_refused() {
    let e = Campaign::from_json(r#"{"name": "x", "area": {"rule": "residential"}, "days": ["a"],
        "partners": [], "services": [{"service": "s", "partner": "Nobody", "eligible": {"rule": "residential"}}]}"#)
        .unwrap_err();
    assert!(e.to_string().contains("not declared"), "{e}");
    let e = Campaign::from_json(
        r#"{"name": "x", "area": {"rule": "residential"}, "days": [],
        "partners": [], "services": []}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("no days"), "{e}");
}
