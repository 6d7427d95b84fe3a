"""Writes the national call-cycle case of the schedule benchmark: 120 territories (the first 120
county outlines of data/territories_3000.geojson) and 6,000 customers, 50 seeded uniform points
inside each, 1 to 4 visits per 20-day cycle and 30 or 45 minutes a visit, to data/national_*.
usage: python3 peers/make_national_schedule.py      (shapely, numpy; run from Benchmarks/)
"""
import csv, json
import numpy as np
from shapely.geometry import shape, Point
from shapely.prepared import prep

d = json.load(open("data/territories_3000.geojson"))
d["features"] = d["features"][:120]
json.dump(d, open("data/national_territories.geojson", "w"))
rng = np.random.default_rng(120)
with open("data/national_customers.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "lon", "lat", "visits", "visit_minutes"])
    k = 0
    for feature in d["features"]:
        g = shape(feature["geometry"])
        inside = prep(g)
        minx, miny, maxx, maxy = g.bounds
        placed = 0
        while placed < 50:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if inside.contains(Point(x, y)):
                k += 1
                w.writerow([f"C{k}", round(x, 5), round(y, 5), int(rng.integers(1, 5)), int(rng.choice([30, 45]))])
                placed += 1
