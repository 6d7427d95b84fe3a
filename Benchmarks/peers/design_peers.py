"""Territory design peers on the same units, graph and scoring as `territory design`.

Runs GerryChain's recursive_tree_part (its way to a balanced, contiguous start), METIS
(pymetis, balance by vertex weights) and PySAL spopt (MaxP with each region at least the lower
bound of the band; SKATER with K clusters) on the rook graph that `territory adjacency` writes,
then scores every plan alike: the largest |deviation| from the equal target, contiguity through
the rook graph, and the mean Polsby-Popper of the dissolved territories (4πA/P², geodesic with
pyproj on WGS 84). With --ours UNITS.csv (from `territory design --units-output`) our plan is
scored the same way.

With --only TOOL (gerrychain, metis, maxp or skater) only that tool runs, its plan is written to
--write PLAN.csv (unit_id,territory_id) and nothing is scored: the whole process as a user of
the tool runs it, for timing beside `territory design`.

usage: python3 design_peers.py UNITS.geojson ADJACENCY.csv WEIGHT_PROPERTY K TOLERANCE_PCT
           [--ours UNITS.csv] [--seed N] [--only TOOL] [--write PLAN.csv] [--skip TOOL,...]
(needs gerrychain, pymetis, spopt, networkx, shapely >= 2, pyproj)
"""
import csv
import json
import math
import sys
import time
import warnings

warnings.simplefilter("ignore")  # the peers' deprecation notices are not results

import networkx as nx
import shapely
from pyproj import Geod


def main():
    path, adjacency, prop, k, tol = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]) / 100
    def option(name):
        return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None
    ours, only, write = option("--ours"), option("--only"), option("--write")
    skip = set((option("--skip") or "").split(","))
    run = lambda tool: (only == tool) if only else tool not in skip
    features = json.load(open(path))["features"]
    ids = [str(f["properties"]["id"]) for f in features]
    index = {u: i for i, u in enumerate(ids)}
    weights = [float(f["properties"][prop]) for f in features]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    graph = nx.Graph()
    graph.add_nodes_from((i, {"w": weights[i]}) for i in range(len(ids)))
    with open(adjacency) as f:
        for row in csv.DictReader(f):
            graph.add_edge(index[row["a"]], index[row["b"]])
    geod = Geod(ellps="WGS84")
    total = sum(weights)
    target = total / k

    def score(name, assignment, seconds):
        if only:
            if write:
                with open(write, "w", newline="") as f:
                    out = csv.writer(f)
                    out.writerow(["unit_id", "territory_id"])
                    out.writerows((ids[u], t) for u, t in sorted(assignment.items()))
            return
        parts = {}
        for u, t in assignment.items():
            parts.setdefault(t, []).append(u)
        devs = [abs(sum(weights[u] for u in us) - target) / target for us in parts.values()]
        contiguous = all(nx.is_connected(graph.subgraph(us)) for us in parts.values())
        pps = []
        for us in parts.values():
            shape = shapely.union_all([geoms[u] for u in us])
            area, perimeter = geod.geometry_area_perimeter(shape)
            pps.append(4 * math.pi * abs(area) / perimeter ** 2 if perimeter else 0)
        print(f"{name:32s} territories {len(parts):3d}  max dev {max(devs) * 100:6.2f}%  "
              f"contiguous {str(contiguous):5s}  mean PP {sum(pps) / len(pps):.3f}  min PP {min(pps):.3f}  time {seconds:.2f} s")

    import random
    random.seed(int(option("--seed") or 0))

    if run("gerrychain"):
        from gerrychain import Graph
        from gerrychain.partition import recursive_tree_part
        start = time.perf_counter()
        try:
            plan = recursive_tree_part(Graph.from_networkx(graph), range(k), target, "w", tol)
            score("GerryChain recursive_tree_part", plan, time.perf_counter() - start)
        except Exception as e:  # its default can fail on hard inputs
            print(f"GerryChain recursive_tree_part failed after {time.perf_counter() - start:.1f} s: {e}")
            if only:
                sys.exit(1)

    if run("metis"):
        import pymetis
        start = time.perf_counter()
        scale = 1000 / max(weights)
        xadj, adjncy = [0], []
        for u in range(len(ids)):
            adjncy += sorted(graph.neighbors(u))
            xadj.append(len(adjncy))
        options = pymetis.Options(ufactor=max(1, int(tol * 1000)), contig=True)
        _, membership = pymetis.part_graph(k, xadj=xadj, adjncy=adjncy, vweights=[max(1, int(w * scale)) for w in weights], options=options)
        score("METIS (pymetis, contig)", dict(enumerate(membership)), time.perf_counter() - start)

    if run("maxp") or run("skater"):
        import geopandas
        import libpysal
        from spopt.region import MaxPHeuristic, Skater
        frame = geopandas.GeoDataFrame({"w": weights}, geometry=geoms, crs="EPSG:4326")
        neighbours = {u: sorted(graph.neighbors(u)) for u in range(len(ids))}
        w = libpysal.weights.W(neighbours, silence_warnings=True)
        if run("maxp"):
            # Regions of at least the band's lower bound; MaxP makes as many as it can, which
            # is K only when the workload allows.
            start = time.perf_counter()
            model = MaxPHeuristic(frame, w, ["w"], "w", target * (1 - tol), top_n=2, max_iterations_construction=10, max_iterations_sa=2)
            model.solve()
            score(f"spopt MaxP (>= {(1 - tol) * 100:.0f}% of target)", dict(enumerate(model.labels_)), time.perf_counter() - start)
        if run("skater"):
            start = time.perf_counter()
            model = Skater(frame, w, ["w"], n_clusters=k, floor=1)
            model.solve()
            score("spopt SKATER", dict(enumerate(model.labels_)), time.perf_counter() - start)

    if ours:
        with open(ours) as f:
            plan = {index[row["unit_id"]]: row["territory_id"] for row in csv.DictReader(f)}
        score("territory design", plan, float("nan"))


if __name__ == "__main__":
    main()
