#!/usr/bin/env bash
# lonesim compare on a small world, checked with h5py, then lonesim report.
set -eu
lonesim=$1 tests=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# --set outings.base_prob=0.8 gives both scenarios small.toml's parameters, so they share the burn-in.
"$lonesim" compare "$tests/data/small.toml" "$tests/data/with_programmes.toml" --agents 8000 --days 90 \
    --replicates 3 --set scenario.burn_in_days=30 --set outings.base_prob=0.8 --threads 2 --out "$out/cmp.h5" | tee "$out/table.txt"
grep -q "with_programmes vs small" "$out/table.txt"
grep -q "KRW per isolated person-year averted" "$out/table.txt"
grep -q "figures for all of Seoul: the simulated world is 0.004817 of Seoul" "$out/table.txt"
/usr/bin/python3 - "$out/cmp.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["complete"] == 1 and f.attrs["replicates"] == 3 and f.attrs["days"] == 90
    assert f.attrs["baseline"] == "small" and f.attrs["scenarios"] == "with_programmes"
    overall = f["comparison/with_programmes/overall"][:]
    assert [o.decode() for o in overall["outcome"]] == [
        "isolated_person_years_averted", "lonely_person_years_averted", "reclusion_episodes_averted",
        "unattended_deaths_averted", "total_cost_krw", "krw_per_isolated_person_year_averted",
        "reclusive_person_years_averted"]
    cost = overall[4]
    assert cost["mean"] > 0 and cost["lo95"] <= cost["mean"] <= cost["hi95"]
    assert f["comparison/with_programmes/by_district"].shape == (7, 25, 3)
    assert f["comparison/with_programmes/by_age_band"].shape == (7, 15, 3)
    # Seoul's scale (issue 23): the summary is the world's counts and costs over its share of
    # Seoul; the ratio is as it is; the world's own figures are kept as *_world.
    g = f["comparison/with_programmes"]
    share = g.attrs["world_share"]
    assert np.isclose(share, 8000 / 1660813, rtol=1e-6), share
    world = g["overall_world"][:]
    for k in range(7):
        for c in ("mean", "lo95", "hi95"):
            want = world[k][c] if k == 5 else world[k][c] / share
            assert np.isclose(overall[k][c], want, rtol=1e-12), (k, c)
    assert np.allclose(g["by_district"][:][[0, 1, 2, 3, 4, 6]], g["by_district_world"][:][[0, 1, 2, 3, 4, 6]] / share)
    assert g["by_district"].attrs["scale"] == "all of Seoul" and g["by_district_world"].attrs["scale"] == "the simulated world"
    # Reclusive person-years averted: the paired difference of the reclusive series, replicate by replicate.
    days = np.array([(f["scenarios/small/series/reclusive"][r] - f["scenarios/with_programmes/series/reclusive"][r]).sum() for r in range(3)])
    assert np.isclose(world[6]["mean"], (days / 365.0).mean(), rtol=1e-9), (world[6], days)
    # District costs add up to the total cost, replicate mean by replicate mean.
    assert abs(f["comparison/with_programmes/by_district"][4, :, 0].sum() - cost["mean"]) < 1e-6 * cost["mean"]
    s = f["scenarios/with_programmes/series/alive"]
    assert s.shape == (3, 90)
    # Common random numbers: the baseline and the scenario start from the same state.
    assert np.array_equal(f["scenarios/small/series/alive"][:, 0], s[:, 0])
    assert f["scenarios/with_programmes/programmes/test_counseling/sessions"][:].sum() > 0
print("comparison file ok")
PY
/usr/bin/python3 "$tests/cli/check_xarray.py" "$LONESIM_VERSION_EXPECTED" "$out/cmp.h5::/comparison/with_programmes:by_district:outcome,district,estimate" \
    "$out/cmp.h5::/scenarios/small/series:isolated:replicate,date"
"$lonesim" report "$out/cmp.h5" --out "$out/report"
grep -q "Cost-effectiveness" "$out/report/index.html"
for png in difference prevalence by_age_band map_with_programmes programmes_with_programmes; do
    head -c 8 "$out/report/$png.png" | od -An -tx1 | grep -q "89 50 4e 47" || { echo "FAIL: $png.png is not a PNG"; exit 1; }
    [ "$(stat -c %s "$out/report/$png.png")" -gt 20000 ] || { echo "FAIL: $png.png is too small"; exit 1; }
done
# A file that is not a comparison is refused with exit 2.
"$lonesim" run "$tests/data/small.toml" --days 5 --out "$out/run.h5" -q
set +e
"$lonesim" report "$out/run.h5" --out "$out/bad" 2> "$out/err"; code=$?
set -e
[ "$code" -eq 2 ] && grep -q "not a complete .lonesim compare. result file" "$out/err"
# No shell between lonesim and the report script (issue 19): a file name is never a command,
# and one with a quote in it works.
set +e
(cd "$out" && "$lonesim" report "x'; touch INJECTED; echo '" --out "$out/injected" 2> "$out/err"); code=$?
set -e
[ "$code" -eq 2 ] || { echo "FAIL: report of a missing file exited $code"; exit 1; }
[ ! -e "$out/INJECTED" ] || { echo "FAIL: a file name ran as a shell command"; exit 1; }
cp "$out/cmp.h5" "$out/it's.h5"
"$lonesim" report "$out/it's.h5" --out "$out/report 2" > /dev/null
grep -q "Cost-effectiveness" "$out/report 2/index.html"
# A malformed comparison (issue 19): one line, exit 2, nothing left behind.
cp "$out/cmp.h5" "$out/broken.h5"
/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1],'r+'); del f['comparison/with_programmes/by_age_band']" "$out/broken.h5"
set +e
"$lonesim" report "$out/broken.h5" --out "$out/broken_report" 2> "$out/err"; code=$?
set -e
cat "$out/err"
[ "$code" -eq 2 ] || { echo "FAIL: a malformed file exited $code"; exit 1; }
[ "$(wc -l < "$out/err")" -eq 1 ] || { echo "FAIL: not one line"; exit 1; }
[ ! -e "$out/broken_report" ] || { echo "FAIL: a partial report was left"; exit 1; }
! ls -a "$out" | grep -q lonesim-report || { echo "FAIL: a temporary folder was left"; exit 1; }
echo "report ok"
