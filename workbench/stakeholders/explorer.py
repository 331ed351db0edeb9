"""The stakeholder explorer: the grid, the network map and the table, with filters for all three.

Filters for group, quadrant and attitude choose the stakeholders shown; the grid is drawn by
:mod:`workbench.stakeholders.influence_grid`, the map by :mod:`workbench.stakeholders.netmap`.
"""

from __future__ import annotations

import weakref

import ipywidgets as widgets
import pandas as pd

from workbench.core.labels import ALL
from workbench.present.page import STYLE, SnapshotBox, note
from workbench.present.paging import Pager
from workbench.stakeholders import netmap
from workbench.stakeholders.analysis import ATTITUDE_BANDS, QUADRANTS, STRATEGY_BY_QUADRANT
from workbench.stakeholders.influence_grid import (
    GRID_DOT_LIMIT,
    GRID_LABELS,
    attitude_legend,
    grid_svg,
)
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


def map_html(
    workshop: StakeholderMapping,
    ids: pd.Index | None = None,
    group: str = ALL,
    removed: str | None = None,
    removed_name: str = "",
) -> str:
    """The network map (sandboxed iframe) of everyone, with the selected ids highlighted.

    The whole network is always drawn: stakeholders outside the selection are dimmed, not
    dropped, so the selection's ties to other groups stay on the map and are counted. With
    ``removed``, the what-if's stakeholder is outlined and the ties they take away dashed.
    """
    return netmap.network_map(
        workshop.graph,
        workshop.centrality,
        workshop.positions,
        details=workshop.summary,
        selected=None if ids is None else [str(i) for i in ids],
        removed=removed,
        open_group=None if group == ALL else group,
        title=f"Relationship network without {removed_name}" if removed_name else MAP_TITLE,
        vis_url=workshop.context.vis_url,
    ).data


MAP_TITLE = "Relationship network"


class SharedMap:
    """The app's one network map: the explorer's selection and the what-if's removal on it.

    The explorer and the what-if panel show the same widget, so its data travel to the
    browser once; each panel changes only its own part (:meth:`show`).
    """

    def __init__(self, workshop: StakeholderMapping):
        self.workshop = workshop
        self.widget = widgets.HTML()
        self.ids: pd.Index | None = None
        self.group = ALL
        self.removed: str | None = None
        self.removed_name = ""

    def show(self, **changes) -> None:
        """Redraw with new ``ids``, ``group``, ``removed`` or ``removed_name``."""
        for key, value in changes.items():
            setattr(self, key, value)
        self.widget.value = map_html(
            self.workshop, self.ids, self.group, self.removed, self.removed_name
        )


_SHARED_MAPS: dict[int, SharedMap] = {}


def shared_map(workshop: StakeholderMapping) -> SharedMap:
    """The one :class:`SharedMap` of ``workshop`` (made on first use, dropped with it)."""
    found = _SHARED_MAPS.get(id(workshop))
    if found is None or found.workshop is not workshop:
        found = _SHARED_MAPS[id(workshop)] = SharedMap(workshop)
        weakref.finalize(workshop, _SHARED_MAPS.pop, id(workshop), None)
    return found


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
        self.table = Pager(
            summary.iloc[:0],
            self._table_html,
            search=("name", "group"),
            what="stakeholders",
            search_label="Find by name or group",
            serving=self.serving,
        )
        self.shared = shared_map(workshop)
        self.map = self.shared.widget
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
        self.count.value = note(f"Showing {len(chosen):,} of {total:,} stakeholders.")
        named = min(GRID_LABELS, len(chosen))
        if len(chosen) > GRID_DOT_LIMIT:
            how = (
                "Each bubble counts the stakeholders with that influence and interest; its "
                "slices show their attitudes. Tap or point at a bubble for the numbers; find "
                "anyone by name in the table below."
            )
        else:
            how = (
                f"Names are written for up to {named} of the most influential and interested; "
                "tap or point at any dot to see who it is. Everyone shown is in the table below."
            )
        self.grid.value = (
            STYLE
            + '<div class="wb-grid-box">'
            + grid_svg(chosen, settings["influence_threshold"], settings["interest_threshold"])
            + "</div>"
            + attitude_legend()
            + note(
                f"Dashed lines: high influence and high interest start at "
                f"{settings['influence_threshold']:g} and {settings['interest_threshold']:g}. "
                + how
            )
        )
        self.table.set_frame(chosen.assign(community=chosen["community"].map(community_label)))
        self.shared.show(ids=pd.Index(chosen["id"]), group=self.group.value)

    @staticmethod
    def _table_html(rows: pd.DataFrame) -> str:
        table = client_table(
            rows,
            TABLE_COLUMNS,
            formats={"community": "text"},
            caption="Stakeholders shown",
            limit=len(rows),
        )
        return STYLE + APP_STYLE + table

    def static_html(self) -> str:
        return "".join([self.count.value, self.grid.value, self.map.value, self.table.value])


def stakeholder_explorer(workshop: StakeholderMapping) -> StakeholderExplorer:
    """The grid, the map and the stakeholder table, with filters for all three."""
    return StakeholderExplorer(workshop)
