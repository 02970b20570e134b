//! `outreach match`: partner addresses to UPRNs, as a batch tool.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use outreach::address::{AddressIndex, MatchOptions};
use outreach::io::{self, AddressColumns, AddressLayout};

use super::{print_report, CliResult};

/// Match the free-text addresses of a partner file to the UPRNs of a gazetteer; writes
/// `id,uprn,score,status,margin,reason,postcode,postcode_corrected,candidates` (empty uprn
/// = no UPRN: status `ambiguous` or `no_match`; status `building` gives the building's
/// UPRN when the flat cannot be told).
#[derive(Args)]
pub(crate) struct MatchArgs {
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    #[command(flatten)]
    partner: PartnerArgs,
    /// Output CSV.
    #[arg(long)]
    out: PathBuf,
    /// Score from which a lead of --min-margin suffices.
    #[arg(long, default_value_t = MatchOptions::default().min_score)]
    min_score: f32,
    /// Lead over the runner-up needed to name one UPRN.
    #[arg(long, default_value_t = MatchOptions::default().min_margin)]
    min_margin: f32,
    /// Lowest score accepted at all (needs a lead of --weak-margin).
    #[arg(long, default_value_t = MatchOptions::default().weak_score)]
    weak_score: f32,
    /// Lead needed below --min-score.
    #[arg(long, default_value_t = MatchOptions::default().weak_margin)]
    weak_margin: f32,
}

/// The gazetteer options shared by `outreach match` and `outreach quality`.
#[derive(Args)]
pub(crate) struct GazetteerArgs {
    /// Gazetteer CSV (plain or gzip).
    #[arg(long)]
    gazetteer: PathBuf,
    /// Gazetteer layout: `text` (one address column, see --address-field) or `fields`
    /// (AddressBase-style columns subname,name,number,streetname,locality,townname).
    #[arg(long, default_value = "text")]
    gazetteer_format: String,
    /// Gazetteer UPRN column.
    #[arg(long, default_value = "uprn")]
    uprn_field: String,
    /// Gazetteer address column(s), comma-separated (joined with ", ") for `text`.
    #[arg(long, default_value = "address")]
    address_field: String,
    /// Gazetteer postcode column (`-` for none).
    #[arg(long, default_value = "postcode")]
    postcode_field: String,
    /// Gazetteer parent UPRN column (`-` for none; `parentuprn` for `fields` files).
    #[arg(long)]
    parent_field: Option<String>,
}

/// The partner-file options shared by `outreach match` and `outreach quality`.
#[derive(Args)]
pub(crate) struct PartnerArgs {
    /// Partner file (CSV, plain or gzip).
    #[arg(long)]
    pub(crate) input: PathBuf,
    /// Partner record id column.
    #[arg(long, default_value = "id")]
    pub(crate) id_field: String,
    /// Partner address column (the postcode may be inside it).
    #[arg(long, default_value = "address")]
    pub(crate) input_address_field: String,
    /// Partner postcode column, when the postcode is in its own column.
    #[arg(long)]
    pub(crate) input_postcode_field: Option<String>,
}

impl GazetteerArgs {
    /// Reads the gazetteer and builds the match index, printing the load report.
    pub(crate) fn index(
        &self,
    ) -> Result<(AddressIndex, Vec<outreach::address::ReferenceAddress>), Box<dyn std::error::Error>>
    {
        let columns = gazetteer_columns(
            &self.gazetteer_format,
            &self.uprn_field,
            &self.address_field,
            &self.postcode_field,
            self.parent_field.as_deref(),
        )?;
        let (refs, report) = io::read_address_gazetteer(&self.gazetteer, &columns)?;
        eprintln!("gazetteer:");
        print_report(&report);
        let index = AddressIndex::build(&refs)?;
        Ok((index, refs))
    }
}

pub(crate) fn optional(name: &str) -> Option<String> {
    (name != "-" && !name.is_empty()).then(|| name.to_string())
}

/// The gazetteer columns of `--gazetteer-format`, `--uprn-field`, `--address-field`,
/// `--postcode-field` and `--parent-field`.
pub(crate) fn gazetteer_columns(
    format: &str,
    uprn_field: &str,
    address_field: &str,
    postcode_field: &str,
    parent_field: Option<&str>,
) -> Result<AddressColumns, Box<dyn std::error::Error>> {
    Ok(match format {
        "text" => AddressColumns {
            uprn: uprn_field.to_string(),
            postcode: optional(postcode_field),
            parent: optional(parent_field.unwrap_or("parent_uprn")),
            layout: AddressLayout::Text(
                address_field
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect(),
            ),
        },
        "fields" => {
            let mut c = AddressColumns::fields();
            c.uprn = uprn_field.to_string();
            c.postcode = optional(postcode_field);
            if let Some(p) = parent_field {
                c.parent = optional(p);
            }
            c
        }
        other => {
            return Err(format!("--gazetteer-format {other:?}: use `text` or `fields`").into())
        }
    })
}

pub(crate) fn run(a: MatchArgs) -> CliResult {
    let t = Instant::now();
    let (index, refs) = a.gazetteer.index()?;
    drop(refs);
    let (records, report) = io::read_partner_addresses(
        &a.partner.input,
        &a.partner.id_field,
        &a.partner.input_address_field,
        a.partner.input_postcode_field.as_deref(),
    )?;
    eprintln!("input:");
    print_report(&report);
    let loaded = t.elapsed();
    let opts = MatchOptions {
        min_score: a.min_score,
        min_margin: a.min_margin,
        weak_score: a.weak_score,
        weak_margin: a.weak_margin,
        ..MatchOptions::default()
    };
    let addresses: Vec<&str> = records.iter().map(|r| r.address.as_str()).collect();
    let postcodes: Vec<Option<&str>> = records.iter().map(|r| r.postcode.as_deref()).collect();
    let t = Instant::now();
    let results = index.match_batch_with_postcodes(&addresses, &postcodes, &opts)?;
    let matched = t.elapsed();
    let mut w = csv::Writer::from_path(&a.out)?;
    w.write_record([
        "id",
        "uprn",
        "score",
        "status",
        "margin",
        "reason",
        "postcode",
        "postcode_corrected",
        "candidates",
    ])?;
    let mut counts = std::collections::BTreeMap::new();
    for (rec, m) in records.iter().zip(&results) {
        *counts.entry(m.status.as_str()).or_insert(0usize) += 1;
        let candidates: Vec<String> = m
            .candidates
            .iter()
            .map(|c| format!("{}:{:.1}", c.uprn, c.score))
            .collect();
        w.write_record([
            rec.id.as_str(),
            &m.uprn.map(|u| u.to_string()).unwrap_or_default(),
            &format!("{:.1}", m.score),
            m.status.as_str(),
            &format!("{:.1}", m.margin),
            &m.reason,
            m.postcode.as_deref().unwrap_or(""),
            m.postcode_corrected.as_deref().unwrap_or(""),
            &candidates.join(" "),
        ])?;
    }
    w.flush()?;
    let summary: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    eprintln!(
        "matched {} records against {} addresses in {:.2} s ({:.0} records/s; loading {:.2} s): {}",
        results.len(),
        index.len(),
        matched.as_secs_f64(),
        results.len() as f64 / matched.as_secs_f64().max(1e-9),
        loaded.as_secs_f64(),
        summary.join(", ")
    );
    eprintln!("wrote {}", a.out.display());
    Ok(())
}
