"""Tests for workbench.stakeholders.views: what the client sees of the stakeholder map."""

from __future__ import annotations

import dataclasses
import re
import shutil
from html.parser import HTMLParser

import networkx as nx
import pandas as pd
import pytest
from demo import hostile

from workbench.present import palette
from workbench.stakeholders import analysis, views, whatif, wording
from workbench.stakeholders import workshop as mapping

HTML_NAME = hostile.HOSTILE_NAME
RAW_ID = re.compile(r"\bS\d{3}\b")
SNAKE = re.compile(r"[a-z]+_[a-z]+")


@pytest.fixture(scope="module")
def workshop():
    return mapping.analyse("demo")


@pytest.fixture(scope="module")
def hostile_workshop(tmp_path_factory):
    """The analysis of a demo copy whose supplier S046 carries HTML in its name."""
    return mapping.analyse(hostile.hostile_copy(tmp_path_factory.mktemp("hostile") / "demo"))


@pytest.fixture(scope="module")
def first_workshop(tmp_path_factory):
    """A demo copy with neither individual ratings nor an earlier workshop's snapshot."""
    root = hostile.hostile_copy(tmp_path_factory.mktemp("first") / "demo")
    (root / "inputs" / "ratings.csv").unlink()
    shutil.rmtree(root / "workshop" / "snapshots")
    return mapping.analyse(root)


@pytest.fixture(scope="module")
def unconnected(workshop):
    """The demo as if no relationship had been recorded (the register alone)."""
    graph = nx.Graph()
    graph.add_nodes_from(workshop.graph.nodes(data=True))
    return dataclasses.replace(
        workshop,
        graph=graph,
        relationships=workshop.relationships.head(0),
        what_if=whatif.what_if_table(graph, []),
    )


class _Cells(HTMLParser):
    """The text of every header and body cell of the tables in some HTML."""

    def __init__(self):
        super().__init__()
        self.headers, self.cells, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("th", "td"):
            self._open = (tag, [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            text = "".join(self._open[1]).strip()
            (self.headers if tag == "th" else self.cells).append(text)
            self._open = None


def _cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def client_outputs(workshop) -> dict[str, str]:
    """Every HTML output of the app a client sees, by view."""
    explorer = views.stakeholder_explorer(workshop)
    panel = views.what_if_panel(workshop)
    return {
        "header": views.header(workshop).data,
        "explorer": explorer.static_html(),
        "disagreements": views.disagreements(workshop).data,
        "salience": views.salience_matrix(workshop).data,
        "brokers": views.brokers(workshop).data,
        "what-if": panel.static_html() if hasattr(panel, "static_html") else panel.data,
        "communities": views.communities(workshop).data,
        "changes": views.changes(workshop).data,
        "at risk": views.at_risk_cards(workshop).data,
    }


# --- selection and the grid ------------------------------------------------------------------
def test_filter_keeps_only_matching_rows(workshop):
    summary = workshop.summary
    chosen = views.filter_stakeholders(summary, group="Suppliers", quadrant="crowd")
    assert (
        len(chosen) == ((summary["group"] == "Suppliers") & (summary["quadrant"] == "crowd")).sum()
    )
    assert set(chosen["group"]) <= {"Suppliers"}
    assert len(views.filter_stakeholders(summary)) == len(summary)


def test_grid_has_a_dot_per_stakeholder_and_escapes_names(hostile_workshop):
    svg = views.grid_svg(hostile_workshop.summary)
    assert svg.count("<circle") == len(hostile_workshop.summary)
    assert HTML_NAME not in svg and hostile.HOSTILE_ESCAPED in svg
    for label in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert label in svg


def test_grid_scales_with_the_page_and_every_dot_can_be_tapped(workshop):
    svg = views.grid_svg(workshop.summary)
    assert 'viewBox="0 0 380 420"' in svg and "max-width:" in svg and "height:auto" in svg
    assert svg.count('tabindex="0"') == len(workshop.summary)
    assert svg.count('class="wb-tip"') == len(workshop.summary)
    assert ":focus~.wb-tips" in svg  # a tap (focus) shows the name, no script needed
    assert "<script" not in svg
    # Font sizes are those of the 380 px drawing: 13 px stays >= 10 px down to ~290 px.
    sizes = [int(s) for s in re.findall(r"font-size:(\d+)px", svg)]
    assert sizes and min(sizes) >= 13


def test_grid_writes_the_names_of_the_most_salient_without_overlaps(workshop):
    summary = workshop.summary
    svg = views.grid_svg(summary)
    pattern = r'<text class="wb-name" x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]+)<'
    written = re.findall(pattern, svg)
    assert 6 <= len(written) <= views.GRID_LABELS
    top = views.grid_label_order(summary)["name"].map(views.short_name).head(3).tolist()
    names = [text for *_, text in written]
    assert top[0] in names  # the most salient stakeholder is always named
    assert set(names) <= set(summary["name"].map(views.short_name))
    boxes = []
    for x, y, anchor, text in written:
        width = len(text) * views._CHAR_WIDTH
        left = float(x) - {"start": 0, "middle": width / 2, "end": width}[anchor]
        boxes.append((left, float(y) - 11, left + width, float(y) + 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not views._overlaps(a, b), (a, b)


def test_grid_ticks_follow_the_rating_range(workshop):
    svg = views.grid_svg(workshop.summary)
    ticks = re.findall(r'text-anchor="middle" fill="#5b6573">(\d+)</text>', svg)
    low, high = analysis.RATING_RANGES["interest"]
    assert [int(t) for t in ticks] == list(range(low, high + 1))


def test_grid_puts_the_threshold_line_where_settings_say():
    frame = pd.DataFrame(
        {
            "id": ["a"],
            "name": ["A"],
            "group": ["G"],
            "influence": [5],
            "interest": [1],
            "attitude_band": ["neutral"],
            "strategy": ["keep satisfied"],
            "salience": ["dormant"],
        }
    )
    low, high = views.grid_svg(frame, 2.5, 2.5), views.grid_svg(frame, 4.5, 4.5)
    dashed = re.compile(r'<line x1="([\d.]+)"[^>]*stroke-dasharray')
    assert float(dashed.search(low).group(1)) < float(dashed.search(high).group(1))


def test_grid_colours_are_the_attitude_palette_and_the_legend_names_them(workshop):
    explorer = views.stakeholder_explorer(workshop)
    for band, colour in palette.ATTITUDE.items():
        assert f'fill="{colour}"' in explorer.grid.value
        assert band.capitalize() in explorer.grid.value
    assert 'class="wb-legend"' in explorer.grid.value
    assert "#fdecea" not in explorer.grid.value  # no red quadrant: red means blocker


# --- the explorer ----------------------------------------------------------------------------
def test_explorer_filters_update_grid_table_and_map(workshop):
    explorer = views.stakeholder_explorer(workshop)
    table, grid, network = explorer.table.value, explorer.grid.value, explorer.map.value
    explorer.quadrant.value = "key players"
    assert explorer.table.value != table
    assert (
        explorer.grid.value.count("<circle")
        == (workshop.summary["strategy"] == "manage closely").sum()
    )
    assert explorer.map.value != network
    assert "Showing" in explorer.count.value
    assert grid != explorer.grid.value


def test_explorer_filters_wrap_on_a_phone(workshop):
    explorer = views.stakeholder_explorer(workshop)
    assert "wb-filters" in explorer.filters._dom_classes
    assert [o[0] for o in explorer.attitude.options][1:] == [
        b.capitalize() for b in analysis.ATTITUDE_BANDS
    ]


def test_explorer_carries_a_static_snapshot_for_html_export(hostile_workshop):
    explorer = views.stakeholder_explorer(hostile_workshop)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<svg" in bundle["text/html"] and "<iframe" in bundle["text/html"]
    assert HTML_NAME not in bundle["text/html"]
    for part in (explorer.count, explorer.grid, explorer.map, explorer.table):
        assert part.value in bundle["text/html"]


# --- client tables ---------------------------------------------------------------------------
def test_client_tables_have_human_headers_names_and_no_raw_values(workshop):
    for view, html in client_outputs(workshop).items():
        cells = _cells(html)
        for header in cells.headers:
            assert not SNAKE.search(header), f"{view}: header {header!r}"
        for text in cells.cells + cells.headers:
            assert text not in ("True", "False"), f"{view}: {text!r}"
            assert not RAW_ID.search(text), f"{view}: id in {text!r}"
            assert not re.fullmatch(r"-?\d+\.\d{3,}", text), f"{view}: unrounded {text!r}"
        assert all(cells.headers), f"{view}: a column without a header (an index?)"


def test_client_views_name_no_file_command_or_setting(first_workshop):
    for view, html in client_outputs(first_workshop).items():
        for word in ("engagement.toml", "workbench run", ".csv", "stakeholder_map", "snapshots/"):
            assert word not in html, f"{view} mentions {word}"


def test_changes_tables_show_names_not_ids(workshop):
    html = views.changes(workshop).data
    assert not RAW_ID.search(html)
    names = workshop.stakeholders.set_index("id")["name"]
    added = workshop.diff["relationships_added"].iloc[0]
    arrow = f"{names[added['source']]} → {names[added['target']]}"
    assert arrow.replace("&", "&amp;") in html
    frames = views.change_frames(workshop)
    assert frames["relationships_added"][1] == ["relationship", "kind"]
    moved = workshop.diff["quadrant_moves"]
    assert set(moved["name"]) <= set(_cells(html).cells)


def test_changes_name_those_who_left_in_ended_relationships(workshop):
    frame, _ = views.change_frames(workshop)["relationships_removed"]
    gone = workshop.diff["stakeholders_removed"]
    ended = frame[frame["source"].isin(gone["id"]) | frame["target"].isin(gone["id"])]
    assert len(ended)
    for relationship in ended["relationship"]:
        assert any(name in relationship for name in gone["name"])


def test_disputed_stakeholders_come_most_disputed_first(workshop):
    table = views.disputed_stakeholders(workshop)
    assert len(table) >= 6
    spreads = table[["influence_spread", "interest_spread", "attitude_spread"]].max(axis=1)
    assert spreads.is_monotonic_decreasing and (spreads >= 2).all()
    html = views.disagreements(workshop).data
    assert all(name.replace("&", "&amp;") in html for name in table["name"])


def test_wording_labels_every_column_of_the_results_once(workshop):
    frames = {
        "summary": workshop.summary,
        "consensus": workshop.consensus,
        "what_if": workshop.what_if,
        "at_risk": workshop.at_risk,
        **{key: frame for key, frame in workshop.diff.items()},
    }
    for name, frame in frames.items():
        renamed = frame.rename(columns=wording.COLUMN_LABELS).columns
        assert set(frame.columns) <= set(wording.COLUMN_LABELS), name
        assert renamed.is_unique, name
        assert not any(SNAKE.search(c) for c in renamed), name
    assert set(wording.FORMATS) <= set(wording.COLUMN_LABELS)
    glossed = set(wording.GLOSSARY)
    assert glossed <= set(wording.COLUMN_LABELS.values()) | {"Attitude score"}


# --- charts ----------------------------------------------------------------------------------
def test_salience_matrix_counts_equal_the_crosstab(workshop):
    summary = workshop.summary
    crosstab = pd.crosstab(summary["salience"], summary["attitude_band"])
    data = views.salience_chart(summary).data
    drawn = data.pivot(index="salience", columns="attitude", values="count").fillna(0)
    for salience, row in crosstab.iterrows():
        for band, count in row.items():
            expected = drawn.loc[salience.capitalize()].get(band.capitalize(), 0)
            assert int(expected) == count, (salience, band)
    assert data["color"].tolist() == data["band"].map(palette.ATTITUDE).tolist()
    html = views.salience_matrix(workshop).data
    assert "<svg" in html and "Definitive" in html and "<table" not in html


def test_brokers_chart_draws_the_what_if(workshop):
    data = views.brokers_chart(workshop).data
    expected = workshop.what_if.set_index("removed")
    assert len(data) == len(expected)
    for row in data.itertuples():
        assert row.reach_lost_pct == expected.loc[row.removed, "reach_lost_pct"]
        assert row.name == workshop.stakeholders.set_index("id").loc[row.removed, "name"]
    assert data["reach_lost_pct"].is_monotonic_decreasing
    html = views.brokers(workshop).data
    assert "<svg" in html and not RAW_ID.search(html)
    top = data.iloc[0]
    assert f"({top.reach_lost:,} pairs)" in html


def test_communities_chart_and_table_cover_everyone(workshop):
    table = views.community_members(workshop)
    assert table["members"].sum() == len(workshop.summary)
    assert table["community"].str.fullmatch(r"Community \d+").all()
    bars = views.communities_chart(workshop).layer[0].data
    assert bars["members"].sum() == len(workshop.summary)
    html = views.communities(workshop).data
    assert "Most central member" in html and "<svg" in html
    central = workshop.summary.sort_values(["betweenness", "id"], ascending=[False, True])
    assert central.iloc[0]["name"].replace("&", "&amp;") in html


# --- the what-if panel -----------------------------------------------------------------------
def test_what_if_panel_starts_with_the_most_central_and_follows_the_picker(workshop):
    panel = views.what_if_panel(workshop)
    top = workshop.summary.sort_values(["betweenness", "id"], ascending=[False, True]).iloc[0]
    assert panel.picker.value == top["id"]
    assert f"If {top['name']} left".replace("&", "&amp;") in panel.result.value
    # The map, shared with the explorer above, shows everyone until someone is picked.
    assert "Relationship network without" not in panel.map.value
    other = workshop.summary.iloc[-1]
    panel.picker.value = other["id"]
    assert other["name"].replace("&", "&amp;") in panel.result.value
    assert "Without them" in panel.result.value and "reach_lost" not in panel.result.value
    assert not RAW_ID.search(panel.result.value)
    assert "wb-filters" in panel.choice._dom_classes
    assert panel._repr_mimebundle_()["text/html"] == panel.static_html()
    assert "<iframe" in panel.map.value and panel.map.value in panel.static_html()
    before = panel.map.value
    panel.picker.value = top["id"]
    assert panel.map.value != before  # the map shows who is removed
    assert "Relationship network without" in panel.map.value
    assert panel.result.value in panel.static_html()


def test_what_if_sentence_counts_the_pairs_cut_off(workshop):
    cut = whatif.cut_points(workshop.graph).iloc[0].to_dict()
    sentence = views.what_if_sentence(cut)
    assert f"{cut['reach_lost']:,} pairs" in sentence and "could no longer reach" in sentence


# --- at risk ---------------------------------------------------------------------------------
def test_at_risk_cards_one_per_stakeholder_with_the_reason(workshop):
    html = views.at_risk_cards(workshop).data
    frame = workshop.at_risk
    assert html.count('class="wb-card"') == len(frame) > 0
    assert "minmax(" in html  # the cards wrap: one column on a phone
    for _, row in frame.iterrows():
        reasons = views.risk_reasons(workshop, row)
        assert len(reasons) == row["n_reasons"]
        for sentence in reasons:
            assert sentence.replace("&", "&amp;").replace("'", "&#x27;") in html
    splits = frame[frame["reasons"].str.contains(analysis.REASON_SPLITS)].iloc[0]
    pairs = re.search(r"\((\d+) pairs", splits["reasons"]).group(1)
    assert f"{pairs} pairs of other stakeholders" in html
    blocker = palette.ATTITUDE["blocker"]
    assert f"background:{blocker}" in html


# --- empty states and the consultant ---------------------------------------------------------
def test_missing_data_show_empty_states_not_findings(first_workshop, unconnected):
    assert "No individual ratings yet" in views.disagreements(first_workshop).data
    changes = views.changes(first_workshop).data
    assert "The first workshop" in changes and "changes appear from the next one" in changes.lower()
    assert 'class="wb-empty"' in changes
    for view in (views.brokers, views.communities):
        html = view(unconnected).data
        assert 'class="wb-empty"' in html and "No relationships recorded yet" in html
    assert views.what_if_panel(unconnected).data == ""
    at_risk = views.at_risk_cards(first_workshop).data
    assert "from the second workshop on" in at_risk


def test_consultant_notes_say_what_to_add_and_run(first_workshop, workshop):
    notes = views.consultant_notes(first_workshop).data
    assert "ratings.csv" in notes and "Save today" in notes and "workbench run" in notes
    assert "ratings.csv" not in views.consultant_notes(workshop).data


def test_hostile_names_are_escaped_in_every_view(hostile_workshop):
    outputs = client_outputs(hostile_workshop)
    for view, html in outputs.items():
        assert HTML_NAME not in html, view
    for view in ("explorer", "changes"):
        assert hostile.HOSTILE_ESCAPED in outputs[view], view


def test_old_cell_names_still_render(workshop):
    assert views.consensus_table(workshop).data == views.disagreements(workshop).data
    assert views.at_risk_table is views.at_risk_cards
