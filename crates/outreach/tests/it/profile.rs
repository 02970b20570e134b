//! The Chorley profile on real data: 66 LSOAs, 8 in the 20% most deprived nationally,
//! police.uk crime rates per 1,000 residents with Byar intervals, OAC shares of the
//! (synthetic) households, need drivers and Gi* hot spots.

use std::collections::HashMap;
use std::io::Read;

use outreach::attributes::KeyKind;
use outreach::demo::Demo;
use outreach::io::{self, AreaSetSpec};
use outreach::kpi::Span;
use outreach::profile::{contiguity, need_driver_table, need_drivers, EventCounts, Profiler};
use outreach::stats::{self, HotSpotClass};
use outreach::{AreaCode, AreaKind, AreaSet, Domain, Vintage};

use crate::{demo_data, shared_data};

const CHORLEY: &str = "E07000118";

/// Chorley's 66 LSOAs (2011, generalised clipped) cut from the Lancashire/Nottinghamshire file.
fn chorley_lsoas(iod: &outreach::Deprivation) -> AreaSet {
    let (inputs, report) = io::read_area_inputs(
        &shared_data().join("boundaries/lsoa11_bgc_lancs_notts.geojson.gz"),
        &AreaSetSpec::new("lsoa11", "LSOA11CD")
            .with_name_field("LSOA11NM")
            .with_vintage(Vintage::Y2011),
    )
    .unwrap();
    assert!(report.is_consistent());
    let members: Vec<AreaCode> = iod.district_codes(&CHORLEY.parse().unwrap());
    let keep: Vec<_> = inputs
        .into_iter()
        .filter(|a| members.contains(&a.code))
        .collect();
    AreaSet::new("chorley lsoa11", AreaKind::Lsoa, Vintage::Y2011, keep).unwrap()
}

/// Crimes per LSOA and in total, counted straight from the police.uk CSV.
fn direct_crime_counts(first: &str, last: &str) -> HashMap<String, u64> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(
            shared_data().join("crime/chorley_lsoa_street_2019-12_to_2022-10.csv.gz"),
        )
        .unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let month = h.iter().position(|c| c == "Month").unwrap();
    let lsoa = h.iter().position(|c| c == "LSOA code").unwrap();
    let mut out = HashMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if (first..=last).contains(&&r[month]) {
            *out.entry(r[lsoa].to_string()).or_insert(0) += 1;
        }
    }
    out
}

#[test]
fn chorley_profile_on_real_data() {
    let (iod, r) = io::read_iod(
        &shared_data().join("imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz"),
        None,
    )
    .unwrap();
    assert!(r.is_clean(), "{r}");
    let lsoas = chorley_lsoas(&iod);
    assert_eq!(lsoas.len(), 66);

    // Households: the demo's synthetic gazetteer on real geography.
    let demo = Demo::load(&demo_data(), 2026).unwrap();
    let homes = &demo.households.gazetteer;
    let placed = homes.assign(&lsoas);
    assert!(
        placed.outside() * 1000 < placed.len(),
        "{} outside",
        placed.outside()
    );

    // OAC 2011 joined through each household's Output Area.
    let (oas, r) = io::read_area_set(
        &shared_data().join("boundaries/oa11_bgc_lancs_notts.geojson.gz"),
        &AreaSetSpec::new("oa11", "OA11CD").with_vintage(Vintage::Y2011),
    )
    .unwrap();
    assert!(r.is_consistent());
    let (oac, r) = io::read_oac2011(
        &shared_data().join("oac2011/oa11_output_area_classification_lancs_notts.csv.gz"),
    )
    .unwrap();
    assert!(r.is_clean() && r.is_consistent(), "{r}");
    assert_eq!(oac.key_kind(), KeyKind::Area);
    let in_oa = homes.assign(&oas);
    let (joined, join) = oac.join(homes, Some((&oas, &in_oa))).unwrap();
    assert_eq!(join.matched + join.unmatched, homes.len() as u64);
    assert!(join.unmatched * 1000 < join.properties, "{join}");

    // Population (ONS mid-2019) and police.uk crime, November 2021 to October 2022.
    let (pop, r) = io::read_lsoa_population(
        &shared_data().join("population/lsoa11_mid2019_population_totals_ew.csv.gz"),
        Some("total"),
    )
    .unwrap();
    assert!(r.is_clean(), "{r}");
    let (records, r) = io::read_police_uk(
        &shared_data().join("crime/chorley_lsoa_street_2019-12_to_2022-10.csv.gz"),
    )
    .unwrap();
    assert!(r.is_consistent());
    let period = Span::between("2021-11".parse().unwrap(), "2022-10".parse().unwrap()).unwrap();
    let (crime, er) = EventCounts::from_records("crime", &lsoas, &records, Some(period)).unwrap();
    assert_eq!(er.placed + er.unplaced + er.outside_period, er.events);
    assert_eq!(er.events, records.len() as u64);

    let profile = Profiler::new(&lsoas, homes, &placed)
        .unwrap()
        .attributes(joined)
        .unwrap()
        .population_by_code(&pop)
        .unwrap()
        .deprivation(&iod)
        .unwrap()
        .events(crime)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(profile.len(), 66);
    assert_eq!(profile.most_deprived(20).len(), 8);
    let ten = profile.most_deprived(10);
    assert!(ten.iter().all(|a| profile.most_deprived(20).contains(a)));

    // Crime rates per 1,000 residents equal direct counts over ONS populations, with Byar CIs.
    let direct = direct_crime_counts("2021-11", "2022-10");
    let mut total = 0;
    for (a, code) in profile.codes().iter().enumerate() {
        let all = profile.indicator(a, "crime:all").unwrap();
        let n = direct.get(code).copied().unwrap_or(0);
        total += n;
        assert_eq!(all.count, n, "{code}");
        let p = pop[&code.parse::<AreaCode>().unwrap()];
        assert!((all.value.unwrap() - n as f64 / p * 1000.0).abs() < 1e-9);
        let ci = stats::byar_count(n, stats::Z95);
        let iv = all.interval.unwrap();
        assert!(
            (iv.lower - ci.lower / p * 1000.0).abs() < 1e-9
                && (iv.upper - ci.upper / p * 1000.0).abs() < 1e-9
        );
        assert!(all.vs_borough.is_some());
    }
    let borough = profile
        .borough()
        .iter()
        .find(|b| b.id == "crime:all")
        .unwrap();
    assert_eq!(borough.count, total);
    let pop_total: f64 = profile.population().iter().flatten().sum();
    assert!((borough.value.unwrap() - total as f64 / pop_total * 1000.0).abs() < 1e-9);
    // police.uk recorded ~11,000 crimes and ASB incidents a year for ~117,000 residents.
    assert!(
        (75.0..115.0).contains(&borough.value.unwrap()),
        "{}",
        borough.value.unwrap()
    );
    let flags: Vec<_> = (0..66)
        .map(|a| {
            profile
                .indicator(a, "crime:all")
                .unwrap()
                .vs_borough
                .unwrap()
                .flag
        })
        .collect();
    assert!(
        flags.contains(&stats::Comparison::Higher) && flags.contains(&stats::Comparison::Lower)
    );

    // OAC supergroup shares add up to 1 in every LSOA with households.
    let ids: Vec<&str> = profile
        .indicator_ids()
        .into_iter()
        .filter(|i| i.starts_with("oac_supergroup:"))
        .collect();
    assert!(ids.len() >= 5, "{ids:?}");
    for a in 0..66 {
        let s: f64 = ids
            .iter()
            .filter_map(|id| profile.indicator(a, id).unwrap().value)
            .sum();
        assert!((s - 1.0).abs() < 1e-9, "{s}");
    }

    // Deprivation columns: the 8 flagged LSOAs are exactly those ranked within 20% nationally.
    let threshold = iod.threshold_rank(20);
    let dep = profile.deprivation().unwrap();
    for (a, code) in profile.codes().iter().enumerate() {
        let rank = iod
            .get(&code.parse().unwrap())
            .unwrap()
            .rank(Domain::Imd)
            .unwrap();
        assert_eq!(dep[a].imd_rank, Some(rank));
        assert_eq!(
            dep[a].share_most_deprived_20 == Some(1.0),
            rank <= threshold
        );
    }

    // Need drivers: gaps from the published ranks, checked on the most deprived LSOA.
    let codes: Vec<AreaCode> = profile.codes().iter().map(|c| c.parse().unwrap()).collect();
    let drivers = need_drivers(&codes, &iod).unwrap();
    assert_eq!(drivers.len(), 66 * 7);
    let worst = (0..66).min_by_key(|&a| dep[a].imd_rank.unwrap()).unwrap();
    let d = iod.get(&codes[worst]).unwrap();
    let n = 32_844.0;
    let mut by_hand: Vec<(f64, &str)> = [
        Domain::Income,
        Domain::Employment,
        Domain::Education,
        Domain::Health,
        Domain::Crime,
        Domain::Barriers,
        Domain::LivingEnvironment,
    ]
    .iter()
    .map(|&dm| {
        (
            f64::from(d.rank(Domain::Imd).unwrap()) / n - f64::from(d.rank(dm).unwrap()) / n,
            dm.as_str(),
        )
    })
    .collect();
    by_hand.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mine: Vec<_> = drivers.iter().filter(|r| r.area == worst).collect();
    assert_eq!(mine[0].indicator, by_hand[0].1);
    assert!((mine[0].gap - by_hand[0].0).abs() < 1e-12);
    let table = need_driver_table(&drivers, profile.codes()).unwrap();
    assert_eq!(table.rows(), 66 * 7);
    // "Health here, crime there": more than one domain is some LSOA's main driver.
    let mut mains: Vec<&str> = drivers
        .iter()
        .filter(|r| r.is_main_driver())
        .map(|r| r.indicator.as_str())
        .collect();
    mains.sort_unstable();
    mains.dedup();
    assert!(mains.len() >= 3, "{mains:?}");

    // Gi* hot spots of the crime rate over contiguous LSOAs.
    let nb = contiguity(&lsoas, 1.0).unwrap();
    for a in 0..66 {
        assert!(
            nb.of(a).len() >= 2,
            "LSOA {} has no neighbour",
            profile.codes()[a]
        );
    }
    let spots = profile.hot_spots("crime:all", &nb, 0.05).unwrap();
    let values = profile.values("crime:all").unwrap();
    assert_eq!(spots, stats::getis_ord_gi_star(&values, &nb, 0.05).unwrap());
    for s in &spots {
        match s.class {
            HotSpotClass::Hot => assert!(s.z > 0.0),
            HotSpotClass::Cold => assert!(s.z < 0.0),
            HotSpotClass::NotSignificant => {}
        }
    }
    // The LSOA with the highest crime rate (Chorley town centre) has a positive Gi*.
    let top = (0..66)
        .max_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap();
    assert!(spots[top].z > 0.0);

    // Export: suppression hides small counts but never zero or large ones.
    let wide = profile.area_table().unwrap();
    let published = wide.suppressed(stats::SUPPRESSION_THRESHOLD).unwrap();
    let before = &wide.column("crime:Bicycle theft:count").unwrap().values;
    let after = &published
        .column("crime:Bicycle theft:count")
        .unwrap()
        .values;
    let mut hidden = 0;
    for a in 0..66 {
        let c = before.count(a).unwrap();
        if (1..5).contains(&c) {
            hidden += 1;
            assert_eq!(after.count(a), None);
            assert_eq!(
                published
                    .column("crime:Bicycle theft:value")
                    .unwrap()
                    .values
                    .float(a),
                None
            );
        } else {
            assert_eq!(after.count(a), Some(c));
        }
    }
    assert!(hidden > 0);
    let mut csv_out = Vec::new();
    published.write_csv(&mut csv_out).unwrap();
    assert_eq!(String::from_utf8(csv_out).unwrap().lines().count(), 67);
}
