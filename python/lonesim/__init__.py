"""lonesim from Python: Seoul's single-person households, their loneliness and isolation,
and the city's programmes against it.

    import lonesim
    s = lonesim.load("scenarios/baseline.toml", set={"outings.base_prob": 0.8}, agents=20000)
    sim = lonesim.Simulation(s, replicate=0, threads=2)   # builds the world, runs its burn-in
    sim.run(30); m = sim.metrics()                         # name -> [district][age_band]
    cols = sim.agents()                                    # NumPy arrays over lonesim's memory
    sim.set_programme("mind_investment", enabled=False)    # from the next day on
    result = lonesim.compare("a.toml", "b.toml", out="cmp.h5", replicates=3)  # xarray datasets

Scenarios load exactly as the command line loads them (the same --set overrides), and a
comparison is written by the same code as `lonesim compare`: the same inputs give the same
results, bit for bit (tests/python/test_module.py). Bad input raises lonesim.InputError
with the command line's one-line message.
"""
from . import _lonesim
from ._lonesim import InputError, Scenario, Simulation, __version__

__all__ = ["InputError", "Scenario", "Simulation", "__version__", "load", "compare", "open_comparison"]


def _value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _sets(set):
    if set is None:
        return []
    if isinstance(set, dict):
        return [f"{k}={_value(v)}" for k, v in set.items()]
    return [str(x) for x in set]


def load(path, set=None, agents=0, days=0, seed=None, replicates=0):
    """A scenario file with overrides: set is a dict {"outings.base_prob": 0.8} or a list of
    "key=value" (as --set); agents, days, seed and replicates as the command line's options."""
    return _lonesim._load(str(path), _sets(set), int(agents), int(days), seed, int(replicates))


def open_comparison(path):
    """A comparison file as xarray datasets: {"series": {scenario: Dataset},
    "comparison": {scenario: Dataset}} (Debian's python3-xarray and python3-h5netcdf)."""
    import h5py
    import xarray as xr
    with h5py.File(path, "r") as f:
        scenarios, compared = list(f["scenarios"].keys()), list(f["comparison"].keys())
    return {
        "series": {s: xr.open_dataset(path, engine="h5netcdf", group=f"scenarios/{s}/series") for s in scenarios},
        "comparison": {s: xr.open_dataset(path, engine="h5netcdf", group=f"comparison/{s}") for s in compared},
    }


def compare(baseline, *scenarios, out, set=None, agents=0, days=0, replicates=0, threads=0):
    """`lonesim compare BASELINE SCENARIO... --out OUT`, from Python; returns open_comparison(out)."""
    files = [str(baseline)] + [str(s) for s in scenarios]
    path = _lonesim._compare(files, str(out), _sets(set), int(agents), int(days), int(replicates), int(threads))
    return open_comparison(path)
