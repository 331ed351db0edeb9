"""How long the client deck (deck.pptx) takes to build, beside results.xlsx in the same run.

The deck is new, so there is no "before" to compare with; as a reference the script times
results.xlsx, the other file `workbench run` writes from the same analyses, in the same
process and on the same machine. It analyses the demo engagement once, then prints for each
of ``--runs`` builds the median, fastest and slowest time of:

- ``deck.deck_bytes`` (the whole deck: native charts and tables, and the map's picture);
- the map's picture on its own (the Altair chart rendered to PNG by vl-convert), the part
  of the deck that costs most;
- ``results.results_workbook`` (results.xlsx), as `workbench run` calls it;

and the size of each file.

Run: ``.venv/bin/python benchmarks/deck.py [--runs 10]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.culture import workshop as culture_workshop  # noqa: E402
from workbench.deliver import deck, results  # noqa: E402
from workbench.design import workshop as design_workshop  # noqa: E402
from workbench.present import charts  # noqa: E402
from workbench.stakeholders import workshop as stakeholder_workshop  # noqa: E402

RUN_NAME = "2026-05-04T093000"


def timed(job: Callable[[], bytes], runs: int) -> tuple[list[float], bytes]:
    times, result = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return times, result


def line(label: str, times: list[float], size: int | None = None) -> str:
    spread = (
        f"median {statistics.median(times):6.3f} s  (min {min(times):.3f}, max {max(times):.3f})"
    )
    return f"  {label:<34}{spread}" + (f"  {size / 1024:,.0f} KB" if size else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="builds of each file")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    mapping = stakeholder_workshop.analyse("demo")
    survey = culture_workshop.analyse("demo")
    design = design_workshop.analyse("demo", stakeholder_map=mapping, culture=survey)
    print(
        f"analyses of the demo (once, not part of the figures): {time.perf_counter() - start:.2f} s"
    )
    written = date(2026, 5, 4)

    def build_deck() -> bytes:
        return deck.deck_bytes(mapping, survey, design, run_name=RUN_NAME, written=written)

    def build_map() -> bytes:
        return charts.png(deck.network_chart(mapping, numbered=True))

    def build_results() -> bytes:
        return results.results_workbook(mapping.engagement, RUN_NAME, mapping, survey, design)

    build_deck()  # warm-up: imports, vl-convert's first start, font loading
    deck_times, pptx = timed(build_deck, args.runs)
    map_times, png = timed(build_map, args.runs)
    book_times, xlsx = timed(build_results, args.runs)
    print(f"demo engagement, {args.runs} builds each (before: new, no deck existed)")
    print(line("deck.pptx (deck_bytes)", deck_times, len(pptx)))
    print(line("  of which the map picture", map_times, len(png)))
    print(line("results.xlsx (reference)", book_times, len(xlsx)))
    ratio = statistics.median(deck_times) / statistics.median(book_times)
    print(f"  deck / results.xlsx: {ratio:.1f}x")


if __name__ == "__main__":
    main()
