//! IoD2019 / IoD2025 LSOA files.

use std::collections::HashMap;
use std::path::Path;

use super::csvblocks::{records, CsvBlocks};
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

/// Reads a published IoD LSOA table (plain or gzip CSV), keyed by LSOA code.
///
/// Recognised layouts: the IoD2019 LSOA 2011 files with `lsoa11_code` (or `LSOA code
/// (2011)`) and `<Domain>_rank` / `_decile` / `_score` (or `_score_rate`) columns, and the
/// IoD2025 LSOA 2021 file with `lsoa21_code` and `Housing_and_Services` / `Environment`
/// domain labels. `edition` is inferred from the code column when `None`.
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
        let c = DomainCols {
            domain,
            rank: find(&["rank"]),
            decile: find(&["decile"]),
            score: find(&["score", "score_rate"]),
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
    let headers = src.headers().to_vec();
    let path_buf = src.path().to_path_buf();
    let n = edition.lsoa_count();
    struct Row {
        code: AreaCode,
        line: u64,
        values: Vec<(u32, u8, f64)>,
        pop: f64,
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
                Ok(Row {
                    code,
                    line,
                    values,
                    pop,
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
        }
    }
    report.rejected.sort_by_key(|r| r.line);
    report.accepted = table.codes.len() as u64;
    Ok((table, report))
}

fn num_or_nan(field: Option<&[u8]>) -> f64 {
    field.and_then(parse_f64).unwrap_or(f64::NAN)
}
