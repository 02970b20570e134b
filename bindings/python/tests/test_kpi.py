"""outreach.Observations and outreach.Targets: performance reporting as pyarrow tables."""

from __future__ import annotations

import csv
import gzip
import os
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

import outreach
from conftest import write

REPO = Path(__file__).resolve().parents[3]

# The Chorley Partnership's printed quarter counts, 2010/11 Q2 -> 2011/12 Q2, and % change.
SEED = [
    ("All Crime", 1413, 1455, 3.0),
    ("Burglary Dwelling", 44, 61, 38.6),
    ("Robbery", 6, 1, -83.3),
    ("Criminal Damage", 280, 215, -23.2),
]


@pytest.fixture()
def seed_csv(tmp_path: Path) -> Path:
    rows = ["indicator,period,value"]
    for name, last, this, _ in SEED:
        rows += [f"{name},2010-Q2,{last}", f"{name},2011-Q2,{this}"]
    rows += [
        "Accidental dwelling fires,2011-Q1,15",
        "Accidental dwelling fires,2011-Q2,12",
        "Accidental dwelling fires,2010-Q1,16",
        "Accidental dwelling fires,2010-Q2,15",
        "Vulnerable households given a home fire safety check,2011-Q2,83",
        "Robbery,2011-Q9,1",
    ]
    return write(tmp_path / "observations.csv", "\n".join(rows) + "\n")


@pytest.fixture()
def targets_csv(tmp_path: Path) -> Path:
    return write(
        tmp_path / "targets.csv",
        "indicator,target,polarity,unit\n"
        "Accidental dwelling fires,64,lower,count\n"
        "Vulnerable households given a home fire safety check,85,higher,percent\n"
        "Broken,x,lower,count\n",
    )


def test_compare_reproduces_printed_changes(seed_csv: Path) -> None:
    obs = outreach.Observations.from_csv(seed_csv)
    report = obs.load_report
    assert (report.rows_read, report.accepted) == (14, 13)
    assert report.rejected[0].line == 15 and report.rejected[0].field == "period"
    assert len(obs) == 6 and repr(obs) == "Observations(series=6)"
    assert obs.series()[0] == ("All Crime", None)

    table = obs.compare("2011-Q2")
    assert isinstance(table, pa.Table)
    assert table.num_rows == 6
    assert table.column_names[:8] == [
        "indicator", "area_code", "period", "unit", "current", "previous", "change_pct", "p_value",
    ]
    assert table.schema.field("change_pct").type == pa.float64()
    rows = {r["indicator"]: r for r in table.to_pylist()}
    for name, last, this, pct in SEED:
        row = rows[name]
        assert (row["current"], row["previous"], row["change_pct"]) == (this, last, pct)
        assert row["period"] == "2011-Q2" and row["area_code"] is None
    assert rows["Robbery"]["p_value"] == pytest.approx(0.125)
    assert rows["Criminal Damage"]["p_value"] < 0.05
    # No previous year for the percentage: null, with the reason in `note`.
    hfsc = rows["Vulnerable households given a home fire safety check"]
    assert hfsc["previous"] is None and hfsc["change_pct"] is None
    assert "previous not available" in hfsc["note"]


def test_targets_give_rag_with_polarity(seed_csv: Path, targets_csv: Path) -> None:
    targets = outreach.Targets.from_csv(targets_csv)
    assert targets.indicators() == [
        "Accidental dwelling fires",
        "Vulnerable households given a home fire safety check",
    ]
    assert len(targets.load_report.rejected) == 1 and repr(targets) == "Targets(indicators=2)"
    table = outreach.Observations.from_csv(seed_csv).compare("2011-Q2", targets=targets)
    rows = {r["indicator"]: r for r in table.to_pylist()}
    fires = rows["Accidental dwelling fires"]
    assert (fires["ytd"], fires["ytd_previous"], fires["ytd_change_pct"]) == (27, 31, -12.9)
    assert (fires["annual_target"], fires["target_to_date"], fires["actual_to_date"]) == (64, 32, 27)
    assert (fires["polarity"], fires["rag"]) == ("lower", "Green")
    hfsc = rows["Vulnerable households given a home fire safety check"]
    assert (hfsc["unit"], hfsc["polarity"], hfsc["actual_to_date"], hfsc["rag"]) == (
        "percent", "higher", 83, "Amber",
    )
    assert rows["All Crime"]["rag"] is None and rows["All Crime"]["annual_target"] is None

    md = outreach.Observations.from_csv(seed_csv).to_markdown(
        "2011-Q2", title="Chorley Partnership", targets=targets, significance=0.05
    )
    assert md.startswith("# Chorley Partnership\n")
    assert "| All Crime | 1,455 | 1,413 | +3.0% |" in md
    assert "| Criminal Damage | 215 | 280 | -23.2%\\* |" in md
    assert "| Accidental dwelling fires | lower | 64 | 32 | 27 | Green |" in md


def test_missing_files_raise_data_load_error() -> None:
    with pytest.raises(outreach.DataLoadError):
        outreach.Observations.from_csv("no/such/file.csv")
    with pytest.raises(outreach.DataLoadError):
        outreach.Targets.from_csv("no/such/targets.csv")


def test_bad_period_is_invalid_argument(seed_csv: Path) -> None:
    obs = outreach.Observations.from_csv(seed_csv)
    with pytest.raises(outreach.InvalidArgumentError, match="2011-Q5"):
        obs.compare("2011-Q5")
    with pytest.raises(ValueError):
        obs.to_markdown("2011/13")


def test_missing_column_is_a_format_error(tmp_path: Path) -> None:
    path = write(tmp_path / "obs.csv", "indicator,when,value\nA,2011-07,1\n")
    with pytest.raises(outreach.DataFormatError, match="period"):
        outreach.Observations.from_csv(path)


def shared_data() -> Path:
    candidates = [Path(p) for p in [os.environ.get("OUTREACH_SHARED_DATA", "")] if p]
    candidates += [REPO / "shared" / "data", REPO.parent / "shared" / "data"]
    for path in candidates:
        if (path / "SOURCES.md").is_file():
            return path
    pytest.fail("shared data not found: set OUTREACH_SHARED_DATA to the shared data folder")


def test_police_uk_chorley_quarter_matches_direct_counts() -> None:
    path = shared_data() / "crime" / "chorley_lsoa_street_2019-12_to_2022-10.csv.gz"
    counts: Counter[tuple[str, str]] = Counter()
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            counts[row["Month"], row["Crime type"]] += 1
    crime = outreach.Observations.from_police_uk(path, by_area=True)
    assert crime.load_report.rows_read == 30706 and crime.load_report.rejected == []

    table = crime.compare("2021-Q3")  # October-December 2021
    overall = [r for r in table.to_pylist() if r["area_code"] is None]
    types = {t for _, t in counts}
    assert {r["indicator"] for r in overall} == types | {"All crime"}
    months, last_year = ["2021-10", "2021-11", "2021-12"], ["2020-10", "2020-11", "2020-12"]
    for row in overall:
        wanted = types - {"Anti-social behaviour"} if row["indicator"] == "All crime" else {row["indicator"]}
        now = sum(counts[m, t] for m in months for t in wanted)
        before = sum(counts[m, t] for m in last_year for t in wanted)
        assert (row["current"], row["previous"]) == (now, before), row["indicator"]
        if before:
            assert row["change_pct"] == pytest.approx(round((now - before) / before * 100, 1), abs=0.05)
        # Year to date reaches back to April-June 2020, which lacks June: not compared.
        assert row["ytd_previous"] is None and row["ytd_change_pct"] is None
        assert "2020-06" in row["note"]
    by_lsoa = [r for r in table.to_pylist() if r["area_code"] is not None]
    assert len({r["area_code"] for r in by_lsoa}) == 66
    all_crime = [r["current"] for r in by_lsoa if r["indicator"] == "All crime"]
    assert sum(all_crime) == next(r["current"] for r in overall if r["indicator"] == "All crime")
