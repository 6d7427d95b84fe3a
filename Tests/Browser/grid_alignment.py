"""An alignment of the 40,000-cell Voronoi coverage (Benchmarks/peers/make_coverages.py) into
200 territories: a 20 x 10 grid of the cells' centroids, contiguous enough and cheap. Used by the
browser check and the editor benchmark.

usage: python3 Tests/Browser/grid_alignment.py voronoi_40k.geojson > grid.csv
"""
import json
import sys


def centroid(feature):
    geometry = feature["geometry"]
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def main(path):
    print("unit_id,territory_id")
    for feature in json.load(open(path))["features"]:
        x, y = centroid(feature)
        print(f"{feature['properties']['id']},G{min(19, int((x + 104) / 24 * 20))}-{min(9, int((y - 30) / 15 * 10))}")


if __name__ == "__main__":
    main(sys.argv[1])
