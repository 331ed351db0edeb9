"""The order in which survey groups are listed: numeric bands by their numbers, names A to Z.

Survey exports name groups as text, so a plain sort puts tenure bands in the wrong order
("1-3 years", "3-5 years", "5+ years", "<1 year"). :func:`segment_order` reads the numbers in
a label instead:

- ``"<1 year"``, ``"under 1"``, ``"less than 1"``: everything below the number, so first;
- ``"1-3 years"``, ``"1–3"``, ``"1 to 3"``: a band, by its lower bound, then its upper bound;
- ``"5+ years"``, ``"over 5"``, ``"more than 5"``, ``">5"``: everything from the number on, so
  after every band that starts at or below it;
- ``"30 years"``: a single number, as a band of its own.

Labels without a number (teams, locations) follow the numeric ones, from A to Z ignoring case;
``"(not given)"`` always comes last.

Examples
--------
>>> segment_order(["5+ years", "1-3 years", "<1 year", "3-5 years"])
['<1 year', '1-3 years', '3-5 years', '5+ years']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from workbench.culture.anonymity import NOT_GIVEN

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_BELOW = re.compile(rf"^\s*(?:<|≤|<=|under|less than|below|up to)\s*{_NUMBER}", re.I)
_ABOVE = re.compile(rf"^\s*(?:>|≥|>=|over|more than|above)\s*{_NUMBER}", re.I)
_FROM = re.compile(rf"^\s*{_NUMBER}\s*(?:\+|or more|and over|and more|plus)", re.I)
_BAND = re.compile(rf"^\s*{_NUMBER}\s*(?:-|–|—|to)\s*{_NUMBER}", re.I)
_SINGLE = re.compile(rf"^\s*{_NUMBER}(?!\d)")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _key(label: str) -> tuple:
    """Sort key: numeric labels by (lower bound, upper bound), then names, then not given."""
    if label == NOT_GIVEN:
        return (2, 0.0, 0.0, "")
    if match := _BELOW.match(label):
        return (0, -math.inf, _number(match[1]), label.casefold())
    if match := _BAND.match(label):
        return (0, _number(match[1]), _number(match[2]), label.casefold())
    if match := _FROM.match(label) or _ABOVE.match(label):
        return (0, _number(match[1]), math.inf, label.casefold())
    if match := _SINGLE.match(label):
        return (0, _number(match[1]), _number(match[1]), label.casefold())
    return (1, 0.0, 0.0, label.casefold())


def segment_order(values: Iterable[object]) -> list[str]:
    """The distinct group labels in ``values``, in the order people expect to read them.

    Parameters
    ----------
    values
        Group labels (anything; each is shown as its text). Repeats are dropped.

    Returns
    -------
    list of str
        Numeric bands by lower bound ("<1 year" first, "5+" after the bands below it), then
        the other labels from A to Z ignoring case, then "(not given)".

    Examples
    --------
    >>> segment_order(["10+", "2-5", "under 2", "5-10"])
    ['under 2', '2-5', '5-10', '10+']
    >>> segment_order(["Leeds", "(not given)", "amsterdam", "Leeds"])
    ['amsterdam', 'Leeds', '(not given)']
    """
    labels = list(dict.fromkeys(str(v) for v in values))
    return sorted(labels, key=_key)
