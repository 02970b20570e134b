"""Notebook integration: ``__geo_interface__`` (GeoJSON in EPSG:27700), short reprs and
``_repr_html_`` summaries."""

from __future__ import annotations

import geopandas
import pyarrow
import shapely.geometry

import outreach


def homes() -> outreach.Gazetteer:
    # Three points in Chorley LSOAs (see conftest.HOMES) and one far outside.
    return outreach.Gazetteer.from_arrow(
        pyarrow.table(
            {
                "uprn": [100010382247, 10091497098, 100010382300],
                "x": [363965.0, 363699.0, 350000.0],
                "y": [425261.0, 425168.0, 400000.0],
            }
        )
    )


def test_area_set_geo_interface_is_bng_geojson(lsoas: outreach.AreaSet) -> None:
    gi = lsoas.__geo_interface__
    assert gi["type"] == "FeatureCollection"
    assert gi["crs"]["properties"]["name"].endswith("27700")
    assert len(gi["features"]) == len(lsoas)
    first = gi["features"][0]
    assert first["properties"]["code"] == lsoas.codes()[0]
    assert first["properties"]["name"].startswith("Chorley")
    shape = shapely.geometry.shape(first["geometry"])
    x, y = shape.representative_point().coords[0]
    assert 340_000 < x < 380_000 and 400_000 < y < 440_000  # metres, not degrees
    assert lsoas.locate(x, y) == lsoas.codes()[0]
    frame = geopandas.GeoDataFrame.from_features(gi["features"], crs="EPSG:27700")
    assert list(frame["code"]) == lsoas.codes()


def test_area_set_to_arrow(lsoas: outreach.AreaSet) -> None:
    prof = outreach.profile(lsoas, homes(), residential_only=False)
    assert prof.area_table_with_geometry().num_rows == len(lsoas)
    t = lsoas.to_arrow()
    assert t.column_names == ["code", "name", "geometry_geojson"]
    assert t.column("code").to_pylist() == lsoas.codes()
    assert t.num_rows == len(lsoas)


def test_profile_geo_interface_carries_the_area_table(lsoas: outreach.AreaSet) -> None:
    prof = outreach.profile(lsoas, homes(), residential_only=False)
    gi = prof.__geo_interface__
    assert gi["crs"]["properties"]["name"].endswith("27700")
    features = gi["features"]
    assert [f["properties"]["area_code"] for f in features] == prof.codes()
    by_code = {f["properties"]["area_code"]: f["properties"] for f in features}
    assert set(by_code) == set(lsoas.codes())
    table = prof.area_table().to_pylist()
    assert [row["area_code"] for row in table] == prof.codes()
    assert by_code["E01024921"] == {k: v for k, v in table[prof.codes().index("E01024921")].items()}
    assert shapely.geometry.shape(features[0]["geometry"]).area > 10_000  # square metres
    assert prof.areas.codes() == lsoas.codes()


def test_reprs_are_short(lsoas: outreach.AreaSet) -> None:
    g = homes()
    assert repr(g) == "Gazetteer(properties=3, columns=[uprn, x, y])"
    assert repr(lsoas).startswith("AreaSet(name='lsoa11_bgc', kind='lsoa', vintage=2011, areas=")
    index = outreach.AddressIndex.from_columns([1], ["1 HIGH STREET, KELTON"], ["ZY1 1AA"])
    assert repr(index) == "AddressIndex(1 addresses, 1 postcodes)"
    prof = outreach.profile(lsoas, g, residential_only=False)
    assert repr(prof).startswith(f"Profile(areas={len(lsoas)}, indicators=")
    for obj in (g, lsoas, index, prof):
        assert len(repr(obj)) < 100


def test_html_summaries(lsoas: outreach.AreaSet) -> None:
    g = homes()
    html = g._repr_html_()
    assert html.startswith("<table>") and "Gazetteer" in html and "<td style='text-align:left'>3</td>" in html
    html = lsoas._repr_html_()
    assert "lsoa" in html and f">{len(lsoas)}<" in html and "rows read" in html
    index = outreach.AddressIndex.from_columns([1], ["1 HIGH STREET, <KELTON>"])
    assert "AddressIndex" in index._repr_html_()
    prof = outreach.profile(lsoas, g, residential_only=False)
    html = prof._repr_html_()
    assert "indicators" in html and "lsoa11_bgc" in html
