#!/bin/bash
# Korean and English on screen, the projector's presentation mode and the timeline, under
# Xvfb: the same paused frame in both languages, checked by check_texts.py (Hangul where
# the English one has Latin, no missing glyph, different pixels in every label box).
set -euo pipefail
viz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { xvfb-run -a -s "-screen 0 1920x1080x24" "$viz" "$src/tests/data/with_programmes.toml" --agents 5000 "$@"; }

run --width 1280 --height 720 --frames 20 --min-days 0 --paused --lang en --screenshot "$tmp/en.png" --layout-json "$tmp/en.json" > /dev/null
run --width 1280 --height 720 --frames 20 --min-days 0 --paused --lang ko --screenshot "$tmp/ko.png" --layout-json "$tmp/ko.json" > /dev/null
/usr/bin/python3 "$src/tests/viz/check_texts.py" "$tmp/en.png" "$tmp/en.json" "$tmp/ko.png" "$tmp/ko.json"

# Presentation mode at 1920x1080: every text larger (28 px against 16), the map's labels too.
# Against the English frame above: normal mode's text is 16 px at any window size.
run --width 1920 --height 1080 --frames 20 --min-days 0 --paused --present --screenshot "$tmp/p.png" --layout-json "$tmp/p.json" > /dev/null
/usr/bin/python3 - "$tmp/p.json" "$tmp/en.json" <<'PY'
import json, sys
p, n = (json.load(open(f)) for f in sys.argv[1:3])
assert p["presentation"] and not n["presentation"]
hp = {t["role"]: t["box"][3] for t in p["texts"]}
hn = {t["role"]: t["box"][3] for t in n["texts"]}
for role in ["title", "legend"]:
    assert hp[role] >= 1.5 * hn[role], f"{role}: {hp[role]} px high in presentation mode, {hn[role]} px otherwise"
# The map's labels shrink to fit narrow districts (to 65% of the text size at least).
labels = sorted(hp[f"district {d}"] / hn[f"district {d}"] for d in range(25))
assert labels[12] >= 1.4 and labels[0] >= 1.1, f"labels' heights against normal mode: {labels}"
print(f"ok   presentation mode at 1920x1080: the title {hp['title']:.0f} px high (else {hn['title']:.0f}), the labels {hp['district 20']:.0f} px (else {hn['district 20']:.0f})")
PY

# The timeline: the last 3 months, and the scrubber on a past day while the run goes on.
run --width 1280 --height 720 --frames 40 --min-days 40 --fastest --months 3 --show-day 20 --screenshot "$tmp/t.png" --layout-json "$tmp/t.json" > /dev/null
/usr/bin/python3 - "$tmp/t.json" <<'PY'
import json, sys
l = json.load(open(sys.argv[1]))
date = {t["role"]: t["text"] for t in l["texts"]}["date"]
assert l["shown_day"] == 20 and l["days"] >= 40, (l["shown_day"], l["days"])
assert date == "2025-01-21", date
print(f"ok   the scrubber shows day 20 ({date}) while {l['days']} days are simulated")
PY
/usr/bin/python3 "$src/tests/viz/check_screenshot.py" "$tmp/t.png" "$tmp/t.json" 1280 720 40 > /dev/null

# --lang ko needs the Korean font; a wrong language is one line, exit 2.
set +e
"$viz" "$src/tests/data/small.toml" --lang kr --frames 1 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q -- "--lang" "$tmp/err" || { echo "--lang kr: exit $rc"; cat "$tmp/err"; exit 1; }
echo "viz languages test passed"
