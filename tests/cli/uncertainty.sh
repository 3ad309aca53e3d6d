#!/usr/bin/env bash
# lonesim compare --uncertainty (issue 22) on a toy whose answer is known: the only
# uncertain number is a programme's fixed cost a year (uniform), which changes no draw of
# the simulation. So every draw has the same effect, the cost is the fixed cost's draw
# times a constant plus the rest, and the acceptability curve is the uniform's CDF.
# Then: the same draws and results at another thread, run-at-once and rank count; a
# behavioural draw; bad input.
set -eu
lonesim=$1 tests=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
u=$tests/data/uncertainty
run() {  # run NAME [extra options]
    local name=$1; shift
    "$lonesim" compare "$tests/data/small.toml" "$u/fixed_cost.toml" --uncertainty 10 --uncertainty-file "$u/programmes_only.toml" \
        --out "$out/$name.h5" "$@" > "$out/$name.txt"
}
run a --threads 1 --runs-at-once 1
grep -q "parameter uncertainty: 10 draws x 2 replicate(s)" "$out/a.txt"
/usr/bin/python3 - "$out/a.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["complete"] == 1
    g = f["uncertainty"]
    assert g.attrs["draws"] == 10 and g.attrs["replicates"] == 2
    names = [x.decode() for x in g["variables"]["name"]]
    assert names == ["programmes.fixed_cost_counselling.costs.fixed_per_year"], names
    F = g["draws"][:, 0]
    # A Latin hypercube: one draw in each tenth of [1e9, 3e9].
    assert sorted(np.floor((F - 1e9) / 2e8).astype(int)) == list(range(10)), F
    outcomes = [x.decode() for x in g["outcomes"][:]]
    p = g["plans/fixed_cost"]
    means = p["draw_means"][:]
    effect, cost = means[outcomes.index("isolated_person_years_averted")], means[outcomes.index("incremental_cost_krw")]
    # The fixed cost changes no draw: every draw's effect is the same, bit for bit.
    assert np.all(effect == effect[0]), effect
    lonely = means[outcomes.index("lonely_person_years_averted")]
    assert np.all(lonely == lonely[0])
    # Cost is linear in the fixed cost: slope k, intercept c (fitted on two draws, checked on all).
    k = (cost[1] - cost[0]) / (F[1] - F[0]); c = cost[0] - k * F[0]
    assert k > 0 and np.allclose(cost, c + k * F, rtol=1e-9), (cost, c + k * F)
    s = {r["outcome"].decode(): r for r in p["summary"][:]}
    sc = s["incremental_cost_krw"]
    # The interval is the 2.5% and 97.5% quantiles of the draws' costs (type 7).
    assert np.isclose(sc["lo95"], np.quantile(cost, 0.025)) and np.isclose(sc["hi95"], np.quantile(cost, 0.975)), sc
    assert np.isclose(sc["mean"], cost.mean())
    # The variance split adds up, and an outcome the parameter cannot move is all noise.
    for r in s.values():
        if np.isfinite(r["parameter_share"]):
            assert abs(r["parameter_share"] + r["noise_share"] - 1) < 1e-9, r
    assert s["lonely_person_years_averted"]["parameter_share"] == 0
    # The cost's driver is the fixed cost, perfectly (rank correlation 1).
    assert np.isclose(p["drivers"][outcomes.index("incremental_cost_krw"), 0], 1.0)
    # The acceptability curve: the plan is worth it where lambda E > c + k F, so its share
    # of draws is the empirical CDF of F at (lambda E - c) / k; within 1/10 of the uniform's.
    d = g["decision"]
    lam, acc = d["willingness_to_pay"][:], d["acceptability"][:]
    assert acc.shape == (len(lam), 2) and np.allclose(acc.sum(axis=1), 1)
    E = effect[0]
    for l, row in zip(lam, acc):
        empirical = np.mean(l * E - (c + k * F) > 0)
        uniform = min(max(((l * E - c) / k - 1e9) / 2e9, 0), 1)
        assert row[1] == empirical, (l, row, empirical)
        assert abs(row[1] - uniform) <= 0.1 + 1e-12, (l, row[1], uniform)
    # Expected value of perfect information: never negative; 0 where one option always wins.
    evpi = d["evpi"][:]
    assert np.all(evpi >= -1e-6) and evpi[0] == 0
    icers = d["icers"][:]
    assert [x.decode() for x in icers["plan"]] == ["no plan (baseline)", "fixed_cost"]
print("uncertainty toy ok")
PY
# The report shows it: the section, one sentence per plan, the acceptability curve and the tornado chart.
/usr/bin/python3 "$tests/cli/check_xarray.py" "$LONESIM_VERSION_EXPECTED" "$out/a.h5::/uncertainty/decision:acceptability:willingness_to_pay,plan" \
    "$out/a.h5::/uncertainty:draws:draw,variable"
"$lonesim" report "$out/a.h5" --out "$out/report" > /dev/null
grep -q "Parameter uncertainty" "$out/report/index.html"
grep -q "In all 10 draws fixed_cost averts isolated person-years" "$out/report/index.html"
# In Korean, the section's sentences too (no English sentence left but the file's own method text).
"$lonesim" report "$out/a.h5" --out "$out/report_ko" --lang ko > /dev/null
grep -q "추출 10회 모두에서 fixed_cost이(가) 고립 인년을 줄입니다" "$out/report_ko/index.html" || { echo "FAIL: no Korean sentence per plan"; exit 1; }
! grep -q "averts\|draws do\|per decision\|rank most closely" "$out/report_ko/index.html" || { echo "FAIL: English prose in the Korean report"; exit 1; }
for png in acceptability; do
    head -c 8 "$out/report/$png.png" | od -An -tx1 | grep -q "89 50 4e 47" || { echo "FAIL: $png.png is not a PNG"; exit 1; }
done
# Another thread and run-at-once count over two ranks (with MPI; else on one): the same /uncertainty.
same() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r")["uncertainty"], h5py.File(sys.argv[2], "r")["uncertainty"]
def walk(g, path=""):
    out = {}
    for k, v in g.items():
        out.update(walk(v, path + "/" + k) if isinstance(v, h5py.Group) else {path + "/" + k: v[()]})
    return out
x, y = walk(a), walk(b)
assert sorted(x) == sorted(y)
def raw(v):  # bytes for numbers (bit for bit, NaN included), lists for strings
    return v.tolist() if v.dtype.kind == "O" else v.tobytes()
for k in x:
    assert raw(x[k]) == raw(y[k]), k
PY
}
if command -v mpirun > /dev/null; then
    mpirun --allow-run-as-root --oversubscribe -np 2 "$lonesim" compare "$tests/data/small.toml" "$u/fixed_cost.toml" --uncertainty 10 \
        --uncertainty-file "$u/programmes_only.toml" --out "$out/m.h5" --threads 2 --runs-at-once 2 --quiet
else
    run m --threads 2 --runs-at-once 2
fi
same "$out/a.h5" "$out/m.h5"
# Resumable: the same command again reuses every run of the draws.
run a2 --threads 2 --draws-folder "$out/a.h5.draws"
grep -q "40 runs: 0 done now, 40 finished earlier and kept" "$out/a2.txt" || { echo "FAIL: the draws were not resumed"; cat "$out/a2.txt"; exit 1; }
# Replicates per draw apart from the comparison's: 3 at each draw.
"$lonesim" compare "$tests/data/small.toml" "$u/fixed_cost.toml" --uncertainty 4 --draw-replicates 3 --uncertainty-file "$u/programmes_only.toml" --out "$out/r3.h5" --quiet
/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); assert f[\"uncertainty\"].attrs[\"replicates\"] == 3 and f.attrs[\"replicates\"] == 2" "$out/r3.h5"
same "$out/a.h5" "$out/a2.h5"
# A behavioural draw: each draw burns in its own world, and the effect now varies.
"$lonesim" compare "$tests/data/small.toml" "$u/fixed_cost.toml" --uncertainty 4 --uncertainty-file "$u/behavioural.toml" \
    --out "$out/beh.h5" --threads 2 --runs-at-once 2 --quiet
/usr/bin/python3 - "$out/beh.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    g = f["uncertainty"]
    kinds = [x.decode() for x in g["variables"]["kind"]]
    assert kinds == ["behavioural", "programme", "calibrated"], kinds
    # The posterior's particles in proportion to their weights, stratified: 3 of 4 draws take 0.4.
    strong = sorted(g["draws"][:, 2].tolist())
    assert strong == [0.4, 0.4, 0.4, 0.5], strong
    lonely = g["plans/fixed_cost/draw_means"][1]
    assert len(set(lonely.tolist())) > 1, lonely
PY
# --draw-fixed draws the [[fixed]] numbers too, in their range; without it they are held.
"$lonesim" compare "$tests/data/small.toml" "$u/fixed_cost.toml" --uncertainty 4 --uncertainty-file "$u/behavioural.toml" --draw-fixed \
    --out "$out/fixed.h5" --threads 2 --runs-at-once 2 --quiet
/usr/bin/python3 - "$out/fixed.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    g = f["uncertainty"]
    names = [x.decode() for x in g["variables"]["name"]]
    assert names[:2] == ["loneliness.adjust_rate", "loneliness.floor"], names
    floor = g["draws"][:, 1].tolist()
    assert all(0.1 <= x <= 0.25 for x in floor) and len(set(floor)) == 4, floor
PY
# Where the effect varies with a drawn number, the report has its tornado chart.
"$lonesim" report "$out/beh.h5" --out "$out/beh_report" > /dev/null
head -c 8 "$out/beh_report/tornado_fixed_cost.png" | od -An -tx1 | grep -q "89 50 4e 47" || { echo "FAIL: no tornado chart"; exit 1; }
grep -q "loneliness.adjust_rate" "$out/beh_report/index.html"
# Bad input: one line, exit 2, before any run.
fail() {  # fail EXPECTED-TEXT ARGS...
    local want=$1; shift
    set +e
    "$lonesim" compare "$tests/data/small.toml" "$u/fixed_cost.toml" --out "$out/bad.h5" "$@" 2> "$out/err" > /dev/null; code=$?
    set -e
    [ "$code" -eq 2 ] || { echo "FAIL: exit $code for $*"; cat "$out/err"; exit 1; }
    [ "$(wc -l < "$out/err")" -eq 1 ] && grep -q "$want" "$out/err" || { echo "FAIL: $*"; cat "$out/err"; exit 1; }
    [ ! -e "$out/bad.h5" ] || { echo "FAIL: a result was written for $*"; exit 1; }
}
fail "no such file" --uncertainty 4 --uncertainty-file "$out/missing.toml"
printf '[uncertainty]\n[[parameters]]\nname = "loneliness.adjust_rate"\ndistribution = "normal"\nrange = [0.02, 0.08]\nsource = "x"\n' > "$out/u1.toml"
fail "u1.toml:4: parameters.distribution" --uncertainty 4 --uncertainty-file "$out/u1.toml"
printf '[uncertainty]\n[[parameters]]\nname = "loneliness.adjust_rate"\ndistribution = "uniform"\nrange = [0.05, 0.08]\nsource = "x"\n' > "$out/u2.toml"
fail "does not hold the value" --uncertainty 4 --uncertainty-file "$out/u2.toml"
fail "no compared scenario (or the period they start from) lists this programme" --set programmes.nothing.parameters.sessions=4
fail "has no parameter 'efect_per_session'" --set programmes.fixed_cost_counselling.parameters.efect_per_session=0.01
fail "no compared scenario (or the period they start from) lists this programme" --set programmes.nothing.parameters.sessions=4 --set programmes.nothing.parameters.sessions=4
fail "is drawn by --uncertainty" --uncertainty 4 --uncertainty-file "$u/programmes_only.toml" --set programmes.fixed_cost_counselling.costs.fixed_per_year=2e9
# A programme only the period before lists (history_small's test_nudge) takes a --set there,
# for every compared scenario alike.
"$lonesim" compare "$tests/data/after_history.toml" "$tests/data/after_history_returns.toml" --agents 2000 --days 5 --replicates 1 \
    --no-cache -q --out "$out/hist.h5" --set programmes.test_nudge.parameters.boost=3
# A comparison compare would refuse is refused before any draw runs.
set +e
"$lonesim" compare "$u/fixed_cost.toml" "$u/fixed_cost.toml" --uncertainty 4 --uncertainty-file "$u/programmes_only.toml" \
    --draws-folder "$out/never" --out "$out/bad.h5" 2> "$out/err" > /dev/null; code=$?
set -e
[ "$code" -eq 2 ] && grep -q "is the baseline's name too" "$out/err" && [ ! -e "$out/never" ] || { echo "FAIL: checked after the draws"; cat "$out/err"; exit 1; }
printf 'weight,status.strong_tie,shocks.nope.contacts\n1,0.4,0.9\n' > "$out/p.csv"
printf '[uncertainty]\nposterior = "p.csv"\n' > "$out/u3.toml"
fail "no compared scenario (or the period it starts from) has this variable" --uncertainty 4 --uncertainty-file "$out/u3.toml"
echo "uncertainty ok"
