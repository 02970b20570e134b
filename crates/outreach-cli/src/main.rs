//! `outreach`: the command-line face of the outreach library.
//!
//! A thin layer: parse arguments, call the library, print a summary. Every subcommand
//! exits non-zero with the library's message (file, line, field) on bad input.

/// mimalloc keeps freed memory for reuse instead of returning it to the system at once:
/// building an index just after parsing a large GeoJSON then takes far fewer page faults
/// (about a third less index build time on the densified LSOA benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use outreach::demo::Demo;
use outreach::io::{self, AreaSetSpec, Crs, LoadReport};
use outreach::synth::{self, SynthOptions};
use serde_json::{json, Map, Value};

mod imd;
mod kpi;
mod matching;
mod plan;
mod profile;
mod quality;

#[derive(Parser)]
#[command(
    name = "outreach",
    version,
    about = "See communities property by property: gazetteers, areas, deprivation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the Chorley demo (synthetic households on real geography and IoD2019) and
    /// print a borough profile.
    Demo {
        /// Where to write lsoa_profile.csv and lsoa_profile.geojson.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Directory with the demo data (default: the copy shipped in examples/data/chorley).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Seed of the synthetic households.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Assign points from a CSV to the areas of a GeoJSON file; writes `id,area_code`.
    Assign {
        /// Points CSV (plain or gzip).
        #[arg(long)]
        points: PathBuf,
        /// Layout of the points file: `columns` (use the field options) or
        /// `os-open-uprn` (an OS Open UPRN CSV; ids are UPRNs, duplicates rejected).
        #[arg(long, default_value = "columns")]
        format: String,
        /// Column with the point identifier (format `columns`).
        #[arg(long, default_value = "id")]
        id_field: String,
        /// Column with easting (27700) or longitude (4326) (format `columns`).
        #[arg(long, default_value = "x")]
        x_field: String,
        /// Column with northing (27700) or latitude (4326) (format `columns`).
        #[arg(long, default_value = "y")]
        y_field: String,
        /// CRS of the point coordinates: 27700 or 4326.
        #[arg(long, default_value = "27700")]
        crs: String,
        /// Areas GeoJSON (WGS84, or EPSG:27700 declared in its crs member).
        #[arg(long)]
        areas: PathBuf,
        /// Feature property with the area code.
        #[arg(long)]
        area_code_field: String,
        /// Output CSV.
        #[arg(long)]
        out: PathBuf,
        /// Print load / index / assignment times as a JSON line on stderr.
        #[arg(long)]
        timings: bool,
    },
    /// Generate a synthetic gazetteer (OS Open UPRN layout) from LSOA polygons and Census
    /// 2021 TS011 household counts. The output is SYNTHETIC and labelled so.
    Synth {
        /// LSOA polygons (GeoJSON).
        #[arg(long)]
        areas: PathBuf,
        /// Feature property with the LSOA code.
        #[arg(long)]
        area_code_field: String,
        /// Vintage of the polygons: 2011 or 2021.
        #[arg(long, default_value = "2021")]
        vintage: String,
        /// Census 2021 TS011 (households by deprivation dimensions, LSOA 2021).
        #[arg(long)]
        ts011: PathBuf,
        /// Mid-year single-year-of-age population by LSOA 2011 (for the 65+ share).
        #[arg(long)]
        population: Option<PathBuf>,
        /// LSOA 2011 → 2021 lookup.
        #[arg(long)]
        lookup: Option<PathBuf>,
        /// Code-Point Open centroids to place households around.
        #[arg(long)]
        postcodes: Option<PathBuf>,
        /// Multiplier on household counts.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Output CSV (UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE).
        #[arg(long)]
        out: PathBuf,
    },
    /// Area profiles: households by class and attribute, population, deprivation, crime
    /// rates per 1,000 with 95% intervals compared with the whole area set and England,
    /// need drivers and Gi* hot spots; CSV and GeoJSON, small numbers suppressed.
    Profile(Box<profile::ProfileArgs>),
    /// The Index of Multiple Deprivation: recompute, re-weight, summarise by district.
    Imd {
        #[command(subcommand)]
        command: imd::ImdCommand,
    },
    /// Match partner addresses (free text, postcode inside or apart) to gazetteer UPRNs.
    Match(matching::MatchArgs),
    /// Data quality of a partner address file: anomalies, corrections, inside/outside.
    Quality(quality::QualityArgs),
    /// Performance reporting: indicators against last year and targets (RAG), crime by
    /// category from police.uk, committee reports.
    Kpi {
        #[command(subcommand)]
        command: kpi::KpiCommand,
    },
    /// Plan a multi-agency campaign (Week of Action) from a rules file on the demo data:
    /// one visit per household with all its offers, partner capacity per day, daily rounds;
    /// writes visits.csv and one work list per partner under partners/.
    Plan(plan::PlanArgs),
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { out, data, seed } => demo(&out, data, seed),
        Command::Assign {
            points,
            format,
            id_field,
            x_field,
            y_field,
            crs,
            areas,
            area_code_field,
            out,
            timings,
        } => assign(
            &points,
            &format,
            [&id_field, &x_field, &y_field],
            &crs,
            &areas,
            &area_code_field,
            &out,
            timings,
        ),
        Command::Synth {
            areas,
            area_code_field,
            vintage,
            ts011,
            population,
            lookup,
            postcodes,
            scale,
            seed,
            out,
        } => synth_cmd(
            &areas,
            &area_code_field,
            &vintage,
            &ts011,
            population,
            lookup,
            postcodes,
            scale,
            seed,
            &out,
        ),
        Command::Profile(args) => profile::run(*args),
        Command::Imd { command } => imd::run(command),
        Command::Kpi { command } => kpi::run(command),
        Command::Match(args) => matching::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Quality(args) => quality::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("outreach: error: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}

fn print_report(report: &LoadReport) {
    eprintln!("  {report}");
    for r in report.rejected.iter().take(10) {
        eprintln!("    rejected {r}");
    }
    if report.rejected.len() > 10 {
        eprintln!(
            "    ... and {} more rejected rows",
            report.rejected.len() - 10
        );
    }
}

fn default_demo_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("OUTREACH_DEMO_DATA") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("examples/data/chorley");
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/chorley")
}

fn demo(out: &Path, data: Option<PathBuf>, seed: u64) -> CliResult {
    let dir = data.unwrap_or_else(default_demo_dir);
    let started = Instant::now();
    let demo = Demo::load(&dir, seed)?;
    let profile = demo.lsoa_profile();
    std::fs::create_dir_all(out)?;

    let total: u64 = profile.iter().map(|r| r.households).sum();
    let deprived: Vec<_> = profile.iter().filter(|r| r.most_deprived_20pct).collect();
    let in_deprived: u64 = deprived.iter().map(|r| r.households).sum();
    let old: u64 = profile.iter().map(|r| r.households_65_plus).sum();
    println!("outreach demo: Chorley (E07000118)");
    println!(
        "  real geography, IoD2019 and Census 2021 counts; SYNTHETIC households (seed {seed})"
    );
    println!(
        "  LSOAs (2011)                               {:>7}",
        demo.lsoas.len()
    );
    println!(
        "  LSOAs in the 20% most deprived nationally  {:>7}",
        deprived.len()
    );
    println!(
        "  wards (2022)                               {:>7}",
        demo.wards.len()
    );
    println!(
        "  postcodes (Code-Point Open)                {:>7}",
        demo.postcodes.len()
    );
    println!("  households (synthetic)                     {:>7}", total);
    println!(
        "  households in the 20% most deprived LSOAs  {:>7}  ({:.1}%)",
        in_deprived,
        100.0 * in_deprived as f64 / total.max(1) as f64
    );
    println!(
        "  households with someone aged 65+           {:>7}  ({:.1}%)",
        old,
        100.0 * old as f64 / total.max(1) as f64
    );
    let (full, _) = demo.profile(&dir)?;
    let crime = full.borough().iter().find(|b| b.id == "crime:all");
    if let Some(c) = crime {
        println!(
            "  police.uk crime, Nov 2021 - Oct 2022      {:>7}  ({:.1} per 1,000 residents)",
            c.count,
            c.value.unwrap_or(f64::NAN)
        );
    }
    let codes: Vec<outreach::AreaCode> = demo.lsoas.codes().to_vec();
    let drivers = outreach::profile::need_drivers(&codes, &demo.iod)?;
    println!("  most deprived LSOAs (national IMD rank of 32,844), crime per 1,000 residents");
    println!("  (95% CI, against Chorley) and the domain most deprived relative to the IMD:");
    let mut worst = deprived.clone();
    worst.sort_by_key(|r| r.imd_rank);
    for r in worst {
        let a = full.index_of(&r.code).unwrap_or(usize::MAX);
        let rate = full.indicator(a, "crime:all").map_or(String::new(), |i| {
            format!(
                "crime {:>5.1} ({:.1}-{:.1}) {:<7}",
                i.value.unwrap_or(f64::NAN),
                i.interval.map_or(f64::NAN, |c| c.lower),
                i.interval.map_or(f64::NAN, |c| c.upper),
                i.vs_borough.map_or("", |c| c.flag.as_str())
            )
        });
        let driver = drivers
            .iter()
            .find(|d| d.area == a && d.is_main_driver())
            .map_or("none", |d| d.indicator.as_str());
        println!(
            "    {} {:<14} rank {:>5}  decile {}  {:>5} households  {rate}  driver: {driver}",
            r.code,
            r.name,
            r.imd_rank.unwrap_or(0),
            r.imd_decile.unwrap_or(0),
            r.households
        );
    }
    let neighbours = outreach::profile::contiguity(&demo.lsoas, 1.0)?;
    let spots = full.hot_spot_table("crime:all", &neighbours, 0.05)?;
    let hot: Vec<&str> = (0..spots.rows())
        .filter(|&i| spots.column("hot_spot").and_then(|c| c.values.text(i)) == Some("hot"))
        .filter_map(|i| spots.column("area_code").and_then(|c| c.values.text(i)))
        .collect();
    println!(
        "  crime hot spots (Getis-Ord Gi*, contiguous LSOAs, FDR 5%): {}",
        if hot.is_empty() {
            "none".to_string()
        } else {
            hot.join(" ")
        }
    );
    let write = |t: &outreach::table::Table, name: &str| -> CliResult {
        let f = std::fs::File::create(out.join(name))?;
        t.write_csv(f)?;
        Ok(())
    };
    write(
        &full
            .area_table()?
            .suppressed(outreach::stats::SUPPRESSION_THRESHOLD)?,
        "profile_areas.csv",
    )?;
    write(
        &full
            .indicator_table()?
            .suppressed(outreach::stats::SUPPRESSION_THRESHOLD)?,
        "profile_indicators.csv",
    )?;
    write(
        &outreach::profile::need_driver_table(&drivers, full.codes())?,
        "need_drivers.csv",
    )?;
    write(&spots, "hot_spots.csv")?;

    let csv_path = out.join("lsoa_profile.csv");
    let mut w = csv::Writer::from_path(&csv_path)?;
    w.write_record([
        "lsoa11_code",
        "lsoa11_name",
        "households",
        "households_65_plus",
        "households_2plus_dimensions",
        "imd_score",
        "imd_rank",
        "imd_decile",
        "most_deprived_20pct",
        "synthetic_households",
    ])?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for r in &profile {
        w.write_record([
            r.code.clone(),
            r.name.clone(),
            r.households.to_string(),
            r.households_65_plus.to_string(),
            r.households_2plus_dimensions.to_string(),
            opt(r.imd_score.map(|s| format!("{s:.3}"))),
            opt(r.imd_rank.map(|s| s.to_string())),
            opt(r.imd_decile.map(|s| s.to_string())),
            r.most_deprived_20pct.to_string(),
            "true".into(),
        ])?;
    }
    w.flush()?;

    let column = |f: &dyn Fn(&outreach::demo::LsoaProfileRow) -> Value| -> Vec<Value> {
        profile.iter().map(f).collect()
    };
    let columns = vec![
        ("households", column(&|r| json!(r.households))),
        (
            "households_65_plus",
            column(&|r| json!(r.households_65_plus)),
        ),
        (
            "households_2plus_dimensions",
            column(&|r| json!(r.households_2plus_dimensions)),
        ),
        ("imd_score", column(&|r| json!(r.imd_score))),
        ("imd_rank", column(&|r| json!(r.imd_rank))),
        ("imd_decile", column(&|r| json!(r.imd_decile))),
        (
            "most_deprived_20pct",
            column(&|r| json!(r.most_deprived_20pct)),
        ),
    ];
    let mut meta = Map::new();
    meta.insert("synthetic_households".into(), json!(true));
    meta.insert(
        "attribution".into(),
        json!("Contains public sector information licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2025. Contains National Statistics data © Crown copyright and database right 2025."),
    );
    let geojson_path = out.join("lsoa_profile.geojson");
    io::write_area_geojson(&geojson_path, &demo.lsoas, &columns, &meta, true)?;
    println!(
        "  wrote {} and {}; profile_areas.csv, profile_indicators.csv, need_drivers.csv and",
        csv_path.display(),
        geojson_path.display()
    );
    println!(
        "  hot_spots.csv (counts of 1-4 suppressed) in {}",
        out.display()
    );
    println!("  ({:.2} s)", started.elapsed().as_secs_f64());
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn assign(
    points: &Path,
    format: &str,
    [id_field, x_field, y_field]: [&str; 3],
    crs: &str,
    areas: &Path,
    area_code_field: &str,
    out: &Path,
    timings: bool,
) -> CliResult {
    let crs: Crs = crs.parse()?;
    let t0 = Instant::now();
    let (pts, preport) = match format {
        "columns" => {
            let (pts, report) = io::read_points(points, id_field, x_field, y_field, crs)?;
            (Points::Table(pts), report)
        }
        "os-open-uprn" => {
            let (g, report) = io::read_gazetteer(points, &io::GazetteerFormat::OsOpenUprn)?;
            (Points::Gazetteer(Box::new(g)), report)
        }
        other => {
            return Err(format!("unknown --format {other:?}: use columns or os-open-uprn").into())
        }
    };
    let t1 = Instant::now();
    let (inputs, areport) =
        io::read_area_inputs(areas, &AreaSetSpec::new("areas", area_code_field))?;
    let t2 = Instant::now();
    let kind = inputs
        .first()
        .map_or(outreach::AreaKind::Other, |a| a.code.kind());
    let set = outreach::AreaSet::new("areas", kind, outreach::Vintage::Unspecified, inputs)?;
    let t_index = Instant::now();
    let result = set.assign(pts.xs(), pts.ys())?;
    let t3 = Instant::now();
    let file =
        std::fs::File::create(out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(w, "id,area_code")?;
    for (i, area) in result.iter().enumerate() {
        let code = area.map(|a| set.code(a).as_str()).unwrap_or("");
        match &pts {
            Points::Gazetteer(g) => writeln!(w, "{},{code}", g.uprns()[i])?,
            Points::Table(t) => {
                let id = t.id(i).unwrap_or_default();
                if id.contains([',', '"', '\n']) {
                    writeln!(w, "\"{}\",{code}", id.replace('"', "\"\""))?;
                } else {
                    writeln!(w, "{id},{code}")?;
                }
            }
        }
    }
    w.flush()?;
    let t4 = Instant::now();
    print_report(&preport);
    print_report(&areport);
    println!(
        "assigned {} / outside {} / rejected {} (of {} rows read) -> {}",
        result.assigned(),
        result.outside(),
        preport.rejected.len(),
        preport.rows_read,
        out.display()
    );
    if timings {
        eprintln!(
            "timings: {}",
            json!({
                "load_points_s": (t1 - t0).as_secs_f64(),
                "load_areas_s": (t2 - t1).as_secs_f64(),
                "build_index_s": (t_index - t2).as_secs_f64(),
                "assign_s": (t3 - t_index).as_secs_f64(),
                "write_s": (t4 - t3).as_secs_f64(),
                "points": pts.xs().len(),
                "areas": set.len(),
                "threads": rayon_threads(),
            })
        );
    }
    Ok(())
}

/// Points to assign: a generic table or a gazetteer.
enum Points {
    Table(io::Points),
    Gazetteer(Box<outreach::Gazetteer>),
}

impl Points {
    fn xs(&self) -> &[f64] {
        match self {
            Points::Table(t) => &t.xs,
            Points::Gazetteer(g) => g.xs(),
        }
    }

    fn ys(&self) -> &[f64] {
        match self {
            Points::Table(t) => &t.ys,
            Points::Gazetteer(g) => g.ys(),
        }
    }
}

fn rayon_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

#[allow(clippy::too_many_arguments)]
fn synth_cmd(
    areas: &Path,
    code_field: &str,
    vintage: &str,
    ts011: &Path,
    population: Option<PathBuf>,
    lookup: Option<PathBuf>,
    postcodes: Option<PathBuf>,
    scale: f64,
    seed: u64,
    out: &Path,
) -> CliResult {
    let spec = AreaSetSpec::new("lsoa", code_field).with_vintage(vintage.parse()?);
    let (set, report) = io::read_area_set(areas, &spec)?;
    print_report(&report);
    let (counts, report) = io::read_ts011(ts011)?;
    print_report(&report);
    let pop = match population {
        Some(p) => {
            let (pop, report) = io::read_population_by_age(&p)?;
            print_report(&report);
            pop
        }
        None => Default::default(),
    };
    let lk = match lookup {
        Some(p) => {
            let (rows, report) = io::read_lsoa_lookup(&p)?;
            print_report(&report);
            rows
        }
        None => Vec::new(),
    };
    let census = io::census_for_areas(&set, &counts, &pop, &lk);
    let mut centroids = vec![Vec::new(); set.len()];
    if let Some(p) = postcodes {
        let (pc, report) = io::read_codepoint_open(&p)?;
        print_report(&report);
        for (i, a) in set.assign(pc.xs(), pc.ys())?.iter().enumerate() {
            if let Some(a) = a {
                centroids[a as usize].push((pc.xs()[i], pc.ys()[i]));
            }
        }
    }
    let t = Instant::now();
    let households = synth::generate(
        &set,
        &census,
        &centroids,
        &SynthOptions {
            seed,
            scale,
            ..SynthOptions::default()
        },
    )?;
    eprintln!(
        "  generated {} synthetic households in {:.1} s",
        households.len(),
        t.elapsed().as_secs_f64()
    );
    let g = &households.gazetteer;
    let file =
        std::fs::File::create(out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(w, "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE")?;
    for i in 0..g.len() {
        let (x, y) = (g.xs()[i], g.ys()[i]);
        // Latitude/longitude are left empty: they are not needed to load a gazetteer and
        // the OSTN15 inverse for tens of millions of points would dominate the run.
        writeln!(w, "{},{:.2},{:.2},,", g.uprns()[i], x, y)?;
    }
    w.flush()?;
    let note = out.with_extension("SYNTHETIC.txt");
    std::fs::write(
        &note,
        format!(
            "{} is SYNTHETIC: {} households generated by `outreach synth` (seed {seed}, scale {scale}) \
             on real LSOA polygons and Census 2021 TS011 counts. UPRNs from {} upwards are not real.\n",
            out.display(),
            households.len(),
            synth::FIRST_SYNTHETIC_UPRN
        ),
    )?;
    println!(
        "wrote {} synthetic households to {} (see {})",
        households.len(),
        out.display(),
        note.display()
    );
    Ok(())
}
