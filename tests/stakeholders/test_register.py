"""Tests for workbench.stakeholders.register: the register's size limit and sheet warnings."""

from __future__ import annotations

import time

import openpyxl
from input_files import DATA, SH, load, only, read_rows

from workbench.commands import check
from workbench.stakeholders import register


def oversized(path, megabytes: int) -> None:
    """A stakeholders.csv of valid rows repeated to ``megabytes`` MB (a wrong export)."""
    rows = (DATA / "io_stakeholders.csv").read_bytes().split(b"\n", 1)
    copies = megabytes * 1_000_000 // len(rows[1]) + 1
    path.write_bytes(rows[0] + b"\n" + rows[1] * copies)


def test_a_register_file_over_the_limit_is_refused_with_its_size(inputs):
    oversized(inputs / "stakeholders.csv", 11)
    started = time.perf_counter()
    _, problems = load(inputs)
    assert time.perf_counter() - started < 5  # refused, not read
    problem = only(problems, file=SH)
    assert problem.message.startswith("The file is 11.")
    assert f"more than the {register.MAX_REGISTER_BYTES // 1_000_000} MB" in problem.message
    assert "Fix: Check that it is the right file" in str(problem)


def test_check_answers_in_seconds_on_a_50_mb_register(demo_copy):
    oversized(demo_copy / "inputs" / "stakeholders.csv", 50)
    started = time.perf_counter()
    report = check.check(demo_copy)
    assert time.perf_counter() - started < 30  # the analyses of the surveys still run
    problem = only(report.problems, file=SH)
    assert "MB, more than the 10 MB" in problem.message
    assert report.summary().startswith("FAILED: 1 error(s) in inputs/stakeholders.csv")


def test_an_oversized_workbook_is_refused_before_it_is_opened(inputs):
    (inputs / "register.xlsx").write_bytes(b"PK\x03\x04" + bytes(11_000_000))
    _, problems = load(inputs, "xlsx")
    problem = only(problems, file="inputs/register.xlsx")
    assert "The file is 11.0 MB" in problem.message and "Fix:" in str(problem)


def test_hidden_rows_of_the_register_reach_the_problems(inputs):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("stakeholders", "relationships"):
        sheet = book.create_sheet(table)
        for row in read_rows(DATA / f"io_{table}.csv"):
            sheet.append(row)
    book["stakeholders"].row_dimensions[2].hidden = True
    book.save(inputs / "register.xlsx")
    tables, problems = load(inputs, "xlsx")
    warning = only(problems, file="inputs/register.xlsx [stakeholders]", severity="warning")
    assert warning.row == 2 and "Row 2 is hidden in Excel" in warning.message
    assert "S1" in tables["stakeholders"]["id"].tolist()
