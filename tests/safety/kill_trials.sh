#!/usr/bin/env bash
# Kill trials: each kind of import, `oko render`, `oko export` and a curation change, killed with
# SIGKILL at random moments.
#
#   kill_trials.sh OKO [TRIALS_PER_KIND] [KIND...]
#
# Kinds: osm_new (an OSM extract into a new project), csv_new (a point CSV into a new project),
# csv_existing (a point CSV into an existing project), reference (a boundary file into an existing
# project), render (a picture over an older one), export_csv and export_gpkg (a layer of 60,000
# points over an earlier export), edit (the status and vendor of every point of a layer, one change
# set, `oko edit --ids-file`). Each trial sets up the kind's old state, starts
# the command, kills it after a random delay between 0 and 1.2 times the command's own duration,
# and checks:
#   - the state right after the kill is the old one or the new one, never a mix: the project's
#     logical content (project_dump.py) and the rejected-rows file, or the picture with its world
#     file, .prj and .aux.xml, or the export (a GeoPackage by its features and index); a project
#     that is there opens in `oko layers`;
#   - the next run of the same command succeeds, ends in the new state and leaves no temporary file
#     (".NAME.tmp-...", a journal) behind.
# Prints one line per kind and the totals; exits non-zero when any trial failed. The OSM, reference
# and render kinds need the shared data ($OKO_SHARED_DATA) and are skipped without it, unless
# OKO_REQUIRE_SHARED_DATA=1.
set -uo pipefail

oko=${1:?usage: kill_trials.sh OKO [TRIALS_PER_KIND] [KIND...]}
trials=${2:-20}
shift $(($# >= 2 ? 2 : 1))
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(osm_new csv_new csv_existing reference render export_csv export_gpkg edit)

here=$(cd "$(dirname "$0")" && pwd)
data=${OKO_SHARED_DATA:-${OKO_SHARED_DATA_DEFAULT:-$here/../../../shared/data}}
work=$(mktemp -d "${TMPDIR:-/tmp}/oko-kill-trials.XXXXXX")
trap 'rm -rf "$work"' EXIT

pbf=$data/osm/monaco.osm.pbf
boundaries=$data/boundaries/serbia_opstine.geojson

# A point file of `rows` cameras, one in a hundred without a usable latitude (rejected rows).
write_cameras() {
    python3 - "$1" "$2" "$3" "$4" <<'PY'
import sys
path, rows, lat, lon = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
with open(path, "w") as f:
    f.write("lat,lon,vendor,year\n")
    for i in range(rows):
        if i % 100 == 7:
            f.write(f"not a latitude,{lon},Dahua,2020\n")
        else:
            f.write(f"{lat + (i % 1000) * 1e-4:.6f},{lon + (i // 1000) * 1e-4:.6f},Hikvision,{2015 + i % 8}\n")
PY
}

sum_of() { if [ -e "$1" ]; then sha256sum <"$1" | cut -c1-16; else echo absent; fi; }

project_state() {
    local p=$1 opens=""
    if [ -e "$p" ] && ! "$oko" layers --store "$p" >/dev/null 2>&1; then opens=" (does not open)"; fi
    echo "$(python3 "$here/project_dump.py" "$p" | cut -c1-16)$opens"
}

temporaries() { find "$1" -name '.*.tmp-*' -o -name '*-journal' -o -name '*-wal' | wc -l; }

# --- the kinds: setup (the old state), the command, the state ---------------------------------

w=$work/run
prepare() {
    mkdir -p "$work/in"
    write_cameras "$work/in/cams.csv" 60000 45.20 19.80
    write_cameras "$work/in/base.csv" 500 45.30 19.90
    "$oko" import "$work/in/base.csv" --store "$work/in/base.oko" --layer base >/dev/null || return 1
    "$oko" import "$work/in/cams.csv" --store "$work/in/cams.oko" --layer cams >/dev/null || return 1
    if [ -e "$pbf" ]; then
        "$oko" import "$pbf" --store "$work/in/monaco.oko" >/dev/null || return 1
        "$oko" render --store "$work/in/monaco.oko" --out "$work/in/old.png" --size 640x480 \
            --bbox 7.41,43.725,7.44,43.745 >/dev/null || return 1
    fi
}

setup() {
    rm -rf "$w" && mkdir -p "$w"
    case $1 in
    osm_new) ;;
    csv_new) cp "$work/in/cams.csv" "$w/cams.csv" && echo "rows an earlier import rejected" >"$w/cams.rejected.csv" ;;
    csv_existing)
        cp "$work/in/cams.csv" "$w/cams.csv" && echo "rows an earlier import rejected" >"$w/cams.rejected.csv"
        cp "$work/in/base.oko" "$w/p.oko"
        ;;
    reference) cp "$work/in/base.oko" "$w/p.oko" ;;
    export_csv | export_gpkg)
        cp "$work/in/cams.oko" "$w/p.oko"
        echo "an earlier export" >"$w/out.${1#export_}"
        ;;
    edit)
        cp "$work/in/base.oko" "$w/p.oko"
        sqlite3 "$w/p.oko" "SELECT p.id FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'base'" \
            >"$w/ids.txt"
        ;;
    render)
        cp "$work/in/monaco.oko" "$w/p.oko"
        for f in old.png old.pgw old.png.prj old.png.aux.xml; do cp "$work/in/$f" "$w/${f/old/map}"; done
        ;;
    esac
}

command_of() {
    case $1 in
    osm_new) echo import "$pbf" --store "$w/p.oko" ;;
    csv_new | csv_existing) echo import "$w/cams.csv" --store "$w/p.oko" --layer cams ;;
    reference) echo import "$boundaries" --store "$w/p.oko" --layer opstine ;;
    edit) echo edit --store "$w/p.oko" --layer base --ids-file "$w/ids.txt" --status verified --set vendor=Dahua ;;
    render) echo render --store "$w/p.oko" --out "$w/map.png" --size 1600x1200 --bbox 7.405,43.72,7.445,43.75 ;;
    export_csv | export_gpkg) echo export --store "$w/p.oko" --layer cams --out "$w/out.${1#export_}" ;;
    esac
}

# A GeoPackage by what it holds (GDAL writes the time of writing into it): its features, their
# sum, and SQLite's check of its spatial index; any other file by its bytes.
gpkg_state() {
    sqlite3 "$1" "SELECT count(*), total(fid), total(year) FROM cams; SELECT rtreecheck('rtree_cams_geom')" 2>/dev/null |
        tr '\n' ' ' || sum_of "$1"
}

state() {
    case $1 in
    render) echo "$(sum_of "$w/map.png") $(sum_of "$w/map.pgw") $(sum_of "$w/map.png.prj") $(sum_of "$w/map.png.aux.xml")" ;;
    csv_new | csv_existing) echo "$(project_state "$w/p.oko") $(sum_of "$w/cams.rejected.csv")" ;;
    export_csv) sum_of "$w/out.csv" ;;
    export_gpkg) gpkg_state "$w/out.gpkg" ;;
    *) project_state "$w/p.oko" ;;
    esac
}

needs_data() {
    case $1 in osm_new | render) [ -e "$pbf" ] ;; reference) [ -e "$boundaries" ] ;; *) true ;; esac
}

# --- the trials --------------------------------------------------------------------------------

prepare || {
    echo "kill trials: cannot prepare the inputs" >&2
    exit 1
}
failed=0 total_trials=0 total_killed=0 total_left=0 total_after=0 total_half=0
printf '%-13s %6s %7s %13s %12s %10s %9s %6s\n' kind trials killed "left by kill" "after next" "old/new" half "run s"
for kind in "${kinds[@]}"; do
    if ! needs_data "$kind"; then
        if [ "${OKO_REQUIRE_SHARED_DATA:-0}" = 1 ]; then
            echo "$kind: the shared data is missing ($data)" >&2
            failed=1
        else
            echo "$kind: skipped, the shared data is missing ($data)"
        fi
        continue
    fi
    # shellcheck disable=SC2207
    cmd=($(command_of "$kind"))
    setup "$kind"
    old=$(state "$kind")
    start=$(date +%s%N)
    "$oko" "${cmd[@]}" >/dev/null 2>&1 || {
        echo "$kind: the command fails without a kill" >&2
        failed=1
        continue
    }
    duration=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    new=$(state "$kind")
    if [ "$old" = "$new" ]; then
        echo "$kind: the command changes nothing; the trial would prove nothing" >&2
        failed=1
        continue
    fi
    killed=0 left=0 after=0 olds=0 news=0 half=0
    for ((t = 0; t < trials; ++t)); do
        setup "$kind"
        delay=$(awk -v d="$duration" -v r=$RANDOM 'BEGIN { printf "%.3f", 1.2 * d * r / 32768 }')
        "$oko" "${cmd[@]}" >/dev/null 2>&1 &
        pid=$!
        sleep "$delay"
        # Killed only if it still runs (a finished one is a zombie until waited for).
        if [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] && kill -KILL "$pid" 2>/dev/null; then
            killed=$((killed + 1))
        fi
        wait "$pid" 2>/dev/null
        now=$(state "$kind")
        if [ "$now" = "$old" ]; then
            olds=$((olds + 1))
        elif [ "$now" = "$new" ]; then
            news=$((news + 1))
        else
            half=$((half + 1))
            echo "  $kind trial $t (killed after ${delay}s): neither old nor new: $now" >&2
        fi
        left=$((left + $(temporaries "$w")))
        if ! "$oko" "${cmd[@]}" >"$work/next.out" 2>&1; then
            echo "  $kind trial $t: the next run fails: $(cat "$work/next.out")" >&2
            half=$((half + 1))
        elif [ "$(state "$kind")" != "$new" ]; then
            echo "  $kind trial $t: the next run does not end in the new state" >&2
            half=$((half + 1))
        fi
        n=$(temporaries "$w")
        if [ "$n" -gt 0 ]; then
            echo "  $kind trial $t: left after the next run: $(find "$w" -name '.*.tmp-*' -o -name '*-journal' | xargs -n1 basename)" >&2
        fi
        after=$((after + n))
    done
    printf '%-13s %6d %7d %13d %12d %5d/%-4d %9d %6.2f\n' "$kind" "$trials" "$killed" "$left" "$after" "$olds" "$news" \
        "$half" "$duration"
    total_trials=$((total_trials + trials)) total_killed=$((total_killed + killed)) total_left=$((total_left + left))
    total_after=$((total_after + after)) total_half=$((total_half + half))
    [ "$after" -eq 0 ] && [ "$half" -eq 0 ] || failed=1
done
printf '%-13s %6d %7d %13d %12d %10s %9d\n' total "$total_trials" "$total_killed" "$total_left" "$total_after" "" \
    "$total_half"
exit $failed
