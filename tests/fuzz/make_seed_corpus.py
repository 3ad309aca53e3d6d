#!/usr/bin/python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/TARGET/) from the files
lonesim ships and tests with, their paths rewritten to the fuzz targets' scratch layout
(fuzz_common.hpp): data tables in data/, programme files in programmes/, scenarios beside
the input. Run from anywhere; files the fuzzer added to the corpus are kept."""
import hashlib
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
corpus = root / "tests" / "fuzz" / "corpus"


def here(text):
    text = re.sub(r'"(\.\./)+scenarios/data"', '"data"', text)
    text = re.sub(r'"(\.\./)+([A-Za-z_0-9]+\.toml)"', r'"\2"', text)
    return text


def put(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def seeds(target, paths):
    for p in paths:
        put(target, "seed-" + p.stem, here(p.read_text()).encode())


seeds("scenario", sorted(root.glob("scenarios/*.toml")) + sorted(root.glob("tests/data/*.toml")))
seeds("programme", sorted(root.glob("scenarios/programmes/*.toml")) + sorted(root.glob("tests/data/programmes/*.toml")))
seeds("experiment", sorted(root.glob("scenarios/experiments/*.toml")) + sorted(root.glob("tests/data/experiments/*.toml")))
seeds("script", sorted(root.glob("examples/*_demo.toml")) + sorted(root.glob("tests/data/scripts/*.toml")))
seeds("calibration", sorted(root.glob("scenarios/calibration/*.toml")) + sorted(root.glob("tests/data/calibration/*.toml")))
tables = ["seoul_single_households_by_district_age.csv", "seoul_district_indicators.csv", "seoul_district_centroids.csv"]
for i, t in enumerate(tables):  # the first byte picks the table (fuzz_tables.cpp)
    put("tables", "seed-" + pathlib.Path(t).stem, bytes([i]) + (root / "scenarios" / "data" / t).read_bytes())
print("seed corpus written to", corpus)
