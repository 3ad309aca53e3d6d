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



# Colour-blind viewers (Machado, Oliveira and Fernandes 2009, full severity, on linear
# RGB): the four status colours stay apart from each other and from the chart background
# (CIE76 difference over 15), and the map's sequential legend, read from the picture, stays
# ordered in lightness under each deficiency (viridis is made for this).
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def to_linear(c):
    c = np.asarray(c, float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(linear):
    xyz = np.clip(linear, 0, 1) @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


chart_background = (32, 35, 42)
legend = [t for t in layout.get("texts", []) if t["role"] == "legend"]
ramp = None
if with_districts and legend:
    x, y, w, h = legend[0]["box"]
    row = int(round(y - 0.7 * h))
    ramp = img[row, int(round(x)) + 2:int(round(x + w)) - 2]
for name, m in MACHADO.items():
    sim = {k: lab(to_linear(c) @ np.array(m).T) for k, c in list(status.items()) + [("background", chart_background)]}
    keys = list(sim)
    gaps = [float(np.linalg.norm(sim[a] - sim[b])) for i, a in enumerate(keys) for b in keys[i + 1:]]
    check(min(gaps) > 15, f"{name}: the status colours and the background differ by at least {min(gaps):.0f} (CIE76)")
    if ramp is not None:
        lightness = lab(to_linear(ramp) @ np.array(m).T)[:, 0]
        steps = np.diff(lightness[::8])
        check((steps > -1.0).all() and lightness[-1] - lightness[0] > 40,
              f"{name}: the legend's lightness rises from {lightness[0]:.0f} to {lightness[-1]:.0f} without turning back")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
