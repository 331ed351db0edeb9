"""The rules an instrument file must follow, checked field by field.

:func:`check_instrument` reads the parsed TOML of one instrument and returns every problem
(unknown keys with a "did you mean", scales, dimensions, items, the ipsative rules), each
naming the file and the field; :func:`check_overlaps` finds item or dimension ids that two
chosen instruments share. Nothing here reads files: :mod:`workbench.culture.instruments`
does, and calls these.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from workbench.core.errors import Problem

if TYPE_CHECKING:
    from workbench.culture.instruments import Instrument

KINDS = ("likert", "ipsative", "nps")
STATES = ("now", "preferred")
# Competing Values Framework culture types, used when an ipsative file declares no [types].
CVF_TYPES = ("clan", "adhocracy", "market", "hierarchy")

_TOP_KEYS = {"id", "name", "kind", "scale_min", "scale_max", "labels", "source", "about"}
_TOP_KEYS |= {"dimensions", "types", "items"}
_ITEM_KEYS = {"id", "text", "dimension", "reverse", "type", "state"}
_FIXED_SCALE = {"nps": (0, 10), "ipsative": (0, 100)}


def suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_instrument(data: dict[str, Any], file: str, stem: str) -> list[Problem]:
    problems: list[Problem] = []

    def bad(message: str, fix: str) -> None:
        problems.append(Problem(file, message, fix))

    for key in sorted(set(data) - _TOP_KEYS):
        bad(f"unknown field '{key}'.{suggest(key, _TOP_KEYS)}", "remove or rename it.")
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
            bad(f"{where}: unknown field '{key}'.{suggest(key, _ITEM_KEYS)}",
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


def check_overlaps(chosen: list[Instrument]) -> list[Problem]:
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
