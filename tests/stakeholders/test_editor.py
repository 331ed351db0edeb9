"""Tests for workbench.stakeholders.editor: the live rating editor and snapshots."""

import pytest

from workbench.present import serving
from workbench.stakeholders import editor
from workbench.stakeholders import workshop as mapping


@pytest.fixture(scope="module")
def workshop():
    return mapping.analyse("demo")


def test_rating_editor_is_read_only_for_demo_and_in_voila(workshop, demo_copy):
    assert "read-only" in editor.rating_editor(workshop).value
    own = mapping.analyse(demo_copy)
    panel = editor.rating_editor(own)
    assert len(panel.children) == 6
    picker = panel.children[0]
    first = own.stakeholders.sort_values("name").iloc[0]
    assert picker.label == f"{first['name']} ({first['id']})"
    voila = serving.from_environment({"SERVER_SOFTWARE": "voila/0.5.13"})
    assert "read-only" in editor.rating_editor(mapping.analyse(demo_copy, context=voila)).value


def test_rating_editor_saves_changes_to_the_workshop_folder(demo_copy):
    own = mapping.analyse(demo_copy)
    picker, influence, *_ = editor.rating_editor(own).children
    start = influence.value
    influence.value = 1 if start != 1 else 2
    saved = (demo_copy / "workshop" / "adjustments.csv").read_text()
    assert picker.value in saved
    again = mapping.analyse(demo_copy)
    row = again.stakeholders.set_index("id").loc[picker.value]
    assert row["influence"] == influence.value and row["adjusted"]


def test_snapshot_button_saves_todays_register_for_the_next_diff(demo_copy):
    own = mapping.analyse(demo_copy)
    picker, influence, _, _, button, status = editor.rating_editor(own).children
    influence.value = 1 if influence.value != 1 else 2
    button.click()
    assert "Snapshot saved" in status.value
    later = mapping.analyse(demo_copy)
    assert later.baseline > "2026-06-18"
    assert later.diff["stakeholders_added"].empty and later.diff["quadrant_moves"].empty
