"""The shapely peer of `territory validate`: overlaps and gaps of a territory map, the way a
shapely user does it. Reads GeoJSON, checks validity, finds overlapping pairs with an STRtree
and DE-9IM `2********`, measures overlaps and gaps (holes of the union) geodesically (pyproj).
Prints the counts and the total gap area, like `territory validate` does.

usage: python3 shapely_validate.py MAP.geojson
"""
import json
import sys

import numpy as np
import shapely
from pyproj import Geod


def main():
    with open(sys.argv[1]) as f:
        features = json.load(f)["features"]
    validate(np.array([shapely.geometry.shape(f["geometry"]) for f in features]))


def validate(geoms):
    """The checks and the summary line, on an array of shapely polygons in lon/lat."""
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    geoms = np.where(shapely.is_valid(geoms), geoms, shapely.make_valid(geoms))
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    overlapping = shapely.relate_pattern(geoms[left], geoms[right], "2********")
    geod = Geod(ellps="WGS84")
    overlaps = [abs(geod.geometry_area_perimeter(g)[0]) for g in shapely.intersection(geoms[left[overlapping]], geoms[right[overlapping]])]
    union = shapely.union_all(geoms)
    gaps = []
    for part in shapely.get_parts(union):
        for ring in part.interiors:
            gaps.append(abs(geod.geometry_area_perimeter(shapely.Polygon(ring))[0]))
    print(f"{len(geoms)} territories, {len(invalid)} invalid, {len(overlaps)} overlaps, {len(gaps)} gaps, "
          f"gap area {sum(gaps):.1f} m2")


if __name__ == "__main__":
    main()
