#!/usr/bin/env bash
# State files from the command line (issue 20): a run saved on day 10 and continued for
# 10 more days gives the same days as one run of 20; bad state files are refused in a
# line, exit 2, nothing written.
source "$(dirname "$0")/common.sh"
small="$tests/data/small.toml"
run() { "$lonesim" run "$small" --agents 3000 --threads 2 -q "$@"; }

run --days 20 --out "$out/full.h5" --save-state "$out/day10.h5" --save-state-at 10 || say "the run that saves failed"
run --days 10 --from-state "$out/day10.h5" --out "$out/rest.h5" || say "the run from the state failed"
run --days 20 --out "$out/end.h5" --save-state "$out/day20.h5" || say "the run that saves at its end failed"
/usr/bin/python3 - "$out" <<'PY' || say "the continued run differs from the uninterrupted one"
import sys, h5py, numpy as np
d = sys.argv[1]
full, rest, state = h5py.File(d + "/full.h5"), h5py.File(d + "/rest.h5"), h5py.File(d + "/day10.h5")
assert state.attrs["kind"] == "state" and state.attrs["day"] == 10 and state.attrs["complete"] == 1, dict(state.attrs)
assert rest.attrs["start_date"] == "2025-01-11" and rest.attrs["from_state_day"] == 10, dict(rest.attrs)
assert "replicate_0" in state and "replicate_1" in state
n = 0
for name, a in full["timeseries"].items():
    if a.attrs.get("CLASS") == b"DIMENSION_SCALE":  # a coordinate: replicate, date, district, age_band
        continue
    b = rest["timeseries"][name]
    assert a.shape[0] == b.shape[0] and a.shape[1] == 20 and b.shape[1] == 10, (name, a.shape, b.shape)
    assert np.array_equal(a[:, 10:], b[:], equal_nan=True), name
    n += 1
assert n > 10
assert h5py.File(d + "/day20.h5").attrs["day"] == 20
print("continued run: the same", n, "series on days 10-19, both replicates")
PY

refused() {  # refused <what the message must say> -- run args...
    local want=$1; shift 2
    rm -f "$out/never.h5"
    run "$@" --out "$out/never.h5" 2> "$out/err"; local code=$?
    cat "$out/err"
    [ "$code" -eq 2 ] || say "exit $code, want 2 ($*)"
    [ "$(wc -l < "$out/err")" -eq 1 ] || say "not one line ($*)"
    grep -q -- "$want" "$out/err" || say "message lacks '$want'"
    [ ! -e "$out/never.h5" ] || say "a result was written ($*)"
}
head -c 5000 "$out/day10.h5" > "$out/cut.h5"
refused "cut.h5: --from-state: cannot be read" -- --days 5 --from-state "$out/cut.h5"
refused "full.h5: --from-state: is not a lonesim state file" -- --days 5 --from-state "$out/full.h5"
refused "missing.h5: --from-state: no such file" -- --days 5 --from-state "$out/missing.h5"
refused "day10.h5: --from-state: is of another world" -- --days 5 --from-state "$out/day10.h5" --seed 99
refused "day10.h5: --from-state: is of another world" -- --days 5 --from-state "$out/day10.h5" --set outings.base_prob=0.7
refused "day10.h5: --from-state: holds 2 replicate(s), the run asks for 3" -- --days 5 --from-state "$out/day10.h5" --replicates 3
refused "--save-state-at: 30 is after the run's last day (5)" -- --days 5 --save-state "$out/s.h5" --save-state-at 30
refused "small.toml: --out: exists and is not a lonesim result" -- --days 5 --save-state "$small"
# Hostile files with valid checksums (rewritten through HDF5): impossible values are
# refused before the run, not indexed out of bounds.
hostile() {  # hostile <name> <python statement on f> <what the message must say>
    cp "$out/day10.h5" "$out/$1.h5"
    /usr/bin/python3 -c "import h5py, sys; f = h5py.File(sys.argv[1], 'r+'); $2" "$out/$1.h5" || say "could not write $1"
    refused "$1.h5: --from-state: is damaged or not this model's: $3" -- --days 5 --from-state "$out/$1.h5"
}
hostile district "f['replicate_0/agents/district'][5] = 200" "agents: a value out of range at agent 5"
# A node with 1-12 ties holds their ids in its own 12 slots; one with more keeps the index
# of its overflow chunk in its first slot (sim/tie_graph.hpp).
inline_node="g = f['replicate_0/ties/degree'][:]; v = next(i for i in range(len(g)) if 0 < g[i] <= 12)"
overflowed_node="g = f['replicate_0/ties/degree'][:]; v = next(i for i in range(len(g)) if g[i] > 12)"
hostile slot "$inline_node; f['replicate_0/ties/slots'][12 * v] = 4000000000" "ties: a slot names a tie its node is not in"
hostile chunk "$overflowed_node; f['replicate_0/ties/slots'][12 * v] = 4000000000" "ties: a node's overflow chunk is missing or shared"
hostile columns "del f['replicate_1/agents/age']; f['replicate_1/agents'].create_dataset('age', data=[1, 2, 3], dtype='u1')" "agents: columns of different lengths"
hostile wrongtype "del f['replicate_0/agents/loneliness']; f['replicate_0/agents'].create_dataset('loneliness', data=[0.5] * 3000, dtype='f8')" "replicate_0/agents/loneliness: stored as another type"
hostile missing "del f['replicate_0/ties/degree']" "replicate_0/ties/degree: missing"
# compare takes its burn-in from a day-0 state of the baseline's world: the same comparison
# as with its own burn-in.
sed 's/name = "small"/name = "small_counselling"/' "$small" > "$out/other.toml"
printf '\n[[programmes]]\nfile = "%s"\n' "$tests/data/programmes/test_counseling.toml" >> "$out/other.toml"
sed -i "s|../../scenarios/data|$tests/../scenarios/data|" "$out/other.toml"
"$lonesim" run "$small" --agents 3000 --days 1 --threads 2 -q --set scenario.burn_in_days=20 --save-state "$out/day0.h5" --save-state-at 0 --out "$out/day0_run.h5" \
    || say "the day-0 state was not saved"
for from in "" "--from-state $out/day0.h5"; do
    "$lonesim" compare "$small" "$out/other.toml" --agents 3000 --days 15 --threads 2 -q --set scenario.burn_in_days=20 $from \
        --out "$out/compare${from:+_from}.h5" || say "compare $from failed"
done
/usr/bin/python3 - "$out" <<'PY' || say "compare from a day-0 state differs from compare with its own burn-in"
import sys, h5py, numpy as np
d = sys.argv[1]
a, b = h5py.File(d + "/compare.h5"), h5py.File(d + "/compare_from.h5")
n = 0
def same(name, obj):
    global n
    if isinstance(obj, h5py.Dataset):
        x, y = np.asarray(obj[()]), np.asarray(b[name][()])
        assert x.dtype == y.dtype and x.shape == y.shape, name
        assert (x.tolist() == y.tolist()) if x.dtype.kind == "O" else x.tobytes() == y.tobytes(), name  # bit for bit, NaNs too
        n += 1
a.visititems(same)
assert n > 20, n
assert "from_state" in b.attrs and "from_state" not in a.attrs
print("compare from a day-0 state: the same", n, "datasets")
PY
"$lonesim" compare "$small" "$out/other.toml" --agents 3000 --days 5 -q --from-state "$out/day10.h5" --out "$out/never.h5" 2> "$out/err"
[ $? -eq 2 ] && grep -q "day10.h5: --from-state: is of day 10; compare starts from a state of day 0" "$out/err" && [ ! -e "$out/never.h5" ] \
    || { cat "$out/err"; say "compare took a state of day 10"; }
[ $fail -eq 0 ] && echo "state files: ok"
exit $fail
