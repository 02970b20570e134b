//! `Demo`: the Chorley demonstration dataset (core `outreach::demo`): real geography and
//! deprivation with synthetic households, its tables, profile and campaign plans.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, StringArray, UInt32Array, UInt64Array};
use outreach::demo::Demo;
use outreach::Gazetteer;
use pyo3::prelude::*;

use crate::area::PyAreaSet;
use crate::campaign::{records_of, PyCampaign, PyPlan, RecordsArg};
use crate::convert::{area_codes, invalid_argument, quoted, record_batch, to_pyarrow_table};
use crate::deprivation::PyDeprivation;
use crate::errors::run;
use crate::gazetteer::PyGazetteer;
use crate::io::PyLoadReport;
use crate::profile::{PyAttributeTable, PyProfile};

/// Environment variable naming the demo data directory when `Demo.load` gets no path.
const DATA_ENV: &str = "OUTREACH_DEMO_DATA";

/// The Chorley demonstration dataset: LSOAs, wards, IoD2019 and synthetic households.
#[pyclass(name = "Demo", module = "outreach", frozen)]
pub(crate) struct PyDemo {
    inner: Arc<Demo>,
    dir: PathBuf,
    seed: u64,
    /// The households' gazetteer, shared with every plan made from the demo.
    gazetteer: Arc<Gazetteer>,
    households: Py<PyGazetteer>,
    lsoas: Py<PyAreaSet>,
    wards: Py<PyAreaSet>,
    iod: Py<PyDeprivation>,
    attributes: Py<PyAttributeTable>,
}

/// Escapes text for HTML output.
pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A two-column HTML table of `(label, value)` rows under a caption.
pub(crate) fn html_summary(caption: &str, rows: &[(String, String)]) -> String {
    let mut out = format!(
        "<table class=\"outreach-summary\"><caption style=\"text-align:left\"><b>{}</b></caption>",
        html_escape(caption)
    );
    for (k, v) in rows {
        out.push_str(&format!(
            "<tr><th style=\"text-align:left\">{}</th><td style=\"text-align:right\">{}</td></tr>",
            html_escape(k),
            html_escape(v)
        ));
    }
    out.push_str("</table>");
    out
}

impl PyDemo {
    fn summary(&self) -> Vec<(String, String)> {
        let d = &self.inner;
        let deprived = d
            .lsoa_profile()
            .iter()
            .filter(|r| r.most_deprived_20pct)
            .count();
        vec![
            ("data".into(), self.dir.display().to_string()),
            ("seed".into(), self.seed.to_string()),
            (
                "synthetic households".into(),
                d.households.len().to_string(),
            ),
            ("LSOAs (2011)".into(), d.lsoas.len().to_string()),
            ("wards (2022)".into(), d.wards.len().to_string()),
            ("IoD2019 rows".into(), d.iod.len().to_string()),
            (
                "LSOAs in the 20% most deprived".into(),
                deprived.to_string(),
            ),
            ("postcodes".into(), d.postcodes.len().to_string()),
        ]
    }
}

#[pymethods]
impl PyDemo {
    /// Loads the demo from `path` (a directory laid out like the repository's
    /// `examples/data/chorley`), or from the directory named by `OUTREACH_DEMO_DATA` when
    /// `path` is None. `seed` fixes the synthetic households.
    #[staticmethod]
    #[pyo3(signature = (path=None, seed=2026))]
    fn load(py: Python<'_>, path: Option<PathBuf>, seed: u64) -> PyResult<Self> {
        let dir = match path {
            Some(p) => p,
            None => match std::env::var_os(DATA_ENV) {
                Some(p) if !p.is_empty() => PathBuf::from(p),
                _ => {
                    return Err(invalid_argument(
                        "path",
                        format!(
                            "pass the demo data directory (examples/data/chorley in the \
                             repository) or set {DATA_ENV}"
                        ),
                    ))
                }
            },
        };
        let (demo, gazetteer, lsoas, wards, iod, attributes) = run(py, || {
            let demo = Demo::load(&dir, seed)?;
            let gazetteer = Arc::new(demo.households.gazetteer.clone());
            let lsoas = Arc::new(demo.lsoas.clone());
            let wards = Arc::new(demo.wards.clone());
            let iod = Arc::new(demo.iod.clone());
            let attributes = Arc::new(demo.attributes.clone());
            Ok((demo, gazetteer, lsoas, wards, iod, attributes))
        })?;
        let report = |i: usize| -> PyResult<Option<Py<PyLoadReport>>> {
            demo.reports
                .get(i)
                .map(|r| Py::new(py, PyLoadReport(r.clone())))
                .transpose()
        };
        let iod_report = report(2)?.ok_or_else(|| {
            pyo3::exceptions::PyRuntimeError::new_err("the demo returned no IoD load report")
        })?;
        Ok(PyDemo {
            households: Py::new(
                py,
                PyGazetteer {
                    inner: Arc::clone(&gazetteer),
                    report: None,
                },
            )?,
            lsoas: Py::new(
                py,
                PyAreaSet {
                    inner: lsoas,
                    report: report(0)?,
                },
            )?,
            wards: Py::new(
                py,
                PyAreaSet {
                    inner: wards,
                    report: report(1)?,
                },
            )?,
            iod: Py::new(
                py,
                PyDeprivation {
                    inner: iod,
                    report: iod_report,
                },
            )?,
            attributes: Py::new(
                py,
                PyAttributeTable {
                    inner: attributes,
                    report: None,
                },
            )?,
            inner: Arc::new(demo),
            dir,
            seed,
            gazetteer,
        })
    }

    /// The directory the demo was read from.
    #[getter]
    fn path(&self) -> PathBuf {
        self.dir.clone()
    }

    /// The seed of the synthetic households.
    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }

    /// The synthetic households as a `Gazetteer` (flagged synthetic).
    #[getter]
    fn households(&self, py: Python<'_>) -> Py<PyGazetteer> {
        self.households.clone_ref(py)
    }

    /// The LSOA 2011 boundaries (66 in Chorley).
    #[getter]
    fn lsoas(&self, py: Python<'_>) -> Py<PyAreaSet> {
        self.lsoas.clone_ref(py)
    }

    /// The ward boundaries (May 2022, 14 in Chorley).
    #[getter]
    fn wards(&self, py: Python<'_>) -> Py<PyAreaSet> {
        self.wards.clone_ref(py)
    }

    /// IoD2019 of Chorley's LSOAs.
    #[getter]
    fn iod(&self, py: Python<'_>) -> Py<PyDeprivation> {
        self.iod.clone_ref(py)
    }

    /// The synthetic household attributes (`aged_65_plus`, `deprivation_dimensions`),
    /// keyed by UPRN.
    #[getter]
    fn attributes(&self, py: Python<'_>) -> Py<PyAttributeTable> {
        self.attributes.clone_ref(py)
    }

    /// Load reports of every file read, in reading order.
    #[getter]
    fn load_reports(&self) -> Vec<PyLoadReport> {
        self.inner
            .reports
            .iter()
            .cloned()
            .map(PyLoadReport)
            .collect()
    }

    /// Each household's LSOA: `uprn, lsoa_code`.
    fn household_lsoa(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = &self.inner;
        let batch = run(py, || {
            let uprns: UInt64Array = d
                .households
                .gazetteer
                .uprns()
                .iter()
                .map(|u| u.get())
                .collect();
            Ok(record_batch(vec![
                ("uprn", Arc::new(uprns) as ArrayRef, false),
                ("lsoa_code", area_codes(&d.lsoas, &d.household_lsoa)?, true),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// One row per household: `uprn, x, y, lsoa_code, ward_code, aged_65_plus,
    /// deprivation_dimensions` (the synthetic attributes).
    fn household_table(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = &self.inner;
        let batch = run(py, || {
            let h = &d.households;
            let g = &h.gazetteer;
            let uprns: UInt64Array = g.uprns().iter().map(|u| u.get()).collect();
            Ok(record_batch(vec![
                ("uprn", Arc::new(uprns) as ArrayRef, false),
                ("x", Arc::new(Float64Array::from(g.xs().to_vec())), false),
                ("y", Arc::new(Float64Array::from(g.ys().to_vec())), false),
                ("lsoa_code", area_codes(&d.lsoas, &d.household_lsoa)?, true),
                ("ward_code", area_codes(&d.wards, &d.household_ward)?, true),
                (
                    "aged_65_plus",
                    Arc::new(BooleanArray::from(h.has_65_plus.clone())),
                    false,
                ),
                (
                    "deprivation_dimensions",
                    Arc::new(
                        h.deprivation_dimensions
                            .iter()
                            .map(|&v| u32::from(v))
                            .collect::<UInt32Array>(),
                    ),
                    false,
                ),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// Per LSOA: `code, name, households, households_65_plus,
    /// households_2plus_dimensions, imd_score, imd_rank, imd_decile, most_deprived_20pct`.
    fn lsoa_profile(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = &self.inner;
        let batch = run(py, || {
            let rows = d.lsoa_profile();
            let text = |f: fn(&outreach::demo::LsoaProfileRow) -> &str| -> ArrayRef {
                Arc::new(rows.iter().map(|r| Some(f(r))).collect::<StringArray>())
            };
            let count = |f: fn(&outreach::demo::LsoaProfileRow) -> u64| -> ArrayRef {
                Arc::new(rows.iter().map(|r| Some(f(r))).collect::<UInt64Array>())
            };
            Ok(record_batch(vec![
                ("code", text(|r| r.code.as_str()), false),
                ("name", text(|r| r.name.as_str()), false),
                ("households", count(|r| r.households), false),
                ("households_65_plus", count(|r| r.households_65_plus), false),
                (
                    "households_2plus_dimensions",
                    count(|r| r.households_2plus_dimensions),
                    false,
                ),
                (
                    "imd_score",
                    Arc::new(rows.iter().map(|r| r.imd_score).collect::<Float64Array>()),
                    true,
                ),
                (
                    "imd_rank",
                    Arc::new(rows.iter().map(|r| r.imd_rank).collect::<UInt32Array>()),
                    true,
                ),
                (
                    "imd_decile",
                    Arc::new(
                        rows.iter()
                            .map(|r| r.imd_decile.map(u32::from))
                            .collect::<UInt32Array>(),
                    ),
                    true,
                ),
                (
                    "most_deprived_20pct",
                    Arc::new(
                        rows.iter()
                            .map(|r| Some(r.most_deprived_20pct))
                            .collect::<BooleanArray>(),
                    ),
                    false,
                ),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The full LSOA profile: households with their synthetic attributes, OAC 2011 shares,
    /// mid-2019 population, IoD2019 and police.uk crime (Nov 2021 to Oct 2022) per 1,000.
    fn profile(&self, py: Python<'_>) -> PyResult<PyProfile> {
        let (d, dir) = (&self.inner, &self.dir);
        let (profile, _) = run(py, || Ok(d.profile(dir)?))?;
        let lsoas = Arc::clone(&self.lsoas.get().inner);
        let iod = Arc::clone(&self.iod.get().inner);
        Ok(PyProfile {
            inner: Arc::new(profile),
            areas: lsoas,
            deprivation: Some(iod),
        })
    }

    /// Plans `campaign` over the households. `history`: intervention records (an
    /// `Interventions` or an Arrow table); those delivered before the first campaign day
    /// count as past interventions for rules such as `no_intervention_within`.
    #[pyo3(signature = (campaign, history=None))]
    fn plan(
        &self,
        py: Python<'_>,
        campaign: PyRef<'_, PyCampaign>,
        history: Option<RecordsArg<'_>>,
    ) -> PyResult<PyPlan> {
        let history = match history {
            Some(h) => records_of(py, h)?,
            None => Arc::new(Vec::new()),
        };
        let (d, c) = (&self.inner, Arc::clone(&campaign.inner));
        let (plan, applied) = run(py, || Ok(d.plan(&c, &history)?))?;
        Ok(PyPlan::new(plan, applied, Arc::clone(&self.gazetteer)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = &self.inner;
        Ok(format!(
            "Demo(path={}, seed={}, households={}, lsoas={}, wards={})",
            quoted(py, &self.dir.display().to_string())?,
            self.seed,
            d.households.len(),
            d.lsoas.len(),
            d.wards.len()
        ))
    }

    fn _repr_html_(&self) -> String {
        html_summary(
            "outreach.Demo: Chorley (synthetic households)",
            &self.summary(),
        )
    }
}
