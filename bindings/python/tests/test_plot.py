"""outreach.plot.choropleth: maps of a profile, rendered to PNG."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import outreach
from outreach.plot import choropleth

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(scope="module")
def profile(chorley: Path) -> outreach.Profile:
    return outreach.Demo.load(chorley).profile()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_decile_map_has_ten_classes(profile: outreach.Profile, tmp_path: Path) -> None:
    ax = choropleth(profile, "imd_decile")
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[0] == "1 (most deprived)" and labels[9] == "10 (least deprived)"
    assert legend.get_title().get_text() == "imd_decile"
    # One patch per area, decile 1 darker than decile 10.
    patches = ax.collections[0].get_paths()
    assert len(patches) == len(profile)
    handles = legend.legend_handles if hasattr(legend, "legend_handles") else legend.legendHandles
    dark, light = handles[0].get_facecolor(), handles[9].get_facecolor()
    assert sum(dark[:3]) < sum(light[:3])
    path = tmp_path / "deciles.png"
    ax.figure.savefig(path, dpi=80)
    width, height = png_size(path)
    assert width > 200 and height > 200 and path.stat().st_size > 5_000
    plt.close(ax.figure)


def test_rate_map_has_a_labelled_colour_bar(profile: outreach.Profile, tmp_path: Path) -> None:
    fig, ax = plt.subplots()
    out = choropleth(
        profile, "crime:all:value", ax=ax, classes=5, label="crimes per 1,000 residents"
    )
    assert out is ax
    bars = [a for a in fig.axes if a is not ax]
    assert len(bars) == 1
    assert bars[0].get_ylabel() == "crimes per 1,000 residents"
    values = [
        v for v in profile.area_table().column("crime:all:value").to_pylist() if v is not None
    ]
    ticks = [t for t in bars[0].get_yticks()]
    assert ticks[0] == pytest.approx(min(values)) and ticks[-1] == pytest.approx(max(values))
    path = tmp_path / "crime.png"
    fig.savefig(path, dpi=80)
    assert png_size(path)[0] > 200 and path.stat().st_size > 5_000
    plt.close(fig)


def test_tables_and_errors(profile: outreach.Profile) -> None:
    table = profile.area_table_with_geometry()
    ax = choropleth(table, "population", scheme="equal", classes=4)
    assert len(ax.collections[0].get_paths()) == table.num_rows
    plt.close(ax.figure)
    with pytest.raises(KeyError, match="no column"):
        choropleth(profile, "nope")
    with pytest.raises(KeyError, match="geometry_geojson"):
        choropleth(profile.area_table(), "population")
    with pytest.raises(ValueError, match="scheme"):
        choropleth(profile, "population", scheme="jenks")
