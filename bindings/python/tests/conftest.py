"""Shared fixtures: the Chorley demo data shipped in the repo and tiny files in tmp_path."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

import outreach

def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under ``OUTREACH_FORBID_SKIPS=1`` (run_tests.sh, so CI) a skipped test fails the run:
    the optional packages (geopandas...) and the shared data must be there."""
    if os.environ.get("OUTREACH_FORBID_SKIPS") != "1" or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped:
        print(f"\nOUTREACH_FORBID_SKIPS=1: {skipped} skipped, failing the run")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


CHORLEY = Path(__file__).resolve().parents[3] / "examples" / "data" / "chorley"


@pytest.fixture(scope="session")
def chorley() -> Path:
    assert CHORLEY.is_dir(), f"the Chorley demo data should be in the repo at {CHORLEY}"
    return CHORLEY


@pytest.fixture(scope="session")
def lsoas(chorley: Path) -> outreach.AreaSet:
    return outreach.AreaSet.from_geojson(
        chorley / "lsoa11_bgc.geojson", "LSOA11CD", name_field="LSOA11NM", vintage=2011
    )


@pytest.fixture(scope="session")
def wards(chorley: Path) -> outreach.AreaSet:
    return outreach.AreaSet.from_geojson(chorley / "wards22_bsc.geojson", "WD22CD", vintage=2022)


# Three real Chorley postcode centroids (Code-Point Open, BNG) with invented UPRNs, and the
# LSOA 2011 each postcode is in according to the ONS postcode lookup.
HOMES = [
    # uprn, x, y, postcode, lsoa11
    (100010382247, 363965.0, 425261.0, "BB2 5JA", "E01024921"),
    (10091497098, 363699.0, 425168.0, "BB2 5JB", "E01024921"),
    (100010382300, 350000.0, 400000.0, None, None),  # Wigan side: outside Chorley
]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def open_uprn_csv(tmp_path: Path) -> Path:
    """An OS Open UPRN style file: UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE."""
    rows = ["UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE"]
    for uprn, x, y, _, _ in HOMES:
        rows.append(f"{uprn},{x},{y},0,0")
    return write(tmp_path / "osopenuprn.csv", "\n".join(rows) + "\n")


@pytest.fixture()
def llpg_csv(tmp_path: Path) -> Path:
    """A council export with named columns, a class, a parent and address parts."""
    return write(
        tmp_path / "llpg.csv",
        "REF,EAST,NORTH,CLASS,PARENT,PCODE,LINE1,TOWN\n"
        "100010382247,363965,425261,RD04,,bb25ja,1 Example Road,Chorley\n"
        "10091497098,363699,425168,RD06,100010382247,BB2 5JB,Flat 2,Chorley\n"
        "100010382300,350000,400000,CR,,,,\n",
    )


def gzip_file(path: Path, text: str) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(text)
    return path
