"""The culture analysis's filter panel: survey, grouping, group and dimension over the charts."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from workbench.core.labels import ALL
from workbench.culture.change_view import change_chart, change_frame
from workbench.culture.culture_charts import favourability_chart, profile_chart
from workbench.culture.heatmap_view import heatmap_html
from workbench.culture.segments import segment_order
from workbench.culture.view_common import dimension_names, dimension_order, readable_name
from workbench.culture.wording import WHOLE_ORGANIZATION, human
from workbench.culture.workshop import CultureAnalysis
from workbench.present.page import SnapshotBox, note, section


class CultureExplorer(SnapshotBox):
    """Filters for survey, grouping, group and dimension over the score map, favourability,
    culture types and change. ``static_html()`` is what the panels show, for exported HTML."""

    def __init__(self, analysis: CultureAnalysis):
        self.serving = analysis.context
        self._analysis = analysis
        self._names = dimension_names(analysis)
        demographics = analysis.demographics or [ALL]
        dims = dimension_order(analysis.summary)
        self.wave = widgets.Dropdown(options=analysis.waves[::-1], description="Survey")
        self.by = widgets.Dropdown(
            options=[(human(d), d) for d in demographics], description="Group by"
        )
        self.segment = widgets.Dropdown(options=[ALL], description="Group")
        self.dimension = widgets.Dropdown(
            options=[(ALL, ALL), *[(readable_name(self._names, d), d) for d in dims]],
            description="Dimension",
        )
        splits = ", ".join(human(d).lower() for d in analysis.demographics)
        pick = (
            f"Pick a survey, how to split the organization ({splits}), one group and one dimension."
            if splits
            else "Pick a survey and one dimension."
        )
        self.title = widgets.HTML(
            section(
                "Explore by survey, group and dimension",
                "",
                f"{pick} The score map, the share of favourable answers, the culture types (now "
                "and preferred) and the change since the previous survey follow your choice.",
            )
        )
        self.heatmap = widgets.HTML()
        self.favourability = widgets.HTML()
        self.profile = widgets.HTML()
        self.change = widgets.HTML()
        for control in (self.wave, self.by):
            control.observe(self._new_segments, names="value")
        for control in (self.segment, self.dimension):
            control.observe(self._refresh, names="value")
        filters = [widgets.HBox([self.wave, self.by]), widgets.HBox([self.segment, self.dimension])]
        for row in filters:
            row.add_class("wb-filters")
        # The three charts sit side by side on a wide screen and one under the other on a phone.
        side_by_side = widgets.HBox([self.favourability, self.profile, self.change])
        side_by_side.add_class("wb-culture-charts")
        super().__init__([self.title, *filters, self.heatmap, side_by_side])
        self.add_class("wb-culture")
        self._new_segments()

    def _panels(self) -> list[widgets.HTML]:
        return [self.heatmap, self.favourability, self.profile, self.change]

    def _rows(self) -> pd.DataFrame:
        summary = self._analysis.summary
        chosen = summary[(summary["wave"] == self.wave.value)]
        overall = chosen[chosen["demographic"] == ALL]
        split = chosen[(chosen["demographic"] == self.by.value) & (chosen["demographic"] != ALL)]
        return pd.concat([overall, split], ignore_index=True)

    def _new_segments(self, _change: object = None) -> None:
        segments = segment_order(s for s in self._rows()["segment"] if s != ALL)
        with self.hold_trait_notifications():
            self.segment.options = [ALL, *segments]
            self.segment.value = ALL
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        rows, k = self._rows(), self._analysis.min_group_size
        if self.segment.value != ALL:
            rows = rows[rows["segment"].isin([ALL, self.segment.value])]
        heading = f"<h4>Scores of survey {escape(str(self.wave.value))}</h4>"
        self.heatmap.value = heading + heatmap_html(rows, self._names, k, self.dimension.value)
        self.favourability.value = self._favourability_html(rows)
        self.profile.value = self._profile_html()
        self.change.value = self._change_html()

    def _favourability_html(self, rows: pd.DataFrame) -> str:
        if self.dimension.value != ALL:
            rows = rows[rows["dimension"] == self.dimension.value]
        whole = rows[rows["segment"] == ALL]
        groups = {WHOLE_ORGANIZATION: whole}
        hidden = ""
        segment, k = self.segment.value, self._analysis.min_group_size
        if segment != ALL:
            chosen = rows[rows["segment"] == segment]
            if len(chosen) and chosen["suppressed"].astype(bool).all():
                hidden = note(
                    f"{segment} is hidden: fewer than {k} people answered, or showing the group "
                    "would let a smaller one be worked out."
                )
            else:
                groups[str(segment)] = chosen
        title = "<h4>How people answered: favourable, neutral and unfavourable</h4>"
        chart = favourability_chart(groups, self._names, k)
        return title + (chart or note("No answers for this selection.")) + hidden

    def _profile_html(self) -> str:
        profiles = self._analysis.profiles
        if profiles.empty:
            return ""
        demographic = ALL if self.segment.value == ALL else self.by.value
        chosen = profiles[
            (profiles["wave"] == self.wave.value)
            & (profiles["demographic"] == demographic)
            & (profiles["segment"] == self.segment.value)
        ]
        if len(chosen) and chosen["suppressed"].fillna(False).astype(bool).any():
            body = note("Hidden: this group is too small to show.")
        else:
            body = profile_chart(chosen)
        who = WHOLE_ORGANIZATION if self.segment.value == ALL else str(self.segment.value)
        return f"<h4>Culture types: now and preferred ({escape(who)})</h4>{body}"

    def _change_html(self) -> str:
        analysis = self._analysis
        changes = analysis.changes
        if changes.empty:
            return ""
        chosen = changes[changes["segment"] == self.segment.value]
        if self.segment.value != ALL:
            chosen = chosen[chosen["demographic"] == self.by.value]
        if self.dimension.value != ALL:
            chosen = chosen[chosen["dimension"] == self.dimension.value]
        frame = change_frame(chosen, analysis.summary, self._names)
        before, after = changes["before"].iloc[0], changes["after"].iloc[0]
        who = WHOLE_ORGANIZATION if self.segment.value == ALL else str(self.segment.value)
        title = (
            f"<h4>Change from {escape(str(before))} to {escape(str(after))} ({escape(who)})</h4>"
        )
        chart = change_chart(frame, analysis.min_group_size)
        return title + (chart or note("No change to show for this selection."))

    def static_html(self) -> str:
        # The exported copy has no dropdowns: say what it shows instead of inviting a choice.
        who = "the whole organization" if self.segment.value == ALL else self.segment.value
        title = section(
            "Explore by survey, group and dimension",
            "",
            f"This copy shows {who} in the {self.wave.value} "
            "survey; the app lets you choose another survey, group or dimension.",
        )
        return title + "".join(panel.value for panel in self._panels())
