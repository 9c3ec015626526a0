#!/bin/sh
# Times Oko's OSM import against ogr2ogr (PBF -> SpatiaLite, GDAL's defaults) on the same file in
# the same run, and the reopen of the project. Prints medians and the ratio.
#
#   bench/import.sh                       # central Novi Sad, 5 runs
#   PBF=../shared/data/osm/monaco.osm.pbf RUNS=10 bench/import.sh
#
# BUILD is the build folder (default: build). WORK holds the outputs (default: a fresh temporary
# folder, removed at the end). Uses `oko import` when the command line has it, else the
# bench_import helper (bench/bench_import.cpp), which runs the same library call.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
PBF=${PBF:-$here/../shared/data/osm/novi_sad_center.osm.pbf}
BUILD=${BUILD:-$here/build}
RUNS=${RUNS:-5}
cleanup=""
if [ -z "${WORK:-}" ]; then
    WORK=$(mktemp -d)
    cleanup=$WORK
fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT

for tool in hyperfine ogr2ogr python3; do
    command -v "$tool" >/dev/null || { echo "import.sh: $tool is needed" >&2; exit 1; }
done
[ -f "$PBF" ] || { echo "import.sh: no such file: $PBF" >&2; exit 1; }

if "$BUILD/app/oko" --help 2>/dev/null | grep -qE '^ +import( |$)'; then
    oko_cmd="$BUILD/app/oko import '$PBF' --store '$WORK/oko.oko'"
else
    oko_cmd="$BUILD/bench/bench_import --import-only '$PBF' '$WORK/oko.oko'"
fi
ogr_cmd="ogr2ogr -f SQLite -dsco SPATIALITE=YES '$WORK/ogr.sqlite' '$PBF'"

echo "file: $PBF ($(stat -c %s "$PBF") bytes)"
echo "oko:  $oko_cmd"
echo "peer: $ogr_cmd"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/import.json" \
    --prepare "rm -f '$WORK/oko.oko'" -n "oko import" "$oko_cmd" \
    --prepare "rm -f '$WORK/ogr.sqlite'" -n "ogr2ogr SpatiaLite" "$ogr_cmd"

echo
echo "in process (import, then reopen of the project with load_basemap):"
"$BUILD/bench/bench_import" "$PBF" "$WORK/oko.oko" "$RUNS" | grep -E '^(import_median_s|reopen_median_s|features|file_bytes) '
ls -l "$WORK/ogr.sqlite" | awk '{print "ogr2ogr file_bytes " $5}'

python3 - "$WORK/import.json" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
oko, ogr = res["oko import"]["median"], res["ogr2ogr SpatiaLite"]["median"]
print(f"\nwhole process medians: oko import {oko:.3f} s, ogr2ogr {ogr:.3f} s: oko is {ogr / oko:.2f}x faster")
PY
