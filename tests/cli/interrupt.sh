#!/usr/bin/env bash
# Ctrl-C mid-run: exit 2 with one line, no file under the final name, and the partial
# file marked incomplete.
set -u
lonesim=$1 root=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$lonesim" run "$root/scenarios/baseline.toml" --agents 100000 --days 3000 --threads 2 --out "$out/r.h5" 2> "$out/err" &
pid=$!
sleep 4
kill -INT $pid
wait $pid; code=$?
cat "$out/err"
fail=0
[ "$code" -eq 2 ] || { echo "FAIL: exit $code, want 2"; fail=1; }
grep -q "interrupted at replicate 0, day" "$out/err" || { echo "FAIL: message"; fail=1; }
[ ! -e "$out/r.h5" ] || { echo "FAIL: a complete-looking file was left"; fail=1; }
/usr/bin/python3 - "$out/r.h5.partial" <<'PY' || fail=1
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["complete"] == 0, "partial file not marked incomplete"
    assert "interrupted_at" in f.attrs
print("partial file readable and marked incomplete")
PY
exit $fail
