//! Integration and acceptance tests, on the public API only. Acceptance tests read the real
//! open data in `../shared/data` (next to the repository) and the demo data shipped in
//! `examples/data/chorley`.

mod acceptance;
mod broken_files;
mod campaign;
mod demo;
mod deprivation;
mod kpi;
mod linkage;
mod profile;
mod service;

use std::path::PathBuf;

/// `../shared/data`, found from the crate directory. CI always has it; a developer without
/// it gets a clear panic message rather than a silent pass.
pub fn shared_data() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let candidates = [
        std::env::var("OUTREACH_SHARED_DATA")
            .map(PathBuf::from)
            .unwrap_or_default(),
        root.join("shared/data"),
        root.join("../shared/data"),
    ];
    candidates
        .into_iter()
        .find(|p| p.join("SOURCES.md").is_file())
        .expect("../shared/data not found: set OUTREACH_SHARED_DATA to the shared data folder")
}

/// The demo data shipped in the repository.
pub fn demo_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/chorley")
}
