"""Browser time until the apps are interactive, in Debian's Chromium (Playwright).

Prints, over several visits each:
- the demo culture-analysis app: until its filters, heatmap, scales and profile are shown;
- the demo stakeholder-mapping app served by a real Voila: time from navigation until the
  filters, the grid and the drawn network map are all on screen (Voila starts a kernel and
  executes the notebook on every visit, so this is the full cold path of a client visit);
- a 5,000-stakeholder / 25,000-relationship map page: time until vis-network has drawn it,
  for the full map (physics off, precomputed layout) and for the grouped overview the app
  shows past 1,000 nodes.

Run: ``.venv/bin/python benchmarks/app_interactive.py [--visits 5]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from network_map import register  # noqa: E402

from workbench.core import paths  # noqa: E402
from workbench.portal.serve import VoilaServer  # noqa: E402
from workbench.present import network_chart  # noqa: E402
from workbench.stakeholders import netmap, network, positions  # noqa: E402
from workbench.testing import browser  # noqa: E402

APP = "/voila/render/stakeholder_mapping.ipynb"
CULTURE_APP = "/voila/render/culture_analysis.ipynb"


def summary(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label}: p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, "
        f"min {ordered[0]:.2f} s, max {ordered[-1]:.2f} s ({len(ordered)} visits)"
    )


def demo_app(chromium, visits: int) -> list[float]:
    times = []
    with VoilaServer(paths.DEMO_NOTEBOOKS) as server:
        for _ in range(visits):
            page = chromium.new_page()
            start = time.perf_counter()
            page.goto(server.url + APP, wait_until="commit")
            page.wait_for_selector(".wb-explorer .widget-dropdown select", timeout=120_000)
            page.wait_for_selector(".wb-explorer svg.wb-grid", timeout=120_000)
            frame = page.frame_locator(".wb-explorer iframe[sandbox]").first
            frame.locator("body[data-drawn='1']").wait_for(state="attached", timeout=60_000)
            times.append(time.perf_counter() - start)
            page.close()
    return times


def culture_app(chromium, visits: int) -> list[float]:
    """Until the culture app's filters, heatmap, scales and profile are on screen."""
    times = []
    with VoilaServer(paths.DEMO_NOTEBOOKS) as server:
        for _ in range(visits):
            page = chromium.new_page()
            start = time.perf_counter()
            page.goto(server.url + CULTURE_APP, wait_until="commit")
            page.wait_for_selector(".wb-culture .widget-dropdown select", timeout=120_000)
            page.wait_for_selector(".wb-culture table.wb-heat", timeout=120_000)
            page.wait_for_selector(".wb-culture svg.wb-profile", timeout=120_000)
            page.wait_for_selector(".wb-scale", timeout=120_000)
            times.append(time.perf_counter() - start)
            page.close()
    return times


def big_map_pages(folder: Path) -> dict[str, Path]:
    people, links = register()
    graph = network.build_graph(people, links)
    placed = positions.layout(graph)
    # Size by degree: sampled betweenness on 5,000 nodes takes ~40 s and does not change
    # what the browser has to draw.
    degree = pd.Series(dict(graph.degree()))
    scores = pd.DataFrame(
        {
            "id": degree.index,
            "betweenness": (degree / degree.max()).round(3).to_numpy(),
            "community": people.set_index("id")
            .loc[degree.index, "group"]
            .str[-2:]
            .astype(int)
            .to_numpy(),
        }
    )
    full = network_chart.map_html(
        *netmap.nodes_edges(graph, scores, placed, "community", "betweenness")
    )
    grouped = netmap.network_map(graph, scores, placed).data
    pages = {"full": folder / "full.html", "grouped": folder / "grouped.html"}
    pages["full"].write_text(full, encoding="utf-8")
    pages["grouped"].write_text(f"<!doctype html><body>{grouped}</body>", encoding="utf-8")
    return pages


def map_page(chromium, page_file: Path, visits: int, in_iframe: bool) -> list[float]:
    times = []
    for _ in range(visits):
        page = chromium.new_page()
        start = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="commit")
        scope = page.frame_locator("iframe").first if in_iframe else page
        scope.locator("body[data-drawn='1']").wait_for(state="attached", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=5)
    args = parser.parse_args()
    with browser.chromium() as chromium:
        summary(
            "demo app (Voila, cold kernel per visit) until interactive",
            demo_app(chromium, args.visits),
        )
        summary(
            "culture app (Voila, cold kernel per visit) until interactive",
            culture_app(chromium, args.visits),
        )
        with tempfile.TemporaryDirectory() as tmp:
            pages = big_map_pages(Path(tmp))
            summary(
                "5,000-node map, full (physics off) until drawn",
                map_page(chromium, pages["full"], args.visits, in_iframe=False),
            )
            summary(
                "5,000-node map, grouped overview until drawn",
                map_page(chromium, pages["grouped"], args.visits, in_iframe=True),
            )


if __name__ == "__main__":
    main()
