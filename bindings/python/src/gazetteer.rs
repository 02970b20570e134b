//! `Gazetteer`: every property (UPRN) with its location and optional attributes (core
//! `outreach::gazetteer`, read by `outreach::io::read_gazetteer`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, StringArray, UInt64Array};
use outreach::io::{read_gazetteer, Crs, GazetteerColumns, GazetteerFormat};
use outreach::Gazetteer;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::area::PyAreaSet;
use crate::convert::{
    area_codes, f64_view, invalid_argument, record_batch, to_pyarrow_array, to_pyarrow_table, uprn,
};
use crate::errors::{check, run};
use crate::io::PyLoadReport;

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
    /// Reads a gazetteer from a CSV file (plain or gzip).
    #[staticmethod]
    #[pyo3(signature = (
        path, *, format="os_open_uprn", uprn=None, x=None, y=None, crs=CrsArg::Code(27700),
        class_field=None, parent_field=None, postcode_field=None, address_fields=Vec::new()
    ))]
    #[pyo3(
        text_signature = "(path, *, format='os_open_uprn', uprn=None, x=None, y=None, crs=27700, class_field=None, parent_field=None, postcode_field=None, address_fields=())"
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
        let (gazetteer, report) = run(py, || Ok(read_gazetteer(&path, &format)?))?;
        Ok(PyGazetteer {
            inner: Arc::new(gazetteer),
            report: Some(Py::new(py, PyLoadReport(report))?),
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
    /// `area_code` (null outside every area), in gazetteer order.
    fn assign(&self, py: Python<'_>, areas: PyRef<'_, PyAreaSet>) -> PyResult<Py<PyAny>> {
        let (g, areas) = (&self.inner, &areas.inner);
        let batch = run(py, || {
            let assignment = g.assign(areas);
            Ok(record_batch(vec![
                ("uprn", Arc::new(uprn_column(g)), false),
                ("area_code", area_codes(areas, &assignment)?, true),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
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
