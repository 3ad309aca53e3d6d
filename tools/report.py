#!/usr/bin/python3
"""HTML report of a `lonesim compare` result file, for planners (or of a `lonesim batch`
experiment file: see tools/experiment_report.py).

    /usr/bin/python3 tools/report.py outputs/compare.h5 --out outputs/report
    (or: lonesim report outputs/compare.h5 --out outputs/report)

Writes DIR/index.html with PNG charts drawn by matplotlib: prevalence over time with
bands across replicates for each scenario, the effect by district on the Seoul map,
the effect by age band, programme uptake and waiting lists, and the cost-effectiveness
table; with `compare --uncertainty N`, also the parameter uncertainty (what each plan averts
over the draws, the acceptability curve with the EVPI, the drivers, the ICERs). Reads only the
HDF5 file and the district boundaries in scenarios/data.
"""
import argparse
import shutil
import tempfile
import csv
import html
import math
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BOUNDARIES = os.path.join(HERE, "..", "scenarios", "data", "seoul_district_boundaries.csv")
OUTCOME_LABELS = {
    "isolated_person_years_averted": "Isolated person-years averted",
    "lonely_person_years_averted": "Lonely person-years averted",
    "reclusion_episodes_averted": "Reclusion episodes averted",
    "unattended_deaths_averted": "Unattended deaths averted",
    "total_cost_krw": "Total cost (KRW)",
    "krw_per_isolated_person_year_averted": "KRW per isolated person-year averted",
    "reclusive_person_years_averted": "Reclusive person-years averted",
    "expected_unattended_deaths_averted_per_year": "Expected unattended deaths averted per year",
    "incremental_cost_krw": "Incremental cost (KRW)",
}


def episodes_note(table):
    """What reclusion episodes count, and why a plan can shorten reclusion without averting them."""
    row = {text(r["outcome"]): r for r in table}
    note = ("<p>An episode begins when someone becomes isolated (or reclusive) after at least "
            "<code>status.episode_gap_days</code> (90 by default) out of that state; person-years count every day spent in it.")
    years, episodes = row.get("reclusive_person_years_averted"), row.get("reclusion_episodes_averted")
    if years is not None and episodes is not None and years["lo95"] > 0 and episodes["lo95"] <= 0:
        note += (" This plan cuts the time spent reclusive without averting reclusion episodes: people it brings out of "
                 "reclusion later withdraw again, and each return after the gap is a new episode.")
    return note + "</p>"


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def band(values):
    """Mean and 95% interval across replicates (t-based; none with one replicate)."""
    values = np.asarray(values, dtype=float)
    mean = values.mean(axis=0)
    if values.shape[0] < 2:
        return mean, mean, mean
    from math import sqrt
    t = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776, 6: 2.571, 7: 2.447, 8: 2.365, 9: 2.306, 10: 2.262}.get(values.shape[0], 2.0)
    half = t * values.std(axis=0, ddof=1) / sqrt(values.shape[0])
    return mean, mean - half, mean + half


def read_boundaries():
    rings = {}
    with open(BOUNDARIES, newline="") as f:
        for row in csv.DictReader(f):
            rings.setdefault((int(row["district_code"]), int(row["ring"])), []).append((float(row["lon"]), float(row["lat"])))
    return rings


def prevalence_chart(f, scenarios, out):
    series = [("isolated", "reclusive"), ("feels_lonely",), ("reclusive",), ("no_one_to_turn_to",)]
    titles = ["Isolated or reclusive", "Feel lonely", "Reclusive", "No one to turn to"]
    fig, axes = plt.subplots(2, 2, figsize=(12, 7), sharex=True)
    start = text(f.attrs["start_date"])
    for ax, names, title in zip(axes.flat, series, titles):
        for name in scenarios:
            s = f[f"scenarios/{name}/series"]
            alive = s["alive"][:]
            share = sum(s[n][:] for n in names) / alive * 100
            mean, lo, hi = band(share)
            days = np.arange(len(mean))
            ax.plot(days, mean, label=name, lw=1.2)
            ax.fill_between(days, lo, hi, alpha=0.25)
        ax.set_title(title)
        ax.set_ylabel("% of single-person households")
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel(f"days from {start}")
    axes[0][0].legend(fontsize=8)
    fig.suptitle("Prevalence over time (mean and 95% band across replicates)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def district_map(f, name, out, rings):
    data = f[f"comparison/{name}/by_district"][:]  # [outcome][district][mean, lo, hi]
    outcomes = text(f[f"comparison/{name}/by_district"].attrs["outcomes"]).split(",")
    values = data[outcomes.index("isolated_person_years_averted"), :, 0]
    codes = [int(c) for c in f["districts"]["code"]]
    names = [text(n) for n in f["districts"]["name"]]
    fig, ax = plt.subplots(figsize=(8, 6.5))
    patches, colours = [], []
    for (code, _), ring in rings.items():
        patches.append(Polygon(ring, closed=True))
        colours.append(values[codes.index(code)])
    limit = max(abs(np.nanmin(values)), abs(np.nanmax(values)), 1e-9)
    coll = PatchCollection(patches, cmap="RdBu", edgecolor="white", linewidth=0.6)
    coll.set_array(np.array(colours))
    coll.set_clim(-limit, limit)
    ax.add_collection(coll)
    lons = [p[0] for r in rings.values() for p in r]
    lats = [p[1] for r in rings.values() for p in r]
    ax.set_xlim(min(lons), max(lons))
    ax.set_ylim(min(lats), max(lats))
    ax.set_aspect(1 / math.cos(math.radians(37.55)))
    ax.axis("off")
    lon = f["districts"]["centroid_lon"]
    lat = f["districts"]["centroid_lat"]
    for x, y, n in zip(lon, lat, names):
        ax.text(x, y, n.replace("-gu", ""), fontsize=6, ha="center", va="center")
    fig.colorbar(coll, ax=ax, shrink=0.7, label="isolated person-years averted (blue = fewer isolated)")
    ax.set_title(f"{name}: isolated person-years averted by district")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def age_chart(f, scenarios, out):
    labels = [text(x) for x in f["age_bands"]["label"]]
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.8 / max(1, len(scenarios))
    x = np.arange(len(labels))
    for k, name in enumerate(scenarios):
        d = f[f"comparison/{name}/by_age_band"]
        outcomes = text(d.attrs["outcomes"]).split(",")
        est = d[:][outcomes.index("isolated_person_years_averted")]
        err = np.vstack([est[:, 0] - est[:, 1], est[:, 2] - est[:, 0]])
        err = np.nan_to_num(err)
        ax.bar(x + k * width, est[:, 0], width, yerr=err, capsize=2, label=name)
    ax.set_xticks(x + width * (len(scenarios) - 1) / 2, labels, rotation=45)
    ax.set_ylabel("isolated person-years averted")
    ax.axhline(0, color="black", lw=0.6)
    ax.legend(fontsize=8)
    ax.set_title("Effect by age band (mean and 95% interval)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def uptake_chart(f, name, out):
    progs = f.get(f"scenarios/{name}/programmes")
    if progs is None or len(progs) == 0:
        return False
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for prog in progs:
        g = progs[prog]
        enrolled = g["enrolled"][:].mean(axis=0) + g["calls_answered"][:].mean(axis=0)
        days = len(enrolled)
        months = days // 30
        monthly = enrolled[: months * 30].reshape(months, 30).sum(axis=1) if months else enrolled
        axes[0].plot(np.arange(len(monthly)), monthly, label=prog, lw=1)
        axes[1].plot(g["waiting"][:].mean(axis=0), lw=1)
        axes[2].plot(np.cumsum(g["cost"][:].mean(axis=0)) / 1e9, lw=1)
    axes[0].set_title("Taken in (or calls answered) per 30 days")
    axes[0].set_xlabel("month")
    axes[1].set_title("Waiting lists")
    axes[1].set_xlabel("day")
    axes[2].set_title("Cumulative spending (billion KRW, this world)")
    axes[2].set_xlabel("day")
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=4, fontsize=7)
    fig.suptitle(f"{name}: programme uptake, waiting lists and spending (mean across replicates)")
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def nan(x):
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(x))


def sig(x, digits=3):
    """A number to `digits` significant figures with thousands separators (1,421.2 -> 1,420; 0.0200 -> 0.02)."""
    if nan(x):
        return "–"
    x = float(x)
    if x == 0:
        return "0"
    places = digits - 1 - math.floor(math.log10(abs(x)))
    shown = f"{round(x, places):,.{max(0, places)}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def krw(x):
    """KRW in million or billion KRW, to 3 significant figures."""
    if nan(x):
        return "–"
    for unit, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= unit * 0.9995:  # 999.6 million is 1 billion, not 1,000 million
            return f"{sig(x / unit)} {name} KRW"
    return f"{sig(x)} KRW"


def interval(lo, hi, show):
    """lo–hi, or 'lo to hi' when a bound is negative; – when either is missing."""
    if nan(lo) or nan(hi):
        return "–"
    return f"{show(lo)} to {show(hi)}" if lo < 0 or hi < 0 else f"{show(lo)}–{show(hi)}"


def krw_interval(lo, hi):
    """An interval in KRW with one unit: 9.99–10.3 billion KRW."""
    if nan(lo) or nan(hi):
        return "–"
    unit, name = next(((u, n) for u, n in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))
                       if max(abs(lo), abs(hi)) >= u), (1, ""))
    return interval(lo / unit, hi / unit, sig) + f"{name} KRW"


def share(x):
    return "–" if nan(x) else f"{100 * x:.0f}%"


def in_draws(p, draws, first=True):
    """'In 9 of 10 draws' from a probability over the draws (`first`: the opening of a sentence)."""
    k = int(round(p * draws))
    if k == draws:
        words = f"all {draws} draws" if first else f"all {draws}"
    elif k == 0:
        words = f"none of the {draws} draws" if first else "none"
    else:
        words = f"{k} of {draws} draws" if first else f"{k} of {draws}"
    return ("In " if first else "in ") + words


def uncertainty_sentence(u, plans, p, horizon):
    """One sentence for plan index p (of decision/plans): how often it beats the others, what it averts and why it varies."""
    draws = int(u.attrs["draws"])
    name = plans[p]
    more = u["decision/probability_more"][:]
    others = [q for q in range(1, len(plans)) if q != p]
    if others:
        parts = [f"{in_draws(more[p, others[0]], draws)} {name} averts more isolated person-years than {plans[others[0]]}"]
        parts += [f"{in_draws(more[p, q], draws, first=False)} more than {plans[q]}" for q in others[1:]]
        opening = ", ".join(parts) + f", and {in_draws(more[p, 0], draws, first=False)} it averts any at all"
    else:
        opening = (f"{in_draws(more[p, 0], draws)} {name} averts isolated person-years "
                   "(fewer people isolated than with no plan)")
    row = {text(r["outcome"]): r for r in u[f"plans/{name}/summary"][:]}["isolated_person_years_averted"]
    mean, lo, hi = float(row["mean"]), float(row["lo95"]), float(row["hi95"])
    if mean >= 0:
        effect = f"it averts {sig(mean)} [{interval(lo, hi, sig)}] isolated person-years"
    else:
        effect = f"it adds {sig(-mean)} [{interval(-hi, -lo, sig)}] isolated person-years"
    part = float(row["parameter_share"])
    if nan(part):
        why = "the draws do not differ"
    elif round(100 * part) >= 100:
        why = "all of this spread comes from the parameters"
    elif round(100 * part) <= 0:
        why = "none of this spread comes from the parameters: it is all simulation noise"
    else:
        why = f"{100 * part:.0f}% of this spread comes from the parameters, the rest is simulation noise"
    return (f"{opening}; {effect} in Seoul over {horizon} "
            f"(95% interval over {draws} parameter draws; {why}).")


def acceptability_chart(u, out):
    d = u["decision"]
    plans = [text(x) for x in d["plans"][:]]
    wtp = d["willingness_to_pay"][:] / 1e6
    prob = d["acceptability"][:]
    evpi = d["evpi"][:] / 1e9
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.2]})
    for k, name in enumerate(plans):
        ax.plot(wtp, prob[:, k], lw=1.6, label=name, ls="--" if k == 0 else "-")
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("probability most cost-effective")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title("Cost-effectiveness acceptability curve (share of parameter draws)")
    bx.plot(wtp, evpi, color="black", lw=1.2)
    bx.set_ylim(0, evpi.max() * 1.1 if evpi.max() > 0 else 1)
    bx.set_ylabel("EVPI per decision\n(billion KRW)")
    bx.set_xlabel("willingness to pay (million KRW per isolated person-year averted)")
    bx.grid(alpha=0.3)
    bx.set_xlim(wtp[0], wtp[-1])
    bx.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def top_drivers(u, name, outcome="isolated_person_years_averted", n=10):
    """The n variables of largest |Spearman rho| with the outcome: [(index, rho)], or [] without drivers."""
    if f"plans/{name}/drivers" not in u:
        return []
    outcomes = [text(x) for x in u["outcomes"][:]]
    rho = u[f"plans/{name}/drivers"][outcomes.index(outcome)]
    # A plan's result cannot depend on another plan's programmes: their correlations are chance.
    own = set(u.file[f"scenarios/{name}/programmes"].keys()) if f"scenarios/{name}/programmes" in u.file else set()
    variables = [text(v) for v in u["variables"]["name"]]
    def its_own(j):
        parts = variables[j].split(".")
        return parts[0] != "programmes" or parts[1] in own
    ranked = sorted((j for j in range(len(rho)) if not nan(rho[j]) and its_own(j)), key=lambda j: -abs(rho[j]))
    return [(j, float(rho[j])) for j in ranked[:n]]


def chance_rho(draws):
    """About the largest |Spearman rho| that chance alone gives in 95% of samples of this many draws."""
    return 1.96 / math.sqrt(draws - 1) if draws > 1 else 1.0


def tornado_chart(name, top, names, draws, out):
    fig, ax = plt.subplots(figsize=(12, 1.8 + 0.42 * len(top)))
    chance = chance_rho(draws)
    ax.axvspan(-chance, chance, color="grey", alpha=0.15, lw=0, label=f"within chance at {draws} draws")
    rho = [r for _, r in reversed(top)]
    labels = [names[j] for j, _ in reversed(top)]
    y = np.arange(len(top))
    ax.barh(y, rho, color=["#2166ac" if r >= 0 else "#b2182b" for r in rho])
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("Spearman rank correlation with isolated person-years averted\n(blue: more averted as the number rises)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(f"{name}:\nwhat drives the isolated person-years averted")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def optimal_ranges(d, plans):
    """Where along the willingness to pay each option has the highest expected net benefit (plain text)."""
    wtp, best = d["willingness_to_pay"][:], d["optimal"][:]
    starts = [0] + [k for k in range(1, len(best)) if best[k] != best[k - 1]]
    if len(starts) == 1:
        return f"{plans[int(best[0])]} at every willingness to pay up to {krw(wtp[-1])}"
    spans = []
    for i, k in enumerate(starts):
        name = plans[int(best[k])]
        if i == 0:
            spans.append(f"{name} below about {krw(wtp[starts[1]])}")
        elif i == len(starts) - 1:
            spans.append(f"{name} from about {krw(wtp[k])} (up to {krw(wtp[-1])}, the end of the curve)")
        else:
            spans.append(f"{name} from about {krw(wtp[k])} to {krw(wtp[starts[i + 1]])}")
    return "; ".join(spans)


def uncertainty_section(f, out):
    """The "Parameter uncertainty" section of a file with /uncertainty (compare --uncertainty N), as HTML."""
    u = f["uncertainty"]
    d = u["decision"]
    plans = [text(x) for x in d["plans"][:]]
    draws, replicates = int(u.attrs["draws"]), int(u.attrs["replicates"])
    days = int(f.attrs["days"])
    horizon = f"the {days:,} days from {text(f.attrs['start_date'])}"
    e = html.escape
    parts = ["<h2>Parameter uncertainty</h2>"]
    parts.append(
        f"<p>All figures in this section are for the whole of Seoul (city scale: the simulated world's counts and costs "
        f"divided by its share of Seoul's single-person households), summed over {e(horizon)}; expected unattended deaths "
        f"are per year. {draws} parameter draws, each run {replicates} {'time' if replicates == 1 else 'times'} "
        f"for no plan and every plan on the same random numbers; what is uncertain: {e(os.path.basename(text(u.attrs.get('uncertainty_file', ''))))}. "
        f"“No plan” is the baseline, {e(text(f.attrs['baseline']))}.</p>")
    ess = float(u.attrs.get("posterior_effective_size", 0))
    calibrated = "variables" in u and any(text(k) == "calibrated" for k in u["variables"]["kind"])
    if calibrated and ess < 10:
        parts.append(f"<p><strong>Warning: the calibration's posterior is weak.</strong> Its effective sample size is "
                     f"{ess:.1f} (below 10): the calibrated parameters' draws come from a few particles, so their "
                     f"share of the spread is uncertain itself.</p>")
    elif not calibrated:
        parts.append("<p>No calibration posterior was drawn: the calibrated parameters stay at the scenarios' values, so the spread "
                     "below leaves out the calibration's own uncertainty.</p>")
    if draws < 20:
        parts.append(f"<p>With only {draws} draws the 95% intervals and the probabilities are rough.</p>")
    sentences = "".join(f"<li>{e(uncertainty_sentence(u, plans, p, horizon))}</li>" for p in range(1, len(plans)))
    parts.append(f"<ul>{sentences}</ul>")
    parts.append(f"<p>Method: {e(text(u.attrs.get('method', '')))}.</p>")
    for name in plans[1:]:
        rows = ""
        undefined = False
        for r in u[f"plans/{name}/summary"][:]:
            outcome = text(r["outcome"])
            money = outcome.endswith("krw") or outcome.startswith("krw")
            values = [float(r["mean"]), float(r["lo95"]), float(r["hi95"])]
            if outcome.startswith("krw_per") and any(nan(v) for v in values):
                undefined = True
                values = [math.nan] * 3
            spread = krw_interval(values[1], values[2]) if money else interval(values[1], values[2], sig)
            rows += (f"<tr><td>{e(OUTCOME_LABELS.get(outcome, outcome))}</td><td>{e((krw if money else sig)(values[0]))}</td>"
                     f"<td>{e(spread)}</td><td>{e(share(r['parameter_share']))}</td></tr>")
        kept = int(u[f"plans/{name}"].attrs.get("ratio_draws", draws))
        if undefined:
            note = "<p>The cost per isolated person-year averted is not given: in no draw does the plan avert any.</p>"
        elif kept < draws:
            note = (f"<p>The cost per isolated person-year averted is over the {kept} of {draws} draws in which the plan "
                    f"averts any; in the others it averts none, or adds isolation.</p>")
        else:
            note = ""
        parts.append(f"<h3>{e(name)} against no plan, over {draws} draws</h3>"
                     f"<table><tr><th>outcome</th><th>mean</th><th>95% interval</th><th>parameters' share of the variance</th></tr>"
                     f"{rows}</table>{note}")
    acceptability_chart(u, os.path.join(out, "acceptability.png"))
    parts.append("<h3>Which option is most cost-effective</h3>"
                 '<img src="acceptability.png" alt="cost-effectiveness acceptability curve and EVPI">'
                 "<p>Top: in what share of the draws each option, no plan included, has the highest net benefit "
                 "(willingness to pay × isolated person-years averted − incremental cost) at a willingness to pay. "
                 "Bottom: the expected value of perfect information, what knowing the parameters exactly would be worth "
                 "per decision (billion KRW). Highest expected net benefit: "
                 f"{e(optimal_ranges(d, plans))} per isolated person-year averted.</p>")
    if "variables" in u and len(u["variables"]) > 0:
        variables = u["variables"][:]
        names = [text(v["name"]) for v in variables]
        for name in plans[1:]:
            top = top_drivers(u, name)
            if not top:
                parts.append(f"<h3>{e(name)}: what drives the isolated person-years averted</h3><p>No rank correlation to "
                             "show: the isolated person-years averted are the same in every draw.</p>")
                continue
            png = f"tornado_{name}.png"
            tornado_chart(name, top, names, draws, os.path.join(out, png))
            rows = ""
            for j, rho in top:
                lo, hi = float(variables[j]["lo"]), float(variables[j]["hi"])
                spread = krw_interval(lo, hi) if ".costs." in names[j] else interval(lo, hi, sig)
                rows += (f"<tr><td>{e(names[j])}</td><td>{e(text(variables[j]['kind']))}</td>"
                         f"<td>{e(spread)}</td><td>{rho:+.2f}</td></tr>")
            parts.append(f"<h3>{e(name)}: what drives the isolated person-years averted</h3>"
                         f'<img src="{e(png)}" alt="tornado chart">'
                         f"<table><tr><th>variable</th><th>kind</th><th>range</th><th>Spearman rho</th></tr>{rows}</table>"
                         f"<p>The {len(top)} variables whose draws rank most closely with the plan's isolated person-years "
                         f"averted per draw (Spearman's rho; positive: more averted as the variable rises). At {draws} draws, "
                         f"a rho within ±{chance_rho(draws):.2f} can come from chance alone.</p>")
    rows = "".join(
        f"<tr><td>{e(text(r['plan']))}</td><td>{e(text(r['status']))}</td><td>{e(krw(float(r['cost_krw'])))}</td>"
        f"<td>{e(sig(float(r['isolated_person_years_averted'])))}</td><td>{e(text(r['against']) or '–')}</td>"
        f"<td>{e(krw(float(r['icer_krw_per_person_year'])))}</td></tr>"
        for r in d["icers"][:])
    parts.append("<h3>Incremental cost-effectiveness</h3>"
                 "<table><tr><th>option</th><th>status</th><th>expected incremental cost</th>"
                 "<th>expected isolated person-years averted</th><th>against</th><th>ICER (per isolated person-year averted)</th></tr>"
                 f"{rows}</table>"
                 "<p>Expected over the draws, against no plan. Along the cost, an option is dominated when another costs no more "
                 "and averts no fewer, and extendedly dominated when a mix of the options either side of it would do better; "
                 "each remaining option's ICER is against the next cheaper one that remains.</p>")
    return "".join(parts)


def draw(f, out):
    """Writes index.html and the charts of a comparison file into the folder out."""
    baseline = text(f.attrs["baseline"])
    scenarios = [s for s in text(f.attrs["scenarios"]).split(",") if s]
    if not scenarios or f.attrs.get("days", 0) < 1:
        raise ValueError("holds no compared scenario or no day")
    rings = read_boundaries()
    parts = []
    prevalence_chart(f, [baseline] + scenarios, os.path.join(out, "prevalence.png"))
    parts.append('<h2>Prevalence over time</h2><img src="prevalence.png" alt="prevalence over time">')
    rows = []
    for name in scenarios:
        t = f[f"comparison/{name}/overall"][:]
        cells = "".join(
            f"<tr><td>{OUTCOME_LABELS[text(r['outcome'])]}</td><td>{fmt(r['mean'])}</td>"
            f"<td>{fmt(r['lo95'])} – {fmt(r['hi95'])}</td></tr>" for r in t)
        g = f[f"comparison/{name}"]
        budget = float(g.attrs.get("budget_krw", 0))
        note = episodes_note(t)
        if budget > 0:
            scale = f.attrs["agents"] / 1660813
            note += (f"<p>Simulated cost over {f.attrs['days']} days at city scale: "
                    f"{float(g.attrs['simulated_cost_krw']) / scale / 1e9:,.1f} billion KRW, against a budget of "
                    f"{budget / 1e9:,.1f} billion KRW ({html.escape(text(g.attrs.get('budget_source', '')))}).</p>")
        rows.append(f"<h3>{html.escape(name)} against {html.escape(baseline)}</h3>"
                    f"<table><tr><th>outcome</th><th>mean</th><th>95% interval</th></tr>{cells}</table>{note}")
    parts.append("<h2>Cost-effectiveness</h2>" + "".join(rows))
    if "uncertainty" in f:
        parts.append(uncertainty_section(f, out))
    age_chart(f, scenarios, os.path.join(out, "by_age_band.png"))
    parts.append('<h2>Effect by age band</h2><img src="by_age_band.png" alt="effect by age band">')
    for name in scenarios:
        district_map(f, name, os.path.join(out, f"map_{name}.png"), rings)
        parts.append(f'<h2>{html.escape(name)}: effect by district</h2><img src="map_{name}.png" alt="map">')
        if uptake_chart(f, name, os.path.join(out, f"uptake_{name}.png")):
            parts.append(f'<h2>{html.escape(name)}: programmes</h2><img src="uptake_{name}.png" alt="uptake">')
    # The world it starts from and the assumptions that come with it (issue 20).
    assumptions = ""
    if "starts_from" in f.attrs:
        items = "".join(
            f"<li>{html.escape(name)}: {html.escape(text(f[f'scenarios/{name}'].attrs.get('contact_after_2024', '')))}</li>"
            for name in [baseline] + scenarios)
        assumptions = (f"<h2>Assumptions</h2><p>Every scenario starts on {html.escape(text(f.attrs['start_date']))} from the end of "
                       f"{html.escape(os.path.basename(text(f.attrs['starts_from'])))} (the calibrated history: its world, "
                       f"parameters and household growth), replicate by replicate. What contact does after 2024:</p><ul>{items}</ul>")
    meta = (f"{f.attrs['agents']:,} agents, {f.attrs['days']} days from {text(f.attrs['start_date'])}, "
            f"{f.attrs['replicates']} replicate(s), seed {f.attrs['seed']}, lonesim {text(f.attrs['version'])} "
            f"({text(f.attrs['commit'])})")
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>lonesim report</title>
<style>body{{font-family:sans-serif;max-width:1250px;margin:2em auto}} img{{max-width:100%}}
table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}
td:first-child{{text-align:left}}</style></head><body>
<h1>Scenario comparison: {html.escape(', '.join(scenarios))} against {html.escape(baseline)}</h1>
<p>{html.escape(meta)}. {html.escape(text(f.attrs['method']))}</p>
<p>Capacities and costs are scaled to the simulated world (agents / 1,660,813).
District boundaries: southkorea/seoul-maps (Apache-2.0).</p>
{assumptions}
{''.join(parts)}
</body></html>"""
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as index:
        index.write(page)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    def fail(why):
        print(f"lonesim report: {args.file}: {why}", file=sys.stderr)
        return 2

    try:
        f = h5py.File(args.file, "r")
    except OSError as e:
        return fail(f"cannot open: {e}")
    experiment = "runs" in f and "design" in f.attrs and f.attrs.get("complete", 0) == 1
    if not experiment and ("comparison" not in f or f.attrs.get("complete", 0) != 1):
        return fail("not a complete `lonesim compare` result file")
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        print(f"lonesim report: {args.out}: --out: exists and is not a folder", file=sys.stderr)
        return 2
    # Drawn into a temporary folder beside --out, moved into it only when every chart is
    # done: a malformed file leaves nothing behind, and a previous report stays whole.
    parent = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".lonesim-report-", dir=parent)
    try:
        if experiment:
            sys.path.insert(0, HERE)
            import experiment_report

            code = experiment_report.write(f, tmp)
            if code != 0:
                return code
        else:
            draw(f, tmp)
        os.makedirs(args.out, exist_ok=True)
        for name in os.listdir(tmp):
            os.replace(os.path.join(tmp, name), os.path.join(args.out, name))
    except Exception as e:  # a malformed file: one line, not a traceback
        first = str(e).splitlines()[0] if str(e) else ""
        return fail(f"cannot draw the report: {type(e).__name__}: {first}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"report: {os.path.join(args.out, 'index.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
