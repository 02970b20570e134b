#!/usr/bin/env bash
# All of England at full scale: ~40M synthetic households generated on the 33,755 LSOA 2021
# polygons (Census 2021 TS011 counts × 1.71), written as an OS Open UPRN CSV in shuffled
# order, then loaded and assigned back to the LSOAs by `outreach assign`, with wall time
# and peak memory from /usr/bin/time. Needs ../shared/data and ~3 GB of disk.
#
#   bash benches/england40m.sh [WORKDIR]     (default: target/england40m)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${OUTREACH_SHARED_DATA:-../shared/data}"
work="${1:-target/england40m}"
mkdir -p "$work"
cargo build --release -q -p outreach-cli
bin=target/release/outreach

if [ ! -s "$work/england40m.csv" ]; then
  "$bin" synth --areas "$data/boundaries/lsoa21_bsc_england.geojson.gz" --area-code-field LSOA21CD \
    --vintage 2021 --ts011 "$data/census2021/ts011_household_deprivation_dimensions_lsoa21_ew.csv.gz" \
    --scale 1.71 --seed 2026 --out "$work/sorted.csv"
  # Real files are ordered by UPRN, which is only loosely spatial: shuffle to be safe.
  { head -1 "$work/sorted.csv"; tail -n +2 "$work/sorted.csv" | shuf --random-source=<(yes 2026); } \
    > "$work/england40m.csv"
  rm "$work/sorted.csv"
fi

/usr/bin/time -v "$bin" assign --format os-open-uprn --points "$work/england40m.csv" \
  --areas "$data/boundaries/lsoa21_bsc_england.geojson.gz" --area-code-field LSOA21CD \
  --out "$work/assigned.csv" --timings 2> "$work/time.txt"
grep -E "timings|Elapsed|Maximum resident" "$work/time.txt"
