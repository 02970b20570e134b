"""Conversions to pandas and GeoPandas, which are optional: install ``outreach[pandas]``
or ``outreach[geo]``. Each dependency is imported only when a conversion asks for it."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, Union

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

__all__ = ["to_pandas", "to_geopandas"]

_EXTRA = {"pandas": "pandas", "geopandas": "geo", "shapely": "geo"}


class _HasArrow(Protocol):
    def to_arrow(self) -> "pyarrow.Table": ...


def _require(module: str) -> ModuleType:
    """Imports an optional dependency, naming the extra that installs it when missing."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        extra = _EXTRA[module]
        raise ImportError(
            f"{module} is needed for this conversion; install it with "
            f"`pip install 'outreach[{extra}]'`"
        ) from err


def _table(obj: Union["pyarrow.Table", _HasArrow]) -> "pyarrow.Table":
    to_arrow = getattr(obj, "to_arrow", None)
    return to_arrow() if callable(to_arrow) else obj


def to_pandas(obj: Union["pyarrow.Table", _HasArrow]) -> "pandas.DataFrame":
    """Converts a result table, or anything with ``to_arrow()`` (a ``Gazetteer``, a
    ``Deprivation`` table), to a ``pandas.DataFrame``.

    Area codes from an assignment become a categorical column.

    Raises:
        ImportError: pandas is not installed (``pip install 'outreach[pandas]'``).
    """
    _require("pandas")
    return _table(obj).to_pandas()


def to_geopandas(obj: Union["pyarrow.Table", _HasArrow]) -> Any:
    """Converts a table with ``x`` and ``y`` columns (a ``Gazetteer``, or its
    ``to_arrow()``) to a ``geopandas.GeoDataFrame`` of points.

    Coordinates are British National Grid metres, so the frame's CRS is EPSG:27700, not
    WGS84.

    Raises:
        ImportError: geopandas is not installed (``pip install 'outreach[geo]'``).
        KeyError: the table has no ``x`` / ``y`` columns.
    """
    gpd = _require("geopandas")
    frame = to_pandas(obj)
    geometry = gpd.points_from_xy(frame["x"], frame["y"], crs="EPSG:27700")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:27700")


def profile_to_pandas(profile: Any, suppress: int = 5) -> "pandas.DataFrame":
    """A ``Profile``'s area table (suppressed at ``suppress``) as a ``pandas.DataFrame``."""
    _require("pandas")
    return profile.area_table(suppress=suppress).to_pandas()


def profile_to_geopandas(profile: Any, suppress: int = 5) -> Any:
    """A ``Profile``'s area table with the area polygons as a ``geopandas.GeoDataFrame``
    in EPSG:27700 (British National Grid metres), suppressed at ``suppress``."""
    gpd = _require("geopandas")
    shapely = _require("shapely")
    frame = profile.area_table_with_geometry(suppress=suppress).to_pandas()
    text = frame.pop("geometry_geojson")
    geometry = shapely.from_geojson(text.to_numpy())
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:27700")
