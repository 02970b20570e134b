//! Helpers shared by the examples.

use std::path::PathBuf;

/// The Chorley demo data shipped in `examples/data/chorley`.
pub fn chorley_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/chorley")
}
