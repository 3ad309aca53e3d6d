#!/usr/bin/python3
"""docs/images/households_2025_2029.png: Seoul's single-person households in a 2025
comparison's baseline (at city scale) against the counts the scenarios follow (observed in
2024, projected 2025-2029).

    /usr/bin/python3 tools/households_chart.py outputs/seoul_comparison.h5 [--out PNG]
"""
import argparse
import csv
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("comparison")
ap.add_argument("--out", default=os.path.join(here, "..", "docs", "images", "households_2025_2029.png"))
args = ap.parse_args()

with h5py.File(args.comparison, "r") as f:
    scale = float(f.attrs["agents"]) / 1660813.0
    alive = f["scenarios/baseline/series/alive"][...].astype(float) / scale
    start = f.attrs["start_date"]
    start = np.datetime64(start.decode() if isinstance(start, bytes) else start)
days = start + np.arange(alive.shape[1])
rows = list(csv.DictReader(open(os.path.join(here, "..", "scenarios", "data", "seoul_single_households_projection.csv"))))
years = [np.datetime64(f"{r['year']}-12-31") for r in rows]
counts = [int(r["model_households_end_of_year"]) for r in rows]

fig, ax = plt.subplots(figsize=(8, 4.2))
ax.plot(days, alive.mean(axis=0) / 1e6, color="#1f77b4", label="model: baseline households alive (mean of replicates, city scale)")
ax.plot(years, np.array(counts) / 1e6, "o--", color="#d62728", label="followed: 2024 observed, then the projection (end of year)")
ax.set_ylabel("single-person households (millions)")
ax.set_title("Seoul's single-person households 2025-2029: the model against the projection it follows")
ax.legend(loc="upper left", fontsize=8)
ax.grid(alpha=0.3)
fig.tight_layout()
fig.savefig(args.out, dpi=110)
print(args.out)
