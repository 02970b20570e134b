//! Acceptance checks of the deprivation methods on the published IoD files in
//! ../shared/data: the IMD recomputed from domain ranks, district summaries against the
//! published LAD figures, the LSOA 2011 ↔ 2021 carry-over and the official file layouts.

use std::collections::HashMap;

use outreach::deprivation::{Carry, Composite, PopulationWeights, Weighting};
use outreach::io::{self, LsoaChange};
use outreach::{AreaCode, Deprivation, Domain, IodEdition, Vintage};

use crate::shared_data;

fn iod(relative: &str) -> Deprivation {
    let (iod, report) = io::read_iod(&shared_data().join(relative), None).unwrap();
    assert!(report.is_clean() && report.is_consistent(), "{report}");
    iod
}

fn iod2019() -> Deprivation {
    iod("imd2019/iod2019_lsoa11_combined.csv.gz")
}

fn iod2025() -> Deprivation {
    iod("imd2025/iod2025_scores_ranks_deciles_lsoa21.csv.gz")
}

/// Recomputes the IMD and compares it with the published scores, deciles and ranks.
/// Returns (max |score error|, decile mismatches, rank mismatches).
fn recompute_and_compare(iod: &Deprivation) -> (f64, usize, usize) {
    let imd = iod.recompute_imd().unwrap();
    assert!(imd.is_national());
    assert_eq!(imd.len(), iod.edition().lsoa_count() as usize);
    let (mut max_err, mut deciles, mut ranks) = (0.0f64, 0, 0);
    for i in 0..iod.len() {
        let published = iod.row(i).unwrap();
        let err = (imd.score(i).unwrap() - published.score(Domain::Imd).unwrap()).abs();
        max_err = max_err.max(err);
        deciles += usize::from(imd.decile(i) != published.decile(Domain::Imd));
        ranks += usize::from(imd.rank(i) != published.rank(Domain::Imd));
        assert_eq!(imd.quintile(i), published.quintile(Domain::Imd));
    }
    (max_err, deciles, ranks)
}

#[test]
fn iod2025_imd_recomputed_from_domain_ranks() {
    let iod = iod2025();
    assert_eq!(iod.len(), 33_755);
    let (max_err, deciles, ranks) = recompute_and_compare(&iod);
    eprintln!(
        "IoD2025 recomputed IMD: max |score error| {max_err:.5} over 33,755 LSOAs, \
         {deciles} decile mismatches, {ranks} rank differences (near-tie swaps)"
    );
    assert!(max_err <= 0.002, "max error {max_err}");
    assert_eq!(deciles, 0);
    // METHODS.md: the published ranks come from unrounded domain scores, so adjacent
    // near-ties may swap; they must stay rare.
    assert!(ranks < 500, "{ranks}");
}

#[test]
fn iod2019_imd_recomputed_from_domain_ranks() {
    let iod = iod2019();
    let (max_err, deciles, ranks) = recompute_and_compare(&iod);
    eprintln!(
        "IoD2019 recomputed IMD: max |score error| {max_err:.5} over 32,844 LSOAs, \
         {deciles} decile mismatches, {ranks} rank differences (near-tie swaps)"
    );
    assert!(max_err <= 0.002, "max error {max_err}");
    assert_eq!(deciles, 0);
    assert!(ranks < 500, "{ranks}");
}

#[test]
fn renormalising_the_imd_weights_moves_away_from_the_published_scores() {
    let iod = iod2025();
    let renormalised = outreach::deprivation::IMD_WEIGHTS
        .into_iter()
        .fold(Composite::new(Weighting::Renormalised), |c, (d, w)| {
            c.domain(d, w)
        });
    let scores = iod.composite(&renormalised).unwrap();
    let max_err = (0..iod.len())
        .map(|i| (scores.score(i).unwrap() - iod.row(i).unwrap().score(Domain::Imd).unwrap()).abs())
        .fold(0.0, f64::max);
    // Dividing by 0.999 inflates every score by 0.1% (METHODS.md: max error 0.093).
    assert!(max_err > 0.05, "{max_err}");
}

#[test]
fn composite_with_a_user_indicator_equal_to_a_domain_score_matches_the_domain() {
    // IoD2025 publishes every domain's score; ranking the income score as a user indicator
    // must reproduce the income domain's contribution (ties in the 3-dp scores aside).
    let iod = iod2025();
    let income: Vec<f64> = (0..iod.len())
        .map(|i| iod.row(i).unwrap().score(Domain::Income).unwrap())
        .collect();
    let by_domain = iod
        .composite(&Composite::new(Weighting::AsGiven).domain(Domain::Income, 100.0))
        .unwrap();
    let by_indicator = iod
        .composite(&Composite::new(Weighting::AsGiven).indicator("income", income, 100.0))
        .unwrap();
    let mean_diff = (0..iod.len())
        .map(|i| (by_domain.score(i).unwrap() - by_indicator.score(i).unwrap()).abs())
        .sum::<f64>()
        / iod.len() as f64;
    assert!(mean_diff < 0.1, "{mean_diff}");
}

/// The published LAD19 summaries: code -> column -> value.
fn lad19_summaries() -> HashMap<String, HashMap<String, f64>> {
    let mut rdr =
        csv::Reader::from_path(shared_data().join("imd2019/iod2019_lad19_summaries.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let values = headers
                .iter()
                .zip(r.iter())
                .skip(1)
                .map(|(h, v)| (h.to_string(), v.parse::<f64>().unwrap()))
                .collect();
            (r[0].to_string(), values)
        })
        .collect()
}

#[test]
fn iod2019_district_summaries_reproduce_the_published_lad19_figures() {
    let iod = iod2019();
    let published = lad19_summaries();
    assert_eq!(published.len(), 317);
    let imd = iod
        .district_summaries(Domain::Imd, PopulationWeights::Published)
        .unwrap();
    assert_eq!(imd.len(), 317);
    let (mut score, mut proportion, mut extent) = (0.0f64, 0.0f64, 0.0f64);
    for s in &imd {
        let p = &published[s.area.as_str()];
        score = score.max((s.average_score.unwrap() - p["Score"]).abs());
        proportion = proportion.max((s.proportion_most_deprived_10pct - p["Proportion"]).abs());
        extent = extent.max((s.extent - p["Extent"]).abs());
    }
    eprintln!(
        "LAD19 summaries, 317 districts: max |error| average score {score:.5}, \
         proportion {proportion:.6}, extent {extent:.6}"
    );
    assert!(score <= 0.001, "average score {score}");
    assert!(proportion <= 0.0001, "proportion {proportion}");
    assert!(extent <= 0.0001, "extent {extent}");

    // Chorley and Nottingham by name, as the issue asks.
    let get = |code: &str| imd.iter().find(|s| s.area.as_str() == code).unwrap();
    let chorley = get("E07000118");
    assert_eq!(chorley.lsoas, 66);
    assert!((chorley.average_score.unwrap() - 16.863).abs() < 0.001);
    let nottingham = get("E06000018");
    assert_eq!(nottingham.lsoas, 182);
    assert!((nottingham.average_score.unwrap() - published["E06000018"]["Score"]).abs() < 0.001);
    // Nottingham is among the most deprived districts on every measure.
    assert!(
        nottingham.ranks.average_score.unwrap() <= 20,
        "{:?}",
        nottingham.ranks
    );
    assert!(nottingham.ranks.extent <= 20, "{:?}", nottingham.ranks);

    // The domains: proportions for all seven (counts of LSOAs), the income average score
    // (the only domain score in the combined file).
    let labels = [
        (Domain::Income, "Income"),
        (Domain::Employment, "Employment"),
        (Domain::Education, "Education"),
        (Domain::Health, "Health"),
        (Domain::Crime, "Crime"),
        (Domain::Barriers, "Housing_and_Access"),
        (Domain::LivingEnvironment, "Environment"),
    ];
    for (domain, label) in labels {
        let summaries = iod
            .district_summaries(domain, PopulationWeights::Published)
            .unwrap();
        let worst = summaries
            .iter()
            .map(|s| {
                (s.proportion_most_deprived_10pct
                    - published[s.area.as_str()][&format!("{label}_Proportion")])
                    .abs()
            })
            .fold(0.0, f64::max);
        assert!(worst <= 0.0001, "{domain} proportion {worst}");
        if domain == Domain::Income {
            let worst = summaries
                .iter()
                .map(|s| {
                    (s.average_score.unwrap() - published[s.area.as_str()]["Income_Score"]).abs()
                })
                .fold(0.0, f64::max);
            assert!(worst <= 0.001, "income average score {worst}");
        } else {
            assert!(summaries.iter().all(|s| s.average_score.is_none()));
        }
    }
}

#[test]
fn iod2025_proportions_and_their_ranks_match_the_official_file_10() {
    // IoD2025 has no population in the shared file, but the proportion in the most
    // deprived 10% is a count of LSOAs, so equal weights leave it unchanged.
    let data = shared_data();
    let iod = iod2025();
    let (membership, report) = io::read_lsoa_membership(
        &data.join("lookups/lsoa21_ward24_lad24_ew.csv.gz"),
        "ltla24_code",
    )
    .unwrap();
    assert!(report.is_consistent());
    let english: Vec<(AreaCode, AreaCode)> = membership
        .into_iter()
        .filter(|(lsoa, _)| iod.get(lsoa).is_some())
        .collect();
    // The lookup is LSOA → ward → LAD: keep one row per LSOA.
    let mut seen = std::collections::HashSet::new();
    let english: Vec<_> = english
        .into_iter()
        .filter(|(lsoa, _)| seen.insert(lsoa.clone()))
        .collect();
    assert_eq!(english.len(), 33_755);
    let ones: HashMap<AreaCode, f64> = iod.codes().iter().map(|c| (c.clone(), 1.0)).collect();
    let ours = iod
        .summarise(Domain::Imd, &english, PopulationWeights::Given(&ones))
        .unwrap();
    let file = std::fs::File::open(data.join("imd2025/iod2025_lad24_summaries.csv.gz")).unwrap();
    let mut rdr = csv::Reader::from_reader(flate2::read::MultiGzDecoder::new(file));
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (c_prop, c_rank) = (
        col("imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally"),
        col("imd_rank_of_proportion_of_lso_as_in_most_deprived_10_percent_nationally"),
    );
    let mut checked = 0;
    let mut worst = 0.0f64;
    for r in rdr.records() {
        let r = r.unwrap();
        let s = ours.iter().find(|s| s.area.as_str() == &r[0]).unwrap();
        worst =
            worst.max((s.proportion_most_deprived_10pct - r[c_prop].parse::<f64>().unwrap()).abs());
        assert_eq!(
            s.ranks.proportion_most_deprived_10pct,
            r[c_rank].parse::<u32>().unwrap(),
            "{}",
            &r[0]
        );
        checked += 1;
    }
    assert_eq!((checked, ours.len()), (296, 296));
    assert!(worst <= 0.0001, "{worst}");
}

#[test]
fn carry_iod2019_onto_2021_lsoas_and_iod2025_back() {
    let data = shared_data();
    let (lookup, report) =
        io::read_lsoa_lookup(&data.join("lookups/lsoa11_lsoa21_lad22_ew.csv.gz")).unwrap();
    assert!(report.is_clean());

    let forward = iod2019().carry_to(Vintage::Y2021, &lookup).unwrap();
    assert_eq!(
        (forward.from(), forward.to()),
        (Vintage::Y2011, Vintage::Y2021)
    );
    // Every English 2021 LSOA, none incomplete.
    assert_eq!(forward.rows().len(), 33_755);
    let count = |c: Carry| forward.rows().iter().filter(|r| r.carry == c).count();
    eprintln!(
        "IoD2019 on LSOA 2021: {} copied, {} inherited, {} population-weighted means, {} incomplete",
        count(Carry::Copied),
        count(Carry::Inherited),
        count(Carry::PopulationWeightedMean),
        count(Carry::Incomplete)
    );
    assert_eq!(count(Carry::Incomplete), 0);
    assert_eq!(count(Carry::Mean), 0);
    assert!(count(Carry::Copied) > 31_000);
    for row in forward.rows() {
        match row.change {
            LsoaChange::Unchanged => assert_eq!(row.carry, Carry::Copied, "{}", row.code),
            LsoaChange::Split => assert_eq!(row.carry, Carry::Inherited, "{}", row.code),
            LsoaChange::Merged => {
                assert_eq!(row.carry, Carry::PopulationWeightedMean, "{}", row.code);
                let v = forward.value(row, Domain::Imd).unwrap();
                assert_eq!(v.rank, None);
                let (lo, hi) = v.decile_range.unwrap();
                assert!(lo <= hi);
            }
            LsoaChange::Irregular => {}
        }
    }
    // An unchanged LSOA keeps its IoD2019 figures.
    let first = forward.get(&"E01000001".parse().unwrap()).unwrap();
    let v = forward.value(first, Domain::Imd).unwrap();
    assert_eq!(
        (v.rank, v.decile, v.score),
        (Some(29_199), Some(9), Some(6.208))
    );

    let backward = iod2025().carry_to(Vintage::Y2011, &lookup).unwrap();
    assert_eq!(backward.edition(), IodEdition::Iod2025);
    assert_eq!(backward.rows().len(), 32_844);
    // No population in the IoD2025 file: split 2011 LSOAs get unweighted means.
    assert!(backward
        .rows()
        .iter()
        .filter(|r| r.change == LsoaChange::Split)
        .all(|r| r.carry == Carry::Mean));

    // The vintage is checked, not guessed.
    assert!(iod2019().carry_to(Vintage::Y2011, &lookup).is_err());
}

#[test]
fn supplementary_indices_and_the_official_layouts() {
    let data = shared_data();
    let combined = iod2019();
    assert!(combined.domains().contains(&Domain::Idaci));
    assert!(combined.domains().contains(&Domain::Idaopi));
    assert!(!iod2025().domains().contains(&Domain::Idaci));
    let (scores, report) = io::read_iod(
        &data.join("imd2019/iod2019_income_idaci_idaopi_scores_lsoa11.csv.gz"),
        None,
    )
    .unwrap();
    assert!(report.is_clean());
    assert_eq!(
        scores.domains(),
        [Domain::Income, Domain::Idaci, Domain::Idaopi]
    );
    for i in (0..scores.len()).step_by(97) {
        let row = scores.row(i).unwrap();
        let same = combined.get(row.code()).unwrap();
        for d in [Domain::Idaci, Domain::Idaopi] {
            assert_eq!(row.score(d), same.score(d));
            assert_eq!(row.rank(d), None); // ranks of the supplementary indices are not published here
        }
    }

    // Official File 2 (long headers, BOM): ranks, deciles and the district column.
    let (file2, report) = io::read_iod(
        &data.join("imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz"),
        None,
    )
    .unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(file2.len(), 32_844);
    assert_eq!(file2.domains().len(), 8);
    assert!(file2.has_districts());
    for i in (0..file2.len()).step_by(101) {
        let row = file2.row(i).unwrap();
        let same = combined.get(row.code()).unwrap();
        assert_eq!(row.district(), same.district());
        for d in file2.domains() {
            assert_eq!(
                (row.rank(d), row.decile(d)),
                (same.rank(d), same.decile(d)),
                "{d}"
            );
        }
    }
    // File 6 (population denominators, "1,296" with thousands separators).
    let (pop, report) = io::read_lsoa_population(
        &data.join("imd2019/File_6_-_IoD2019_Population_Denominators.csv.gz"),
        None,
    )
    .unwrap();
    assert!(report.is_clean() && pop.len() == 32_844);
    let first: AreaCode = "E01000001".parse().unwrap();
    assert_eq!(pop[&first], 1296.0);
    // The same weights give the same district summaries as the combined file's column.
    let given = file2
        .district_summaries(Domain::Imd, PopulationWeights::Given(&pop))
        .unwrap();
    let published = combined
        .district_summaries(Domain::Imd, PopulationWeights::Published)
        .unwrap();
    for (a, b) in given.iter().zip(&published) {
        assert_eq!(a.area, b.area);
        assert!((a.extent - b.extent).abs() < 1e-12);
        assert!((a.local_concentration - b.local_concentration).abs() < 1e-9);
        assert_eq!(a.average_score, None); // File 2 has no scores
    }
}

#[test]
fn local_deciles_are_within_the_council_and_labelled_apart() {
    let iod = iod2019();
    let chorley = iod.district_codes(&"E07000118".parse().unwrap());
    assert_eq!(chorley.len(), 66);
    let local = iod.local_deciles(Domain::Imd, &chorley).unwrap();
    let mut local_ranks: Vec<u32> = local.iter().map(|l| l.local_rank).collect();
    local_ranks.sort_unstable();
    assert_eq!(local_ranks, (1..=66).collect::<Vec<_>>());
    // Ranks 1-6 of 66 form local decile 1, whatever their national decile.
    assert_eq!(local.iter().filter(|l| l.local_decile == 1).count(), 6);
    let national_1 = chorley
        .iter()
        .filter(|c| iod.get(c).unwrap().decile(Domain::Imd) == Some(1))
        .count();
    assert_eq!(national_1, 3);
    // Errors: unknown LSOA, repeated LSOA.
    let mut bad = chorley.clone();
    bad.push("E01999999".parse().unwrap());
    assert!(matches!(
        iod.local_deciles(Domain::Imd, &bad),
        Err(outreach::Error::UnknownArea(_))
    ));
    let mut twice = chorley.clone();
    twice.push(chorley[0].clone());
    assert!(iod.local_deciles(Domain::Imd, &twice).is_err());
}

#[test]
fn summaries_refuse_other_vintages_and_missing_population() {
    let iod = iod2025();
    // IoD2025 has no district column and no population.
    assert!(iod
        .district_summaries(Domain::Imd, PopulationWeights::Published)
        .is_err());
    let membership = vec![(
        "E01000001".parse::<AreaCode>().unwrap(),
        "E09000001".parse::<AreaCode>().unwrap(),
    )];
    assert!(matches!(
        iod.summarise(Domain::Imd, &membership, PopulationWeights::Published),
        Err(outreach::Error::InvalidArgument { .. })
    ));
    // A 2011 LSOA split in 2021 (Middlesbrough 001G) is an unknown area for IoD2025, not
    // a silent skip.
    let retired = vec![(
        "E01033468".parse::<AreaCode>().unwrap(),
        "E06000002".parse::<AreaCode>().unwrap(),
    )];
    let ones: HashMap<AreaCode, f64> = HashMap::new();
    assert!(matches!(
        iod.summarise(Domain::Imd, &retired, PopulationWeights::Given(&ones)),
        Err(outreach::Error::UnknownArea(_))
    ));
}
