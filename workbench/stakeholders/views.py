"""What the stakeholder-mapping app shows: HTML pieces, charts and widget panels.

The template calls this module, one function per notebook cell: :func:`header`,
:func:`consultant_notes`, :func:`stakeholder_explorer`, :func:`disagreements`,
:func:`salience_matrix`, :func:`brokers`, :func:`what_if_panel`, :func:`communities`,
:func:`changes` and :func:`at_risk_cards`. The short sections are here; the larger pieces
each have a module, and their names are importable from here too:

- :mod:`~workbench.stakeholders.influence_grid`: the influence x interest grid;
- :mod:`~workbench.stakeholders.explorer`: the filters over the grid, the map and the table;
- :mod:`~workbench.stakeholders.stakeholder_charts`: the salience, broker and community charts;
- :mod:`~workbench.stakeholders.what_if_view`: the what-if panel;
- :mod:`~workbench.stakeholders.change_tables`: what changed since the last workshop;
- :mod:`~workbench.stakeholders.risk_cards`: the key relationships at risk;
- :mod:`~workbench.stakeholders.view_common`: the style, names and tables they share.

Views return objects (HTML, charts, widgets); they never save anything: the consultant's
rating editor, which does, is in :mod:`workbench.stakeholders.editor`. Every string that comes
from client data is escaped, so a name that carries HTML is shown as text. The page pieces,
tables and charts every app shares come from :mod:`workbench.present`; the headers, formats
and tooltips of the stakeholder tables from :mod:`workbench.stakeholders.wording`.

Everything here is for the client, so it speaks of names, never of ids, and of what the
data say, never of files or settings: those go to :func:`consultant_notes`, whose template
cell is tagged ``skip-voila``.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from workbench.present import charts, palette
from workbench.present.page import STYLE, branded_header, empty_state, note, section
from workbench.present.page import consultant_notes as consultant_box
from workbench.present.paging import PagedSection
from workbench.stakeholders import wording
from workbench.stakeholders.change_tables import CHANGE_TITLES, change_frames, changes
from workbench.stakeholders.explorer import (
    TABLE_COLUMNS,
    StakeholderExplorer,
    filter_stakeholders,
    map_html,
    ordered_for_display,
    stakeholder_explorer,
)
from workbench.stakeholders.influence_grid import _CHAR_WIDTH as _CHAR_WIDTH  # for the tests
from workbench.stakeholders.influence_grid import (
    GRID_LABELS,
    GRID_MAX_WIDTH,
    GRID_SIZE,
    attitude_legend,
    grid_label_order,
    grid_svg,
)
from workbench.stakeholders.influence_grid import _overlaps as _overlaps  # for the tests
from workbench.stakeholders.risk_cards import at_risk_cards, risk_reasons
from workbench.stakeholders.stakeholder_charts import (
    brokers_chart,
    communities_chart,
    community_members,
    salience_chart,
    salience_counts,
    what_if_rows,
)
from workbench.stakeholders.view_common import (
    APP_STYLE,
    ATTITUDE_COLORS,
    NAME_LIMIT,
    app_html,
    client_rows,
    client_table,
    community_label,
    long_date,
    names_by_id,
    no_relationships,
    section_with,
    short_name,
)
from workbench.stakeholders.what_if_view import (
    WhatIfPanel,
    what_if_panel,
    what_if_sentence,
    what_if_table,
)
from workbench.stakeholders.workshop import StakeholderMapping

__all__ = [
    # the notebook cells, in the template's order
    "header",
    "consultant_notes",
    "stakeholder_explorer",
    "disagreements",
    "salience_matrix",
    "brokers",
    "what_if_panel",
    "communities",
    "changes",
    "at_risk_cards",
    # names the notebooks executed before the redesign call
    "consensus_table",
    "salience_table",
    "brokers_table",
    "communities_table",
    "at_risk_table",
    # the pieces the cells are made of
    "map_html",
    "disputed_stakeholders",
    "StakeholderExplorer",
    "WhatIfPanel",
    "filter_stakeholders",
    "ordered_for_display",
    "grid_svg",
    "grid_label_order",
    "attitude_legend",
    "salience_counts",
    "salience_chart",
    "brokers_chart",
    "communities_chart",
    "community_members",
    "community_label",
    "change_frames",
    "risk_reasons",
    "what_if_sentence",
    "what_if_table",
    "short_name",
    # settings
    "APP_STYLE",
    "ATTITUDE_COLORS",
    "BROKER_COLUMNS",
    "CHANGE_TITLES",
    "DISPUTE_COLUMNS",
    "GRID_LABELS",
    "GRID_MAX_WIDTH",
    "GRID_SIZE",
    "NAME_LIMIT",
    "TABLE_COLUMNS",
]


def header(workshop: StakeholderMapping) -> HTML:
    """Branded title block with the register's size and the workshop compared with."""
    baseline = (
        f"compared with the workshop of {escape(long_date(workshop.baseline))}"
        if workshop.baseline
        else "the first workshop: nothing earlier to compare with"
    )
    raters = workshop.ratings["rater"].nunique() if len(workshop.ratings) else 0
    rated = f", {raters} raters" if raters else ""
    facts = (
        f"{len(workshop.stakeholders)} stakeholders, "
        f"{workshop.graph.number_of_edges()} relationships{rated}; {baseline}."
    )
    return HTML(branded_header(workshop.engagement, "stakeholder map", facts, workshop.problems))


def consultant_notes(workshop: StakeholderMapping) -> HTML:
    """What the consultant can add or run next; only for a template cell tagged skip-voila.

    Examples
    --------
    >>> from workbench.stakeholders import workshop as mapping
    >>> "engagement.toml" in consultant_notes(mapping.analyse("demo")).data
    True
    """
    settings = workshop.engagement.stakeholder_map
    fmt = workshop.engagement.input_format
    where = "inputs/{}.csv" if fmt == "csv" else "the {} sheet of inputs/register.xlsx"
    items = [
        f"The grid's thresholds (influence {settings['influence_threshold']:g}, interest "
        f"{settings['interest_threshold']:g}) and the broker share "
        f"({settings['broker_top_share']:.0%}) are set under `[stakeholder_map]` in "
        "`engagement.toml`."
    ]
    if workshop.ratings.empty:
        items.append(
            f"No individual ratings: add {where.format('ratings')} (one row per rater and "
            "stakeholder) to show where the raters disagree."
        )
    if workshop.graph.number_of_edges() == 0:
        items.append(
            f"No relationships: add them to {where.format('relationships')} to show the "
            "map, the brokers, the what-if and the communities."
        )
    if workshop.baseline is None:
        items.append(
            "No earlier workshop: press “Save today's snapshot” in the rating editor at the end "
            "of the workshop, so the next run shows what changed."
        )
    items.append(
        "After changing the inputs, run `workbench run ENGAGEMENT` to refresh the client app."
    )
    return HTML(consultant_box(items, workshop.problems))


def disputed_stakeholders(workshop: StakeholderMapping) -> pd.DataFrame:
    """Stakeholders the raters disagree on, most disputed first: the workshop's agenda.

    Examples
    --------
    >>> from workbench.stakeholders import workshop as mapping
    >>> frame = disputed_stakeholders(mapping.analyse("demo"))
    >>> bool(frame["disputed"].all()), "name" in frame
    (True, True)
    """
    frame = workshop.consensus
    if frame.empty:
        return frame.assign(name=pd.Series(dtype="str"))
    names = names_by_id(workshop)
    disputed = frame[frame["disputed"]].assign(
        name=lambda f: f["stakeholder"].astype(str).map(names)
    )
    spread = disputed[["influence_spread", "interest_spread", "attitude_spread"]].max(axis=1)
    cols = [
        "stakeholder",
        "name",
        *(c for c in frame.columns if c != "stakeholder"),
    ]
    return (
        disputed.assign(_spread=spread)
        .sort_values(["_spread", "stakeholder"], ascending=[False, True])[cols]
        .reset_index(drop=True)
    )


DISPUTE_COLUMNS = [
    "name",
    "disputed_on",
    "n_raters",
    "influence_mean",
    "influence_spread",
    "interest_mean",
    "interest_spread",
    "attitude_mean",
    "attitude_spread",
]


def disagreements(workshop: StakeholderMapping) -> HTML | PagedSection:
    """Where the raters disagree, as a section; an empty state when nobody rated separately."""
    title = "Where the raters disagree"
    if workshop.ratings.empty:
        return app_html(
            section(
                title,
                empty_state(
                    "No individual ratings yet",
                    "When several people rate the stakeholders separately, the ones they see "
                    "differently are listed here, to focus the workshop's discussion.",
                ),
            )
        )
    spread = workshop.engagement.stakeholder_map["disagreement_spread"]
    frame = disputed_stakeholders(workshop)
    raters = workshop.ratings["rater"].nunique()
    intro = (
        f"{raters} people rated the stakeholders separately. Listed here: everyone whose "
        f"ratings are {spread:g} or more points apart on influence, interest or attitude. "
        "They are the best use of the workshop's discussion time."
    )
    if frame.empty:
        body = note(f"The raters' ratings are less than {spread:g} points apart for everyone.")
    else:
        body = client_rows(
            frame,
            DISPUTE_COLUMNS,
            "disputed stakeholders",
            workshop.context,
            formats={"disputed_on": "text"},
        )
    return section_with(title, [body], intro, workshop.context)


def salience_matrix(workshop: StakeholderMapping) -> HTML:
    """Salience by attitude as a bubble matrix, with what each salience class means."""
    summary = workshop.summary
    key = "".join(
        f"<li><b>{escape(c.capitalize())}</b>: {escape(meaning)}</li>"
        for c, meaning in wording.SALIENCE_MEANING.items()
        if c in set(summary["salience"])
    )
    chart = charts.svg(
        salience_chart(summary),
        "Stakeholders by salience and attitude",
        "Each bubble counts the stakeholders of one salience class with one attitude.",
    )
    return app_html(
        STYLE,
        chart,
        attitude_legend(),
        note("Salience comes from three marks in the register: power, legitimacy, urgency."),
        f'<ul class="wb-keylist">{key}</ul>',
    )


BROKER_COLUMNS = ["name", "reach_lost", "reach_lost_pct", "components_split"]
BROKER_BARS = 20  # bars in the brokers' chart; a longer list is in the (paged) table


def brokers(workshop: StakeholderMapping) -> HTML | PagedSection:
    """The brokers, and what the network loses if each one left: a bar chart and a table."""
    title = "Brokers, and what happens if one leaves"
    if workshop.graph.number_of_edges() == 0:
        return app_html(section(title, no_relationships("brokers")))
    share = workshop.engagement.stakeholder_map["broker_top_share"]
    intro = (
        f"A broker is among the top {share:.0%} of stakeholders by brokerage (how often they sit "
        "on the shortest path between two others) and has direct contacts in at least two "
        "communities. The what-if shows how many pairs of other stakeholders, who can reach "
        "each other through the network today, could no longer do so if the broker left."
    )
    rows = what_if_rows(workshop.what_if, names_by_id(workshop))
    if rows.empty:
        body = note("Nobody stands out as a broker: the network has no clear go-betweens.")
        return app_html(section(title, body, intro))
    lost = rows[rows["reach_lost"] > 0]
    if lost.empty:
        finding = "Any one broker could leave without cutting anybody off from anybody else."
    else:
        finding = (
            f"{len(lost)} of the {len(rows)} brokers "
            f"{'holds' if len(lost) == 1 else 'hold'} parts of the network together: "
            "without them some stakeholders could no longer reach each other. The others "
            "could leave without cutting anybody off."
        )
    charted = (
        "Share of connected pairs cut off if each broker left"
        if len(rows) <= BROKER_BARS
        else f"The {BROKER_BARS} brokers whose leaving would cut off most pairs"
    )
    body = [
        note(finding)
        + charts.svg(
            brokers_chart(workshop, BROKER_BARS),
            charted,
            "Share of the pairs of other stakeholders who can reach each other today.",
        )
        + charts.swatch_legend(
            "Key", {"Pairs of others cut off if the broker left": palette.HIGHLIGHT}, "square"
        ),
        client_rows(rows, BROKER_COLUMNS, "brokers", workshop.context, headers={"name": "Broker"}),
    ]
    if len(rows) > BROKER_BARS:
        body.insert(1, note(f"All {len(rows):,} brokers are in the table below."))
    return section_with(title, body, intro, workshop.context)


def communities(workshop: StakeholderMapping) -> HTML:
    """The communities: a stacked bar chart by group and a short table of who is central."""
    title = "Communities"
    if workshop.graph.number_of_edges() == 0:
        return app_html(section(title, no_relationships("communities")))
    intro = (
        "Sets of stakeholders who are more connected with each other than with the rest. "
        "A community that spans several groups is where those groups meet."
    )
    frame = community_members(workshop)
    body = charts.svg(
        communities_chart(workshop),
        "Members of each community by stakeholder group",
        "Each bar is a community; its colours show the groups its members belong to.",
    ) + client_table(
        frame, ["community", "members", "most_central", "groups"], formats={"community": "text"}
    )
    return app_html(section(title, body, intro))


# Names the notebooks executed before this module's redesign call; notebooks/demo/ uses them
# until it is re-executed from the template.
consensus_table = disagreements
salience_table = salience_matrix
brokers_table = brokers
communities_table = communities
at_risk_table = at_risk_cards
