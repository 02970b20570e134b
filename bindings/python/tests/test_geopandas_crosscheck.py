"""Cross-check of AreaSet.assign against GeoPandas (and the ONS postcode lookup) on the real
data in ``../shared/data`` (set ``OUTREACH_SHARED_DATA`` to use another folder).

Two tools transforming the same WGS84 boundaries may disagree near a boundary: outreach
uses OSTN15 (millimetres), pyproj without its OSTN15 grid a Helmert transformation (metres
off). So on the postcodes the equality check is limited to points more than 10 m from every
LSOA boundary; on random points both tools read the very same BNG coordinates and must
agree everywhere.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import outreach

gpd = pytest.importorskip("geopandas")
pd = pytest.importorskip("pandas")
pyproj = pytest.importorskip("pyproj")
shapely = pytest.importorskip("shapely")
pytest.importorskip("pyogrio")

REPO = Path(__file__).resolve().parents[3]
SURE_M = 10.0
RANDOM_POINTS = 20_000


@pytest.fixture(scope="module")
def shared_data() -> Path:
    """``$OUTREACH_SHARED_DATA``, else ``../shared/data`` beside the repository. Missing data
    fails (as in the Rust acceptance tests) rather than skipping."""
    candidates = [Path(p) for p in [os.environ.get("OUTREACH_SHARED_DATA", "")] if p]
    candidates += [REPO / "shared" / "data", REPO.parent / "shared" / "data"]
    for path in candidates:
        if (path / "SOURCES.md").is_file():
            return path
    pytest.fail(
        f"shared data not found in {', '.join(map(str, candidates))}: "
        "set OUTREACH_SHARED_DATA to the shared data folder"
    )


def read_polygons(path: Path, code_field: str) -> Any:
    """A GeoDataFrame of ``code_field`` and geometry (GDAL reads .gz through /vsigzip/)."""
    source = f"/vsigzip/{path}" if path.suffix == ".gz" else str(path)
    return gpd.read_file(source, columns=[code_field], engine="pyogrio")


def transformation_to_bng(crs: Any) -> str:
    """The operation pyproj (so ``to_crs``) uses from ``crs`` to EPSG:27700 in England."""
    transformer = pyproj.Transformer.from_crs(crs, "EPSG:27700", always_xy=True)
    transformer.transform(-2.7, 53.65)  # makes PROJ choose the operation for this area
    op = transformer.get_last_used_operation()
    proj4 = op.to_proj4().lower()
    kind = "OSTN15 grid" if "ostn15" in proj4 else "Helmert" if "helmert" in proj4 else "?"
    return f"{op.description} ({kind}, accuracy {op.accuracy} m, PROJ {pyproj.proj_version_str})"


def sjoin_codes(points: Any, polygons: Any, code_field: str) -> Any:
    """The code of the polygon each point is within (None outside all), in point order."""
    joined = gpd.sjoin(points, polygons, predicate="within", how="left")
    in_two = joined.index[joined.index.duplicated()].unique()
    assert len(in_two) == 0, f"{len(in_two)} points in two or more polygons (overlaps)"
    codes = joined[code_field].reindex(points.index)
    return codes.astype(object).where(codes.notna(), None).to_numpy()


def outreach_codes(areas: outreach.AreaSet, xs: Any, ys: Any) -> Any:
    table = areas.assign(xs, ys)
    assert table.column("index").to_pylist() == list(range(len(xs)))
    return np.array(table.column("area_code").to_pylist(), dtype=object)


def test_postcodes_to_lsoa11_match_geopandas_and_ons(shared_data: Path) -> None:
    started = time.perf_counter()
    boundaries = shared_data / "boundaries" / "lsoa11_bgc_lancs_notts.geojson.gz"
    codepoint = pd.read_csv(
        shared_data / "postcodes" / "codepoint_open_2025_04_lancs_notts.csv.gz",
        usecols=["Postcode", "Eastings", "Northings"],
        dtype={"Postcode": str, "Eastings": "float64", "Northings": "float64"},
    )
    assert len(codepoint) == 68_551
    xs = codepoint["Eastings"].to_numpy()
    ys = codepoint["Northings"].to_numpy()

    # outreach: WGS84 GeoJSON converted with OSTN15 on load.
    lsoas = outreach.AreaSet.from_geojson(boundaries, "LSOA11CD", vintage=2011)
    assert lsoas.load_report is not None and lsoas.load_report.is_clean
    assert len(lsoas) == 1620
    ours = outreach_codes(lsoas, xs, ys)

    # GeoPandas: the same file, to_crs(27700) with whatever pyproj picks, then sjoin.
    polygons_wgs84 = read_polygons(boundaries, "LSOA11CD")
    transformation = transformation_to_bng(polygons_wgs84.crs)
    polygons = polygons_wgs84.to_crs(27700)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys), crs="EPSG:27700")
    theirs = sjoin_codes(points, polygons, "LSOA11CD")

    # Sure points: farther than SURE_M from the boundary of every polygon.
    tree = shapely.STRtree(shapely.boundary(polygons.geometry.to_numpy()))
    near_point, _ = tree.query(points.geometry.to_numpy(), predicate="dwithin", distance=SURE_M)
    sure = np.ones(len(points), dtype=bool)
    sure[near_point] = False
    differ = ours != theirs
    sure_differ = np.flatnonzero(sure & differ)

    # The ONS lookup: live postcodes (empty doterm), joined on pcds = Code-Point's postcode.
    ons = pd.read_csv(
        shared_data / "postcodes" / "pcd_oa11_lsoa11_msoa11_lad_may22_lancs_notts.csv.gz",
        usecols=["pcds", "doterm", "lsoa11cd"],
        dtype=str,
        keep_default_na=False,
    )
    live = ons[(ons["doterm"].str.strip() == "") & (ons["lsoa11cd"] != "")]
    assert live["pcds"].is_unique
    expected = codepoint["Postcode"].map(live.set_index("pcds")["lsoa11cd"]).to_numpy()
    in_ons = pd.notna(expected)
    n_live = int(in_ons.sum())
    ours_ons = float(np.mean(ours[in_ons] == expected[in_ons]))
    theirs_ons = float(np.mean(theirs[in_ons] == expected[in_ons]))
    elapsed = time.perf_counter() - started

    summary = (
        f"{len(codepoint):,} Code-Point postcodes, {n_live:,} of them live in the ONS lookup; "
        f"agreement with ONS: outreach {100 * ours_ons:.3f}%, GeoPandas {100 * theirs_ons:.3f}%; "
        f"outreach vs GeoPandas: {int(differ.sum())} differ in all, {len(sure_differ)} of "
        f"{int(sure.sum()):,} points > {SURE_M:g} m from every boundary; "
        f"pyproj transformation: {transformation}; {elapsed:.1f} s"
    )
    print(summary)
    assert n_live > 60_000, summary
    assert ours_ons >= 0.992, summary
    assert abs(ours_ons - theirs_ons) <= 0.002, summary
    assert sure.sum() > 0.9 * len(points), summary
    examples = [
        (codepoint["Postcode"].iat[i], xs[i], ys[i], ours[i], theirs[i]) for i in sure_differ[:10]
    ]
    assert len(sure_differ) == 0, f"{summary}; first: {examples}"


def test_random_points_match_geopandas_on_identical_bng_polygons(
    shared_data: Path, tmp_path: Path
) -> None:
    started = time.perf_counter()
    polygons = read_polygons(
        shared_data / "boundaries" / "lsoa21_bsc_england.geojson.gz", "LSOA21CD"
    ).to_crs(27700)
    assert len(polygons) == 33_755
    # Both tools read this one BNG file, so they see identical coordinates.
    path = tmp_path / "lsoa21_bsc_bng.geojson"
    polygons.to_file(path, driver="GeoJSON", engine="pyogrio")
    with path.open(encoding="utf-8") as f:
        crs_member = json.load(f)["crs"]
    assert crs_member == {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}
    lsoas = outreach.AreaSet.from_geojson(path, "LSOA21CD", vintage=2021)
    report = lsoas.load_report
    assert report is not None
    assert report.is_clean, [(r.line, r.field, r.reason) for r in report.rejected[:10]]
    assert len(lsoas) == 33_755
    written = read_polygons(path, "LSOA21CD")
    assert written.crs.to_epsg() == 27700

    xmin, ymin, xmax, ymax = written.total_bounds
    rng = np.random.default_rng(7)
    xs = rng.uniform(xmin, xmax, RANDOM_POINTS)
    ys = rng.uniform(ymin, ymax, RANDOM_POINTS)
    ours = outreach_codes(lsoas, xs, ys)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys), crs="EPSG:27700")
    theirs = sjoin_codes(points, written, "LSOA21CD")

    differ = np.flatnonzero(ours != theirs)
    inside = int(sum(code is not None for code in theirs))
    elapsed = time.perf_counter() - started
    summary = (
        f"{RANDOM_POINTS:,} random points in England's bounding box, {inside:,} inside an "
        f"LSOA 2021 by GeoPandas; {len(differ)} differ from outreach; {elapsed:.1f} s"
    )
    print(summary)
    assert inside > RANDOM_POINTS // 4, summary  # the box holds sea, Wales, Scotland
    examples = [(xs[i], ys[i], ours[i], theirs[i]) for i in differ[:10]]
    assert len(differ) == 0, f"{summary}; first: {examples}"
