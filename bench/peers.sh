#!/usr/bin/env bash
# Times Oko beside ogr2ogr, osmium, Mapnik and QGIS on the Novi Sad extract, in one run of the
# shared peer harness (../shared/peers/peers.sh), and prints the ratios it computes.
#
#   bench/peers.sh                  # import and render groups
#   ONLY="import" bench/peers.sh    # a subset (groups: import mapnik qgis heatmap)
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
# group, label, compare-with, command, prepare, in-process command ($PBF and $WORK come from peers.sh)
{
  printf 'import\tOko import PBF -> .oko\togr2ogr PBF -> SpatiaLite (5 layers)\t%s import "$PBF" --store "$WORK/oko_import.oko" >/dev/null\trm -f "$WORK/oko_import.oko"\t-\n' "$oko"
  printf 'import\tOko reopen (render 64x64)\togr2ogr PBF -> SpatiaLite (5 layers)\t%s render --store "$WORK/oko.oko" --out "$WORK/oko_small.png" --size 64x64 >/dev/null\t[ -f "$WORK/oko.oko" ] || %s import "$PBF" --store "$WORK/oko.oko" >/dev/null\t-\n' "$oko" "$oko"
  printf 'render\tOko 1600x1000 (render / process)\tQGIS 1600x1000 SequentialJob (render / process)\t%s render --store "$WORK/oko.oko" --out "$WORK/oko_1600x1000.png" --size 1600x1000 >/dev/null\t[ -f "$WORK/oko.oko" ] || %s import "$PBF" --store "$WORK/oko.oko" >/dev/null\t%s render --store "$WORK/oko.oko" --out "$WORK/oko_1600x1000.png" --size 1600x1000 --repeat 5\n' "$oko" "$oko" "$oko"
  printf 'render\tOko 6000x4000 scale 3.125 (render / process)\tMapnik 6000x4000 scale 3.125 (render / process)\t%s render --store "$WORK/oko.oko" --out "$WORK/oko_6000x4000.png" --size 6000x4000 --scale 3.125 >/dev/null\t[ -f "$WORK/oko.oko" ] || %s import "$PBF" --store "$WORK/oko.oko" >/dev/null\t%s render --store "$WORK/oko.oko" --out "$WORK/oko_6000x4000.png" --size 6000x4000 --scale 3.125 --repeat 3\n' "$oko" "$oko" "$oko"
} > "$cases"
export ONLY=${ONLY:-import mapnik qgis}
EXTRA_CASES="$cases" exec "$peers/peers.sh"
