//! The Chorley demo on the data shipped in the repository.

use outreach::demo::Demo;

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
