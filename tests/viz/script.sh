#!/bin/bash
# --script: a rehearsed presentation under Xvfb. Its programme changes are applied by the
# simulation on their day and logged as the presenter's are; its screen actions (a
# district, the language, captions) act when their day is shown; a bad script is one
# line naming the file, the line and the key, exit 2, before any window.
set -euo pipefail
viz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xvfb-run -a -s "-screen 0 1600x1000x24" "$viz" "$src/tests/data/with_programmes.toml" --agents 5000 --width 1280 --height 720 \
    --frames 40 --min-days 30 --fastest --script "$src/tests/data/scripts/demo.toml" --layout-json "$tmp/l.json" > "$tmp/out"
cat "$tmp/out"
grep -qx "lonesim-viz: day 10: test_group off (script)" "$tmp/out"
grep -qx "lonesim-viz: day 10: applied test_group off (script)" "$tmp/out"
grep -q "^lonesim-viz: day 15: applied test_counseling, capacity .* (script)$" "$tmp/out"
/usr/bin/python3 - "$tmp/l.json" <<'PY'
import json, sys
l = json.load(open(sys.argv[1]))
texts = {t["role"]: t["text"] for t in l["texts"]}
assert l["selected"] == 20, f"selected {l['selected']}, expected 20 (Gwanak-gu, day 5)"
assert l["lang"] == "ko", l["lang"]
assert texts.get("caption") == "상담 두 배", texts.get("caption")
print("ok   day 5 selected Gwanak-gu and switched to Korean; day 15's caption is on screen in Korean")
PY

# The shipped example script loads against the scenario it is written for and runs.
LONESIM_CACHE="$tmp/cache" xvfb-run -a -s "-screen 0 1600x1000x24" "$viz" "$src/scenarios/loneliness_free_seoul.toml" --agents 3000 --width 1280 --height 720 \
    --frames 20 --min-days 5 --fastest --script "$src/examples/city_hall_demo.toml" > "$tmp/demo"
grep -q "^lonesim-viz: day 0: applied mind_investment off (script)$" "$tmp/demo" || { cat "$tmp/demo"; exit 1; }
echo "ok   examples/city_hall_demo.toml runs on scenarios/loneliness_free_seoul.toml"

for case in "typo.toml:did you mean 'test_group'" "bad_key.toml:did you mean 'action.enabled'" "missing.toml:missing.toml"; do
    file=${case%%:*} expected=${case#*:}
    set +e
    "$viz" "$src/tests/data/with_programmes.toml" --script "$src/tests/data/scripts/$file" --frames 1 2> "$tmp/err"; rc=$?
    set -e
    [ "$rc" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -qF "$expected" "$tmp/err" || { echo "$file: exit $rc:"; cat "$tmp/err"; exit 1; }
    echo "ok   $(cat "$tmp/err")"
done
echo "viz script test passed"
