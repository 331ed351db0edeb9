"""Survey instruments (questionnaires) and Likert label sets, read from TOML data files.

The package ships ``workbench/culture/library/<id>.toml`` (one instrument per file) and
``labels.toml`` (text answer -> number). An engagement may add or replace instruments in
``inputs/instruments/<id>.toml`` and add labels in ``inputs/surveys/labels.toml``.
Every file is checked when it is read; all problems come back together in one
:class:`~workbench.core.errors.InputError` naming the file and the field.

Examples
--------
>>> chosen = load_instruments(["psych_safety"])
>>> [i.id for i in chosen["psych_safety"].items if i.reverse]
['PS1', 'PS3', 'PS5']
>>> item_table(chosen).query("reverse")["item"].tolist()
['PS1', 'PS3', 'PS5']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.core.errors import EngagementError, InputError, Problem
from workbench.core.paths import CUSTOM_INSTRUMENTS, CUSTOM_LABELS, INSTRUMENTS_DIR
from workbench.core.tomlfile import read_toml
from workbench.culture.instrument_rules import (
    CVF_TYPES,
    KINDS,
    STATES,
    check_instrument,
    check_overlaps,
    suggest,
)

__all__ = [
    "CVF_TYPES",
    "ITEM_COLUMNS",
    "Instrument",
    "Item",
    "KINDS",
    "LABELS_FILE",
    "STATES",
    "check_label_sets",
    "item_table",
    "load_instrument",
    "load_instruments",
    "load_label_sets",
    "normalise_label",
]
LABELS_FILE = "labels.toml"
ITEM_COLUMNS = [
    "item", "instrument", "kind", "dimension", "reverse",
    "scale_min", "scale_max", "type", "state", "text",
]  # fmt: skip


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    dimension: str
    reverse: bool
    type: str = ""
    state: str = ""


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    kind: str
    scale_min: float
    scale_max: float
    labels: str
    source: str
    about: str
    dimensions: dict[str, dict[str, str]]
    items: tuple[Item, ...]
    types: dict[str, dict[str, str]] = field(default_factory=dict)  # ipsative culture types
    file: str = ""  # how problems name the file it came from

    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]


# --------------------------------------------------------------------------- reading


def load_instrument(path: Path, label: str | None = None) -> Instrument:
    """Read and check one instrument file; raise an InputError listing every problem.

    ``label`` is how problems name the file (default: the path).
    """
    name = label or str(path)
    data = _read_toml(path, name)
    problems = check_instrument(data, name, path.stem)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return _build(data, name)


def load_instruments(ids: list[str], extra_dir: Path | None = None) -> dict[str, Instrument]:
    """The instruments ``ids``, in that order: shipped files, replaced or extended by
    ``extra_dir/<id>.toml`` (an engagement's ``inputs/instruments``).

    Unknown ids, broken files, and item or dimension ids used by two instruments are
    reported together in one InputError.
    """
    files = {
        p.stem: (p, f"workbench/culture/library/{p.name}") for p in _toml_files(INSTRUMENTS_DIR)
    }
    if extra_dir is not None and extra_dir.is_dir():
        prefix = f"{extra_dir.parent.name}/{extra_dir.name}"
        files |= {p.stem: (p, f"{prefix}/{p.name}") for p in _toml_files(extra_dir)}
    problems: list[Problem] = []
    chosen: dict[str, Instrument] = {}
    for wanted in dict.fromkeys(ids):
        if wanted not in files:
            known = ", ".join(sorted(files))
            problems.append(Problem(
                "engagement.toml",
                f"unknown instrument '{wanted}' in [culture] instruments. Known instruments: "
                f"{known}.{suggest(wanted, files)}",
                f"use one of the known ids, or describe your own instrument in "
                f"{CUSTOM_INSTRUMENTS}/{wanted}.toml (copy a shipped file as a starting point).",
            ))  # fmt: skip
            continue
        path, label = files[wanted]
        try:
            chosen[wanted] = load_instrument(path, label)
        except InputError as exc:
            problems += exc.problems
    problems += check_overlaps(list(chosen.values()))
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return chosen


def load_label_sets(extra_file: Path | None = None) -> dict[str, dict[str, float]]:
    """Shipped label sets, with labels added or changed by ``extra_file`` (same format).

    Labels are normalised to lower case with single spaces.
    """
    shipped = INSTRUMENTS_DIR / LABELS_FILE
    sources = [(shipped, f"workbench/culture/library/{LABELS_FILE}")]
    if extra_file is not None:
        sources.append((extra_file, CUSTOM_LABELS))
    sets: dict[str, dict[str, float]] = {}
    problems: list[Problem] = []
    for path, name in sources:
        data = _read_toml(path, name)
        for set_name, labels in data.items():
            if not isinstance(labels, dict):
                problems.append(Problem(
                    name, f"'{set_name}' must be a table of labels ([{set_name}]).",
                    f'write it as [{set_name}] followed by lines like "agree" = 4.',
                ))  # fmt: skip
                continue
            merged = sets.setdefault(set_name, {})
            for text, value in labels.items():
                if isinstance(value, bool) or not isinstance(value, int | float):
                    problems.append(Problem(
                        name, f"label '{text}' in [{set_name}] has the value {value!r}, "
                        "not a number.", f'give it the number it stands for, e.g. "{text}" = 4.',
                    ))  # fmt: skip
                    continue
                merged[normalise_label(text)] = float(value)
    if problems:
        raise InputError(problems)
    return sets


def normalise_label(text: str) -> str:
    """Lower case, single spaces, no surrounding blanks: how labels are compared."""
    return " ".join(str(text).split()).lower()


def check_label_sets(
    instruments: dict[str, Instrument], label_sets: dict[str, dict[str, float]]
) -> list[Problem]:
    """Problems for instruments naming an unknown label set, or a set with values off the scale."""
    problems = []
    for ins in instruments.values():
        if not ins.labels:
            continue
        file = ins.file or f"instrument '{ins.id}'"
        if ins.labels not in label_sets:
            known = ", ".join(sorted(label_sets)) or "none"
            problems.append(Problem(
                file, f"labels = '{ins.labels}' names an unknown label set (known: {known}).",
                f"use a known set, labels = \"\" for numbers only, or add [{ins.labels}] to "
                f"{CUSTOM_LABELS}.",
            ))  # fmt: skip
            continue
        off = [
            f"'{text}' = {value:g}"
            for text, value in label_sets[ins.labels].items()
            if not ins.scale_min <= value <= ins.scale_max
        ]
        if off:
            problems.append(Problem(
                file, f"label set '{ins.labels}' has values outside the scale "
                f"{ins.scale_min:g}-{ins.scale_max:g}: {', '.join(off)}.",
                "choose a label set that matches the scale, or change scale_min/scale_max.",
            ))  # fmt: skip
    return problems


def item_table(instruments: dict[str, Instrument]) -> pd.DataFrame:
    """One row per item, instruments and items in file order (what scoring takes)."""
    rows = [
        (item.id, ins.id, ins.kind, item.dimension, item.reverse, float(ins.scale_min),
         float(ins.scale_max), item.type, item.state, item.text)
        for ins in instruments.values()
        for item in ins.items
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    return table.astype({"reverse": bool, "scale_min": float, "scale_max": float})


# --------------------------------------------------------------------------- checking


def _toml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if p.name != LABELS_FILE)


def _read_toml(path: Path, name: str) -> dict[str, Any]:
    """The instrument or label file, read as every hand-edited TOML file is (core.tomlfile)."""
    if not path.is_file():
        raise InputError([Problem(name, "the file does not exist.", "check the path.")])
    try:
        return read_toml(path, label=name)
    except EngagementError as exc:
        what, _, fix = str(exc).removeprefix(f"{name}: ").partition(" Fix: ")
        raise InputError([Problem(name, what, fix or "correct the line named.")]) from None


def _build(data: dict[str, Any], file: str) -> Instrument:
    items = tuple(
        Item(
            id=item["id"],
            text=item.get("text", ""),
            dimension=item["dimension"],
            reverse=item.get("reverse", False),
            type=item.get("type", "") if data["kind"] == "ipsative" else "",
            state=item.get("state", "") if data["kind"] == "ipsative" else "",
        )
        for item in data["items"]
    )

    def named(tables: dict) -> dict[str, dict[str, str]]:
        return {k: {"name": v["name"], "about": v.get("about", "")} for k, v in tables.items()}

    return Instrument(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        scale_min=float(data["scale_min"]),
        scale_max=float(data["scale_max"]),
        labels=data.get("labels", ""),
        source=data.get("source", ""),
        about=data.get("about", ""),
        dimensions=named(data["dimensions"]),
        items=items,
        types=named(data.get("types", {})),
        file=file,
    )
