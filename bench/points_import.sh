#!/usr/bin/env bash
# Imports the peers' generated 1,000,000-point CSV into a new project with `oko import` and into
# SpatiaLite with ogr2ogr (the peers' exact command), timed by hyperfine in one run, and prints
# the ratio and Oko's peak memory.
#
#   bench/points_import.sh [N]      # N points (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
oko="$root/build/app/oko"
peers=${PEERS_DIR:-$root/../shared/peers}
n=${1:-1000000}
work=${WORK:-${TMPDIR:-/tmp}/oko-bench}
mkdir -p "$work"
csv="$work/points_$n.csv"
[ -x "$oko" ] || { echo "bench/points_import.sh: build Oko first (scripts/build)" >&2; exit 1; }
[ -f "$csv" ] || /usr/bin/python3 "$peers/gen_points.py" "$n" "$csv" >/dev/null
oo="-oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES"  # as the peers run it
hyperfine --warmup 1 --runs 3 --style basic --export-json "$work/points_import.json" \
  --prepare "rm -f '$work/oko_points.oko'" "'$oko' import '$csv' --store '$work/oko_points.oko' --layer cameras" \
  --prepare "rm -f '$work/ogr_points.sqlite'" "ogr2ogr -f SQLite -dsco SPATIALITE=YES -a_srs EPSG:4326 '$work/ogr_points.sqlite' '$csv' $oo"
/usr/bin/python3 - "$work/points_import.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
oko, ogr = r[0]["median"], r[1]["median"]
print(f"oko import {oko:.2f} s, ogr2ogr {ogr:.2f} s: Oko is {ogr / oko:.2f}x faster")
PY
rm -f "$work/oko_points.oko"
/usr/bin/time -f "oko import peak memory: %M KiB" "$oko" import "$csv" --store "$work/oko_points.oko" --layer cameras >/dev/null
