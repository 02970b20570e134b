//! `Observations` and `Targets`: performance reporting (core `outreach::kpi`, read by
//! `outreach::kpi::read_observations` / `read_targets` and `outreach::io::read_police_uk`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray};
use arrow_schema::ArrowError;
use outreach::kpi::{
    self, Comparison, CountOptions, Delta, Indicator, Observations, Period, Report,
};
use pyo3::prelude::*;

use crate::convert::{record_batch, to_pyarrow_table};
use crate::errors::{check, run};
use crate::io::PyLoadReport;

/// Indicator definitions (unit, polarity, annual target, tolerance) read from a targets CSV.
#[pyclass(name = "Targets", module = "outreach", frozen)]
pub(crate) struct PyTargets {
    inner: Arc<Vec<Indicator>>,
    report: Py<PyLoadReport>,
}

#[pymethods]
impl PyTargets {
    /// Reads `indicator,target,polarity[,tolerance_pct][,unit][,q1..q4]` rows (plain or
    /// gzip CSV).
    #[staticmethod]
    fn from_csv(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let (inner, report) = run(py, || Ok(kpi::read_targets(&path)?))?;
        Ok(PyTargets {
            inner: Arc::new(inner),
            report: Py::new(py, PyLoadReport(report))?,
        })
    }

    /// What the reader did with the file.
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Py<PyLoadReport> {
        self.report.clone_ref(py)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The indicator names, in file order.
    fn indicators(&self) -> Vec<&str> {
        self.inner.iter().map(Indicator::name).collect()
    }

    fn __repr__(&self) -> String {
        format!("Targets(indicators={})", self.inner.len())
    }
}

/// Values of indicators by period (and optionally by area): from an observations CSV or
/// counted from police.uk street-level rows.
#[pyclass(name = "Observations", module = "outreach", frozen)]
pub(crate) struct PyObservations {
    inner: Arc<Observations>,
    report: Py<PyLoadReport>,
}

fn period_of(text: &str) -> PyResult<Period> {
    check(text.parse())
}

fn indicators_of(targets: Option<&Bound<'_, PyTargets>>) -> Arc<Vec<Indicator>> {
    targets.map_or_else(|| Arc::new(Vec::new()), |t| Arc::clone(&t.get().inner))
}

#[pymethods]
impl PyObservations {
    /// Reads `indicator,period,value[,area_code]` rows (plain or gzip CSV).
    #[staticmethod]
    fn from_csv(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let (inner, report) = run(py, || Ok(kpi::read_observations(&path)?))?;
        Ok(PyObservations {
            inner: Arc::new(inner),
            report: Py::new(py, PyLoadReport(report))?,
        })
    }

    /// Counts police.uk street-level rows by month and crime type, with `All crime`
    /// (anti-social behaviour left out), and per LSOA too when `by_area`.
    #[staticmethod]
    #[pyo3(signature = (path, *, by_area=false))]
    fn from_police_uk(py: Python<'_>, path: PathBuf, by_area: bool) -> PyResult<Self> {
        let (inner, report) = run(py, || {
            let (records, report) = outreach::io::read_police_uk(&path)?;
            let options = CountOptions::police_uk().by_area(by_area);
            Ok((Observations::count_records(&records, &options), report))
        })?;
        Ok(PyObservations {
            inner: Arc::new(inner),
            report: Py::new(py, PyLoadReport(report))?,
        })
    }

    /// What the reader did with the file.
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Py<PyLoadReport> {
        self.report.clone_ref(py)
    }

    /// The number of series (indicator, area).
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The series as `(indicator, area_code or None)`, in the order first seen.
    fn series(&self) -> Vec<(String, Option<String>)> {
        self.inner
            .keys()
            .iter()
            .map(|k| (k.indicator.clone(), k.area.as_ref().map(|a| a.to_string())))
            .collect()
    }

    /// One row per series for `period` as a `pyarrow.Table` (see the stub for columns).
    #[pyo3(signature = (period, *, targets=None))]
    fn compare(
        &self,
        py: Python<'_>,
        period: &str,
        targets: Option<&Bound<'_, PyTargets>>,
    ) -> PyResult<Py<PyAny>> {
        let period = period_of(period)?;
        let indicators = indicators_of(targets);
        let inner = Arc::clone(&self.inner);
        let batch = run(py, move || {
            Ok(comparison_table(&inner.compare_all(&indicators, period))?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// A committee-style Markdown report for `period`.
    #[pyo3(signature = (period, *, title="Partnership performance report", heading="Indicators against last year", targets=None, significance=None))]
    fn to_markdown(
        &self,
        py: Python<'_>,
        period: &str,
        title: &str,
        heading: &str,
        targets: Option<&Bound<'_, PyTargets>>,
        significance: Option<f64>,
    ) -> PyResult<String> {
        let period = period_of(period)?;
        let indicators = indicators_of(targets);
        let inner = Arc::clone(&self.inner);
        run(py, move || {
            let rows = inner.compare_all(&indicators, period);
            Ok(Report::standard(title, period, heading, &rows, significance).to_markdown())
        })
    }

    fn __repr__(&self) -> String {
        format!("Observations(series={})", self.inner.len())
    }
}

/// Picks one of a row's three comparisons.
type Pick = fn(&Comparison) -> &Delta;

/// The comparison rows as one Arrow batch; nulls where a figure is missing or incomplete
/// (the `note` column says why) and where no target applies.
fn comparison_table(rows: &[Comparison]) -> Result<RecordBatch, ArrowError> {
    let text = |f: &dyn Fn(&Comparison) -> Option<String>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<StringArray>())
    };
    let num = |f: &dyn Fn(&Comparison) -> Option<f64>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<Float64Array>())
    };
    let mut columns: Vec<(&str, ArrayRef, bool)> = vec![
        ("indicator", text(&|r| Some(r.indicator.clone())), false),
        (
            "area_code",
            text(&|r| r.area.as_ref().map(|a| a.to_string())),
            true,
        ),
        ("period", text(&|r| Some(r.period.to_string())), false),
        ("unit", text(&|r| Some(r.unit.to_string())), false),
    ];
    // Column names of each comparison: current / previous / change / p-value.
    let deltas: [([&str; 4], Pick); 3] = [
        (["current", "previous", "change_pct", "p_value"], |r| {
            &r.period_change
        }),
        (
            ["ytd", "ytd_previous", "ytd_change_pct", "ytd_p_value"],
            |r| &r.year_to_date,
        ),
        (
            [
                "rolling_12",
                "rolling_12_previous",
                "rolling_12_change_pct",
                "rolling_12_p_value",
            ],
            |r| &r.rolling_12_months,
        ),
    ];
    for (names, delta) in deltas {
        columns.push((names[0], num(&|r| delta(r).current.value()), true));
        columns.push((names[1], num(&|r| delta(r).previous.value()), true));
        columns.push((names[2], num(&|r| delta(r).change.rounded_pct()), true));
        columns.push((names[3], num(&|r| delta(r).p_value), true));
    }
    columns.extend([
        (
            "polarity",
            text(&|r| r.polarity.map(|p| p.to_string())),
            true,
        ),
        (
            "annual_target",
            num(&|r| r.assessment.as_ref().map(|a| a.annual_target)),
            true,
        ),
        (
            "target_to_date",
            num(&|r| r.assessment.as_ref().map(|a| a.target)),
            true,
        ),
        (
            "actual_to_date",
            num(&|r| r.assessment.as_ref().and_then(|a| a.actual)),
            true,
        ),
        (
            "rag",
            text(&|r| {
                r.assessment
                    .as_ref()
                    .and_then(|a| a.rag)
                    .map(|g| g.to_string())
            }),
            true,
        ),
        ("note", text(&|r| r.note()), true),
    ]);
    record_batch(columns)
}
