"""The relationship map drawn for the deck: relationships as lines, stakeholders as dots, the
most central stakeholders named or numbered, as an Altair chart to render as a picture."""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.deliver.deck.text import ATTITUDE_LABELS, clean
from workbench.present import palette
from workbench.stakeholders.analysis import ATTITUDE_BANDS

MAP_LABELS = 10  # the most central stakeholders named on the map


def central(workshop, count: int = MAP_LABELS) -> pd.DataFrame:
    """The ``count`` stakeholders who link the most others (betweenness), most central first.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> mapping = SimpleNamespace(
    ...     centrality=pd.DataFrame({"id": ["S1", "S2", "S3"], "betweenness": [0.1, 0.5, 0.5]}),
    ...     summary=pd.DataFrame({"id": ["S1", "S2", "S3"], "name": ["Ann", "Bo", "Cy"]}),
    ... )
    >>> central(mapping, 2).to_dict("records")  # a tie goes to the smaller id
    [{'id': 'S2', 'name': 'Bo', 'rank': 1}, {'id': 'S3', 'name': 'Cy', 'rank': 2}]
    """
    ranked = workshop.centrality.sort_values(["betweenness", "id"], ascending=[False, True])
    top = ranked[["id"]].head(count).merge(workshop.summary[["id", "name"]], on="id", how="left")
    return top.assign(rank=range(1, len(top) + 1))


def network_chart(
    workshop, labels: int = MAP_LABELS, numbered: bool = False, width: int = 660, height: int = 380
):
    """The relationship map as an Altair chart: relationships as lines, stakeholders as dots
    coloured by attitude and sized by their number of relationships, the ``labels`` most
    central stakeholders named (or numbered as in :func:`central`, for a key beside the map).
    Render it with :func:`workbench.present.charts.png`.

    Examples
    --------
    >>> from workbench.present import charts
    >>> from workbench.stakeholders import workshop
    >>> chart = network_chart(workshop.analyse("demo"), numbered=True)
    >>> charts.png(chart)[:4] == b"\\x89PNG"
    True
    """
    nodes = workshop.positions.merge(
        workshop.summary[["id", "name", "attitude_band", "degree"]], on="id", how="left"
    )
    nodes["attitude"] = nodes["attitude_band"].map(ATTITUDE_LABELS).fillna("Not rated")
    named = nodes.merge(central(workshop, labels)[["id", "rank"]], on="id")
    short = named["name"].map(clean).map(lambda n: n if len(n) <= 30 else n[:29] + "…")
    named["label"] = named["rank"].astype(str) if numbered else short
    where = nodes.set_index("id")[["x", "y"]]
    edges = pd.DataFrame(
        [(*where.loc[a], *where.loc[b]) for a, b in workshop.graph.edges() if a in where.index],
        columns=["x", "y", "x2", "y2"],
    )

    def scale(column: str) -> alt.Scale:
        low, high = nodes[column].min(), nodes[column].max()
        pad = (high - low + 1) * 0.05
        # y grows downwards (screen coordinates), as in the app's map
        return alt.Scale(domain=[low - pad, high + pad], reverse=column == "y", nice=False)

    x = alt.X("x:Q", axis=None, scale=scale("x"))
    y = alt.Y("y:Q", axis=None, scale=scale("y"))
    shown = [ATTITUDE_LABELS[b] for b in ATTITUDE_BANDS] + ["Not rated"]
    colours = [palette.ATTITUDE[b] for b in ATTITUDE_BANDS] + [palette.DIMMED]
    present = set(nodes["attitude"])
    keep = [i for i, name in enumerate(shown) if name in present]
    color = alt.Color(
        "attitude:N",
        title="Attitude",
        scale=alt.Scale(domain=[shown[i] for i in keep], range=[colours[i] for i in keep]),
        legend=alt.Legend(labelFontSize=15, titleFontSize=15, orient="bottom", columns=6),
    )
    size = alt.Size("degree:Q", legend=None, scale=alt.Scale(range=[40, 360]))
    lines = alt.Chart(edges).mark_rule(color=palette.LINE, strokeWidth=0.8, opacity=0.6)
    dots = alt.Chart(nodes).mark_circle(opacity=1, stroke=palette.PAPER, strokeWidth=1)
    text = {"dy": -14, "fontSize": 15, "fontWeight": "bold"}
    halo = alt.Chart(named).mark_text(**text, stroke=palette.PAPER, strokeWidth=4)
    label = alt.Chart(named).mark_text(**text, color=palette.INK)
    return alt.layer(
        lines.encode(x=x, y=y, x2="x2:Q", y2="y2:Q"),
        dots.encode(x=x, y=y, color=color, size=size),
        halo.encode(x=x, y=y, text="label:N"),
        label.encode(x=x, y=y, text="label:N"),
    ).properties(width=width, height=height)
