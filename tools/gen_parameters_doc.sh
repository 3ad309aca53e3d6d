#!/usr/bin/env bash
# Regenerates docs/parameters.md from the parameter table (lonesim parameters).
#   tools/gen_parameters_doc.sh build/lonesim          # write it
#   tools/gen_parameters_doc.sh build/lonesim --check  # fail if it is out of date
set -eu
lonesim=$1
doc=docs/parameters.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
    echo "# Parameters"
    echo
    echo "Generated from the parameter table in \`models/parameters.hpp\` by"
    echo "\`tools/gen_parameters_doc.sh build/lonesim\`; do not edit by hand. Set any of them in a"
    echo "scenario's \`[parameters]\` table (\`[parameters.outings] base_prob = 0.8\`) or on the command"
    echo "line (\`--set outings.base_prob=0.8\`). Values outside the range are rejected."
    echo "\"Assumption\" marks numbers with no published source yet; they are to be calibrated."
    echo "The last column is what \`lonesim compare --uncertainty\` draws ([uncertainty.md](uncertainty.md)):"
    echo "the calibrated parameters jointly from the posterior, the others listed in"
    echo "\`scenarios/uncertainty/seoul.toml\` from their distribution. \"held\" marks an assumption held at its default"
    echo "(the range it is drawn from with \`--draw-fixed\`, and why it is held, are in uncertainty.md);"
    echo "\"fixed\" a published number, \"a definition\" a definition of what is counted."
    echo
    "$lonesim" parameters | /usr/bin/python3 -c '
import csv, sys, tomllib
u = tomllib.load(open("scenarios/uncertainty/seoul.toml", "rb"))
drawn = {p["name"]: "%s %g – %g" % (p["distribution"], p["range"][0], p["range"][1]) for p in u.get("parameters", [])}
drawn.update({p["name"]: "held (%s %g – %g with --draw-fixed)" % (p["distribution"], p["range"][0], p["range"][1]) for p in u.get("fixed", [])})
drawn.update({p["name"]: "a definition" for p in u.get("definitions", [])})
post = next(csv.reader(open("scenarios/uncertainty/" + u["uncertainty"]["posterior"])))[1:]
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("| name |"):
        line += " uncertainty |"
    elif line.startswith("|---"):
        line += "---|"
    elif line.startswith("| `"):
        name = line.split("`")[1]
        line += " " + ("posterior (calibrated)" if name in post else drawn.get(name, "fixed")) + " |"
    print(line)
'
} > "$tmp"
if [ "${2:-}" = "--check" ]; then
    diff -u "$doc" "$tmp" || { echo "docs/parameters.md is out of date: run tools/gen_parameters_doc.sh $lonesim"; exit 1; }
else
    mkdir -p docs && cp "$tmp" "$doc"
fi
