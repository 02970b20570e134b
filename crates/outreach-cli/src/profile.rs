//! `outreach profile`: area profiles written as CSV and GeoJSON, suppressed for
//! publication.

use std::path::{Path, PathBuf};

use clap::Args;
use outreach::attributes::{AttributeTable, JoinedAttributes, KeyKind};
use outreach::io::{self, AreaSetSpec, AttributeSpec, GazetteerFormat};
use outreach::kpi::Span;
use outreach::profile::{self, EventCounts, Profile, Profiler};
use outreach::stats::{self, Neighbours};
use outreach::table::{Column, Table, Values};
use outreach::{AreaKind, AreaSet, Gazetteer};
use serde_json::{json, Map, Value};

use super::{print_report, CliResult};

/// Options of `outreach profile`.
#[derive(Args)]
pub(crate) struct ProfileArgs {
    /// Areas to profile (GeoJSON: LSOAs, wards, a Week of Action zone...).
    #[arg(long)]
    areas: PathBuf,
    /// Feature property with the area code.
    #[arg(long)]
    area_code_field: String,
    /// Feature property with the area name.
    #[arg(long)]
    area_name_field: Option<String>,
    /// Vintage of the areas: 2011, 2021, another year, or `unspecified`.
    #[arg(long, default_value = "2011")]
    vintage: String,
    /// The properties: a gazetteer CSV (plain or gzip).
    #[arg(long)]
    gazetteer: PathBuf,
    /// Layout of the gazetteer: `os-open-uprn` or `addressbase`.
    #[arg(long, default_value = "os-open-uprn")]
    gazetteer_format: String,
    /// Published IoD LSOA file (IoD2019 or IoD2025 layout) for deprivation columns and
    /// need drivers.
    #[arg(long)]
    iod: Option<PathBuf>,
    /// For areas that are not LSOAs: LSOA boundaries (GeoJSON), to summarise deprivation
    /// over the LSOAs the households sit in and to share LSOA populations out by households.
    #[arg(long)]
    lsoas: Option<PathBuf>,
    /// Feature property with the LSOA code in `--lsoas`.
    #[arg(long, default_value = "LSOA11CD")]
    lsoa_code_field: String,
    /// Residents per area: a CSV with an area code column and a population column (ONS
    /// mid-year LSOA totals), or single-year-of-age rows (`age_0`..., summed). Needed for
    /// crime rates per 1,000 residents.
    #[arg(long)]
    population: Option<PathBuf>,
    /// Population column of `--population` (default: detected).
    #[arg(long)]
    population_field: Option<String>,
    /// police.uk street-level crime CSV (one or many months); rates are per 1,000
    /// residents over the months `--from`..`--to`.
    #[arg(long)]
    crime: Option<PathBuf>,
    /// First month of crime counted (YYYY-MM).
    #[arg(long)]
    from: Option<String>,
    /// Last month of crime counted (YYYY-MM).
    #[arg(long)]
    to: Option<String>,
    /// ONS Output Area Classification 2011 CSV (with `--oa`).
    #[arg(long)]
    oac: Option<PathBuf>,
    /// Output Area 2011 boundaries (GeoJSON, `OA11CD`) to join the OAC through.
    #[arg(long)]
    oa: Option<PathBuf>,
    /// Household attributes CSV keyed by UPRN or postcode (columns typed by content).
    #[arg(long)]
    attributes: Option<PathBuf>,
    /// Key of `--attributes`: `uprn` or `postcode`.
    #[arg(long, default_value = "uprn")]
    attribute_key: String,
    /// Key column of `--attributes`.
    #[arg(long, default_value = "uprn")]
    attribute_key_field: String,
    /// England value of an indicator to compare with, `ID=VALUE` (repeatable), e.g.
    /// `crime:all=82.3`.
    #[arg(long)]
    england: Vec<String>,
    /// Getis-Ord Gi* hot spots of these indicators (repeatable), e.g. `crime:all`.
    #[arg(long)]
    hot_spots: Vec<String>,
    /// Neighbours for hot spots: `contiguity` (polygons within `--tolerance` metres) or
    /// `distance:METRES` (centroids within that distance).
    #[arg(long, default_value = "contiguity")]
    neighbours: String,
    /// Contiguity tolerance in metres (generalised boundaries do not always meet).
    #[arg(long, default_value_t = 1.0)]
    tolerance: f64,
    /// False-discovery rate of the hot-spot tests.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Counts from 1 to N−1 (and all values derived from them) are suppressed in the
    /// output; 0 publishes everything (for internal use only).
    #[arg(long, default_value_t = stats::SUPPRESSION_THRESHOLD)]
    suppress: u64,
    /// GeoJSON coordinates: 4326 (RFC 7946, default) or 27700.
    #[arg(long, default_value = "4326")]
    geojson_crs: String,
    /// Output directory: areas.csv, areas.geojson, indicators.csv and, when asked for or
    /// possible, need_drivers.csv and hot_spots.csv.
    #[arg(long)]
    out: PathBuf,
}

fn load_gazetteer(path: &Path, format: &str) -> Result<Gazetteer, Box<dyn std::error::Error>> {
    let format = match format {
        "os-open-uprn" => GazetteerFormat::OsOpenUprn,
        "addressbase" => GazetteerFormat::AddressBasePremium,
        other => {
            return Err(format!(
                "unknown --gazetteer-format {other:?}: use os-open-uprn or addressbase"
            )
            .into())
        }
    };
    let (g, report) = io::read_gazetteer(path, &format)?;
    print_report(&report);
    Ok(g)
}

fn write_table(table: &Table, path: &Path) -> CliResult {
    let file =
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    table.write_csv(file)?;
    Ok(())
}

pub(crate) fn run(a: ProfileArgs) -> CliResult {
    let wgs84 = match a.geojson_crs.as_str() {
        "4326" => true,
        "27700" => false,
        other => return Err(format!("--geojson-crs must be 4326 or 27700, got {other:?}").into()),
    };
    let mut spec = AreaSetSpec::new("areas", &a.area_code_field).with_vintage(a.vintage.parse()?);
    if let Some(n) = &a.area_name_field {
        spec = spec.with_name_field(n);
    }
    let (inputs, report) = io::read_area_inputs(&a.areas, &spec)?;
    print_report(&report);
    let kind = inputs.first().map_or(AreaKind::Other, |i| i.code.kind());
    let areas = AreaSet::new("areas", kind, a.vintage.parse()?, inputs)?;
    let gazetteer = load_gazetteer(&a.gazetteer, &a.gazetteer_format)?;
    let placed = gazetteer.assign(&areas);
    eprintln!(
        "  {} properties: {} in an area, {} outside",
        gazetteer.len(),
        placed.assigned(),
        placed.outside()
    );

    // Attribute tables live as long as the profiler borrows them.
    let oac = match (&a.oac, &a.oa) {
        (Some(oac), Some(oa)) => {
            let (table, report) = io::read_oac2011(oac)?;
            print_report(&report);
            let (oas, report) = io::read_area_set(
                oa,
                &AreaSetSpec::new("oa11", "OA11CD").with_vintage(outreach::Vintage::Y2011),
            )?;
            print_report(&report);
            let in_oa = gazetteer.assign(&oas);
            Some((table, oas, in_oa))
        }
        (None, None) => None,
        _ => return Err("--oac and --oa go together".into()),
    };
    let user: Option<AttributeTable> = match &a.attributes {
        Some(p) => {
            let key: KeyKind = a.attribute_key.parse()?;
            if key == KeyKind::Area {
                return Err(
                    "--attribute-key must be uprn or postcode (area tables: use --oac)".into(),
                );
            }
            let (t, report) =
                io::read_attribute_table(p, &AttributeSpec::new(&a.attribute_key_field, key))?;
            print_report(&report);
            Some(t)
        }
        None => None,
    };
    let iod = match &a.iod {
        Some(p) => {
            let (d, report) = io::read_iod(p, None)?;
            print_report(&report);
            Some(d)
        }
        None => None,
    };
    let lsoas = match &a.lsoas {
        Some(p) => {
            let (set, report) = io::read_area_set(
                p,
                &AreaSetSpec::new("lsoas", &a.lsoa_code_field).with_vintage(
                    iod.as_ref()
                        .map_or(outreach::Vintage::Y2011, |d| d.edition().vintage()),
                ),
            )?;
            print_report(&report);
            let assigned = gazetteer.assign(&set);
            Some((set, assigned))
        }
        None => None,
    };

    let mut profiler = Profiler::new(&areas, &gazetteer, &placed)?;
    let mut joined: Vec<JoinedAttributes<'_>> = Vec::new();
    if let Some((table, oas, in_oa)) = &oac {
        let (j, report) = table.join(&gazetteer, Some((oas, in_oa)))?;
        eprintln!("  OAC {report}");
        joined.push(j);
    }
    if let Some(t) = &user {
        let (j, report) = t.join(&gazetteer, None)?;
        eprintln!("  attributes {report}");
        joined.push(j);
    }
    for j in joined {
        profiler = profiler.attributes(j)?;
    }
    if let (Some((set, assigned)), true) = (&lsoas, kind != AreaKind::Lsoa) {
        profiler = profiler.lsoas(set, assigned)?;
    }
    if let Some(p) = &a.population {
        // A single-year-of-age file (one row per sex) is summed; otherwise one total per row.
        let by_age = match a.population_field {
            None => io::read_population_by_age(p).ok(),
            Some(_) => None,
        };
        let (pop, report) = match by_age {
            Some((ages, report)) => (
                ages.into_iter().map(|(k, (all, _))| (k, all)).collect(),
                report,
            ),
            None => io::read_lsoa_population(p, a.population_field.as_deref())?,
        };
        print_report(&report);
        profiler = if kind == AreaKind::Lsoa {
            profiler.population_by_code(&pop)?
        } else {
            // Wards and zones: LSOA residents shared out by households.
            profiler.population_from_lsoas(&pop)?
        };
    }
    if let Some(d) = &iod {
        profiler = profiler.deprivation(d)?;
        if kind != AreaKind::Lsoa && lsoas.is_none() {
            return Err("--iod on areas that are not LSOAs needs --lsoas".into());
        }
    }
    if let Some(p) = &a.crime {
        let (records, report) = io::read_police_uk(p)?;
        print_report(&report);
        let period = match (&a.from, &a.to) {
            (Some(f), Some(t)) => Some(Span::between(f.parse()?, t.parse()?)?),
            (None, None) => None,
            _ => return Err("--from and --to go together".into()),
        };
        let (events, report) = EventCounts::from_records("crime", &areas, &records, period)?;
        eprintln!("  crime: {report}");
        profiler = profiler.events(events)?;
    }
    for e in &a.england {
        let (id, v) = e
            .rsplit_once('=')
            .ok_or_else(|| format!("--england {e:?}: expected ID=VALUE"))?;
        let v: f64 = v
            .trim()
            .parse()
            .map_err(|_| format!("--england {e:?}: {v:?} is not a number"))?;
        profiler = profiler.england(id.trim(), v)?;
    }
    let profile = profiler.build()?;

    std::fs::create_dir_all(&a.out)?;
    let wide = profile.area_table()?.suppressed(a.suppress)?;
    write_table(&wide, &a.out.join("areas.csv"))?;
    write_table(
        &profile.indicator_table()?.suppressed(a.suppress)?,
        &a.out.join("indicators.csv"),
    )?;
    let columns: Vec<(&str, Vec<Value>)> = wide
        .columns()
        .iter()
        .filter(|c| c.name != "area_code" && c.name != "area_name")
        .map(|c| {
            (
                c.name.as_str(),
                (0..wide.rows()).map(|i| c.values.json(i)).collect(),
            )
        })
        .collect();
    let mut meta = Map::new();
    meta.insert("suppression_threshold".into(), json!(a.suppress));
    meta.insert("confidence".into(), json!("95%"));
    meta.insert(
        "synthetic_households".into(),
        json!(gazetteer.is_synthetic()),
    );
    io::write_area_geojson(&a.out.join("areas.geojson"), &areas, &columns, &meta, wgs84)?;

    let mut written = vec!["areas.csv", "indicators.csv", "areas.geojson"];
    if let (Some(d), AreaKind::Lsoa) = (&iod, kind) {
        let codes: Vec<outreach::AreaCode> = areas.codes().to_vec();
        let drivers = profile::need_drivers(&codes, d)?;
        write_table(
            &profile::need_driver_table(&drivers, profile.codes())?,
            &a.out.join("need_drivers.csv"),
        )?;
        written.push("need_drivers.csv");
    }
    if !a.hot_spots.is_empty() {
        let nb = neighbours(&a.neighbours, a.tolerance, &areas)?;
        let mut all = Table::new();
        let mut parts = Vec::new();
        for id in &a.hot_spots {
            parts.push((id.clone(), profile.hot_spot_table(id, &nb, a.alpha)?));
        }
        let names: Vec<String> = parts
            .first()
            .map(|p| p.1.names().iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        let ids: Vec<Option<String>> = parts
            .iter()
            .flat_map(|(id, t)| std::iter::repeat_n(Some(id.clone()), t.rows()))
            .collect();
        all.push(Column::new("indicator", Values::Text(ids)))?;
        for name in &names {
            let values = concat(parts.iter().filter_map(|(_, t)| t.column(name)));
            all.push(Column::new(name.clone(), values))?;
        }
        write_table(&all, &a.out.join("hot_spots.csv"))?;
        written.push("hot_spots.csv");
    }
    summarise(&profile, &a.out, &written);
    Ok(())
}

fn concat<'a>(columns: impl Iterator<Item = &'a Column>) -> Values {
    let mut text: Vec<Option<String>> = Vec::new();
    let mut float: Vec<Option<f64>> = Vec::new();
    let mut is_text = false;
    for c in columns {
        match &c.values {
            Values::Text(v) => {
                is_text = true;
                text.extend(v.iter().cloned());
            }
            other => float.extend((0..other.len()).map(|i| other.float(i))),
        }
    }
    if is_text {
        Values::Text(text)
    } else {
        Values::Float(float)
    }
}

fn neighbours(
    spec: &str,
    tolerance: f64,
    areas: &AreaSet,
) -> Result<Neighbours, Box<dyn std::error::Error>> {
    if spec == "contiguity" {
        return Ok(profile::contiguity(areas, tolerance)?);
    }
    let metres: f64 = spec
        .strip_prefix("distance:")
        .and_then(|m| m.parse().ok())
        .ok_or_else(|| format!("--neighbours {spec:?}: use contiguity or distance:METRES"))?;
    Ok(profile::distance_neighbours(areas, metres)?)
}

fn summarise(profile: &Profile, out: &Path, written: &[&str]) {
    println!(
        "profiled {} areas ({} properties outside every area)",
        profile.len(),
        profile.outside()
    );
    if profile.deprivation().is_some() {
        println!(
            "  in the 20% most deprived nationally: {} areas",
            profile.most_deprived(20).len()
        );
    }
    for b in profile.borough().iter().filter(|b| b.id.ends_with(":all")) {
        if let Some(v) = b.value {
            println!(
                "  {}: {} events, {:.1} per 1,000 across all areas",
                b.id, b.count, v
            );
        }
    }
    println!("  wrote {} in {}", written.join(", "), out.display());
}
