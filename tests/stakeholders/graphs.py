"""Small registers and relationship tables for the network tests."""

from __future__ import annotations

import pandas as pd


def make_people(ids_groups: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": list(ids_groups),
            "name": [f"Name {i}" for i in ids_groups],
            "group": list(ids_groups.values()),
        }
    )


def make_links(pairs: list[tuple[str, str]], strength: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": [a for a, _ in pairs],
            "target": [b for _, b in pairs],
            "kind": ["works with"] * len(pairs),
            "strength": [strength] * len(pairs),
            "sentiment": [1] * len(pairs),
        }
    )
