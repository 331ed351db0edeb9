"""The pieces every app page is made of: shared style, branded header, sections, notes.

Every string that comes from client data is escaped here, so a name that carries HTML is
shown as text.

Wording is split by audience. Everything a view returns is for the client: plain words, no
file names, commands or settings. What only the consultant needs (which file to add, which
command to run) goes through :func:`consultant_notes`, whose cell the template tags
``skip-voila`` so that neither the apps nor the exported HTML show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from workbench.core.engagement import Engagement
from workbench.core.errors import Problem
from workbench.present.serving import ServingContext
from workbench.present.tables import TABLE_STYLE

STYLE = (
    """<style>
.wb-note{color:#5b6573;font-size:13px;margin:4px 0}
.wb-section h3{margin:18px 0 4px;font-size:18px}
.wb-empty{border:1px dashed #b8c0c8;border-radius:6px;padding:10px 14px;margin:8px 0 14px;
 background:#fafbfc;color:#1d2430;font-size:14px;max-width:640px}
.wb-empty b{display:block;margin-bottom:2px}
.wb-consultant{border-left:4px solid #8c6bb1;background:#f6f3fa;padding:8px 14px;
 font-size:13px;margin:8px 0}
/* Filters wrap onto new lines on a phone instead of running off the screen. */
.wb-filters{flex-wrap:wrap;gap:4px 12px}
.wb-filters .widget-dropdown,.wb-filters .widget-text{width:auto;max-width:100%}
.wb-filters .widget-dropdown>select{max-width:100%}
@media (max-width:600px){
 .wb-filters .widget-dropdown{width:100%}
 .wb-filters .widget-label{width:84px}
}
.widget-html-content{max-width:100%}
</style>"""
    + TABLE_STYLE
)


def note(text: str) -> str:
    """A short explanatory line in the apps' note style (``text`` is escaped).

    Examples
    --------
    >>> note("Nothing <yet>")
    '<p class="wb-note">Nothing &lt;yet&gt;</p>'
    """
    return f'<p class="wb-note">{escape(text)}</p>'


def empty_state(title: str, explanation: str) -> str:
    """What a client sees where a finding would be but its data are missing (both escaped).

    Say what is missing and what will happen next, never suggest that nothing was found.

    Examples
    --------
    >>> html = empty_state("No survey yet", "Results appear here after the survey closes.")
    >>> 'class="wb-empty"' in html and "No survey yet" in html
    True
    """
    return f'<div class="wb-empty"><b>{escape(title)}</b>{escape(explanation)}</div>'


def section(title: str, body_html: str, intro: str = "") -> str:
    """A titled part of an app: heading and optional intro (escaped), then ``body_html``.

    Examples
    --------
    >>> section("Drivers", "<p>chart</p>", "What goes with the outcome.").count("<h3>")
    1
    """
    lead = f'<p class="wb-note">{escape(intro)}</p>' if intro else ""
    return f'<div class="wb-section"><h3>{escape(title)}</h3>{lead}{body_html}</div>{STYLE}'


def consultant_notes(items: Sequence[str], problems: Sequence[Problem] = ()) -> str:
    """Next steps for the consultant, then the data's problems with their fixes.

    Each item is escaped; inline ``code`` in backticks is kept. Only ever call this from a
    cell tagged ``skip-voila``.

    Examples
    --------
    >>> "<code>workbench run</code>" in consultant_notes(["Then `workbench run`."])
    True
    >>> notes = consultant_notes([], [Problem("logo.svg", "Not found.", "add it.")])
    >>> "logo.svg: Not found. Fix: add it." in notes
    True
    """
    items = [*items, *(str(p) for p in problems)]
    if not items:
        return '<div class="wb-consultant">Nothing to do before the next run.</div>'
    rendered = []
    for item in items:
        parts = escape(item).split("`")
        rendered.append("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))
    lines = "".join(f"<li>{r}</li>" for r in rendered)
    return f'<div class="wb-consultant"><b>For the consultant</b><ul>{lines}</ul></div>'


def branded_header(
    eng: Engagement, subtitle: str, facts_html: str, problems: Sequence[Problem] = ()
) -> str:
    """The client's colours and name, the workshop's subtitle and its facts.

    ``facts_html`` must already be escaped; every other string is escaped here. Data
    warnings are the consultant's business (:func:`consultant_notes` lists them with their
    fixes): the client reads only that some data were set aside, and how many warnings there
    are.

    Examples
    --------
    >>> from workbench.core.engagement import Engagement
    >>> warning = Problem("survey.csv", "A comment column is empty.",
    ...                   "check comment_columns.", severity="warning")
    >>> html = branded_header(Engagement.load("demo"), "map", "Facts.", [warning])
    >>> "comment_columns" in html, "1 data warning" in html
    (False, True)
    """
    brand = eng.branding
    warnings = sum(p.severity == "warning" for p in problems)
    warn_html = (
        f'<p class="wb-note">{warnings} data warning{"s" if warnings != 1 else ""}: some '
        "of the data could not be used as given. Your consultant has the details.</p>"
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
    kernel) falls back to the static copy, so exported reports show the same content. A
    client app renders only the live widget and never exports, so there the copy is left
    out. Subclasses set ``serving`` from their result's ``context``.

    Examples
    --------
    >>> class Panel(SnapshotBox):
    ...     def static_html(self):
    ...         return "<p>copy</p>"
    >>> "text/html" in Panel()._repr_mimebundle_()
    True
    >>> client = Panel()
    >>> client.serving = ServingContext(client_app=True)
    >>> "text/html" in client._repr_mimebundle_()
    False
    """

    serving: ServingContext = ServingContext()

    def static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = type(self).__name__
        if not self.serving.client_app:
            bundle["text/html"] = self.static_html()
        return bundle
