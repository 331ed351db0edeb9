"""The score map: dimensions down, groups across, 0-100 scores as coloured cells."""

from __future__ import annotations

from html import escape

import pandas as pd

from workbench.core.labels import ALL
from workbench.culture.segments import segment_order
from workbench.culture.view_common import CULTURE_STYLE, SUPPRESSED, readable_name
from workbench.present import palette
from workbench.present.page import note


def heatmap_key(k: int) -> str:
    """The score map's colour key: 0 (needs attention) to 100 (healthy), and hidden cells.

    Examples
    --------
    >>> html = heatmap_key(5)
    >>> "needs attention" in html and "healthy" in html and "fewer than 5" in html
    True
    """
    stops = ",".join(palette.score_color(s) for s in (0, 25, 50, 75, 100))
    return (
        '<div class="wb-heat-key" role="note" aria-label="Colour key">'
        '<span class="wb-ramp"><span>0 needs attention</span>'
        f'<span class="wb-gradient" style="background:linear-gradient(90deg,{stops})"></span>'
        "<span>100 healthy</span></span>"
        f'<span><span class="wb-hatch"></span>{SUPPRESSED}: fewer than {k} answers, '
        "or hidden so that a smaller group cannot be worked out</span></div>"
    )


def heatmap_html(summary: pd.DataFrame, names: dict[str, str], k: int, dimension: str = ALL) -> str:
    """Dimensions down, groups across, 0-100 scores as coloured cells, with the colour key.

    Groups are in natural order (:func:`~workbench.culture.segments.segment_order`); hidden
    cells are hatched and say so. The table scrolls sideways inside its box on a narrow
    screen, so the page itself never does.

    Examples
    --------
    >>> rows = pd.DataFrame({"segment": ["All", "5+ years", "<1 year"], "dimension": "trust",
    ...     "score_0_100": [70.0, 64.0, None], "n": [40, 30, None],
    ...     "suppressed": [False, False, True]})
    >>> html = heatmap_html(rows, {"trust": "Trust"}, 5)
    >>> html.index("&lt;1 year") < html.index("5+ years"), "wb-table-wrap" in html
    (True, True)
    """
    if summary.empty:
        return note("No survey data for this selection.")
    rows = summary if dimension == ALL else summary[summary["dimension"] == dimension]
    segments = [ALL, *segment_order(s for s in rows["segment"] if s != ALL)]
    grid = rows.set_index(["dimension", "segment"])
    head = "".join(f"<th>{escape(str(s))}</th>" for s in segments)
    body = []
    for dim in dict.fromkeys(rows["dimension"]):
        cells = [f'<td class="wb-dim">{escape(readable_name(names, dim))}</td>']
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
                back = palette.score_color(score)
                cells.append(
                    f'<td style="background:{back};color:{palette.text_on(back)}" '
                    f'title="n = {n}">{score:.0f}</td>'
                )
        body.append("<tr>" + "".join(cells) + "</tr>")
    wide = len(segments) > 3
    scroll = note("Scroll the table sideways to see every group.") if wide else ""
    scroll = scroll.replace('class="wb-note"', 'class="wb-note wb-narrow-only"')
    explain = note(
        "Scores from 0 to 100: higher is healthier (for the toxic behaviours a high score "
        "means the behaviour is rare)."
    )
    return (
        f"{CULTURE_STYLE}{heatmap_key(k)}{scroll}"
        f'<div class="wb-table-wrap"><table class="wb-heat"><thead><tr><th>Dimension</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{explain}"
    )
