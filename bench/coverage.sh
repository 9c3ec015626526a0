#!/bin/sh
# Times street coverage: `oko stats --coverage R --by municipality` (the coverage and the
# per-district figures, OSM admin boundaries of the extract) on N generated cameras over central
# Novi Sad (peers/gen_points.py), against the independent SpatiaLite computation of the same
# coverage (ST_Buffer of every camera, ST_Union, ST_Intersection with the union of the streets,
# ST_Length, all in EPSG:32634) on the table `oko import` made, which is run with N_PEER cameras (it
# takes long: about 15 s for 1,000). Prints both times, the ratio per camera, and both covered
# lengths (they must agree: the buffers are 32-gons, SpatiaLite's default, a little short).
#
#   bench/coverage.sh                    # N=10000, N_PEER=1000, R=50
#   N=10000 N_PEER=300 R=100 bench/coverage.sh
#
# Measured on the shared 2-core machine (RelWithDebInfo, load about 11, everything under nice 19),
# R = 50 m: Oko, 10,000 cameras per district (24 districts of admin_level 10): 0.27 s of CPU
# (1.95 s wall, waiting for a core; 0.19 s wall when the machine was less loaded); Oko, 1,000
# cameras: 0.18 s CPU; SpatiaLite, 1,000 cameras: 0.60 s CPU (4.6 s wall), not the 15 s the issue
# quotes, with GEOS 3.11's cascaded union. Covered km agree to 0.035 % (66.698 against 66.675 km:
# SpatiaLite's buffers are 32-gons, inside the discs).
#
# BUILD is the build folder (default: build). WORK holds the project (default: a fresh temporary
# folder, removed at the end).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build}
N=${N:-10000}
N_PEER=${N_PEER:-1000}
R=${R:-50}
RUNS=${RUNS:-5}
GEN=${GEN:-$here/../shared/peers/gen_points.py}
PBF=${PBF:-$here/../shared/data/osm/novi_sad_center.osm.pbf}
cleanup=""
if [ -z "${WORK:-}" ]; then
    WORK=$(mktemp -d)
    cleanup=$WORK
fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT

for tool in hyperfine python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "coverage.sh: $tool is needed" >&2; exit 1; }
done
for f in "$GEN" "$PBF"; do
    [ -f "$f" ] || { echo "coverage.sh: no such file: $f" >&2; exit 1; }
done
oko=$BUILD/app/oko

store=$WORK/novi_sad.oko
if [ ! -f "$store" ]; then
    python3 "$GEN" "$N" "$WORK/cameras.csv"
    head -n $((N_PEER + 1)) "$WORK/cameras.csv" >"$WORK/cameras_peer.csv"
    "$oko" import "$PBF" --store "$store" >/dev/null
    "$oko" import "$WORK/cameras.csv" --store "$store" --layer cameras --duplicate-distance 0 >/dev/null
    "$oko" import "$WORK/cameras_peer.csv" --store "$store" --layer peer --duplicate-distance 0 >/dev/null
fi

hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/oko.json" \
    -n "oko: $N cameras, R $R m, per district" \
    "'$oko' stats --store '$store' --layer cameras --coverage $R --by municipality --json" \
    -n "oko: $N_PEER cameras, R $R m, whole" "'$oko' stats --store '$store' --layer peer --coverage $R --json"

classes="'motorway','motorway_link','trunk','trunk_link','primary','primary_link','secondary','secondary_link',\
'tertiary','tertiary_link','unclassified','residential','living_street','pedestrian'"
utm="32634, NULL, 'EPSG:4326', 'EPSG:32634'"
cat >"$WORK/peer.sql" <<SQL
.load mod_spatialite
SELECT ST_Length(ST_Intersection(s.g, c.g)) / 1000 FROM
 (SELECT ST_Union(ST_Transform(geom, $utm)) AS g FROM basemap_lines
  WHERE osm_type = 'w' AND json_extract(tags, '\$.highway') IN ($classes)) AS s,
 (SELECT ST_Union(ST_Buffer(ST_Transform(geom, $utm), $R)) AS g FROM points
  WHERE layer_id = (SELECT id FROM point_layers WHERE name = 'peer')) AS c;
SQL
# One run: it is the slow one.
hyperfine --style basic --runs 1 --export-json "$WORK/peer.json" \
    -n "SpatiaLite: $N_PEER cameras, R $R m, whole" "sqlite3 -readonly '$store' <'$WORK/peer.sql'"
peer_km=$(sqlite3 -readonly "$store" <"$WORK/peer.sql" | tail -n 1)
oko_km=$("$oko" stats --store "$store" --layer peer --coverage "$R" --json |
    python3 -c "import json, sys; print(json.load(sys.stdin)['covered_km'])")

echo
# Wall time on a shared machine waits for the CPU; user + system time is each program's own work.
python3 - "$WORK/oko.json" "$WORK/peer.json" "$N" "$N_PEER" "$peer_km" "$oko_km" <<'PY'
import json, sys
oko = json.load(open(sys.argv[1]))["results"]
peer = json.load(open(sys.argv[2]))["results"][0]
n, n_peer, peer_km, oko_km = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
cpu = lambda r: r["user"] + r["system"]
print(f"SpatiaLite, {n_peer} cameras: wall {peer['mean']:.3f} s, cpu {cpu(peer):.3f} s, covered {peer_km:.3f} km")
print(f"Oko,        {n_peer} cameras: wall {oko[1]['mean']:.3f} s, cpu {cpu(oko[1]):.3f} s, covered {oko_km:.3f} km")
print(f"Oko,        {n} cameras per district: wall {oko[0]['mean']:.3f} s, cpu {cpu(oko[0]):.3f} s")
print(f"ratio SpatiaLite / Oko, same {n_peer} cameras: wall {peer['mean'] / oko[1]['mean']:.1f}x, "
      f"cpu {cpu(peer) / cpu(oko[1]):.1f}x")
print(f"ratio SpatiaLite ({n_peer} cameras) / Oko ({n} cameras, per district): wall "
      f"{peer['mean'] / oko[0]['mean']:.1f}x, cpu {cpu(peer) / cpu(oko[0]):.1f}x")
print(f"covered km, Oko / SpatiaLite (32-gon buffers, a little short): {oko_km / peer_km:.5f}")
print(f"Oko, {n} cameras per district under 1 s: wall {'yes' if oko[0]['mean'] < 1 else 'NO'}, "
      f"cpu {'yes' if cpu(oko[0]) < 1 else 'NO'}")
PY
"$oko" stats --store "$store" --layer cameras --coverage "$R" --by municipality | head -12
