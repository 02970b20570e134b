"""outreach.read_iod and outreach.Deprivation on the published IoD2019 / IoD2025 rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import outreach
from conftest import write

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
