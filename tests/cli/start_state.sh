#!/usr/bin/env bash
# Starting from the period before (issue 20): a scenario with starts_from begins on the
# end state of that period's run, bit for bit; the state is made once and reused from the
# state cache (keyed by everything that determines it; a damaged entry is made again);
# --no-cache leaves the cache alone and gives the same results; the post-2024 contact
# assumption is recorded; bad starts_from settings are refused in a line.
source "$(dirname "$0")/common.sh"
export LONESIM_CACHE=$out/cache TMPDIR=$out/tmp
mkdir "$out/tmp" "$out/a" "$out/b" "$out/c" "$out/d"
after=$tests/data/after_history.toml
run() { "$lonesim" run "$after" --threads 2 -q --out r.h5 "$@"; }

# Cold: the period before is run once, into the cache.
(cd "$out/a" && run 2> err) || say "the first run failed: $(cat "$out/a/err")"
grep -q "making the start of after_history: .*history_small.toml" "$out/a/err" || say "the first run did not say it made the start"
states=("$out"/cache/states/history_small-*.state.h5)
[ ${#states[@]} -eq 1 ] && [ -f "${states[0]}" ] || say "not one state in the cache: ${states[*]}"
/usr/bin/python3 - "$out/a/r.h5" "${states[0]}" <<'PY' || say "the scenario does not start from the period before's end"
import sys, h5py, numpy as np
run, state = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert run.attrs["starts_from"].endswith("history_small.toml"), run.attrs["starts_from"]
assert "stays at its 2024 level (x0.900" in run.attrs["contact_after_2024"], run.attrs["contact_after_2024"]
assert run.attrs["start_date"] == "2025-01-01" and state.attrs["day"] == 184 and state.attrs["start_date"] == "2024-07-01"
# Day 0 of the scenario (replicate 0's snapshot) is the period before's last day, bit for bit.
for column in ("alive", "district", "age", "loneliness", "status", "days_since_contact"):
    assert np.array_equal(run["snapshots/day_0/agents/" + column][:], state["replicate_0/agents/" + column][:]), column
assert run["snapshots/day_0/agents/alive"][:].sum() > 2900  # grown with the households of 2024
print("day 0 is the history's last day:", int(run["snapshots/day_0/agents/alive"][:].sum()), "households")
PY

# Warm: reused, the same results; --no-cache: made afresh elsewhere, the same results.
(cd "$out/b" && run 2> err) || say "the second run failed"
! grep -q "making the start" "$out/b/err" || say "the second run made the start again instead of reusing it"
same "$out/a/r.h5" "$out/b/r.h5" "a run from the cached start differs from the first"
before=$(ls -l --time-style=+%s.%N "$out/cache/states")
(cd "$out/c" && run --no-cache 2> err) || say "the --no-cache run failed"
grep -q "making the start" "$out/c/err" || say "--no-cache did not make the start"
[ "$(ls -l --time-style=+%s.%N "$out/cache/states")" = "$before" ] || say "--no-cache touched the cache"
[ -z "$(ls -A "$out/tmp")" ] || say "--no-cache left files behind: $(ls -A "$out/tmp")"
same "$out/a/r.h5" "$out/c/r.h5" "a --no-cache run differs"

# Another parameter is another world: a second entry. A damaged entry is made again.
(cd "$out/d" && run --set outings.base_prob=0.7 2> err) || say "the run with another parameter failed"
grep -q "making the start" "$out/d/err" || say "another parameter reused the start of other inputs"
[ "$(ls "$out"/cache/states/*.state.h5 | wc -l)" -eq 2 ] || say "not two states in the cache"
head -c 4000 "${states[0]}" > "$out/cut" && cp "$out/cut" "${states[0]}"
(cd "$out/d" && rm -f r.h5 && run 2> err) || say "the run over a damaged cache entry failed"
grep -q "making the start" "$out/d/err" || say "a damaged cache entry was not made again"
same "$out/a/r.h5" "$out/d/r.h5" "the run after remaking a damaged entry differs"

# A comparison of two contact assumptions from the same start (reused).
returns=$tests/data/after_history_returns.toml
(cd "$out/a" && "$lonesim" compare "$after" "$returns" --threads 2 -q --out c.h5 2> err) || say "compare failed: $(cat "$out/a/err")"
! grep -q "making the start" "$out/a/err" || say "compare did not reuse the start"
/usr/bin/python3 - "$out/a/c.h5" <<'PY' || say "the comparison does not record the assumptions"
import sys, h5py
f = h5py.File(sys.argv[1])
assert f.attrs["starts_from"].endswith("history_small.toml")
assert "stays at its 2024 level" in f["scenarios/after_history"].attrs["contact_after_2024"]
assert "returns to its pre-2020 level over 2 year(s)" in f["scenarios/after_returns"].attrs["contact_after_2024"]
print("compare: both assumptions recorded")
PY
(cd "$out/a" && "$lonesim" report c.h5 --out report > /dev/null) || say "the report of the comparison failed"
grep -q "returns to its pre-2020 level over 2 year(s)" "$out/a/report/index.html" && grep -q "from the end of history_small.toml" "$out/a/report/index.html" \
    || say "the report does not state the assumptions"

# A batch over the history and the scenario after it: each 2025 run starts from the
# experiment's own history run at its point and replicate (saved as that run ends, in
# starts/). Made the other way (the 2025 runs redone after the saved starts are removed,
# so they run the history themselves), the outcomes are the same, bit for bit.
"$lonesim" batch "$tests/data/experiments/periods.toml" --out "$out/batch" --runs-at-once 2 --threads 2 -q || say "the batch failed"
[ "$(ls "$out"/batch/starts/*.state.h5 | wc -l)" -eq 4 ] || say "not one start per point and replicate: $(ls "$out/batch/starts")"
cp "$out/batch/experiment.h5" "$out/first.h5"
rm -r "$out/batch/starts" "$out"/batch/runs/run_00000{2,3,6,7}.h5 "$out/batch/experiment.h5"
"$lonesim" batch "$tests/data/experiments/periods.toml" --out "$out/batch" --runs-at-once 1 --threads 2 -q || say "the resumed batch failed"
/usr/bin/python3 - "$out/first.h5" "$out/batch/experiment.h5" <<'PY' || say "the batch's 2025 runs differ with the start made by themselves"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert list(a["runs/scenario"][:]) == [0, 0, 1, 1, 0, 0, 1, 1]
assert np.array_equal(a["runs/outcomes"][:], b["runs/outcomes"][:], equal_nan=True)
print("batch: the 2025 runs are the same from a saved start and from their own")
PY

# A batch whose two scenarios share each point's burn-in: the first run at a point and
# replicate saves the day-0 world in starts/, the other starts its programmes on it. The
# outcomes are those of each scenario run alone (its own burn-in), bit for bit.
shared=$tests/data/experiments/shared_burn_in.toml
"$lonesim" batch "$shared" --out "$out/shared" --runs-at-once 2 --threads 1 -q || say "the shared batch failed"
[ "$(ls "$out"/shared/starts/burn_in-*.state.h5 | wc -l)" -eq 4 ] || say "not one shared burn-in per point and replicate"
for s in small with_programmes; do
    sed -e "s|\.\./|$tests/data/|g" -e "s|^scenarios = .*|scenarios = [\"$tests/data/$s.toml\"]|" "$shared" > "$out/alone_$s.toml"
    "$lonesim" batch "$out/alone_$s.toml" --out "$out/alone_$s" --runs-at-once 2 --threads 1 -q || say "the batch of $s alone failed"
done
/usr/bin/python3 - "$out" <<'PY' || say "a scenario's outcomes differ with a shared burn-in"
import sys, h5py, numpy as np
d = sys.argv[1]
both = h5py.File(d + "/shared/experiment.h5")
for s, name in ((0, "small"), (1, "with_programmes")):
    alone = h5py.File(d + f"/alone_{name}/experiment.h5")
    rows = both["runs/scenario"][:] == s
    mine = both["runs/outcomes"][:][rows]
    theirs = alone["runs/outcomes"][:]
    assert mine.shape == theirs.shape, (mine.shape, theirs.shape)
    names = [x.decode() if isinstance(x, bytes) else x for x in both["outcomes/names"][:]]
    for q, n in enumerate(names):
        if "averted" in n:
            continue  # against the baseline of the same batch: not defined alone
        assert np.array_equal(mine[:, q], theirs[:, q], equal_nan=True), (name, n)
print("batch: a shared burn-in gives each scenario the outcomes of its own")
PY

# Bad settings: one line, exit 2, nothing written.
refused() {  # refused <what the message must say> <scenario text> [text after [population]]
    printf '%s\n[population]\nagents = 1000\ndata = "%s"\n%s\n' "$2" "$tests/../scenarios/data" "${3:-}" > "$out/bad.toml"
    cp "$tests/data/history_small.toml" "$out/history_small.toml"
    sed -i "s|../../scenarios/data|$tests/../scenarios/data|; s|programmes/test_nudge.toml|$tests/data/programmes/test_nudge.toml|" "$out/history_small.toml"
    "$lonesim" run "$out/bad.toml" -q --out "$out/never.h5" 2> "$out/err"; local code=$?
    [ "$code" -eq 2 ] && [ "$(wc -l < "$out/err")" -eq 1 ] && grep -q -- "$1" "$out/err" || say "exit $code, '$(cat "$out/err")', want '$1'"
    [ ! -e "$out/never.h5" ] || say "a result was written ($1)"
}
head='[scenario]
name = "bad"
start_date = 2025-01-01
days = 5'
refused "bad.toml:5: scenario.starts_from: .*nowhere.toml: no such scenario file" "$head
starts_from = \"nowhere.toml\"
contact_after_2024 = \"stays_at_2024_level\""
refused "bad.toml:5: scenario.starts_from: needs contact_after_2024" "$head
starts_from = \"history_small.toml\""
refused "scenario.contact_after_2024: 'back' is not one of" "$head
starts_from = \"history_small.toml\"
contact_after_2024 = \"back\""
refused "scenario.contact_return_years: missing" "$head
starts_from = \"history_small.toml\"
contact_after_2024 = \"returns_to_pre_2020_level\""
refused "scenario.burn_in_days: with starts_from there is no burn-in" "$head
burn_in_days = 10
starts_from = \"history_small.toml\"
contact_after_2024 = \"stays_at_2024_level\""
refused "must start the day after (2025-01-01), not 2025-03-01" "[scenario]
name = \"bad\"
start_date = 2025-03-01
starts_from = \"history_small.toml\"
contact_after_2024 = \"stays_at_2024_level\""
# A path the period before's world has no room for: refused in a line, nothing written.
# (A period whose own path stops before its last day is not given later points, so that
# its days never depend on the scenario that follows it.)
sed '/^\[\[population.households\]\]/,/^source/d' "$out/history_small.toml" > "$out/history_flat.toml"
refused "bad.toml: population.households: reaches 2000000 households, but the world of .*history_flat.toml has room for [0-9]*: give that period" "[scenario]
name = \"bad\"
start_date = 2025-01-01
days = 5
starts_from = \"history_flat.toml\"
contact_after_2024 = \"stays_at_2024_level\"" "[[population.households]]
date = 2025-12-31
households = 2_000_000
source = \"test\""
exit $fail
