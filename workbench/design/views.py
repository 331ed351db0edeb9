"""What the relationship-model design notebook shows: HTML pieces and the group browser.

Views return objects (HTML, widgets); they never save anything. The consultant's editor,
which does save, is in :mod:`workbench.design.editor`. Everything here is for the client
(plain words, no file names or commands) except :func:`consultant_notes`, which the template
calls from a cell hidden in the client app.
The summary chart's data and Altair spec are in :mod:`workbench.design.summary_chart`.

Tables that hold lists or coloured chips are plain HTML in the kit's table style
(``wb-table`` inside a ``wb-table-wrap``); on a phone their rows fold into stacked cards, each
value under its header, so nothing needs sideways scrolling.

Examples
--------
>>> from workbench.design import workshop
>>> design = workshop.analyse("demo")
>>> "Journey step 7 (Review): risks to watch" in findings_table(design).data
True
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
from IPython.display import HTML

from workbench.design import cards
from workbench.design.store import file_label
from workbench.design.summary_chart import (  # noqa: F401 (views.* is the notebook's API)
    AGREED,
    COMMUNALITY_COLOURS,
    MARKS_LEGEND,
    SUGGESTED,
    _placements,
    summary_chart_spec,
)
from workbench.design.wording import COLUMN_LABELS, GLOSSARY, SEVERITY_LABELS, field_words
from workbench.design.workshop import ModelDesign
from workbench.present import charts, palette
from workbench.present import page as kit
from workbench.present.page import STYLE, SnapshotBox, branded_header, empty_state

NO_MODEL = "no model yet"
NO_MODELS = "No relationship model has been agreed yet"
ALL_CONSISTENT = "Every agreed model is consistent with the principles and the evidence."
SEVERITY_COLOURS = {"warning": palette.JUDGEMENT_LOW, "info": palette.JUDGEMENT_MID}
TABLE_CSS = f"""<style>
/* "table.wb-dtable" inside the frame outranks JupyterLab's output rules (fixed layout and
   right-aligned cells). */
.wb-table-wrap table.wb-dtable{{table-layout:auto}}
.wb-table-wrap table.wb-dtable td,.wb-table-wrap table.wb-dtable th{{text-align:left;
  vertical-align:top;overflow-wrap:anywhere}}
.wb-table-wrap table.wb-dtable tbody th{{font-weight:600;min-width:8em}}
.wb-dtable ul{{margin:0;padding-left:18px}}
.wb-table-wrap table.wb-dtable td{{min-width:9em}}
.wb-chip{{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;
  font-weight:600;white-space:nowrap;border:1px solid {palette.DIMMED}}}
.wb-consistent{{color:{palette.INK};font-size:14px;margin:6px 0 12px}}
@media (max-width:600px){{
  .wb-table-wrap table.wb-stack,.wb-stack tbody,.wb-stack tr,
  .wb-table-wrap table.wb-stack th,.wb-table-wrap table.wb-stack td{{display:block;
    width:100%;min-width:0;box-sizing:border-box}}
  .wb-stack thead{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}
  .wb-stack tr{{border:1px solid {palette.DIMMED};border-radius:6px;margin:0 0 10px;
    padding:4px 0}}
  .wb-stack tbody th{{border-bottom:1px solid {palette.DIMMED}}}
  .wb-stack td{{border-bottom:none}}
  .wb-stack td[data-label]::before{{content:attr(data-label);display:block;font-weight:600;
    font-size:12px;color:{palette.MUTED}}}
}}
</style>"""


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def header(design: ModelDesign) -> HTML:
    """Branded title block: how many groups have a model, how many points are open.

    Data warnings name files and settings, so they are for the consultant
    (:func:`consultant_notes`), not for this header.
    """
    with_model = sum(g in design.models for g in design.groups)
    groups = _plural(len(design.groups), "stakeholder group", "stakeholder groups")
    if not with_model:
        facts = f"{groups}, none with an agreed relationship model yet."
    else:
        points = _plural(len(design.findings), "point", "points")
        facts = f"{groups}, {with_model} with an agreed relationship model; {points} to settle."
    return HTML(branded_header(design.engagement, "relationship models", escape(facts), []))


def _suggestion(advice: dict) -> str:
    if not advice:
        return ""
    reasons = cards._list(advice["reasons"])
    return (
        f"<p>The evidence suggests a <b>{escape(advice['recommended_type'])}</b> relationship "
        f"with <b>{escape(advice['recommended_communality'])}</b> communality"
        + (f", because:</p>{reasons}" if reasons else ".</p>")
    )


def _group_body(design: ModelDesign, group: str) -> str:
    advice = design.recommendation(group)
    if group in design.models:
        return cards.model_body(design.models[group], advice)
    return (
        f'<div class="wb-model wb-card" data-group="{escape(group, quote=True)}">'
        f"<h3>{escape(group)}</h3>"
        + empty_state(
            "No relationship model has been agreed for this group yet.",
            "The team agrees it in a workshop; its card, principles and journey canvas then "
            "appear here.",
        )
        + f"{_suggestion(advice)}</div>"
    )


def group_html(design: ModelDesign, group: str) -> str:
    """A group's model (card, principles, canvas), or what the evidence suggests for it."""
    return cards.CSS + _group_body(design, group)


def _no_groups() -> str:
    return empty_state(
        "No stakeholder groups yet",
        "Groups appear here once the stakeholder register lists them; each then gets its own "
        "relationship model.",
    )


class ModelBrowser(SnapshotBox):
    """Pick a group to see its model card, principles and journey canvas."""

    def __init__(self, design: ModelDesign):
        self.serving = design.context
        self._design = design
        labels = [
            (group if group in design.models else f"{group} ({NO_MODEL})", group)
            for group in design.groups
        ]
        first = next((g for g in design.groups if g in design.models), None)
        self.group = widgets.Dropdown(
            options=labels, value=first or (design.groups[0] if design.groups else None),
            description="Group",
        )  # fmt: skip
        self.view = widgets.HTML()
        self.group.observe(self._refresh, names="value")
        pickers = widgets.HBox([self.group])
        pickers.add_class("wb-filters")
        super().__init__([pickers, self.view])
        self.add_class("wb-browser")
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        group = self.group.value
        body = group_html(self._design, group) if group else _no_groups()
        self.view.value = STYLE + body

    def static_html(self) -> str:
        # The exported report has no kernel to switch groups: it shows every group, those
        # without a model with what the evidence suggests for them.
        groups = self._design.groups
        if not groups:
            return STYLE + _no_groups()
        return STYLE + cards.CSS + "".join(_group_body(self._design, g) for g in groups)


def model_browser(design: ModelDesign) -> ModelBrowser:
    """The group picker with the picked group's model (see :class:`ModelBrowser`)."""
    return ModelBrowser(design)


def principles_table(design: ModelDesign) -> HTML:
    """Every group's principles on the five axes, side by side."""
    return HTML(STYLE + cards.principles_table(design.principles()))


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else ""


def missing_words(item: str) -> str:
    """What evidence is missing, without the consultant's how-to after the colon.

    Examples
    --------
    >>> missing_words("No culture survey: add a wave in inputs/surveys/ to use it.")
    'No culture survey.'
    """
    return item.split(":")[0].rstrip(".") + "."


def _head(column: str) -> str:
    label = COLUMN_LABELS[column]
    if label in GLOSSARY:
        return f'<th><abbr title="{escape(GLOSSARY[label], quote=True)}">{label}</abbr></th>'
    return f"<th>{escape(label)}</th>"


def _cell(column: str, content: str) -> str:
    return f'<td data-label="{escape(COLUMN_LABELS[column], quote=True)}">{content}</td>'


def _table(kind: str, columns: list[str], rows: list[str]) -> str:
    head = "".join(_head(c) for c in columns)
    return (
        f'{STYLE}{TABLE_CSS}<div class="wb-table-wrap"><table class="wb-table wb-dtable '
        f'wb-stack {kind}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></div>"
    )


def _pair(kind: str, communality: str) -> str:
    return f"{escape(kind)} relationship, {escape(communality)} communality"


def recommendations_table(design: ModelDesign) -> HTML:
    """Per group: what the evidence suggests, why, what is missing, and what was agreed."""
    rows = []
    for advice in design.recommendations.to_dict("records"):
        group = advice["group"]
        model = design.models.get(group)
        chosen = _pair(model.relationship_type, model.communality) if model else "Not agreed yet"
        if model and model.override is not None:
            chosen += (
                '<div class="wb-note">Differs from the suggestion: '
                f"{escape(model.override.reason)}</div>"
            )
        missing = [missing_words(m) for m in advice["missing"]]
        rows.append(
            f"<tr><th>{escape(group)}</th>"
            + _cell(
                "suggested", _pair(advice["recommended_type"], advice["recommended_communality"])
            )
            + _cell("chosen", chosen)
            + _cell("reasons", _items(advice["reasons"]))
            + _cell("missing", _items(missing) or "None")
            + "</tr>"
        )
    columns = ["group", "suggested", "chosen", "reasons", "missing"]
    return HTML(_table("wb-recommendations", columns, rows))


def severity_chip(severity: str) -> str:
    """A finding's priority as a coloured chip (judgement colours: red is a problem).

    Examples
    --------
    >>> "Action needed" in severity_chip("warning") and palette.JUDGEMENT_LOW in severity_chip(
    ...     "warning")
    True
    """
    colour = SEVERITY_COLOURS.get(severity, palette.JUDGEMENT_MID)
    label = SEVERITY_LABELS.get(severity, severity.capitalize())
    return (
        f'<span class="wb-chip wb-chip-{escape(severity, quote=True)}" '
        f'style="background:{colour};color:{palette.text_on(colour)}">{escape(label)}</span>'
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def findings_table(design: ModelDesign) -> HTML:
    """The consistency checks' points to settle, by stakeholder group.

    Without any agreed model there is nothing to check yet, and it says so; only when there
    are models and none has a point to settle does it say that they are consistent.
    """
    if not design.models:
        return HTML(
            STYLE
            + empty_state(
                NO_MODELS,
                "The consistency checks look at each model once the team has agreed it; "
                "any points to settle will then be listed here.",
            )
        )
    frame = design.findings
    if frame.empty:
        return HTML(f'{STYLE}{TABLE_CSS}<p class="wb-consistent">{ALL_CONSISTENT}</p>')
    rows = []
    for finding in frame.to_dict("records"):
        model = design.models.get(finding["group"])
        where = field_words(finding["field"], model.journey if model else None)
        rows.append(
            f'<tr class="wb-finding-{escape(finding["severity"], quote=True)}">'
            f"<th>{escape(finding['group'])}</th>"
            + _cell("severity", severity_chip(finding["severity"]))
            + _cell("field", escape(where))
            + _cell("message", escape(_sentence(finding["message"])))
            + _cell("fix", escape(_sentence(finding["fix"])))
            + "</tr>"
        )
    columns = ["group", "severity", "field", "message", "fix"]
    return HTML(_table("wb-findings", columns, rows))


def summary_chart(design: ModelDesign) -> HTML:
    """Where every group stands: the agreed type and communality next to the suggestion.

    A filled dot is the agreed model, a ring what the evidence suggests; a dot inside its
    ring means the team followed the evidence.
    """
    if not design.groups:
        return HTML(STYLE + _no_groups())
    if not design.models:
        return HTML(
            STYLE
            + empty_state(
                NO_MODELS,
                "This chart places each agreed model by its relationship type and communality, "
                "next to what the evidence suggests. It fills in as the team agrees the models.",
            )
        )
    caption = (
        "A dot inside its ring: the team followed the evidence. A ring alone: no model agreed "
        "for the group yet."
    )
    label = "Relationship type and communality agreed and suggested, per stakeholder group"
    chart = charts.svg(summary_chart_spec(design), label, caption)
    return HTML(STYLE + MARKS_LEGEND + chart)


def reference() -> HTML:
    """What the communality levels and relationship types mean in practice."""
    return HTML(STYLE + cards.traits_tables())


def consultant_notes(design: ModelDesign) -> HTML:
    """Next steps for the consultant: files, fields and commands (a skip-voila cell only).

    Examples
    --------
    >>> from workbench.design import workshop
    >>> "<code>workbench run</code>" in consultant_notes(workshop.analyse("demo")).data
    True
    """
    items = [str(problem) for problem in design.problems]
    closely = {
        r["group"] for r in design.evidence.to_dict("records") if r["strategy"] == "manage closely"
    }
    for group in design.groups:
        if group not in design.models:
            why = " (a group to manage closely)" if group in closely else ""
            items.append(f"No model yet for {group}{why}: start one in the editor below.")
    for finding in design.findings.to_dict("records"):
        items.append(
            f"`{file_label(finding['group'])}`, field `{finding['field']}`: "
            f"{finding['message']} Fix: {finding['fix']}"
        )
    missing: dict[str, list[str]] = {}
    for advice in design.recommendations.to_dict("records"):
        for item in advice["missing"]:
            missing.setdefault(item, []).append(advice["group"])
    items += [f"{item} ({', '.join(groups)})" for item, groups in missing.items()]
    if design.models:
        items.append(
            "Run `workbench run` to write a printable playbook per group with a model and "
            "relationship_models.xlsx."
        )
    return HTML(kit.consultant_notes(items))
