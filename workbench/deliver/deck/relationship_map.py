"""The relationship map drawn for the deck: relationships as lines, stakeholders as dots, the
most central stakeholders named or numbered, as an Altair chart to render as a picture."""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.deliver.deck.text import ATTITUDE_LABELS, clean
from workbench.present import palette
from workbench.stakeholders.analysis import ATTITUDE_BANDS
from workbench.stakeholders.positions import group_circle, group_graph

MAP_LABELS = 10  # the most central stakeholders named on the map
# Above this many stakeholders a picture of every dot and line is a grey blot: the slide
# shows the groups instead, as the app's map opens on them.
FULL_MAP_LIMIT = 1000


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
    ends = pd.DataFrame([(str(a), str(b)) for a, b in workshop.graph.edges()], columns=["a", "b"])
    where = nodes.set_index("id")[["x", "y"]]
    start, end = where.reindex(ends["a"]), where.reindex(ends["b"])
    edges = pd.DataFrame(
        {"x": start["x"].to_numpy(), "y": start["y"].to_numpy(),
         "x2": end["x"].to_numpy(), "y2": end["y"].to_numpy()}
    ).dropna()  # fmt: skip

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


def group_chart(workshop, width: int = 660, height: int = 380):
    """The relationship map of a large register as an Altair chart: one dot per group,
    sized by its members, and a line between two groups as thick as the relationships
    between them; every group named with its number of members.

    Examples
    --------
    >>> from workbench.present import charts
    >>> from workbench.stakeholders import workshop
    >>> charts.png(group_chart(workshop.analyse("demo")))[:4] == b"\\x89PNG"
    True
    """
    groups = group_graph(workshop.graph)
    names = sorted(groups, key=str)
    where = group_circle(names)
    nodes = pd.DataFrame(
        {
            "group": [clean(str(g)) for g in names],
            "members": [groups.nodes[g]["size"] for g in names],
            "x": [float(where[g][0]) for g in names],
            "y": [float(where[g][1]) for g in names],
        }
    )
    nodes["label"] = nodes["group"] + " (" + nodes["members"].map("{:,}".format) + ")"
    edges = pd.DataFrame(
        [(*where[a], *where[b], d["weight"]) for a, b, d in groups.edges(data=True)],
        columns=["x", "y", "x2", "y2", "relationships"],
    )
    # Labels sit outside the circle, turned away from it: left of the dots on the left.
    nodes["side"] = pd.cut(nodes["x"], [-2000, -300, 300, 2000], labels=["right", "center", "left"])
    nodes["lx"], nodes["ly"] = nodes["x"] * 1.14, nodes["y"] * 1.14
    scale = alt.Scale(domain=[-1900, 1900], nice=False)
    ydomain = alt.Scale(domain=[-1300, 1300], nice=False)
    x, y = alt.X("x:Q", axis=None, scale=scale), alt.Y("y:Q", axis=None, scale=ydomain)
    lines = alt.Chart(edges).mark_rule(color=palette.LINE, opacity=0.7)
    thickness = alt.StrokeWidth("relationships:Q", legend=None, scale=alt.Scale(range=[0.5, 7]))
    dots = alt.Chart(nodes).mark_circle(color=palette.ACCENT, opacity=0.95)
    size = alt.Size("members:Q", legend=None, scale=alt.Scale(range=[60, 900], zero=True))
    layers = [
        lines.encode(x=x, y=y, x2="x2:Q", y2="y2:Q", strokeWidth=thickness),
        dots.encode(x=x, y=y, size=size),
    ]
    at = {"x": alt.X("lx:Q", axis=None, scale=scale), "y": alt.Y("ly:Q", axis=None, scale=ydomain)}
    for side in ("left", "center", "right"):
        part = alt.Chart(nodes[nodes["side"] == side]).mark_text(
            align=side, baseline="middle", fontSize=13, color=palette.INK
        )
        layers.append(part.encode(**at, text="label:N"))
    return alt.layer(*layers).properties(width=width, height=height)
