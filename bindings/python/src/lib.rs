//! Python bindings for outreach: the private extension module `outreach._native`.
//!
//! Registration only; each class lives in the file named after its core module. The public
//! Python API is the `outreach` package (`python/outreach/__init__.py`), which re-exports
//! these names.

mod address;
mod area;
mod bng;
mod campaign;
mod convert;
mod demo;
mod deprivation;
mod errors;
mod gazetteer;
mod io;
mod kpi;
mod linkage;
mod postcode;
mod profile;
mod progress;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    errors::remember_import_pid();
    if cfg!(debug_assertions) {
        let warning = py.get_type::<pyo3::exceptions::PyRuntimeWarning>();
        PyErr::warn(
            py,
            &warning,
            c"outreach._native is a debug build and much slower than a release build; build with `maturin develop --release`",
            1,
        )?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<gazetteer::PyGazetteer>()?;
    m.add_class::<address::PyAddressIndex>()?;
    m.add_class::<area::PyAreaSet>()?;
    m.add_class::<deprivation::PyDeprivation>()?;
    m.add_class::<io::PyLoadReport>()?;
    m.add_class::<io::PyRejection>()?;
    m.add_class::<postcode::PyPostcodeCentroids>()?;
    m.add_class::<kpi::PyObservations>()?;
    m.add_class::<kpi::PyTargets>()?;
    m.add_class::<profile::PyAttributeTable>()?;
    m.add_class::<profile::PyProfile>()?;
    m.add_function(wrap_pyfunction!(profile::read_oac2011, m)?)?;
    m.add_function(wrap_pyfunction!(profile::build_profile, m)?)?;
    m.add_class::<linkage::PyTokeniser>()?;
    m.add_class::<linkage::PyRole>()?;
    m.add_class::<linkage::PyAuditLog>()?;
    m.add_class::<linkage::PyLinkageIndex>()?;
    m.add_class::<linkage::PySingleView>()?;
    m.add_function(wrap_pyfunction!(deprivation::read_iod, m)?)?;
    m.add_function(wrap_pyfunction!(bng::wgs84_to_bng, m)?)?;
    m.add_function(wrap_pyfunction!(bng::bng_to_wgs84, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_raise_core_error, m)?)?;
    // Chorley demo, campaigns and outcomes.
    m.add_class::<demo::PyDemo>()?;
    m.add_class::<campaign::PyCampaign>()?;
    m.add_class::<campaign::PyPlan>()?;
    m.add_class::<campaign::PyInterventions>()?;
    m.add_function(wrap_pyfunction!(campaign::read_interventions, m)?)?;
    m.add_function(wrap_pyfunction!(campaign::compare_periods, m)?)?;
    m.add_function(wrap_pyfunction!(area::_time_assign, m)?)?;
    Ok(())
}
