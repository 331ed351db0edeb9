"""Tests for workbench.culture.scrub: a run's surveys keep the numbers, not the people."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from workbench.core.engagement import Engagement
from workbench.core.errors import InputError
from workbench.culture import scrub, workshop
from workbench.culture.surveys import read_survey

from . import survey_exports as se

WAVES = {"2025-05": "qualtrics", "2025-11": "surveymonkey", "2026-02": "msforms",
         "2026-05": "googleforms"}  # fmt: skip


def every_text(folder) -> str:
    """Every byte under ``folder`` as text, workbooks unzipped (their XML is what a tool reads)."""
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        else:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.fixture
def engagement(tmp_path):
    root = se.engagement(tmp_path / "original", WAVES)
    surveys = root / "inputs" / "surveys"
    (surveys / "labels.toml").write_text('[agree7]\n"fully agree" = 7\n', encoding="utf-8")
    (surveys / "README.txt").write_text("Exports as downloaded.\n", encoding="utf-8")
    (surveys / "2026-05" / "~$survey.xlsx").write_bytes(b"Ann Lee")  # an Excel lock file
    block = "\n".join(
        f'"{key}" = "{item}"'
        for key, item in {
            **{code: item for item, code in se.QUALTRICS_CODES.items()},
            **{t: i for i, t in {**se.WESTRUM, **se.SAFETY}.items()},
            se.ENPS_QUESTION: "ENPS", se.TEAM_QUESTION: "team",
        }.items()
    )  # fmt: skip
    toml = root / "engagement.toml"
    toml.write_text(toml.read_text() + "\n[culture.columns]\n" + block + "\n", encoding="utf-8")
    return root


def frozen_copy(root, tmp_path):
    target = tmp_path / "run" / "engagement"
    target.mkdir(parents=True)
    (target / "engagement.toml").write_bytes((root / "engagement.toml").read_bytes())
    eng = Engagement.load(root)
    keep = (*eng.culture["demographics"], *eng.culture["comment_columns"])
    scrub.freeze_surveys(
        root / "inputs" / "surveys", target / "inputs" / "surveys",
        fmt=eng.culture["survey_format"], keep=keep,
    )  # fmt: skip
    return target


def test_the_frozen_surveys_give_the_same_numbers_without_personal_data(engagement, tmp_path):
    frozen = frozen_copy(engagement, tmp_path)
    assert se.EMAILS[0] in every_text(engagement / "inputs")  # the originals have them
    text = every_text(frozen)
    for value in se.PERSONAL:
        assert value not in text, value
    original, copy = workshop.analyse(engagement), workshop.analyse(frozen)
    assert original.waves == copy.waves == list(WAVES)
    pd.testing.assert_frame_equal(original.summary, copy.summary)
    pd.testing.assert_frame_equal(original.comments, copy.comments)
    for wave in WAVES:
        pd.testing.assert_frame_equal(original.responses[wave].items, copy.responses[wave].items)
        assert original.responses[wave].rows.tolist() == copy.responses[wave].rows.tolist()


def test_each_export_keeps_its_format_and_layout(engagement, tmp_path):
    frozen = frozen_copy(engagement, tmp_path) / "inputs" / "surveys"
    source = engagement / "inputs" / "surveys"
    for wave, kind in WAVES.items():
        name = se.WRITERS[kind][0]
        before = read_survey(source / wave / name)
        after = read_survey(frozen / wave / name)
        assert after.format == before.format == kind
        assert after.dropped == [] and before.dropped
        pd.testing.assert_frame_equal(before.frame, after.frame)
        # the same columns (their letters move left where personal columns were)
        assert [(c.key, c.text, c.question) for c in after.columns] == [
            (c.key, c.text, c.question) for c in before.columns
        ]
    assert (frozen / "labels.toml").read_bytes() == (source / "labels.toml").read_bytes()
    assert (frozen / "README.txt").read_text() == "Exports as downloaded.\n"
    assert not (frozen / "2026-05" / "~$survey.xlsx").exists()


def test_a_link_out_of_the_engagement_is_not_followed(engagement, tmp_path):
    outside = tmp_path / "private.csv"
    outside.write_text("secret,data\n1,2\n", encoding="utf-8")
    (engagement / "inputs" / "surveys" / "notes.csv").symlink_to(outside)
    frozen = frozen_copy(engagement, tmp_path)
    assert not (frozen / "inputs" / "surveys" / "notes.csv").exists()


def test_an_unreadable_export_is_not_copied(engagement, tmp_path):
    (engagement / "inputs" / "surveys" / "2026-05" / "survey.csv").write_bytes(b"%PDF-1.7 x")
    with pytest.raises(InputError) as caught:
        frozen_copy(engagement, tmp_path)
    assert caught.value.problems[0].file == "inputs/surveys/2026-05/survey.csv"
    assert not (tmp_path / "run/engagement/inputs/surveys/2026-05/survey.csv").exists()


@pytest.mark.parametrize(
    "name", ["qualtrics.csv", "qualtrics_legacy.csv", "surveymonkey.csv", "googleforms.csv"]
)
def test_the_shared_fixtures_lose_only_their_personal_columns(name, tmp_path):
    from .test_surveys import DATA, PII

    source = DATA / name
    copy = tmp_path / name
    copy.write_bytes(scrub.scrubbed_export(source, f"inputs/surveys/{name}"))
    before, after = read_survey(source), read_survey(copy)
    assert before.dropped and after.dropped == []
    pd.testing.assert_frame_equal(before.frame, after.frame)
    text = copy.read_text(encoding="utf-8-sig")
    assert not [value for value in PII if value in text]
