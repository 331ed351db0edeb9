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
