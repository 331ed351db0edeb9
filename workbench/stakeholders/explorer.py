"""The stakeholder explorer: the grid, the network map and the table, with filters for all three.

Filters for group, quadrant and attitude choose the stakeholders shown; the grid is drawn by
:mod:`workbench.stakeholders.influence_grid`, the map by :mod:`workbench.stakeholders.netmap`.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from workbench.core.labels import ALL
from workbench.present.page import STYLE, SnapshotBox, note
from workbench.stakeholders import netmap
from workbench.stakeholders.analysis import ATTITUDE_BANDS, QUADRANTS, STRATEGY_BY_QUADRANT
from workbench.stakeholders.influence_grid import GRID_LABELS, attitude_legend, grid_svg
from workbench.stakeholders.view_common import APP_STYLE, client_table, community_label
from workbench.stakeholders.workshop import StakeholderMapping

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
    """Key players first, then by influence and interest, so the table reads top-down.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["A", "B"], "quadrant": ["crowd", "key players"],
    ...                    "influence": [1, 5], "interest": [1, 5]})
    >>> ordered_for_display(df)["name"].tolist()
    ['B', 'A']
    """
    rank = summary["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)})
    return (
        summary.assign(_rank=rank)
        .sort_values(
            ["_rank", "influence", "interest", "name"], ascending=[True, False, False, True]
        )
        .drop(columns="_rank")
    )


def map_html(workshop: StakeholderMapping, ids: pd.Index | None = None, group: str = ALL) -> str:
    """The network map (sandboxed iframe) of everyone, with the selected ids highlighted.

    The whole network is always drawn: stakeholders outside the selection are dimmed, not
    dropped, so the selection's ties to other groups stay on the map and are counted.
    """
    return netmap.network_map(
        workshop.graph,
        workshop.centrality,
        workshop.positions,
        details=workshop.summary,
        selected=None if ids is None else [str(i) for i in ids],
        open_group=None if group == ALL else group,
        vis_url=workshop.context.vis_url,
    ).data


class StakeholderExplorer(SnapshotBox):
    """Filters for group, quadrant and attitude that update the grid, the table and the map."""

    def __init__(self, workshop: StakeholderMapping):
        self.serving = workshop.context
        self._workshop = workshop
        summary = workshop.summary
        self.group = widgets.Dropdown(
            options=[ALL, *sorted(summary["group"].dropna().unique())], description="Group"
        )
        self.quadrant = widgets.Dropdown(
            options=[
                (ALL, ALL),
                *[(f"{q.capitalize()}: {STRATEGY_BY_QUADRANT[q]}", q) for q in QUADRANTS],
            ],
            description="Quadrant",
        )
        self.attitude = widgets.Dropdown(
            options=[(ALL, ALL), *[(band.capitalize(), band) for band in ATTITUDE_BANDS]],
            description="Attitude",
        )
        self.count = widgets.HTML()
        self.grid = widgets.HTML()
        self.table = widgets.HTML()
        self.map = widgets.HTML()
        for control in (self.group, self.quadrant, self.attitude):
            control.observe(self._refresh, names="value")
        self.filters = widgets.HBox([self.group, self.quadrant, self.attitude])
        self.filters.add_class("wb-filters")
        super().__init__([self.filters, self.count, self.grid, self.map, self.table])
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
        self.count.value = note(f"Showing {len(chosen)} of {total} stakeholders.")
        named = min(GRID_LABELS, len(chosen))
        self.grid.value = (
            STYLE
            + '<div class="wb-grid-box">'
            + grid_svg(chosen, settings["influence_threshold"], settings["interest_threshold"])
            + "</div>"
            + attitude_legend()
            + note(
                f"Dashed lines: high influence and high interest start at "
                f"{settings['influence_threshold']:g} and {settings['interest_threshold']:g}. "
                f"Names are written for up to {named} of the most influential and interested; "
                "tap or point at any dot to see who it is. Everyone shown is in the table below."
            )
        )
        shown = chosen.assign(community=chosen["community"].map(community_label))
        self.table.value = (
            STYLE
            + APP_STYLE
            + client_table(
                shown, TABLE_COLUMNS, formats={"community": "text"}, caption="Stakeholders shown"
            )
        )
        self.map.value = map_html(self._workshop, pd.Index(chosen["id"]), self.group.value)

    def static_html(self) -> str:
        return "".join([self.count.value, self.grid.value, self.map.value, self.table.value])


def stakeholder_explorer(workshop: StakeholderMapping) -> StakeholderExplorer:
    """The grid, the map and the stakeholder table, with filters for all three."""
    return StakeholderExplorer(workshop)
