"""Progress reporting (``progress=``) and Ctrl-C on the long calls: counts reach the
total, an interrupt raises KeyboardInterrupt part-way, and the objects stay usable."""

from __future__ import annotations

import _thread
import threading
from pathlib import Path

import numpy as np
import pyarrow
import pytest

import outreach


def points(n: int, seed: int = 1) -> tuple[pyarrow.Array, pyarrow.Array]:
    """Points in a box around Chorley (BNG metres): most inside an LSOA, some outside."""
    rng = np.random.default_rng(seed)
    return (
        pyarrow.array(rng.uniform(350_000, 368_000, n)),
        pyarrow.array(rng.uniform(405_000, 426_000, n)),
    )


def test_callback_counts_are_positive_and_sum_to_the_total(lsoas: outreach.AreaSet) -> None:
    xs, ys = points(300_000)
    calls: list[int] = []
    with_progress = lsoas.assign(xs, ys, progress=calls.append)
    assert sum(calls) == 300_000
    assert calls and all(c > 0 for c in calls)
    assert with_progress.equals(lsoas.assign(xs, ys, progress=False))
    assert with_progress.column("area_code").null_count < 300_000


def test_gazetteer_assign_and_profile_report_every_property(lsoas: outreach.AreaSet) -> None:
    xs, ys = points(100_000, seed=2)
    table = pyarrow.table({"uprn": pyarrow.array(range(1, 100_001)), "x": xs, "y": ys})
    homes = outreach.Gazetteer.from_arrow(table)
    calls: list[int] = []
    assigned = homes.assign(lsoas, progress=calls.append)
    assert sum(calls) == len(homes) == assigned.num_rows
    calls.clear()
    prof = outreach.profile(lsoas, homes, progress=calls.append, residential_only=False)
    assert sum(calls) == len(homes)
    assert len(prof) == len(lsoas)


def test_match_reports_every_address() -> None:
    index = outreach.AddressIndex.from_columns([100, 120], ["10 HIGH STREET, KELTON", "12 HIGH STREET, KELTON"])
    calls: list[int] = []
    out = index.match(["10 HIGH STREET, KELTON"] * 5000, progress=calls.append)
    assert sum(calls) == 5000 and len(calls) >= 1
    assert set(out.column("uprn").to_pylist()) == {100}


def test_progress_true_and_false_give_the_same_result(lsoas: outreach.AreaSet) -> None:
    xs, ys = points(10_000, seed=3)
    assert lsoas.assign(xs, ys, progress=True).equals(lsoas.assign(xs, ys, progress=False))
    assert lsoas.assign(xs, ys).equals(lsoas.assign(xs, ys, progress=None))


def test_a_bad_progress_argument_is_a_type_error(lsoas: outreach.AreaSet) -> None:
    with pytest.raises(TypeError, match="progress"):
        lsoas.assign([1.0], [1.0], progress="yes")  # type: ignore[arg-type]


def test_interrupt_during_assignment_raises_and_the_set_still_works(
    lsoas: outreach.AreaSet,
) -> None:
    n = 4_000_000
    xs, ys = points(n, seed=4)
    seen: list[int] = []

    def press_ctrl_c(k: int) -> None:  # as if the user pressed Ctrl-C at the first tick
        seen.append(k)
        _thread.interrupt_main()

    with pytest.raises(KeyboardInterrupt):
        lsoas.assign(xs, ys, progress=press_ctrl_c)
    assert 0 < sum(seen) < n, "the assignment should stop part-way"
    small = lsoas.assign(xs[:50_000], ys[:50_000])
    again = lsoas.assign(xs, ys, progress=False)
    assert again.num_rows == n
    assert again.slice(0, 50_000).equals(small)


def test_interrupt_from_a_timer_during_batch_match() -> None:
    index = outreach.AddressIndex.from_columns(
        [100, 101, 120],
        ["10 HIGH STREET, KELTON", "FLAT 1, 10 HIGH STREET, KELTON", "12 HIGH STREET, KELTON"],
    )
    addresses = ["FLAT 1, 10 HIGH STREET, KELTON"] * 400_000
    before = index.match(addresses[:3])
    seen: list[int] = []
    timer = threading.Timer(0.05, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            index.match(addresses, progress=seen.append)
    finally:
        timer.cancel()
    assert sum(seen) < len(addresses)
    assert index.match(addresses[:3]).equals(before)
    assert before.column("uprn").to_pylist() == [101, 101, 101]


def test_an_exception_from_the_callback_stops_the_call(lsoas: outreach.AreaSet) -> None:
    xs, ys = points(2_000_000, seed=5)

    def fail(k: int) -> None:
        raise ValueError("stop")

    with pytest.raises(ValueError, match="stop"):
        lsoas.assign(xs, ys, progress=fail)
    assert lsoas.locate(358_000.0, 418_000.0) == lsoas.assign([358_000.0], [418_000.0]).column(
        "area_code"
    ).to_pylist()[0]


def test_gazetteer_read_counts_rows_and_stops_when_interrupted(tmp_path: Path) -> None:
    n = 400_000
    path = tmp_path / "uprn.csv"
    with open(path, "w") as f:
        f.write("UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n")
        f.writelines(f"{u},{359000 + u % 1000},{418000 + u // 1000},53.6,-2.6\n" for u in range(1, n + 1))
    calls: list[int] = []
    g = outreach.Gazetteer.from_csv(path, progress=calls.append)
    assert len(g) == n and sum(calls) == n and all(c > 0 for c in calls)

    def stop(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        outreach.Gazetteer.from_csv(path, progress=stop)
    assert len(outreach.Gazetteer.from_csv(path, progress=False)) == n
