//! The Chorley story in a few lines: synthetic households on real geography, the LSOAs in
//! the 20% most deprived nationally, how many households live in them, their crime rates
//! against the borough and the domain that drives each one's deprivation.
//!
//! `cargo run -p outreach-examples --example chorley_profile`

use outreach::demo::Demo;
use outreach::profile::need_drivers;
use outreach_examples::chorley_data;

fn main() -> outreach::Result<()> {
    let demo = Demo::load(&chorley_data(), 2026)?;
    for report in &demo.reports {
        println!("{report}");
    }
    let (profile, reports) = demo.profile(&chorley_data())?;
    for report in &reports {
        println!("{report}");
    }
    let deprived = profile.most_deprived(20);
    let households: u64 = deprived.iter().map(|&a| profile.households()[a]).sum();
    println!(
        "{} of {} LSOAs are in the 20% most deprived nationally; {} (synthetic) households live in them",
        deprived.len(),
        profile.len(),
        households
    );
    let drivers = need_drivers(demo.lsoas.codes(), &demo.iod)?;
    for &a in &deprived {
        let Some(crime) = profile.indicator(a, "crime:all") else {
            continue;
        };
        let main = drivers
            .iter()
            .find(|d| d.area == a && d.is_main_driver())
            .map_or("none", |d| d.indicator.as_str());
        println!(
            "  {}: {:.0} crimes per 1,000 residents ({} vs Chorley), main need driver {main}",
            profile.codes()[a],
            crime.value.unwrap_or(f64::NAN),
            crime.vs_borough.map_or("not compared", |c| c.flag.as_str())
        );
    }
    Ok(())
}
