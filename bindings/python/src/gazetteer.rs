//! `Gazetteer`: every property (UPRN) with its location and optional attributes (core
//! `outreach::gazetteer`, read by `outreach::io::read_gazetteer`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_schema::DataType;
use outreach::io::{read_gazetteer_with_progress, Crs, GazetteerColumns, GazetteerFormat};
use outreach::Gazetteer;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::area::PyAreaSet;
use crate::convert::{
    area_codes_owned, f64_view, invalid_argument, record_batch, to_pyarrow_array, to_pyarrow_table,
    uprn,
};
use crate::errors::{check, run};
use crate::io::PyLoadReport;
use crate::progress::{run_with_progress, Task};

/// Every property of an area with its location (BNG metres) and, where loaded, class,
/// parent UPRN, postcode and address, stored as columns.
#[pyclass(name = "Gazetteer", module = "outreach", frozen)]
pub(crate) struct PyGazetteer {
    pub(crate) inner: Arc<Gazetteer>,
    pub(crate) report: Option<Py<PyLoadReport>>,
}

/// An EPSG code (27700, 4326) or a name the core parses ("EPSG:27700", "BNG", "WGS84").
#[derive(FromPyObject)]
pub(crate) enum CrsArg {
    Code(u32),
    Name(String),
}

/// The core's file layout from the keyword arguments of `Gazetteer.from_csv`.
#[allow(clippy::too_many_arguments)]
fn format_of(
    format: &str,
    uprn: Option<String>,
    x: Option<String>,
    y: Option<String>,
    crs: CrsArg,
    class_field: Option<String>,
    parent_field: Option<String>,
    postcode_field: Option<String>,
    address_fields: Vec<String>,
) -> PyResult<GazetteerFormat> {
    let mapped = !matches!(crs, CrsArg::Code(27700))
        || uprn.is_some()
        || x.is_some()
        || y.is_some()
        || class_field.is_some()
        || parent_field.is_some()
        || postcode_field.is_some()
        || !address_fields.is_empty();
    let fixed = |f: GazetteerFormat| {
        if mapped {
            Err(invalid_argument(
                "format",
                format!("{format:?} has fixed columns in British National Grid; column names and crs need format=\"columns\""),
            ))
        } else {
            Ok(f)
        }
    };
    match format {
        "os_open_uprn" => fixed(GazetteerFormat::OsOpenUprn),
        "addressbase" => fixed(GazetteerFormat::AddressBasePremium),
        "columns" => {
            let (Some(uprn), Some(x), Some(y)) = (uprn, x, y) else {
                return Err(invalid_argument(
                    "format",
                    "format=\"columns\" needs uprn, x and y column names",
                ));
            };
            let crs: Crs = check(match crs {
                CrsArg::Code(code) => code.to_string().parse(),
                CrsArg::Name(name) => name.parse(),
            })?;
            Ok(GazetteerFormat::Columns(GazetteerColumns {
                uprn,
                x,
                y,
                crs,
                class: class_field,
                parent: parent_field,
                postcode: postcode_field,
                address: address_fields,
            }))
        }
        other => Err(invalid_argument(
            "format",
            format!("{other:?}: use \"os_open_uprn\", \"addressbase\" or \"columns\""),
        )),
    }
}

#[pymethods]
impl PyGazetteer {
    /// Reads a gazetteer from a CSV file (plain or gzip). `progress`: see the package docs
    /// (the bar shows the time elapsed; Ctrl-C is raised when the read returns).
    #[staticmethod]
    #[pyo3(signature = (
        path, *, format="os_open_uprn", uprn=None, x=None, y=None, crs=CrsArg::Code(27700),
        class_field=None, parent_field=None, postcode_field=None, address_fields=Vec::new(),
        progress=None
    ))]
    #[pyo3(
        text_signature = "(path, *, format='os_open_uprn', uprn=None, x=None, y=None, crs=27700, class_field=None, parent_field=None, postcode_field=None, address_fields=(), progress=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn from_csv(
        py: Python<'_>,
        path: PathBuf,
        format: &str,
        uprn: Option<String>,
        x: Option<String>,
        y: Option<String>,
        crs: CrsArg,
        class_field: Option<String>,
        parent_field: Option<String>,
        postcode_field: Option<String>,
        address_fields: Vec<String>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let format = format_of(
            format,
            uprn,
            x,
            y,
            crs,
            class_field,
            parent_field,
            postcode_field,
            address_fields,
        )?;
        let task = Task {
            desc: "reading gazetteer",
            unit: "",
            total: None,
        };
        let (gazetteer, report) = run_with_progress(py, progress, task, |state| {
            Ok(read_gazetteer_with_progress(&path, &format, state)?)
        })?;
        Ok(PyGazetteer {
            inner: Arc::new(gazetteer),
            report: Some(Py::new(py, PyLoadReport(report))?),
        })
    }

    /// Builds a gazetteer from a table: any object with the Arrow PyCapsule interface
    /// (a pyarrow Table or RecordBatch, a polars DataFrame...) or a pandas DataFrame
    /// (through pyarrow). `uprn` (integers or text), `x` and `y` name the columns, in
    /// `crs` 27700 (BNG metres) or 4326 (longitude, latitude; converted with OSTN15);
    /// the other fields are optional text columns (`parent_field`: UPRNs).
    #[staticmethod]
    #[pyo3(signature = (
        table, *, uprn="uprn", x="x", y="y", crs=CrsArg::Code(27700), class_field=None,
        parent_field=None, postcode_field=None, address_field=None
    ))]
    #[pyo3(
        text_signature = "(table, *, uprn='uprn', x='x', y='y', crs=27700, class_field=None, parent_field=None, postcode_field=None, address_field=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn from_arrow(
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        uprn: &str,
        x: &str,
        y: &str,
        crs: CrsArg,
        class_field: Option<&str>,
        parent_field: Option<&str>,
        postcode_field: Option<&str>,
        address_field: Option<&str>,
    ) -> PyResult<Self> {
        let crs: Crs = check(match crs {
            CrsArg::Code(code) => code.to_string().parse(),
            CrsArg::Name(name) => name.parse(),
        })?;
        let batches = crate::convert::record_batches(py, "table", table)?;
        let names = Fields {
            uprn,
            x,
            y,
            class: class_field,
            parent: parent_field,
            postcode: postcode_field,
            address: address_field,
        };
        let gazetteer = run(py, || Ok(build_from_batches(&batches, &names, crs)?))?;
        Ok(PyGazetteer {
            inner: Arc::new(gazetteer),
            report: None,
        })
    }

    /// What the reader did with the file (`None` for gazetteers not read from a file).
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Option<Py<PyLoadReport>> {
        self.report.as_ref().map(|r| r.clone_ref(py))
    }

    /// Whether the gazetteer was made by the synthetic generator rather than loaded from
    /// real data.
    #[getter]
    fn is_synthetic(&self) -> bool {
        self.inner.is_synthetic()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The UPRN column (uint64), in file order.
    fn uprns(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let g = &self.inner;
        let array = run(py, || Ok(Arc::new(uprn_column(g)) as ArrayRef))?;
        to_pyarrow_array(py, array)
    }

    /// The easting column (float64, BNG metres), shared with the gazetteer without a copy.
    fn xs(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_pyarrow_array(py, Arc::new(f64_view(&self.inner, Gazetteer::xs)))
    }

    /// The northing column (float64, BNG metres), shared with the gazetteer without a copy.
    fn ys(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_pyarrow_array(py, Arc::new(f64_view(&self.inner, Gazetteer::ys)))
    }

    /// The property with this UPRN, as a dict.
    fn get<'py>(&self, py: Python<'py>, uprn: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let property = check(self.inner.get(self::uprn(uprn)?))?;
        let dict = PyDict::new(py);
        dict.set_item("uprn", property.uprn.get())?;
        dict.set_item("x", property.x)?;
        dict.set_item("y", property.y)?;
        dict.set_item("class", property.class)?;
        dict.set_item("parent_uprn", property.parent.map(|p| p.get()))?;
        dict.set_item("postcode", property.postcode.as_ref().map(|p| p.as_str()))?;
        dict.set_item("address", property.address)?;
        Ok(dict)
    }

    /// The whole gazetteer as a `pyarrow.Table`.
    fn to_arrow(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let g = &self.inner;
        let xs: ArrayRef = Arc::new(f64_view(g, Gazetteer::xs));
        let ys: ArrayRef = Arc::new(f64_view(g, Gazetteer::ys));
        let batch = run(py, || {
            let rows = 0..g.len();
            let text = |f: fn(&Gazetteer, usize) -> Option<&str>| -> ArrayRef {
                Arc::new(rows.clone().map(|r| f(g, r)).collect::<StringArray>())
            };
            let parents: ArrayRef = Arc::new(
                rows.clone()
                    .map(|r| g.parent(r).map(|p| p.get()))
                    .collect::<UInt64Array>(),
            );
            Ok(record_batch(vec![
                ("uprn", Arc::new(uprn_column(g)), false),
                ("x", xs, false),
                ("y", ys, false),
                ("class", text(Gazetteer::class), true),
                ("parent_uprn", parents, true),
                ("postcode", text(Gazetteer::postcode), true),
                ("address", text(Gazetteer::address), true),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The gazetteer as a `pandas.DataFrame` (needs `outreach[pandas]`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "to_pandas")
    }

    /// The gazetteer as a `geopandas.GeoDataFrame` of points in EPSG:27700 (needs
    /// `outreach[geo]`).
    fn to_geopandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "to_geopandas")
    }

    /// Assigns every property to an area of `areas`: a `pyarrow.Table` of `uprn` and
    /// `area_code` (null outside every area), in gazetteer order. `progress`: see the
    /// package docs; Ctrl-C raises `KeyboardInterrupt` and leaves both objects as they were.
    #[pyo3(signature = (areas, *, progress=None))]
    fn assign(
        &self,
        py: Python<'_>,
        areas: PyRef<'_, PyAreaSet>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let (g, areas) = (&self.inner, &areas.inner);
        let task = Task {
            desc: "assigning properties",
            unit: "pt",
            total: Some(g.len() as u64),
        };
        let batch = run_with_progress(py, progress, task, |state| {
            let Some(assignment) = g.assign_with_progress(areas, state) else {
                return Ok(None);
            };
            Ok(Some(record_batch(vec![
                ("uprn", Arc::new(uprn_column(g)), false),
                ("area_code", area_codes_owned(areas, assignment)?, true),
            ])?))
        })?;
        to_pyarrow_table(py, batch)
    }

    /// A short HTML summary for Jupyter.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::convert::interop(slf.as_any(), "repr_html")?.extract()
    }

    fn __repr__(&self) -> String {
        let g = &self.inner;
        let mut columns = vec!["uprn", "x", "y"];
        for (has, name) in [
            (g.has_classes(), "class"),
            (g.has_parents(), "parent_uprn"),
            (g.has_postcodes(), "postcode"),
            (g.has_addresses(), "address"),
        ] {
            if has {
                columns.push(name);
            }
        }
        format!(
            "Gazetteer(properties={}, columns=[{}]{})",
            g.len(),
            columns.join(", "),
            if g.is_synthetic() { ", synthetic" } else { "" }
        )
    }
}

/// UPRNs as plain u64 (the core's `Uprn` is not `repr(transparent)`, so this is a copy).
fn uprn_column(g: &Gazetteer) -> UInt64Array {
    g.uprns()
        .iter()
        .map(|u| u.get())
        .collect::<Vec<u64>>()
        .into()
}

/// Column names of `Gazetteer.from_arrow`.
struct Fields<'a> {
    uprn: &'a str,
    x: &'a str,
    y: &'a str,
    class: Option<&'a str>,
    parent: Option<&'a str>,
    postcode: Option<&'a str>,
    address: Option<&'a str>,
}

/// One column of a batch cast to `to`, or `InvalidArgument` naming the column.
pub(crate) fn column_as(
    batch: &RecordBatch,
    name: &str,
    to: &DataType,
) -> Result<ArrayRef, outreach::Error> {
    let column = batch
        .column_by_name(name)
        .ok_or_else(|| outreach::Error::InvalidArgument {
            name: "table",
            reason: format!("no column {name:?}"),
        })?;
    arrow_cast::cast(column, to).map_err(|e| outreach::Error::InvalidArgument {
        name: "table",
        reason: format!("column {name:?}: {e}"),
    })
}

fn build_from_batches(
    batches: &[RecordBatch],
    f: &Fields<'_>,
    crs: Crs,
) -> Result<Gazetteer, outreach::Error> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, UInt64Type};
    use arrow_array::Array;
    let bad = |row: usize, reason: String| outreach::Error::InvalidArgument {
        name: "table",
        reason: format!("row {row}: {reason}"),
    };
    let mut builder = outreach::GazetteerBuilder::new();
    builder.reserve(batches.iter().map(RecordBatch::num_rows).sum());
    let mut row0 = 0usize;
    for batch in batches {
        // UPRNs as text, so that leading zeros and the core's checks apply as in a CSV.
        let uprns = column_as(batch, f.uprn, &DataType::Utf8)?;
        let uprns = uprns.as_string::<i32>();
        let xs = column_as(batch, f.x, &DataType::Float64)?;
        let xs = xs.as_primitive::<Float64Type>();
        let ys = column_as(batch, f.y, &DataType::Float64)?;
        let ys = ys.as_primitive::<Float64Type>();
        let text = |name: Option<&str>| {
            name.map(|n| column_as(batch, n, &DataType::Utf8))
                .transpose()
        };
        let (class, postcode, address) = (text(f.class)?, text(f.postcode)?, text(f.address)?);
        let parent = f
            .parent
            .map(|n| column_as(batch, n, &DataType::UInt64))
            .transpose()?;
        let get = |a: &Option<ArrayRef>, i: usize| {
            a.as_ref()
                .map(|a| a.as_string::<i32>())
                .filter(|a| a.is_valid(i))
                .map(|a| a.value(i).to_string())
        };
        for i in 0..batch.num_rows() {
            let row = row0 + i + 1;
            if !uprns.is_valid(i) || !xs.is_valid(i) || !ys.is_valid(i) {
                return Err(bad(row, "null uprn, x or y".into()));
            }
            let id: outreach::Uprn = uprns
                .value(i)
                .parse()
                .map_err(|e: outreach::Error| bad(row, e.to_string()))?;
            let (px, py) = match crs {
                Crs::Bng => (xs.value(i), ys.value(i)),
                Crs::Wgs84 => outreach::bng::wgs84_to_bng(xs.value(i), ys.value(i))
                    .map_err(|e| bad(row, e.to_string()))?,
            };
            let mut p = outreach::Property::at(id, px, py);
            p.class = get(&class, i);
            p.address = get(&address, i);
            p.postcode = match get(&postcode, i) {
                Some(text) => Some(
                    text.parse()
                        .map_err(|e: outreach::Error| bad(row, e.to_string()))?,
                ),
                None => None,
            };
            p.parent = match &parent {
                Some(a) if a.is_valid(i) => Some(
                    outreach::Uprn::new(a.as_primitive::<UInt64Type>().value(i))
                        .map_err(|e| bad(row, e.to_string()))?,
                ),
                _ => None,
            };
            builder.push(p);
        }
        row0 += batch.num_rows();
    }
    builder.build()
}
