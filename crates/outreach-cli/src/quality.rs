//! `outreach quality`: the data-quality report of a partner address file.

use std::path::PathBuf;

use clap::Args;
use outreach::address::quality::{quality_report, Anomaly, Boundary, QualityData, QualityOptions};
use outreach::io::{self, AreaSetSpec, GazetteerColumns, GazetteerFormat};
use outreach::AreaCode;

use super::matching::{optional, GazetteerArgs, PartnerArgs};
use super::{print_report, CliResult};

/// Check a partner address file against a gazetteer: writes `anomalies.csv` (id, anomaly,
/// uprn, address, detail: no_match, ambiguous, building_only, postcode_corrected,
/// non_residential, shared_uprn, unknown_uprn, outside_boundary), `corrections.csv` (id,
/// old_address, uprn, canonical_address, reason) and `inside_outside.csv` (records inside
/// and outside the boundary before matching, by their own postcode, and after, by the
/// UPRN found).
#[derive(Args)]
pub(crate) struct QualityArgs {
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    #[command(flatten)]
    partner: PartnerArgs,
    /// Partner column with the UPRN the record already carries, if any.
    #[arg(long)]
    input_uprn_field: Option<String>,
    /// Properties CSV with BNG points and classes (`uprn,x,y,class`): locates matched
    /// UPRNs and tells non-residential ones.
    #[arg(long)]
    properties: Option<PathBuf>,
    /// Class column of --properties (`-` for none).
    #[arg(long, default_value = "class")]
    properties_class_field: String,
    /// Code-Point Open postcode centroids (the before location; UPRNs without a point).
    #[arg(long)]
    postcodes: Option<PathBuf>,
    /// Boundary GeoJSON (BNG or WGS84): the council's area.
    #[arg(long)]
    boundary: Option<PathBuf>,
    /// Feature property with the area code in --boundary.
    #[arg(long, default_value = "code")]
    boundary_code_field: String,
    /// The one area of --boundary to use (default: inside any of its areas).
    #[arg(long)]
    boundary_code: Option<String>,
    /// Several records at one UPRN are expected (e.g. people at an address): do not
    /// report them as shared_uprn.
    #[arg(long)]
    many_per_uprn: bool,
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
}

pub(crate) fn run(a: QualityArgs) -> CliResult {
    let (index, refs) = a.gazetteer.index()?;
    let (records, report) = io::read_quality_records(
        &a.partner.input,
        &a.partner.id_field,
        &a.partner.input_address_field,
        a.partner.input_postcode_field.as_deref(),
        a.input_uprn_field.as_deref(),
    )?;
    eprintln!("input:");
    print_report(&report);
    let properties = match &a.properties {
        Some(p) => {
            let mut c = GazetteerColumns::bng("uprn", "x", "y");
            c.class = optional(&a.properties_class_field);
            let (g, report) = io::read_gazetteer(p, &GazetteerFormat::Columns(c))?;
            eprintln!("properties:");
            print_report(&report);
            Some(g)
        }
        None => None,
    };
    let postcodes = match &a.postcodes {
        Some(p) => {
            let (c, report) = io::read_codepoint_open(p)?;
            eprintln!("postcodes:");
            print_report(&report);
            Some(c)
        }
        None => None,
    };
    let areas = match &a.boundary {
        Some(p) => {
            let (set, report) =
                io::read_area_set(p, &AreaSetSpec::new("boundary", &a.boundary_code_field))?;
            eprintln!("boundary:");
            print_report(&report);
            Some(set)
        }
        None => None,
    };
    let boundary = match (&areas, &a.boundary_code) {
        (Some(set), Some(code)) => {
            let code: AreaCode = code.parse()?;
            let i = set.index_of(&code)?;
            let g = set
                .geometry(i)
                .ok_or_else(|| format!("--boundary-code {code}: no geometry"))?;
            Some(Boundary::Polygon(g))
        }
        (Some(set), None) => Some(Boundary::Areas(set)),
        (None, Some(_)) => return Err("--boundary-code needs --boundary".into()),
        (None, None) => None,
    };
    let data = QualityData {
        index: &index,
        addresses: &refs,
        properties: properties.as_ref(),
        postcodes: postcodes.as_ref(),
        boundary,
    };
    let opts = QualityOptions {
        one_record_per_uprn: !a.many_per_uprn,
        ..QualityOptions::default()
    };
    let q = quality_report(&records, &data, &opts)?;
    q.write_csv_dir(&a.out)?;
    let summary: Vec<String> = Anomaly::ALL
        .iter()
        .map(|&k| format!("{k} {}", q.count(k)))
        .collect();
    eprintln!(
        "{} records: {}; {} corrections",
        records.len(),
        summary.join(", "),
        q.corrections.rows()
    );
    if data.boundary.is_some() {
        eprintln!(
            "inside/outside: before {} / {} ({} unknown), after {} / {} ({} unknown)",
            q.before.inside,
            q.before.outside,
            q.before.unknown,
            q.after.inside,
            q.after.outside,
            q.after.unknown
        );
    }
    eprintln!("wrote {}", a.out.display());
    Ok(())
}
