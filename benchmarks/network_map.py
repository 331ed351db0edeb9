"""How fast is the network map for a large register, compared with plain pyvis?

Generates a seeded register of 5,000 stakeholders in 20 groups with 25,000 relationships,
then prints the median of several runs for:

(a) ours: DataFrames -> ``build_graph`` -> ``nodes_edges`` -> ``map_html`` string, with the
    layout and centrality computed beforehand (their times are printed separately);
(b) the pyvis baseline on the same graph: ``Network().from_nx(G)`` then ``generate_html()``;

and the ratio baseline / ours (the goal is at least 20x).

Run: ``.venv/bin/python benchmarks/network_map.py [--out map.html] [--baseline-runs 3]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.present import network_chart  # noqa: E402
from workbench.stakeholders import netmap, network, positions  # noqa: E402

KINDS = ["works with", "reports to", "informs", "influences", "supplies", "partners with"]


def register(
    stakeholders: int = 5000, relationships: int = 25000, groups: int = 20, seed: int = 42
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded register: most relationships stay inside a group, some cross groups."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"S{i:05d}" for i in range(stakeholders)])
    group = rng.integers(0, groups, stakeholders)
    people = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Stakeholder {i}" for i in range(stakeholders)],
            "group": [f"Group {g + 1:02d}" for g in group],
        }
    )
    source = rng.integers(0, stakeholders, relationships)
    # Pick a same-group partner for 80% of the rows: sort members by group, then draw an
    # offset inside the source's group block.
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(groups))
    sizes = np.bincount(group, minlength=groups)
    g = group[source]
    inside = order[starts[g] + (rng.random(relationships) * sizes[g]).astype(int)]
    anywhere = rng.integers(0, stakeholders, relationships)
    target = np.where(rng.random(relationships) < 0.8, inside, anywhere)
    target = np.where(target == source, (source + 1) % stakeholders, target)  # no self-links
    links = pd.DataFrame(
        {
            "source": ids[source],
            "target": ids[target],
            "kind": np.array(KINDS)[rng.integers(0, len(KINDS), relationships)],
            "strength": rng.integers(1, 6, relationships),
            "sentiment": rng.integers(-2, 3, relationships),
        }
    )
    return people, links


def median_time(job: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the 5,000-node map page here")
    parser.add_argument("--runs", type=int, default=3, help="runs of our build (median)")
    parser.add_argument("--baseline-runs", type=int, default=3, help="runs of pyvis (median)")
    args = parser.parse_args(argv)

    import pyvis
    from pyvis.network import Network

    people, links = register()
    graph = network.build_graph(people, links)
    print(
        f"register: {len(people)} stakeholders, {people['group'].nunique()} groups, "
        f"{len(links)} relationships -> {graph.number_of_edges()} edges after merging"
    )

    layout_s, placed = median_time(lambda: positions.layout(graph), args.runs)
    print(f"layout (group discs, median of {args.runs}):      {layout_s:8.3f} s")
    start = time.perf_counter()
    scores = network.centrality(graph)
    print(f"centrality (sampled betweenness, 1 run): {time.perf_counter() - start:8.3f} s")

    def ours() -> str:
        g = network.build_graph(people, links)
        nodes, edges = netmap.nodes_edges(g, scores, placed, "community", "betweenness")
        return network_chart.map_html(nodes, edges)

    ours_s, page = median_time(ours, args.runs)
    print(f"ours: build_graph + nodes_edges + map_html (median of {args.runs}): {ours_s:8.3f} s")
    print(f"      page size {len(page) / 1e6:.1f} MB")

    def baseline() -> str:
        net = Network(cdn_resources="in_line")  # in_line: a self-contained page, like ours
        net.from_nx(graph.copy())  # from_nx rewrites attributes, so give it a copy
        return net.generate_html()

    base_s, _ = median_time(baseline, args.baseline_runs)
    print(
        f"pyvis {pyvis.__version__} from_nx + generate_html "
        f"(median of {args.baseline_runs}): {base_s:8.3f} s"
    )
    print(f"ratio baseline / ours: {base_s / ours_s:.1f}x (goal >= 20x)")

    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(page, encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
