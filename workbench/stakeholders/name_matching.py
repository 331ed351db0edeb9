"""Find stakeholders whose names look like the same person or organisation, at scale.

Two names match when :func:`normalise_name` makes them equal ("ACME Ltd" and "Acme Ltd.")
or their normalised forms are at least 92% similar by :class:`difflib.SequenceMatcher`.
Comparing every name with every earlier one is quadratic (26 s at 10,000 names), so the
candidates come from rapidfuzz first: its ``fuzz.ratio`` counts the longest common
subsequence, which is never less than what difflib matches, so every pair difflib accepts
scores at least as high there. Only the pairs above the cut-off are confirmed with difflib,
in register order, which keeps the result exactly the earlier one. Names are also compared
only with names of a similar length (a 92% ratio needs it) and the same numbers.

Examples
--------
>>> keys = ["acme", "beta", "acme group", "acme groupe"]
>>> first_similar_earlier(keys)
[None, None, None, 2]
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata

import numpy as np
from rapidfuzz import fuzz, process

NAME_SIMILARITY = 0.92
# Legal-form words that do not tell two organisations apart ("Acme Ltd" = "Acme").
LEGAL_SUFFIXES = frozenset(
    {"ltd", "limited", "inc", "gmbh", "plc", "llc", "co", "corp", "sa", "ag", "bv"}
)
_BLOCK = 512  # names compared at once: a block x candidates matrix of bytes stays small
_CUTOFF = 100 * NAME_SIMILARITY - 1e-6  # rapidfuzz scores in percent; float slack


def normalise_name(name: str) -> str:
    """Reduce a name to what tells stakeholders apart.

    Lower case, accents and punctuation removed, trailing legal forms dropped.

    >>> normalise_name("ACME Ltd."), normalise_name("Acme Co. Ltd"), normalise_name("Société SA")
    ('acme', 'acme', 'societe')
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.sub(r"[^0-9a-z]+", " ", text.replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def first_similar_earlier(keys: list[str]) -> list[int | None]:
    """For each distinct key, the position of the first earlier key at least 92% similar.

    Parameters
    ----------
    keys
        Distinct normalised names, in register order.

    Returns
    -------
    list
        Per key, the position in ``keys`` of the first earlier similar key, or ``None``.
    """
    found: list[int | None] = [None] * len(keys)
    by_numbers: dict[tuple[str, ...], list[int]] = {}
    # Names that differ only in a number ("Region 1", "Region 2") are distinct on
    # purpose, so only names with the same numbers are compared.
    for position, key in enumerate(keys):
        by_numbers.setdefault(tuple(re.findall(r"\d+", key)), []).append(position)
    for positions in by_numbers.values():
        if len(positions) > 1:
            _match_group([keys[p] for p in positions], positions, found)
    return found


def _match_group(group: list[str], positions: list[int], found: list[int | None]) -> None:
    lengths = np.array([len(k) for k in group])
    order = np.argsort(lengths, kind="stable")
    sorted_lengths = lengths[order]
    # 2 * common / (len_a + len_b) >= s needs the shorter name to be at least
    # s / (2 - s) of the longer one.
    shortest = NAME_SIMILARITY / (2 - NAME_SIMILARITY)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for start in range(0, len(group), _BLOCK):
        block = order[start : start + _BLOCK]
        low, high = sorted_lengths[start], sorted_lengths[min(start + _BLOCK, len(group)) - 1]
        first = np.searchsorted(sorted_lengths, math.floor(low * shortest), "left")
        last = np.searchsorted(sorted_lengths, math.ceil(high / shortest), "right")
        choices = order[first:last]
        scores = process.cdist(
            [group[i] for i in block],
            [group[i] for i in choices],
            scorer=fuzz.ratio,
            score_cutoff=_CUTOFF,
            dtype=np.uint8,
            # Threads pay off only for big blocks; small registers stay on one core.
            workers=-1 if len(block) * len(choices) > 1_000_000 else 1,
        )
        for row, column in zip(*np.nonzero(scores), strict=True):
            query, candidate = int(block[row]), int(choices[column])
            if candidate >= query:
                continue  # only earlier names count
            current = found[positions[query]]
            if current is not None and current <= positions[candidate]:
                continue  # an even earlier match is already confirmed
            matcher.set_seqs(group[candidate], group[query])
            if matcher.ratio() >= NAME_SIMILARITY:
                found[positions[query]] = positions[candidate]
