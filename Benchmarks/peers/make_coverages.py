"""Writes the coverage benchmark inputs to a folder (default Benchmarks/data): seeded Voronoi
diagrams clipped to a box, with full-precision coordinates, so that neighbouring cells share
their vertices exactly, as polygons of a real coverage do.

  voronoi_40k.geojson   40,000 cells over lon -104..-80, lat 30..45 (about the eastern US)
  voronoi_4k.geojson    4,000 cells over the same box

usage: python3 make_coverages.py [FOLDER]      (needs shapely >= 2.1 and numpy)
"""
import json
import os
import sys

import numpy as np
import shapely

BOX = (-104.0, 30.0, -80.0, 45.0)


def voronoi(count, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(BOX[0], BOX[2], count)
    y = rng.uniform(BOX[1], BOX[3], count)
    points = shapely.multipoints(np.column_stack([x, y]))
    box = shapely.box(*BOX)
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=box, ordered=True))
    cells = shapely.intersection(cells, box)
    weights = rng.integers(1, 1000, count)
    return cells, weights


def write(path, cells, weights):
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i, (cell, w) in enumerate(zip(cells, weights)):
            geometry = json.loads(shapely.to_geojson(shapely.orient_polygons(cell) if hasattr(shapely, "orient_polygons") else cell))
            feature = {"type": "Feature", "properties": {"id": i + 1, "weight": int(w)}, "geometry": geometry}
            f.write(("," if i else "") + json.dumps(feature, separators=(",", ":")) + "\n")
        f.write("]}\n")
    print("wrote", path)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data")
    os.makedirs(folder, exist_ok=True)
    for name, count, seed in (("voronoi_40k", 40_000, 40), ("voronoi_4k", 4_000, 4)):
        path = os.path.join(folder, name + ".geojson")
        if not os.path.exists(path):
            write(path, *voronoi(count, seed))


if __name__ == "__main__":
    main()
