"""The client deck (deck.pptx): the three workshops' results as slides to present and edit.

Charts are native PowerPoint charts, so the client can restyle them and their numbers sit
in the chart's own workbook; the relationship map is a picture drawn by the presentation kit
(:func:`network_chart`); tables are native tables. Every text from client data goes through
:func:`clean` (python-pptx escapes it; this drops what XML cannot hold at all), and every
chart category through :func:`chart_text` too, so the embedded workbook holds no formula.

The parts: :mod:`.text` (safe client text, dates and names in words), :mod:`.slides` (the
16:9 frame in the brand colours, text, tables), :mod:`.relationship_map` (the map's chart),
and one module of slides per workshop: :mod:`.stakeholder_slides`, :mod:`.culture_slides`,
:mod:`.model_slides`.

Examples
--------
>>> clean("Road\\x07Freight <b>")
'RoadFreight <b>'
>>> chart_text('=HYPERLINK("http://x")')
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

from datetime import date

from workbench.deliver.deck.culture_slides import _culture_slides
from workbench.deliver.deck.model_slides import _model_slides
from workbench.deliver.deck.relationship_map import central, network_chart
from workbench.deliver.deck.slides import _Deck
from workbench.deliver.deck.stakeholder_slides import _at_risk_slides, _grid_slide, _map_slide
from workbench.deliver.deck.text import ATTITUDE_LABELS, _day, _run, chart_text, clean

__all__ = ["ATTITUDE_LABELS", "central", "chart_text", "clean", "deck_bytes", "network_chart"]


def deck_bytes(workshop, culture, design, *, run_name: str, written: date) -> bytes:
    """The client deck of a run as .pptx bytes (16:9, in the engagement's brand colours);
    ``workbench run`` writes it into the run's folder as deck.pptx.

    Parameters
    ----------
    workshop : StakeholderMapping
        The stakeholder-mapping analysis: grid, relationship map, at-risk stakeholders.
    culture : CultureAnalysis or None
        The culture analysis; without survey waves the deck says the results will follow.
    design : ModelDesign or None
        The model design; without models the models slide is left out.
    run_name : str
        The run it belongs to (a run folder's stamp is shown as a date and time).
    written : date
        The date on the title slide.
    """
    eng = workshop.engagement
    deck = _Deck(eng.branding)
    deck.title_slide(
        [clean(eng.client), clean(eng.title)],
        [f"Analysis run of {_run(run_name)}", f"Prepared on {_day(written)}"],
    )
    if workshop.summary.empty:
        deck.message(
            "The stakeholder map will follow",
            [
                "The register lists no stakeholders yet.",
                "The grid and the map appear here once the stakeholders are in the register.",
            ],
        )
    else:
        _grid_slide(deck, workshop)
        _map_slide(deck, workshop)
    _culture_slides(deck, culture)
    _model_slides(deck, design)
    _at_risk_slides(deck, workshop)
    return deck.bytes()
