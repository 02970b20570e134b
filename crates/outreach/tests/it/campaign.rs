//! A Chorley Week of Action on the demo data: the LSOAs in the 20% most deprived, seven
//! services from six partners (examples/week_of_action.json), planned as one visit per
//! household, then a simulated outcome file turned into uptake tables.

use std::collections::{BTreeMap, HashMap};

use outreach::campaign::outcomes::{
    compare_periods, partner_outcomes, uptake, Date, DateRange, Outcome,
};
use outreach::campaign::{path_length, plan, Campaign};
use outreach::demo::Demo;
use outreach::io::read_interventions;
use outreach::targeting::Households;
use outreach::Domain;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use super::demo_data;

fn rules() -> Campaign {
    let path = demo_data().join("../../week_of_action.json");
    Campaign::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn week_of_action_on_the_chorley_demo() {
    let demo = Demo::load(&demo_data(), 2026).unwrap();
    let homes = &demo.households.gazetteer;
    let attrs = demo.households.attributes().unwrap();
    let (joined, _) = attrs.join(homes, None).unwrap();
    let campaign = rules();
    assert!(campaign.services.len() >= 6);
    assert!(campaign.partners.len() >= 5);
    let mut ctx = Households::new(homes)
        .deprivation(&demo.lsoas, &demo.household_lsoa, &demo.iod)
        .attributes(joined)
        .as_of("2026-10".parse().unwrap());
    // Every 10th household had a fire check in 2025 (not due), every 10th + 1 in 2022 (due).
    for i in (0..homes.len()).step_by(10) {
        ctx.intervention(i, "fire_check", "2025-02".parse().unwrap());
        if i + 1 < homes.len() {
            ctx.intervention(i + 1, "fire_check", "2022-02".parse().unwrap());
        }
    }
    let p = plan(&campaign, &ctx).unwrap();

    // The expected offers, computed directly from the synthetic attributes and the IoD.
    let lsoa = |i: usize| {
        demo.iod
            .get(demo.lsoas.code(demo.household_lsoa.area(i).unwrap()))
            .unwrap()
    };
    let mut expected: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut in_area = 0;
    for i in 0..homes.len() {
        if demo.household_lsoa.area(i).is_none()
            || !lsoa(i).in_most_deprived(Domain::Imd, 20).unwrap()
        {
            continue;
        }
        in_area += 1;
        let old = demo.households.has_65_plus[i];
        let dims = demo.households.deprivation_dimensions[i];
        let checks = [
            old && i % 10 != 0,
            dims >= 1,
            old,
            dims >= 2,
            lsoa(i).decile(Domain::Imd).unwrap() <= 1,
            lsoa(i).decile(Domain::LivingEnvironment).unwrap() <= 2,
            dims >= 3,
        ];
        let offers: Vec<usize> = (0..checks.len()).filter(|&s| checks[s]).collect();
        if !offers.is_empty() {
            expected.insert(i, offers);
        }
    }
    assert_eq!(p.in_area, in_area);
    assert!(expected.len() > 1000, "{} eligible", expected.len());

    let mut need = vec![0usize; campaign.partners.len()];
    for o in expected.values() {
        let mut ps: Vec<usize> = o.iter().map(|&s| campaign.partner_of(s).unwrap()).collect();
        ps.dedup();
        for q in ps {
            need[q] += 1;
        }
    }
    println!(
        "{} eligible; households per partner {need:?}",
        expected.len()
    );
    // Every eligible household exactly once, with all its offers; nobody else.
    assert!(p.unscheduled.is_empty(), "{:?}", p.unscheduled.first());
    let mut seen: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for v in &p.visits {
        assert!(
            seen.insert(v.row, v.services.clone()).is_none(),
            "row {} twice",
            v.row
        );
    }
    assert_eq!(seen, expected);

    // No partner over capacity on any day.
    let mut load: HashMap<(usize, usize), u32> = HashMap::new();
    for v in &p.visits {
        let mut ps: Vec<usize> = v
            .services
            .iter()
            .map(|&s| campaign.partner_of(s).unwrap())
            .collect();
        ps.dedup();
        ps.sort_unstable();
        ps.dedup();
        for q in ps {
            *load.entry((q, v.day)).or_default() += 1;
        }
    }
    for (&(q, d), &n) in &load {
        assert!(
            n <= campaign.partners[q].capacity_per_day,
            "{} day {d}: {n}",
            campaign.partners[q].name
        );
    }

    // Rounds: at most round_size doors, orders 1..=n, compact against a random ordering of
    // the same day's households cut into rounds of the same sizes.
    let rounds = p.rounds();
    let planned: Vec<f64> = p.round_lengths();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut random = Vec::new();
    for d in 0..campaign.days.len() {
        let sizes: Vec<usize> = rounds
            .iter()
            .filter(|((day, _), _)| *day == d)
            .map(|(_, r)| r.len())
            .collect();
        let mut rows: Vec<usize> = p
            .visits
            .iter()
            .filter(|v| v.day == d)
            .map(|v| v.row)
            .collect();
        rows.shuffle(&mut rng);
        let mut at = 0;
        for s in sizes {
            random.push(path_length(homes.xs(), homes.ys(), &rows[at..at + s]));
            at += s;
        }
    }
    // And the same doors of each round in a random order.
    let shuffled: Vec<f64> = rounds
        .iter()
        .map(|(_, r)| {
            let mut r = r.clone();
            r.shuffle(&mut rng);
            path_length(homes.xs(), homes.ys(), &r)
        })
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mp, mr, ms) = (mean(&planned), mean(&random), mean(&shuffled));
    println!("same doors in random order: {ms:.0} m per round");
    assert!(mp < 0.5 * ms, "planned {mp:.0} m vs shuffled {ms:.0} m");
    println!(
        "{} households in area, {} visits in {} rounds; mean walk per round {:.0} m planned vs {:.0} m random ({:.1}%)",
        in_area,
        p.visits.len(),
        rounds.len(),
        mp,
        mr,
        100.0 * mp / mr
    );
    assert!(rounds.iter().all(|(_, r)| r.len() <= campaign.round_size));
    assert!(mp < 0.2 * mr, "planned {mp:.0} m vs random {mr:.0} m");

    // The reason trace explains each selection.
    for v in &p.visits {
        assert!(
            v.reasons[0] == "LSOA in the 20% most deprived",
            "{:?}",
            v.reasons
        );
        for &s in &v.services {
            let name = &campaign.services[s].service;
            assert!(
                v.reasons
                    .iter()
                    .any(|r| r.starts_with(&format!("{name}: "))),
                "{name} not explained: {:?}",
                v.reasons
            );
        }
        if v.row % 10 == 1 && v.services.contains(&0) {
            assert!(v
                .reasons
                .iter()
                .any(|r| r.contains("last fire_check in 2022-02")));
        }
    }
    let sheets = p.visit_sheets().unwrap();
    assert_eq!(sheets.rows(), p.visits.len());
    for partner in &campaign.partners {
        let w = p.partner_work_list(&partner.name).unwrap();
        let want = load
            .iter()
            .filter(|((q, _), _)| campaign.partners[*q].name == partner.name)
            .map(|(_, &n)| n as usize)
            .sum::<usize>();
        assert_eq!(w.rows(), want, "{}", partner.name);
    }

    // Tighter capacity: the lowest-priority households are reported, with the partner.
    let mut tight = campaign.clone();
    tight.partners[0].capacity_per_day = 100;
    let q = plan(&tight, &ctx).unwrap();
    assert_eq!(q.visits.len() + q.unscheduled.len(), expected.len());
    assert!(!q.unscheduled.is_empty());
    assert!(q
        .unscheduled
        .iter()
        .all(|u| u.reason.contains("Lancashire Fire and Rescue (100 a day)")));
    let fire = q.partner_work_list("Lancashire Fire and Rescue").unwrap();
    assert_eq!(fire.rows(), 500);

    // A simulated outcome file: each offer gets a result from its row and service, dated
    // on the visit day; a baseline a year earlier; one bad row.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outcomes.csv");
    let mut csv = String::from("uprn,service,date,result\n");
    let mut direct: HashMap<usize, u64> = HashMap::new();
    let mut direct_base: HashMap<(String, Outcome), u64> = HashMap::new();
    for v in &p.visits {
        let uprn = homes.uprns()[v.row];
        for &s in &v.services {
            let o = Outcome::ALL[(v.row * 7 + s * 3) % 6];
            let name = &campaign.services[s].service;
            csv += &format!("{uprn},{name},{},{o}\n", campaign.days[v.day]);
            if o == Outcome::Delivered {
                *direct.entry(s).or_default() += 1;
            }
            if v.row % 3 == 0 {
                csv += &format!("{uprn},{name},2025-10-06,{}\n", Outcome::ALL[v.row % 6]);
                *direct_base
                    .entry((name.clone(), Outcome::ALL[v.row % 6]))
                    .or_default() += 1;
            }
        }
    }
    csv += "100,flu_jab,2026-13-01,delivered\n";
    std::fs::write(&path, csv).unwrap();
    let (records, report) = read_interventions(&path).unwrap();
    assert!(report.is_consistent());
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].field.as_deref(), Some("date"));
    let week =
        DateRange::new("2026-10-05".parse().unwrap(), "2026-10-09".parse().unwrap()).unwrap();
    let t = uptake(
        &p,
        &records,
        week,
        Some((&demo.lsoas, &demo.household_lsoa)),
    )
    .unwrap();
    let col = |n: &str| &t.column(n).unwrap().values;
    let mut per_area_sum: HashMap<String, (u64, u64)> = HashMap::new();
    for r in 0..t.rows() {
        let service = col("service").text(r).unwrap().to_string();
        let s = campaign
            .services
            .iter()
            .position(|x| x.service == service)
            .unwrap();
        let (e, d) = (
            col("eligible").count(r).unwrap(),
            col("delivered").count(r).unwrap(),
        );
        if col("area").text(r) == Some("all") {
            let want_e = expected.values().filter(|o| o.contains(&s)).count() as u64;
            assert_eq!(e, want_e, "{service}");
            assert_eq!(d, direct.get(&s).copied().unwrap_or(0), "{service}");
            assert_eq!(col("uptake").float(r), Some(d as f64 / e as f64));
            per_area_sum.entry(service).or_default();
        } else {
            let x = per_area_sum.entry(service).or_default();
            x.0 += e;
            x.1 += d;
        }
    }
    for (service, (e, d)) in per_area_sum {
        let s = campaign
            .services
            .iter()
            .position(|x| x.service == service)
            .unwrap();
        assert_eq!(d, direct.get(&s).copied().unwrap_or(0));
        assert_eq!(
            e,
            expected.values().filter(|o| o.contains(&s)).count() as u64
        );
    }
    let base =
        DateRange::new("2025-10-06".parse().unwrap(), "2025-10-10".parse().unwrap()).unwrap();
    let c = compare_periods(&records, week, base).unwrap();
    for r in 0..c.rows() {
        let key = (
            c.column("service")
                .unwrap()
                .values
                .text(r)
                .unwrap()
                .to_string(),
            c.column("outcome")
                .unwrap()
                .values
                .text(r)
                .unwrap()
                .parse::<Outcome>()
                .unwrap(),
        );
        assert_eq!(
            c.column("baseline").unwrap().values.count(r).unwrap(),
            direct_base.get(&key).copied().unwrap_or(0)
        );
    }
    let po = partner_outcomes(&campaign, &records, week).unwrap();
    let total: u64 = (0..po.rows())
        .map(|r| po.column("count").unwrap().values.count(r).unwrap())
        .sum();
    assert_eq!(
        total,
        p.visits
            .iter()
            .map(|v| v.services.len() as u64)
            .sum::<u64>()
    );
    assert_eq!(
        Date::new(2026, 10, 5).unwrap().to_string(),
        campaign.days[0]
    );
}

#[test]
fn plan_outputs_are_written_to_one_directory() {
    let demo = Demo::load(&demo_data(), 2026).unwrap();
    let campaign = rules();
    let (p, applied) = demo.plan(&campaign, &[]).unwrap();
    assert_eq!(applied, 0);
    let dir = tempfile::tempdir().unwrap();
    let files = p.write_csv_dir(dir.path()).unwrap();
    assert_eq!(files.len(), 4 + campaign.partners.len());
    let visits = std::fs::read_to_string(dir.path().join("visits.csv")).unwrap();
    assert_eq!(visits.lines().count(), p.visits.len() + 1);
    let v = &p.visits[0];
    assert_eq!(
        visits.lines().nth(1).unwrap(),
        format!(
            "{},{},{},{},{}",
            v.uprn,
            campaign.days[v.day],
            v.round,
            v.order,
            p.service_names(&v.services)
        )
    );
    let load = std::fs::read_to_string(dir.path().join("load.csv")).unwrap();
    assert_eq!(
        load.lines().count(),
        campaign.partners.len() * campaign.days.len() + 1
    );
    let fire = dir.path().join("partners/lancashire_fire_and_rescue.csv");
    assert!(std::fs::read_to_string(fire).unwrap().lines().count() > 1);

    // Two partners with one file name: nothing written, both named.
    let mut clash = campaign.clone();
    clash.partners[1].name = "Lancashire Fire-and-Rescue".into();
    for s in &mut clash.services {
        if s.partner == campaign.partners[1].name {
            s.partner = clash.partners[1].name.clone();
        }
    }
    let (p2, _) = demo.plan(&clash, &[]).unwrap();
    let other = tempfile::tempdir().unwrap();
    let err = p2.write_csv_dir(other.path()).unwrap_err().to_string();
    assert!(err.contains("Lancashire Fire-and-Rescue"), "{err}");
    assert!(!other.path().join("visits.csv").exists());
}

#[test]
fn a_rules_file_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.json");
    std::fs::write(&path, "{\"name\": \"x\",\n \"area\": 3}").unwrap();
    let err = Campaign::from_json_file(&path).unwrap_err();
    assert!(
        matches!(err, outreach::Error::Format { line: Some(2), .. }),
        "{err}"
    );
    let missing = Campaign::from_json_file(&dir.path().join("none.json")).unwrap_err();
    assert!(matches!(missing, outreach::Error::Io { .. }), "{missing}");
    assert_eq!(
        Campaign::from_json_file(&demo_data().join("../../week_of_action.json")).unwrap(),
        rules()
    );
}
