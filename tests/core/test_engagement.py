from pathlib import Path

import pytest

from workbench.core import paths
from workbench.core.engagement import Engagement, render_toml
from workbench.core.errors import EngagementError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "engagement.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_demo_is_the_embedded_default():
    demo = Engagement.load("demo")
    assert demo.root == paths.DEMO_ENGAGEMENT.resolve()
    assert demo.is_demo
    assert demo.client == "Northwind Digital Services"
    assert demo.snapshot_dates() == sorted(demo.snapshot_dates())
    assert len(demo.snapshot_dates()) >= 2


def test_rendered_toml_loads_with_defaults(tmp_path):
    eng = Engagement.load(write(tmp_path, render_toml('Acme "Global" Ltd', fmt="csv")))
    assert eng.client == 'Acme "Global" Ltd'
    assert eng.input_format == "csv"
    assert eng.stakeholder_map["influence_threshold"] == 3.5
    assert not eng.is_demo


def test_missing_folder_says_how_to_create_one(tmp_path):
    with pytest.raises(EngagementError, match="workbench new PATH --client NAME"):
        Engagement.load(tmp_path / "nope")


def test_missing_toml_is_named(tmp_path):
    with pytest.raises(EngagementError, match="engagement.toml is missing"):
        Engagement.load(tmp_path)


def test_invalid_toml_names_the_line(tmp_path):
    with pytest.raises(EngagementError, match=r"not valid TOML.*line 2"):
        Engagement.load(write(tmp_path, "[engagement]\nclient = Acme\n"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[stakeholder_map]\ninfluence_threshold = 9\n",
            r"influence_threshold = 9 is not a number from 1 to 5",
        ),
        ('[stakeholder_map]\nseed = "x"\n', r"seed = 'x' is not a number"),
        ("[privacy]\nmin_group_size = 0\n", r"min_group_size = 0"),
        ("[privacy]\nmin_group_size = 1\n", r"min_group_size = 1 .*recognise each other"),
        (
            "[privacy]\nmin_group_size = 8\nmin_comment_group_size = 5\n",
            r"min_comment_group_size = 5 is smaller than min_group_size = 8",
        ),
        ('[culture.columns]\n"Q1_1" = 3\n', r'\[culture.columns\] "Q1_1" = 3 does not name'),
        ("[culture]\ncolumns = 3\n", r"columns should be a table"),
        ('[vocabularies]\nrelationship_kinds = "advises"\n', r"not a list of words"),
        ('[vocabularies]\nstakeholder_kinds = ["family"]\n', r"whether it is a service"),
        (
            '[vocabularies.stakeholder_kinds]\nfamily = "yes"\n',
            r'"family" = \'yes\': a kind is either "service"',
        ),
        ('[inputs]\nformat = "json"\n', r"format = 'json' is not supported.*\"csv\""),
        ('[branding]\nprimary_color = "blue"\n', r"primary_color = 'blue' is not a colour"),
        ("engagement = 3\n", r"'engagement' should be a \[section\] table"),
        (
            "[stakeholder_map]\ninfluence_treshold = 4\n",
            r"no setting 'influence_treshold'.*did you mean 'influence_threshold'",
        ),
        ('[input]\nformat = "csv"\n', r"unknown section \[input\].*did you mean 'inputs'"),
    ],
)
def test_bad_settings_are_explained(tmp_path, text, expected):
    with pytest.raises(EngagementError, match=expected) as info:
        Engagement.load(write(tmp_path, text))
    assert "Fix:" in str(info.value)


def test_only_dated_folders_are_snapshots(tmp_path):
    eng = Engagement.load(write(tmp_path, render_toml("A")))
    for name in ("2026-01-02", "latest-copy", ".ipynb_checkpoints", "2025-12-31"):
        (tmp_path / "workshop" / "snapshots" / name).mkdir(parents=True)
    assert eng.snapshot_dates() == ["2025-12-31", "2026-01-02"]


def test_impossible_dates_are_not_snapshots_but_are_listed(tmp_path):
    eng = Engagement.load(write(tmp_path, render_toml("A")))
    for name in ("2026-13-45", "2026-02-30", "2026-02-28"):
        (tmp_path / "workshop" / "snapshots" / name).mkdir(parents=True)
    assert eng.snapshot_dates() == ["2026-02-28"]
    assert eng.ignored_snapshot_folders() == ["2026-02-30", "2026-13-45"]


def test_column_map_and_vocabularies_are_read(tmp_path):
    text = (
        '[culture.columns]\n"On my team, information is actively sought." = "WES1"\n'
        '"Q3" = "ENPS"\n\n[vocabularies]\nrelationship_kinds = ["Married  To"]\n'
        '[vocabularies.stakeholder_kinds]\nfamily = "non-service"\nfunder = "service"\n'
    )
    eng = Engagement.load(write(tmp_path, text))
    assert eng.column_map == {"On my team, information is actively sought.": "WES1", "Q3": "ENPS"}
    words = eng.vocabularies
    assert "married to" in words.relationship_kinds and "works with" in words.relationship_kinds
    assert {"family", "funder", "customer"} <= set(words.stakeholder_kinds)
    assert not words.is_service("Family") and words.is_service("funder")
    assert not words.is_service("regulator")


def test_small_groups_are_allowed_but_warned(tmp_path):
    eng = Engagement.load(write(tmp_path, "[privacy]\nmin_group_size = 3\n"))
    (warning,) = eng.setting_warnings()
    assert warning.severity == "warning" and warning.field == "privacy.min_group_size"
    assert "only 3 people" in warning.message and "Raise it to 5" in warning.fix
    assert Engagement.load(write(tmp_path, render_toml("A"))).setting_warnings() == []


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path):
    (tmp_path / "engagement.toml").write_bytes(b"\xef\xbb\xbf" + render_toml("Bom Ltd").encode())
    assert Engagement.load(tmp_path).client == "Bom Ltd"
