"""Tests for workbench.design.views: header, group pages, the model browser and the tables."""

from __future__ import annotations

import json
import re
from html import escape

import pandas as pd
import pytest

from workbench.commands import cli
from workbench.core import paths
from workbench.design import cards, store, views
from workbench.design import workshop as design_workshop
from workbench.design.models import COMMUNALITY_TRAITS, PRINCIPLE_AXES, TYPE_TRAITS
from workbench.present.page import STYLE

CLIENT = '<img src=x onerror=alert("client")>'
GROUP = '<script>alert("group")</script>'  # replaces a group with a model and a finding
BARE = '<b onmouseover="x">Media</b>'  # replaces a group without a model
GHOST = "<u>Ghost</u> partners"  # a model for a group the register does not have
WHY = "<em>why</em> "  # put in front of every override reason
RAW = ("<img", "<script", "<b onm", "<u>", "<em>")


@pytest.fixture(scope="module")
def design():
    return design_workshop.analyse("demo")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, design):
    """A demo copy whose client, groups and override reasons carry HTML."""
    modelled = design.findings["group"].iloc[0]
    bare = next(g for g in design.groups if g not in design.models)
    root = tmp_path_factory.mktemp("design") / "hostile"
    assert cli.main(["new", str(root), "--client", CLIENT, "--demo"]) == 0
    register = root / "inputs" / "stakeholders.csv"
    frame = pd.read_csv(register, dtype=str, keep_default_na=False)
    frame["group"] = frame["group"].replace({modelled: GROUP, bare: BARE})
    register.write_text(frame.to_csv(index=False), encoding="utf-8")
    models = root / "workshop" / "models"
    for file in models.glob("*.toml"):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace('\nreason = "', f'\nreason = "{WHY}'), encoding="utf-8")
    for old, new, keep in ((next(iter(design.models)), GHOST, True), (modelled, GROUP, False)):
        file = models / f"{store.slug(old)}.toml"
        text = file.read_text(encoding="utf-8")
        (models / f"{store.slug(new)}.toml").write_text(
            text.replace(f"group = {json.dumps(old)}", f"group = {json.dumps(new)}"),
            encoding="utf-8",
        )
        if not keep:
            file.unlink()
    result = design_workshop.analyse(root)
    assert {GROUP, GHOST} <= set(result.models) and BARE in result.groups
    assert GROUP in set(result.findings["group"])
    assert any(m.override is not None for m in result.models.values())
    return result


def test_header_counts_groups_models_and_findings(design):
    html = views.header(design).data
    register = pd.read_csv(paths.DEMO_ENGAGEMENT / "inputs" / "stakeholders.csv", dtype=str)
    files = list((paths.DEMO_ENGAGEMENT / "workshop" / "models").glob("*.toml"))
    assert set(design.groups) == set(register["group"])  # every demo model has its group
    facts = (
        f"{register['group'].nunique()} stakeholder groups, {len(files)} with a relationship "
        f"model; {len(design.findings)} finding(s) to discuss."
    )
    assert facts in html
    assert "Northwind Digital Services" in html and "relationship models" in html


def test_header_escapes_the_client_and_the_unmapped_model_warning(hostile):
    html = views.header(hostile).data
    assert not any(raw in html for raw in RAW)
    assert escape(CLIENT) in html
    assert "<summary>1 data warning(s)</summary>" in html
    assert "&lt;u&gt;Ghost&lt;/u&gt; partners" in html
    groups = len(hostile.groups)
    assert f"{groups} stakeholder groups, {len(hostile.models)} with a relationship model" in html


def test_group_html_of_a_group_with_a_model(design):
    group = next(g for g, m in design.models.items() if m.override is not None)
    model, advice = design.models[group], design.recommendation(group)
    html = views.group_html(design, group)
    assert html.count('class="wb-model wb-card"') == 1 and f'data-group="{group}"' in html
    assert f"<dd>{advice['recommended_type']} / {advice['recommended_communality']}</dd>" in html
    assert f'<table class="wb-canvas" data-group="{group}">' in html
    assert html.count("<td") >= len(model.steps) * 5
    assert "No relationship model has been agreed" not in html


def test_group_html_of_a_group_without_a_model_shows_the_suggestion(design):
    group = next(g for g in design.groups if g not in design.models)
    advice = design.recommendation(group)
    html = views.group_html(design, group)
    assert "No relationship model has been agreed for this group yet." in html
    assert (
        f"The evidence suggests a <b>{advice['recommended_type']}</b> relationship with "
        f"<b>{advice['recommended_communality']}</b> communality."
    ) in html
    assert f'data-group="{escape(group)}"' in html and "<table" not in html


def test_group_html_escapes_group_names(hostile):
    bare, modelled = views.group_html(hostile, BARE), views.group_html(hostile, GROUP)
    for html in (bare, modelled):
        assert not any(raw in html for raw in RAW)
    assert f"<h3>{escape(BARE)}</h3>" in bare
    assert 'data-group="&lt;b onmouseover=&quot;x&quot;&gt;Media&lt;/b&gt;"' in bare
    assert f"<h3>{escape(GROUP)}</h3>" in modelled
    assert 'data-group="&lt;script&gt;alert(&quot;group&quot;)&lt;/script&gt;"' in modelled


def test_model_browser_starts_on_the_first_modelled_group_and_switches(design):
    browser = views.model_browser(design)
    labels = dict((value, label) for label, value in browser.group.options)
    assert list(labels) == design.groups
    for group, label in labels.items():
        assert label == (group if group in design.models else f"{group} (no model yet)")
    first = next(g for g in design.groups if g in design.models)
    assert browser.group.value == first
    assert browser.view.value == STYLE + views.group_html(design, first)
    bare = next(g for g in design.groups if g not in design.models)
    browser.group.value = bare
    assert "No relationship model has been agreed" in browser.view.value
    assert f'data-group="{escape(bare)}"' in browser.view.value
    last = [g for g in design.groups if g in design.models][-1]
    browser.group.value = last
    assert f'<table class="wb-canvas" data-group="{escape(last)}">' in browser.view.value


def test_model_browser_static_copy_shows_every_model_whatever_is_picked(design):
    browser = views.model_browser(design)
    static = browser.static_html()
    assert static.count('class="wb-model wb-card"') == len(design.models)
    for group in design.models:
        assert f'<div class="wb-model wb-card" data-group="{escape(group)}">' in static
    browser.group.value = next(g for g in design.groups if g not in design.models)
    assert browser.static_html() == static
    assert browser._repr_mimebundle_()["text/html"] == static


@pytest.mark.xfail(
    reason="ModelBrowser.static_html shows only groups with a model: with none, the exported "
    "report is empty while the live view shows the picked group's suggestion",
    strict=True,
)
def test_model_browser_static_copy_of_an_engagement_without_models(blank_engagement):
    blank = design_workshop.analyse(blank_engagement)
    browser = views.model_browser(blank)
    assert not blank.models and browser.group.value in browser.view.value
    assert views.group_html(blank, browser.group.value) in browser.static_html()


def test_principles_table_has_a_row_per_modelled_group(design):
    html = views.principles_table(design).data
    rows = re.findall(r"<tr><th>(.*?)</th>", html.split("<tbody>")[1])
    assert rows == [escape(g) for g in design.groups if g in design.models]
    assert html.count('<span class="wb-axis"') == 5 * len(design.models)
    body_rows = html.split("<tbody>")[1].split("</tr>")[:-1]
    for row, group in zip(body_rows, [g for g in design.groups if g in design.models], strict=True):
        expected = []
        for axis, (left, right) in PRINCIPLE_AXES.items():
            value = design.models[group].principles[axis]
            expected.append(
                "balanced" if value == 0 else f"{right if value > 0 else left} {value:+d}"
            )
        assert re.findall(r"</span> (.*?)</td>", row) == [escape(e) for e in expected]


def test_recommendations_table_says_what_was_suggested_and_chosen(design):
    html = views.recommendations_table(design).data
    body = html.split("<tbody>")[1]
    assert body.count("<tr>") == len(design.recommendations)
    for advice in design.recommendations.to_dict("records"):
        group = advice["group"]
        model = design.models.get(group)
        chosen = f"{model.relationship_type} / {model.communality}" if model else "no model yet"
        row = body.split(f"<tr><th>{escape(group)}</th>")[1].split("</tr>")[0]
        assert row.startswith(
            f"<td>{advice['recommended_type']} / {advice['recommended_communality']}</td>"
            f"<td>{chosen}"
        )
        assert row.count("<li>") == len(advice["reasons"]) + len(advice["missing"])
    assert "(override: " in html


def test_recommendations_table_escapes_groups_and_override_reasons(hostile):
    html = views.recommendations_table(hostile).data
    assert not any(raw in html for raw in RAW)
    for group in (GROUP, BARE, GHOST):
        assert f"<tr><th>{escape(group)}</th>" in html
    assert "(override: &lt;em&gt;why&lt;/em&gt; " in html


def test_findings_table_lists_every_finding(design):
    html = views.findings_table(design).data
    body = html.split("<tbody>")[1]
    assert body.count("<tr ") == len(design.findings) > 0
    for finding in design.findings.to_dict("records"):
        assert (
            f'<tr class="wb-finding-{finding["severity"]}"><th>{escape(finding["group"])}</th>'
            f"<td>{escape(finding['check'])}</td><td><code>{finding['field']}</code></td>"
        ) in body


def test_findings_table_escapes_group_names(hostile):
    html = views.findings_table(hostile).data
    assert not any(raw in html for raw in RAW)
    assert f"<th>{escape(GROUP)}</th>" in html  # a demo group's finding, now under GROUP


def test_findings_table_without_findings_says_so(blank_engagement):
    blank = design_workshop.analyse(blank_engagement)
    assert blank.findings.empty
    assert "No findings: every model passes the checks." in views.findings_table(blank).data
    assert "No relationship model yet." in views.principles_table(blank).data


def test_reference_explains_every_level_and_type():
    html = views.reference().data
    assert html.startswith(STYLE)
    for name in (*COMMUNALITY_TRAITS, *TYPE_TRAITS):
        assert f"<th>{name}</th>" in html
    assert html.count("<table") == 2 and html == STYLE + cards.traits_tables()


def test_views_write_nothing_into_the_engagement(hostile):
    root = hostile.engagement.root
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    browser = views.model_browser(hostile)
    browser.group.value = BARE
    browser.static_html()
    for view in (views.header, views.principles_table, views.recommendations_table,
                 views.findings_table):  # fmt: skip
        view(hostile)
    for group in hostile.groups:
        views.group_html(hostile, group)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
