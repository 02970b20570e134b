//! IoD2019 / IoD2025 LSOA files, and the LSOA populations and LSOA → area lookups the
//! district summaries take.

use std::collections::HashMap;
use std::path::Path;

use super::csvblocks::{parse_rows, records, CsvBlocks};
use super::{parse_f64, reject, text, LoadReport};
use crate::area::AreaCode;
use crate::deprivation::{Deprivation, Domain, DomainColumn, IodEdition};
use crate::error::{Error, Result};

struct DomainCols {
    domain: Domain,
    rank: Option<usize>,
    decile: Option<usize>,
    score: Option<usize>,
}

/// The domain labels of the official files (File 2, File 7): `<label> Rank (where 1 is
/// most deprived)`, `<label> Decile (...)`, `<label> Score` or `<label> Score (rate)`.
fn official_label(domain: Domain) -> &'static str {
    match domain {
        Domain::Imd => "Index of Multiple Deprivation (IMD)",
        Domain::Income => "Income",
        Domain::Employment => "Employment",
        Domain::Education => "Education, Skills and Training",
        Domain::Health => "Health Deprivation and Disability",
        Domain::Crime => "Crime",
        Domain::Barriers => "Barriers to Housing and Services",
        Domain::LivingEnvironment => "Living Environment",
        Domain::Idaci => "Income Deprivation Affecting Children Index (IDACI)",
        Domain::Idaopi => "Income Deprivation Affecting Older People (IDAOPI)",
    }
}

/// The column whose lower-cased name starts with `label + " " + what` (official layout).
fn find_official(headers: &[String], domain: Domain, what: &str) -> Option<usize> {
    let start = format!("{} {what}", official_label(domain)).to_ascii_lowercase();
    headers
        .iter()
        .position(|h| h.to_ascii_lowercase().starts_with(&start))
}

/// A local authority district code column: `lad19_code`, `LAD19CD`, `ltla24_code`,
/// `Local Authority District code (2019)` and the like.
fn find_district(headers: &[String]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = h.to_ascii_lowercase();
        ((h.starts_with("lad") || h.starts_with("ltla"))
            && (h.ends_with("_code") || h.ends_with("cd")))
            || h.starts_with("local authority district code")
    })
}

/// Reads a published IoD LSOA table (plain or gzip CSV), keyed by LSOA code.
///
/// Recognised layouts: the IoD2019 LSOA 2011 files with `lsoa11_code` (or `LSOA code
/// (2011)`) and `<Domain>_rank` / `_decile` / `_score` (or `_score_rate`) columns, the
/// IoD2025 LSOA 2021 file with `lsoa21_code` and `Housing_and_Services` / `Environment`
/// domain labels, and the official files' long headers (`Income Rank (where 1 is most
/// deprived)`, `Index of Multiple Deprivation (IMD) Score`...). `edition` is inferred from
/// the code column when `None`. A local authority district code column (`lad19_code`,
/// `Local Authority District code (2019)`, `ltla24_code`...) is kept when present, for
/// [`Deprivation::district_summaries`](crate::Deprivation::district_summaries).
///
/// Rows with an invalid or duplicate LSOA code, or an unreadable rank, decile or score,
/// are rejected with line and field.
///
/// # Errors
/// [`Error::Format`] when no LSOA code column or no domain column is found.
pub fn read_iod(path: &Path, edition: Option<IodEdition>) -> Result<(Deprivation, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let (code_col, inferred) =
        if let Some(c) = src.find(&["lsoa11_code", "LSOA code (2011)", "lsoa11cd"]) {
            (c, IodEdition::Iod2019)
        } else if let Some(c) = src.find(&["lsoa21_code", "LSOA code (2021)", "lsoa21cd"]) {
            (c, IodEdition::Iod2025)
        } else {
            return Err(src.format(
                Some(1),
                &format!(
                    "no LSOA code column (lsoa11_code or lsoa21_code); the header has: {}",
                    src.headers().join(", ")
                ),
            ));
        };
    let edition = edition.unwrap_or(inferred);
    let mut cols = Vec::new();
    for domain in Domain::ALL {
        let find = |suffixes: &[&str]| {
            domain.prefixes().iter().find_map(|p| {
                let names: Vec<String> = suffixes.iter().map(|s| format!("{p}_{s}")).collect();
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                src.find(&refs)
            })
        };
        let official = |what: &str| find_official(src.headers(), domain, what);
        let c = DomainCols {
            domain,
            rank: find(&["rank"]).or_else(|| official("rank")),
            decile: find(&["decile"]).or_else(|| official("decile")),
            score: find(&["score", "score_rate"]).or_else(|| official("score")),
        };
        if c.rank.is_some() || c.decile.is_some() || c.score.is_some() {
            cols.push(c);
        }
    }
    if cols.is_empty() {
        return Err(src.format(
            Some(1),
            "no deprivation columns (e.g. IMD_rank, IMD_decile, IMD_score)",
        ));
    }
    let pop_col = src.find(&[
        "pop_total_mid2015",
        "Total population: mid 2015 (excluding prisoners)",
    ]);
    let district_col = find_district(src.headers());
    let headers = src.headers().to_vec();
    let path_buf = src.path().to_path_buf();
    let n = edition.lsoa_count();
    struct Row {
        code: AreaCode,
        line: u64,
        values: Vec<(u32, u8, f64)>,
        pop: f64,
        district: Option<AreaCode>,
    }
    let parts = src.par_map(|block, first| {
        let mut rows = Vec::new();
        let mut rejected = Vec::new();
        let mut count = 0u64;
        let res = records(block, first, |line, rec| {
            if rec.len() == 1 && rec[0].is_empty() {
                return;
            }
            count += 1;
            let field = |i: usize| headers.get(i).map(String::as_str);
            let parsed = (|| {
                let code_text = rec
                    .get(code_col)
                    .and_then(text)
                    .ok_or_else(|| reject(line, field(code_col), "missing LSOA code"))?;
                let code: AreaCode = code_text
                    .parse()
                    .map_err(|e: Error| reject(line, field(code_col), e.to_string()))?;
                if !code.is_gss() {
                    return Err(reject(
                        line,
                        field(code_col),
                        format!("{code} is not a GSS code"),
                    ));
                }
                let mut values = Vec::with_capacity(cols.len());
                for c in &cols {
                    let num =
                        |i: Option<usize>| -> std::result::Result<Option<f64>, super::Rejection> {
                            let Some(i) = i else { return Ok(None) };
                            match rec.get(i).and_then(text) {
                                None => Ok(None),
                                Some(t) => parse_f64(t.as_bytes()).map(Some).ok_or_else(|| {
                                    reject(line, field(i), format!("{t:?} is not a number"))
                                }),
                            }
                        };
                    let rank = num(c.rank)?;
                    if let Some(r) = rank {
                        if r < 1.0 || r > f64::from(n) || r.fract() != 0.0 {
                            return Err(reject(
                                line,
                                field(c.rank.unwrap_or(0)),
                                format!("rank {r} is not between 1 and {n}"),
                            ));
                        }
                    }
                    let decile = num(c.decile)?;
                    if let Some(d) = decile {
                        if !(1.0..=10.0).contains(&d) || d.fract() != 0.0 {
                            return Err(reject(
                                line,
                                field(c.decile.unwrap_or(0)),
                                format!("decile {d} is not 1-10"),
                            ));
                        }
                    }
                    values.push((
                        rank.unwrap_or(0.0) as u32,
                        decile.unwrap_or(0.0) as u8,
                        num(c.score)?.unwrap_or(f64::NAN),
                    ));
                }
                let pop = match pop_col {
                    Some(i) => num_or_nan(rec.get(i)),
                    None => f64::NAN,
                };
                let district = match district_col {
                    Some(i) => match rec.get(i).and_then(text) {
                        None => None,
                        Some(t) => Some(
                            t.parse::<AreaCode>()
                                .map_err(|e: Error| reject(line, field(i), e.to_string()))?,
                        ),
                    },
                    None => None,
                };
                Ok(Row {
                    code,
                    line,
                    values,
                    pop,
                    district,
                })
            })();
            match parsed {
                Ok(r) => rows.push(r),
                Err(r) => rejected.push(r),
            }
        });
        (rows, rejected, count, res.err())
    })?;
    let mut report = LoadReport::new(&path_buf);
    let mut table = Deprivation {
        edition,
        codes: Vec::new(),
        by_code: HashMap::new(),
        domains: cols
            .iter()
            .map(|c| (c.domain, DomainColumn::default()))
            .collect(),
        population: Vec::new(),
        districts: district_col.map(|_| Vec::new()),
    };
    let mut first_line: HashMap<AreaCode, u64> = HashMap::new();
    for (rows, rejected, count, fatal) in parts {
        if let Some((line, reason)) = fatal {
            return Err(Error::Format {
                path: path_buf,
                line: Some(line),
                reason,
            });
        }
        report.rows_read += count;
        report.rejected.extend(rejected);
        for row in rows {
            if let Some(first) = first_line.get(&row.code) {
                report.rejected.push(reject(
                    row.line,
                    headers.get(code_col).map(String::as_str),
                    format!("duplicate LSOA {} (first on line {first})", row.code),
                ));
                continue;
            }
            first_line.insert(row.code.clone(), row.line);
            table
                .by_code
                .insert(row.code.clone(), table.codes.len() as u32);
            table.codes.push(row.code);
            for ((_, col), (rank, decile, score)) in table.domains.iter_mut().zip(row.values) {
                col.rank.push(rank);
                col.decile.push(decile);
                col.score.push(score);
            }
            table.population.push(row.pop);
            if let Some(d) = table.districts.as_mut() {
                d.push(row.district);
            }
        }
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = table.codes.len() as u64;
    Ok((table, report))
}

fn num_or_nan(field: Option<&[u8]>) -> f64 {
    field.and_then(parse_f64).unwrap_or(f64::NAN)
}

/// The LSOA code column of a lookup-like file: `lsoa11_code`, `lsoa21_code`, `LSOA11CD`,
/// `LSOA21CD`, `LSOA code (2011)`, `lsoa_code`...
fn find_lsoa(src: &CsvBlocks) -> Option<usize> {
    src.find(&[
        "lsoa11_code",
        "lsoa21_code",
        "LSOA11CD",
        "LSOA21CD",
        "LSOA code (2011)",
        "LSOA code (2021)",
        "lsoa_code",
        "lsoa",
    ])
}

/// Reads LSOA populations (plain or gzip CSV) to weight district summaries with
/// ([`crate::deprivation::PopulationWeights::Given`]).
///
/// The LSOA code column is found by name (`lsoa11_code`, `lsoa21_code`, `LSOA11CD`,
/// `LSOA21CD`, `LSOA code (2011)`, `lsoa_code`); the population column is `column` when
/// given, else the first of `population`, `pop_total_mid2015`, `Total population: mid 2015
/// (excluding prisoners)`, `total`, `All Ages`. Thousands separators (`"1,296"`) are
/// accepted. Rows with a bad code, a missing, negative or non-numeric population or a
/// repeated LSOA are rejected with line and field.
///
/// # Errors
/// [`Error::Format`] when the code or population column is missing; [`Error::Io`] when
/// the file cannot be read.
pub fn read_lsoa_population(
    path: &Path,
    column: Option<&str>,
) -> Result<(HashMap<AreaCode, f64>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let code_col = find_lsoa(&src).ok_or_else(|| {
        src.format(
            Some(1),
            "no LSOA code column (lsoa11_code, lsoa21_code, LSOA11CD, LSOA21CD, lsoa_code)",
        )
    })?;
    let pop_col = match column {
        Some(name) => src.column(name)?,
        None => src
            .find(&[
                "population",
                "pop_total_mid2015",
                "Total population: mid 2015 (excluding prisoners)",
                "total",
                "All Ages",
            ])
            .ok_or_else(|| {
                src.format(
                    Some(1),
                    "no population column (population, pop_total_mid2015, total, All Ages): name it",
                )
            })?,
    };
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let code = rec
            .get(code_col)
            .and_then(text)
            .ok_or_else(|| reject(line, field(code_col), "missing LSOA code"))?
            .parse::<AreaCode>()
            .map_err(|e: Error| reject(line, field(code_col), e.to_string()))?;
        let pop = rec
            .get(pop_col)
            .and_then(parse_f64)
            .filter(|p| *p >= 0.0)
            .ok_or_else(|| {
                reject(
                    line,
                    field(pop_col),
                    "population is missing, negative or not a number",
                )
            })?;
        Ok((code, pop))
    })?;
    let mut out: HashMap<AreaCode, f64> = HashMap::new();
    let mut first_line: HashMap<AreaCode, u64> = HashMap::new();
    for (line, (code, pop)) in rows {
        if let Some(first) = first_line.get(&code) {
            report.rejected.push(reject(
                line,
                headers.get(code_col).map(String::as_str),
                format!("duplicate LSOA {code} (first on line {first})"),
            ));
            continue;
        }
        first_line.insert(code.clone(), line);
        out.insert(code, pop);
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = out.len() as u64;
    Ok((out, report))
}

/// Reads which area each LSOA belongs to from a lookup file (plain or gzip CSV), as the
/// `(lsoa, area)` pairs [`Deprivation::summarise`](crate::Deprivation::summarise) takes.
///
/// The LSOA code column is found by name as in [`read_lsoa_population`]; `area_column`
/// names the area code column, or is `"lad"` for the first local authority district code
/// column (`lad19_code`, `ltla24_code`, `LAD21CD`...). Rows with a missing or invalid code,
/// or repeating an earlier `(lsoa, area)` pair, are rejected with line and field.
///
/// # Errors
/// [`Error::Format`] when a column is missing; [`Error::Io`] when the file cannot be read.
pub fn read_lsoa_membership(
    path: &Path,
    area_column: &str,
) -> Result<(Vec<(AreaCode, AreaCode)>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let code_col = find_lsoa(&src).ok_or_else(|| {
        src.format(
            Some(1),
            "no LSOA code column (lsoa11_code, lsoa21_code, LSOA11CD, LSOA21CD, lsoa_code)",
        )
    })?;
    let area_col = if area_column.eq_ignore_ascii_case("lad") {
        find_district(src.headers()).ok_or_else(|| {
            src.format(
                Some(1),
                &format!(
                    "no district code column (lad19_code, ltla24_code, LAD21CD...); the header has: {}",
                    src.headers().join(", ")
                ),
            )
        })?
    } else {
        src.column(area_column)?
    };
    let headers = src.headers().to_vec();
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let code = |i: usize| {
            let field = headers.get(i).map(String::as_str);
            rec.get(i)
                .and_then(text)
                .ok_or_else(|| reject(line, field, "missing code"))?
                .parse::<AreaCode>()
                .map_err(|e: Error| reject(line, field, e.to_string()))
        };
        Ok((code(code_col)?, code(area_col)?))
    })?;
    let mut out = Vec::new();
    let mut seen: HashMap<(AreaCode, AreaCode), u64> = HashMap::new();
    for (line, (lsoa, area)) in rows {
        let key = (lsoa, area);
        if let Some(first) = seen.get(&key) {
            report.rejected.push(reject(
                line,
                headers.get(code_col).map(String::as_str),
                format!("repeats line {first} ({} in {})", key.0, key.1),
            ));
            continue;
        }
        seen.insert(key.clone(), line);
        out.push(key);
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = out.len() as u64;
    Ok((out, report))
}
