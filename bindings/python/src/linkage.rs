//! `Tokeniser`, `Role`, `AuditLog`, `LinkageIndex`, `SingleView`: the single view across
//! agencies (core `outreach::linkage`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use outreach::linkage::{self, AuditLog, Identifiers, LinkageIndex, Role, Token, Tokeniser};
use outreach::{AreaCode, Uprn};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{check, run};
use crate::io::PyLoadReport;

/// Replaces person identifiers by HMAC-SHA-256 tokens under a secret key, after
/// normalisation. The key is not kept and never shown.
#[pyclass(name = "Tokeniser", module = "outreach", frozen)]
pub(crate) struct PyTokeniser(Arc<Tokeniser>);

#[pymethods]
impl PyTokeniser {
    /// A tokeniser for `key` (at least 16 bytes).
    #[new]
    fn new(key: &[u8]) -> PyResult<Self> {
        Ok(PyTokeniser(Arc::new(check(Tokeniser::new(key))?)))
    }

    /// The `(nhs_token, name_dob_token)` of one person, each 64 hex digits or `None`.
    #[pyo3(signature = (*, nhs_number=None, given_name=None, family_name=None, date_of_birth=None))]
    fn tokenise(
        &self,
        nhs_number: Option<&str>,
        given_name: Option<&str>,
        family_name: Option<&str>,
        date_of_birth: Option<&str>,
    ) -> PyResult<(Option<String>, Option<String>)> {
        let tokens = check(self.0.tokenise(&Identifiers {
            nhs_number,
            given_name,
            family_name,
            date_of_birth,
        }))?;
        Ok((
            tokens.nhs.map(|t| t.to_string()),
            tokens.name_dob.map(|t| t.to_string()),
        ))
    }

    fn __repr__(&self) -> &'static str {
        "Tokeniser(key=<redacted>)"
    }
}

/// An access role: agencies it may see, contact details shown or not, sensitive
/// involvement shielded or not. By default it sees nothing.
#[pyclass(name = "Role", module = "outreach", frozen)]
pub(crate) struct PyRole(Role);

#[pymethods]
impl PyRole {
    #[new]
    #[pyo3(signature = (name, *, agencies=Vec::new(), all_agencies=false, contacts=false, sensitive=false))]
    fn new(
        name: &str,
        agencies: Vec<String>,
        all_agencies: bool,
        contacts: bool,
        sensitive: bool,
    ) -> PyResult<Self> {
        let parsed = agencies
            .iter()
            .map(|a| a.parse())
            .collect::<outreach::Result<Vec<linkage::Agency>>>();
        let mut role = check(Role::new(name))?.agencies(check(parsed)?);
        if all_agencies {
            role = role.all_agencies();
        }
        Ok(PyRole(role.contacts(contacts).sensitive(sensitive)))
    }

    /// The role's name.
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }

    /// Whether the role may see an involvement of `agency`.
    #[pyo3(signature = (agency, *, sensitive=false))]
    fn may_see(&self, agency: &str, sensitive: bool) -> PyResult<bool> {
        Ok(self.0.may_see(&check(agency.parse())?, sensitive))
    }

    fn __repr__(&self) -> String {
        format!("Role({:?})", self.0.name())
    }
}

/// The hash-chained log of every query.
#[pyclass(name = "AuditLog", module = "outreach", frozen)]
pub(crate) struct PyAuditLog(Arc<AuditLog>);

#[pymethods]
impl PyAuditLog {
    /// An empty log.
    #[new]
    fn new() -> Self {
        PyAuditLog(Arc::new(AuditLog::new()))
    }

    /// Reads a log written by `write_jsonl` (not verified: call `verify`).
    #[staticmethod]
    fn read_jsonl(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let log = run(py, || Ok(AuditLog::read_jsonl(&path)?))?;
        Ok(PyAuditLog(Arc::new(log)))
    }

    /// Writes the log as JSON lines, replacing the file.
    fn write_jsonl(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let log = Arc::clone(&self.0);
        run(py, move || Ok(log.write_jsonl(&path)?))
    }

    /// Checks the chain; raises `InvalidArgumentError` naming the first bad entry.
    fn verify(&self) -> PyResult<()> {
        check(self.0.verify())
    }

    /// `verify`, and the last hash must be `head` (kept earlier) or a later one.
    fn verify_head(&self, head: &str) -> PyResult<()> {
        check(self.0.verify_head(head))
    }

    /// The hash of the last entry.
    #[getter]
    fn head(&self) -> String {
        self.0.head()
    }

    /// The entries, oldest first, as dicts.
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .entries()
            .into_iter()
            .map(|e| {
                let d = PyDict::new(py);
                d.set_item("seq", e.seq)?;
                d.set_item("time", e.time)?;
                d.set_item("role", e.role)?;
                d.set_item("reason", e.reason)?;
                d.set_item("query", e.query)?;
                d.set_item("outcome", e.outcome)?;
                d.set_item("prev", e.prev)?;
                d.set_item("hash", e.hash)?;
                Ok(d)
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!("AuditLog(entries={})", self.0.len())
    }
}

/// What a role may see of a household or a person.
#[pyclass(name = "SingleView", module = "outreach", frozen)]
pub(crate) struct PySingleView(linkage::SingleView);

#[pymethods]
impl PySingleView {
    /// Distinct people among the involvements.
    #[getter]
    fn people(&self) -> usize {
        self.0.people
    }

    /// One dict per agency: agency, since, records, people, lead_contact.
    fn agencies<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .agencies
            .iter()
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("agency", a.agency.as_str())?;
                d.set_item("since", a.since.to_string())?;
                d.set_item("records", a.records)?;
                d.set_item("people", a.people)?;
                d.set_item("lead_contact", a.lead_contact.as_deref())?;
                Ok(d)
            })
            .collect()
    }

    /// One dict per involvement: agency, record_id, uprn, involvement, start, end,
    /// lead_contact, person.
    fn involvements<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .involvements
            .iter()
            .map(|i| {
                let d = PyDict::new(py);
                d.set_item("agency", i.agency.as_str())?;
                d.set_item("record_id", i.record_id.as_str())?;
                d.set_item("uprn", i.uprn.map(Uprn::get))?;
                d.set_item("involvement", i.involvement.as_str())?;
                d.set_item("start", i.start.to_string())?;
                d.set_item("end", i.end.map(|e| e.to_string()))?;
                d.set_item("lead_contact", i.lead_contact.as_deref())?;
                d.set_item("person", i.person)?;
                Ok(d)
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.0.involvements.len()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("SingleView({})", self.0)
    }
}

/// Agency records indexed by household (UPRN) and person (token). Immutable; safe to
/// share between threads.
#[pyclass(name = "LinkageIndex", module = "outreach", frozen)]
pub(crate) struct PyLinkageIndex {
    inner: Arc<LinkageIndex>,
    reports: Vec<Py<PyLoadReport>>,
}

fn uprn_of(value: u64) -> PyResult<Uprn> {
    check(Uprn::new(value))
}

#[pymethods]
impl PyLinkageIndex {
    /// Reads agency record CSVs (tokenising identifiers as it goes) and builds the index.
    /// `addresses` maps address text to UPRN for rows without a `uprn`.
    #[staticmethod]
    #[pyo3(signature = (paths, tokeniser, *, addresses=None))]
    fn from_csv(
        py: Python<'_>,
        paths: Vec<PathBuf>,
        tokeniser: &Bound<'_, PyTokeniser>,
        addresses: Option<HashMap<String, u64>>,
    ) -> PyResult<Self> {
        let resolver: Option<HashMap<String, Uprn>> = match addresses {
            Some(map) => Some(
                map.into_iter()
                    .map(|(a, u)| Ok((linkage::address_key(&a), uprn_of(u)?)))
                    .collect::<PyResult<_>>()?,
            ),
            None => None,
        };
        let t = Arc::clone(&tokeniser.get().0);
        let (index, reports) = run(py, move || {
            let mut records = Vec::new();
            let mut reports = Vec::new();
            for p in &paths {
                let res = resolver.as_ref().map(|r| r as &dyn linkage::UprnResolver);
                let (mut r, report) = linkage::read_agency_records(p, &t, res)?;
                records.append(&mut r);
                reports.push(report);
            }
            Ok((LinkageIndex::build(records)?, reports))
        })?;
        Ok(PyLinkageIndex {
            inner: Arc::new(index),
            reports: reports
                .into_iter()
                .map(|r| Py::new(py, PyLoadReport(r)))
                .collect::<PyResult<_>>()?,
        })
    }

    /// What the reader did with each file, in the order given.
    #[getter]
    fn load_reports(&self, py: Python<'_>) -> Vec<Py<PyLoadReport>> {
        self.reports.iter().map(|r| r.clone_ref(py)).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Distinct households (UPRNs) with records.
    #[getter]
    fn households(&self) -> usize {
        self.inner.households()
    }

    /// Distinct people linked across all records.
    #[getter]
    fn people(&self) -> usize {
        self.inner.people()
    }

    /// The single view of household `uprn` for `role`; logged in `log`.
    fn household(
        &self,
        uprn: u64,
        role: &Bound<'_, PyRole>,
        reason: &str,
        log: &Bound<'_, PyAuditLog>,
    ) -> PyResult<PySingleView> {
        let view = self
            .inner
            .household(uprn_of(uprn)?, &role.get().0, reason, &log.get().0);
        Ok(PySingleView(check(view)?))
    }

    /// The single view of the person `token` (64 hex digits) belongs to; logged in `log`.
    fn person(
        &self,
        token: &str,
        role: &Bound<'_, PyRole>,
        reason: &str,
        log: &Bound<'_, PyAuditLog>,
    ) -> PyResult<PySingleView> {
        let token: Token = check(token.parse())?;
        let view = self
            .inner
            .person(&token, &role.get().0, reason, &log.get().0);
        Ok(PySingleView(check(view)?))
    }

    /// Households known to at least `min_agencies` agencies the role may see, by the area
    /// code `areas` gives each UPRN; counts of 1-4 are `None`. Returns
    /// `{"areas": [(code, count or None)], "unassigned": count or None}`.
    fn multi_agency_summary<'py>(
        &self,
        py: Python<'py>,
        min_agencies: usize,
        areas: HashMap<u64, String>,
        role: &Bound<'_, PyRole>,
        reason: &str,
        log: &Bound<'_, PyAuditLog>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let areas: HashMap<Uprn, AreaCode> = areas
            .into_iter()
            .map(|(u, a)| Ok((uprn_of(u)?, check(a.parse())?)))
            .collect::<PyResult<_>>()?;
        let s = check(self.inner.multi_agency_summary(
            min_agencies,
            &areas,
            &role.get().0,
            reason,
            &log.get().0,
        ))?;
        let d = PyDict::new(py);
        let rows: Vec<(String, Option<u64>)> = s
            .areas
            .iter()
            .map(|a| (a.area.to_string(), a.households))
            .collect();
        d.set_item("areas", rows)?;
        d.set_item("unassigned", s.unassigned)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "LinkageIndex(records={}, households={}, people={})",
            self.inner.len(),
            self.inner.households(),
            self.inner.people()
        )
    }
}
