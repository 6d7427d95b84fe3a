"""A generated road network for the OSRM benchmark, and customers and territories on it.

Writes, into the given folder:
- grid.osm: an OpenStreetMap XML road network of 50 towns on a 10 x 5 lattice near 45 N, 9 E
  (towns ~20 km apart, jittered). Each town is a street grid of SIDE x SIDE nodes (default 78:
  50 towns x 6,084 = 304,200 street nodes) about 60 m apart: residential streets, every third
  one one-way (alternating direction), every tenth a faster secondary road. Primary roads, with a
  node every ~500 m, join each town's edge midpoints to its lattice neighbours'. (A plain uniform
  street grid is the worst case of both OSRM's MLD and CH preprocessing: 300,000 nodes took
  12 s per 100-point table with MLD; real networks, like this one, have small cuts between places.)
- grid_customers.csv: 20,000 customers (id,lon,lat,weight), 400 seeded uniform in each town.
- grid_territories.geojson: 50 territories, one lattice cell (and its town) each.
usage: python3 peers/make_osm_grid.py data [SIDE]
"""
import json, math, os, random, sys

def main(folder, side):
    rng = random.Random(23)
    lat0, lon0 = 45.0, 9.0
    cell_lat, cell_lon = 0.18, 0.25  # ~20 km
    step_lat, step_lon = 0.00054, 0.00076  # ~60 m
    node_id = 0
    nodes, ways, coords = [], [], {}
    def node(lat, lon):
        nonlocal node_id
        node_id += 1
        nodes.append((node_id, lat, lon))
        coords[node_id] = (lat, lon)
        return node_id
    towns = {}
    for i in range(10):
        for j in range(5):
            # The town's south-west corner, jittered inside its cell.
            south = lat0 + j * cell_lat + rng.uniform(0.03, cell_lat - 0.03 - side * step_lat)
            west = lon0 + i * cell_lon + rng.uniform(0.03, cell_lon - 0.03 - side * step_lon)
            grid = [[node(south + r * step_lat, west + c * step_lon) for c in range(side)] for r in range(side)]
            for r in range(side):
                ways.append((grid[r], street(r)))
            for c in range(side):
                ways.append(([grid[r][c] for r in range(side)], street(c)))
            mid = side // 2
            towns[(i, j)] = {"grid": grid, "west": grid[mid][0], "east": grid[mid][side - 1], "south": grid[0][mid],
                             "north": grid[side - 1][mid], "box": (west, south, west + (side - 1) * step_lon, south + (side - 1) * step_lat)}
    def highway(a, b):
        (la, oa), (lb, ob) = coords[a], coords[b]
        km = math.hypot((la - lb) * 111, (oa - ob) * 111 * math.cos(math.radians(la)))
        steps = max(1, int(km / 0.5))
        inner = [node(la + (lb - la) * k / steps, oa + (ob - oa) * k / steps) for k in range(1, steps)]
        ways.append(([a] + inner + [b], {"highway": "primary", "name": "Highway"}))
    for (i, j), t in towns.items():
        if (i + 1, j) in towns: highway(t["east"], towns[(i + 1, j)]["west"])
        if (i, j + 1) in towns: highway(t["north"], towns[(i, j + 1)]["south"])
    with open(os.path.join(folder, "grid.osm"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="territory make_osm_grid">\n')
        for n, lat, lon in nodes:
            f.write(f'<node id="{n}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        for w, (refs, tags) in enumerate(ways, start=1):
            f.write(f'<way id="{w}" version="1">' + "".join(f'<nd ref="{n}"/>' for n in refs))
            f.write("".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items()) + "</way>\n")
        f.write("</osm>\n")
    with open(os.path.join(folder, "grid_customers.csv"), "w") as f:
        f.write("id,lon,lat,weight\n")
        k = 0
        for (i, j), t in sorted(towns.items()):
            w, s, e, n = t["box"]
            for _ in range(400):
                k += 1
                f.write(f"g{k},{rng.uniform(w, e):.6f},{rng.uniform(s, n):.6f},{1 + rng.randrange(5)}\n")
    features = []
    for (i, j) in sorted(towns):
        x0, x1 = lon0 + i * cell_lon, lon0 + (i + 1) * cell_lon
        y0, y1 = lat0 + j * cell_lat, lat0 + (j + 1) * cell_lat
        features.append({"type": "Feature", "id": f"G{i:02d}{j}", "properties": {},
                         "geometry": {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
    json.dump({"type": "FeatureCollection", "features": features}, open(os.path.join(folder, "grid_territories.geojson"), "w"))
    print(f"{len(nodes)} nodes, {len(ways)} ways")

def street(k):
    if k % 10 == 0:
        return {"highway": "secondary", "name": f"Avenue {k}"}
    tags = {"highway": "residential", "name": f"Street {k}"}
    if k % 3 == 1:
        tags["oneway"] = "yes" if k % 6 == 1 else "-1"
    return tags

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 78)
