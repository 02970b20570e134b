//! Core errors → Python exceptions, and the one helper every long core call goes through.
//!
//! The exception classes are defined in Python (`outreach/exceptions.py`) so that each can
//! also derive from the builtin a user would catch (`ValueError`, `LookupError`, `OSError`).

use std::sync::OnceLock;

use arrow_schema::ArrowError;
use outreach::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

pyo3::import_exception!(outreach.exceptions, InvalidUprnError);
pyo3::import_exception!(outreach.exceptions, InvalidAreaCodeError);
pyo3::import_exception!(outreach.exceptions, UnknownAreaError);
pyo3::import_exception!(outreach.exceptions, UnknownUprnError);
pyo3::import_exception!(outreach.exceptions, TransformError);
pyo3::import_exception!(outreach.exceptions, InvalidArgumentError);
pyo3::import_exception!(outreach.exceptions, InvalidGeometryError);
pyo3::import_exception!(outreach.exceptions, DataFormatError);
pyo3::import_exception!(outreach.exceptions, DataLoadError);

/// Maps a core error to its Python exception. Exhaustive on purpose: a new core variant does
/// not compile until it has an exception here (and a status code in the C binding).
pub(crate) fn to_py_err(err: Error) -> PyErr {
    let message = err.to_string();
    match err {
        Error::InvalidUprn { .. } => InvalidUprnError::new_err(message),
        Error::InvalidAreaCode { .. } => InvalidAreaCodeError::new_err(message),
        Error::UnknownArea(_) => UnknownAreaError::new_err(message),
        Error::UnknownUprn(_) => UnknownUprnError::new_err(message),
        Error::Transform { .. } => TransformError::new_err(message),
        Error::InvalidArgument { .. } => InvalidArgumentError::new_err(message),
        Error::InvalidGeometry { .. } => InvalidGeometryError::new_err(message),
        Error::Format { path, line, .. } => DataFormatError::new_err((message, path, line)),
        // OSError's (errno, strerror, filename) form, so `.errno` and `.filename` work.
        Error::Io { path, source } => DataLoadError::new_err((
            source.raw_os_error(),
            message,
            path.to_string_lossy().into_owned(),
        )),
    }
}

/// Shorthand for core results computed while holding the GIL (cheap calls).
pub(crate) fn check<T>(result: outreach::Result<T>) -> PyResult<T> {
    result.map_err(to_py_err)
}

/// What a detached call can fail with: the core, or (never in practice) building the Arrow
/// output from it.
#[derive(Debug)]
pub(crate) enum Failure {
    Core(Error),
    Arrow(ArrowError),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Core(err)
    }
}

impl From<ArrowError> for Failure {
    fn from(err: ArrowError) -> Self {
        Failure::Arrow(err)
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Core(err) => to_py_err(err),
            Failure::Arrow(err) => {
                PyRuntimeError::new_err(format!("building the Arrow result failed: {err}"))
            }
        }
    }
}

/// Runs a core call without the GIL and maps its error. Every call that may take long
/// (file reads, batch assignment, building result columns) goes through here; `f` must not
/// touch Python objects (the `Send` bound enforces it).
pub(crate) fn run<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> Result<T, Failure> + Send,
    T: Send,
{
    Ok(py.detach(|| in_live_pool(f))??)
}

/// The process id that imported the module.
static IMPORT_PID: OnceLock<u32> = OnceLock::new();

pub(crate) fn remember_import_pid() {
    IMPORT_PID.get_or_init(std::process::id);
}

/// A child made by `fork()` (multiprocessing's default start method on Linux) inherits the
/// parent's rayon pool without its threads, so the first parallel call would hang for ever.
/// In such a child each call runs on a fresh pool instead (huggingface/tokenizers disables
/// its parallelism there; the core has no such switch, and a pool is cheap next to a load).
pub(crate) fn in_live_pool<T: Send>(f: impl FnOnce() -> T + Send) -> PyResult<T> {
    let forked = IMPORT_PID
        .get()
        .is_some_and(|&pid| pid != std::process::id());
    if !forked {
        return Ok(f());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start threads after fork: {e}")))?;
    Ok(pool.install(f))
}

/// Raises the exception of one core error variant, built here with sample fields, so the
/// tests can check every mapping, including variants no public call can reach yet.
#[pyfunction]
pub(crate) fn _raise_core_error(variant: &str) -> PyResult<()> {
    let err = match variant {
        "InvalidUprn" => Error::InvalidUprn {
            input: "0".into(),
            reason: "UPRNs start at 1",
        },
        "InvalidAreaCode" => Error::InvalidAreaCode {
            input: String::new(),
            reason: "empty",
        },
        "UnknownArea" => Error::UnknownArea(check("E01000001".parse())?),
        "UnknownUprn" => Error::UnknownUprn(check(outreach::Uprn::new(1))?),
        "Transform" => Error::Transform {
            x: 10.0,
            y: 52.0,
            reason: "outside OSTN15".into(),
        },
        "InvalidArgument" => Error::InvalidArgument {
            name: "xs",
            reason: "sample".into(),
        },
        "InvalidGeometry" => Error::InvalidGeometry {
            code: Some("E01000001".into()),
            feature: 3,
            reason: "self-intersection".into(),
        },
        "Format" => Error::Format {
            path: "sample.csv".into(),
            line: Some(7),
            reason: "sample".into(),
        },
        "Io" => Error::Io {
            path: "missing.csv".into(),
            source: std::io::Error::from_raw_os_error(2),
        },
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "no variant {other:?}"
            )))
        }
    };
    Err(to_py_err(err))
}
