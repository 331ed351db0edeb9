"""Tests for workbench.culture.instruments: shipped instrument files, label sets and validation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workbench.core.errors import InputError
from workbench.core.paths import INSTRUMENTS_DIR
from workbench.culture import instruments
from workbench.culture.instruments import (
    check_label_sets,
    item_table,
    load_instrument,
    load_instruments,
    load_label_sets,
)

SHIPPED = ["relationship_culture", "westrum", "psych_safety", "ocai", "enps"]
GOOD = """id = "tiny"
name = "Tiny"
kind = "likert"
scale_min = 1
scale_max = 5
labels = "agree5"
source = "test"
about = "A two-item test instrument."

[dimensions.trust]
name = "Trust"
about = "About trust."

[[items]]
id = "T1"
text = "I trust my colleagues."
dimension = "trust"
reverse = false

[[items]]
id = "T2"
text = "I doubt my colleagues."
dimension = "trust"
reverse = true
"""


def write(folder: Path, text: str, name: str = "tiny") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


# --------------------------------------------------------------------------- shipped files


def test_every_shipped_instrument_loads_and_ids_follow_the_contract():
    chosen = load_instruments(SHIPPED)
    assert list(chosen) == SHIPPED
    rc = chosen["relationship_culture"]
    assert (rc.kind, rc.scale_min, rc.scale_max, rc.labels) == ("likert", 1, 5, "agree5")
    expected = (
        [f"RC_COM{i}" for i in range(1, 5)] + [f"RC_COL{i}" for i in range(1, 4)]
        + [f"RC_OPN{i}" for i in range(1, 4)] + [f"RC_SAF{i}" for i in range(1, 4)]
        + [f"RC_{b}{i}" for b in ("CRI", "DEF", "CON", "OBS") for i in (1, 2)]
    )  # fmt: skip
    assert rc.item_ids() == expected
    assert list(rc.dimensions) == [
        "communality", "collaboration", "communication", "safety",
        "criticism", "defensiveness", "contempt", "obstruction",
    ]  # fmt: skip
    reversed_ = {i.id for i in rc.items if i.reverse}
    toxic = {i for i in expected if i[3:6] in ("CRI", "DEF", "CON", "OBS")}
    assert reversed_ == toxic | {"RC_COL3"}
    assert chosen["westrum"].item_ids() == [f"WES{i}" for i in range(1, 7)]
    assert (chosen["westrum"].scale_min, chosen["westrum"].scale_max) == (1, 7)
    assert chosen["enps"].item_ids() == ["ENPS"]
    assert (chosen["enps"].kind, chosen["enps"].labels) == ("nps", "likely11")
    for ins in chosen.values():
        assert ins.name and ins.about and ins.source
        assert all(d["name"] and d["about"] for d in ins.dimensions.values())


def test_psych_safety_reverses_ps1_ps3_ps5():
    ps = load_instruments(["psych_safety"])["psych_safety"]
    assert ps.item_ids() == [f"PS{i}" for i in range(1, 8)]
    assert [i.id for i in ps.items if i.reverse] == ["PS1", "PS3", "PS5"]
    assert {i.dimension for i in ps.items} == {"psych_safety"}


def test_ocai_has_48_ipsative_items_without_text():
    ocai = load_instruments(["ocai"])["ocai"]
    assert (ocai.kind, ocai.scale_min, ocai.scale_max, ocai.labels) == ("ipsative", 0, 100, "")
    assert len(ocai.items) == 48
    assert all(i.text == "" for i in ocai.items)
    assert "inputs/instruments/ocai.toml" in ocai.about
    assert list(ocai.types) == ["clan", "adhocracy", "market", "hierarchy"]
    assert len(ocai.dimensions) == 6
    first, last = ocai.items[0], ocai.items[-1]
    assert (first.id, first.dimension, first.type, first.state) == (
        "OCAI_D1_CLAN_NOW", "dominant_characteristics", "clan", "now",
    )  # fmt: skip
    assert last.id == "OCAI_D6_HIERARCHY_PREFERRED"
    assert last.dimension == "criteria_of_success"
    cells = {(i.dimension, i.type, i.state) for i in ocai.items}
    assert len(cells) == 48


def test_item_table_columns_and_order():
    table = item_table(load_instruments(["westrum", "enps"]))
    assert list(table.columns) == instruments.ITEM_COLUMNS
    assert table["item"].tolist() == [f"WES{i}" for i in range(1, 7)] + ["ENPS"]
    assert table["reverse"].dtype == bool
    assert table.loc[6, ["kind", "scale_min", "scale_max"]].tolist() == ["nps", 0.0, 10.0]


def test_shipped_label_sets_match_their_instruments():
    sets = load_label_sets()
    assert sets["agree5"]["neither agree nor disagree"] == 3
    assert sets["agree5"]["neutral"] == 3
    assert sets["agree7"]["somewhat agree"] == 5
    assert sets["agree7"]["strongly agree"] == 7
    assert sets["likely11"]["0 - not at all likely"] == 0
    assert sets["likely11"]["10 - extremely likely"] == 10
    for labels in sets.values():
        assert all(k == " ".join(k.split()).lower() for k in labels)
    assert check_label_sets(load_instruments(SHIPPED), sets) == []


def test_instrument_files_ship_inside_the_package():
    names = {p.name for p in INSTRUMENTS_DIR.glob("*.toml")}
    assert {f"{i}.toml" for i in SHIPPED} | {"labels.toml"} <= names
    pyproject = tomllib.loads((INSTRUMENTS_DIR.parents[2] / "pyproject.toml").read_text())
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["workbench"]
    assert "exclude" not in wheel


# --------------------------------------------------------------------------- overrides


def test_extra_dir_adds_and_overrides_instruments(tmp_path):
    write(tmp_path, GOOD)
    custom_ocai = (
        (INSTRUMENTS_DIR / "ocai.toml")
        .read_text()
        .replace(
            'id = "OCAI_D1_CLAN_NOW"\ntext = ""',
            'id = "OCAI_D1_CLAN_NOW"\ntext = "Licensed wording"',
        )
    )
    write(tmp_path, custom_ocai, "ocai")
    chosen = load_instruments(["tiny", "ocai", "westrum"], extra_dir=tmp_path)
    assert chosen["tiny"].item_ids() == ["T1", "T2"]
    assert chosen["tiny"].file == f"{tmp_path.parent.name}/{tmp_path.name}/tiny.toml"
    assert chosen["ocai"].items[0].text == "Licensed wording"
    assert chosen["westrum"].file == "workbench/culture/library/westrum.toml"


def test_unknown_instrument_lists_known_ids_and_where_to_add_one(tmp_path):
    with pytest.raises(InputError) as exc:
        load_instruments(["westrm", "psych_safety"], extra_dir=tmp_path)
    text = messages(exc)
    assert "unknown instrument 'westrm'" in text
    assert "enps, ocai, psych_safety, relationship_culture, westrum" in text
    assert "Did you mean 'westrum'?" in text
    assert "inputs/instruments/westrm.toml" in text


def test_item_ids_shared_by_two_instruments_are_an_error(tmp_path):
    write(tmp_path, GOOD.replace('"T1"', '"PS1"'))
    with pytest.raises(InputError, match="item id 'PS1' is also used by instrument"):
        load_instruments(["psych_safety", "tiny"], extra_dir=tmp_path)


def test_custom_label_file_adds_labels(tmp_path):
    extra = tmp_path / "labels.toml"
    extra.write_text('[agree5]\n"Tend  to Agree" = 4\n\n[freq5]\nnever = 1\nalways = 5\n')
    sets = load_label_sets(extra)
    assert sets["agree5"]["tend to agree"] == 4
    assert sets["agree5"]["strongly agree"] == 5  # shipped labels stay
    assert sets["freq5"] == {"never": 1.0, "always": 5.0}


def test_custom_label_file_with_text_values_is_an_error(tmp_path):
    extra = tmp_path / "labels.toml"
    extra.write_text('[agree5]\n"tend to agree" = "four"\n')
    with pytest.raises(InputError, match="label 'tend to agree' in \\[agree5\\] has the value"):
        load_label_sets(extra)


def test_check_label_sets_reports_unknown_sets_and_values_off_the_scale(tmp_path):
    write(tmp_path, GOOD.replace('labels = "agree5"', 'labels = "agree9"'))
    write(tmp_path, GOOD.replace('"tiny"', '"wide"').replace('labels = "agree5"',
          'labels = "agree7"').replace("T1", "W1").replace("T2", "W2")
          .replace("trust", "wtrust"), "wide")  # fmt: skip
    chosen = load_instruments(["tiny", "wide"], extra_dir=tmp_path)
    problems = check_label_sets(chosen, load_label_sets())
    assert len(problems) == 2
    assert "unknown label set" in problems[0].message and "agree9" in problems[0].message
    assert problems[0].file.endswith("tiny.toml")
    assert "outside the scale 1-5" in problems[1].message
    assert "'strongly agree' = 7" in problems[1].message


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('id = "tiny"\n', "", "the field 'id' is missing or empty"),
        ('id = "tiny"', 'id = "other"', "id 'other' does not match the file name 'tiny.toml'"),
        ('kind = "likert"', 'kind = "slider"', "unknown kind 'slider'"),
        ("scale_min = 1", "scale_min = 5", "scale_min (5) must be smaller than scale_max (5)"),
        ("scale_max = 5", 'scale_max = "5"', "the field 'scale_max' is missing or not a number"),
        ('id = "T2"', 'id = "T1"', "duplicate item id 'T1' (also items[1])"),
        ('dimension = "trust"\nreverse = true', 'dimension = "trst"\nreverse = true',
         "items[2] (id 'T2'): dimension 'trst' is not declared (declared: trust)"),
        ("reverse = true", 'reverse = "yes"', "'reverse' must be true or false, not 'yes'"),
        ("reverse = true", "revrse = true", "unknown field 'revrse'. Did you mean 'reverse'?"),
        ('text = "I doubt my colleagues."', 'text = ""', "items[2] (id 'T2'): 'text' is missing"),
        ('name = "Trust"', 'title = "Trust"', "[dimensions.trust] has no name"),
        ('about = "About trust."', 'about = "About trust."\n[dimensions.spare]\nname = "Spare"',
         "dimension 'spare' has no items"),
        ("scale_min = 1", "scale_min = 1\nscale_mx = 5", "unknown field 'scale_mx'"),
        ("[[items]]", "[[items]]\nid = 'x'\n[[items]]\nbroken = =", "not valid TOML"),
    ],
)  # fmt: skip
def test_validation_rules_name_the_file_and_the_field(tmp_path, old, new, expected):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError) as exc:
        load_instrument(path, label="inputs/instruments/tiny.toml")
    assert expected in messages(exc)
    assert all(p.file == "inputs/instruments/tiny.toml" for p in exc.value.problems)


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = GOOD.replace('kind = "likert"', 'kind = "slider"').replace(
        "reverse = true", "reverse = 1"
    )
    with pytest.raises(InputError) as exc:
        load_instrument(write(tmp_path, text))
    assert len(exc.value.problems) == 2


IPSATIVE = """id = "cvf"
name = "Mini profile"
kind = "ipsative"
scale_min = 0
scale_max = 100
labels = ""

[dimensions.glue]
name = "Glue"

[[items]]
id = "G_CLAN_NOW"
text = ""
dimension = "glue"
reverse = false
type = "clan"
state = "now"

[[items]]
id = "G_MARKET_NOW"
text = ""
dimension = "glue"
reverse = false
type = "market"
state = "now"
"""


def test_ipsative_items_without_text_are_fine(tmp_path):
    ins = load_instrument(write(tmp_path, IPSATIVE, "cvf"))
    assert [(i.type, i.state) for i in ins.items] == [("clan", "now"), ("market", "now")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('type = "market"\n', "", "an ipsative item needs type = one of clan, adhocracy"),
        ('state = "now"\n', 'state = "later"\n', "needs state = \"now\" or \"preferred\""),
        ('type = "market"', 'type = "clan"', "repeats dimension 'glue', type 'clan', state 'now'"),
        ("scale_max = 100", "scale_max = 10", "ipsative instruments run from 0 to 100"),
        ("reverse = false", "reverse = true", "ipsative items cannot be reverse scored"),
    ],
)  # fmt: skip
def test_ipsative_rules(tmp_path, old, new, expected):
    with pytest.raises(InputError) as exc:
        load_instrument(write(tmp_path, IPSATIVE.replace(old, new, 1), "cvf"))
    assert expected in messages(exc)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_instrument(tmp_path / "nothing.toml")


def test_an_instrument_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_instrument(path, label="inputs/instruments/tiny.toml").items
