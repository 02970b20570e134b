//! Census and population inputs of the synthetic generator, and the LSOA 2011 ↔ 2021
//! lookup.

use std::collections::HashMap;
use std::path::Path;

use super::csvblocks::{parse_rows, CsvBlocks};
use super::{parse_f64, reject, text, LoadReport};
use crate::area::{AreaCode, AreaSet, Vintage};
use crate::error::Result;
use crate::synth::AreaCensus;

/// How an LSOA changed between 2011 and 2021 (ONS change codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LsoaChange {
    /// `U`: unchanged.
    Unchanged,
    /// `S`: the 2011 LSOA was split into several 2021 LSOAs.
    Split,
    /// `M`: several 2011 LSOAs were merged into one 2021 LSOA.
    Merged,
    /// `X`: irregular, redrawn boundaries.
    Irregular,
}

/// One row of the ONS LSOA 2011 → LSOA 2021 lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LsoaLookupRow {
    /// The 2011 LSOA.
    pub lsoa11: AreaCode,
    /// The 2021 LSOA.
    pub lsoa21: AreaCode,
    /// The change code, kept so a join can show it.
    pub change: LsoaChange,
}

/// Residents and residents aged 65+ per LSOA, from [`read_population_by_age`].
pub type PopulationByAge = HashMap<AreaCode, (f64, f64)>;

/// Reads the ONS LSOA 2011 → 2021 lookup (`lsoa11_code`/`LSOA11CD`, `lsoa21_code`/
/// `LSOA21CD`, `change_code`/`CHGIND`).
///
/// # Errors
/// [`crate::Error::Format`] for a missing column.
pub fn read_lsoa_lookup(path: &Path) -> Result<(Vec<LsoaLookupRow>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let c11 = src
        .find(&["lsoa11_code", "LSOA11CD"])
        .ok_or_else(|| src.format(Some(1), "missing column lsoa11_code"))?;
    let c21 = src
        .find(&["lsoa21_code", "LSOA21CD"])
        .ok_or_else(|| src.format(Some(1), "missing column lsoa21_code"))?;
    let cch = src
        .find(&["change_code", "CHGIND"])
        .ok_or_else(|| src.format(Some(1), "missing column change_code"))?;
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, report) = parse_rows(src, |line, rec| {
        let code = |i: usize| {
            rec.get(i)
                .and_then(text)
                .and_then(|t| t.parse::<AreaCode>().ok())
        };
        let change = match rec.get(cch).and_then(text) {
            Some("U") => Some(LsoaChange::Unchanged),
            Some("S") => Some(LsoaChange::Split),
            Some("M") => Some(LsoaChange::Merged),
            Some("X") => Some(LsoaChange::Irregular),
            _ => None,
        };
        match (code(c11), code(c21), change) {
            (Some(lsoa11), Some(lsoa21), Some(change)) => Ok(LsoaLookupRow {
                lsoa11,
                lsoa21,
                change,
            }),
            (None, _, _) => Err(reject(line, field(c11), "missing LSOA 2011 code")),
            (_, None, _) => Err(reject(line, field(c21), "missing LSOA 2021 code")),
            (_, _, None) => Err(reject(line, field(cch), "change code must be U, S, M or X")),
        }
    })?;
    Ok((rows.into_iter().map(|(_, r)| r).collect(), report))
}

/// Reads Census 2021 TS011 in long form (`lsoa21_code`, `households_number_deprivation_dimensions`
/// 0-4, `count`): households by number of deprivation dimensions per LSOA 2021.
///
/// # Errors
/// [`crate::Error::Format`] for a missing column.
pub fn read_ts011(path: &Path) -> Result<(HashMap<AreaCode, [f64; 5]>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let cc = src
        .find(&["lsoa21_code", "geography code"])
        .ok_or_else(|| src.format(Some(1), "missing column lsoa21_code"))?;
    let cd = src.column("households_number_deprivation_dimensions")?;
    let cn = src.column("count")?;
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, report) = parse_rows(src, |line, rec| {
        let code = rec
            .get(cc)
            .and_then(text)
            .and_then(|t| t.parse::<AreaCode>().ok());
        let dims = rec
            .get(cd)
            .and_then(parse_f64)
            .filter(|d| (0.0..=4.0).contains(d) && d.fract() == 0.0);
        let n = rec.get(cn).and_then(parse_f64).filter(|n| *n >= 0.0);
        match (code, dims, n) {
            (Some(code), Some(d), Some(n)) => Ok((code, d as usize, n)),
            (None, _, _) => Err(reject(line, field(cc), "missing LSOA code")),
            (_, None, _) => Err(reject(line, field(cd), "dimensions must be 0-4")),
            (_, _, None) => Err(reject(line, field(cn), "count must be a number >= 0")),
        }
    })?;
    let mut out: HashMap<AreaCode, [f64; 5]> = HashMap::new();
    for (_, (code, d, n)) in rows {
        out.entry(code).or_default()[d] += n;
    }
    Ok((out, report))
}

/// Reads mid-year single-year-of-age population (`lsoa11_code`, `age_0` … `age_90plus`,
/// one row per sex) and returns, per LSOA, `(residents, residents aged 65+)`.
///
/// # Errors
/// [`crate::Error::Format`] for missing columns.
pub fn read_population_by_age(path: &Path) -> Result<(PopulationByAge, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let cc = src
        .find(&["lsoa11_code", "LSOA11CD"])
        .ok_or_else(|| src.format(Some(1), "missing column lsoa11_code"))?;
    let ages: Vec<(usize, bool)> = src
        .headers()
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let age = h.strip_prefix("age_")?;
            let years: u32 = age.trim_end_matches("plus").parse().ok()?;
            Some((i, years >= 65))
        })
        .collect();
    if ages.is_empty() {
        return Err(src.format(Some(1), "no age_<n> columns"));
    }
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, report) = parse_rows(src, |line, rec| {
        let code = rec
            .get(cc)
            .and_then(text)
            .and_then(|t| t.parse::<AreaCode>().ok())
            .ok_or_else(|| reject(line, field(cc), "missing LSOA code"))?;
        let (mut all, mut old) = (0.0, 0.0);
        for &(i, is_old) in &ages {
            let v = rec
                .get(i)
                .and_then(parse_f64)
                .ok_or_else(|| reject(line, field(i), "not a number"))?;
            all += v;
            if is_old {
                old += v;
            }
        }
        Ok((code, all, old))
    })?;
    let mut out: HashMap<AreaCode, (f64, f64)> = HashMap::new();
    for (_, (code, all, old)) in rows {
        let e = out.entry(code).or_default();
        e.0 += all;
        e.1 += old;
    }
    Ok((out, report))
}

/// Census figures for each area of `areas` (same order), bridging vintages through the
/// lookup: on 2011 LSOAs, the households of each 2021 LSOA are shared among the 2011 LSOAs
/// it came from in proportion to their population (merges), and split LSOAs collect all
/// their 2021 parts; on 2021 LSOAs the 65+ share comes from the 2011 parent(s).
pub fn census_for_areas(
    areas: &AreaSet,
    ts011: &HashMap<AreaCode, [f64; 5]>,
    population: &HashMap<AreaCode, (f64, f64)>,
    lookup: &[LsoaLookupRow],
) -> Vec<Option<AreaCensus>> {
    let share = |code: &AreaCode| {
        population
            .get(code)
            .filter(|p| p.0 > 0.0)
            .map(|p| p.1 / p.0)
    };
    match areas.vintage() {
        Vintage::Y2011 => {
            let mut links11: HashMap<&AreaCode, usize> = HashMap::new();
            let mut links21: HashMap<&AreaCode, Vec<&LsoaLookupRow>> = HashMap::new();
            for row in lookup {
                *links11.entry(&row.lsoa11).or_default() += 1;
                links21.entry(&row.lsoa21).or_default().push(row);
            }
            let weight = |row: &LsoaLookupRow| {
                let pop = population.get(&row.lsoa11).map_or(1.0, |p| p.0.max(1.0));
                pop / links11.get(&row.lsoa11).copied().unwrap_or(1) as f64
            };
            let mut by11: HashMap<&AreaCode, [f64; 5]> = HashMap::new();
            for (code21, rows) in &links21 {
                let Some(counts) = ts011.get(*code21) else {
                    continue;
                };
                let total: f64 = rows.iter().map(|r| weight(r)).sum();
                for row in rows {
                    let f = if total > 0.0 {
                        weight(row) / total
                    } else {
                        1.0 / rows.len() as f64
                    };
                    let e = by11.entry(&row.lsoa11).or_default();
                    for k in 0..5 {
                        e[k] += counts[k] * f;
                    }
                }
            }
            areas
                .codes()
                .iter()
                .map(|c| {
                    let counts = by11.get(c).copied().or_else(|| ts011.get(c).copied())?;
                    Some(AreaCensus {
                        households_by_dimensions: counts,
                        share_65_plus: share(c),
                    })
                })
                .collect()
        }
        _ => {
            let mut parents: HashMap<&AreaCode, Vec<&AreaCode>> = HashMap::new();
            for row in lookup {
                parents.entry(&row.lsoa21).or_default().push(&row.lsoa11);
            }
            areas
                .codes()
                .iter()
                .map(|c| {
                    let counts = ts011.get(c).copied()?;
                    let (mut all, mut old) = (0.0, 0.0);
                    for p in parents.get(c).map(Vec::as_slice).unwrap_or(&[]) {
                        if let Some(v) = population.get(*p) {
                            all += v.0;
                            old += v.1;
                        }
                    }
                    let share_65_plus = if all > 0.0 { Some(old / all) } else { share(c) };
                    Some(AreaCensus {
                        households_by_dimensions: counts,
                        share_65_plus,
                    })
                })
                .collect()
        }
    }
}
