//! Acceptance checks of the foundation on the real data in ../shared/data.

use std::collections::HashMap;

use outreach::io::{self, AreaSetSpec};
use outreach::{Domain, IodEdition, Vintage};

use crate::shared_data;

#[test]
fn postcodes_to_lsoa11_agree_with_ons_lookup() {
    let data = shared_data();
    let (lsoas, report) = io::read_area_set(
        &data.join("boundaries/lsoa11_bgc_lancs_notts.geojson.gz"),
        &AreaSetSpec::new("lsoa11", "LSOA11CD").with_vintage(Vintage::Y2011),
    )
    .unwrap();
    assert!(report.is_consistent());
    assert_eq!(report.rows_read, 1620);
    assert_eq!(lsoas.len() as u64, report.accepted);
    let (centroids, report) =
        io::read_codepoint_open(&data.join("postcodes/codepoint_open_2025_04_lancs_notts.csv.gz"))
            .unwrap();
    assert!(report.is_consistent());
    assert_eq!(report.rows_read, 68_551);
    let (lookup, report) = io::read_ons_postcode_lookup(
        &data.join("postcodes/pcd_oa11_lsoa11_msoa11_lad_may22_lancs_notts.csv.gz"),
    )
    .unwrap();
    assert!(report.is_consistent());

    let assigned = lsoas.assign(centroids.xs(), centroids.ys()).unwrap();
    let (mut live, mut agree) = (0u64, 0u64);
    for (i, pc) in centroids.postcodes().iter().enumerate() {
        let Some(row) = lookup.get(pc) else { continue };
        if row.terminated {
            continue;
        }
        let Some(expected) = &row.lsoa else { continue };
        live += 1;
        if assigned.area(i).map(|a| lsoas.code(a)) == Some(expected) {
            agree += 1;
        }
    }
    let share = agree as f64 / live as f64;
    eprintln!(
        "postcode -> LSOA11: {agree} of {live} live postcodes agree with ONS ({:.3}%)",
        100.0 * share
    );
    assert!(live > 60_000, "{live}");
    assert!(share >= 0.992, "agreement {share}");

    // The prepared index equals the brute-force reference (every 5th postcode: the
    // reference is O(areas × vertices) per point).
    for (i, (&x, &y)) in centroids
        .xs()
        .iter()
        .zip(centroids.ys())
        .enumerate()
        .step_by(5)
    {
        assert_eq!(
            assigned.area(i),
            lsoas.locate_brute_force(x, y),
            "postcode {i}"
        );
    }
}

#[test]
fn chorley_and_nottingham_deprivation_counts() {
    let data = shared_data();
    let (iod, report) =
        io::read_iod(&data.join("imd2019/iod2019_lsoa11_combined.csv.gz"), None).unwrap();
    assert!(report.is_clean() && report.is_consistent());
    assert_eq!(iod.edition(), IodEdition::Iod2019);
    assert_eq!(iod.len(), 32_844);
    let (lsoas, _) = io::read_area_set(
        &data.join("boundaries/lsoa11_bgc_lancs_notts.geojson.gz"),
        &AreaSetSpec::new("lsoa11", "LSOA11CD").with_vintage(Vintage::Y2011),
    )
    .unwrap();
    // The LAD of each LSOA, from the published file's lad19_code column.
    let lad_of: HashMap<String, String> = {
        let file =
            std::fs::File::open(data.join("imd2019/iod2019_lsoa11_combined.csv.gz")).unwrap();
        let mut rdr = csv::Reader::from_reader(flate2::read::MultiGzDecoder::new(file));
        rdr.records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[2].to_string())
            })
            .collect()
    };
    for (lad, n, deprived) in [("E07000118", 66, 8), ("E06000018", 182, 104)] {
        let codes: Vec<_> = lsoas
            .codes()
            .iter()
            .filter(|c| lad_of.get(c.as_str()).map(String::as_str) == Some(lad))
            .collect();
        assert_eq!(codes.len(), n, "{lad} LSOAs");
        let in_20 = codes
            .iter()
            .filter(|c| {
                iod.get(c)
                    .unwrap()
                    .in_most_deprived(Domain::Imd, 20)
                    .unwrap()
            })
            .count();
        assert_eq!(in_20, deprived, "{lad} in the 20% most deprived");
        // The threshold agrees with the published deciles.
        for c in &codes {
            let d = iod.get(c).unwrap();
            assert_eq!(
                d.in_most_deprived(Domain::Imd, 20).unwrap(),
                d.decile(Domain::Imd).unwrap() <= 2
            );
        }
    }
}

#[test]
fn iod2025_loads_with_scores() {
    let data = shared_data();
    let (iod, report) = io::read_iod(
        &data.join("imd2025/iod2025_scores_ranks_deciles_lsoa21.csv.gz"),
        None,
    )
    .unwrap();
    assert!(report.is_clean());
    assert_eq!(iod.edition(), IodEdition::Iod2025);
    assert_eq!(iod.len(), 33_755);
    assert_eq!(iod.domains().len(), 8);
    let first = iod.get(&"E01000001".parse().unwrap()).unwrap();
    assert_eq!(first.rank(Domain::Imd), Some(26525));
    assert_eq!(first.decile(Domain::Imd), Some(8));
    assert_eq!(first.score(Domain::LivingEnvironment), Some(69.345));
    // Derived deciles equal published ones for every LSOA.
    for i in 0..iod.len() {
        let row = iod.row(i).unwrap();
        let rank = row.rank(Domain::Imd).unwrap();
        let derived = (f64::from(rank) / (33_755.0 / 10.0)).ceil() as u8;
        assert_eq!(Some(derived), row.decile(Domain::Imd));
    }
}

#[test]
fn england_lsoa21_boundaries_load_whole() {
    let data = shared_data();
    let (lsoas, report) = io::read_area_set(
        &data.join("boundaries/lsoa21_bsc_england.geojson.gz"),
        &AreaSetSpec::new("lsoa21", "LSOA21CD").with_vintage(Vintage::Y2021),
    )
    .unwrap();
    for r in &report.rejected {
        eprintln!("rejected {r}");
    }
    assert!(report.is_consistent());
    assert_eq!(report.rows_read, 33_755);
    assert_eq!(lsoas.len() as u64, report.accepted);
    // The Isles of Scilly are south of lonlat_bng's input box but inside OSTN15.
    let scilly = lsoas.index_of(&"E01019077".parse().unwrap());
    assert!(scilly.is_ok(), "Isles of Scilly LSOA must load");
}
