"""The key relationships at risk: one card per stakeholder, with why and what to do.

Who is listed is decided by :func:`workbench.stakeholders.analysis.at_risk`; here each of its
reasons becomes a plain sentence (:func:`risk_reasons`) on the stakeholder's card.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd
from IPython.display import HTML

from workbench.present import palette
from workbench.present.page import note, section
from workbench.present.paging import PagedSection, Pager
from workbench.stakeholders import analysis
from workbench.stakeholders.schemas import RATING_RANGES
from workbench.stakeholders.view_common import (
    APP_STYLE,
    ATTITUDE_COLORS,
    app_html,
    attitude_bands,
    names_by_id,
    section_with,
)
from workbench.stakeholders.workshop import StakeholderMapping

CARDS_PER_PAGE = 12  # cards on one page of a long list
CARDS_WHOLE_UP_TO = 30  # up to this many, every card is shown at once


def _cooled(workshop: StakeholderMapping, sid: str, names: dict[str, str]) -> list[str]:
    frame = (workshop.diff or {}).get("sentiment_changes")
    if frame is None or frame.empty:
        return []
    fell = frame[pd.to_numeric(frame["change"], errors="coerce") < 0]
    others = [
        t if s == sid else s
        for s, t in zip(fell["source"].astype(str), fell["target"].astype(str), strict=True)
        if sid in (s, t)
    ]
    return [names.get(o, "someone no longer in the register") for o in others]


def risk_reasons(workshop: StakeholderMapping, row: pd.Series) -> list[str]:
    """Why one at-risk stakeholder is listed, in plain sentences (not escaped).

    The rules are those of :func:`workbench.stakeholders.analysis.at_risk`: high influence
    with a negative attitude, "the network splits without them" (some other stakeholders
    could no longer reach each other), and falling sentiment since the last workshop.
    """
    names = names_by_id(workshop)
    high = RATING_RANGES["influence"][1]
    band = attitude_bands(pd.Series([row["attitude"]])).iloc[0]
    sentences = []
    for reason in str(row["reasons"]).split("; "):
        if reason.startswith(analysis.REASON_NEGATIVE):
            sentences.append(
                f"High influence ({float(row['influence']):g} of {high}) and a negative "
                f"attitude ({band})."
            )
        elif reason.startswith(analysis.REASON_SPLITS):
            found = re.search(r"\((\d[\d,]*) pairs?", reason)
            pairs = f"{found.group(1)} pairs of" if found else "some"
            sentences.append(
                f"The network splits without them: {pairs} other stakeholders could no "
                "longer reach each other."
            )
        elif reason.startswith(analysis.REASON_FALLING):
            who = _cooled(workshop, str(row["id"]), names)
            if len(who) > 1:
                listed = ", ".join(who[:-1]) + " and " + who[-1]
                sentences.append(
                    f"Their relationships with {listed} have become less positive since the "
                    "last workshop."
                )
            else:
                with_whom = f" with {who[0]}" if who else ""
                sentences.append(
                    f"Their relationship{with_whom} has become less positive since the last "
                    "workshop."
                )
        elif reason:
            sentences.append(reason[0].upper() + reason[1:] + ".")
    return sentences


def at_risk_cards(workshop: StakeholderMapping) -> HTML | PagedSection:
    """The key relationships at risk, one card per stakeholder, with why and what to do."""
    title = "Key relationships at risk"
    threshold = workshop.engagement.stakeholder_map["influence_threshold"]
    intro = (
        f"Listed: anyone with influence of {threshold:g} or more and a negative attitude; "
        "anyone without whom the network splits, so that some others could no longer reach "
        "each other; and anyone with a relationship that became less positive since the last "
        "workshop."
    )
    notes = []
    if workshop.baseline is None:
        notes.append("Falling sentiment can be seen from the second workshop on.")
    if workshop.graph.number_of_edges() == 0:
        notes.append("Splits in the network can be seen once relationships are recorded.")
    frame = workshop.at_risk
    closing = "".join(note(n) for n in notes)
    if frame.empty:
        body = note("Nobody meets any of these conditions today.") + closing
        return app_html(section(title, body, intro))
    info = workshop.summary.set_index("id")

    def cards(rows: pd.DataFrame) -> str:
        shown = "".join(_card(workshop, row, info) for _, row in rows.iterrows())
        return f'{APP_STYLE}<div class="wb-cards">{shown}</div>'

    if len(frame) <= CARDS_WHOLE_UP_TO:
        return app_html(section(title, cards(frame)[len(APP_STYLE) :] + closing, intro))
    pager = Pager(
        frame,
        cards,
        page_size=CARDS_PER_PAGE,
        search=("name", "group"),
        what="stakeholders at risk",
        search_label="Find by name or group",
        whole_up_to=CARDS_WHOLE_UP_TO,
        serving=workshop.context,
    )
    return section_with(title, [pager, closing] if closing else [pager], intro, workshop.context)


def _card(workshop: StakeholderMapping, row: pd.Series, info: pd.DataFrame) -> str:
    """One at-risk stakeholder's card: name, attitude, group, why, and what to do."""
    sid = row["id"]
    facts = info.loc[sid] if sid in info.index else pd.Series(dtype=object)
    band = facts.get("attitude_band")
    if not isinstance(band, str):
        band = attitude_bands(pd.Series([row["attitude"]])).iloc[0]
    color = ATTITUDE_COLORS.get(band, palette.MUTED)
    chip = (
        f'<span class="wb-chip" style="background:{color};color:{palette.text_on(color)}">'
        f"{escape(str(band).capitalize())}</span>"
    )
    reasons = "".join(f"<li>{escape(s)}</li>" for s in risk_reasons(workshop, row))
    strategy = facts.get("strategy")
    owner = facts.get("owner")
    act = f"Strategy: <b>{escape(str(strategy).capitalize())}</b>" if strategy else ""
    if isinstance(owner, str) and owner.strip():
        act += f" · Owner: {escape(owner)}"
    return (
        '<article class="wb-card">'
        f'<div class="wb-card-head"><span class="wb-card-name">{escape(str(row["name"]))}'
        f"</span>{chip}</div>"
        f'<div class="wb-card-sub">{escape(str(row["group"]))}</div>'
        f"<ul>{reasons}</ul>"
        f'<div class="wb-card-act">{act}</div></article>'
    )
