"""AddressIndex: matching a DataFrame column / Arrow array to UPRNs and the data-quality
report, on tiny fixtures and on ../shared/data/address_bench."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pandas
import pyarrow
import pytest

import outreach

REPO = Path(__file__).resolve().parents[3]

GAZ = [
    (100, "10 HIGH STREET, KELTON", "ZY1 1AA", None),
    (101, "FLAT 1, 10 HIGH STREET, KELTON", "ZY1 1AA", 100),
    (102, "FLAT 2, 10 HIGH STREET, KELTON", "ZY1 1AA", 100),
    (120, "12 HIGH STREET, KELTON", "ZY1 1AB", None),
]


@pytest.fixture(scope="module")
def index() -> outreach.AddressIndex:
    return outreach.AddressIndex.from_columns(
        [g[0] for g in GAZ], [g[1] for g in GAZ], [g[2] for g in GAZ], [g[3] for g in GAZ]
    )


def test_match_a_dataframe_column(index: outreach.AddressIndex) -> None:
    assert len(index) == 4
    df = pandas.DataFrame(
        {
            "ref": ["a", "b", "c"],
            "addr": ["2/10 High St, ZY1 1AA", "Flat, 10 High Street, Kelton", "99 Nowhere Road"],
        }
    )
    t = index.match(df["addr"], ids=df["ref"])
    assert isinstance(t, pyarrow.Table)
    assert t.column_names == [
        "id", "uprn", "score", "status", "margin", "reason", "postcode", "postcode_corrected"
    ]
    assert t.column("id").to_pylist() == ["a", "b", "c"]
    assert t.column("uprn").to_pylist() == [102, 100, None]
    assert t.column("status").to_pylist() == ["matched", "building", "no_match"]
    assert "flat agrees" in t.column("reason")[0].as_py()


def test_match_an_arrow_array_with_postcodes(index: outreach.AddressIndex) -> None:
    # ZY1 1BB is one keying error from ZY1 1AB only.
    t = index.match(pyarrow.array(["12 Hihg Stret", None]), postcodes=["ZY1 1BB", None])
    assert t.column("uprn").to_pylist()[0] == 120
    assert t.column("postcode_corrected").to_pylist()[0] == "ZY1 1AB"
    assert t.column("status").to_pylist()[1] == "no_match"
    assert t.column("id").to_pylist() == ["0", "1"]


def test_lengths_must_agree(index: outreach.AddressIndex) -> None:
    with pytest.raises(outreach.InvalidArgumentError):
        index.match(["10 High Street"], postcodes=["ZY1 1AA", "ZY1 1AB"])


def test_quality_report_tables(index: outreach.AddressIndex) -> None:
    q = index.quality(
        ["a", "b", "c", "d", "e"],
        [
            "12 High St, Kelton, ZY1 1AA",
            "7 Nowhere Lane",
            "2/10 High St, ZY1 1AA",
            "Flat 2, 10 High Street, ZY1 1AA",
            "Flat 1, 10 High Street, ZY1 1AA",
        ],
        uprns=[None, None, None, None, 999],
    )
    assert set(q) == {"anomalies", "corrections", "inside_outside"}
    anomalies = sorted(zip(q["anomalies"].column("id").to_pylist(), q["anomalies"].column("anomaly").to_pylist()))
    assert anomalies == [
        ("a", "postcode_corrected"),
        ("b", "no_match"),
        ("c", "shared_uprn"),
        ("d", "shared_uprn"),
        ("e", "unknown_uprn"),
    ]
    c = q["corrections"].to_pylist()
    a = next(r for r in c if r["id"] == "a")
    assert a["uprn"] == "120"
    assert a["canonical_address"] == "12 HIGH STREET, KELTON, ZY1 1AB"
    assert "postcode ZY1 1AA -> ZY1 1AB" in a["reason"]
    e = next(r for r in c if r["id"] == "e")
    assert e["uprn"] == "101" and "UPRN 999 -> 101" in e["reason"]
    io = q["inside_outside"].to_pylist()
    assert [r["basis"] for r in io] == ["before", "after"]
    assert io[0]["inside"] is None and io[0]["unknown"] == 5


def shared_data() -> Path:
    candidates = [Path(p) for p in [os.environ.get("OUTREACH_SHARED_DATA", "")] if p]
    candidates += [REPO / "shared" / "data", REPO.parent / "shared" / "data"]
    for path in candidates:
        if (path / "SOURCES.md").is_file():
            return path
    pytest.fail("shared data not found: set OUTREACH_SHARED_DATA")


def test_address_bench_from_csv() -> None:
    bench = shared_data() / "address_bench"
    index = outreach.AddressIndex.from_csv(bench / "components.csv.gz", format="fields")
    report = index.load_report
    assert report is not None and report.is_clean
    assert len(index) == 50108
    with gzip.open(bench / "messy.csv.gz", "rt") as f:
        messy = pandas.read_csv(f, dtype=str).head(2000)
    t = index.match(messy["address"], ids=messy["id"])
    got = t.column("uprn").to_pylist()
    status = t.column("status").to_pylist()
    truth = [int(u) for u in messy["true_uprn"]]
    correct = sum(g == w for g, w in zip(got, truth))
    # The same decisions as the core (crates/outreach/tests/address_bench.rs): a building-
    # level answer may be the parent of the true flat; a "matched" UPRN is rarely wrong.
    wrong = sum(s == "matched" and g != w for g, s, w in zip(got, status, truth))
    assert correct >= 0.92 * len(truth), correct
    assert wrong <= 0.01 * len(truth), wrong
    assert set(status) <= {"matched", "building", "ambiguous", "no_match"}
