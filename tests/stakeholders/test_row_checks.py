"""Tests for workbench.stakeholders.row_checks: rows that repeat or contradict each other."""

from __future__ import annotations

from input_files import REL, errors, load, read_rows, write_rows

RATINGS = "inputs/ratings.csv"


def add_rows(path, *rows: list[str]) -> None:
    write_rows(path, read_rows(path) + [list(r) for r in rows])


def test_the_same_tie_with_contradicting_sentiment_is_an_error_naming_both_rows(inputs):
    # Row 2 is S1 works with S2, +1; row 5 lists it again from the other end, hostile.
    add_rows(inputs / "relationships.csv", ["S2", "S1", "works with", "3", "-2"])
    _, problems = load(inputs)
    [problem] = errors(problems)
    assert (problem.file, problem.row, problem.column) == (REL, 5, "sentiment")
    assert "rows 2 and 5" in problem.message
    assert "+1 on row 2" in problem.message and "-2 on row 5" in problem.message
    assert "Fix:" in str(problem) and "delete" in problem.fix


def test_plus_two_and_minus_two_on_the_same_row_pair(inputs):
    rows = read_rows(inputs / "relationships.csv")
    rows[1][4] = "2"
    write_rows(inputs / "relationships.csv", rows + [["S1", "S2", "Works With", "3", "-2"]])
    _, problems = load(inputs)
    assert [p.row for p in errors(problems)] == [5]


def test_a_plain_repeat_is_a_warning_and_other_kinds_are_other_ties(inputs):
    add_rows(
        inputs / "relationships.csv",
        ["S1", "S2", "works with", "4", "1"],  # the same tie again, same feeling
        ["S1", "S2", "influences", "2", "-2"],  # another kind of tie between the two
    )
    tables, problems = load(inputs)
    assert errors(problems) == []
    [warning] = [p for p in problems if p.file == REL]
    assert warning.severity == "warning" and "rows 2 and 5" in warning.message
    assert len(tables["relationships"]) == 5


def test_duplicate_ratings_by_one_rater_name_the_file_and_both_rows(inputs):
    add_rows(inputs / "ratings.csv", ["R2", "S4", "4", "2", "0"], ["R1", "S1", "2", "2", "0"])
    _, problems = load(inputs)
    [problem] = errors(problems)
    assert (problem.file, problem.row, problem.column) == (RATINGS, 6, "stakeholder")
    assert "Rater 'R1'" in problem.message and "'S1'" in problem.message
    assert "rows 2 and 6" in problem.message
    assert "Fix: Keep one row per rater and stakeholder" in str(problem)


def test_a_rater_listed_three_times_is_one_problem_with_every_row(inputs):
    add_rows(inputs / "ratings.csv", ["R1", "S4", "4", "2", "0"], ["R1", "S4", "4", "2", "0"])
    _, problems = load(inputs)
    [problem] = errors(problems)
    assert "rows 4, 5 and 6" in problem.message
