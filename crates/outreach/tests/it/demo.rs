//! The Chorley demo on the data shipped in the repository.

use outreach::demo::Demo;
use outreach::{Error, Uprn};

use crate::demo_data;

#[test]
fn chorley_demo_profile() {
    let demo = Demo::load(&demo_data(), 2026).unwrap();
    for r in &demo.reports {
        assert!(r.is_consistent(), "{r}");
    }
    assert_eq!(demo.lsoas.len(), 66);
    assert_eq!(demo.wards.len(), 14);
    let profile = demo.lsoa_profile();
    assert_eq!(profile.len(), 66);
    assert_eq!(profile.iter().filter(|r| r.most_deprived_20pct).count(), 8);
    // Every synthetic household lands back in the LSOA it was generated in.
    for (i, area) in demo.household_lsoa.iter().enumerate() {
        assert_eq!(area, Some(demo.households.area[i]));
    }
    // Households per LSOA follow Census 2021 (Chorley had ~51,000 households).
    let total: u64 = profile.iter().map(|r| r.households).sum();
    assert!((45_000..60_000).contains(&total), "{total}");
    assert!(demo.households.gazetteer.is_synthetic());
    // Nearly all households fall in some ward (generalised ward and LSOA edges differ by metres).
    assert!(demo.household_ward.outside() * 200 < demo.household_ward.len());
    // Same seed, same households.
    let again = Demo::load(&demo_data(), 2026).unwrap();
    assert_eq!(
        again.households.gazetteer.xs(),
        demo.households.gazetteer.xs()
    );
    assert_eq!(again.households.has_65_plus, demo.households.has_65_plus);
}

#[test]
fn household_area_is_the_lsoa_and_its_iod_row() {
    let demo = Demo::load(&demo_data(), 2026).unwrap();
    let profile = demo.lsoa_profile();
    let homes = &demo.households.gazetteer;
    for row in [0, homes.len() / 2, homes.len() - 1] {
        let a = demo.household_area(homes.uprns()[row]).unwrap();
        assert_eq!(a.row, row);
        let lsoa = demo.households.area[row] as usize;
        let expected = &profile[lsoa];
        assert_eq!(a.lsoa.unwrap().as_str(), expected.code);
        assert_eq!(a.imd_decile, expected.imd_decile);
        assert_eq!(a.imd_rank, expected.imd_rank);
        assert_eq!(a.imd_score, expected.imd_score);
        assert!((1..=10).contains(&a.imd_decile.unwrap()));
    }
    let missing = Uprn::new(1).unwrap();
    assert!(matches!(
        demo.household_area(missing),
        Err(Error::UnknownUprn(u)) if u == missing
    ));
}
