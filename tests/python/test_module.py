"""import lonesim (issue 24): the Python module against the command line, bit for bit.

    PYTHONPATH=build/python /usr/bin/python3 tests/python/test_module.py LONESIM TESTS_DIR VERSION
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

import h5py
import numpy as np

import lonesim

cli, tests, version = sys.argv[1], sys.argv[2], sys.argv[3]
small, with_programmes = os.path.join(tests, "data", "small.toml"), os.path.join(tests, "data", "with_programmes.toml")
tmp = tempfile.mkdtemp()
atexit.register(shutil.rmtree, tmp, ignore_errors=True)

assert lonesim.__version__ == version, (lonesim.__version__, version)

# A run from Python, day by day, against `lonesim run`'s file: every metric, every cell.
subprocess.run([cli, "run", small, "--days", "20", "--threads", "1", "-q", "--out", f"{tmp}/run.h5"], check=True)
s = lonesim.load(small, days=20)
assert (s.name, s.days, s.agents, s.replicates, s.start_date) == ("small", 20, 5000, 2, "2025-01-01")
for replicate in (0, 1):
    sim = lonesim.Simulation(s, replicate=replicate, threads=2)
    days = []
    for _ in range(20):
        sim.step()
        days.append(sim.metrics())
    assert sim.day == 20
    with h5py.File(f"{tmp}/run.h5", "r") as f:
        for name, d in f["timeseries"].items():
            if d.attrs.get("CLASS") == b"DIMENSION_SCALE":
                continue
            mine = np.array([m[name] for m in days]).astype(d.dtype)
            assert np.array_equal(mine, d[replicate], equal_nan=True), f"{name}, replicate {replicate}: Python differs from the command line"
print("Simulation: 20 days x 2 replicates, every metric and cell as `lonesim run` wrote them")

# The agents' columns over lonesim's memory: no copy, and they move as the world steps.
cols = sim.agents()
lonely = cols["loneliness"]
assert not lonely.flags.owndata and lonely.base is not None, "the column was copied"
before = lonely.copy()
sim.step()
assert not np.array_equal(before, lonely), "the column does not show the new day"
assert int(cols["alive"].sum()) == int(sim.metrics()["alive"].sum())
ties = sim.ties()
n = len(cols["alive"])
assert len(ties["a"]) > 1000 and ties["a"].max() < n and ties["b"].max() < n and ((ties["weight"] > 0) & (ties["weight"] <= 1)).all()
print(f"agents: {len(cols)} columns over {n} agents without a copy; {len(ties['a'])} ties")

# A policy change between days, and an unknown programme refused.
p = lonesim.Simulation(lonesim.load(with_programmes, agents=3000, days=5, set={"scenario.burn_in_days": 10}), threads=2)
p.step()
p.set_programme("test_group", enabled=False)
p.set_programme("test_counseling", capacity_per_year=10.0)
p.run(3)
assert p.day == 4
try:
    p.set_programme("no_such_programme", enabled=True)
    raise SystemExit("an unknown programme was accepted")
except ValueError as e:
    assert "no_such_programme" in str(e), str(e)

# Errors: lonesim.InputError with the command line's line.
for bad in ("typo_key.toml", "out_of_range.toml"):
    path = os.path.join(tests, "data", bad)
    line = subprocess.run([cli, "validate", path], capture_output=True, text=True).stderr.strip()
    try:
        lonesim.load(path)
        raise SystemExit(f"{bad} was accepted")
    except lonesim.InputError as e:
        assert isinstance(e, ValueError) and line == "lonesim: " + str(e), (line, str(e))
try:
    lonesim.load(small, set={"outings.base_prob": 7})
    raise SystemExit("an out-of-range --set was accepted")
except lonesim.InputError as e:
    assert "outings.base_prob" in str(e), str(e)
print("errors: lonesim.InputError with the command line's message")

# A comparison from Python and from the command line: the same file, bit for bit.
opts = ["--agents", "3000", "--days", "30", "--replicates", "2", "--set", "scenario.burn_in_days=30", "--set", "outings.base_prob=0.8"]
subprocess.run([cli, "compare", small, with_programmes, *opts, "-q", "--out", f"{tmp}/cli.h5"], check=True)
result = lonesim.compare(small, with_programmes, out=f"{tmp}/py.h5", agents=3000, days=30, replicates=2,
                         set={"scenario.burn_in_days": 30, "outings.base_prob": 0.8}, threads=2)
subprocess.run(["/usr/bin/python3", os.path.join(tests, "cli", "same_results.py"), f"{tmp}/cli.h5", f"{tmp}/py.h5"], check=True)
overall = result["comparison"]["with_programmes"]
assert set(result["series"]) == {"small", "with_programmes"}
assert str(result["series"]["small"].date.values[0])[:10] == "2025-01-01"
assert "district" in overall.by_district.dims
print("compare: the Python comparison is the command line's, bit for bit; read as xarray")
# A scenario from a dict: the same days as the same scenario from its file.
with open(small) as f:
    as_dict = tomllib.loads(f.read())
as_dict["population"]["data"] = os.path.join(tests, "..", "scenarios", "data")
from_dict = lonesim.load(as_dict, days=10)
assert from_dict.name == "small" and from_dict.agents == 5000
d_sim, f_sim = lonesim.Simulation(from_dict, threads=2), lonesim.Simulation(lonesim.load(small, days=10), threads=2)
d_sim.run(10), f_sim.run(10)
assert all(np.array_equal(v, f_sim.metrics()[k], equal_nan=True) for k, v in d_sim.metrics().items()), "a dict runs otherwise than its file"
assert "base_prob = 0.8" in lonesim.to_toml(as_dict)
for bad, says in (({"scenario": {"name": "x"}, "population": {"agents": 3000, "sacle": 1}}, "<dict>: population.sacle: unknown key"),
                  ({"scenario": {"name": "x"}, "population": {"agents": "many"}}, "<dict>: population.agents:"),
                  ({"scenario": {"name": "x"}}, "<dict>: population: missing"),
                  ({"scenario": {"name": "x", "when": object()}, "population": {"agents": 3000}}, "<dict>: scenario.when: cannot be written")):
    try:
        lonesim.load(bad)
        raise SystemExit(f"{bad} was accepted")
    except lonesim.InputError as e:
        assert str(e).startswith(says), (str(e), says)
print("a dict: the same scenario as its file; its errors name the key")

# States: saved and loaded from Python, and between Python and the command line.
def same_day(a, b, what):
    for k, v in a.metrics().items():
        assert np.array_equal(v, b.metrics()[k], equal_nan=True), f"{what}: {k} differs"

s20 = lonesim.load(with_programmes, agents=3000, days=20, replicates=2, set={"scenario.burn_in_days": 10})
straight = lonesim.Simulation(s20, replicate=1, threads=2)
straight.run(8)
straight.set_programme("test_group", enabled=False)
straight.run(12)
half = lonesim.Simulation(s20, replicate=1, threads=2)
half.run(8)
half.set_programme("test_group", enabled=False)
half.run(2)
half.save_state(f"{tmp}/py_state.h5")
again = lonesim.Simulation.from_state(s20, f"{tmp}/py_state.h5", replicate=1, threads=1)
assert again.day == 10
again.run(10)
same_day(again, straight, "a state saved and loaded from Python")
with h5py.File(f"{tmp}/py_state.h5", "r") as f:
    assert f.attrs["kind"] == "state" and f.attrs["only_replicate"] == 1 and f.attrs["complete"] == 1
try:
    lonesim.Simulation.from_state(s20, f"{tmp}/py_state.h5", replicate=0)
    raise SystemExit("another replicate was taken from a one-replicate state")
except lonesim.InputError as e:
    assert "holds replicate 1 only" in str(e), str(e)
# The command line's state, continued in Python, against the command line's own run.
subprocess.run([cli, "run", small, "--days", "20", "--threads", "1", "-q", "--out", f"{tmp}/st_run.h5", "--save-state", f"{tmp}/cli_state.h5",
                "--save-state-at", "12"], check=True)
s8 = lonesim.load(small, days=8)
on = lonesim.Simulation.from_state(s8, f"{tmp}/cli_state.h5", replicate=1, threads=2)
on.run(8)
with h5py.File(f"{tmp}/st_run.h5", "r") as f:
    for k, v in on.metrics().items():
        assert np.array_equal(v.astype(f["timeseries"][k].dtype), f["timeseries"][k][1, 19], equal_nan=True), f"CLI state in Python: {k}"
# Python's state (replicate 0), continued by the command line.
first = lonesim.Simulation(lonesim.load(small, days=20, replicates=1), threads=2)
first.run(12)
first.save_state(f"{tmp}/py0.h5")
first.run(8)
subprocess.run([cli, "run", small, "--replicates", "1", "--days", "8", "--from-state", f"{tmp}/py0.h5", "-q", "--out", f"{tmp}/from_py.h5"],
               check=True)
with h5py.File(f"{tmp}/from_py.h5", "r") as f:
    for k, v in first.metrics().items():
        assert np.array_equal(v.astype(f["timeseries"][k].dtype), f["timeseries"][k][0, 7], equal_nan=True), f"Python state in CLI: {k}"
refused = subprocess.run([cli, "run", small, "--days", "8", "--from-state", f"{tmp}/py0.h5", "-q", "--out", f"{tmp}/no.h5"],
                         capture_output=True, text=True)
assert refused.returncode == 2 and "holds replicate 0 only" in refused.stderr and not os.path.exists(f"{tmp}/no.h5"), refused.stderr
print("states: saved and loaded from Python, continued across Python and the command line, bit for bit")

# A scenario that starts from the period before: its end state, as `lonesim run` takes it.
os.environ["LONESIM_CACHE"] = f"{tmp}/cache"
after = os.path.join(tests, "data", "after_history.toml")
subprocess.run([cli, "run", after, "--days", "10", "-q", "--out", f"{tmp}/after.h5"], check=True, env=os.environ)
py_after = lonesim.Simulation(lonesim.load(after, days=10), replicate=1, threads=2)
py_after.run(10)
with h5py.File(f"{tmp}/after.h5", "r") as f:
    for k, v in py_after.metrics().items():
        assert np.array_equal(v.astype(f["timeseries"][k].dtype), f["timeseries"][k][1, 9], equal_nan=True), f"starts_from: {k}"
print("starts_from: the period before's end state, as the command line takes it")

# A batch from Python and from the command line: the same experiment file.
experiment = os.path.join(tests, "data", "experiments", "small_lhs.toml")
subprocess.run([cli, "batch", experiment, "--out", f"{tmp}/cli_batch", "--threads", "2", "-q"], check=True)
runs = lonesim.batch(experiment, out=f"{tmp}/py_batch", threads=2)
subprocess.run(["/usr/bin/python3", os.path.join(tests, "cli", "same_results.py"), f"{tmp}/cli_batch/experiment.h5",
                f"{tmp}/py_batch/experiment.h5"], check=True)
summary = runs["/summary"]
assert {"scenario", "point", "outcome"} <= set(summary["mean"].dims), summary
print(f"batch: the Python batch is the command line's, bit for bit; groups {sorted(runs)}")

# A comparison of a dict against a file.
plan = tomllib.loads(open(with_programmes).read())
plan["scenario"]["name"] = "plan_from_dict"
plan["population"]["data"] = as_dict["population"]["data"]
for entry in plan.get("programmes", []):
    entry["file"] = os.path.join(tests, "data", entry["file"])
mixed = lonesim.compare(small, plan, out=f"{tmp}/mixed.h5", agents=3000, days=10, replicates=1, set={"scenario.burn_in_days": 10},
                        threads=2)
assert set(mixed["comparison"]) == {"plan_from_dict"}
print("compare: a dict against a file")
print("python module test passed")
