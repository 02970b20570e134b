//! `AreaSet`: polygons of one kind and vintage with a prepared point-in-area index (core
//! `outreach::area`, read by `outreach::io::read_area_set`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, StringArray};
use outreach::io::{self, read_area_set, AreaSetSpec};
use outreach::{AreaSet, Vintage};
use pyo3::prelude::*;

use crate::convert::{area_codes_owned, f64_column, quoted, record_batch, to_pyarrow_table};
use crate::errors::{check, run};
use crate::io::PyLoadReport;
use crate::progress::{run_with_progress, Task};

/// A set of non-overlapping areas (LSOAs, wards, user-drawn zones) with a prepared
/// point-in-area index. Coordinates are British National Grid metres (EPSG:27700).
#[pyclass(name = "AreaSet", module = "outreach", frozen)]
pub(crate) struct PyAreaSet {
    pub(crate) inner: Arc<AreaSet>,
    pub(crate) report: Option<Py<PyLoadReport>>,
}

impl PyAreaSet {
    /// A set not read from a file (no load report).
    pub(crate) fn wrap(inner: Arc<AreaSet>) -> Self {
        PyAreaSet {
            inner,
            report: None,
        }
    }
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

    /// Reads the polygons of a `geopandas.GeoDataFrame` in any CRS: `code` and `name`
    /// name its code and (optional) area-name columns. EPSG:27700 frames are read as they
    /// are; other CRSs are reprojected to WGS84 by GeoPandas and converted to British
    /// National Grid by the core with OSTN15, as for GeoJSON files.
    #[staticmethod]
    #[pyo3(signature = (frame, code, *, name=None, set_name=None, vintage=None))]
    fn from_geodataframe<'py>(
        py: Python<'py>,
        frame: &Bound<'py, PyAny>,
        code: &str,
        name: Option<&str>,
        set_name: Option<&str>,
        vintage: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        py.import("outreach.interop")?.call_method1(
            "areas_from_geodataframe",
            (frame, code, name, set_name, vintage),
        )
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

    /// Assigns points (BNG metres) to the area containing each: a `pyarrow.Table` of
    /// `index` (the point's position) and `area_code` (null outside every area).
    ///
    /// `xs` and `ys` are any Arrow array or chunked array (pyarrow, polars, a pandas
    /// column through pyarrow), a numpy array or a list. `progress`: see the package docs;
    /// Ctrl-C stops the call within milliseconds with `KeyboardInterrupt`.
    #[pyo3(signature = (xs, ys, *, progress=None))]
    fn assign(
        &self,
        py: Python<'_>,
        xs: &Bound<'_, PyAny>,
        ys: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let xs = f64_column(py, "xs", xs)?;
        let ys = f64_column(py, "ys", ys)?;
        let areas = &self.inner;
        let task = Task {
            desc: "assigning points",
            unit: "pt",
            total: Some(xs.len() as u64),
        };
        let batch = run_with_progress(py, progress, task, |state| {
            let Some(assignment) = areas.assign_with_progress(xs.values(), ys.values(), state)?
            else {
                return Ok(None);
            };
            let index: ArrayRef = Arc::new(Int64Array::from(
                (0..assignment.len() as i64).collect::<Vec<i64>>(),
            ));
            Ok(Some(record_batch(vec![
                ("index", index, false),
                ("area_code", area_codes_owned(areas, assignment)?, true),
            ])?))
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The areas as a `pyarrow.Table`: `code`, `name` (null where unknown) and
    /// `geometry_geojson` (each polygon as GeoJSON text in BNG metres, EPSG:27700).
    fn to_arrow(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let set = &self.inner;
        let batch = run(py, || {
            let n = set.len() as u32;
            let geoms: Vec<String> = (0..n)
                .map(|a| {
                    set.geometry(a)
                        .map(|g| io::geometry_geojson(g, false).map(|v| v.to_string()))
                        .transpose()
                        .map(Option::unwrap_or_default)
                })
                .collect::<Result<_, _>>()?;
            let codes: ArrayRef = Arc::new(StringArray::from_iter_values(
                set.codes().iter().map(|c| c.as_str()),
            ));
            let names: ArrayRef =
                Arc::new((0..n).map(|a| set.area_name(a)).collect::<StringArray>());
            let geoms: ArrayRef = Arc::new(StringArray::from_iter_values(geoms));
            Ok(record_batch(vec![
                ("code", codes, false),
                ("name", names, true),
                ("geometry_geojson", geoms, false),
            ])?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The areas as a GeoJSON FeatureCollection dict (properties `code`, `name`) in
    /// British National Grid metres (EPSG:27700, named in a `crs` member), for shapely,
    /// GeoPandas and other readers of the geo interface.
    #[getter]
    fn __geo_interface__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "areas_geo_interface")
    }

    /// A short HTML summary for Jupyter.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::convert::interop(slf.as_any(), "repr_html")?.extract()
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

/// Seconds each of `repeats` runs of the core's `AreaSet::assign` takes on these points,
/// timed inside Rust with the GIL released: the baseline of `bench_overhead.py`.
#[pyfunction]
pub(crate) fn _time_assign(
    py: Python<'_>,
    areas: PyRef<'_, PyAreaSet>,
    xs: &Bound<'_, PyAny>,
    ys: &Bound<'_, PyAny>,
    repeats: usize,
) -> PyResult<Vec<f64>> {
    let xs = f64_column(py, "xs", xs)?;
    let ys = f64_column(py, "ys", ys)?;
    let set = &areas.inner;
    run(py, || {
        let mut times = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            let start = std::time::Instant::now();
            let assignment = set.assign(xs.values(), ys.values())?;
            times.push(start.elapsed().as_secs_f64());
            std::hint::black_box(assignment);
        }
        Ok(times)
    })
}
