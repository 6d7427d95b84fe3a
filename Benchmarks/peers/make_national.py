"""National-scale inputs from real places: US city units, and customers across the country.

Writes into DIR:
  us_city_units.geojson   one unit per GeoNames city (population >= 15,000) of the contiguous
                          US: the Voronoi cells of the cities clipped to Natural Earth's outline
                          of the country; properties id (GeoNames id), population and
                          sqrt_population (a workload that can be balanced: with population
                          itself New York City alone is about twice a 50-territory target)
  national_customers.csv  id,lon,lat,weight: 40,000 customers near cities in proportion to their
                          population (jittered by about 5 km), plus 400 in Alaska, Hawaii and
                          Puerto Rico, which no unit covers
usage: python3 peers/make_national.py DIR    (needs shapely >= 2.1 and numpy)
"""
import csv, json, os, sys
import numpy as np
import shapely

def main(out):
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(here, "..", "..", "fixtures")
    countries = json.load(open(os.path.join(fixtures, "naturalearth_countries.geojson")))
    usa = next(f for f in countries["features"] if f["properties"]["iso_a3"] == "USA")
    parts = shapely.get_parts(shapely.geometry.shape(usa["geometry"]))
    mainland = max(parts, key=lambda p: p.area)    # the contiguous states (Alaska is another part)
    cities = list(csv.DictReader(open(os.path.join(fixtures, "geonames_cities15000.csv"))))
    lon = np.array([float(c["lon"]) for c in cities]); lat = np.array([float(c["lat"]) for c in cities])
    inside = shapely.contains_xy(mainland, lon, lat)
    keep = [c for c, k in zip(cities, inside) if k]
    points = np.array([[float(c["lon"]), float(c["lat"])] for c in keep])
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=mainland, ordered=True))
    cells = shapely.intersection(cells, mainland)
    features = []
    for c, cell in zip(keep, cells):
        if cell.is_empty:
            continue
        features.append({"type": "Feature", "properties": {"id": int(c["id"]), "population": int(float(c["weight"])),
                                                        "sqrt_population": round(float(c["weight"]) ** 0.5, 1)},
                         "geometry": shapely.geometry.mapping(cell)})
    os.makedirs(out, exist_ok=True)
    json.dump({"type": "FeatureCollection", "features": features}, open(os.path.join(out, "us_city_units.geojson"), "w"))

    rng = np.random.default_rng(2026)
    weights = np.array([float(c["weight"]) for c in keep])
    picks = rng.choice(len(keep), size=40_000, p=weights / weights.sum())
    rows = []
    for n, i in enumerate(picks):
        x = points[i][0] + rng.normal(0, 0.06); y = points[i][1] + rng.normal(0, 0.045)
        rows.append((f"c{n}", round(x, 6), round(y, 6), int(rng.integers(1, 100))))
    remote = [c for c in cities if (float(c["lon"]) < -130 and float(c["lat"]) > 50)                 # Alaska
              or (-161 < float(c["lon"]) < -154 and 18 < float(c["lat"]) < 23)                      # Hawaii
              or (-67.5 < float(c["lon"]) < -65 and 17.8 < float(c["lat"]) < 18.6)]                 # Puerto Rico
    for n in range(400):
        c = remote[n % len(remote)]
        rows.append((f"r{n}", round(float(c["lon"]) + rng.normal(0, 0.02), 6), round(float(c["lat"]) + rng.normal(0, 0.02), 6), 1))
    with open(os.path.join(out, "national_customers.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["id", "lon", "lat", "weight"]); w.writerows(rows)
    print(f"{len(features)} units, {len(rows)} customers ({len(remote)} remote places)")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data")
