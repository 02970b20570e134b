"""examples/python/dask_assign.py on a small table: the partitioned assignment on a
LocalCluster of 2 worker processes equals the single-process one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "dask_assign.py"


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_dask_example_matches_single_process() -> None:
    spec = importlib.util.spec_from_file_location("dask_assign", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_assign"] = module
    spec.loader.exec_module(module)
    n = 20_000
    assigned, prof = module.run(n, partitions=4, workers=2)
    reference = module.single_process(n)
    assert len(assigned) == n
    assert assigned["id"].tolist() == list(range(n))
    assert assigned["area_code"].fillna("-").tolist() == reference["area_code"].fillna("-").tolist()
    inside = reference["area_code"].notna().sum()
    assert 0 < inside < n
    assert prof["points"].sum() == inside
    assert len(prof) == 66  # every Chorley LSOA gets points
