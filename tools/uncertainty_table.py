#!/usr/bin/python3
"""Regenerates docs/uncertainty.md: every uncertain number `lonesim compare --uncertainty`
draws, with its distribution, range and source (issue 22).

    /usr/bin/python3 tools/uncertainty_table.py          # rewrite docs/uncertainty.md
    /usr/bin/python3 tools/uncertainty_table.py --check  # exit 1 if it is out of date
"""
import csv
import glob
import os
import sys
import tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DOC = os.path.join(ROOT, "docs", "uncertainty.md")


def cell(text):
    return str(text).replace("|", "/").replace("\n", " ")


def num(x):
    return f"{x:,.6g}" if isinstance(x, (int, float)) else str(x)


def current(d, key):
    table, _, name = key.partition(".")
    if table == "referrals":
        return next((r["probability"] for r in d.get("referrals", []) if r["to"] == name), "–")
    return d.get(table, {}).get(name, "default")


def document():
    u_path = os.path.join(ROOT, "scenarios", "uncertainty", "seoul.toml")
    with open(u_path, "rb") as f:
        u = tomllib.load(f)
    lines = [
        "# Uncertain numbers",
        "",
        "Generated from `scenarios/uncertainty/seoul.toml`, its posterior file and the `[uncertainty]` tables of",
        "`scenarios/programmes/*.toml` by `tools/uncertainty_table.py`; do not edit by hand.",
        "`lonesim compare ... --uncertainty N` draws all of them together (README, \"Parameter uncertainty\"):",
        "a Latin hypercube over the behavioural and programme numbers, each through its distribution",
        "(uniform; log-uniform, uniform in the logarithm; triangular, its peak at the current value), and",
        "the calibrated parameters jointly, one particle of the calibration's posterior per draw, picked by",
        "weight. \"default\" is the mechanism's default (docs/programmes.md).",
        "",
        "## Calibrated parameters: the posterior",
        "",
    ]
    post = os.path.join(os.path.dirname(u_path), u["uncertainty"]["posterior"])
    with open(post, newline="") as f:
        rows = list(csv.reader(f))
    names, data = rows[0][1:], [[float(x) for x in r] for r in rows[1:]]
    weights = [r[0] for r in data]
    ess = 1 / sum(w * w for w in weights) * sum(weights) ** 2
    lines += [f"`{os.path.relpath(post, ROOT)}`: {len(data)} particles of the calibration's last ABC-SMC generation, "
              f"effective sample size {ess:.1f} (`tools/export_posterior.py`). Weighted range of each:", "",
              "| parameter | lowest | weighted mean | highest |", "|---|---|---|---|"]
    for j, n in enumerate(names):
        col = [r[j + 1] for r in data]
        mean = sum(w * x for w, x in zip(weights, col)) / sum(weights)
        lines.append(f"| `{n}` | {num(min(col))} | {num(mean)} | {num(max(col))} |")
    lines += ["", "## Behavioural parameters", "", "| parameter | distribution | range | source |", "|---|---|---|---|"]
    for p in u.get("parameters", []):
        lines.append(f"| `{p['name']}` | {p['distribution']} | {num(p['range'][0])} – {num(p['range'][1])} | {cell(p['source'])} |")
    fixed = u.get("fixed", [])
    lines += ["", "## Behavioural parameters held at their defaults", "",
              "Every other parameter whose size is an assumption. The calibration held them at their defaults,",
              "so its posterior is conditional on them; `--draw-fixed` draws them too, from the range below, as a",
              "sensitivity analysis that is not conditioned on the calibration (the baseline then leaves the",
              "fitted targets). The unit test \"every assumption is drawn, fixed with a reason, or a definition\"",
              "keeps the list complete.", "",
              "| parameter | distribution | range | source | why it is held |", "|---|---|---|---|---|"]
    for p in fixed:
        lines.append(f"| `{p['name']}` | {p['distribution']} | {num(p['range'][0])} – {num(p['range'][1])} | {cell(p['source'])} | {cell(p['reason'])} |")
    lines += ["", "## Definitions", "", "What is counted, not an uncertain number; never drawn.", "", "| parameter | why |", "|---|---|"]
    for p in u.get("definitions", []):
        lines.append(f"| `{p['name']}` | {cell(p['reason'])} |")
    lines += ["", "## Programmes", "", "| programme | number | value | distribution | range | source |", "|---|---|---|---|---|---|"]
    count = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "programmes", "*.toml"))):
        with open(path, "rb") as f:
            d = tomllib.load(f)
        for key, e in d.get("uncertainty", {}).items():
            count += 1
            lines.append(f"| `{d['programme']['name']}` | `{key}` | {num(current(d, key))} | {e['distribution']} | "
                         f"{num(e['range'][0])} – {num(e['range'][1])} | {cell(e['source'])} |")
    lines += ["", f"{count} programme numbers, {len(u.get('parameters', []))} behavioural parameters drawn and {len(fixed)} held "
              f"(drawn with `--draw-fixed`), {len(names)} calibrated parameters.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    text = document()
    if sys.argv[1:] == ["--check"]:
        old = open(DOC, encoding="utf-8").read() if os.path.exists(DOC) else ""
        if old != text:
            sys.exit("docs/uncertainty.md is out of date: run /usr/bin/python3 tools/uncertainty_table.py")
    else:
        open(DOC, "w", encoding="utf-8").write(text)
