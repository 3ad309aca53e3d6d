#!/usr/bin/python3
"""Check a batch result folder with h5py, and optionally that two folders hold the same
numbers bit for bit (every dataset of experiment.h5 and every run's series).

usage: check_batch.py DIR [OTHER_DIR]
"""
import sys

import h5py
import numpy as np


def datasets(f):
    out = {}
    f.visititems(lambda name, o: out.__setitem__(name, o) if isinstance(o, h5py.Dataset) else None)
    return out


def check_one(path):
    with h5py.File(f"{path}/experiment.h5", "r") as f:
        assert f.attrs["complete"] == 1, "experiment.h5 not complete"
        n = len(f["runs/scenario"])
        S, P = len(f["scenarios"]), f["summary/mean"].shape[1]
        R = int(f.attrs["replicates"])
        assert n == S * P * R, f"{n} runs, expected {S}x{P}x{R}"
        assert f["runs/outcomes"].shape == (n, len(f["outcomes/names"]))
        names = [x.decode() if isinstance(x, bytes) else x for x in f["outcomes/names"][:]]
        out = f["runs/outcomes"][:]
        # Paired outcomes are NaN for the baseline only.
        baseline = f["runs/scenario"][:] == 0
        averted = names.index("isolated_person_years_averted")
        assert np.all(np.isnan(out[baseline, averted])), "baseline runs have an averted value"
        assert np.all(np.isfinite(out[~baseline, averted])), "scenario runs lack an averted value"
        # Expected unattended deaths: each death's chance of lying unfound, so between none
        # and every death (a fixed-point sum read without its scale would be far above).
        expected, died = out[:, names.index("expected_unattended_deaths_per_year")], out[:, names.index("deaths_per_year")]
        assert np.all((expected >= 0) & (expected <= died)), f"expected unattended deaths {expected} against deaths {died}"
        assert expected.sum() > 0, "no death had any chance of going unattended"
        # Reclusion is a part of isolation or reclusion.
        reclusive, isolated = out[:, names.index("reclusive_person_years")], out[:, names.index("isolated_person_years")]
        assert np.all((reclusive >= 0) & (reclusive <= isolated)), f"reclusive {reclusive} against isolated {isolated} person-years"
        # Every run's series reachable through the external links, with the run's length.
        days = int(f.attrs["days"])
        for k in range(n):
            s = f[f"runs/series/run_{k:06d}"]
            assert s["isolated"].shape == (days,), f"run {k}: series of {s['isolated'].shape}"
        # The summary mean is the mean over replicates of the runs.
        iso = names.index("isolated_prevalence_end")
        for s in range(S):
            for p in range(P):
                rows = (f["runs/scenario"][:] == s) & (f["runs/point"][:] == p)
                assert np.isclose(out[rows, iso].mean(), f["summary/mean"][s, p, iso], rtol=1e-12)
        if "sensitivity" in f:
            assert len(f["sensitivity"]) == S
    print(f"ok   {path}: {n} runs, {S} scenario(s) x {P} point(s) x {R} replicate(s)")
    return n


def same(a, b):
    with h5py.File(f"{a}/experiment.h5", "r") as fa, h5py.File(f"{b}/experiment.h5", "r") as fb:
        da, db = datasets(fa), datasets(fb)
        assert sorted(da) == sorted(db), f"different datasets: {sorted(set(da) ^ set(db))}"
        for name in da:
            x, y = da[name][()], db[name][()]
            if x.dtype.kind in "fiu":
                assert x.shape == y.shape and x.tobytes() == y.tobytes(), f"{name} differs"
            else:
                assert list(x.flat) == list(y.flat), f"{name} differs"
        for key in fa.attrs:
            if key not in ("ranks_last_session",):
                assert str(fa.attrs[key]) == str(fb.attrs[key]), f"attribute {key} differs"
        n = len(fa["runs/scenario"])
        for k in range(n):
            sa, sb = fa[f"runs/series/run_{k:06d}"], fb[f"runs/series/run_{k:06d}"]
            for s in sa:
                assert sa[s][()].tobytes() == sb[s][()].tobytes(), f"run {k}: series {s} differs"
    print(f"ok   {a} and {b} are bit-identical ({len(da)} datasets, {n} runs' series)")


check_one(sys.argv[1])
if len(sys.argv) > 2:
    check_one(sys.argv[2])
    same(sys.argv[1], sys.argv[2])
