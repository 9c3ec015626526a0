#!/usr/bin/env bash
# An installed oko runs from any directory on the data installed beside it: `cmake --install`
# into a scratch prefix, the installed vendor table given one alias more, then an import run from
# / with no OKO_DATASETS_DIR. The new alias is normalised and the shipped sites layer is there, so
# the data came from the installed share/oko/datasets, not from the source tree.
#     test_install.sh <build dir> <scratch dir>
set -euo pipefail
build=$1
scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch/files"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
oko="$scratch/prefix/bin/oko"
datasets="$scratch/prefix/share/oko/datasets"
for f in vendors.csv smart_city_sites.geojson; do
  [ -f "$datasets/$f" ] || { echo "FAILED: $f is not installed in share/oko/datasets"; exit 1; }
done
echo "zz installed alias,InstalledVendor" >>"$datasets/vendors.csv"
printf 'lat,lon,vendor\n45.2551,19.8451,zz installed alias\n45.2552,19.8452,Huawei\n' >"$scratch/files/cameras.csv"
cd /
env -u OKO_DATASETS_DIR "$oko" --version
env -u OKO_DATASETS_DIR "$oko" import "$scratch/files/cameras.csv" --store "$scratch/files/p.oko" --layer cameras >/dev/null
stats=$(env -u OKO_DATASETS_DIR "$oko" stats --store "$scratch/files/p.oko" --layer cameras --by vendor --csv)
layers=$(env -u OKO_DATASETS_DIR "$oko" layers --store "$scratch/files/p.oko")
grep -q "^InstalledVendor,1" <<<"$stats" || { echo "FAILED: the installed vendor table was not read:"; echo "$stats"; exit 1; }
grep -q "smart_city_sites" <<<"$layers" || { echo "FAILED: no shipped sites layer:"; echo "$layers"; exit 1; }
echo "the installed oko read its installed datasets"
