"""Faults during `workbench run`: signals, kill -9, runs in the same second, a full disk and
read-only folders. Each ends with a clear message, nothing half-published, and the next run
leaves nothing behind.

The runs execute no notebook (``templates=()``, or one stand-in for a kernel that takes its
time), so each takes seconds. A full disk is a real small tmpfs and a read-only folder a real
read-only bind mount, both mounted in a user namespace (``unshare -rm``); those tests are
skipped where user namespaces are not allowed. The chmod tests are skipped as root, whom
file modes do not stop (the read-only mount covers that case there).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from live import wait_for

from workbench.commands import cli
from workbench.commands import run as run_module
from workbench.commands.run import RunStopped, run
from workbench.core.errors import InputError, RunError

# In a fresh interpreter: `workbench run` on the command line, with the templates replaced by
# nothing ("plain"), by a notebook whose kernel never finishes ("stall") or by one whose output
# grows until the disk is full ("fill"). Prints the exit code and what outputs/ holds then.
SCRIPT = """
import functools, json, os, shutil, sys, time
from pathlib import Path
from workbench.commands import cli, run

root, mode = Path(sys.argv[1]), sys.argv[2]

def stall(template, target, engagement_path="engagement"):
    target.write_text('{"cells": []}')  # the kernel has begun writing the notebook
    while True:
        time.sleep(0.05)

def fill(template, target, engagement_path="engagement"):
    target.write_text('{"cells": []}')
    with open(target.parent / "kernel-output.bin", "wb") as out:
        while True:
            out.write(bytes(1 << 20))
            out.flush()

templates = ()
if mode in ("stall", "fill"):
    run.execute, templates = {"stall": stall, "fill": fill}[mode], ("stakeholder_mapping.ipynb",)
run.run = functools.partial(run.run, templates=templates)
code = cli.main(["run", str(root), "--quiet"])
outputs = root / "outputs"
left = sorted(str(p.relative_to(outputs)) for p in outputs.rglob("*")) if outputs.is_dir() else []
used = shutil.disk_usage(outputs).used if outputs.is_dir() else 0
print(json.dumps({"code": code, "left": left, "used": used}))
sys.exit(code)
"""


def _command(root: Path, mode: str) -> list[str]:
    return [sys.executable, "-c", SCRIPT, str(root), mode]


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _outputs(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "outputs").iterdir())


def _next_run_is_clean(root: Path) -> Path:
    """The next run publishes and leaves exactly the finished runs in outputs/."""
    out = run(root, templates=(), progress=False)
    assert all(not name.startswith(".") for name in _outputs(root)), _outputs(root)
    return out


def _stalled_run(root: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        _command(root, "stall"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    outputs = root / "outputs"
    wait_for(
        lambda: (
            list(outputs.glob(".running-*/stakeholder_mapping.ipynb")) or child.poll() is not None
        ),
        "the run to start executing its notebook",
    )
    assert child.poll() is None, child.communicate()
    return child


@pytest.mark.parametrize(
    ("sent", "exit_code", "how"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_a_stopped_run_says_so_and_publishes_nothing(demo_copy, sent, exit_code, how):
    inputs = _files(demo_copy / "inputs")
    child = _stalled_run(demo_copy)
    child.send_signal(sent)
    out, err = child.communicate(timeout=60)
    assert child.returncode == exit_code
    assert "Run stopped: nothing was published" in err and how in err and "Fix:" in err
    assert "Traceback" not in err
    assert json.loads(out.splitlines()[-1])["left"] == []  # staging removed, no name held
    assert _files(demo_copy / "inputs") == inputs  # and nothing left for a next run to clean


def test_leftovers_of_a_killed_run_go_with_the_next_run(demo_copy):
    workshop = demo_copy / "workshop"
    old_temp = workshop / "models" / ".customers.toml.k9x.tmp"  # a save killed long ago
    new_temp = workshop / ".adjustments.csv.a1b.tmp"  # a save in progress right now
    for temp in (old_temp, new_temp):
        temp.write_text("half")
    hours_ago = time.time() - 2 * 3600
    os.utime(old_temp, (hours_ago, hours_ago))
    child = _stalled_run(demo_copy)
    child.kill()  # SIGKILL: no clean-up of its own is possible
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    (left,) = _outputs(demo_copy)
    assert left.startswith(".running-") and (demo_copy / "outputs" / left / ".owner.json").exists()

    out = _next_run_is_clean(demo_copy)
    assert _outputs(demo_copy) == [out.name]
    assert not old_temp.exists() and new_temp.exists()


def test_a_live_runs_staging_folder_is_never_touched(demo_copy):
    child = _stalled_run(demo_copy)
    try:
        (running,) = _outputs(demo_copy)
        out = run(demo_copy, templates=(), progress=False)  # a second run meanwhile
        assert _outputs(demo_copy) == sorted([running, out.name])
    finally:
        child.kill()
        child.communicate(timeout=60)


class _SameSecond(datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 22, 10, 15, 0)


def test_two_runs_finishing_in_the_same_second_never_collide(demo_copy, monkeypatch):
    monkeypatch.setattr(run_module, "datetime", _SameSecond)  # the clock, not the race
    published, errors = [], []

    def one_run():
        try:
            published.append(run(demo_copy, templates=(), progress=False))
        except Exception as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(exc)

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _outputs(demo_copy) == ["2026-11-22T101500", "2026-11-22T101500-2"]
    for out in published:  # each cover names its own folder
        for book in ("results.xlsx", "relationship_models.xlsx"):
            rows = openpyxl.load_workbook(out / book)["About"].iter_rows(values_only=True)
            names = [row[1] for row in rows if row[0] == "Run"]
            assert names == [out.name], book


@cache
def _namespaces() -> bool:
    """Whether we may mount in a user namespace (for a real full or read-only disk)."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces(), reason="user namespaces are not allowed here (unshare -rm)"
)
not_as_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file modes"
)


def _in_namespace(mounts: str, root: Path, mode: str) -> tuple[int, dict, str]:
    """Run the script in a user namespace after the shell commands ``mounts`` ($1 is root)."""
    shell = f'set -e; {mounts}; exec "$0" -c "$2" "$1" "$3"'
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", shell, sys.executable, str(root), SCRIPT, mode],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip(), done.stderr
    return done.returncode, json.loads(done.stdout.splitlines()[-1]), done.stderr


@needs_namespaces
@pytest.mark.parametrize(("size", "mode"), [("300k", "plain"), ("4m", "fill")])
def test_a_full_disk_is_explained_and_not_left_full(demo_copy, size, mode):
    """300 KB: the disk fills while the inputs are copied; 4 MB: while a notebook runs
    (the frozen copy and the analyses handed to the notebooks take about 2 MB)."""
    inputs = _files(demo_copy / "inputs")
    mount = f'mount -t tmpfs -o size={size} none "$1/outputs"'
    code, after, err = _in_namespace(mount, demo_copy, mode)
    assert code == 2 and "Traceback" not in err
    assert "The disk holding" in err and "is full" in err and "needs roughly" in err
    assert str(demo_copy / "outputs") in err and "Nothing was published" in err
    assert "Fix: free at least" in err
    if mode == "fill":  # only the small partly executed notebook is kept, and said where
        (failed, notebook) = after["left"]
        assert failed.startswith(".failed-") and notebook == f"{failed}/stakeholder_mapping.ipynb"
        assert failed in err
    else:
        assert after["left"] == []
    assert after["used"] < 100_000  # the disk is free again
    assert _files(demo_copy / "inputs") == inputs


@needs_namespaces
@pytest.mark.parametrize("folder", ["outputs", "."])
def test_a_read_only_folder_is_explained(demo_copy, folder):
    if folder == ".":
        (demo_copy / "outputs").rmdir()  # the run would have to make it
    target = f'"$1/{folder}"'
    mount = f"mount --bind {target} {target}; mount -o remount,bind,ro {target}"
    code, after, err = _in_namespace(mount, demo_copy, "plain")
    assert code == 2 and "Traceback" not in err
    assert "Read-only file system" in err and "Nothing was published" in err
    assert str(demo_copy / "outputs") in err and "Fix: make" in err
    assert after["left"] == []


@not_as_root
def test_a_folder_without_write_permission_is_explained(demo_copy, capsys):
    outputs = demo_copy / "outputs"
    outputs.chmod(0o555)
    try:
        assert cli.main(["run", str(demo_copy)]) == 2
    finally:
        outputs.chmod(0o755)
    err = capsys.readouterr().err
    assert "Permission denied" in err and str(outputs) in err and "Fix: make" in err
    assert _outputs(demo_copy) == []


def test_outputs_as_a_file_is_explained_before_anything_runs(demo_copy, capsys):
    outputs = demo_copy / "outputs"
    outputs.rmdir()
    outputs.write_text("notes")
    assert cli.main(["run", str(demo_copy)]) == 2  # refused before any analysis or kernel
    err = capsys.readouterr().err
    assert f"{outputs} is a file" in err and "Fix: rename or move that file" in err
    assert outputs.read_text() == "notes"


@pytest.mark.parametrize("kind", ["dangling", "file outside", "folder outside"])
def test_links_out_of_the_engagement_stop_the_run(demo_copy, tmp_path, kind):
    private = tmp_path / "private"
    private.mkdir()
    (private / "salaries.csv").write_text("name,salary\n")
    link = demo_copy / "inputs" / "extra"
    target = {
        "dangling": tmp_path / "gone.csv",
        "file outside": private / "salaries.csv",
        "folder outside": private,
    }[kind]
    link.symlink_to(target)
    with pytest.raises(InputError) as raised:
        run(demo_copy, templates=(), progress=False)
    message = str(raised.value)
    assert "inputs/extra: This link points to" in message and "Fix:" in message
    assert _outputs(demo_copy) == []


def test_links_inside_the_engagement_are_copied_as_files(demo_copy):
    brand = demo_copy / "brand"
    brand.mkdir()
    logo = demo_copy / "inputs" / "logo.svg"
    shutil.move(logo, brand / "logo.svg")
    logo.symlink_to(brand / "logo.svg")
    out = run(demo_copy, templates=(), progress=False)
    frozen = out / "engagement" / "inputs" / "logo.svg"
    assert frozen.is_file() and not frozen.is_symlink()
    assert frozen.read_bytes() == (brand / "logo.svg").read_bytes()


def test_a_stop_in_a_library_call_is_a_run_stopped_error(demo_copy, monkeypatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "write_playbooks", interrupted)
    with pytest.raises(RunStopped, match="Run stopped: nothing was published") as raised:
        run(demo_copy, templates=(), progress=False)
    assert raised.value.exit_code == 130 and isinstance(raised.value, RunError)
    assert _outputs(demo_copy) == []
