#!/usr/bin/env bash
# Builds liboutreach and tests the C API: header up to date (cbindgen --verify), only
# outreach_* symbols exported, every declared function called by a test, the C tests linked
# statically and dynamically and examples/c/week_of_action.c, all under valgrind, header
# compiled as C++, pkg-config file usable.
#
#   bindings/c/run_tests.sh               # what CI runs
#   bindings/c/run_tests.sh --regenerate  # rewrite include/outreach.h, then test
#
# Needs cargo, a C and C++ compiler, valgrind, nm, pkg-config, zcat. cbindgen is installed
# into bindings/c/.tools on first use (pinned version, so the header is reproducible).
set -euo pipefail

CBINDGEN_VERSION=0.29.2
# From `cargo rustc -p outreach-c --release --lib --crate-type staticlib -- --print
# native-static-libs` on x86_64-unknown-linux-gnu; also in outreach.pc.in.
STATIC_LIBS="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -O1 -g)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
regenerate=0
if [[ "${1:-}" == "--regenerate" ]]; then regenerate=1; fi

started=$SECONDS
step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - started)); }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

target_dir="$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
lib_dir="$target_dir/release"
build="$here/build"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build"

step "cargo build -p outreach-c --release"
cargo build -p outreach-c --release
[[ -f "$lib_dir/liboutreach.so" && -f "$lib_dir/liboutreach.a" ]] ||
  fail "liboutreach.so / liboutreach.a not found in $lib_dir"

step "cargo test -p outreach-c --release (Rust unit tests: status mapping, panic guard)"
cargo test -p outreach-c --release --lib --quiet

step "cbindgen $CBINDGEN_VERSION: header is current"
cbindgen="$here/.tools/bin/cbindgen"
if ! [[ -x "$cbindgen" ]] || [[ "$("$cbindgen" --version)" != "cbindgen $CBINDGEN_VERSION" ]]; then
  cargo install --locked --root "$here/.tools" cbindgen --version "$CBINDGEN_VERSION"
fi
cbindgen_args=(--config "$here/cbindgen.toml" --crate outreach-c --output "$here/include/outreach.h")
if ((regenerate)); then
  "$cbindgen" "${cbindgen_args[@]}" "$here"
elif ! "$cbindgen" "${cbindgen_args[@]}" --verify "$here"; then
  fail "include/outreach.h is stale: run bindings/c/run_tests.sh --regenerate and commit it"
fi

step "exported symbols"
exported="$(nm -D --defined-only "$lib_dir/liboutreach.so" | awk '{print $3}' | sort)"
foreign="$(grep -v '^outreach_' <<<"$exported" || true)"
[[ -z "$foreign" ]] || fail "liboutreach.so exports symbols that are not outreach_*:
$foreign
(add them to bindings/c/outreach.map; see build.rs)"
declared="$(grep -oE '\boutreach_[a-z0-9_]+\(' "$here/include/outreach.h" | tr -d '(' | sort -u)"
[[ "$exported" == "$declared" ]] || fail "exports and header declarations differ:
$(diff <(echo "$declared") <(echo "$exported") || true)"
echo "$(wc -l <<<"$exported") functions exported, all outreach_*, all declared in the header"

step "every declared function is called by a C test"
uncalled=""
for fn in $declared; do
  # A call is the name followed by "(" (a mention in a comment does not count).
  grep -qE "\\b${fn}\\(" "$here"/tests/*.c || uncalled+="$fn"$'\n'
done
[[ -z "$uncalled" ]] || fail "functions declared in include/outreach.h that no tests/*.c calls:
$uncalled"
echo "$(wc -w <<<"$declared") functions, each called in tests/*.c"

step "PR7 1DP fixture values match the Chorley data"
chorley="$root/examples/data/chorley"
codepoint="$(zcat "$chorley/codepoint_open_2025_04.csv.gz" | grep '^PR7 1DP,' | cut -d, -f3,4)"
lsoa="$(zcat "$chorley/pcd_lsoa11_lookup.csv.gz" | grep '^PR7 1DP,' | cut -d, -f8)"
[[ "$codepoint" == "358244,417680" && "$lsoa" == "E01024936" ]] ||
  fail "PR7 1DP is now $codepoint in $lsoa: update tests/smoke.c"
echo "PR7 1DP: $codepoint -> $lsoa"
crimes="$(zcat "$chorley/crime_street_2019-12_to_2022-10.csv.gz" |
  awk -F, '$8 == "E01024936" && $2 >= "2021-11" && $2 <= "2022-10"' | wc -l)"
[[ "$crimes" == "426" ]] || fail "E01024936 now has $crimes crimes in 2021-11..2022-10: update tests/profile.c"
echo "E01024936: $crimes crimes, 2021-11 to 2022-10"

step "compile the C tests (static and shared) and the header as C++"
inc=(-I"$here/include")
shared=(-L"$lib_dir" -loutreach -Wl,-rpath,"$lib_dir")
# shellcheck disable=SC2206 # word splitting of the library list is intended
static=("$lib_dir/liboutreach.a" $STATIC_LIBS)
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/smoke.c" -o "$build/smoke_shared" "${shared[@]}" -lm
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/smoke.c" -o "$build/smoke_static" "${static[@]}"
cc "${CFLAGS[@]}" -pthread "${inc[@]}" "$here/tests/threads.c" -o "$build/threads_shared" "${shared[@]}"
cc "${CFLAGS[@]}" -pthread "${inc[@]}" "$here/tests/threads.c" -o "$build/threads_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/kpi.c" -o "$build/kpi_shared" "${shared[@]}" -lm
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/kpi.c" -o "$build/kpi_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/deprivation.c" -o "$build/deprivation_shared" "${shared[@]}" -lm
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/deprivation.c" -o "$build/deprivation_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/profile.c" -o "$build/profile_shared" "${shared[@]}" -lm
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/profile.c" -o "$build/profile_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/linkage.c" -o "$build/linkage_shared" "${shared[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/linkage.c" -o "$build/linkage_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/address.c" -o "$build/address_shared" "${shared[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/address.c" -o "$build/address_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/quality.c" -o "$build/quality_shared" "${shared[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/quality.c" -o "$build/quality_static" "${static[@]}"
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/campaign.c" -o "$build/campaign_shared" "${shared[@]}" -lm
cc "${CFLAGS[@]}" "${inc[@]}" "$here/tests/campaign.c" -o "$build/campaign_static" "${static[@]}"
# The example exactly as examples/c/README.md builds it, plus the test warnings.
cc "${CFLAGS[@]}" "$root/examples/c/week_of_action.c" -I"$here/include" -L"$lib_dir" -loutreach \
  -Wl,-rpath,"$lib_dir" -o "$build/week_of_action"
c++ -x c++ -std=c++11 -fsyntax-only -Wall -Wextra -Werror -pedantic "${inc[@]}" "$here/include/outreach.h"
echo "ok: the C tests (static, shared), examples/c/week_of_action.c, outreach.h as C++11"
if ldd "$build/smoke_static" | grep -q liboutreach; then fail "smoke_static links liboutreach.so"; fi

step "run the C tests under valgrind"
valgrind=(valgrind --quiet --leak-check=full --error-exitcode=1
  --suppressions="$here/tests/valgrind.supp")
for kind in shared static; do
  mkdir -p "$scratch/$kind"
  "${valgrind[@]}" "$build/smoke_$kind" "$here/tests/data" "$chorley" "$scratch/$kind"
  "${valgrind[@]}" "$build/threads_$kind" "$here/tests/data" "$chorley"
  "${valgrind[@]}" "$build/kpi_$kind"
  "${valgrind[@]}" "$build/deprivation_$kind" "$chorley" "$scratch/$kind"
  "${valgrind[@]}" "$build/profile_$kind" "$chorley" "$scratch/$kind"
  "${valgrind[@]}" "$build/linkage_$kind" "$scratch/$kind"
  "${valgrind[@]}" "$build/address_$kind" "$scratch/$kind"
  "${valgrind[@]}" "$build/quality_$kind" "$scratch/$kind"
  "${valgrind[@]}" "$build/campaign_$kind" "$chorley" "$root/examples/week_of_action.json" \
    "$scratch/$kind"
done

step "run examples/c/week_of_action under valgrind"
example_out="$("${valgrind[@]}" "$build/week_of_action" "$chorley" "$root/examples/week_of_action.json" \
  "$root/examples/c/addresses.csv")"
echo "$example_out"
grep -q '^"Flat 2, Town Hall Chambers, Market St, Chorley PR7 1DP" -> UPRN 990000000112 ' \
  <<<"$example_out" || fail "week_of_action: the address did not match UPRN 990000000112"
grep -qE '^2026-10-05 +1 +1 ' <<<"$example_out" || fail "week_of_action: no visit list printed"

step "pkg-config: install into a staging prefix and link through outreach.pc"
stage="$scratch/prefix"
mkdir -p "$stage/lib/pkgconfig" "$stage/include"
cp "$lib_dir/liboutreach.so" "$lib_dir/liboutreach.a" "$stage/lib/"
cp "$here/include/outreach.h" "$stage/include/"
version="$(for part in MAJOR MINOR PATCH; do
  sed -n "s/^#define OUTREACH_VERSION_$part \([0-9]*\)$/\1/p" "$here/include/outreach.h"
done | paste -sd.)"
sed -e "s|@PREFIX@|$stage|" -e "s|@VERSION@|$version|" "$here/outreach.pc.in" \
  >"$stage/lib/pkgconfig/outreach.pc"
export PKG_CONFIG_PATH="$stage/lib/pkgconfig"
[[ "$(pkg-config --modversion outreach)" == "$version" ]] || fail "pkg-config version"
# shellcheck disable=SC2046 # pkg-config output is a list of flags
cc "${CFLAGS[@]}" "$here/tests/smoke.c" -o "$scratch/smoke_pc" $(pkg-config --cflags --libs outreach) \
  -Wl,-rpath,"$stage/lib" -lm
mkdir -p "$scratch/pc"
"$scratch/smoke_pc" "$here/tests/data" "$chorley" "$scratch/pc"

step "all C API tests passed in $((SECONDS - started))s"
