"""`workbench run`: execute the workshop templates into a new, dated output folder."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import nbformat
import papermill
from tqdm.auto import tqdm

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import RunError
from workbench.core.labels import CONSULTANT_TAG
from workbench.culture import workshop as culture_workshop
from workbench.deliver import deck, html, results
from workbench.design import playbook
from workbench.design import workshop as design_workshop
from workbench.stakeholders import workshop as stakeholder_workshop

# Each run keeps a frozen copy of the data it used in outputs/<run>/engagement/, and its
# notebooks point there. Serving or sharing an old run then always shows that run's data,
# whatever happened to inputs/ since, and the run folder can be zipped and moved as it is.
FROZEN = "engagement"
PLAYBOOKS = "playbooks"
MODELS_WORKBOOK = "relationship_models.xlsx"


def planned_name(outputs: Path, now: datetime | None = None) -> str:
    """The dated name of a run finished at ``now``: the first one no run in ``outputs`` has."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    for attempt in range(1, 1000):
        candidate = stamp if attempt == 1 else f"{stamp}-{attempt}"
        if not (outputs / candidate).exists():
            return candidate
    raise RunError(f"Could not name the run in {outputs}. Fix: clean up old runs.")


def publish(staging: Path, outputs: Path, now: datetime | None = None) -> Path:
    """Give a finished run its dated name; never reuses or replaces an existing run."""
    target = outputs / planned_name(outputs, now)
    staging.rename(target)
    return target


def freeze(eng: Engagement, target: Path) -> None:
    """Copy what the analysis reads (settings, inputs, workshop results) into the run."""
    target.mkdir()
    shutil.copy2(eng.root / paths.ENGAGEMENT_FILE, target / paths.ENGAGEMENT_FILE)
    shutil.copytree(eng.inputs, target / paths.INPUTS)
    if eng.workshop.is_dir():
        skip = shutil.ignore_patterns("history", ".*")
        shutil.copytree(eng.workshop, target / paths.WORKSHOP, ignore=skip)


def _write_new(path: Path, data: bytes | str) -> None:
    mode = "xb" if isinstance(data, bytes) else "x"
    with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as handle:
        handle.write(data)


def run(
    engagement: Engagement | str | Path,
    templates: tuple[str, ...] = paths.WORKSHOP_TEMPLATES,
    progress: bool = True,
) -> Path:
    """Validate everything, execute every template, export HTML, results.xlsx and deck.pptx.

    The analysis runs once before anything is written, so bad inputs, workshop files or
    snapshots stop the run with a clear message and leave outputs/ untouched. The run is
    built in a hidden folder and only gets its dated name when every step succeeded.
    """
    eng = Engagement.of(engagement)
    if eng.is_demo:
        raise RunError(
            "The built-in demo engagement is read-only, so a run cannot be written into it. "
            "Fix: copy it with `workbench new PATH --demo`, then `workbench run PATH`."
        )
    workshop = stakeholder_workshop.analyse(eng)
    culture = culture_workshop.analyse(eng)
    design = design_workshop.analyse(eng, stakeholder_map=workshop, culture=culture)

    eng.outputs.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".running-", dir=eng.outputs))
    steps = [
        "copy inputs",
        *(f"execute {t}" for t in templates),
        *(f"export {t}" for t in templates),
        "results.xlsx",
        "deck.pptx",
        "playbooks",
    ]
    bar = tqdm(total=len(steps), desc="workbench run", unit="step", disable=not progress)
    try:
        bar.set_postfix_str("copying inputs")
        freeze(eng, staging / FROZEN)
        bar.update()
        for template in templates:
            bar.set_postfix_str(f"executing {template}")
            execute(paths.TEMPLATES_DIR / template, staging / template)
            bar.update()
        for template in templates:
            bar.set_postfix_str(f"exporting {template}")
            page = html.notebook_file_html(staging / template)
            _write_new(staging / Path(template).with_suffix(".html").name, page)
            bar.update()
        bar.set_postfix_str("writing results.xlsx")
        finished = datetime.now()  # the run's name, on the workbooks' cover and its folder
        run_name = planned_name(eng.outputs, finished)
        book = results.results_workbook(eng, run_name, workshop, culture, design)
        _write_new(staging / "results.xlsx", book)
        bar.update()
        bar.set_postfix_str("writing deck.pptx")
        slides = deck.deck_bytes(
            workshop, culture, design, run_name=run_name, written=finished.date()
        )
        _write_new(staging / "deck.pptx", slides)
        bar.update()
        bar.set_postfix_str("writing playbooks")
        write_playbooks(design, staging, run_name)
        bar.update()
    except BaseException as exc:
        failed = staging.with_name(staging.name.replace(".running-", ".failed-"))
        staging.rename(failed)
        if isinstance(exc, RunError):  # its message names the notebook's old path
            raise RunError(str(exc).replace(str(staging), str(failed))) from None
        raise
    finally:
        bar.close()
    return publish(staging, eng.outputs, finished)


def write_playbooks(
    design: design_workshop.ModelDesign, run_folder: Path, run_name: str | None = None
) -> None:
    """A printable playbook per group in playbooks/, and relationship_models.xlsx.

    The workbook's cover names the run ``run_name`` (default: the folder's name).
    """
    folder = run_folder / PLAYBOOKS
    folder.mkdir()
    for name, page in playbook.playbooks(design).items():
        _write_new(folder / name, page)
    book = results.models_workbook(design, run_name or run_folder.name)
    _write_new(run_folder / MODELS_WORKBOOK, book)


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes on every execution (timings, widget state) so outputs diff cleanly."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and CONSULTANT_TAG not in tags:
            cell.metadata["tags"] = [*tags, CONSULTANT_TAG]
    return nb


def execute(template: Path, target: Path, engagement_path: str = FROZEN) -> None:
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
            "Fix: run `workbench check` on the engagement; if it reports no problem, send that "
            "notebook to the workbench maintainers."
        ) from None
    nbformat.write(tidy(nbformat.read(target, as_version=4)), target)
