"""The stakeholder app of a 5,000-person register: summarised, paged, one shared map.

The register is the seeded one of ``benchmarks/big_register.py`` (5,000 stakeholders, 25,000
relationships, 5,000 ratings). The first tests check what the views send; the browser test
serves the template on it with the real portal and drives Chromium: the page opens on the
grouped overview and a paged table, and both paging and the search box reach a stakeholder
who is not on the first page. The timings are printed by ``benchmarks/big_app.py``.
"""

from __future__ import annotations

from pathlib import Path

import benchmark_scripts
import live
import pytest
from demo import hostile
from live import wait_for

from workbench.portal.serve import PortalSettings
from workbench.stakeholders import views
from workbench.stakeholders import workshop as mapping
from workbench.testing import browser

APP = "stakeholder_mapping.ipynb"
TABLE = ".wb-explorer .wb-pager"


@pytest.fixture(scope="module")
def big_engagement(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("big-app") / "register"
    return benchmark_scripts.load("big_register").make_engagement(root, 5_000, 25_000, 5_000)


@pytest.fixture(scope="module")
def big(big_engagement):
    return mapping.analyse(big_engagement)


@pytest.fixture(scope="module")
def demo():
    return mapping.analyse("demo")


def _far_down(workshop) -> dict:
    """A stakeholder the explorer's table lists far from its first page."""
    return views.ordered_for_display(workshop.summary).iloc[3_000].to_dict()


def _outputs(workshop) -> dict[str, str]:
    explorer = views.stakeholder_explorer(workshop)
    shown = {"explorer": explorer.static_html()}
    for name in ("disagreements", "brokers", "what_if_panel", "communities", "at_risk_cards"):
        out = getattr(views, name)(workshop)
        shown[name] = out.static_html() if hasattr(out, "static_html") else out.data
    return shown


def test_no_view_sends_every_stakeholder_at_5000(big):
    names = set(big.summary["name"])
    for view, html in _outputs(big).items():
        named = sum(name in html for name in names)
        assert named <= 120, f"{view} names {named} stakeholders"
    explorer = views.stakeholder_explorer(big)
    assert 'class="wb-dot"' not in explorer.grid.value  # bubbles, not 5,000 dots
    assert explorer.grid.value.count('class="wb-bubble"') == 25  # one per pair of ratings
    assert "Showing 1–25 of 5,000 stakeholders." in explorer.table.status.value
    assert "each dot is a group" in explorer.map.value


def test_the_explorers_search_reaches_anyone(big):
    explorer = views.stakeholder_explorer(big)
    person = _far_down(big)
    assert person["name"] not in explorer.table.body.value
    explorer.table.finder.value = person["name"]
    assert person["name"] in explorer.table.body.value


def test_the_what_if_picker_finds_anyone_among_5000(big):
    panel = views.what_if_panel(big)
    assert len(panel.picker.options) == 30
    quiet = big.summary.sort_values(["betweenness", "id"]).iloc[0]
    assert quiet["id"] not in dict(panel.picker.options).values()
    panel.finder.value = quiet["name"]
    assert panel.picker.value == quiet["id"]
    assert f"If {quiet['name']}" in panel.result.value
    assert quiet["group"] in panel.map.value  # the grouped map outlines their group


def test_the_explorer_and_the_what_if_show_one_map(demo):
    explorer = views.stakeholder_explorer(demo)
    panel = views.what_if_panel(demo)
    assert panel.map is explorer.map  # one widget: its data reach the browser once
    ranked = demo.summary.sort_values(["betweenness", "id"], ascending=[False, True])
    other = ranked.iloc[1]  # the picker starts at the first
    panel.picker.value = other["id"]
    assert f"without {other['name']}" in explorer.map.value
    explorer.quadrant.value = "key players"  # the explorer's filter keeps the removal
    assert f"without {other['name']}" in panel.map.value


# --- in Chromium, served by the portal --------------------------------------------------------
@pytest.mark.browser
def test_the_big_app_opens_grouped_and_paged_and_reaches_anyone(
    big_engagement, big, chromium, tmp_path
):
    folder = hostile.demo_apps(big_engagement, tmp_path / "apps", [APP])
    with live.portal(folder, PortalSettings(warm_kernels=0)) as server:
        page = chromium.new_page(viewport={"width": 1440, "height": 900})
        page.set_default_timeout(120_000)  # the visit's kernel analyses 5,000 stakeholders
        record = browser.record(page)
        page.goto(f"{server.url}/voila/render/{APP}", wait_until="domcontentloaded")
        browser.wait_until_rendered(page, timeout_ms=240_000)
        frame = page.locator(".wb-explorer iframe[sandbox]").first.content_frame
        assert "each dot is a group" in frame.locator("#head p").inner_text()
        bubbles = page.locator(".wb-explorer svg.wb-grid .wb-bubble")
        wait_for(lambda: bubbles.count() == 25, "the grid's 25 bubbles")  # count() never waits
        status = page.locator(f"{TABLE} .wb-pager-status")
        assert "Showing 1–25 of 5,000 stakeholders." in status.inner_text()
        table = page.locator(f"{TABLE} table.wb-table")
        wait_for(lambda: table.locator("tbody tr").count() == 25, "the first page's 25 rows")

        page.locator(TABLE).get_by_role("button", name="Next ›").click()
        wait_for(lambda: "Showing 26–50 of 5,000" in status.inner_text(), "the second page")
        second = views.ordered_for_display(big.summary).iloc[30]["name"]
        assert second in table.inner_text()

        person = _far_down(big)
        finder = page.locator(f"{TABLE} input[type=text]")
        finder.fill(person["name"])
        finder.press("Enter")
        wait_for(lambda: person["name"] in table.inner_text(), "the search to find them")
        wait_for(lambda: "match" in status.inner_text(), "the line saying how many match")
        assert record.errors == []
        page.close()
