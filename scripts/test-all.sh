#!/usr/bin/env bash
# Builds everything and runs every test: Rust (fmt, clippy, unit, integration, doc,
# examples, demo, benches compile), C (header check, C tests under valgrind) and Python
# (wheel, pytest, stubtest). Installs what it needs (cbindgen into bindings/c/.tools, a
# virtualenv with maturin/pytest/pyarrow/geopandas into bindings/python/.venv).
# This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

if [ ! -f ../shared/data/SOURCES.md ] && [ -z "${OUTREACH_SHARED_DATA:-}" ]; then
  echo "warning: ../shared/data not found: the acceptance tests on real data will fail." >&2
fi

step "rustfmt"
cargo fmt --all --check

step "clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests: unit, integration (real data in ../shared/data), doctests"
cargo test --workspace --exclude outreach-python

step "rustdoc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p outreach

step "Rust examples"
cargo run -q -p outreach-examples --example chorley_profile
cargo run -q -p outreach-examples --example assign_postcodes

step "demo (release)"
cargo run -q --release -p outreach-cli -- demo --out target/demo-out
test -s target/demo-out/lsoa_profile.csv
test -s target/demo-out/lsoa_profile.geojson

step "benchmarks compile"
cargo bench --no-run -p outreach-benches

step "C binding"
bash bindings/c/run_tests.sh

step "Python binding"
bash bindings/python/run_tests.sh

printf '\nall checks passed in %s s\n' "$(( $(date +%s) - started ))"
