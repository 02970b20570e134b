//! `outreach plan`: a multi-agency campaign (Week of Action) planned from a rules file on
//! the Chorley demo data (or another directory laid out like it).

use std::path::PathBuf;

use clap::Args;
use outreach::campaign::Campaign;
use outreach::demo::Demo;
use outreach::io::read_interventions;

use crate::CliResult;

#[derive(Args)]
pub(crate) struct PlanArgs {
    /// Campaign rules (JSON): partners, capacities, services, eligibility, area, days.
    #[arg(long)]
    rules: PathBuf,
    /// Output directory: visits.csv, visit_sheets.csv, unscheduled.csv, load.csv and one
    /// work list per partner under partners/.
    #[arg(long)]
    out: PathBuf,
    /// Directory with the demo data (default: the copy shipped in examples/data/chorley).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Seed of the synthetic households.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Intervention records (uprn,service,date,result): delivered services dated before the
    /// first campaign day become history for rules such as no_intervention_within.
    #[arg(long)]
    history: Option<PathBuf>,
}

pub(crate) fn run(a: PlanArgs) -> CliResult {
    let campaign = Campaign::from_json_file(&a.rules)?;
    let dir = a.data.unwrap_or_else(crate::default_demo_dir);
    let demo = Demo::load(&dir, a.seed)?;
    let history = match &a.history {
        Some(h) => {
            let (records, report) = read_interventions(h)?;
            eprintln!("{report}");
            records
        }
        None => Vec::new(),
    };
    let (p, applied) = demo.plan(&campaign, &history)?;
    if a.history.is_some() {
        eprintln!("{applied} delivered interventions applied as history");
    }
    p.write_csv_dir(&a.out)?;
    let lengths = p.round_lengths();
    let mean = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
    println!(
        "{}: {} households in the area, {} visits in {} rounds over {} days (mean walk {:.0} m per round), {} unscheduled; written to {}",
        campaign.name,
        p.in_area,
        p.visits.len(),
        lengths.len(),
        campaign.days.len(),
        mean,
        p.unscheduled.len(),
        a.out.display()
    );
    Ok(())
}
