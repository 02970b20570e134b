//! `PostcodeCentroids`: Code-Point Open postcode centroids (core
//! `outreach::PostcodeCentroids`, read by `outreach::io::read_codepoint_open`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, StringArray, UInt8Array};
use outreach::{Postcode, PostcodeCentroids};
use pyo3::prelude::*;

use crate::convert::{record_batch, to_pyarrow_table};
use crate::errors::run;
use crate::io::PyLoadReport;

/// Postcode centroids in British National Grid metres, keyed by postcode (any spacing or
/// case is accepted on lookup).
#[pyclass(name = "PostcodeCentroids", module = "outreach", frozen)]
pub(crate) struct PyPostcodeCentroids {
    pub(crate) inner: Arc<PostcodeCentroids>,
    report: Py<PyLoadReport>,
}

#[pymethods]
impl PyPostcodeCentroids {
    /// Reads Code-Point Open (the OS product's CSV, or the single-file layout with a header;
    /// plain or gzip).
    #[staticmethod]
    fn from_codepoint_open(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let (inner, report) = run(py, || Ok(outreach::io::read_codepoint_open(&path)?))?;
        Ok(PyPostcodeCentroids {
            inner: Arc::new(inner),
            report: Py::new(py, PyLoadReport(report))?,
        })
    }

    /// What the reader did with the file.
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Py<PyLoadReport> {
        self.report.clone_ref(py)
    }

    /// The centroid `(x, y)` of a postcode, or None when the postcode is unknown or not a
    /// valid postcode.
    fn get(&self, postcode: &str) -> Option<(f64, f64)> {
        let pc = postcode.parse::<Postcode>().ok()?;
        self.inner.get(&pc).map(|c| (c.x, c.y))
    }

    fn __contains__(&self, postcode: &str) -> bool {
        self.get(postcode).is_some()
    }

    /// Every centroid as a pyarrow Table: `postcode, x, y, quality` in file order.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        let batch = run(py, || {
            let columns: Vec<(&str, ArrayRef, bool)> = vec![
                (
                    "postcode",
                    Arc::new(StringArray::from_iter_values(
                        c.postcodes().iter().map(|p| p.to_string()),
                    )),
                    false,
                ),
                ("x", Arc::new(Float64Array::from(c.xs().to_vec())), false),
                ("y", Arc::new(Float64Array::from(c.ys().to_vec())), false),
                (
                    "quality",
                    Arc::new(UInt8Array::from_iter_values(
                        (0..c.len()).map(|i| c.at(i).quality),
                    )),
                    false,
                ),
            ];
            Ok(record_batch(columns)?)
        })?;
        to_pyarrow_table(py, batch)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("PostcodeCentroids({} postcodes)", self.inner.len())
    }
}
