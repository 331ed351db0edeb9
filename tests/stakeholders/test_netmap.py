"""Tests for workbench.stakeholders.netmap: the safe, self-contained network map."""

from __future__ import annotations

import html
import json
import re

import networkx as nx
import pandas as pd
import pytest

from workbench.core.guards import FrameError
from workbench.present import network_chart
from workbench.stakeholders import netmap, network, positions

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
    assert nodes.columns.tolist() == ["id", "label", "group", "title", "size", "color", "x", "y"]
    assert edges.columns.tolist()[:4] == ["source", "target", "width", "title"]
    row = nodes.set_index("id")
    community = scores.set_index("id")["community"]
    # Colours follow the sorted categories, so community 1 always gets the first colour.
    assert row.loc[community[community == 1].index, "color"].eq(netmap.PALETTE[0]).all()
    busiest = scores.sort_values("betweenness").iloc[-1]["id"]
    assert row.loc[busiest, "size"] == nodes["size"].max()
    assert row.loc["s1", "title"].startswith(EVIL + " (s1)\nGroup: Ops")
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
