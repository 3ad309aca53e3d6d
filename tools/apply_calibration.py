#!/usr/bin/python3
"""Make a calibration's fitted values the defaults.

    /usr/bin/python3 tools/apply_calibration.py outputs/calibration_seoul_2019_2024

Writes each fitted value (3 significant digits) as the default in models/parameters.hpp,
or as the shock factor in scenarios/history_2019_2024.toml; the spread of the last
generation's accepted particles and the fitted values (lowest to highest) into models/calibrated.hpp; and copies fitted.toml to
scenarios/calibration/seoul_2019_2024.fitted.toml, which tests/models/test_calibrated.cpp
checks the defaults against.
"""
import re
import shutil
import sys

import h5py
import numpy as np

out = sys.argv[1]
with h5py.File(f"{out}/calibration.h5") as f:
    names = [n.decode() if isinstance(n, bytes) else n for n in f["parameters/names"][...]]
    fitted = f["fitted"][...]
    accepted = f["generations"][sorted(f["generations"])[-1]]["parameters"][...]
    # The fitted values are an accepted fit too: a finalist (one of the accepted), or the
    # Nelder-Mead refinement of one, which is nearer than the last tolerance.
    lo, hi = np.minimum(accepted.min(axis=0), fitted), np.maximum(accepted.max(axis=0), fitted)

params = open("models/parameters.hpp").read()
history = open("scenarios/history_2019_2024.toml").read()
calibrated = open("models/calibrated.hpp").read()
for name, value, a, b in zip(names, fitted, lo, hi):
    v = float(f"{value:.3g}")
    if name.startswith("shocks."):
        _, shock, factor = name.split(".")
        block = re.search(r'name = "%s"\n(?:.*\n)*?%s = ([0-9.]+)' % (shock, factor), history)
        start, end = block.span(1)
        history = history[:start] + repr(v) + history[end:]
    else:
        pattern = r'(X\(\w+, "%s", )([0-9.e-]+)(,)' % re.escape(name)
        params, n = re.subn(pattern, lambda m: m.group(1) + repr(v) + m.group(3), params)
        assert n == 1, name
    entry = '{"%s", %.4g, %.4g}' % (name, a, b)
    head, sep, tail = calibrated.partition("kCalibrated[] = {")
    body, close, rest = tail.partition("\n};")
    body, n = re.subn(r'\{"%s", [^}]*\}' % re.escape(name), entry, body)
    if n == 0:  # a newly calibrated parameter: last in kCalibrated
        body += "\n    %s," % entry
    calibrated = head + sep + body + close + rest
    print(f"{name} = {v} (accepted fits [{a:.4g}, {b:.4g}])")
# A new fit replaces every default moved by hand since the last one.
calibrated, n = re.subn(r"inline constexpr std::array<AdjustedDefault, \d+> kAdjustedSinceFit\{.*?\};[ \t]*$",
                        "inline constexpr std::array<AdjustedDefault, 0> kAdjustedSinceFit{};", calibrated, flags=re.S | re.M)
assert n == 1, "kAdjustedSinceFit's declaration not found in models/calibrated.hpp"
open("models/parameters.hpp", "w").write(params)
open("scenarios/history_2019_2024.toml", "w").write(history)
open("models/calibrated.hpp", "w").write(calibrated)
shutil.copy(f"{out}/fitted.toml", "scenarios/calibration/seoul_2019_2024.fitted.toml")
