//! `AttributeTable` and `Profile`: household attributes joined to a gazetteer (core
//! `outreach::attributes`), area profiles, need drivers and hot spots (core
//! `outreach::profile`), handed out as Arrow tables.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, UInt64Array};
use outreach::attributes::{AttributeTable, JoinedAttributes, KeyKind};
use outreach::io::{self, AttributeSpec};
use outreach::kpi::Span;
use outreach::profile::{
    self as core_profile, Denominator, EventCounts, Profile, ProfileOptions, Profiler,
};
use outreach::table::{Table, Values};
use outreach::{AreaCode, AreaKind, AreaSet, Deprivation};
use pyo3::prelude::*;

use crate::area::PyAreaSet;
use crate::convert::{f64_column, invalid_argument, quoted, record_batch, to_pyarrow_table};
use crate::deprivation::PyDeprivation;
use crate::errors::{check, run, Failure};
use crate::gazetteer::PyGazetteer;
use crate::io::PyLoadReport;
use crate::progress::{run_with_progress, Task};

/// A core result table as Arrow columns (counts as uint64, ints as int64).
pub(crate) fn table_batch(table: &Table) -> Result<arrow_array::RecordBatch, Failure> {
    let columns: Vec<(&str, ArrayRef, bool)> = table
        .columns()
        .iter()
        .map(|c| {
            let array: ArrayRef = match &c.values {
                Values::Text(v) => {
                    Arc::new(v.iter().map(|s| s.as_deref()).collect::<StringArray>())
                }
                Values::Count(v) => Arc::new(v.iter().copied().collect::<UInt64Array>()),
                Values::Int(v) => Arc::new(v.iter().copied().collect::<Int64Array>()),
                Values::Float(v) => Arc::new(v.iter().copied().collect::<Float64Array>()),
                Values::Bool(v) => Arc::new(v.iter().copied().collect::<BooleanArray>()),
            };
            (c.name.as_str(), array, true)
        })
        .collect();
    Ok(record_batch(columns)?)
}

/// Rows of household attributes ("lifestyle data") keyed by UPRN, postcode or area code.
#[pyclass(name = "AttributeTable", module = "outreach", frozen)]
pub(crate) struct PyAttributeTable {
    pub(crate) inner: Arc<AttributeTable>,
    pub(crate) report: Option<Py<PyLoadReport>>,
}

fn key_of(key: &str) -> PyResult<KeyKind> {
    check(key.parse())
}

#[pymethods]
impl PyAttributeTable {
    /// Reads a CSV (plain or gzip): `key_field` holds UPRNs, postcodes or area codes
    /// (`key`); `numeric` and `categorical` name the columns to read, or (both None) every
    /// other column is read, numeric when all its values are numbers.
    #[staticmethod]
    #[pyo3(signature = (path, key_field, *, key="uprn", numeric=None, categorical=None))]
    fn from_csv(
        py: Python<'_>,
        path: PathBuf,
        key_field: &str,
        key: &str,
        numeric: Option<Vec<String>>,
        categorical: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let mut spec = AttributeSpec::new(key_field, key_of(key)?);
        spec.numeric = numeric.unwrap_or_default();
        spec.categorical = categorical.unwrap_or_default();
        let (table, report) = run(py, || Ok(io::read_attribute_table(&path, &spec)?))?;
        Ok(PyAttributeTable {
            inner: Arc::new(table),
            report: Some(Py::new(py, PyLoadReport(report))?),
        })
    }

    /// Builds a table from any Arrow table (pyarrow, polars, pandas through pyarrow):
    /// `key_field` holds UPRNs, postcodes or area codes (`key`); `numeric` and
    /// `categorical` name the columns to read, or (both None) every other column is read,
    /// numeric when its Arrow type is numeric, categorical otherwise. Nulls (and NaN) are
    /// missing values; a null key is an error naming its row.
    #[staticmethod]
    #[pyo3(signature = (table, key_field, *, key="uprn", numeric=None, categorical=None))]
    fn from_arrow(
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        key_field: &str,
        key: &str,
        numeric: Option<Vec<String>>,
        categorical: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let kind = key_of(key)?;
        let batches = crate::convert::record_batches(py, "table", table)?;
        let key_field = key_field.to_string();
        let table = run(py, || {
            Ok(attributes_from_batches(
                &batches,
                &key_field,
                kind,
                numeric,
                categorical,
            )?)
        })?;
        Ok(PyAttributeTable {
            inner: Arc::new(table),
            report: None,
        })
    }

    /// Builds a table from Python columns: `keys` (UPRNs, postcodes or area codes, as
    /// strings or ints), `numeric` {name: numbers} and `categorical` {name: labels}.
    /// Missing values are None (or NaN for numbers).
    #[staticmethod]
    #[pyo3(signature = (keys, *, key="uprn", numeric=None, categorical=None))]
    fn from_columns(
        py: Python<'_>,
        keys: Vec<Bound<'_, PyAny>>,
        key: &str,
        numeric: Option<HashMap<String, Bound<'_, PyAny>>>,
        categorical: Option<HashMap<String, Vec<Option<String>>>>,
    ) -> PyResult<Self> {
        let keys: Vec<String> = keys
            .iter()
            .map(|k| Ok(k.str()?.to_string()))
            .collect::<PyResult<_>>()?;
        let mut table = check(AttributeTable::new(key_of(key)?, keys))?;
        let mut numeric: Vec<(String, Bound<'_, PyAny>)> =
            numeric.unwrap_or_default().into_iter().collect();
        numeric.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, values) in numeric {
            let col = f64_column(py, "numeric", &values)?;
            let values = col
                .values()
                .iter()
                .map(|v| (!v.is_nan()).then_some(*v))
                .collect();
            check(table.add_numeric(&name, values))?;
        }
        let mut categorical: Vec<(String, Vec<Option<String>>)> =
            categorical.unwrap_or_default().into_iter().collect();
        categorical.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, values) in categorical {
            check(table.add_categorical(&name, values))?;
        }
        Ok(PyAttributeTable {
            inner: Arc::new(table),
            report: None,
        })
    }

    /// What the reader did with the file (None for tables built from columns).
    #[getter]
    fn load_report(&self, py: Python<'_>) -> Option<Py<PyLoadReport>> {
        self.report.as_ref().map(|r| r.clone_ref(py))
    }

    /// "uprn", "postcode" or "area".
    #[getter]
    fn key(&self) -> &'static str {
        self.inner.key_kind().as_str()
    }

    /// Attribute names, in column order.
    fn attributes(&self) -> Vec<String> {
        self.inner
            .attributes()
            .iter()
            .map(|a| a.name.clone())
            .collect()
    }

    /// The levels of a categorical attribute (empty for a numeric one).
    fn levels(&self, name: &str) -> PyResult<Vec<String>> {
        self.inner
            .attribute(name)
            .map(|a| a.levels().to_vec())
            .ok_or_else(|| invalid_argument("name", format!("no attribute {name:?}")))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "AttributeTable(key={}, rows={}, attributes={})",
            quoted(py, self.inner.key_kind().as_str())?,
            self.inner.len(),
            self.inner.attributes().len()
        ))
    }
}

/// Reads the ONS 2011 Output Area Classification into an area-keyed `AttributeTable`
/// (`oac_supergroup`, `oac_group`, `oac_subgroup`); profile it with the OA boundaries.
#[pyfunction]
pub(crate) fn read_oac2011(py: Python<'_>, path: PathBuf) -> PyResult<PyAttributeTable> {
    let (table, report) = run(py, || Ok(io::read_oac2011(&path)?))?;
    Ok(PyAttributeTable {
        inner: Arc::new(table),
        report: Some(Py::new(py, PyLoadReport(report))?),
    })
}

/// One attribute source of `profile()`: a table, or (area-keyed) a table with the area
/// set its keys refer to.
#[derive(FromPyObject)]
pub(crate) enum AttributeArg<'py> {
    Via((PyRef<'py, PyAttributeTable>, PyRef<'py, PyAreaSet>)),
    Plain(PyRef<'py, PyAttributeTable>),
}

/// Residents per area: a mapping of area code to number, or a CSV path.
#[derive(FromPyObject)]
pub(crate) enum PopulationArg {
    Map(HashMap<String, f64>),
    Path(PathBuf),
}

/// `point_events=`: per event name, (xs, ys, categories).
type PointEvents<'py> = HashMap<String, (Bound<'py, PyAny>, Bound<'py, PyAny>, Vec<String>)>;

/// An area profile. See `outreach.profile`.
#[pyclass(name = "Profile", module = "outreach", frozen)]
pub(crate) struct PyProfile {
    pub(crate) inner: Arc<Profile>,
    pub(crate) areas: Arc<AreaSet>,
    pub(crate) deprivation: Option<Arc<Deprivation>>,
}

/// Profiles the areas of `areas` with the properties of `gazetteer`: counts by class,
/// household attribute shares and means, population, deprivation and crime (or other
/// event) rates per 1,000 with 95% intervals compared with the whole set and England.
/// `progress`: see the package docs; Ctrl-C during the assignments raises
/// `KeyboardInterrupt`.
#[pyfunction(name = "profile")]
#[pyo3(signature = (
    areas, gazetteer, *, attributes=None, population=None, deprivation=None, lsoas=None,
    crime=None, crime_period=None, point_events=None, england=None, z=None, per=1000.0,
    residential_only=true, progress=None
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn build_profile(
    py: Python<'_>,
    areas: PyRef<'_, PyAreaSet>,
    gazetteer: PyRef<'_, PyGazetteer>,
    attributes: Option<Vec<AttributeArg<'_>>>,
    population: Option<PopulationArg>,
    deprivation: Option<PyRef<'_, PyDeprivation>>,
    lsoas: Option<PyRef<'_, PyAreaSet>>,
    crime: Option<PathBuf>,
    crime_period: Option<(String, String)>,
    point_events: Option<PointEvents<'_>>,
    england: Option<HashMap<String, f64>>,
    z: Option<f64>,
    per: f64,
    residential_only: bool,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyProfile> {
    let set = Arc::clone(&areas.inner);
    let g = Arc::clone(&gazetteer.inner);
    let attrs: Vec<(Arc<AttributeTable>, Option<Arc<AreaSet>>)> = attributes
        .unwrap_or_default()
        .into_iter()
        .map(|a| match a {
            AttributeArg::Via((t, s)) => (Arc::clone(&t.inner), Some(Arc::clone(&s.inner))),
            AttributeArg::Plain(t) => (Arc::clone(&t.inner), None),
        })
        .collect();
    let iod = deprivation.map(|d| Arc::clone(&d.inner));
    let lsoa_set = lsoas.map(|l| Arc::clone(&l.inner));
    let period = match crime_period {
        Some((f, t)) => Some(check(Span::between(check(f.parse())?, check(t.parse())?))?),
        None => None,
    };
    let mut points: Vec<(String, Float64Array, Float64Array, Vec<String>)> = Vec::new();
    let mut named: Vec<_> = point_events.unwrap_or_default().into_iter().collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, (xs, ys, cats)) in named {
        points.push((
            name,
            f64_column(py, "xs", &xs)?,
            f64_column(py, "ys", &ys)?,
            cats,
        ));
    }
    let options = ProfileOptions {
        z: z.unwrap_or(outreach::stats::Z95),
        per,
        residential_only,
    };
    let eng: Vec<(String, f64)> = england.unwrap_or_default().into_iter().collect();
    let vias = attrs.iter().filter(|(_, via)| via.is_some()).count() as u64;
    let task = Task {
        desc: "profiling",
        unit: "pt",
        total: Some(g.len() as u64 * (1 + vias)),
    };
    let built = run_with_progress(py, progress, task, |state| {
        let Some(placed) = g.assign_with_progress(&set, state) else {
            return Ok(None);
        };
        let mut joined_to: Vec<(usize, outreach::Assignment)> = Vec::new();
        for (i, (_, via)) in attrs.iter().enumerate() {
            if let Some(s) = via {
                let Some(a) = g.assign_with_progress(s, state) else {
                    return Ok(None);
                };
                joined_to.push((i, a));
            }
        }
        let mut profiler = Profiler::new(&set, &g, &placed)?.options(options)?;
        for (i, (table, via)) in attrs.iter().enumerate() {
            let areas = match via {
                Some(s) => joined_to
                    .iter()
                    .find(|(k, _)| *k == i)
                    .map(|(_, a)| (s.as_ref(), a)),
                None => None,
            };
            let (joined, _report): (JoinedAttributes<'_>, _) = table.join(&g, areas)?;
            profiler = profiler.attributes(joined)?;
        }
        let lsoa_assignment = lsoa_set.as_ref().map(|s| g.assign(s));
        let apportion = set.kind() != AreaKind::Lsoa && lsoa_set.is_some();
        if let (Some(s), Some(a), true) = (&lsoa_set, &lsoa_assignment, apportion) {
            profiler = profiler.lsoas(s, a)?;
        }
        match &population {
            Some(PopulationArg::Map(m)) => {
                let mut by_code = HashMap::with_capacity(m.len());
                for (k, v) in m {
                    by_code.insert(k.parse::<AreaCode>()?, *v);
                }
                profiler = if apportion {
                    profiler.population_from_lsoas(&by_code)?
                } else {
                    profiler.population_by_code(&by_code)?
                };
            }
            Some(PopulationArg::Path(p)) => {
                let pop = match io::read_population_by_age(p) {
                    Ok((ages, _)) => ages.into_iter().map(|(k, (all, _))| (k, all)).collect(),
                    Err(_) => io::read_lsoa_population(p, None)?.0,
                };
                profiler = if apportion {
                    profiler.population_from_lsoas(&pop)?
                } else {
                    profiler.population_by_code(&pop)?
                };
            }
            None => {}
        }
        if let Some(d) = &iod {
            profiler = profiler.deprivation(d)?;
            if set.kind() != AreaKind::Lsoa && !apportion {
                return Err(outreach::Error::InvalidArgument {
                    name: "lsoas",
                    reason: "deprivation on areas that are not LSOAs needs lsoas=".into(),
                }
                .into());
            }
        }
        if let Some(p) = &crime {
            let (records, _) = io::read_police_uk(p)?;
            let (events, _) = EventCounts::from_records("crime", &set, &records, period)?;
            profiler = profiler.events(events)?;
        }
        for (name, xs, ys, cats) in &points {
            let cats: Vec<&str> = cats.iter().map(String::as_str).collect();
            let (events, _) = EventCounts::from_points(
                name,
                Denominator::Households,
                &set,
                xs.values(),
                ys.values(),
                &cats,
            )?;
            profiler = profiler.events(events)?;
        }
        for (id, v) in &eng {
            profiler = profiler.england(id, *v)?;
        }
        Ok(Some(profiler.build()?))
    })?;
    Ok(PyProfile {
        inner: Arc::new(built),
        areas: Arc::clone(&areas.inner),
        deprivation: iod,
    })
}

fn neighbours_of(
    areas: &AreaSet,
    neighbours: &str,
    tolerance: f64,
) -> Result<outreach::stats::Neighbours, Failure> {
    if neighbours == "contiguity" {
        return Ok(core_profile::contiguity(areas, tolerance)?);
    }
    match neighbours
        .strip_prefix("distance:")
        .and_then(|m| m.parse::<f64>().ok())
    {
        Some(m) => Ok(core_profile::distance_neighbours(areas, m)?),
        None => Err(outreach::Error::InvalidArgument {
            name: "neighbours",
            reason: format!("{neighbours:?}: use \"contiguity\" or \"distance:METRES\""),
        }
        .into()),
    }
}

#[pymethods]
impl PyProfile {
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Area codes, in set order.
    fn codes(&self) -> Vec<String> {
        self.inner.codes().to_vec()
    }

    /// Indicator ids (`crime:all`, `oac_supergroup:6 Suburbanites`, ...), in column order.
    fn indicator_ids(&self) -> Vec<String> {
        self.inner
            .indicator_ids()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Codes of the areas in the `percent` (10 or 20) most deprived nationally.
    #[pyo3(signature = (percent=20))]
    fn most_deprived(&self, percent: u8) -> Vec<String> {
        self.inner
            .most_deprived(percent)
            .into_iter()
            .map(|a| self.inner.codes()[a].clone())
            .collect()
    }

    /// One row per area (counts, population, deprivation, and per indicator its count,
    /// value, 95% interval and comparison flags), counts of 1 to `suppress − 1` and
    /// everything derived from them set to null. `suppress=0` publishes everything.
    #[pyo3(signature = (*, suppress=5))]
    fn area_table(&self, py: Python<'_>, suppress: u64) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || table_batch(&p.area_table()?.suppressed(suppress)?))?;
        to_pyarrow_table(py, batch)
    }

    /// One row per area and indicator, then the whole-set rows (`area_name` "all areas").
    #[pyo3(signature = (*, suppress=5))]
    fn indicator_table(&self, py: Python<'_>, suppress: u64) -> PyResult<Py<PyAny>> {
        let p = &self.inner;
        let batch = run(py, || {
            table_batch(&p.indicator_table()?.suppressed(suppress)?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// Need drivers (LSOA profiles with deprivation): per area and domain the national
    /// rank, percentile, the gap to the IMD percentile and the order of the gaps.
    fn need_drivers(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Some(iod) = &self.deprivation else {
            return Err(invalid_argument(
                "deprivation",
                "the profile was built without deprivation=",
            ));
        };
        let (p, set) = (&self.inner, &self.areas);
        let batch = run(py, || {
            let drivers = core_profile::need_drivers(set.codes(), iod)?;
            table_batch(&core_profile::need_driver_table(&drivers, p.codes())?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// Getis-Ord Gi* hot spots of an indicator's area values with Benjamini–Hochberg FDR
    /// at `alpha`, over "contiguity" (polygons within `tolerance` metres) or
    /// "distance:METRES" (centroids) neighbours.
    #[pyo3(signature = (indicator, *, neighbours="contiguity", tolerance=1.0, alpha=0.05))]
    fn hot_spots(
        &self,
        py: Python<'_>,
        indicator: &str,
        neighbours: &str,
        tolerance: f64,
        alpha: f64,
    ) -> PyResult<Py<PyAny>> {
        let (p, set) = (&self.inner, &self.areas);
        let batch = run(py, || {
            let nb = neighbours_of(set, neighbours, tolerance)?;
            table_batch(&p.hot_spot_table(indicator, &nb, alpha)?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The area table with each area's polygon as GeoJSON text (BNG metres), column
    /// `geometry_geojson`; `to_geopandas()` turns it into a GeoDataFrame.
    #[pyo3(signature = (*, suppress=5))]
    fn area_table_with_geometry(&self, py: Python<'_>, suppress: u64) -> PyResult<Py<PyAny>> {
        let (p, set) = (&self.inner, &self.areas);
        let batch = run(py, || {
            let table = p.area_table()?.suppressed(suppress)?;
            let batch = table_batch(&table)?;
            let geoms: Vec<Option<String>> = (0..set.len() as u32)
                .map(|a| {
                    set.geometry(a)
                        .map(|g| io::geometry_geojson(g, false).map(|v| v.to_string()))
                        .transpose()
                })
                .collect::<Result<_, _>>()?;
            let mut columns: Vec<(String, ArrayRef)> = batch
                .schema()
                .fields()
                .iter()
                .zip(batch.columns())
                .map(|(f, c)| (f.name().clone(), Arc::clone(c)))
                .collect();
            columns.push((
                "geometry_geojson".into(),
                Arc::new(geoms.iter().map(|s| s.as_deref()).collect::<StringArray>()),
            ));
            Ok(record_batch(
                columns
                    .iter()
                    .map(|(n, a)| (n.as_str(), Arc::clone(a), true))
                    .collect(),
            )?)
        })?;
        to_pyarrow_table(py, batch)
    }

    /// The area table as a `pandas.DataFrame` (suppressed at 5).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "profile_to_pandas")
    }

    /// The area table as a `geopandas.GeoDataFrame` of the area polygons in EPSG:27700
    /// (suppressed at 5; needs `outreach[geo]`).
    fn to_geopandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "profile_to_geopandas")
    }

    /// The area table (suppressed at 5) with the area polygons as a GeoJSON
    /// FeatureCollection dict in British National Grid metres (EPSG:27700, named in a
    /// `crs` member).
    #[getter]
    fn __geo_interface__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::interop(slf.as_any(), "profile_geo_interface")
    }

    /// The area set the profile is over.
    #[getter]
    fn areas(&self) -> PyAreaSet {
        PyAreaSet::wrap(Arc::clone(&self.areas))
    }

    /// A short HTML summary for Jupyter.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::convert::interop(slf.as_any(), "repr_html")?.extract()
    }

    fn __repr__(&self) -> String {
        format!(
            "Profile(areas={}, indicators={})",
            self.inner.len(),
            self.inner.borough().len()
        )
    }
}

/// An attribute table from Arrow batches (see `AttributeTable.from_arrow`).
fn attributes_from_batches(
    batches: &[arrow_array::RecordBatch],
    key_field: &str,
    kind: KeyKind,
    numeric: Option<Vec<String>>,
    categorical: Option<Vec<String>>,
) -> Result<AttributeTable, outreach::Error> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    use arrow_array::Array;
    use arrow_schema::DataType;

    use crate::gazetteer::column_as;

    let (numeric, categorical) = match (numeric, categorical) {
        (None, None) => {
            let mut n = Vec::new();
            let mut c = Vec::new();
            if let Some(b) = batches.first() {
                for f in b.schema().fields() {
                    if f.name() == key_field {
                        continue;
                    }
                    if f.data_type().is_numeric() {
                        n.push(f.name().clone());
                    } else {
                        c.push(f.name().clone());
                    }
                }
            }
            (n, c)
        }
        (n, c) => (n.unwrap_or_default(), c.unwrap_or_default()),
    };
    let mut keys = Vec::new();
    let mut nums: Vec<Vec<Option<f64>>> = vec![Vec::new(); numeric.len()];
    let mut cats: Vec<Vec<Option<String>>> = vec![Vec::new(); categorical.len()];
    for batch in batches {
        let k = column_as(batch, key_field, &DataType::Utf8)?;
        let k = k.as_string::<i32>();
        for i in 0..k.len() {
            if !k.is_valid(i) {
                return Err(outreach::Error::InvalidArgument {
                    name: "table",
                    reason: format!("row {}: null key in column {key_field:?}", keys.len() + 1),
                });
            }
            keys.push(k.value(i).to_string());
        }
        for (name, out) in numeric.iter().zip(&mut nums) {
            let a = column_as(batch, name, &DataType::Float64)?;
            let a = a.as_primitive::<Float64Type>();
            out.extend(
                (0..a.len()).map(|i| (a.is_valid(i) && !a.value(i).is_nan()).then(|| a.value(i))),
            );
        }
        for (name, out) in categorical.iter().zip(&mut cats) {
            let a = column_as(batch, name, &DataType::Utf8)?;
            let a = a.as_string::<i32>();
            out.extend((0..a.len()).map(|i| a.is_valid(i).then(|| a.value(i).to_string())));
        }
    }
    let mut table = AttributeTable::new(kind, keys)?;
    for (name, values) in numeric.iter().zip(nums) {
        table.add_numeric(name, values)?;
    }
    for (name, values) in categorical.iter().zip(cats) {
        table.add_categorical(name, values)?;
    }
    Ok(table)
}
