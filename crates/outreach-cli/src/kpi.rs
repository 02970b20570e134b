//! `outreach kpi`: performance tables (CSV) and committee reports (Markdown).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use outreach::io::read_police_uk;
use outreach::kpi::{
    read_observations, read_projects, read_targets, Comparison, CountOptions, Delta, Indicator,
    Observations, Period, Project, Report,
};

type CliResult = Result<(), Box<dyn std::error::Error>>;

#[derive(Subcommand)]
pub(crate) enum KpiCommand {
    /// Compare indicators for a period with the same period last year. Reads
    /// `indicator,period,value` rows (optional `area_code`); periods are months (2011-07),
    /// financial quarters (2011-Q2 = Jul-Sep 2011) or financial years (2011/12). Writes
    /// `indicator,current,previous,change_pct`, plus year-to-date and RAG columns with
    /// --targets, and a `note` saying why a change is missing.
    Compare {
        /// Observations CSV: indicator,period,value[,area_code].
        #[arg(long)]
        observations: PathBuf,
        /// The reporting period: 2011-07, 2011-Q2 or 2011/12.
        #[arg(long)]
        period: String,
        /// Output CSV.
        #[arg(long)]
        out: PathBuf,
        /// Targets CSV: indicator,target,polarity[,tolerance_pct][,unit][,q1..q4].
        #[arg(long)]
        targets: Option<PathBuf>,
        /// Also write year-to-date columns without --targets.
        #[arg(long)]
        ytd: bool,
        /// Add a p_value column (exact Poisson test of each count's change) and mark
        /// changes significant at this level in the Markdown report, e.g. 0.05.
        #[arg(long)]
        significance: Option<f64>,
        /// Projects CSV (project,rag) for the report's projects section.
        #[arg(long)]
        projects: Option<PathBuf>,
        /// Also write a Markdown committee report here.
        #[arg(long)]
        markdown: Option<PathBuf>,
        /// Title of the Markdown report.
        #[arg(long, default_value = "Partnership performance report")]
        title: String,
    },
    /// Crime by category from police.uk street-level CSVs: the period and the year to date
    /// against last year, per crime type (and `All crime`, which leaves out anti-social
    /// behaviour). Months absent from the file make a figure incomplete, never zero.
    Crime {
        /// police.uk street-level CSV (plain or gzip).
        #[arg(long)]
        records: PathBuf,
        /// The reporting period: 2021-07, 2021-Q2 or 2021/22.
        #[arg(long)]
        period: String,
        /// Output CSV.
        #[arg(long)]
        out: PathBuf,
        /// Also one row per LSOA and crime type (from the `LSOA code` column).
        #[arg(long)]
        by_area: bool,
        /// Add a p_value column and mark significant changes at this level, e.g. 0.05.
        #[arg(long)]
        significance: Option<f64>,
        /// Also write a Markdown report here (borough totals only).
        #[arg(long)]
        markdown: Option<PathBuf>,
        /// Title of the Markdown report.
        #[arg(long, default_value = "Crime by category")]
        title: String,
    },
}

pub(crate) fn run(command: KpiCommand) -> CliResult {
    match command {
        KpiCommand::Compare {
            observations,
            period,
            out,
            targets,
            ytd,
            significance,
            projects,
            markdown,
            title,
        } => {
            let period: Period = period.parse()?;
            check_alpha(significance)?;
            let (obs, report) = read_observations(&observations)?;
            crate::print_report(&report);
            let indicators = match &targets {
                Some(path) => {
                    let (indicators, report) = read_targets(path)?;
                    crate::print_report(&report);
                    indicators
                }
                None => Vec::new(),
            };
            let rows = obs.compare_all(&indicators, period);
            let columns = Columns {
                ytd: ytd || targets.is_some(),
                rolling: false,
                targets: targets.is_some(),
                p_value: significance.is_some(),
            };
            write_csv(&out, &rows, columns)?;
            println!(
                "compared {} series for {} -> {}",
                rows.len(),
                period.label(),
                out.display()
            );
            if let Some(md) = markdown {
                let projects: Vec<Project> = match &projects {
                    Some(path) => {
                        let (projects, report) = read_projects(path)?;
                        crate::print_report(&report);
                        projects
                    }
                    None => Vec::new(),
                };
                let mut report = Report::standard(
                    title,
                    period,
                    "Indicators against last year",
                    &rows,
                    significance,
                );
                if !projects.is_empty() {
                    report = report.projects("Projects", &projects);
                }
                write_text(&md, &report.to_markdown())?;
                println!("wrote {}", md.display());
            }
            Ok(())
        }
        KpiCommand::Crime {
            records,
            period,
            out,
            by_area,
            significance,
            markdown,
            title,
        } => {
            let period: Period = period.parse()?;
            check_alpha(significance)?;
            let (records, report) = read_police_uk(&records)?;
            crate::print_report(&report);
            let obs =
                Observations::count_records(&records, &CountOptions::police_uk().by_area(by_area));
            let indicators: Vec<Indicator> = Vec::new();
            let rows = obs.compare_all(&indicators, period);
            let columns = Columns {
                ytd: true,
                rolling: true,
                targets: false,
                p_value: significance.is_some(),
            };
            write_csv(&out, &rows, columns)?;
            println!(
                "{} crime series for {} -> {}",
                rows.len(),
                period.label(),
                out.display()
            );
            if let Some(md) = markdown {
                let report =
                    Report::standard(title, period, "Crime by category", &rows, significance);
                write_text(&md, &report.to_markdown())?;
                println!("wrote {}", md.display());
            }
            Ok(())
        }
    }
}

fn check_alpha(alpha: Option<f64>) -> CliResult {
    match alpha {
        Some(a) if !(a > 0.0 && a < 1.0) => {
            Err(format!("--significance {a}: use a level between 0 and 1, e.g. 0.05").into())
        }
        _ => Ok(()),
    }
}

#[derive(Clone, Copy)]
struct Columns {
    ytd: bool,
    rolling: bool,
    targets: bool,
    p_value: bool,
}

/// A complete figure as written (empty when missing or incomplete: the note says why).
fn value(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn delta_fields(d: &Delta) -> [String; 3] {
    [
        value(d.current.value()),
        value(d.previous.value()),
        d.change
            .rounded_pct()
            .map(|p| format!("{p:.1}"))
            .unwrap_or_default(),
    ]
}

fn write_csv(out: &Path, rows: &[Comparison], c: Columns) -> CliResult {
    let with_area = rows.iter().any(|r| r.area.is_some());
    let mut w =
        csv::Writer::from_path(out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let mut header = vec!["indicator"];
    if with_area {
        header.push("area_code");
    }
    header.extend(["current", "previous", "change_pct"]);
    if c.ytd {
        header.extend(["ytd", "ytd_previous", "ytd_change_pct"]);
    }
    if c.rolling {
        header.extend(["rolling_12", "rolling_12_previous", "rolling_12_change_pct"]);
    }
    if c.targets {
        header.extend(["polarity", "target", "target_to_date", "rag"]);
    }
    if c.p_value {
        header.push("p_value");
    }
    header.push("note");
    w.write_record(&header)?;
    for r in rows {
        let mut rec = vec![r.indicator.clone()];
        if with_area {
            rec.push(r.area.as_ref().map(|a| a.to_string()).unwrap_or_default());
        }
        rec.extend(delta_fields(&r.period_change));
        if c.ytd {
            rec.extend(delta_fields(&r.year_to_date));
        }
        if c.rolling {
            rec.extend(delta_fields(&r.rolling_12_months));
        }
        if c.targets {
            rec.push(r.polarity.map(|p| p.to_string()).unwrap_or_default());
            match &r.assessment {
                Some(a) => {
                    rec.push(a.annual_target.to_string());
                    rec.push(a.target.to_string());
                    rec.push(a.rag.map(|g| g.to_string()).unwrap_or_default());
                }
                None => rec.extend([String::new(), String::new(), String::new()]),
            }
        }
        if c.p_value {
            rec.push(
                r.period_change
                    .p_value
                    .map(|p| {
                        if p >= 1e-4 {
                            format!("{p:.6}")
                        } else {
                            format!("{p:.2e}")
                        }
                    })
                    .unwrap_or_default(),
            );
        }
        let mut note = if c.ytd {
            r.note()
        } else {
            r.period_change.note()
        };
        if c.rolling {
            if let Some(n) = r.rolling_12_months.note() {
                let n = format!("rolling 12: {n}");
                note = Some(note.map_or(n.clone(), |m| format!("{m}; {n}")));
            }
        }
        rec.push(note.unwrap_or_default());
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

fn write_text(path: &Path, text: &str) -> CliResult {
    let mut f =
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}
