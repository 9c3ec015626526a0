#!/usr/bin/env bash
# Times Oko's heatmap of the peers' million clustered points beside QGIS's heatmap renderer, in
# one run of the shared peer harness (../shared/peers/peers.sh, group "heatmap"), which prints the
# ratios. Both draw the same points over the same box (the peers' Novi Sad bbox) at 1600x1000: QGIS
# with a radius of 50 Web Mercator units (about 35 m on the ground there), Oko with 35 m.
#
#   bench/heatmap.sh
#
# The whole-process time is what a figure costs: opening the project, the layer's peak, the
# surface for the view, drawing and the PNG. The in-process time (--repeat) is a frame of the
# surface kept on the GPU, as the window draws while it pans: QGIS computes its heatmap again for
# every frame, so that is the frame-rate comparison. A filter or zoom change in the window
# recomputes the surface off the UI thread (bench/density.sh times that computation).
#
# Measured (2026-12-02, the shared 2-core machine with a sanitizer build running beside it, REPS=3):
# a frame 24 ms against QGIS's 9.86 s (410x), the whole process 1.63 s against 10.3 s (6.3x); a
# filter change to the next frame 129 ms (76x QGIS's frame; aim: under 200 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
oko="$root/${OKO_BUILD_DIR:-build}/app/oko"
peers=${PEERS_DIR:-$root/../shared/peers}
[ -x "$oko" ] || { echo "bench/heatmap.sh: build Oko first (scripts/build)" >&2; exit 1; }
[ -f "$peers/peers.sh" ] || { echo "bench/heatmap.sh: peer harness not found at $peers (set PEERS_DIR)" >&2; exit 1; }
cases=$(mktemp)
trap 'rm -f "$cases"' EXIT
db='$WORK/oko_heat_1m.oko'
bbox=19.743,45.214,19.884,45.292
make="[ -f \"$db\" ] || $oko import \"\$CSV_1M\" --store \"$db\" --layer points >/dev/null"
for q in 1 3; do
  printf 'heatmap\tOko heatmap 1m pts, r=35 m, 1600x1000 [vs q%s] (render / process)\tQGIS heatmap 1m pts, r=50 map units, quality %s (render / process)\t%s render --store "%s" --heatmap points:35 --bbox %s --size 1600x1000 --out "$WORK/oko_heat_1m.png" >/dev/null\t%s\t%s render --store "%s" --heatmap points:35 --bbox %s --size 1600x1000 --out "$WORK/oko_heat_1m.png" --repeat 5\n' \
    "$q" "$q" "$oko" "$db" "$bbox" "$make" "$oko" "$db" "$bbox" >>"$cases"
done
# A filter change on the same heatmap, to the next frame (bench_filter_change: the pass mask, the
# layer's peak, the surface of the view and half of it more on every side, its upload and a
# frame), beside QGIS, which draws its heatmap anew for a filter change as for any frame. The
# whole process is a render of the filtered layer.
printf 'heatmap\tOko heatmap filter change 1m pts, r=35 m, 1280x800 [vs q1] (change to frame / process)\tQGIS heatmap 1m pts, r=50 map units, quality 1 (render / process)\t%s render --store "%s" --heatmap points:35 --filter year=2018..2024 --bbox %s --size 1280x800 --out "$WORK/oko_heat_1m_f.png" >/dev/null\t%s\t%s --store "%s" --layer points --radius 35 --bbox %s --size 1280x800 --runs 7 2>/dev/null\n' \
  "$oko" "$db" "$bbox" "$make" "$root/${OKO_BUILD_DIR:-build}/bench/bench_filter_change" "$db" "${bbox//,/ }" >>"$cases"
ONLY=${ONLY:-heatmap} EXTRA_CASES="$cases" "$peers/peers.sh"
