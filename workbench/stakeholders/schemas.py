"""Table schemas: the columns, types and allowed values of every input table.

One description per column (:data:`TABLES`) drives three things: the pandera schemas
that :mod:`~workbench.stakeholders.validation` validates with (:data:`SCHEMAS`), the fix
texts in validation problems, and the readme sheet of the input template.
Change a rule here and all three follow.

The schemas expect text as read from a file (every cell a string, blanks as ``""``):
parsers turn blanks into missing values and normalise choices and yes/no answers before
pandera coerces and checks. :func:`~workbench.stakeholders.validation.validate` wraps
them and turns every failure into a :class:`~workbench.core.errors.Problem`.

Examples
--------
>>> TABLES["stakeholders"].column("influence").allowed
'a whole number from 1 to 5'
>>> "ad hoc" in CADENCES
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from workbench.core.vocabularies import DEFAULT, RELATIONSHIP_KINDS, STAKEHOLDER_KINDS, Vocabularies
from workbench.stakeholders.cell_parsers import FALSE_WORDS as FALSE_WORDS
from workbench.stakeholders.cell_parsers import TRUE_WORDS as TRUE_WORDS
from workbench.stakeholders.cell_parsers import choice_parser, parse_bool, whole_number_text
from workbench.stakeholders.cell_parsers import normalise_choice as normalise_choice

CADENCES: tuple[str, ...] = ("weekly", "monthly", "quarterly", "annually", "ad hoc")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an input table, described for people and for pandera.

    ``dtype`` is ``"str"``, ``"int"`` or ``"bool"``. ``choices`` lists the allowed values
    of a text column; ``low``/``high`` bound a whole-number column. ``blank_ok`` marks the
    columns that may be left empty; ``unique`` the id column. ``vocabulary`` names the
    :class:`~workbench.core.vocabularies.Vocabularies` field an engagement extends the
    choices with (``"stakeholder_kinds"``, ``"relationship_kinds"``), if any.
    """

    name: str
    dtype: str
    description: str
    example: str
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    blank_ok: bool = False
    unique: bool = False
    vocabulary: str | None = None

    @property
    def allowed(self) -> str:
        """The allowed values in plain words, e.g. ``'a whole number from 1 to 5'``."""
        if self.choices:
            return "one of: " + ", ".join(self.choices)
        if self.dtype == "int":
            return f"a whole number from {self.low} to {self.high}"
        if self.dtype == "bool":
            return "true or false (yes/no and 1/0 also work)"
        text = "any text"
        if self.unique:
            text += ", unique in the table"
        return text + ("; may be left blank" if self.blank_ok else "")

    @property
    def fix(self) -> str:
        """What to write in a cell that breaks this column's rule."""
        return f"Use {self.allowed}."


@dataclass(frozen=True)
class TableSpec:
    """One input table: what it holds, whether it is required, and its columns."""

    name: str
    description: str
    required: bool
    columns: tuple[ColumnSpec, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise KeyError(f"table '{self.name}' has no column '{name}'")


def _rating(name: str, what: str, example: str) -> ColumnSpec:
    return ColumnSpec(name, "int", what, example, low=1, high=5)


def _attitude(example: str) -> ColumnSpec:
    return ColumnSpec(
        "attitude",
        "int",
        "Support for us: -2 blocker, -1 critic, 0 neutral, 1 supporter, 2 champion.",
        example,
        low=-2,
        high=2,
    )


def _flag(name: str, what: str, example: str) -> ColumnSpec:
    return ColumnSpec(name, "bool", what, example)


TABLES: dict[str, TableSpec] = {
    "stakeholders": TableSpec(
        "stakeholders",
        "The stakeholder register: one row per person, team or organisation we relate to.",
        True,
        (
            ColumnSpec(
                "id",
                "str",
                "Short code for the stakeholder, used by the other tables.",
                "S1",
                unique=True,
            ),
            ColumnSpec(
                "name", "str", "Name of the person, team or organisation.", "Contoso Retail"
            ),
            ColumnSpec(
                "group",
                "str",
                "Stakeholder group that shares a relationship model.",
                "Key customers",
            ),
            ColumnSpec(
                "kind",
                "str",
                "What kind of stakeholder this is.",
                "customer",
                choices=STAKEHOLDER_KINDS,
                vocabulary="stakeholder_kinds",
            ),
            _flag(
                "internal", "true if part of our own organisation, false if outside it.", "false"
            ),
            _rating(
                "influence",
                "How much they can affect our outcomes (1 very low .. 5 very high).",
                "4",
            ),
            _rating(
                "interest", "How much they care about what we do (1 very low .. 5 very high).", "5"
            ),
            _attitude("1"),
            _flag("power", "Salience: can they impose their will on us?", "true"),
            _flag("legitimacy", "Salience: is their claim on us recognised as proper?", "true"),
            _flag("urgency", "Salience: does their claim need attention now?", "false"),
            ColumnSpec(
                "owner", "str", "Who on our side owns the relationship.", "Dana Lee", blank_ok=True
            ),
            ColumnSpec(
                "cadence",
                "str",
                "How often the owner should be in touch.",
                "monthly",
                choices=CADENCES,
            ),
        ),
    ),
    "relationships": TableSpec(
        "relationships",
        "Ties between stakeholders: one row per relationship, from source to target.",
        True,
        (
            ColumnSpec(
                "source", "str", "id of the stakeholder the relationship starts from.", "S1"
            ),
            ColumnSpec("target", "str", "id of the stakeholder it points to.", "S2"),
            ColumnSpec(
                "kind",
                "str",
                "What the relationship is.",
                "works with",
                choices=RELATIONSHIP_KINDS,
                vocabulary="relationship_kinds",
            ),
            _rating("strength", "How strong the tie is (1 weak .. 5 very strong).", "3"),
            ColumnSpec(
                "sentiment",
                "int",
                "How the tie feels: -2 hostile .. 0 neutral .. 2 warm.",
                "1",
                low=-2,
                high=2,
            ),
        ),
    ),
    "ratings": TableSpec(
        "ratings",
        "Optional: individual ratings from several people, to see where they disagree.",
        False,
        (
            ColumnSpec("rater", "str", "Who gave the rating (a name or a code).", "R1"),
            ColumnSpec("stakeholder", "str", "id of the stakeholder being rated.", "S1"),
            _rating("influence", "Rated influence (1 very low .. 5 very high).", "4"),
            _rating("interest", "Rated interest (1 very low .. 5 very high).", "4"),
            _attitude("0"),
        ),
    ),
}


def _blank_to_na(series: pd.Series) -> pd.Series:
    # Blank cells become missing so pandera's not-nullable check reports them.
    text = series.astype("str")
    return series.mask(series.isna() | (text.str.strip() == ""))


def _in_range(low: int, high: int):
    def check(series: pd.Series) -> pd.Series:
        # Non-numbers pass here: the int coercion reports them once, as a wrong type.
        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.between(low, high) | numbers.isna()

    return check


def _is_bool(series: pd.Series) -> pd.Series:
    return series.map(lambda value: isinstance(value, bool))


def _column_schema(spec: ColumnSpec) -> pa.Column:
    parsers = [] if spec.blank_ok else [pa.Parser(_blank_to_na)]
    checks: list[pa.Check] = []
    dtype: object = "str"
    if spec.choices:
        parsers.append(pa.Parser(choice_parser(spec.choices)))
        checks.append(pa.Check.isin(list(spec.choices), name="allowed_values"))
    if spec.dtype == "int":
        dtype = "int64"
        parsers.append(pa.Parser(lambda s: s.map(whole_number_text)))
        checks.append(pa.Check(_in_range(spec.low, spec.high), name="in_range"))
    elif spec.dtype == "bool":
        # pandas' astype(bool) calls every non-empty string True, so parse first,
        # check, and let the validation module cast once the values are known to be booleans.
        dtype = None
        parsers.append(pa.Parser(lambda s: s.map(parse_bool)))
        checks.append(pa.Check(_is_bool, name="boolean"))
    return pa.Column(
        dtype,
        checks=checks,
        parsers=parsers,
        nullable=spec.blank_ok,
        unique=spec.unique,
        coerce=dtype is not None,
        required=True,
        description=spec.description,
    )


def build_schema(table: TableSpec) -> pa.DataFrameSchema:
    """The pandera schema for one table; extra columns are allowed and left alone.

    >>> schema = build_schema(TABLES["ratings"])
    >>> sorted(schema.columns)[:2]
    ['attitude', 'influence']
    """
    return pa.DataFrameSchema(
        {spec.name: _column_schema(spec) for spec in table.columns},
        strict=False,
        name=table.name,
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {name: build_schema(t) for name, t in TABLES.items()}


@lru_cache(maxsize=16)
def tables_for(vocabularies: Vocabularies = DEFAULT) -> dict[str, TableSpec]:
    """:data:`TABLES` with the kind columns' choices taken from an engagement's vocabularies.

    >>> words = Vocabularies.from_settings({"relationship_kinds": ["married to"]})
    >>> "married to" in tables_for(words)["relationships"].column("kind").choices
    True
    """
    if vocabularies == DEFAULT:
        return TABLES
    return {
        name: replace(
            table,
            columns=tuple(
                replace(c, choices=getattr(vocabularies, c.vocabulary)) if c.vocabulary else c
                for c in table.columns
            ),
        )
        for name, table in TABLES.items()
    }


@lru_cache(maxsize=16)
def schemas_for(vocabularies: Vocabularies = DEFAULT) -> dict[str, pa.DataFrameSchema]:
    """:data:`SCHEMAS` for an engagement's vocabularies (built once per vocabulary)."""
    if vocabularies == DEFAULT:
        return SCHEMAS
    return {name: build_schema(t) for name, t in tables_for(vocabularies).items()}


_PANDAS_DTYPES = {"str": "str", "int": "int64", "bool": "bool"}


def empty_table(table: str) -> pd.DataFrame:
    """A typed table with the right columns and no rows (e.g. when ratings are absent).

    >>> empty_table("ratings").dtypes["influence"]
    dtype('int64')
    """
    spec = TABLES[table]
    return pd.DataFrame(
        {c.name: pd.Series([], dtype=_PANDAS_DTYPES[c.dtype]) for c in spec.columns}
    )


def to_typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Cast validated data to the final dtypes: int64, bool, str; known columns first.

    Extra columns follow in their original order, as text.
    """
    spec = TABLES[table]
    known = spec.column_names
    extra = [c for c in frame.columns if c not in known]
    out = frame[known + extra].copy()
    for column in spec.columns:
        out[column.name] = out[column.name].astype(_PANDAS_DTYPES[column.dtype])
    for column in extra:
        out[column] = out[column].astype("str")
    return out


# The ranges of the three ratings a workshop may change, as the register's columns define them.
RATING_RANGES: dict[str, tuple[int, int]] = {
    name: (TABLES["stakeholders"].column(name).low, TABLES["stakeholders"].column(name).high)
    for name in ("influence", "interest", "attitude")
}
