"""What the relationship-model design notebook shows: HTML pieces and the group browser.

Views return objects (HTML, widgets); they never save anything. The consultant's editor,
which does save, is in :mod:`workbench.design.editor`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
from IPython.display import HTML

from workbench.design import cards
from workbench.design.workshop import ModelDesign
from workbench.present.page import STYLE, SnapshotBox, branded_header

NO_MODEL = "no model yet"


def header(design: ModelDesign) -> HTML:
    """Branded title block: how many groups have a model, how many findings are open."""
    with_model = sum(g in design.models for g in design.groups)
    facts = (
        f"{len(design.groups)} stakeholder groups, {with_model} with a relationship model; "
        f"{len(design.findings)} finding(s) to discuss."
    )
    return HTML(branded_header(design.engagement, "relationship models", facts, design.problems))


def group_html(design: ModelDesign, group: str) -> str:
    """A group's model (card, principles, canvas), or its recommendation when it has none."""
    advice = design.recommendation(group)
    if group in design.models:
        return cards.model_html(design.models[group], advice)
    suggestion = (
        f"The evidence suggests a <b>{escape(advice['recommended_type'])}</b> relationship "
        f"with <b>{escape(advice['recommended_communality'])}</b> communality."
        if advice
        else ""
    )
    return (
        f'{cards.CSS}<div class="wb-model wb-card" data-group="{escape(group, quote=True)}">'
        f'<h3>{escape(group)}</h3><p class="wb-note">No relationship model has been agreed '
        f"for this group yet. {suggestion}</p></div>"
    )


class ModelBrowser(SnapshotBox):
    """Pick a group to see its model card, principles and journey canvas."""

    def __init__(self, design: ModelDesign):
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
        super().__init__([self.group, self.view])
        self.add_class("wb-browser")
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        group = self.group.value
        self.view.value = STYLE + (group_html(self._design, group) if group else "")

    def static_html(self) -> str:
        # The exported report has no kernel to switch groups: it shows every model.
        return STYLE + "".join(group_html(self._design, g) for g in self._design.models)


def model_browser(design: ModelDesign) -> ModelBrowser:
    return ModelBrowser(design)


def principles_table(design: ModelDesign) -> HTML:
    """Every group's principles on the five axes, side by side."""
    return HTML(STYLE + cards.principles_table(design.principles()))


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else ""


def recommendations_table(design: ModelDesign) -> HTML:
    """Per group: what the evidence suggests, why, what is missing, and what was chosen."""
    rows = []
    for advice in design.recommendations.to_dict("records"):
        group = advice["group"]
        model = design.models.get(group)
        chosen = f"{model.relationship_type} / {model.communality}" if model else NO_MODEL
        if model and model.override is not None:
            chosen += f" (override: {model.override.reason})"
        rows.append(
            f"<tr><th>{escape(group)}</th>"
            f"<td>{escape(advice['recommended_type'])} / "
            f"{escape(advice['recommended_communality'])}</td>"
            f"<td>{escape(chosen)}</td><td>{_items(advice['reasons'])}</td>"
            f"<td>{_items(advice['missing'])}</td></tr>"
        )
    return HTML(
        STYLE + cards.CSS + '<table class="wb-table wb-recommendations"><thead><tr>'
        "<th>group</th><th>suggested</th><th>chosen</th><th>why</th><th>evidence missing</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def findings_table(design: ModelDesign) -> HTML:
    """The consistency checks' findings, grouped by stakeholder group."""
    frame = design.findings
    if frame.empty:
        return HTML(
            '<p class="wb-note wb-findings">No findings: every model passes the checks.</p>'
        )
    rows = "".join(
        f'<tr class="wb-finding-{escape(r["severity"])}"><th>{escape(r["group"])}</th>'
        f"<td>{escape(r['check'])}</td><td><code>{escape(r['field'])}</code></td>"
        f"<td>{escape(r['message'])}</td><td>{escape(r['fix'])}</td></tr>"
        for r in frame.to_dict("records")
    )
    return HTML(
        STYLE + cards.CSS + '<table class="wb-table wb-findings"><thead><tr><th>group</th>'
        "<th>check</th><th>field</th><th>finding</th><th>what to do</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def reference() -> HTML:
    """What the communality levels and relationship types mean in practice."""
    return HTML(STYLE + cards.traits_tables())
