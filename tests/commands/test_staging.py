"""Tests for workbench.commands.staging: run folders named atomically and swept after crashes."""

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime

from workbench.commands import staging

NOW = datetime(2026, 11, 22, 10, 15, 0)


def _dead_pid() -> int:
    """The pid of a process that has finished (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _signed(outputs, name, owner):
    """A staging folder as another process left it."""
    folder = outputs / f".running-{name}"
    folder.mkdir()
    (folder / staging.OWNER).write_text(json.dumps(owner))
    return folder


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_runs_publishing_in_the_same_second_get_distinct_names(tmp_path):
    folders = [staging.start(tmp_path) for _ in range(6)]
    for number, folder in enumerate(folders):
        (folder / "results.xlsx").write_text(str(number))
    barrier = threading.Barrier(len(folders))
    published, errors = {}, []

    def finish(folder):
        barrier.wait()  # all of them reserve and publish at the same moment
        try:
            name = staging.reserve_name(tmp_path, folder, NOW)
            published[name] = staging.publish(folder, tmp_path, name)
        except Exception as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(exc)

    threads = [threading.Thread(target=finish, args=(f,)) for f in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(published) == ["2026-11-22T101500"] + [
        f"2026-11-22T101500-{n}" for n in range(2, 7)
    ]
    contents = {(p / "results.xlsx").read_text() for p in published.values()}
    assert contents == {str(n) for n in range(6)}  # no run replaced another
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(published)  # no marker left


def test_a_name_taken_by_a_folder_is_skipped(tmp_path):
    (tmp_path / "2026-11-22T101500").mkdir()
    folder = staging.start(tmp_path)
    assert staging.reserve_name(tmp_path, folder, NOW) == "2026-11-22T101500-2"


def test_sweep_removes_leftovers_of_dead_runs_only(tmp_path):
    live = staging.start(tmp_path)  # this process: alive
    owner = json.loads((live / staging.OWNER).read_text())
    dead = _signed(tmp_path, "dead", {**owner, "pid": _dead_pid()})
    reused = _signed(tmp_path, "reused", {**owner, "started": "1"})  # live pid, other start
    unsigned_new, unsigned_old = (tmp_path / ".running-new"), (tmp_path / ".running-old")
    unsigned_new.mkdir()
    unsigned_old.mkdir()
    _age(unsigned_old, 2 * staging.ORPHAN_SECONDS)
    elsewhere = _signed(tmp_path, "elsewhere", {**owner, "pid": 1, "host": "other"})  # shared drive
    stale = tmp_path / ".name-2026-11-22T101500"
    stale.write_text(dead.name)
    held = tmp_path / ".name-2026-11-22T101501"
    held.write_text(live.name)
    for marker in (stale, held):
        _age(marker, 120)

    removed = staging.sweep(tmp_path)
    assert sorted(removed) == sorted([dead.name, reused.name, unsigned_old.name, stale.name])
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {live.name, unsigned_new.name, elsewhere.name, held.name}


def test_sweep_keeps_the_newest_failed_runs(tmp_path):
    for number in range(5):
        folder = tmp_path / f".failed-{number}"
        folder.mkdir()
        _age(folder, 100 - number)
    assert staging.sweep(tmp_path) == [".failed-0", ".failed-1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".failed-2", ".failed-3", ".failed-4"]


def test_a_full_disk_keeps_only_the_notebook_aside(tmp_path):
    folder = staging.start(tmp_path)
    (folder / "engagement" / "inputs").mkdir(parents=True)
    (folder / "engagement" / "inputs" / "register.csv").write_text("big")
    (folder / "culture_analysis.ipynb").write_text("{}")
    failed = staging.set_aside(folder, keep_only_notebooks=True)
    assert failed.name.startswith(".failed-")
    assert [p.name for p in failed.iterdir()] == ["culture_analysis.ipynb"]
    empty = staging.start(tmp_path)
    (empty / "results.xlsx").write_text("half")
    assert staging.set_aside(empty, keep_only_notebooks=True) is None and not empty.exists()


def test_the_outputs_summary_counts_finished_runs_only(tmp_path):
    run = tmp_path / "2026-11-22T101500"
    run.mkdir()
    (run / "results.xlsx").write_bytes(b"x" * 1500)
    (tmp_path / ".failed-abc").mkdir()
    assert staging.outputs_summary(tmp_path) == "1 run, 1.5 KB"
    (tmp_path / "2026-11-23T101500").mkdir()
    assert staging.outputs_summary(tmp_path).startswith("2 runs")
