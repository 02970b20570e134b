"""Maps of area profiles with matplotlib (optional: install ``outreach[plot]``).

``choropleth`` draws each area of a ``Profile`` (or of a table with a ``geometry_geojson``
column, or a ``geopandas.GeoDataFrame``) coloured by one column:

- deciles (a column named ``*decile*``, or ``kind="decile"``) as 10 discrete classes with
  1 (most deprived) darkest and a legend of the classes;
- anything else (rates, counts, shares) as a classed sequential scale (``classes`` quantile
  classes, or ``scheme="equal"`` for equal intervals) with a labelled colour bar.

Areas without a value (suppressed counts, missing data) are drawn light grey and listed as
"no data". Coordinates stay British National Grid metres.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Sequence
from types import ModuleType
from typing import Any, Optional

__all__ = ["choropleth"]

_Ring = list[tuple[float, float]]


def _require(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ImportError(
            f"{module} is needed for maps; install it with `pip install 'outreach[plot]'`"
        ) from err


def _polygons(geometry: Any) -> list[list[_Ring]]:
    """The polygons (each a list of rings) of a GeoJSON geometry mapping."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates", [])
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        raise ValueError(f"cannot map a {kind!r} geometry; areas must be polygons")
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in polys]


def _signed_area(ring: _Ring) -> float:
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])
    )


def _rows(data: Any, column: str) -> tuple[list[Optional[float]], list[list[list[_Ring]]]]:
    """Values of ``column`` and the polygons of each area of ``data``."""
    if hasattr(data, "area_table_with_geometry"):  # a Profile
        data = data.area_table_with_geometry()
    if hasattr(data, "geometry") and hasattr(data, "columns"):  # a GeoDataFrame
        if column not in data.columns:
            raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, data.columns))}")
        values = [None if _missing(v) else float(v) for v in data[column].tolist()]
        shapes = [_polygons(g.__geo_interface__) for g in data.geometry]
        return values, shapes
    names = list(getattr(data, "column_names", []))
    if column not in names:
        raise KeyError(f"no column {column!r}; columns: {', '.join(names)}")
    if "geometry_geojson" not in names:
        raise KeyError(
            "the table has no geometry_geojson column: pass a Profile, "
            "Profile.area_table_with_geometry() or a GeoDataFrame"
        )
    values = [None if _missing(v) else float(v) for v in data.column(column).to_pylist()]
    shapes = [
        _polygons(json.loads(g)) if g is not None else []
        for g in data.column("geometry_geojson").to_pylist()
    ]
    return values, shapes


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _path(polys: list[list[_Ring]], mpath: Any) -> Any:
    """One compound path of polygons, exteriors anticlockwise and holes clockwise so the
    non-zero fill rule leaves the holes empty."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for poly in polys:
        for i, ring in enumerate(poly):
            if len(ring) < 3:
                continue
            anticlockwise = _signed_area(ring) > 0
            if anticlockwise != (i == 0):
                ring = ring[::-1]
            vertices.extend(ring)
            vertices.append(ring[0])
            codes.append(mpath.Path.MOVETO)
            codes.extend([mpath.Path.LINETO] * (len(ring) - 1))
            codes.append(mpath.Path.CLOSEPOLY)
    return mpath.Path(vertices, codes)


def _breaks(values: Sequence[float], classes: int, scheme: str) -> list[float]:
    """Class boundaries (``classes + 1`` or fewer when values repeat)."""
    lo, hi = min(values), max(values)
    if hi == lo:
        return [lo, hi + 1.0]
    if scheme == "equal":
        bounds = [lo + (hi - lo) * k / classes for k in range(classes + 1)]
    elif scheme == "quantile":
        ordered = sorted(values)
        bounds = []
        for k in range(classes + 1):
            pos = (len(ordered) - 1) * k / classes
            below = int(math.floor(pos))
            above = min(below + 1, len(ordered) - 1)
            bounds.append(ordered[below] + (ordered[above] - ordered[below]) * (pos - below))
    else:
        raise ValueError(f"scheme must be 'quantile' or 'equal', not {scheme!r}")
    unique: list[float] = []
    for b in bounds:
        if not unique or b > unique[-1]:
            unique.append(b)
    return unique


def choropleth(
    data: Any,
    column: str,
    ax: Any = None,
    *,
    kind: Optional[str] = None,
    classes: int = 5,
    scheme: str = "quantile",
    cmap: Optional[str] = None,
    title: Optional[str] = None,
    label: Optional[str] = None,
    legend: bool = True,
    edgecolor: str = "#8c8c8c",
    linewidth: float = 0.3,
    missing_color: str = "#d9d9d9",
) -> Any:
    """Draws the areas of ``data`` coloured by ``column`` and returns the matplotlib Axes.

    Args:
        data: A ``Profile``, a table with ``geometry_geojson`` (such as
            ``Profile.area_table_with_geometry()``) or a ``geopandas.GeoDataFrame``.
        column: The column to map (e.g. ``imd_decile`` or ``crime:all:value``).
        ax: Axes to draw on (a new figure when None).
        kind: ``"decile"`` (10 discrete classes, 1 = most deprived, darkest) or
            ``"sequential"`` (classed scale with a colour bar); by default ``"decile"``
            when the column name contains "decile".
        classes: Number of classes of a sequential scale.
        scheme: ``"quantile"`` or ``"equal"`` interval classes.
        cmap: A matplotlib colour map name (``"YlGnBu"`` for deciles, ``"OrRd"`` otherwise).
        title: Axes title (default: the column name).
        label: Legend / colour bar label (default: the column name).
        legend: Whether to draw the legend or colour bar.
        edgecolor: Colour of the area outlines.
        linewidth: Width of the area outlines (points).
        missing_color: Fill of areas without a value (listed as "no data").

    Raises:
        ImportError: matplotlib is not installed (``pip install 'outreach[plot]'``).
        KeyError: ``column`` (or the geometry) is not in ``data``.
        ValueError: A non-polygon geometry, an unknown ``kind`` or ``scheme``.
    """
    plt = _require("matplotlib.pyplot")
    mcolors = _require("matplotlib.colors")
    mpatches = _require("matplotlib.patches")
    mpath = _require("matplotlib.path")
    mcollections = _require("matplotlib.collections")
    mcm = _require("matplotlib.cm")

    values, shapes = _rows(data, column)
    if kind is None:
        kind = "decile" if "decile" in column.lower() else "sequential"
    if kind not in ("decile", "sequential"):
        raise ValueError(f"kind must be 'decile' or 'sequential', not {kind!r}")
    if classes < 1:
        raise ValueError("classes must be at least 1")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 7))
    text = label if label is not None else column

    present = [v for v in values if v is not None]
    colours: list[Any] = []
    if kind == "decile":
        # Decile 1 (most deprived) is the darkest colour of the map.
        palette = plt.get_cmap(cmap or "YlGnBu")
        classes_rgba = [palette(1.0 - k / 9.0) for k in range(10)]
        for v in values:
            if v is None or not 1 <= v <= 10:
                colours.append(missing_color)
            else:
                colours.append(classes_rgba[int(round(v)) - 1])
    else:
        palette = plt.get_cmap(cmap or "OrRd")
        bounds = _breaks(present, classes, scheme) if present else [0.0, 1.0]
        norm = mcolors.BoundaryNorm(bounds, palette.N)
        colours = [missing_color if v is None else palette(norm(v)) for v in values]

    patches = [mpatches.PathPatch(_path(polys, mpath)) for polys in shapes if polys]
    face = [c for c, polys in zip(colours, shapes) if polys]
    collection = mcollections.PatchCollection(
        patches, facecolors=face, edgecolors=edgecolor, linewidths=linewidth
    )
    ax.add_collection(collection)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title if title is not None else column)

    if legend:
        if kind == "decile":
            handles = [
                mpatches.Patch(
                    facecolor=classes_rgba[k],
                    edgecolor="none",
                    label=f"{k + 1}"
                    + (" (most deprived)" if k == 0 else " (least deprived)" if k == 9 else ""),
                )
                for k in range(10)
            ]
            if any(c == missing_color for c in colours):
                handles.append(mpatches.Patch(facecolor=missing_color, label="no data"))
            ax.legend(
                handles=handles,
                title=text,
                loc="upper left",
                bbox_to_anchor=(1.0, 1.0),
                frameon=False,
                fontsize="small",
            )
        else:
            mappable = mcm.ScalarMappable(norm=norm, cmap=palette)
            bar = ax.figure.colorbar(
                mappable, ax=ax, shrink=0.7, spacing="uniform", ticks=bounds
            )
            bar.set_ticklabels([f"{b:,.3g}" for b in bounds])
            bar.set_label(text)
            if any(v is None for v in values):
                ax.legend(
                    handles=[mpatches.Patch(facecolor=missing_color, label="no data")],
                    loc="lower left",
                    frameon=False,
                    fontsize="small",
                )
    return ax
