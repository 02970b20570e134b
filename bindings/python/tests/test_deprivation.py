"""outreach.read_iod and outreach.Deprivation on the published IoD2019 / IoD2025 rows: the
published figures, the IMD recomputed, composites, district summaries, local deciles and the
LSOA 2011 <-> 2021 carry-over. Real numbers from the Chorley data in the repository and the
published files in ../shared/data."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import outreach
from conftest import write

REPO = Path(__file__).resolve().parents[3]


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


def published_lad19(shared_data: Path) -> dict[str, dict[str, float]]:
    """The published IoD2019 district summaries: code -> Score / Proportion / Extent..."""
    with open(shared_data / "imd2019" / "iod2019_lad19_summaries.csv", newline="") as f:
        return {
            row.pop("ltla19_code"): {k: float(v) for k, v in row.items()}
            for row in csv.DictReader(f)
        }

DOMAINS_2019 = [
    "imd", "income", "employment", "education", "health", "crime", "barriers",
    "living_environment", "idaci", "idaopi",
]


def test_read_iod2019(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    assert iod.edition == "IoD2019"
    assert len(iod) == 66
    assert iod.codes()[0] == "E01024915"
    assert iod.domains() == DOMAINS_2019
    report = iod.load_report
    assert (report.rows_read, report.accepted, report.rejected) == (66, 66, [])
    assert repr(iod) == "Deprivation(edition='IoD2019', lsoas=66)"
    row = iod.lookup("E01024915")  # Chorley 014A
    assert row["lsoa_code"] == "E01024915"
    assert (row["imd_rank"], row["imd_decile"], row["imd_score"]) == (17308, 6, 16.663)
    assert (row["income_rank"], row["income_decile"]) == (14190, 5)
    assert row["living_environment_rank"] == 13199
    assert row["income_score"] == pytest.approx(0.116)
    assert row["idaci_rank"] is None and row["idaci_score"] == pytest.approx(0.129)
    assert row["population"] == 2346
    assert row["district_code"] == "E07000118"
    assert (row["imd_quintile"], row["income_quintile"]) == (3, 3)
    assert row["idaci_quintile"] is None  # no IDACI rank or decile in the file


def test_read_iod2025_and_edition_argument(chorley: Path) -> None:
    path = chorley / "iod2025_lsoa21.csv"
    iod = outreach.read_iod(path)
    assert (iod.edition, len(iod)) == ("IoD2025", 70)
    assert "barriers" in iod.domains() and "living_environment" in iod.domains()
    row = iod.lookup("E01024915")
    assert (row["imd_rank"], row["imd_decile"], row["imd_score"]) == (18191, 6, 16.047)
    for edition in (2025, "IoD2025", "iod2025"):
        assert outreach.read_iod(path, edition=edition).edition == "IoD2025"
    with pytest.raises(outreach.InvalidArgumentError, match="edition"):
        outreach.read_iod(path, edition=2015)


def test_to_arrow(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    table = iod.to_arrow()
    assert table.num_rows == 66
    assert table.column_names[:4] == ["lsoa_code", "imd_rank", "imd_decile", "imd_score"]
    assert table.column_names[-1] == "population"
    assert table.schema.field("imd_rank").type == pa.uint32()
    assert table.schema.field("imd_decile").type == pa.uint8()
    assert table.schema.field("imd_score").type == pa.float64()
    first = table.slice(0, 1).to_pylist()[0]
    assert first == iod.lookup("E01024915")
    # The README's check on this subset: 8 Chorley LSOAs are in IMD deciles 1-2.
    assert sum(d <= 2 for d in table.column("imd_decile").to_pylist()) == 8


def test_lookup_errors(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    with pytest.raises(outreach.UnknownAreaError, match="E01999999"):
        iod.lookup("E01999999")
    with pytest.raises(outreach.InvalidAreaCodeError):
        iod.lookup("  ")


def test_bad_rows_and_files(tmp_path: Path) -> None:
    path = write(
        tmp_path / "iod.csv",
        "lsoa11_code,IMD_rank,IMD_decile,IMD_score\n"
        "E01024915,17308,6,16.663\n"
        "E01024916,many,9,8.271\n"
        "E01024915,1,1,1\n",
    )
    iod = outreach.read_iod(path)
    assert iod.codes() == ["E01024915"]
    assert [(r.line, r.field) for r in iod.load_report.rejected] == [(3, "IMD_rank"), (4, "lsoa11_code")]
    with pytest.raises(outreach.DataFormatError, match="no LSOA code column") as info:
        outreach.read_iod(write(tmp_path / "x.csv", "code,IMD_rank\nE01024915,1\n"))
    assert info.value.line == 1


def test_chorley_district_summary_matches_the_published_figures(
    chorley: Path, shared_data: Path
) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    table = iod.summarise()
    assert table.num_rows == 1
    row = table.to_pylist()[0]
    published = published_lad19(shared_data)["E07000118"]
    assert published["Score"] == 16.863
    assert row["area_code"] == "E07000118"
    assert row["lsoas"] == 66
    assert row["average_score"] == pytest.approx(published["Score"], abs=0.001)
    assert row["proportion_most_deprived_10pct"] == pytest.approx(published["Proportion"], abs=1e-4)
    assert row["extent"] == pytest.approx(published["Extent"], abs=1e-4)
    assert row["population"] == 111_194  # mid-2015, excluding prisoners
    assert table.schema.field("rank_of_extent").type == pa.uint32()


def test_all_district_summaries_iod2019(shared_data: Path) -> None:
    iod = outreach.read_iod(shared_data / "imd2019" / "iod2019_lsoa11_combined.csv.gz")
    ours = {r["area_code"]: r for r in iod.summarise().to_pylist()}
    published = published_lad19(shared_data)
    assert ours.keys() == published.keys() and len(ours) == 317
    for code, p in published.items():
        assert ours[code]["average_score"] == pytest.approx(p["Score"], abs=0.001), code
        assert ours[code]["proportion_most_deprived_10pct"] == pytest.approx(
            p["Proportion"], abs=1e-4
        ), code
        assert ours[code]["extent"] == pytest.approx(p["Extent"], abs=1e-4), code
    # Nottingham is among the most deprived districts.
    assert ours["E06000018"]["rank_of_average_score"] <= 20
    # The income domain: average score (rate) and proportion.
    income = {r["area_code"]: r for r in iod.summarise(domain="income").to_pylist()}
    assert income["E07000118"]["average_score"] == pytest.approx(
        published["E07000118"]["Income_Score"], abs=0.001
    )


def test_summarise_by_areas_with_given_population(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    codes = iod.codes()
    zones = {c: ("zone-a" if i < 10 else "zone-b") for i, c in enumerate(codes)}
    ones = {c: 1.0 for c in codes}
    table = iod.summarise(by=zones, population=ones)
    assert table.column("area_code").to_pylist() == ["zone-a", "zone-b"]
    assert table.column("lsoas").to_pylist() == [10, 56]
    assert table.column("population").to_pylist() == [10.0, 56.0]
    # Pairs work too, and an LSOA may be in two zones.
    pairs = [(c, "all") for c in codes] + [(codes[0], "first")]
    table = iod.summarise(by=pairs, population=ones, domain="income")
    assert table.column("lsoas").to_pylist() == [66, 1]
    with pytest.raises(outreach.UnknownAreaError, match="E01999999"):
        iod.summarise(by={"E01999999": "x"})
    with pytest.raises(outreach.InvalidArgumentError, match="population"):
        iod.summarise(by=zones, population={})
    with pytest.raises(outreach.InvalidArgumentError, match="not a domain"):
        iod.summarise(domain="wealth")
    # IoD2025 has no district column (and no population).
    with pytest.raises(outreach.InvalidArgumentError, match="no district column"):
        outreach.read_iod(chorley / "iod2025_lsoa21.csv").summarise()


def test_recompute_imd_iod2025_all_lsoas(shared_data: Path) -> None:
    iod = outreach.read_iod(shared_data / "imd2025" / "iod2025_scores_ranks_deciles_lsoa21.csv.gz")
    ours = iod.recompute_imd()
    assert ours.column_names == ["lsoa_code", "imd_score", "imd_rank", "imd_decile"]
    assert ours.num_rows == 33_755
    published = iod.to_arrow()
    errors = pc.abs(pc.subtract(ours.column("imd_score"), published.column("imd_score")))
    assert pc.max(errors).as_py() <= 0.002
    assert ours.column("imd_decile").to_pylist() == published.column("imd_decile").to_pylist()
    assert ours.column("imd_rank").null_count == 0


def test_recompute_on_a_subset_has_no_national_ranks(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    ours = iod.recompute_imd()
    assert ours.num_rows == 66
    assert ours.column("imd_rank").null_count == 66
    published = iod.to_arrow().column("imd_score")
    assert pc.max(pc.abs(pc.subtract(ours.column("imd_score"), published))).as_py() <= 0.002


def test_composite_weights_and_indicators(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    official = {
        "income": 22.5, "employment": 22.5, "education": 13.5, "health": 13.5,
        "crime": 9.3, "barriers": 9.3, "living_environment": 9.3,
    }
    as_given = iod.composite(official, renormalise=False)
    assert as_given.column_names == ["lsoa_code", "score", "rank", "decile"]
    assert as_given.column("score").to_pylist() == pytest.approx(
        iod.recompute_imd().column("imd_score").to_pylist()
    )
    scaled = iod.composite(official, renormalise=True)
    ratio = pc.divide(scaled.column("score"), as_given.column("score")).to_pylist()
    assert ratio == pytest.approx([1 / 0.999] * 66)
    # A user indicator (here the IDAOPI score, ranked among Chorley's rows).
    idaopi = iod.to_arrow().column("idaopi_score")
    mixed = iod.composite(
        {"income": 50, "older_poverty": 50}, renormalise=False, indicators={"older_poverty": idaopi}
    )
    assert all(0 < s <= 100 for s in mixed.column("score").to_pylist())
    with pytest.raises(TypeError):
        iod.composite(official)  # type: ignore[call-arg]  # renormalise is required
    with pytest.raises(outreach.InvalidArgumentError, match="no weight"):
        iod.composite({"income": 1}, renormalise=True, indicators={"x": idaopi})
    with pytest.raises(outreach.InvalidArgumentError, match="66 table rows"):
        iod.composite({"x": 1}, renormalise=True, indicators={"x": [1.0, 2.0]})
    with pytest.raises(outreach.InvalidArgumentError, match="domain name"):
        iod.composite({"income": 1}, renormalise=True, indicators={"income": idaopi})
    with pytest.raises(outreach.InvalidArgumentError, match="idaci ranks"):
        iod.composite({"idaci": 1}, renormalise=True)
    with pytest.raises(outreach.InvalidArgumentError, match="sum to 0"):
        iod.composite({"income": 0}, renormalise=True)


def test_local_deciles(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    local = iod.local_deciles(district="E07000118")
    assert local.num_rows == 66
    assert sorted(local.column("local_rank").to_pylist()) == list(range(1, 67))
    assert local.column("local_decile").to_pylist().count(1) == 6
    assert set(local.column("set_size").to_pylist()) == {66}
    # Three LSOAs ranked among themselves: local deciles 1..10 spread over 3.
    three = iod.local_deciles(iod.codes()[:3], domain="income")
    assert sorted(three.column("local_rank").to_pylist()) == [1, 2, 3]
    assert sorted(three.column("local_decile").to_pylist()) == [4, 7, 10]
    with pytest.raises(outreach.InvalidArgumentError):
        iod.local_deciles(iod.codes(), district="E07000118")
    with pytest.raises(outreach.UnknownAreaError):
        iod.local_deciles(district="E07000117")


def test_carry_iod2019_onto_2021_lsoas(chorley: Path) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    carried = iod.carry_to(2021, chorley / "lsoa11_lsoa21_lookup.csv")
    assert carried.column_names[:5] == [
        "lsoa21_code", "lsoa11_sources", "change_code", "carry", "population",
    ]
    rows = carried.to_pylist()
    by_change: dict[str, set[str]] = {}
    for r in rows:
        by_change.setdefault(r["change_code"], set()).add(r["carry"])
    # The Chorley lookup: 61 unchanged, 8 split rows (4 parents -> 8 children), 2 merged rows.
    assert by_change["U"] == {"copied"}
    assert by_change["S"] == {"inherited"}
    assert by_change["M"] == {"population_weighted_mean"}
    assert len(rows) == 61 + 8 + 1
    split = next(r for r in rows if r["change_code"] == "S")
    parent = iod.lookup(split["lsoa11_sources"][0])
    assert (split["imd_rank"], split["imd_score"]) == (parent["imd_rank"], parent["imd_score"])
    merged = next(r for r in rows if r["change_code"] == "M")
    assert merged["imd_rank"] is None and merged["imd_decile"] is None
    a, b = (iod.lookup(c) for c in merged["lsoa11_sources"])
    expected = (a["imd_score"] * a["population"] + b["imd_score"] * b["population"]) / (
        a["population"] + b["population"]
    )
    assert merged["imd_score"] == pytest.approx(expected)
    assert merged["imd_decile_min"] == min(a["imd_decile"], b["imd_decile"])
    with pytest.raises(outreach.InvalidArgumentError, match="2021"):
        iod.carry_to(2011, chorley / "lsoa11_lsoa21_lookup.csv")
    with pytest.raises(outreach.DataLoadError):
        iod.carry_to(2021, chorley / "missing.csv")
