#!/usr/bin/env python3
"""GeoPandas baseline on real points: postcodes -> LSOA 2011, checked against ONS.

Assigns every Code-Point Open postcode of the 22 Lancashire + Nottinghamshire
districts (``codepoint_open_2025_04_lancs_notts.csv.gz``, Eastings/Northings
in EPSG:27700) to the LSOA 2011 generalised-clipped (BGC, 20 m) boundaries
(``lsoa11_bgc_lancs_notts.geojson.gz``, WGS84, transformed with
``to_crs(27700)``) with ``geopandas.sjoin(predicate="within")``, then compares
with the ONS postcode -> OA -> LSOA 2011 best-fit lookup (May 2022; live
postcodes are those with an empty ``doterm``).  Postcodes are joined on their
upper-cased form with all spaces removed, so pcd7/pcd8/pcds and Code-Point's
single-space "PR7 1DP" all match.

Writes ``data/postcode_lsoa11_geopandas.csv`` with ``postcode,
lsoa11_geopandas, dist_to_boundary_m``: the LSOA the point fell in (empty if
outside every polygon) and the distance from the point to the boundary of
that polygon (or to the nearest polygon when outside).  In a tiling that is
the distance to the nearest LSOA boundary, so ``dist_to_boundary_m > 10``
selects the points GeoPandas is sure of even though PROJ may have used a
Helmert transformation (metres off OSTN15) for the WGS84 boundaries.

Also writes ``results/postcode_lsoa11_geopandas.json`` with the counts.

Run::

    benches/peers/.venv/bin/python benches/peers/postcode_lsoa_geopandas.py
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

HERE = Path(__file__).resolve().parent
SHARED = Path("/work/shared/data")
DEFAULT_CODEPOINT = SHARED / "postcodes/codepoint_open_2025_04_lancs_notts.csv.gz"
DEFAULT_ONS = SHARED / "postcodes/pcd_oa11_lsoa11_msoa11_lad_may22_lancs_notts.csv.gz"
DEFAULT_LSOA = SHARED / "boundaries/lsoa11_bgc_lancs_notts.geojson.gz"
SURE_M = 10.0


def norm_pc(s: pd.Series) -> pd.Series:
    """Postcode join key: upper case, all whitespace removed."""
    return s.str.upper().str.replace(r"\s+", "", regex=True)


def gdal_path(path: Path) -> str:
    return f"/vsigzip/{path}" if str(path).endswith(".gz") else str(path)


def used_transformation(src_crs) -> dict:
    """The operation PROJ picks for src_crs -> EPSG:27700 (what to_crs uses)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tr = pyproj.Transformer.from_crs(src_crs, "EPSG:27700", always_xy=True)
        tr.transform(-2.7, 53.65)  # Chorley; makes PROJ pick the operation
    op = tr.get_last_used_operation()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Best transformation is not available ..." (missing grid)
        group = pyproj.transformer.TransformerGroup(src_crs, "EPSG:27700", always_xy=True)
    missing = [f"{o.name} (accuracy {o.accuracy} m; missing grid "
               f"{', '.join(g.short_name for g in o.grids if not g.available)})"
               for o in group.unavailable_operations]
    proj4 = op.to_proj4()
    return {"operation": op.description, "accuracy_m": op.accuracy,
            "uses_ostn15_grid": "ostn15" in proj4.lower(), "uses_helmert": "helmert" in proj4,
            "proj_version": pyproj.proj_version_str, "pyproj_version": pyproj.__version__,
            "better_operations_unavailable_missing_grids": missing,
            "warnings": sorted({str(w.message) for w in caught})}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--codepoint", type=Path, default=DEFAULT_CODEPOINT,
                    help="Code-Point Open CSV(.gz) (default: %(default)s)")
    ap.add_argument("--ons", type=Path, default=DEFAULT_ONS,
                    help="ONS postcode->OA->LSOA 2011 lookup CSV(.gz) (default: %(default)s)")
    ap.add_argument("--lsoa", type=Path, default=DEFAULT_LSOA,
                    help="LSOA 2011 boundaries GeoJSON(.gz), WGS84, LSOA11CD (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=HERE / "data" / "postcode_lsoa11_geopandas.csv",
                    help="per-postcode output CSV (default: %(default)s)")
    ap.add_argument("--results", type=Path, default=HERE / "results" / "postcode_lsoa11_geopandas.json",
                    help="summary JSON (default: %(default)s)")
    ap.add_argument("--sure-m", type=float, default=SURE_M,
                    help="distance from any boundary above which a point counts as sure "
                         "(default: %(default)s)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    cp = pd.read_csv(args.codepoint, dtype={"Postcode": "string", "Positional_quality_indicator": "int64",
                                            "Eastings": "float64", "Northings": "float64"},
                     usecols=["Postcode", "Positional_quality_indicator", "Eastings", "Northings"])
    has_xy = cp["Positional_quality_indicator"].ne(90) & (cp["Eastings"] > 0) & (cp["Northings"] > 0)
    pts = gpd.GeoDataFrame(cp[has_xy].reset_index(drop=True),
                           geometry=gpd.points_from_xy(cp.loc[has_xy, "Eastings"], cp.loc[has_xy, "Northings"]),
                           crs="EPSG:27700")
    lsoa_wgs = gpd.read_file(gdal_path(args.lsoa), columns=["LSOA11CD"], engine="pyogrio")
    tr = used_transformation(lsoa_wgs.crs)
    lsoa = lsoa_wgs.to_crs(27700)
    t1 = time.perf_counter()
    print(f"pyproj transformation for {lsoa_wgs.crs} -> EPSG:27700: {tr['operation']} "
          f"(accuracy {tr['accuracy_m']} m; OSTN15 grid: {tr['uses_ostn15_grid']}, "
          f"Helmert: {tr['uses_helmert']})")

    joined = gpd.sjoin(pts, lsoa, predicate="within", how="left")
    t2 = time.perf_counter()
    multi = joined.index.duplicated(keep=False)
    n_multi = int(joined.index[multi].nunique())
    # One LSOA per postcode: the smallest code when the point is in two polygons.
    joined = joined.sort_values("LSOA11CD").loc[lambda d: ~d.index.duplicated(keep="first")].sort_index()
    pts["lsoa11_geopandas"] = joined["LSOA11CD"].astype("string")
    pts["index_right"] = joined["index_right"]

    # Distance to the boundary of the containing polygon, or to the nearest polygon if outside.
    dist = np.full(len(pts), np.nan)
    inside = pts["index_right"].notna().to_numpy()
    poly_idx = pts.loc[inside, "index_right"].astype(int).to_numpy()
    dist[inside] = shapely.distance(pts.geometry.values[inside],
                                    shapely.boundary(lsoa.geometry.values[poly_idx]))
    if (~inside).any():
        _, d_out = lsoa.sindex.nearest(pts.geometry.values[~inside], return_distance=True,
                                       return_all=False)
        dist[~inside] = d_out
    pts["dist_to_boundary_m"] = np.round(dist, 2)
    t3 = time.perf_counter()

    ons = pd.read_csv(args.ons, dtype="string", keep_default_na=False,
                      usecols=["pcd7", "pcd8", "pcds", "doterm", "lsoa11cd"])
    live = ons[ons["doterm"].fillna("").str.strip() == ""].copy()
    live["key"] = norm_pc(live["pcds"])
    if not live["key"].is_unique:
        raise SystemExit("ONS lookup: live postcodes not unique after normalisation")
    pts["key"] = norm_pc(pts["Postcode"])
    m = pts.merge(live[["key", "lsoa11cd"]], on="key", how="left")
    in_ons = m["lsoa11cd"].notna()
    assigned = m["lsoa11_geopandas"].notna()
    both = in_ons & assigned
    agree = both & (m["lsoa11_geopandas"] == m["lsoa11cd"])
    sure = m["dist_to_boundary_m"] > args.sure_m
    pqi10 = m["Positional_quality_indicator"] == 10

    def pct(a, b):
        return round(100.0 * int(a.sum()) / max(int(b.sum()), 1), 3)

    summary = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": {"codepoint": str(args.codepoint), "ons": str(args.ons), "lsoa": str(args.lsoa)},
        "transformation": tr,
        "lsoa_polygons": len(lsoa),
        "codepoint_postcodes": len(cp),
        "codepoint_with_coordinates": int(has_xy.sum()),
        "ons_rows": len(ons),
        "ons_live_postcodes": len(live),
        "codepoint_in_ons_live": int(in_ons.sum()),
        "assigned_by_geopandas": int(assigned.sum()),
        "outside_all_polygons": int((~assigned).sum()),
        "in_two_or_more_polygons": n_multi,
        "compared": int(both.sum()),
        "agree": int(agree.sum()),
        "agreement_pct": pct(agree, both),
        "agreement_pct_pqi10": pct(agree & pqi10, both & pqi10),
        f"compared_more_than_{args.sure_m:g}m_from_boundary": int((both & sure).sum()),
        f"agreement_pct_more_than_{args.sure_m:g}m_from_boundary": pct(agree & sure, both & sure),
        "disagreements_within_sure_m_of_boundary": int((both & ~agree & ~sure).sum()),
        "timings_s": {"load": round(t1 - t0, 3), "sjoin": round(t2 - t1, 3),
                      "distances": round(t3 - t2, 3)},
        "versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__,
                     "geos": ".".join(map(str, shapely.geos_version))},
    }

    args.out.parent.mkdir(parents=True, exist_ok=True)
    out = pts[["Postcode", "lsoa11_geopandas", "dist_to_boundary_m"]].rename(columns={"Postcode": "postcode"})
    out.sort_values("postcode").to_csv(args.out, index=False)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(summary, indent=2) + "\n")

    print(f"Code-Point postcodes: {summary['codepoint_postcodes']:,} "
          f"({summary['codepoint_with_coordinates']:,} with coordinates)")
    print(f"ONS live postcodes (doterm empty): {summary['ons_live_postcodes']:,}; "
          f"Code-Point postcodes found among them: {summary['codepoint_in_ons_live']:,}")
    print(f"assigned by GeoPandas: {summary['assigned_by_geopandas']:,}; outside all polygons: "
          f"{summary['outside_all_polygons']:,}; in 2+ polygons: {n_multi}")
    print(f"agreement with ONS: {summary['agree']:,} / {summary['compared']:,} = "
          f"{summary['agreement_pct']:.2f}% (PQI 10 only: {summary['agreement_pct_pqi10']:.2f}%; "
          f"> {args.sure_m:g} m from a boundary: "
          f"{summary[f'agreement_pct_more_than_{args.sure_m:g}m_from_boundary']:.2f}% of "
          f"{summary[f'compared_more_than_{args.sure_m:g}m_from_boundary']:,})")
    print(f"timings: load {t1 - t0:.2f} s, sjoin {t2 - t1:.2f} s, distances {t3 - t2:.2f} s")
    print(f"wrote {args.out} and {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
