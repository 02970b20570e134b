"""to_pandas / to_geopandas and their optional imports."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

import outreach
from outreach import interop


def test_to_pandas(open_uprn_csv: Path, lsoas: outreach.AreaSet, chorley: Path) -> None:
    pd = pytest.importorskip("pandas")
    g = outreach.Gazetteer.from_csv(open_uprn_csv)
    frame = g.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["uprn", "x", "y", "class", "parent_uprn", "postcode", "address"]
    assert frame["uprn"].tolist() == g.uprns().to_pylist()
    assigned = outreach.to_pandas(g.assign(lsoas))
    assert isinstance(assigned["area_code"].dtype, pd.CategoricalDtype)
    assert assigned["area_code"].tolist()[:2] == ["E01024921", "E01024921"]
    assert assigned["area_code"].isna().tolist() == [False, False, True]
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv").to_pandas()
    assert iod.set_index("lsoa_code").loc["E01024915", "imd_rank"] == 17308


def test_to_geopandas(open_uprn_csv: Path) -> None:
    pytest.importorskip("geopandas")
    frame = outreach.Gazetteer.from_csv(open_uprn_csv).to_geopandas()
    assert frame.crs.to_epsg() == 27700
    assert frame.geometry.iloc[0].x == 363965.0


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, open_uprn_csv: Path) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("pandas", "geopandas"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    monkeypatch.setattr(interop.importlib, "import_module", lambda name: no_pandas(name))
    g = outreach.Gazetteer.from_csv(open_uprn_csv)
    with pytest.raises(ImportError, match=r"outreach\[pandas\]"):
        g.to_pandas()
    with pytest.raises(ImportError, match=r"outreach\[geo\]"):
        g.to_geopandas()
