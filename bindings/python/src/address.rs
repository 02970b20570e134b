//! `AddressIndex`: free-text addresses matched to UPRNs (core `outreach::address`) and the
//! data-quality report of a partner file (core `outreach::address::quality`), results as
//! Arrow tables.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float32Array, StringArray, UInt64Array};
use outreach::address::quality::{
    quality_report, Boundary, QualityData, QualityOptions, QualityRecord,
};
use outreach::address::{AddressIndex, MatchOptions, ReferenceAddress};
use outreach::io::{self, AddressColumns, AddressLayout};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::area::PyAreaSet;
use crate::convert::{invalid_argument, record_batch, to_pyarrow_table, uprn};
use crate::errors::run;
use crate::gazetteer::PyGazetteer;
use crate::io::PyLoadReport;
use crate::postcode::PyPostcodeCentroids;
use crate::profile::table_batch;
use crate::progress::{run_with_progress, Task};

/// Strings from a list, a tuple, a pyarrow array or chunked array, a pandas Series or any
/// iterable of str / None.
fn strings(name: &'static str, value: &Bound<'_, PyAny>) -> PyResult<Vec<Option<String>>> {
    if value.hasattr("__arrow_c_array__")? || value.hasattr("__arrow_c_stream__")? {
        return arrow_strings(name, value);
    }
    let list = if value.hasattr("to_pylist")? {
        value.call_method0("to_pylist")?
    } else if value.hasattr("tolist")? {
        value.call_method0("tolist")?
    } else {
        value.clone()
    };
    list.extract::<Vec<Option<String>>>()
        .map_err(|e| invalid_argument(name, format!("expected strings or None: {e}")))
}

/// Strings from any Arrow producer (pyarrow, polars, nanoarrow...): utf8, large_utf8,
/// string_view or dictionary-encoded text, read without going through Python objects.
fn arrow_strings(name: &'static str, value: &Bound<'_, PyAny>) -> PyResult<Vec<Option<String>>> {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    use arrow_schema::DataType;
    use pyo3_arrow::input::AnyArray;
    let chunks: Vec<ArrayRef> = match value.extract::<AnyArray>()? {
        AnyArray::Array(array) => vec![array.into_inner().0],
        AnyArray::Stream(stream) => stream.into_chunked_array()?.into_inner().0,
    };
    let mut out = Vec::new();
    for chunk in chunks {
        let text = arrow_cast::cast(&chunk, &DataType::Utf8).map_err(|e| {
            invalid_argument(
                name,
                format!("expected strings, got Arrow {}: {e}", chunk.data_type()),
            )
        })?;
        out.extend(
            text.as_string::<i32>()
                .iter()
                .map(|s| s.map(str::to_string)),
        );
    }
    Ok(out)
}

fn same_len<T>(name: &'static str, v: &[T], n: usize) -> PyResult<()> {
    if v.len() == n {
        Ok(())
    } else {
        Err(invalid_argument(
            name,
            format!("{} values for {n} addresses", v.len()),
        ))
    }
}

/// An indexed gazetteer of addresses to match against. Immutable.
#[pyclass(name = "AddressIndex", module = "outreach", frozen)]
pub(crate) struct PyAddressIndex {
    index: Arc<AddressIndex>,
    refs: Arc<Vec<ReferenceAddress>>,
    report: Option<Py<PyLoadReport>>,
}

fn options(min_score: Option<f32>, min_margin: Option<f32>) -> MatchOptions {
    let d = MatchOptions::default();
    MatchOptions {
        min_score: min_score.unwrap_or(d.min_score),
        min_margin: min_margin.unwrap_or(d.min_margin),
        ..d
    }
}

#[pymethods]
impl PyAddressIndex {
    /// Reads a gazetteer CSV (plain or gzip): `format="text"` (`uprn,address,postcode,
    /// parent_uprn`) or `"fields"` (AddressBase-style `subname,name,number,streetname,
    /// locality,townname,postcode,parentuprn`). `postcode_field=""`: no postcode column.
    #[staticmethod]
    #[pyo3(signature = (path, *, format="text", uprn_field="uprn", address_field="address", postcode_field="postcode", parent_field=None))]
    fn from_csv(
        py: Python<'_>,
        path: PathBuf,
        format: &str,
        uprn_field: &str,
        address_field: &str,
        postcode_field: &str,
        parent_field: Option<&str>,
    ) -> PyResult<Self> {
        let mut columns = match format {
            "text" => AddressColumns {
                layout: AddressLayout::Text(vec![address_field.to_string()]),
                ..AddressColumns::text()
            },
            "fields" => AddressColumns::fields(),
            other => {
                return Err(invalid_argument(
                    "format",
                    format!("{other:?}: use \"text\" or \"fields\""),
                ))
            }
        };
        columns.uprn = uprn_field.to_string();
        columns.postcode = (!postcode_field.is_empty()).then(|| postcode_field.to_string());
        if let Some(p) = parent_field {
            columns.parent = Some(p.to_string());
        }
        let (refs, index, report) = run(py, || {
            let (refs, report) = io::read_address_gazetteer(&path, &columns)?;
            let index = AddressIndex::build(&refs)?;
            Ok((refs, index, report))
        })?;
        Ok(PyAddressIndex {
            index: Arc::new(index),
            refs: Arc::new(refs),
            report: Some(Py::new(py, PyLoadReport(report))?),
        })
    }

    /// Builds an index from columns: UPRNs (int or str), one address string each (without
    /// the postcode), and optionally postcodes and parent UPRNs (None where absent).
    #[staticmethod]
    #[pyo3(signature = (uprns, addresses, postcodes=None, parents=None))]
    fn from_columns(
        py: Python<'_>,
        uprns: Vec<Bound<'_, PyAny>>,
        addresses: &Bound<'_, PyAny>,
        postcodes: Option<&Bound<'_, PyAny>>,
        parents: Option<Vec<Option<Bound<'_, PyAny>>>>,
    ) -> PyResult<Self> {
        let n = uprns.len();
        let addresses = strings("addresses", addresses)?;
        same_len("addresses", &addresses, n)?;
        let postcodes = match postcodes {
            Some(p) => strings("postcodes", p)?,
            None => vec![None; n],
        };
        same_len("postcodes", &postcodes, n)?;
        let parents = parents.unwrap_or_else(|| vec![None; n]);
        same_len("parents", &parents, n)?;
        let mut refs = Vec::with_capacity(n);
        for (((u, a), p), parent) in uprns.iter().zip(&addresses).zip(&postcodes).zip(&parents) {
            let parent = parent.as_ref().map(uprn).transpose()?;
            let a = a
                .as_deref()
                .ok_or_else(|| invalid_argument("addresses", "an address is None"))?;
            refs.push(ReferenceAddress::text(uprn(u)?, a, p.as_deref(), parent));
        }
        let index = run(py, || Ok(AddressIndex::build(&refs)?))?;
        Ok(PyAddressIndex {
            index: Arc::new(index),
            refs: Arc::new(refs),
            report: None,
        })
    }

    /// What the reader did with the file (None for an index built from columns).
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Option<Py<PyLoadReport>> {
        self.report.as_ref().map(|r| r.clone_ref(py))
    }

    fn __len__(&self) -> usize {
        self.index.len()
    }

    /// A short HTML summary for Jupyter.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::convert::interop(slf.as_any(), "repr_html")?.extract()
    }

    fn __repr__(&self) -> String {
        format!(
            "AddressIndex({} addresses, {} postcodes)",
            self.index.len(),
            self.index.postcode_count()
        )
    }

    /// Matches addresses (a list, a pyarrow array, a pandas Series, a DataFrame column),
    /// in parallel; returns a pyarrow.Table `id, uprn, score, status, margin, reason,
    /// postcode, postcode_corrected` in input order (`uprn` null for ambiguous / no_match).
    /// `progress`: see the package docs; Ctrl-C raises `KeyboardInterrupt` within a chunk
    /// of 1,024 addresses and leaves the index as it was.
    #[pyo3(signature = (addresses, postcodes=None, ids=None, *, min_score=None, min_margin=None, progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn r#match(
        &self,
        py: Python<'_>,
        addresses: &Bound<'_, PyAny>,
        postcodes: Option<&Bound<'_, PyAny>>,
        ids: Option<&Bound<'_, PyAny>>,
        min_score: Option<f32>,
        min_margin: Option<f32>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let addresses = strings("addresses", addresses)?;
        let n = addresses.len();
        let postcodes = match postcodes {
            Some(p) => strings("postcodes", p)?,
            None => vec![None; n],
        };
        same_len("postcodes", &postcodes, n)?;
        let ids = match ids {
            Some(i) => strings("ids", i)?,
            None => (0..n).map(|i| Some(i.to_string())).collect(),
        };
        same_len("ids", &ids, n)?;
        let opts = options(min_score, min_margin);
        let index = Arc::clone(&self.index);
        let task = Task {
            desc: "matching addresses",
            unit: "addr",
            total: Some(n as u64),
        };
        let batch = run_with_progress(py, progress, task, |state| {
            let a: Vec<&str> = addresses
                .iter()
                .map(|a| a.as_deref().unwrap_or(""))
                .collect();
            let p: Vec<Option<&str>> = postcodes.iter().map(|p| p.as_deref()).collect();
            let Some(results) = index.match_batch_with_progress(&a, &p, &opts, state)? else {
                return Ok(None);
            };
            let text = |f: &dyn Fn(usize) -> Option<String>| -> ArrayRef {
                Arc::new((0..n).map(f).collect::<StringArray>())
            };
            Ok(Some(record_batch(vec![
                ("id", text(&|i| ids[i].clone()), true),
                (
                    "uprn",
                    Arc::new(
                        results
                            .iter()
                            .map(|m| m.uprn.map(|u| u.get()))
                            .collect::<UInt64Array>(),
                    ),
                    true,
                ),
                (
                    "score",
                    Arc::new(results.iter().map(|m| m.score).collect::<Float32Array>()),
                    false,
                ),
                (
                    "status",
                    text(&|i| Some(results[i].status.as_str().to_string())),
                    false,
                ),
                (
                    "margin",
                    Arc::new(results.iter().map(|m| m.margin).collect::<Float32Array>()),
                    false,
                ),
                ("reason", text(&|i| Some(results[i].reason.clone())), false),
                ("postcode", text(&|i| results[i].postcode.clone()), true),
                (
                    "postcode_corrected",
                    text(&|i| results[i].postcode_corrected.clone()),
                    true,
                ),
            ])?))
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The data-quality report of a partner file: a dict of pyarrow.Tables `anomalies`
    /// (id, anomaly, uprn, address, detail), `corrections` (id, old_address, uprn,
    /// canonical_address, reason) and `inside_outside` (basis before/after, inside,
    /// outside, unknown). `uprns` are the UPRNs the records carry (None where none);
    /// `properties` (a Gazetteer) gives classes and locations, `boundary` (an AreaSet) the
    /// council's area, `centroids` (PostcodeCentroids) place each record by its own
    /// postcode for the "before" inside/outside count (without them "before" is unknown).
    #[pyo3(signature = (ids, addresses, postcodes=None, uprns=None, *, properties=None, boundary=None, centroids=None, one_record_per_uprn=true))]
    #[allow(clippy::too_many_arguments)]
    fn quality<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
        addresses: &Bound<'py, PyAny>,
        postcodes: Option<&Bound<'py, PyAny>>,
        uprns: Option<Vec<Option<Bound<'py, PyAny>>>>,
        properties: Option<PyRef<'py, PyGazetteer>>,
        boundary: Option<PyRef<'py, PyAreaSet>>,
        centroids: Option<PyRef<'py, PyPostcodeCentroids>>,
        one_record_per_uprn: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let ids = strings("ids", ids)?;
        let addresses = strings("addresses", addresses)?;
        let n = addresses.len();
        same_len("ids", &ids, n)?;
        let postcodes = match postcodes {
            Some(p) => strings("postcodes", p)?,
            None => vec![None; n],
        };
        same_len("postcodes", &postcodes, n)?;
        let uprns = uprns.unwrap_or_else(|| vec![None; n]);
        same_len("uprns", &uprns, n)?;
        let mut records = Vec::with_capacity(n);
        for (((id, a), p), u) in ids.iter().zip(&addresses).zip(&postcodes).zip(&uprns) {
            records.push(QualityRecord {
                id: id.clone().unwrap_or_default(),
                address: a.clone().unwrap_or_default(),
                postcode: p.clone(),
                uprn: u.as_ref().map(uprn).transpose()?,
            });
        }
        let props = properties.map(|p| Arc::clone(&p.inner));
        let areas = boundary.map(|b| Arc::clone(&b.inner));
        let centroids = centroids.map(|c| Arc::clone(&c.inner));
        let index = Arc::clone(&self.index);
        let refs = Arc::clone(&self.refs);
        let opts = QualityOptions {
            one_record_per_uprn,
            ..QualityOptions::default()
        };
        let batches = run(py, || {
            let data = QualityData {
                index: &index,
                addresses: &refs,
                properties: props.as_deref(),
                postcodes: centroids.as_deref(),
                boundary: areas.as_deref().map(Boundary::Areas),
            };
            let q = quality_report(&records, &data, &opts)?;
            Ok([
                table_batch(&q.anomalies)?,
                table_batch(&q.corrections)?,
                table_batch(&q.inside_outside)?,
            ])
        })?;
        let out = PyDict::new(py);
        for (name, b) in ["anomalies", "corrections", "inside_outside"]
            .into_iter()
            .zip(batches)
        {
            out.set_item(name, to_pyarrow_table(py, b)?)?;
        }
        Ok(out)
    }
}
