#!/bin/bash
# lonesim batch end to end: the same experiment serially and over 2 MPI ranks gives
# bit-identical results; a batch killed midway keeps its finished runs and the same
# command finishes it; bad experiment files fail cleanly.
set -euo pipefail
lonesim=$1
data=$2
check="/usr/bin/python3 $(dirname "$0")/check_batch.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpirun="mpirun --allow-run-as-root --oversubscribe"

echo "== serial (2 threads) against 2 ranks x 1 thread, 2 runs at once"
"$lonesim" batch "$data/experiments/small_lhs.toml" --out "$tmp/serial" --threads 2 --quiet
if command -v mpirun > /dev/null; then
    $mpirun -np 2 "$lonesim" batch "$data/experiments/small_lhs.toml" --out "$tmp/mpi" --threads 1 --runs-at-once 2 --quiet
    $check "$tmp/serial" "$tmp/mpi"
else
    echo "mpirun not found: install openmpi-bin"; exit 1
fi

echo "== a Saltelli design: Sobol' indices in the file"
"$lonesim" batch "$data/experiments/small_saltelli.toml" --out "$tmp/saltelli" --quiet
/usr/bin/python3 - "$tmp/saltelli" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1] + "/experiment.h5", "r")
assert f.attrs["design"] == "saltelli" and f["points"].shape == (32, 2)
g = f["sensitivity/small/lonely_prevalence_end"]
for k in ("first", "first_lo", "first_hi", "total", "total_lo", "total_hi"):
    assert g[k].shape == (2,), k
assert np.all(g["total"][:] >= -0.05), g["total"][:]
print("ok   Sobol' indices:", g["first"][:], g["total"][:])
PY

"$lonesim" report "$tmp/saltelli/experiment.h5" --out "$tmp/saltelli_report" > /dev/null
for f in index.html outcomes.png sensitivity_small.png; do test -s "$tmp/saltelli_report/$f"; done
grep -q "what drives the outcomes" "$tmp/saltelli_report/index.html"
echo "ok   report with the sensitivity chart"

echo "== killed midway (SIGKILL, serial), then the same command again"
"$lonesim" batch "$data/experiments/resume.toml" --out "$tmp/clean" --quiet
"$lonesim" batch "$data/experiments/resume.toml" --out "$tmp/killed" --threads 1 --quiet &
pid=$!
for _ in $(seq 600); do
    [ "$(ls "$tmp/killed/runs" 2>/dev/null | grep -c '\.h5$')" -ge 3 ] && break
    sleep 0.05
done
kill -9 $pid; wait $pid 2>/dev/null || true
finished=$(ls "$tmp/killed/runs" | grep -c '\.h5$')
echo "killed with $finished of 16 runs finished"
[ "$finished" -ge 3 ] && [ "$finished" -lt 16 ] || { echo "the kill did not land midway"; exit 1; }
test ! -e "$tmp/killed/experiment.h5"
md5sum "$tmp"/killed/runs/*.h5 > "$tmp/before.md5"
"$lonesim" batch "$data/experiments/resume.toml" --out "$tmp/killed" --threads 1 > "$tmp/resume.log"
grep -q "$((16 - finished)) done now, $finished finished earlier and kept" "$tmp/resume.log" || { cat "$tmp/resume.log"; exit 1; }
md5sum -c --quiet "$tmp/before.md5"   # the finished runs were not touched
test -z "$(ls "$tmp/killed/runs" | grep partial || true)"
$check "$tmp/clean" "$tmp/killed"

echo "== SIGTERM to mpirun (as a Slurm time limit does), then mpirun again"
$mpirun -np 2 "$lonesim" batch "$data/experiments/resume.toml" --out "$tmp/term" --threads 1 --quiet 2> "$tmp/term.err" &
pid=$!
for _ in $(seq 600); do
    [ "$(ls "$tmp/term/runs" 2>/dev/null | grep -c '\.h5$')" -ge 3 ] && break
    sleep 0.05
done
kill -TERM $pid; set +e; wait $pid; rc=$?; set -e
finished=$(ls "$tmp/term/runs" | grep -c '\.h5$')
echo "terminated (exit $rc) with $finished of 16 runs finished"
[ "$rc" != 0 ]
[ "$finished" -lt 16 ] || { echo "the batch finished before it was stopped"; exit 1; }
$mpirun -np 2 "$lonesim" batch "$data/experiments/resume.toml" --out "$tmp/term" --threads 1 > "$tmp/term.log"
grep -q "$finished finished earlier and kept" "$tmp/term.log" || { cat "$tmp/term.log"; exit 1; }
$check "$tmp/clean" "$tmp/term"

echo "== bad experiment files"
set +e
"$lonesim" batch "$data/experiments/typo_design.toml" --out "$tmp/bad" 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] || { echo "exit $rc:"; cat "$tmp/err"; exit 1; }
grep -q "typo_design.toml:9: design.parameters.name: unknown parameter 'contacts.frend_rate' (did you mean 'contacts.friend_rate'?)" "$tmp/err" || { cat "$tmp/err"; exit 1; }
test ! -e "$tmp/bad"
# Runs of another experiment in the folder are refused, not mixed in.
set +e
"$lonesim" batch "$data/experiments/small_saltelli.toml" --out "$tmp/serial" 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "belongs to another experiment" "$tmp/err" || { echo "exit $rc:"; cat "$tmp/err"; exit 1; }
# The experiment's file and a run's open in xarray (issue 24).
/usr/bin/python3 "$(dirname "$0")/check_xarray.py" "$LONESIM_VERSION_EXPECTED" "$tmp/serial/experiment.h5::/summary:mean:scenario,point,outcome" \
    "$tmp/saltelli/experiment.h5" "$(ls "$tmp"/serial/runs/*.h5 | head -1)"
echo "batch test passed"
