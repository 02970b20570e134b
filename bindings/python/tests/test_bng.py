"""outreach.wgs84_to_bng / outreach.bng_to_wgs84 (OSTN15)."""

from __future__ import annotations

import math

import pytest

import outreach

# OS test point TP01 (St Mary's, Isles of Scilly), from the OSTN15 test data.
TP01_LONLAT = (-6.29977752, 49.92226393)
TP01_EN = (91492.146, 11318.803)


def test_wgs84_to_bng() -> None:
    e, n = outreach.wgs84_to_bng(*TP01_LONLAT)
    assert e == pytest.approx(TP01_EN[0], abs=0.002)
    assert n == pytest.approx(TP01_EN[1], abs=0.002)


def test_bng_to_wgs84() -> None:
    lon, lat = outreach.bng_to_wgs84(*TP01_EN)
    assert lon == pytest.approx(TP01_LONLAT[0], abs=1e-7)
    assert lat == pytest.approx(TP01_LONLAT[1], abs=1e-7)


def test_round_trip_in_chorley() -> None:
    lon, lat = outreach.bng_to_wgs84(358_000.0, 418_000.0)
    e, n = outreach.wgs84_to_bng(lon, lat)
    assert (e, n) == (pytest.approx(358_000.0, abs=0.001), pytest.approx(418_000.0, abs=0.001))


def test_isles_of_scilly() -> None:
    # South of lonlat_bng's input box (49.922°N) but inside OSTN15: St Mary's.
    e, n = outreach.wgs84_to_bng(-6.3, 49.91)
    assert 80_000 < e < 95_000 and 5_000 < n < 20_000


@pytest.mark.parametrize("lon, lat", [(10.0, 52.0), (math.nan, 52.0), (-2.0, math.inf)])
def test_wgs84_outside_coverage(lon: float, lat: float) -> None:
    with pytest.raises(outreach.TransformError):
        outreach.wgs84_to_bng(lon, lat)


def test_bng_outside_grid() -> None:
    with pytest.raises(outreach.TransformError, match="outside the British National Grid"):
        outreach.bng_to_wgs84(-1.0, 0.0)
    with pytest.raises(ValueError):
        outreach.bng_to_wgs84(800_000.0, 0.0)
