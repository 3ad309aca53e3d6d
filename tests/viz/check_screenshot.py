#!/usr/bin/python3
"""Check a lonesim-viz screenshot: the size asked for, the 25 districts filled in more
than one colour of the scale, and every chart with its lines drawn.

usage: check_screenshot.py SHOT.png LAYOUT.json WIDTH HEIGHT MIN_DAYS [--no-baseline] [--no-districts]
  --no-baseline: a run file's replay (no baseline line); --no-districts: a comparison
  file's replay (all Seoul only: the districts in the no-data grey).
"""
import json
import sys

import matplotlib.image as mpimg
import numpy as np

shot, layout_path, width, height, min_days = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
with_baseline, with_districts = "--no-baseline" not in sys.argv[6:], "--no-districts" not in sys.argv[6:]
img = (mpimg.imread(shot)[:, :, :3] * 255).round().astype(int)
layout = json.load(open(layout_path))
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


check(img.shape[1] == width and img.shape[0] == height, f"picture is {img.shape[1]}x{img.shape[0]}, asked {width}x{height}")
check(layout["days"] >= min_days, f"{layout['days']} days simulated before the shot (at least {min_days})")

# The map: the colour at a point inside each district (the middle of a 3x3 patch that
# must be uniform, so not an outline), never the background or the no-data grey.
background = np.array([24, 26, 31])
no_data = np.array([70, 74, 84])
colours = []
for k, (x, y) in enumerate(layout["district_points"]):
    x, y = int(round(x)), int(round(y))
    patch = img[y - 1:y + 2, x - 1:x + 2].reshape(-1, 3)
    c = patch[4]
    uniform = np.abs(patch - c).max() <= 3
    filled = np.abs(c - background).max() > 20 and np.abs(c - no_data).max() > 20
    grey = np.abs(c - no_data).max() <= 3
    if with_districts:
        check(uniform and filled, f"district {k} at ({x}, {y}) filled with {tuple(c)}")
    else:
        check(uniform and grey, f"district {k} at ({x}, {y}) in the no-data grey, {tuple(c)}")
    colours.append(tuple(c))
check(len(layout["district_points"]) == 25, "25 districts on the map")
if with_districts:
    check(len(set(colours)) > 1, f"the districts show {len(set(colours))} different colours")


def count_near(box, rgb, tol=12):
    x, y, w, h = (int(round(v)) for v in box)
    region = img[y:y + h, x:x + w]
    return int((np.abs(region - np.array(rgb)).max(axis=2) <= tol).sum())


# The line colours of viz/app.cpp (Okabe and Ito's).
status = {"connected": (86, 180, 233), "lonely": (240, 228, 66), "isolated": (213, 94, 0), "reclusive": (204, 121, 167)}
baseline = (170, 170, 178)
charts = layout["charts"]
for name, rgb in status.items():
    check(name in charts, f"chart '{name}' drawn")
    if name in charts:
        n, b = count_near(charts[name], rgb), count_near(charts[name], baseline)
        check(n >= 40, f"chart '{name}': {n} pixels of the scenario's line")
        if with_baseline:
            check(b >= 10, f"chart '{name}': {b} pixels of the baseline's line")
for name, rgb in {"programme uptake": (120, 200, 120), "spending": (150, 170, 255)}.items():
    check(name in charts, f"chart '{name}' drawn")
    if name in charts:
        n = count_near(charts[name], rgb)
        check(n >= 40, f"chart '{name}': {n} pixels of its line")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
