#!/usr/bin/env python3
"""Turn the district boundary GeoJSON into the two CSV files the C++ code reads.

The engine needs district centroids (for distance decay between districts) and the
visualizer needs polygon rings; reading CSV keeps a JSON parser out of the build.
Run from the repository root:  python3 tools/geojson_to_csv.py
Centroids are area-weighted polygon centroids (shoelace formula) in lon/lat degrees.
"""
import csv
import json

SRC = "scenarios/data/seoul_districts.geojson"


def ring_centroid(ring):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a *= 0.5
    return a, cx / (6 * a), cy / (6 * a)


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


features = json.load(open(SRC, encoding="utf-8"))["features"]
features.sort(key=lambda f: f["properties"]["SIG_CD"])
with open("scenarios/data/seoul_district_centroids.csv", "w", newline="") as fc, \
        open("scenarios/data/seoul_district_boundaries.csv", "w", newline="") as fb:
    wc, wb = csv.writer(fc), csv.writer(fb)
    wc.writerow(["district_code", "district", "lon", "lat", "area_deg2"])
    wb.writerow(["district_code", "ring", "lon", "lat"])
    for f in features:
        code = f["properties"]["SIG_CD"]
        total = sx = sy = 0.0
        ring_id = 0
        for poly in polygons(f["geometry"]):
            outer = [tuple(p[:2]) for p in poly[0]]
            if outer[0] == outer[-1]:
                outer = outer[:-1]
            a, cx, cy = ring_centroid(outer)
            total += a
            sx += a * cx
            sy += a * cy
            for lon, lat in outer:
                wb.writerow([code, ring_id, f"{lon:.6f}", f"{lat:.6f}"])
            ring_id += 1
        wc.writerow([code, f["properties"]["SIG_ENG_NM"], f"{sx / total:.6f}",
                     f"{sy / total:.6f}", f"{abs(total):.8f}"])
