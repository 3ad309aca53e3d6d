"""HTML report of a `lonesim batch` experiment file (OUT/experiment.h5): for each
scenario, which parameters drive the key outcomes (Sobol' indices for a Saltelli design,
standardised regression coefficients otherwise), and the outcomes across design points.
Called by tools/report.py when it is given an experiment file.
"""
import html
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def strings(ds):
    return [text(x) for x in ds[:]]


def sensitivity_chart(f, scenario, out):
    """One panel per key outcome: bars per parameter (first-order and total indices with
    their 95% intervals, or SRC)."""
    g = f["sensitivity"][scenario]
    outcomes = list(g.keys())
    names = strings(f["parameters/names"])
    fig, axes = plt.subplots(1, len(outcomes), figsize=(4.2 * len(outcomes), 0.5 * len(names) + 2.2), squeeze=False)
    y = np.arange(len(names))
    for ax, outcome in zip(axes[0], outcomes):
        h = g[outcome]
        if "first" in h:
            for k, (key, colour, label) in enumerate([("first", "#1f77b4", "first-order"), ("total", "#ff7f0e", "total")]):
                v, lo, hi = h[key][:], h[key + "_lo"][:], h[key + "_hi"][:]
                err = np.vstack([np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)])
                ax.barh(y + (k - 0.5) * 0.38, v, height=0.38, color=colour, xerr=err, capsize=2, label=label)
            ax.set_xlabel("Sobol' index")
            ax.legend(fontsize=7, loc="lower right")
        else:
            v = h["src"][:]
            ax.barh(y, v, color=["#2ca02c" if x >= 0 else "#d62728" for x in np.nan_to_num(v)])
            ax.axvline(0, color="black", lw=0.6)
            ax.set_xlabel(f"standardised regression coefficient (R² {h.attrs['r2']:.2f})")
        ax.set_yticks(y)
        ax.set_yticklabels(names, fontsize=8)
        ax.set_title(outcome.replace("_", " "), fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def outcome_chart(f, out):
    """Each key outcome across the design points: the replicate mean of every point per
    scenario, as a strip of dots with the overall spread."""
    scenarios = strings(f["scenarios"])
    names = strings(f["outcomes/names"])
    mean = f["summary/mean"][:]
    keys = ["isolated_prevalence_end", "expected_unattended_deaths_per_year", "krw_per_isolated_person_year_averted", "lonely_prevalence_end"]
    fig, axes = plt.subplots(1, len(keys), figsize=(4.2 * len(keys), 3.2), squeeze=False)
    for ax, key in zip(axes[0], keys):
        q = names.index(key)
        for s, name in enumerate(scenarios):
            v = mean[s, :, q]
            v = v[np.isfinite(v)]
            if len(v):
                ax.scatter(np.full(len(v), s) + np.linspace(-0.15, 0.15, len(v)), v, s=8, alpha=0.7)
        ax.set_xticks(range(len(scenarios)))
        ax.set_xticklabels(scenarios, rotation=20, fontsize=7, ha="right")
        ax.set_title(key.replace("_", " "), fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def write(f, out_dir):
    scenarios = strings(f["scenarios"])
    parts = []
    outcome_chart(f, os.path.join(out_dir, "outcomes.png"))
    parts.append('<h2>Outcomes across the design points</h2><img src="outcomes.png" alt="outcomes">')
    if "sensitivity" in f:
        parts.append(f"<p>{html.escape(text(f['sensitivity'].attrs['method']))}.</p>")
        for s in scenarios:
            if s in f["sensitivity"]:
                sensitivity_chart(f, s, os.path.join(out_dir, f"sensitivity_{s}.png"))
                parts.append(f'<h2>{html.escape(s)}: what drives the outcomes</h2><img src="sensitivity_{s}.png" alt="sensitivity">')
    n = len(f["runs/scenario"])
    meta = (f"{n} runs: {len(scenarios)} scenario(s) x {f['summary/mean'].shape[1]} design point(s) "
            f"({text(f.attrs['design'])}) x {int(f.attrs['replicates'])} replicate(s), {int(f.attrs['days'])} days from "
            f"{text(f.attrs['start_date'])}; baseline {text(f.attrs['baseline'])}; lonesim {text(f.attrs['lonesim_commit'])}")
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>lonesim experiment {html.escape(text(f.attrs['experiment']))}</title>
<style>body{{font-family:sans-serif;max-width:1200px;margin:2em auto}} img{{max-width:100%}}</style></head><body>
<h1>Experiment {html.escape(text(f.attrs['experiment']))}</h1>
<p>{html.escape(text(f.attrs['description']))}</p><p>{html.escape(meta)}.</p>
{''.join(parts)}
</body></html>"""
    with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as out:
        out.write(page)
    print(f"report: {os.path.join(out_dir, 'index.html')}")
    return 0
