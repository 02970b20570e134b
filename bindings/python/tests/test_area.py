"""outreach.AreaSet: reading GeoJSON, point lookups and batch assignment on real data."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import outreach
from conftest import write


def test_from_geojson_real_lsoas(lsoas: outreach.AreaSet) -> None:
    assert len(lsoas) == 66
    assert lsoas.kind == "lsoa"
    assert lsoas.vintage == 2011
    assert lsoas.name == "lsoa11_bgc"
    codes = lsoas.codes()
    assert codes[0] == "E01024915" and len(set(codes)) == 66
    assert all(c.startswith("E01") for c in codes)
    report = lsoas.load_report
    assert report is not None
    assert (report.rows_read, report.accepted, report.rejected) == (66, 66, [])
    assert repr(lsoas) == "AreaSet(name='lsoa11_bgc', kind='lsoa', vintage=2011, areas=66)"


def test_from_geojson_wards_and_defaults(chorley: Path, wards: outreach.AreaSet) -> None:
    assert (len(wards), wards.kind, wards.vintage) == (14, "ward", 2022)
    plain = outreach.AreaSet.from_geojson(str(chorley / "wards22_bsc.geojson"), "WD22CD", name="w")
    assert (plain.name, plain.vintage) == ("w", None)
    assert repr(plain) == "AreaSet(name='w', kind='ward', vintage=None, areas=14)"


def test_locate(lsoas: outreach.AreaSet) -> None:
    # BB2 5JA's Code-Point centroid; the ONS lookup puts the postcode in E01024921.
    assert lsoas.locate(363965.0, 425261.0) == "E01024921"
    assert lsoas.locate(350000.0, 400000.0) is None
    assert lsoas.locate(float("nan"), 0.0) is None


def _live_postcode_lsoas(chorley: Path) -> dict[str, str]:
    with gzip.open(chorley / "pcd_lsoa11_lookup.csv.gz", "rt", encoding="utf-8") as f:
        return {r["pcds"]: r["lsoa11cd"] for r in csv.DictReader(f) if not r["doterm"]}


def test_assign_postcodes_agrees_with_ons_lookup(chorley: Path, lsoas: outreach.AreaSet) -> None:
    points = pacsv.read_csv(chorley / "codepoint_open_2025_04.csv.gz")
    result = lsoas.assign(points.column("Eastings"), points.column("Northings"))  # int64, chunked
    assert result.column_names == ["index", "area_code"]
    assert result.num_rows == points.num_rows == 2896
    assert result.column("index").to_pylist() == list(range(points.num_rows))
    assert pa.types.is_dictionary(result.schema.field("area_code").type)
    ours = dict(zip(points.column("Postcode").to_pylist(), result.column("area_code").to_pylist()))
    ons = _live_postcode_lsoas(chorley)
    common = [p for p in ons if p in ours]
    assert len(common) > 2500
    agree = sum(ours[p] == ons[p] for p in common)
    assert agree / len(common) >= 0.99, f"{agree} of {len(common)} agree"


def test_assign_accepts_any_sequence(lsoas: outreach.AreaSet) -> None:
    xs, ys = [363965.0, 350000.0, 363699], (425261.0, 400000.0, 425168.0)
    expected = ["E01024921", None, "E01024921"]
    for make in (list, tuple, pa.array, lambda v: pa.array(v, type=pa.float32())):
        result = lsoas.assign(make(xs), make(ys))
        assert result.column("area_code").to_pylist() == expected
    np = pytest.importorskip("numpy")
    result = lsoas.assign(np.array(xs), np.array(ys, dtype=np.float32))
    assert result.column("area_code").to_pylist() == expected
    # Nulls are in no area.
    result = lsoas.assign(pa.array([363965.0, None]), [425261.0, 425261.0])
    assert result.column("area_code").to_pylist() == ["E01024921", None]
    empty = lsoas.assign([], [])
    assert empty.num_rows == 0
    none = pa.chunked_array([], type=pa.float64())
    assert lsoas.assign(none, none).num_rows == 0
    pd = pytest.importorskip("pandas")
    result = lsoas.assign(pd.Series(xs), pd.Series(ys))
    assert result.column("area_code").to_pylist() == expected


def test_assign_argument_errors(lsoas: outreach.AreaSet) -> None:
    with pytest.raises(outreach.InvalidArgumentError, match="2 x values but 1 y values"):
        lsoas.assign([1.0, 2.0], [1.0])
    with pytest.raises(outreach.InvalidArgumentError, match="xs"):
        lsoas.assign(["a"], [1.0])
    with pytest.raises(outreach.InvalidArgumentError, match="ys"):
        lsoas.assign([1.0], pa.array(["a"]))


def test_rejected_features_are_reported(tmp_path: Path) -> None:
    square = [[[-2.70, 53.60], [-2.60, 53.60], [-2.60, 53.70], [-2.70, 53.70], [-2.70, 53.60]]]
    sliver = [[[-2.70, 53.60], [-2.60, 53.70], [-2.70, 53.60]]]
    features = [
        {"type": "Feature", "properties": {"code": "zone-a"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"code": "zone-b"}, "geometry": {"type": "Polygon", "coordinates": sliver}},
        {"type": "Feature", "properties": {"code": "zone-a"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"code": "zone-c"}, "geometry": {"type": "Point", "coordinates": [-2.6, 53.6]}},
    ]
    path = write(tmp_path / "zones.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    areas = outreach.AreaSet.from_geojson(path, "code")
    assert areas.codes() == ["zone-a"] and areas.kind == "other"
    report = areas.load_report
    assert report is not None
    assert (report.rows_read, report.accepted) == (5, 1)
    assert [(r.line, r.field) for r in report.rejected] == [
        (2, "code"), (3, "geometry"), (4, "code"), (5, "geometry"),
    ]
    assert "duplicate area code zone-a" in report.rejected[2].reason


def test_bng_geojson_is_read_when_declared(tmp_path: Path) -> None:
    fc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": [{
            "type": "Feature", "properties": {"code": "west"},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]]},
        }, {
            "type": "Feature", "properties": {"code": "east"},
            "geometry": {"type": "Polygon", "coordinates": [[[100, 0], [200, 0], [200, 100], [100, 100], [100, 0]]]},
        }],
    }
    areas = outreach.AreaSet.from_geojson(write(tmp_path / "bng.geojson", json.dumps(fc)), "code")
    # A point on the shared edge goes east (the core's boundary rule).
    result = areas.assign([50.0, 100.0, 150.0, 500.0], [50.0] * 4)
    assert result.column("area_code").to_pylist() == ["west", "east", "east", None]


def test_vintage_errors(chorley: Path) -> None:
    assert outreach.AreaSet.from_geojson(chorley / "wards22_bsc.geojson", "WD22CD", vintage="2021").vintage == 2021
    with pytest.raises(outreach.InvalidArgumentError, match="vintage"):
        outreach.AreaSet.from_geojson(chorley / "wards22_bsc.geojson", "WD22CD", vintage="May 2022")
