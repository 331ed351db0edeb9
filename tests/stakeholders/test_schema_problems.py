"""Tests for workbench.stakeholders.schema_problems.

Header warnings and pandera failures as problems.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pandera.errors import SchemaErrors

from workbench.stakeholders.schema_problems import match_headers, schema_problems
from workbench.stakeholders.schemas import SCHEMAS

FILE = "inputs/ratings.csv"


def ratings(**columns: list[str]) -> pd.DataFrame:
    base = {"rater": ["R1", "R2"], "stakeholder": ["S1", "S2"], "influence": ["4", "3"]}
    base |= {"interest": ["3", "3"], "attitude": ["0", "1"]}
    return pd.DataFrame(base | columns, dtype="str")


def problems_for(frame: pd.DataFrame, typos: dict[str, str] | None = None):
    with pytest.raises(SchemaErrors) as caught:
        SCHEMAS["ratings"].validate(frame, lazy=True)
    return schema_problems(caught.value, frame, "ratings", FILE, typos or {})


def test_match_headers_accepts_case_and_spots_typos():
    frame = ratings().rename(columns={"rater": "RATER", "attitude": "atitude"})
    renamed, warnings, typos = match_headers(frame, "ratings", FILE)
    assert renamed.columns.tolist()[:1] == ["rater"]
    assert typos == {"attitude": "atitude"}
    assert [w.message for w in warnings] == [
        "Column 'atitude' is not used; kept as-is. Did you mean 'attitude'?"
    ]
    assert frame.columns.tolist()[0] == "RATER"  # the input is not renamed


def test_one_problem_per_bad_cell():
    found = problems_for(ratings(influence=["high", "4"], attitude=["0", "7"]))
    located = sorted((p.row, p.column, p.message) for p in found)
    assert located == [
        (2, "influence", "'high' is not a whole number."),
        (3, "attitude", "7 is outside the range -2 to 2."),
    ]


def test_missing_column_fix_names_the_typo():
    frame = ratings().drop(columns="attitude")
    (problem,) = problems_for(frame, {"attitude": "atitude"})
    assert (problem.column, problem.row) == ("attitude", None)
    assert problem.fix.startswith("Rename column 'atitude' to 'attitude'. Otherwise: Add")
