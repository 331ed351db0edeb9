"""Tests for workbench.stakeholders.name_matching: the same answer as comparing every pair, fast."""

from __future__ import annotations

import difflib
import random
import re
import time

import pandas as pd

from workbench.stakeholders import validation
from workbench.stakeholders.name_matching import (
    NAME_SIMILARITY,
    first_similar_earlier,
    normalise_name,
)

FIRST = ["Anna", "Ben", "Carla", "David", "Eva", "Farid", "Grace", "Hugo", "Ines", "Jon"]
PARTS = ["ka", "lo", "mi", "ner", "tus", "vel", "dra", "fin", "gor", "hal", "ber", "son"]


def register_names(count: int, seed: int) -> list[str]:
    """People and organisations, with typos, legal forms and numbered twins mixed in."""
    rng = random.Random(seed)
    names = []
    for i in range(count):
        word = "".join(rng.choice(PARTS) for _ in range(3)).title()
        name = f"{rng.choice(FIRST)} {word}" if i % 3 else f"{word} {rng.choice(['Ltd', 'Group'])}"
        roll = rng.random()
        if roll < 0.15 and names:
            name = rng.choice(names)[:-1]  # a typo of an earlier name
        elif roll < 0.25 and names:
            name = rng.choice(names) + " Ltd."
        elif roll < 0.35:
            name += f" {rng.randint(1, 3)}"
        names.append(name)
    return names


def every_pair(keys: list[str]) -> list[int | None]:
    """The reference: difflib against every earlier name with the same numbers."""
    found = []
    for position, key in enumerate(keys):
        numbers = re.findall(r"\d+", key)
        match = None
        for earlier in range(position):
            if re.findall(r"\d+", keys[earlier]) != numbers:
                continue
            if difflib.SequenceMatcher(None, keys[earlier], key, False).ratio() >= NAME_SIMILARITY:
                match = earlier
                break
        found.append(match)
    return found


def test_matches_comparing_every_pair_exactly():
    for seed in range(3):
        keys = list(dict.fromkeys(normalise_name(n) for n in register_names(200, seed)))
        assert first_similar_earlier(keys) == every_pair(keys), seed


def test_similar_names_with_other_numbers_stay_apart():
    assert first_similar_earlier(["region north 1", "region north 2", "region nort 1"]) == [
        None,
        None,
        0,
    ]


def test_near_duplicates_are_reported_against_the_first_row():
    register = pd.DataFrame(
        {"name": ["Acme Holdings", "Beta", "ACME Holding", "Acme Holdings Ltd"]}
    )
    problems = validation.near_duplicate_names(register, "inputs/stakeholders.csv")
    assert [(p.row, p.severity) for p in problems] == [(4, "warning"), (5, "warning")]
    assert all("(row 2)" in p.message and "Fix:" in str(p) for p in problems)


def test_ten_thousand_names_take_seconds_not_minutes():
    # Comparing every pair took 26 s at 10,000 names; blocking and rapidfuzz take about 1 s.
    names = register_names(10_000, seed=7)
    names[17] = "Zyxwvut Qponmlk Foundation"
    names[9_999] = "Zyxwvut Qponmlk Foundation."  # a planted duplicate at the very end
    start = time.perf_counter()
    problems = validation.near_duplicate_names(pd.DataFrame({"name": names}), "x.csv")
    assert time.perf_counter() - start < 12
    assert any(p.row == 10_001 and "(row 19)" in p.message for p in problems)
