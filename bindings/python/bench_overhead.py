"""Binding overhead of point-in-area assignment: a 1M-row pyarrow table of points in, the
assignment out as a pyarrow table, against the same core call timed inside Rust.

    OUTREACH_SHARED_DATA=... bindings/python/.venv/bin/python bindings/python/bench_overhead.py

Both sides run REPEATS times, interleaved, on the same points (Chorley LSOAs, 2011
generalised boundaries; uniform points over their bounding box). The Python side is
`AreaSet.assign(table["x"], table["y"])`: reading the Arrow columns, the assignment, the
`index` and dictionary-encoded `area_code` columns and the hand-over to pyarrow. The Rust
side is `outreach::AreaSet::assign` alone (`outreach._native._time_assign`). Prints the median and the
best of each and the overhead in per cent.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow

import outreach
from outreach._native import _time_assign

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEATS = 31
DATA = Path(__file__).resolve().parents[2] / "examples" / "data" / "chorley"


def main() -> None:
    lsoas = outreach.AreaSet.from_geojson(DATA / "lsoa11_bgc.geojson", "LSOA11CD", vintage=2011)
    rng = np.random.default_rng(7)
    table = pyarrow.table(
        {"x": rng.uniform(350_500, 367_500, N), "y": rng.uniform(406_000, 425_500, N)}
    )
    xs, ys = table["x"], table["y"]
    lsoas.assign(xs, ys, progress=False)  # warm up (page in, thread pool)
    # Interleaved, so that both sides see the same machine state (a loaded machine moves
    # both medians together rather than one of them).
    python_times, rust_times = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        out = lsoas.assign(xs, ys, progress=False)
        python_times.append(time.perf_counter() - start)
        rust_times.extend(_time_assign(lsoas, xs, ys, 1))
    assert isinstance(out, pyarrow.Table) and out.num_rows == N
    print(f"points: {N:,}  areas: {len(lsoas)}  repeats: {REPEATS} (interleaved)")
    for label, stat in (("median", statistics.median), ("best", min)):
        py_ms = stat(python_times) * 1e3
        rust_ms = stat(rust_times) * 1e3
        print(f"{label:6}  rust core assign {rust_ms:8.2f} ms  python AreaSet.assign {py_ms:8.2f} ms"
              f"  overhead {py_ms - rust_ms:6.2f} ms ({(py_ms / rust_ms - 1) * 100:.1f}%)")


if __name__ == "__main__":
    main()
