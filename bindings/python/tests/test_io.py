"""outreach.LoadReport / outreach.Rejection and whole-file errors of the readers."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import outreach
from conftest import gzip_file, write


def test_report_and_rejection_objects(tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.csv",
        "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n1,363965,425261,0,0\n2,x,425261,0,0\n",
    )
    report = outreach.Gazetteer.from_csv(path).load_report
    assert isinstance(report, outreach.LoadReport)
    assert repr(report) == f"LoadReport(path={str(path)!r}, rows_read=2, accepted=1, rejected=1)"
    assert str(report) == f"{path}: 2 read, 1 accepted, 1 rejected"
    (rejection,) = report.rejected
    assert isinstance(rejection, outreach.Rejection)
    assert rejection.line == 3 and rejection.field == "X_COORDINATE"
    assert rejection.reason == '"x" is not a number'
    assert repr(rejection) == "Rejection(line=3, field='X_COORDINATE', reason='\"x\" is not a number')"
    assert str(rejection) == 'line 3: field X_COORDINATE: "x" is not a number'
    assert rejection == report.rejected[0]
    with pytest.raises(TypeError):
        hash(rejection)
    with pytest.raises(TypeError):
        outreach.Rejection()  # type: ignore[call-arg]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(outreach.DataLoadError) as info:
        outreach.Gazetteer.from_csv(missing)
    err = info.value
    assert isinstance(err, OSError) and isinstance(err, outreach.OutreachError)
    assert err.errno == errno.ENOENT
    assert err.filename == str(missing) and err.path == missing
    assert str(err).startswith(f"cannot read or write {missing}")
    for read in (
        lambda: outreach.AreaSet.from_geojson(missing, "code"),
        lambda: outreach.read_iod(missing),
    ):
        with pytest.raises(outreach.DataLoadError):
            read()


def test_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "u.csv", "UPRN,X_COORDINATE\n1,363965\n")
    with pytest.raises(outreach.DataFormatError, match="Y_COORDINATE") as info:
        outreach.Gazetteer.from_csv(path)
    assert info.value.path == path
    assert isinstance(info.value, ValueError)


def test_truncated_gzip(tmp_path: Path) -> None:
    text = "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n" + "".join(
        f"{u},{360000 + u % 1000},{420000 + u % 997},0,0\n" for u in range(1, 20000)
    )
    whole = gzip_file(tmp_path / "whole.csv.gz", text).read_bytes()
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(outreach.DataFormatError) as info:
        outreach.Gazetteer.from_csv(cut)
    assert info.value.path == cut


def test_bad_json(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.geojson", '{"type": "FeatureCollection",\n "features": [\n')
    with pytest.raises(outreach.DataFormatError, match="not a GeoJSON FeatureCollection") as info:
        outreach.AreaSet.from_geojson(path, "code")
    assert info.value.line == 3


def test_no_usable_feature(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.geojson", '{"type": "FeatureCollection", "features": []}')
    with pytest.raises(outreach.DataFormatError, match="no features"):
        outreach.AreaSet.from_geojson(path, "code")
