//! `AreaSet`: polygons of one kind and vintage with a prepared point-in-area index (core
//! `outreach::area`, read by `outreach::io::read_area_set`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array};
use outreach::io::{read_area_set, AreaSetSpec};
use outreach::{AreaSet, Vintage};
use pyo3::prelude::*;

use crate::convert::{area_codes, f64_column, quoted, record_batch, to_pyarrow_table};
use crate::errors::{check, run};
use crate::io::PyLoadReport;

/// A set of non-overlapping areas (LSOAs, wards, user-drawn zones) with a prepared
/// point-in-area index. Coordinates are British National Grid metres (EPSG:27700).
#[pyclass(name = "AreaSet", module = "outreach", frozen)]
pub(crate) struct PyAreaSet {
    pub(crate) inner: Arc<AreaSet>,
    pub(crate) report: Option<Py<PyLoadReport>>,
}

/// `None` for [`Vintage::Unspecified`], else the year.
fn vintage_year(vintage: Vintage) -> Option<u16> {
    match vintage {
        Vintage::Y2011 => Some(2011),
        Vintage::Y2021 => Some(2021),
        Vintage::Year(y) => Some(y),
        Vintage::Unspecified => None,
    }
}

#[pymethods]
impl PyAreaSet {
    /// Reads an area set from a GeoJSON FeatureCollection (plain or gzip).
    #[staticmethod]
    #[pyo3(signature = (path, code_field, *, name_field=None, name=None, vintage=None))]
    fn from_geojson(
        py: Python<'_>,
        path: PathBuf,
        code_field: &str,
        name_field: Option<&str>,
        name: Option<&str>,
        vintage: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // The set is named after the file unless told otherwise ("lsoa11_bgc").
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let mut spec = AreaSetSpec::new(name.or(stem.as_deref()).unwrap_or(""), code_field);
        spec.name_field = name_field.map(str::to_string);
        if let Some(v) = vintage {
            spec.vintage = check(v.str()?.to_string().parse())?;
        }
        let (set, report) = run(py, || Ok(read_area_set(&path, &spec)?))?;
        Ok(PyAreaSet {
            inner: Arc::new(set),
            report: Some(Py::new(py, PyLoadReport(report))?),
        })
    }

    /// What the reader did with the file (`None` for sets not read from a file).
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Option<Py<PyLoadReport>> {
        self.report.as_ref().map(|r| r.clone_ref(py))
    }

    /// The set's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The kind of areas: "oa", "lsoa", "msoa", "ward", "district", "county", "region",
    /// "country" or "other".
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().as_str()
    }

    /// The geography's edition as a year (2011, 2021, 2022...), or None when unspecified.
    #[getter]
    fn vintage(&self) -> Option<u16> {
        vintage_year(self.inner.vintage())
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Area codes, in set order.
    fn codes(&self) -> Vec<&str> {
        self.inner.codes().iter().map(|c| c.as_str()).collect()
    }

    /// The code of the area containing one point (BNG metres), or None.
    fn locate(&self, x: f64, y: f64) -> Option<&str> {
        self.inner.locate(x, y).map(|i| self.inner.code(i).as_str())
    }

    /// Assigns points (BNG metres) to the area containing each.
    fn assign(
        &self,
        py: Python<'_>,
        xs: &Bound<'_, PyAny>,
        ys: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let xs = f64_column(py, "xs", xs)?;
        let ys = f64_column(py, "ys", ys)?;
        let areas = &self.inner;
        let batch = run(py, || {
            let assignment = areas.assign(xs.values(), ys.values())?;
            let index: ArrayRef =
                Arc::new(Int64Array::from_iter_values(0..assignment.len() as i64));
            Ok(record_batch(vec![
                ("index", index, false),
                ("area_code", area_codes(areas, &assignment)?, true),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let vintage =
            vintage_year(self.inner.vintage()).map_or("None".to_string(), |y| y.to_string());
        Ok(format!(
            "AreaSet(name={}, kind={}, vintage={vintage}, areas={})",
            quoted(py, self.inner.name())?,
            quoted(py, self.inner.kind().as_str())?,
            self.inner.len()
        ))
    }
}
