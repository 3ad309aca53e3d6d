#!/usr/bin/env bash
# The status quo 2025-2029 and what moves it: runs the baseline and variants that each
# take away one named cause, on the same seeds (common random numbers), and prints the
# table of docs/model.md ("What moves the status quo").
#   tools/baseline_decomposition.sh [LONESIM] [AGENTS] [REPLICATES]
# Defaults: build/lonesim, 40000 agents, 2 replicates (measured 3 min 38 s to 3 min 55 s on 2 cores).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lonesim=${1:-$here/build/lonesim}
agents=${2:-40000}
replicates=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LONESIM_CACHE="$work/cache"

# Each variant: the shipped baseline with one change, written beside it in $work.
variant() {  # name, the contact_after_2024 line (sed: \n for a newline), TOML added at the end
    sed -e "s|^starts_from = .*|starts_from = \"$here/scenarios/history_2019_2024.toml\"|" \
        -e "s|^data = .*|data = \"$here/scenarios/data\"|" \
        -e "s|^name = .*|name = \"$1\"|" \
        -e "s|^contact_after_2024 = .*|${2:-contact_after_2024 = \"stays_at_2024_level\"}|" \
        "$here/scenarios/baseline.toml" > "$work/$1.toml"
    printf '%s\n' "${3:-}" >> "$work/$1.toml"
}
variant baseline
variant no_growth "" $'[[population.households]]\ndate = 2025-01-01\nhouseholds = 1_661_000\nsource = "held at the 2024 count"'
variant contact_returns 'contact_after_2024 = "returns_to_pre_2020_level"\ncontact_return_years = 2'
variant no_turnover
variant winter_outings
declare -A sets=([no_turnover]="--set life.departure_factor=0" [winter_outings]="--set outings.winter_factor=0.85")
for v in baseline no_growth contact_returns no_turnover winter_outings; do
    # shellcheck disable=SC2086
    "$lonesim" run "$work/$v.toml" --agents "$agents" --replicates "$replicates" --days 1826 -q --out "$work/$v.h5" ${sets[$v]:-}
done
/usr/bin/python3 "$here/tools/baseline_decomposition.py" "$work" baseline no_growth contact_returns no_turnover winter_outings
