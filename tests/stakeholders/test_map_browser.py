"""The stakeholder network map in Chromium: in the served demo app, and as a page on its own.

The app tests drive the real Voila app of the session's demo portal; the page tests load one
map (made here, with hostile names) into a blank page, which is quicker and needs no kernel.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest
from live import wait_for
from playwright.sync_api import Error as PlaywrightError

from workbench.core.labels import ALL
from workbench.present import palette
from workbench.stakeholders import netmap, network, positions
from workbench.stakeholders import workshop as mapping
from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/stakeholder_mapping.ipynb"
MAP = ".wb-explorer iframe[sandbox]"
PHONE = {"width": 390, "height": 844}
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def workshop():
    return mapping.analyse("demo")


def _visit(chromium, url: str, **page_options):
    """A recorded page at the app once its map is there (generous deadlines: shared machine)."""
    page = chromium.new_page(**page_options)
    record = browser.record(page)
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(".wb-explorer svg.wb-grid", timeout=180_000)
    page.wait_for_selector(MAP, timeout=60_000)
    return page, record


@pytest.fixture(scope="module")
def app(demo_portal, chromium):
    """One visit to the demo app at a desktop size."""
    page, record = _visit(chromium, demo_portal.url + APP)
    yield page, record
    page.close()


@pytest.fixture(scope="module")
def phone(demo_portal, chromium):
    """One visit to the demo app on a phone-sized screen."""
    page, record = _visit(chromium, demo_portal.url + APP, viewport=PHONE)
    yield page, record
    page.close()


def _ready_map(page, note: str = "", selector: str = MAP):
    """The frame of the map on ``page`` once it is drawn with exactly this note above it.

    The unfiltered map has no note (``""``). A filter replaces the iframe, so the frame is
    looked up again until the new map is ready.
    """

    def ready():
        try:
            frame = page.locator(selector).first.element_handle().content_frame()
            shown = frame.evaluate(
                "() => document.body && document.body.getAttribute('data-ready') === '1' ? "
                "(document.querySelector('#head p') || {textContent: ''}).textContent : null"
            )
        except (PlaywrightError, AttributeError):
            return None  # the iframe is being replaced
        return frame if shown == note else None

    return wait_for(ready, f"the map with the note {note!r}")


def _ends(edge) -> tuple[str, str]:
    return tuple(sorted(edge))


def test_group_filter_keeps_every_cross_group_tie_on_the_map(app, workshop):
    page, record = app
    graph, summary = workshop.graph, workshop.summary
    group = nx.get_node_attributes(graph, "group")
    chosen = summary["group"].value_counts().index[0]  # the largest group
    members = set(summary.loc[summary["group"] == chosen, "id"])
    crossing = sorted(_ends(e) for e in graph.edges(members) if group[e[0]] != group[e[1]])
    outside = {w for v in members for w in graph.adj[v] if group[w] != chosen}
    assert crossing, "the demo's largest group should have ties to other groups"
    dropdown = page.locator(".wb-explorer .widget-dropdown select").first  # Group
    dropdown.select_option(label=chosen)
    try:
        note = (
            f"{chosen}: {len(members)} member(s) and {len(outside)} direct contact(s) "
            "in other groups."
        )
        frame = _ready_map(page, note)
        drawn = frame.evaluate(
            "() => workbenchMap.edges.get().map(e => [e.from, e.to, e.color.opacity])"
        )
        on_map = sorted(_ends((a, b)) for a, b, _ in drawn if (a in members) != (b in members))
        assert len(on_map) == len(crossing) > 0
        assert on_map == crossing
        lit = {_ends((a, b)): opacity for a, b, opacity in drawn}
        assert all(lit[e] == 1 for e in crossing)  # in colour, not dimmed
        assert len(drawn) == graph.number_of_edges()
        assert sorted(frame.evaluate("() => workbenchMap.nodes.getIds()")) == sorted(graph)
        faded = frame.evaluate(
            "() => workbenchMap.nodes.get().filter(n => n.opacity < 1).map(n => n.id)"
        )
        assert sorted(faded) == sorted(set(graph) - members)
    finally:
        dropdown.select_option(label=ALL)
    _ready_map(page)  # back to everyone, for the tests after this one
    assert record["errors"] == []


def test_search_box_selects_focuses_and_labels_a_stakeholder(app, workshop):
    page, _ = app
    frame = _ready_map(page)
    # Someone peripheral, whose label is not shown until asked for.
    quiet = workshop.summary.sort_values(["betweenness", "id"]).iloc[0]
    assert frame.evaluate("id => workbenchMap.nodes.get(id).label", quiet["id"]) == ""
    frame.fill("#find", quiet["name"].upper())
    try:
        wait_for(
            lambda: quiet["id"] in frame.evaluate("() => workbenchMap.network.getSelectedNodes()"),
            "the search to select the stakeholder",
        )
        label = frame.evaluate("id => workbenchMap.nodes.get(id).label", quiet["id"])
        assert label == quiet["name"]

        def centred():
            where = frame.evaluate(
                """id => {
                  const net = workbenchMap.network, at = net.getPositions([id])[id];
                  const view = net.getViewPosition();
                  return [at.x - view.x, at.y - view.y, net.getScale(), workbenchMap.fitScale];
                }""",
                quiet["id"],
            )
            return math.hypot(where[0], where[1]) < 1 and where[2] > where[3] * 1.5

        wait_for(centred, "the map to centre and zoom on the stakeholder")
        assert quiet["name"] in frame.locator("#found").inner_text()
    finally:
        frame.click("#reset")
    wait_for(
        lambda: frame.evaluate("() => workbenchMap.network.getSelectedNodes().length") == 0,
        "reset to clear the search",
    )
    assert frame.input_value("#find") == ""


def test_a_click_on_an_unlabelled_dot_names_it(app, workshop):
    page, _ = app
    frame = _ready_map(page)
    quiet = workshop.summary.sort_values(["betweenness", "id"]).iloc[1]
    label = "id => workbenchMap.nodes.get(id).label"
    assert frame.evaluate(label, quiet["id"]) == ""
    # Close up, so no other dot or line is under the pointer.
    frame.evaluate(
        "id => workbenchMap.network.focus(id, {scale: 4, animation: false})", quiet["id"]
    )
    spot = frame.evaluate(
        """id => { const net = workbenchMap.network;
                   const at = net.canvasToDOM(net.getPositions([id])[id]);
                   const box = document.getElementById('map').getBoundingClientRect();
                   return {x: box.left + at.x, y: box.top + at.y}; }""",
        quiet["id"],
    )
    frame.locator("body").click(position=spot)
    try:
        wait_for(lambda: frame.evaluate(label, quiet["id"]) == quiet["name"], "the dot's name")
    finally:
        frame.click("#reset")
    wait_for(lambda: frame.evaluate(label, quiet["id"]) == "", "reset to hide the name again")


def test_zoom_buttons_and_fit_change_the_view(app):
    page, _ = app
    frame = _ready_map(page)
    scale = "() => workbenchMap.network.getScale()"
    frame.click("#fit")
    fitted = wait_for(lambda: frame.evaluate(scale), "a scale")
    frame.click("#zoom-in")
    wait_for(lambda: frame.evaluate(scale) > fitted * 1.3, "zoom in to enlarge the map")
    frame.click("#zoom-out")
    frame.click("#zoom-out")
    wait_for(lambda: frame.evaluate(scale) < fitted * 0.8, "zoom out to shrink the map")
    frame.click("#fit")
    wait_for(lambda: abs(frame.evaluate(scale) - fitted) < fitted * 0.01, "fit to restore")


def test_labels_are_readable_at_the_first_fit(phone):
    page, _ = phone
    frame = _ready_map(page)
    size, fit, shown = frame.evaluate(
        "() => [workbenchMap.labelSize, workbenchMap.fitScale,"
        " workbenchMap.nodes.get().filter(n => n.label).length]"
    )
    assert size * fit >= 10  # pixels on screen
    assert shown >= 5  # the most central people are named without hovering


def test_the_map_fits_a_phone_screen(phone):
    page, record = phone
    frame = _ready_map(page)
    width, inner = frame.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner  # no sideways scrolling inside the map
    box = page.locator(MAP).first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    controls = frame.evaluate(
        """() => [...document.querySelectorAll('#tools button, #tools input, #tools select')]
             .map(c => { const r = c.getBoundingClientRect();
                         return [c.id, r.height, r.left, r.right, r.top]; })"""
    )
    assert {c[0] for c in controls} >= {"find", "zoom-in", "zoom-out", "fit", "reset"}
    for name, height, left, right, _ in controls:
        assert height >= 32, name
        assert left >= 0 and right <= inner, name
    assert len({round(top) for *_, top in controls}) > 1  # the controls wrapped onto rows
    assert record["errors"] == []


# --- the page on its own ----------------------------------------------------------------------
@pytest.fixture
def hostile_page(chromium):
    """A map whose most connected stakeholder carries HTML in the name, in a blank page."""
    people = pd.DataFrame(
        {
            "id": ["e", "a", "b", "c"],
            "name": [EVIL, "Ann", "Bo", "Cy"],
            "group": ["Ops", "Ops", "Sales", "Board"],
        }
    )
    links = pd.DataFrame(
        {
            "source": ["e", "e", "e", "a"],
            "target": ["a", "b", "c", "b"],
            "kind": ["informs"] * 4,
            "strength": [3, 2, 5, 1],
            "sentiment": [1, -1, 0, 2],
        }
    )
    graph = network.build_graph(people, links)
    details = pd.DataFrame(
        {"id": ["e", "a", "b", "c"], "attitude_band": ["blocker", "champion", "critic", None]}
    )
    view = netmap.network_map(
        graph, network.centrality(graph), positions.layout(graph), details=details
    )
    page = chromium.new_page(viewport={"width": 900, "height": 800})
    record = browser.record(page)
    page.set_content(f"<!DOCTYPE html><body style='margin:0'>{view.data}</body>")
    yield page, record, _ready_map(page, selector="iframe[sandbox]")
    page.close()


def test_hostile_names_stay_text_in_search_labels_and_tooltips(hostile_page):
    page, record, frame = hostile_page
    # Where the dot is on the page: canvas coordinates, the canvas in the frame, the frame.
    spot = frame.evaluate(
        """() => { const net = workbenchMap.network;
                   const at = net.canvasToDOM(net.getPositions(['e']).e);
                   const box = document.getElementById('map').getBoundingClientRect();
                   return {x: box.left + at.x, y: box.top + at.y}; }"""
    )
    offset = page.locator("iframe[sandbox]").bounding_box()
    x, y = offset["x"] + spot["x"], offset["y"] + spot["y"]
    page.mouse.move(x + 3, y + 3)
    page.mouse.move(x, y, steps=2)
    tooltip = frame.locator("div.vis-tooltip")
    wait_for(
        lambda: tooltip.inner_text().startswith(EVIL + "\nGroup: Ops\nAttitude: blocker"),
        "the tooltip to show the name as text",
    )
    assert frame.evaluate("() => workbenchMap.nodes.get('e').label") == EVIL  # as plain text
    frame.fill("#find", "onerror")
    wait_for(lambda: EVIL in frame.locator("#found").inner_text(), "the search to name it")
    assert frame.evaluate("() => workbenchMap.nodes.get('e').label") == EVIL
    titles = frame.evaluate("() => workbenchMap.edges.get().map(e => e.title)")
    assert sum(t.startswith(EVIL + " \u2013 ") for t in titles) == 3  # names put back as text
    assert frame.evaluate("() => document.querySelectorAll('img').length") == 0
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert record["dialogs"] == [] and record["errors"] == []


def test_the_colour_switch_recolours_the_map_and_its_key(hostile_page):
    _, record, frame = hostile_page
    colour = "id => workbenchMap.nodes.get(id).color.background"
    assert frame.evaluate(colour, "e") == palette.ATTITUDE["blocker"]
    assert frame.locator("[data-coloring='0']").is_visible()
    frame.select_option("#colour-by", label="Community")
    wait_for(lambda: frame.evaluate(colour, "e") in palette.CATEGORY, "community colours")
    assert frame.locator("[data-coloring='1']").is_visible()
    assert not frame.locator("[data-coloring='0']").is_visible()
    frame.click("#reset")
    wait_for(lambda: frame.evaluate(colour, "e") == palette.ATTITUDE["blocker"], "reset colours")
    assert record["errors"] == []
