"""Checks a PVRP solution in Cordeau's .res format against its instance, independently of the
solver that wrote it, and compares its cost with the best known value.

Feasible means: every route starts and ends at the depot, each day has at most m routes, each
route's load is at most the day's Q and its duration (Euclidean travel plus visit times) at most
the day's D (0: no limit), and every customer is visited on exactly the days of one of its
allowed patterns, once a day. The cost is recomputed from the coordinates (the file's own first
line is compared with it).
usage: python3 check_pvrp.py INSTANCE.txt SOLUTION.res [BKS.csv]
Prints `NAME feasible COST gap%`; exits 1 when the solution is infeasible.
"""
import csv, math, os, sys


def read_instance(path):
    tokens = open(path).read().split()
    values = [float(t) for t in tokens]
    at = 0

    def nxt():
        nonlocal at
        at += 1
        return values[at - 1]

    kind, m, n, t = int(nxt()), int(nxt()), int(nxt()), int(nxt())
    assert kind == 1, "not a PVRP instance"
    limits = [(nxt(), nxt()) for _ in range(t)]
    customers = []
    for _ in range(n + 1):
        i, x, y, d, q, f, a = int(nxt()), nxt(), nxt(), nxt(), nxt(), int(nxt()), int(nxt())
        patterns = []
        for _ in range(a):
            v = int(nxt())
            # A t-bit string read left to right as days 1..t.
            patterns.append(frozenset(day for day in range(1, t + 1) if (v >> (t - day)) & 1))
        customers.append(dict(x=x, y=y, d=d, q=q, f=f, patterns=set(patterns)))
    return m, n, t, limits, customers


def main(instance_path, solution_path, bks_path=None):
    m, n, t, limits, c = read_instance(instance_path)
    lines = open(solution_path).read().split("\n")
    stated = float(lines[0])
    dist = lambda a, b: math.hypot(c[a]["x"] - c[b]["x"], c[a]["y"] - c[b]["y"])
    days_of = {i: [] for i in range(1, n + 1)}
    routes_per_day = {}
    total = 0.0
    problems = []
    for line in lines[1:]:
        if not line.strip():
            continue
        parts = line.split()
        day, vehicle = int(parts[0]), int(parts[1])
        stops = [int(s) for s in parts[4:]]
        if stops[0] != 0 or stops[-1] != 0:
            problems.append(f"route {day}/{vehicle} does not start and end at the depot")
        routes_per_day[day] = routes_per_day.get(day, 0) + 1
        travel = sum(dist(stops[k - 1], stops[k]) for k in range(1, len(stops)))
        total += travel
        inner = stops[1:-1]
        load = sum(c[s]["q"] for s in inner)
        duration = travel + sum(c[s]["d"] for s in inner)
        D, Q = limits[day - 1]
        if Q > 0 and load > Q + 1e-6:
            problems.append(f"route {day}/{vehicle}: load {load} > {Q}")
        if D > 0 and duration > D + 1e-6:
            problems.append(f"route {day}/{vehicle}: duration {duration:.2f} > {D}")
        for s in inner:
            days_of[s].append(day)
    for day, count in routes_per_day.items():
        if count > m:
            problems.append(f"day {day}: {count} routes > {m}")
    for i in range(1, n + 1):
        visited = days_of[i]
        if len(visited) != len(set(visited)) or frozenset(visited) not in c[i]["patterns"]:
            problems.append(f"customer {i}: days {sorted(visited)} are not one of its patterns")
    name = os.path.splitext(os.path.basename(instance_path))[0]
    if abs(total - stated) > 0.02:
        problems.append(f"stated cost {stated} but the routes cost {total:.2f}")
    gap = ""
    if bks_path:
        best = {r["instance"]: float(r["best_known"]) for r in csv.DictReader(open(bks_path))}.get(name)
        if best:
            gap = f" {100 * (total - best) / best:.2f}%"
    print(f"{name} {'feasible' if not problems else 'INFEASIBLE'} {total:.2f}{gap}")
    for p in problems[:10]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(*sys.argv[1:4])
