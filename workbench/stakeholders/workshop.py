"""The stakeholder-mapping workshop in one call: load, validate, analyse.

The notebook, `workbench run` and the tests all go through :func:`analyse`, so the app and
results.xlsx can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, Problem, raise_for_errors
from workbench.core.handoff import handed_over
from workbench.present.serving import CONSULTANT, ServingContext
from workbench.stakeholders import (
    analysis,
    network,
    positions,
    register,
    store,
    whatif,
)


@dataclass
class StakeholderMapping:
    """Everything the stakeholder-mapping notebook shows."""

    engagement: Engagement
    stakeholders: pd.DataFrame  # register with workshop adjustments applied
    relationships: pd.DataFrame
    ratings: pd.DataFrame
    summary: pd.DataFrame  # one row per stakeholder: grid, salience, attitude, centrality
    consensus: pd.DataFrame
    graph: nx.Graph
    centrality: pd.DataFrame
    positions: pd.DataFrame
    what_if: pd.DataFrame  # the brokers' what-if (whatif.WHAT_IF_COLUMNS), one row per broker
    baseline: str | None
    diff: dict[str, pd.DataFrame]
    at_risk: pd.DataFrame  # analysis.at_risk; its split reason comes from whatif.cut_points
    problems: list[Problem]
    context: ServingContext = CONSULTANT  # who is looking: decides read-only editors, assets


@handed_over("stakeholders")
def analyse(
    engagement: Engagement | str | Path,
    baseline: str = "",
    context: ServingContext = CONSULTANT,
    *,
    register_tables: tuple[dict[str, pd.DataFrame], list[Problem]] | None = None,
    snapshots: dict[str, dict[str, pd.DataFrame]] | None = None,
) -> StakeholderMapping:
    """Run the whole stakeholder-mapping analysis for an engagement.

    ``baseline`` is the date of the workshop snapshot to compare with; empty means the latest.
    ``context`` says how the app is served (the template reads it once from its kernel).
    ``register_tables`` is what :func:`~workbench.stakeholders.register.load_tables` gave
    for this engagement, and ``snapshots`` the snapshots already loaded by date, when the
    caller has read them (`workbench check` does), so they are not read again.

    Examples
    --------
    >>> workshop = analyse("demo")
    >>> len(workshop.summary) >= 60
    True
    """
    eng = Engagement.of(engagement)
    settings = eng.stakeholder_map
    if register_tables is None:
        register_tables = register.load_tables(
            eng.inputs, eng.input_format, vocabularies=eng.vocabularies
        )
    tables, problems = register_tables
    raise_for_errors(problems)

    adjustments, notes = _usable_adjustments(store.load_adjustments(eng), tables["stakeholders"])
    problems = [*problems, *notes]
    adjusted = analysis.apply_adjustments(tables["stakeholders"], adjustments)
    relationships = tables["relationships"]
    graph = network.build_graph(adjusted, relationships)
    centrality = network.centrality(
        graph, seed=settings["seed"], broker_top_share=settings["broker_top_share"]
    )
    thresholds = {
        "influence_threshold": settings["influence_threshold"],
        "interest_threshold": settings["interest_threshold"],
    }
    summary = analysis.stakeholder_summary(adjusted, centrality, **thresholds)
    brokers = centrality.loc[centrality["broker"], "id"].tolist()

    baseline_date = _pick_baseline(eng, baseline)
    before = None
    if baseline_date is not None:
        before = (snapshots or {}).get(baseline_date) or register.load_snapshot(
            eng.snapshots / baseline_date, vocabularies=eng.vocabularies
        )
    diff = _diff_with(eng, before, adjusted, relationships, centrality, thresholds)
    # At risk because the network splits without them: the what-if decides, not betweenness.
    everyone = whatif.what_if_all(graph)  # one pass answers for every stakeholder
    at_risk = analysis.at_risk(
        adjusted,
        whatif.cut_points(graph, everyone),
        diff["sentiment_changes"] if diff else None,
        influence_threshold=settings["influence_threshold"],
    )
    return StakeholderMapping(
        engagement=eng,
        stakeholders=adjusted,
        relationships=relationships,
        ratings=tables["ratings"],
        summary=summary,
        consensus=analysis.consensus(tables["ratings"], settings["disagreement_spread"]),
        graph=graph,
        centrality=centrality,
        positions=positions.layout(graph, seed=settings["seed"]),
        what_if=whatif.what_if_table(graph, brokers, everyone),
        baseline=baseline_date,
        diff=diff,
        at_risk=at_risk,
        problems=problems,
        context=context,
    )


def _usable_adjustments(
    adjustments: pd.DataFrame, register: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Workshop changes for stakeholders still in the register, and warnings about the rest.

    A newer register may drop someone the workshop re-rated; that change is then moot, not
    an error. Changes that override the register are reported, so nobody is surprised that a
    new register's ratings did not show up for those stakeholders.
    """
    known = adjustments["id"].isin(register["id"])
    notes = [
        Problem(
            paths.ADJUSTMENTS,
            f"The workshop re-rated '{sid}', who is no longer in the register; ignored.",
            "remove the row if the stakeholder has left for good.",
            row=int(index) + 2,
            column="id",
            severity="warning",
        )
        for index, sid in adjustments.loc[~known, "id"].items()
    ]
    if known.any():
        notes.append(
            Problem(
                paths.ADJUSTMENTS,
                f"{int(known.sum())} stakeholder(s) use the ratings set in the workshop, "
                "not the register's.",
                "delete the rows (or the file) to go back to the register's ratings.",
                severity="warning",
            )
        )
    return adjustments[known], notes


def _pick_baseline(eng: Engagement, baseline: str) -> str | None:
    dates = eng.snapshot_dates()
    if not baseline:
        return dates[-1] if dates else None
    if baseline not in dates:
        raise InputError(
            [
                Problem(
                    file=f"workshop/snapshots/{baseline}",
                    message=f"There is no workshop snapshot dated {baseline}.",
                    fix=f"Use one of: {', '.join(dates) or '(none yet)'}, or leave it empty "
                    "for the latest.",
                )
            ]
        )
    return baseline


def _diff_with(eng, before, current, relationships, centrality, thresholds) -> dict:
    if before is None:
        return {}
    before_graph = network.build_graph(before["stakeholders"], before["relationships"])
    # The comparison needs only the earlier betweenness: no communities, no eigenvectors.
    before_centrality = network.betweenness(before_graph)
    return analysis.snapshot_diff(
        before["stakeholders"],
        before["relationships"],
        current,
        relationships,
        before_centrality=before_centrality,
        after_centrality=centrality,
        **thresholds,
    )


def results_sheets(workshop: StakeholderMapping) -> dict[str, pd.DataFrame]:
    """The stakeholder-mapping sheets of results.xlsx."""
    sheets = {
        "stakeholders": workshop.summary,
        "relationships": workshop.relationships,
        "consensus": workshop.consensus,
        "at_risk": workshop.at_risk,
        "brokers_what_if": workshop.what_if,
    }
    for key, frame in workshop.diff.items():
        sheets[f"diff_{key}"[:31]] = frame
    return sheets
