#!/usr/bin/python3
"""The take-away tables of a `lonesim compare` or `lonesim batch` file, as CSV files and one
Excel workbook (issue 23). The report writes them into its folder; `lonesim export` writes
them anywhere:

    /usr/bin/python3 tools/report_tables.py FILE.h5 --csv DIR     (or: lonesim export FILE.h5 --csv DIR)

Counts, person-years and KRW of a comparison are at Seoul's scale (the simulated world's over
its share of Seoul's single-person households); the world's own summary is the table
summary_world. A folder is written whole or not at all, and only a folder that is new, empty
or an earlier export (it holds .lonesim-export) is written into.
"""
import argparse
import csv
import datetime
import math
import os
import shutil
import sys
import tempfile

import h5py
import numpy as np

MARK = ".lonesim-export"
SEOUL_HOUSEHOLDS = 1660813  # scenarios/data, 2024: for files written before world_share was stored


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


class Table:
    def __init__(self, name, header, rows):
        self.name, self.header, self.rows = name, header, rows


def world_share(f, name):
    g = f[f"comparison/{name}"]
    return float(g.attrs["world_share"]) if "world_share" in g.attrs else float(f.attrs["agents"]) / SEOUL_HOUSEHOLDS


def city_overall(f, name):
    """The summary rows at Seoul's scale: [(outcome, mean, lo95, hi95)]."""
    g = f[f"comparison/{name}"]
    if "overall_world" in g:
        return [(text(r["outcome"]), float(r["mean"]), float(r["lo95"]), float(r["hi95"])) for r in g["overall"][:]]
    share = world_share(f, name)  # an older file: its summary is the world's
    rows = []
    for r in g["overall"][:]:
        k = text(r["outcome"])
        s = 1.0 if k.startswith("krw_per") else 1.0 / share
        rows.append((k, float(r["mean"]) * s, float(r["lo95"]) * s, float(r["hi95"]) * s))
    return rows


def city_grouped(f, name, group):
    """[outcome][group][mean, lo, hi] at Seoul's scale, and the outcome names."""
    g = f[f"comparison/{name}"]
    d = g[group]
    outcomes = text(d.attrs["outcomes"]).split(",")
    values = d[:]
    if f"{group}_world" not in g:
        share = world_share(f, name)
        values = values.copy()
        for k, o in enumerate(outcomes):
            if not o.startswith("krw_per"):
                values[k] /= share
    return outcomes, values


def titles(f, group_path, fallback):
    g = f[group_path]
    en = text(g.attrs.get("title", "")) or fallback
    return en, text(g.attrs.get("title_ko", "")) or en


def districts(f):
    d = f["districts"][:]
    names = d.dtype.names
    codes = [int(x) for x in d["code"]]
    en = [text(x) for x in d["name"]]
    ko = [text(x) for x in d["name_ko"]] if "name_ko" in names else en
    households = [int(x) for x in d["single_households"]] if "single_households" in names else [0] * len(codes)
    return codes, en, ko, households


def programme_rows(f, scenario):
    """Per programme at Seoul's scale: served, waiting, capacity used, spending (issue 23 part 3)."""
    progs = f.get(f"scenarios/{scenario}/programmes")
    if progs is None:
        return []
    share = world_share(f, scenario)
    years = int(f.attrs["days"]) / 365.25
    rows = []
    for p in progs:
        g = progs[p]
        en, ko = titles(f, g.name, p)
        served = (g["enrolled"][:].sum(axis=1) + g["calls_answered"][:].sum(axis=1)).mean() / share / years
        waiting = g["waiting"][:]
        cost = g["cost"][:].sum(axis=1).mean() / share / years
        capacity = float(g.attrs.get("capacity_per_year", 0))
        used = served / capacity if capacity > 0 else math.nan
        missed = g["calls_missed"][:].sum(axis=1).mean() / share / years
        detected = g["detected"][:].sum(axis=1).mean() / share / years
        rows.append([scenario, p, en, ko, text(g.attrs.get("mechanism", "")), served, waiting.mean() / share,
                     waiting[:, -1].mean() / share, capacity if capacity > 0 else math.nan, used, missed, detected, cost,
                     cost / served if served > 0 else math.nan])
    return rows


PROGRAMME_HEADER = ["scenario", "programme", "title", "title_ko", "mechanism", "served_per_year", "waiting_mean",
                    "waiting_at_end", "capacity_per_year", "capacity_used", "calls_missed_per_year", "detected_per_year",
                    "spending_per_year_krw", "krw_per_person_served"]


def spending_by_year(f, scenario):
    """Spending per calendar year at Seoul's scale: {programme: [(year, krw)]}."""
    progs = f.get(f"scenarios/{scenario}/programmes")
    if progs is None:
        return {}
    share = world_share(f, scenario)
    start = datetime.date.fromisoformat(text(f.attrs["start_date"]))
    years = np.array([(start + datetime.timedelta(days=int(d))).year for d in range(int(f.attrs["days"]))])
    out = {}
    for p in progs:
        daily = progs[p]["cost"][:].mean(axis=0) / share
        out[p] = [(int(y), float(daily[years == y].sum())) for y in sorted(set(years.tolist()))]
    return out


def comparison_tables(f):
    baseline = text(f.attrs["baseline"])
    scenarios = [s for s in text(f.attrs["scenarios"]).split(",") if s]
    tables = []
    rows, world = [], []
    for s in scenarios:
        en, ko = titles(f, f"scenarios/{s}", s)
        for k, m, lo, hi in city_overall(f, s):
            rows.append([s, en, ko, baseline, k, m, lo, hi])
        g = f[f"comparison/{s}"]
        if "overall_world" in g:
            for r in g["overall_world"][:]:
                world.append([s, baseline, text(r["outcome"]), float(r["mean"]), float(r["lo95"]), float(r["hi95"])])
    tables.append(Table("summary", ["scenario", "title", "title_ko", "against", "outcome", "mean", "lo95", "hi95"], rows))
    if world:
        tables.append(Table("summary_world", ["scenario", "against", "outcome", "mean", "lo95", "hi95"], world))
    codes, en, ko, households = districts(f)
    rows = []
    for s in scenarios:
        outcomes, v = city_grouped(f, s, "by_district")
        for k, o in enumerate(outcomes):
            for d in range(len(codes)):
                per = 1000.0 / households[d] if households[d] > 0 and not o.startswith("krw_per") else math.nan
                rows.append([s, codes[d], en[d], ko[d], households[d], o, v[k, d, 0], v[k, d, 1], v[k, d, 2],
                             v[k, d, 0] * per, v[k, d, 1] * per, v[k, d, 2] * per])
    tables.append(Table("by_district", ["scenario", "district_code", "district", "district_ko", "single_households", "outcome",
                                        "mean", "lo95", "hi95", "mean_per_1000_households", "lo95_per_1000_households",
                                        "hi95_per_1000_households"], rows))
    bands = [text(x) for x in f["age_bands"]["label"]]
    rows = []
    for s in scenarios:
        outcomes, v = city_grouped(f, s, "by_age_band")
        for k, o in enumerate(outcomes):
            for b, label in enumerate(bands):
                rows.append([s, label, o, v[k, b, 0], v[k, b, 1], v[k, b, 2]])
    tables.append(Table("by_age_band", ["scenario", "age_band", "outcome", "mean", "lo95", "hi95"], rows))
    rows = [r for s in [baseline] + scenarios for r in programme_rows(f, s)]
    tables.append(Table("programmes", PROGRAMME_HEADER, rows))
    rows = []
    for s in [baseline] + scenarios:
        budget = float(f[f"scenarios/{s}"].attrs.get("budget_krw", 0))
        per_year = budget / (int(f.attrs["days"]) / 365.25) if budget > 0 else math.nan
        for p, spend in spending_by_year(f, s).items():
            rows += [[s, p, y, krw, per_year] for y, krw in spend]
    tables.append(Table("spending_by_year", ["scenario", "programme", "year", "spending_krw", "plan_budget_per_year_krw"], rows))
    if "uncertainty" in f:
        u = f["uncertainty"]
        rows = []
        for p in [text(x) for x in u["decision/plans"][:]][1:]:
            for r in u[f"plans/{p}/summary"][:]:
                rows.append([p, text(r["outcome"]), float(r["mean"]), float(r["lo95"]), float(r["hi95"]), float(r["parameter_share"])])
        tables.append(Table("uncertainty_summary", ["scenario", "outcome", "mean", "lo95", "hi95", "parameter_share"], rows))
        d = u["decision"]
        plans = [text(x) for x in d["plans"][:]]
        acc = d["acceptability"][:]
        rows = [[float(w)] + [float(x) for x in acc[i]] for i, w in enumerate(d["willingness_to_pay"][:])]
        tables.append(Table("acceptability", ["willingness_to_pay_krw"] + [f"p_most_cost_effective_{p}" for p in plans], rows))
    return tables


def batch_tables(f):
    params = [text(x) for x in f["parameters/names"][:]] if "parameters/names" in f else []
    outcomes = [text(x) for x in f["outcomes/names"][:]]
    scen = [text(x) for x in f["scenarios"][:]]
    runs = f["runs"]
    n = len(runs["scenario"])
    pv = runs["parameters"][:] if "parameters" in runs else np.zeros((n, 0))
    ov = runs["outcomes"][:]
    rows = []
    for i in range(n):
        s = runs["scenario"][i]
        rows.append([scen[int(s)] if not isinstance(s, bytes) else text(s), int(runs["point"][i]), int(runs["replicate"][i])]
                    + [float(x) for x in pv[i]] + [float(x) for x in ov[i]])
    tables = [Table("runs", ["scenario", "point", "replicate"] + params + outcomes, rows)]
    mean = f["summary/mean"][:]
    rows = [[scen[s], p] + [float(x) for x in mean[s, p]] for s in range(mean.shape[0]) for p in range(mean.shape[1])]
    tables.append(Table("summary", ["scenario", "point"] + outcomes, rows))
    return tables


def tables_of(f):
    if "runs" in f and "design" in f.attrs:
        return batch_tables(f)
    if "comparison" in f:
        return comparison_tables(f)
    raise ValueError("neither a `lonesim compare` nor a `lonesim batch` result file")


def cell(x):
    if isinstance(x, (float, np.floating)):
        return "" if math.isnan(x) else repr(float(x))
    return x


def write_csv(tables, folder):
    for t in tables:
        with open(os.path.join(folder, t.name + ".csv"), "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            w.writerow(t.header)
            for r in t.rows:
                w.writerow([cell(x) for x in r])


def write_xlsx(tables, path, about):
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    info = book.active
    info.title = "about"
    for line in about:
        info.append([line])
    for t in tables:
        sheet = book.create_sheet(t.name[:31])
        sheet.append(t.header)
        for c in sheet[1]:
            c.font = Font(bold=True)
        for r in t.rows:
            sheet.append([None if isinstance(x, (float, np.floating)) and math.isnan(x) else
                          (float(x) if isinstance(x, np.floating) else x) for x in r])
        sheet.freeze_panes = "A2"
    book.save(path)


def about_lines(f):
    lines = [f"lonesim {text(f.attrs.get('version', ''))} ({text(f.attrs.get('commit', ''))}): {text(f.attrs.get('program', ''))}"]
    if "comparison" in f:
        s = [x for x in text(f.attrs["scenarios"]).split(",") if x]
        lines.append(f"Counts, person-years and KRW are for all of Seoul: the simulated world ({int(f.attrs['agents']):,} households) "
                     f"is {world_share(f, s[0]):.4g} of Seoul's single-person households; summary_world holds the world's own figures.")
        lines.append(f"{int(f.attrs['days'])} days from {text(f.attrs['start_date'])}, {int(f.attrs['replicates'])} replicate(s), "
                     "95% intervals across replicates (common random numbers).")
    lines.append("Empty cells: not defined (for example capacity used of a programme without a capacity).")
    return lines


def export(f, folder, workbook="lonesim_tables.xlsx"):
    """Writes every table as CSV and the workbook into folder (which exists)."""
    tables = tables_of(f)
    write_csv(tables, folder)
    write_xlsx(tables, os.path.join(folder, workbook), about_lines(f))
    return tables


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--csv", required=True, metavar="DIR")
    args = ap.parse_args()

    def fail(why):
        print(f"lonesim export: {why}", file=sys.stderr)
        return 2

    try:
        f = h5py.File(args.file, "r")
    except OSError as e:
        return fail(f"{args.file}: cannot open: {str(e).splitlines()[0] if str(e) else ''}")
    if f.attrs.get("complete", 0) != 1:
        return fail(f"{args.file}: not a complete lonesim result file")
    out = args.csv
    if os.path.exists(out):
        if not os.path.isdir(out):
            return fail(f"{out}: --csv: exists and is not a folder")
        if os.listdir(out) and not os.path.exists(os.path.join(out, MARK)):
            return fail(f"{out}: --csv: the folder holds files lonesim did not write; choose a new or empty folder")
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".lonesim-export-", dir=parent)
    try:
        tables = export(f, tmp)
        open(os.path.join(tmp, MARK), "w").write(f"written by lonesim export from {os.path.abspath(args.file)}\n")
        os.makedirs(out, exist_ok=True)
        for name in os.listdir(tmp):
            os.replace(os.path.join(tmp, name), os.path.join(out, name))
    except Exception as e:  # a malformed file: one line, not a traceback
        first = str(e).splitlines()[0] if str(e) else ""
        return fail(f"{args.file}: cannot write the tables: {type(e).__name__}: {first}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"export: {len(tables)} tables in {out} (CSV and lonesim_tables.xlsx)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
