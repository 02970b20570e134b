//! `outreach plan`: a multi-agency campaign (Week of Action) planned from a rules file on
//! the Chorley demo data (or another directory laid out like it).

use std::path::{Path, PathBuf};

use clap::Args;
use outreach::campaign::Campaign;
use outreach::demo::Demo;
use outreach::io::read_interventions;
use outreach::table::Table;

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
    let text = std::fs::read_to_string(&a.rules)
        .map_err(|e| format!("cannot read {}: {e}", a.rules.display()))?;
    let campaign = Campaign::from_json(&text)?;
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
    std::fs::create_dir_all(a.out.join("partners"))?;
    write(&a.out.join("visits.csv"), &p.visits_table()?)?;
    write(&a.out.join("visit_sheets.csv"), &p.visit_sheets()?)?;
    write(&a.out.join("unscheduled.csv"), &p.unscheduled_table()?)?;
    write(&a.out.join("load.csv"), &p.load_table()?)?;
    for partner in &campaign.partners {
        let file = a
            .out
            .join("partners")
            .join(format!("{}.csv", slug(&partner.name)));
        write(&file, &p.partner_work_list(&partner.name)?)?;
    }
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

fn write(path: &Path, t: &Table) -> CliResult {
    let f =
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    t.write_csv(std::io::BufWriter::new(f))?;
    Ok(())
}

/// A file name from a partner name: lower case, runs of other characters as `_`.
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_matches('_').to_string()
}
