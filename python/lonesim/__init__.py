"""lonesim from Python: Seoul's single-person households, their loneliness and isolation,
and the city's programmes against it.

    import lonesim
    s = lonesim.load("scenarios/baseline.toml", set={"outings.base_prob": 0.8}, agents=20000)
    s = lonesim.load({"scenario": {"name": "mine", "days": 90}, "population": {"agents": 5000}})
    sim = lonesim.Simulation(s, replicate=0, threads=2)   # builds the world, runs its burn-in
    sim.run(30); m = sim.metrics()                         # name -> [district][age_band]
    cols = sim.agents()                                    # NumPy arrays over lonesim's memory
    sim.set_programme("mind_investment", enabled=False)    # from the next day on
    sim.save_state("day30.h5")                             # and later:
    sim = lonesim.Simulation.from_state(s, "day30.h5")
    result = lonesim.compare("a.toml", "b.toml", out="cmp.h5", replicates=3)  # xarray datasets
    runs = lonesim.batch("scenarios/experiments/drivers_of_isolation.toml", out="exp")

Scenarios load exactly as the command line loads them (the same --set overrides), and a
comparison or a batch is written by the same code as `lonesim compare` and `lonesim batch`:
the same inputs give the same results, bit for bit (tests/python/test_module.py). Bad input
raises lonesim.InputError with the command line's one-line message.
"""
import datetime
import json
import math
import os
import re

from . import _lonesim, _paths
from ._lonesim import InputError, Scenario, Simulation, __version__

__all__ = ["InputError", "Scenario", "Simulation", "__version__", "load", "to_toml", "compare", "batch", "open_file",
           "open_comparison", "scenarios_folder"]

# The shipped scenarios (the Seoul tables are its data/ folder): where a dict scenario's
# files (data, programme files, starts_from) are found unless load() is given a folder.
scenarios_folder = _paths.scenarios


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


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k, where):
    if not isinstance(k, str):
        raise InputError(f"<dict>: {where}{k!r}: a key is a string, got {type(k).__name__}")
    return k if _BARE_KEY.match(k) else json.dumps(k, ensure_ascii=False)


def _toml_value(v, where):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a TOML basic string
    if isinstance(v, datetime.datetime):
        raise InputError(f"<dict>: {where}: a date, not a date and time (datetime.date or 'YYYY-MM-DD')")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k, where + '.')} = {_toml_value(x, f'{where}.{k}')}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x, where) for x in v) + "]"
    if hasattr(v, "item") and callable(v.item):  # a NumPy scalar
        return _toml_value(v.item(), where)
    raise InputError(f"<dict>: {where}: cannot be written as TOML ({type(v).__name__})")


def _is_table_array(v):
    return isinstance(v, (list, tuple)) and len(v) > 0 and all(isinstance(x, dict) for x in v)


def _toml_table(d, path, lines):
    prefix = ".".join(path) + "." if path else ""
    tables = []
    for k, v in d.items():
        if isinstance(v, dict) or _is_table_array(v):
            tables.append((k, v))
        else:
            lines.append(f"{_key(k, prefix)} = {_toml_value(v, prefix + str(k))}")
    for k, v in tables:
        name = path + [_key(k, prefix)]
        if isinstance(v, dict):
            lines.append(f"\n[{'.'.join(name)}]")
            _toml_table(v, name, lines)
        else:
            for entry in v:
                lines.append(f"\n[[{'.'.join(name)}]]")
                _toml_table(entry, name, lines)


def to_toml(scenario):
    """A scenario dict as the TOML text lonesim reads (what load() of a dict reads)."""
    if not isinstance(scenario, dict):
        raise InputError(f"<dict>: a scenario is a dict of tables, got {type(scenario).__name__}")
    lines = []
    _toml_table(scenario, [], lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def _without_line(e):
    # A dict has no lines: its errors name the key, "<dict>: parameters.x: ...".
    return InputError(re.sub(r"^<dict>:\d+:", "<dict>:", str(e)))


def load(scenario, set=None, agents=0, days=0, seed=None, replicates=0, folder=None, _lenient=False):
    """A scenario, from a file or from a dict of tables as a scenario file has them
    ({"scenario": {...}, "population": {...}, "parameters": {...}, "programmes": [...]}),
    with overrides: set is a dict {"outings.base_prob": 0.8} or a list of "key=value" (as
    --set); agents, days, seed and replicates as the command line's options. A dict's
    files (data, programme files, starts_from) are found in folder, by default the shipped
    scenarios (scenarios_folder); its name is scenario.name, else "python"."""
    if isinstance(scenario, Scenario):
        raise InputError("load: already a loaded Scenario")
    if isinstance(scenario, dict):
        text = to_toml(scenario)
        name = "python"
        try:
            return _lonesim._load_text(text, "<dict>", str(folder or scenarios_folder), name, _sets(set), int(agents), int(days), seed,
                                       int(replicates), _lenient)
        except InputError as e:
            raise _without_line(e) from None
    if folder is not None:
        raise InputError(f"{scenario}: folder: only for a dict (a file's names are found from its own folder)")
    return _lonesim._load(os.fspath(scenario), _sets(set), int(agents), int(days), seed, int(replicates), _lenient)


def open_file(path):
    """Any lonesim result file (run, compare, batch, calibrate) as xarray datasets, one per
    group holding arrays: {"/timeseries": Dataset, "/comparison/x": Dataset, ...}."""
    import h5py
    import xarray as xr
    groups = []
    with h5py.File(path, "r") as f:
        if f.attrs.get("kind") in (b"state", "state"):
            raise InputError(f"{path}: a state file is lonesim's own (Simulation.from_state reads it), not a result")

        def visit(name, obj):
            if isinstance(obj, h5py.Group) and any(isinstance(x, h5py.Dataset) for x in obj.values()):
                groups.append("/" + name)
        if any(isinstance(x, h5py.Dataset) for x in f.values()):
            groups.append("/")
        f.visititems(visit)
    return {g: xr.open_dataset(path, engine="h5netcdf", group=g) for g in groups}


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
    """`lonesim compare BASELINE SCENARIO... --out OUT`, from Python: each a file, a dict or a
    loaded Scenario (then set, agents, days and replicates apply to files and dicts only, as
    they are loaded); returns open_comparison(out)."""
    def loaded(s):
        if isinstance(s, Scenario):
            return s
        return load(s, set=set, agents=agents, days=days, replicates=replicates, _lenient=True)
    path = _lonesim._compare([loaded(s) for s in (baseline,) + scenarios], os.fspath(out), int(threads))
    return open_comparison(path)


def batch(experiment, out=None, threads=0, runs_at_once=1, quiet=True):
    """`lonesim batch EXPERIMENT --out OUT` on this machine (for the ranks of a cluster, run
    the command line under mpirun or srun): every run, resumable, then OUT/experiment.h5,
    returned as open_file(...) datasets ("/summary", "/runs", ...)."""
    path = _lonesim._batch(os.fspath(experiment), os.fspath(out) if out else "", int(threads), int(runs_at_once), bool(quiet))
    return open_file(path)
