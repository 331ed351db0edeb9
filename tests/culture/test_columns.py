"""Tests for workbench.culture.columns and column_hints: [culture.columns] and the block.

The exports are written as the real tools write them, with the PUBLISHED wording of the
Westrum and Edmondson statements and the standard eNPS question (tests/culture/survey_exports.py).
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from workbench.commands import cli
from workbench.commands.check import culture_problems
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError
from workbench.culture import workshop
from workbench.culture.column_hints import Target, cue_score, likely_targets
from workbench.culture.surveys import SurveyColumn

from . import survey_exports as se

LINE = re.compile(r'^"(?P<key>[^"]+)" = "(?P<target>[^"]+)"', re.MULTILINE)
FORMATS = list(se.WRITERS)
NUMBERS = ["n", "mean", "score_0_100", "pct_favourable", "pct_neutral", "pct_unfavourable"]


def block_of(problems) -> str:
    (found,) = [p for p in problems if "[culture.columns]\n" in p.fix]
    assert found.severity == "warning" and "Fix:" in str(found)
    return found.fix.split("engagement.toml:\n", 1)[1]


def expected_targets(kind: str) -> dict[str, str]:
    """Column key as the block names it -> what the column holds."""
    if kind == "qualtrics":
        return {code: item for item, code in se.QUALTRICS_CODES.items()}
    texts = {**{t: i for i, t in se.WESTRUM.items()}, **{t: i for i, t in se.SAFETY.items()}}
    return {**texts, se.ENPS_QUESTION: "ENPS", se.TEAM_QUESTION: "team"}


def paste(root, block: str) -> None:
    toml = root / "engagement.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + block + "\n", encoding="utf-8")


def scores(root) -> pd.DataFrame:
    analysis = workshop.analyse(root)
    return analysis.summary.set_index(["wave", "demographic", "segment", "dimension"])[NUMBERS]


@pytest.fixture(scope="module")
def shipped_scores(tmp_path_factory) -> pd.DataFrame:
    return scores(se.engagement(tmp_path_factory.mktemp("shipped") / "e", {"2026-05": "shipped"}))


@pytest.mark.parametrize("kind", FORMATS)
def test_published_wording_gets_a_block_that_gives_the_shipped_scores(
    kind, tmp_path, shipped_scores
):
    root = se.engagement(tmp_path / kind, {"2026-05": kind})
    problems, analysis = culture_problems(Engagement.load(root))
    assert analysis is None  # without the mapping the items have no column
    block = block_of(problems)
    assert block.startswith("[culture.columns]\n")
    suggested = {m["key"]: m["target"] for m in LINE.finditer(block)}
    assert suggested == expected_targets(kind)
    if kind == "qualtrics":  # coded exports show the question beside the code
        assert f'"Q1_1" = "WES1"   # "{se.WESTRUM["WES1"]}" (likely: ' in block
    assert '= ""' in block  # the comment question: a line to fill in, not a guess
    paste(root, block)
    problems, analysis = culture_problems(Engagement.load(root))
    assert not [p for p in problems if p.severity == "error"], problems
    pd.testing.assert_frame_equal(scores(root), shipped_scores)


def test_check_prints_the_block_ready_to_paste(blank_engagement, capsys):
    text = (blank_engagement / "engagement.toml").read_text(encoding="utf-8")
    chosen = 'instruments = ["westrum", "psych_safety", "enps"]'
    text = re.sub(r"instruments = \[.*\]", chosen, text)
    text = re.sub(r"demographics = \[.*\]", 'demographics = ["team"]', text)
    (blank_engagement / "engagement.toml").write_text(text, encoding="utf-8")
    shutil.rmtree(blank_engagement / "inputs" / "surveys", ignore_errors=True)
    se.qualtrics(blank_engagement / "inputs" / "surveys" / "2026-05" / "survey.csv", se.answers())
    assert cli.main(["check", str(blank_engagement)]) == 1
    out = capsys.readouterr().out
    assert "\n[culture.columns]\n" in out and '"Q3" = "ENPS"   # "How likely are you' in out


def test_a_column_mapped_by_code_import_id_header_or_statement(tmp_path, shipped_scores):
    root = se.engagement(tmp_path / "q", {"2026-05": "qualtrics"})
    westrum = list(se.WESTRUM.values())
    lines = [
        '"q1_1" = "WES1"',  # code, any case
        '"QID1_2" = "WES2"',  # ImportId
        f'"{se.AGREE_WESTRUM} - {westrum[2]}" = "wes3"',  # full header; item id any case
        *(f'"{westrum[n]}" = "WES{n + 1}"' for n in range(3, 6)),  # statement only
        *(f'"Q2_{n}" = "PS{n}"' for n in range(1, 8)),
        f'"{se.ENPS_QUESTION}" = "ENPS"',
        '"Q4" = "team"',
        '"Q5" = "comments"',
    ]
    paste(root, "[culture.columns]\n" + "\n".join(lines))
    problems, analysis = culture_problems(Engagement.load(root))
    assert [p for p in problems if p.severity == "error"] == []
    assert not [p for p in problems if "match no item" in p.message]
    pd.testing.assert_frame_equal(scores(root), shipped_scores)
    comments = analysis.responses["2026-05"].comments
    assert set(comments["text"]) == {"More time to plan", "Good team"}


def test_the_mapping_wins_over_automatic_matching(tmp_path):
    root = se.engagement(tmp_path / "e", {"2026-05": "shipped"})
    # WES1 and WES2 swapped on purpose: the consultant's word counts.
    paste(root, '[culture.columns]\n"WES1" = "WES2"\n"WES2" = "WES1"')
    swapped = workshop.analyse(root).responses["2026-05"].items
    plain = pd.read_csv(root / "inputs/surveys/2026-05/survey.csv", dtype=str)
    assert swapped["WES2"].tolist() == [se.AGREE7.index(v) + 1.0 for v in plain["WES1"]]


def mapping_problems(tmp_path, lines: str, kind: str = "qualtrics"):
    root = se.engagement(tmp_path / "e", {"2026-05": kind})
    paste(root, "[culture.columns]\n" + lines)
    problems, _ = culture_problems(Engagement.load(root))
    return [p for p in problems if p.file == "engagement.toml"]


def test_a_mapped_column_missing_from_the_export_names_the_wave_file_and_close_headers(tmp_path):
    (problem,) = mapping_problems(tmp_path, '"Q1_01" = "WES1"')
    assert problem.severity == "error" and problem.field == 'culture.columns."Q1_01"'
    assert "inputs/surveys/2026-05/survey.csv" in problem.message
    assert '"Q1_1"' in problem.message  # the closest header
    assert "Fix:" in str(problem)


def test_two_columns_mapped_to_one_item_is_an_error(tmp_path):
    (problem,) = mapping_problems(tmp_path, '"Q1_1" = "WES1"\n"Q1_2" = "WES1"')
    assert problem.field == 'culture.columns."Q1_2"'
    assert "Two columns" in problem.message and "'WES1'" in problem.message
    assert "Fix: Keep one line" in str(problem)


def test_a_target_that_is_no_item_or_demographic_suggests_the_closest(tmp_path):
    (problem,) = mapping_problems(tmp_path, '"Q1_1" = "WES1"\n"Q4" = "teams"')
    assert problem.field == 'culture.columns."Q4"'
    assert "Did you mean 'team'?" in problem.message and "Fix:" in str(problem)


def test_one_column_mapped_to_two_things_is_an_error(tmp_path):
    found = mapping_problems(tmp_path, f'"Q1_1" = "WES1"\n"{se.WESTRUM["WES1"]}" = "WES2"')
    assert any("mapped twice" in p.message for p in found)


def test_a_key_kept_for_another_wave_is_fine_where_the_item_matched_otherwise(tmp_path):
    root = se.engagement(tmp_path / "e", {"2025-11": "shipped", "2026-05": "qualtrics"})
    block = block_of(culture_problems(Engagement.load(root))[0])
    paste(root, block)
    problems, analysis = culture_problems(Engagement.load(root))
    assert not [p for p in problems if p.severity == "error"], problems
    assert analysis.waves == ["2025-11", "2026-05"] and not analysis.changes.empty


def test_run_refuses_while_the_items_have_no_column(tmp_path):
    root = se.engagement(tmp_path / "e", {"2026-05": "googleforms"})
    with pytest.raises(InputError, match="no column for any item of westrum"):
        workshop.analyse(root)


# ------------------------------------------------------------------ the suggestions


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("On this team, messengers are not punished when they deliver news of failures.", "WES2"),
        ("Failures are treated primarily as opportunities to improve the system.", "WES5"),
        (f"How likely is it that you would recommend {se.ORG} as an employer?", "ENPS"),
        *((t, i) for i, t in {**se.WESTRUM, **se.SAFETY}.items()),
    ],
)
def test_published_statements_carry_the_key_ideas_of_their_item(text, item):
    assert cue_score(text, item) == 1.0


def test_no_suggestion_for_a_column_like_no_item():
    cols = [SurveyColumn("Q9", "What did you have for lunch?", "", "A")]
    assert likely_targets(cols, [Target("PS4", "I can take a sensible risk.", "item")]) == {}


def test_a_key_no_wave_has_is_an_error_even_when_the_item_is_found(tmp_path):
    root = se.engagement(tmp_path / "e", {"2026-05": "shipped"})
    toml = root / "engagement.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[culture.columns]\n"Q99_9" = "WES1"\n',
        encoding="utf-8",
    )
    problems, analysis = culture_problems(Engagement.load(root))
    (problem,) = [p for p in problems if p.field == 'culture.columns."Q99_9"']
    assert problem.severity == "error" and "in no wave's export" in problem.message
    assert analysis is None  # a line that does nothing is a slip: the run must not go on


def test_a_column_that_holds_a_mapped_item_by_name_is_not_silently_dropped(tmp_path):
    root = se.engagement(tmp_path / "e", {"2026-05": "shipped"})
    paste(root, '[culture.columns]\n"WES1" = "WES2"')  # but column WES2 exists too
    problems, analysis = culture_problems(Engagement.load(root))
    (overruled,) = [p for p in problems if "holds item WES2 by its name" in p.message]
    assert overruled.severity == "error" and overruled.file == "inputs/surveys/2026-05/survey.csv"
    assert "Column WES2" in overruled.message and "Fix: Correct that line" in str(overruled)
    assert analysis is None
