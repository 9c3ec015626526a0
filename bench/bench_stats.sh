#!/bin/sh
# Times `oko stats --by municipality` on generated camera points over Novi Sad (peers/gen_points.py:
# lon,lat,vendor,year; deterministic), against the Serbian municipalities (a polygon file) and
# against the OSM admin boundaries of the central Novi Sad extract. Also times --by vendor with a
# filter, for comparison with the point-in-polygon cost.
#
#   bench/bench_stats.sh                  # 1,000,000 points, 5 runs
#   N=100000 RUNS=3 bench/bench_stats.sh
#
# Measured on the 2-core development machine (RelWithDebInfo, 1,000,000 points): by municipality
# 0.92 s against the 162 Serbian municipalities, 1.46 s against the OSM boundaries (the level is
# chosen from the points, which are read twice); by vendor with a filter 0.61 s.
#
# BUILD is the build folder (default: build). WORK holds the project (default: a fresh temporary
# folder, removed at the end).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build}
N=${N:-1000000}
RUNS=${RUNS:-5}
GEN=${GEN:-$here/../shared/peers/gen_points.py}
PBF=${PBF:-$here/../shared/data/osm/novi_sad_center.osm.pbf}
BOUNDARIES=${BOUNDARIES:-$here/../shared/data/boundaries/serbia_opstine.geojson}
cleanup=""
if [ -z "${WORK:-}" ]; then
    WORK=$(mktemp -d)
    cleanup=$WORK
fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT

for tool in hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "bench_stats.sh: $tool is needed" >&2; exit 1; }
done
for f in "$GEN" "$PBF" "$BOUNDARIES"; do
    [ -f "$f" ] || { echo "bench_stats.sh: no such file: $f" >&2; exit 1; }
done
oko=$BUILD/app/oko

store=$WORK/novi_sad.oko
if [ ! -f "$store" ]; then
    python3 "$GEN" "$N" "$WORK/points.csv"
    "$oko" import "$PBF" --store "$store" >/dev/null
    start=$(date +%s.%N)
    "$oko" import "$WORK/points.csv" --store "$store" --layer cameras --duplicate-distance 0 >/dev/null
    echo "import of $N points: $(echo "$(date +%s.%N) - $start" | bc) s"
fi

base="'$oko' stats --store '$store' --layer cameras"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/stats.json" \
    -n "by municipality (file, $(basename "$BOUNDARIES"))" "$base --by municipality --boundaries '$BOUNDARIES'" \
    -n "by municipality (OSM, level chosen)" "$base --by municipality" \
    -n "by vendor, filtered" "$base --by vendor --filter vendor=Huawei,Dahua --filter year=2018..2020"
echo
"$oko" stats --store "$store" --layer cameras --by municipality --boundaries "$BOUNDARIES" | head -8
"$oko" stats --store "$store" --layer cameras --by municipality | head -8
