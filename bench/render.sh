#!/usr/bin/env bash
# Times Oko's renderer on the Novi Sad extract at the peers' sizes and extent, and writes the
# pictures to $OUT (default /tmp/oko-render-bench). Run from anywhere after scripts/build.
set -euo pipefail
cd "$(dirname "$0")/.."
pbf=${PBF:-../shared/data/osm/novi_sad_center.osm.pbf}
out=${OUT:-/tmp/oko-render-bench}
bin=${OKO_BUILD_DIR:-build}/bench/bench_render
bbox=(--bbox 19.743 45.214 19.884 45.292)
mkdir -p "$out"
echo "== 1600x1000, 4x MSAA (draw + resolve + readback)"
"$bin" --pbf "$pbf" "${bbox[@]}" --size 1600x1000 --runs "${RUNS:-20}" --png "$out/oko_1600x1000.png"
echo "== 1600x1000, no MSAA"
"$bin" --pbf "$pbf" "${bbox[@]}" --size 1600x1000 --runs "${RUNS:-20}" --samples 0
echo "== window frame 1280x800 (draw + glFinish), no MSAA and 4x MSAA"
"$bin" --pbf "$pbf" "${bbox[@]}" --size 1280x800 --runs "${RUNS:-20}" --samples 0 --no-readback
"$bin" --pbf "$pbf" "${bbox[@]}" --size 1280x800 --runs "${RUNS:-20}" --samples 4 --no-readback
echo "== 6000x4000 at pixel ratio 3.125 (tiles of 2048)"
"$bin" --pbf "$pbf" "${bbox[@]}" --size 6000x4000 --pixel-ratio 3.125 --runs "${RUNS_BIG:-3}" --png "$out/oko_6000x4000.png"
