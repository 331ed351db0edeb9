"""The pager of long lists: its pages, its search, its wording, and what it sends."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.present import paging
from workbench.present.serving import ServingContext

EVIL = "<img src=x onerror=alert(1)>"


def people(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"Person {i:04d}" for i in range(count)],
            "group": ["Board" if i % 2 else "Sales" for i in range(count)],
            "score": [i / 10 for i in range(count)],
        }
    )


def table(frame: pd.DataFrame, **options) -> paging.Pager:
    return paging.paged_table(
        frame, {"name": "Name", "group": "Group", "score": "Score"}, what="people", **options
    )


def body_names(pager: paging.Pager) -> list[str]:
    return [n for n in pager.frame["name"] if f">{n}<" in pager.body.value]


def test_a_long_list_sends_one_page_and_says_how_many_there_are():
    pager = table(people(4213))
    assert body_names(pager) == [f"Person {i:04d}" for i in range(25)]
    assert "Showing 1–25 of 4,213 people. Page 1 of 169." in pager.status.value
    assert len(pager.body.value) < 20_000  # a page, not 4,213 rows
    assert pager.previous.disabled and not pager.next.disabled


def test_previous_and_next_turn_pages_and_stop_at_the_ends():
    pager = table(people(60), whole_up_to=30)
    pager.next.click()
    assert body_names(pager)[0] == "Person 0025"
    pager.next.click()
    pager.next.click()  # past the last page: stays there
    assert body_names(pager) == [f"Person {i:04d}" for i in range(50, 60)]
    assert "Showing 51–60 of 60 people. Page 3 of 3." in pager.status.value
    assert pager.next.disabled
    pager.previous.click()
    assert pager.page == 1 and not pager.previous.disabled


def test_search_reaches_a_row_that_is_not_on_the_first_page():
    pager = table(people(4213))
    pager.finder.value = "person 4100"  # what a user types, in another case
    assert body_names(pager) == ["Person 4100"]
    assert "1 people match “person 4100”: showing 1–1." in pager.status.value
    pager.finder.value = ""
    assert body_names(pager)[0] == "Person 0000"


def test_search_ignores_accents_and_case_and_puts_names_that_start_with_it_first():
    frame = pd.DataFrame({"name": ["Bo Zoë", "Zoe Lee", "Ann"], "group": ["G"] * 3})
    found = paging.matching_rows(frame, ["name"], "ZOE")
    assert found["name"].tolist() == ["Zoe Lee", "Bo Zoë"]
    assert paging.matching_rows(frame, ["name", "group"], "g")["name"].tolist() == [
        "Bo Zoë",
        "Zoe Lee",
        "Ann",
    ]


def test_a_search_without_match_says_so_and_shows_no_rows():
    pager = table(people(300))
    pager.search("nobody")
    assert pager.body.value == ""
    assert "No people match “nobody”." in pager.status.value


def test_a_short_list_is_shown_whole_as_a_plain_table_without_controls():
    frame = people(40)
    pager = table(frame, whole_up_to=100)
    assert len(body_names(pager)) == 40
    assert pager.children == (pager.body,)  # no controls are even made: nothing to send
    assert pager.value == pager.body.value


def test_new_rows_start_again_on_the_first_page_and_keep_the_search():
    pager = table(people(500))
    pager.search("Person 04")
    pager.next_page()
    pager.set_frame(people(500).iloc[::-1])
    assert pager.page == 0 and pager.query == "Person 04"
    assert body_names(pager)[0] == "Person 0499"


def test_names_are_escaped_on_every_page():
    frame = people(200)
    frame.loc[150, "name"] = EVIL
    pager = table(frame)
    pager.search("onerror")
    assert "&lt;img" in pager.body.value and "<img" not in pager.body.value


@pytest.mark.parametrize(
    ("total", "page", "expected"),
    [(0, 0, (0, 0, 1)), (25, 0, (0, 25, 1)), (26, 1, (25, 26, 2)), (26, -3, (0, 25, 2))],
)
def test_page_bounds(total, page, expected):
    assert paging.page_bounds(total, page) == expected


def test_a_section_with_a_pager_exports_what_it_shows():
    pager = table(people(300), serving=ServingContext())
    box = paging.PagedSection(["<h3>People</h3>", pager, "<p>End</p>"])
    html = box._repr_mimebundle_()["text/html"]
    assert html.startswith("<h3>People</h3>") and html.endswith("<p>End</p>")
    assert "Showing 1–25 of 300 people." in html
    client = paging.PagedSection(["<h3>People</h3>"], ServingContext(client_app=True))
    assert "text/html" not in client._repr_mimebundle_()
