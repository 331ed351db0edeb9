"""Tests for workbench.stakeholders.schemas: the table contract, metadata and pandera schemas."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.errors import SchemaErrors

from workbench.stakeholders import schemas
from workbench.stakeholders.schemas import (
    CADENCES,
    RELATIONSHIP_KINDS,
    SCHEMAS,
    STAKEHOLDER_KINDS,
    TABLES,
    empty_table,
    normalise_choice,
    parse_bool,
    to_typed,
)


def example_frame(table: str) -> pd.DataFrame:
    """One row made of the metadata's example values, as text like a file would give."""
    return pd.DataFrame([{c.name: c.example for c in TABLES[table].columns}], dtype="str")


def test_vocabularies_match_the_brief():
    assert len(STAKEHOLDER_KINDS) == 19
    assert STAKEHOLDER_KINDS[0] == "internal team"
    assert "industry organization" in STAKEHOLDER_KINDS
    assert "professional community" in STAKEHOLDER_KINDS
    assert RELATIONSHIP_KINDS == (
        "reports to",
        "works with",
        "supplies",
        "buys from",
        "regulates",
        "partners with",
        "influences",
        "informs",
    )
    assert CADENCES == ("weekly", "monthly", "quarterly", "annually", "ad hoc")
    for vocabulary in (STAKEHOLDER_KINDS, RELATIONSHIP_KINDS, CADENCES):
        assert all(v == v.lower().strip() for v in vocabulary)
        assert len(set(vocabulary)) == len(vocabulary)


def test_tables_have_the_contract_columns():
    assert TABLES["stakeholders"].column_names == [
        "id",
        "name",
        "group",
        "kind",
        "internal",
        "influence",
        "interest",
        "attitude",
        "power",
        "legitimacy",
        "urgency",
        "owner",
        "cadence",
    ]
    assert TABLES["relationships"].column_names == [
        "source",
        "target",
        "kind",
        "strength",
        "sentiment",
    ]
    assert TABLES["ratings"].column_names == [
        "rater",
        "stakeholder",
        "influence",
        "interest",
        "attitude",
    ]
    assert TABLES["stakeholders"].required and TABLES["relationships"].required
    assert not TABLES["ratings"].required


def test_every_column_is_documented():
    for table in TABLES.values():
        assert table.description
        for column in table.columns:
            assert column.description.endswith((".", "?")), column.name
            assert column.example, column.name
            assert column.allowed, column.name
            assert column.dtype in ("str", "int", "bool")


def test_allowed_and_fix_texts():
    stakeholders = TABLES["stakeholders"]
    assert stakeholders.column("influence").allowed == "a whole number from 1 to 5"
    assert stakeholders.column("attitude").fix == "Use a whole number from -2 to 2."
    assert stakeholders.column("cadence").fix == (
        "Use one of: weekly, monthly, quarterly, annually, ad hoc."
    )
    assert "true or false" in stakeholders.column("power").allowed
    assert "may be left blank" in stakeholders.column("owner").allowed
    assert "unique" in stakeholders.column("id").allowed
    with pytest.raises(KeyError, match="no column 'colour'"):
        stakeholders.column("colour")


@pytest.mark.parametrize("table", list(TABLES))
def test_metadata_examples_pass_their_own_schema(table):
    validated = SCHEMAS[table].validate(example_frame(table), lazy=True)
    typed = to_typed(validated, table)
    for column in TABLES[table].columns:
        expected = {"int": "int64", "bool": "bool", "str": "str"}[column.dtype]
        assert typed[column.name].dtype == expected, column.name


def test_schema_collects_every_failure_lazily():
    raw = example_frame("relationships")
    raw.loc[0, "kind"] = "likes"
    raw.loc[0, "strength"] = "9"
    raw.loc[0, "sentiment"] = "warm"
    with pytest.raises(SchemaErrors) as caught:
        SCHEMAS["relationships"].validate(raw, lazy=True)
    failed = set(caught.value.failure_cases["column"])
    assert {"kind", "strength", "sentiment"} <= failed


def test_schema_is_pandera_and_allows_extra_columns():
    schema = SCHEMAS["ratings"]
    assert isinstance(schema, pa.DataFrameSchema)
    raw = example_frame("ratings").assign(comment="met in March")
    validated = schema.validate(raw)
    assert to_typed(validated, "ratings").columns[-1] == "comment"


def test_parse_bool_and_normalise_choice():
    assert [parse_bool(v) for v in ("TRUE", "yes", "1", "False", "no", "0")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert parse_bool("maybe") == "maybe"
    assert parse_bool(True) is True
    assert normalise_choice(" Ad-Hoc ") == "ad hoc"
    assert normalise_choice("Industry  Organization") == "industry organization"


def test_empty_table_is_typed():
    frame = empty_table("stakeholders")
    assert frame.empty
    assert frame.columns.tolist() == TABLES["stakeholders"].column_names
    assert frame["influence"].dtype == "int64"
    assert frame["power"].dtype == "bool"
    assert frame["name"].dtype == "str"


def test_to_typed_puts_known_columns_first_and_keeps_input():
    raw = example_frame("ratings")
    raw = raw[["attitude", "rater", "stakeholder", "interest", "influence"]].assign(note="x")
    before = raw.copy()
    typed = to_typed(SCHEMAS["ratings"].validate(raw), "ratings")
    assert typed.columns.tolist() == TABLES["ratings"].column_names + ["note"]
    pd.testing.assert_frame_equal(raw, before)


def test_module_exports():
    for name in ("STAKEHOLDER_KINDS", "RELATIONSHIP_KINDS", "CADENCES", "TABLES", "SCHEMAS"):
        assert hasattr(schemas, name)
