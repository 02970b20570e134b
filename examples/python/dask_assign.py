"""Assign and profile a large table of points with Dask, partition by partition.

Makes N synthetic points (default 1,000,000) scattered over the Chorley LSOAs (2011),
splits them into partitions and, on a `distributed.LocalCluster` of worker processes,
assigns each partition's points to their LSOA with `dask.dataframe.map_partitions`. Each
worker loads the boundaries once (cached per process). The profile is the number and share
of points per LSOA, summed over partitions. Checks the result against the same
assignment done in one process.

    pip install outreach[pandas] "dask[dataframe]" distributed
    python examples/python/dask_assign.py                 # from the repository root
    python examples/python/dask_assign.py --points 200000 --workers 2 --partitions 8
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import outreach

LSOAS = Path(__file__).resolve().parents[1] / "data" / "chorley" / "lsoa11_bgc.geojson"


@functools.lru_cache(maxsize=None)
def load_lsoas(path: str) -> outreach.AreaSet:
    """The LSOA boundaries, read once per worker process."""
    return outreach.AreaSet.from_geojson(path, "LSOA11CD", name_field="LSOA11NM", vintage=2011)


def synthetic_points(n: int, seed: int = 2026) -> pd.DataFrame:
    """`n` points (BNG metres) in the bounding box of the Chorley LSOAs, with an id."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": np.arange(n, dtype=np.int64),
            "x": rng.uniform(350_500, 367_500, n),
            "y": rng.uniform(406_000, 425_500, n),
        }
    )


def assign_partition(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    """One partition's points with the code of their LSOA (None outside Chorley)."""
    areas = load_lsoas(path)
    assigned = areas.assign(frame["x"], frame["y"], progress=False)
    codes = assigned.column("area_code").to_pandas().astype("string")
    return frame.assign(area_code=codes.to_numpy())


def profile(assigned: pd.DataFrame) -> pd.DataFrame:
    """Points and share of points per LSOA (points outside every LSOA left out)."""
    counts = assigned["area_code"].dropna().value_counts().sort_index()
    return pd.DataFrame({"points": counts, "share": counts / len(assigned)})


def run(n: int, partitions: int = 8, workers: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assigns and profiles `n` synthetic points on a local cluster of `workers`
    processes; returns (points with area_code in id order, profile)."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    if __name__ != "__main__":
        # Imported by path (the test): ship this module's functions by value.
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    points = dd.from_pandas(synthetic_points(n), npartitions=partitions)
    meta = points._meta.assign(area_code=pd.Series([], dtype="string").to_numpy())
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster):
        assigned = points.map_partitions(assign_partition, str(LSOAS), meta=meta).compute()
    assigned = assigned.sort_values("id").reset_index(drop=True)
    return assigned, profile(assigned)


def single_process(n: int) -> pd.DataFrame:
    """The same assignment in one call, for comparison."""
    return assign_partition(synthetic_points(n), str(LSOAS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    assigned, prof = run(args.points, args.partitions, args.workers)
    took = time.perf_counter() - start
    print(f"{args.points:,} points in {args.partitions} partitions on {args.workers} workers: {took:.1f} s")
    print(f"inside Chorley: {prof['points'].sum():,}; busiest LSOAs:")
    print(prof.sort_values("points", ascending=False).head(5).to_string())
    reference = single_process(args.points)
    same = assigned["area_code"].fillna("-").equals(reference["area_code"].fillna("-"))
    print("same as single-process assignment:", same)
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
