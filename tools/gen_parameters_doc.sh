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
    echo
    "$lonesim" parameters
} > "$tmp"
if [ "${2:-}" = "--check" ]; then
    diff -u "$doc" "$tmp" || { echo "docs/parameters.md is out of date: run tools/gen_parameters_doc.sh $lonesim"; exit 1; }
else
    mkdir -p docs && cp "$tmp" "$doc"
fi
