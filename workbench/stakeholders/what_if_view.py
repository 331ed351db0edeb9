"""The what-if panel: pick any stakeholder and see what the network loses if they left.

The numbers come from :func:`workbench.stakeholders.whatif.what_if_remove`; here they become a
sentence, a before-and-after table, and the app's one network map (the explorer's) shows
the network without that stakeholder.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from workbench.present.page import STYLE, SnapshotBox, note
from workbench.present.paging import matching_rows
from workbench.present.tables import labelled_table
from workbench.stakeholders import whatif
from workbench.stakeholders.explorer import shared_map
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


PICKER_LIMIT = 200  # up to this many stakeholders, the picker lists everyone
PICKER_MATCHES = 30  # beyond, it lists this many: the most central, or those a search finds


class WhatIfPanel(SnapshotBox):
    """Pick any stakeholder and see what the network loses if they left.

    The map is the explorer's (:func:`~workbench.stakeholders.explorer.shared_map`): the
    same widget shows the pick's removal, so the map's data reach the browser once. In a
    register of more than :data:`PICKER_LIMIT` stakeholders the picker lists the most
    central, and a search box (answered by the kernel) finds anyone else.
    """

    def __init__(self, workshop: StakeholderMapping):
        self.serving = workshop.context
        self._workshop = workshop
        self._graph = workshop.graph
        ranked = workshop.summary.sort_values(["betweenness", "id"], ascending=[False, True])
        labels = ranked["name"].astype(str)
        repeated = labels.duplicated(keep=False)
        labels = labels.where(~repeated, labels + " (" + ranked["group"].astype(str) + ")")
        self._choices = pd.DataFrame({"name": labels.to_numpy(), "id": ranked["id"].to_numpy()})
        many = len(ranked) > PICKER_LIMIT
        self.picker = widgets.Dropdown(
            options=self._options(self._choices),
            description="Who leaves",
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        words = "Pick anyone to see what the network would lose if they left."
        if many:
            words = (
                f"Pick one of the {PICKER_MATCHES} most central stakeholders, or type part of "
                f"any name to find them among all {len(ranked):,}, to see what the network "
                "would lose if they left."
            )
        self.intro = widgets.HTML(STYLE + note(words))
        self.finder = self.found = None  # made only where a search is needed
        if many:
            self.finder = widgets.Text(
                placeholder="Find by name",
                continuous_update=False,
                layout=widgets.Layout(width="16em"),
            )
            self.finder.observe(self._find, names="value")
            self.found = widgets.HTML()
        self.result = widgets.HTML()
        self.shared = shared_map(workshop)
        self.map = self.shared.widget
        self.picker.observe(self._refresh, names="value")
        self.choice = widgets.HBox([self.finder, self.picker] if many else [self.picker])
        self.choice.add_class("wb-filters")
        parts = [self.intro, self.choice, self.found, self.result, self.map]
        super().__init__([p for p in parts if p is not None])
        self.add_class("wb-what-if")
        # The first answer is told in words only: the map, shared with the explorer at the
        # top of the page, shows the whole network until someone picks a person here.
        self._refresh(show_on_map=False)

    @staticmethod
    def _options(choices: pd.DataFrame) -> list[tuple[str, str]]:
        rows = choices if len(choices) <= PICKER_LIMIT else choices.head(PICKER_MATCHES)
        return list(zip(rows["name"], rows["id"], strict=True))

    def _find(self, change: dict) -> None:
        query = str(change["new"]).strip()
        matches = matching_rows(self._choices, ["name"], query) if query else self._choices
        if matches.empty:
            self.found.value = note(f"No name matches “{query}”.")
            return
        shown = min(len(matches), PICKER_MATCHES)
        self.found.value = (
            note(f"{len(matches):,} names match “{query}”; the picker lists {shown}.")
            if query
            else ""
        )
        self.picker.options = self._options(matches)  # picks the first match

    def _refresh(self, _change: object = None, show_on_map: bool = True) -> None:
        if self.picker.value is None:
            return
        outcome = whatif.what_if_remove(self._graph, self.picker.value)
        outcome["name"] = self.picker.label
        self.result.value = (
            STYLE
            + APP_STYLE
            + f'<p class="wb-what-if-result">{escape(what_if_sentence(outcome))}</p>'
            + what_if_table(outcome)
        )
        if show_on_map:
            self.shared.show(removed=self.picker.value, removed_name=self.picker.label)

    def static_html(self) -> str:
        return self.intro.value + self.result.value + self.map.value


def what_if_panel(workshop: StakeholderMapping) -> WhatIfPanel | HTML:
    """Interactive what-if: the stakeholder with the highest brokerage is selected first."""
    if workshop.graph.number_of_edges() == 0:
        return HTML("")  # the brokers' section already says that relationships are missing
    return WhatIfPanel(workshop)
