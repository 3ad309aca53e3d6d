#!/usr/bin/python3
"""Checks a lonesim result file with h5py, independently of the C++ code."""
import sys

import h5py
import numpy as np

path, agents, days, replicates = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with h5py.File(path, "r") as f:
    a = f.attrs
    for key in ["program", "version", "commit", "scenario_text", "resolved_scenario", "seed",
                "start_date", "agents", "threads", "wall_time_s", "replicates", "days"]:
        assert key in a, f"missing root attribute {key}"
    assert a["complete"] == 1
    assert a["agents"] == agents and a["days"] == days and a["replicates"] == replicates
    assert "[scenario]" in a["scenario_text"]
    districts = f["districts"][:]
    assert len(districts) == 25 and districts["code"][0] == 11110
    assert b"Jongno-gu" in districts["name"][0]
    assert 126.7 < districts["centroid_lon"].mean() < 127.2
    bands = f["age_bands"][:]
    assert len(bands) == 15 and bands["label"][-1] == b"85+"
    ts = f["timeseries"]
    expected = {"alive", "connected", "lonely", "isolated", "reclusive", "no_one_to_turn_to",
                "mean_loneliness", "mean_degree", "isolation_episodes", "recoveries", "deaths",
                "unattended_deaths", "ties_formed", "ties_lost", "outings", "contacts"}
    assert expected <= set(ts.keys()), expected - set(ts.keys())
    for name, d in ts.items():
        if d.attrs.get("CLASS") == b"DIMENSION_SCALE":  # a coordinate (issue 24): replicate, date, district, age_band
            continue
        assert d.shape == (replicates, days, 25, 15), (name, d.shape)
        assert d.chunks is not None and d.compression == "gzip", name
        assert d.attrs["description"] and d.attrs["units"], name
        assert [dim.label for dim in d.dims] == ["replicate", "date", "district", "age_band"], name
    alive = ts["alive"][:]
    statuses = sum(ts[s][:] for s in ["connected", "lonely", "isolated", "reclusive"])
    assert np.array_equal(statuses, alive), "statuses do not add up to the living"
    total = alive.sum(axis=(2, 3))
    deaths = ts["deaths"][:].sum(axis=(2, 3))
    departures = ts["departures"][:].sum(axis=(2, 3))
    arrivals = ts["arrivals"][:].sum(axis=(2, 3))
    # The living on day d are those of the day before, less the day's deaths and
    # departures, plus its arrivals; the world keeps its size (newcomers take the homes
    # of those who left).
    assert (deaths.sum() > 0) and (departures.sum() > 0) and (arrivals.sum() > 0)
    assert np.array_equal(total[:, 1:], total[:, :-1] - deaths[:, 1:] - departures[:, 1:] + arrivals[:, 1:]), "alive + deaths do not add up"
    assert (total == agents).all(), "the world did not keep its size"
    assert (ts["no_one_to_turn_to"][:] <= alive).all()
    L = ts["mean_loneliness"][:]
    assert np.nanmin(L) >= 0 and np.nanmax(L) <= 1
    assert not np.array_equal(ts["lonely"][0], ts["lonely"][1]), "replicates should differ"
    snap = f["snapshots/day_60"]
    store = snap["agents/loneliness"].shape[0]  # the living and the homes kept for newcomers
    assert agents <= store <= agents * 1.01 + 25 and snap["agents/alive"][:].sum() == agents
    assert len(snap["edges/a"]) == len(snap["edges/b"]) > agents
    assert "snapshots/day_0" in f
    assert f["network/clustering"].shape == (replicates, 2)
print(f"ok: {path}")
