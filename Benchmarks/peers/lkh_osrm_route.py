"""LKH-3 (via elkai, asymmetric) against `territory route --osrm` on the same OSRM durations.

For each territory of a ROUTES.csv written by `territory route --osrm URL`, asks the same server
for the territory's full duration matrix (one table request: start osrm-routed with a
--max-table-size above the largest territory), re-measures our closed tour on it, solves the
asymmetric TSP with elkai (durations in tenths of a second, OSRM's own precision, as integers)
and prints both tours' seconds and the gap.
usage: python3 peers/lkh_osrm_route.py ROUTES.csv CUSTOMERS.csv URL [RUNS] [TERRITORIES]  (the first TERRITORIES only)
"""
import collections, csv, json, sys, time, urllib.request
import elkai

def table(url, points):
    coords = ";".join(f"{lon:.6f},{lat:.6f}" for lon, lat in points)
    answer = json.load(urllib.request.urlopen(f"{url}/table/v1/driving/{coords}?annotations=duration"))
    assert answer["code"] == "Ok", answer
    return answer["durations"]

def main(routes_path, customers_path, url, runs, limit=None):
    where = {r["id"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(open(customers_path))}
    tours = collections.OrderedDict()
    for r in csv.DictReader(open(routes_path)):
        tours.setdefault(r["territory_id"], []).append(where[r["customer_id"]] if r["customer_id"] else (float(r["lon"]), float(r["lat"])))
    total_ours = total_lkh = total_s = 0.0
    for tid, points in list(tours.items())[:limit]:
        n = len(points)
        d = table(url, points)
        ours = sum(d[k][(k + 1) % n] for k in range(n))
        started = time.perf_counter()
        tour = elkai.DistanceMatrix([[int(round(x * 10)) for x in row] for row in d]).solve_tsp(runs=runs)
        solve_s = time.perf_counter() - started
        lkh = sum(d[tour[k]][tour[k + 1]] for k in range(len(tour) - 1))
        total_ours += ours; total_lkh += lkh; total_s += solve_s
        print(f"{tid}: {n} stops, ours {ours:.1f} s, lkh {lkh:.1f} s ({(ours - lkh) / lkh * 100:+.2f}%), lkh solve {solve_s:.2f} s")
    print(f"all: ours {total_ours:.1f} s, lkh {total_lkh:.1f} s ({(total_ours - total_lkh) / total_lkh * 100:+.2f}%), lkh solve {total_s:.2f} s")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 10, int(sys.argv[5]) if len(sys.argv) > 5 else None)
