"""Area profiles from Python: attributes, crime rates, suppression, drivers, hot spots,
Arrow / pandas / GeoPandas out. Real Chorley data: every postcode centroid stands in for a
property (a real, open point set), with the real IoD2019, OAC, population and police.uk."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

import outreach


@pytest.fixture(scope="module")
def homes(chorley: Path, tmp_path_factory: pytest.TempPathFactory) -> outreach.Gazetteer:
    out = tmp_path_factory.mktemp("homes") / "postcode_points.csv"
    with gzip.open(chorley / "codepoint_open_2025_04.csv.gz", "rt") as f, open(out, "w") as w:
        w.write("uprn,x,y,postcode\n")
        for i, row in enumerate(csv.DictReader(f)):
            w.write(f"{i + 1},{row['Eastings']},{row['Northings']},{row['Postcode']}\n")
    return outreach.Gazetteer.from_csv(out, format="columns", uprn="uprn", x="x", y="y",
                                       postcode_field="postcode")


@pytest.fixture(scope="module")
def chorley_profile(chorley: Path, lsoas: outreach.AreaSet, homes: outreach.Gazetteer) -> outreach.Profile:
    oas = outreach.AreaSet.from_geojson(chorley / "oa11_bgc.geojson.gz", "OA11CD", vintage=2011)
    oac = outreach.read_oac2011(chorley / "oac2011.csv")
    assert oac.load_report.accepted == len(oac) == 353
    return outreach.profile(
        lsoas,
        homes,
        attributes=[(oac, oas)],
        population=chorley / "population_mid2019_sya_lsoa11.csv.gz",
        deprivation=outreach.read_iod(chorley / "iod2019_lsoa11.csv"),
        crime=chorley / "crime_street_2019-12_to_2022-10.csv.gz",
        crime_period=("2021-11", "2022-10"),
        england={"crime:all": 80.0},
    )


def test_chorley_lsoas_deprivation_and_crime_counts(chorley: Path, chorley_profile: outreach.Profile) -> None:
    p = chorley_profile
    assert len(p) == 66
    assert len(p.most_deprived(20)) == 8
    table = p.area_table(suppress=0)
    assert isinstance(table, pa.Table) and table.num_rows == 66
    # Crime counts equal a direct count of the police.uk rows by LSOA and month.
    with gzip.open(chorley / "crime_street_2019-12_to_2022-10.csv.gz", "rt") as f:
        direct = Counter(r["LSOA code"] for r in csv.DictReader(f) if "2021-11" <= r["Month"] <= "2022-10")
    got = dict(zip(table["area_code"].to_pylist(), table["crime:all:count"].to_pylist()))
    assert got == {code: direct.get(code, 0) for code in p.codes()}
    flags = set(table["crime:all:vs_england"].to_pylist())
    assert flags <= {"higher", "similar", "lower"} and len(flags) > 1
    lo, val, hi = (table[f"crime:all:{c}"].to_pylist() for c in ("lower", "value", "upper"))
    assert all(a <= b <= c for a, b, c in zip(lo, val, hi))


def test_suppression_hides_small_counts_and_their_rates(chorley_profile: outreach.Profile) -> None:
    raw = chorley_profile.area_table(suppress=0).to_pandas()
    published = chorley_profile.area_table().to_pandas()
    small = raw["crime:Bicycle theft:count"].between(1, 4)
    assert small.any()
    assert published.loc[small, "crime:Bicycle theft:count"].isna().all()
    assert published.loc[small, "crime:Bicycle theft:value"].isna().all()
    assert (published.loc[~small, "crime:Bicycle theft:count"] == raw.loc[~small, "crime:Bicycle theft:count"]).all()


def test_oac_shares_sum_to_one(chorley_profile: outreach.Profile) -> None:
    t = chorley_profile.area_table(suppress=0).to_pandas()
    cols = [c for c in t.columns if c.startswith("oac_supergroup:") and c.endswith(":value")]
    assert len(cols) >= 5
    sums = t[cols].sum(axis=1)
    assert ((sums - 1).abs() < 1e-9).all()
    long = chorley_profile.indicator_table().to_pandas()
    assert (long["area_name"] == "all areas").sum() == len(chorley_profile.indicator_ids())


def test_need_drivers_and_hot_spots(chorley_profile: outreach.Profile) -> None:
    d = chorley_profile.need_drivers().to_pandas()
    assert len(d) == 66 * 7
    assert set(d["order"]) == set(range(1, 8))
    first = d[d["order"] == 1]
    assert (first["gap"] == d.groupby("area_code")["gap"].max().reindex(first["area_code"]).to_numpy()).all()
    h = chorley_profile.hot_spots("crime:all").to_pandas()
    assert len(h) == 66 and set(h["hot_spot"]) <= {"hot", "cold", "not significant"}
    assert (h["q"] >= h["p"] - 1e-12).all()
    with pytest.raises(outreach.InvalidArgumentError, match="no indicator"):
        chorley_profile.hot_spots("nope")
    with pytest.raises(outreach.InvalidArgumentError, match="neighbours"):
        chorley_profile.hot_spots("crime:all", neighbours="queen")


def test_to_geopandas_in_british_national_grid(chorley_profile: outreach.Profile) -> None:
    gdf = chorley_profile.to_geopandas()
    assert gdf.crs.to_epsg() == 27700
    assert len(gdf) == 66 and gdf.geometry.is_valid.all()
    # Chorley covers about 203 km².
    assert 180e6 < gdf.geometry.area.sum() < 220e6


def test_attributes_from_columns_by_postcode(lsoas: outreach.AreaSet, homes: outreach.Gazetteer) -> None:
    postcodes = homes.to_arrow()["postcode"].to_pylist()
    bands = ["A" if i % 3 == 0 else "B" for i in range(len(postcodes))]
    t = outreach.AttributeTable.from_columns(postcodes, key="postcode", categorical={"band": bands},
                                             numeric={"score": [float(i % 7) for i in range(len(postcodes))]})
    assert t.levels("band") == ["A", "B"] and t.key == "postcode"
    p = outreach.profile(lsoas, homes, attributes=[t])
    table = p.area_table(suppress=0)
    total = sum(table["band:A:count"].to_pylist()) + sum(table["band:B:count"].to_pylist())
    assert total == sum(table["households"].to_pylist())
    with pytest.raises(outreach.InvalidArgumentError, match="no population"):
        outreach.profile(lsoas, homes, crime=Path(__file__).parents[3] / "examples/data/chorley/crime_street_2019-12_to_2022-10.csv.gz")
    with pytest.raises(outreach.InvalidArgumentError, match="row 2: key 1 repeats row 1"):
        outreach.AttributeTable.from_columns([1, "0001"], key="uprn")
    with pytest.raises(outreach.InvalidArgumentError, match='row 1: invalid UPRN "x"'):
        outreach.AttributeTable.from_columns(["x"], key="uprn")


def test_attributes_from_arrow_equal_from_columns(lsoas: outreach.AreaSet, homes: outreach.Gazetteer) -> None:
    uprns = homes.to_arrow()["uprn"]
    n = len(uprns)
    bands = ["A" if i % 3 == 0 else ("B" if i % 3 == 1 else None) for i in range(n)]
    scores = [float(i % 7) if i % 5 else None for i in range(n)]
    arrow = pa.table({"uprn": uprns, "band": bands, "score": scores})
    a = outreach.AttributeTable.from_arrow(arrow, "uprn")
    c = outreach.AttributeTable.from_columns(uprns.to_pylist(), categorical={"band": bands},
                                             numeric={"score": [float("nan") if s is None else s for s in scores]})
    assert a.attributes() == c.attributes() and len(a) == n and a.levels("band") == ["A", "B"]
    pa_table = outreach.profile(lsoas, homes, attributes=[a]).area_table(suppress=0)
    pc_table = outreach.profile(lsoas, homes, attributes=[c]).area_table(suppress=0)
    assert pa_table.equals(pc_table)
    # pandas through pyarrow, and naming the columns.
    only = outreach.AttributeTable.from_arrow(arrow.to_pandas(), "uprn", categorical=["band"])
    assert only.attributes() == ["band"]
    with pytest.raises(outreach.InvalidArgumentError, match='no column "nope"'):
        outreach.AttributeTable.from_arrow(arrow, "nope")
    with pytest.raises(outreach.InvalidArgumentError, match="row 2: null key"):
        outreach.AttributeTable.from_arrow(pa.table({"uprn": ["1", None], "v": [1.0, 2.0]}), "uprn")
