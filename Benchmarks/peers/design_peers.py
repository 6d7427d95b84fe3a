"""Territory design peers on the same units, graph and scoring as `territory design`.

Runs GerryChain's recursive_tree_part (its way to a balanced, contiguous start) and METIS
(pymetis, balance by vertex weights) on the rook graph that `territory adjacency` writes, then
scores every plan alike: the largest |deviation| from the equal target, contiguity through the
rook graph, and the mean Polsby-Popper of the dissolved territories (4πA/P², geodesic with
pyproj on WGS 84). With --ours UNITS.csv (from `territory design --units-output`) our plan is
scored the same way.

usage: python3 design_peers.py UNITS.geojson ADJACENCY.csv WEIGHT_PROPERTY K TOLERANCE_PCT [--ours UNITS.csv] [--seed N]
(needs gerrychain, pymetis, networkx, shapely >= 2, pyproj)
"""
import csv
import json
import math
import sys
import time

import networkx as nx
import shapely
from pyproj import Geod


def main():
    path, adjacency, prop, k, tol = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]) / 100
    ours = sys.argv[sys.argv.index("--ours") + 1] if "--ours" in sys.argv else None
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
              f"contiguous {str(contiguous):5s}  mean PP {sum(pps) / len(pps):.3f}  time {seconds:.2f} s")

    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    from gerrychain import Graph
    from gerrychain.tree import recursive_tree_part
    import random
    random.seed(int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 0)
    start = time.perf_counter()
    try:
        plan = recursive_tree_part(Graph.from_networkx(graph), range(k), target, "w", tol)
        score("GerryChain recursive_tree_part", plan, time.perf_counter() - start)
    except Exception as e:  # its default can fail on hard inputs
        print(f"GerryChain recursive_tree_part failed after {time.perf_counter() - start:.1f} s: {e}")

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

    if ours:
        with open(ours) as f:
            plan = {index[row["unit_id"]]: row["territory_id"] for row in csv.DictReader(f)}
        score("territory design", plan, float("nan"))


if __name__ == "__main__":
    main()
