"""The package surface: version, exports, threads and fork safety."""

from __future__ import annotations

import os
import signal
import sys
import threading
import warnings
from pathlib import Path

import pytest

import outreach
from outreach import _native


def test_version() -> None:
    assert outreach.__version__ == _native.__version__
    assert outreach.__version__.count(".") == 2


def test_all_is_complete() -> None:
    assert sorted(outreach.__all__) == sorted(set(outreach.__all__))
    for name in outreach.__all__:
        assert hasattr(outreach, name), name
    public_native = {n for n in dir(_native) if not n.startswith("_")}
    assert public_native <= set(outreach.__all__)


def test_classes_present_as_outreach() -> None:
    for cls in (outreach.Gazetteer, outreach.AreaSet, outreach.Deprivation, outreach.LoadReport):
        assert cls.__module__ == "outreach"
        assert cls.__doc__


def test_threads_share_an_area_set(lsoas: outreach.AreaSet) -> None:
    xs = [363965.0 + i for i in range(20000)]
    ys = [425261.0] * len(xs)
    expected = lsoas.assign(xs, ys)
    results: list[object] = []

    def work() -> None:
        results.append(lsoas.assign(xs, ys).equals(expected))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 4


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_assign_after_fork(lsoas: outreach.AreaSet, open_uprn_csv: Path) -> None:
    # Use the rayon pool in the parent first, with a batch big enough to go parallel.
    xs = [363965.0] * 50_000
    ys = [425261.0] * 50_000
    assert lsoas.assign(xs, ys).column("area_code").null_count == 0
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork() in a process with threads; that is the point here.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # child: must not hang on the parent's dead thread pool
        code = 1
        try:
            signal.alarm(60)
            ok = lsoas.assign(xs, ys).column("area_code").null_count == 0
            ok = ok and len(outreach.Gazetteer.from_csv(open_uprn_csv)) == 3
            code = 0 if ok else 1
        finally:
            sys.stdout.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
