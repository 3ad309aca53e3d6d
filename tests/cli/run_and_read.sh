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
