use super::*;
use crate::demo::Demo;
use crate::service::{nearest, Assets};

fn demo() -> Demo {
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/chorley");
    Demo::load(&dir, 2026).unwrap()
}

#[test]
fn fire_checks_for_older_households_not_checked_in_three_years() {
    let demo = demo();
    let homes = &demo.households.gazetteer;
    let attrs = demo.households.attributes().unwrap();
    let (joined, _) = attrs.join(homes, None).unwrap();
    let station = Assets::new(
        "fire_station",
        vec!["Chorley".into()],
        vec![358_700.0],
        vec![417_600.0],
    )
    .unwrap();
    let dist: Vec<Option<f64>> = nearest(homes.xs(), homes.ys(), &station)
        .unwrap()
        .iter()
        .map(|n| n.map(|n| n.distance))
        .collect();
    let mut ctx = Households::new(homes)
        .deprivation(&demo.lsoas, &demo.household_lsoa, &demo.iod)
        .attributes(joined)
        .distances("fire_station", dist.clone())
        .as_of("2026-11".parse().unwrap());
    // Households 0..100 had a check in 2025 (excluded), 100..200 in 2021 (eligible again).
    for i in 0..100 {
        ctx.intervention(i, "fire_check", "2025-03".parse().unwrap());
        ctx.intervention(i + 100, "fire_check", "2021-06".parse().unwrap());
    }
    let rules = ServiceRules::list_from_json(
        r#"[{"service": "fire_check",
             "eligible": {"rule": "all", "rules": [
                 {"rule": "residential"},
                 {"rule": "attribute", "name": "aged_65_plus", "in": ["yes"]},
                 {"rule": "no_intervention_within", "service": "fire_check", "months": 36}]},
             "priority": [{"rule": {"rule": "most_deprived", "percent": 20}, "weight": 2},
                          {"rule": {"rule": "farther_than", "asset": "fire_station", "metres": 5000}, "weight": 1}]}]"#,
    )
    .unwrap();
    let s = select(&ctx, &rules[0]).unwrap();
    assert_eq!(s.eligible.len() + s.excluded.len(), homes.len());
    let deprived = |i: usize| {
        demo.iod
            .get(demo.lsoas.code(demo.household_lsoa.area(i).unwrap()))
            .unwrap()
            .in_most_deprived(Domain::Imd, 20)
            .unwrap()
    };
    // Every 65+ household except the 100 checked in 2025.
    let expected: Vec<usize> = (100..homes.len())
        .filter(|&i| demo.households.has_65_plus[i])
        .collect();
    let mut rows: Vec<usize> = s.eligible.iter().map(|e| e.row).collect();
    rows.sort_unstable();
    assert_eq!(rows, expected);
    for e in &s.eligible {
        let want = 2.0 * f64::from(u8::from(deprived(e.row)))
            + f64::from(u8::from(dist[e.row].unwrap() > 5000.0));
        assert_eq!(e.score, want, "row {}", e.row);
        assert!(e.reasons.iter().any(|r| r == "aged_65_plus is yes"));
        if e.row >= 100 && e.row < 200 {
            assert!(
                e.reasons
                    .iter()
                    .any(|r| r.starts_with("last fire_check in 2021-06")),
                "{:?}",
                e.reasons
            );
        }
    }
    assert!(s
        .eligible
        .windows(2)
        .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].row < w[1].row)));
    let recent = s
        .excluded
        .iter()
        .find(|x| x.row < 100 && demo.households.has_65_plus[x.row])
        .unwrap();
    assert_eq!(recent.because, "fire_check in 2025-03, within 36 months");
    assert!(s
        .excluded
        .iter()
        .filter(|x| !demo.households.has_65_plus[x.row])
        .all(|x| x.because == "aged_65_plus is no, not one of yes"));
}

#[test]
fn rules_that_name_missing_data_are_refused() {
    let demo = demo();
    let ctx = Households::new(&demo.households.gazetteer);
    for (json, needle) in [
        (
            r#"{"rule": "attribute", "name": "tenure", "in": ["social"]}"#,
            "no attribute",
        ),
        (
            r#"{"rule": "most_deprived", "percent": 20}"#,
            "needs Households::deprivation",
        ),
        (
            r#"{"rule": "farther_than", "asset": "gp", "metres": 1000}"#,
            "no distances",
        ),
    ] {
        let e = select(
            &ctx,
            &ServiceRules::new("x", Rule::from_json(json).unwrap()),
        )
        .unwrap_err();
        assert!(e.to_string().contains(needle), "{e}");
    }
    let e = Rule::from_json(r#"{"rule": "astrology"}"#).unwrap_err();
    assert!(e.to_string().contains("unknown variant"), "{e}");
    assert!(ServiceRules::list_from_json(r#"{"service": "x"}"#).is_err());
}

#[test]
fn any_and_not_explain_themselves() {
    let demo = demo();
    let homes = &demo.households.gazetteer;
    let ctx = Households::new(homes).deprivation(&demo.lsoas, &demo.household_lsoa, &demo.iod);
    let rule = Rule::from_json(
        r#"{"rule": "any", "rules": [
        {"rule": "imd_decile_at_most", "decile": 1},
        {"rule": "not", "of": {"rule": "imd_decile_at_most", "decile": 9, "domain": "health"}}]}"#,
    )
    .unwrap();
    let s = select(&ctx, &ServiceRules::new("advice", rule)).unwrap();
    assert_eq!(s.eligible.len() + s.excluded.len(), homes.len());
    let x = &s.excluded[0];
    assert!(
        x.because.starts_with("none of: imd decile"),
        "{}",
        x.because
    );
    assert!(x.because.contains("not (health decile"), "{}", x.because);
}
