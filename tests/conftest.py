"""Fixtures for the whole suite.

Expensive things are made once per session and shared: one Chromium, one portal on the demo and
one full `workbench run` (plus one re-run). Shared folders are checked after every test that uses
them, so a test that writes into one fails instead of changing what later tests read. Workbench
modules beyond the CLI are imported where they are used, so a module that fails to import breaks
only the tests that need it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from input_files import DATA, TABLE_NAMES

from workbench.commands import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo engagement, made the way a user would make it."""
    target = tmp_path / "northwind"
    assert cli.main(["new", str(target), "--client", "Northwind Copy", "--demo"]) == 0
    return target


@pytest.fixture
def blank_engagement(tmp_path: Path) -> Path:
    """A freshly scaffolded engagement with the example rows of the input template."""
    target = tmp_path / "acme"
    assert cli.main(["new", str(target), "--client", "Acme Ltd"]) == 0
    return target


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A valid inputs folder made from the io_*.csv fixtures."""
    folder = tmp_path / "engagement" / "inputs"
    folder.mkdir(parents=True)
    for table in TABLE_NAMES:
        shutil.copy(DATA / f"io_{table}.csv", folder / f"{table}.csv")
    return folder


# --- shared folders ---------------------------------------------------------------------------


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _digest(folder: Path) -> str:
    found = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        found.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            found.update(path.read_bytes())
    return found.hexdigest()


@contextlib.contextmanager
def _unchanged(folder: Path) -> Iterator[None]:
    """Fail the test that changed ``folder``: other tests read it after this one."""
    before = _digest(folder)
    yield
    assert _digest(folder) == before, f"{folder} is shared; copy it first (demo_run_copy)"


@dataclass(frozen=True)
class DemoRun:
    """`workbench run` of a demo copy: what the command returned and printed, and the inputs."""

    engagement: Path
    exit_code: int
    stderr: str  # the progress bar
    inputs_before: dict[Path, bytes]


@pytest.fixture(scope="session")
def _demo_run(tmp_path_factory) -> DemoRun:
    root = tmp_path_factory.mktemp("demo_run") / "northwind"
    assert cli.main(["new", str(root), "--client", "Northwind Copy", "--demo"]) == 0
    inputs = _files(root / "inputs")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(["run", str(root)])
    return DemoRun(root, code, err.getvalue(), inputs)


@pytest.fixture
def demo_run(_demo_run) -> Iterator[DemoRun]:
    """One full run of a demo copy for every test that only reads it (its engagement's
    outputs/ holds exactly that run). Write nothing into it: use demo_run_copy for that."""
    with _unchanged(_demo_run.engagement):
        yield _demo_run


@pytest.fixture
def demo_run_copy(_demo_run, tmp_path: Path) -> Path:
    """A writable copy of the demo_run engagement, its finished run included."""
    return shutil.copytree(_demo_run.engagement, tmp_path / "northwind")


@dataclass(frozen=True)
class DemoRerun:
    """The demo_run engagement copied, given a new survey wave (2026-11) and run again."""

    engagement: Path
    first: Path
    first_files: dict[Path, bytes]  # the first run as it was before the second one
    second: Path


@pytest.fixture(scope="session")
def _demo_rerun(_demo_run, tmp_path_factory) -> DemoRerun:
    from workbench.commands.run import run

    root = shutil.copytree(_demo_run.engagement, tmp_path_factory.mktemp("rerun") / "northwind")
    (first,) = (root / "outputs").iterdir()
    before = _files(first)
    surveys = root / "inputs" / "surveys"
    shutil.copytree(surveys / "2026-05", surveys / "2026-11")
    return DemoRerun(root, first, before, run(root, progress=False))


@pytest.fixture
def demo_rerun(_demo_rerun) -> Iterator[DemoRerun]:
    """Shared like demo_run: read it, never write into it."""
    with _unchanged(_demo_rerun.engagement):
        yield _demo_rerun


# --- the portal and the browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_portal():
    """The portal on the demo with the product's defaults (a preheated kernel per app), warm.

    Shared by every test that only visits the demo apps; tests that need other settings start
    their own server (live.portal)."""
    from live import portal

    from workbench.core import paths
    from workbench.portal.serve import PortalSettings

    with portal(paths.DEMO_NOTEBOOKS, PortalSettings()) as server:
        server.wait_until_warm()
        yield server


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session. Pages opened with ``chromium.new_page()`` each
    get a new browser context; tests that want several pages use the ``context`` fixture."""
    from workbench.testing import browser

    with browser.chromium() as instance:
        yield instance


@pytest.fixture
def context(chromium):
    """A fresh browser context (no cookies, storage or cache from other tests)."""
    fresh = chromium.new_context()
    yield fresh
    fresh.close()


def _uses_browser(item: pytest.Item) -> bool:
    return "chromium" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with _outside_playwright(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with _outside_playwright(item):
        return (yield)


@contextlib.contextmanager
def _outside_playwright(item: pytest.Item) -> Iterator[None]:
    """Hide the session's Playwright event loop from tests that do not use the browser.

    Between its calls, Playwright's sync API marks its own loop as running in this thread, so
    asyncio.run() (kernel tests, papermill, nbval) would refuse to start after the first browser
    test. Browser tests keep the mark: Playwright needs it. Teardown is left alone, because it
    may close a browser page of the module before.
    """
    loop = asyncio._get_running_loop()
    if loop is None or _uses_browser(item):
        yield
        return
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)


@pytest.fixture
def analyse_calls(monkeypatch) -> dict[str, list]:
    """Every call of each workshop's ``analyse`` in this process, by workshop.

    The calls still run the real analysis; this only counts them.
    """
    from workbench.culture import workshop as culture_workshop
    from workbench.design import workshop as design_workshop
    from workbench.stakeholders import workshop as stakeholder_workshop

    calls: dict[str, list] = {}
    for name, module in [
        ("stakeholders", stakeholder_workshop),
        ("culture", culture_workshop),
        ("design", design_workshop),
    ]:
        calls[name] = seen = []
        real = module.analyse

        @functools.wraps(real)
        def counted(*args, _real=real, _seen=seen, **kwargs):
            _seen.append(args)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "analyse", counted)
    return calls
