"""Turn a register cell, as typed, into the value its column's rule checks.

Spreadsheet users write the same answer in many ways: "Yes", "TRUE" and "1"; "Ad-Hoc" and
"ad hoc"; 4 saved by a script as "4.0". These parsers accept the variants a person means
and leave everything else as typed, so the schema's checks in
:mod:`workbench.stakeholders.schemas` can report it with the value the person wrote.

Examples
--------
>>> parse_bool("Yes"), normalise_choice(" Ad-Hoc "), whole_number_text("4.0")
(True, 'ad hoc', '4')
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from workbench.core.vocabularies import normalise

# Spreadsheet users write yes/no answers in many ways; these are the ones we accept.
TRUE_WORDS: tuple[str, ...] = ("true", "yes", "1")
FALSE_WORDS: tuple[str, ...] = ("false", "no", "0")
_BOOL_WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def normalise_choice(value: object) -> object:
    """Lower-case a choice and tidy its spacing, so 'Ad-Hoc' matches 'ad hoc'.

    >>> normalise_choice("  Ad-Hoc ")
    'ad hoc'
    """
    if not isinstance(value, str):
        return value
    return re.sub(r"[\s_-]+", " ", value).strip().lower()


def parse_bool(value: object) -> object:
    """Turn a yes/no answer into ``True``/``False``; leave anything else untouched.

    Unrecognised values stay as they are so the ``boolean`` check can report them.

    >>> parse_bool("Yes"), parse_bool("0"), parse_bool("maybe")
    (True, False, 'maybe')
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _BOOL_WORDS.get(value.strip().lower(), value)
    return value


def choice_parser(choices: tuple[str, ...]) -> Callable[[pd.Series], pd.Series]:
    """Map a cell to its choice: spacing and case never matter, '-' and '_' do not either.

    An engagement's own kinds compare through :func:`~workbench.core.vocabularies.normalise`
    (so "co-worker" stays "co-worker"); the looser :func:`normalise_choice` still lets
    "Works-With" find "works with".
    """
    loose = {normalise_choice(c): c for c in choices}

    def parse(series: pd.Series) -> pd.Series:
        def one(value: object) -> object:
            if not isinstance(value, str):
                return value
            word = normalise(value)
            return word if word in choices else loose.get(normalise_choice(value), word)

        return series.map(one)

    return parse


_WHOLE_WITH_ZEROS = re.compile(r"^([+-]?\d+)\.0+$")


def whole_number_text(value: object) -> object:
    """Drop the ``.0`` a spreadsheet or script adds to whole numbers saved as decimals.

    >>> whole_number_text("4.0"), whole_number_text("4.5"), whole_number_text("S1")
    ('4', '4.5', 'S1')
    """
    if isinstance(value, str) and (found := _WHOLE_WITH_ZEROS.match(value.strip())):
        return found.group(1)
    return value
