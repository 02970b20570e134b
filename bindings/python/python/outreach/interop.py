"""Conversions to pandas and GeoPandas, which are optional: install ``outreach[pandas]``
or ``outreach[geo]``. Each dependency is imported only when a conversion asks for it."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any, Optional, Protocol, Union

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

    Example:
        >>> import pyarrow, outreach
        >>> homes = outreach.Gazetteer.from_arrow(pyarrow.table(
        ...     {"uprn": [1, 2], "x": [358000.0, 358100.0], "y": [418000.0, 418050.0]}))
        >>> outreach.to_pandas(homes)[["uprn", "x", "y"]]
           uprn         x         y
        0     1  358000.0  418000.0
        1     2  358100.0  418050.0

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

    Example:
        >>> import pyarrow, outreach
        >>> homes = outreach.Gazetteer.from_arrow(pyarrow.table(
        ...     {"uprn": [1], "x": [358000.0], "y": [418000.0]}))
        >>> frame = outreach.to_geopandas(homes)
        >>> frame.crs.to_epsg(), frame.geometry[0].x
        (27700, 358000.0)

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


_BNG_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}


def _feature_collection(rows: "list[dict[str, Any]]") -> "dict[str, Any]":
    import json

    features = []
    for row in rows:
        geometry = row.pop("geometry_geojson")
        features.append(
            {
                "type": "Feature",
                "properties": row,
                "geometry": json.loads(geometry) if geometry else None,
            }
        )
    return {"type": "FeatureCollection", "crs": _BNG_CRS, "features": features}


def areas_geo_interface(areas: Any) -> "dict[str, Any]":
    """``AreaSet.__geo_interface__``: a FeatureCollection in EPSG:27700 metres."""
    return _feature_collection(areas.to_arrow().to_pylist())


def profile_geo_interface(profile: Any, suppress: int = 5) -> "dict[str, Any]":
    """``Profile.__geo_interface__``: the area table (suppressed at ``suppress``) as a
    FeatureCollection in EPSG:27700 metres."""
    return _feature_collection(profile.area_table_with_geometry(suppress=suppress).to_pylist())


def _html_table(title: str, rows: "list[tuple[str, object]]") -> str:
    from html import escape

    body = "".join(
        f"<tr><th style='text-align:left'>{escape(str(k))}</th>"
        f"<td style='text-align:left'>{escape(str(v))}</td></tr>"
        for k, v in rows
    )
    return f"<table><caption style='text-align:left'><b>{escape(title)}</b></caption>{body}</table>"


def _report_rows(obj: Any) -> "list[tuple[str, object]]":
    report = getattr(obj, "load_report", None)
    if report is None:
        return []
    rejected = report.rejected
    rows: "list[tuple[str, object]]" = [
        ("source", report.path),
        ("rows read", f"{report.rows_read:,}"),
        ("accepted", f"{report.accepted:,}"),
        ("rejected", f"{len(rejected):,}"),
    ]
    if rejected:
        first = rejected[0]
        rows.append(("first rejection", f"line {first.line}: {first.reason}"))
    return rows


def repr_html(obj: Any) -> str:
    """The ``_repr_html_`` of a Gazetteer, AreaSet, AddressIndex or Profile: a small
    table of counts, kinds and the load report."""
    name = type(obj).__name__
    rows: "list[tuple[str, object]]"
    if name == "Gazetteer":
        rows = [
            ("properties", f"{len(obj):,}"),
            ("synthetic", obj.is_synthetic),
            ("CRS", "EPSG:27700 (British National Grid)"),
            ("summary", repr(obj)),
        ]
    elif name == "AreaSet":
        rows = [
            ("name", obj.name),
            ("kind", obj.kind),
            ("vintage", obj.vintage),
            ("areas", f"{len(obj):,}"),
            ("CRS", "EPSG:27700 (British National Grid)"),
        ]
    elif name == "AddressIndex":
        rows = [("summary", repr(obj))]
    elif name == "Profile":
        areas = obj.areas
        rows = [
            ("areas", f"{len(obj):,} {areas.kind} ({areas.name})"),
            ("indicators", len(obj.indicator_ids())),
            ("first indicators", ", ".join(obj.indicator_ids()[:5])),
        ]
    else:
        rows = [("summary", repr(obj))]
    return _html_table(name, rows + _report_rows(obj))


def areas_from_geodataframe(
    frame: Any,
    code: str,
    name: Optional[str] = None,
    set_name: Optional[str] = None,
    vintage: Optional[int] = None,
) -> Any:
    """``AreaSet.from_geodataframe``: polygons of a GeoDataFrame in any CRS.

    A frame in EPSG:27700 is read as it is; any other CRS is reprojected to WGS84 by
    GeoPandas (pyproj), and the core converts WGS84 to British National Grid with OSTN15
    as it does for GeoJSON files. A frame without a CRS is refused.
    """
    import os
    import tempfile

    from outreach._native import AreaSet

    if frame.crs is None:
        raise ValueError("the GeoDataFrame has no CRS; set one with .set_crs(...)")
    columns = [code] + ([name] if name else [])
    for column in columns:
        if column not in frame.columns:
            raise KeyError(f"the GeoDataFrame has no column {column!r}")
    frame = frame[columns + [frame.geometry.name]]
    if frame.crs.to_epsg() == 27700:
        text = frame.to_json(drop_id=True)
        text = '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}, ' + text[text.index('"features"') :]
    else:
        text = frame.to_crs(4326).to_json(drop_id=True)
    fd, path = tempfile.mkstemp(suffix=".geojson")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        return AreaSet.from_geojson(
            path, code, name_field=name, name=set_name or "areas", vintage=vintage
        )
    finally:
        os.unlink(path)
