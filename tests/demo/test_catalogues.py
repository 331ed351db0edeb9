from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError
from workbench.demo import catalogues
from workbench.demo import generate as demo_data
from workbench.demo import register as demo_register
from workbench.demo import surveys as culture_demo

SHIPPED = sorted(p.name for p in catalogues.FOLDER.iterdir() if p.suffix in {".csv", ".toml"})


@pytest.fixture
def copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped catalogues that the loader reads instead; break it at will."""
    for name in SHIPPED:
        shutil.copy(catalogues.FOLDER / name, tmp_path / name)
    monkeypatch.setattr(catalogues, "FOLDER", tmp_path)
    return tmp_path


def test_every_catalogue_is_shipped():
    assert SHIPPED == [
        "brokers.toml",
        "groups.toml",
        "register.csv",
        "reports_to.csv",
        "survey_comments.toml",
        "survey_demographics.toml",
        "survey_qualtrics.toml",
        "survey_teams.csv",
    ]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_catalogues_load_and_are_not_empty(name):
    data = catalogues.load(name)
    assert len(data) > 0
    if name.endswith(".csv"):
        assert all(all(cell is not None for cell in row.values()) for row in data)


def test_the_generators_read_the_shipped_catalogues():
    cast = demo_register.load_cast()
    assert len(cast.stakeholders) == 76 and len(cast.groups) == 10
    assert list(cast.brokers)[-1] == "Programme Management Office" and cast.reports_to
    survey = culture_demo._catalogue()
    assert [len(pool) for pool in survey.comments] == [12, 12, 12]
    assert survey.teams["Legal"].respondents == (3, 3)
    assert set(survey.stems) == {"relationship_culture", "westrum", "psych_safety"}
    assert survey.first_names and survey.last_names


def test_build_turns_the_content_into_what_the_caller_needs():
    assert catalogues.load("register.csv", len) == 76


def test_missing_catalogue_names_the_file(copy):
    (copy / "groups.toml").unlink()
    with pytest.raises(WorkbenchError) as error:
        catalogues.load("groups.toml")
    message = str(error.value)
    assert str(copy / "groups.toml") in message
    assert "Fix: restore workbench/demo/catalogues/groups.toml" in message


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("groups.toml", '[Executives]\nowner = "Priya Raman\n', "malformed"),
        ("register.csv", "name,group,kind\nDana Whitfield (CIO),Executives\n", "row 2"),
        ("register.csv", "name,group,kind\nA,B,C,D\n", "row 2"),
        ("survey_comments.toml", "", "holds no entries"),
        ("reports_to.csv", "name,reports_to\n", "holds no entries"),
    ],
)
def test_malformed_catalogue_names_the_file(copy, name, text, reason):
    (copy / name).write_text(text, encoding="utf-8")
    with pytest.raises(WorkbenchError, match=reason) as error:
        catalogues.load(name)
    assert f"The demo catalogue {copy / name} is malformed" in str(error.value)
    assert "Fix:" in str(error.value)


def test_wrong_content_is_reported_by_the_file_not_a_traceback(copy):
    register = copy / "register.csv"
    register.write_text(
        register.read_text(encoding="utf-8").replace(",influence,", ",clout,"), encoding="utf-8"
    )
    with pytest.raises(WorkbenchError, match="missing 'influence'") as error:
        demo_register.load_cast()
    assert str(register) in str(error.value)


def test_text_where_a_number_belongs_is_malformed(copy):
    teams = copy / "survey_teams.csv"
    teams.write_text(teams.read_text(encoding="utf-8").replace(",3,3,", ",three,3,"), "utf-8")
    with pytest.raises(WorkbenchError, match="survey_teams.csv is malformed"):
        culture_demo.generate()


def test_unknown_lifetime_is_malformed(copy):
    register = copy / "register.csv"
    register.write_text(
        register.read_text(encoding="utf-8").replace(",PLU,always\n", ",PLU,forever\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(WorkbenchError, match="register.csv is malformed: 'Dana Whitfield"):
        demo_register.load_cast()


def test_stakeholder_names_are_unique(copy):
    register = copy / "register.csv"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("Harald Lindqvist (Group CEO)", "Dana Whitfield (CIO)"), "utf-8"
    )
    with pytest.raises(WorkbenchError, match=r"unique, repeated: Dana Whitfield \(CIO\)"):
        demo_register.load_cast()


def test_names_must_refer_to_each_other(copy):
    groups = copy / "groups.toml"
    text = groups.read_text(encoding="utf-8")
    groups.write_text(text.replace('["IT Leadership"]', '["IT Management"]'), encoding="utf-8")
    with pytest.raises(WorkbenchError, match="register.csv names what groups.toml does not hold"):
        demo_register.load_cast()


def test_comment_pools_must_have_the_same_size(copy):
    comments = copy / "survey_comments.toml"
    text = comments.read_text(encoding="utf-8")
    comments.write_text(text.replace('    "Workload is uneven across the team.",\n', ""), "utf-8")
    with pytest.raises(WorkbenchError, match="survey_comments.toml is malformed: the pools"):
        culture_demo.generate()


@pytest.mark.parametrize(
    ("main", "name"),
    [(demo_data.main, "brokers.toml"), (culture_demo.main, "survey_qualtrics.toml")],
)
def test_command_line_reports_a_missing_catalogue(copy, tmp_path_factory, capsys, main, name):
    (copy / name).unlink()
    assert main([str(tmp_path_factory.mktemp("demo"))]) == 1
    out = capsys.readouterr().out
    assert str(copy / name) in out and "Fix:" in out
