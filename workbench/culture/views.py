"""What the culture-analysis app shows: its sections, charts and the filter panel.

Only aggregates reach the browser: every piece here is built from the summary tables of
:class:`~workbench.culture.workshop.CultureAnalysis`, never from respondent rows, and hidden
(suppressed) groups are drawn as hidden, never with their numbers. Every string from client
data is escaped.

Each notebook cell calls one function here, and that function returns the whole section:
heading, introduction and body (:func:`workbench.present.page.section`). Without any survey
the header says once that the results will follow, and every other section is empty, so a
client never reads a missing survey as a finding. What only the consultant needs (where the
export goes, which command to run, what the import found) comes from :func:`consultant_notes`,
whose cell the template hides from the apps.

Headers, formats and tooltips of the tables come from :mod:`workbench.culture.wording`. The
pieces these cells draw live in their own modules and are re-exported here: the shared style
and names (:mod:`~workbench.culture.view_common`), the bar charts
(:mod:`~workbench.culture.culture_charts`), the change chart
(:mod:`~workbench.culture.change_view`), the score map (:mod:`~workbench.culture.heatmap_view`),
the practice's scales (:mod:`~workbench.culture.scales_view`), reliability
(:mod:`~workbench.culture.reliability_view`) and the filter panel
(:mod:`~workbench.culture.explorer`).

Examples
--------
>>> from workbench.culture.workshop import analyse
>>> analysis = analyse("demo")
>>> "<svg" in overall_changes(analysis).data
True
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from workbench.core import paths
from workbench.core.labels import ALL
from workbench.culture import placement as placing
from workbench.culture.change_view import (
    CHANGE_CAPTION,
    CHANGE_KINDS,
    NO_CHANGE,
    change_chart,
    change_frame,
)
from workbench.culture.culture_charts import (
    BAND_COLUMNS,
    FAVOURABLE_BANDS,
    HIDDEN_FILL,
    LABEL_FITS_FROM,
    PROFILE_COLORS,
    PROFILE_TYPES,
    drivers_chart,
    favourability_chart,
    profile_chart,
)
from workbench.culture.explorer import CultureExplorer
from workbench.culture.heatmap_view import heatmap_html, heatmap_key
from workbench.culture.reliability_view import RELIABLE_FROM, reliability_frame, reliability_table
from workbench.culture.scales_view import (
    SCALE_KIND,
    SCALE_NOTES,
    scale_html,
    scale_kind,
    scales_panel,
)
from workbench.culture.view_common import (
    CULTURE_STYLE,
    HATCH,
    ROW_STEP,
    SUPPRESSED,
    dimension_names,
    empty_section,
    readable_name,
    wording_table,
)
from workbench.culture.wording import human
from workbench.culture.workshop import CultureAnalysis
from workbench.present.page import branded_header, empty_state, note, section
from workbench.present.page import consultant_notes as consultant_box

__all__ = [
    "BAND_COLUMNS",
    "CHANGE_CAPTION",
    "CHANGE_KINDS",
    "CHANGE_WAITS",
    "CULTURE_STYLE",
    "CultureExplorer",
    "FAVOURABLE_BANDS",
    "HATCH",
    "HIDDEN_FILL",
    "LABEL_FITS_FROM",
    "NO_CHANGE",
    "NO_SURVEY_TITLE",
    "PROFILE_COLORS",
    "PROFILE_TYPES",
    "RELIABLE_FROM",
    "ROW_STEP",
    "SCALE_KIND",
    "SCALE_NOTES",
    "SUPPRESSED",
    "change_chart",
    "comments_panel",
    "consultant_notes",
    "culture_explorer",
    "dimension_names",
    "drivers_chart",
    "drivers_table",
    "favourability_chart",
    "header",
    "heatmap_html",
    "heatmap_key",
    "hotspots_table",
    "import_report",
    "overall_changes",
    "profile_chart",
    "reliability_frame",
    "reliability_table",
    "scale_html",
    "scale_kind",
    "scales_panel",
]

NO_SURVEY_TITLE = "Survey results to come"
CHANGE_WAITS = "Change appears after the second survey wave"


def header(analysis: CultureAnalysis) -> HTML:
    """Branded title block: survey waves and respondents; without a survey, what comes when.

    Data warnings are for the consultant and appear in :func:`consultant_notes`.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "respondents" in header(analyse("demo")).data
    True
    """
    k = analysis.min_group_size
    if not analysis.waves:
        body = branded_header(analysis.engagement, "culture analysis", "", [])
        waiting = empty_state(
            NO_SURVEY_TITLE,
            "The survey results will appear here once the survey has closed and been "
            f"analysed. Only groups of {k} or more people will be shown, so answers stay "
            "anonymous.",
        )
        return HTML(body + waiting + CULTURE_STYLE)
    counts = ", ".join(
        f"{escape(w)}: {len(analysis.responses[w].items)} respondents" for w in analysis.waves
    )
    enps = ", ".join(f"{escape(w)}: {v:+.0f}" for w, v in analysis.enps().items())
    facts = f"Survey waves {counts}." + (f" Employee Net Promoter Score {enps}." if enps else "")
    facts += f" Groups smaller than {k} are never shown."
    body = branded_header(analysis.engagement, "culture analysis", facts, [])
    return HTML(body + CULTURE_STYLE)


def import_report(analysis: CultureAnalysis) -> pd.DataFrame:
    """Per wave: the export format found, respondents, and what was dropped or ignored.

    For the consultant (see :func:`consultant_notes`), never shown to clients.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> import_report(analyse("demo"))["respondents"].tolist()
    [640, 680]
    """
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


def consultant_notes(analysis: CultureAnalysis) -> HTML:
    """What the consultant should know or do next: missing waves, warnings, the import report.

    Only for a template cell tagged ``skip-voila``: it names folders, files and commands.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "personal data dropped" in consultant_notes(analyse("demo")).data
    True
    """
    run = f"`workbench run {analysis.engagement.root}`"
    items = []
    if not analysis.waves:
        items.append(
            f"No survey yet: put each wave's export (.csv or .xlsx) into its own folder "
            f"`{paths.SURVEYS}/<wave>/` (e.g. `{paths.SURVEYS}/2026-05/`), then run {run}."
        )
    elif len(analysis.waves) == 1:
        items.append(
            "One survey wave so far: the change section appears once the next wave's export "
            f"is in its own folder under `{paths.SURVEYS}/` and you run {run} again."
        )
    for row in import_report(analysis).to_dict("records"):
        items.append(
            f"Wave {row['wave']}: `{row['file']}` read as {row['format']}, "
            f"{row['respondents']} respondents; personal data dropped: "
            f"{row['personal data dropped']}; columns not used: {row['columns not used']}."
        )
    items += [f"Warning: {problem}" for problem in analysis.problems]
    if analysis.waves and analysis.drivers.empty:
        reason = analysis.drivers.attrs.get("reason") or "no driver analysis"
        items.append(f"Drivers left out: {reason} (outcome set in `{paths.ENGAGEMENT_FILE}`).")
    return HTML(consultant_box(items))


def culture_explorer(analysis: CultureAnalysis) -> CultureExplorer | HTML:
    """The filter panel (see :class:`CultureExplorer`); empty while there is no survey.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> culture_explorer(analyse("demo")).segment.value
    'All'
    """
    if not analysis.waves:
        return empty_section()
    return CultureExplorer(analysis)


def hotspots_table(analysis: CultureAnalysis) -> HTML:
    """Groups where a toxic behaviour is reported often (hidden groups never appear).

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "Field Operations" in hotspots_table(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return empty_section()
    rule = (
        f"Often means a score below {placing.HOTSPOT_BELOW:.0f} out of 100 or at least "
        f"{placing.HOTSPOT_UNFAVOURABLE_FROM:.0f}% unfavourable answers, counted in every group "
        "large enough to show."
    )
    intro = (
        "Groups where criticism, defensiveness, contempt or obstruction are reported often. "
        "These behaviours wear trust down quickly, so each hotspot deserves a conversation "
        "with the group's leaders."
    )
    hotspots = analysis.hotspots
    if hotspots.empty:
        body = f'<p class="wb-none"><b>No group reports these behaviours often.</b></p>{note(rule)}'
    else:
        names = dimension_names(analysis)
        behaviour = {b: human(b) for b in placing.TOXIC}
        view = hotspots.assign(
            segment=[
                f"{segment} ({human(by).lower()})"
                for segment, by in zip(hotspots["segment"], hotspots["demographic"], strict=True)
            ],
            behaviour=hotspots["behaviour"].map(
                lambda b: behaviour.get(b) or readable_name(names, b)
            ),
        )
        columns = ["segment", "behaviour", "score_0_100", "pct_unfavourable"]
        body = wording_table(view, columns) + note(rule)
    return HTML(section("Toxic-behaviour hotspots", body, intro))


def overall_changes(analysis: CultureAnalysis) -> HTML:
    """The whole organization's change per dimension between the last two waves: chart, table.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "before is 2025-11" in overall_changes(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return empty_section()
    title = "What changed since the last survey"
    changes = analysis.changes
    if changes.empty:
        waiting = empty_state(
            CHANGE_WAITS,
            "Once the next survey has closed and been analysed, this section compares the "
            "two surveys dimension by dimension.",
        )
        return HTML(section(title, waiting))
    names = dimension_names(analysis)
    frame = change_frame(changes[changes["segment"] == ALL], analysis.summary, names)
    before, after = changes["before"].iloc[0], changes["after"].iloc[0]
    intro = f"The whole organization's score per dimension in {before} and in {after}."
    table = wording_table(
        frame.assign(dimension=frame["title"]),
        ["dimension", "score_before", "score_after", "change_points", "p_value", "significant"],
        caption=f"Scores from 0 to 100: before is {before}, after is {after}",
    )
    body = change_chart(frame, analysis.min_group_size) + table
    return HTML(section(title, body, intro))


def drivers_table(analysis: CultureAnalysis) -> HTML:
    """Which dimensions go together with the outcome: an impact chart of the regression weights.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "<svg" in drivers_table(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return empty_section()
    names = dimension_names(analysis)
    key = str(analysis.engagement.culture.get("outcome", ""))
    outcome = readable_name(names, key)
    known = set(analysis.summary["dimension"].astype(str))
    title = f"What goes together with {outcome}" if key in known else "What drives the outcome"
    frame = analysis.drivers
    if frame.empty:
        if key in known:
            reason = str(frame.attrs.get("reason") or "There are too few answers for it.")
        else:  # a setting to fix: the consultant notes say which
            reason = "This analysis has not been prepared for this survey."
        return HTML(section(title, empty_state("No driver analysis for this survey", reason)))
    intro = (
        f"Which dimensions of the latest survey go together with {outcome}, based on the "
        f"{int(frame['n'].iloc[0])} people who answered every question."
    )
    numbers = wording_table(
        frame.assign(dimension=[readable_name(names, d) for d in frame["dimension"]]),
        ["dimension", "r", "beta", "p_value"],
    )
    details = f"<details><summary>The numbers behind the chart</summary>{numbers}</details>"
    left_out = note(str(frame.attrs["note"])) if frame.attrs.get("note") else ""
    return HTML(section(title, drivers_chart(frame, names, outcome) + details + left_out, intro))


def comments_panel(analysis: CultureAnalysis) -> HTML:
    """Free-text comments of the latest wave for the whole organization, in shuffled order.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> comments_panel(analyse("demo")).data.count("<li>")
    40
    """
    if not analysis.waves:
        return empty_section()
    comments = analysis.comments
    k = analysis.engagement.privacy["min_comment_group_size"]
    chosen = comments[(comments["wave"] == analysis.latest) & (comments["demographic"] == ALL)]
    title = "In their own words"
    if chosen.empty:
        body = empty_state(
            "No comments to show",
            f"Comments appear only where at least {k} people of a group wrote one, so that "
            "nobody can be recognised by what they wrote.",
        )
        return HTML(section(title, body))
    shown = chosen["text"].head(40)
    intro = (
        f"{len(shown)} of {len(chosen)} comments from the latest survey, shuffled so that "
        f"their order reveals nothing; shown only for groups of {k} or more."
    )
    items = "".join(f"<li>{escape(str(t))}</li>" for t in shown)
    return HTML(section(title, f'<ul class="wb-comments">{items}</ul>', intro))
