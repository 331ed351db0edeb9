"""The culture-analysis workshop end to end: demo waves, re-runs with a new wave, bad surveys."""

from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest

from workbench.commands import cli
from workbench.commands.run import run
from workbench.core.errors import InputError
from workbench.core.labels import ALL
from workbench.culture import wording as culture_wording
from workbench.culture import workshop as culture_workshop
from workbench.culture.workshop import SHEET_COLUMNS, analyse, results_sheets


@pytest.fixture(scope="module")
def demo():
    return analyse("demo")


def test_demo_has_two_waves_read_from_two_formats(demo):
    assert demo.waves == ["2025-11", "2026-05"]
    assert [demo.responses[w].format for w in demo.waves] == ["plain", "qualtrics"]
    for wave in demo.waves:
        assert len(demo.responses[wave].items) >= 600
    dropped = " ".join(demo.responses["2026-05"].dropped)
    for column in ("RecipientEmail", "IPAddress", "LocationLatitude"):
        assert column in dropped


def test_no_visible_cell_is_below_the_minimum_group_size(demo):
    summary = demo.summary
    shown = summary[~summary["suppressed"].astype(bool)]
    assert (shown["n"] >= demo.min_group_size).all()
    hidden = summary[summary["suppressed"].astype(bool)]
    assert len(hidden) > 0 and hidden["mean"].isna().all() and hidden["n"].isna().all()


def test_differencing_cannot_recover_a_suppressed_group(demo):
    """Total minus the shown groups leaves 0 or at least k respondents, per dimension."""
    summary = demo.summary
    k = demo.min_group_size
    for (wave, demographic), rows in summary[summary["demographic"] != ALL].groupby(
        ["wave", "demographic"]
    ):
        resp = demo.responses[wave]
        for dimension, cells in rows.groupby("dimension"):
            total = summary[
                (summary["wave"] == wave)
                & (summary["demographic"] == ALL)
                & (summary["dimension"] == dimension)
            ]["n"].iloc[0]
            remainder = total - cells["n"].sum(skipna=True)
            assert remainder == 0 or remainder >= k, (wave, demographic, dimension, remainder)
        assert len(resp.demographics) == len(resp.items)


def test_culture_sheet_has_the_contract_columns(demo):
    sheet = results_sheets(demo)["culture"]
    assert list(sheet.columns) == SHEET_COLUMNS
    assert set(sheet["wave"]) == set(demo.waves)
    assert "All" in set(sheet["segment"])
    assert any(str(s).startswith("team: ") for s in sheet["segment"])


def test_the_real_change_between_waves_is_found(demo):
    changes = demo.changes
    overall = changes[(changes["segment"] == ALL) & (changes["dimension"] == "psych_safety")]
    assert len(overall) == 1
    row = overall.iloc[0]
    assert row["change"] > 0 and row["p_value"] < 0.05 and bool(row["significant"])
    assert (
        changes[changes["suppressed"].astype(bool)][["mean_before", "mean_after"]]
        .isna()
        .all()
        .all()
    )


def test_scales_drivers_and_hotspots(demo):
    scales = set(demo.placement["scale"])
    assert {"exchange_communal", "cooperation_collaboration", "westrum"} <= scales
    assert demo.placement["explanation"].str.len().min() > 40
    assert not demo.drivers.empty and "enps" not in set(demo.drivers["dimension"])
    assert not demo.hotspots.empty


def test_comments_only_for_large_groups(demo):
    comments = demo.comments
    assert not comments.empty and "respondent" not in comments.columns
    k = demo.engagement.privacy["min_comment_group_size"]
    for (wave, demographic), rows in comments[comments["demographic"] != ALL].groupby(
        ["wave", "demographic"]
    ):
        groups = demo.responses[wave].demographics[demographic].replace("", "(not given)")
        sizes = groups.value_counts()
        assert (sizes.reindex(rows["segment"].unique()) >= k).all()


def _new_wave_from(folder, wave: str, source_wave: str = "2026-05"):
    target = folder / "inputs" / "surveys" / wave
    shutil.copytree(folder / "inputs" / "surveys" / source_wave, target)
    return target


@pytest.mark.slow
def test_rerun_with_a_new_wave_makes_a_new_output_with_the_comparison(demo_rerun):
    # The shared re-run: a copy of the demo run, wave 2026-11 copied from 2026-05, run again.
    first, second, before = demo_rerun.first, demo_rerun.second, demo_rerun.first_files
    assert second != first
    assert {p: p.read_bytes() for p in first.rglob("*") if p.is_file()} == before
    book = openpyxl.load_workbook(second / "results.xlsx", read_only=True)
    assert "Culture scores" in book.sheetnames and "Culture changes" in book.sheetnames
    rows = list(book["Culture scores"].iter_rows(values_only=True))
    assert list(rows[0]) == [culture_wording.COLUMN_LABELS[c] for c in SHEET_COLUMNS]
    assert {r[0] for r in rows[1:]} == {"2025-11", "2026-05", "2026-11"}
    changes = pd.DataFrame(
        list(book["Culture changes"].iter_rows(values_only=True))[1:],
        columns=[c.value for c in next(book["Culture changes"].iter_rows(max_row=1))],
    )
    earlier, later = (culture_wording.COLUMN_LABELS[c] for c in ("before", "after"))
    assert set(changes[earlier]) == {"2026-05"} and set(changes[later]) == {"2026-11"}
    html = (second / "culture_analysis.html").read_text(encoding="utf-8")
    assert "culture_workshop.analyse" not in html and "wb-heat" in html


def test_a_bad_survey_stops_the_run_and_check_names_the_cell(demo_copy, capsys):
    wave = _new_wave_from(demo_copy, "2026-11", source_wave="2025-11")
    survey = wave / "survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("PS2")
    cells = lines[5].split(",")
    cells[column] = "Sort of"
    lines[5] = ",".join(cells)
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 6.*PS2.*Sort of"):
        run(demo_copy, progress=False)
    assert not any(p.name[0].isdigit() for p in (demo_copy / "outputs").iterdir())
    assert cli.main(["check", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert "inputs/surveys/2026-11/survey.csv" in out and "Sort of" in out


def test_two_files_in_one_wave_folder_is_an_error(demo_copy):
    wave = _new_wave_from(demo_copy, "2026-11")
    shutil.copy(wave / "survey.csv", wave / "survey copy.csv")
    with pytest.raises(InputError, match="2 survey files"):
        analyse(demo_copy)


def test_an_engagement_without_surveys_still_analyses(blank_engagement):
    analysis = culture_workshop.analyse(blank_engagement)
    assert analysis.waves == [] and analysis.summary.empty
    assert results_sheets(analysis) == {}


def _settings(folder, **culture):
    toml = folder / "engagement.toml"
    text = toml.read_text(encoding="utf-8")
    for key, value in culture.items():
        start = text.index(f"\n{key} = ") + 1
        end = text.index("\n", start)
        text = text[:start] + f"{key} = {value}" + text[end:]
    toml.write_text(text, encoding="utf-8")


def _blank(folder, wave, columns, keep_rows=0):
    """Blank the given item columns of a plain-CSV wave, except in the first ``keep_rows``."""
    survey = folder / "inputs" / "surveys" / wave / "survey.csv"
    frame = pd.read_csv(survey, dtype=str, keep_default_na=False)
    frame.loc[frame.index[keep_rows:], columns] = ""
    frame.to_csv(survey, index=False)


def test_comments_never_come_from_groups_below_the_minimum_size(demo_copy):
    _settings(demo_copy, min_comment_group_size=5)  # as low as allowed: k
    analysis = analyse(demo_copy)
    teams = analysis.comments[analysis.comments["demographic"] == "team"]
    assert "Legal" not in set(teams["segment"])


def test_whole_organization_row_is_hidden_when_few_answered_a_dimension(demo_copy):
    _blank(demo_copy, "2025-11", ["ENPS"], keep_rows=3)
    analysis = analyse(demo_copy)
    rows = analysis.summary
    enps = rows[(rows["wave"] == "2025-11") & (rows["segment"] == ALL)]
    enps = enps[enps["dimension"] == "enps"]
    assert bool(enps["suppressed"].iloc[0]) and pd.isna(enps["mean"].iloc[0])
    assert "2025-11" not in analysis.enps()


def test_profiles_count_only_people_who_answered_the_ocai(demo_copy):
    ocai = [c for c in pd.read_csv(
        demo_copy / "inputs" / "surveys" / "2025-11" / "survey.csv", nrows=1
    ).columns if c.startswith("OCAI_")]  # fmt: skip
    _blank(demo_copy, "2025-11", ocai, keep_rows=3)
    profiles = analyse(demo_copy).profiles
    first = profiles[profiles["wave"] == "2025-11"]
    assert first["suppressed"].all() and first["now"].isna().all()


def test_no_demographics_still_gives_an_app(demo_copy):
    from workbench.culture import views as culture_views

    _settings(demo_copy, demographics="[]")
    analysis = analyse(demo_copy)
    assert set(analysis.summary["segment"]) == {ALL}
    explorer = culture_views.culture_explorer(analysis)
    assert "wb-heat" in explorer.static_html()


def test_enps_is_computed_from_the_answers_not_rounded_percentages(demo):
    from workbench.culture import scoring as culture

    for wave, score in demo.enps().items():
        assert score == culture.enps(demo.responses[wave].items["ENPS"])


# ------------------------------------------------------------------------ waves that are no data


def test_previews_are_not_counted_and_a_warning_names_their_rows(tmp_path):
    from workbench.commands.check import culture_problems
    from workbench.core.engagement import Engagement

    from . import survey_exports as se

    root = se.engagement(tmp_path / "e", {"2026-05": "shipped"})
    wave = root / "inputs" / "surveys" / "2026-05"
    (wave / "survey.csv").unlink()
    se.qualtrics(wave / "survey.csv", se.answers(), extra_rows=[
        {"Status": "Survey Preview", "DistributionChannel": "preview", "Q3": "0"},
        {"DistributionChannel": "test", "Q3": "0"},
    ])  # fmt: skip
    codes = "\n".join(f'"{code}" = "{item}"' for item, code in se.QUALTRICS_CODES.items())
    with open(root / "engagement.toml", "a", encoding="utf-8") as toml:
        toml.write(f"\n[culture.columns]\n{codes}\n")
    problems, analysis = culture_problems(Engagement.load(root))
    (warning,) = [p for p in problems if "not counted" in p.message]
    assert warning.severity == "warning" and warning.file == "inputs/surveys/2026-05/survey.csv"
    assert "2 response(s)" in warning.message and "rows 14 and 15" in warning.message
    assert "Fix:" in str(warning)
    answers = analysis.responses["2026-05"].items["ENPS"]
    assert len(answers) == se.PEOPLE and answers.tolist() == se.answers()["ENPS"]


def test_a_wave_where_nobody_answered_is_an_error_not_a_comparison(tmp_path):
    from . import survey_exports as se

    root = se.engagement(tmp_path / "e", {"2025-11": "shipped", "2026-05": "shipped"})
    survey = root / "inputs" / "surveys" / "2026-05" / "survey.csv"
    frame = pd.read_csv(survey, dtype=str, keep_default_na=False)
    frame[se.ITEMS] = ""
    frame.to_csv(survey, index=False)
    with pytest.raises(InputError) as caught:
        analyse(root)
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.file == "inputs/surveys/2026-05/survey.csv"
    assert "Nobody answered any question in wave 2026-05" in problem.message
    assert "Fix:" in str(problem)


def test_a_wave_of_previews_only_has_no_responses(tmp_path):
    from . import survey_exports as se

    root = se.engagement(tmp_path / "e", {"2026-05": "shipped"})
    wave = root / "inputs" / "surveys" / "2026-05"
    (wave / "survey.csv").unlink()
    se.qualtrics(wave / "survey.csv", se.answers(), [{"Status": "Survey Preview"}], people=0)
    with pytest.raises(InputError) as caught:
        analyse(root)
    messages = [p.message for p in caught.value.problems if p.severity == "error"]
    assert any("once the previews and tests are left out" in m for m in messages)
