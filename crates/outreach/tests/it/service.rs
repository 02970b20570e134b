//! Access to services on real data: every Chorley (synthetic) household's nearest GP
//! practice (NHS ODS, postcode coordinates) against brute force, access by LSOA, the
//! "65+ and far from a GP" gap, and siting health events at Lancashire County Council sites.

use outreach::demo::Demo;
use outreach::io::{self, AssetFormat};
use outreach::service::{access_summary, count_within, gaps, nearest, site_events, Assets};
use outreach::Domain;

use crate::{demo_data, shared_data};

#[test]
fn chorley_access_to_gp_practices() {
    let demo = Demo::load(&demo_data(), 2026).unwrap();
    let homes = &demo.households.gazetteer;
    let (gps, report) = io::read_assets(
        &shared_data().join("services/gp_practices_active_lancs_notts_with_postcode_coords.csv"),
        "gp",
        &AssetFormat::GpPractices,
    )
    .unwrap();
    assert!(report.is_consistent());
    assert_eq!(report.accepted as usize, gps.len());
    assert!(report.is_clean(), "{report}");
    assert_eq!(
        gps.len(),
        297,
        "active practices in Lancashire and Nottinghamshire"
    );

    let near = nearest(homes.xs(), homes.ys(), &gps).unwrap();
    for (i, n) in near.iter().enumerate() {
        let (x, y) = (homes.xs()[i], homes.ys()[i]);
        let mut best = (f64::INFINITY, usize::MAX);
        for g in 0..gps.len() {
            let d = ((x - gps.xs()[g]).powi(2) + (y - gps.ys()[g]).powi(2)).sqrt();
            if d < best.0 {
                best = (d, g);
            }
        }
        assert!((n.unwrap().distance - best.0).abs() < 1e-6, "household {i}");
    }
    let within = count_within(homes.xs(), homes.ys(), &gps, 2000.0).unwrap();
    assert!(within
        .iter()
        .zip(&near)
        .all(|(&c, n)| (c > 0) == (n.unwrap().distance <= 2000.0)));

    let table = access_summary(&demo.lsoas, &demo.household_lsoa, &near, 2000.0).unwrap();
    assert_eq!(table.rows(), 66);
    let hh = &table.column("households").unwrap().values;
    let total: u64 = (0..66).map(|a| hh.count(a).unwrap()).sum();
    assert_eq!(total as usize, demo.household_lsoa.assigned());
    let median = &table.column("median_m").unwrap().values;
    let max = &table.column("max_m").unwrap().values;
    assert!((0..66).all(|a| median.float(a).unwrap() <= max.float(a).unwrap()));

    // The gap: households with someone 65+ in the 20% most deprived LSOAs, over 1 km from a GP.
    let deprived: Vec<bool> = (0..demo.lsoas.len() as u32)
        .map(|a| {
            demo.iod
                .get(demo.lsoas.code(a))
                .and_then(|d| d.in_most_deprived(Domain::Imd, 20))
                .unwrap_or(false)
        })
        .collect();
    let needs = |i: usize| {
        demo.households.has_65_plus[i]
            && demo
                .household_lsoa
                .area(i)
                .is_some_and(|a| deprived[a as usize])
    };
    let gap = gaps(&near, 1000.0, needs);
    let direct = (0..homes.len())
        .filter(|&i| needs(i) && near[i].unwrap().distance > 1000.0)
        .count();
    assert_eq!(gap.len(), direct);

    // Rural residents far from town-centre services: 65+ households over 2 km from a GP,
    // and three local health events at county council sites within 1.5 km of them.
    let far: Vec<usize> = gaps(&near, 2000.0, |i| demo.households.has_65_plus[i]);
    assert!(!far.is_empty());
    let (xs, ys): (Vec<f64>, Vec<f64>) =
        far.iter().map(|&i| (homes.xs()[i], homes.ys()[i])).unzip();
    let (sites, r) = io::read_assets(
        &demo_data().join("lcc_assets.csv"),
        "council_site",
        &AssetFormat::LatLng,
    )
    .unwrap();
    assert!(r.is_consistent());
    let s = site_events(&sites, &xs, &ys, 1500.0, 3).unwrap();
    assert_eq!(s.chosen.len(), 3);
    let covered = (0..xs.len())
        .filter(|&h| {
            s.chosen.iter().any(|&c| {
                ((xs[h] - sites.xs()[c]).powi(2) + (ys[h] - sites.ys()[c]).powi(2)).sqrt() <= 1500.0
            })
        })
        .count() as u64;
    assert_eq!(s.covered, covered);
    assert!(s.gains.windows(2).all(|w| w[0] >= w[1]));
    let _: &Assets = &sites;
}
