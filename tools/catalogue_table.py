#!/usr/bin/python3
"""Regenerates the programme catalogue table in README.md from scenarios/programmes/*.toml.

    /usr/bin/python3 tools/catalogue_table.py          # rewrite the table in README.md
    /usr/bin/python3 tools/catalogue_table.py --check  # exit 1 if README.md is out of date
"""
import glob
import os
import sys
import tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
START, END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"
UNIT = {"counseling": "session", "group_activity": "participant-event", "outreach": "visit",
        "hotline": "answered call", "outing_nudge": "person-day", "stressor_buffer": "person covered"}


def short(source):
    source = source.replace("|", "/")
    return source if len(source) <= 90 else source[:87] + "..."


def table():
    rows = ["| plan | programme | mechanism | capacity | unit cost (KRW) | fixed (KRW/year) | sources of capacity and cost | "
            "uncertain numbers ([ranges](docs/uncertainty.md)) |",
            "|---|---|---|---|---|---|---|---|"]
    entries = []
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "programmes", "*.toml"))):
        with open(path, "rb") as f:
            d = tomllib.load(f)
        p, cap, cost, par, src = d["programme"], d.get("capacity", {}), d.get("costs", {}), d.get("parameters", {}), d["sources"]
        if p["mechanism"] == "hotline":
            capacity = f"{par.get('lines', 10):g} lines x {par.get('hours_per_day', 24):g} h x {par.get('calls_per_line_hour', 2):g} calls/h"
            cap_src = src.get("parameters.lines", "")
        else:
            capacity = f"{cap.get('per_year', 0):,.0f}/year" + (f", {cap['concurrent']:,.0f} at once" if cap.get("concurrent") else "")
            cap_src = src.get("capacity.per_year", "")
        unit = f"{cost.get('per_unit', 0):,.0f} per {UNIT[p['mechanism']]}"
        sources = f"capacity: {short(cap_src)}; cost: {short(src.get('costs.per_unit', src.get('costs.fixed_per_year', '–')))}"
        entries.append((p.get("plan", ""), p["name"],
                        f"| {p.get('plan', '')} | `{p['name']}` {p.get('title', '')} | {p['mechanism']} | {capacity} | {unit} | "
                        f"{cost.get('fixed_per_year', 0):,.0f} | {sources} | "
                        f"{', '.join(k.split('.', 1)[1] for k in d.get('uncertainty', {})) or '–'} |"))
    rows += [e[2] for e in sorted(entries)]
    return "\n".join(rows)


def main():
    readme = os.path.join(ROOT, "README.md")
    text = open(readme, encoding="utf-8").read()
    head, rest = text.split(START)
    _, tail = rest.split(END)
    new = head + START + "\n" + table() + "\n" + END + tail
    if "--check" in sys.argv:
        if new != text:
            print("README.md catalogue table is out of date: run /usr/bin/python3 tools/catalogue_table.py")
            return 1
        return 0
    open(readme, "w", encoding="utf-8").write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
