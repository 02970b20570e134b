#!/usr/bin/env python3
"""Generate the shared inputs of the point-in-polygon peer benchmark.

From the ONS LSOA 2021 super-generalised (BSC) boundaries of England
(``/work/shared/data/boundaries/lsoa21_bsc_england.geojson.gz``: 33,755 WGS84
polygons, property ``LSOA21CD``) this writes, into ``--out-dir``
(default ``benches/peers/data/``):

``lsoa21_bng.geojson``
    The same polygons transformed to British National Grid (EPSG:27700) with
    pyproj, coordinates rounded to the millimetre, written as GeoJSON with the
    CRS declared in the legacy GeoJSON 2008 ``"crs"`` member
    (``urn:ogc:def:crs:EPSG::27700``).  Every coordinate is written in its
    shortest round-trip decimal form, so every tool (GDAL, DuckDB, serde_json,
    ...) parses bit-identical doubles.

``lsoa21_bng_dense.geojson``
    "Synthetic full-resolution" polygons: ``lsoa21_bng`` densified with
    ``shapely.segmentize`` using the largest maximum segment length that gives
    a mean of about ``--target-vertices`` (500) vertices per polygon, the
    inserted vertices rounded to the millimetre.  The shape is unchanged (up to
    that rounding); only vertices are added.  The densifier cuts every edge
    from its canonical end, so shared edges stay shared bit for bit (checked
    on a sample of neighbour pairs and with ``shapely.coverage_invalid_edges``).

``points_1m.csv``
    ``--n-points`` (1,000,000) points ``id,x,y`` in BNG metres with 2 decimals,
    distributed like population: an LSOA is chosen uniformly at random per
    point (LSOAs hold roughly equal populations), then a uniform point inside
    it is drawn by vectorised rejection sampling in its bounding box.  Rows are
    shuffled and ids are 1..N in file order.  Seeded with
    ``numpy.random.default_rng(20261122)``: the output is deterministic.

``points_1m_truth.csv``
    ``id,lsoa21cd``: the LSOA each point was drawn in (ground truth, every
    point lies strictly inside that polygon after rounding).

``inputs_meta.json``
    What was done: the pyproj transformation actually used (OSTN15 grid or
    Helmert; recorded only), the densification length and achieved mean
    vertex count, validity and shared-edge checks, file sizes and SHA-256.

Run with the benchmark venv::

    benches/peers/.venv/bin/python benches/peers/make_inputs.py
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = Path("/work/shared/data/boundaries/lsoa21_bsc_england.geojson.gz")
SEED = 20261122
CRS_MEMBER = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}


def log(msg: str) -> None:
    print(f"[make_inputs {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def gdal_path(path: Path) -> str:
    """GDAL needs the /vsigzip/ prefix to read a gzipped GeoJSON."""
    return f"/vsigzip/{path}" if str(path).endswith(".gz") else str(path)


def round_coords(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Round every coordinate to ``decimals`` (deterministic, keeps shared vertices shared)."""
    return shapely.transform(geoms, lambda c: np.round(c, decimals))


def to_bng(geoms: np.ndarray) -> tuple[np.ndarray, dict]:
    """Transform WGS84 lon/lat geometries to EPSG:27700 with pyproj.

    Returns the geometries and a record of the coordinate operation PROJ
    actually used (the OSTN15 grid if it is installed, else a Helmert).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tr = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)

    def fn(x, y):
        return tr.transform(x, y, errcheck=True)

    out = shapely.transform(geoms, lambda c: np.column_stack(fn(c[:, 0], c[:, 1])))
    op = tr.get_last_used_operation()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Best transformation is not available ..." (missing grid)
        group = pyproj.transformer.TransformerGroup("EPSG:4326", "EPSG:27700", always_xy=True)
    missing = [f"{o.name} (accuracy {o.accuracy} m; missing grid "
               f"{', '.join(g.short_name for g in o.grids if not g.available)})"
               for o in group.unavailable_operations]
    proj4 = op.to_proj4()
    record = {
        "pyproj_version": pyproj.__version__,
        "proj_version": pyproj.proj_version_str,
        "network_enabled": pyproj.network.is_network_enabled(),
        "operation": op.description,
        "accuracy_m": op.accuracy,
        "uses_ostn15_grid": "OSTN15" in proj4 or "ostn15" in proj4.lower(),
        "uses_helmert": "helmert" in proj4,
        "proj_pipeline": proj4,
        "better_operations_unavailable_missing_grids": missing,
        "warnings": sorted({str(w.message) for w in caught}),
    }
    return out, record


def feature_collection_text(codes, names, geoms: np.ndarray) -> str:
    """GeoJSON FeatureCollection with the legacy EPSG:27700 "crs" member.

    ``shapely.to_geojson`` writes shortest round-trip decimals, so a
    millimetre-rounded coordinate is written with at most 3 decimals.
    """
    gj = shapely.to_geojson(geoms)
    head = ('{"type":"FeatureCollection","name":"lsoa21","crs":'
            + json.dumps(CRS_MEMBER, separators=(",", ":")) + ',"features":[\n')
    feats = [
        '{"type":"Feature","properties":{"LSOA21CD":%s,"LSOA21NM":%s},"geometry":%s}'
        % (json.dumps(c), json.dumps(n), g)
        for c, n, g in zip(codes, names, gj)
    ]
    return head + ",\n".join(feats) + "\n]}\n"


def write_text(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def segment_lengths(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lengths of every ring segment, with the polygon index of each segment.

    Also returns the number of rings per polygon (each closed ring has one
    more vertex than segments).
    """
    parts, part_geom = shapely.get_parts(geoms, return_index=True)  # explode MultiPolygons
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    ring_geom = part_geom[ring_part]
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same = coord_ring[1:] == coord_ring[:-1]
    d = np.hypot(*(coords[1:] - coords[:-1]).T)[same]
    seg_geom = ring_geom[coord_ring[:-1][same]]
    n_rings = np.bincount(ring_geom, minlength=len(geoms))
    return d, seg_geom, n_rings


def densify(geoms: np.ndarray, max_len: float, decimals: int = 3) -> np.ndarray:
    """Insert vertices so that no segment is longer than ``max_len``.

    Same vertex count as ``shapely.segmentize`` (each segment of length d is
    cut into ceil(d / max_len) equal pieces), but every segment is cut in a
    canonical direction (from its lexicographically smaller end point), so
    the edge P->Q of one polygon and the edge Q->P of its neighbour get
    bit-identical inserted vertices, which are then rounded to ``decimals``.
    (``segmentize`` interpolates in ring order, and after rounding to the
    millimetre the two sides of a shared edge disagree by 1 mm at ties.)
    """
    parts, part_geom = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    seg = np.flatnonzero(coord_ring[1:] == coord_ring[:-1])  # segment s = coords[s] -> coords[s+1]
    p, q = coords[seg], coords[seg + 1]
    n = np.maximum(np.ceil(np.hypot(*(q - p).T) / max_len), 1).astype(np.int64)
    swap = (q[:, 0] < p[:, 0]) | ((q[:, 0] == p[:, 0]) & (q[:, 1] < p[:, 1]))
    a = np.where(swap[:, None], q, p)
    ab = np.where(swap[:, None], p, q) - a
    rep = np.repeat(np.arange(len(seg)), n)
    k = np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n)  # k-th vertex of the segment, from p
    nn = n[rep]
    j = np.where(swap[rep], nn - k, k)  # the same vertex counted from the canonical start a
    pts = a[rep] + ab[rep] * (j / nn)[:, None]
    pts = np.round(pts, decimals)
    pts[k == 0] = p[rep[k == 0]]  # original vertices exactly as they were
    # Rings: their segments' vertices, then the closing vertex (= first).
    seg_ring = coord_ring[seg]
    per_ring = np.bincount(seg_ring, weights=n, minlength=len(rings)).astype(np.int64)
    ring_len = per_ring + 1
    ring_off = np.concatenate([[0], np.cumsum(ring_len)])
    out = np.empty((ring_off[-1], 2))
    is_last = np.zeros(ring_off[-1], dtype=bool)
    is_last[ring_off[1:] - 1] = True
    out[~is_last] = pts
    out[is_last] = out[ring_off[:-1]]
    part_off = np.concatenate([[0], np.cumsum(np.bincount(ring_part, minlength=len(parts)))])
    geom_off = np.concatenate([[0], np.cumsum(np.bincount(part_geom, minlength=len(geoms)))])
    multi = shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, out,
                                      (ring_off, part_off, geom_off))
    single = shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON
    multi[single] = shapely.get_geometry(multi[single], 0)
    return multi


def predicted_mean_vertices(d: np.ndarray, n_rings_total: int, n_geoms: int, max_len: float) -> float:
    """Mean vertices per polygon after segmentize(max_len) (GEOS: ceil(d / max_len) pieces)."""
    pieces = np.maximum(np.ceil(d / max_len), 1.0)
    return (pieces.sum() + n_rings_total) / n_geoms


def choose_max_segment(geoms: np.ndarray, target: float) -> float:
    """Largest max-segment length whose predicted mean vertex count reaches ``target``."""
    d, _, n_rings = segment_lengths(geoms)
    total_rings = int(n_rings.sum())
    lo, hi = 1e-3, float(d.max())  # mean(lo) >> target, mean(hi) = current mean
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if predicted_mean_vertices(d, total_rings, len(geoms), mid) >= target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-4:
            break
    return round(lo, 3)


def shared_edge_check(base: np.ndarray, dense: np.ndarray, n_sample: int, rng) -> dict:
    """Do neighbours that share an edge in ``base`` still share it after densifying?

    For a random sample of polygons, every neighbour pair that shares a
    boundary of positive length is compared: the length of the intersection
    of the two boundaries must be unchanged (a gap or a sliver between the
    densified edges would make the boundaries cross instead of overlap, and
    the shared length would drop to ~0).  Also checks the pair's overlap area
    stays ~0.
    """
    tree = shapely.STRtree(base)
    sample = rng.choice(len(base), size=min(n_sample, len(base)), replace=False)
    q_idx, t_idx = tree.query(base[sample], predicate="touches")
    a = sample[q_idx]
    b = t_idx
    keep = a < b
    a, b = a[keep], b[keep]
    bd0a, bd0b = shapely.boundary(base[a]), shapely.boundary(base[b])
    len0 = shapely.length(shapely.intersection(bd0a, bd0b))
    edge = len0 > 0
    a, b, len0 = a[edge], b[edge], len0[edge]
    len1 = shapely.length(shapely.intersection(shapely.boundary(dense[a]), shapely.boundary(dense[b])))
    overlap1 = shapely.area(shapely.intersection(dense[a], dense[b]))
    diff = np.abs(len1 - len0)
    return {
        "sampled_polygons": int(len(sample)),
        "neighbour_pairs_sharing_an_edge": int(len(a)),
        "shared_length_total_m_base": float(len0.sum()),
        "shared_length_total_m_dense": float(len1.sum()),
        "pairs_with_shared_length_diff_gt_1mm": int((diff > 1e-3).sum()),
        "max_shared_length_diff_m": float(diff.max()) if len(diff) else 0.0,
        "pairs_with_overlap_gt_1cm2": int((overlap1 > 1e-4).sum()),
        "max_overlap_m2": float(overlap1.max()) if len(overlap1) else 0.0,
    }


def sample_points(geoms: np.ndarray, n: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Population-like points: uniform LSOA, then uniform inside it (rejection in bbox).

    Coordinates are rounded to 2 decimals *before* the containment test, so
    every written point lies strictly inside (not on the boundary of) the
    polygon it was drawn in.
    """
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms)
    owner = rng.integers(0, len(geoms), size=n)
    x = np.empty(n)
    y = np.empty(n)
    todo = np.arange(n)
    rounds = 0
    while todo.size:
        rounds += 1
        b = bounds[owner[todo]]
        tx = np.round(rng.uniform(b[:, 0], b[:, 2]), 2)
        ty = np.round(rng.uniform(b[:, 1], b[:, 3]), 2)
        ok = shapely.contains_xy(geoms[owner[todo]], tx, ty)
        x[todo[ok]] = tx[ok]
        y[todo[ok]] = ty[ok]
        todo = todo[~ok]
    log(f"  rejection sampling finished in {rounds} rounds")
    return owner, x, y


def file_record(path: Path) -> dict:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return {"path": str(path), "bytes": path.stat().st_size, "sha256": h.hexdigest()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC,
                    help="WGS84 LSOA 2021 GeoJSON(.gz) with LSOA21CD (default: %(default)s)")
    ap.add_argument("--out-dir", type=Path, default=HERE / "data",
                    help="output directory (default: %(default)s)")
    ap.add_argument("--n-points", type=int, default=1_000_000,
                    help="number of points (default: %(default)s)")
    ap.add_argument("--points-name", default="points_1m",
                    help="base name of the points files (default: %(default)s)")
    ap.add_argument("--target-vertices", type=float, default=500.0,
                    help="mean vertices per polygon for the dense set (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=SEED, help="RNG seed (default: %(default)s)")
    ap.add_argument("--check-sample", type=int, default=3000,
                    help="polygons sampled for the shared-edge check (default: %(default)s)")
    args = ap.parse_args(argv)

    t_all = time.perf_counter()
    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    meta: dict = {
        "generated_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "source": str(args.src),
        "seed": args.seed,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "shapely": shapely.__version__,
        "geos": ".".join(map(str, shapely.geos_version)),
        "numpy": np.__version__,
        "pyogrio": pyogrio.__version__,
        "gdal": pyogrio.__gdal_version_string__,
    }

    # -- 1. read and transform ------------------------------------------------
    log(f"reading {args.src}")
    meta_r, table = pyogrio.read_arrow(gdal_path(args.src), columns=["LSOA21CD", "LSOA21NM"])
    geom_col = meta_r["geometry_name"] or "wkb_geometry"
    codes = table["LSOA21CD"].to_pylist()
    names = table["LSOA21NM"].to_pylist()
    wgs = shapely.from_wkb(np.asarray(table[geom_col].to_numpy(zero_copy_only=False)))
    log(f"  {len(wgs)} polygons, {shapely.get_num_coordinates(wgs).sum()} vertices, "
        f"source CRS {meta_r['crs']}")
    if len(set(codes)) != len(codes):
        raise SystemExit("LSOA21CD is not unique")

    log("transforming to EPSG:27700 with pyproj")
    bng, tr_record = to_bng(wgs)
    meta["transformation"] = tr_record
    log(f"  pyproj used: {tr_record['operation']} (accuracy {tr_record['accuracy_m']} m; "
        f"OSTN15 grid: {tr_record['uses_ostn15_grid']}, Helmert: {tr_record['uses_helmert']})")
    bng = round_coords(bng, 3)
    valid = shapely.is_valid(bng)
    n_invalid = int((~valid).sum())
    if n_invalid:
        log(f"  {n_invalid} polygons invalid after transform+rounding: applying make_valid")
        bng[~valid] = shapely.make_valid(bng[~valid], method="structure", keep_collapsed=False)
    types = pd.Series(shapely.get_type_id(bng)).map({3: "Polygon", 6: "MultiPolygon"}).fillna("other")
    if (types == "other").any():
        raise SystemExit("non-polygonal geometry after make_valid")
    nv_base = shapely.get_num_coordinates(bng)
    meta["bsc"] = {
        "polygons": len(bng),
        "invalid_after_rounding_fixed": n_invalid,
        "geometry_types": types.value_counts().to_dict(),
        "vertices_total": int(nv_base.sum()),
        "vertices_mean": float(nv_base.mean()),
        "area_km2_total": float(shapely.area(bng).sum() / 1e6),
    }
    path_bsc = out / "lsoa21_bng.geojson"
    log(f"writing {path_bsc}")
    write_text(path_bsc, feature_collection_text(codes, names, bng))

    # -- 2. densify -----------------------------------------------------------
    max_len = choose_max_segment(bng, args.target_vertices)
    log(f"densifying to max segment length {max_len} m (as shapely.segmentize, canonical direction)")
    dense = densify(bng, max_len, 3)
    nv_dense = shapely.get_num_coordinates(dense)
    dvalid = shapely.is_valid(dense)
    area_diff = np.abs(shapely.area(dense) - shapely.area(bng))
    log(f"  mean vertices {nv_dense.mean():.1f} (median {np.median(nv_dense):.0f}, "
        f"max {nv_dense.max()}), invalid {int((~dvalid).sum())}")
    check = shared_edge_check(bng, dense, args.check_sample, rng)
    log(f"  shared-edge check: {check['neighbour_pairs_sharing_an_edge']} pairs, "
        f"{check['pairs_with_shared_length_diff_gt_1mm']} with shared length changed > 1 mm, "
        f"{check['pairs_with_overlap_gt_1cm2']} overlapping > 1 cm2")
    log("  full coverage check (shapely.coverage_invalid_edges) on both sets")
    cov_base = ~shapely.is_empty(shapely.coverage_invalid_edges(bng))
    cov_dense = ~shapely.is_empty(shapely.coverage_invalid_edges(dense))
    check["coverage_invalid_polygons_base"] = int(cov_base.sum())
    check["coverage_invalid_polygons_dense"] = int(cov_dense.sum())
    check["coverage_newly_invalid_in_dense"] = [codes[i] for i in np.flatnonzero(cov_dense & ~cov_base)]
    log(f"  polygons with coverage-invalid edges: base {int(cov_base.sum())}, dense {int(cov_dense.sum())}")
    meta["dense"] = {
        "max_segment_length_m": max_len,
        "target_mean_vertices": args.target_vertices,
        "vertices_total": int(nv_dense.sum()),
        "vertices_mean": float(nv_dense.mean()),
        "vertices_median": float(np.median(nv_dense)),
        "vertices_max": int(nv_dense.max()),
        "invalid": int((~dvalid).sum()),
        "max_abs_area_change_m2": float(area_diff.max()),
        "shared_edge_check": check,
    }
    path_dense = out / "lsoa21_bng_dense.geojson"
    log(f"writing {path_dense}")
    write_text(path_dense, feature_collection_text(codes, names, dense))
    del dense

    # -- 3. points ------------------------------------------------------------
    # A fresh generator for the points, so their values do not depend on the
    # polygon sampling of the check above.
    prng = np.random.default_rng(args.seed)
    log(f"sampling {args.n_points} points")
    owner, x, y = sample_points(bng, args.n_points, prng)
    perm = prng.permutation(args.n_points)
    owner, x, y = owner[perm], x[perm], y[perm]
    ids = np.arange(1, args.n_points + 1, dtype=np.int64)
    path_pts = out / f"{args.points_name}.csv"
    path_truth = out / f"{args.points_name}_truth.csv"
    log(f"writing {path_pts}")
    pd.DataFrame({"id": ids, "x": x, "y": y}).to_csv(path_pts, index=False, float_format="%.2f")
    pd.DataFrame({"id": ids, "lsoa21cd": np.asarray(codes, dtype=object)[owner]}).to_csv(
        path_truth, index=False)
    per_lsoa = np.bincount(owner, minlength=len(bng))
    meta["points"] = {
        "n": args.n_points,
        "per_lsoa_min": int(per_lsoa.min()),
        "per_lsoa_max": int(per_lsoa.max()),
        "per_lsoa_mean": float(per_lsoa.mean()),
        "bbox": [float(x.min()), float(y.min()), float(x.max()), float(y.max())],
    }

    meta["files"] = [file_record(p) for p in (path_bsc, path_dense, path_pts, path_truth)]
    meta["elapsed_s"] = round(time.perf_counter() - t_all, 1)
    (out / "inputs_meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    for f in meta["files"]:
        log(f"  {f['path']}: {f['bytes'] / 1e6:.1f} MB")
    log(f"done in {meta['elapsed_s']} s; metadata in {out / 'inputs_meta.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
