"""A small comparison from Python and one chart: how many fewer single-person households
are isolated, day by day, with every programme of tests/data/with_programmes.toml than
without (a world of 3,000 households, 60 days, 3 replicates; seconds to run).

    PYTHONPATH=build/python /usr/bin/python3 examples/compare_from_python.py [OUT_FOLDER]
"""
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

import lonesim

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "tests", "data")
out = sys.argv[1] if len(sys.argv) > 1 else "outputs/python_example"
os.makedirs(out, exist_ok=True)

result = lonesim.compare(os.path.join(data, "small.toml"), os.path.join(data, "with_programmes.toml"),
                         out=os.path.join(out, "comparison.h5"), agents=3000, days=60, replicates=3,
                         set={"scenario.burn_in_days": 30, "outings.base_prob": 0.8})
base, plan = result["series"]["small"], result["series"]["with_programmes"]
averted = (base.isolated - plan.isolated).mean("replicate")  # the simulated world's households
fig, ax = plt.subplots(figsize=(7, 3.5))
averted.plot(ax=ax)
ax.axhline(0, color="grey", lw=0.8)
ax.set_title("Isolated households averted by the programmes (simulated world, mean of 3 replicates)")
ax.set_ylabel("households")
fig.tight_layout()
fig.savefig(os.path.join(out, "isolated_averted.png"), dpi=100)
overall = result["comparison"]["with_programmes"]["overall"].values
print(f"lonesim {lonesim.__version__}: chart in {out}/isolated_averted.png")
for row in overall:
    print(f"  {row['outcome'].decode():40s} {row['mean']:14,.1f}  [{row['lo95']:,.1f}, {row['hi95']:,.1f}]")
