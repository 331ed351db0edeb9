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

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.core.paths import CUSTOM_INSTRUMENTS, CUSTOM_LABELS, INSTRUMENTS_DIR

KINDS = ("likert", "ipsative", "nps")
STATES = ("now", "preferred")
# Competing Values Framework culture types, used when an ipsative file declares no [types].
CVF_TYPES = ("clan", "adhocracy", "market", "hierarchy")
LABELS_FILE = "labels.toml"
_TOP_KEYS = {"id", "name", "kind", "scale_min", "scale_max", "labels", "source", "about"}
_TOP_KEYS |= {"dimensions", "types", "items"}
_ITEM_KEYS = {"id", "text", "dimension", "reverse", "type", "state"}
_FIXED_SCALE = {"nps": (0, 10), "ipsative": (0, 100)}
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
    problems = _check_instrument(data, name, path.stem)
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
                f"{known}.{_suggest(wanted, files)}",
                f"use one of the known ids, or describe your own instrument in "
                f"{CUSTOM_INSTRUMENTS}/{wanted}.toml (copy a shipped file as a starting point).",
            ))  # fmt: skip
            continue
        path, label = files[wanted]
        try:
            chosen[wanted] = load_instrument(path, label)
        except InputError as exc:
            problems += exc.problems
    problems += _check_overlaps(list(chosen.values()))
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
    """One row per item, instruments and items in file order; the input of :mod:`culture`."""
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
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(name, "the file does not exist.", "check the path.")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Problem(
            name, f"the file is not valid TOML ({exc}).",
            "fix the line named; text values need double quotes, e.g. text = \"...\".",
        )]) from None  # fmt: skip


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_instrument(data: dict[str, Any], file: str, stem: str) -> list[Problem]:
    problems: list[Problem] = []

    def bad(message: str, fix: str) -> None:
        problems.append(Problem(file, message, fix))

    for key in sorted(set(data) - _TOP_KEYS):
        bad(f"unknown field '{key}'.{_suggest(key, _TOP_KEYS)}", "remove or rename it.")
    for key in ("id", "name", "kind"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            bad(f"the field '{key}' is missing or empty.", f'add {key} = "..." at the top.')
    for key in ("labels", "source", "about"):
        if key in data and not isinstance(data[key], str):
            bad(f"the field '{key}' must be text in double quotes.", f'write {key} = "...".')
    ins_id, kind = data.get("id"), data.get("kind")
    if isinstance(ins_id, str) and ins_id and ins_id != stem:
        bad(f"id '{ins_id}' does not match the file name '{stem}.toml'.",
            f"name the file {ins_id}.toml, or set id = \"{stem}\".")  # fmt: skip
    if isinstance(kind, str) and kind and kind not in KINDS:
        bad(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}.",
            'set kind = "likert" for agree/disagree scales.')  # fmt: skip
    lo, hi = data.get("scale_min"), data.get("scale_max")
    for key, value in (("scale_min", lo), ("scale_max", hi)):
        if not _is_number(value):
            bad(f"the field '{key}' is missing or not a number.", f"add e.g. {key} = 1.")
    if _is_number(lo) and _is_number(hi):
        if lo >= hi:
            bad(f"scale_min ({lo}) must be smaller than scale_max ({hi}).",
                "swap or correct the two values.")  # fmt: skip
        elif kind in _FIXED_SCALE and (lo, hi) != _FIXED_SCALE[kind]:
            want = _FIXED_SCALE[kind]
            bad(f"{kind} instruments run from {want[0]} to {want[1]}, not {lo} to {hi}.",
                f"set scale_min = {want[0]} and scale_max = {want[1]}.")  # fmt: skip
    dimensions = _check_named_tables(data, "dimensions", bad)
    types = _check_named_tables(data, "types", bad) if "types" in data else {}
    _check_items(data.get("items"), kind, dimensions, types, bad)
    return problems


def _check_named_tables(data: dict[str, Any], key: str, bad) -> dict[str, Any]:
    tables = data.get(key)
    if not isinstance(tables, dict) or not tables:
        bad(f"no [{key}.<id>] tables found.",
            f'add e.g. [{key}.trust] with name = "Trust" and about = "...".')  # fmt: skip
        return {}
    for name, body in tables.items():
        if not isinstance(body, dict):
            bad(f"'{key}.{name}' must be a table with name and about.",
                f'write [{key}.{name}] then name = "..." and about = "...".')  # fmt: skip
            continue
        if not isinstance(body.get("name"), str) or not body["name"].strip():
            bad(f"[{key}.{name}] has no name.", 'add name = "..." (shown to clients).')
        for field_name, value in body.items():
            if field_name not in ("name", "about"):
                bad(f"[{key}.{name}] has an unknown field '{field_name}'.",
                    "keep only name and about.")  # fmt: skip
            elif not isinstance(value, str):
                bad(f"[{key}.{name}] {field_name} must be text in double quotes.",
                    f'write {field_name} = "...".')  # fmt: skip
    return tables


def _check_items(items: Any, kind: Any, dimensions: dict, types: dict, bad) -> None:
    if not isinstance(items, list) or not items:
        bad("the instrument has no [[items]].", "add one [[items]] table per question.")
        return
    seen: dict[str, int] = {}
    cells: dict[tuple, str] = {}
    used: set[str] = set()
    allowed_types = tuple(types) or CVF_TYPES
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            bad(f"items[{number}] is not a table.", "write each item as an [[items]] table.")
            continue
        item_id = item.get("id")
        where = f"items[{number}]" + (f" (id '{item_id}')" if isinstance(item_id, str) else "")
        for key in sorted(set(item) - _ITEM_KEYS):
            bad(f"{where}: unknown field '{key}'.{_suggest(key, _ITEM_KEYS)}",
                "remove or rename it.")  # fmt: skip
        if not isinstance(item_id, str) or not item_id.strip():
            bad(f"{where}: the field 'id' is missing or empty.",
                'add id = "..." (the column name or code used in the survey).')  # fmt: skip
        elif item_id in seen:
            bad(f"{where}: duplicate item id '{item_id}' (also items[{seen[item_id]}]).",
                "give every item its own id.")  # fmt: skip
        else:
            seen[item_id] = number
        text = item.get("text", "")
        if not isinstance(text, str):
            bad(f"{where}: 'text' must be text in double quotes.", 'write text = "...".')
        elif not text.strip() and kind in ("likert", "nps"):
            bad(f"{where}: 'text' is missing or empty.",
                'add the question as respondents see it: text = "...".')  # fmt: skip
        dim = item.get("dimension")
        if not isinstance(dim, str) or dim not in dimensions:
            declared = ", ".join(dimensions) or "none"
            bad(f"{where}: dimension {dim!r} is not declared (declared: {declared}).",
                f"use a declared dimension or add a [dimensions.{dim}] table.")  # fmt: skip
        else:
            used.add(dim)
        reverse = item.get("reverse", False)
        if not isinstance(reverse, bool):
            bad(f"{where}: 'reverse' must be true or false, not {reverse!r}.",
                "write reverse = true or reverse = false, without quotes.")  # fmt: skip
        elif reverse and kind in ("ipsative", "nps"):
            bad(f"{where}: {kind} items cannot be reverse scored.", "set reverse = false.")
        if kind == "ipsative":
            _check_ipsative(item, where, allowed_types, cells, bad)
    for dim in dimensions:
        if dim not in used:
            bad(f"dimension '{dim}' has no items.",
                f'remove [dimensions.{dim}] or add items with dimension = "{dim}".')  # fmt: skip


def _check_ipsative(item: dict, where: str, allowed: tuple, cells: dict, bad) -> None:
    kind_of, state = item.get("type"), item.get("state")
    if kind_of not in allowed:
        bad(f"{where}: an ipsative item needs type = one of {', '.join(allowed)}; "
            f"found {kind_of!r}.", 'add e.g. type = "clan".')  # fmt: skip
    if state not in STATES:
        bad(f"{where}: an ipsative item needs state = \"now\" or \"preferred\"; found {state!r}.",
            'add e.g. state = "now".')  # fmt: skip
    key = (item.get("dimension"), kind_of, state)
    if kind_of in allowed and state in STATES:
        if key in cells:
            bad(
                f"{where}: repeats dimension {key[0]!r}, type {kind_of!r}, state {state!r} "
                f"of {cells[key]}.",
                "each dimension, type and state needs exactly one item.",
            )
        cells[key] = where


def _check_overlaps(chosen: list[Instrument]) -> list[Problem]:
    problems = []
    owners: dict[tuple[str, str], str] = {}
    for ins in chosen:
        for what, keys in (("item", ins.item_ids()), ("dimension", list(ins.dimensions))):
            for key in keys:
                first = owners.setdefault((what, key), ins.id)
                if first != ins.id:
                    problems.append(Problem(
                        ins.file, f"{what} id '{key}' is also used by instrument '{first}'.",
                        f"rename the {what} in one of the two files; ids must be unique "
                        "across the instruments of an engagement.",
                    ))  # fmt: skip
    return problems


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
