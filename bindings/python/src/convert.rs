//! Python ↔ core conversions shared by several classes: paths, UPRNs, float columns in,
//! Arrow arrays and tables out.
//!
//! Arrow crosses the boundary through the Arrow PyCapsule interface (pyo3-arrow), so any
//! producer (pyarrow, polars, nanoarrow...) is read without a copy, and results reach
//! pyarrow without a copy either.

use std::ptr::NonNull;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, RecordBatch, StringArray,
};
use arrow_buffer::{Buffer, NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use outreach::{AreaSet, Assignment, Error, Uprn};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt};
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::{PyArray, PyTable};

use crate::errors::{check, to_py_err};

/// Builds `Error::InvalidArgument` for a binding-level argument check, so it surfaces as
/// `InvalidArgumentError` like the core's own.
pub(crate) fn invalid_argument(name: &'static str, reason: impl Into<String>) -> PyErr {
    to_py_err(Error::InvalidArgument {
        name,
        reason: reason.into(),
    })
}

/// A UPRN from a Python `int` or `str` (leading zeros allowed, as in the core).
pub(crate) fn uprn(value: &Bound<'_, PyAny>) -> PyResult<Uprn> {
    if value.is_instance_of::<PyInt>() {
        if let Ok(v) = value.extract::<u64>() {
            return check(Uprn::new(v));
        }
    }
    // Strings, and integers that do not fit a u64 (negative, huge): the core's parser says why.
    let text: String = match value.extract() {
        Ok(s) => s,
        Err(_) => value.str()?.to_string(),
    };
    check(text.parse())
}

/// A column of floats from anything array-like: an Arrow array or chunked array (any
/// numeric type, cast to float64), or whatever `pyarrow.array(..., type=float64)` accepts
/// (a numpy array, zero-copy; a pandas Series; a list or tuple). Nulls become NaN, which
/// no area contains.
pub(crate) fn f64_column(
    py: Python<'_>,
    name: &'static str,
    value: &Bound<'_, PyAny>,
) -> PyResult<Float64Array> {
    let has = |attr| value.hasattr(attr);
    let input: AnyArray =
        if has(intern!(py, "__arrow_c_array__"))? || has(intern!(py, "__arrow_c_stream__"))? {
            value.extract()?
        } else {
            let pa = py.import(intern!(py, "pyarrow"))?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("type", pa.call_method0("float64")?)?;
            pa.call_method("array", (value,), Some(&kwargs))
                .map_err(|e| invalid_argument(name, format!("not a sequence of numbers: {e}")))?
                .extract()?
        };
    let array: ArrayRef = match input {
        AnyArray::Array(array) => array.into_inner().0,
        AnyArray::Stream(stream) => {
            let (chunks, field) = stream.into_chunked_array()?.into_inner();
            let refs: Vec<&dyn Array> = chunks.iter().map(|c| c.as_ref()).collect();
            match refs.as_slice() {
                [] => arrow_array::new_empty_array(field.data_type()),
                [one] => one.slice(0, one.len()),
                _ => arrow_select::concat::concat(&refs)
                    .map_err(|e| invalid_argument(name, e.to_string()))?,
            }
        }
    };
    let array = if array.data_type() == &DataType::Float64 {
        array
    } else if array.data_type().is_numeric() {
        arrow_cast::cast(&array, &DataType::Float64)
            .map_err(|e| invalid_argument(name, e.to_string()))?
    } else {
        return Err(invalid_argument(
            name,
            format!(
                "expected numbers, got an Arrow array of {}",
                array.data_type()
            ),
        ));
    };
    let floats = array.as_primitive::<Float64Type>();
    Ok(match floats.nulls() {
        None => floats.clone(),
        Some(nulls) => {
            let values: Vec<f64> = floats
                .values()
                .iter()
                .enumerate()
                .map(|(i, &v)| if nulls.is_valid(i) { v } else { f64::NAN })
                .collect();
            Float64Array::from(values)
        }
    })
}

/// A float64 Arrow array over a slice that `owner` keeps alive, without copying.
pub(crate) fn f64_view<T>(owner: &Arc<T>, values: impl Fn(&T) -> &[f64]) -> Float64Array
where
    T: Send + Sync + std::panic::RefUnwindSafe + 'static,
{
    let slice = values(owner);
    let len = std::mem::size_of_val(slice);
    let ptr = NonNull::from(slice).cast::<u8>();
    // SAFETY: the slice lies inside `*owner`, which is immutable (only `&T` is ever handed
    // out) and is kept alive by the Arc clone moved into the buffer for as long as Arrow
    // (or pyarrow, through the C data interface) holds the buffer.
    #[allow(unsafe_code)]
    let buffer = unsafe { Buffer::from_custom_allocation(ptr, len, Arc::clone(owner) as _) };
    Float64Array::new(ScalarBuffer::new(buffer, 0, slice.len()), None)
}

/// `area_code` column of an assignment: dictionary-encoded (int32 keys into the set's
/// codes), null where a point is outside every area. pandas sees it as a categorical.
pub(crate) fn area_codes(areas: &AreaSet, assignment: &Assignment) -> Result<ArrayRef, ArrowError> {
    area_codes_owned(areas, assignment.clone())
}

/// [`area_codes`] taking the assignment, whose buffer becomes the dictionary keys (no copy).
pub(crate) fn area_codes_owned(
    areas: &AreaSet,
    assignment: Assignment,
) -> Result<ArrayRef, ArrowError> {
    let raw = assignment.as_slice();
    let nulls = (assignment.outside() > 0).then(|| {
        NullBuffer::new(arrow_buffer::BooleanBuffer::collect_bool(raw.len(), |i| {
            raw[i] != Assignment::OUTSIDE
        }))
    });
    // The core caps a set at u32::MAX / 2 areas, so every index fits an i32; u32 -> i32
    // keeps the element size, so the collect reuses the assignment's allocation.
    let keys: Vec<i32> = assignment
        .into_vec()
        .into_iter()
        .map(|a| {
            if a == Assignment::OUTSIDE {
                0
            } else {
                a as i32
            }
        })
        .collect();
    let values = StringArray::from_iter_values(areas.codes().iter().map(|c| c.as_str()));
    let dict = DictionaryArray::try_new(
        Int32Array::new(ScalarBuffer::from(keys), nulls),
        Arc::new(values),
    )?;
    Ok(Arc::new(dict))
}

/// A one-batch table from named columns `(name, values, nullable)`.
pub(crate) fn record_batch(
    columns: Vec<(&str, ArrayRef, bool)>,
) -> Result<RecordBatch, ArrowError> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, array, nullable)| Field::new(*name, array.data_type().clone(), *nullable))
        .collect();
    let arrays = columns.into_iter().map(|(_, a, _)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

/// Hands a batch to pyarrow as a `pyarrow.Table` (zero-copy, Arrow C stream).
pub(crate) fn to_pyarrow_table(py: Python<'_>, batch: RecordBatch) -> PyResult<Py<PyAny>> {
    let schema = batch.schema();
    Ok(PyTable::try_new(vec![batch], schema)?
        .into_pyarrow(py)?
        .unbind())
}

/// Hands an array to pyarrow as a `pyarrow.Array` (zero-copy, Arrow C data interface).
pub(crate) fn to_pyarrow_array(py: Python<'_>, array: ArrayRef) -> PyResult<Py<PyAny>> {
    Ok(PyArray::from_array_ref(array).to_pyarrow(py)?.unbind())
}

/// Calls a converter of `outreach.interop` (pure Python: optional imports live there).
pub(crate) fn interop<'py>(
    obj: &Bound<'py, PyAny>,
    converter: &str,
) -> PyResult<Bound<'py, PyAny>> {
    obj.py()
        .import("outreach.interop")?
        .call_method1(converter, (obj,))
}

/// Python's `repr()` of a string, for `__repr__` methods.
pub(crate) fn quoted(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(pyo3::types::PyString::new(py, text).repr()?.to_string())
}

/// The batches of a table: anything with `__arrow_c_stream__` (pyarrow, polars...), or
/// whatever `pyarrow.table()` accepts (a pandas DataFrame, a dict of columns).
pub(crate) fn record_batches(
    py: Python<'_>,
    name: &'static str,
    value: &Bound<'_, PyAny>,
) -> PyResult<Vec<RecordBatch>> {
    let table: PyTable = if value.hasattr(intern!(py, "__arrow_c_stream__"))? {
        value.extract()?
    } else {
        py.import(intern!(py, "pyarrow"))?
            .call_method1("table", (value,))
            .map_err(|e| invalid_argument(name, format!("not a table: {e}")))?
            .extract()?
    };
    Ok(table.into_inner().0)
}
