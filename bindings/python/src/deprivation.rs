//! `Deprivation`: a published IoD table keyed by LSOA code (core `outreach::deprivation`,
//! read by `outreach::io::read_iod`), and what the core derives from it: the recomputed IMD,
//! composites, district summaries, local deciles, the LSOA 2011 ↔ 2021 carry-over.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt32Array, UInt8Array};
use arrow_schema::ArrowError;
use outreach::deprivation::{
    Composite, CompositeScores, DeprivationSummary, PopulationWeights, Weighting,
};
use outreach::io::LsoaChange;
use outreach::{AreaCode, Deprivation, Domain, IodEdition, LsoaDeprivation, Vintage};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{f64_column, invalid_argument, quoted, record_batch, to_pyarrow_table};
use crate::errors::{check, run, to_py_err};
use crate::io::PyLoadReport;

/// An IoD edition given as 2019 / 2025 or "IoD2019" / "iod2025" (any case).
#[derive(FromPyObject)]
pub(crate) enum EditionArg {
    Year(i64),
    Name(String),
}

fn edition_of(arg: EditionArg) -> PyResult<IodEdition> {
    let text = match arg {
        EditionArg::Year(y) => y.to_string(),
        EditionArg::Name(n) => n.trim().to_ascii_lowercase(),
    };
    match text.trim_start_matches("iod") {
        "2019" => Ok(IodEdition::Iod2019),
        "2025" => Ok(IodEdition::Iod2025),
        _ => Err(invalid_argument(
            "edition",
            format!("{text:?}: use 2019 or 2025"),
        )),
    }
}

/// Reads a published IoD LSOA table (IoD2019 on LSOA 2011, IoD2025 on LSOA 2021; plain or
/// gzip CSV). The edition is inferred from the code column when not given.
#[pyfunction]
#[pyo3(signature = (path, *, edition=None))]
pub(crate) fn read_iod(
    py: Python<'_>,
    path: PathBuf,
    edition: Option<EditionArg>,
) -> PyResult<PyDeprivation> {
    let edition = edition.map(edition_of).transpose()?;
    let (table, report) = run(py, || Ok(outreach::io::read_iod(&path, edition)?))?;
    Ok(PyDeprivation {
        inner: Arc::new(table),
        report: Py::new(py, PyLoadReport(report))?,
    })
}

/// Published ranks, deciles and scores of the English Indices of Deprivation, per LSOA.
/// Rank 1 and decile 1 are the most deprived.
#[pyclass(name = "Deprivation", module = "outreach", frozen)]
pub(crate) struct PyDeprivation {
    pub(crate) inner: Arc<Deprivation>,
    pub(crate) report: Py<PyLoadReport>,
}

#[pymethods]
impl PyDeprivation {
    /// What the reader did with the file.
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Py<PyLoadReport> {
        self.report.clone_ref(py)
    }

    /// "IoD2019" or "IoD2025".
    #[getter]
    fn edition(&self) -> String {
        self.inner.edition().to_string()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// LSOA codes in file order.
    fn codes(&self) -> Vec<&str> {
        self.inner.codes().iter().map(|c| c.as_str()).collect()
    }

    /// Domains present in the file, "imd" first.
    fn domains(&self) -> Vec<&'static str> {
        self.inner
            .domains()
            .into_iter()
            .map(|d| d.as_str())
            .collect()
    }

    /// One LSOA's figures as a dict: `lsoa_code`, `<domain>_rank`, `<domain>_decile`,
    /// `<domain>_score`, `<domain>_quintile` for each domain in the file, `district_code`
    /// and `population`.
    fn lookup<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyDict>> {
        let code: AreaCode = check(code.parse())?;
        let row = check(self.inner.try_get(&code))?;
        let dict = PyDict::new(py);
        dict.set_item("lsoa_code", row.code().as_str())?;
        for domain in self.inner.domains() {
            dict.set_item(format!("{domain}_rank"), row.rank(domain))?;
            dict.set_item(format!("{domain}_decile"), row.decile(domain))?;
            dict.set_item(format!("{domain}_score"), row.score(domain))?;
            dict.set_item(format!("{domain}_quintile"), row.quintile(domain))?;
        }
        dict.set_item("district_code", row.district().map(|d| d.as_str()))?;
        dict.set_item("population", row.population())?;
        Ok(dict)
    }

    /// The table as a `pyarrow.Table`: `lsoa_code`, then `<domain>_rank` (uint32),
    /// `<domain>_decile` (uint8, derived from the rank where not published),
    /// `<domain>_score` (float64) and `<domain>_quintile` (uint8) per domain in the file,
    /// then `district_code` and `population`; nulls where the file has no value.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let table = &self.inner;
        let batch = run(py, || {
            let rows: Vec<LsoaDeprivation<'_>> =
                (0..table.len()).filter_map(|r| table.row(r)).collect();
            let codes: ArrayRef = Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| r.code().as_str()),
            ));
            let mut names = vec!["lsoa_code".to_string()];
            let mut columns = vec![codes];
            for domain in table.domains() {
                names.extend(
                    ["rank", "decile", "score", "quintile"].map(|s| format!("{domain}_{s}")),
                );
                columns.push(Arc::new(
                    rows.iter().map(|r| r.rank(domain)).collect::<UInt32Array>(),
                ));
                columns.push(Arc::new(
                    rows.iter()
                        .map(|r| r.decile(domain))
                        .collect::<UInt8Array>(),
                ));
                columns.push(Arc::new(
                    rows.iter()
                        .map(|r| r.score(domain))
                        .collect::<Float64Array>(),
                ));
                columns.push(Arc::new(
                    rows.iter()
                        .map(|r| r.quintile(domain))
                        .collect::<UInt8Array>(),
                ));
            }
            names.push("district_code".into());
            columns.push(Arc::new(
                rows.iter()
                    .map(|r| r.district().map(|d| d.as_str()))
                    .collect::<StringArray>(),
            ));
            names.push("population".into());
            columns.push(Arc::new(
                rows.iter()
                    .map(|r| r.population())
                    .collect::<Float64Array>(),
            ));
            Ok(record_batch(
                names
                    .iter()
                    .zip(columns)
                    .enumerate()
                    .map(|(i, (name, column))| (name.as_str(), column, i > 0))
                    .collect(),
            )?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The IMD recomputed from the seven domain ranks by the official method (exponential
    /// transform, TR2019 weights as printed, not renormalised), as a `pyarrow.Table`:
    /// `lsoa_code`, `imd_score` (float64), `imd_rank` (uint32) and `imd_decile` (uint8).
    /// Ranks and deciles are national, so they are null unless the table holds every LSOA
    /// of England.
    fn recompute_imd(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let table = Arc::clone(&self.inner);
        let batch = run(py, move || {
            let scores = table.recompute_imd()?;
            Ok(scores_batch(&scores, "imd_")?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// A composite index: `weights` maps domain names (`"income"`, ...) or names of
    /// `indicators` to weights in percent; each component's rank is turned into a score by
    /// the IMD's exponential transform and the scores are summed with the weights, divided
    /// by 100 (`renormalise=False`, as the IMD) or by their sum (`renormalise=True`).
    /// Indicators are columns aligned with the table's rows, higher = more deprived, ranked
    /// across the rows. Returns `lsoa_code`, `score`, `rank`, `decile` (national ranks only
    /// for a complete table).
    #[pyo3(signature = (weights, *, renormalise, indicators=None))]
    fn composite(
        &self,
        py: Python<'_>,
        weights: &Bound<'_, PyDict>,
        renormalise: bool,
        indicators: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let mut columns: HashMap<String, Vec<f64>> = HashMap::new();
        if let Some(indicators) = indicators {
            for (name, values) in indicators.iter() {
                let name: String = name.extract()?;
                let values = f64_column(py, "indicators", &values)?;
                columns.insert(name, values.values().to_vec());
            }
        }
        let weighting = if renormalise {
            Weighting::Renormalised
        } else {
            Weighting::AsGiven
        };
        let mut spec = Composite::new(weighting);
        for (name, weight) in weights.iter() {
            let name: String = name.extract()?;
            let weight: f64 = weight.extract()?;
            spec = match (columns.remove(&name), name.parse::<Domain>()) {
                (Some(_), Ok(_)) => {
                    return Err(invalid_argument(
                        "indicators",
                        format!("{name:?} is a domain name: give the indicator another name"),
                    ))
                }
                (Some(values), Err(_)) => spec.indicator(name, values, weight),
                (None, Ok(domain)) => spec.domain(domain, weight),
                (None, Err(e)) => return Err(to_py_err(e)),
            };
        }
        if let Some(unused) = columns.keys().next() {
            return Err(invalid_argument(
                "indicators",
                format!("indicator {unused:?} has no weight"),
            ));
        }
        let table = Arc::clone(&self.inner);
        let batch = run(py, move || {
            let scores = table.composite(&spec)?;
            Ok(scores_batch(&scores, "")?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// District (or any area) summaries of a domain with the measures of the IoD technical
    /// report, as a `pyarrow.Table` sorted by `area_code`.
    ///
    /// `by` maps LSOA codes to area codes (a dict, or a sequence of `(lsoa, area)` pairs);
    /// by default the file's district column. `population` maps LSOA codes to populations;
    /// by default the file's population column (IoD2019: mid-2015, as the official figures).
    #[pyo3(signature = (*, domain="imd", by=None, population=None))]
    fn summarise(
        &self,
        py: Python<'_>,
        domain: &str,
        by: Option<&Bound<'_, PyAny>>,
        population: Option<HashMap<String, f64>>,
    ) -> PyResult<Py<PyAny>> {
        let domain: Domain = check(domain.parse())?;
        let membership = match by {
            None => None,
            Some(by) => {
                let pairs: Vec<(String, String)> = match by.cast::<PyDict>() {
                    Ok(dict) => dict
                        .iter()
                        .map(|(k, v)| Ok((k.extract()?, v.extract()?)))
                        .collect::<PyResult<_>>()?,
                    Err(_) => by.extract().map_err(|_| {
                        invalid_argument(
                            "by",
                            "expected a dict or a sequence of (lsoa, area) pairs",
                        )
                    })?,
                };
                Some(
                    pairs
                        .into_iter()
                        .map(|(l, a)| Ok((check(l.parse())?, check(a.parse())?)))
                        .collect::<PyResult<Vec<(AreaCode, AreaCode)>>>()?,
                )
            }
        };
        let population = population
            .map(|p| {
                p.into_iter()
                    .map(|(code, v)| Ok((check(code.parse::<AreaCode>())?, v)))
                    .collect::<PyResult<HashMap<AreaCode, f64>>>()
            })
            .transpose()?;
        let table = Arc::clone(&self.inner);
        let batch = run(py, move || {
            let weights = match &population {
                Some(p) => PopulationWeights::Given(p),
                None => PopulationWeights::Published,
            };
            let summaries = match &membership {
                Some(m) => table.summarise(domain, m, weights)?,
                None => table.district_summaries(domain, weights)?,
            };
            Ok(summaries_batch(&summaries)?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// Local deciles: LSOAs ranked among themselves (NOT official statistics), either the
    /// given `codes` or the LSOAs of one `district` of the file. Returns `lsoa_code`,
    /// `national_rank`, `local_rank`, `set_size`, `local_decile`, `local_quintile`.
    #[pyo3(signature = (codes=None, *, domain="imd", district=None))]
    fn local_deciles(
        &self,
        py: Python<'_>,
        codes: Option<Vec<String>>,
        domain: &str,
        district: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let domain: Domain = check(domain.parse())?;
        let codes: Vec<AreaCode> = match (codes, district) {
            (Some(codes), None) => codes
                .iter()
                .map(|c| check(c.parse()))
                .collect::<PyResult<_>>()?,
            (None, Some(d)) => {
                let d: AreaCode = check(d.parse())?;
                let codes = self.inner.district_codes(&d);
                if codes.is_empty() {
                    return Err(to_py_err(outreach::Error::UnknownArea(d)));
                }
                codes
            }
            _ => return Err(invalid_argument("codes", "give either codes or district")),
        };
        let table = Arc::clone(&self.inner);
        let batch = run(py, move || {
            let local = table.local_deciles(domain, &codes)?;
            Ok(record_batch(vec![
                (
                    "lsoa_code",
                    Arc::new(StringArray::from_iter_values(
                        local.iter().map(|l| l.code.as_str()),
                    )) as ArrayRef,
                    false,
                ),
                (
                    "national_rank",
                    Arc::new(UInt32Array::from_iter_values(
                        local.iter().map(|l| l.national_rank),
                    )),
                    false,
                ),
                (
                    "local_rank",
                    Arc::new(UInt32Array::from_iter_values(
                        local.iter().map(|l| l.local_rank),
                    )),
                    false,
                ),
                (
                    "set_size",
                    Arc::new(UInt32Array::from_iter_values(
                        local.iter().map(|l| l.set_size),
                    )),
                    false,
                ),
                (
                    "local_decile",
                    Arc::new(UInt8Array::from_iter_values(
                        local.iter().map(|l| l.local_decile),
                    )),
                    false,
                ),
                (
                    "local_quintile",
                    Arc::new(UInt8Array::from_iter_values(
                        local.iter().map(|l| l.local_quintile),
                    )),
                    false,
                ),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The table carried onto the other LSOA vintage (2011 ↔ 2021) through the ONS lookup
    /// file `lookup` (`lsoa11_code`, `lsoa21_code`, `change_code`). One row per target LSOA
    /// with `lsoa<yy>_code`, the source codes `lsoa<xx>_sources` (list), `change_code`
    /// (U/S/M/X), `carry` (copied, inherited, population_weighted_mean, mean, incomplete),
    /// `population`, then per domain `<domain>_rank`, `_decile`, `_score`, `_decile_min`,
    /// `_decile_max`.
    fn carry_to(&self, py: Python<'_>, vintage: u16, lookup: PathBuf) -> PyResult<Py<PyAny>> {
        let target = match vintage {
            2011 => Vintage::Y2011,
            2021 => Vintage::Y2021,
            other => {
                return Err(invalid_argument(
                    "vintage",
                    format!("{other}: use 2011 or 2021"),
                ))
            }
        };
        let table = Arc::clone(&self.inner);
        let batch = run(py, move || {
            let (rows, _) = outreach::io::read_lsoa_lookup(&lookup)?;
            let carried = table.carry_to(target, &rows)?;
            let (to, from) = match target {
                Vintage::Y2011 => ("lsoa11", "lsoa21"),
                _ => ("lsoa21", "lsoa11"),
            };
            let rows = carried.rows();
            let mut sources = ListBuilder::new(StringBuilder::new());
            for r in rows {
                for s in &r.sources {
                    sources.values().append_value(s.as_str());
                }
                sources.append(true);
            }
            let mut names = vec![
                format!("{to}_code"),
                format!("{from}_sources"),
                "change_code".into(),
                "carry".into(),
                "population".into(),
            ];
            let mut columns: Vec<ArrayRef> = vec![
                Arc::new(StringArray::from_iter_values(
                    rows.iter().map(|r| r.code.as_str()),
                )),
                Arc::new(sources.finish()),
                Arc::new(StringArray::from_iter_values(
                    rows.iter().map(|r| change_letter(r.change)),
                )),
                Arc::new(StringArray::from_iter_values(
                    rows.iter().map(|r| r.carry.as_str()),
                )),
                Arc::new(rows.iter().map(|r| r.population).collect::<Float64Array>()),
            ];
            for (i, domain) in carried.domains().iter().enumerate() {
                let values: Vec<_> = rows.iter().map(|r| r.values[i]).collect();
                names.extend(
                    ["rank", "decile", "score", "decile_min", "decile_max"]
                        .map(|s| format!("{domain}_{s}")),
                );
                columns.push(Arc::new(
                    values.iter().map(|v| v.rank).collect::<UInt32Array>(),
                ));
                columns.push(Arc::new(
                    values.iter().map(|v| v.decile).collect::<UInt8Array>(),
                ));
                columns.push(Arc::new(
                    values.iter().map(|v| v.score).collect::<Float64Array>(),
                ));
                columns.push(Arc::new(
                    values
                        .iter()
                        .map(|v| v.decile_range.map(|r| r.0))
                        .collect::<UInt8Array>(),
                ));
                columns.push(Arc::new(
                    values
                        .iter()
                        .map(|v| v.decile_range.map(|r| r.1))
                        .collect::<UInt8Array>(),
                ));
            }
            Ok(record_batch(
                names
                    .iter()
                    .zip(columns)
                    .enumerate()
                    .map(|(i, (name, column))| (name.as_str(), column, i > 1))
                    .collect(),
            )?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The table as a `pandas.DataFrame` (needs `outreach[pandas]`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "to_pandas")
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let edition = quoted(py, &self.inner.edition().to_string())?;
        Ok(format!(
            "Deprivation(edition={edition}, lsoas={})",
            self.inner.len()
        ))
    }
}

fn change_letter(change: LsoaChange) -> &'static str {
    match change {
        LsoaChange::Unchanged => "U",
        LsoaChange::Split => "S",
        LsoaChange::Merged => "M",
        LsoaChange::Irregular => "X",
    }
}

/// `lsoa_code`, `<prefix>score`, `<prefix>rank`, `<prefix>decile`.
fn scores_batch(scores: &CompositeScores, prefix: &str) -> Result<RecordBatch, ArrowError> {
    let rows = 0..scores.len();
    let names = ["score", "rank", "decile"].map(|n| format!("{prefix}{n}"));
    record_batch(vec![
        (
            "lsoa_code",
            Arc::new(StringArray::from_iter_values(
                scores.codes().iter().map(|c| c.as_str()),
            )),
            false,
        ),
        (
            &names[0],
            Arc::new(
                rows.clone()
                    .map(|i| scores.score(i))
                    .collect::<Float64Array>(),
            ),
            true,
        ),
        (
            &names[1],
            Arc::new(
                rows.clone()
                    .map(|i| scores.rank(i))
                    .collect::<UInt32Array>(),
            ),
            true,
        ),
        (
            &names[2],
            Arc::new(rows.map(|i| scores.decile(i)).collect::<UInt8Array>()),
            true,
        ),
    ])
}

/// One row per area, the measures and their ranks (the CLI's `imd summary` columns).
fn summaries_batch(summaries: &[DeprivationSummary]) -> Result<RecordBatch, ArrowError> {
    let f = |get: fn(&DeprivationSummary) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from_iter_values(summaries.iter().map(get)))
    };
    let u = |get: fn(&DeprivationSummary) -> u32| -> ArrayRef {
        Arc::new(UInt32Array::from_iter_values(summaries.iter().map(get)))
    };
    record_batch(vec![
        (
            "area_code",
            Arc::new(StringArray::from_iter_values(
                summaries.iter().map(|s| s.area.as_str()),
            )),
            false,
        ),
        ("lsoas", u(|s| s.lsoas), false),
        ("population", f(|s| s.population), false),
        (
            "average_score",
            Arc::new(
                summaries
                    .iter()
                    .map(|s| s.average_score)
                    .collect::<Float64Array>(),
            ),
            true,
        ),
        (
            "rank_of_average_score",
            Arc::new(
                summaries
                    .iter()
                    .map(|s| s.ranks.average_score)
                    .collect::<UInt32Array>(),
            ),
            true,
        ),
        ("average_rank", f(|s| s.average_rank), false),
        ("rank_of_average_rank", u(|s| s.ranks.average_rank), false),
        (
            "proportion_most_deprived_10pct",
            f(|s| s.proportion_most_deprived_10pct),
            false,
        ),
        (
            "rank_of_proportion",
            u(|s| s.ranks.proportion_most_deprived_10pct),
            false,
        ),
        ("extent", f(|s| s.extent), false),
        ("rank_of_extent", u(|s| s.ranks.extent), false),
        ("local_concentration", f(|s| s.local_concentration), false),
        (
            "rank_of_local_concentration",
            u(|s| s.ranks.local_concentration),
            false,
        ),
    ])
}
