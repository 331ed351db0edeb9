"""The colourings of the stakeholder network map: attitude, community, group or a column.

:func:`_colorings` gives the colourings the map's page can switch between, with the colour
columns of the nodes frame; categories (communities, groups) take :data:`PALETTE`.
"""

from __future__ import annotations

import re

import pandas as pd

from workbench.present import palette
from workbench.present.network_chart import Coloring

__all__ = ["NOT_RATED", "PALETTE"]

# Categories (communities, groups) take the shared category colours: no red and no green,
# so a community is never read as a judgement.
PALETTE = list(palette.CATEGORY)
NOT_RATED = palette.MUTED
_COLORING_TITLES = {"attitude": "Attitude", "community": "Community", "group": "Group"}


def _palette(categories: list) -> dict:
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(categories))}


def _colorings(base: pd.DataFrame, color_by: str) -> tuple[list[Coloring], pd.DataFrame]:
    """The colourings available for these stakeholders, ``color_by`` first, and their columns."""
    columns: dict[str, pd.Series] = {}
    found: dict[str, tuple[Coloring, pd.Series]] = {}
    if "attitude_band" in base.columns:
        band = base["attitude_band"].where(base["attitude_band"].notna(), None)
        colour = band.map(lambda b: palette.ATTITUDE.get(str(b), NOT_RATED))
        legend = list(palette.ATTITUDE.items())
        if (colour == NOT_RATED).any():
            legend.append(("not rated", NOT_RATED))
        text = band.map(lambda b: str(b) if b in palette.ATTITUDE else "not rated")
        found["attitude"] = (Coloring("Attitude", "color_attitude", tuple(legend)), text)
        columns["color_attitude"] = colour
    keys = ["community", "group"]
    if color_by not in {"attitude", *keys}:
        keys.append(color_by)
    for key in keys:
        source = "stakeholder_group" if key == "group" else key
        if source not in base.columns:
            continue
        values = base[source]
        shades = _palette(values.dropna().unique().tolist())
        prefix = "" if key == "group" else f"{_COLORING_TITLES.get(key, key.capitalize())} "
        text = prefix + values.astype(str)
        legend = sorted(
            {(prefix + str(v), shades[v]) for v in values.dropna().unique()},
            key=lambda pair: _natural_key(pair[0]),
        )
        title = _COLORING_TITLES.get(key, key.replace("_", " ").capitalize())
        found[key] = (Coloring(title, f"color_{key}", tuple(legend)), text)
        columns[f"color_{key}"] = values.map(shades).fillna(NOT_RATED)
    order = [color_by, *(k for k in ["attitude", "community", "group"] if k != color_by)]
    chosen = [found[k] for k in order if k in found]
    frame = pd.DataFrame(columns, index=base.index)
    frame["color"] = frame[chosen[0][0].column]
    frame["group"] = chosen[0][1]
    return [c for c, _ in chosen], frame


def _natural_key(text: str) -> tuple:
    # "Community 2" before "Community 10".
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text))
