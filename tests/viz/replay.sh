#!/bin/bash
# --replay: a run file (its districts, no baseline) and a comparison file (scenario and
# baseline, all Seoul) shown without simulating, forwards and backwards; files that are
# not lonesim results refused in one line.
set -euo pipefail
viz=$1
lonesim=$2
src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$lonesim" run "$src/tests/data/with_programmes.toml" --agents 5000 --days 60 --out "$tmp/run.h5" > /dev/null
"$lonesim" compare "$src/tests/data/small.toml" "$src/tests/data/with_programmes.toml" --agents 5000 --days 60 --replicates 2 \
    --out "$tmp/cmp.h5" > /dev/null
replay() { xvfb-run -a -s "-screen 0 1600x1000x24" "$viz" --replay "$@" --width 1280 --height 720 --min-days 0; }

replay "$tmp/run.h5" --frames 30 --speed 365 --screenshot "$tmp/run.png" --layout-json "$tmp/run.json" | tail -1
/usr/bin/python3 "$src/tests/viz/check_screenshot.py" "$tmp/run.png" "$tmp/run.json" 1280 720 60 --no-baseline > /dev/null
echo "ok   a run file replayed: districts coloured, the run's lines, no baseline"
replay "$tmp/cmp.h5" --replicate 1 --frames 30 --speed 365 --screenshot "$tmp/cmp.png" --layout-json "$tmp/cmp.json" | tail -1
/usr/bin/python3 "$src/tests/viz/check_screenshot.py" "$tmp/cmp.png" "$tmp/cmp.json" 1280 720 60 > /dev/null
echo "ok   a comparison file replayed: districts coloured, scenario and baseline lines"
# A comparison file without its districts by day (as files before them were): all Seoul, the map grey.
/usr/bin/python3 - "$tmp/cmp.h5" "$tmp/old.h5" <<'PY'
import shutil, sys, h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "a") as f:
    for s in f["scenarios"]:
        del f["scenarios"][s]["districts"]
PY
replay "$tmp/old.h5" --frames 30 --speed 365 --screenshot "$tmp/old.png" --layout-json "$tmp/old.json" > /dev/null
/usr/bin/python3 "$src/tests/viz/check_screenshot.py" "$tmp/old.png" "$tmp/old.json" 1280 720 60 --no-districts > /dev/null
echo "ok   a comparison file without districts: scenario and baseline lines, the map grey"

# Forwards at 10 days a second, and backwards from the last day: the day shown moves.
replay "$tmp/run.h5" --frames 40 --speed 10 --layout-json "$tmp/fwd.json" > /dev/null
replay "$tmp/run.h5" --frames 40 --speed 10 --reverse --layout-json "$tmp/back.json" > /dev/null
/usr/bin/python3 - "$tmp/fwd.json" "$tmp/back.json" <<'PY'
import json, sys
f, b = (json.load(open(p)) for p in sys.argv[1:3])
assert 0 < f["shown_day"] < 59, f"forwards: day {f['shown_day']}"
assert 0 < b["shown_day"] < 59, f"backwards: day {b['shown_day']}"
print(f"ok   forwards from day 0 reached day {f['shown_day']}; backwards from day 59 reached day {b['shown_day']}")
PY

# Not a result of lonesim: one line naming the file, exit 2, no window.
printf 'not hdf5\n' > "$tmp/text.h5"
"$lonesim" run "$src/tests/data/small.toml" --days 5 --save-state "$tmp/state.h5" --save-state-at 0 --out "$tmp/small.h5" > /dev/null
for args in "$tmp/missing.h5" "$tmp/text.h5" "$tmp/state.h5" "$tmp/run.h5 --replicate 3" "$tmp/cmp.h5 --replay-scenario nope"; do
    set +e
    # shellcheck disable=SC2086
    "$viz" --replay $args --frames 1 2> "$tmp/err"; rc=$?
    set -e
    [ "$rc" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] || { echo "--replay $args: exit $rc, expected 2 and one line:"; cat "$tmp/err"; exit 1; }
    echo "ok   --replay $(basename "$args"): $(cat "$tmp/err")"
done
echo "viz replay test passed"
