"""Models on disk: round trip, history, restore, crash safety, the starter library."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, StoreError
from workbench.design import store as model_store
from workbench.design.models import JOURNEYS, RelationshipModel, parse_model

KINDS = ("customers", "users", "suppliers", "partners", "regulators", "internal_teams")


@pytest.fixture
def eng(demo_copy: Path) -> Engagement:
    return Engagement.load(demo_copy)


def test_the_starter_library_has_a_valid_model_for_each_kind_of_group():
    library = model_store.library()
    assert set(library) >= {*KINDS, "executives", "media"}
    for name, model in library.items():
        assert all(step.responsible and step.activities for step in model.steps), name
        assert model.kpis and model.cadence, name


def test_starter_for_a_group_uses_its_kind_and_its_name():
    model = model_store.starter_for("Regulators & Auditors", "auditor")
    assert model.group == "Regulators & Auditors"
    assert model == replace(model_store.library()["regulators"], group="Regulators & Auditors")
    assert model_store.starter_for("Odd ones", "alien").relationship_type == "cooperative"


def test_save_and_load_round_trip(eng):
    model = replace(
        model_store.starter_for('Quoted "group" & <b>friends</b>', "partner"),
        notes='Line one\nline "two" = +1',
        kpis=['=HYPERLINK("x")', "CSAT"],
    )
    path = model_store.save_model(eng, model)
    assert path == eng.root / "workshop/models/quoted-group-b-friends-b.toml"
    loaded, problems = model_store.load_models(eng)
    assert problems == []
    assert loaded[model.group] == model


def test_every_save_keeps_a_dated_version_and_restore_goes_back(eng):
    base = model_store.require_models(eng)["Customers"]
    times = [datetime(2026, 11, 30, 10, 0, s) for s in range(3)]
    for second, cadence in zip(times, ("weekly", "monthly", "quarterly"), strict=True):
        model_store.save_model(eng, replace(base, cadence=cadence), now=second)
    versions = model_store.history(eng, "Customers")
    assert versions[:3] == [t.strftime(model_store.STAMP_FORMAT) for t in reversed(times)]
    assert model_store.version_label(versions[0]) == "2026-11-30 10:00:02"
    restored = model_store.restore(eng, "Customers", versions[2], now=datetime(2026, 12, 1))
    assert restored.cadence == "weekly"
    assert model_store.require_models(eng)["Customers"].cadence == "weekly"
    # The demo's own file (never saved by the workbench), three saves, and the restore.
    assert len(model_store.history(eng, "Customers")) == 5


def test_restoring_a_missing_version_says_which_exist(eng):
    model_store.save_model(eng, model_store.require_models(eng)["Customers"])
    with pytest.raises(StoreError, match=r"No saved version 1999.*pick one of: 20"):
        model_store.restore(eng, "Customers", "1999")


def test_an_interrupted_save_keeps_the_last_good_file(eng, monkeypatch):
    target = eng.root / "workshop/models/customers.toml"
    before = target.read_bytes()
    model = model_store.require_models(eng)["Customers"]

    calls = []
    real_fsync = os.fsync

    def crash_on_the_model_file(fd):
        calls.append(fd)
        if len(calls) == 2:  # the history copy is written first, then the model file
            raise OSError("disk full")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", crash_on_the_model_file)
    with pytest.raises(OSError, match="disk full"):
        model_store.save_model(eng, replace(model, cadence="weekly"))
    monkeypatch.undo()
    assert len(calls) == 2
    assert target.read_bytes() == before
    leftovers = [p.name for p in target.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert model_store.require_models(eng)["Customers"].cadence == model.cadence


def test_an_invalid_model_is_never_written(eng):
    target = eng.root / "workshop/models/customers.toml"
    before = target.read_bytes()
    model = model_store.require_models(eng)["Customers"]
    with pytest.raises(InputError, match="relationship_type is 'friends', not allowed"):
        model_store.save_model(eng, replace(model, relationship_type="friends"))
    assert target.read_bytes() == before


def test_the_built_in_demo_is_read_only():
    demo = Engagement.load("demo")
    model = model_store.require_models(demo)["Customers"]
    with pytest.raises(StoreError, match="workbench new PATH --demo"):
        model_store.save_model(demo, model)


def test_broken_files_are_reported_by_file_and_line(eng):
    folder = eng.root / paths.MODELS
    (folder / "broken.toml").write_text('group = "X"\nrelationship_type = basic\n', "utf-8")
    (folder / "latin.toml").write_bytes('group = "Caf\xe9"\n'.encode("latin-1"))
    models, problems = model_store.load_models(eng)
    texts = {p.file: str(p) for p in problems}
    assert "line 2" in texts["workshop/models/broken.toml"]
    assert "double quotes" in texts["workshop/models/broken.toml"]
    assert "not UTF-8" in texts["workshop/models/latin.toml"]
    assert "Customers" in models  # the good files still load


def test_a_file_must_be_named_after_its_group(eng):
    folder = eng.root / paths.MODELS
    (folder / "clients.toml").write_bytes((folder / "customers.toml").read_bytes())
    with pytest.raises(InputError) as error:
        model_store.require_models(eng)
    (problem,) = error.value.problems
    assert problem.file == "workshop/models/clients.toml" and problem.field == "group"
    assert "rename the file to customers.toml" in str(problem)


def test_a_file_edited_by_hand_is_kept_in_the_history_before_a_save(eng):
    file = eng.root / paths.MODELS / "customers.toml"
    model = model_store.require_models(eng)["Customers"]
    model_store.save_model(eng, model, now=datetime(2026, 11, 30, 9))
    file.write_text(file.read_text("utf-8").replace('"medium"', '"mediumish"'), "utf-8")
    model_store.save_model(eng, replace(model, cadence="weekly"), now=datetime(2026, 11, 30, 10))
    newest, hand_edit, *_ = model_store.history(eng, "Customers")
    assert newest == "2026-11-30T100000000000"
    kept = eng.root / paths.HISTORY / "models" / "customers" / f"{hand_edit}.toml"
    assert '"mediumish"' in kept.read_text("utf-8")
    model_store.save_model(eng, replace(model, cadence="monthly"), now=datetime(2026, 11, 30, 11))
    assert len(model_store.history(eng, "Customers")) == 5  # nothing new to keep this time


def test_a_file_written_by_hand_with_every_journey_works(eng):
    for journey, steps in JOURNEYS.items():
        data = {"group": f"G {journey}", "relationship_type": "basic", "communality": "low"}
        model, problems = parse_model({**data, "journey": journey}, "x.toml")
        assert problems == [] and len(model.steps) == len(steps)
        assert isinstance(model, RelationshipModel)
        model_store.save_model(eng, model)
    assert {"G service", "G generic"} <= set(model_store.require_models(eng))


def test_two_group_names_with_one_file_name_never_overwrite_each_other(eng):
    first = model_store.starter_for("Regulators & Auditors", "regulator")
    model_store.save_model(eng, first)
    with pytest.raises(StoreError, match="already holds the model for 'Regulators & Auditors'"):
        model_store.save_model(eng, replace(first, group="Regulators Auditors"))
    assert model_store.require_models(eng)["Regulators & Auditors"] == first


# --------------------------------------------------------------- hand-edited model files

WRONG_TYPES = """group = "Customers"
relationship_type = "cooperative"
communality = "medium"
owner = 42
channels = "monthly review"
kpis = ["CSAT", 3]

[notes]
text = "a table where a value belongs"

[[steps]]
step = "explore"
risks = 5
responsible = ["Dana", "Sam"]
"""


def test_wrong_types_in_a_model_file_are_one_problem_per_field(eng):
    file = eng.root / paths.MODELS / "customers.toml"
    file.write_text(WRONG_TYPES, encoding="utf-8")
    models, problems = model_store.load_models(eng)
    mine = [p for p in problems if p.file == "workshop/models/customers.toml"]
    assert [p.field for p in mine] == [
        "owner", "notes", "channels", "kpis", "steps[1].responsible", "steps[1].risks",
    ]  # fmt: skip
    assert all(p.severity == "error" and "Fix:" in str(p) for p in mine)
    by_field = {p.field: str(p) for p in mine}
    assert "owner should be text, not a number (42)" in by_field["owner"]
    assert 'owner = "42"' in by_field["owner"]
    assert 'channels = ["monthly review"]' in by_field["channels"]
    assert "not as a table" in by_field["notes"]
    assert "a list" in by_field["steps[1].responsible"]
    assert "Customers" not in models


def test_a_model_file_with_a_byte_order_mark_loads(eng):
    file = eng.root / paths.MODELS / "customers.toml"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    models, problems = model_store.load_models(eng)
    assert problems == [] and "Customers" in models


def test_a_syntax_error_quotes_the_line_and_a_binary_file_is_one_problem(eng):
    folder = eng.root / paths.MODELS
    (folder / "quote.toml").write_text('group = "X\nrelationship_type = "basic"\n', "utf-8")
    (folder / "picture.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _, problems = model_store.load_models(eng)
    texts = {p.file: str(p) for p in problems}
    assert "line 1" in texts["workshop/models/quote.toml"]
    assert "The line reads: 'group = \"X'" in texts["workshop/models/quote.toml"]
    assert "not a text file" in texts["workshop/models/picture.toml"]
    assert all("Fix:" in text for text in texts.values())
