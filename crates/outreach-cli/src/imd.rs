//! `outreach imd`: the IMD recomputed from a published file's domain ranks (or re-weighted),
//! and district (or any area) summaries of it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use outreach::deprivation::{Composite, PopulationWeights, Weighting};
use outreach::io;
use outreach::{AreaCode, Deprivation, Domain, IodEdition};

use super::{print_report, CliResult};

#[derive(Subcommand)]
pub(crate) enum ImdCommand {
    /// Recompute the IMD from the domain ranks of a published IoD LSOA file (IoD2019 or
    /// IoD2025 layout, detected) by the official exponential transform; writes
    /// `lsoa_code,imd_score,imd_rank,imd_decile`. Ranks and deciles are national, so they
    /// are left empty unless the file holds every LSOA of England.
    Recompute {
        /// Published IoD LSOA file (plain or gzip CSV).
        #[arg(long)]
        iod: PathBuf,
        /// Edition, 2019 or 2025 (default: detected from the LSOA code column).
        #[arg(long)]
        edition: Option<String>,
        /// Weights in percent by domain, e.g. `income=22.5,employment=22.5,health=13.5`
        /// (domains: income, employment, education, health, crime, barriers,
        /// living_environment). Default: the official IMD weights.
        #[arg(long)]
        weights: Option<String>,
        /// Divide the weights by their sum. Without it they are used as given, as the
        /// official IMD does (its weights sum to 99.9%).
        #[arg(long)]
        renormalise: bool,
        /// Output CSV.
        #[arg(long)]
        out: PathBuf,
    },
    /// Summarise a domain by district (or any LSOA → area lookup) with the measures of the
    /// IoD technical report: average score, average rank, proportion of LSOAs in the most
    /// deprived 10%, extent, local concentration, and each measure's rank.
    Summary {
        /// Published IoD LSOA file (plain or gzip CSV).
        #[arg(long)]
        iod: PathBuf,
        /// Edition, 2019 or 2025 (default: detected from the LSOA code column).
        #[arg(long)]
        edition: Option<String>,
        /// LSOA populations (CSV with an LSOA code and a population column). Default: the
        /// IoD file's own population column (IoD2019: mid-2015, as the official figures).
        #[arg(long)]
        population: Option<PathBuf>,
        /// Population column of --population (default: population, pop_total_mid2015,
        /// total or All Ages).
        #[arg(long)]
        population_field: Option<String>,
        /// Areas to summarise by: `lad` (the district code column of --lookup, or of the
        /// IoD file without --lookup) or the name of an area code column of --lookup.
        #[arg(long, default_value = "lad")]
        by: String,
        /// LSOA → area lookup CSV (e.g. lsoa21_ward24_lad24_ew.csv.gz); its LSOAs must be of
        /// the IoD file's vintage.
        #[arg(long)]
        lookup: Option<PathBuf>,
        /// Domain to summarise (imd, income, employment, ...).
        #[arg(long, default_value = "imd")]
        domain: String,
        /// Output CSV.
        #[arg(long)]
        out: PathBuf,
    },
}

pub(crate) fn run(command: ImdCommand) -> CliResult {
    match command {
        ImdCommand::Recompute {
            iod,
            edition,
            weights,
            renormalise,
            out,
        } => recompute(
            &iod,
            edition.as_deref(),
            weights.as_deref(),
            renormalise,
            &out,
        ),
        ImdCommand::Summary {
            iod,
            edition,
            population,
            population_field,
            by,
            lookup,
            domain,
            out,
        } => summary(
            &iod,
            edition.as_deref(),
            population.as_deref(),
            population_field.as_deref(),
            &by,
            lookup.as_deref(),
            &domain,
            &out,
        ),
    }
}

fn edition_of(text: Option<&str>) -> Result<Option<IodEdition>, String> {
    match text.map(|t| t.trim().to_ascii_lowercase()) {
        None => Ok(None),
        Some(t) => match t.trim_start_matches("iod") {
            "2019" => Ok(Some(IodEdition::Iod2019)),
            "2025" => Ok(Some(IodEdition::Iod2025)),
            _ => Err(format!("unknown --edition {t:?}: use 2019 or 2025")),
        },
    }
}

fn load(path: &Path, edition: Option<&str>) -> Result<Deprivation, Box<dyn std::error::Error>> {
    let (iod, report) = io::read_iod(path, edition_of(edition)?)?;
    print_report(&report);
    Ok(iod)
}

/// `income=22.5,employment=22.5` → a composite recipe.
fn parse_weights(
    text: &str,
    weighting: Weighting,
) -> Result<Composite, Box<dyn std::error::Error>> {
    let mut spec = Composite::new(weighting);
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, weight) = part
            .split_once('=')
            .ok_or_else(|| format!("--weights: {part:?} is not DOMAIN=WEIGHT"))?;
        let domain: Domain = name.parse()?;
        let weight: f64 = weight
            .trim()
            .parse()
            .map_err(|_| format!("--weights: {weight:?} is not a number"))?;
        spec = spec.domain(domain, weight);
    }
    Ok(spec)
}

fn create(out: &Path) -> Result<std::io::BufWriter<std::fs::File>, String> {
    std::fs::File::create(out)
        .map(std::io::BufWriter::new)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}

fn recompute(
    path: &Path,
    edition: Option<&str>,
    weights: Option<&str>,
    renormalise: bool,
    out: &Path,
) -> CliResult {
    let iod = load(path, edition)?;
    let weighting = if renormalise {
        Weighting::Renormalised
    } else {
        Weighting::AsGiven
    };
    let spec = match weights {
        Some(text) => parse_weights(text, weighting)?,
        None => outreach::deprivation::IMD_WEIGHTS
            .into_iter()
            .fold(Composite::new(weighting), |c, (d, w)| c.domain(d, w)),
    };
    let official = weights.is_none() && !renormalise;
    let scores = iod.composite(&spec)?;
    let mut w = create(out)?;
    writeln!(w, "lsoa_code,imd_score,imd_rank,imd_decile")?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for (i, code) in scores.codes().iter().enumerate() {
        writeln!(
            w,
            "{code},{},{},{}",
            opt(scores.score(i).map(|s| format!("{s:.6}"))),
            opt(scores.rank(i).map(|r| r.to_string())),
            opt(scores.decile(i).map(|d| d.to_string())),
        )?;
    }
    w.flush()?;
    let weights: Vec<String> = spec
        .effective_weights()?
        .iter()
        .map(|(name, w)| format!("{name} {:.4}", w))
        .collect();
    println!(
        "{} {} for {} LSOAs ({}), weights {} -> {}",
        if official {
            "recomputed the IMD"
        } else {
            "computed a re-weighted index"
        },
        if official {
            "from the domain ranks"
        } else {
            "(NOT the official IMD)"
        },
        scores.len(),
        iod.edition(),
        weights.join(", "),
        out.display()
    );
    if !scores.is_national() {
        println!(
            "  ranks and deciles left empty: the file has {} of the {} LSOAs of England",
            iod.len(),
            iod.edition().lsoa_count()
        );
    }
    if official {
        let diffs: Vec<f64> = (0..iod.len())
            .filter_map(|i| {
                let published = iod.row(i)?.score(Domain::Imd)?;
                Some((scores.score(i)? - published).abs())
            })
            .collect();
        if let Some(max) = diffs.iter().copied().reduce(f64::max) {
            println!(
                "  max |difference| from the published IMD score: {max:.4} ({} LSOAs compared)",
                diffs.len()
            );
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn summary(
    path: &Path,
    edition: Option<&str>,
    population: Option<&Path>,
    population_field: Option<&str>,
    by: &str,
    lookup: Option<&Path>,
    domain: &str,
    out: &Path,
) -> CliResult {
    let domain: Domain = domain.parse()?;
    let iod = load(path, edition)?;
    let given;
    let weights = match population {
        Some(p) => {
            let (pop, report) = io::read_lsoa_population(p, population_field)?;
            print_report(&report);
            given = pop;
            PopulationWeights::Given(&given)
        }
        None => {
            if !(0..iod.len()).any(|i| iod.row(i).and_then(|r| r.population()).is_some()) {
                return Err(format!(
                    "{} has no population column: give --population FILE",
                    path.display()
                )
                .into());
            }
            PopulationWeights::Published
        }
    };
    let summaries = match lookup {
        Some(l) => {
            let (membership, report) = io::read_lsoa_membership(l, by)?;
            print_report(&report);
            let total = membership.len();
            let membership: Vec<(AreaCode, AreaCode)> = membership
                .into_iter()
                .filter(|(lsoa, _)| iod.get(lsoa).is_some())
                .collect();
            if membership.is_empty() {
                return Err(format!(
                    "no LSOA of {} is in {}: is the lookup on LSOA {}?",
                    l.display(),
                    path.display(),
                    iod.edition().vintage()
                )
                .into());
            }
            if membership.len() < total {
                eprintln!(
                    "  {} of {total} lookup rows skipped: their LSOA is not in the IoD file",
                    total - membership.len()
                );
            }
            let covered: std::collections::HashSet<&AreaCode> =
                membership.iter().map(|(lsoa, _)| lsoa).collect();
            let uncovered = iod.codes().iter().filter(|c| !covered.contains(c)).count();
            if uncovered > 0 {
                eprintln!(
                    "  warning: {uncovered} LSOAs of the IoD file have no area in the lookup and \
                     are left out (a lookup on another LSOA vintage?)"
                );
            }
            iod.summarise(domain, &membership, weights)?
        }
        None if by.eq_ignore_ascii_case("lad") => {
            if !iod.has_districts() {
                return Err(format!(
                    "{} has no district code column: give --lookup FILE",
                    path.display()
                )
                .into());
            }
            iod.district_summaries(domain, weights)?
        }
        None => return Err(format!("--by {by:?} needs --lookup FILE with that column").into()),
    };
    let key = if by.eq_ignore_ascii_case("lad") {
        "lad_code"
    } else {
        "area_code"
    };
    let mut w = create(out)?;
    writeln!(
        w,
        "{key},lsoas,population,average_score,rank_of_average_score,average_rank,\
         rank_of_average_rank,proportion_most_deprived_10pct,rank_of_proportion,extent,\
         rank_of_extent,local_concentration,rank_of_local_concentration"
    )?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for s in &summaries {
        writeln!(
            w,
            "{},{},{},{},{},{:.6},{},{:.6},{},{:.6},{},{:.6},{}",
            s.area,
            s.lsoas,
            s.population,
            opt(s.average_score.map(|v| format!("{v:.6}"))),
            opt(s.ranks.average_score.map(|r| r.to_string())),
            s.average_rank,
            s.ranks.average_rank,
            s.proportion_most_deprived_10pct,
            s.ranks.proportion_most_deprived_10pct,
            s.extent,
            s.ranks.extent,
            s.local_concentration,
            s.ranks.local_concentration,
        )?;
    }
    w.flush()?;
    println!(
        "summarised {domain} ({}) for {} areas by {by}{} -> {}",
        iod.edition(),
        summaries.len(),
        if population.is_some() {
            ", population from --population (unofficial weights)"
        } else {
            ""
        },
        out.display()
    );
    Ok(())
}
