//! The Chorley story in a few lines: synthetic households on real geography, the LSOAs in
//! the 20% most deprived nationally, and how many households live in them.
//!
//! `cargo run -p outreach-examples --example chorley_profile`

use outreach::demo::Demo;
use outreach_examples::chorley_data;

fn main() -> outreach::Result<()> {
    let demo = Demo::load(&chorley_data(), 2026)?;
    for report in &demo.reports {
        println!("{report}");
    }
    let profile = demo.lsoa_profile();
    let deprived: Vec<_> = profile.iter().filter(|r| r.most_deprived_20pct).collect();
    let households: u64 = deprived.iter().map(|r| r.households).sum();
    println!(
        "{} of {} LSOAs are in the 20% most deprived nationally; {} (synthetic) households live in them",
        deprived.len(),
        profile.len(),
        households
    );
    Ok(())
}
