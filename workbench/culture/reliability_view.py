"""How dependable the scales are: Cronbach's alpha per dimension and survey wave."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from workbench.core.labels import ALL
from workbench.culture.view_common import (
    dimension_names,
    dimension_order,
    empty_section,
    readable_name,
)
from workbench.culture.wording import COLUMN_LABELS, GLOSSARY
from workbench.culture.workshop import CultureAnalysis
from workbench.present.page import empty_state, section
from workbench.present.tables import labelled_table

RELIABLE_FROM = 0.7  # Cronbach's alpha from which a dimension's questions count as consistent


def reliability_table(analysis: CultureAnalysis) -> HTML:
    """Cronbach's alpha per dimension and wave, for the whole organization.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "Cronbach" in reliability_table(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return empty_section()
    frame = reliability_frame(analysis)
    intro = (
        "Cronbach's alpha per dimension and survey: 0.7 or more means the questions of a "
        "dimension measure one thing consistently; below that, read the dimension with care."
    )
    if frame.empty:
        body = empty_state(
            "No reliability figures", "Each dimension of this survey has a single question."
        )
        return HTML(section("How dependable the scales are", body, intro))
    names = dimension_names(analysis)
    shown = frame.assign(
        dimension=[readable_name(names, d) for d in frame["dimension"]],
        consistent=frame[analysis.latest] >= RELIABLE_FROM if analysis.latest in frame else False,
    )
    waves = [w for w in analysis.waves if w in frame.columns]
    table = labelled_table(
        shown,
        {
            "dimension": COLUMN_LABELS["dimension"],
            **{w: f"Alpha {w}" for w in waves},
            "consistent": COLUMN_LABELS["consistent"],
        },
        formats={**{w: "2dp" for w in waves}, "consistent": "yes/no"},
        glossary={
            **{f"Alpha {w}": GLOSSARY["Cronbach's alpha"] for w in waves},
            COLUMN_LABELS["consistent"]: GLOSSARY["Consistent"],
        },
    )
    return HTML(section("How dependable the scales are", table, intro))


def reliability_frame(analysis: CultureAnalysis) -> pd.DataFrame:
    """Cronbach's alpha of the whole organization: one row per dimension, one column per wave.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> reliability_frame(analyse("demo")).columns.tolist()
    ['dimension', '2025-11', '2026-05']
    """
    summary = analysis.summary
    overall = summary[(summary["segment"] == ALL) & summary["alpha"].notna()]
    order = dimension_order(overall)
    table = overall.pivot(index="dimension", columns="wave", values="alpha")
    table = table.reindex(order).reset_index()
    table.columns.name = None
    return table
