from __future__ import annotations

import csv
import filecmp
import io
import json
import re
import tomllib

import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.demo import surveys as culture_demo

PLAIN = culture_demo.DEMO_DIR / "inputs" / "surveys" / "2025-11" / "survey.csv"
QUALTRICS = culture_demo.DEMO_DIR / "inputs" / "surveys" / "2026-05" / "survey.csv"
DEMOGRAPHICS = ["team", "role", "location", "tenure"]
TENURE = {"<1 year", "1-3 years", "3-5 years", "5+ years"}


def _spec(name: str) -> dict:
    return tomllib.loads((culture_demo.INSTRUMENT_DIR / f"{name}.toml").read_text("utf-8"))


def _labels() -> dict:
    return tomllib.loads((culture_demo.INSTRUMENT_DIR / "labels.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def waves() -> dict[str, pd.DataFrame]:
    return culture_demo.generate()


@pytest.fixture(scope="module")
def plain() -> pd.DataFrame:
    return pd.read_csv(PLAIN, dtype={"respondent_id": str}, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def qualtrics() -> list[list[str]]:
    return list(csv.reader(io.StringIO(QUALTRICS.read_text(encoding="utf-8-sig"))))


def _qualtrics_numbers(rows: list[list[str]], name: str) -> pd.DataFrame:
    """Minimal parse: the instrument's columns by question text, choice text -> number."""
    spec = _spec(name)
    lookup = {k: v for k, v in _labels()[spec["labels"]].items()}
    frame = pd.DataFrame(rows[3:], columns=rows[0])
    out = {}
    for item in spec["items"]:
        (col,) = [c for c, t in zip(rows[0], rows[1], strict=True) if t.endswith(item["text"])]
        out[item["id"]] = frame[col].str.lower().map(lookup)
    return pd.DataFrame(out).assign(team=frame["team"])


def _dimension_means(items: pd.DataFrame, name: str) -> pd.DataFrame:
    spec = _spec(name)
    low, high = spec["scale_min"], spec["scale_max"]
    scored = {}
    for item in spec["items"]:
        value = items[item["id"]].astype(float)
        scored.setdefault(item["dimension"], []).append(
            low + high - value if item["reverse"] else value
        )
    return pd.DataFrame({d: pd.concat(v, axis=1).mean(axis=1) for d, v in scored.items()})


def test_enough_respondents_with_unique_ids(waves, plain, qualtrics):
    assert [len(w) for w in waves.values()] == [640, 680]
    assert len(plain) == 640 and plain["respondent_id"].is_unique
    ids = [row[qualtrics[0].index("ResponseId")] for row in qualtrics[3:]]
    assert len(ids) == 680 and len(set(ids)) == 680
    assert all(re.fullmatch(r"R_[A-Za-z0-9]{15}", i) for i in ids)


def test_segments_and_one_team_below_the_threshold(waves):
    for wave in waves.values():
        sizes = wave["team"].value_counts()
        assert (sizes >= 5).sum() >= 5
        assert sizes[sizes < 5].to_dict() == {"Legal": 3}
        assert set(wave["role"]) == {"individual contributor", "team lead", "manager"}
        assert 3 <= wave["location"].nunique() <= 4
        assert set(wave["tenure"]) == TENURE


def test_plain_header_is_in_instrument_order(plain):
    ids = [i["id"] for n in culture_demo.INSTRUMENTS for i in _spec(n)["items"]]
    assert list(plain.columns) == ["respondent_id", *DEMOGRAPHICS, *ids, "comments"]
    assert len([c for c in ids if c.startswith("OCAI_")]) == 48
    assert ".0" not in PLAIN.read_text(encoding="utf-8")


def test_ocai_rows_add_up_to_100_in_fives(plain):
    ocai = _spec("ocai")["items"]
    values = plain[[i["id"] for i in ocai]]
    assert values.notna().all().all() and (values % 5 == 0).all().all()
    for (_dim, _state), group in pd.DataFrame(ocai).groupby(["dimension", "state"]):
        assert (plain[group["id"]].sum(axis=1) == 100).all()
    means = pd.DataFrame(ocai).assign(mean=values.mean().to_numpy())
    lean = means.groupby(["state", "type"])["mean"].mean()
    assert lean["now", "hierarchy"] > lean["now", "clan"]
    assert lean["preferred", "clan"] > lean["preferred", "hierarchy"]


def test_about_two_percent_of_answers_are_blank(plain):
    likert = [c for c in plain.columns[5:-1] if not c.startswith("OCAI_")]
    assert 0.01 <= plain[likert].isna().to_numpy().mean() <= 0.03
    assert plain[likert].stack().dropna().between(0, 10).all()


def test_dimensions_correlate_plausibly(plain):
    rc = _dimension_means(plain, "relationship_culture")
    ps = _dimension_means(plain, "psych_safety")["psych_safety"]
    assert 0.3 <= rc["communication"].corr(ps) <= 0.7
    assert 0.3 <= rc["communality"].corr(rc["collaboration"]) <= 0.7
    # Before reversal, the toxic behaviours go against the healthy climate.
    assert plain["RC_CRI1"].corr(plain["RC_COM1"]) < -0.1
    assert plain["ENPS"].corr(ps) > 0.4


def test_field_operations_is_the_toxic_hotspot(plain):
    raw = plain.groupby("team")[["RC_CRI1", "RC_CRI2", "RC_DEF1", "RC_DEF2"]].mean().mean(axis=1)
    raw = raw.drop("Legal")
    assert raw.idxmax() == "Field Operations"
    assert raw["Field Operations"] - raw.drop("Field Operations").max() >= 0.5


def test_qualtrics_headers(qualtrics):
    ids, texts, imports = qualtrics[:3]
    assert ids[:3] == ["StartDate", "EndDate", "Status"] and ids[-4:] == DEMOGRAPHICS
    assert json.loads(imports[0]) == {"ImportId": "startDate", "timeZone": "Europe/London"}
    assert all("ImportId" in json.loads(cell) for cell in imports)
    for q, name in enumerate(("relationship_culture", "westrum", "psych_safety"), start=1):
        for k, item in enumerate(_spec(name)["items"], start=1):
            column = ids.index(f"Q{q}_{k}")
            assert texts[column].endswith(" - " + item["text"]), item["id"]
            assert json.loads(imports[column]) == {"ImportId": f"QID{q}_{k}"}
    assert {i["id"] for i in _spec("ocai")["items"]} <= set(ids)
    assert texts[ids.index("Q5")] == _spec("enps")["items"][0]["text"]


def test_qualtrics_answers_are_clean_choice_texts(qualtrics):
    frame = pd.DataFrame(qualtrics[3:], columns=qualtrics[0])
    labels = _labels()
    for q, name in enumerate(("relationship_culture", "westrum", "psych_safety", "enps"), 1):
        allowed = set(labels[_spec(name)["labels"]]) | {""} | {str(n) for n in range(11)}
        columns = [c for c in frame if re.fullmatch(rf"Q{q}(_\d+)?", c)]
        cells = set(frame[columns].stack())
        assert {c.lower() for c in cells} <= allowed, name
        assert all(c == c.strip() and "  " not in c for c in cells)
        if name != "enps":
            texts = {labels[_spec(name)["labels"]][c.lower()]: c for c in cells if c}
            assert all(t[:1].isupper() for t in texts.values())
            assert sorted(texts) == list(
                range(_spec(name)["scale_min"], _spec(name)["scale_max"] + 1)
            )


def test_qualtrics_carries_fake_personal_data(qualtrics):
    frame = pd.DataFrame(qualtrics[3:], columns=qualtrics[0])
    assert frame["RecipientEmail"].str.fullmatch(r"[a-z]+\.[a-z]+\d+@example\.com").all()
    assert frame["IPAddress"].str.fullmatch(r"(192\.0\.2|198\.51\.100)\.\d{1,3}").all()
    assert frame["LocationLatitude"].astype(float).between(50, 57).all()
    assert (frame["RecipientFirstName"] != "").all() and (frame["Finished"] == "True").all()


def test_psych_safety_and_communication_rise_infrastructure_falls(plain, qualtrics):
    before = {n: _dimension_means(plain, n) for n in ("psych_safety", "westrum")}
    numbers = {n: _qualtrics_numbers(qualtrics, n) for n in ("psych_safety", "westrum")}
    after = {n: _dimension_means(numbers[n], n) for n in numbers}
    change = after["psych_safety"]["psych_safety"].mean() - before["psych_safety"].mean()
    assert 0.25 <= change["psych_safety"] <= 0.6
    rc_before = _dimension_means(plain, "relationship_culture")["communication"].mean()
    rc_numbers = _qualtrics_numbers(qualtrics, "relationship_culture")
    rc_after = _dimension_means(rc_numbers, "relationship_culture")["communication"].mean()
    assert rc_after - rc_before >= 0.2
    wes_before = before["westrum"]["westrum"].groupby(plain["team"]).mean()
    wes_after = after["westrum"]["westrum"].groupby(numbers["westrum"]["team"]).mean()
    drop = (wes_after - wes_before).drop("Legal")
    assert drop.idxmin() == "Infrastructure" and drop["Infrastructure"] <= -0.4
    assert drop.drop("Infrastructure").abs().max() < 0.4


def test_comments_for_about_a_quarter(waves):
    comments = [text for pool in culture_demo._catalogue().comments for text in pool]
    for wave in waves.values():
        said = wave["comments"][wave["comments"] != ""]
        assert 0.18 <= len(said) / len(wave) <= 0.32
        assert set(said) <= set(comments) and said.nunique() >= 25
    assert 30 <= len(set(comments)) <= 40


def test_files_are_byte_identical_and_in_sync(tmp_path):
    first = culture_demo.write_surveys(tmp_path / "a")
    second = culture_demo.write_surveys(tmp_path / "b")
    for a, b, shipped in zip(first, second, (PLAIN, QUALTRICS), strict=True):
        assert filecmp.cmp(a, b, shallow=False)
        assert shipped.is_file(), "run python -m workbench.demo.surveys"
        assert filecmp.cmp(a, shipped, shallow=False), f"{shipped} is stale: rerun the generator"
    assert QUALTRICS.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not PLAIN.read_bytes().startswith(b"\xef\xbb\xbf")


def test_other_seed_changes_answers_not_design():
    a, b = culture_demo.generate(1)["2025-11"], culture_demo.generate(2)["2025-11"]
    assert list(a.columns) == list(b.columns)
    assert a["team"].value_counts().equals(b["team"].value_counts())
    assert not a["PS1"].equals(b["PS1"])


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True])
def test_bad_seed_is_refused(seed):
    with pytest.raises(WorkbenchError, match="seed must be a whole number >= 0"):
        culture_demo.generate(seed)


def test_command_line(tmp_path, capsys):
    assert culture_demo.main([str(tmp_path), "--seed", "3"]) == 0
    assert (tmp_path / "inputs" / "surveys" / "2026-05" / "survey.csv").is_file()
    assert "Survey wave written to" in capsys.readouterr().out
    assert culture_demo.main([str(tmp_path), "--seed", "-2"]) == 1
    assert "Fix:" in capsys.readouterr().out


def test_both_waves_parse_with_the_survey_reader(qualtrics):
    surveys = pytest.importorskip("workbench.culture.surveys")
    raw = surveys.parse_survey(qualtrics, "2026-05/survey.csv", keep=tuple(DEMOGRAPHICS))
    assert raw.format == "qualtrics" and raw.respondent == "ResponseId"
    assert len(raw.frame) == 680 and raw.frame.index[0] == 4
    assert len(raw.dropped) == 7 and not any(c.startswith("Recipient") for c in raw.frame)
    assert set(DEMOGRAPHICS) <= set(raw.frame.columns)
    rows = list(csv.reader(io.StringIO(PLAIN.read_text(encoding="utf-8"))))
    plain = surveys.parse_survey(rows, "2025-11/survey.csv", keep=tuple(DEMOGRAPHICS))
    assert plain.format == "plain" and plain.respondent == "respondent_id"
    assert plain.dropped == [] and len(plain.frame) == 640
