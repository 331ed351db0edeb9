"""Tests for workbench.present.tables: escaped tables without the index, cut at a row limit."""

from __future__ import annotations

import re

import pandas as pd

from workbench.present.tables import TABLE_ROW_LIMIT, labelled_table, table_html


def _body_rows(html: str) -> int:
    return html.split("<tbody>", 1)[1].count("<tr")


def test_the_index_is_left_out():
    html = table_html(pd.DataFrame({"name": ["Ann", "Bo"]}, index=["idx-one", "idx-two"]))
    assert "idx-one" not in html and "idx-two" not in html
    assert ">Ann</td>" in html and ">name</th>" in html
    assert 'class="wb-table"' in html


def test_cells_and_column_names_are_escaped():
    frame = pd.DataFrame({"<b>col</b>": ["<img src=x onerror=alert(1)>", "Tom & Jerry"]})
    html = table_html(frame)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;col&lt;/b&gt;" in html and "Tom &amp; Jerry" in html


def test_missing_values_are_blank_cells():
    html = table_html(pd.DataFrame({"score": [1.5, float("nan")]}))
    assert "NaN" not in html and "nan" not in html
    assert re.search(r"<td[^>]*>\s*</td>", html)


def test_long_tables_are_cut_with_a_note_saying_so():
    frame = pd.DataFrame({"n": range(TABLE_ROW_LIMIT + 5)})
    html = table_html(frame)
    assert (
        f'<p class="wb-note">Showing the first {TABLE_ROW_LIMIT} of {TABLE_ROW_LIMIT + 5} rows.</p>'
        in html
    )
    assert _body_rows(html) == TABLE_ROW_LIMIT
    assert f">{TABLE_ROW_LIMIT - 1}</td>" in html and f">{TABLE_ROW_LIMIT}</td>" not in html


def test_a_custom_limit_and_a_table_exactly_at_the_limit():
    frame = pd.DataFrame({"n": range(4)})
    assert "Showing the first 3 of 4 rows." in table_html(frame, limit=3)
    assert _body_rows(table_html(frame, limit=3)) == 3
    whole = table_html(frame, limit=4)
    assert "wb-note" not in whole and _body_rows(whole) == 4


def test_headers_are_human_and_numbers_align_right_with_their_header():
    frame = pd.DataFrame({"reach_lost_pct": [12.345], "name": ["Ann"], "p_value": [0.0001]})
    html = labelled_table(
        frame,
        {"name": "Name", "reach_lost_pct": "Reach lost", "p_value": "Significance"},
        formats={"reach_lost_pct": "percent", "p_value": "p"},
        glossary={"Reach lost": "Share of pairs that could no longer reach each other"},
    )
    assert "reach_lost_pct" not in html and "p_value" not in html
    assert html.index(">Name<") < html.index(">Reach lost<")  # the caller's order
    assert ">12%</td>" in html and ">p &lt; 0.001</td>" in html
    assert 'title="Share of pairs that could no longer reach each other"' in html
    # one CSS rule right-aligns the numeric column's header and cells together
    assert re.search(r"\.col1 \{\s*text-align: right;", html)
    assert not re.search(r"\.col0 \{\s*text-align: right;", html)


def test_booleans_show_as_ticks_and_the_same_table_renders_the_same_html():
    frame = pd.DataFrame({"broker": [True, False]})
    html = labelled_table(frame, {"broker": "Broker"})
    assert ">✓</td>" in html and ">–</td>" in html and "True" not in html
    assert html == labelled_table(frame, {"broker": "Broker"})
    other = labelled_table(pd.DataFrame({"broker": [False]}), {"broker": "Broker"})
    assert re.search(r'id="(T_\w+)"', html)[1] != re.search(r'id="(T_\w+)"', other)[1]


def test_an_unknown_column_is_a_programming_error_naming_the_columns():
    try:
        labelled_table(pd.DataFrame({"a": [1]}), {"b": "B"})
    except KeyError as error:
        assert "'b'" in str(error) and "'a'" in str(error)
    else:
        raise AssertionError("expected a KeyError")
