"""What the culture-analysis notebook shows: HTML pieces and the filter panel.

Only aggregates reach the browser: every piece here is built from the summary tables of
:class:`~workbench.culture.workshop.CultureAnalysis`, never from respondent rows, and suppressed
cells are drawn as suppressed. Every string from client data is escaped.
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from workbench.core.labels import ALL
from workbench.culture.instruments import CVF_TYPES
from workbench.culture.workshop import SUMMARY_COLUMNS, CultureAnalysis
from workbench.present.page import STYLE, SnapshotBox, branded_header
from workbench.present.tables import table_html

CULTURE_STYLE = """<style>
.wb-heat{border-collapse:collapse;font-size:13px;margin:6px 0 12px}
.wb-heat th{padding:4px 8px;text-align:left;background:#f2f4f7;border-bottom:2px solid #ccd}
.wb-heat td{padding:4px 8px;text-align:center;min-width:64px;border:1px solid #fff}
.wb-heat td.wb-dim{text-align:left;background:#f7f8fa}
.wb-heat td.wb-suppressed{color:#667;font-style:italic;
 background:repeating-linear-gradient(45deg,#eceff3,#eceff3 4px,#f7f8fa 4px,#f7f8fa 8px)}
.wb-scale{margin:10px 0 14px;max-width:760px}
.wb-scale .wb-track{position:relative;height:12px;border-radius:6px;
 background:linear-gradient(90deg,#d6604d,#f7f7f7,#4393c3)}
.wb-scale .wb-pin{position:absolute;top:-4px;width:4px;height:20px;background:#222;
 border-radius:2px}
.wb-scale .wb-ends{display:flex;justify-content:space-between;font-size:12px;color:#555}
</style>"""
SUPPRESSED = "suppressed"
PROFILE_TYPES = CVF_TYPES  # the four culture types, in the instrument module's order
# The score table: the summary without the columns the filters already fix.
SUMMARY_VIEW = [
    c for c in SUMMARY_COLUMNS if c not in ("wave", "demographic", "instrument", "suppressed")
]


def dimension_names(analysis: CultureAnalysis) -> dict[str, str]:
    """Readable dimension names from the instrument files, falling back to the id."""
    names = {}
    for instrument in analysis.instruments.values():
        for key, about in instrument.dimensions.items():
            names[key] = about.get("name", key)
    return names


def _color(score: float) -> str:
    """Red (0) through pale (50) to blue (100): the same diverging scale as the scale bars."""
    low, mid, high = (214, 96, 77), (247, 247, 247), (67, 147, 195)
    t = max(0.0, min(1.0, score / 100))
    a, b, u = (low, mid, t * 2) if t < 0.5 else (mid, high, (t - 0.5) * 2)
    return "#" + "".join(f"{round(x + (y - x) * u):02x}" for x, y in zip(a, b, strict=True))


def heatmap_html(summary: pd.DataFrame, names: dict[str, str], k: int, dimension: str = ALL) -> str:
    """Dimensions down, segments across, 0-100 scores as coloured cells; suppressed cells say so."""
    if summary.empty:
        return '<p class="wb-note">No survey data for this selection.</p>'
    rows = summary if dimension == ALL else summary[summary["dimension"] == dimension]
    segments = [ALL, *sorted(s for s in rows["segment"].unique() if s != ALL)]
    grid = rows.set_index(["dimension", "segment"])
    head = "".join(f"<th>{escape(str(s))}</th>" for s in segments)
    body = []
    for dim in dict.fromkeys(rows["dimension"]):
        cells = [f'<td class="wb-dim">{escape(names.get(dim, dim))}</td>']
        for segment in segments:
            if (dim, segment) not in grid.index:
                cells.append("<td></td>")
                continue
            cell = grid.loc[(dim, segment)]
            if bool(cell["suppressed"]):
                cells.append(
                    f'<td class="wb-suppressed" title="fewer than {k} answers">{SUPPRESSED}</td>'
                )
            else:
                score, n = float(cell["score_0_100"]), int(cell["n"])
                cells.append(
                    f'<td style="background:{_color(score)}" title="n = {n}">{score:.0f}</td>'
                )
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = (
        f'<p class="wb-note">Scores from 0 to 100 (higher is healthier; toxic behaviours are '
        f"reverse scored). Groups with fewer than {k} answers are suppressed, and so is the next "
        "smallest group where needed, so a hidden group cannot be worked out from the others.</p>"
    )
    return (
        f'{CULTURE_STYLE}<table class="wb-heat"><thead><tr><th>dimension</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{note}"
    )


def profile_svg(profile: pd.DataFrame) -> str:
    """Now vs preferred per culture type as paired horizontal bars (inline SVG, no JavaScript)."""
    if profile.empty or profile[["now", "preferred"]].isna().all().all():
        return '<p class="wb-note">No culture-type profile for this selection.</p>'
    rows = profile.set_index("type").reindex(list(PROFILE_TYPES))
    parts, width, scale = [], 520, 4.0  # 4 px per point; the four types add up to 100
    for i, (kind, row) in enumerate(rows.iterrows()):
        y = 10 + i * 46
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{escape(str(kind))}</text>')
        for j, (state, color) in enumerate((("now", "#8da0cb"), ("preferred", "#1f4e79"))):
            value = row[state]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            top = y + j * 16
            parts.append(
                f'<rect x="100" y="{top}" width="{value * scale:.1f}" height="14" fill="{color}">'
                f"<title>{state}: {value:.1f}</title></rect>"
                f'<text x="{104 + value * scale:.1f}" y="{top + 11}" font-size="11">'
                f"{value:.1f}</text>"
            )
    legend = (
        '<text x="100" y="200" font-size="12" fill="#8da0cb">&#9632; now</text>'
        '<text x="170" y="200" font-size="12" fill="#1f4e79">&#9632; preferred</text>'
    )
    return (
        f'<svg class="wb-profile" width="{width}" height="210" role="img" '
        f'aria-label="culture type profile">{"".join(parts)}{legend}</svg>'
    )


def scale_html(row: pd.Series) -> str:
    """One of the practice's scales as a bar with a pin and the client-facing explanation."""
    left, right = _scale_ends(str(row["scale"]))
    position = max(0.0, min(100.0, float(row["position_0_100"])))
    return (
        f'<div class="wb-scale"><b>{escape(str(row["scale"]).replace("_", " "))}</b>: '
        f"{escape(str(row['label']))}"
        f'<div class="wb-track"><div class="wb-pin" style="left:calc({position:.1f}% - 2px)">'
        f'</div></div><div class="wb-ends"><span>{escape(left)}</span>'
        f"<span>{escape(right)}</span></div>"
        f'<p class="wb-note">{escape(str(row["explanation"]))}</p></div>'
    )


def _scale_ends(scale: str) -> tuple[str, str]:
    ends = {
        "exchange_communal": ("exchange", "communal"),
        "cooperation_collaboration": ("cooperation", "collaboration"),
        "psychological_safety": ("unsafe", "safe"),
        "westrum": ("pathological", "generative"),
    }
    return ends.get(scale, ("frequent", "rare"))


# --- notebook cells --------------------------------------------------------------------------
def header(analysis: CultureAnalysis) -> HTML:
    """Branded title block: waves, respondents, and any data warnings."""
    if analysis.waves:
        counts = ", ".join(
            f"{escape(w)}: {len(analysis.responses[w].items)} respondents" for w in analysis.waves
        )
        enps = ", ".join(f"{escape(w)}: {v:+.0f}" for w, v in analysis.enps().items())
        facts = f"Survey waves {counts}." + (
            f" Employee Net Promoter Score {enps}." if enps else ""
        )
    else:
        facts = (
            "No survey yet: put a survey export into inputs/surveys/&lt;wave&gt;/ "
            "and run the analysis again."
        )
    facts += f" Groups smaller than {analysis.min_group_size} are never shown."
    body = branded_header(analysis.engagement, "culture analysis", facts, analysis.problems)
    return HTML(body + CULTURE_STYLE)


def import_report(analysis: CultureAnalysis) -> pd.DataFrame:
    """Per wave: the export format found, respondents, and what was dropped or ignored."""
    rows = []
    for wave in analysis.waves:
        resp = analysis.responses[wave]
        rows.append(
            {
                "wave": wave,
                "file": resp.file,
                "format": resp.format,
                "respondents": len(resp.items),
                "personal data dropped": ", ".join(resp.dropped) or "none",
                "columns not used": ", ".join(resp.unmatched) or "none",
            }
        )
    return pd.DataFrame(rows)


class CultureExplorer(SnapshotBox):
    """Filters for wave, segmentation, segment and dimension over heatmap, tables and profile."""

    def __init__(self, analysis: CultureAnalysis):
        self._analysis = analysis
        self._names = dimension_names(analysis)
        demographics = analysis.demographics or [ALL]
        dims = list(dict.fromkeys(analysis.summary["dimension"]))
        self.wave = widgets.Dropdown(options=analysis.waves[::-1] or ["(none)"], description="Wave")
        self.by = widgets.Dropdown(options=demographics, description="Segment by")
        self.segment = widgets.Dropdown(options=[ALL], description="Segment")
        self.dimension = widgets.Dropdown(
            options=[(ALL, ALL), *[(self._names.get(d, d), d) for d in dims]],
            description="Dimension",
        )
        self.heatmap = widgets.HTML()
        self.table = widgets.HTML()
        self.profile = widgets.HTML()
        self.change = widgets.HTML()
        for control in (self.wave, self.by):
            control.observe(self._new_segments, names="value")
        for control in (self.segment, self.dimension):
            control.observe(self._refresh, names="value")
        super().__init__(
            [
                widgets.HBox([self.wave, self.by]),
                widgets.HBox([self.segment, self.dimension]),
                self.heatmap,
                self.table,
                self.profile,
                self.change,
            ]
        )
        self.add_class("wb-culture")
        self._new_segments()

    def _rows(self) -> pd.DataFrame:
        summary = self._analysis.summary
        chosen = summary[(summary["wave"] == self.wave.value)]
        overall = chosen[chosen["demographic"] == ALL]
        split = chosen[(chosen["demographic"] == self.by.value) & (chosen["demographic"] != ALL)]
        return pd.concat([overall, split], ignore_index=True)

    def _new_segments(self, _change: object = None) -> None:
        segments = sorted(s for s in self._rows()["segment"].unique() if s != ALL)
        with self.hold_trait_notifications():
            self.segment.options = [ALL, *segments]
            self.segment.value = ALL
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        rows, k = self._rows(), self._analysis.min_group_size
        if self.segment.value != ALL:
            rows = rows[rows["segment"].isin([ALL, self.segment.value])]
        self.heatmap.value = heatmap_html(rows, self._names, k, self.dimension.value)
        self.table.value = STYLE + self._table_html(rows)
        self.profile.value = self._profile_html()
        self.change.value = self._change_html()

    def _table_html(self, rows: pd.DataFrame) -> str:
        chosen = rows[rows["segment"] == self.segment.value]
        if self.dimension.value != ALL:
            chosen = chosen[chosen["dimension"] == self.dimension.value]
        if chosen.empty:
            return '<p class="wb-note">No scores for this selection.</p>'
        if chosen["suppressed"].all():
            return (
                f'<p class="wb-note">This group is suppressed: fewer than '
                f"{self._analysis.min_group_size} answers, or too few to protect another group.</p>"
            )
        view = chosen.assign(dimension=chosen["dimension"].map(lambda d: self._names.get(d, d)))
        title = f"<h4>Scores: {escape(self.segment.value)}, wave {escape(self.wave.value)}</h4>"
        return title + table_html(view[SUMMARY_VIEW])

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
            body = '<p class="wb-note">Suppressed: this group is too small to show.</p>'
        else:
            body = profile_svg(chosen)
        return f"<h4>Culture types: now and preferred ({escape(self.segment.value)})</h4>{body}"

    def _change_html(self) -> str:
        changes = self._analysis.changes
        if changes.empty:
            return '<p class="wb-note">Only one survey wave so far: no change to show yet.</p>'
        chosen = changes[changes["segment"] == self.segment.value]
        if self.segment.value != ALL:
            chosen = chosen[chosen["demographic"] == self.by.value]
        if self.dimension.value != ALL:
            chosen = chosen[chosen["dimension"] == self.dimension.value]
        before, after = changes["before"].iloc[0], changes["after"].iloc[0]
        view = chosen.assign(dimension=chosen["dimension"].map(lambda d: self._names.get(d, d)))
        columns = [
            "segment",
            "dimension",
            "n_before",
            "n_after",
            "mean_before",
            "mean_after",
            "change",
            "p_value",
            "effect_size",
            "significant",
            "suppressed",
        ]
        return f"<h4>Change from {escape(str(before))} to {escape(str(after))}</h4>" + table_html(
            view[columns]
        )

    def static_html(self) -> str:
        return "".join(
            [self.heatmap.value, self.table.value, self.profile.value, self.change.value]
        )


def culture_explorer(analysis: CultureAnalysis) -> CultureExplorer:
    return CultureExplorer(analysis)


def scales_panel(analysis: CultureAnalysis) -> HTML:
    """Where the organization sits on the practice's scales, with the explanation for clients."""
    if analysis.placement.empty:
        return HTML('<p class="wb-note">No survey data to place the organization yet.</p>')
    bars = "".join(scale_html(row) for _, row in analysis.placement.iterrows())
    return HTML(CULTURE_STYLE + bars)


def hotspots_table(analysis: CultureAnalysis) -> HTML:
    """Segments where a toxic behaviour is common (suppressed groups never appear)."""
    if analysis.hotspots.empty:
        return HTML('<p class="wb-note">No toxic-behaviour hotspot in any group shown.</p>')
    return HTML(STYLE + table_html(analysis.hotspots))


def overall_changes(analysis: CultureAnalysis) -> HTML:
    """The whole organization's change per dimension between the last two waves."""
    changes = analysis.changes
    if changes.empty:
        return HTML('<p class="wb-note">Only one survey wave so far: no change to show yet.</p>')
    names = dimension_names(analysis)
    chosen = changes[changes["segment"] == ALL]
    view = chosen.assign(dimension=chosen["dimension"].map(lambda d: names.get(d, d)))
    cols = ["dimension", "mean_before", "mean_after", "change", "p_value", "effect_size"]
    cols.append("significant")
    return HTML(STYLE + table_html(view[cols]))


def drivers_table(analysis: CultureAnalysis) -> HTML:
    """Which dimensions go with the outcome (correlation and standardised regression)."""
    frame = analysis.drivers
    if frame.empty:
        reason = frame.attrs.get("reason", "No driver analysis for this survey.")
        return HTML(f'<p class="wb-note">{escape(str(reason))}</p>')
    names = dimension_names(analysis)
    view = frame.assign(dimension=frame["dimension"].map(lambda d: names.get(d, d)))
    return HTML(STYLE + table_html(view))


def reliability_table(analysis: CultureAnalysis) -> pd.DataFrame:
    """Cronbach's alpha per dimension and wave, for the whole organization."""
    summary = analysis.summary
    overall = summary[(summary["segment"] == ALL) & summary["alpha"].notna()]
    return overall.pivot(index="dimension", columns="wave", values="alpha").reset_index()


def comments_panel(analysis: CultureAnalysis) -> HTML:
    """Free-text comments of the latest wave for the whole organization, in shuffled order."""
    comments = analysis.comments
    k = analysis.engagement.privacy["min_comment_group_size"]
    chosen = comments[(comments["wave"] == analysis.latest) & (comments["demographic"] == ALL)]
    if chosen.empty:
        return HTML(
            f'<p class="wb-note">No comments to show (comments appear only for groups of {k} '
            "or more).</p>"
        )
    items = "".join(f"<li>{escape(str(t))}</li>" for t in chosen["text"].head(40))
    return HTML(
        f'<p class="wb-note">{min(len(chosen), 40)} of {len(chosen)} comments, shuffled so '
        "their order reveals nothing; "
        f"shown only for groups of {k} or more.</p><ul>{items}</ul>"
    )
