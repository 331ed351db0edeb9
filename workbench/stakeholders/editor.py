"""The stakeholder-mapping workshop's live editor: ratings changed in the room, saved at once.

Each change goes through :mod:`workbench.stakeholders.store` (atomic writes into
``workshop/``, a dated copy in the history); in a client app the editor is read-only.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workbench.core.errors import WorkbenchError
from workbench.present.page import read_only_reason
from workbench.stakeholders import store
from workbench.stakeholders.workshop import StakeholderMapping

# Every control fits a phone's width: none is wider than the page.
_FITS = {"width": "auto", "max_width": "100%"}


def rating_editor(workshop: StakeholderMapping) -> widgets.Widget:
    """Consultant-only panel: change a stakeholder's ratings; each change is saved at once."""
    eng = workshop.engagement
    if (reason := read_only_reason(eng, "Ratings", workshop.context)) is not None:
        return widgets.HTML(reason)
    base = workshop.stakeholders.set_index("id")
    picker = widgets.Dropdown(
        options=[
            (f"{row['name']} ({sid})", sid) for sid, row in base.sort_values("name").iterrows()
        ],
        description="Stakeholder",
        layout=_FITS,
    )
    sliders = {
        name: widgets.IntSlider(
            min=store.RANGES[name][0],
            max=store.RANGES[name][1],
            description=name.capitalize(),
            continuous_update=False,
            layout=_FITS,
        )
        for name in store.RATED
    }
    status = widgets.HTML()
    loading = {"on": False}

    def show(_change=None):
        loading["on"] = True
        row = base.loc[picker.value]
        for name, slider in sliders.items():
            slider.value = int(row[name])
        loading["on"] = False

    def save(_change=None):
        if loading["on"]:
            return
        values = {name: slider.value for name, slider in sliders.items()}
        try:
            path = store.save_adjustment(eng, picker.value, **values)
        except (WorkbenchError, OSError) as exc:  # shown to the consultant instead of a traceback
            status.value = f'<p style="color:#b03a2e">Not saved: {escape(str(exc))}</p>'
            return
        for name, value in values.items():
            base.loc[picker.value, name] = value
        status.value = f'<p class="wb-note">Saved to {escape(str(path.relative_to(eng.root)))}.</p>'

    def snapshot(_button=None):
        register = base.reset_index().drop(columns=["adjusted"], errors="ignore")
        try:
            folder = store.save_snapshot(eng, register, workshop.relationships)
        except (WorkbenchError, OSError) as exc:  # shown to the consultant instead of a traceback
            status.value = f'<p style="color:#b03a2e">Snapshot not saved: {escape(str(exc))}</p>'
            return
        where = escape(str(folder.relative_to(eng.root)))
        status.value = (
            f'<p class="wb-note">Snapshot saved to {where}: the next run compares with it.</p>'
        )

    picker.observe(show, names="value")
    for slider in sliders.values():
        slider.observe(save, names="value")
    snapshot_button = widgets.Button(
        description="Save today's snapshot", tooltip="Store the register as this workshop's"
    )
    snapshot_button.on_click(snapshot)
    show()
    panel = widgets.VBox([picker, *sliders.values(), snapshot_button, status])
    panel.layout.max_width = "100%"
    return panel
