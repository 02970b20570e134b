"""Arrow in for every input kind: gazetteers, points and partner records from pyarrow,
pandas and polars; areas from GeoDataFrames in any CRS."""

from __future__ import annotations

from pathlib import Path

import geopandas
import pandas
import polars
import pyarrow
import pytest

import outreach

ROWS = {
    "uprn": [100010382247, 10091497098, 100010382300],
    "x": [363965.0, 363699.0, 350000.0],
    "y": [425261.0, 425168.0, 400000.0],
    "postcode": ["BB2 5JA", "BB2 5JB", None],
    "address": ["1 A ROAD", "2 A ROAD", None],
}


def check_homes(g: outreach.Gazetteer) -> None:
    assert len(g) == 3
    assert g.uprns().to_pylist() == ROWS["uprn"]
    assert g.get(10091497098)["x"] == 363699.0


def test_gazetteer_from_pyarrow_pandas_and_polars() -> None:
    for table in (pyarrow.table(ROWS), pandas.DataFrame(ROWS), polars.DataFrame(ROWS)):
        g = outreach.Gazetteer.from_arrow(table, postcode_field="postcode", address_field="address")
        check_homes(g)
        assert g.get(100010382247)["postcode"] == "BB2 5JA"
        assert g.get(100010382300)["address"] is None


def test_gazetteer_from_arrow_with_text_uprns_and_wgs84() -> None:
    lon, lat = outreach.bng_to_wgs84(363965.0, 425261.0)
    g = outreach.Gazetteer.from_arrow(
        pyarrow.table({"UPRN": ["000100010382247"], "lon": [lon], "lat": [lat]}),
        uprn="UPRN", x="lon", y="lat", crs=4326,
    )
    p = g.get(100010382247)
    assert abs(p["x"] - 363965.0) < 0.01 and abs(p["y"] - 425261.0) < 0.01


def test_gazetteer_from_arrow_errors_name_the_column_or_row() -> None:
    with pytest.raises(outreach.InvalidArgumentError, match='no column "easting"'):
        outreach.Gazetteer.from_arrow(pyarrow.table(ROWS), x="easting")
    bad = pyarrow.table({"uprn": [1, 0], "x": [1.0, 2.0], "y": [1.0, 2.0]})
    with pytest.raises(outreach.InvalidArgumentError, match="row 2"):
        outreach.Gazetteer.from_arrow(bad)
    with pytest.raises(outreach.InvalidArgumentError, match="row 1: null"):
        outreach.Gazetteer.from_arrow(pyarrow.table({"uprn": [None], "x": [1.0], "y": [1.0]}, schema=pyarrow.schema([("uprn", pyarrow.int64()), ("x", pyarrow.float64()), ("y", pyarrow.float64())])))


def test_points_from_polars_pandas_and_chunked_arrays(lsoas: outreach.AreaSet) -> None:
    xs, ys = ROWS["x"], ROWS["y"]
    expected = lsoas.assign(xs, ys).column("area_code").to_pylist()
    assert expected[2] is None and expected[0] is not None
    frame = polars.DataFrame({"x": xs, "y": ys})
    assert lsoas.assign(frame["x"], frame["y"]).column("area_code").to_pylist() == expected
    pdf = pandas.DataFrame({"x": xs, "y": ys})
    assert lsoas.assign(pdf["x"], pdf["y"]).column("area_code").to_pylist() == expected
    chunked = pyarrow.chunked_array([xs[:1], xs[1:]])
    assert lsoas.assign(chunked, pyarrow.chunked_array([ys])).column("area_code").to_pylist() == expected


def test_partner_records_from_arrow_strings() -> None:
    index = outreach.AddressIndex.from_columns(
        [100, 120], ["10 HIGH STREET, KELTON", "12 HIGH STREET, KELTON"], ["ZY1 1AA", "ZY1 1AB"]
    )
    addresses = ["12 HIGH STREET, KELTON", "10 HIGH STREET, KELTON"]
    expected = index.match(addresses).column("uprn").to_pylist()
    assert expected == [120, 100]
    for column in (
        pyarrow.array(addresses),
        pyarrow.array(addresses, type=pyarrow.large_string()),
        pyarrow.array(addresses).dictionary_encode(),
        polars.Series(addresses),
    ):
        assert index.match(column, ids=polars.Series(["a", "b"])).column("uprn").to_pylist() == expected
    with pytest.raises(outreach.InvalidArgumentError, match="expected strings"):
        index.match(pyarrow.array([{"a": 1}]))


def test_areas_from_geodataframes_in_any_crs(chorley: Path, lsoas: outreach.AreaSet) -> None:
    frame = geopandas.read_file(chorley / "lsoa11_bgc.geojson")
    inner = [
        shape.representative_point()
        for shape in geopandas.GeoDataFrame.from_features(
            lsoas.__geo_interface__["features"], crs="EPSG:27700"
        ).geometry
    ]
    xs, ys = [p.x for p in inner], [p.y for p in inner]
    expected = lsoas.assign(xs, ys).column("area_code").to_pylist()
    for crs in (4326, 27700, 3857):
        areas = outreach.AreaSet.from_geodataframe(
            frame.to_crs(crs), code="LSOA11CD", name="LSOA11NM", set_name="lsoa11", vintage=2011
        )
        assert areas.codes() == lsoas.codes() and areas.kind == "lsoa" and areas.vintage == 2011
        assert areas.name == "lsoa11"
        assert areas.assign(xs, ys).column("area_code").to_pylist() == expected, crs
    with pytest.raises(ValueError, match="no CRS"):
        outreach.AreaSet.from_geodataframe(frame.set_crs(None, allow_override=True), code="LSOA11CD")
    with pytest.raises(KeyError, match="CODE"):
        outreach.AreaSet.from_geodataframe(frame, code="CODE")
