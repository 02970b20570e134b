"""outreach.Gazetteer: reading, columns, lookups, Arrow export and assignment."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import outreach
from conftest import HOMES, gzip_file, write


def test_from_csv_os_open_uprn(open_uprn_csv: Path) -> None:
    g = outreach.Gazetteer.from_csv(open_uprn_csv)
    assert len(g) == 3
    assert not g.is_synthetic
    report = g.load_report
    assert report is not None
    assert (report.rows_read, report.accepted, report.rejected) == (3, 3, [])
    assert report.is_clean
    assert report.path == open_uprn_csv
    assert repr(g) == "Gazetteer(properties=3, columns=[uprn, x, y])"


def test_from_csv_gzip_is_detected_from_content(tmp_path: Path, open_uprn_csv: Path) -> None:
    gz = gzip_file(tmp_path / "osopenuprn.data", open_uprn_csv.read_text())
    assert len(outreach.Gazetteer.from_csv(gz)) == 3


def test_columns_arrays(open_uprn_csv: Path) -> None:
    g = outreach.Gazetteer.from_csv(str(open_uprn_csv))
    uprns, xs, ys = g.uprns(), g.xs(), g.ys()
    assert uprns.type == pa.uint64() and xs.type == pa.float64() and ys.type == pa.float64()
    assert uprns.to_pylist() == [h[0] for h in HOMES]
    assert xs.to_pylist() == [h[1] for h in HOMES]
    assert ys.to_pylist() == [h[2] for h in HOMES]


def test_xs_are_shared_not_copied(open_uprn_csv: Path) -> None:
    g = outreach.Gazetteer.from_csv(open_uprn_csv)
    first, second = g.xs(), g.xs()
    assert first.buffers()[1].address == second.buffers()[1].address
    del g  # the arrays keep the gazetteer's memory alive
    assert first.to_pylist() == [h[1] for h in HOMES]


def test_columns_format_with_attributes(llpg_csv: Path) -> None:
    g = outreach.Gazetteer.from_csv(
        llpg_csv,
        format="columns",
        uprn="REF",
        x="EAST",
        y="NORTH",
        class_field="CLASS",
        parent_field="PARENT",
        postcode_field="PCODE",
        address_fields=["LINE1", "TOWN"],
    )
    assert repr(g) == (
        "Gazetteer(properties=3, columns=[uprn, x, y, class, parent_uprn, postcode, address])"
    )
    assert g.get(10091497098) == {
        "uprn": 10091497098,
        "x": 363699.0,
        "y": 425168.0,
        "class": "RD06",
        "parent_uprn": 100010382247,
        "postcode": "BB2 5JB",
        "address": "Flat 2, Chorley",
    }
    # Postcodes come back canonical; text UPRNs with leading zeros are accepted.
    assert g.get("0100010382247")["postcode"] == "BB2 5JA"
    assert g.get(100010382300)["address"] is None


def test_columns_format_wgs84(tmp_path: Path) -> None:
    # OS test point TP01 (St Mary's, Isles of Scilly) from the OSTN15 test data.
    path = write(tmp_path / "wgs.csv", "id,lon,lat\n1,-6.29977752,49.92226393\n")
    for crs in (4326, "EPSG:4326", "wgs84"):
        g = outreach.Gazetteer.from_csv(path, format="columns", uprn="id", x="lon", y="lat", crs=crs)
        assert g.xs()[0].as_py() == pytest.approx(91492.146, abs=0.002)
        assert g.ys()[0].as_py() == pytest.approx(11318.803, abs=0.002)


def test_addressbase(tmp_path: Path) -> None:
    path = write(
        tmp_path / "abp.csv",
        "uprn,x,y,class,parent_uprn,pao_start_number,street_description,town_name,postcode_locator\n"
        "100010382247,363965,425261,RD04,,26,WELL STREET,CHORLEY,PR7 1DP\n",
    )
    g = outreach.Gazetteer.from_csv(path, format="addressbase")
    assert g.get(100010382247)["address"] == "26 WELL STREET, CHORLEY"
    assert g.get(100010382247)["class"] == "RD04"


def test_to_arrow(llpg_csv: Path, open_uprn_csv: Path) -> None:
    table = outreach.Gazetteer.from_csv(
        llpg_csv, format="columns", uprn="REF", x="EAST", y="NORTH", class_field="CLASS",
        parent_field="PARENT",
    ).to_arrow()
    assert isinstance(table, pa.Table)
    assert table.column_names == ["uprn", "x", "y", "class", "parent_uprn", "postcode", "address"]
    assert table.schema.field("uprn").type == pa.uint64()
    assert table.column("class").to_pylist() == ["RD04", "RD06", "CR"]
    assert table.column("parent_uprn").to_pylist() == [None, 100010382247, None]
    assert table.column("postcode").null_count == 3
    # Without optional columns the schema is the same, all null.
    plain = outreach.Gazetteer.from_csv(open_uprn_csv).to_arrow()
    assert plain.schema == table.schema
    assert plain.column("address").null_count == 3


def test_assign_to_real_lsoas(open_uprn_csv: Path, lsoas: outreach.AreaSet) -> None:
    table = outreach.Gazetteer.from_csv(open_uprn_csv).assign(lsoas)
    assert table.column_names == ["uprn", "area_code"]
    assert table.column("uprn").to_pylist() == [h[0] for h in HOMES]
    assert table.column("area_code").to_pylist() == [h[4] for h in HOMES]


def test_rejected_rows_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "broken.csv",
        "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n"
        "100010382247,363965,425261,0,0\n"       # line 2: fine
        "100010382248,not-a-number,425261,0,0\n"  # line 3: bad number
        "100010382247,363000,425000,0,0\n"       # line 4: duplicate of line 2
        "abc,363000,425000,0,0\n"                # line 5: not a UPRN
        "100010382249,,425000,0,0\n",            # line 6: missing easting
    )
    g = outreach.Gazetteer.from_csv(path)
    assert len(g) == 1
    report = g.load_report
    assert report is not None
    assert (report.rows_read, report.accepted, len(report.rejected)) == (5, 1, 4)
    assert not report.is_clean
    lines = [(r.line, r.field) for r in report.rejected]
    assert lines == [(3, "X_COORDINATE"), (4, "UPRN"), (5, "UPRN"), (6, "X_COORDINATE")]
    assert "not a number" in report.rejected[0].reason
    assert "duplicate UPRN 100010382247" in report.rejected[1].reason
    assert "first seen on line 2" in report.rejected[1].reason
    assert g.get(100010382247)["x"] == 363965.0


def test_option_errors(open_uprn_csv: Path) -> None:
    with pytest.raises(outreach.InvalidArgumentError, match="format"):
        outreach.Gazetteer.from_csv(open_uprn_csv, format="shapefile")  # type: ignore[arg-type]
    with pytest.raises(outreach.InvalidArgumentError, match="needs uprn, x and y"):
        outreach.Gazetteer.from_csv(open_uprn_csv, format="columns", uprn="UPRN")
    with pytest.raises(outreach.InvalidArgumentError, match="format=\"columns\""):
        outreach.Gazetteer.from_csv(open_uprn_csv, uprn="UPRN")
    with pytest.raises(outreach.InvalidArgumentError, match="format=\"columns\""):
        outreach.Gazetteer.from_csv(open_uprn_csv, crs=4326)
    with pytest.raises(outreach.InvalidArgumentError, match="crs"):
        outreach.Gazetteer.from_csv(
            open_uprn_csv, format="columns", uprn="UPRN", x="X_COORDINATE", y="Y_COORDINATE",
            crs=3857,
        )
    with pytest.raises(TypeError):
        outreach.Gazetteer.from_csv(open_uprn_csv, "columns")  # type: ignore[misc]
