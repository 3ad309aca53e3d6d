#!/usr/bin/env bash
# A small run, read back by an independent reader (Debian's python3-h5py).
set -eu
lonesim=$1 root=$2 tests=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$lonesim" run "$tests/data/small.toml" --threads 2 --out "$out/small.h5" > "$out/summary.txt"
cat "$out/summary.txt"
grep -q "million agent-days/s" "$out/summary.txt"
[ ! -e "$out/small.h5.partial" ]
/usr/bin/python3 "$tests/cli/check_output.py" "$out/small.h5" 5000 60 2
# The version in one place (CMake): --version and the file say it (issue 24).
"$lonesim" --version | grep -qx "$LONESIM_VERSION_EXPECTED ([0-9a-f]*)"
/usr/bin/python3 "$tests/cli/check_xarray.py" "$LONESIM_VERSION_EXPECTED" "$out/small.h5::/timeseries:isolated:replicate,date,district,age_band" \
    "$out/small.h5::/network:degree_histogram:replicate,when,degree" "$out/small.h5::/snapshots/day_60/agents:age:agent"
