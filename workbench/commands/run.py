"""`workbench run`: execute the workshop templates into a new, dated output folder.

Faults never publish half a run: the run is built in a hidden staging folder (see
:mod:`workbench.commands.staging`), and a stop (Ctrl-C, SIGTERM), a full disk or a folder that
cannot be written ends with a message saying what happened and how to go on.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import signal
import threading
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import nbformat
import papermill
from tqdm.auto import tqdm

from workbench.commands import staging as runs
from workbench.core import handoff, paths
from workbench.core.engagement import Engagement
from workbench.core.errors import RunError, raise_for_errors
from workbench.core.files import WORKSHOP_SKIP, engagement_link_problems, remove_stale_temp_files
from workbench.core.labels import CONSULTANT_TAG
from workbench.culture import workshop as culture_workshop
from workbench.culture.scrub import freeze_surveys
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
# The kernel's own log (e.g. "Kernel is running over TCP without encryption") goes to the
# terminal, through the progress bar. A failing cell is recorded in the notebook and reported
# by the run; what the kernel logs itself is noise there, e.g. the socket errors of a kernel
# stopped by Ctrl-C, so only a crash of the kernel itself is shown.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
LIBRARY_LOGGERS = ("papermill", "nbclient", "traitlets", "jupyter_client", "asyncio")
FULL_DISK = (errno.ENOSPC, errno.EDQUOT)
NOT_ALLOWED = (errno.EACCES, errno.EPERM, errno.EROFS)
STOPPED = "Run stopped: nothing was published"


class RunStopped(RunError):
    """The run was stopped by Ctrl-C (exit code 130) or SIGTERM (143); nothing was published."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be, so every library cleans up the same way."""


def prepare_outputs(eng: Engagement) -> Path:
    """The outputs folder, made if needed, or a clear error if no run can be written there."""
    outputs = eng.outputs
    if outputs.exists() and not outputs.is_dir():
        raise RunError(
            f"{outputs} is a file, but runs are written into a folder of that name. "
            "Fix: rename or move that file, then run again."
        )
    try:
        outputs.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, outputs, eng) from None
    if not os.access(outputs, os.W_OK | os.X_OK):
        read_only = hasattr(os, "statvfs") and os.statvfs(outputs).f_flag & os.ST_RDONLY
        code = errno.EROFS if read_only else errno.EACCES
        raise _os_error(OSError(code, os.strerror(code), str(outputs)), outputs, eng)
    return outputs


def freeze(eng: Engagement, target: Path) -> None:
    """Copy what the analysis reads (settings, inputs, workshop results) into the run.

    Links are copied as the files they point to (:func:`run` allowed only those inside the
    engagement: see :func:`workbench.core.files.engagement_link_problems`).
    """
    target.mkdir()
    shutil.copy2(eng.root / paths.ENGAGEMENT_FILE, target / paths.ENGAGEMENT_FILE)
    surveys = eng.root / paths.SURVEYS
    copy_tree(eng.inputs, target / paths.INPUTS, ignore=_skip_folder(surveys))
    if surveys.is_dir():
        _copy_surveys(surveys, target / paths.SURVEYS, eng)
    if eng.workshop.is_dir():
        skip = shutil.ignore_patterns(*WORKSHOP_SKIP)
        copy_tree(eng.workshop, target / paths.WORKSHOP, ignore=skip)


def _copy_surveys(source: Path, target: Path, eng: Engagement) -> None:
    """Copy the survey exports into a run without the personal data the import drops.

    The one place a run copies them: a run re-executed from its frozen copy gives the same
    numbers, and a zipped run folder carries no respondent's e-mail or IP address.
    """
    culture = eng.culture
    freeze_surveys(
        source,
        target,
        fmt=culture["survey_format"],
        keep=(*culture["demographics"], *culture["comment_columns"]),
        root=eng.root,
    )


def copy_tree(source: Path, target: Path, ignore=None) -> None:
    """:func:`shutil.copytree` that stops at the first file it cannot write, with its error.

    shutil goes on after a failed file and raises one ``shutil.Error`` listing them all,
    without an errno: a full disk would then fill up to the last byte and not be recognised.
    """

    def copy_or_stop(src: str, dst: str) -> None:
        try:
            shutil.copy2(src, dst)
        except OSError as exc:
            raise _CopyStopped(exc) from None

    try:
        shutil.copytree(source, target, ignore=ignore, copy_function=copy_or_stop)
    except _CopyStopped as stop:
        raise stop.error from None


class _CopyStopped(Exception):
    """Carries a copy's OSError past shutil.copytree, which collects OSErrors and goes on."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _skip_folder(folder: Path):
    def ignore(directory: str, names: list[str]) -> list[str]:
        return [n for n in names if Path(directory, n) == folder]

    return ignore


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
    Ctrl-C or SIGTERM raise :class:`RunStopped` after removing the unfinished run.
    """
    eng = Engagement.of(engagement)
    if eng.is_demo:
        raise RunError(
            "The built-in demo engagement is read-only, so a run cannot be written into it. "
            "Fix: copy it with `workbench new PATH --demo`, then `workbench run PATH`."
        )
    with _sigterm_stops_the_run(), _quiet_libraries():
        try:
            return _run(eng, templates, progress)
        except KeyboardInterrupt as exc:
            code = 143 if isinstance(exc, _Terminated) else 130
            how = "by SIGTERM" if code == 143 else "by Ctrl-C"
            raise RunStopped(
                f"{STOPPED} (stopped {how}); the unfinished run was removed. "
                f"Fix: run `workbench run {eng.root}` again when you are ready.",
                code,
            ) from None


def _run(eng: Engagement, templates: tuple[str, ...], progress: bool) -> Path:
    raise_for_errors(engagement_link_problems(eng))  # before anything is read from a link
    outputs = prepare_outputs(eng)
    workshop = stakeholder_workshop.analyse(eng)
    culture = culture_workshop.analyse(eng)
    design = design_workshop.analyse(eng, stakeholder_map=workshop, culture=culture)

    try:
        staging = runs.start(outputs)
        remove_stale_temp_files(eng.workshop)
    except OSError as exc:
        raise _os_error(exc, outputs, eng) from None
    steps = [
        "copy inputs",
        *(f"execute {t}" for t in templates),
        *(f"export {t}" for t in templates),
        "results.xlsx",
        "deck.pptx",
        "playbooks",
    ]
    bar = tqdm(total=len(steps), desc="workbench run", unit="step", disable=not progress)
    run_name = None
    try:
        bar.set_postfix_str("copying inputs")
        freeze(eng, staging / FROZEN)
        # The notebooks load these instead of analysing again (see core.handoff).
        handoff.save(
            staging / FROZEN,
            {
                stakeholder_workshop.analyse: workshop,
                culture_workshop.analyse: culture,
                design_workshop.analyse: design,
            },
        )
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
        run_name = runs.reserve_name(outputs, staging, finished)
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
        return runs.publish(staging, outputs, run_name)
    except BaseException as exc:
        runs.release(outputs, run_name)
        raise _failed(exc, staging, outputs, eng) from None
    finally:
        bar.close()


def _failed(exc: BaseException, staging: Path, outputs: Path, eng: Engagement) -> BaseException:
    """Put an unfinished run aside (or remove it) and say what happened."""
    if isinstance(exc, KeyboardInterrupt):
        runs.discard(staging)
        return exc
    full = isinstance(exc, OSError) and exc.errno in FULL_DISK
    need = _space_needed(eng) if full else 0  # measured before the staging folder goes
    try:
        failed = runs.set_aside(staging, keep_only_notebooks=full)
    except OSError:
        runs.discard(staging)
        failed = None
    if isinstance(exc, OSError):
        return _os_error(exc, outputs, eng, kept=failed, need=need)
    if isinstance(exc, RunError) and failed:  # its message names the notebook's old path
        return RunError(str(exc).replace(str(staging), str(failed)))
    return exc


def _os_error(
    exc: OSError, outputs: Path, eng: Engagement, kept: Path | None = None, need: int = 0
) -> RunError:
    """A clear message for a run that could not be written."""
    where = exc.filename or outputs
    aside = f" What was written is kept aside in {kept}." if kept else ""
    if exc.errno in FULL_DISK:
        free = shutil.disk_usage(outputs).free if outputs.is_dir() else 0
        need = need or _space_needed(eng)
        return RunError(
            f"The disk holding {outputs} is full ({runs.human_size(free)} free): this run needs "
            f"roughly {runs.human_size(need)} there. Nothing was published.{aside} "
            f"Fix: free at least {runs.human_size(need)} on that disk (older runs in {outputs} "
            "can be zipped and moved elsewhere), then run again."
        )
    if exc.errno in NOT_ALLOWED:
        return RunError(
            f"Cannot write {where}: {exc.strerror or 'permission denied'}. Nothing was "
            f"published.{aside} Fix: make {outputs} (and the engagement folder {eng.root}) "
            "writable for you, or copy the engagement to a folder you can write to, then "
            "run again."
        )
    return RunError(
        f"Could not write {where}: {exc.strerror or exc}. Nothing was published.{aside} "
        f"Fix: check the disk and the folder {outputs}, then run again."
    )


def _space_needed(eng: Engagement) -> int:
    """Rough size of a run: the last one's, or the data it copies plus room for the exports."""
    try:
        finished = sorted(p for p in eng.outputs.iterdir() if paths.RUN_NAME.match(p.name))
        if finished:
            return runs.folder_size(finished[-1])
        copied = runs.folder_size(eng.inputs) + runs.folder_size(eng.workshop)
    except OSError:
        copied = 0
    return copied + 20_000_000  # notebooks, HTML, workbooks and the deck of a typical run


@contextlib.contextmanager
def _sigterm_stops_the_run() -> Iterator[None]:
    """During the run, SIGTERM (kill, systemd, docker stop) stops it as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread; a run in a thread is stopped by its owner
        return

    def stop(_signum, _frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Keep library warnings and log lines out of the progress bar, for this run only."""
    if threading.current_thread() is not threading.main_thread():
        yield  # warning filters are process-wide: only the main thread may change them
        return
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


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
            extra_arguments=KERNEL_ARGUMENTS,
        )
    except papermill.PapermillExecutionError as exc:
        raise RunError(
            f"{template.name} stopped at cell {exc.exec_count} with {exc.ename}: {exc.evalue}\n"
            f"The partly executed notebook is at {target}. "
            "Fix: run `workbench check` on the engagement; if it reports no problem, send that "
            "notebook to the workbench maintainers."
        ) from None
    nbformat.write(tidy(nbformat.read(target, as_version=4)), target)
