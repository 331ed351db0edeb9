"""Tests for workbench.core.files: atomic writes and the read-only demo."""

import os

import pytest

from workbench.core import files
from workbench.core.engagement import Engagement
from workbench.core.errors import StoreError


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "a" / "file.csv"
    files.atomic_write_bytes(target, b"one")
    files.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.csv"]


def test_interrupted_save_keeps_the_last_good_file(tmp_path, monkeypatch):
    target = tmp_path / "model.csv"
    files.atomic_write_bytes(target, b"last good")

    def crash(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="power cut"):
        files.atomic_write_bytes(target, b"half writ")
    assert target.read_bytes() == b"last good"
    assert [p.name for p in tmp_path.iterdir()] == ["model.csv"]  # no temp file left


def test_the_demo_refuses_workshop_saves():
    with pytest.raises(StoreError, match="demo engagement is read-only.*Fix: copy it"):
        files.writable_workshop(Engagement.load("demo"))


def test_an_engagement_copy_gives_its_workshop_folder(demo_copy):
    assert files.writable_workshop(Engagement.load(demo_copy)) == demo_copy / "workshop"


# --- links that would read or publish a file from outside the engagement ----------------------


@pytest.fixture
def engagement_root(tmp_path):
    root = tmp_path / "acme"
    (root / "inputs").mkdir(parents=True)
    (root / "inputs" / "stakeholders.csv").write_text("id\n")
    return root


def test_a_dangling_link_is_named_with_a_fix(engagement_root):
    (engagement_root / "inputs" / "ratings.csv").symlink_to(engagement_root / "gone.csv")
    (problem,) = files.unsafe_links(engagement_root / "inputs", engagement_root)
    assert problem.file == "inputs/ratings.csv" and "does not exist" in str(problem)
    assert "Fix: remove the link" in str(problem)


def test_links_outside_the_engagement_are_refused_files_and_folders(engagement_root, tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "salaries.csv").write_text("secret")
    (engagement_root / "inputs" / "extra").symlink_to(private)
    (engagement_root / "inputs" / "pay.csv").symlink_to(private / "salaries.csv")
    problems = files.unsafe_links(engagement_root / "inputs", engagement_root)
    assert [p.file for p in problems] == ["inputs/extra", "inputs/pay.csv"]
    for problem in problems:
        assert "outside the engagement folder" in str(problem) and str(private) in str(problem)
        assert "Fix: copy the file into the engagement folder" in str(problem)


def test_links_inside_the_engagement_are_fine_and_followed(engagement_root, tmp_path):
    shared = engagement_root / "shared"
    shared.mkdir()
    (shared / "ok.csv").write_text("id\n")
    (shared / "leak.csv").symlink_to(tmp_path / "elsewhere.csv")  # reached through the link
    (engagement_root / "inputs" / "shared").symlink_to(shared)
    (engagement_root / "inputs" / "ok.csv").symlink_to(shared / "ok.csv")
    problems = files.unsafe_links(engagement_root / "inputs", engagement_root)
    assert [p.file for p in problems] == ["inputs/shared/leak.csv"]


def test_a_loop_of_links_ends(engagement_root):
    (engagement_root / "inputs" / "back").symlink_to(engagement_root / "inputs")
    (engagement_root / "inputs" / "self").symlink_to(engagement_root / "inputs" / "self")
    problems = files.unsafe_links(engagement_root / "inputs", engagement_root)
    assert [p.file for p in problems] == ["inputs/self"]  # the folder loop is walked once


def test_skipped_names_and_a_missing_folder_are_not_looked_at(engagement_root, tmp_path):
    history = engagement_root / "workshop" / "history"
    history.mkdir(parents=True)
    (history / "old.csv").symlink_to(tmp_path / "gone")
    workshop = engagement_root / "workshop"
    assert files.unsafe_links(workshop, engagement_root, skip=("history",)) == []
    assert len(files.unsafe_links(workshop, engagement_root)) == 1
    assert files.unsafe_links(engagement_root / "missing", engagement_root) == []


def test_a_single_linked_file_is_checked_too(engagement_root, tmp_path):
    (tmp_path / "other.toml").write_text("")
    (engagement_root / "engagement.toml").symlink_to(tmp_path / "other.toml")
    (problem,) = files.unsafe_links(engagement_root / "engagement.toml", engagement_root)
    assert problem.file == "engagement.toml"


# --- history and temp files that would grow without limit -------------------------------------


def test_prune_history_keeps_the_newest_copies(tmp_path):
    for minute in range(5):
        (tmp_path / f"adjustments-2026-11-22T10{minute:02d}00000000.csv").write_text("id")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / ".adjustments-2026.csv.x.tmp").write_text("a save in progress")
    assert files.prune_history(tmp_path, "adjustments-", keep=2) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        ".adjustments-2026.csv.x.tmp",
        "adjustments-2026-11-22T100300000000.csv",
        "adjustments-2026-11-22T100400000000.csv",
        "notes.txt",
    ]
    assert files.prune_history(tmp_path, "adjustments-", keep=2) == 0


def test_prune_history_of_a_missing_folder_and_bad_keep(tmp_path):
    assert files.prune_history(tmp_path / "none", "x") == 0
    with pytest.raises(ValueError, match="keep"):
        files.prune_history(tmp_path, "x", keep=-1)


def test_the_default_keeps_a_hundred(tmp_path):
    for n in range(103):
        (tmp_path / f"{n:04d}.toml").write_text("")
    assert files.prune_history(tmp_path, "") == 3
    assert min(p.name for p in tmp_path.iterdir()) == "0003.toml"


def test_stale_temp_files_of_killed_saves_are_removed(tmp_path):
    old = tmp_path / "models" / ".customers.toml.abc123.tmp"
    fresh = tmp_path / ".adjustments.csv.def456.tmp"
    kept = tmp_path / "adjustments.csv"
    for path in (old, fresh, kept):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    hours_ago = os.path.getmtime(kept) - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(kept, (hours_ago, hours_ago))
    assert files.remove_stale_temp_files(tmp_path) == 1
    assert not old.exists() and fresh.exists() and kept.exists()
    assert files.remove_stale_temp_files(tmp_path / "missing") == 0


def test_the_engagement_links_cover_settings_inputs_and_workshop(demo_copy, tmp_path):
    (tmp_path / "outside.csv").write_text("id\n")
    (demo_copy / "inputs" / "extra.csv").symlink_to(tmp_path / "outside.csv")
    (demo_copy / "workshop" / "notes.csv").symlink_to(tmp_path / "outside.csv")
    (demo_copy / "workshop" / "history").mkdir(exist_ok=True)
    (demo_copy / "workshop" / "history" / "old.csv").symlink_to(tmp_path / "gone.csv")
    problems = files.engagement_link_problems(Engagement.load(demo_copy))
    assert [p.file for p in problems] == ["inputs/extra.csv", "workshop/notes.csv"]
