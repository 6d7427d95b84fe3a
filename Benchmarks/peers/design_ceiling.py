"""How compact can territories of these units be at all? An upper-bound experiment for design.

Simulated annealing on the mean Polsby-Popper of a plan, with single boundary moves (a unit
goes to a neighbouring territory, contiguity kept through the rook graph; where the band shuts
a move, the unit and that neighbour are exchanged instead), workloads held
within a band around the equal target that may be far wider than the design's tolerance. It is
written apart from `territory design` (its own areas, perimeters and shared borders, geodesic
with pyproj on WGS 84; the final plan scored by dissolving it, as design_peers.py scores every
plan), so it checks our search from the outside: if a long anneal with a band of +-30% cannot
reach a mean PP, a design held to +-1% in a second will not either.

usage: python3 design_ceiling.py UNITS.geojson ADJACENCY.csv WEIGHT_PROPERTY K START.csv BAND_PCT MOVES [SEED]
  START.csv: a plan (unit_id,territory_id), e.g. `territory design --units-output`.
(needs shapely >= 2, pyproj)
"""
import csv
import json
import math
import random
import sys
import time

import shapely
from pyproj import Geod


def main():
    path, adjacency, prop, k, start, band, moves = sys.argv[1:8]
    k, band, moves = int(k), float(band) / 100, int(moves)
    rng = random.Random(int(sys.argv[8]) if len(sys.argv) > 8 else 1)
    features = json.load(open(path))["features"]
    ids = [str(f["properties"]["id"]) for f in features]
    index = {u: i for i, u in enumerate(ids)}
    weights = [float(f["properties"][prop]) for f in features]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    geod = Geod(ellps="WGS84")
    n = len(ids)
    area, perimeter = [0.0] * n, [0.0] * n
    for i, g in enumerate(geoms):
        a, p = geod.geometry_area_perimeter(g)
        area[i], perimeter[i] = abs(a), p
    neighbours = [[] for _ in range(n)]
    border = {}
    with open(adjacency) as f:
        for row in csv.DictReader(f):
            a, b = index[row["a"]], index[row["b"]]
            shared = shapely.intersection(geoms[a].boundary, geoms[b].boundary)
            length = geod.geometry_length(shared) if not shared.is_empty else 0.0
            neighbours[a].append(b)
            neighbours[b].append(a)
            border[(a, b)] = border[(b, a)] = length
    plan = {}
    with open(start) as f:
        for row in csv.DictReader(f):
            plan[index[row["unit_id"]]] = row["territory_id"]
    names = sorted(set(plan.values()))
    owner = [names.index(plan[u]) for u in range(n)]
    target = sum(weights) / k
    w = [0.0] * k
    A = [0.0] * k
    P = [0.0] * k
    size = [0] * k
    for u in range(n):
        t = owner[u]
        w[t] += weights[u]; A[t] += area[u]; size[t] += 1
        P[t] += perimeter[u] - sum(border[(u, v)] for v in neighbours[u] if owner[v] == t)
    # (each inner border was subtracted once from each side: P is the outer perimeter)

    def pp(a, p):
        return 4 * math.pi * a / (p * p) if p > 0 else 0.0

    def ok(t, wt):
        dev = abs(wt - target) / target
        return dev <= band or dev <= abs(w[t] - target) / target

    def connected_without(s, u):
        inside = [v for v in neighbours[u] if owner[v] == s]
        if len(inside) <= 1:
            return True
        seen = {u, inside[0]}
        todo = [inside[0]]
        want = set(inside[1:])
        while todo and want:
            v = todo.pop()
            for x in neighbours[v]:
                if owner[x] == s and x not in seen:
                    seen.add(x)
                    want.discard(x)
                    todo.append(x)
        return not want

    def swap(u, v, s, t, temperature):
        net = weights[u] - weights[v]
        if not (ok(s, w[s] - net) and ok(t, w[t] + net)):
            return False
        uv = border[(u, v)]
        us = sum(border[(u, x)] for x in neighbours[u] if owner[x] == s)
        ut = sum(border[(u, x)] for x in neighbours[u] if owner[x] == t)
        vs = sum(border[(v, x)] for x in neighbours[v] if owner[x] == s)
        vt = sum(border[(v, x)] for x in neighbours[v] if owner[x] == t)
        new_s = (A[s] - area[u] + area[v], P[s] - perimeter[u] + 2 * us + perimeter[v] - 2 * (vs - uv))
        new_t = (A[t] - area[v] + area[u], P[t] - perimeter[v] + 2 * vt + perimeter[u] - 2 * (ut - uv))
        delta = pp(*new_s) + pp(*new_t) - pp(A[s], P[s]) - pp(A[t], P[t])
        if delta < 0 and rng.random() >= math.exp(delta / temperature):
            return False
        if not connected_without(s, u):
            return False
        owner[u] = t
        if not any(owner[x] == s for x in neighbours[v]) or not connected_without(t, v):
            owner[u] = s
            return False
        owner[v] = s
        A[s], P[s] = new_s
        A[t], P[t] = new_t
        w[s] -= net; w[t] += net
        return True

    started = time.perf_counter()
    hot, cold = 0.01, 0.0001
    accepted = 0
    for step in range(moves):
        temperature = hot * (cold / hot) ** (step / moves)
        u = rng.randrange(n)
        v = rng.choice(neighbours[u])
        s, t = owner[u], owner[v]
        if s == t or size[s] == 1:
            continue
        if not (ok(s, w[s] - weights[u]) and ok(t, w[t] + weights[u])):
            # The band shuts the move: try exchanging u and v instead.
            if size[t] > 1 and swap(u, v, s, t, temperature):
                accepted += 1
            continue
        bs = sum(border[(u, x)] for x in neighbours[u] if owner[x] == s)
        bt = sum(border[(u, x)] for x in neighbours[u] if owner[x] == t)
        new_s = (A[s] - area[u], P[s] - perimeter[u] + 2 * bs)
        new_t = (A[t] + area[u], P[t] + perimeter[u] - 2 * bt)
        delta = pp(*new_s) + pp(*new_t) - pp(A[s], P[s]) - pp(A[t], P[t])
        if delta < 0 and rng.random() >= math.exp(delta / temperature):
            continue
        if not connected_without(s, u):
            continue
        owner[u] = t
        A[s], P[s] = new_s
        A[t], P[t] = new_t
        w[s] -= weights[u]; w[t] += weights[u]
        size[s] -= 1; size[t] += 1
        accepted += 1
    seconds = time.perf_counter() - started

    # Score the final plan from scratch: dissolve each territory, geodesic area and perimeter.
    scores = []
    for t in range(k):
        union = shapely.union_all([geoms[u] for u in range(n) if owner[u] == t])
        a, p = geod.geometry_area_perimeter(union)
        scores.append(pp(abs(a), p))
    deviation = max(abs(x - target) / target for x in w)
    print(f"{moves} moves ({accepted} accepted) in {seconds:.0f} s within +-{band * 100:g}%: "
          f"mean Polsby-Popper {sum(scores) / k:.3f} (least {min(scores):.3f}), max deviation {deviation * 100:.2f}%; "
          f"incremental mean {sum(pp(A[t], P[t]) for t in range(k)) / k:.3f}")


if __name__ == "__main__":
    main()
