#!/usr/bin/python3
"""HTML report of a `lonesim compare` result file, for planners (or of a `lonesim batch`
experiment file: see tools/experiment_report.py).

    /usr/bin/python3 tools/report.py outputs/compare.h5 --out outputs/report
    (or: lonesim report outputs/compare.h5 --out outputs/report)

    (--lang ko: in Korean)

Writes DIR/index.html with PNG charts drawn by matplotlib, and DIR/report.html, the same page
in one file with the charts inside: every count, person-year and KRW at Seoul's scale; the
difference from the baseline over time with its paired 95% band; prevalence over time; the
cost-effectiveness table; the effect by age band and by district (per 1,000 single-person
households, districts whose interval excludes zero marked); each plan programme by programme
(served, waiting, capacity used, spending per year against the budget); and the tables as CSV
and one Excel workbook (tools/report_tables.py); with `compare --uncertainty N`, also the parameter uncertainty (what each plan averts
over the draws, the acceptability curve with the EVPI, the drivers, the ICERs). Reads only the
HDF5 file and the district boundaries in scenarios/data.
"""
import argparse
import glob
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
from matplotlib.patches import Polygon  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
import matplotlib.cm  # noqa: E402
import matplotlib.colors  # noqa: E402
import matplotlib.dates  # noqa: E402
from matplotlib import font_manager  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_tables  # noqa: E402
import report_text  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BOUNDARIES = os.path.join(HERE, "..", "scenarios", "data", "seoul_district_boundaries.csv")


def episodes_note(table):
    """What reclusion episodes count, and why a plan can shorten reclusion without averting them."""
    row = {text(r["outcome"]): r for r in table}
    note = "<p>" + T("ep_note")
    years, episodes = row.get("reclusive_person_years_averted"), row.get("reclusion_episodes_averted")
    if years is not None and episodes is not None and years["lo95"] > 0 and episodes["lo95"] <= 0:
        note += T("ep_shorten")
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


# The report's language (set by main): words from report_text, names from the file.
LANG = "en"
CHART_FONT = ""


def T(key, **kw):
    s = report_text.TEXTS[LANG][key]
    return s.format(**kw) if kw else s


def word(k):
    """A word the file stores in English (an ICER status, a kind of variable), in the report's language."""
    return report_text.TEXTS[LANG]["words"].get(k, k)


def outcome_label(k):
    return report_text.TEXTS[LANG]["outcomes"].get(k, k)


def scenario_title(f, name):
    g = f[f"scenarios/{name}"]
    en = text(g.attrs.get("title", "")) or name
    return (text(g.attrs.get("title_ko", "")) or en) if LANG == "ko" else en


def programme_title(g, name):
    en = text(g.attrs.get("title", "")) or name
    return (text(g.attrs.get("title_ko", "")) or en) if LANG == "ko" else en


def district_names(f):
    d = f["districts"][:]
    if LANG == "ko" and "name_ko" in d.dtype.names:
        return [text(x) for x in d["name_ko"]]
    return [text(x).replace("-gu", "") for x in d["name"]]


def money(x):
    """KRW in the report's language and units, to 3 significant figures."""
    if nan(x):
        return "–"
    for unit, suffix in report_text.krw_units(LANG):
        if abs(x) >= unit * 0.9995:
            return f"{sig(x / unit)}{suffix}"
    return f"{sig(x)}{'원' if LANG == 'ko' else ' KRW'}"


# Titles for people, by scenario or programme name (draw fills them from the file).
SHOWN = {}


def shown(name):
    return SHOWN.get(name, name)


def variable_label(name):
    """A drawn variable with its programme's title: programmes.p.parameters.x -> Title: parameters.x."""
    parts = name.split(".")
    if parts[0] == "programmes" and len(parts) > 2:
        return f"{shown('programme:' + parts[1])}: {'.'.join(parts[2:])}"
    return name


# Colours that keep up to 20 lines or bars apart (matplotlib's tab20, dark shades first).
PALETTE = [matplotlib.colormaps["tab20"](i) for i in list(range(0, 20, 2)) + list(range(1, 20, 2))]
SERIES = [(("isolated", "reclusive"), "isolated_or_reclusive"), (("feels_lonely",), "feel_lonely"), (("reclusive",), "reclusive"),
          (("no_one_to_turn_to",), "no_one")]


def dates(f, n):
    start = np.datetime64(text(f.attrs["start_date"]))
    return start + np.arange(n).astype("timedelta64[D]")


def date_axis(ax):
    ax.xaxis.set_major_locator(matplotlib.dates.YearLocator())
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(matplotlib.dates.MonthLocator(bymonth=[4, 7, 10]))


def shares(f, name, names):
    s = f[f"scenarios/{name}/series"]
    return sum(s[n][:] for n in names) / s["alive"][:] * 100  # [replicate][day]


def prevalence_chart(f, scenarios, out):
    fig, axes = plt.subplots(2, 2, figsize=(12, 7), sharex=True)
    for ax, (names, key) in zip(axes.flat, SERIES):
        for k, name in enumerate(scenarios):
            mean, lo, hi = band(shares(f, name, names))
            x = dates(f, len(mean))
            ax.plot(x, mean, label=scenario_title(f, name), lw=1.2, color=PALETTE[k])
            ax.fill_between(x, np.clip(lo, 0, 100), np.clip(hi, 0, 100), alpha=0.2, color=PALETTE[k], lw=0)
        ax.set_title(T(key))
        ax.set_ylabel(T("share_axis"))
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        date_axis(ax)
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def monthly(x, width=30):
    """Means over consecutive 30-day blocks of the last axis, and each block's middle day."""
    n = x.shape[-1] // width
    return x[..., : n * width].reshape(*x.shape[:-1], n, width).mean(axis=-1), np.arange(n) * width + width // 2


def difference_chart(f, baseline, scenarios, out):
    """Each plan minus the baseline, paired by replicate, in percentage points, with its paired 95% band."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 7), sharex=True)
    for ax, (names, key) in zip(axes.flat, SERIES):
        base = shares(f, baseline, names)
        for k, name in enumerate(scenarios):
            diff, middle = monthly(shares(f, name, names) - base)
            mean, lo, hi = band(diff)
            x = dates(f, int(f.attrs["days"]))[middle]
            ax.plot(x, mean, lw=1.4, label=scenario_title(f, name), color=PALETTE[k + 1])
            ax.fill_between(x, lo, hi, alpha=0.25, color=PALETTE[k + 1], lw=0)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(T(key))
        ax.set_ylabel(T("difference_axis"))
        ax.grid(alpha=0.3)
        date_axis(ax)
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def district_map(f, name, out, rings):
    """Isolated person-years averted per 1,000 single-person households, on a scale diverging at zero;
    districts whose 95% interval excludes zero outlined and starred."""
    outcomes, values = report_tables.city_grouped(f, name, "by_district")
    est = values[outcomes.index("isolated_person_years_averted")]  # [district][mean, lo, hi]
    d = f["districts"][:]
    codes = [int(c) for c in d["code"]]
    households = np.array([float(h) for h in d["single_households"]]) if "single_households" in d.dtype.names else np.ones(len(codes))
    per = est / households[:, None] * 1000
    differs = (est[:, 1] > 0) | (est[:, 2] < 0)
    names = district_names(f)
    fig, ax = plt.subplots(figsize=(8.5, 7))
    low, high = float(np.nanmin(per[:, 0])), float(np.nanmax(per[:, 0]))
    # Diverging at zero (white), equally deep for equal sizes either way, and cut to the data's
    # range so that every colour of the scale is used.
    low, high = min(low, 0.0), max(high, 0.0)
    limit = max(abs(low), abs(high), 1e-9)
    full = matplotlib.colormaps["RdBu"]
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list(
        "diverging", full(np.linspace(0.5 + low / (2 * limit), 0.5 + high / (2 * limit), 256)))
    norm = matplotlib.colors.Normalize(vmin=low if high > low else -1e-9, vmax=high if high > low else 1e-9)
    for (code, _), ring in rings.items():
        i = codes.index(code)
        ax.add_patch(Polygon(ring, closed=True, facecolor=cmap(norm(per[i, 0])), edgecolor="black" if differs[i] else "white",
                             linewidth=1.4 if differs[i] else 0.6, zorder=2 if differs[i] else 1))
    lons = [p[0] for r in rings.values() for p in r]
    lats = [p[1] for r in rings.values() for p in r]
    ax.set_xlim(min(lons), max(lons))
    ax.set_ylim(min(lats), max(lats))
    ax.set_aspect(1 / math.cos(math.radians(37.55)))
    ax.axis("off")
    for i, (x, y) in enumerate(zip(d["centroid_lon"], d["centroid_lat"])):
        r, g, b, _ = cmap(norm(per[i, 0]))
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
        ax.text(x, y, names[i] + ("*" if differs[i] else ""), fontsize=7.5, ha="center", va="center", zorder=3,
                color="white" if dark else "black")
    fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7, label=T("map_bar"))
    ax.set_title(T("map_title", plan=scenario_title(f, name)))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def age_chart(f, scenarios, out):
    labels = [text(x) for x in f["age_bands"]["label"]]
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.8 / max(1, len(scenarios))
    x = np.arange(len(labels))
    for k, name in enumerate(scenarios):
        outcomes, values = report_tables.city_grouped(f, name, "by_age_band")
        est = values[outcomes.index("isolated_person_years_averted")]
        err = np.nan_to_num(np.vstack([est[:, 0] - est[:, 1], est[:, 2] - est[:, 0]]))
        ax.bar(x + k * width, est[:, 0], width, yerr=err, capsize=2, label=scenario_title(f, name), color=PALETTE[k + 1])
    ax.set_xticks(x + width * (len(scenarios) - 1) / 2, labels, rotation=45)
    ax.set_ylabel(T("by_age_axis"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.axhline(0, color="black", lw=0.6)
    ax.legend(fontsize=8)
    ax.set_title(T("by_age_title"))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def programme_charts(f, name, rows, out):
    """Served a year against capacity, and spending per year (stacked by programme) against the budget line."""
    if not rows:
        return False
    progs = [r[1] for r in rows]
    colour = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(progs)}
    titles = [programme_title(f[f"scenarios/{name}/programmes/{p}"], p) for p in progs]
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(15, 0.42 * len(rows) + 2.6), gridspec_kw={"width_ratios": [1.25, 1]})
    y = np.arange(len(rows))[::-1]
    ax.barh(y, [r[5] for r in rows], color=[colour[p] for p in progs], label=T("served"))
    capacity = [r[8] for r in rows]
    ax.scatter([c for c in capacity], y, marker="|", s=300, color="black", zorder=3, label=T("capacity"))
    ax.set_yticks(y, [t if len(t) <= 48 else t[:46] + "…" for t in titles], fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel(T("served_axis"))
    ax.set_title(T("served_title"))
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    spend = report_tables.spending_by_year(f, name)
    years = [yr for yr, _ in next(iter(spend.values()))]
    bottom = np.zeros(len(years))
    for p in progs:
        v = np.array([krw for _, krw in spend[p]]) / 1e9
        bx.bar(years, v, bottom=bottom, color=colour[p], width=0.7)
        bottom += v
    budget = float(f[f"scenarios/{name}"].attrs.get("budget_krw", 0))
    if budget > 0:
        bx.axhline(budget / (int(f.attrs["days"]) / 365.25) / 1e9, color="black", ls="--", lw=1.2, label=T("budget_line"))
        bx.legend(fontsize=8)
    bx.set_xticks(years, [str(yr) for yr in years])
    bx.set_ylabel(T("spending_axis"))
    bx.set_title(T("spending_title"))
    bx.grid(axis="y", alpha=0.3)
    fig.tight_layout()
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


def interval(lo, hi, show):
    """lo–hi, or 'lo to hi' when a bound is negative; – when either is missing."""
    if nan(lo) or nan(hi):
        return "–"
    return f"{show(lo)}{T('to')}{show(hi)}" if lo < 0 or hi < 0 else f"{show(lo)}–{show(hi)}"


def krw_interval(lo, hi):
    """An interval in KRW with one unit: 9.99–10.3 billion KRW (9,990–10,300억 원)."""
    if nan(lo) or nan(hi):
        return "–"
    unit, suffix = next(((u, n) for u, n in report_text.krw_units(LANG) if max(abs(lo), abs(hi)) >= u * 0.9995),
                        (1, "원" if LANG == "ko" else " KRW"))
    return interval(lo / unit, hi / unit, sig) + suffix


def share(x):
    return "–" if nan(x) else f"{100 * x:.0f}%"


def in_draws(p, draws, first=True):
    """'In 9 of 10 draws' from a probability over the draws (`first`: the opening of a sentence)."""
    k = int(round(p * draws))
    key = "in_all" if k == draws else "in_none" if k == 0 else "in_k"
    return T(key if first else key + "_later", k=k, draws=draws)


def uncertainty_sentence(u, plans, p, horizon):
    """One sentence for plan index p (of decision/plans): how often it beats the others, what it averts and why it varies."""
    draws = int(u.attrs["draws"])
    name = plans[p]
    more = u["decision/probability_more"][:]
    others = [q for q in range(1, len(plans)) if q != p]
    if others:
        parts = [T("s_more_first", when=in_draws(more[p, others[0]], draws), plan=shown(name), other=shown(plans[others[0]]))]
        parts += [T("s_more_next", when=in_draws(more[p, q], draws, first=False), other=shown(plans[q])) for q in others[1:]]
        opening = ", ".join(parts) + T("s_any", when=in_draws(more[p, 0], draws, first=False))
    else:
        opening = T("s_alone", when=in_draws(more[p, 0], draws), plan=shown(name))
    row = {text(r["outcome"]): r for r in u[f"plans/{name}/summary"][:]}["isolated_person_years_averted"]
    mean, lo, hi = float(row["mean"]), float(row["lo95"]), float(row["hi95"])
    if mean >= 0:
        effect = T("s_averts", mean=sig(mean), spread=interval(lo, hi, sig))
    else:
        effect = T("s_adds", mean=sig(-mean), spread=interval(-hi, -lo, sig))
    part = float(row["parameter_share"])
    if nan(part):
        why = T("why_same")
    elif round(100 * part) >= 100:
        why = T("why_all")
    elif round(100 * part) <= 0:
        why = T("why_none")
    else:
        why = T("why_part", pct=100 * part)
    return T("sentence", opening=opening, effect=effect, horizon=horizon, draws=draws, why=why)


def acceptability_chart(u, out):
    d = u["decision"]
    plans = [text(x) for x in d["plans"][:]]
    wtp = d["willingness_to_pay"][:] / 1e6
    prob = d["acceptability"][:]
    evpi = d["evpi"][:] / 1e9
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.2]})
    for k, name in enumerate(plans):
        ax.plot(wtp, prob[:, k], lw=1.6, label=shown(name), ls="--" if k == 0 else "-", color=PALETTE[k])
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(T("acc_y"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(T("acc_title"))
    bx.plot(wtp, evpi, color="black", lw=1.2)
    bx.set_ylim(0, evpi.max() * 1.1 if evpi.max() > 0 else 1)
    bx.set_ylabel(T("evpi_y"))
    bx.set_xlabel(T("wtp_x"))
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
    ax.axvspan(-chance, chance, color="grey", alpha=0.15, lw=0, label=T("chance", draws=draws))
    rho = [r for _, r in reversed(top)]
    labels = [variable_label(names[j]) for j, _ in reversed(top)]
    y = np.arange(len(top))
    ax.barh(y, rho, color=["#2166ac" if r >= 0 else "#b2182b" for r in rho])
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(T("rho_x"))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(T("drives", plan=shown(name)).replace(": ", ":\n", 1))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def optimal_ranges(d, plans):
    """Where along the willingness to pay each option has the highest expected net benefit (plain text)."""
    wtp, best = d["willingness_to_pay"][:], d["optimal"][:]
    starts = [0] + [k for k in range(1, len(best)) if best[k] != best[k - 1]]
    if len(starts) == 1:
        return T("r_every", plan=shown(plans[int(best[0])]), end=money(wtp[-1]))
    spans = []
    for i, k in enumerate(starts):
        name = shown(plans[int(best[k])])
        if i == 0:
            spans.append(T("r_below", plan=name, to=money(wtp[starts[1]])))
        elif i == len(starts) - 1:
            spans.append(T("r_last", plan=name, start=money(wtp[k]), end=money(wtp[-1])))
        else:
            spans.append(T("r_between", plan=name, start=money(wtp[k]), to=money(wtp[starts[i + 1]])))
    return T("r_join").join(spans)


def uncertainty_section(f, out):
    """The "Parameter uncertainty" section of a file with /uncertainty (compare --uncertainty N), as HTML."""
    u = f["uncertainty"]
    d = u["decision"]
    plans = [text(x) for x in d["plans"][:]]
    draws, replicates = int(u.attrs["draws"]), int(u.attrs["replicates"])
    days = int(f.attrs["days"])
    horizon = T("horizon", days=days, start=text(f.attrs["start_date"]))
    e = html.escape
    parts = [f"<p>{e(T('u_intro', horizon=horizon, draws=draws, replicates=replicates, times=T('time' if replicates == 1 else 'times'), file=os.path.basename(text(u.attrs.get('uncertainty_file', ''))), baseline=scenario_title(f, text(f.attrs['baseline']))))}</p>"]
    ess = float(u.attrs.get("posterior_effective_size", 0))
    calibrated = "variables" in u and any(text(k) == "calibrated" for k in u["variables"]["kind"])
    if calibrated and ess < 10:
        parts.append(f"<p>{T('u_weak', ess=ess)}</p>")
    elif not calibrated:
        parts.append(f"<p>{e(T('u_no_posterior'))}</p>")
    if draws < 20:
        parts.append(f"<p>{e(T('u_few', draws=draws))}</p>")
    sentences = "".join(f"<li>{e(uncertainty_sentence(u, plans, p, horizon))}</li>" for p in range(1, len(plans)))
    parts.append(f"<ul>{sentences}</ul>")
    parts.append(f"<p>{e(T('u_method', method=text(u.attrs.get('method', ''))))}</p>")
    for name in plans[1:]:
        rows = ""
        undefined = False
        for r in u[f"plans/{name}/summary"][:]:
            outcome = text(r["outcome"])
            in_krw = outcome.endswith("krw") or outcome.startswith("krw")
            values = [float(r["mean"]), float(r["lo95"]), float(r["hi95"])]
            if outcome.startswith("krw_per") and any(nan(v) for v in values):
                undefined = True
                values = [math.nan] * 3
            spread = krw_interval(values[1], values[2]) if in_krw else interval(values[1], values[2], sig)
            rows += (f"<tr><td>{e(outcome_label(outcome))}</td><td>{e((money if in_krw else sig)(values[0]))}</td>"
                     f"<td>{e(spread)}</td><td>{e(share(r['parameter_share']))}</td></tr>")
        kept = int(u[f"plans/{name}"].attrs.get("ratio_draws", draws))
        if undefined:
            note = f"<p>{e(T('ratio_none'))}</p>"
        elif kept < draws:
            note = f"<p>{e(T('ratio_some', kept=kept, draws=draws))}</p>"
        else:
            note = ""
        parts.append(f"<h3>{e(T('u_against', plan=shown(name), draws=draws))}</h3>"
                     f"<table><tr>{''.join(f'<th>{e(h)}</th>' for h in T('u_head'))}</tr>"
                     f"{rows}</table>{note}")
    acceptability_chart(u, os.path.join(out, "acceptability.png"))
    parts.append(f"<h3>{e(T('which'))}</h3>"
                 f'<img src="acceptability.png" alt="{e(T("acc_title"))}">'
                 f"<p>{e(T('acc_note', ranges=optimal_ranges(d, plans)))}</p>")
    if "variables" in u and len(u["variables"]) > 0:
        variables = u["variables"][:]
        names = [text(v["name"]) for v in variables]
        for name in plans[1:]:
            top = top_drivers(u, name)
            if not top:
                parts.append(f"<h3>{e(T('drives', plan=shown(name)))}</h3><p>{e(T('no_rho'))}</p>")
                continue
            png = f"tornado_{name}.png"
            tornado_chart(name, top, names, draws, os.path.join(out, png))
            rows = ""
            for j, rho in top:
                lo, hi = float(variables[j]["lo"]), float(variables[j]["hi"])
                spread = krw_interval(lo, hi) if ".costs." in names[j] else interval(lo, hi, sig)
                rows += (f"<tr><td>{e(variable_label(names[j]))}</td><td>{e(word(text(variables[j]['kind'])))}</td>"
                         f"<td>{e(spread)}</td><td>{rho:+.2f}</td></tr>")
            parts.append(f"<h3>{e(T('drives', plan=shown(name)))}</h3>"
                         f'<img src="{e(png)}" alt="tornado chart">'
                         f"<table><tr>{''.join(f'<th>{e(h)}</th>' for h in T('drivers_head'))}</tr>{rows}</table>"
                         f"<p>{e(T('rho_note', n=len(top), draws=draws, chance=chance_rho(draws)))}</p>")
    rows = "".join(
        f"<tr><td>{e(shown(text(r['plan'])))}</td><td>{e(word(text(r['status'])))}</td><td>{e(money(float(r['cost_krw'])))}</td>"
        f"<td>{e(sig(float(r['isolated_person_years_averted'])))}</td><td>{e(shown(text(r['against'])) if text(r['against']) else '–')}</td>"
        f"<td>{e(money(float(r['icer_krw_per_person_year'])))}</td></tr>"
        for r in d["icers"][:])
    parts.append(f"<h3>{e(T('icer'))}</h3>"
                 f"<table><tr>{''.join(f'<th>{e(h)}</th>' for h in T('icer_head'))}</tr>"
                 f"{rows}</table>"
                 f"<p>{e(T('icer_note'))}</p>")
    return "".join(parts)


# The page checks itself in a browser (tests/cli/report_browser.sh): script errors, images that
# did not load, and whether the title and the first chart are on the first screen.
SELF_CHECK = """<script>
window.lonesimErrors = [];
window.addEventListener("error", function (e) { window.lonesimErrors.push(String(e.message || (e.target && e.target.src) || "error")); }, true);
window.addEventListener("load", function () {
  var broken = Array.prototype.filter.call(document.images, function (i) { return !i.complete || i.naturalWidth === 0; });
  var h = document.querySelector("h1").getBoundingClientRect(), img = document.images.length ? document.images[0].getBoundingClientRect() : null;
  document.body.dataset.brokenImages = broken.length;
  document.body.dataset.errors = window.lonesimErrors.length;
  document.body.dataset.titleInView = h.bottom <= window.innerHeight;
  document.body.dataset.firstChartInView = img !== null && img.top < window.innerHeight && img.height > 0;
});
</script>"""


def programme_table(f, rows):
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in T("prog_head"))
    body = ""
    for r in rows:
        title = programme_title(f[f"scenarios/{r[0]}/programmes/{r[1]}"], r[1])
        body += (f"<tr><td>{e(title)}</td><td>{sig(r[5])}</td><td>{sig(r[6])}</td><td>{sig(r[8])}</td>"
                 f"<td>{share(r[9])}</td><td>{sig(r[10])}</td><td>{e(money(r[12]))}</td><td>{e(money(r[13]))}</td></tr>")
    return f"<table><tr>{head}</tr>{body}</table><p>{e(T('prog_note'))}</p>"


def draw(f, out):
    """Writes index.html, its charts and tables into the folder out, and report.html, the same page in one file."""
    baseline = text(f.attrs["baseline"])
    scenarios = [s for s in text(f.attrs["scenarios"]).split(",") if s]
    if not scenarios or f.attrs.get("days", 0) < 1:
        raise ValueError("holds no compared scenario or no day")
    e = html.escape
    rings = read_boundaries()
    SHOWN["no plan (baseline)"] = T("no_plan")  # the uncertainty analysis's name of the baseline
    for name in [baseline] + scenarios:
        SHOWN[name] = scenario_title(f, name)
        for p, g in f.get(f"scenarios/{name}/programmes", {}).items():
            SHOWN["programme:" + p] = programme_title(g, p)
    base_title = scenario_title(f, baseline)
    sections = []  # (anchor, heading, html)
    difference_chart(f, baseline, scenarios, os.path.join(out, "difference.png"))
    sections.append(("difference", T("difference"), f'<img src="difference.png" alt="{e(T("difference"))}"><p>{e(T("difference_note"))}</p>'))
    rows = []
    for name in scenarios:
        cells = "".join(
            f"<tr><td>{e(outcome_label(k))}</td><td>{e(money(m) if 'krw' in k else sig(m))}</td>"
            f"<td>{e(interval(lo, hi, money) if 'krw' in k else interval(lo, hi, sig))}</td></tr>"
            for k, m, lo, hi in report_tables.city_overall(f, name))
        g = f[f"comparison/{name}"]
        budget = float(g.attrs.get("budget_krw", 0))
        note = episodes_note(g["overall"][:])
        if budget > 0:
            cost = dict((k, m) for k, m, _, _ in report_tables.city_overall(f, name))["total_cost_krw"]
            note += (f"<p>{e(T('cost_note', days=int(f.attrs['days']), cost=money(cost), budget=money(budget), pct=100 * cost / budget, source=text(g.attrs.get('budget_source', ''))))}</p>")
        rows.append(f"<h3>{e(T('against', plan=scenario_title(f, name), baseline=base_title))}</h3>"
                    f"<table><tr><th>{e(T('outcome'))}</th><th>{e(T('mean'))}</th><th>{e(T('interval'))}</th></tr>{cells}</table>{note}")
    sections.append(("cost_effectiveness", T("cost_effectiveness"), "".join(rows)))
    prevalence_chart(f, [baseline] + scenarios, os.path.join(out, "prevalence.png"))
    sections.append(("prevalence", T("prevalence"), f'<img src="prevalence.png" alt="{e(T("prevalence"))}"><p>{e(T("prevalence_note"))}</p>'))
    if "uncertainty" in f:
        sections.append(("uncertainty", T("uncertainty"), uncertainty_section(f, out)))
    age_chart(f, scenarios, os.path.join(out, "by_age_band.png"))
    sections.append(("by_age", T("by_age"), f'<img src="by_age_band.png" alt="{e(T("by_age"))}">'))
    for name in scenarios:
        district_map(f, name, os.path.join(out, f"map_{name}.png"), rings)
        sections.append((f"map_{name}", T("by_district", plan=scenario_title(f, name)),
                         f'<img src="map_{e(name)}.png" alt="map"><p>{e(T("map_note"))}</p>'))
        prog = report_tables.programme_rows(f, name)
        if programme_charts(f, name, prog, os.path.join(out, f"programmes_{name}.png")):
            sections.append((f"programmes_{name}", T("programmes", plan=scenario_title(f, name)),
                             f'<img src="programmes_{e(name)}.png" alt="programmes">' + programme_table(f, prog)))
    if "starts_from" in f.attrs:  # the world it starts from and the assumptions that come with it (issue 20)
        items = "".join(f"<li>{e(scenario_title(f, n))}: {e(text(f[f'scenarios/{n}'].attrs.get('contact_after_2024', '')))}</li>"
                        for n in [baseline] + scenarios)
        sections.append(("assumptions", T("assumptions"),
                         f"<p>{e(T('starts_note', start=text(f.attrs['start_date']), history=os.path.basename(text(f.attrs['starts_from']))))}</p><ul>{items}</ul>"))
    tables = report_tables.export(f, out)
    links = "".join(f'<li><a href="{e(t.name)}.csv">{e(t.name)}.csv</a></li>' for t in tables)
    sections.append(("downloads", T("downloads"),
                     f'<p>{e(T("downloads_note"))} <a href="lonesim_tables.xlsx">lonesim_tables.xlsx</a></p><ul>{links}</ul>'))
    share_text = f"{report_tables.world_share(f, scenarios[0]):.2%}" if LANG == "en" else f"{report_tables.world_share(f, scenarios[0]):.2%}"
    meta = T("meta", agents=int(f.attrs["agents"]), days=int(f.attrs["days"]), start=text(f.attrs["start_date"]),
             replicates=int(f.attrs["replicates"]), seed=int(f.attrs["seed"]), version=text(f.attrs["version"]), commit=text(f.attrs["commit"]))
    contents = "".join(f'<li><a href="#{a}">{e(h)}</a></li>' for a, h, _ in sections)
    body = "".join(f'<h2 id="{a}">{e(h)}</h2>{content}' for a, h, content in sections)
    title = T("report_title", plans=", ".join(scenario_title(f, s) for s in scenarios), baseline=base_title)
    font = "'NanumGothic', 'Nanum Gothic', sans-serif" if LANG == "ko" else "'DejaVu Sans', 'NanumGothic', sans-serif"
    page = f"""<!doctype html><html lang="{LANG}"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta name="chart-font" content="{e(CHART_FONT)}">
{SELF_CHECK}
<style>body{{font-family:{font};max-width:1250px;margin:1.2em auto;line-height:1.4}} img{{max-width:100%}}
table{{border-collapse:collapse;margin:0.5em 0}} td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}
td:first-child,th:first-child{{text-align:left}} nav ul{{columns:3;font-size:0.9em}} h1{{font-size:1.6em;margin-bottom:0.2em}}</style></head><body>
<h1>{e(title)}</h1>
<p><strong>{e(T("scale_note", agents=int(f.attrs["agents"]), share=share_text))}</strong> {e(meta)}</p>
{body}
<nav><h2>{e(T("contents"))}</h2><ul>{contents}</ul></nav>
<p>{e(text(f.attrs['method']))}</p><p>{e(T("boundaries"))}</p>
</body></html>"""
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as index:
        index.write(page)
    with open(os.path.join(out, "report.html"), "w", encoding="utf-8") as one:
        one.write(embedded(page, out))


def embedded(page, folder):
    """The page with every chart inlined as a data: URI, one file to send by e-mail."""
    import base64
    import re

    def inline(m):
        with open(os.path.join(folder, html.unescape(m.group(1))), "rb") as png:
            return f'src="data:image/png;base64,{base64.b64encode(png.read()).decode()}"'
    return re.sub(r'src="([^"]+\.png)"', inline, page)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="en", choices=report_text.LANGUAGES, help="the report's language (en, ko)")
    args = ap.parse_args()
    global LANG, CHART_FONT
    LANG = args.lang
    # Korean needs a font with Hangul (Debian's fonts-nanum); the charts say which they used.
    family = "NanumGothic" if LANG == "ko" else "DejaVu Sans"
    # matplotlib's font cache may predate the font's installation: add Debian's Nanum fonts by path.
    for path in sorted(glob.glob("/usr/share/fonts/truetype/nanum/NanumGothic*.ttf")):
        font_manager.fontManager.addfont(path)
    try:
        CHART_FONT = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        print(f"lonesim report: --lang {LANG}: the font {family} is not installed (tools/install-deps.sh installs fonts-nanum)", file=sys.stderr)
        return 2
    matplotlib.rcParams["font.family"] = [family, "NanumGothic" if LANG != "ko" else "DejaVu Sans"]  # glyphs the first lacks
    matplotlib.rcParams["axes.unicode_minus"] = False

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
