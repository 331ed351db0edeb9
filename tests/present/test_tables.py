"""Tests for workbench.present.tables: escaped tables without the index, cut at a row limit."""

from __future__ import annotations

import pandas as pd

from workbench.present.tables import TABLE_ROW_LIMIT, table_html


def _body_rows(html: str) -> int:
    return html.split("<tbody>", 1)[1].count("<tr")


def test_the_index_is_left_out():
    html = table_html(pd.DataFrame({"name": ["Ann", "Bo"]}, index=["idx-one", "idx-two"]))
    assert "idx-one" not in html and "idx-two" not in html
    assert "<td>Ann</td>" in html and "<th>name</th>" in html
    assert 'class="dataframe wb-table"' in html


def test_cells_and_column_names_are_escaped():
    frame = pd.DataFrame({"<b>col</b>": ["<img src=x onerror=alert(1)>", "Tom & Jerry"]})
    html = table_html(frame)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;col&lt;/b&gt;" in html and "Tom &amp; Jerry" in html


def test_missing_values_are_blank_cells():
    html = table_html(pd.DataFrame({"score": [1.5, float("nan")]}))
    assert "NaN" not in html and "<td></td>" in html


def test_long_tables_are_cut_with_a_note_saying_so():
    frame = pd.DataFrame({"n": range(TABLE_ROW_LIMIT + 5)})
    html = table_html(frame)
    assert html.startswith(
        f'<p class="wb-note">Showing the first {TABLE_ROW_LIMIT} of {TABLE_ROW_LIMIT + 5} rows.</p>'
    )
    assert _body_rows(html) == TABLE_ROW_LIMIT
    assert f"<td>{TABLE_ROW_LIMIT - 1}</td>" in html and f"<td>{TABLE_ROW_LIMIT}</td>" not in html


def test_a_custom_limit_and_a_table_exactly_at_the_limit():
    frame = pd.DataFrame({"n": range(4)})
    assert "Showing the first 3 of 4 rows." in table_html(frame, limit=3)
    assert _body_rows(table_html(frame, limit=3)) == 3
    whole = table_html(frame, limit=4)
    assert "wb-note" not in whole and _body_rows(whole) == 4
