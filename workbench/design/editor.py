"""The consultant's live editor for relationship models (JupyterLab only, never in Voila).

Every change is checked at once: the model is validated, the consistency checks run on it
and the evidence's suggestion is recomputed. A valid model is saved straight away,
atomically, with a dated copy in the history; a model that is not valid yet (an override
without its reason) is not saved, and the editor says what is missing. Any earlier version
can be made current again from the history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

import ipywidgets as widgets
import pandas as pd

from workbench.core.errors import InputError
from workbench.design import consistency, recommend, store
from workbench.design.models import (
    COMMUNALITY_LEVELS,
    JOURNEYS,
    LEVELS,
    OPTIONAL_CHOICES,
    PRINCIPLE_AXES,
    PRINCIPLE_RANGE,
    RELATIONSHIP_TYPES,
    ROLES,
    STEP_LABELS,
    STEP_LISTS,
    Override,
    RelationshipModel,
    with_journey,
)
from workbench.design.workshop import ModelDesign
from workbench.present.page import read_only_reason

WIDE = widgets.Layout(width="100%", max_width="520px")  # shrinks with a phone's screen
ERROR = '<p class="wb-editor-error" style="color:#b03a2e">{}</p>'
NOTE = '<p class="wb-note">{}</p>'


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _area(description: str) -> widgets.Textarea:
    return widgets.Textarea(
        description=description,
        placeholder="one per line",
        continuous_update=False,
        layout=widgets.Layout(width="100%", max_width="520px", height="80px"),
    )


def _row(*children: widgets.Widget) -> widgets.HBox:
    """Widgets side by side that wrap onto the next line on a narrow screen."""
    box = widgets.HBox(list(children))
    box.add_class("wb-filters")
    return box


class ModelEditor(widgets.VBox):
    """Edit one group's model at a time; each valid change is saved at once."""

    def __init__(self, design: ModelDesign):
        self.design = design
        self.engagement = design.engagement
        self.model: RelationshipModel | None = None
        self.saved = False  # True once the current group's model exists on disk
        self._loading = False
        self.group = widgets.Dropdown(options=design.groups, description="Group")
        self.advice = widgets.HTML()
        self.accept = widgets.Button(description="Accept suggestion")
        self.relationship_type = widgets.Dropdown(options=RELATIONSHIP_TYPES, description="Type")
        self.communality = widgets.Dropdown(options=COMMUNALITY_LEVELS, description="Communality")
        self.reason = widgets.Text(
            description="Why differ", placeholder="reason for not following the suggestion",
            continuous_update=False, layout=WIDE,
        )  # fmt: skip
        self.journey = widgets.ToggleButtons(options=list(JOURNEYS), description="Journey")
        self.levels = {level: widgets.Checkbox(description=level, indent=False) for level in LEVELS}
        self.choices = {
            key: widgets.Dropdown(options=[("not set", ""), *[(v, v) for v in allowed]],
                                  description=key.replace("_", " ").capitalize())
            for key, allowed in OPTIONAL_CHOICES.items()
        }  # fmt: skip
        self.texts = {
            key: widgets.Text(description=key.capitalize(), continuous_update=False, layout=WIDE)
            for key in ("owner", "agent")
        }
        self.lists = {"channels": _area("Channels"), "kpis": _area("KPIs")}
        low, high = PRINCIPLE_RANGE
        self.principles = {
            axis: widgets.IntSlider(min=low, max=high, readout=True, continuous_update=False)
            for axis in PRINCIPLE_AXES
        }
        self.step = widgets.Dropdown(description="Step")
        self.responsible = widgets.Combobox(
            options=ROLES, description="Responsible", continuous_update=False, layout=WIDE
        )
        self.step_lists = {key: _area(key.capitalize()) for key in STEP_LISTS}
        self.status = widgets.HTML()
        self.checks = widgets.HTML()
        self.versions = widgets.Dropdown(description="Version", layout=WIDE)
        self.restore_button = widgets.Button(description="Restore this version")
        super().__init__(self._layout())
        self.add_class("wb-model-editor")
        self._wire()
        self.load_group()

    # --- layout and events -------------------------------------------------------------------
    def _layout(self) -> list[widgets.Widget]:
        principle_rows = [
            _row(widgets.Label(left, layout=widgets.Layout(width="120px")), slider,
                 widgets.Label(right))
            for slider, (left, right) in zip(self.principles.values(), PRINCIPLE_AXES.values(),
                                             strict=True)
        ]  # fmt: skip
        return [
            self.group,
            self.advice,
            _row(self.relationship_type, self.communality, self.accept),
            self.reason,
            _row(widgets.Label("Levels involved"), *self.levels.values()),
            *self.choices.values(),
            *self.texts.values(),
            *self.lists.values(),
            widgets.HTML("<b>Principles</b>"),
            *principle_rows,
            widgets.HTML("<b>Journey</b>"),
            self.journey,
            self.step,
            self.responsible,
            *self.step_lists.values(),
            self.status,
            self.checks,
            _row(self.versions, self.restore_button),
        ]

    def _model_widgets(self) -> list[widgets.Widget]:
        return [
            self.relationship_type, self.communality, self.reason, *self.levels.values(),
            *self.choices.values(), *self.texts.values(), *self.lists.values(),
            *self.principles.values(),
        ]  # fmt: skip

    def _wire(self) -> None:
        self.group.observe(lambda _: self.load_group(), names="value")
        for widget in self._model_widgets():
            widget.observe(lambda _: self._changed(), names="value")
        self.journey.observe(lambda _: self._journey_changed(), names="value")
        self.step.observe(lambda _: self._show_step(), names="value")
        for widget in (self.responsible, *self.step_lists.values()):
            widget.observe(lambda _: self._step_changed(), names="value")
        self.accept.on_click(lambda _: self.accept_suggestion())
        self.restore_button.on_click(lambda _: self.restore(self.versions.value))

    # --- loading ------------------------------------------------------------------------------
    def load_group(self) -> None:
        group = self.group.value
        if group in self.design.models:
            self.model, self.saved = self.design.models[group], True
            note = "Editing the saved model. Changes are saved as you make them."
        else:
            kind = self.design.kinds.get(group) or ""
            self.model, self.saved = store.starter_for(group, kind), False
            # Start from what the evidence suggests, so a first edit needs no override reason.
            starter = replace(self.model, service_profile="", environment="")
            advice = self.suggestion(starter)
            self.model = replace(
                starter,
                relationship_type=advice["recommended_type"],
                communality=advice["recommended_communality"],
            )
            note = (
                f"No model yet: this is the starter model for {escape(kind or 'a group')}. "
                "It is saved at your first change."
            )
        self._fill()
        self.status.value = NOTE.format(note)
        self._refresh_checks()
        self._refresh_versions()

    def _fill(self) -> None:
        model = self.model
        self._loading = True
        try:
            self.relationship_type.value = model.relationship_type
            self.communality.value = model.communality
            self.reason.value = model.override.reason if model.override else ""
            for level, box in self.levels.items():
                box.value = level in model.levels
            for key, widget in self.choices.items():
                widget.value = getattr(model, key)
            for key, widget in self.texts.items():
                widget.value = getattr(model, key)
            for key, widget in self.lists.items():
                widget.value = "\n".join(getattr(model, key))
            for axis, slider in self.principles.items():
                slider.value = model.principles.get(axis, 0)
            self.journey.value = model.journey
            self.step.options = [(STEP_LABELS[s.step], s.step) for s in model.steps]
            self.step.value = model.steps[0].step
        finally:
            self._loading = False
        self._show_step()

    def _show_step(self) -> None:
        if self.step.value is None:
            return
        step = self.model.step(self.step.value)
        self._loading = True
        try:
            self.responsible.value = step.responsible
            for key, widget in self.step_lists.items():
                widget.value = "\n".join(getattr(step, key))
        finally:
            self._loading = False

    # --- editing ------------------------------------------------------------------------------
    def suggestion(self, model: RelationshipModel) -> dict:
        """The evidence's suggestion, with this model's service profile and environment."""
        row = self.design.evidence[self.design.evidence["group"] == model.group]
        row = row.assign(service_profile=model.service_profile, environment=model.environment)
        if row.empty:
            row = pd.DataFrame([{"group": model.group, "service_profile": model.service_profile,
                                 "environment": model.environment}])  # fmt: skip
        return recommend.recommend(row).iloc[0].to_dict()

    def _from_widgets(self) -> RelationshipModel:
        model = replace(
            self.model,
            relationship_type=self.relationship_type.value,
            communality=self.communality.value,
            levels=[level for level, box in self.levels.items() if box.value],
            principles={axis: slider.value for axis, slider in self.principles.items()},
            **{key: widget.value for key, widget in self.choices.items()},
            **{key: widget.value.strip() for key, widget in self.texts.items()},
            **{key: _lines(widget.value) for key, widget in self.lists.items()},
        )
        advice = self.suggestion(model)
        suggested = (advice["recommended_type"], advice["recommended_communality"])
        if (model.relationship_type, model.communality) == suggested:
            return replace(model, override=None)
        before, reason = model.override, self.reason.value.strip()
        if before is not None and reason == before.reason:
            # Unchanged reason: keep the decision as recorded, even when the evidence has moved
            # since; the checks then ask for a review instead of approving it silently.
            return replace(model, override=before)
        return replace(model, override=Override(*suggested, reason, date.today().isoformat()))

    def _changed(self) -> None:
        if not self._loading:
            self.commit(self._from_widgets())

    def _journey_changed(self) -> None:
        if self._loading:
            return
        self.commit(with_journey(self._from_widgets(), self.journey.value))
        self._fill()

    def _step_changed(self) -> None:
        if self._loading or self.step.value is None:
            return
        model = self._from_widgets()
        steps = [
            replace(
                s,
                responsible=self.responsible.value.strip(),
                **{key: _lines(w.value) for key, w in self.step_lists.items()},
            )
            if s.step == self.step.value
            else s
            for s in model.steps
        ]
        self.commit(replace(model, steps=steps))

    def accept_suggestion(self) -> None:
        advice = self.suggestion(self._from_widgets())
        self._loading = True
        try:
            self.relationship_type.value = advice["recommended_type"]
            self.communality.value = advice["recommended_communality"]
            self.reason.value = ""
        finally:
            self._loading = False
        self._changed()

    def commit(self, model: RelationshipModel) -> bool:
        """Keep ``model`` as the working copy and save it if it is valid; say what happened."""
        self.model = model
        self._refresh_checks()
        if model.override is not None and not model.override.reason:
            self.status.value = ERROR.format(
                "Not saved yet: the model differs from the suggestion. Say why in "
                "<b>Why differ</b>, or press <b>Accept suggestion</b>."
            )
            return False
        try:
            path = store.save_model(self.engagement, model)
        except InputError as exc:
            problems = "".join(f"<li>{escape(str(p))}</li>" for p in exc.problems)
            self.status.value = ERROR.format(f"Not saved: <ul>{problems}</ul>")
            return False
        except Exception as exc:  # shown to the consultant instead of a traceback
            self.status.value = ERROR.format(f"Not saved: {escape(str(exc))}")
            return False
        self.saved = True
        self.design.models[model.group] = model
        where = escape(str(path.relative_to(self.engagement.root)))
        self.status.value = NOTE.format(f"Saved to {where}, with a copy in the history.")
        self._refresh_versions()
        return True

    def _refresh_checks(self) -> None:
        model = self.model
        advice = self.suggestion(model)
        reasons = "".join(f"<li>{escape(r)}</li>" for r in advice["reasons"])
        missing = "".join(f"<li>{escape(m)}</li>" for m in advice["missing"])
        self.advice.value = (
            f"<div class='wb-advice'>Evidence suggests <b>{escape(advice['recommended_type'])}"
            f"</b> / <b>{escape(advice['recommended_communality'])}</b><ul>{reasons}</ul>"
            + (f"Missing evidence:<ul>{missing}</ul>" if missing else "")
            + "</div>"
        )
        row = self.design.evidence[self.design.evidence["group"] == model.group]
        evidence = row.iloc[0].to_dict() if len(row) else None
        found = consistency.check_model(
            model, evidence, advice, self.engagement.stakeholder_map["influence_threshold"]
        )
        items = "".join(
            f"<li><code>{escape(f['field'])}</code>: {escape(f['message'])} {escape(f['fix'])}</li>"
            for f in found
        )
        self.checks.value = (
            f"<div class='wb-editor-checks'><b>{len(found)} finding(s)</b><ul>{items}</ul></div>"
        )

    # --- history ------------------------------------------------------------------------------
    def _refresh_versions(self) -> None:
        stamps = store.history(self.engagement, self.group.value)
        self.versions.options = [(store.version_label(s), s) for s in stamps]
        self.restore_button.disabled = not stamps

    def restore(self, stamp: str | None) -> None:
        if not stamp:
            return
        try:
            model = store.restore(self.engagement, self.group.value, stamp)
        except Exception as exc:  # shown to the consultant instead of a traceback
            self.status.value = ERROR.format(f"Not restored: {escape(str(exc))}")
            return
        self.design.models[model.group] = model
        self.model, self.saved = model, True
        self._fill()
        self._refresh_checks()
        self._refresh_versions()
        label = escape(store.version_label(stamp))
        self.status.value = NOTE.format(f"Restored the version of {label}; it is current now.")


def model_editor(design: ModelDesign) -> widgets.Widget:
    """Consultant-only editor; a read-only note in Voila and for the built-in demo."""
    if (
        reason := read_only_reason(design.engagement, "Relationship models", design.context)
    ) is not None:
        return widgets.HTML(reason)
    if not design.groups:
        return widgets.HTML(NOTE.format("Add stakeholders to the register to design models."))
    return ModelEditor(design)
