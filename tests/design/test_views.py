"""Tests for workbench.design.views: header, group pages, the model browser and the tables."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pandas as pd
import pytest

from workbench.commands import cli
from workbench.core import paths
from workbench.design import cards, store, views, wording
from workbench.design import workshop as design_workshop
from workbench.design.models import COMMUNALITY_TRAITS, PRINCIPLE_AXES, TYPE_TRAITS
from workbench.present import palette
from workbench.present.page import STYLE

CLIENT = '<img src=x onerror=alert("client")>'
GROUP = '<script>alert("group")</script>'  # replaces a group with a model and a finding
BARE = '<b onmouseover="x">Media</b>'  # replaces a group without a model
GHOST = "<u>Ghost</u> partners"  # a model for a group the register does not have
WHY = "<em>why</em> "  # put in front of every override reason
RAW = ("<img", "<script", "<b onm", "<u>", "<em>")
# What a client must never read: code names of fields, files, commands and settings.
JARGON = re.compile(r"steps\[\d+\]|\.toml|workbench run|inputs/|workshop/|_type\b|kpis\b")


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


@pytest.fixture
def blank(blank_engagement):
    """An engagement with register groups and no relationship model at all."""
    result = design_workshop.analyse(blank_engagement)
    assert result.groups and not result.models
    return result


def text_of(html: str) -> str:
    """What a reader sees: the HTML without style sheets, tags and attributes."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_header_counts_groups_models_and_points_to_settle(design):
    html = views.header(design).data
    register = pd.read_csv(paths.DEMO_ENGAGEMENT / "inputs" / "stakeholders.csv", dtype=str)
    files = list((paths.DEMO_ENGAGEMENT / "workshop" / "models").glob("*.toml"))
    assert set(design.groups) == set(register["group"])  # every demo model has its group
    facts = (
        f"{register['group'].nunique()} stakeholder groups, {len(files)} with an agreed "
        f"relationship model; {len(design.findings)} points to settle."
    )
    assert facts in html
    assert "Northwind Digital Services" in html and "relationship models" in html


def test_header_of_an_engagement_without_models_counts_no_points(blank):
    html = views.header(blank).data
    assert "2 stakeholder groups, none with an agreed relationship model yet." in html
    assert "point" not in text_of(html).split("Acme Ltd")[1]


def test_header_escapes_the_client_and_leaves_file_warnings_to_the_consultant(hostile):
    html = views.header(hostile).data
    assert not any(raw in html for raw in RAW)
    assert escape(CLIENT) in html
    assert "data warning" not in html and ".toml" not in html  # file names: consultant notes
    groups = len(hostile.groups)
    assert f"{groups} stakeholder groups, {len(hostile.models)} with an agreed" in html
    notes = views.consultant_notes(hostile).data
    assert "&lt;u&gt;Ghost&lt;/u&gt; partners" in notes and "<u>" not in notes


def test_group_html_of_a_group_with_a_model(design):
    group = next(g for g, m in design.models.items() if m.override is not None)
    model, advice = design.models[group], design.recommendation(group)
    html = views.group_html(design, group)
    assert html.count('class="wb-model wb-card"') == 1 and f'data-group="{group}"' in html
    assert (
        f"<dd>{advice['recommended_type']} relationship, "
        f"{advice['recommended_communality']} communality</dd>"
    ) in html
    assert f'<div class="wb-canvas" data-group="{group}">' in html
    assert html.count('class="wb-canvas-step"') == len(model.steps)
    assert "No relationship model has been agreed" not in html


def test_group_html_of_a_group_without_a_model_shows_the_suggestion(design):
    group = next(g for g in design.groups if g not in design.models)
    advice = design.recommendation(group)
    html = views.group_html(design, group)
    assert 'class="wb-empty"' in html
    assert "No relationship model has been agreed for this group yet." in html
    assert (
        f"The evidence suggests a <b>{advice['recommended_type']}</b> relationship with "
        f"<b>{advice['recommended_communality']}</b> communality, because:"
    ) in html
    assert html.count("<li>") == len(advice["reasons"])
    assert f'data-group="{escape(group)}"' in html and "wb-canvas" not in html.split("</style>")[1]


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
    assert f'<div class="wb-canvas" data-group="{escape(last)}">' in browser.view.value


def test_model_browser_picker_wraps_on_a_phone(design):
    browser = views.model_browser(design)
    (pickers,) = [c for c in browser.children if browser.group in getattr(c, "children", ())]
    assert "wb-filters" in pickers._dom_classes and "wb-browser" in browser._dom_classes


def test_model_browser_static_copy_shows_every_group_whatever_is_picked(design):
    browser = views.model_browser(design)
    static = browser.static_html()
    assert static.count('class="wb-model wb-card"') == len(design.groups) > len(design.models)
    for group in design.groups:
        assert f'<div class="wb-model wb-card" data-group="{escape(group)}">' in static
    bare = [g for g in design.groups if g not in design.models]
    assert static.count("No relationship model has been agreed for this group yet.") == len(bare)
    assert static.count(cards.CSS) == 1  # the style sheet once, not once per group
    browser.group.value = bare[0]
    assert browser.static_html() == static
    assert browser._repr_mimebundle_()["text/html"] == static


def test_model_browser_static_copy_of_an_engagement_without_models(blank):
    browser = views.model_browser(blank)
    assert browser.group.value in browser.view.value
    static = browser.static_html()
    assert views.group_html(blank, browser.group.value).split("</style>", 1)[1] in static
    for group in blank.groups:
        assert f'data-group="{escape(group)}"' in static


def test_model_browser_without_any_group_says_what_comes_next(blank):
    blank.groups.clear()
    browser = views.model_browser(blank)
    assert browser.group.value is None
    for html in (browser.view.value, browser.static_html()):
        assert 'class="wb-empty"' in html and "No stakeholder groups yet" in html


def test_principles_table_has_a_row_per_modelled_group(design):
    html = views.principles_table(design).data
    rows = re.findall(r"<tr><th>(.*?)</th>", html.split("<tbody>")[1])
    assert rows == [escape(g) for g in design.groups if g in design.models]
    assert html.count('<span class="wb-axis"') == 5 * len(design.models)
    assert '<div class="wb-table-wrap"><table class="wb-table wb-principles">' in html
    body_rows = html.split("<tbody>")[1].split("</tr>")[:-1]
    for row, group in zip(body_rows, [g for g in design.groups if g in design.models], strict=True):
        expected = [
            cards.lean_words(axis, design.models[group].principles[axis]) for axis in PRINCIPLE_AXES
        ]
        assert re.findall(r'<span class="wb-lean">(.*?)</span>', row) == expected


def _row(body: str, group: str) -> str:
    return body.split(f"<tr><th>{escape(group)}</th>")[1].split("</tr>")[0]


def test_recommendations_table_says_what_was_suggested_and_agreed(design):
    html = views.recommendations_table(design).data
    head = re.findall(r"<th>(?:<abbr[^>]*>)?(.*?)(?:</abbr>)?</th>", html.split("<tbody>")[0])
    assert head == [
        "Stakeholder group",
        "What the evidence suggests",
        "What was agreed",
        "Why",
        "Evidence still missing",
    ]
    body = html.split("<tbody>")[1]
    assert body.count("<tr>") == len(design.recommendations)
    for advice in design.recommendations.to_dict("records"):
        group = advice["group"]
        model = design.models.get(group)
        chosen = (
            f"{model.relationship_type} relationship, {model.communality} communality"
            if model
            else "Not agreed yet"
        )
        row = _row(body, group)
        assert row.startswith(
            '<td data-label="What the evidence suggests">'
            f"{advice['recommended_type']} relationship, "
            f"{advice['recommended_communality']} communality</td>"
            f'<td data-label="What was agreed">{chosen}'
        )
        assert row.count("<li>") == len(advice["reasons"]) + len(advice["missing"])
    assert "Differs from the suggestion: " in html


def test_recommendations_table_leaves_out_the_consultants_how_to(design):
    html = views.recommendations_table(design).data
    missing = [m for a in design.recommendations["missing"] for m in a]
    assert missing  # the demo lacks some assessments
    for item in missing:
        assert f"<li>{escape(views.missing_words(item))}</li>" in html
    assert not JARGON.search(text_of(html))
    assert ">None</td>" in html  # a group with all its evidence


def test_recommendations_table_escapes_groups_and_override_reasons(hostile):
    html = views.recommendations_table(hostile).data
    assert not any(raw in html for raw in RAW)
    for group in (GROUP, BARE, GHOST):
        assert f"<tr><th>{escape(group)}</th>" in html
    assert "Differs from the suggestion: &lt;em&gt;why&lt;/em&gt; " in html


def test_tables_fold_into_cards_on_a_phone(design):
    for view in (views.recommendations_table, views.findings_table):
        html = view(design).data
        assert 'class="wb-table wb-dtable wb-stack' in html
        narrow = re.sub(r"\s+", "", html.split(views.TABLE_CSS.split("@media")[0])[1])
        assert ".wb-stacktd[data-label]::before{content:attr(data-label)" in narrow
        cells = re.findall(r'<td data-label="([^"]*)">', html)
        assert cells and set(cells) <= set(wording.COLUMN_LABELS.values())


def test_findings_table_lists_every_finding_in_words(design):
    html = views.findings_table(design).data
    body = html.split("<tbody>")[1]
    assert body.count("<tr ") == len(design.findings) > 0
    for finding in design.findings.to_dict("records"):
        journey = design.models[finding["group"]].journey
        where = wording.field_words(finding["field"], journey)
        assert (
            f'<tr class="wb-finding-{finding["severity"]}"><th>{escape(finding["group"])}</th>'
            f'<td data-label="Priority">{views.severity_chip(finding["severity"])}</td>'
            f'<td data-label="Where">{escape(where)}</td>'
        ) in body
    assert "Journey step 7 (Review): risks to watch" in body  # was steps[7].risks
    assert "Journey step 5 (Onboard): responsible role" in body
    assert not JARGON.search(text_of(html)), JARGON.search(text_of(html))
    assert "<code>" not in html


def test_severity_is_a_chip_in_judgement_colours():
    warning, info = views.severity_chip("warning"), views.severity_chip("info")
    assert f"background:{palette.JUDGEMENT_LOW};color:#ffffff" in warning
    assert ">Action needed</span>" in warning
    assert f"background:{palette.JUDGEMENT_MID};color:{palette.INK}" in info
    assert ">For review</span>" in info


def test_findings_table_escapes_group_names(hostile):
    html = views.findings_table(hostile).data
    assert not any(raw in html for raw in RAW)
    assert f"<th>{escape(GROUP)}</th>" in html  # a demo group's finding, now under GROUP


def test_without_models_nothing_reads_like_a_finding(blank):
    assert blank.findings.empty
    html = views.findings_table(blank).data
    assert 'class="wb-empty"' in html
    assert "No relationship model has been agreed yet" in html
    for claim in ("passes the checks", "consistent", "No findings"):
        assert claim not in html
    assert "No relationship model has been agreed yet" in views.principles_table(blank).data
    chart = views.summary_chart(blank).data
    assert 'class="wb-empty"' in chart and "<svg" not in chart


def test_with_models_and_no_findings_the_models_are_consistent(design):
    clean = design_workshop.ModelDesign(**{**vars(design), "findings": design.findings.iloc[:0]})
    html = views.findings_table(clean).data
    assert views.ALL_CONSISTENT in html and 'class="wb-empty"' not in html
    assert "<table" not in html


def test_summary_chart_places_every_group_with_a_legend(design):
    html = views.summary_chart(design).data
    assert html.count("<svg") == 1 and 'aria-label="Relationship type and communality' in html
    assert "role-legend" in html  # communality: Altair's legend inside the chart
    assert views.AGREED in html and views.SUGGESTED in html  # the dot and the ring
    svg = html.split("<svg", 1)[1]
    for group in design.groups:
        assert f">{escape(group)}</text>" in svg
    for level, colour in views.COMMUNALITY_COLOURS.items():
        assert f">{level}</text>" in svg and colour in svg
    width = int(re.search(r'<svg[^>]* width="(\d+)"', html).group(1))
    assert width <= 360  # fits a 390 px phone without shrinking its text


def test_summary_chart_data_has_the_agreed_and_the_suggested_choice(design):
    data = views._placements(design)
    agreed = data[data["what"] == views.AGREED]
    assert set(agreed["group"]) == set(design.models)
    executives = agreed[agreed["group"] == "Executives"].iloc[0]
    model = design.models["Executives"]
    assert (executives["type"], executives["communality"]) == (
        model.relationship_type,
        model.communality,
    )
    assert len(data[data["what"] == views.SUGGESTED]) == len(design.groups)


def test_missing_words_keep_what_is_missing_without_the_how_to():
    assert views.missing_words("No culture survey: add a wave in inputs/surveys/.") == (
        "No culture survey."
    )
    assert views.missing_words("Environment not assessed") == "Environment not assessed."


def test_consultant_notes_hold_the_files_fields_and_commands(design):
    html = views.consultant_notes(design).data
    assert html.startswith('<div class="wb-consultant">')
    finding = design.findings.iloc[0]
    assert f"<code>{finding['field']}</code>" in html
    assert f"<code>{store.file_label(finding['group'])}</code>" in html
    assert "<code>workbench run</code>" in html
    missing = {m for items in design.recommendations["missing"] for m in items}
    assert missing and all(escape(m) in html for m in missing)  # the how-to stays here
    for group in design.groups:
        if group not in design.models:
            assert f"No model yet for {escape(group)}" in html


def test_reference_explains_every_level_and_type():
    html = views.reference().data
    assert html.startswith(STYLE)
    for name in (*COMMUNALITY_TRAITS, *TYPE_TRAITS):
        assert f"<th>{name}</th>" in html
    assert html.count("<table") == 2 and html == STYLE + cards.traits_tables()


def test_views_use_only_palette_colours(design):
    allowed = {
        c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", Path(palette.__file__).read_text())
    }
    allowed |= set(cards.TINTS.values())
    html = "".join(
        view(design).data
        for view in (views.principles_table, views.recommendations_table, views.findings_table)
    )
    html += views.model_browser(design).static_html()
    page_kit = re.findall(r"#[0-9a-fA-F]{3,6}\b", STYLE)  # the kit's own style sheet
    used = set(re.findall(r"#[0-9a-fA-F]{6}\b", html.replace(STYLE, ""))) - set(page_kit)
    assert {c.lower() for c in used} <= allowed, used


def test_views_write_nothing_into_the_engagement(hostile):
    root = hostile.engagement.root
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    browser = views.model_browser(hostile)
    browser.group.value = BARE
    browser.static_html()
    for view in (views.header, views.principles_table, views.recommendations_table,
                 views.findings_table, views.summary_chart, views.consultant_notes):  # fmt: skip
        view(hostile)
    for group in hostile.groups:
        views.group_html(hostile, group)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
