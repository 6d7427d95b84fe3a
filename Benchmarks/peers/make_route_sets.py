"""Route benchmark inputs from real places: GeoNames cities of a region as customers.

For each region (a lon/lat box), writes into DIR:
  route_<region>.geojson   one territory, the box itself
  route_<region>.csv       id,lon,lat,weight: every GeoNames city (population >= 15,000) in the box
usage: python3 peers/make_route_sets.py DIR
"""
import csv, json, os, sys

REGIONS = {
    # name: (west, east, south, north)
    "spain": (-9.5, 3.4, 36.0, 43.9),
    "mexico": (-118.0, -86.0, 14.5, 32.7),
    "italy": (6.5, 18.6, 36.5, 47.1),
}

def main(out):
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.join(here, "..", "..", "fixtures", "geonames_cities15000.csv")
    rows = list(csv.DictReader(open(source)))
    os.makedirs(out, exist_ok=True)
    for name, (w, e, s, n) in REGIONS.items():
        inside = [r for r in rows if w <= float(r["lon"]) <= e and s <= float(r["lat"]) <= n]
        with open(os.path.join(out, f"route_{name}.csv"), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "lon", "lat", "weight"])
            for r in inside:
                writer.writerow([r["id"], r["lon"], r["lat"], r["weight"]])
        ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
        feature = {"type": "Feature", "properties": {"id": name}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        json.dump({"type": "FeatureCollection", "features": [feature]}, open(os.path.join(out, f"route_{name}.geojson"), "w"))
        print(name, len(inside), "stops")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data")
