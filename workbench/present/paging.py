"""Long lists a page at a time: a pager with a search box, both answered by the kernel.

A table of 5,000 stakeholders is too long to read and too heavy to send: :class:`Pager` sends
one page of rows (25 by default) and says how many there are ("Showing 1–25 of 4,213
stakeholders"); Previous and Next turn the pages and a search box finds anyone by name. Each
answer is rendered in the kernel (ipywidgets), so the browser never holds more than one page.
A list short enough to read whole (up to ``whole_up_to`` rows) is shown whole, with no
controls, exactly as a plain table would show it.

What a page looks like is the caller's: ``render`` turns the rows of one page into HTML (a
:func:`workbench.present.tables.labelled_table`, or cards). :func:`paged_table` is the pager
of a labelled table, and :class:`PagedSection` puts a pager between the HTML of a section.
The helpers that need no kernel (:func:`page_bounds`, :func:`showing_line`,
:func:`matching_rows`) are the pager's arithmetic and wording.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from html import escape

import ipywidgets as widgets
import pandas as pd

from workbench.present.page import STYLE, SnapshotBox
from workbench.present.serving import ServingContext
from workbench.present.tables import labelled_table

PAGE_SIZE = 25  # rows on one page
WHOLE_UP_TO = 100  # a list this long or shorter is shown whole, without controls

PAGER_STYLE = """<style>
.wb-pager-bar{flex-wrap:wrap;gap:4px 8px;align-items:center}
.wb-pager-bar .widget-text{width:auto;max-width:100%}
.wb-pager-bar .widget-text input{min-height:36px;font-size:16px}
.wb-pager-bar .widget-button{min-height:36px;width:auto;padding:0 14px}
.wb-pager-status .wb-note{margin:2px 0}
@media (max-width:600px){.wb-pager-bar .widget-text{width:100%}}
</style>"""


def fold(text: object) -> str:
    """``text`` for matching: lower case, accents dropped, spaces squeezed.

    Examples
    --------
    >>> fold("  José  Ñúñez ")
    'jose nunez'
    """
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def matching_rows(frame: pd.DataFrame, columns: Sequence[str], query: str) -> pd.DataFrame:
    """Rows where any of ``columns`` contains ``query`` (see :func:`fold`); all for no query.

    Rows whose text starts with the query come first, then the others, each in frame order.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["Ann Lee", "Bo Annan", "Cy"]})
    >>> matching_rows(df, ["name"], "ann")["name"].tolist()
    ['Ann Lee', 'Bo Annan']
    >>> matching_rows(df, ["name"], "annan")["name"].tolist()
    ['Bo Annan']
    """
    wanted = fold(query)
    if not wanted or frame.empty:
        return frame
    texts = [frame[c].map(fold) for c in columns]
    found = pd.Series(False, index=frame.index)
    starts = pd.Series(False, index=frame.index)
    for text in texts:
        found |= text.str.contains(wanted, regex=False)
        starts |= text.str.startswith(wanted)
    order = (~starts[found]).astype(int)
    return frame[found].iloc[order.argsort(kind="stable")]


def page_bounds(total: int, page: int, page_size: int = PAGE_SIZE) -> tuple[int, int, int]:
    """The rows of ``page`` (0-based) as ``(first, stop, pages)``; ``page`` is clamped.

    Examples
    --------
    >>> page_bounds(4213, 0), page_bounds(4213, 168), page_bounds(4213, 999)
    ((0, 25, 169), (4200, 4213, 169), (4200, 4213, 169))
    >>> page_bounds(0, 3)
    (0, 0, 1)
    """
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    first = page * page_size
    return first, min(first + page_size, total), pages


def showing_line(first: int, stop: int, total: int, what: str = "rows", query: str = "") -> str:
    """What a page shows, in words (plain text).

    Examples
    --------
    >>> showing_line(0, 25, 4213, "stakeholders")
    'Showing 1–25 of 4,213 stakeholders.'
    >>> showing_line(0, 2, 2, "stakeholders", "ann")
    '2 stakeholders match “ann”: showing 1–2.'
    >>> showing_line(0, 0, 0, "stakeholders", "zz")
    'No stakeholders match “zz”.'
    """
    if query:
        if total == 0:
            return f"No {what} match “{query}”."
        return f"{total:,} {what} match “{query}”: showing {first + 1:,}–{stop:,}."
    if total == 0:
        return f"No {what} to show."
    return f"Showing {first + 1:,}–{stop:,} of {total:,} {what}."


class Pager(SnapshotBox):
    """One page of ``frame`` at a time, with Previous, Next and a search box.

    Parameters
    ----------
    frame : pd.DataFrame
        Every row, in the order the pages show them.
    render : callable
        Turns the rows of one page (a DataFrame) into HTML; it escapes what it shows.
    page_size : int
        Rows on one page.
    search : sequence of str
        Columns the search box looks in (names, groups); empty: no search box.
    what : str
        What the rows are, plural, for the "Showing 1–25 of 4,213 …" line.
    search_label : str
        The search box's placeholder.
    whole_up_to : int
        A frame this long or shorter is shown whole, without controls or line.
    serving : ServingContext
        Whether the static copy for HTML export is needed (see :class:`SnapshotBox`).

    Examples
    --------
    >>> rows = pd.DataFrame({"name": [f"Person {i}" for i in range(60)]})
    >>> pager = Pager(rows, lambda r: ", ".join(r["name"]), page_size=25, whole_up_to=30)
    >>> pager.next_page(); pager.status.value.endswith("Showing 26–50 of 60 rows. Page 2 of 3.</p>")
    True
    >>> pager.search("person 59"); pager.body.value
    'Person 59'
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        render: Callable[[pd.DataFrame], str],
        *,
        page_size: int = PAGE_SIZE,
        search: Sequence[str] = ("name",),
        what: str = "rows",
        search_label: str = "Find by name",
        whole_up_to: int = WHOLE_UP_TO,
        serving: ServingContext | None = None,
    ):
        self.serving = serving or ServingContext()
        self.render, self.page_size, self.what = render, int(page_size), what
        self.columns = [c for c in search if c in frame.columns]
        self.whole_up_to, self.search_label = whole_up_to, search_label
        self.page, self.query = 0, ""
        self._bar: widgets.HBox | None = None  # the controls are made when a list needs them
        self.body = widgets.HTML()
        super().__init__([self.body])
        self.add_class("wb-pager")
        self.set_frame(frame)

    def _controls(self) -> widgets.HBox:
        """The search box, the buttons and the line, made on first need: every widget is
        three models in the page's first message, and a short list needs none of them."""
        if self._bar is None:
            self._finder = widgets.Text(
                placeholder=self.search_label,
                continuous_update=False,  # one answer per Enter or leaving the box, not per key
                layout=widgets.Layout(width="16em"),
            )
            self._finder.observe(lambda change: self.search(change["new"]), names="value")
            self._previous = widgets.Button(description="‹ Previous", tooltip="The page before")
            self._next = widgets.Button(description="Next ›", tooltip="The page after")
            self._previous.on_click(lambda _b: self.go_to(self.page - 1))
            self._next.on_click(lambda _b: self.go_to(self.page + 1))
            controls = [self._finder] if self.columns else []
            self._bar = widgets.HBox([*controls, self._previous, self._next])
            self._bar.add_class("wb-pager-bar")
            self._status = widgets.HTML()
            self._status.add_class("wb-pager-status")
            self.children = (self._bar, self._status, self.body)
        return self._bar

    @property
    def bar(self) -> widgets.HBox:
        return self._controls()

    @property
    def finder(self) -> widgets.Text:
        self._controls()
        return self._finder

    @property
    def previous(self) -> widgets.Button:
        self._controls()
        return self._previous

    @property
    def next(self) -> widgets.Button:
        self._controls()
        return self._next

    @property
    def status(self) -> widgets.HTML:
        self._controls()
        return self._status

    @property
    def value(self) -> str:
        """What the pager shows now, as HTML (the line and the page)."""
        line = self._status.value if self._bar is not None else ""
        return line + self.body.value

    @property
    def matches(self) -> pd.DataFrame:
        """The rows the search leaves (every row without a search)."""
        return self._matches

    @property
    def pages(self) -> int:
        return page_bounds(len(self._matches), 0, self.page_size)[2]

    def _whole(self) -> bool:
        return len(self.frame) <= self.whole_up_to

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Show new rows (a filter changed), from the first page; the search stays."""
        self.frame = frame
        if not self._whole():
            self._controls()
        if self._bar is not None:
            self._bar.layout.display = "none" if self._whole() else None
            self._status.layout.display = "none" if self._whole() else None
        self.search(self.query if not self._whole() else "", keep_box=True)

    def search(self, query: str, keep_box: bool = False) -> None:
        """Rows matching ``query`` (see :func:`matching_rows`), from their first page."""
        self.query = " ".join(str(query).split())
        if not keep_box and self.finder.value != query:
            self.finder.value = query  # its observer searches again, with the same result
        self._matches = matching_rows(self.frame, self.columns, self.query)
        self.page = 0
        self._show()

    def go_to(self, page: int) -> None:
        """Show ``page`` (0-based; clamped to the pages there are)."""
        self.page = page
        self._show()

    def next_page(self) -> None:
        self.go_to(self.page + 1)

    def previous_page(self) -> None:
        self.go_to(self.page - 1)

    def _show(self) -> None:
        total = len(self._matches)
        if self._whole():
            self.page, first, stop = 0, 0, total
            if self._bar is not None:
                self._status.value = ""
        else:
            first, stop, pages = page_bounds(total, self.page, self.page_size)
            self.page = first // self.page_size
            line = showing_line(first, stop, total, self.what, self.query)
            if pages > 1:
                line += f" Page {self.page + 1:,} of {pages:,}."
            self.status.value = f'{STYLE}{PAGER_STYLE}<p class="wb-note">{escape(line)}</p>'
            self.previous.disabled = self.page == 0
            self.next.disabled = self.page >= pages - 1
        self.body.value = self.render(self._matches.iloc[first:stop]) if stop > first else ""

    def static_html(self) -> str:
        return self.value


def paged_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | Sequence[str],
    *,
    formats: Mapping[str, str] | None = None,
    glossary: Mapping[str, str] | None = None,
    caption: str = "",
    **pager_options,
) -> Pager:
    """A :class:`Pager` of a :func:`~workbench.present.tables.labelled_table`.

    Examples
    --------
    >>> rows = pd.DataFrame({"name": [f"P{i}" for i in range(300)], "n": range(300)})
    >>> pager = paged_table(rows, {"name": "Name", "n": "Count"}, what="people")
    >>> pager.body.value.count("<tr>") - 1, "Showing 1–25 of 300 people." in pager.value
    (25, True)
    """
    formats, glossary = dict(formats or {}), dict(glossary or {})

    def render(rows: pd.DataFrame) -> str:
        return labelled_table(
            rows, columns, formats=formats, glossary=glossary, caption=caption, limit=len(rows)
        )

    return Pager(frame, render, **pager_options)


class PagedSection(SnapshotBox):
    """A section of an app with a pager in it: HTML before and after, the pager between.

    Examples
    --------
    >>> rows = pd.DataFrame({"name": ["Ann"]})
    >>> box = PagedSection(["<h3>Head</h3>", Pager(rows, lambda r: "<p>Ann</p>"), "<p>End</p>"])
    >>> box.static_html()
    '<h3>Head</h3><p>Ann</p><p>End</p>'
    """

    def __init__(self, parts: Sequence[str | Pager], serving: ServingContext | None = None):
        self.serving = serving or ServingContext()
        self.parts = [widgets.HTML(p) if isinstance(p, str) else p for p in parts]
        super().__init__(self.parts)

    def static_html(self) -> str:
        return "".join(p.static_html() if isinstance(p, Pager) else p.value for p in self.parts)
