"""The pieces every app page is made of: shared style, branded header, notes, live panels.

Every string that comes from client data is escaped here, so a name that carries HTML is
shown as text.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workbench.core.engagement import Engagement
from workbench.core.errors import Problem
from workbench.present.serving import ServingContext

STYLE = """<style>
.wb-table{border-collapse:collapse;font-size:13px;margin:4px 0 12px}
.wb-table th{background:#f2f4f7;text-align:left;padding:4px 8px;border-bottom:2px solid #ccd}
.wb-table td{padding:3px 8px;border-bottom:1px solid #e4e7ec}
.wb-note{color:#555;font-size:13px;margin:4px 0}
</style>"""


def note(text: str) -> str:
    """A short explanatory line in the apps' note style (``text`` is escaped).

    Examples
    --------
    >>> note("Nothing <yet>")
    '<p class="wb-note">Nothing &lt;yet&gt;</p>'
    """
    return f'<p class="wb-note">{escape(text)}</p>'


def branded_header(eng: Engagement, subtitle: str, facts_html: str, problems: list[Problem]) -> str:
    """The client's colours and name, the workshop's subtitle, its facts and data warnings.

    ``facts_html`` must already be escaped; every other string is escaped here.
    """
    brand = eng.branding
    warnings = [p for p in problems if p.severity == "warning"]
    warn = "".join(f"<li>{escape(str(p))}</li>" for p in warnings)
    warn_html = (
        f"<details><summary>{len(warnings)} data warning(s)</summary><ul>{warn}</ul></details>"
        if warnings
        else ""
    )
    return (
        f'<div style="border-left:6px solid {brand["accent_color"]};padding:8px 16px;'
        f'background:{brand["primary_color"]};color:#fff;border-radius:4px">'
        f'<div style="font-size:22px;font-weight:bold">{escape(eng.client)}</div>'
        f"<div>{escape(eng.title)}: {escape(subtitle)}</div></div>"
        f'<p class="wb-note">{facts_html}</p>{warn_html}{STYLE}'
    )


def read_only_reason(eng: Engagement, what: str, context: ServingContext) -> str | None:
    """Why a workshop editor must not write here (as an HTML note), or None when it may.

    Examples
    --------
    >>> from workbench.core.engagement import Engagement
    >>> "read-only" in read_only_reason(Engagement.load("demo"), "Ratings", ServingContext())
    True
    """
    if context.client_app:
        return note(f"{what} are read-only in the client app.")
    if eng.is_demo:
        return (
            '<p class="wb-note">The built-in demo is read-only. Copy it with '
            "<code>workbench new PATH --demo</code> to try live editing.</p>"
        )
    return None


class SnapshotBox(widgets.VBox):
    """A widget panel that also carries a static HTML copy of what it shows right now.

    JupyterLab and Voila render the live widget; nbconvert's HTML export (which has no
    kernel) falls back to the static copy, so exported reports show the same content.
    """

    def static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = type(self).__name__
        bundle["text/html"] = self.static_html()
        return bundle
