"""The built wheel, installed in a clean virtualenv, serves the demo with no repository around.

This is what a consultant gets from `pip install`: no checkout, no editable install, and a
working directory that is not the repository, so nothing may be read from the repository root.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "notebooks" / "demo"
# The interpreter of the clean virtualenv; try others by hand, e.g. WHEEL_TEST_PYTHON=python3.13.
PYTHON = os.environ.get("WHEEL_TEST_PYTHON", sys.executable)
DEADLINE_SECONDS = 120
SERVING = re.compile(r"^Serving \d+ app\(s\) from (?P<folder>.+) \(", re.MULTILINE)

pytestmark = pytest.mark.slow


def _run(*argv: str | Path, env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(map(str, argv))}\n{done.stdout}{done.stderr}"


def _first_heading(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    markdown = next(c for c in cells if c["cell_type"] == "markdown")
    return "".join(markdown["source"]).strip().splitlines()[0].lstrip("#").strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=DEADLINE_SECONDS) as response:
        return response.status, response.read().decode("utf-8")


def test_installed_wheel_serves_the_demo_outside_the_repository(tmp_path):
    # Nothing from the test run may leak in: no PYTHONPATH, no active venv, no Jupyter settings.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
        and not k.startswith(("JUPYTER", "WORKBENCH_"))
    }
    dist, venv, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip = ("-m", "pip", "--disable-pip-version-check")
    _run(sys.executable, *pip, "wheel", ROOT, "--no-deps", "--quiet", "-w", dist, env=env)
    (wheel,) = dist.glob("*.whl")
    _run(PYTHON, "-m", "venv", venv, env=env)
    # --no-compile: byte-compiling all of Jupyter doubles the install time (~15 s here).
    install = ("install", "--quiet", "--prefer-binary", "--no-compile", wheel)
    _run(venv / "bin" / "python", *pip, *install, env=env)

    # A home of its own keeps ~/.jupyter, ~/.ipython and user site-packages out of the server.
    server_env = env | {"HOME": str(tmp_path), "PYTHONNOUSERSITE": "1"}
    server_env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [venv / "bin" / "workbench", "serve", "--port", str(port), "--warm", "0"],
            cwd=elsewhere,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a failed test can end it all
        )
    try:
        # The CLI prints "Serving 3 app(s) from <folder> (...)" once Voila answers.
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not (serving := SERVING.search(log_path.read_text(errors="replace"))):
            assert time.monotonic() < deadline, f"no answer:\n{log_path.read_text()}"
            try:
                server.wait(timeout=0.2)  # the poll interval, ending early if the server dies
                pytest.fail(f"workbench serve exited {server.returncode}:\n{log_path.read_text()}")
            except subprocess.TimeoutExpired:
                pass
        served = Path(serving["folder"])
        assert served.is_relative_to(venv), f"served {served}, not the wheel's copy"

        status, home = _get(url)
        assert status == 200
        notebooks = sorted(DEMO.glob("*.ipynb"))
        assert len(notebooks) == 3
        for nb in notebooks:
            link = f'<a href="/voila/render/{nb.name}">{escape(_first_heading(nb))}</a>'
            assert link in home, f"{link} not on the home page"

        # Every app runs its notebook in a kernel of the venv against the packaged demo data,
        # so a file the wheel lacks shows up here as a failed cell.
        with ThreadPoolExecutor(len(notebooks)) as pool:
            pages = pool.map(lambda nb: _get(f"{url}voila/render/{nb.name}"), notebooks)
            for nb, (status, page) in zip(notebooks, pages, strict=True):
                assert status == 200, nb.name
                assert escape(_first_heading(nb)) in page, nb.name
                assert 'class="wb-app-error"' not in page, f"{nb.name}:\n{log_path.read_text()}"

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0, log_path.read_text()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
