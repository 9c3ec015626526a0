#!/usr/bin/env bash
# Issue 2: a full redraw of the whole Novi Sad extract at 1280x800 against the 33 ms aim (30 fps).
#  1. headless (bench_render --no-readback): MapRenderer::draw + glFinish into a single-sampled
#     target like the window's, every frame drawn anew, the view moved by a fraction of a pixel
#     each run so labels are laid out again;
#  2. the window under Xvfb (when xvfb-run is there), 60 frames each: panning 3 px back and
#     forth (whole pixels: the kept basemap is shifted and only the strips coming into view are
#     drawn), panning 2.5 px (no shift is exact: every frame draws the whole map, as after a
#     zoom), and an unchanged view (the kept picture is copied).
# Prints medians and their ratio to 33 ms. Run after scripts/build.
#
# Measured on the shared 2-core machine while others compiled, so figures are inflated and
# noisy: compare within one run. Before the perf2 branch (load about 2): headless 49.9 ms, window
# panning (then a full redraw every frame) 54.9 ms, unchanged view 6.9 ms. After (10:33 UTC,
# load 2.8-3.1): headless 41.6 ms, window panning whole pixels 13.3 ms, panning 2.5 px (full
# redraws) 36.2 ms, unchanged view 7.4 ms. Interleaved in the same minutes (load 2.6), the
# pre-branch headless frame took 54.8 ms wall / 55.8 ms CPU and now 40.1 / 36.8 ms (min 26.7).
# The issue measured 37 ms on the quiet machine before, which puts a full redraw now at about
# 25 ms.
# The window is no slower than headless: Xvfb took under 1% of the samples in perf, the
# kept-picture copies cost 0.1 ms each and the swap is outside the timed part; the gap measured
# before was the machine's load.
# Where a full redraw goes now (llvmpipe's two raster threads do ~70% of it): road casings and
# fills about half (headless at load 3.2: 30.9 ms, 14.2 ms with roads hidden); the fill
# raster's texture reads, the clear, labels and the other lines the rest. Before the raster,
# fills were ~106,000 triangles a frame, buildings ~75,000 of them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${OKO_BUILD_DIR:-build}
pbf=${PBF:-../shared/data/osm/novi_sad_center.osm.pbf}
runs=${RUNS:-30}
ratio() { awk -v s="$1" -v what="$2" 'BEGIN { printf "%-40s %7.1f ms  %5.2f x the 33 ms aim\n", what, s * 1000, s * 1000 / 33 }'; }
field() { sed -n "s/.*\"$1\":\([0-9.e-]*\).*/\1/p"; }

out=$("$build/bench/bench_render" --pbf "$pbf" --bbox 19.743 45.214 19.884 45.292 --size 1280x800 \
      --runs "$runs" --samples 0 --no-readback 2>/dev/null)
ratio "$(echo "$out" | field render_median_s)" "headless full redraw, 1280x800"

if command -v xvfb-run >/dev/null; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$build/app/oko" import "$pbf" --store "$tmp/novi_sad.oko" >/dev/null
  window() {
    HOME="$tmp" xvfb-run -a -s "-screen 0 1280x800x24" "$build/app/oko" "$tmp/novi_sad.oko" --frames 60 \
      --print-frame-times --window-size 1280x800 "$@" 2>/dev/null | tail -1
  }
  # Whole pixels: the kept basemap is shifted and only the strips coming into view are drawn.
  # Two and a half: no shift is exact, so every frame draws the whole map (as after a zoom).
  ratio "$(window --pan-px 3 | field frame_median_s)" "window, panning 3 px (shifted basemap)"
  ratio "$(window --pan-px 2.5 | field frame_median_s)" "window, panning 2.5 px (full redraws)"
  ratio "$(window | field frame_median_s)" "window, unchanged view (kept picture)"
fi
