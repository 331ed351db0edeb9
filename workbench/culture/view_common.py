"""What every part of the culture views shares: the page style, readable names and chart rows.

Examples
--------
>>> readable_name({"trust": "Trust"}, "trust"), readable_name({}, "team_climate")
('Trust', 'Team climate')
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import HTML

from workbench.culture.wording import COLUMN_LABELS, FORMATS, GLOSSARY, human
from workbench.culture.workshop import CultureAnalysis
from workbench.present import palette
from workbench.present.tables import TABLE_STYLE, labelled_table

SUPPRESSED = "hidden"  # what a hidden cell says
HATCH = "repeating-linear-gradient(45deg,#e3e7ec,#e3e7ec 4px,#f7f8fa 4px,#f7f8fa 8px)"
CULTURE_STYLE = (
    """<style>
.wb-heat{border-collapse:collapse;font-size:13px;margin:0;overflow-wrap:normal;line-height:1.35}
.wb-heat th{padding:4px 8px;text-align:left;background:#f2f4f7;border-bottom:2px solid #ccd;
 vertical-align:bottom}
.wb-heat td{padding:4px 8px;text-align:center;min-width:56px;border:1px solid #fff}
.wb-heat td.wb-dim,.wb-heat th:first-child{text-align:left;background:#f7f8fa;position:sticky;
 left:0;z-index:1;min-width:7.5em;max-width:11em}
.wb-heat td.wb-suppressed{color:#5b6573;font-style:italic;background:"""
    + HATCH
    + """}
.wb-heat-key{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;font-size:13px;
 color:#1d2430;margin:6px 0 4px}
.wb-heat-key .wb-ramp{display:inline-flex;align-items:center;gap:6px}
.wb-heat-key .wb-gradient{display:inline-block;width:120px;height:12px;border-radius:3px;
 border:1px solid #d5d9de}
.wb-heat-key .wb-hatch{display:inline-block;width:22px;height:12px;border-radius:2px;
 border:1px solid #d5d9de;vertical-align:-2px;margin-right:5px;background:"""
    + HATCH
    + """}
@media (min-width:601px){.wb-narrow-only{display:none}}
.wb-section h3{font-weight:600}
/* The heatmap is not a labelled_table: its names align left, its scores centre. */
.wb-table-wrap table.wb-heat th,.wb-table-wrap table.wb-heat td.wb-dim{text-align:left}
.wb-table-wrap table.wb-heat td{text-align:center}
.wb-culture .widget-html-content{line-height:1.4}
.wb-culture-charts{flex-wrap:wrap;gap:0 36px;align-items:flex-start}
.wb-culture-charts>.widget-html{flex:0 1 auto;max-width:100%;margin:0}
.wb-scale{margin:12px 0 16px;max-width:760px}
.wb-scale .wb-track{position:relative;height:12px;border-radius:6px;margin:6px 0 2px}
.wb-scale .wb-pin{position:absolute;top:-5px;width:6px;height:22px;background:#1d2430;
 border-radius:3px;box-shadow:0 0 0 2px #fff}
.wb-scale .wb-ends{display:flex;justify-content:space-between;font-size:12px;color:#5b6573}
.wb-scale .wb-kind{font-size:12px;color:#5b6573}
.wb-comments li{margin:2px 0}
</style>"""
    + TABLE_STYLE
)
ROW_STEP = 40  # px per chart row: the name on top, the bar under it


def dimension_names(analysis: CultureAnalysis) -> dict[str, str]:
    """Readable dimension names from the instrument files, falling back to the words of the key.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> dimension_names(analyse("demo"))["psych_safety"]
    'Psychological safety'
    """
    names = {}
    for instrument in analysis.instruments.values():
        for key, about in instrument.dimensions.items():
            names[key] = about.get("name") or human(key)
    return names


def readable_name(names: dict[str, str], key: object) -> str:
    return names.get(str(key)) or human(key)


def hidden_text(k: int) -> str:
    return f"hidden: fewer than {k} answers"


def wording_table(frame: pd.DataFrame, columns: list[str], caption: str = "") -> str:
    """A labelled table of ``columns`` with the wording module's headers, formats and tooltips."""
    labels = {c: COLUMN_LABELS.get(c) or human(c) for c in columns}
    formats = {c: FORMATS[c] for c in columns if c in FORMATS}
    glossary = {h: GLOSSARY[h] for h in labels.values() if h in GLOSSARY}
    return labelled_table(frame, labels, formats=formats, glossary=glossary, caption=caption)


def empty_section() -> HTML:
    """A section that has nothing to show while there is no survey."""
    return HTML("")


def row_axis(order: list[str]) -> alt.Y:
    return alt.Y("row:N", sort=order, axis=None, scale=alt.Scale(domain=order))


def row_titles(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """The name of each row, left-aligned above its bar (so long names never squeeze the plot)."""
    titles = frame.drop_duplicates("row")[["row", "title"]]
    return (
        alt.Chart(titles)
        .mark_text(align="left", baseline="bottom", dy=-4, fontSize=13, color=palette.INK)
        .encode(x=alt.value(0), y=row_axis(order), text="title:N")
    )


def dimension_order(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(rows["dimension"].astype(str)))
