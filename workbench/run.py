"""`workbench run`: execute the workshop templates into a new, dated output folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import nbformat
import papermill
from tqdm.auto import tqdm

from workbench import export, io, mapping, paths, validation
from workbench.engagement import Engagement
from workbench.errors import RunError

# Executed notebooks live in outputs/<run>/, two levels below the engagement folder. A relative
# path keeps the run portable: move or zip the engagement and the notebooks still find it.
ENGAGEMENT_FROM_RUN = "../.."


def new_run_dir(outputs: Path, now: datetime | None = None) -> Path:
    """Create a fresh folder for a run; never reuses an existing one."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    outputs.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 1000):
        candidate = outputs / (stamp if attempt == 1 else f"{stamp}-{attempt}")
        try:
            candidate.mkdir()  # atomic: fails if another run took the name first
        except FileExistsError:
            continue
        return candidate
    raise RunError(f"Could not create a new run folder in {outputs}. Fix: clean up old runs.")


def _write_new(path: Path, data: bytes | str) -> None:
    mode = "xb" if isinstance(data, bytes) else "x"
    with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as handle:
        handle.write(data)


def run(
    engagement: Engagement | str | Path,
    templates: tuple[str, ...] = paths.WORKSHOP_TEMPLATES,
    progress: bool = True,
) -> Path:
    """Validate the inputs, execute every template, export HTML and results.xlsx.

    Returns the new run folder. Bad inputs stop the run before any notebook starts.
    """
    eng = engagement if isinstance(engagement, Engagement) else Engagement.load(engagement)
    _, problems = io.load_tables(eng.inputs, eng.input_format)
    validation.raise_for_errors(problems)

    out = new_run_dir(eng.outputs)
    steps = [
        *(f"execute {t}" for t in templates),
        *(f"export {t}" for t in templates),
        "results.xlsx",
    ]
    bar = tqdm(total=len(steps), desc="workbench run", unit="step", disable=not progress)
    try:
        for template in templates:
            bar.set_postfix_str(f"executing {template}")
            execute(paths.TEMPLATES_DIR / template, out / template)
            bar.update()
        for template in templates:
            bar.set_postfix_str(f"exporting {template}")
            html = export.notebook_file_html(out / template)
            _write_new(out / Path(template).with_suffix(".html").name, html)
            bar.update()
        bar.set_postfix_str("writing results.xlsx")
        sheets = mapping.results_sheets(mapping.analyse(eng))
        _write_new(out / "results.xlsx", export.workbook_bytes(sheets))
        bar.update()
    finally:
        bar.close()
    return out


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes on every execution (timings, widget state) so outputs diff cleanly."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "skip-voila" not in tags:
            cell.metadata["tags"] = [*tags, "skip-voila"]
    return nb


def execute(template: Path, target: Path, engagement_path: str = ENGAGEMENT_FROM_RUN) -> None:
    """Execute one template with papermill into ``target`` (kernel working dir: its folder)."""
    if not template.is_file():
        raise RunError(f"Template {template} is missing. Fix: reinstall the workbench.")
    try:
        papermill.execute_notebook(
            str(template),
            str(target),
            parameters={"engagement_path": engagement_path},
            cwd=str(target.parent),
            progress_bar=False,
            kernel_name="python3",
        )
    except papermill.PapermillExecutionError as exc:
        raise RunError(
            f"{template.name} stopped at cell {exc.exec_count} with {exc.ename}: {exc.evalue}\n"
            f"The partly executed notebook is at {target}. "
            "Fix: correct the input named above, then run again."
        ) from None
    nbformat.write(tidy(nbformat.read(target, as_version=4)), target)
