"""examples/python/dask_assign.py on a small table: the partitioned assignment on a
LocalCluster of 2 worker processes equals the single-process one (the example checks it
and exits non-zero otherwise)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "dask_assign.py"


def test_dask_example_matches_single_process() -> None:
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--points", "20000", "--partitions", "4", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "20,000 points in 4 partitions on 2 workers" in run.stdout
    assert "same as single-process assignment: True" in run.stdout
    inside = int(re.search(r"inside Chorley: ([\d,]+)", run.stdout).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert 5_000 < inside < 20_000
