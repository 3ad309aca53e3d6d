#!/usr/bin/python3
"""Writes the calibration's posterior as joint draws for `lonesim compare --uncertainty`.

    /usr/bin/python3 tools/export_posterior.py outputs/calibration_seoul_2019_2024 \
        scenarios/uncertainty/posterior_seoul_2019_2024.csv

The last ABC-SMC generation's particles with their importance weights, one row each:
`weight` then one column per calibrated parameter (names as `--set` takes them). A draw
picks a row with probability proportional to its weight, so the calibrated parameters
keep their joint (correlated) distribution. The file is replaced only when complete.
"""
import csv
import os
import sys

import h5py
import numpy as np


def main(folder, out):
    with h5py.File(os.path.join(folder, "calibration.h5"), "r") as f:
        if f.attrs.get("complete", 0) != 1:
            sys.exit(f"export_posterior: {folder}/calibration.h5 is not a complete calibration")
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["parameters/names"][:]]
        last = sorted(f["generations"].keys())[-1]
        values = f[f"generations/{last}/parameters"][:]
        weights = f[f"generations/{last}/weights"][:]
    if values.shape != (len(weights), len(names)) or not np.all(np.isfinite(values)) or not (weights > 0).all():
        sys.exit(f"export_posterior: generation {last} of {folder} has unusable particles or weights")
    weights = weights / weights.sum()
    tmp = out + ".part"
    with open(tmp, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["weight"] + names)
        for row, weight in zip(values, weights):
            w.writerow([repr(float(weight))] + [repr(float(x)) for x in row])
    os.replace(tmp, out)
    ess = 1.0 / float((weights ** 2).sum())
    print(f"{out}: {len(weights)} particles of generation {last}, effective sample size {ess:.1f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
