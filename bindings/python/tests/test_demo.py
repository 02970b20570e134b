"""outreach.Demo: the Chorley demo data, its tables and profile."""

from __future__ import annotations

from pathlib import Path

import pytest

import outreach


@pytest.fixture(scope="session")
def demo(chorley: Path) -> outreach.Demo:
    return outreach.Demo.load(chorley)


def test_load_reads_every_file(demo: outreach.Demo, chorley: Path) -> None:
    assert demo.path == chorley
    assert demo.seed == 2026
    assert len(demo.lsoas) == 66
    assert len(demo.wards) == 14
    assert len(demo.iod) == 66
    assert demo.households.is_synthetic
    reports = demo.load_reports
    assert [r.path.name for r in reports][:3] == [
        "lsoa11_bgc.geojson",
        "wards22_bsc.geojson",
        "iod2019_lsoa11.csv",
    ]
    assert len(reports) == 7
    assert demo.lsoas.load_report is not None
    assert demo.iod.load_report.path.name == "iod2019_lsoa11.csv"
    assert demo.attributes.attributes() == ["aged_65_plus", "deprivation_dimensions"]


def test_same_seed_same_households(demo: outreach.Demo, chorley: Path) -> None:
    again = outreach.Demo.load(chorley, seed=2026)
    assert again.households.to_arrow().equals(demo.households.to_arrow())
    other = outreach.Demo.load(chorley, seed=7)
    assert not other.households.to_arrow().equals(demo.households.to_arrow())


def test_load_needs_a_path(monkeypatch: pytest.MonkeyPatch, chorley: Path) -> None:
    monkeypatch.delenv("OUTREACH_DEMO_DATA", raising=False)
    with pytest.raises(outreach.InvalidArgumentError, match="OUTREACH_DEMO_DATA"):
        outreach.Demo.load()
    monkeypatch.setenv("OUTREACH_DEMO_DATA", str(chorley))
    assert len(outreach.Demo.load().lsoas) == 66


def test_missing_directory_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(outreach.DataLoadError) as err:
        outreach.Demo.load(tmp_path)
    assert "lsoa11_bgc.geojson" in str(err.value)


def test_household_tables_agree(demo: outreach.Demo) -> None:
    homes = demo.household_table()
    assert homes.num_rows == len(demo.households)
    assert homes.column_names == [
        "uprn",
        "x",
        "y",
        "lsoa_code",
        "ward_code",
        "aged_65_plus",
        "deprivation_dimensions",
    ]
    lsoa = demo.household_lsoa()
    assert lsoa.column("uprn").equals(homes.column("uprn"))
    assert lsoa.column("lsoa_code").to_pylist() == homes.column("lsoa_code").to_pylist()
    # The households were generated inside the LSOAs: every one is placed.
    assert lsoa.column("lsoa_code").null_count == 0
    # The same assignment as the public API gives.
    assigned = demo.households.assign(demo.lsoas)
    assert assigned.column("area_code").to_pylist() == lsoa.column("lsoa_code").to_pylist()


def test_lsoa_profile_counts_households(demo: outreach.Demo) -> None:
    table = demo.lsoa_profile()
    rows = table.to_pylist()
    assert len(rows) == 66
    homes = demo.household_table().to_pylist()
    by_code: dict[str, list[dict[str, object]]] = {}
    for h in homes:
        by_code.setdefault(str(h["lsoa_code"]), []).append(h)
    for r in rows:
        mine = by_code.get(str(r["code"]), [])
        assert r["households"] == len(mine)
        assert r["households_65_plus"] == sum(1 for h in mine if h["aged_65_plus"])
        assert r["households_2plus_dimensions"] == sum(
            1 for h in mine if int(str(h["deprivation_dimensions"])) >= 2
        )
        iod = demo.iod.lookup(str(r["code"]))
        assert r["imd_decile"] == iod["imd_decile"]
        assert r["imd_rank"] == iod["imd_rank"]
        assert r["most_deprived_20pct"] == (iod["imd_decile"] <= 2)
    assert sum(r["households"] for r in rows) == len(demo.households)


def test_profile_matches_most_deprived(demo: outreach.Demo) -> None:
    p = demo.profile()
    assert len(p) == 66
    deprived = {r["code"] for r in demo.lsoa_profile().to_pylist() if r["most_deprived_20pct"]}
    assert set(p.most_deprived(20)) == deprived
    assert "crime:all" in p.indicator_ids()
    drivers = p.need_drivers()
    assert set(drivers.column("area_code").to_pylist()) == set(demo.lsoas.codes())


def test_repr(demo: outreach.Demo) -> None:
    text = repr(demo)
    assert text.startswith("Demo(path=")
    assert "lsoas=66, wards=14" in text
    html = demo._repr_html_()
    assert html.startswith("<table")
    assert "<td style=\"text-align:right\">66</td>" in html
