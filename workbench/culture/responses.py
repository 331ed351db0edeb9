"""Survey answers -> validated numbers: turn answer labels into numbers, check scales and
OCAI point sums, and pick out respondent ids, demographics and free-text comments (the
columns are matched to items by :mod:`workbench.culture.item_matching`).

Problems are returned, not raised, so a caller can collect those of every wave first.
Mapping is vectorised per column: each distinct answer is converted once, then broadcast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.core.errors import Problem
from workbench.culture import column_hints
from workbench.culture import columns as column_map_rules
from workbench.culture.instruments import Instrument
from workbench.culture.item_matching import match_items, normalise_answer
from workbench.culture.survey_fields import excluded_rows_text
from workbench.culture.surveys import RawSurvey, SurveyColumn

__all__ = ["MAX_LISTED", "Responses", "prepare"]

MAX_LISTED = 20  # problems listed per column and kind before a "... and N more" note
IPSATIVE_TOTAL, IPSATIVE_TOLERANCE = 100.0, 0.5
ID_NAMES = ("respondent", "respondent_id", "id")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_CODED = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*[-=:]\s*([^\d\s].*)$")  # "5 - strongly agree"


@dataclass
class Responses:
    """One survey wave as numbers; ``items`` holds RAW answers (reverse items not reversed)."""

    wave: str
    file: str
    format: str
    items: pd.DataFrame  # float64, NaN = no answer; index "respondent"; item ids in order
    demographics: pd.DataFrame  # str, same index; "" when blank
    comments: pd.DataFrame  # respondent, question, text (non-blank only)
    rows: pd.Series  # respondent id -> spreadsheet row
    dropped: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def _shown(col: SurveyColumn) -> str:
    """A column as problems name it: its header plus the spreadsheet letter."""
    return f"{col.key} ({col.letter})" if col.letter else col.key


def _number(text: str) -> float | None:
    return float(text.replace(",", ".")) if _NUMBER.match(text) else None


def _convert(text: object, ins: Instrument, labels: dict[str, float]) -> tuple[float, str]:
    """One distinct answer -> (number, problem kind); kind "" when fine."""
    answer = normalise_answer(text)
    if not answer:
        return np.nan, ""
    ipsative = ins.kind == "ipsative"
    if ipsative and answer.endswith("%"):
        answer = answer[:-1].rstrip()
    value = _number(answer)
    if value is None:
        value = labels.get(answer)
    if value is None:
        coded = _CODED.match(answer)
        if not coded or ipsative:
            return np.nan, "unknown"
        value = _number(coded.group(1))
        meant = labels.get(coded.group(2).strip())
        if meant is not None and meant != value:
            return np.nan, "disagree"
    if not ins.scale_min <= value <= ins.scale_max:
        return np.nan, "range"
    if not ipsative and value != round(value):
        return np.nan, "fraction"
    return float(value), ""


def _allowed(ins: Instrument, labels: dict[str, float]) -> str:
    scale = f"{ins.scale_min:g} to {ins.scale_max:g}"
    if ins.kind == "ipsative":
        return f"a number of points from {scale} (e.g. 25 or 25%)"
    named = "; ".join(f"{label} ({value:g})" for label, value in labels.items())
    numbers = f"a whole number from {scale}"
    return f"{named}; or {numbers}" if named else numbers


def _describe(kind: str, text: str, ins: Instrument, labels: dict[str, float]) -> tuple[str, str]:
    """Message and fix for one bad answer."""
    scale = f"{ins.scale_min:g} to {ins.scale_max:g}"
    if kind == "unknown":
        extra = (
            f", or add it with its number under [{ins.labels}] in inputs/surveys/labels.toml"
            if ins.labels
            else ""
        )
        return (f"'{text}' is not an answer the {ins.id} scale knows.",
                f"use one of: {_allowed(ins, labels)}{extra}.")  # fmt: skip
    if kind == "disagree":
        coded = _CODED.match(normalise_answer(text))
        label, code = coded.group(2).strip(), coded.group(1)
        return (f"'{text}' has code {code}, but '{label}' means {labels[label]:g} on the "
                f"{ins.id} scale.", "check which answer was meant and correct the cell or the "
                "answer codes (recode values) of the export.")  # fmt: skip
    if kind == "fraction":
        return (f"'{text}' is not a whole number; the {ins.id} scale takes whole numbers "
                f"from {scale}.", f"correct the answer to {_allowed(ins, labels)}.")  # fmt: skip
    return (f"'{text}' is outside the {ins.id} scale of {scale}.",
            f"correct the answer to {_allowed(ins, labels)}, or blank it.")  # fmt: skip


def _capped(file: str, column: str, rows: np.ndarray, make, where: str = "column") -> list[Problem]:
    """A problem for each of the first MAX_LISTED rows, then one "... and N more" note."""
    problems = [make(int(row)) for row in rows[:MAX_LISTED]]
    if len(rows) > MAX_LISTED:
        first = problems[0]
        problems.append(Problem(
            file, f"... and {len(rows) - MAX_LISTED} more rows in this {where} "
            f"(same problem as row {first.row}).", first.fix, column=column,
        ))  # fmt: skip
    return problems


def _values(
    series: pd.Series, col: SurveyColumn, ins: Instrument, labels: dict[str, float], file: str
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """A column of answers -> floats, a mask of invalid cells, and their problems."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    converted = [_convert(u, ins, labels) for u in np.asarray(uniques, dtype=object)]
    numbers = np.array([v for v, _ in converted] + [np.nan], dtype="float64")
    values = numbers[codes]
    kinds = [k for _, k in converted]
    bad = [i for i, k in enumerate(kinds) if k]
    invalid = np.isin(codes, bad) if bad else np.zeros(len(codes), dtype=bool)
    problems: list[Problem] = []
    if not bad:
        return values, invalid, problems
    rows_of = series.index.to_numpy()
    kind_of = np.array(kinds + [""], dtype=object)[codes]
    for kind in ("unknown", "disagree", "range", "fraction"):
        where = np.flatnonzero(invalid & (kind_of == kind))

        def make(pos: int, kind: str = kind) -> Problem:
            message, fix = _describe(kind, str(series.iloc[pos]), ins, labels)
            return Problem(file, message, fix, row=int(rows_of[pos]), column=_shown(col))

        problems += _capped(file, _shown(col), where, make)
    return values, invalid, problems


def _ipsative_sums(
    ins: Instrument, mapping: dict[str, str], data: dict[str, np.ndarray],
    invalid: dict[str, np.ndarray], by_key: dict[str, SurveyColumn], rows: np.ndarray, file: str,
) -> list[Problem]:  # fmt: skip
    """Each respondent's points per OCAI dimension and state must add up to 100."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in ins.items:
        groups.setdefault((item.dimension, item.state), []).append(item.id)
    problems = []
    for (dimension, state), ids in groups.items():
        if not all(i in mapping for i in ids):
            continue  # the missing column is reported already
        points = np.column_stack([data[i] for i in ids])
        answered = ~np.isnan(points).all(axis=1)
        checked = answered & ~np.any([invalid[i] for i in ids], axis=0)
        total = np.nansum(points, axis=1)
        wrong = np.flatnonzero(checked & (np.abs(total - IPSATIVE_TOTAL) > IPSATIVE_TOLERANCE))
        for i in ids:  # a blank cell next to answered ones is 0 points
            data[i] = np.where(answered & np.isnan(data[i]), 0.0, data[i])
        shown = ", ".join(_shown(by_key[mapping[i]]) for i in ids)
        name = ins.dimensions.get(dimension, {}).get("name", dimension)

        def make(pos: int, total=total, name=name, state=state, shown=shown) -> Problem:
            return Problem(
                file, f"The four answers for {name} ({state}) add up to "
                f"{round(float(total[pos]), 1):g}, not 100 (columns {shown}).",
                "make the four answers add up to 100 (a blank counts as 0).",
                row=int(rows[pos]), column=shown,
            )  # fmt: skip

        problems += _capped(file, shown, wrong, make, "group of columns")
    return problems


def _stripped(series: pd.Series) -> np.ndarray:
    """Cells as stripped text ("" when blank), stripping each distinct value once."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    stripped = [str(u).strip() for u in np.asarray(uniques, dtype=object)]
    return np.array([*stripped, ""], dtype=object)[codes]


def _respondent_ids(raw: RawSurvey, key: str | None) -> tuple[np.ndarray, list[Problem]]:
    rows = raw.frame.index.to_numpy()
    if key is None:
        return np.array([f"row-{r}" for r in rows], dtype=object), []
    col = next((c for c in raw.columns if c.key == key), SurveyColumn(key, key, "", ""))
    ids = _stripped(raw.frame[key])
    blank = ids == ""
    problems = _capped(raw.file, _shown(col), np.flatnonzero(blank), lambda pos: Problem(
        raw.file, "The respondent id is blank.", "give every response its own id (or remove the "
        "id column, and responses are numbered by row).", row=int(rows[pos]), column=_shown(col),
    ))  # fmt: skip
    if blank.any():
        ids = np.where(blank, np.array([f"row-{r}" for r in rows], dtype=object), ids)
    duplicated = pd.Series(ids).duplicated(keep="first").to_numpy()
    if duplicated.any():
        first = dict(zip(ids[~duplicated], rows[~duplicated], strict=True))
        problems += _capped(raw.file, _shown(col), np.flatnonzero(duplicated), lambda pos: Problem(
            raw.file, f"Rows {first[ids[pos]]} and {rows[pos]} share respondent id {ids[pos]}.",
            "remove the duplicate response or give it its own id.", row=int(rows[pos]),
            column=_shown(col),
        ))  # fmt: skip
    return ids, problems


def _find(raw: RawSurvey, name: str, exclude: set[str]) -> SurveyColumn | None:
    """The column named ``name`` (key first, then wording), ignoring case and spacing."""
    wanted = normalise_answer(name)
    columns = [c for c in raw.columns if c.key not in exclude]
    by_key = [c for c in columns if normalise_answer(c.key) == wanted]
    return (
        by_key
        or [
            c for c in columns if wanted in (normalise_answer(c.text), normalise_answer(c.question))
        ]
        or [None]
    )[0]


def prepare(
    raw: RawSurvey,
    wave: str,
    instruments: dict[str, Instrument],
    label_sets: dict[str, dict[str, float]],
    demographics: list[str],
    comment_columns: list[str],
    column_map: dict[str, tuple[str, str]] | None = None,
) -> tuple[Responses, list[Problem]]:
    """Validate a survey export into numeric :class:`Responses`; returns every problem found.

    Answers become numbers through each instrument's label set (any case or spacing,
    "5 - Strongly agree" and plain codes too); unknown labels, numbers off the scale,
    OCAI points that do not add up to 100, blank or duplicate respondent ids, missing
    items or demographics, an empty survey and a wave where nobody answered any question
    are errors with row and column. ``column_map`` is ``[culture.columns]`` as
    :func:`workbench.culture.columns.check_targets` returns it: its columns win over
    automatic matching. Columns that match nothing while items or demographics lack a
    column get a warning with a ready-to-paste ``[culture.columns]`` block; previews and
    test responses (already left out by the reader) get a warning naming their rows.

    Examples
    --------
    >>> from workbench.culture.instruments import Item
    >>> ins = Instrument("x", "X", "likert", 1, 5, "agree5", "", "", {}, (Item("X1", "", "d", 0),))
    >>> frame = pd.DataFrame({"X1": ["Agree", "5 - strongly agree"], "team": ["A", ""]}, [2, 3])
    >>> cols = [SurveyColumn("X1", "X1", "", "A"), SurveyColumn("team", "team", "", "B")]
    >>> raw = RawSurvey("s.csv", "plain", frame, cols, None)
    >>> labels = {"agree5": {"agree": 4, "strongly agree": 5}}
    >>> resp, problems = prepare(raw, "w1", {"x": ins}, labels, ["team"], [])
    >>> resp.items["X1"].tolist(), resp.demographics["team"].tolist(), problems
    ([4.0, 5.0], ['A', ''], [])
    """
    frame, file = raw.frame, raw.file
    id_key = raw.respondent if raw.respondent in frame.columns else None
    if id_key is None:
        names = {
            c.key: {normalise_answer(n).replace(" ", "_") for n in (c.key, c.text)}
            for c in raw.columns
        }
        id_key = next((key for key, n in names.items() if n & set(ID_NAMES)), None)
    mapped = column_map_rules.locate(raw, column_map or {})
    fixed = {item: key for item, key in mapped.items.items() if key != id_key}
    skip = ({id_key} | mapped.columns()) - {None} - set(fixed.values())
    mapping, unmatched, problems = match_items(raw, instruments, skip, fixed)
    problems = mapped.problems + problems
    if raw.excluded:
        kinds = " and ".join(sorted(set(raw.excluded.values())))
        problems.append(Problem(
            file, f"{len(raw.excluded)} response(s) are not answers but {kinds}s in the "
            f"survey tool, and are not counted: {excluded_rows_text(raw.excluded)}.",
            "nothing, if they were tries; if they are real answers, record them as normal "
            "responses in the survey tool and export again.", severity="warning",
        ))  # fmt: skip
    if frame.empty:
        left = " once the previews and tests are left out" if raw.excluded else ""
        problems.append(Problem(
            file, f"The survey export of wave {wave} has no responses{left}.", "export the "
            "survey again after people have answered, or remove this wave's folder from "
            "inputs/surveys/.",
        ))  # fmt: skip
    ids, found = _respondent_ids(raw, id_key)
    problems += found
    index = pd.Index(ids, dtype="str", name="respondent")
    rows = frame.index.to_numpy()
    by_key = {c.key: c for c in raw.columns}

    data: dict[str, np.ndarray] = {}
    for ins in instruments.values():
        labels = {normalise_answer(k): float(v) for k, v in label_sets.get(ins.labels, {}).items()}
        invalid: dict[str, np.ndarray] = {}
        for item in ins.items:
            if item.id not in mapping:
                data[item.id] = np.full(len(frame), np.nan)
                continue
            key = mapping[item.id]
            data[item.id], invalid[item.id], found = _values(
                frame[key], by_key[key], ins, labels, file
            )
            problems += found
        if ins.kind == "ipsative":
            problems += _ipsative_sums(ins, mapping, data, invalid, by_key, rows, file)
    items = pd.DataFrame(data, index=index, dtype="float64")
    if len(frame) and mapping and not items.notna().to_numpy().any():
        problems.append(Problem(
            file, f"Nobody answered any question in wave {wave}: all {len(frame)} response(s) "
            "leave every question blank, so there is nothing to score or compare.",
            "export the wave again once people have answered (check the export's filters), "
            "or remove this wave's folder from inputs/surveys/.",
        ))  # fmt: skip

    taken = set(mapping.values()) | {id_key} | mapped.columns()
    found_demographics: set[str] = set()
    found_comments: set[str] = set()
    demo = {}
    for name in demographics:
        key = mapped.demographics.get(name)
        col = by_key[key] if key in by_key else _find(raw, name, taken)
        if col is None:
            available = [c.key for c in raw.columns if c.key not in taken]
            problems.append(Problem(
                file, f"The demographic column '{name}' is not in the survey (columns not used "
                f"for items: {', '.join(available) or 'none'}).",
                f"add a '{name}' column to the export, or change [culture] demographics in "
                "engagement.toml.",
            ))  # fmt: skip
            demo[name] = np.full(len(frame), "", dtype=object)
            continue
        taken.add(col.key)
        found_demographics.add(name)
        demo[name] = _stripped(frame[col.key])
    demographic_frame = pd.DataFrame(demo, index=index, columns=list(demographics), dtype="str")

    comment_parts = []
    for name in comment_columns:
        key = mapped.comments.get(name)
        col = by_key[key] if key in by_key else _find(raw, name, taken)
        if col is None:
            problems.append(Problem(
                file, f"The comment column '{name}' is not in the survey, so no comments are read "
                "from it.", "check [culture] comment_columns in engagement.toml, or ignore this if "
                "the survey had no such question.", severity="warning",
            ))  # fmt: skip
            continue
        taken.add(col.key)
        found_comments.add(name)
        text = _stripped(frame[col.key])
        keep = text != ""
        question = col.question or col.text or col.key
        comment_parts.append(
            pd.DataFrame({"respondent": ids[keep], "question": question, "text": text[keep]})
        )
    columns = ["respondent", "question", "text"]
    comments = (
        pd.concat(comment_parts, ignore_index=True)
        if comment_parts
        else pd.DataFrame(columns=columns)
    )

    unmatched = [k for k in unmatched if k not in taken]
    wanting = [column_hints.Target(i.id, i.text, "item") for ins in instruments.values()
               for i in ins.items if i.id not in mapping]  # fmt: skip
    wanting += [column_hints.Target(n, n.replace("_", " "), "demographic")
                for n in demographics if n not in found_demographics]  # fmt: skip
    wanting += [column_hints.Target(n, n.replace("_", " "), "comment")
                for n in comment_columns if n not in found_comments]  # fmt: skip
    still_missing = {
        k: t for k, t in mapped.missing.items()
        if t not in mapping and t not in found_demographics and t not in found_comments
    }  # fmt: skip
    problems += column_map_rules.missing_key_problems(raw, still_missing)
    problems += column_hints.unmatched_problems(raw, unmatched, wanting)
    responses = Responses(
        wave=wave, file=file, format=raw.format, items=items, demographics=demographic_frame,
        comments=comments[columns].astype("str"), rows=pd.Series(rows, index=index, name="row"),
        dropped=list(raw.dropped), metadata=list(raw.metadata), unmatched=unmatched,
    )  # fmt: skip
    return responses, problems
