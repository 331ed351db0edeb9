"""What the stakeholder-mapping notebook shows: HTML pieces and widget panels.

Views return objects (HTML, DataFrames, widgets); they never save anything: the consultant's
rating editor, which does, is in :mod:`workbench.stakeholders.editor`. Every string that comes
from client data is escaped, so a name that carries HTML is shown as text. The page pieces
every app shares come from :mod:`workbench.present`.
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from workbench.core.labels import ALL
from workbench.present.page import STYLE, SnapshotBox, branded_header
from workbench.present.tables import table_html
from workbench.stakeholders import netmap, whatif
from workbench.stakeholders.analysis import ATTITUDE_BANDS, QUADRANTS, STRATEGY_BY_QUADRANT
from workbench.stakeholders.workshop import StakeholderMapping

ATTITUDE_COLORS = {
    "blocker": "#b03a2e",
    "critic": "#e67e22",
    "neutral": "#95a5a6",
    "supporter": "#52be80",
    "champion": "#1e8449",
}
TABLE_COLUMNS = [
    "name",
    "group",
    "strategy",
    "attitude_band",
    "salience",
    "influence",
    "interest",
    "betweenness",
    "broker",
    "community",
]


# --- selection -----------------------------------------------------------------------------
def filter_stakeholders(
    summary: pd.DataFrame,
    group: str = ALL,
    quadrant: str = ALL,
    attitude_band: str = ALL,
) -> pd.DataFrame:
    """Rows of the stakeholder summary that match the filters (``"All"`` keeps everything).

    Examples
    --------
    >>> df = pd.DataFrame({"group": ["A", "B"], "quadrant": ["crowd"] * 2,
    ...                    "attitude_band": ["neutral"] * 2})
    >>> len(filter_stakeholders(df, group="A"))
    1
    """
    keep = pd.Series(True, index=summary.index)
    for column, value in (
        ("group", group),
        ("quadrant", quadrant),
        ("attitude_band", attitude_band),
    ):
        if value != ALL:
            keep &= summary[column] == value
    return summary[keep]


def ordered_for_display(summary: pd.DataFrame) -> pd.DataFrame:
    """Key players first, then by influence and interest, so the table reads top-down."""
    rank = summary["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)})
    return (
        summary.assign(_rank=rank)
        .sort_values(
            ["_rank", "influence", "interest", "name"], ascending=[True, False, False, True]
        )
        .drop(columns="_rank")
    )


# --- HTML pieces -----------------------------------------------------------------------------
def grid_svg(
    summary: pd.DataFrame,
    influence_threshold: float = 3.5,
    interest_threshold: float = 3.5,
    width: int = 560,
    height: int = 440,
) -> str:
    """Influence x interest grid as inline SVG: quadrants, strategies, a dot per stakeholder.

    Hovering a dot shows the stakeholder's name (an SVG ``<title>``), which works in
    JupyterLab, Voila and exported HTML alike, needs no JavaScript and nothing from a CDN.
    """
    left, top, right, bottom = 48, 16, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(interest: float) -> float:
        return left + (interest - 0.5) / 5 * plot_w

    def py(influence: float) -> float:
        return top + (5.5 - influence) / 5 * plot_h

    xt, yt = px(interest_threshold), py(influence_threshold)
    parts = [
        f'<svg class="wb-grid" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Influence and interest grid" style="font-family:sans-serif;font-size:12px">',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" '
        'fill="#fafbfc" stroke="#99a"/>',
        f'<rect x="{xt:.1f}" y="{top}" width="{left + plot_w - xt:.1f}" height="{yt - top:.1f}" '
        'fill="#fdecea"/>',
        f'<line x1="{xt:.1f}" y1="{top}" x2="{xt:.1f}" y2="{top + plot_h}" stroke="#667" '
        'stroke-dasharray="4 3"/>',
        f'<line x1="{left}" y1="{yt:.1f}" x2="{left + plot_w}" y2="{yt:.1f}" stroke="#667" '
        'stroke-dasharray="4 3"/>',
    ]
    corners = {
        "key players": (left + plot_w - 6, top + 16, "end"),
        "context setters": (left + 6, top + 16, "start"),
        "subjects": (left + plot_w - 6, top + plot_h - 8, "end"),
        "crowd": (left + 6, top + plot_h - 8, "start"),
    }
    for quadrant, (x, y, anchor) in corners.items():
        label = STRATEGY_BY_QUADRANT[quadrant].capitalize()
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="#445" font-weight="bold">'
            f"{escape(label)}</text>"
        )
    for value in range(1, 6):
        parts.append(
            f'<text x="{px(value):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{value}</text>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{py(value) + 4:.1f}" text-anchor="end">{value}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">Interest</text>'
        f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">Influence</text>'
    )
    parts += _grid_dots(summary, px, py)
    parts.append("</svg>")
    return "".join(parts)


def _grid_dots(summary: pd.DataFrame, px, py) -> list[str]:
    # Stakeholders with the same ratings would hide each other: spread them on a small spiral.
    ordered = summary.sort_values("id", kind="stable")
    cell = (
        ordered["influence"].round(1).astype(str) + "|" + ordered["interest"].round(1).astype(str)
    )
    slot = cell.groupby(cell).cumcount()
    dots = []
    for row, k in zip(ordered.itertuples(index=False), slot, strict=True):
        angle, radius = k * 2.4, 7.5 * k**0.5
        x = px(row.interest) + radius * math.cos(angle)
        y = py(row.influence) + radius * math.sin(angle)
        color = ATTITUDE_COLORS.get(row.attitude_band, "#777")
        tip = (
            f"{row.name} ({row.group})\ninfluence {row.influence}, interest {row.interest}, "
            f"{row.attitude_band}\nstrategy: {row.strategy}"
        )
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{color}" stroke="#fff" '
            f'data-id="{escape(str(row.id))}"><title>{escape(tip)}</title></circle>'
        )
    return dots


def attitude_legend() -> str:
    items = "".join(
        f'<span style="margin-right:12px"><span style="display:inline-block;width:10px;height:10px;'
        f'border-radius:5px;background:{color};margin-right:4px"></span>{band}</span>'
        for band, color in ATTITUDE_COLORS.items()
    )
    return f'<div class="wb-note">Colour shows attitude: {items}</div>'


def map_html(workshop: StakeholderMapping, ids: pd.Index | None = None, group: str = ALL) -> str:
    """The network map (sandboxed iframe) for all stakeholders or the selected ids."""
    graph = workshop.graph if ids is None else workshop.graph.subgraph(ids)
    open_group = None if group == ALL else group
    return netmap.network_map(
        graph,
        workshop.centrality,
        workshop.positions,
        open_group=open_group,
        vis_url=workshop.context.vis_url,
    ).data


# --- notebook cells --------------------------------------------------------------------------
def header(workshop: StakeholderMapping) -> HTML:
    """Branded title block with the register's size and any data warnings."""
    baseline = (
        f"compared with the workshop of {escape(workshop.baseline)}"
        if workshop.baseline
        else "no earlier workshop to compare with"
    )
    raters = workshop.ratings["rater"].nunique() if len(workshop.ratings) else 0
    facts = (
        f"{len(workshop.stakeholders)} stakeholders, "
        f"{workshop.graph.number_of_edges()} relationships, {raters} raters; {baseline}."
    )
    return HTML(branded_header(workshop.engagement, "stakeholder map", facts, workshop.problems))


class StakeholderExplorer(SnapshotBox):
    """Filters for group, quadrant and attitude that update the grid, the table and the map."""

    def __init__(self, workshop: StakeholderMapping):
        self._workshop = workshop
        summary = workshop.summary
        self.group = widgets.Dropdown(
            options=[ALL, *sorted(summary["group"].unique())], description="Group"
        )
        self.quadrant = widgets.Dropdown(
            options=[(ALL, ALL), *[(f"{q}: {STRATEGY_BY_QUADRANT[q]}", q) for q in QUADRANTS]],
            description="Quadrant",
        )
        self.attitude = widgets.Dropdown(options=[ALL, *ATTITUDE_BANDS], description="Attitude")
        self.count = widgets.HTML()
        self.grid = widgets.HTML()
        self.table = widgets.HTML()
        self.map = widgets.HTML()
        for control in (self.group, self.quadrant, self.attitude):
            control.observe(self._refresh, names="value")
        super().__init__(
            [
                widgets.HBox([self.group, self.quadrant, self.attitude]),
                self.count,
                self.grid,
                self.map,
                self.table,
            ]
        )
        self.add_class("wb-explorer")
        self._refresh()

    def selection(self) -> pd.DataFrame:
        chosen = filter_stakeholders(
            self._workshop.summary, self.group.value, self.quadrant.value, self.attitude.value
        )
        return ordered_for_display(chosen)

    def _refresh(self, _change: object = None) -> None:
        chosen = self.selection()
        settings = self._workshop.engagement.stakeholder_map
        total = len(self._workshop.summary)
        self.count.value = f'<p class="wb-note">Showing {len(chosen)} of {total} stakeholders.</p>'
        self.grid.value = (
            grid_svg(chosen, settings["influence_threshold"], settings["interest_threshold"])
            + attitude_legend()
        )
        self.table.value = STYLE + table_html(chosen[TABLE_COLUMNS])
        self.map.value = map_html(self._workshop, pd.Index(chosen["id"]), self.group.value)

    def static_html(self) -> str:
        return "".join([self.count.value, self.grid.value, self.map.value, self.table.value])


def stakeholder_explorer(workshop: StakeholderMapping) -> StakeholderExplorer:
    return StakeholderExplorer(workshop)


def consensus_table(workshop: StakeholderMapping) -> pd.DataFrame:
    """Stakeholders the raters disagree on, most disputed first: the workshop's agenda."""
    frame = workshop.consensus
    if frame.empty:
        return frame
    names = workshop.stakeholders.set_index("id")["name"]
    disputed = frame[frame["disputed"]].assign(name=lambda f: f["stakeholder"].map(names))
    spread = disputed[["influence_spread", "interest_spread", "attitude_spread"]].max(axis=1)
    cols = [
        "stakeholder",
        "name",
        *(c for c in frame.columns if c not in ("stakeholder", "disputed")),
    ]
    return (
        disputed.assign(_spread=spread)
        .sort_values(["_spread", "stakeholder"], ascending=[False, True])[cols]
        .reset_index(drop=True)
    )


def salience_table(workshop: StakeholderMapping) -> pd.DataFrame:
    """How many stakeholders sit in each salience class, split by attitude."""
    summary = workshop.summary
    table = pd.crosstab(summary["salience"], summary["attitude_band"])
    return table.reindex(columns=[b for b in ATTITUDE_BANDS if b in table.columns])


def brokers_table(workshop: StakeholderMapping) -> pd.DataFrame:
    """Brokers with what the network loses if each one left."""
    return workshop.what_if


class WhatIfPanel(SnapshotBox):
    """Pick any stakeholder and see what the network loses if they left."""

    def __init__(self, workshop: StakeholderMapping):
        self._graph = workshop.graph
        ranked = workshop.summary.sort_values(["betweenness", "id"], ascending=[False, True])
        self.picker = widgets.Dropdown(
            options=[(f"{r.name} ({r.id})", r.id) for r in ranked.itertuples()],
            description="Remove",
        )
        self.result = widgets.HTML()
        self.picker.observe(self._refresh, names="value")
        super().__init__([self.picker, self.result])
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        outcome = whatif.what_if_remove(self._graph, self.picker.value)
        self.result.value = STYLE + table_html(pd.DataFrame([outcome]))

    def static_html(self) -> str:
        return self.result.value


def what_if_panel(workshop: StakeholderMapping) -> WhatIfPanel:
    """Interactive what-if: the most central stakeholder is selected first."""
    return WhatIfPanel(workshop)


def communities_table(workshop: StakeholderMapping) -> pd.DataFrame:
    """Each community's size, its groups and its most central member."""
    summary = workshop.summary
    rows = []
    for community, members in summary.groupby("community", sort=True):
        top = members.sort_values(["betweenness", "id"], ascending=[False, True]).iloc[0]
        groups = members["group"].value_counts().sort_index()
        rows.append(
            {
                "community": int(community),
                "members": len(members),
                "groups": ", ".join(f"{g} ({n})" for g, n in groups.items()),
                "most central": top["name"],
            }
        )
    return pd.DataFrame(rows)


def changes(workshop: StakeholderMapping) -> HTML:
    """What changed since the baseline workshop, one short table per kind of change."""
    if workshop.baseline is None:
        return HTML('<p class="wb-note">No earlier workshop snapshot: nothing to compare yet.</p>')
    titles = {
        "stakeholders_added": "New stakeholders",
        "stakeholders_removed": "Stakeholders no longer in the register",
        "quadrant_moves": "Moved to another quadrant",
        "attitude_changes": "Attitude changed",
        "relationships_added": "New relationships",
        "relationships_removed": "Relationships that ended",
        "sentiment_changes": "Sentiment changed",
        "centrality_shifts": "Largest shifts in brokerage (betweenness)",
    }
    parts = [
        STYLE,
        f'<p class="wb-note">Compared with the workshop of {escape(workshop.baseline)}.</p>',
    ]
    for key, title in titles.items():
        frame = workshop.diff[key]
        parts.append(f"<h4>{escape(title)} ({len(frame)})</h4>")
        parts.append(table_html(frame, limit=25) if len(frame) else '<p class="wb-note">None.</p>')
    return HTML("".join(parts))


def at_risk_table(workshop: StakeholderMapping) -> pd.DataFrame:
    return workshop.at_risk
