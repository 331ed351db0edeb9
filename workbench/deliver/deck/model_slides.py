"""The relationship-model slides: for each group, the relationship type and communality
agreed in the model design workshop, or that its model is not agreed yet."""

from __future__ import annotations

from workbench.deliver.deck.slides import _Deck, _paged, _pages, table
from workbench.deliver.deck.text import _human, _plural, clean

MODEL_ROWS = 11  # body rows per slide


def _model_slides(deck: _Deck, design) -> None:
    if design is None or not design.models:
        return
    rows = []
    for group in design.groups:
        model = design.models.get(group)
        kind = _human(model.relationship_type) if model else "–"
        rows.append(
            [
                clean(group),
                kind,
                _human(model.communality) if model else "–",
                "Agreed" if model else "Not yet",
            ]
        )
    agreed = sum(1 for g in design.groups if g in design.models)
    pages = _pages(rows, MODEL_ROWS)
    for index, page in enumerate(pages):
        slide = deck.slide(
            _paged(
                f"{agreed} of {_plural(len(rows), 'group')} have an agreed relationship model",
                index,
                len(pages),
            ),
            "The relationship type and level of communality agreed for each group.",
        )
        header = ["Group", "Relationship type", "Communality", "Status"]
        table(slide, [header, *page], [4.2, 2.8, 2.4, 2.0])
