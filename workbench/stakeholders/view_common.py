"""What every stakeholder view shares: the app's style, names for display, client tables.

The pieces of the stakeholder-mapping app (:mod:`workbench.stakeholders.views` and the modules
it gathers) wrap their sections in :data:`APP_STYLE` with :func:`app_html`, write names on
charts with :func:`short_name`, and label and format their tables from
:mod:`workbench.stakeholders.wording` with :func:`client_table`.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from IPython.display import HTML

from workbench.present import palette
from workbench.present.page import STYLE, empty_state, section
from workbench.present.paging import PagedSection, Pager
from workbench.present.tables import labelled_table
from workbench.stakeholders import analysis, wording
from workbench.stakeholders.workshop import StakeholderMapping

ATTITUDE_COLORS = palette.ATTITUDE
NAME_LIMIT = 22  # characters of a name written on a chart before it is shortened

APP_STYLE = """<style>
.wb-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,270px),1fr));
 gap:10px;margin:6px 0 14px}
.wb-card{border:1px solid #d5d9de;border-radius:8px;padding:10px 12px;background:#fff;
 font-size:14px;color:#1d2430;min-width:0;overflow-wrap:anywhere}
.wb-card-head{display:flex;justify-content:space-between;align-items:flex-start;gap:8px}
.wb-card-name{font-weight:600;font-size:15px}
.wb-card-sub{color:#5b6573;font-size:13px;margin:2px 0 6px}
.wb-card ul{margin:4px 0 6px;padding-left:18px}
.wb-card li{margin:2px 0}
.wb-chip{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;
 white-space:nowrap;font-weight:600}
.wb-card-act{border-top:1px solid #e4e7ec;padding-top:6px;font-size:13px}
.wb-keylist{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:13px;color:#5b6573;
 margin:0 0 12px;padding:0;list-style:none}
.wb-explorer{max-width:100%}
.wb-grid-box{max-width:100%}
/* Whole words and left-aligned text come from the kit's TABLE_STYLE; names get room. */
.wb-table-wrap .wb-table td:first-child{min-width:7em}
</style>"""


def app_html(*parts: str) -> HTML:
    """``parts`` as one HTML output, after the app's style."""
    return HTML(APP_STYLE + "".join(parts))


def short_name(name: str, limit: int = NAME_LIMIT) -> str:
    """The name without a trailing role in brackets, cut to ``limit`` characters.

    Charts write names where space is short; tables and tips keep the full name.

    Examples
    --------
    >>> short_name("Miriam Castellano (Group CFO)")
    'Miriam Castellano'
    >>> short_name("A very long organisation name indeed", 12)
    'A very long…'
    """
    text = str(name)
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    text = bare or text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def community_label(number: object) -> str:
    """The human name of community ``number``.

    Examples
    --------
    >>> community_label(2), community_label(float("nan"))
    ('Community 2', 'No community')
    """
    try:
        return f"Community {int(number)}"
    except (TypeError, ValueError):
        return "No community"


def long_date(text: str) -> str:
    """An ISO date written out ("4 March 2025"); any other text as it is.

    Examples
    --------
    >>> long_date("2025-03-04"), long_date("spring")
    ('4 March 2025', 'spring')
    """
    try:
        day = date.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return f"{day.day} {day:%B %Y}"


def names_by_id(workshop: StakeholderMapping) -> dict[str, str]:
    """Every stakeholder's name by id, including those who left since the last workshop."""
    names = {}
    if workshop.diff:
        gone = workshop.diff.get("stakeholders_removed", pd.DataFrame(columns=["id", "name"]))
        names.update(zip(gone["id"].astype(str), gone["name"].astype(str), strict=True))
    stakeholders = workshop.stakeholders
    names.update(zip(stakeholders["id"].astype(str), stakeholders["name"].astype(str), strict=True))
    return names


def client_table(frame: pd.DataFrame, columns: list[str], caption: str = "", **kw) -> str:
    """A client table of ``columns`` labelled and formatted from :mod:`wording`."""
    headers = wording.labels(columns, **kw.pop("headers", {}))
    kinds = wording.formats(columns, **kw.pop("formats", {}))
    return labelled_table(
        frame, headers, formats=kinds, glossary=wording.GLOSSARY, caption=caption, **kw
    )


def client_rows(
    frame: pd.DataFrame,
    columns: list[str],
    what: str,
    serving=None,
    search: tuple[str, ...] = ("name",),
    **kw,
) -> str | Pager:
    """A :func:`client_table` when ``frame`` is short enough to read whole, else a pager.

    The pager (:class:`workbench.present.paging.Pager`) sends one page of 25 rows at a time
    and finds anyone by ``search``; ``what`` names the rows ("stakeholders").
    """
    table = Pager(
        frame,
        lambda rows: client_table(rows, columns, limit=len(rows), **kw),
        what=what,
        search=search,
        serving=serving,
    )
    if len(frame) <= table.whole_up_to:
        return client_table(frame, columns, **kw)
    return table


def section_with(
    title: str, parts: list[str | Pager], intro: str = "", serving=None
) -> HTML | PagedSection:
    """A section of ``parts``: one HTML output as before, or a box when a pager is among them."""
    if not any(isinstance(p, Pager) for p in parts):
        return app_html(section(title, "".join(parts), intro))
    boxes: list[str | Pager] = []
    for part in parts:
        if isinstance(part, Pager) or not boxes or isinstance(boxes[-1], Pager):
            boxes.append(part)
        else:
            boxes[-1] += part
    head = boxes[0] if isinstance(boxes[0], str) else ""
    boxes[0:1] = [section(title, head, intro)] + ([] if head else [boxes[0]])
    styled = [APP_STYLE + STYLE + b if isinstance(b, str) else b for b in boxes]
    return PagedSection(styled, serving)


def no_relationships(what: str) -> str:
    """The empty state of a section (``what``) that needs relationships in the register."""
    return empty_state(
        "No relationships recorded yet",
        f"The {what} appear here once the register lists who works with whom.",
    )


def attitude_bands(values: pd.Series) -> pd.Series:
    """The attitude band of each attitude rating in ``values``."""
    return analysis.attitude_band(pd.DataFrame({"attitude": values}))["attitude_band"]


def percent(value: float) -> str:
    """A percentage for a client: one decimal below 1%, none above.

    Examples
    --------
    >>> percent(0.25), percent(12.4), percent(0)
    ('0.2%', '12%', '0%')
    """
    return f"{value:.1f}%" if 0 < value < 1 else f"{value:.0f}%"
