"""What changed since the last workshop: one short table per kind of change.

:func:`change_frames` turns the analysis's differences into frames a client can read (names,
not ids; attitudes as bands); :func:`changes` is the section.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from workbench.present.page import empty_state, note, section
from workbench.stakeholders import wording
from workbench.stakeholders.view_common import (
    app_html,
    attitude_bands,
    client_table,
    long_date,
    names_by_id,
)
from workbench.stakeholders.workshop import StakeholderMapping

CHANGE_TITLES = {
    "stakeholders_added": "New stakeholders",
    "stakeholders_removed": "No longer in the register",
    "quadrant_moves": "Moved to another quadrant",
    "attitude_changes": "Attitude changed",
    "relationships_added": "New relationships",
    "relationships_removed": "Relationships that ended",
    "sentiment_changes": "Sentiment changed",
    "centrality_shifts": "Largest shifts in brokerage",
}


def _feeling(value: object) -> str:
    try:
        return wording.SENTIMENT_WORDS[int(value)]
    except (KeyError, TypeError, ValueError):
        return "" if pd.isna(value) else str(value)


def change_frames(workshop: StakeholderMapping) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    """Each kind of change as a frame a client can read, with the columns to show.

    Relationships read "Ann Lee → Bo Chen", attitudes as their bands, brokerage shifts in
    percentage points; ids are never among the columns.

    Examples
    --------
    >>> from workbench.stakeholders import workshop as mapping
    >>> frame, columns = change_frames(mapping.analyse("demo"))["relationships_added"]
    >>> columns, "→" in frame["relationship"].iloc[0]
    (['relationship', 'kind'], True)
    """
    names = names_by_id(workshop)
    absent = "someone no longer in the register"
    out = {}
    for key, frame in workshop.diff.items():
        if key in ("relationships_added", "relationships_removed", "sentiment_changes"):
            frame = frame.assign(
                relationship=frame["source"].astype(str).map(names).fillna(absent)
                + " → "
                + frame["target"].astype(str).map(names).fillna(absent)
            )
            columns = ["relationship", "kind"]
            if key == "sentiment_changes":
                frame = frame.assign(
                    sentiment_before=frame["sentiment_before"].map(_feeling),
                    sentiment_after=frame["sentiment_after"].map(_feeling),
                )
                columns += ["sentiment_before", "sentiment_after"]
        elif key == "attitude_changes":
            frame = frame.assign(
                attitude_before=attitude_bands(frame["attitude_before"]),
                attitude_after=attitude_bands(frame["attitude_after"]),
            )
            columns = ["name", "attitude_before", "attitude_after"]
        elif key == "centrality_shifts":
            frame = frame.assign(shift_points=frame["shift"] * 100)
            columns = ["name", "betweenness_before", "betweenness_after", "shift_points"]
        elif key == "quadrant_moves":
            columns = ["name", "quadrant_before", "quadrant_after", "strategy_after"]
        else:
            columns = ["name", "group"]
        out[key] = (frame, columns)
    return out


# Columns of the change tables that hold words, although the analysis has numbers there.
_WORDED = {"attitude_before", "attitude_after", "sentiment_before", "sentiment_after"}


def changes(workshop: StakeholderMapping) -> HTML:
    """What changed since the last workshop, one short table per kind of change."""
    title = "What changed since the last workshop"
    if workshop.baseline is None:
        return app_html(
            section(
                title,
                empty_state(
                    "The first workshop",
                    "Changes appear from the next one: it is compared with the snapshot "
                    "saved at the end of this workshop.",
                ),
            )
        )
    intro = f"Compared with the workshop of {long_date(workshop.baseline)}."
    parts, unchanged = [], []
    for key, (frame, columns) in change_frames(workshop).items():
        label = CHANGE_TITLES.get(key, key.replace("_", " ").capitalize())
        if frame.empty:
            unchanged.append(label.lower())
            continue
        parts.append(f"<h4>{escape(label)} ({len(frame)})</h4>")
        parts.append(
            client_table(
                frame,
                columns,
                formats={c: "text" for c in columns if c in _WORDED},
                limit=25,
            )
        )
    if unchanged:
        parts.append(note("Nothing to report under: " + "; ".join(unchanged) + "."))
    return app_html(section(title, "".join(parts), intro))
