"""Tests for workbench.stakeholders.validation: problems in one table, across tables, raising."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from input_files import DATA, REL, SH, errors, load, only, read_rows, set_cell, write_rows

from workbench.core import tables as io
from workbench.core.errors import InputError, Problem, raise_for_errors
from workbench.stakeholders import validation

# ------------------------------------------------------------------------- helpers


def rename_column(path: Path, old: str, new: str) -> None:
    rows = read_rows(path)
    rows[0][rows[0].index(old)] = new
    write_rows(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    position = rows[0].index(column)
    write_rows(path, [r[:position] + r[position + 1 :] for r in rows])


# ------------------------------------------------------------------- valid inputs


def test_headers_and_choices_are_case_insensitive(inputs):
    path = inputs / "stakeholders.csv"
    set_cell(path, 2, "cadence", "Monthly")
    set_cell(path, 3, "kind", "Internal Team")
    set_cell(path, 5, "cadence", "Ad-Hoc")
    rename_column(path, "cadence", "Cadence")
    tables, problems = load(inputs)
    assert problems == []
    assert tables["stakeholders"]["cadence"].tolist() == [
        "monthly",
        "weekly",
        "quarterly",
        "ad hoc",
    ]
    assert tables["stakeholders"]["kind"].tolist()[1] == "internal team"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("1", True),
        ("false", False),
        ("No", False),
        ("0", False),
        ("FALSE", False),
    ],
)
def test_boolean_spellings_are_accepted(inputs, text, expected):
    set_cell(inputs / "stakeholders.csv", 3, "power", text)
    tables, problems = load(inputs)
    assert errors(problems) == []
    assert tables["stakeholders"]["power"].tolist()[1] is expected


def test_validate_does_not_modify_its_input():
    raw = io.read_table(DATA / "io_stakeholders.csv")
    before = raw.copy()
    typed, problems = validation.validate("stakeholders", raw, SH)
    assert problems == []
    pd.testing.assert_frame_equal(raw, before)
    assert typed["influence"].dtype == "int64"


def test_validate_rejects_unknown_table():
    with pytest.raises(ValueError, match="unknown table 'people'"):
        validation.validate("people", pd.DataFrame(), "x.csv")


# ------------------------------------------------------------- one bad input each


def test_missing_column(inputs):
    drop_column(inputs / "stakeholders.csv", "interest")
    tables, problems = load(inputs)
    problem = only(problems, column="interest")
    assert problem.file == SH
    assert problem.row is None
    assert problem.severity == "error"
    assert "required column 'interest' is missing" in problem.message
    assert "Expected columns: id, name, group, kind" in problem.message
    assert "Add a column headed 'interest' in row 1" in problem.fix
    assert "Allowed: a whole number from 1 to 5." in problem.fix
    # On errors the table comes back as read (text), not typed.
    assert tables["stakeholders"]["influence"].dtype == "str"


def test_missing_columns_give_one_problem_each(inputs):
    drop_column(inputs / "relationships.csv", "strength")
    drop_column(inputs / "relationships.csv", "sentiment")
    _, problems = load(inputs)
    assert {p.column for p in errors(problems)} == {"strength", "sentiment"}


def test_unknown_column_with_typo_suggests_the_known_name(inputs):
    rename_column(inputs / "stakeholders.csv", "influence", "influnce")
    _, problems = load(inputs)
    warning = only(problems, column="influnce")
    assert warning.severity == "warning"
    assert warning.file == SH
    assert warning.message == "Column 'influnce' is not used; kept as-is. Did you mean 'influence'?"
    assert "Rename the column to 'influence'" in warning.fix
    missing = only(problems, column="influence")
    assert missing.severity == "error"
    assert missing.fix.startswith("Rename column 'influnce' to 'influence'.")


def test_unknown_column_is_a_warning_and_kept(inputs):
    rows = read_rows(inputs / "stakeholders.csv")
    write_rows(
        inputs / "stakeholders.csv", [rows[0] + ["notes"]] + [r + ["met in May"] for r in rows[1:]]
    )
    tables, problems = load(inputs)
    warning = only(problems, column="notes")
    assert warning.severity == "warning"
    assert warning.message == "Column 'notes' is not used; kept as-is."
    assert errors(problems) == []
    assert tables["stakeholders"]["notes"].tolist() == ["met in May"] * 4
    assert tables["stakeholders"].columns[-1] == "notes"


def test_wrong_type(inputs):
    set_cell(inputs / "stakeholders.csv", 3, "influence", "high")
    _, problems = load(inputs)
    problem = only(problems, column="influence")  # one problem, not one per pandera check
    assert (problem.file, problem.row) == (SH, 3)
    assert problem.message == "'high' is not a whole number."
    assert problem.fix == "Use a whole number from 1 to 5."


def test_decimal_is_not_a_whole_number(inputs):
    set_cell(inputs / "relationships.csv", 2, "strength", "2.5")
    _, problems = load(inputs)
    problem = only(problems, column="strength")
    assert (problem.file, problem.row) == (REL, 2)
    assert "'2.5' is not a whole number" in problem.message


def test_out_of_range(inputs):
    set_cell(inputs / "stakeholders.csv", 4, "attitude", "3")
    set_cell(inputs / "stakeholders.csv", 5, "interest", "0")
    _, problems = load(inputs)
    attitude = only(problems, column="attitude")
    assert (attitude.file, attitude.row) == (SH, 4)
    assert "3 is outside the range -2 to 2" in attitude.message
    assert attitude.fix == "Use a whole number from -2 to 2."
    interest = only(problems, column="interest")
    assert interest.row == 5
    assert "0 is outside the range 1 to 5" in interest.message


def test_value_not_in_allowed_set(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "cadence", "fortnightly")
    _, problems = load(inputs)
    problem = only(problems, column="cadence")
    assert (problem.file, problem.row) == (SH, 2)
    assert problem.message == "'fortnightly' is not an allowed cadence."
    assert problem.fix == "Use one of: weekly, monthly, quarterly, annually, ad hoc."


def test_value_not_in_allowed_set_suggests_close_value(inputs):
    set_cell(inputs / "relationships.csv", 3, "kind", "Buys Form")
    _, problems = load(inputs)
    problem = only(problems, column="kind", file=REL)
    assert problem.row == 3
    assert "'Buys Form'" in problem.message  # shows the value as typed
    assert problem.fix.startswith("Did you mean 'buys from'? Use one of: reports to")


def test_bad_boolean(inputs):
    set_cell(inputs / "stakeholders.csv", 5, "legitimacy", "maybe")
    _, problems = load(inputs)
    problem = only(problems, column="legitimacy")
    assert (problem.file, problem.row) == (SH, 5)
    assert problem.message == "'maybe' is not true or false."
    assert problem.fix == "Use true or false (yes/no and 1/0 also work)."


def test_blank_required_cell(inputs):
    set_cell(inputs / "stakeholders.csv", 4, "name", "")
    set_cell(inputs / "stakeholders.csv", 2, "influence", "  ")
    _, problems = load(inputs)
    name = only(problems, column="name")
    assert (name.file, name.row) == (SH, 4)
    assert name.message == "'name' is blank."
    assert name.fix.startswith("Fill in the cell")
    influence = only(problems, column="influence")  # blank, not also "not a whole number"
    assert influence.row == 2
    assert influence.fix == "Fill in the cell: use a whole number from 1 to 5."


def test_blank_owner_is_allowed(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "owner", "")
    tables, problems = load(inputs)
    assert problems == []
    assert tables["stakeholders"]["owner"].tolist()[0] == ""


def test_duplicate_id_names_both_rows(inputs):
    set_cell(inputs / "stakeholders.csv", 4, "id", "S1")
    _, problems = load(inputs)
    problem = only(problems, column="id", file=SH)
    assert problem.row == 4
    assert "id 'S1' is used on rows 2 and 4" in problem.message
    assert "own id" in problem.fix and "merge" in problem.fix


def test_near_duplicate_names(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "name", "ACME Ltd")
    set_cell(inputs / "stakeholders.csv", 4, "name", "Acme Ltd.")
    _, problems = load(inputs)
    problem = only(problems, column="name")
    assert problem.severity == "warning"
    assert (problem.file, problem.row) == (SH, 4)
    assert "'Acme Ltd.' (row 4) and 'ACME Ltd' (row 2)" in problem.message
    assert "Merge the two rows" in problem.fix and "rename" in problem.fix


def test_near_duplicate_names_fuzzy_but_not_numbered():
    register = pd.DataFrame(
        {
            "name": [
                "Contoso Retail",
                "Region 1",
                "Contoso Retial",
                "Region 2",
                "Fabrikam GmbH",
                "Fabrikam",
            ],
        }
    )
    problems = validation.near_duplicate_names(register, SH)
    assert [p.row for p in problems] == [4, 7]
    assert "'Contoso Retial' (row 4) and 'Contoso Retail' (row 2)" in problems[0].message


def test_unknown_relationship_endpoint(inputs):
    set_cell(inputs / "relationships.csv", 3, "target", "S9")
    _, problems = load(inputs)
    problem = only(problems, column="target")
    assert (problem.file, problem.row, problem.severity) == (REL, 3, "error")
    assert problem.message == f"target 'S9' is not the id of any stakeholder in {SH}."
    assert problem.fix.startswith(f"Add the stakeholder to {SH} or correct the id.")


def test_unknown_endpoint_suggests_the_id(inputs):
    set_cell(inputs / "relationships.csv", 2, "source", "s1")
    set_cell(inputs / "relationships.csv", 3, "source", "Service Desk")
    _, problems = load(inputs)
    lower = only(problems, column="source", row=2)
    assert "Did you mean 'S1'? Ids are case-sensitive." in lower.fix
    by_name = only(problems, column="source", row=3)
    assert "'Service Desk' is the name of stakeholder 'S2': use the id 'S2'." in by_name.fix


def test_unknown_rating_stakeholder(inputs):
    set_cell(inputs / "ratings.csv", 4, "stakeholder", "S44")
    _, problems = load(inputs)
    problem = only(problems, column="stakeholder")
    assert (problem.file, problem.row) == ("inputs/ratings.csv", 4)
    assert "'S44'" in problem.message
    assert "Did you mean 'S4'?" in problem.fix


def test_self_relationship(inputs):
    set_cell(inputs / "relationships.csv", 3, "target", "S2")
    _, problems = load(inputs)
    problem = only(problems, column="target")
    assert (problem.file, problem.row, problem.severity) == (REL, 3, "error")
    assert problem.message == "The relationship goes from 'S2' to itself."
    assert "Correct the source or the target, or delete the row" in problem.fix


def test_all_problems_are_collected_across_tables(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "influence", "high")
    set_cell(inputs / "relationships.csv", 2, "strength", "7")
    set_cell(inputs / "ratings.csv", 2, "attitude", "+5")
    (inputs / "ratings.csv").write_text(
        (inputs / "ratings.csv").read_text().replace("S4", "S9"), encoding="utf-8"
    )
    _, problems = load(inputs)
    located = {(p.file, p.row, p.column) for p in errors(problems)}
    assert located == {
        (SH, 2, "influence"),
        (REL, 2, "strength"),
        ("inputs/ratings.csv", 2, "attitude"),
        ("inputs/ratings.csv", 4, "stakeholder"),
    }


# ----------------------------------------------------------------- raising, frames


def test_raise_for_errors():
    warning = Problem(
        SH, "Column 'x' is not used; kept as-is.", "Nothing to do.", column="x", severity="warning"
    )
    raise_for_errors([warning])  # warnings alone pass
    error = Problem(
        SH,
        "'high' is not a whole number.",
        "Use a whole number from 1 to 5.",
        row=3,
        column="influence",
    )
    with pytest.raises(InputError) as caught:
        raise_for_errors([warning, error])
    assert caught.value.problems == [warning, error]
    assert "1 problem(s)" in str(caught.value)
    assert f"{SH}, row 3, column 'influence': 'high' is not a whole number." in str(caught.value)


def test_check_references_on_frames():
    people = pd.DataFrame({"id": ["S1", "S2"], "name": ["Ann", "Bob"]})
    ties = pd.DataFrame({"source": ["S1", "S2", ""], "target": ["S1", "S3", "S2"]})
    problems = validation.check_references(people, ties, None, {"relationships": REL})
    assert [(p.row, p.column) for p in problems] == [(2, "target"), (3, "target")]
    assert "to itself" in problems[0].message
    assert "'S3'" in problems[1].message
    assert validation.check_references(None, ties, None, {}) == []
    assert validation.check_references(people.iloc[:0], ties, None, {}) == []
