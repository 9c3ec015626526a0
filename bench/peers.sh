#!/usr/bin/env bash
# Times Oko beside ogr2ogr, osmium, Mapnik and QGIS on the Novi Sad extract, in one run of the
# shared peer harness (../shared/peers/peers.sh), and prints the ratios it computes.
#
#   bench/peers.sh                  # import and render groups
#   ONLY="import" bench/peers.sh    # a subset (groups: import mapnik qgis heatmap)
#   OKO_BEFORE=../old/build/app/oko bench/peers.sh   # an older build beside this one, same run
#
# Needs a built Oko (scripts/build) and the peers' packages (peers.sh names any that are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
oko="$root/build/app/oko"
peers=${PEERS_DIR:-$root/../shared/peers}
[ -x "$oko" ] || { echo "bench/peers.sh: build Oko first (scripts/build)" >&2; exit 1; }
[ -f "$peers/peers.sh" ] || { echo "bench/peers.sh: peer harness not found at $peers (set PEERS_DIR)" >&2; exit 1; }

cases=$(mktemp)
trap 'rm -f "$cases"' EXIT
# One set of cases per Oko binary: TAG names its work files, SUFFIX goes into its labels.
# group, label, compare-with, command, prepare, in-process command ($PBF and $WORK come from peers.sh)
oko_cases() {
  local bin=$1 tag=$2 sfx=$3 db="\$WORK/oko_$2.oko" make
  make="[ -f \"$db\" ] || $bin import \"\$PBF\" --store \"$db\" >/dev/null"
  printf 'import\tOko import PBF -> .oko%s\togr2ogr PBF -> SpatiaLite (5 layers)\t%s import "$PBF" --store "$WORK/oko_import_%s.oko" >/dev/null\trm -f "$WORK/oko_import_%s.oko"\t-\n' "$sfx" "$bin" "$tag" "$tag"
  printf 'import\tOko reopen (render 64x64)%s\togr2ogr PBF -> SpatiaLite (5 layers)\t%s render --store "%s" --out "$WORK/oko_small_%s.png" --size 64x64 >/dev/null\t%s\t-\n' "$sfx" "$bin" "$db" "$tag" "$make"
  printf 'render\tOko 1600x1000 (render / process)%s\tQGIS 1600x1000 SequentialJob (render / process)\t%s render --store "%s" --out "$WORK/oko_1600x1000_%s.png" --size 1600x1000 >/dev/null\t%s\t%s render --store "%s" --out "$WORK/oko_1600x1000_%s.png" --size 1600x1000 --repeat 5\n' "$sfx" "$bin" "$db" "$tag" "$make" "$bin" "$db" "$tag"
  printf 'render\tOko 6000x4000 scale 3.125 (render / process)%s\tMapnik 6000x4000 scale 3.125 (render / process)\t%s render --store "%s" --out "$WORK/oko_6000x4000_%s.png" --size 6000x4000 --scale 3.125 >/dev/null\t%s\t%s render --store "%s" --out "$WORK/oko_6000x4000_%s.png" --size 6000x4000 --scale 3.125 --repeat 3\n' "$sfx" "$bin" "$db" "$tag" "$make" "$bin" "$db" "$tag"
}
# With OKO_BEFORE=path/to/an/older/oko, both binaries are timed in the same run against the same
# peer figures; BEFORE_FIRST=0 times the current build first (alternate it between rounds).
{
  if [ -n "${OKO_BEFORE:-}" ]; then
    [ -x "$OKO_BEFORE" ] || { echo "bench/peers.sh: OKO_BEFORE=$OKO_BEFORE is not an executable" >&2; exit 1; }
    if [ "${BEFORE_FIRST:-1}" = 1 ]; then
      oko_cases "$OKO_BEFORE" before " [before]"; oko_cases "$oko" after " [after]"
    else
      oko_cases "$oko" after " [after]"; oko_cases "$OKO_BEFORE" before " [before]"
    fi
  else
    oko_cases "$oko" cur ""
  fi
} > "$cases"
export ONLY=${ONLY:-import mapnik qgis}
EXTRA_CASES="$cases" exec "$peers/peers.sh"
