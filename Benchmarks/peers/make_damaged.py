"""A national map with a few dozen seeded defects, for timing `territory repair`.

Reads a clean coverage (GeoJSON) and writes a copy in which, chosen with a fixed seed, 20
territories are grown by 2% around their first vertex (overlaps with their neighbours), 20 are
shrunk by 2% (gaps enclosed by the coverage), and 5 get a bow-tie (their exterior ring's first
two vertices after the start swapped). No other change.
usage: python3 peers/make_damaged.py CLEAN.geojson DAMAGED.geojson
"""
import json
import random
import sys


def scale(polygon, cx, cy, f):
    return [[[cx + (x - cx) * f, cy + (y - cy) * f] for x, y in ring] for ring in polygon]


def main(src, dst):
    data = json.load(open(src))
    rng = random.Random(20261206)
    picks = rng.sample(range(len(data["features"])), 45)
    for k, i in enumerate(picks):
        g = data["features"][i]["geometry"]
        polygons = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        ring = polygons[0][0]
        n = len(ring) - 1
        cx, cy = sum(p[0] for p in ring[:n]) / n, sum(p[1] for p in ring[:n]) / n
        if k < 40:
            polygons = [scale(p, cx, cy, 1.02 if k < 20 else 0.98) for p in polygons]
        elif n >= 4:
            ring[1], ring[2] = ring[2], ring[1]
        g["coordinates"] = polygons if g["type"] == "MultiPolygon" else polygons[0]
    json.dump(data, open(dst, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
