"""Tests for workbench.stakeholders.netmap: the safe, self-contained network map."""

from __future__ import annotations

import html
import json
import re

import networkx as nx
import pandas as pd
import pytest

from workbench.core.guards import FrameError
from workbench.present import network_chart, palette
from workbench.stakeholders import netmap, network, positions, views
from workbench.stakeholders import workshop as mapping

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def graph() -> nx.Graph:
    people = pd.DataFrame(
        {
            "id": ["s1", "s2", "s3", "s4", "s5", "s6"],
            "name": [EVIL, "Tom & Jerry", "Line\u2028Break", "Dee", "Eve", 'Quote "Q"'],
            "group": ["Ops", "Ops", "Ops", "Sales", "Sales", "Board"],
        }
    )
    links = pd.DataFrame(
        {
            "source": ["s1", "s2", "s3", "s4", "s3"],
            "target": ["s2", "s3", "s1", "s5", "s4"],
            "kind": ["informs", "works with", "informs", "supplies", "influences"],
            "strength": [5, 4, 3, 2, 1],
            "sentiment": [2, 1, 0, -1, -2],
        }
    )
    return network.build_graph(people, links)


@pytest.fixture
def parts(graph):
    return graph, network.centrality(graph), positions.layout(graph)


def _data(page: str) -> dict:
    """The JSON the page hands to vis-network (still valid JSON after the \\u escapes)."""
    found = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page)
    assert found, "the page carries no data"
    return json.loads(found.group(1))


def _inner(view) -> dict:
    """The data inside the iframe that network_map returns."""
    srcdoc = re.search(r'srcdoc="(.*?)"', view.data, flags=re.S).group(1)
    return _data(html.unescape(srcdoc))


def _page(parts, **kwargs) -> str:
    nodes, edges = netmap.nodes_edges(*parts, "community", "betweenness")
    return network_chart.map_html(nodes, edges, **kwargs)


def test_names_are_text_never_markup(parts):
    page = _page(parts, title="<script>alert(3)</script>")
    assert "<img" not in page.lower()
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "<script>alert(3)" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page  # the heading, escaped once
    assert "\u2028" not in page and "\\u2028" in page
    # Escaped exactly once: the browser gets the original names back, not "&amp;".
    labels = _data(page)["nodes"]["label"]
    assert EVIL in labels and "Tom & Jerry" in labels and 'Quote "Q"' in labels


def test_page_makes_no_external_request(parts):
    page = _page(parts)
    assert 'src="http' not in page and 'href="http' not in page
    assert "<link" not in page and "<script src" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # The only URLs are inside the inlined vis-network code (licence and comments).
    vis_js, vis_css = network_chart._vis_assets()
    assert "vis-network" in vis_js and vis_js in page and vis_css in page
    rest = page.replace(vis_js, "").replace(vis_css, "")
    assert "http://" not in rest and "https://" not in rest


def test_in_the_portal_the_page_names_the_served_library_instead(parts):
    page = _page(parts, vis_url="/voila/templates/x/static/")
    vis_js, vis_css = network_chart._vis_assets()
    assert vis_js not in page and vis_css not in page
    assert '<script src="/voila/templates/x/static/vis-network.min.js"></script>' in page
    assert '<link rel="stylesheet" href="/voila/templates/x/static/vis-network.css">' in page
    assert "script-src 'self' 'unsafe-inline'" in page  # only the portal itself may serve it
    served = (
        network_chart.vis_file_bytes("vis-network.min.js").decode("utf-8").replace("\r\n", "\n")
    )
    assert served.startswith(vis_js[:200])


def test_iframe_is_sandboxed_without_same_origin(parts):
    wrapped = network_chart.iframe(_page(parts), height_px=480)
    assert wrapped.startswith('<iframe sandbox="allow-scripts" srcdoc="')
    assert "allow-same-origin" not in wrapped
    assert "width: 100%" in wrapped and "height: 480px" in wrapped and "border: 0" in wrapped
    assert wrapped.count("<") == 2  # only the iframe's own tags: the document is escaped
    assert "&lt;!DOCTYPE html&gt;" in wrapped
    assert "<img" not in wrapped.lower()


def test_physics_follows_positions_and_size():
    nodes = pd.DataFrame({"id": ["a", "b"], "label": ["A", "B"]})
    edges = pd.DataFrame({"source": ["a"], "target": ["b"]})
    free = _data(network_chart.map_html(nodes, edges))["options"]
    assert free["physics"]["enabled"] is True
    placed = nodes.assign(x=[0.0, 10.0], y=[5.0, 0.0])
    assert _data(network_chart.map_html(placed, edges))["options"]["physics"]["enabled"] is False
    crowded = network_chart.map_html(nodes, edges, physics_limit=1)
    assert _data(crowded)["options"]["physics"]["enabled"] is False
    forced = network_chart.map_html(placed, edges, physics=True)
    assert _data(forced)["options"]["physics"]["enabled"] is True


def test_map_html_checks_its_frames():
    with pytest.raises(FrameError, match="nodes frame: missing column.*'label'"):
        network_chart.map_html(
            pd.DataFrame({"id": ["a"]}), pd.DataFrame({"source": [], "target": []})
        )
    with pytest.raises(FrameError, match="edges frame: missing column.*'target'"):
        network_chart.map_html(
            pd.DataFrame({"id": ["a"], "label": ["A"]}), pd.DataFrame({"source": []})
        )


def test_nodes_edges_colours_sizes_and_tooltips(parts):
    graph, scores, positions = parts
    nodes, edges = netmap.nodes_edges(graph, scores, positions, "community", "betweenness")
    assert nodes.columns.tolist()[:11] == [
        "id",
        "label",
        "group",
        "title",
        "size",
        "color",
        "x",
        "y",
        "pinned",
        "dimmed",
        "border",
    ]
    assert {"color_community", "color_group"} <= set(nodes.columns)
    assert edges.columns.tolist() == [
        "source",
        "target",
        "width",
        "title",
        "color",
        "dimmed",
        "dashes",
    ]
    row = nodes.set_index("id")
    community = scores.set_index("id")["community"]
    # Colours follow the sorted categories, so community 1 always gets the first colour.
    assert row.loc[community[community == 1].index, "color"].eq(netmap.PALETTE[0]).all()
    busiest = scores.sort_values("betweenness").iloc[-1]["id"]
    assert row.loc[busiest, "size"] == nodes["size"].max()
    assert row.loc["s1", "title"].startswith(EVIL + "\nGroup: Ops\n")
    negative = edges[(edges["source"] == "s4") & (edges["target"] == "s5")]
    assert negative["color"].tolist() == [netmap.NEGATIVE_EDGE]
    by_group, _ = netmap.nodes_edges(graph, scores, positions, "group", "degree")
    assert by_group.set_index("id").loc["s6", "color"] == netmap.PALETTE[0]  # "Board" first


def test_nodes_edges_reports_missing_inputs(parts):
    graph, scores, positions = parts
    with pytest.raises(FrameError, match="no row for 1 stakeholder.*s6.*network.centrality"):
        netmap.nodes_edges(graph, scores[scores["id"] != "s6"], positions, "community", "degree")
    with pytest.raises(FrameError, match="no x/y for 1 stakeholder.*s2.*positions.layout"):
        netmap.nodes_edges(graph, scores, positions[positions["id"] != "s2"], "group", "degree")
    with pytest.raises(FrameError, match="Cannot colour the map by 'mood'"):
        netmap.nodes_edges(graph, scores, positions, "mood", "degree")
    with pytest.raises(FrameError, match="centrality frame: missing column.*'reach'"):
        netmap.nodes_edges(graph, scores, positions, "group", "reach")


def test_network_map_returns_a_sandboxed_iframe(parts):
    view = netmap.network_map(*parts)
    assert 'sandbox="allow-scripts"' in view.data and "<img" not in view.data.lower()


def test_network_map_shows_groups_beyond_max_nodes(parts):
    view = netmap.network_map(*parts, max_nodes=3)
    data = _inner(view)
    assert sorted(data["nodes"]["label"]) == ["Board (1)", "Ops (3)", "Sales (2)"]
    assert sorted(zip(data["edges"]["from"], data["edges"]["to"], strict=True)) == [
        ("Ops", "Sales")
    ]
    assert "Pick a group to open it" in html.unescape(view.data)


def test_network_map_opens_one_group_with_its_contacts(parts):
    data = _inner(netmap.network_map(*parts, max_nodes=3, open_group="Sales"))
    # Sales members s4, s5 plus s3 (Ops), who is related to s4.
    assert sorted(data["nodes"]["id"]) == ["s3", "s4", "s5"]
    with pytest.raises(ValueError, match=r"no group 'Legal'.*it has Board, Ops"):
        netmap.network_map(*parts, open_group="Legal")


def test_maps_of_empty_and_edgeless_networks_render():
    empty = nx.Graph()
    data = _inner(netmap.network_map(empty, network.centrality(empty), positions.layout(empty)))
    assert data["nodes"]["id"] == [] and data["edges"]["from"] == []
    people = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "group": ["x", "y"]})
    links = pd.DataFrame(columns=["source", "target", "kind", "strength", "sentiment"])
    alone = network.build_graph(people, links)
    parts = (alone, network.centrality(alone), positions.layout(alone))
    assert _inner(netmap.network_map(*parts))["nodes"]["id"] == ["a", "b"]
    assert _inner(netmap.network_map(*parts, max_nodes=1))["nodes"]["label"] == ["x (1)", "y (1)"]


# --- filters highlight, they do not cut ------------------------------------------------------
def _by_id(data: dict, column: str) -> dict:
    return dict(zip(data["nodes"]["id"], data["nodes"][column], strict=True))


def _edges(data: dict) -> list[tuple]:
    """(from, to, dimmed, dashed) for every edge the page draws."""
    cols = data["edges"]
    count = len(cols["from"])
    dimmed = cols.get("dimmed", [0] * count)
    dashes = cols.get("dashes", [0] * count)
    return sorted(zip(cols["from"], cols["to"], dimmed, dashes, strict=True))


def _note(view) -> str:
    found = re.search(r'<div id="head"><h1>.*?</h1><p>(.*?)</p>', html.unescape(view.data))
    return html.unescape(found.group(1)) if found else ""


def test_a_selection_dims_the_rest_but_keeps_every_stakeholder_and_tie(parts):
    graph = parts[0]
    data = _inner(netmap.network_map(*parts, selected=["s4", "s5"]))
    assert sorted(data["nodes"]["id"]) == sorted(graph)  # nobody is cut away
    assert len(data["edges"]["from"]) == graph.number_of_edges()
    dimmed = _by_id(data, "dimmed")
    assert {k for k, v in dimmed.items() if v} == {"s1", "s2", "s3", "s6"}
    drawn = {(a, b): bool(d) for a, b, d, _ in _edges(data)}
    # Ties touching the selection stay in colour, the cross-group tie s3-s4 included.
    assert drawn[("s3", "s4")] is False and drawn[("s4", "s5")] is False
    assert drawn[("s1", "s2")] and drawn[("s2", "s3")] and drawn[("s1", "s3")]
    assert data["view"]["dimmed"] == palette.DIMMED
    assert 0 < data["view"]["dimOpacity"] < 1
    # Nothing to set aside: no dimming at all, and the flag does not travel.
    for everyone in (None, list(graph)):
        assert "dimmed" not in _inner(netmap.network_map(*parts, selected=everyone))["nodes"]


def test_selected_and_removed_must_name_stakeholders_of_the_network(parts):
    with pytest.raises(ValueError, match="selected names 1 stakeholder.*nobody"):
        netmap.network_map(*parts, selected=["s1", "nobody"])
    with pytest.raises(ValueError, match="removed names 1 stakeholder.*ghost"):
        netmap.network_map(*parts, removed="ghost")


@pytest.fixture
def hub_parts():
    """Hana (group A) knows one colleague and three people in groups B, C and D."""
    people = pd.DataFrame(
        {
            "id": ["h", "a2", "b1", "c1", "d1", "b2"],
            "name": ["Hana", "Ari", "Bea", "Cai", "Dov", "Bo"],
            "group": ["A", "A", "B", "C", "D", "B"],
        }
    )
    pairs = [("h", "a2"), ("h", "b1"), ("h", "c1"), ("h", "d1"), ("b1", "b2")]
    links = pd.DataFrame(
        {
            "source": [a for a, _ in pairs],
            "target": [b for _, b in pairs],
            "kind": ["works with"] * 5,
            "strength": [3] * 5,
            "sentiment": [1] * 5,
        }
    )
    graph = network.build_graph(people, links)
    return graph, network.centrality(graph), positions.layout(graph)


def test_contacts_in_other_groups_are_counted_on_the_whole_network(hub_parts):
    graph = hub_parts[0]
    # The reported case: the filter leaves one stakeholder with three contacts elsewhere.
    view = netmap.network_map(*hub_parts, selected=["h"], open_group="A")
    assert _note(view) == "A: 1 member(s) and 3 direct contact(s) in other groups."
    data = _inner(view)
    assert sorted(data["nodes"]["id"]) == sorted(graph)
    lit = [(a, b) for a, b, dimmed, _ in _edges(data) if not dimmed]
    expected = sorted(tuple(sorted(e)) for e in graph.edges("h"))
    assert sorted(tuple(sorted(e)) for e in lit) == expected
    tip = _by_id(data, "title")["h"]
    assert "Relationships: 4, 3 with people in other groups" in tip
    # The whole group open (no narrower selection): both members, the same three contacts.
    assert _note(netmap.network_map(*hub_parts, open_group="A")) == (
        "A: 2 member(s) and 3 direct contact(s) in other groups."
    )


def test_the_explorer_map_draws_everyone_and_keeps_a_groups_outside_ties():
    workshop = mapping.analyse("demo")
    summary, graph = workshop.summary, workshop.graph
    members = summary.loc[summary["group"] == "Executives", "id"]
    view = views.map_html(workshop, pd.Index(members), "Executives")
    data = _data(html.unescape(re.search(r'srcdoc="(.*?)"', view, flags=re.S).group(1)))
    assert sorted(data["nodes"]["id"]) == sorted(graph)
    group = nx.get_node_attributes(graph, "group")
    crossing = {tuple(sorted((u, v))) for u, v in graph.edges(members) if group[u] != group[v]}
    shown = {(a, b) for a, b, dimmed, _ in _edges(data) if not dimmed}
    assert crossing and crossing <= {tuple(sorted(e)) for e in shown}
    outside = {w for v in members for w in graph.adj[v] if group[w] != "Executives"}
    assert f"Executives: {len(members)} member(s) and {len(outside)} direct contact(s)" in view


# --- labels, keys, colours --------------------------------------------------------------------
@pytest.fixture
def crowd():
    """40 stakeholders in four groups, with a few well-connected brokers."""
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(40, 2, seed=3), lambda i: f"p{i:02d}")
    people = pd.DataFrame(
        {
            "id": list(graph),
            "name": [f"Person {i}" for i in range(40)],
            "group": [f"G{i % 4}" for i in range(40)],
        }
    )
    links = pd.DataFrame(
        {
            "source": [u for u, _ in graph.edges()],
            "target": [v for _, v in graph.edges()],
            "kind": "informs",
            "strength": 2,
            "sentiment": 0,
        }
    )
    built = network.build_graph(people, links)
    return built, network.centrality(built), positions.layout(built)


def test_labels_pin_the_most_central_the_selection_and_the_removed(crowd):
    _, scores, _ = crowd
    ranked = scores.sort_values(["betweenness", "degree", "id"], ascending=[False, False, True])
    central = ranked["id"].head(netmap.CENTRAL_LABELS).tolist()
    quiet = ranked["id"].tail(3).tolist()  # never among the central ones
    removed = ranked["id"].iloc[20]
    data = _inner(netmap.network_map(*crowd, selected=quiet, removed=removed))
    rank = _by_id(data, "pinned")
    assert {k for k, v in rank.items() if v} == {*central, *quiet, removed}
    # Where labels would overlap: the removed one first, then the selection, then the rest.
    assert rank[removed] == 1
    assert max(rank[q] for q in quiet) < min(rank[c] for c in central if c not in quiet)
    options = data["options"]["nodes"]
    assert options["scaling"]["label"]["drawThreshold"] == network_chart.MIN_LABEL_PX + 1
    assert options["font"]["size"] >= network_chart.MIN_LABEL_PX
    assert data["view"]["labelPx"] >= network_chart.MIN_LABEL_PX
    # Without a selection, only the central ones are labelled.
    plain = _by_id(_inner(netmap.network_map(*crowd)), "pinned")
    assert {k for k, v in plain.items() if v} == set(central)


def test_the_key_explains_colour_size_and_lines(parts):
    page = html.unescape(netmap.network_map(*parts, selected=["s1"], removed="s3").data)
    key = re.search(r'<details id="key" open>.*?</details>', page, flags=re.S).group(0)
    assert "Colour: community" in key and "Colour: group" in key
    assert "Dot size" in key and "Brokerage (betweenness)" in key
    assert "Negative sentiment" in key and f"solid {netmap.NEGATIVE_EDGE}" in key
    assert "strength 1" in key and "strength 5" in key
    assert "Dimmed: outside the selection" in key and f"solid {palette.DIMMED}" in key
    assert "Dashed: the ties Line\u2028Break takes away" in key and "dashed" in key
    assert "removed in the what-if" in key
    # Without a selection or a removal, the key does not explain marks that are not there.
    plain = html.unescape(netmap.network_map(*parts).data)
    key = re.search(r'<details id="key" open>.*?</details>', plain, flags=re.S).group(0)
    assert "Dimmed:" not in key and "Dashed:" not in key and "Highlight" not in key


def test_attitude_colours_come_first_with_a_switch_to_community(parts):
    graph, scores, placed = parts
    bands = ["blocker", "critic", "neutral", "supporter", "champion", None]
    details = pd.DataFrame(
        {
            "id": ["s1", "s2", "s3", "s4", "s5", "s6"],
            "attitude_band": bands,
            "influence": [4.1666, 5, 2, 3, 1, 3],
            "interest": [2, 2, 2, 2, 2, 2],
        }
    )
    view = netmap.network_map(graph, scores, placed, details=details)
    data, page = _inner(view), html.unescape(view.data)
    assert data["view"]["colorings"] == ["color_attitude", "color_community", "color_group"]
    attitude = _by_id(data, "color_attitude")
    for sid, band in zip(details["id"], bands, strict=True):
        assert attitude[sid] == palette.ATTITUDE.get(band, netmap.NOT_RATED)
    community = scores.set_index("id")["community"]
    first = sorted(community.unique())
    for sid, colour in _by_id(data, "color_community").items():
        assert colour == palette.CATEGORY[first.index(community[sid]) % len(palette.CATEGORY)]
    judgement = {*palette.ATTITUDE.values(), palette.JUDGEMENT_LOW, palette.JUDGEMENT_HIGH}
    assert not judgement & set(_by_id(data, "color_community").values())
    switch = re.search(r'<select id="colour-by">(.*?)</select>', page).group(1)
    assert re.findall(r">(\w+)</option>", switch) == ["Attitude", "Community", "Group"]
    assert "not rated" in page  # s6 has no attitude band
    # Client wording: words and rounded ratings, names, never ids or column names.
    tips = _by_id(data, "title")
    assert "Attitude: blocker\nInfluence 4.2, interest 2" in tips["s1"]
    for tip in [*tips.values(), *data["edges"]["title"]]:
        assert not re.search(r"\bs\d\b|_", tip), tip
    assert data["edges"]["named"] == [1] * len(data["edges"]["from"])  # names, not ids
    with pytest.raises(FrameError, match="Cannot colour the map by 'attitude'"):
        netmap.network_map(*parts, color_by="attitude")


def test_the_page_has_search_zoom_fit_and_reset_controls(parts):
    page = _page(parts)
    for control in (
        '<input id="find" type="search"',
        '<button type="button" id="zoom-in"',
        '<button type="button" id="zoom-out"',
        '<button type="button" id="fit"',
        '<button type="button" id="reset"',
    ):
        assert control in page
    assert "flex-wrap: wrap" in page and "min-height: 36px" in page
    assert "http" not in network_chart._SCRIPT  # plain script, nothing fetched


def test_a_removed_stakeholder_is_outlined_and_their_ties_dashed(parts):
    graph = parts[0]
    data = _inner(netmap.network_map(*parts, removed="s3"))
    border = _by_id(data, "border")
    assert border == {sid: palette.HIGHLIGHT if sid == "s3" else None for sid in graph}
    dashed = {(a, b) for a, b, _, dash in _edges(data) if dash}
    assert dashed == {tuple(sorted(e)) for e in graph.edges("s3")}
    assert "Removed in the what-if" in _by_id(data, "title")["s3"]


def test_hostile_names_stay_text_in_the_key_note_and_tooltips(parts):
    view = netmap.network_map(*parts, selected=["s1"], removed="s1", open_group="Ops")
    assert "<img" not in view.data.lower()
    page = html.unescape(view.data)  # the document inside the iframe
    assert "<img" not in page.lower()
    assert "Outlined: &lt;img src=x onerror=alert(1)&gt;, removed in the what-if" in page
    data = _inner(view)
    assert _by_id(data, "label")["s1"] == EVIL  # back as the original text in the browser
    assert _by_id(data, "title")["s1"].startswith(EVIL + "\n")


def test_group_view_dims_groups_without_a_selected_member(parts):
    data = _inner(netmap.network_map(*parts, max_nodes=3, selected=["s4"]))
    assert _by_id(data, "dimmed") == {"Board": 1, "Ops": 1, "Sales": 0}
    assert "pinned" not in data["nodes"]  # few dots: every group is labelled
