//! Assign Chorley's Code-Point Open postcode centroids to its LSOAs and wards and print
//! the ten wards with the most postcodes.
//!
//! `cargo run -p outreach-examples --example assign_postcodes`

use outreach::io::{read_area_set, read_codepoint_open, AreaSetSpec};
use outreach::Vintage;
use outreach_examples::chorley_data;

fn main() -> outreach::Result<()> {
    let dir = chorley_data();
    let (postcodes, report) = read_codepoint_open(&dir.join("codepoint_open_2025_04.csv.gz"))?;
    println!("{report}");
    let spec = AreaSetSpec::new("wards22", "WD22CD")
        .with_name_field("WD22NM")
        .with_vintage(Vintage::Year(2022));
    let (wards, report) = read_area_set(&dir.join("wards22_bsc.geojson"), &spec)?;
    println!("{report}");
    let assigned = wards.assign(postcodes.xs(), postcodes.ys())?;
    println!(
        "{} postcodes in a ward, {} outside every ward",
        assigned.assigned(),
        assigned.outside()
    );
    let mut counts: Vec<(u64, u32)> = assigned
        .counts(wards.len())
        .into_iter()
        .enumerate()
        .map(|(a, n)| (n, a as u32))
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (n, a) in counts.into_iter().take(10) {
        println!(
            "{:>5}  {} {}",
            n,
            wards.code(a),
            wards.area_name(a).unwrap_or_default()
        );
    }
    Ok(())
}
