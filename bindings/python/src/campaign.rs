//! `Campaign`, `Plan` and `Interventions`: multi-agency campaigns planned as one contact
//! per household (core `outreach::campaign`) and their outcomes
//! (core `outreach::campaign::outcomes`), handed out as Arrow tables.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, StringArray, UInt64Array};
use outreach::campaign::outcomes::{self, DateRange, Intervention};
use outreach::campaign::{Campaign, Plan};
use outreach::{Error, Gazetteer};
use pyo3::prelude::*;

use crate::area::PyAreaSet;
use crate::convert::{invalid_argument, quoted, record_batch, to_pyarrow_table};
use crate::demo::html_summary;
use crate::errors::{check, run};
use crate::io::PyLoadReport;
use crate::profile::table_batch;

/// A multi-agency campaign (a Week of Action): partners with daily capacities, services
/// with eligibility and priority rules, an area rule and days. Immutable.
#[pyclass(name = "Campaign", module = "outreach", frozen)]
pub(crate) struct PyCampaign {
    pub(crate) inner: Arc<Campaign>,
}

#[pymethods]
impl PyCampaign {
    /// Parses a campaign from JSON text (see `examples/week_of_action.json`) and checks it.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        let campaign = check(Campaign::from_json(text))?;
        Ok(PyCampaign {
            inner: Arc::new(campaign),
        })
    }

    /// Reads a campaign JSON file and checks it.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let campaign = run(py, || {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            Campaign::from_json(&text).map_err(|e| {
                Error::Format {
                    path: path.clone(),
                    line: None,
                    reason: e.to_string(),
                }
                .into()
            })
        })?;
        Ok(PyCampaign {
            inner: Arc::new(campaign),
        })
    }

    /// The campaign's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The campaign days, in order.
    #[getter]
    fn days(&self) -> Vec<String> {
        self.inner.days.clone()
    }

    /// Doors per round.
    #[getter]
    fn round_size(&self) -> usize {
        self.inner.round_size
    }

    /// The month (`YYYY-MM`) that dates rules such as `no_intervention_within`, if set.
    #[getter]
    fn as_of(&self) -> Option<String> {
        self.inner.as_of.clone()
    }

    /// The partners as `(name, capacity_per_day)`, in campaign order.
    #[getter]
    fn partners(&self) -> Vec<(String, u32)> {
        self.inner
            .partners
            .iter()
            .map(|p| (p.name.clone(), p.capacity_per_day))
            .collect()
    }

    /// The services as `(service, partner, location or None)`, in campaign order.
    #[getter]
    fn services(&self) -> Vec<(String, String, Option<String>)> {
        self.inner
            .services
            .iter()
            .map(|s| (s.service.clone(), s.partner.clone(), s.location.clone()))
            .collect()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let c = &self.inner;
        Ok(format!(
            "Campaign(name={}, days={}, partners={}, services={})",
            quoted(py, &c.name)?,
            c.days.len(),
            c.partners.len(),
            c.services.len()
        ))
    }
}

/// Intervention records `(uprn, service, date, result)`: what each visit offered and what
/// came of it. Immutable.
#[pyclass(name = "Interventions", module = "outreach", frozen)]
pub(crate) struct PyInterventions {
    inner: Arc<Vec<Intervention>>,
    report: Option<Py<PyLoadReport>>,
}

/// Records given to an outcome call: `Interventions`, or anything `pyarrow.table()`
/// accepts (a `pyarrow.Table`, a `pandas.DataFrame`, a dict of columns).
#[derive(FromPyObject)]
pub(crate) enum RecordsArg<'py> {
    Records(PyRef<'py, PyInterventions>),
    Table(Bound<'py, PyAny>),
}

/// The records of an outcome argument.
pub(crate) fn records_of(py: Python<'_>, arg: RecordsArg<'_>) -> PyResult<Arc<Vec<Intervention>>> {
    match arg {
        RecordsArg::Records(r) => Ok(Arc::clone(&r.inner)),
        RecordsArg::Table(t) => Ok(Arc::new(records_from_table(py, &t)?)),
    }
}

/// Reads `uprn`, `service`, `date` (`YYYY-MM-DD` text or `datetime.date`) and `result`
/// (or `outcome`) columns of a table-like object.
fn records_from_table<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyAny>,
) -> PyResult<Vec<Intervention>> {
    let table = py.import("pyarrow")?.call_method1("table", (table,))?;
    let names: Vec<String> = table.getattr("column_names")?.extract()?;
    let column = |name: &str| -> PyResult<Vec<Option<Bound<'py, PyAny>>>> {
        table
            .call_method1("column", (name,))?
            .call_method0("to_pylist")?
            .extract()
    };
    let need = |name: &'static str| -> PyResult<&'static str> {
        if names.iter().any(|n| n == name) {
            Ok(name)
        } else {
            Err(invalid_argument(
                "records",
                format!(
                    "the table has no {name:?} column (columns: {})",
                    names.join(", ")
                ),
            ))
        }
    };
    let result = if names.iter().any(|n| n == "result") {
        "result"
    } else if names.iter().any(|n| n == "outcome") {
        "outcome"
    } else {
        need("result")?
    };
    let uprns = column(need("uprn")?)?;
    let services = column(need("service")?)?;
    let dates = column(need("date")?)?;
    let results = column(result)?;
    let text = |values: &[Option<Bound<'py, PyAny>>], row: usize, name: &str| -> PyResult<String> {
        match values.get(row).and_then(Option::as_ref) {
            Some(v) => Ok(v.str()?.to_string()),
            None => Err(invalid_argument(
                "records",
                format!("row {row}: column {name:?} is empty"),
            )),
        }
    };
    let bad = |row: usize, name: &str, err: Error| {
        invalid_argument("records", format!("row {row}: column {name:?}: {err}"))
    };
    let mut out = Vec::with_capacity(uprns.len());
    for row in 0..uprns.len() {
        let uprn = text(&uprns, row, "uprn")?;
        let date = text(&dates, row, "date")?;
        let outcome = text(&results, row, result)?;
        out.push(Intervention {
            uprn: uprn.trim().parse().map_err(|e| bad(row, "uprn", e))?,
            service: text(&services, row, "service")?,
            date: date.trim().parse().map_err(|e| bad(row, "date", e))?,
            outcome: outcome.trim().parse().map_err(|e| bad(row, result, e))?,
        });
    }
    Ok(out)
}

/// `first`..=`last` (`YYYY-MM-DD`).
fn range_of(first: &str, last: &str) -> PyResult<DateRange> {
    check(DateRange::new(check(first.parse())?, check(last.parse())?))
}

#[pymethods]
impl PyInterventions {
    /// Reads `uprn,service,date,result` rows (plain or gzip CSV; `outcome` is accepted for
    /// `result`). Results: offered, accepted, declined, delivered, no_access, referred.
    #[staticmethod]
    fn from_csv(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let (records, report) = run(py, || Ok(outreach::io::read_interventions(&path)?))?;
        Ok(PyInterventions {
            inner: Arc::new(records),
            report: Some(Py::new(py, PyLoadReport(report))?),
        })
    }

    /// Records from anything `pyarrow.table()` accepts with `uprn, service, date, result`
    /// columns (dates as `YYYY-MM-DD` text or `datetime.date`).
    #[staticmethod]
    fn from_arrow(py: Python<'_>, table: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyInterventions {
            inner: Arc::new(records_from_table(py, table)?),
            report: None,
        })
    }

    /// What the reader did with the file (None for records built from a table).
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Option<Py<PyLoadReport>> {
        self.report.as_ref().map(|r| r.clone_ref(py))
    }

    /// The records as a `pyarrow.Table`: `uprn, service, date, result`.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let r = &self.inner;
        let batch = run(py, || {
            let text = |f: &dyn Fn(&Intervention) -> String| -> ArrayRef {
                Arc::new(r.iter().map(|i| Some(f(i))).collect::<StringArray>())
            };
            Ok(record_batch(vec![
                (
                    "uprn",
                    Arc::new(r.iter().map(|i| i.uprn.get()).collect::<UInt64Array>()) as ArrayRef,
                    false,
                ),
                ("service", text(&|i| i.service.clone()), false),
                ("date", text(&|i| i.date.to_string()), false),
                ("result", text(&|i| i.outcome.to_string()), false),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Interventions(records={})", self.inner.len())
    }
}

/// Reads intervention records from a CSV (`uprn,service,date,result`).
#[pyfunction]
pub(crate) fn read_interventions(py: Python<'_>, path: PathBuf) -> PyResult<PyInterventions> {
    PyInterventions::from_csv(py, path)
}

/// Outcome counts per service in `current` against `baseline` (each `(first, last)`,
/// `YYYY-MM-DD`): `service, outcome, current, baseline, change`.
#[pyfunction]
pub(crate) fn compare_periods(
    py: Python<'_>,
    records: RecordsArg<'_>,
    current: (String, String),
    baseline: (String, String),
) -> PyResult<Py<PyAny>> {
    let records = records_of(py, records)?;
    let current = range_of(&current.0, &current.1)?;
    let baseline = range_of(&baseline.0, &baseline.1)?;
    let batch = run(py, || {
        table_batch(&outcomes::compare_periods(&records, current, baseline)?)
    })?;
    to_pyarrow_table(py, batch)
}

/// A campaign plan: one visit per household in rounds of nearby doors, per-partner work
/// lists and the eligible households left unscheduled. Made by `Demo.plan`. Immutable.
#[pyclass(name = "Plan", module = "outreach", frozen)]
pub(crate) struct PyPlan {
    inner: Arc<Plan>,
    applied: usize,
    /// The gazetteer planned over (rows of the plan refer to it).
    gazetteer: Arc<Gazetteer>,
}

impl PyPlan {
    pub(crate) fn new(plan: Plan, applied: usize, gazetteer: Arc<Gazetteer>) -> Self {
        PyPlan {
            inner: Arc::new(plan),
            applied,
            gazetteer,
        }
    }

    fn mean_walk(&self) -> f64 {
        let lengths = self.inner.round_lengths();
        lengths.iter().sum::<f64>() / lengths.len().max(1) as f64
    }

    /// Per partner: (name, visits, capacity over all days).
    fn partner_load(&self) -> Vec<(String, u64, u64)> {
        let p = &self.inner;
        let c = p.campaign();
        let mut visits: HashMap<usize, u64> = HashMap::new();
        for v in &p.visits {
            let mut ps: Vec<usize> = v.services.iter().filter_map(|&s| c.partner_of(s)).collect();
            ps.sort_unstable();
            ps.dedup();
            for i in ps {
                *visits.entry(i).or_default() += 1;
            }
        }
        c.partners
            .iter()
            .enumerate()
            .map(|(i, partner)| {
                (
                    partner.name.clone(),
                    visits.get(&i).copied().unwrap_or(0),
                    u64::from(partner.capacity_per_day) * c.days.len() as u64,
                )
            })
            .collect()
    }
}

#[pymethods]
impl PyPlan {
    /// The campaign planned.
    #[getter]
    fn campaign(&self) -> PyCampaign {
        PyCampaign {
            inner: Arc::new(self.inner.campaign().clone()),
        }
    }

    /// Households in the campaign area (eligible for any service or not).
    #[getter]
    fn in_area(&self) -> usize {
        self.inner.in_area
    }

    /// History records applied (delivered before the first campaign day).
    #[getter]
    fn history_applied(&self) -> usize {
        self.applied
    }

    /// The number of visits.
    fn __len__(&self) -> usize {
        self.inner.visits.len()
    }

    /// One row per visit: `uprn, day, round, order, services` (names joined by `;`).
    fn visits(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || table_batch(&p.visits_table()?))?;
        to_pyarrow_table(py, batch)
    }

    /// Visit sheets: the visits plus `x, y, partners, locations, score, reasons`.
    fn visit_sheets(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || table_batch(&p.visit_sheets()?))?;
        to_pyarrow_table(py, batch)
    }

    /// Eligible households not scheduled: `uprn, services, score, reason`.
    fn unscheduled(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || table_batch(&p.unscheduled_table()?))?;
        to_pyarrow_table(py, batch)
    }

    /// Visits per partner per day: `partner, day, visits, capacity`.
    fn load(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || table_batch(&p.load_table()?))?;
        to_pyarrow_table(py, batch)
    }

    /// The work list of one partner: `uprn, day, round, order, services, delivery`.
    fn work_list(&self, py: Python<'_>, partner: &str) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || table_batch(&p.partner_work_list(partner)?))?;
        to_pyarrow_table(py, batch)
    }

    /// Walking length (straight-line metres, door to door) of every round, in plan order.
    fn round_lengths(&self) -> Vec<f64> {
        self.inner.round_lengths()
    }

    /// Uptake by service between `first` and `last` (`YYYY-MM-DD`, inclusive):
    /// `service, partner, area, eligible, delivered, uptake`, overall (area `all`) and per
    /// area of `areas` when given.
    #[pyo3(signature = (records, first, last, *, areas=None))]
    fn uptake(
        &self,
        py: Python<'_>,
        records: RecordsArg<'_>,
        first: &str,
        last: &str,
        areas: Option<PyRef<'_, PyAreaSet>>,
    ) -> PyResult<Py<PyAny>> {
        let records = records_of(py, records)?;
        let range = range_of(first, last)?;
        let set = areas.map(|a| Arc::clone(&a.inner));
        let (p, g) = (&self.inner, &self.gazetteer);
        let batch = run(py, || {
            let assignment = set.as_ref().map(|s| g.assign(s));
            let areas = match (&set, &assignment) {
                (Some(s), Some(a)) => Some((s.as_ref(), a)),
                _ => None,
            };
            table_batch(&outcomes::uptake(p, &records, range, areas)?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// Outcome counts per partner and service between `first` and `last`:
    /// `partner, service, outcome, count` (services not in the campaign under
    /// `(not in campaign)`).
    fn partner_outcomes(
        &self,
        py: Python<'_>,
        records: RecordsArg<'_>,
        first: &str,
        last: &str,
    ) -> PyResult<Py<PyAny>> {
        let records = records_of(py, records)?;
        let range = range_of(first, last)?;
        let p = &self.inner;
        let batch = run(py, || {
            table_batch(&outcomes::partner_outcomes(p.campaign(), &records, range)?)
        })?;
        to_pyarrow_table(py, batch)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let p = &self.inner;
        Ok(format!(
            "Plan(campaign={}, in_area={}, visits={}, rounds={}, unscheduled={})",
            quoted(py, &p.campaign().name)?,
            p.in_area,
            p.visits.len(),
            p.round_lengths().len(),
            p.unscheduled.len()
        ))
    }

    fn _repr_html_(&self) -> String {
        let p = &self.inner;
        let mut rows = vec![
            ("households in the area".to_string(), p.in_area.to_string()),
            ("visits".into(), p.visits.len().to_string()),
            ("rounds".into(), p.round_lengths().len().to_string()),
            (
                "mean walk per round".into(),
                format!("{:.0} m", self.mean_walk()),
            ),
            ("unscheduled".into(), p.unscheduled.len().to_string()),
        ];
        for (name, visits, capacity) in self.partner_load() {
            rows.push((
                format!("load: {name}"),
                format!("{visits} / {capacity} visits"),
            ));
        }
        html_summary(&format!("outreach.Plan: {}", p.campaign().name), &rows)
    }
}
