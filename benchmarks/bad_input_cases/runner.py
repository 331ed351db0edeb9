"""Running `workbench` on a case as a user would: subprocesses, their output, faults, fingerprints.

Each command starts in its own session, so a timeout or a fault can end it and every kernel
it started, by its process group id, without touching any other process on the machine.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bad_input_cases import CONCURRENT, INTERRUPT, KILL_THEN_RERUN, TERMINATE

RUN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}(-\d+)?$")  # as workbench.core.paths.RUN_NAME
TRACEBACK = "Traceback (most recent call last)"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@dataclass(frozen=True)
class Result:
    code: int | None
    output: str  # stdout, then stderr
    seconds: float
    timed_out: bool = False


def walk(top: Path) -> Iterator[Path]:
    """``top`` and everything under it, links not followed (a link loop is just a link)."""
    if not os.path.lexists(top):
        return
    yield top
    if top.is_symlink() or not top.is_dir():
        return
    for folder, dirs, files in os.walk(top, followlinks=False):
        for name in sorted(dirs) + sorted(files):
            yield Path(folder) / name


def fingerprint(root: Path) -> dict[str, str]:
    """A digest per path of inputs/, workshop/ and engagement.toml (outputs/ may change)."""
    digests = {}
    for top in ("inputs", "workshop", "engagement.toml"):
        for path in walk(root / top):
            info = os.lstat(path)
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                digests[key] = "link " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                try:
                    digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    digests[key] = f"unreadable {stat.filemode(info.st_mode)}"
                digests[key] += f" {stat.filemode(info.st_mode)}"
            else:
                digests[key] = stat.filemode(info.st_mode)
    return digests


def published(root: Path) -> set[str]:
    """The names of the published (dated) runs in outputs/."""
    outputs = root / "outputs"
    if not outputs.is_dir() or outputs.is_symlink():
        return set()
    return {p.name for p in outputs.iterdir() if RUN_NAME.match(p.name)}


def hidden_leftovers(root: Path) -> list[str]:
    outputs = root / "outputs"
    if not outputs.is_dir():
        return []
    return sorted(p.name for p in outputs.iterdir() if p.name.startswith((".running-", ".tmp")))


def _environment(work: Path, as_nobody: bool) -> dict[str, str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    if as_nobody:
        env["HOME"] = str(work / "home")
    return env


def start(workbench: Path, verb: str, root: Path, work: Path, as_nobody: bool = False):
    argv = [str(workbench), verb, *(["--quiet"] if verb == "run" else []), str(root)]
    if as_nobody and os.geteuid() == 0:
        argv = [*NOBODY, *argv]
    return subprocess.Popen(
        argv,
        cwd=work,
        env=_environment(work, as_nobody),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _end_group(process: subprocess.Popen) -> None:
    """Stop whatever is left of the process group this benchmark started (kernels too)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def finish(process: subprocess.Popen, timeout: float, began: float) -> Result:
    timed_out = False
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _end_group(process)
        out, err = process.communicate()
    _end_group(process)
    text = out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
    return Result(process.returncode, text, time.perf_counter() - began, timed_out)


def command(workbench: Path, verb: str, root: Path, work: Path, timeout: float,
            as_nobody: bool) -> Result:  # fmt: skip
    """Run ``workbench VERB ROOT`` to the end (or ``timeout``) and collect what it said."""
    began = time.perf_counter()
    return finish(start(workbench, verb, root, work, as_nobody), timeout, began)


def _wait_for_kernels(root: Path, limit: float = 240.0) -> None:
    """Until the run executes its first notebook (a fault then hits the kernels' work)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        staging = list((root / "outputs").glob(".running-*/*.ipynb"))
        if staging:
            time.sleep(5)
            return
        time.sleep(0.5)


def faulty_run(workbench: Path, fault: str, root: Path, work: Path) -> tuple[str, str, bool, str]:
    """(outcome, first text, published after failure, note) of a run disturbed by ``fault``.

    What the runs printed is written to ``<root>.runs.log`` beside the engagement.
    """
    outcome = _faulty_run(workbench, fault, root, work)
    (work / f"{root.name}.runs.log").write_text("\n\n".join(_SEEN), encoding="utf-8")
    _SEEN.clear()
    return outcome


_SEEN: list[str] = []  # what the runs of the current fault printed


def _seen(result: Result, label: str) -> Result:
    _SEEN.append(
        f"$ workbench run ({label}, exit {result.code}, {result.seconds:.0f} s)\n{result.output}"
    )
    return result


def _faulty_run(workbench: Path, fault: str, root: Path, work: Path) -> tuple[str, str, bool, str]:
    before = published(root)
    began = time.perf_counter()
    if fault == CONCURRENT:
        first = start(workbench, "run", root, work)
        second = start(workbench, "run", root, work)
        results = [_seen(finish(p, 900, began), "one of two") for p in (first, second)]
        new = published(root) - before
        ok = sum(r.code == 0 for r in results)
        note = f"exit codes {[r.code for r in results]}, {len(new)} run(s) published"
        note += f", left over: {hidden_leftovers(root) or 'nothing'}"
        bad = [r for r in results if TRACEBACK in r.output]
        if bad:
            return "traceback", _last_line(bad[0].output), len(new) > ok, note
        unclear = [r for r in results if r.code != 0 and "Fix:" not in r.output]
        if unclear or len(new) != ok or hidden_leftovers(root):
            why = _last_line(unclear[0].output) if unclear else "runs and published folders differ"
            return "unclear", why, len(new) > ok, note
        return "clear", "", False, note
    process = start(workbench, "run", root, work)
    _wait_for_kernels(root)
    if fault == INTERRUPT:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    elif fault == TERMINATE:
        os.kill(process.pid, signal.SIGTERM)
    else:
        os.kill(process.pid, signal.SIGKILL)
    result = _seen(finish(process, 180, began), fault)
    new = published(root) - before
    note = f"exit {result.code}, left over: {hidden_leftovers(root) or 'nothing'}"
    if fault == KILL_THEN_RERUN:
        rerun = _seen(command(workbench, "run", root, work, 900, False), "the run after")
        new = published(root) - before
        left = hidden_leftovers(root)
        note += f"; rerun exit {rerun.code}, left over after it: {left or 'nothing'}"
        if TRACEBACK in rerun.output:
            return "traceback", _last_line(rerun.output), False, note
        if rerun.code != 0 or left:
            return "unclear", "the next run left the killed run's folders", False, note
        return "clear", "", False, note
    if TRACEBACK in result.output:
        return "traceback", _last_line(result.output), bool(new), note
    if result.code == 0:
        return "unclear", "the run went on and finished as if nothing happened", False, note
    if new:
        return "unclear", "the interrupted run was published", True, note
    return "clear", "", False, note


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "(no output)"
