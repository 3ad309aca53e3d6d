"""The table of tools/baseline_decomposition.sh: each variant's yearly means and its
change from 2025 to 2029, and the seasonal swing (winter months against the rest)."""
import sys

import h5py
import numpy as np

folder, names = sys.argv[1], sys.argv[2:]


def series(path):
    with h5py.File(path, "r") as f:
        ts = f["timeseries"]
        total = lambda m: ts[m][...].astype(float).sum(axis=(2, 3))  # replicate x day
        alive = total("alive")
        out = {
            "households": alive,
            "isolated or reclusive": (total("isolated") + total("reclusive")) / alive,
            "feel lonely": total("feels_lonely") / alive,
            "no one to turn to": total("no_one_to_turn_to") / alive,
        }
        start = np.datetime64(f.attrs["start_date"].decode() if isinstance(f.attrs["start_date"], bytes) else f.attrs["start_date"])
    days = start + np.arange(alive.shape[1])
    return out, days


print("| variant | measure | 2025 | 2026 | 2027 | 2028 | 2029 | change 2025-2029 | winter minus rest |")
print("|---|---|---|---|---|---|---|---|---|")
for name in names:
    out, days = series(f"{folder}/{name}.h5")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    winter = (months == 12) | (months <= 2)
    for measure, v in out.items():
        mean = v.mean(axis=0)  # over replicates
        by_year = [mean[years == y].mean() for y in range(2025, 2030)]
        fmt = (lambda x: f"{x:,.0f}") if measure == "households" else (lambda x: f"{100 * x:.2f}%")
        swing = mean[winter].mean() - mean[~winter].mean()
        change = by_year[-1] - by_year[0]
        cfmt = f"{change:+,.0f}" if measure == "households" else f"{100 * change:+.2f} pt"
        sfmt = f"{swing:+,.0f}" if measure == "households" else f"{100 * swing:+.2f} pt"
        print(f"| {name} | {measure} | " + " | ".join(fmt(x) for x in by_year) + f" | {cfmt} | {sfmt} |")
