"""LKH-3 (via elkai) on the same stops and the same geodesic distances as `territory route`.

Reads a customer CSV (id,lon,lat,...), builds the full matrix of WGS 84 geodesic distances
(pyproj.Geod, Karney's algorithm as PROJ's geodesic.h that `territory` uses), rounded to whole
metres because LKH takes integer costs, solves the closed tour with elkai, and prints the tour's
length re-measured in unrounded geodesic metres, plus the solve time.
usage: python3 peers/lkh_route.py CUSTOMERS.csv [RUNS]
"""
import csv, sys, time
import numpy as np
from pyproj import Geod
import elkai

def main(path, runs):
    rows = list(csv.DictReader(open(path)))
    lon = np.array([float(r["lon"]) for r in rows]); lat = np.array([float(r["lat"]) for r in rows])
    n = len(rows)
    geod = Geod(ellps="WGS84")
    started = time.perf_counter()
    d = np.zeros((n, n))
    for i in range(n):
        _, _, dist = geod.inv(np.full(n, lon[i]), np.full(n, lat[i]), lon, lat)
        d[i] = dist
    matrix_s = time.perf_counter() - started
    started = time.perf_counter()
    tour = elkai.DistanceMatrix(np.rint(d).astype(int).tolist()).solve_tsp(runs=runs)
    solve_s = time.perf_counter() - started
    length = sum(d[tour[k], tour[k + 1]] for k in range(len(tour) - 1))
    print(f"stops {n} lkh_km {length / 1000:.3f} matrix_s {matrix_s:.2f} solve_s {solve_s:.2f}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
