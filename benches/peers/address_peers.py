"""Address matching side by side: MoJ's uk_address_matcher and `outreach match` on the same
files in the same run (../shared/data/address_bench: 10,000 messy records against the
50,108-address gazetteer), scored the same way against `true_uprn`.

    python3 -m venv /tmp/uam-venv && /tmp/uam-venv/bin/pip install uk-address-matcher==1.5.3
    cargo build --release -p outreach-cli
    /tmp/uam-venv/bin/python benches/peers/address_peers.py [--limit N] [--peers uam,outreach]

Categories: correct (the UPRN returned is true_uprn), building (the parent of the true
flat), wrong in building (a sibling flat, or the parent when the truth is a flat but the
answer was not flagged as building level), wrong building, unmatched. Times are wall clock
of the whole match (uk_address_matcher: cleaning of both sides + stages; outreach: the
`match` command, loading and indexing included) and, for outreach, the matching alone as
the command reports it. Writes results/address_peers.json.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "address_bench"
PC_RE = re.compile(r"[,\s]*([A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})\s*,?\s*$")


def split_postcode(address):
    m = PC_RE.search(address)
    return (address[: m.start()], m.group(1).upper()) if m else (address, None)


def score(name, answers, statuses, messy, parents, seconds, extra=None):
    """answers: id -> uprn string or None; statuses: id -> 'building' for building level."""
    def building_of(u):
        return parents.get(u) or u

    counts = dict(correct=0, building=0, wrong_in_building=0, wrong_building=0, unmatched=0)
    no_pc = no_pc_correct = 0
    for row in messy.itertuples():
        got = answers.get(row.id)
        truth = row.true_uprn
        has_pc = split_postcode(row.address)[1] is not None
        no_pc += not has_pc
        if got is None:
            counts["unmatched"] += 1
        elif got == truth:
            counts["correct"] += 1
            no_pc_correct += not has_pc
        elif statuses.get(row.id) == "building" and parents.get(truth) == got:
            counts["building"] += 1
        elif building_of(got) == building_of(truth):
            counts["wrong_in_building"] += 1
        else:
            counts["wrong_building"] += 1
    n = len(messy)
    out = {k: round(100.0 * v / n, 2) for k, v in counts.items()}
    out["wrong"] = round(out["wrong_in_building"] + out["wrong_building"], 2)
    out["no_postcode_correct"] = round(100.0 * no_pc_correct / max(no_pc, 1), 2)
    out["records"] = n
    out["seconds"] = round(seconds, 2)
    out["records_per_s"] = round(n / seconds, 1)
    if extra:
        out.update(extra)
    print(f"{name:20} " + "  ".join(f"{k} {v}" for k, v in out.items()), flush=True)
    return out


def run_uam(messy, canonical):
    import duckdb
    from uk_address_matcher import AddressMatcher

    rows = [split_postcode(a) for a in messy.address]
    messy_df = pd.DataFrame(
        {"unique_id": messy.id, "address_concat": [r[0] for r in rows], "postcode": [r[1] for r in rows]}
    )
    can_df = pd.DataFrame(
        {"unique_id": canonical.uprn, "address_concat": canonical.address, "postcode": canonical.postcode}
    )
    con = duckdb.connect()
    t = time.perf_counter()
    matcher = AddressMatcher(
        canonical_addresses=con.from_df(can_df),
        addresses_to_match=con.from_df(messy_df),
        con=con,
        show_progress="off",
    )
    df = matcher.match().matches().df()
    seconds = time.perf_counter() - t
    answers = {
        r.unique_id: (None if pd.isna(r.resolved_canonical_id) else str(r.resolved_canonical_id))
        for r in df.itertuples()
    }
    return answers, {}, seconds


def run_outreach(messy, cmd):
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "messy.csv"
        messy[["id", "address"]].to_csv(inp, index=False)
        out = Path(tmp) / "matched.csv"
        t = time.perf_counter()
        proc = subprocess.run(
            [cmd, "match", "--gazetteer", str(DATA / "canonical.csv.gz"), "--input", str(inp), "--out", str(out)],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - t
        if proc.returncode != 0:
            sys.exit(f"outreach failed: {proc.stderr}")
        m = re.search(r"in ([0-9.]+) s \(([0-9]+) records/s", proc.stderr)
        res = pd.read_csv(out, dtype=str, keep_default_na=False)
    answers = {r.id: (r.uprn or None) for r in res.itertuples()}
    statuses = {r.id: r.status for r in res.itertuples()}
    extra = {"matching_only_s": float(m.group(1)), "matching_only_records_per_s": float(m.group(2))} if m else {}
    return answers, statuses, seconds, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="first N messy records only")
    ap.add_argument("--peers", default="uam,outreach")
    ap.add_argument("--outreach-cmd", default=str(ROOT / "target" / "release" / "outreach"))
    a = ap.parse_args()
    canonical = pd.read_csv(DATA / "canonical.csv.gz", dtype=str, keep_default_na=False)
    messy = pd.read_csv(DATA / "messy.csv.gz", dtype=str, keep_default_na=False)
    if a.limit:
        messy = messy.head(a.limit)
    parents = {r.uprn: r.parent_uprn for r in canonical.itertuples() if r.parent_uprn}
    results = {}
    peers = a.peers.split(",")
    if "outreach" in peers:
        if Path(a.outreach_cmd).exists():
            ans, st, s, extra = run_outreach(messy, a.outreach_cmd)
            results["outreach"] = score("outreach", ans, st, messy, parents, s, extra)
        else:
            print(f"{a.outreach_cmd} missing: cargo build --release -p outreach-cli", file=sys.stderr)
    if "uam" in peers:
        ans, st, s = run_uam(messy, canonical)
        results["uk_address_matcher"] = score("uk_address_matcher", ans, st, messy, parents, s)
    if "outreach" in results and "uk_address_matcher" in results:
        ratio = results["outreach"]["records_per_s"] / results["uk_address_matcher"]["records_per_s"]
        print(f"outreach / uk_address_matcher throughput (whole command): {ratio:.1f}x")
        results["throughput_ratio_whole_command"] = round(ratio, 1)
    if not a.limit:
        (Path(__file__).parent / "results" / "address_peers.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
