"""The run's Excel deliverables: the styled writer beside the plain one it replaced.

Prints, for the built-in demo engagement (analysed once, outside the timings):

- results.xlsx and relationship_models.xlsx written by the writer of before (a copy of the
  old ``workbook_bytes`` below, ``baseline_workbook_bytes``: pandas' ExcelWriter, one sheet
  per frame as the workshops name it, formula neutralising, frozen header, column widths);
- the same two files written by the current writer (``deliver.results``: cover sheet,
  Excel tables with filters, human headers and names, number formats, wrapped text);
- for each: the median and the slowest of N builds, and the file size.

Both are built one after the other in this process, so they see the same machine.

Run: ``.venv/bin/python benchmarks/deliverables.py [--repeats 10]``
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.engagement import Engagement  # noqa: E402
from workbench.culture import workshop as culture_workshop  # noqa: E402
from workbench.deliver import results  # noqa: E402
from workbench.deliver.workbook import neutralise_frame  # noqa: E402
from workbench.design import playbook  # noqa: E402
from workbench.design import workshop as design_workshop  # noqa: E402
from workbench.stakeholders import workshop as stakeholder_workshop  # noqa: E402

RUN_NAME = "2026-11-22T101500"


def baseline_workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """The writer before the styled one (copied as it was): one plain sheet per frame."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in cells[:200])
                sheet.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 60)
    return buffer.getvalue()


def baseline_results(mapping, culture, design) -> bytes:
    """results.xlsx as the run wrote it before: the workshops' frames as they are."""
    sheets = {
        **stakeholder_workshop.results_sheets(mapping),
        **culture_workshop.results_sheets(culture),
        "models": playbook.models_sheet(design),
    }
    return baseline_workbook_bytes(sheets)


def baseline_models(design) -> bytes:
    """relationship_models.xlsx as before: the summary, then one sheet per group."""
    groups = [g for g in design.groups if g in design.models]
    names = playbook.sheet_names(groups)
    sheets = {"summary": playbook.summary_sheet(design)}
    sheets.update({names[g]: playbook.step_rows(design.models[g]) for g in groups})
    return baseline_workbook_bytes(sheets)


def timed(build, repeats: int) -> tuple[float, float, int]:
    """Median and slowest seconds of ``repeats`` builds, and the size of the file in bytes."""
    seconds, data = [], b""
    for _ in range(repeats):
        start = time.perf_counter()
        data = build()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds), len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="builds of each file")
    args = parser.parse_args(argv)

    eng = Engagement.of("demo")
    mapping = stakeholder_workshop.analyse(eng)
    culture = culture_workshop.analyse(eng)
    design = design_workshop.analyse(eng, stakeholder_map=mapping, culture=culture)
    builds = {
        "results.xlsx": (
            lambda: baseline_results(mapping, culture, design),
            lambda: results.results_workbook(eng, RUN_NAME, mapping, culture, design),
        ),
        "relationship_models.xlsx": (
            lambda: baseline_models(design),
            lambda: results.models_workbook(design, RUN_NAME),
        ),
    }
    rows = [("demo engagement", "baseline (plain sheets)", "now (styled, with cover)")]
    for name, (old, new) in builds.items():
        figures = []
        for build in (old, new):
            median, slowest, size = timed(build, args.repeats)
            figures.append(
                f"{median * 1000:.0f} ms (max {slowest * 1000:.0f}), {size / 1024:.0f} KB"
            )
        rows.append((name, *figures))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, width, strict=True)))
    print(f"median and slowest of {args.repeats} builds each; the analysis is not timed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
