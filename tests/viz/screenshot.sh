#!/bin/bash
# lonesim-viz for real: under Xvfb it opens a window on a small world, draws frames and
# saves a screenshot, which check_screenshot.py inspects. Bad input fails cleanly.
set -euo pipefail
viz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xvfb-run -a -s "-screen 0 1600x1000x24" "$viz" "$src/tests/data/with_programmes.toml" --agents 20000 \
    --width 1280 --height 720 --frames 60 --min-days 40 --fastest \
    --screenshot "$tmp/shot.png" --layout-json "$tmp/layout.json"
test ! -e "$tmp/shot.png.partial"
/usr/bin/python3 "$src/tests/viz/check_screenshot.py" "$tmp/shot.png" "$tmp/layout.json" 1280 720 40

# Hovering: the pointer over Gwanak-gu (district 20) brings up its tooltip.
xvfb-run -a -s "-screen 0 1600x1000x24" "$viz" "$src/tests/data/with_programmes.toml" --agents 20000 \
    --width 1280 --height 720 --frames 30 --min-days 5 --fastest --hover Gwanak-gu \
    --screenshot "$tmp/hover.png" --layout-json "$tmp/hover.json"
/usr/bin/python3 - "$tmp/hover.json" <<'PY'
import json, sys
l = json.load(open(sys.argv[1]))
assert l["hovered"] == 20, f"hovered {l['hovered']}, expected 20 (Gwanak-gu)"
print("ok   the pointer over Gwanak-gu is seen as hovering it")
PY

# A missing scenario or a mistyped district: one line, exit 2, no picture.
set +e
"$viz" "$tmp/missing.toml" --frames 1 --screenshot "$tmp/bad.png" 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] || { echo "missing scenario: exit $rc, expected 2"; exit 1; }
[ "$(wc -l < "$tmp/err")" = 1 ] || { echo "missing scenario: expected one line:"; cat "$tmp/err"; exit 1; }
grep -q "missing.toml" "$tmp/err"
set +e
"$viz" "$src/tests/data/small.toml" --select Gwanakgu --frames 1 --screenshot "$tmp/bad.png" 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] || { echo "unknown district: exit $rc, expected 2"; exit 1; }
grep -q "did you mean 'Gwanak-gu'" "$tmp/err"
test ! -e "$tmp/bad.png"
echo "viz screenshot test passed"
