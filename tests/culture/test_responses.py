"""Tests for workbench.culture.responses.

Column matching, answer mapping, ids, demographics, comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from workbench.culture.instruments import Instrument, Item, load_instruments, load_label_sets
from workbench.culture.item_matching import match_columns
from workbench.culture.responses import MAX_LISTED, Responses, prepare
from workbench.culture.surveys import RawSurvey, SurveyColumn

FILE = "inputs/surveys/2026-05/survey.csv"
AGREE5 = {
    "strongly disagree": 1, "disagree": 2, "neither agree nor disagree": 3, "neutral": 3,
    "agree": 4, "strongly agree": 5,
}  # fmt: skip
TYPES = ("CLAN", "ADHOCRACY", "MARKET", "HIERARCHY")
OCAI_COLUMNS = [f"OC_{t}_{s}" for s in ("NOW", "PREFERRED") for t in TYPES]
LABELS = {"agree5": AGREE5, "likely11": {"0 - not at all likely": 0, "10 - extremely likely": 10}}


def team_instrument() -> Instrument:
    items = (
        Item("TW1", "People here help each other out.", "together", False),
        Item("TW2", "We share what we know, even when it's inconvenient.", "together", False),
        Item("TW3", "Each of us pursues our own targets.", "together", True),
    )
    return Instrument("teamwork", "Teamwork", "likert", 1, 5, "agree5", "test", "test",
                      {"together": {"name": "Working together"}}, items)  # fmt: skip


def enps_instrument() -> Instrument:
    item = Item("ENPS", "Would you recommend us as an employer?", "enps", False)
    return Instrument("enps", "eNPS", "nps", 0, 10, "likely11", "t", "t", {}, (item,))


def ocai_instrument() -> Instrument:
    items = tuple(
        Item(f"OC_{t.upper()}_{s.upper()}", "", "glue", False, t, s)
        for s in ("now", "preferred")
        for t in ("clan", "adhocracy", "market", "hierarchy")
    )
    return Instrument("ocai", "OCAI", "ipsative", 0, 100, "", "t", "t",
                      {"glue": {"name": "Organization glue"}}, items)  # fmt: skip


def survey(
    data: dict[str, list[str]],
    texts: dict[str, str] | None = None,
    respondent: str | None = None,
    first_row: int = 2,
) -> RawSurvey:
    """A RawSurvey as surveys.parse_survey builds it; keys double as headers unless texted."""
    texts = texts or {}
    n = len(next(iter(data.values()))) if data else 0
    index = pd.Index(range(first_row, first_row + n), dtype="int64")
    frame = pd.DataFrame(data, index=index, dtype="str")
    columns = [
        SurveyColumn(key, texts.get(key, key), "", get_column_letter(i + 1))
        for i, key in enumerate(data)
    ]
    return RawSurvey(FILE, "plain", frame, columns, respondent, ["Email (email)"], ["StartDate"])


def run(raw: RawSurvey, instruments=None, demographics=(), comments=()):
    instruments = instruments or {"teamwork": team_instrument()}
    return prepare(raw, "2026-05", instruments, LABELS, list(demographics), list(comments))


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def good_answers(n: int = 3) -> dict[str, list[str]]:
    return {"TW1": ["Agree"] * n, "TW2": ["4"] * n, "TW3": ["Strongly disagree"] * n}


# --------------------------------------------------------------------------- matching


def test_match_by_id_is_case_insensitive():
    raw = survey({"tw1": ["4"], "Tw2": ["4"], "TW3": ["4"], "Extra": ["x"]})
    found, unmatched, problems = match_columns(raw, {"teamwork": team_instrument()})
    assert found == {"TW1": "tw1", "TW2": "Tw2", "TW3": "TW3"}
    assert unmatched == ["Extra"]
    assert [p.severity for p in problems] == ["warning"]
    assert "Extra" in problems[0].message


def test_match_by_text_ignores_case_spacing_punctuation_and_quotes():
    raw = survey(
        {"Q1": ["4"], "Q2": ["4"], "Q3": ["4"]},
        texts={
            "Q1": "people  HERE help each other out",
            "Q2": "We share what we know, even when it\u2019s inconvenient!",
            "Q3": "Each of us pursues our own targets.",
        },
    )
    found, unmatched, problems = match_columns(raw, {"teamwork": team_instrument()})
    assert found == {"TW1": "Q1", "TW2": "Q2", "TW3": "Q3"}
    assert unmatched == [] and problems == []


def test_match_by_statement_part_of_matrix_question():
    raw = survey(
        {"Q5_1": ["4"], "Q5_2": ["4"], "Q5_3": ["4"]},
        texts={
            "Q5_1": "How far do you agree? - People here help each other out.",
            "Q5_2": "How far do you agree? [We share what we know, even when it's inconvenient.]",
            "Q5_3": "Team - Each of us pursues our own targets.",
        },
    )
    found, _, problems = match_columns(raw, {"teamwork": team_instrument()})
    assert found == {"TW1": "Q5_1", "TW2": "Q5_2", "TW3": "Q5_3"}
    assert problems == []


def test_id_match_wins_over_text_match_and_columns_are_used_once():
    raw = survey(
        {"Q1": ["4"], "TW1": ["4"], "TW2": ["4"], "TW3": ["4"]},
        texts={"Q1": "People here help each other out."},
    )
    found, unmatched, _ = match_columns(raw, {"teamwork": team_instrument()})
    assert found["TW1"] == "TW1"
    assert unmatched == ["Q1"]


def test_missing_instrument_column_is_an_error_naming_item_text_and_instrument():
    raw = survey({"TW1": ["4"], "TW3": ["4"]})
    found, _, problems = match_columns(raw, {"teamwork": team_instrument()})
    assert "TW2" not in found
    (problem,) = errors(problems)
    assert problem.message == (
        "The survey has no column for item TW2 'We share what we know, even when it's "
        "inconvenient.' of teamwork."
    )
    assert problem.file == FILE and problem.column is None
    assert "[culture.columns] in engagement.toml" in problem.fix
    assert "[culture] instruments" in problem.fix


def test_instrument_with_no_column_at_all_is_one_error():
    raw = survey(good_answers(1))
    instruments = {"teamwork": team_instrument(), "ocai": ocai_instrument()}
    _, _, problems = match_columns(raw, instruments)
    (problem,) = errors(problems)
    assert "no column for any item of ocai" in problem.message
    assert "OC_CLAN_NOW" in problem.message
    assert "remove 'ocai' from [culture] instruments" in problem.fix


def test_shipped_instruments_report_missing_item_with_wording():
    chosen = load_instruments(["psych_safety"])
    data = {f"PS{i}": ["5"] for i in (1, 2, 3, 5, 6, 7)}
    resp, problems = prepare(survey(data), "w", chosen, load_label_sets(), [], [])
    (problem,) = errors(problems)
    assert problem.message.startswith("The survey has no column for item PS4 '")
    assert problem.message.endswith("' of psych_safety.")
    assert list(resp.items.columns) == [f"PS{i}" for i in range(1, 8)]
    assert resp.items["PS4"].isna().all()


# --------------------------------------------------------------------------- answers


def test_labels_are_mapped_whatever_the_case_spacing_and_quotes():
    raw = survey({
        "TW1": ["agree", "  STRONGLY   agree ", "Strongly\u00a0Disagree", "", "Neither agree nor "
                "disagree"],
        "TW2": ["4", "4.0", "5 - Strongly agree", "1 = strongly disagree", "3 \u2013 Neutral"],
        "TW3": ["Neutral", "Disagree", "2", "", "Agree"],
    })  # fmt: skip
    resp, problems = run(raw)
    assert problems == []
    assert resp.items["TW1"].tolist()[:3] == [4.0, 5.0, 1.0]
    assert math.isnan(resp.items["TW1"].iloc[3])
    assert resp.items["TW2"].tolist() == [4.0, 4.0, 5.0, 1.0, 3.0]
    assert resp.items.dtypes.eq("float64").all()
    assert list(resp.items.columns) == ["TW1", "TW2", "TW3"]


def test_unknown_label_names_row_column_text_and_allowed_labels():
    raw = survey({"TW1": ["Agree", "Sort of agree"], "TW2": ["4", "4"], "TW3": ["4", "4"]})
    resp, problems = run(raw)
    (problem,) = errors(problems)
    assert problem.row == 3
    assert problem.column == "TW1 (A)"
    assert problem.message == "'Sort of agree' is not an answer the teamwork scale knows."
    assert "strongly disagree (1)" in problem.fix and "strongly agree (5)" in problem.fix
    assert "[agree5] in inputs/surveys/labels.toml" in problem.fix
    assert math.isnan(resp.items["TW1"].iloc[1])  # never guessed


def test_code_and_label_that_disagree_is_an_error():
    raw = survey({"TW1": ["4 - Strongly agree"], "TW2": ["4"], "TW3": ["4"]})
    _, problems = run(raw)
    (problem,) = errors(problems)
    assert problem.row == 2 and problem.column == "TW1 (A)"
    assert "'strongly agree' means 5" in problem.message


def test_out_of_range_and_fractional_codes_are_errors():
    raw = survey({"TW1": ["6", "0", "3.5"], "TW2": ["4"] * 3, "TW3": ["4"] * 3})
    resp, problems = run(raw)
    found = errors(problems)
    assert [(p.row, p.column) for p in found] == [(2, "TW1 (A)"), (3, "TW1 (A)"), (4, "TW1 (A)")]
    assert found[0].message == "'6' is outside the teamwork scale of 1 to 5."
    assert "not a whole number" in found[2].message
    assert resp.items["TW1"].isna().all()


def test_problems_are_capped_per_column_and_kind():
    n = MAX_LISTED + 7
    raw = survey({"TW1": ["maybe"] * n, "TW2": ["4"] * n, "TW3": ["4"] * n})
    _, problems = run(raw)
    found = errors(problems)
    assert len(found) == MAX_LISTED + 1
    assert found[-1].message.startswith("... and 7 more rows in this column")
    assert found[-1].column == "TW1 (A)"


def test_nps_takes_codes_and_likely11_labels():
    raw = survey({"ENPS": ["10 - Extremely likely", "0 - Not at all likely", "7", "11"]})
    resp, problems = run(raw, {"enps": enps_instrument()})
    assert resp.items["ENPS"].tolist()[:3] == [10.0, 0.0, 7.0]
    (problem,) = errors(problems)
    assert problem.row == 5 and "outside the enps scale of 0 to 10" in problem.message


def test_ipsative_points_accept_percent_and_decimals():
    raw = survey({
        "OC_CLAN_NOW": ["25%", "100", ""], "OC_ADHOCRACY_NOW": ["25.5", "", ""],
        "OC_MARKET_NOW": ["24.5", "", ""], "OC_HIERARCHY_NOW": ["25", "", ""],
        **{c: ["25", "25", ""] for c in OCAI_COLUMNS if c.endswith("PREFERRED")},
    })  # fmt: skip
    resp, problems = run(raw, {"ocai": ocai_instrument()})
    assert problems == []
    assert resp.items.iloc[0, :4].tolist() == [25.0, 25.5, 24.5, 25.0]
    assert resp.items.loc["row-3", "OC_CLAN_NOW"] == 100.0
    assert resp.items.loc["row-3", "OC_MARKET_NOW"] == 0.0  # blank next to answers = 0 points
    assert resp.items.loc["row-4"].isna().all()  # all blank stays no answer


def test_ipsative_row_not_adding_up_to_100_names_row_and_sum():
    data = {c: ["25", "25"] for c in OCAI_COLUMNS}
    data["OC_MARKET_NOW"] = ["25", "40"]
    _, problems = run(survey(data), {"ocai": ocai_instrument()})
    (problem,) = errors(problems)
    assert problem.row == 3
    assert "Organization glue (now) add up to 115, not 100" in problem.message
    assert "OC_CLAN_NOW (A), OC_ADHOCRACY_NOW (B)" in problem.message
    assert problem.fix.startswith("make the four answers add up to 100")


def test_ipsative_value_outside_0_to_100_is_an_error_without_a_sum_error():
    data = {c: ["25"] for c in OCAI_COLUMNS}
    data["OC_CLAN_NOW"] = ["125"]
    _, problems = run(survey(data), {"ocai": ocai_instrument()})
    (problem,) = errors(problems)
    assert problem.column == "OC_CLAN_NOW (A)" and "outside the ocai scale" in problem.message


# --------------------------------------------------------------------------- respondents


def test_respondent_ids_from_column_or_row_numbers():
    with_ids = survey({"Respondent_ID": ["R1", "R2"], **good_answers(2)})
    resp, problems = run(with_ids)
    assert problems == []
    assert resp.items.index.tolist() == ["R1", "R2"]
    assert resp.items.index.name == "respondent"
    assert resp.rows.to_dict() == {"R1": 2, "R2": 3}
    resp, _ = run(survey(good_answers(2), first_row=4))
    assert resp.items.index.tolist() == ["row-4", "row-5"]


def test_duplicate_respondent_ids_name_both_rows():
    raw = survey({"ResponseId": ["R_1", "R_123", "R_2", "R_123"], **good_answers(4)},
                 respondent="ResponseId", first_row=5)  # fmt: skip
    _, problems = run(raw)
    (problem,) = errors(problems)
    assert problem.message == "Rows 6 and 8 share respondent id R_123."
    assert problem.row == 8 and problem.column == "ResponseId (A)"
    assert "remove the duplicate response or give it its own id" in problem.fix


def test_blank_respondent_id_is_an_error():
    raw = survey({"id": ["A", ""], **good_answers(2)})
    _, problems = run(raw)
    (problem,) = errors(problems)
    assert problem.row == 3 and "respondent id is blank" in problem.message


def test_empty_survey_is_an_error():
    raw = survey({"TW1": [], "TW2": [], "TW3": []})
    resp, problems = run(raw)
    (problem,) = errors(problems)
    assert "has no responses" in problem.message and problem.fix
    assert resp.items.empty and list(resp.items.columns) == ["TW1", "TW2", "TW3"]


# --------------------------------------------------------------------------- demographics, comments


def test_demographics_are_matched_by_key_or_text_and_stripped():
    raw = survey(
        {"TEAM": [" Ops ", ""], "Q9": ["Lead", "IC"], **good_answers(2)},
        texts={"Q9": "Role"},
    )
    resp, problems = run(raw, demographics=["team", "role"])
    assert problems == []
    assert resp.demographics.to_dict("list") == {"team": ["Ops", ""], "role": ["Lead", "IC"]}
    assert resp.demographics.index.equals(resp.items.index)
    assert resp.unmatched == []


def test_missing_demographic_is_an_error_listing_columns_and_setting():
    raw = survey({"team": ["Ops"], "site": ["Leeds"], **good_answers(1)})
    resp, problems = run(raw, demographics=["team", "location"])
    (problem,) = errors(problems)
    assert "'location' is not in the survey" in problem.message
    assert "site" in problem.message and "TW1" not in problem.message
    assert "[culture] demographics in engagement.toml" in problem.fix
    assert resp.demographics["location"].tolist() == [""]


def test_comments_are_extracted_and_blank_ones_skipped():
    raw = survey(
        {"id": ["a", "b", "c"], "Q20": ["More time to talk", "  ", "Fewer meetings"]}
        | good_answers(),
        texts={"Q20": "Comments"},
    )
    resp, problems = run(raw, comments=["comments", "suggestions"])
    assert resp.comments.to_dict("records") == [
        {"respondent": "a", "question": "Comments", "text": "More time to talk"},
        {"respondent": "c", "question": "Comments", "text": "Fewer meetings"},
    ]
    (warning,) = problems
    assert warning.severity == "warning" and "'suggestions'" in warning.message


def test_unmatched_columns_give_one_warning_and_are_kept_on_responses():
    raw = survey({"id": ["a"], "team": ["Ops"], "Favourite colour": ["blue"], "Notes": ["x"],
                  **good_answers(1)})  # fmt: skip
    resp, problems = run(raw, demographics=["team"])
    (warning,) = problems
    assert warning.severity == "warning"
    assert "Favourite colour, Notes" in warning.message
    assert resp.unmatched == ["Favourite colour", "Notes"]
    assert isinstance(resp, Responses)
    assert (resp.dropped, resp.metadata, resp.format) == (["Email (email)"], ["StartDate"], "plain")


def test_prepare_does_not_change_the_raw_frame():
    raw = survey({"id": ["a", "b"], **good_answers(2)})
    before = raw.frame.copy()
    run(raw)
    pd.testing.assert_frame_equal(raw.frame, before)
    assert np.array_equal(raw.frame.index.to_numpy(), [2, 3])


@pytest.mark.parametrize("answer", ["Strongly Agree", "strongly agree", "STRONGLY  AGREE", "5"])
def test_label_variants_map_to_the_same_number(answer):
    resp, problems = run(survey({"TW1": [answer], "TW2": ["4"], "TW3": ["4"]}))
    assert problems == [] and resp.items.loc["row-2", "TW1"] == 5.0
