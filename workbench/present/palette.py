"""The colours every view uses, so a colour means the same thing in every app and deliverable.

Three kinds of scale, never mixed up:

- **judgement** (bad to good): red means a problem, green means healthy. Attitude bands,
  culture scores, favourability and significant change all use it.
- **position** (neither end is better): the practice's scales such as exchange to communal,
  where each end suits some relationships. Two calm hues, no red, no green.
- **category** (no order): communities and other groupings. No red and no green, so a
  category is never read as a judgement.

Examples
--------
>>> ATTITUDE["blocker"] == JUDGEMENT_LOW
True
>>> score_color(100) == JUDGEMENT_HIGH
True
"""

from __future__ import annotations

# Judgement: the grid's attitude colours are the anchor of the scale.
JUDGEMENT_LOW = "#b03a2e"
JUDGEMENT_MID = "#f2f2f2"
JUDGEMENT_HIGH = "#1e8449"
ATTITUDE = {
    "blocker": JUDGEMENT_LOW,
    "critic": "#e08a3c",
    "neutral": "#9aa5ad",
    "supporter": "#58b36f",
    "champion": JUDGEMENT_HIGH,
}
FAVOURABILITY = {
    "unfavourable": "#d27a6c",
    "neutral": "#c9cfd4",
    "favourable": "#4f9d69",
}

# Position: where something sits between two legitimate ends.
POSITION_LOW = "#6a5fa8"
POSITION_HIGH = "#2a8c8c"

# Category: communities and groups. Deliberately free of red and green.
CATEGORY = [
    "#4e79a7",
    "#b07aa1",
    "#9c755f",
    "#76b7b2",
    "#edc948",
    "#8c6bb1",
    "#17becf",
    "#bab0ac",
    "#1f4e79",
    "#d4a6c8",
]

INK = "#1d2430"  # body text
PAPER = "#ffffff"  # the page behind everything
HEADER_FILL = "#f2f4f7"  # table headers
SUPPRESSED_FILL = "#eceff3"  # a cell hidden to protect anonymity
LINE = "#b8c0c8"  # axes, rules and the map's relationships
EARLIER = "#9aa5ad"  # the earlier of two waves; the later one is ACCENT
ACCENT = "#1f4e79"  # the workbench's own blue: the later wave, "preferred", chart bars
MUTED = "#5b6573"  # notes and axis labels
DIMMED = "#d5d9de"  # what a filter sets aside without removing it
HIGHLIGHT = "#f2a900"  # the one thing a view points at (selected node, removed broker)


def category_color(index: int) -> str:
    """The colour of the ``index``-th category (cycling through :data:`CATEGORY`).

    Examples
    --------
    >>> category_color(0) == category_color(len(CATEGORY))
    True
    """
    return CATEGORY[index % len(CATEGORY)]


def mix(a: str, b: str, share: float) -> str:
    """The colour ``share`` of the way from ``a`` to ``b`` (two ``#rrggbb`` colours).

    Examples
    --------
    >>> mix("#000000", "#ffffff", 0.5), mix("#1e8449", "#000000", 0.0)
    ('#808080', '#1e8449')
    """
    rgb_a = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    rgb_b = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(x + (y - x) * share) for x, y in zip(rgb_a, rgb_b, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def score_color(score: float) -> str:
    """A 0-100 score (higher is healthier) on the judgement scale: red, pale, green.

    Examples
    --------
    >>> score_color(0), score_color(50)
    ('#b03a2e', '#f2f2f2')
    """
    t = max(0.0, min(1.0, float(score) / 100))
    if t < 0.5:
        return mix(JUDGEMENT_LOW, JUDGEMENT_MID, t * 2)
    return mix(JUDGEMENT_MID, JUDGEMENT_HIGH, (t - 0.5) * 2)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``.

    Examples
    --------
    >>> text_on("#1e8449"), text_on("#f2f2f2")
    ('#ffffff', '#1d2430')
    """
    r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 150 else INK
