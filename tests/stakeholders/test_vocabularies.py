"""An engagement's own kinds ([vocabularies] in engagement.toml) in validation and advice.

The case is the classic one: Padgett's marriage network of Florentine families, whose ties
are "married to" and whose stakeholders are families, not customers or suppliers.
"""

from __future__ import annotations

import csv
import inspect
from pathlib import Path

import pytest

from workbench.core.engagement import Engagement
from workbench.core.tables import read_table
from workbench.core.vocabularies import DEFAULT
from workbench.design import recommend
from workbench.stakeholders import register, validation
from workbench.stakeholders.analysis import classify_grid
from workbench.stakeholders.schemas import TABLES

FAMILIES = (
    "Acciaiuoli", "Albizzi", "Barbadori", "Bischeri", "Castellani", "Ginori", "Guadagni",
    "Lamberteschi", "Medici", "Pazzi", "Peruzzi", "Ridolfi", "Salviati", "Strozzi", "Tornabuoni",
)  # fmt: skip
MARRIAGES = [
    ("Acciaiuoli", "Medici"), ("Albizzi", "Ginori"), ("Albizzi", "Guadagni"),
    ("Albizzi", "Medici"), ("Barbadori", "Castellani"), ("Barbadori", "Medici"),
    ("Bischeri", "Guadagni"), ("Bischeri", "Peruzzi"), ("Bischeri", "Strozzi"),
    ("Castellani", "Peruzzi"), ("Castellani", "Strozzi"), ("Guadagni", "Lamberteschi"),
    ("Guadagni", "Tornabuoni"), ("Medici", "Ridolfi"), ("Medici", "Salviati"),
    ("Medici", "Tornabuoni"), ("Pazzi", "Salviati"), ("Peruzzi", "Strozzi"),
    ("Ridolfi", "Strozzi"), ("Ridolfi", "Tornabuoni"),
]  # fmt: skip
SETTINGS = """[engagement]
client = "Florence"

[vocabularies]
relationship_kinds = ["Married to"]

[vocabularies.stakeholder_kinds]
family = "non-service"
"""


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def florence(tmp_path: Path) -> Engagement:
    root = tmp_path / "florence"
    (root / "inputs").mkdir(parents=True)
    (root / "engagement.toml").write_text(SETTINGS, encoding="utf-8")
    ids = {name: f"F{i:02d}" for i, name in enumerate(FAMILIES, start=1)}
    people = [TABLES["stakeholders"].column_names] + [
        [ids[n], n, "Families", "Family", "false", "5", "4", "1", "true", "true", "false", "",
         "ad hoc"]
        for n in FAMILIES
    ]  # fmt: skip
    ties = [["source", "target", "kind", "strength", "sentiment"]] + [
        [ids[a], ids[b], "married to", "4", "1"] for a, b in MARRIAGES
    ]
    write_csv(root / "inputs" / "stakeholders.csv", people)
    write_csv(root / "inputs" / "relationships.csv", ties)
    return Engagement.load(root)


def validated(eng: Engagement, words=None) -> tuple[dict, list]:
    tables, problems = {}, []
    for table in ("stakeholders", "relationships"):
        raw = read_table(eng.inputs / f"{table}.csv", label=f"inputs/{table}.csv")
        tables[table], found = validation.validate(
            table, raw, f"inputs/{table}.csv", words or eng.vocabularies
        )
        problems += found
    return tables, problems


def test_the_marriage_network_checks_clean_with_its_own_kinds(florence):
    tables, problems = validated(florence)
    assert problems == []
    assert set(tables["relationships"]["kind"]) == {"married to"}
    assert set(tables["stakeholders"]["kind"]) == {"family"}


def test_without_the_setting_each_unknown_kind_says_how_to_add_it(florence):
    _, problems = validated(florence, DEFAULT)
    tie = next(p for p in problems if p.file == "inputs/relationships.csv")
    assert (tie.row, tie.column) == (2, "kind")
    assert "'married to' is not an allowed kind" in tie.message
    assert "add it to [vocabularies] relationship_kinds in engagement.toml" in str(tie)
    person = next(p for p in problems if p.file == "inputs/stakeholders.csv")
    assert (person.row, person.column) == (2, "kind")
    assert "[vocabularies] stakeholder_kinds" in person.fix
    assert '"service" or "non-service"' in person.fix and '"family" = "non-service"' in person.fix
    assert len(problems) == len(FAMILIES) + len(MARRIAGES)


def test_a_family_network_is_never_recommended_a_partnership(florence):
    tables, _ = validated(florence)
    summary = classify_grid(tables["stakeholders"])
    evidence = recommend.group_evidence(
        summary, ["Families"], assessments={"Families": ("bespoke", "complex")}
    )
    advice = recommend.recommend(evidence, florence.vocabularies).iloc[0]
    assert advice["recommended_type"] == "cooperative"
    assert any("non-service" in reason for reason in advice["reasons"])
    # The same evidence with "family" counted as a service kind would be a partnership.
    assert recommend.recommend(evidence)["recommended_type"].iloc[0] == "partnership"


@pytest.mark.skipif(
    "vocabularies" not in inspect.signature(register.load_tables).parameters,
    reason="register.load_tables does not take the engagement's vocabularies yet",
)
def test_the_register_loads_the_marriage_network_with_the_engagements_kinds(florence):
    tables, problems = register.load_tables(
        florence.inputs, florence.input_format, vocabularies=florence.vocabularies
    )
    assert problems == [] and len(tables["relationships"]) == len(MARRIAGES)
