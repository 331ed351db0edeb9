"""Tests for workbench.culture.views: the header, heatmap, profile, scales, explorer and tables."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from workbench.commands import cli
from workbench.core.labels import ALL
from workbench.culture import views
from workbench.culture import workshop as culture_workshop
from workbench.culture.instruments import CVF_TYPES

TEAM = "<img src=x onerror=alert(1)>"  # replaces the first team with a toxic hotspot


class _Cells(HTMLParser):
    """Rows of cells in some HTML: (attributes, unescaped text) per <td>/<th>."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[tuple[dict, str]]] = []
        self._cell: tuple[dict, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = (dict(attrs), [])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((self._cell[0], "".join(self._cell[1]).strip()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1].append(data)


def _texts(html: str) -> list[list[str]]:
    return [[text for _, text in row] for row in _Cells(html).rows]


def _tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, flags=re.S)


@pytest.fixture(scope="module")
def analysis():
    return culture_workshop.analyse("demo")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, analysis):
    """A demo copy with a team whose name is HTML and latest-wave comments wrapped in <i>."""
    root = tmp_path_factory.mktemp("culture") / "hostile"
    assert cli.main(["new", str(root), "--client", "Hostile Copy", "--demo"]) == 0
    hotspots = analysis.hotspots
    renamed = hotspots.loc[hotspots["demographic"] == "team", "segment"].iloc[0]
    comments = analysis.comments
    texts = comments.loc[comments["wave"] == analysis.latest, "text"].unique()
    pattern = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    for wave in analysis.waves:
        survey = root / "inputs" / "surveys" / wave / "survey.csv"
        raw = survey.read_text(encoding="utf-8-sig")
        team = analysis.responses[wave].demographics["team"]
        assert raw.count(renamed) == (team == renamed).sum()  # only the team column has it
        raw = raw.replace(renamed, TEAM)
        if wave == analysis.latest:
            raw = re.sub(pattern, lambda m: f"<i>{m.group(0)}</i>", raw)
        survey.write_text(raw, encoding="utf-8-sig")
    return culture_workshop.analyse(root)


def _wave_rows(analysis, wave: str, by: str) -> pd.DataFrame:
    s = analysis.summary
    return s[(s["wave"] == wave) & s["demographic"].isin([ALL, by])]


def _team_sizes(analysis):
    return analysis.responses[analysis.latest].demographics["team"].value_counts()


# --- header and import report -----------------------------------------------------------------
def test_header_counts_respondents_and_computes_enps_per_wave(analysis):
    html = views.header(analysis).data
    nps = analysis.items.loc[analysis.items["kind"] == "nps", "item"].iloc[0]
    for wave in analysis.waves:
        answers = analysis.responses[wave].items[nps].dropna()
        enps = ((answers >= 9).mean() - (answers <= 6).mean()) * 100
        assert f"{wave}: {len(analysis.responses[wave].items)} respondents" in html
        assert f"{wave}: {enps:+.0f}" in html
    assert f"Groups smaller than {analysis.min_group_size} are never shown." in html
    assert "Northwind Digital Services" in html and "culture analysis" in html
    assert "<details>" not in html  # the demo has no data warnings
    assert html.endswith(views.CULTURE_STYLE)


def test_header_without_a_survey_says_where_to_put_one(blank_engagement):
    empty = culture_workshop.analyse(blank_engagement)
    html = views.header(empty).data
    assert "No survey yet: put a survey export into inputs/surveys/&lt;wave&gt;/" in html
    assert "respondents" not in html and "Acme Ltd" in html


def test_header_shows_the_missing_outcome_warning_and_drivers_say_why(demo_copy):
    config = demo_copy / "engagement.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('outcome = "enps"', 'outcome = "<nope>"'), encoding="utf-8")
    skipped = culture_workshop.analyse(demo_copy)
    html = views.header(skipped).data
    assert "<summary>1 data warning(s)</summary>" in html
    assert "outcome = &#x27;&lt;nope&gt;&#x27;" in html and "<nope>" not in html
    drivers = views.drivers_table(skipped).data
    assert drivers == (
        '<p class="wb-note">The outcome &#x27;&lt;nope&gt;&#x27; is not among the '
        "survey&#x27;s dimensions.</p>"
    )


def test_import_report_has_a_row_per_wave_with_formats_and_dropped_columns(analysis):
    report = views.import_report(analysis)
    assert report["wave"].tolist() == analysis.waves
    for row in report.to_dict("records"):
        resp = analysis.responses[row["wave"]]
        assert row["respondents"] == len(resp.items)
        assert row["format"] == resp.format and row["file"] == resp.file
        assert row["personal data dropped"] == (", ".join(resp.dropped) or "none")
    latest = report.set_index("wave").loc[analysis.latest, "personal data dropped"]
    assert "RecipientEmail" in latest


# --- heatmap, profile, scales -----------------------------------------------------------------
def test_heatmap_cells_show_the_summary_scores_and_hide_suppressed_groups(analysis):
    wave, k = analysis.latest, analysis.min_group_size
    rows = _wave_rows(analysis, wave, "team")
    names = views.dimension_names(analysis)
    grid = _texts(views.heatmap_html(rows, names, k))
    cells = _Cells(views.heatmap_html(rows, names, k)).rows
    teams = sorted(set(rows["segment"]) - {ALL})
    assert grid[0] == ["dimension", ALL, *teams]
    dims = list(dict.fromkeys(rows["dimension"]))
    assert [r[0] for r in grid[1:]] == [names[d] for d in dims]
    indexed = rows.set_index(["dimension", "segment"])
    for dim, row in zip(dims, cells[1:], strict=True):
        for segment, (attrs, text) in zip([ALL, *teams], row[1:], strict=True):
            cell = indexed.loc[(dim, segment)]
            if cell["suppressed"]:
                assert text == "suppressed" and attrs["class"] == "wb-suppressed"
                assert attrs["title"] == f"fewer than {k} answers"
            else:
                assert text == f"{cell['score_0_100']:.0f}" and attrs["title"] == f"n = {cell['n']}"


def test_heatmap_never_shows_a_number_for_a_team_below_k(analysis):
    wave, k = analysis.latest, analysis.min_group_size
    sizes = _team_sizes(analysis)
    small = sizes[sizes < k].index.tolist()
    assert small  # the demo has a team too small to show
    rows = _wave_rows(analysis, wave, "team")
    grid = _texts(views.heatmap_html(rows, views.dimension_names(analysis), k))
    for team in small:
        column = grid[0].index(team)
        assert {r[column] for r in grid[1:]} == {"suppressed"}


def test_heatmap_filters_one_dimension_and_escapes_labels(analysis):
    rows = _wave_rows(analysis, analysis.latest, "role")
    html = views.heatmap_html(rows, {"westrum": "<b>West</b> & rum"}, 5, dimension="westrum")
    grid = _texts(html)
    assert len(grid) == 2 and grid[1][0] == "<b>West</b> & rum"
    assert "<b>West" not in html and "&lt;b&gt;West&lt;/b&gt; &amp; rum" in html
    assert views.heatmap_html(rows.iloc[:0], {}, 5) == (
        '<p class="wb-note">No survey data for this selection.</p>'
    )


def test_heatmap_escapes_segment_names(hostile):
    rows = _wave_rows(hostile, hostile.latest, "team")
    html = views.heatmap_html(rows, views.dimension_names(hostile), hostile.min_group_size)
    assert TEAM not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert TEAM in _texts(html)[0]


def test_profile_svg_draws_now_and_preferred_per_culture_type(analysis):
    p = analysis.profiles
    profile = p[(p["wave"] == analysis.latest) & (p["demographic"] == ALL)]
    svg = views.profile_svg(profile)
    assert svg.count("<rect") == 2 * len(CVF_TYPES)
    labels = re.findall(r'font-size="13">([a-z]+)</text>', svg)
    assert labels == list(CVF_TYPES)
    for row in profile.to_dict("records"):
        for state in ("now", "preferred"):
            assert f'width="{row[state] * 4:.1f}"' in svg
            assert f"<title>{state}: {row[state]:.1f}</title>" in svg
    one_missing = profile.assign(now=profile["now"].where(profile["type"] != CVF_TYPES[0]))
    assert views.profile_svg(one_missing).count("<rect") == 2 * len(CVF_TYPES) - 1
    none = profile.assign(now=float("nan"), preferred=float("nan"))
    assert "No culture-type profile" in views.profile_svg(none)
    assert "No culture-type profile" in views.profile_svg(profile.iloc[:0])


def test_scale_html_pins_the_position_clamped_and_escapes_text(analysis):
    row = analysis.placement.iloc[0]
    html = views.scale_html(row)
    assert f"left:calc({row['position_0_100']:.1f}% - 2px)" in html
    assert f"<b>{row['scale'].replace('_', ' ')}</b>" in html
    assert "<span>exchange</span><span>communal</span>" in html
    high = row.copy()
    high["position_0_100"] = 130.0
    assert "left:calc(100.0% - 2px)" in views.scale_html(high)
    low = row.copy()
    low["position_0_100"], low["label"], low["explanation"] = -7.0, "<u>low</u>", "a & b"
    low_html = views.scale_html(low)
    assert "left:calc(0.0% - 2px)" in low_html
    assert "&lt;u&gt;low&lt;/u&gt;" in low_html and "<u>" not in low_html
    assert "a &amp; b" in low_html
    toxic = analysis.placement.set_index("scale").loc["toxic_criticism"].copy()
    toxic["scale"] = "toxic_criticism"
    assert "<span>frequent</span><span>rare</span>" in views.scale_html(toxic)


def test_scales_panel_has_one_bar_per_placement_row(analysis, blank_engagement):
    html = views.scales_panel(analysis).data
    assert html.count('<div class="wb-scale">') == len(analysis.placement)
    for explanation in analysis.placement["explanation"]:
        assert explanation.replace("'", "&#x27;") in html
    empty = culture_workshop.analyse(blank_engagement)
    assert "No survey data to place" in views.scales_panel(empty).data


# --- the explorer -----------------------------------------------------------------------------
def _static_matches_widgets(explorer) -> None:
    shown = [explorer.heatmap, explorer.table, explorer.profile, explorer.change]
    assert explorer.static_html() == "".join(w.value for w in shown)
    assert explorer._repr_mimebundle_()["text/html"] == explorer.static_html()


def test_explorer_starts_on_the_latest_wave_whole_organization(analysis):
    explorer = views.culture_explorer(analysis)
    assert explorer.wave.value == analysis.latest
    assert list(explorer.wave.options) == analysis.waves[::-1]
    assert explorer.by.value == analysis.demographics[0] and explorer.segment.value == ALL
    teams = sorted(set(_wave_rows(analysis, analysis.latest, "team")["segment"]) - {ALL})
    assert list(explorer.segment.options) == [ALL, *teams]
    table = _texts(_tables(explorer.table.value)[0])
    overall = _wave_rows(analysis, analysis.latest, ALL)
    assert len(table) - 1 == len(overall)  # one row per dimension
    header = table[0]
    for row, expected in zip(table[1:], overall.to_dict("records"), strict=True):
        assert row[header.index("n")] == str(expected["n"])
        assert float(row[header.index("score_0_100")]) == expected["score_0_100"]
    assert f"wave {analysis.latest}" in explorer.table.value
    _static_matches_widgets(explorer)


def test_explorer_segment_by_changes_the_heatmap_columns(analysis):
    explorer = views.culture_explorer(analysis)
    explorer.by.value = "location"
    places = sorted(set(_wave_rows(analysis, analysis.latest, "location")["segment"]) - {ALL})
    assert list(explorer.segment.options) == [ALL, *places]
    assert _texts(explorer.heatmap.value)[0] == ["dimension", ALL, *places]
    _static_matches_widgets(explorer)


def test_explorer_segment_and_dimension_narrow_every_panel(analysis):
    explorer = views.culture_explorer(analysis)
    team = _team_sizes(analysis).index[0]  # the largest team
    explorer.segment.value = team
    assert _texts(explorer.heatmap.value)[0] == ["dimension", ALL, team]
    assert f"<h4>Scores: {team}, wave {analysis.latest}</h4>" in explorer.table.value
    assert f"({team})</h4>" in explorer.profile.value and "<svg" in explorer.profile.value
    changes = analysis.changes
    expected = changes[(changes["segment"] == team) & (changes["demographic"] == "team")]
    assert len(_texts(_tables(explorer.change.value)[0])) - 1 == len(expected)
    explorer.dimension.value = "westrum"
    assert len(_texts(explorer.heatmap.value)) == 2
    table = _texts(_tables(explorer.table.value)[0])
    assert len(table) == 2 and table[1][:2] == [team, "Westrum culture"]
    assert len(_texts(_tables(explorer.change.value)[0])) == 2
    _static_matches_widgets(explorer)


def test_explorer_shows_a_small_group_as_suppressed(analysis):
    explorer = views.culture_explorer(analysis)
    sizes = _team_sizes(analysis)
    explorer.segment.value = sizes[sizes < analysis.min_group_size].index[0]
    assert "This group is suppressed" in explorer.table.value
    assert "Suppressed: this group is too small to show." in explorer.profile.value
    assert "<svg" not in explorer.profile.value
    column = [r[2] for r in _texts(explorer.heatmap.value)[1:]]
    assert set(column) == {"suppressed"}
    _static_matches_widgets(explorer)


def test_explorer_older_wave_shows_that_waves_scores(analysis):
    explorer = views.culture_explorer(analysis)
    older = analysis.waves[0]
    explorer.wave.value = older
    assert f"wave {older}</h4>" in explorer.table.value
    overall = _wave_rows(analysis, older, ALL)
    table = _texts(_tables(explorer.table.value)[0])
    assert [r[table[0].index("n")] for r in table[1:]] == [str(n) for n in overall["n"]]
    assert f"Change from {analysis.previous} to {analysis.latest}" in explorer.change.value
    _static_matches_widgets(explorer)


def test_explorer_escapes_a_hostile_segment(hostile):
    explorer = views.culture_explorer(hostile)
    assert TEAM in explorer.segment.options
    explorer.segment.value = TEAM
    html = explorer.static_html()
    assert TEAM not in html and "<img" not in html
    assert "Scores: &lt;img src=x onerror=alert(1)&gt;, wave" in html
    _static_matches_widgets(explorer)


def test_explorer_without_survey_data_says_so(blank_engagement):
    explorer = views.culture_explorer(culture_workshop.analyse(blank_engagement))
    assert explorer.wave.options == ("(none)",)
    assert "No survey data for this selection." in explorer.heatmap.value
    assert "No scores for this selection." in explorer.table.value
    assert explorer.profile.value == ""
    assert "no change to show yet" in explorer.change.value
    _static_matches_widgets(explorer)


# --- tables of the latest wave ----------------------------------------------------------------
def test_hotspots_table_lists_the_hotspots_of_shown_groups(analysis):
    html = views.hotspots_table(analysis).data
    table = _texts(_tables(html)[0])
    assert table[0] == list(analysis.hotspots.columns)
    assert len(table) - 1 == len(analysis.hotspots)
    s = analysis.summary
    for row in analysis.hotspots.to_dict("records"):
        cell = s[
            (s["wave"] == row["wave"])
            & (s["demographic"] == row["demographic"])
            & (s["segment"] == row["segment"])
            & (s["dimension"] == row["behaviour"])
        ]
        assert len(cell) == 1 and not cell["suppressed"].iloc[0]


def test_hotspots_table_escapes_segment_names(hostile):
    assert TEAM in set(hostile.hotspots["segment"])
    html = views.hotspots_table(hostile).data
    assert TEAM not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_overall_changes_show_the_whole_organization_by_readable_dimension(analysis):
    table = _texts(_tables(views.overall_changes(analysis).data)[0])
    overall = analysis.changes[analysis.changes["segment"] == ALL]
    names = views.dimension_names(analysis)
    assert table[0] == [
        "dimension", "mean_before", "mean_after", "change", "p_value", "effect_size", "significant",
    ]  # fmt: skip
    assert [r[0] for r in table[1:]] == [names[d] for d in overall["dimension"]]
    assert [float(r[1]) for r in table[1:]] == overall["mean_before"].tolist()


def test_drivers_table_ranks_readable_dimensions(analysis):
    table = _texts(_tables(views.drivers_table(analysis).data)[0])
    names = views.dimension_names(analysis)
    assert len(table) - 1 == len(analysis.drivers)
    assert [r[0] for r in table[1:]] == [names[d] for d in analysis.drivers["dimension"]]
    assert table[0] == list(analysis.drivers.columns)


def test_reliability_table_pivots_the_whole_organizations_alpha(analysis):
    table = views.reliability_table(analysis)
    assert table.columns.tolist() == ["dimension", *analysis.waves]
    s = analysis.summary
    overall = s[(s["segment"] == ALL) & s["alpha"].notna()]
    assert set(table["dimension"]) == set(overall["dimension"])
    assert "enps" not in set(table["dimension"])  # one item: no alpha
    for row in overall.to_dict("records"):
        value = table.set_index("dimension").loc[row["dimension"], row["wave"]]
        assert value == row["alpha"]


def test_comments_panel_shows_the_first_40_of_the_latest_wave(analysis):
    html = views.comments_panel(analysis).data
    c = analysis.comments
    chosen = c[(c["wave"] == analysis.latest) & (c["demographic"] == ALL)]
    assert len(chosen) > 40
    assert f"40 of {len(chosen)} comments" in html
    items = re.findall(r"<li>(.*?)</li>", html)
    assert len(items) == 40
    k = analysis.engagement.privacy["min_comment_group_size"]
    assert f"shown only for groups of {k} or more" in html
    assert [unescape(i) for i in items] == chosen["text"].head(40).tolist()


def test_comments_panel_escapes_comment_text(hostile):
    html = views.comments_panel(hostile).data
    assert "<i>" not in html and html.count("&lt;i&gt;") == html.count("<li>") == 40


def test_empty_tables_say_why(blank_engagement):
    empty = culture_workshop.analyse(blank_engagement)
    assert "No toxic-behaviour hotspot" in views.hotspots_table(empty).data
    assert "no change to show yet" in views.overall_changes(empty).data
    assert "No driver analysis for this survey." in views.drivers_table(empty).data
    assert "No comments to show" in views.comments_panel(empty).data
    assert views.reliability_table(empty).empty
    assert views.import_report(empty).empty


def test_views_write_nothing_into_the_engagement(hostile):
    root: Path = hostile.engagement.root
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    explorer = views.culture_explorer(hostile)
    explorer.by.value = "role"
    for view in (views.header, views.scales_panel, views.hotspots_table, views.overall_changes,
                 views.drivers_table, views.comments_panel):  # fmt: skip
        view(hostile)
    views.reliability_table(hostile)
    views.import_report(hostile)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
