"""Tests for workbench.culture.surveys and the survey readers in workbench.core.tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from workbench.core import tables as io
from workbench.core.errors import InputError
from workbench.culture import surveys
from workbench.culture.survey_layouts import detect_format
from workbench.culture.surveys import FORMATS, SurveyColumn, parse_survey

DATA = Path(__file__).parents[1] / "data" / "surveys"
PII = [
    "ann.lee@example.com", "chidi.okafor@example.com", "zoe.brandt@example.com",
    "203.0.113.5", "198.51.100.23", "47.6101", "-122.2015", "EXT-0077", "EXT-1",
    "Okafor", "Chidi", "Brandt, Zoe",
]  # fmt: skip


def read(name: str, **kwargs) -> surveys.RawSurvey:
    return surveys.read_survey(DATA / name, label=f"inputs/surveys/{name}", **kwargs)


def column(raw: surveys.RawSurvey, key: str) -> SurveyColumn:
    return next(c for c in raw.columns if c.key == key)


def assert_no_pii(raw: surveys.RawSurvey) -> None:
    cells = set(raw.frame.to_numpy().ravel().tolist()) | set(raw.frame.columns)
    assert not cells & set(PII)


def problem(caught: pytest.ExceptionInfo) -> object:
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def write_msforms(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
        "Which team are you in?",
        "How far do you agree?.People here can raise hard problems without fear",
        "How far do you agree?.Mistakes are held against the person who made them",
        "Version 2.0 of the tool is better", "Anything else?",
    ])  # fmt: skip
    start = dt.datetime(2026, 5, 4, 9, 1, 12)
    sheet.append([
        1, start, start + dt.timedelta(minutes=6), "ann.lee@example.com", "Ann Lee", None,
        "Operations", "Agree", "Strongly disagree", "Yes", "More time to plan",
    ])  # fmt: skip
    sheet.append([None] * 11)
    sheet.append([
        2, start, start + dt.timedelta(minutes=4), "anonymous", "Chidi Okafor", None,
        "Sales", "Strongly agree", "Disagree", "No", None,
    ])  # fmt: skip
    workbook.save(path)
    return path


# ------------------------------------------------------------------------ formats


def test_qualtrics_three_header_rows():
    raw = read("qualtrics.csv")
    assert raw.format == "qualtrics"
    assert raw.file == "inputs/surveys/qualtrics.csv"
    assert raw.respondent == "ResponseId"
    # data start at spreadsheet row 4; the blank row 5 is gone
    assert raw.frame.index.tolist() == [4, 6, 7]
    assert raw.frame.loc[4, "ResponseId"] == "R_1aBcDeFgHiJkLmN"
    assert raw.frame.columns.tolist() == [
        "ResponseId", "Q1", "PS1", "PS2", "Q3_1", "Q3_2", "Q4", "team",
    ]  # fmt: skip
    assert raw.frame.loc[6, "Q3_1"] == "Neither agree nor disagree"
    assert raw.frame.loc[7, "PS2"] == ""
    assert raw.frame.loc[4, "Q4"] == "More time to plan, less firefighting"
    assert column(raw, "PS1") == SurveyColumn(
        "PS1",
        "People here can raise hard problems without fear",
        "Our team - People here can raise hard problems without fear",
        "S",
    )
    assert column(raw, "Q3_1").text == "We help each other out, even when it is not our job"
    assert column(raw, "Q1") == SurveyColumn("Q1", "How long have you worked here?", "", "R")
    assert column(raw, "team").text == "team"
    assert raw.dropped == [
        "IPAddress (IP address)", "RecipientLastName (name)", "RecipientFirstName (name)",
        "RecipientEmail (email address)", "ExternalReference (external reference)",
        "LocationLatitude (location)", "LocationLongitude (location)",
    ]  # fmt: skip
    assert raw.metadata == [
        "StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
        "RecordedDate", "DistributionChannel", "UserLanguage",
    ]  # fmt: skip
    assert_no_pii(raw)


def test_qualtrics_legacy_two_header_rows_with_v_columns():
    raw = read("qualtrics_legacy.csv")
    assert raw.format == "qualtrics_legacy"
    assert raw.frame.index.tolist() == [3, 4]
    assert raw.respondent == "ResponseID"
    assert raw.frame.columns.tolist() == ["ResponseID", "PS1", "PS2", "RC_COM1", "Q5", "team"]
    assert raw.frame.loc[3, "RC_COM1"] == "4"
    assert column(raw, "RC_COM1").text == "We help each other out, even when it is not our job"
    assert column(raw, "RC_COM1").question == ""
    assert column(raw, "ResponseID").letter == "A"
    assert raw.dropped == [
        "Name (name)", "ExternalDataReference (external reference)",
        "EmailAddress (email address)", "IPAddress (IP address)",
    ]  # fmt: skip
    assert raw.metadata == ["ResponseSet", "Status", "StartDate", "EndDate", "Finished"]
    assert_no_pii(raw)


def test_qualtrics_legacy_with_named_columns():
    rows = [
        ["ResponseID", "ResponseSet", "IPAddress", "StartDate", "Q1_1", "Q1_2"],
        ["ResponseID", "ResponseSet", "IPAddress", "StartDate", "Team - Calm", "Team - Open"],
        ["R_1", "Default", "192.0.2.1", "2015-01-01", "5", "4"],
    ]
    raw = parse_survey(rows, "legacy.csv")
    assert raw.format == "qualtrics_legacy"
    assert raw.respondent == "ResponseID"
    assert [(c.key, c.text, c.question) for c in raw.columns[1:]] == [
        ("Q1_1", "Calm", "Team - Calm"),
        ("Q1_2", "Open", "Team - Open"),
    ]
    assert raw.dropped == ["IPAddress (IP address)"]
    assert raw.frame.index.tolist() == [3]


def test_surveymonkey_two_header_rows():
    raw = read("surveymonkey.csv")
    assert raw.format == "surveymonkey"
    assert raw.respondent == "Respondent ID"
    assert raw.frame.index.tolist() == [3, 4]
    matrix = "How far do you agree with each statement?"
    assert raw.frame.columns.tolist() == [
        "Respondent ID",
        "Which team are you in?",
        f"{matrix} | People here can raise hard problems without fear",
        f"{matrix} | Mistakes are held against the person who made them",
        f"{matrix} | We help each other out, even when it is not our job",
        "How likely are you to recommend this organisation as a place to work?",
        "What one thing would you change?",
    ]
    second = column(raw, f"{matrix} | Mistakes are held against the person who made them")
    assert second.text == "Mistakes are held against the person who made them"
    assert second.question == matrix
    assert second.letter == "L"
    team = column(raw, "Which team are you in?")
    assert (team.text, team.question) == ("Which team are you in?", "")
    assert raw.frame.loc[4, f"{matrix} | People here can raise hard problems without fear"] == (
        "Strongly agree"
    )
    assert raw.dropped == [
        "IP Address (IP address)", "Email Address (email address)", "First Name (name)",
        "Last Name (name)",
    ]  # fmt: skip
    assert raw.metadata == ["Collector ID", "Start Date", "End Date", "Custom Data 1"]
    assert_no_pii(raw)


def test_google_forms_grid_items():
    raw = read("googleforms.csv")
    assert raw.format == "googleforms"
    assert raw.respondent is None
    assert raw.frame.index.tolist() == [2, 3]
    assert raw.dropped == ["Email Address (email address)"]
    assert raw.metadata == ["Timestamp"]
    grid = "Our team [Mistakes are held against the person who made them]"
    assert column(raw, grid).text == "Mistakes are held against the person who made them"
    assert column(raw, grid).question == grid
    assert column(raw, "RC_COM1").text == "RC_COM1"
    assert raw.frame.loc[2, "What one thing would you change?"] == (
        "More time to plan, less firefighting"
    )
    assert_no_pii(raw)


def test_microsoft_forms_workbook(tmp_path):
    raw = surveys.read_survey(write_msforms(tmp_path / "forms.xlsx"), label="forms.xlsx")
    assert raw.format == "msforms"
    assert raw.respondent == "ID"
    assert raw.frame.index.tolist() == [2, 4]
    assert raw.frame.loc[2, "ID"] == "1"
    assert raw.dropped == ["Email (email address)", "Name (name)"]
    assert raw.metadata == ["Start time", "Completion time", "Last modified time"]
    likert = "How far do you agree?.People here can raise hard problems without fear"
    assert column(raw, likert).text == "People here can raise hard problems without fear"
    assert column(raw, likert).question == likert
    # a decimal point is not a Likert separator
    version = column(raw, "Version 2.0 of the tool is better")
    assert (version.text, version.question) == ("Version 2.0 of the tool is better", "")
    assert raw.frame.loc[4, "Anything else?"] == ""
    cells = set(raw.frame.to_numpy().ravel().tolist())
    assert not cells & {"ann.lee@example.com", "Ann Lee", "Chidi Okafor"}


def test_plain_table():
    raw = read("plain.csv")
    assert raw.format == "plain"
    assert raw.respondent == "respondent_id"
    assert raw.frame.index.tolist() == [2, 3, 5]
    # repeated headers are made unique
    assert raw.frame.columns.tolist() == [
        "respondent_id", "team", "location", "PS1", "PS2", "RC_COM1", "RC_COM1.1", "comment",
    ]  # fmt: skip
    assert raw.frame.loc[5, "comment"] == "Needs, more time"
    # "location" is a demographic, not a GPS position
    assert raw.dropped == [] and raw.metadata == []
    assert all(dtype == "str" for dtype in raw.frame.dtypes)


def test_cells_are_stripped_and_ragged_rows_padded():
    rows = [["id", "PS1", "PS2"], [" P1 ", " 5"], ["P2", "6", "7", ""], ["  ", " ", ""]]
    raw = parse_survey(rows, "t.csv")
    assert raw.frame.to_dict("index") == {
        2: {"id": "P1", "PS1": "5", "PS2": ""},
        3: {"id": "P2", "PS1": "6", "PS2": "7"},
    }


def test_blank_header_column_without_data_is_ignored_but_with_data_kept():
    raw = parse_survey([["id", "PS1", "", ""], ["P1", "5", "x", ""]], "t.csv")
    assert raw.frame.columns.tolist() == ["id", "PS1", "unnamed column C"]


def test_row_with_only_metadata_is_a_respondent():
    raw = parse_survey([["Timestamp", "PS1"], ["2026-05-01", ""], ["", ""]], "g.csv")
    assert raw.frame.index.tolist() == [2]


# --------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("qualtrics.csv", "qualtrics"),
        ("qualtrics_legacy.csv", "qualtrics_legacy"),
        ("surveymonkey.csv", "surveymonkey"),
        ("googleforms.csv", "googleforms"),
        ("plain.csv", "plain"),
    ],
)
def test_detect_format(name, expected):
    assert detect_format(io.read_rows(DATA / name)) == expected


def test_qualtrics_without_its_header_rows_reads_as_plain():
    rows = [["StartDate", "ResponseId", "IPAddress", "PS1"], ["2026-05-01", "R_1", "1.2.3.4", "5"]]
    raw = parse_survey(rows, "q.csv")
    assert raw.format == "plain"
    assert raw.respondent == "ResponseId"
    assert raw.metadata == ["StartDate"] and raw.dropped == ["IPAddress (IP address)"]


def test_explicit_format_that_fits():
    assert read("qualtrics.csv", fmt="qualtrics").format == "qualtrics"
    assert read("googleforms.csv", fmt="plain").format == "plain"
    assert read("googleforms.csv", fmt="plain").metadata == ["Timestamp"]


def test_explicit_format_that_does_not_fit_names_the_detected_one():
    with pytest.raises(InputError) as caught:
        read("surveymonkey.csv", fmt="qualtrics")
    found = problem(caught)
    assert found.file == "inputs/surveys/surveymonkey.csv"
    assert "does not look like a Qualtrics export" in found.message
    assert "'surveymonkey'" in found.fix


@pytest.mark.parametrize("fmt", ["plain", "googleforms", "qualtrics_legacy", "msforms"])
def test_multi_header_export_read_with_a_wrong_format(fmt):
    with pytest.raises(InputError) as caught:
        read("qualtrics.csv", fmt=fmt)
    assert "Set the survey format to 'qualtrics'" in problem(caught).fix


def test_unknown_format_lists_the_formats():
    with pytest.raises(InputError) as caught:
        read("plain.csv", fmt="typeform")
    found = problem(caught)
    assert "'typeform' is not a survey format" in found.message
    assert all(f in found.fix for f in FORMATS)


# ------------------------------------------------------------------------- keep


def test_keep_overrides_personal_data_and_metadata():
    raw = read("qualtrics.csv", keep=("locationlatitude", "Progress"))
    assert "LocationLatitude" in raw.frame.columns and "Progress" in raw.frame.columns
    assert "LocationLatitude (location)" not in raw.dropped
    assert "Progress" not in raw.metadata
    assert "LocationLongitude (location)" in raw.dropped


def test_keep_matches_surveymonkey_header():
    raw = read("surveymonkey.csv", keep=("custom data 1",))
    assert "Custom Data 1" in raw.frame.columns


# ------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Timestamp,PS1\n",
        "Timestamp,PS1\n,\n,\n",
        'ResponseId,Q1\nResponse ID,Hello?\n{"ImportId":"_recordId"},{"ImportId":"QID1"}\n',
    ],
)
def test_no_responses(tmp_path, content):
    path = tmp_path / "survey.csv"
    path.write_text(content.replace('{"', '"{""').replace('"}', '""}"').replace('":"', '"":""'))
    with pytest.raises(InputError) as caught:
        surveys.read_survey(path, label="inputs/surveys/survey.csv")
    found = problem(caught)
    assert found.file == "inputs/surveys/survey.csv"
    assert "has no responses" in found.message
    assert "Export the responses again" in found.fix


def test_an_answer_that_looks_like_an_import_id_is_not_a_header_row(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text('ResponseId,Q1\nResponse ID,Hi\nR_1,"{""ImportId"":""x""}"\n')
    raw = surveys.read_survey(path)
    assert raw.format == "qualtrics_legacy"
    assert raw.frame.loc[3, "Q1"] == '{"ImportId":"x"}'


def test_qualtrics_with_row_2_cut_off():
    rows = io.read_rows(DATA / "qualtrics.csv")
    del rows[1]
    with pytest.raises(InputError) as caught:
        parse_survey(rows, "q.csv")
    found = problem(caught)
    assert "header rows are cut off" in found.message
    assert found.row == 2
    assert "rows 1-3" in found.fix


def test_surveymonkey_with_row_2_cut_off():
    rows = io.read_rows(DATA / "surveymonkey.csv")
    del rows[1]
    with pytest.raises(InputError) as caught:
        parse_survey(rows, "sm.csv")
    found = problem(caught)
    assert "header rows are cut off" in found.message
    assert "114893021551" in found.message
    # the user may say the row was removed on purpose
    raw = parse_survey(rows, "sm.csv", fmt="plain")
    assert raw.frame.index.tolist() == [2, 3]
    assert raw.respondent == "Respondent ID"


def test_blank_first_row():
    with pytest.raises(InputError) as caught:
        parse_survey([["", ""], ["id", "PS1"], ["P1", "5"]], "t.csv")
    assert problem(caught).row == 1


# -------------------------------------------------------------------- io readers


def test_read_rows_keeps_header_rows_and_blank_rows():
    rows = io.read_rows(DATA / "qualtrics.csv")
    assert len(rows) == 7
    assert rows[2][8] == '{"ImportId":"_recordId"}'
    assert not any(rows[4])


def test_read_rows_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        io.read_rows(tmp_path / "survey.csv", label="inputs/surveys/survey.csv")
    assert problem(caught).message == "The file does not exist."


def test_read_rows_workbook_sheet(tmp_path):
    path = write_msforms(tmp_path / "forms.xlsx")
    assert io.read_rows(path, sheet="SHEET")[0][:2] == ["ID", "Start time"]
    assert io.read_rows(path)[1][1] == "2026-05-04 09:01:12"


def test_utf8_bom_file(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "Timestamp,Équipe\n2026-05-01,Café\n".encode())
    raw = surveys.read_survey(path)
    assert raw.format == "googleforms"
    assert raw.frame.loc[2, "Équipe"] == "Café"


def test_cp1252_file_with_accents(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("id,équipe,PS1\nP1,Société Générale,5\n".encode("cp1252"))
    raw = surveys.read_survey(path)
    assert raw.frame.loc[2, "équipe"] == "Société Générale"


def test_semicolon_delimited_file(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("respondent;team;PS1\nP1;Sales, EMEA;5\nP2;Ops;6\n", encoding="utf-8")
    raw = surveys.read_survey(path)
    assert raw.respondent == "respondent"
    assert raw.frame["team"].tolist() == ["Sales, EMEA", "Ops"]


def test_wrong_encoding_is_an_input_error(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"id,PS1\nP1,\x81\x8d\n")
    with pytest.raises(InputError) as caught:
        surveys.read_survey(path, label="inputs/surveys/survey.csv")
    found = problem(caught)
    assert found.file == "inputs/surveys/survey.csv"
    assert "encoding is unknown" in found.message
    assert "CSV UTF-8" in found.fix


def test_mixed_encoding_names_the_row(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("id,team\nP1,Zoë\nP2,".encode() + "Dána".encode("cp1252") + b"\n")
    with pytest.raises(InputError) as caught:
        surveys.read_survey(path)
    assert problem(caught).row == 3


# ------------------------------------------------------------------- performance


def test_parse_survey_handles_a_large_export():
    """Scale check only; the timing is printed by benchmarks/culture_scale.py."""
    header = ["ResponseId", "StartDate", "IPAddress"] + [f"Q{i}" for i in range(87)]
    answers = ["Strongly agree", "Agree", "", "3", "Neither agree nor disagree"]
    rows = [header] + [
        [f"R_{n}", "2026-05-01 10:00:00", "192.0.2.1"] + [answers[(n + i) % 5] for i in range(87)]
        for n in range(100_000)
    ]
    raw = parse_survey(rows, "big.csv")
    assert raw.frame.shape == (100_000, 88)
    assert raw.frame.index[-1] == 100_001
    assert "IPAddress" in " ".join(raw.dropped) and "IPAddress" not in raw.frame.columns


def test_qualtrics_single_statement_matrix_is_split_by_its_import_id():
    rows = [
        ["ResponseId", "Q1_1", "Q2_4_TEXT"],
        ["Response ID", "Trust - We can count on each other", "Which team? - Other - Text"],
        ['{"ImportId":"_recordId"}', '{"ImportId":"QID1_1"}', '{"ImportId":"QID2_4_TEXT"}'],
        ["R_1", "Agree", "Logistics"],
    ]
    raw = parse_survey(rows, "q.csv")
    assert [(c.text, c.question) for c in raw.columns[1:]] == [
        ("We can count on each other", "Trust - We can count on each other"),
        ("Which team? - Other - Text", ""),
    ]


# ------------------------------------------------------------------------ previews and tests


def test_qualtrics_previews_and_test_responses_are_left_out(tmp_path):
    from . import survey_exports as se

    path = se.qualtrics(tmp_path / "survey.csv", se.answers(), extra_rows=[
        {"Status": "Survey Preview", "DistributionChannel": "preview"},
        {"Status": "IP Address", "DistributionChannel": "test"},
        {"Status": "Survey Test"},
    ])  # fmt: skip
    raw = surveys.read_survey(path, label="inputs/surveys/2026-05/survey.csv")
    assert len(raw.frame) == se.PEOPLE
    assert raw.excluded == {14: "a survey preview", 15: "a test response", 16: "a test response"}


def test_numeric_qualtrics_status_codes_mark_previews_only_in_qualtrics_exports():
    rows = [["ResponseId", "Status", "PS1"], ["Response ID", "Response Type", "q"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"status"}', '{"ImportId":"QID1"}'],
            ["R_1", "0", "Agree"], ["R_2", "1", "Agree"], ["R_3", "2", "Agree"]]  # fmt: skip
    raw = parse_survey(rows, "s.csv")
    assert raw.frame.index.tolist() == [4] and raw.excluded == {
        5: "a survey preview", 6: "a test response",
    }  # fmt: skip
    plain = parse_survey([["id", "Status", "PS1"], ["1", "1", "Agree"]], "p.csv")
    assert plain.excluded == {} and len(plain.frame) == 1
