#!/usr/bin/python3
"""docs/calibration.md and its chart, from the output folder of `lonesim calibrate`.

    /usr/bin/python3 tools/calibration_report.py outputs/calibration_seoul_2019_2024
    /usr/bin/python3 tools/calibration_report.py OUT --doc /tmp/c.md --chart /tmp/c.png

Reads OUT/calibration.h5 (the posterior, the targets, the check runs at the fitted values)
and the check runs' daily series under OUT/check/<scenario>/runs/. Writes the
observed-vs-model table and a chart: each fitted target (observed with its tolerance,
model mean with the 95% range of the check runs), and the history's social-isolation
index and loneliness over 2019-2024 against the survey points.
"""
import argparse
import datetime
import glob
import os
import tomllib

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# Why a target is missed, written after looking at the fit (shown only for misses).
WHY = {
    "no_one_to_turn_to_2019": (
        "The history starts from the day-0 state after the burn-in, and two years are not enough "
        "for the network and loneliness to settle: the index still falls through 2019 (from 41% to "
        "36% over the year, the chart). At the same values with a five-year burn-in "
        "(`burn_in_days = 1825`) the 2019 index is flat at 35-36%; a refit with the longer burn-in "
        "is the next step (it costs about 1.4 times as much per simulation)."),
    "no_one_to_turn_to_2021": (
        "During distancing the index rises to about 50%, above the survey's 43.6%: the shock to "
        "contact and venues lets turnover end ties that agents cannot replace while venues are "
        "shut. The same parameters must give the 2019 level and the level after the pandemic, and "
        "the fit trades the three."),
    "no_one_to_turn_to_2023": (
        "After distancing ends, agents replace lost ties within about a year (formation is "
        "proportional to the ties they are short of), so by May 2023 the index is back at 34%, "
        "below the survey's 42% (national, 33.0% of adults): Korea's index stayed high longer "
        "than the model's ties take to recover."),
    "no_one_to_turn_to_60_plus_2023": (
        "The model's age gradient is much steeper than the survey's: 73% of single households "
        "aged 60 and over have no one to turn to, against 52% (40.7% of adults, mapped). Older "
        "agents have fewer friends, no co-workers and more loneliness-driven decay of ties; "
        "`ties.lonely_decay_factor` tilts the gradient (at 0 it is far flatter) but the other "
        "targets hold it near 1.75. Reported, not fitted, until the model has what is missing."),
    "lonely_2024": (
        "Loneliness falls after the pandemic to 33% by late 2024, against 48.9%. In the model, "
        "feeling lonely and having no one to turn to move together; the fit keeps the index near "
        "its targets and loneliness lands low. The posterior predictive reaches only 39%: no "
        "particle fits both, which is a limit of the model rather than of the number of "
        "generations."),
    "isolated_or_reclusive_20_39_2022": (
        "Young agents who work or study meet co-workers in person on most days, so they are "
        "seldom 30 days without in-person contact: 1.3% of 20-39-year-olds are isolated or "
        "reclusive, against the survey's 4.5% (5.8% mapped). Withdrawal (30 days without an "
        "outing) is nearly unreachable for the young in the model; the survey's reasons (job loss "
        "or job search 45.5%, psychological 40.9%, relationships 40.3%) point to mechanisms the "
        "model lacks."),
    "solitary_deaths_2024": (
        "At 1% of Seoul the model sees about eight solitary deaths a year, so one run's count "
        "is Poisson noise of about 35% (the 95% of runs covers 784); the count also depends on "
        "how many of the dead were isolated, which the other targets pin down."),
    "hospital_accompaniment_people_2023": (
        "Hospital accompaniment takes people who are acutely ill and ask for it; in the "
        "model fewer single households are ill at once than the 7,500 places a year assume."),
}


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def fmt(v, kind="share"):
    if not np.isfinite(v):
        return "n/a"
    if kind == "share":
        return f"{100 * v:.1f}%"
    return f"{v:,.0f}"


def kind_of(description):
    return "share" if ": share" in description else "count"


def series(folder, name):
    """[run, day] of a Seoul-wide series of the check runs in folder."""
    runs = sorted(glob.glob(os.path.join(folder, "runs", "run_*.h5")))
    out = []
    for r in runs:
        with h5py.File(r) as f:
            out.append(f["series"][name][...] / f["series"]["alive"][...])
            start = text(f.attrs["start_date"])
    return np.array(out), datetime.date.fromisoformat(start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", help="the folder lonesim calibrate wrote")
    ap.add_argument("--doc", default="docs/calibration.md")
    ap.add_argument("--chart", default="docs/images/calibration.png")
    a = ap.parse_args()

    with h5py.File(os.path.join(a.out, "calibration.h5")) as f:
        assert f.attrs["complete"] == 1, "calibration.h5 is incomplete"
        attrs = {k: f.attrs[k] for k in f.attrs}
        P = {k: f["parameters"][k][...] for k in f["parameters"]}
        post = {k: f["posterior"][k][...] for k in f["posterior"]}
        fitted = f["fitted"][...]
        T = {k: f["targets"][k][...] for k in f["targets"]}
        gens = [(g, f["generations"][g].attrs["epsilon"], len(f["generations"][g]["weights"]),
                 f["generations"][g].attrs["proposed"]) for g in sorted(f["generations"])]
    names = [text(n) for n in P["names"]]
    tnames = [text(n) for n in T["names"]]
    desc = [text(d) for d in T["description"]]
    src = [text(s) for s in T["source"]]
    mapping = [text(m) for m in T["mapping"]]
    scenario = text(attrs["scenario"])
    calib_file = text(attrs["file"])
    with open(calib_file, "rb") as fh:
        scenario_file = os.path.join(os.path.dirname(calib_file), tomllib.load(fh)["calibration"]["scenario"])
    with open(scenario_file, "rb") as fh:
        burn_in = int(tomllib.load(fh)["scenario"].get("burn_in_days", 0))

    # The chart: fitted targets, then the history's isolation index and loneliness (with the
    # targets over all ages: the series are Seoul-wide).
    fit_idx = [j for j in range(len(tnames)) if T["fit"][j]]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), gridspec_kw={"width_ratios": [1.2, 1, 1]})
    ax = axes[0]
    for row, j in enumerate(fit_idx):
        obs, tol = T["observed"][j], T["tolerance"][j]
        scale = obs if obs != 0 else 1.0  # relative to the observed value, so all fit on one axis
        ax.barh(row, 2 * tol / scale, left=(obs - tol) / scale, color="#c6dbef", height=0.5)
        ax.plot([1.0], [row], "k|", markersize=16)
        lo, hi, m = T["model_lo"][j] / scale, T["model_hi"][j] / scale, T["model_mean"][j] / scale
        ax.plot([lo, hi], [row, row], color="#d62728", lw=2)
        ax.plot([m], [row], "o", color="#d62728")
    ax.set_yticks(range(len(fit_idx)))
    ax.set_yticklabels([tnames[j] for j in fit_idx], fontsize=8)
    ax.set_xlabel("model / observed (blue: tolerance; red: mean and 95% of runs)")
    ax.set_title("Fitted targets")
    ax.invert_yaxis()
    check_dir = os.path.join(a.out, gens[-1][0].join(["generation_", ""]), "check", scenario)
    for ax, name, label, pts in (
        (axes[1], "no_one_to_turn_to", "No one to turn to (share of single households)",
         [(n, j) for n, j in ((n, tnames.index(n)) for n in tnames if n.startswith("no_one_to_turn_to")) if "ages 0-200" in desc[j]]),
        (axes[2], "feels_lonely", "Feels lonely (share of single households)",
         [(n, j) for n, j in ((n, tnames.index(n)) for n in tnames if n.startswith("lonely")) if "ages 0-200" in desc[j]]),
    ):
        ys, start = series(check_dir, name)
        days = [start + datetime.timedelta(days=d) for d in range(ys.shape[1])]
        ax.fill_between(days, np.percentile(ys, 2.5, axis=0), np.percentile(ys, 97.5, axis=0), color="#fcbba1", label="model, 95% of runs")
        ax.plot(days, ys.mean(axis=0), color="#d62728", lw=1, label="model mean")
        for n, j in pts:
            d = desc[j]
            a0 = datetime.date.fromisoformat(d.split(" from ")[1].split(" ")[0])
            a1 = datetime.date.fromisoformat(d.split(" to ")[1].split(" ")[0])
            mid = a0 + (a1 - a0) / 2
            ax.errorbar([mid], [T["observed"][j]], yerr=[T["tolerance"][j]], fmt="ks", capsize=4, label="observed ± tolerance" if n == pts[0][0] else None)
        if days[0] < datetime.date(2022, 4, 17) and days[-1] > datetime.date(2020, 2, 23):
            ax.axvspan(datetime.date(2020, 2, 23), datetime.date(2022, 4, 17), color="#eeeeee", zorder=0, label="COVID-19 distancing")
        ax.set_title(label, fontsize=10)
        ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    os.makedirs(os.path.dirname(a.chart) or ".", exist_ok=True)
    fig.savefig(a.chart + ".partial.png", dpi=110)
    os.replace(a.chart + ".partial.png", a.chart)

    md = []
    w = md.append
    w("# Calibration: Seoul 2019-2024")
    w("")
    w("Generated by `/usr/bin/python3 tools/calibration_report.py " + a.out + "` from the output of")
    w(f"`build/lonesim calibrate {calib_file} --runs-at-once 2 --threads 1`; do not edit by hand.")
    w("The calibrated values are the defaults in `models/parameters.hpp` (their source says so) and,")
    w("for the COVID-19 shock, in `scenarios/history_2019_2024.toml`.")
    w("")
    w("## Method")
    w("")
    w(f"Approximate Bayesian computation with sequential Monte Carlo (ABC-SMC) on scenario `{scenario}`")
    w("(2019-01-01 to 2024-12-31: COVID-19 distancing, growth of single-person households, the programmes")
    w("of the time). Generation 0 draws a Latin hypercube from the priors and keeps the particles nearest")
    w("the targets; each later generation proposes from the last one's weighted particles, moved by a")
    w("Gaussian kernel of twice their covariance (Beaumont et al. 2009), accepts those within a tolerance")
    w("set at a quantile of the last generation's distances, and weights them by prior over proposal")
    w("density. The distance is the root mean square of (model - observed) / tolerance over the fitted")
    w(f"targets, the model value being the mean of {int(attrs['replicates'])} replicates. Every simulation goes through")
    w("the batch layer (`lonesim batch`), so a calibration spreads over MPI ranks and resumes after a kill.")
    w(f"This fit: {int(attrs['simulations'])} simulations of 1% of Seoul (about 15,100-16,600 agents, {burn_in:,} burn-in days plus")
    w(f"2,192 days each) on 2 cores; the last invocation took {float(attrs['wall_seconds']):.0f} s (a resumed calibration reuses the runs")
    w("already done).")
    w("")
    w("| generation | tolerance (distance) | accepted | proposed |")
    w("|---|---|---|---|")
    for g, eps, n, prop in gens:
        w(f"| {int(g)} | {eps:.3g} | {n} | {prop} |")
    w("")
    w("## Fitted parameters")
    w("")
    w("The fitted value (the default, to 3 significant digits) is the last generation's particle nearest")
    w("the targets: a joint point of the posterior. The medians of the marginals, taken together, can miss")
    w("where parameters trade off against each other. The interval is the 95% credible interval of the")
    w("last generation; a wide one means the targets do not pin the parameter down.")
    w("")
    w("| parameter | unit | prior | fitted | posterior median | 95% credible interval |")
    w("|---|---|---|---|---|---|")
    for i, n in enumerate(names):
        w(f"| `{n}` | {text(P['units'][i])} | {text(P['prior'][i])} [{P['min'][i]:g}, {P['max'][i]:g}] | {fitted[i]:.4g} | {post['q50'][i]:.4g} | "
          f"[{post['q025'][i]:.4g}, {post['q975'][i]:.4g}] |")
    w("")
    w("## Observed and model")
    w("")
    w("Model: the runs at the fitted values (mean, and 2.5% to 97.5% of the runs); posterior predictive:")
    w("the spread of the last generation's particles, which adds the parameters' uncertainty.")
    w("Reported targets are not fitted: the programme volumes are inputs (capacities and application")
    w("rates come from them), so they check that uptake fills them.")
    w("")
    w("| target | observed | tolerance | model mean | model 95% | posterior predictive 95% | within tolerance |")
    w("|---|---|---|---|---|---|---|")
    for j, n in enumerate(tnames):
        k = kind_of(desc[j])
        pp = f"[{fmt(T['posterior_lo'][j], k)}, {fmt(T['posterior_hi'][j], k)}]" if T["fit"][j] else "(reported)"
        ok = "yes" if T["within_tolerance"][j] else "**no**"
        w(f"| `{n}` | {fmt(T['observed'][j], k)} | ±{fmt(T['tolerance'][j], k)} | {fmt(T['model_mean'][j], k)} | "
          f"[{fmt(T['model_lo'][j], k)}, {fmt(T['model_hi'][j], k)}] | {pp} | {ok} |")
    w("")
    w("![Observed and model](images/calibration.png)")
    w("")
    missed = [j for j in range(len(tnames)) if not T["within_tolerance"][j]]
    w("## Where the model misses")
    w("")
    if not missed:
        w("Every target is within its tolerance at the fitted values.")
    for j in missed:
        w(f"- `{tnames[j]}`: {WHY.get(tnames[j], 'not yet explained.')}")
    w("")
    w("## Targets, sources and mappings")
    w("")
    for j, n in enumerate(tnames):
        line = f"- `{n}`: {desc[j].split(': ', 1)[1]}. Source: {src[j]}."
        if mapping[j]:
            line += f" Mapping: {mapping[j]}."
        w(line)
    w("")
    w("**From all adults to single-person households.** The social-isolation index (\"no one to turn")
    w("to\": 27.7% in 2019, 34.9% in 2022) and the isolated-youth survey (4.5%) count all adults; the model")
    w("has only single-person households. They are scaled by the ratio of loneliness among single-person")
    w("households to all adults in the same national survey, 48.9% / 38.2% = 1.280 (targets.toml")
    w("loneliness), assuming single households stand to all adults in isolation as they do in loneliness.")
    w("The youth target's tolerance also covers the unscaled 4.5%.")
    w("")
    w("**Arrivals.** The history follows Seoul's count of single-person households: 1,510,000 at the end")
    w("of 2022 (held back to the start, as no earlier count is in our data), 1,630,000 at the end of 2023")
    w("and 1,661,000 at the end of 2024, linear in between. Each day new households arrive until the")
    w("world holds its share of the count, replacing those who died and adding the growth. A newcomer")
    w("has the district and age mix of the 2024 table, brings family and work ties and half the usual")
    w("friends (an assumption), and no neighbours yet.")
    w("")
    w("**Network turnover, and the burn-in.** Non-family ties end at `ties.turnover_per_year` (0.1: about")
    w("half of close network members are replaced in seven years, Mollenhorst 2009) and agents form new")
    w("ties in proportion to how many they are short of the number they seek, so a world with no shocks")
    w("keeps its network size (tested). Before this, the status quo's network grew from 7.4 to 12.7 ties")
    w("per agent in six years and its loneliness kept falling, and the fit leaned on that drift. From the")
    w(f"day-0 state the network and loneliness take about three years to settle; this fit's {burn_in:,}-day")
    w("burn-in leaves part of that in 2019 (see the misses above).")
    w("")
    os.makedirs(os.path.dirname(a.doc) or ".", exist_ok=True)
    with open(a.doc + ".partial", "w") as fh:
        fh.write("\n".join(md))
    os.replace(a.doc + ".partial", a.doc)
    print(f"wrote {a.doc} and {a.chart}")


if __name__ == "__main__":
    main()
