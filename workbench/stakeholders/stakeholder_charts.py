"""The Altair charts of the stakeholder map: salience by attitude, brokers, communities.

Each chart comes with the frame it is drawn from; the sections that show them, with their
introductions and tables, are in :mod:`workbench.stakeholders.views`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.present import charts, palette
from workbench.stakeholders.analysis import ATTITUDE_BANDS, SALIENCE_CLASSES
from workbench.stakeholders.view_common import (
    ATTITUDE_COLORS,
    community_label,
    names_by_id,
    percent,
    short_name,
)
from workbench.stakeholders.workshop import StakeholderMapping


def salience_counts(summary: pd.DataFrame) -> pd.DataFrame:
    """How many stakeholders sit in each salience class, split by attitude (a crosstab).

    Examples
    --------
    >>> df = pd.DataFrame({"salience": ["dominant", "dominant"],
    ...                    "attitude_band": ["critic", "critic"]})
    >>> int(salience_counts(df).loc["dominant", "critic"])
    2
    """
    table = pd.crosstab(summary["salience"], summary["attitude_band"])
    rows = [c for c in SALIENCE_CLASSES if c in table.index]
    return table.reindex(index=rows, columns=[b for b in ATTITUDE_BANDS if b in table.columns])


def salience_chart(summary: pd.DataFrame) -> alt.LayerChart:
    """A bubble matrix of salience class by attitude, each bubble labelled with its count.

    Examples
    --------
    >>> df = pd.DataFrame({"salience": ["dominant"], "attitude_band": ["critic"]})
    >>> salience_chart(df).data[["salience", "attitude", "count"]].to_dict("records")
    [{'salience': 'Dominant', 'attitude': 'Critic', 'count': 1}]
    """
    table = salience_counts(summary)
    long = table.stack().rename("count").reset_index()
    long = long[long["count"] > 0].rename(columns={"attitude_band": "band"})
    long = long.assign(
        salience=long["salience"].str.capitalize(),
        attitude=long["band"].str.capitalize(),
        color=long["band"].map(ATTITUDE_COLORS),
        ink=long["band"].map(lambda b: palette.text_on(ATTITUDE_COLORS[b])),
        count=long["count"].astype(int),
    ).reset_index(drop=True)
    rows = [c.capitalize() for c in table.index]
    columns = [b.capitalize() for b in ATTITUDE_BANDS]
    largest = max(int(long["count"].max()) if len(long) else 1, 1)
    x = alt.X(
        "attitude:N",
        scale=alt.Scale(domain=columns),
        axis=alt.Axis(orient="top", labelAngle=-35, labelAlign="left", title=None, ticks=False),
        title="Attitude",
    )
    y = alt.Y("salience:N", scale=alt.Scale(domain=rows), title=None, axis=alt.Axis(ticks=False))
    base = alt.Chart(long).encode(x=x, y=y)
    bubbles = base.mark_circle(opacity=1).encode(
        size=alt.Size(
            "count:Q", scale=alt.Scale(domain=[1, largest], range=[300, 1150]), legend=None
        ),
        color=alt.Color("color:N", scale=None),
    )
    counts = base.mark_text(fontSize=12, fontWeight="bold").encode(
        text="count:Q", color=alt.Color("ink:N", scale=None)
    )
    return (bubbles + counts).properties(width=charts.WIDTH - 95, height=34 * max(len(rows), 1))


def what_if_rows(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The brokers' what-if rows with their names, the largest loss first."""
    shown = frame.assign(name=frame["removed"].astype(str).map(names).fillna(frame["name"]))
    return shown.sort_values(
        ["reach_lost_pct", "reach_lost", "name"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def brokers_chart(workshop: StakeholderMapping, limit: int | None = None) -> alt.LayerChart:
    """Horizontal bars: the share of connected pairs each broker's departure would cut off.

    With ``limit``, only that many brokers are drawn: those who would cut off most.

    Examples
    --------
    >>> from workbench.stakeholders import workshop as mapping
    >>> data = brokers_chart(mapping.analyse("demo")).data
    >>> {"name", "reach_lost_pct", "label"} <= set(data.columns)
    True
    """
    rows = what_if_rows(workshop.what_if, names_by_id(workshop))
    if limit is not None:
        rows = rows.head(limit)
    rows = rows.assign(
        bar=rows["name"].map(short_name),
        label=[
            f"{percent(p)} ({n:,} pairs)" if n else "nobody cut off"
            for p, n in zip(rows["reach_lost_pct"], rows["reach_lost"], strict=True)
        ],
    )
    # Two brokers with the same short name keep their full names apart.
    repeated = rows["bar"].duplicated(keep=False)
    rows.loc[repeated, "bar"] = rows.loc[repeated, "name"]
    top = max(float(rows["reach_lost_pct"].max()) if len(rows) else 0.0, 5.0)
    order = rows["bar"].tolist()
    y = alt.Y("bar:N", sort=order, title=None, axis=alt.Axis(labelLimit=125, ticks=False))
    x = alt.X(
        "reach_lost_pct:Q",
        scale=alt.Scale(domain=[0, top * 1.9]),
        axis=alt.Axis(format=".0f", tickCount=4, labelExpr="datum.label + '%'"),
        title="Connected pairs cut off",
    )
    base = alt.Chart(rows).encode(y=y, x=x)
    bars = base.mark_bar(color=palette.HIGHLIGHT, height=16)
    text = base.mark_text(align="left", dx=4, color=palette.INK, fontSize=12).encode(text="label:N")
    return (bars + text).properties(width=charts.WIDTH - 125, height=26 * max(len(rows), 1))


def community_members(workshop: StakeholderMapping) -> pd.DataFrame:
    """Each community's size, its groups and its most central member (by brokerage).

    Examples
    --------
    >>> from workbench.stakeholders import workshop as mapping
    >>> frame = community_members(mapping.analyse("demo"))
    >>> frame.columns.tolist()
    ['community', 'members', 'groups', 'most_central']
    """
    summary = workshop.summary
    rows = []
    for number, members in summary.groupby("community", sort=True):
        top = members.sort_values(["betweenness", "id"], ascending=[False, True]).iloc[0]
        groups = members["group"].value_counts()
        groups = groups.sort_values(ascending=False, kind="stable")
        rows.append(
            {
                "community": community_label(number),
                "members": len(members),
                "groups": ", ".join(f"{g} ({n})" for g, n in groups.items()),
                "most_central": top["name"],
            }
        )
    return pd.DataFrame(rows, columns=["community", "members", "groups", "most_central"])


def communities_chart(workshop: StakeholderMapping) -> alt.LayerChart:
    """Bars of members per community, stacked by stakeholder group, with each total.

    Examples
    --------
    >>> from workbench.stakeholders import workshop as mapping
    >>> chart = communities_chart(mapping.analyse("demo"))
    >>> int(chart.layer[0].data["members"].sum()) >= 60
    True
    """
    summary = workshop.summary.dropna(subset=["community"])
    counts = (
        summary.groupby(["community", "group"]).size().rename("members").reset_index()
    ).assign(name=lambda f: f["community"].map(community_label))
    totals = counts.groupby("name", sort=False)["members"].sum().reset_index()
    order = [community_label(n) for n in sorted(summary["community"].unique())]
    groups = sorted(summary["group"].unique())
    colors = [palette.category_color(i) for i in range(len(groups))]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(ticks=False))
    bars = (
        alt.Chart(counts)
        .mark_bar(height=18)
        .encode(
            y=y,
            x=alt.X("sum(members):Q", title="Members", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=groups, range=colors),
                legend=alt.Legend(title="Group", columns=2, labelLimit=140, orient="bottom"),
            ),
            order=alt.Order("group:N"),
        )
    )
    text = (
        alt.Chart(totals)
        .mark_text(align="left", dx=4, color=palette.INK, fontSize=12)
        .encode(y=y, x="members:Q", text="members:Q")
    )
    return (bars + text).properties(width=charts.WIDTH - 100, height=30 * max(len(order), 1))
