"""Tests for workbench.culture.views (and the wording and segment order they use): the header,
sections, charts, score map, scales, explorer and tables of the culture-analysis app."""

from __future__ import annotations

import dataclasses
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from workbench.commands import cli
from workbench.core.labels import ALL
from workbench.culture import placement, views, wording
from workbench.culture import workshop as culture_workshop
from workbench.culture.instruments import CVF_TYPES
from workbench.culture.segments import segment_order
from workbench.present import palette
from workbench.present.tables import FORMATTERS

TEAM = "<img src=x onerror=alert(1)>"  # replaces the first team with a toxic hotspot
ESCAPED_TEAM = "&lt;img src=x onerror=alert(1)&gt;"
SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
SECTIONS = (
    views.header,
    views.scales_panel,
    views.overall_changes,
    views.hotspots_table,
    views.drivers_table,
    views.reliability_table,
    views.comments_panel,
)
JARGON = ("engagement.toml", "inputs/", "workbench run", "survey.csv", "True", "False")


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


class _Text(HTMLParser):
    """The text a reader sees: everything outside <style> and tag attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._skip += tag == "style"

    def handle_endtag(self, tag):
        self._skip -= tag == "style"

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _texts(html: str) -> list[list[str]]:
    return [[text for _, text in row] for row in _Cells(html).rows]


def _tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, flags=re.S)


def _svg_texts(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", html)]


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html, flags=re.S)


def _marks(svg: str, kind: str) -> list[str]:
    """The drawn elements of every ``kind`` mark group (symbol, rect, text...) of a chart."""
    groups = re.findall(rf'<g class="mark-{kind} role-mark[^"]*"[^>]*(?<!/)>(.*?)</g>', svg, re.S)
    return [m for g in groups for m in re.findall(r"<(?:path|text)[^>]*>", g)]


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


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    """A freshly scaffolded engagement: no survey at all."""
    root = tmp_path_factory.mktemp("culture") / "acme"
    assert cli.main(["new", str(root), "--client", "Acme Ltd"]) == 0
    return culture_workshop.analyse(root)


@pytest.fixture(scope="module")
def one_wave(tmp_path_factory, analysis):
    """A demo copy with the latest survey wave only."""
    root = tmp_path_factory.mktemp("culture") / "one_wave"
    assert cli.main(["new", str(root), "--client", "One Wave", "--demo"]) == 0
    shutil.rmtree(root / "inputs" / "surveys" / analysis.waves[0])
    return culture_workshop.analyse(root)


def _wave_rows(analysis, wave: str, by: str) -> pd.DataFrame:
    s = analysis.summary
    return s[(s["wave"] == wave) & s["demographic"].isin([ALL, by])]


def _team_sizes(analysis):
    return analysis.responses[analysis.latest].demographics["team"].value_counts()


def _client_html(analysis) -> str:
    """Everything the client app shows for ``analysis``."""
    explorer = views.culture_explorer(analysis)
    shown = explorer.static_html() if isinstance(explorer, views.CultureExplorer) else explorer.data
    return "".join(view(analysis).data for view in SECTIONS) + shown


# --- segment order and wording ----------------------------------------------------------------
def test_segment_order_puts_tenure_bands_in_numeric_order():
    tenure = ["1-3 years", "3-5 years", "5+ years", "<1 year"]
    assert segment_order(tenure) == ["<1 year", "1-3 years", "3-5 years", "5+ years"]
    assert segment_order(["10+", "2–5", "Under 2", "5 to 10", "2–5"]) == [
        "Under 2", "2–5", "5 to 10", "10+",
    ]  # fmt: skip
    assert segment_order(["20 years", "3 years", "15+"]) == ["3 years", "15+", "20 years"]


def test_segment_order_sorts_names_and_puts_not_given_last():
    names = ["Service Desk", "(not given)", "applications", "Legal", "1-3 years"]
    assert segment_order(names) == [
        "1-3 years", "applications", "Legal", "Service Desk", "(not given)",
    ]  # fmt: skip
    assert segment_order([]) == []


def test_wording_names_every_column_of_the_culture_tables_once(analysis):
    frames = {
        "summary": analysis.summary,
        "changes": analysis.changes,
        "drivers": analysis.drivers,
        "profiles": analysis.profiles,
        "placement": analysis.placement,
        "hotspots": analysis.hotspots,
    }
    for name, frame in frames.items():
        renamed = frame.rename(columns=wording.COLUMN_LABELS).columns
        assert not [c for c in renamed if c in frame.columns and "_" in c], name
        assert set(frame.columns) <= set(wording.COLUMN_LABELS), name
        assert renamed.is_unique, name
        assert all(not SNAKE.search(header) for header in renamed), name
    assert set(wording.FORMATS) == set(wording.COLUMN_LABELS)
    assert set(wording.FORMATS.values()) <= set(FORMATTERS)
    headers = set(wording.COLUMN_LABELS.values())
    assert set(wording.GLOSSARY) <= headers | {"Consistent"}
    assert "Cronbach's alpha" in wording.GLOSSARY and "p value" in wording.GLOSSARY


def test_scale_names_and_ends_cover_every_placement_scale(analysis):
    for scale in analysis.placement["scale"]:
        assert wording.scale_name(scale) != scale and not SNAKE.search(wording.scale_name(scale))
        assert views.scale_kind(scale) in views.SCALE_NOTES
    assert wording.scale_ends("psychological_safety") == ("unsafe", "safe")
    assert wording.human("business_unit") == "Business unit"


# --- header and consultant notes --------------------------------------------------------------
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
    assert 'class="wb-empty"' not in html
    assert html.endswith(views.CULTURE_STYLE)


def test_without_a_survey_the_header_says_once_what_comes_and_nothing_else_shows(blank):
    html = views.header(blank).data
    assert html.count('class="wb-empty"') == 1
    assert "will appear here once the survey has closed and been analysed" in html
    assert "respondents" not in html and "Acme Ltd" in html
    for view in SECTIONS[1:]:
        assert view(blank).data == "", view.__name__
    assert views.culture_explorer(blank).data == ""
    everything = _client_html(blank)
    assert everything.count('class="wb-empty"') == 1
    assert "<h3" not in everything and "<h4" not in everything
    assert "hotspot" not in everything.lower() and "one survey wave" not in everything.lower()
    assert not [word for word in JARGON if word in _Text(everything).text]


def test_consultant_notes_say_where_the_survey_goes(blank):
    html = views.consultant_notes(blank).data
    assert 'class="wb-consultant"' in html
    assert "<code>inputs/surveys/&lt;wave&gt;/</code>" in html
    assert f"<code>workbench run {blank.engagement.root}</code>" in html


def test_consultant_notes_report_the_import_of_every_wave(analysis):
    html = views.consultant_notes(analysis).data
    for row in views.import_report(analysis).to_dict("records"):
        assert f"Wave {row['wave']}: <code>{row['file']}</code> read as {row['format']}" in html
        assert f"{row['respondents']} respondents" in html
    assert "RecipientEmail" in html


def test_a_missing_outcome_is_a_note_for_the_consultant_not_for_the_client(demo_copy):
    config = demo_copy / "engagement.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('outcome = "enps"', 'outcome = "<nope>"'), encoding="utf-8")
    skipped = culture_workshop.analyse(demo_copy)
    header = views.header(skipped).data
    assert "<details>" not in header and "nope" not in header
    drivers = views.drivers_table(skipped).data
    assert drivers.count('class="wb-empty"') == 1
    assert "nope" not in drivers and "<svg" not in drivers and "What drives the outcome" in drivers
    notes = views.consultant_notes(skipped).data
    assert "outcome = &#x27;&lt;nope&gt;&#x27;" in notes and "<nope>" not in notes
    assert "<code>engagement.toml</code>" in notes


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


# --- everything the client sees ---------------------------------------------------------------
def test_client_views_have_human_headers_and_no_jargon(analysis):
    html = _client_html(analysis)
    headers = [text for table in _tables(html) for text in _texts(table)[0]]
    assert headers and all(h for h in headers)
    assert not [h for h in headers if SNAKE.search(h) or h in wording.COLUMN_LABELS]
    assert not [h for h in headers if h in views.dimension_names(analysis)]  # no raw keys
    visible = _Text(html).text
    assert not [word for word in JARGON if word in visible]
    assert not SNAKE.search(visible), SNAKE.search(visible)
    for key in ("psych_safety", "exchange_communal", "score_0_100", "p_value"):
        assert key not in visible
    assert "0.000" not in visible


def test_every_section_has_its_own_heading(analysis):
    titles = {
        views.scales_panel: "Where the organization sits",
        views.overall_changes: "What changed since the last survey",
        views.hotspots_table: "Toxic-behaviour hotspots",
        views.drivers_table: "What goes together with eNPS",
        views.reliability_table: "How dependable the scales are",
        views.comments_panel: "In their own words",
    }
    for view, title in titles.items():
        html = view(analysis).data
        assert re.findall(r"<h3>(.*?)</h3>", html) == [title], view.__name__
    assert "<h3>Explore by survey, group and dimension</h3>" in (
        views.culture_explorer(analysis).static_html()
    )


# --- score map --------------------------------------------------------------------------------
def test_heatmap_cells_show_the_summary_scores_in_judgement_colours(analysis):
    wave, k = analysis.latest, analysis.min_group_size
    rows = _wave_rows(analysis, wave, "team")
    names = views.dimension_names(analysis)
    html = views.heatmap_html(rows, names, k)
    grid, cells = _texts(html), _Cells(html).rows
    teams = segment_order(set(rows["segment"]) - {ALL})
    assert grid[0] == ["Dimension", ALL, *teams]
    dims = list(dict.fromkeys(rows["dimension"]))
    assert [r[0] for r in grid[1:]] == [names[d] for d in dims]
    indexed = rows.set_index(["dimension", "segment"])
    for dim, row in zip(dims, cells[1:], strict=True):
        for segment, (attrs, text) in zip([ALL, *teams], row[1:], strict=True):
            cell = indexed.loc[(dim, segment)]
            if cell["suppressed"]:
                assert text == "hidden" and attrs["class"] == "wb-suppressed"
                assert attrs["title"] == f"fewer than {k} answers"
            else:
                back = palette.score_color(cell["score_0_100"])
                assert text == f"{cell['score_0_100']:.0f}" and attrs["title"] == f"n = {cell['n']}"
                assert attrs["style"] == f"background:{back};color:{palette.text_on(back)}"


def test_heatmap_has_a_colour_key_and_scrolls_inside_its_box(analysis):
    rows = _wave_rows(analysis, analysis.latest, "team")
    html = views.heatmap_html(rows, views.dimension_names(analysis), analysis.min_group_size)
    key = html[html.index('class="wb-heat-key"') : html.index("<table")]
    gradient = re.search(r"linear-gradient\(90deg,([^)]*)\)", key)[1].split(",")
    assert gradient[0] == palette.score_color(0) == palette.JUDGEMENT_LOW
    assert gradient[-1] == palette.score_color(100) == palette.JUDGEMENT_HIGH
    text = _Text(key).text
    assert "0 needs attention" in text and "100 healthy" in text
    assert f"hidden: fewer than {analysis.min_group_size} answers" in text
    assert 'class="wb-hatch"' in key and "repeating-linear-gradient" in views.CULTURE_STYLE
    assert re.search(r'<div class="wb-table-wrap"><table class="wb-heat">', html)
    assert ".wb-table-wrap{max-width:100%;overflow-x:auto" in views.CULTURE_STYLE


def test_heatmap_lists_tenure_bands_in_order(analysis):
    rows = _wave_rows(analysis, analysis.latest, "tenure")
    grid = _texts(views.heatmap_html(rows, views.dimension_names(analysis), 5))
    assert grid[0] == ["Dimension", ALL, "<1 year", "1-3 years", "3-5 years", "5+ years"]


def test_heatmap_never_shows_a_number_for_a_team_below_k(analysis):
    wave, k = analysis.latest, analysis.min_group_size
    sizes = _team_sizes(analysis)
    small = sizes[sizes < k].index.tolist()
    assert small  # the demo has a team too small to show
    rows = _wave_rows(analysis, wave, "team")
    grid = _texts(views.heatmap_html(rows, views.dimension_names(analysis), k))
    for team in small:
        column = grid[0].index(team)
        assert {r[column] for r in grid[1:]} == {"hidden"}


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
    assert TEAM not in html and ESCAPED_TEAM in html
    assert TEAM in _texts(html)[0]


# --- favourability ----------------------------------------------------------------------------
def test_favourability_chart_stacks_the_three_shares_with_a_legend(analysis):
    overall = _wave_rows(analysis, analysis.latest, ALL)
    names = views.dimension_names(analysis)
    html = views.favourability_chart({"Whole organization": overall}, names, 5)
    (svg,) = _svgs(html)
    bars = _marks(svg, "rect")
    assert len(bars) == 3 * len(overall)
    fills = [re.search(r'fill="(#[0-9a-f]+)"', b)[1] for b in bars]
    assert set(fills) == set(palette.FAVOURABILITY.values())
    texts = _svg_texts(svg)
    legend = [t for t in texts if t in views.FAVOURABLE_BANDS]
    assert legend == ["Unfavourable", "Neutral", "Favourable"]  # the bad end first
    assert "role-legend" in svg
    assert [names[d] for d in overall["dimension"]] == [t for t in texts if t in names.values()]
    for row in overall.to_dict("records"):
        for column in ("pct_favourable", "pct_unfavourable"):
            if row[column] >= views.LABEL_FITS_FROM:
                assert f"{row[column]:.0f}%" in texts
    small = [f"{v:.0f}%" for v in overall["pct_unfavourable"] if v < views.LABEL_FITS_FROM]
    assert small and not [s for s in small if s in texts]  # too narrow for a label


def test_favourability_chart_draws_hidden_rows_without_numbers(analysis):
    rows = _wave_rows(analysis, analysis.latest, "team")
    legal = rows[(rows["segment"] == "Legal")].copy()
    assert legal["suppressed"].all()
    mixed = pd.concat([_wave_rows(analysis, analysis.latest, ALL).head(2), legal.head(1)])
    html = views.favourability_chart({"Mixed": mixed}, {}, 5)
    texts = _svg_texts(html)
    assert texts.count("hidden: fewer than 5 answers") == 1
    assert views.HIDDEN_FILL in html and "Hidden" in texts
    assert len([t for t in texts if t.endswith("%")]) <= 6  # only the two shown rows' labels


# --- change between waves ---------------------------------------------------------------------
def test_change_chart_marks_significant_changes_with_filled_coloured_dots(analysis):
    html = views.overall_changes(analysis).data
    (svg,) = _svgs(html)
    changes = analysis.changes[analysis.changes["segment"] == ALL]
    dots = _marks(svg, "symbol")
    assert len(dots) == 2 * len(changes)
    filled = [d for d in dots if 'fill="#ffffff"' not in d]
    assert len(filled) == changes["significant"].sum() > 0
    up = changes["significant"] & (changes["change"] > 0)
    down = changes["significant"] & (changes["change"] < 0)
    assert sum(f'fill="{palette.JUDGEMENT_HIGH}"' in d for d in filled) == up.sum() > 0
    assert sum(f'fill="{palette.JUDGEMENT_LOW}"' in d for d in filled) == down.sum() > 0
    grey = palette.ATTITUDE["neutral"]
    assert sum(f'stroke="{grey}"' in d for d in dots) == (~changes["significant"]).sum()
    texts = _svg_texts(svg)
    earlier = f"{analysis.previous} (earlier survey)"
    legend = [t for t in texts if t in (earlier, *views.CHANGE_KINDS)]
    assert legend == [earlier, "Improved", "Declined", "No clear change"]
    assert sum(t.endswith(" significant") for t in texts) == changes["significant"].sum()
    assert "A filled dot marks a change unlikely to be chance (p &lt; 0.05)." in html


def test_change_table_has_human_headers_p_values_and_signed_changes(analysis):
    html = views.overall_changes(analysis).data
    table = _texts(_tables(html)[0])
    assert table[0] == ["Dimension", "Before", "After", "Change", "p value", "Significant"]
    overall = analysis.changes[analysis.changes["segment"] == ALL]
    names = views.dimension_names(analysis)
    assert [r[0] for r in table[1:]] == [names[d] for d in overall["dimension"]]
    s = analysis.summary
    scores = s[s["segment"] == ALL].set_index(["wave", "dimension"])["score_0_100"]
    for row, change in zip(table[1:], overall.to_dict("records"), strict=True):
        before = scores[(analysis.previous, change["dimension"])]
        after = scores[(analysis.latest, change["dimension"])]
        assert row[1:4] == [f"{before:.1f}", f"{after:.1f}", f"{round(after - before, 1):+.1f}"]
        assert row[5] == ("✓" if change["significant"] else "–")
        if change["p_value"] < 0.001:
            assert row[4] == "p < 0.001"
    assert "<abbr title=" in _tables(html)[0]  # the p value and the rest explain themselves


def test_one_wave_shows_a_short_empty_state_for_the_change(one_wave):
    assert len(one_wave.waves) == 1
    html = views.overall_changes(one_wave).data
    assert html.count('class="wb-empty"') == 1
    assert views.CHANGE_WAITS in html and "<svg" not in html
    explorer = views.culture_explorer(one_wave)
    assert explorer.change.value == ""
    assert "once the next wave&#x27;s export" in views.consultant_notes(one_wave).data
    assert views.header(one_wave).data.count('class="wb-empty"') == 0


# --- drivers, profile, scales -----------------------------------------------------------------
def test_drivers_chart_ranks_dimensions_by_weight_from_a_zero_line(analysis):
    html = views.drivers_table(analysis).data
    svg = _svgs(html)[0]
    names = views.dimension_names(analysis)
    drivers = analysis.drivers
    expected = drivers.iloc[(-drivers["beta"].abs()).argsort(kind="stable")]
    titles = [t for t in _svg_texts(svg) if t in names.values()]
    assert titles == [names[d] for d in expected["dimension"]]
    values = [t for t in _svg_texts(svg) if re.fullmatch(r"[+-]\d\.\d\d", t)]
    assert sorted(values) == sorted(f"{b:+.2f}" for b in expected["beta"])
    rects = _marks(svg, "rect")
    # bars coloured by direction: a positive weight in the favourable colour, a negative one not
    up, down = palette.FAVOURABILITY["favourable"], palette.FAVOURABILITY["unfavourable"]
    assert sum(f'fill="{up}"' in r for r in rects) == int((drivers["beta"] >= 0).sum())
    assert sum(f'fill="{down}"' in r for r in rects) == int((drivers["beta"] < 0).sum())
    assert "Goes with a higher" in html and "Goes with a lower" in html  # the key
    assert sum(f'fill="{palette.INK}"' in r for r in rects) == len(drivers)  # the zero line
    assert "not what causes what" in html
    table = _texts(_tables(html)[0])
    assert table[0] == ["Dimension", "Correlation", "Weight", "p value"]


def test_profile_chart_draws_now_and_preferred_per_culture_type(analysis):
    p = analysis.profiles
    profile = p[(p["wave"] == analysis.latest) & (p["demographic"] == ALL)]
    svg = views.profile_chart(profile)
    assert len(_marks(svg, "rect")) == 2 * len(CVF_TYPES)
    texts = _svg_texts(svg)
    assert [t for t in texts if t in wording.CULTURE_TYPES.values()] == [
        wording.CULTURE_TYPES[t] for t in CVF_TYPES
    ]
    for row in profile.to_dict("records"):
        assert f"{row['now']:.0f}" in texts and f"{row['preferred']:.0f}" in texts
    assert [t for t in texts if t in views.PROFILE_COLORS] == ["Now", "Preferred"]
    one_missing = profile.assign(now=profile["now"].where(profile["type"] != CVF_TYPES[0]))
    assert len(_marks(views.profile_chart(one_missing), "rect")) == 2 * len(CVF_TYPES) - 1
    none = profile.assign(now=float("nan"), preferred=float("nan"))
    assert "No culture-type profile" in views.profile_chart(none)
    assert "No culture-type profile" in views.profile_chart(profile.iloc[:0])


def test_scale_html_pins_the_position_clamped_and_escapes_text(analysis):
    row = analysis.placement.iloc[0]
    html = views.scale_html(row)
    assert f"left:calc({row['position_0_100']:.1f}% - 3px)" in html
    assert "<b>Exchange or communal relationships</b>" in html
    assert "<span>exchange</span><span>communal</span>" in html
    high = row.copy()
    high["position_0_100"] = 130.0
    assert "left:calc(100.0% - 3px)" in views.scale_html(high)
    low = row.copy()
    low["position_0_100"], low["label"], low["explanation"] = -7.0, "<u>low</u>", "a & b"
    low["watch"] = TEAM
    low_html = views.scale_html(low)
    assert "left:calc(0.0% - 3px)" in low_html
    assert "&lt;u&gt;low&lt;/u&gt;" in low_html and "<u>" not in low_html
    assert "a &amp; b" in low_html and ESCAPED_TEAM in low_html and TEAM not in low_html
    toxic = analysis.placement.set_index("scale").loc["toxic_criticism"].copy()
    toxic["scale"] = "toxic_criticism"
    assert "<span>frequent</span><span>rare</span>" in views.scale_html(toxic)


def _track(html: str) -> str:
    return re.search(r'class="wb-track" style="background:([^"]*)"', html)[1]


def test_scales_use_position_colours_unless_one_end_is_healthier(analysis):
    judgement = {palette.JUDGEMENT_LOW, palette.JUDGEMENT_HIGH}
    for row in analysis.placement.to_dict("records"):
        track = _track(views.scale_html(pd.Series(row)))
        if row["scale"] in ("exchange_communal", "cooperation_collaboration"):
            assert palette.POSITION_LOW in track and palette.POSITION_HIGH in track
            assert not [c for c in judgement if c in track], row["scale"]
            assert "Neither end is better" in views.scale_html(pd.Series(row))
        else:
            assert row["scale"] in ("psychological_safety", "westrum") or (
                row["scale"].startswith("toxic_")
            )
            assert judgement <= set(re.findall(r"#[0-9a-f]{6}", track)), row["scale"]
    assert views.scale_kind("some_new_scale") == "position"  # never judge by default


def test_scales_panel_has_one_bar_per_placement_row(analysis, blank):
    html = views.scales_panel(analysis).data
    assert html.count('<div class="wb-scale">') == len(analysis.placement)
    for explanation in analysis.placement["explanation"]:
        assert explanation.replace("'", "&#x27;") in html
    assert views.scales_panel(blank).data == ""


# --- the explorer -----------------------------------------------------------------------------
def _static_matches_widgets(explorer) -> None:
    # The exported copy shows the same panels; only its intro differs: it has no dropdowns,
    # so it says what it shows instead of inviting a choice.
    shown = [explorer.heatmap, explorer.favourability, explorer.profile, explorer.change]
    static = explorer.static_html()
    assert static.endswith("".join(w.value for w in shown))
    assert "Pick a survey" in explorer.title.value and "Pick a survey" not in static
    assert "This copy shows" in static
    assert explorer._repr_mimebundle_()["text/html"] == static


def test_explorer_starts_on_the_latest_wave_whole_organization(analysis):
    explorer = views.culture_explorer(analysis)
    assert explorer.wave.value == analysis.latest
    assert list(explorer.wave.options) == analysis.waves[::-1]
    assert explorer.by.value == analysis.demographics[0] and explorer.segment.value == ALL
    assert [label for label, _ in explorer.by.options] == ["Team", "Role", "Location", "Tenure"]
    teams = segment_order(set(_wave_rows(analysis, analysis.latest, "team")["segment"]) - {ALL})
    assert list(explorer.segment.options) == [ALL, *teams]
    (svg,) = _svgs(explorer.favourability.value)
    overall = _wave_rows(analysis, analysis.latest, ALL)
    assert len(_marks(svg, "rect")) == 3 * len(overall)
    assert _svg_texts(svg).count("Whole organization") == 1
    assert "Scores of survey " + analysis.latest in explorer.heatmap.value
    assert "<svg" in explorer.change.value and "<svg" in explorer.profile.value
    _static_matches_widgets(explorer)


def test_explorer_filters_wrap_on_a_phone(analysis):
    explorer = views.culture_explorer(analysis)
    rows = [c for c in explorer.children if "wb-filters" in c._dom_classes]
    assert len(rows) == 2
    assert {d for row in rows for d in row.children} == {
        explorer.wave, explorer.by, explorer.segment, explorer.dimension,
    }  # fmt: skip


def test_explorer_segment_by_tenure_lists_bands_in_order(analysis):
    explorer = views.culture_explorer(analysis)
    explorer.by.value = "tenure"
    bands = ["<1 year", "1-3 years", "3-5 years", "5+ years"]
    assert list(explorer.segment.options) == [ALL, *bands]
    assert _texts(explorer.heatmap.value)[0] == ["Dimension", ALL, *bands]
    _static_matches_widgets(explorer)


def test_explorer_segment_and_dimension_narrow_every_panel(analysis):
    explorer = views.culture_explorer(analysis)
    team = _team_sizes(analysis).index[0]  # the largest team
    explorer.segment.value = team
    assert _texts(explorer.heatmap.value)[0] == ["Dimension", ALL, team]
    (svg,) = _svgs(explorer.favourability.value)
    assert _svg_texts(svg).count(team) == 1 and "Whole organization" in _svg_texts(svg)
    overall = _wave_rows(analysis, analysis.latest, ALL)
    assert len(_marks(svg, "rect")) == 2 * 3 * len(overall)
    names = set(views.dimension_names(analysis).values())
    titles = [t for t in _svg_texts(svg) if t in names]
    assert titles[: len(overall)] == titles[len(overall) :]  # both groups in the same order
    assert f"({team})</h4>" in explorer.profile.value and "<svg" in explorer.profile.value
    changes = analysis.changes
    expected = changes[(changes["segment"] == team) & (changes["demographic"] == "team")]
    assert f"({team})</h4>" in explorer.change.value
    assert len(_marks(_svgs(explorer.change.value)[0], "symbol")) == 2 * len(expected)
    explorer.dimension.value = "westrum"
    assert len(_texts(explorer.heatmap.value)) == 2
    (svg,) = _svgs(explorer.favourability.value)
    assert len(_marks(svg, "rect")) == 2 * 3
    assert len(_marks(_svgs(explorer.change.value)[0], "symbol")) == 2
    _static_matches_widgets(explorer)


def test_explorer_shows_a_small_group_as_hidden(analysis):
    explorer = views.culture_explorer(analysis)
    sizes = _team_sizes(analysis)
    small = sizes[sizes < analysis.min_group_size].index[0]
    explorer.segment.value = small
    assert f"{small} is hidden: fewer than" in explorer.favourability.value
    assert "Whole organization" in _svg_texts(_svgs(explorer.favourability.value)[0])
    assert len(_svgs(explorer.favourability.value)) == 1
    assert "Hidden: this group is too small to show." in explorer.profile.value
    assert "<svg" not in explorer.profile.value
    change = _svgs(explorer.change.value)[0]
    assert _marks(change, "symbol") == []
    assert set(t for t in _svg_texts(change) if "hidden" in t) == {"hidden: fewer than 5 answers"}
    column = [r[2] for r in _texts(explorer.heatmap.value)[1:]]
    assert set(column) == {"hidden"}
    _static_matches_widgets(explorer)


def test_explorer_older_wave_shows_that_waves_scores(analysis):
    explorer = views.culture_explorer(analysis)
    older = analysis.waves[0]
    explorer.wave.value = older
    assert f"Scores of survey {older}</h4>" in explorer.heatmap.value
    overall = _wave_rows(analysis, older, ALL)
    grid = _texts(explorer.heatmap.value)
    assert [r[1] for r in grid[1:]] == [f"{v:.0f}" for v in overall["score_0_100"]]
    assert f"Change from {analysis.previous} to {analysis.latest}" in explorer.change.value
    _static_matches_widgets(explorer)


def test_explorer_escapes_a_hostile_segment(hostile):
    explorer = views.culture_explorer(hostile)
    assert TEAM in explorer.segment.options
    explorer.segment.value = TEAM
    html = explorer.static_html()
    assert TEAM not in html and "<img" not in html
    assert ESCAPED_TEAM in _svgs(explorer.favourability.value)[0]
    assert f"({ESCAPED_TEAM})</h4>" in explorer.change.value
    _static_matches_widgets(explorer)


# --- tables of the latest wave ----------------------------------------------------------------
def test_hotspots_table_lists_the_hotspots_of_shown_groups(analysis):
    html = views.hotspots_table(analysis).data
    table = _texts(_tables(html)[0])
    assert table[0] == ["Group", "Behaviour", "Score (0 to 100)", "Unfavourable"]
    assert len(table) - 1 == len(analysis.hotspots)
    s = analysis.summary
    for row, shown in zip(analysis.hotspots.to_dict("records"), table[1:], strict=True):
        assert shown[:2] == [f"{row['segment']} ({row['demographic']})", row["behaviour"].title()]
        assert shown[3] == f"{row['pct_unfavourable']:.0f}%"
        cell = s[
            (s["wave"] == row["wave"])
            & (s["demographic"] == row["demographic"])
            & (s["segment"] == row["segment"])
            & (s["dimension"] == row["behaviour"])
        ]
        assert len(cell) == 1 and not cell["suppressed"].iloc[0]
    assert f"below {placement.HOTSPOT_BELOW:.0f} out of 100" in html


def test_no_hotspot_is_only_said_when_there_is_data(analysis):
    calm = dataclasses.replace(analysis, hotspots=analysis.hotspots.iloc[:0])
    html = views.hotspots_table(calm).data
    assert "No group reports these behaviours often." in html
    assert f"at least {placement.HOTSPOT_UNFAVOURABLE_FROM:.0f}% unfavourable answers" in html
    assert 'class="wb-empty"' not in html and "<table" not in html


def test_hotspots_table_escapes_segment_names(hostile):
    assert TEAM in set(hostile.hotspots["segment"])
    html = views.hotspots_table(hostile).data
    assert TEAM not in html and ESCAPED_TEAM in html


def test_reliability_table_shows_alpha_per_wave_with_a_tooltip(analysis):
    html = views.reliability_table(analysis).data
    table = _texts(_tables(html)[0])
    assert table[0] == ["Dimension", *[f"Alpha {w}" for w in analysis.waves], "Consistent"]
    frame = views.reliability_frame(analysis)
    names = views.dimension_names(analysis)
    assert [r[0] for r in table[1:]] == [names[d] for d in frame["dimension"]]
    for row, values in zip(table[1:], frame.to_dict("records"), strict=True):
        assert row[1:-1] == [f"{values[w]:.2f}" for w in analysis.waves]
        assert row[-1] == ("✓" if values[analysis.latest] >= 0.7 else "–")
    assert "0.7 or more is dependable" in html


def test_reliability_frame_pivots_the_whole_organizations_alpha(analysis):
    table = views.reliability_frame(analysis)
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


def test_views_write_nothing_into_the_engagement(hostile):
    root: Path = hostile.engagement.root
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    explorer = views.culture_explorer(hostile)
    explorer.by.value = "role"
    for view in (*SECTIONS, views.consultant_notes):
        view(hostile)
    views.reliability_frame(hostile)
    views.import_report(hostile)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
