"""The what-if panel: pick any stakeholder and see what the network loses if they left.

The numbers come from :func:`workbench.stakeholders.whatif.what_if_remove`; here they become a
sentence, a before-and-after table and the network map without that stakeholder.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from workbench.present.page import STYLE, SnapshotBox, note
from workbench.present.tables import labelled_table
from workbench.stakeholders import netmap, whatif
from workbench.stakeholders.view_common import APP_STYLE, percent
from workbench.stakeholders.workshop import StakeholderMapping


def what_if_sentence(outcome: dict) -> str:
    """One stakeholder's what-if in a sentence (plain text, not escaped).

    Examples
    --------
    >>> what_if_sentence({"name": "Ann", "reach_lost": 0, "reach_lost_pct": 0.0,
    ...                   "components_split": 0})
    'If Ann left, everyone else could still reach each other through other relationships.'
    """
    name = outcome["name"]
    lost = int(outcome["reach_lost"])
    if lost == 0:
        return (
            f"If {name} left, everyone else could still reach each other through other "
            "relationships."
        )
    parts = int(outcome["components_split"])
    split = f", and their part of the network would fall into {parts + 1} pieces" if parts else ""
    pairs = "pair" if lost == 1 else "pairs"
    return (
        f"If {name} left, {lost:,} {pairs} of other stakeholders "
        f"({percent(float(outcome['reach_lost_pct']))} of those connected today) could no longer "
        f"reach each other{split}."
    )


def what_if_table(outcome: dict) -> str:
    """One stakeholder's what-if as a small before-and-after table.

    Examples
    --------
    >>> html = what_if_table({"components_before": 1, "components_after": 2,
    ...                       "reachable_pairs_after": 1, "reach_lost": 2})
    >>> "Without them" in html and "Separate parts" in html
    True
    """
    frame = pd.DataFrame(
        {
            "what": ["Separate parts of the network", "Pairs of other stakeholders connected"],
            "now": [
                outcome["components_before"],
                outcome["reachable_pairs_after"] + outcome["reach_lost"],
            ],
            "without": [outcome["components_after"], outcome["reachable_pairs_after"]],
        }
    )
    return labelled_table(
        frame,
        {"what": "In the network", "now": "Now", "without": "Without them"},
        formats={"now": "int", "without": "int"},
        glossary={
            "In the network": "Pairs count everyone except the person who leaves.",
        },
    )


class WhatIfPanel(SnapshotBox):
    """Pick any stakeholder and see what the network loses if they left."""

    def __init__(self, workshop: StakeholderMapping):
        self.serving = workshop.context
        self._workshop = workshop
        self._graph = workshop.graph
        ranked = workshop.summary.sort_values(["betweenness", "id"], ascending=[False, True])
        labels = ranked["name"].astype(str)
        repeated = labels.duplicated(keep=False)
        labels = labels.where(~repeated, labels + " (" + ranked["group"].astype(str) + ")")
        self.picker = widgets.Dropdown(
            options=list(zip(labels, ranked["id"], strict=True)),
            description="Who leaves",
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.intro = widgets.HTML(
            STYLE + note("Pick anyone to see what the network would lose if they left.")
        )
        self.result = widgets.HTML()
        self.map = widgets.HTML()
        self.picker.observe(self._refresh, names="value")
        self.choice = widgets.HBox([self.picker])
        self.choice.add_class("wb-filters")
        super().__init__([self.intro, self.choice, self.result, self.map])
        self.add_class("wb-what-if")
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        outcome = whatif.what_if_remove(self._graph, self.picker.value)
        outcome["name"] = self.picker.label
        self.result.value = (
            STYLE
            + APP_STYLE
            + f'<p class="wb-what-if-result">{escape(what_if_sentence(outcome))}</p>'
            + what_if_table(outcome)
        )
        workshop = self._workshop
        self.map.value = netmap.network_map(
            workshop.graph,
            workshop.centrality,
            workshop.positions,
            details=workshop.summary,
            removed=self.picker.value,
            title=f"The network without {self.picker.label}",
            vis_url=workshop.context.vis_url,
        ).data

    def static_html(self) -> str:
        return self.intro.value + self.result.value + self.map.value


def what_if_panel(workshop: StakeholderMapping) -> WhatIfPanel | HTML:
    """Interactive what-if: the stakeholder with the highest brokerage is selected first."""
    if workshop.graph.number_of_edges() == 0:
        return HTML("")  # the brokers' section already says that relationships are missing
    return WhatIfPanel(workshop)
