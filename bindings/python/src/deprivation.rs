//! `Deprivation`: a published IoD table keyed by LSOA code (core `outreach::deprivation`,
//! read by `outreach::io::read_iod`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, StringArray, UInt32Array, UInt8Array};
use outreach::{AreaCode, Deprivation, IodEdition, LsoaDeprivation};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{invalid_argument, quoted, record_batch, to_pyarrow_table};
use crate::errors::{check, run};
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
    inner: Arc<Deprivation>,
    report: Py<PyLoadReport>,
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
    /// `<domain>_score` for each domain in the file, and `population`.
    fn lookup<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyDict>> {
        let code: AreaCode = check(code.parse())?;
        let row = check(self.inner.try_get(&code))?;
        let dict = PyDict::new(py);
        dict.set_item("lsoa_code", row.code().as_str())?;
        for domain in self.inner.domains() {
            dict.set_item(format!("{domain}_rank"), row.rank(domain))?;
            dict.set_item(format!("{domain}_decile"), row.decile(domain))?;
            dict.set_item(format!("{domain}_score"), row.score(domain))?;
        }
        dict.set_item("population", row.population())?;
        Ok(dict)
    }

    /// The table as a `pyarrow.Table`: `lsoa_code`, then `<domain>_rank` (uint32),
    /// `<domain>_decile` (uint8, derived from the rank where not published) and
    /// `<domain>_score` (float64) per domain in the file, then `population`; nulls where the
    /// file has no value.
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
                names.extend(["rank", "decile", "score"].map(|s| format!("{domain}_{s}")));
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
            }
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
