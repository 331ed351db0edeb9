"""The compiled graph engine behind the network analysis: igraph.

The rest of the workbench, the notebooks included, sees the relationship network as a
networkx graph: it is the model with names, groups and edge attributes. The heavy
algorithms run on an igraph copy of it, which has exact weighted betweenness, Leiden
communities and eigenvector centrality in C.

Why igraph: on a 5,000-stakeholder, 25,000-relationship register it computes exact
weighted betweenness in about 5 s where networkx takes about 60 s for a 500-source
sample, and Leiden in 0.05 s where networkx's Louvain takes 1.2 s. rustworkx is as fast
for unweighted betweenness but has neither weighted betweenness nor community detection
(``benchmarks/graph_engine.py`` prints the comparison).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import warnings
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

import igraph as ig
import networkx as nx
import numpy as np

__all__ = ["IndexedGraph", "betweenness", "communities", "force_layout", "indexed"]

# From this many stakeholders betweenness is worth sharing out over processes (a fork
# costs a few milliseconds; 1,000 stakeholders take about 0.2 s on one core).
PARALLEL_FROM = 1000
MAX_WORKERS = 4


@dataclass(frozen=True)
class IndexedGraph:
    """A networkx graph as igraph sees it: vertex ``i`` is stakeholder ``ids[i]``."""

    ids: list[str]  # sorted, so vertex numbers (and with them the results) repeat
    graph: ig.Graph
    strength: np.ndarray  # per igraph edge, as in the networkx edge's ``strength``

    @property
    def distance(self) -> np.ndarray:
        """Path length of each edge: strong relationships are short paths.

        ``1 / strength`` in exact arithmetic: with strengths on the 1-5 scale every edge
        gets an integer length (60 / strength), so two paths of equal length compare equal
        and betweenness splits credit between them as it should. Floats such as
        1/3 + 1/6 and 1/2 differ in the last bit and would hide such ties.
        """
        values, which = np.unique(self.strength, return_inverse=True)
        fractions = [Fraction(v).limit_denominator(1000) for v in values.tolist()]
        if all(f == v for f, v in zip(fractions, values.tolist(), strict=True)):
            scale = lcm(*(f.numerator for f in fractions)) if fractions else 1
            lengths = [scale / f for f in fractions]
            if scale < 2**40 and all(length.denominator == 1 for length in lengths):
                return np.array([int(length) for length in lengths], dtype=float)[which]
        return 1.0 / self.strength


def indexed(graph: nx.Graph) -> IndexedGraph:
    """The igraph copy of ``graph``, vertices in sorted id order.

    Examples
    --------
    >>> indexed(nx.path_graph(["b", "a", "c"])).graph.degree()
    [2, 1, 1]
    """
    ids = sorted((str(v) for v in graph), key=str)
    order = {node_id: i for i, node_id in enumerate(ids)}
    position = {node: order[str(node)] for node in graph}
    edges = [(position[u], position[v]) for u, v in graph.edges()]
    strength = np.array(
        [float(d.get("strength", 1) or 1) for _, _, d in graph.edges(data=True)], dtype=float
    )
    return IndexedGraph(ids, ig.Graph(n=len(ids), edges=edges), strength)


def betweenness(view: IndexedGraph, workers: int | None = None) -> np.ndarray:
    """Exact normalized betweenness, path length ``1 / strength``, in vertex order.

    Normalized as networkx does for undirected graphs: divided by the number of pairs
    of other stakeholders, ``(n - 1)(n - 2) / 2``. On Linux, networks of
    :data:`PARALLEL_FROM` stakeholders or more are shared out over ``workers`` processes
    (default: the cores this process may use, at most four): each counts the shortest
    paths from its share of the stakeholders, and the counts add up to the exact figure.

    Examples
    --------
    >>> betweenness(indexed(nx.path_graph(["a", "b", "c"]))).tolist()
    [0.0, 1.0, 0.0]
    """
    n = len(view.ids)
    if n < 3 or not view.graph.ecount():
        return np.zeros(n)
    if workers is None:
        workers = _usable_cores() if n >= PARALLEL_FROM else 1
    shares = [list(range(first, n, workers)) for first in range(workers)]
    raw = _path_counts(view, shares)
    return raw / ((n - 1) * (n - 2) / 2)


def _usable_cores() -> int:
    if sys.platform != "linux":  # fork is only dependable on Linux
        return 1
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def _counts_from(view: IndexedGraph, sources: list[int]) -> np.ndarray:
    counts = view.graph.betweenness(directed=False, weights=view.distance.tolist(), sources=sources)
    return np.asarray(counts, dtype=float)


def _path_counts(view: IndexedGraph, shares: list[list[int]]) -> np.ndarray:
    """Betweenness counts from every source, the first share here, the others in forks.

    igraph holds Python's lock while it computes, so threads would take turns; forked
    processes share the graph without copying it and hand back one array each through a
    pipe. A fork that fails for any reason is redone here: the figure is never partial.
    """
    if len(shares) == 1:
        return _counts_from(view, shares[0])
    forks = []
    try:
        for share in shares[1:]:
            forks.append((share, *_fork_counts(view, share)))
        total = _counts_from(view, shares[0])
        for share, pid, pipe in forks:
            total += _collect(view, share, pid, pipe)
        forks = []
        return total
    finally:
        for _, pid, pipe in forks:  # interrupted: stop the helpers, leave no zombie
            with contextlib.suppress(OSError):
                os.close(pipe)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _fork_counts(view: IndexedGraph, share: list[int]) -> tuple[int, int]:
    reading, writing = os.pipe()
    with warnings.catch_warnings():
        # Python warns about forking a process with threads (a Jupyter kernel has some):
        # the child only runs igraph's C code and writes to its pipe, then exits at once.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the helper
        code = 1
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as out:
                out.write(_counts_from(view, share).tobytes())
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    return pid, reading


def _collect(view: IndexedGraph, share: list[int], pid: int, pipe: int) -> np.ndarray:
    with os.fdopen(pipe, "rb") as handle:
        data = handle.read()
    _, status = os.waitpid(pid, 0)
    expected = len(view.ids) * 8
    if status != 0 or len(data) != expected:
        return _counts_from(view, share)
    return np.frombuffer(data, dtype=float).copy()


def communities(view: IndexedGraph, seed: int) -> np.ndarray:
    """Leiden communities (modularity, weight ``strength``), seeded: a label per vertex.

    Leiden improves on Louvain: every community it returns is internally connected, and
    it finds partitions of equal or higher modularity (on the demo register 0.41 against
    networkx Louvain's 0.39). Run to convergence, so the result does not depend on a
    number of iterations. Labels are arbitrary; :mod:`~workbench.stakeholders.network`
    numbers them.

    Examples
    --------
    >>> pair = nx.Graph([("a", "b"), ("c", "d")])
    >>> labels = communities(indexed(pair), seed=1)
    >>> bool(labels[0] == labels[1] and labels[0] != labels[2])
    True
    """
    if not view.graph.ecount():
        return np.arange(len(view.ids))
    with _seeded(seed):
        found = view.graph.community_leiden(
            objective_function="modularity",
            weights=view.strength.tolist(),
            n_iterations=-1,
        )
    return np.array(found.membership)


def force_layout(view: IndexedGraph, seed: int) -> np.ndarray:
    """Fruchterman-Reingold positions (weight ``strength``), seeded: one row per vertex.

    The force-directed layout networkx's ``spring_layout`` also computes, in C: about
    0.1 s for 1,400 stakeholders where networkx takes 6 s.

    Examples
    --------
    >>> force_layout(indexed(nx.path_graph(["a", "b", "c"])), seed=1).shape
    (3, 2)
    """
    with _seeded(seed):
        found = view.graph.layout_fruchterman_reingold(
            weights=view.strength.tolist() or None, niter=500
        )
    return np.array(found.coords, dtype=float).reshape(-1, 2)


@contextlib.contextmanager
def _seeded(seed: int):
    """igraph draws from a module-wide generator: a seeded one for one call only."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
