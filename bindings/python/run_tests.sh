#!/usr/bin/env bash
# Builds the abi3 wheel with maturin, installs it in bindings/python/.venv, runs pytest and
# mypy.stubtest, then the Python example. Needs only PyPI (for the venv's packages) and
# crates.io (for cargo). CI calls this; so can you. Extra arguments go to pytest (e.g.
# `-k assign -x`). Every test must run: a skip (a missing package) fails the run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$py" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.7,<2" pytest pyarrow pandas mypy \
    geopandas shapely pyogrio pyproj
# The notebook and outreach.plot (the `plot` extra).
"$py" -m pip install --quiet --disable-pip-version-check \
    matplotlib nbclient nbformat ipykernel
# Progress bars, the Dask example and polars input (tests/test_progress.py, test_dask.py,
# test_arrow_in.py).
"$py" -m pip install --quiet --disable-pip-version-check \
    tqdm "dask[dataframe]" distributed polars

wheels="$(mktemp -d)"
trap 'rm -rf "$wheels"' EXIT
# --release: the tests time nothing, but a debug build warns at import (an error under
# pytest's filterwarnings) and is ~20x slower on the real data.
"$venv/bin/maturin" build --release --quiet --interpreter "$py" -o "$wheels"
wheel="$(ls "$wheels"/outreach-*.whl)"
echo "built $(basename "$wheel")"
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
# --force-reinstall without --no-deps would reinstall pyarrow too; check the deps resolve.
"$py" -m pip check

OUTREACH_FORBID_SKIPS=1 "$py" -m pytest "$@"
# The docstring examples of the installed package (--pyargs: not the source tree, which
# has no compiled module), run from here so that their relative paths resolve.
"$py" -m pytest -q --doctest-modules --pyargs outreach -p no:cacheprovider
"$py" -m mypy python/outreach
"$py" -m mypy.stubtest --mypy-config-file pyproject.toml outreach._native

repo="$(cd "$here/../.." && pwd)"
echo "example: examples/python/assign_chorley.py"
(cd "$repo" && "$py" -W error examples/python/assign_chorley.py)

echo "notebook: examples/notebooks/chorley_profile.ipynb"
(cd "$repo" && "$py" examples/notebooks/run.py examples/notebooks/chorley_profile.ipynb)
