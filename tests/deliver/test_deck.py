"""The client deck: slides, native charts with the analysis's numbers, safe client text."""

import dataclasses
import io
import shutil
import zipfile
from datetime import date

import benchmark_scripts
import openpyxl
import pytest
from input_files import set_cell
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from workbench.core.labels import ALL
from workbench.culture import workshop as culture_workshop
from workbench.culture.views import dimension_names
from workbench.deliver import deck
from workbench.design import workshop as design_workshop
from workbench.present import palette
from workbench.stakeholders import workshop as stakeholder_workshop

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://x")'
BELL = "Road\x07Freight"


def analyses(engagement):
    mapping = stakeholder_workshop.analyse(engagement)
    survey = culture_workshop.analyse(engagement)
    design = design_workshop.analyse(engagement, stakeholder_map=mapping, culture=survey)
    return mapping, survey, design


def build(mapping, survey, design) -> bytes:
    return deck.deck_bytes(
        mapping, survey, design, run_name="2026-05-04T093000", written=date(2026, 5, 4)
    )


@pytest.fixture(scope="module")
def demo():
    mapping, survey, design = analyses("demo")
    data = build(mapping, survey, design)
    return mapping, survey, design, data, Presentation(io.BytesIO(data))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text for slide in prs.slides]


def slide_titled(prs, start: str):
    (found,) = [s for s in prs.slides if s.shapes.title.text.startswith(start)]
    return found


def charts_of(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def tables_of(slide):
    return [shape.table for shape in slide.shapes if shape.has_table]


def slide_text(slide) -> str:
    parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for grid in tables_of(slide):
        parts += [cell.text for row in grid.rows for cell in row.cells]
    return "\n".join(parts)


def test_clean_drops_what_xml_cannot_hold_and_chart_text_defuses_formulas():
    assert deck.clean(BELL) == "RoadFreight"
    assert deck.clean(HOSTILE) == HOSTILE  # python-pptx escapes markup; clean keeps it as text
    assert deck.clean("a\x00b\x1fc\ufffe\td\ne") == "abc\td\ne"
    assert deck.chart_text(FORMULA) == "'" + FORMULA
    assert deck.chart_text("\x07=1+1") == "'=1+1"  # cleaned first, so no prefix hides behind
    assert deck.chart_text("Open communication") == "Open communication"


def test_the_demo_deck_has_the_slides_in_order(demo):
    mapping, survey, design, data, prs = demo
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    summary = mapping.summary
    key = summary[summary["quadrant"] == "key players"]
    blockers = int((key["attitude_band"] == "blocker").sum())
    pages = (len(mapping.at_risk) + 8) // 9
    assert blockers == 1 and pages == 2  # the demo as the titles below assume it
    assert titles(prs) == [
        mapping.engagement.client,
        f"{len(key)} key players, {blockers} of them a blocker",
        f"How the {len(summary)} stakeholders are connected",
        "Culture scores by team, May 2026 (1 of 2)",
        "Culture scores by team, May 2026 (2 of 2)",
        titles(prs)[5],  # the takeaway, checked with the chart below
        "Change from November 2025 to May 2026",
        f"{len(design.models)} of {len(design.groups)} groups have an agreed relationship model",
        *(f"{len(mapping.at_risk)} stakeholders at risk ({i} of {pages})" for i in (1, 2)),
    ]
    cover = slide_text(prs.slides[0])
    assert "Relationship management assessment" in cover
    assert "4 May 2026, 09:30" in cover and "T093000" not in cover


def test_every_text_is_at_least_body_size_and_titles_are_large(demo):
    *_, prs = demo
    for slide in prs.slides:
        assert slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt >= 28
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for run in (r for p in frame.paragraphs for r in p.runs):
                    assert run.font.size.pt >= 14, (slide.shapes.title.text, run.text)
        for chart in charts_of(slide):
            assert chart.font.size.pt >= 14


def test_favourability_is_a_native_chart_with_the_analysis_numbers(demo):
    _, survey, _, _, prs = demo
    summary = survey.summary
    expected = summary[
        (summary["wave"] == survey.latest)
        & (summary["demographic"] == ALL)
        & (summary["segment"] == ALL)
        & ~summary["suppressed"].astype(bool)
    ]
    (chart,) = charts_of(slide_titled(prs, "Most favourable: "))
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED_100
    names = dimension_names(survey)
    assert list(chart.plots[0].categories) == [names[d] for d in expected["dimension"]]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert list(series) == ["Unfavourable", "Neutral", "Favourable"]
    for name, values in series.items():
        assert values == pytest.approx(expected[f"pct_{name.lower()}"].tolist())
    colours = [str(s.format.fill.fore_color.rgb) for s in chart.plots[0].series]
    assert colours == [palette.FAVOURABILITY[n.lower()].lstrip("#").upper() for n in series]
    best = expected.loc[expected["pct_favourable"].idxmax()]
    assert slide_titled(prs, "Most favourable: ").shapes.title.text == (
        f"Most favourable: {names[best['dimension']]} ({best['pct_favourable']:.0f}%)"
    )


def test_the_grid_is_a_native_scatter_with_one_point_per_stakeholder(demo):
    mapping, *_, prs = demo
    (chart,) = charts_of(prs.slides[1])
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    points = {s.name: [v for v in s.values if v is not None] for s in chart.plots[0].series}
    assert sum(len(v) for v in points.values()) == len(mapping.summary)
    counts = mapping.summary["attitude_band"].map(deck.ATTITUDE_LABELS).value_counts()
    assert {name: len(v) for name, v in points.items()} == counts.to_dict()
    for series in chart.plots[0].series:
        band = {v: k for k, v in deck.ATTITUDE_LABELS.items()}[series.name]
        colour = str(series.marker.format.fill.fore_color.rgb)
        assert colour == palette.ATTITUDE[band].lstrip("#").upper()
    x_title = chart.category_axis.axis_title.text_frame.text
    assert (x_title, chart.value_axis.axis_title.text_frame.text) == ("Interest", "Influence")
    settings = mapping.engagement.stakeholder_map
    assert chart.category_axis.crosses_at == settings["interest_threshold"]
    assert chart.value_axis.crosses_at == settings["influence_threshold"]


def test_the_heatmap_never_shows_a_number_for_a_suppressed_cell(demo):
    _, survey, _, _, prs = demo
    summary = survey.summary
    latest = summary[(summary["wave"] == survey.latest) & (summary["demographic"] == "team")]
    names = dimension_names(survey)
    checked = {"suppressed": 0, "score": 0}
    for slide in prs.slides:
        if not slide.shapes.title.text.startswith("Culture scores by team"):
            continue
        (grid,) = tables_of(slide)
        header = [cell.text for cell in grid.rows[0].cells]
        for row in list(grid.rows)[1:]:
            cells = [cell.text for cell in row.cells]
            for segment, text in zip(header[1:], cells[1:], strict=True):
                if segment == "Whole organization":
                    continue
                (found,) = latest[
                    (latest["segment"] == segment) & (latest["dimension"].map(names) == cells[0])
                ].itertuples()
                if found.suppressed:
                    assert text == "suppressed"
                    checked["suppressed"] += 1
                else:
                    assert text == f"{found.score_0_100:.0f}"
                    checked["score"] += 1
    assert checked["suppressed"] == int(latest["suppressed"].sum()) > 0
    assert checked["score"] == int((~latest["suppressed"].astype(bool)).sum())


def test_the_change_slide_names_the_significant_changes(demo):
    _, survey, _, _, prs = demo
    slide = slide_titled(prs, "Change from ")
    (chart,) = charts_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert [s.name for s in chart.plots[0].series] == ["November 2025", "May 2026"]
    changes = survey.changes[survey.changes["segment"] == ALL]
    names = dimension_names(survey)
    text = slide_text(slide)
    for row in changes.itertuples():
        assert (f"{names[row.dimension]}: " in text) == bool(row.significant)


def test_the_map_is_a_picture_with_the_most_central_stakeholders_listed(demo):
    mapping, *_, prs = demo
    slide = prs.slides[2]
    pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    top = mapping.centrality.sort_values("betweenness", ascending=False).head(3)
    names = mapping.summary.set_index("id").loc[top["id"], "name"]
    text = slide_text(slide)
    for rank, name in enumerate(names, start=1):
        assert f"{rank}  {name}" in text


def test_the_models_and_at_risk_tables_use_human_labels(demo):
    mapping, _, design, _, prs = demo
    (grid,) = tables_of(slide_titled(prs, f"{len(design.models)} of "))
    rows = [[c.text for c in row.cells] for row in grid.rows]
    assert rows[0] == ["Group", "Relationship type", "Communality", "Status"]
    by_group = {row[0]: row for row in rows[1:]}
    assert set(by_group) == set(design.groups)
    for group in design.groups:
        model = design.models.get(group)
        assert by_group[group][3] == ("Agreed" if model else "Not yet")
        if model:
            assert by_group[group][1] == model.relationship_type.capitalize()
    listed = []
    for slide in prs.slides:
        if " at risk" in slide.shapes.title.text:
            (grid,) = tables_of(slide)
            assert [c.text for c in grid.rows[0].cells] == ["Stakeholder", "Group", "Why"]
            listed += [row.cells[0].text for row in list(grid.rows)[1:]]
    assert listed == mapping.at_risk["name"].tolist()


def test_hostile_client_text_stays_text_and_chart_workbooks_hold_no_formula(demo, demo_copy):
    demo_ids = demo[0].at_risk["id"].head(3).tolist()
    register = demo_copy / "inputs" / "stakeholders.csv"
    ids = [line.split(",")[0] for line in register.read_text().splitlines()]
    for sid, name in zip(demo_ids, (HOSTILE, FORMULA, BELL), strict=True):
        set_cell(register, ids.index(sid) + 1, "name", name)
    mapping, survey, design = analyses(demo_copy)
    for instrument in survey.instruments.values():  # a custom instrument could say this
        if "communality" in instrument.dimensions:
            instrument.dimensions["communality"]["name"] = FORMULA
    data = build(mapping, survey, design)

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slides = "".join(
            package.read(n).decode() for n in package.namelist() if n.startswith("ppt/slides/")
        )
        books = [n for n in package.namelist() if n.endswith(".xlsx")]
        cells = []
        for name in books:
            book = openpyxl.load_workbook(io.BytesIO(package.read(name)))
            cells += [c.value for s in book for row in s.iter_rows() for c in row]
        xml = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in slides and "<img" not in slides
    assert "RoadFreight" in slides and "\x07" not in xml and "_x0007_" not in xml
    assert len(books) == 3 and "'" + FORMULA in cells  # the hostile topic reached a chart
    assert not [v for v in cells if isinstance(v, str) and v.startswith("=")]
    prs = Presentation(io.BytesIO(data))
    (chart,) = charts_of(slide_titled(prs, "Most favourable: "))
    assert "'" + FORMULA in list(chart.plots[0].categories)


def test_without_a_survey_the_deck_says_the_results_will_follow(demo_copy):
    for wave in (demo_copy / "inputs" / "surveys").iterdir():
        shutil.rmtree(wave)
    prs = Presentation(io.BytesIO(build(*analyses(demo_copy))))
    found = titles(prs)
    assert "The culture survey results will follow" in found
    assert not [t for t in found if t.startswith(("Culture scores", "Most favourable", "Change"))]
    assert len(found) == 7  # cover, grid, map, survey note, models, two at-risk slides


def test_with_one_wave_the_change_slide_explains_why_it_is_empty(demo_copy):
    shutil.rmtree(demo_copy / "inputs" / "surveys" / "2025-11")
    prs = Presentation(io.BytesIO(build(*analyses(demo_copy))))
    slide = slide_titled(prs, "Change between survey waves")
    assert not charts_of(slide)
    assert "one survey wave so far (May 2026)" in slide_text(slide)


def test_without_models_the_models_slide_is_left_out(demo):
    mapping, survey, design, _, prs = demo
    bare = dataclasses.replace(design, models={})
    found = titles(Presentation(io.BytesIO(build(mapping, survey, bare))))
    assert len(found) == len(prs.slides) - 1
    assert not [t for t in found if "relationship model" in t]


def test_an_empty_register_gets_a_slide_saying_the_map_will_follow(demo):
    mapping, survey, design, _, _ = demo
    empty = dataclasses.replace(mapping, summary=mapping.summary.iloc[:0])
    found = titles(Presentation(io.BytesIO(build(empty, survey, design))))
    assert found[1] == "The stakeholder map will follow"
    assert not [t for t in found if "key player" in t or "connected" in t]


@pytest.mark.slow
def test_a_run_writes_the_deck_into_its_folder(demo_run):
    (out,) = (demo_run.engagement / "outputs").iterdir()
    prs = Presentation(out / "deck.pptx")
    assert prs.slides[0].shapes.title.text == "Northwind Copy"
    assert deck._run(out.name) in slide_text(prs.slides[0])  # the folder's name, in words
    assert len(prs.slides) >= 8


def test_a_large_register_gets_the_groups_map_slide(tmp_path):
    # The seeded register of the scale benchmarks, at a size above the full map's limit.
    big = benchmark_scripts.load("big_register")
    engagement = big.make_engagement(tmp_path / "large", 1_200, 3_000, 500)
    prs = Presentation(io.BytesIO(build(*analyses(engagement))))
    slide = slide_titled(prs, "How the 20 groups of 1,200 stakeholders are connected")
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert picture.image.blob[:4] == b"\x89PNG"
    assert not any(t.startswith("How the 1,200 stakeholders") for t in titles(prs))
