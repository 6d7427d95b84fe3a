"""The shapely peer of `territory adjacency`: pairs of units sharing a border of positive length,
with its geodesic length, the way a shapely user does it: an STRtree query for touching pairs,
then the intersection of the two boundaries, measured with pyproj's geodesic (vectorized).
Writes the same CSV `a,b,shared_border_m` (rows in file order of a, then b).

usage: python3 shapely_adjacency.py UNITS.geojson OUT.csv
"""
import json
import sys

import numpy as np
import shapely
from pyproj import Geod


def main():
    with open(sys.argv[1]) as f:
        features = json.load(f)["features"]
    ids = [str(f["properties"]["id"]) for f in features]
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in features])
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    boundaries = shapely.boundary(geoms)
    shared = shapely.intersection(boundaries[left], boundaries[right])
    # Geodesic length of every linear piece, vectorized over all segments.
    parts, owner = shapely.get_parts(shared, return_index=True)
    is_line = shapely.get_type_id(parts) == 1
    coords, vertex_owner = shapely.get_coordinates(parts[is_line], return_index=True)
    same = vertex_owner[1:] == vertex_owner[:-1]
    geod = Geod(ellps="WGS84")
    _, _, d = geod.inv(coords[:-1, 0][same], coords[:-1, 1][same], coords[1:, 0][same], coords[1:, 1][same])
    line_owner = owner[is_line][vertex_owner[:-1][same]]
    length = np.bincount(line_owner, weights=d, minlength=len(shared))
    order = np.lexsort((right, left))
    with open(sys.argv[2], "w") as out:
        out.write("a,b,shared_border_m\n")
        for k in order:
            if length[k] > 0:
                out.write(f"{ids[left[k]]},{ids[right[k]]},{round(length[k], 3)}\n")
    print(f"{int((length > 0).sum())} pairs sharing a border")


if __name__ == "__main__":
    main()
