#!/usr/bin/env bash
# Regenerates the mechanisms section of docs/programmes.md from the parameter tables the
# mechanisms declare (lonesim mechanisms), between its mechanisms:start/end markers.
#   tools/gen_programmes_doc.sh build/lonesim          # write it
#   tools/gen_programmes_doc.sh build/lonesim --check  # fail if it is out of date
set -eu
lonesim=$1
doc=docs/programmes.md
tmp=$(mktemp)
section=$(mktemp)
trap 'rm -f "$tmp" "$section"' EXIT
"$lonesim" mechanisms > "$section"
/usr/bin/python3 - "$doc" "$section" "$tmp" <<'PY'
import sys
doc, section, out = sys.argv[1:]
text = open(doc, encoding="utf-8").read()
start, end = "<!-- mechanisms:start -->", "<!-- mechanisms:end -->"
if start not in text or end not in text:
    sys.exit(f"{doc}: no {start} ... {end} markers")
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
generated = ("\n<!-- Generated from the mechanisms' parameter tables (models/programmes/*.cpp) by "
             "tools/gen_programmes_doc.sh build/lonesim; do not edit by hand. -->\n\n"
             + open(section, encoding="utf-8").read())
open(out, "w", encoding="utf-8").write(head + start + generated + end + tail)
PY
if [ "${2:-}" = "--check" ]; then
    diff -u "$doc" "$tmp" || { echo "docs/programmes.md is out of date: run tools/gen_programmes_doc.sh $lonesim"; exit 1; }
else
    cp "$tmp" "$doc"
fi
