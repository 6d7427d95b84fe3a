"""The geopandas/pyogrio peer of `territory validate` on a GIS file: reads any format GDAL
reads with geopandas' pyogrio engine (the fast path geopandas users have), transforms to lon/lat
when the layer is in another CRS, then runs the same shapely checks as shapely_validate.py.

usage: python3 pyogrio_validate.py MAP.shp|MAP.gpkg
"""
import sys

import geopandas

from shapely_validate import validate


def main():
    frame = geopandas.read_file(sys.argv[1], engine="pyogrio")
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    validate(frame.geometry.values.to_numpy() if hasattr(frame.geometry.values, "to_numpy") else frame.geometry.to_numpy())


if __name__ == "__main__":
    main()
