//! `LoadReport` and `Rejection`: what a reader did with its input (core `outreach::io`).

use std::path::PathBuf;

use outreach::io::{LoadReport, Rejection};
use pyo3::prelude::*;

use crate::convert::quoted;

/// One input row (or GeoJSON feature) a reader refused, and why.
#[pyclass(name = "Rejection", module = "outreach", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PyRejection(pub(crate) Rejection);

#[pymethods]
impl PyRejection {
    /// One-based line of the CSV file, or one-based feature number of a GeoJSON file.
    #[getter]
    fn line(&self) -> u64 {
        self.0.line
    }

    /// The field at fault, when one is.
    #[getter]
    fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// What was wrong.
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let field = match &self.0.field {
            Some(f) => quoted(py, f)?,
            None => "None".into(),
        };
        Ok(format!(
            "Rejection(line={}, field={field}, reason={})",
            self.0.line,
            quoted(py, &self.0.reason)?
        ))
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// What a reader did with its input: rows read, rows accepted and every rejected row.
///
/// `accepted + len(rejected) == rows_read` always holds: nothing is dropped silently.
#[pyclass(name = "LoadReport", module = "outreach", frozen)]
#[derive(Debug, Clone)]
pub(crate) struct PyLoadReport(pub(crate) LoadReport);

#[pymethods]
impl PyLoadReport {
    /// The file read.
    #[getter]
    fn path(&self) -> PathBuf {
        self.0.path.clone()
    }

    /// Data rows (or features) read, header excluded.
    #[getter]
    fn rows_read(&self) -> u64 {
        self.0.rows_read
    }

    /// Rows loaded.
    #[getter]
    fn accepted(&self) -> u64 {
        self.0.accepted
    }

    /// Rows refused, in file order.
    #[getter]
    fn rejected(&self) -> Vec<PyRejection> {
        self.0.rejected.iter().cloned().map(PyRejection).collect()
    }

    /// Whether every row was accepted.
    #[getter]
    fn is_clean(&self) -> bool {
        self.0.is_clean()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "LoadReport(path={}, rows_read={}, accepted={}, rejected={})",
            quoted(py, &self.0.path.display().to_string())?,
            self.0.rows_read,
            self.0.accepted,
            self.0.rejected.len()
        ))
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}
