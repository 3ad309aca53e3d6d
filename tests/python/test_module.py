"""import lonesim (issue 24): the Python module against the command line, bit for bit.

    PYTHONPATH=build/python /usr/bin/python3 tests/python/test_module.py LONESIM TESTS_DIR VERSION
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

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
print("python module test passed")
