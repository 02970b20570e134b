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


def test_quality_inside_outside_before_and_after(tmp_path: Path) -> None:
    # The council's area is the square x, y in [400000, 401000]. Postcode ZY1 1AA has its
    # centroid inside, ZY9 9ZZ outside. Record "in-by-uprn" carries the outside postcode
    # but matches a property inside; "out" is outside both ways; "in" is inside both ways.
    boundary = tmp_path / "council.geojson"
    boundary.write_text(
        '{"type": "FeatureCollection",'
        ' "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},'
        ' "features": [{"type": "Feature", "properties": {"code": "E07000001"},'
        ' "geometry": {"type": "Polygon", "coordinates": [[[400000, 400000], [401000, 400000],'
        ' [401000, 401000], [400000, 401000], [400000, 400000]]]}}]}'
    )
    area = outreach.AreaSet.from_geojson(boundary, "code")
    cpo = tmp_path / "codepoint.csv"
    cpo.write_text(
        "Postcode,Positional_quality_indicator,Eastings,Northings\n"
        "ZY1 1AA,10,400500,400500\n"
        "ZY9 9ZZ,10,420000,420000\n"
        "ZY1 1AB,10,400600,400600\n"
    )
    centroids = outreach.PostcodeCentroids.from_codepoint_open(cpo)
    assert len(centroids) == 3 and centroids.load_report.is_clean
    assert centroids.get("zy11aa") == (400500.0, 400500.0)
    assert "ZY9 9ZZ" in centroids and centroids.get("not a postcode") is None
    assert centroids.to_arrow().column("postcode").to_pylist()[1] == "ZY9 9ZZ"
    props = tmp_path / "props.csv"
    props.write_text(
        "uprn,x,y,postcode,address\n"
        "100,400500,400500,ZY1 1AA,\"10 HIGH STREET, KELTON\"\n"
        "120,400600,400600,ZY1 1AB,\"12 HIGH STREET, KELTON\"\n"
        "300,430000,430000,ZY9 9ZZ,\"3 FAR LANE, ELSEWHERE\"\n"
    )
    gazetteer = outreach.Gazetteer.from_csv(
        props, format="columns", uprn="uprn", x="x", y="y", postcode_field="postcode",
        address_fields=["address"],
    )
    index = outreach.AddressIndex.from_columns(
        [100, 120, 300],
        ["10 HIGH STREET, KELTON", "12 HIGH STREET, KELTON", "3 FAR LANE, ELSEWHERE"],
        ["ZY1 1AA", "ZY1 1AB", "ZY9 9ZZ"],
    )
    q = index.quality(
        ["in", "in-by-uprn", "out"],
        ["10 High Street, Kelton", "12 High Street, Kelton", "3 Far Lane, Elsewhere"],
        postcodes=["ZY1 1AA", "ZY9 9ZZ", "ZY9 9ZZ"],
        properties=gazetteer,
        boundary=area,
        centroids=centroids,
    )
    io = {r["basis"]: r for r in q["inside_outside"].to_pylist()}
    assert (io["before"]["inside"], io["before"]["outside"], io["before"]["unknown"]) == (1, 2, 0)
    assert (io["after"]["inside"], io["after"]["outside"], io["after"]["unknown"]) == (2, 1, 0)
    without = index.quality(["a"], ["10 High Street"], boundary=area, properties=gazetteer)
    assert without["inside_outside"].to_pylist()[0]["unknown"] == 1
