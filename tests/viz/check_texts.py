#!/usr/bin/python3
"""Check the texts lonesim-viz drew in two screenshots of the same frame, one English and
one Korean (their layout JSON lists every text drawn by role, its box and how many of its
characters the font lacked):
- the Korean one's district names, legend and labels are Hangul, the English one's Latin;
- no text of either was drawn with a missing glyph;
- each district's label box has text pixels in both pictures, and the two differ there.

usage: check_texts.py EN.png EN.json KO.png KO.json
"""
import json
import re
import sys

import matplotlib.image as mpimg
import numpy as np

en_png, en_json, ko_png, ko_json = sys.argv[1:5]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


hangul = re.compile("[\uac00-\ud7a3]")
en, ko = json.load(open(en_json)), json.load(open(ko_json))
en_img = (mpimg.imread(en_png)[:, :, :3] * 255).round().astype(int)
ko_img = (mpimg.imread(ko_png)[:, :, :3] * 255).round().astype(int)
check(en["lang"] == "en" and ko["lang"] == "ko", f"languages {en['lang']}, {ko['lang']}")

en_texts = {t["role"]: t for t in en["texts"]}
ko_texts = {t["role"]: t for t in ko["texts"]}
districts = [f"district {d}" for d in range(25)]
check(all(r in en_texts and r in ko_texts for r in districts + ["legend", "date"]), "every district's label, the legend and the date are drawn in both")
for t in en["texts"] + ko["texts"]:
    if t["missing_glyphs"]:
        check(False, f"'{t['text']}' ({t['role']}) drawn with {t['missing_glyphs']} missing glyphs")
check(all(t["missing_glyphs"] == 0 for t in en["texts"] + ko["texts"]), f"{len(en['texts']) + len(ko['texts'])} texts drawn, no glyph missing")
check(all(hangul.search(ko_texts[r]["text"]) for r in districts + ["legend"]),
      "Korean: every district's name and the legend in Hangul (" + ", ".join(ko_texts[r]["text"] for r in districts[:5]) + ", ...)")
check(all(t["text"].isascii() for r, t in en_texts.items() if r in districts + ["legend"]),
      "English: every district's name and the legend in Latin letters (" + ", ".join(en_texts[r]["text"] for r in districts[:5]) + ", ...)")


def text_pixels(img, box):
    x, y, w, h = (int(round(v)) for v in box)
    region = img[max(y, 0):y + h, max(x, 0):x + w]
    return region, int((region.min(axis=2) >= 140).sum())  # the labels' light grey, over a dark halo


differ = 0
for r in districts:
    a, na = text_pixels(en_img, en_texts[r]["box"])
    b, nb = text_pixels(ko_img, ko_texts[r]["box"])
    check(na >= 5 and nb >= 5, f"{r}: text pixels drawn ({na} English '{en_texts[r]['text']}', {nb} Korean '{ko_texts[r]['text']}')")
    x, y, w, h = (int(round(v)) for v in ko_texts[r]["box"])
    if np.abs(en_img[y:y + h, x:x + w] - ko_img[y:y + h, x:x + w]).max() > 60:
        differ += 1
check(differ == 25, f"the pictures differ in {differ} of the 25 label boxes")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
