"""Relationship models on disk: one TOML file per group, atomic saves, a dated history.

Models live in the engagement's ``workshop/models/<group>.toml``; every save also keeps a
copy in ``workshop/history/models/<group>/<timestamp>.toml``, so the consultant can go
back to any earlier version. The starter library ships in ``workbench/design/library/``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import tomli_w

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, Problem, StoreError
from workbench.core.files import atomic_write_bytes, prune_history, writable_workshop
from workbench.core.tomlfile import read_toml
from workbench.design.models import RelationshipModel, parse_model

HEADER = "# Relationship model, saved by the workbench. Edit here or in the workshop notebook.\n"
STAMP_FORMAT = "%Y-%m-%dT%H%M%S%f"

# Which starter model suits a register kind (the most common kind in a group decides).
LIBRARY_FOR_KIND = {
    "customer": "customers",
    "user": "users",
    "supplier": "suppliers",
    "partner": "partners",
    "regulator": "regulators",
    "auditor": "regulators",
    "internal team": "internal_teams",
    "team member": "internal_teams",
    "manager": "internal_teams",
    "executive": "executives",
    "sponsor": "executives",
    "shareholder": "executives",
    "investor": "executives",
    "media": "media",
    "community": "media",
    "professional community": "media",
    "industry organization": "media",
    "union": "media",
    "competitor": "media",
}
DEFAULT_STARTER = "customers"


def slug(group: str) -> str:
    """The file name of a group's model.

    >>> slug("Regulators & Auditors")
    'regulators-auditors'
    """
    text = re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-")
    return text or "group"


def file_label(group: str) -> str:
    """Where a group's model lives, as problems and findings name it."""
    return f"{paths.MODELS}/{slug(group)}.toml"


def history_dir(engagement: Engagement, group: str) -> Path:
    return engagement.root / paths.HISTORY / "models" / slug(group)


def model_toml(model: RelationshipModel) -> str:
    return HEADER + tomli_w.dumps(model.to_dict())


def read_model(
    file: Path, label: str | None = None
) -> tuple[RelationshipModel | None, list[Problem]]:
    """Read and validate one model file; problems name ``label`` (default: the file name).

    The file is read by :func:`workbench.core.tomlfile.read_toml` like every hand-edited
    TOML file (a byte-order mark is fine; a syntax error quotes its line), and a file that
    cannot be read is one problem, never an exception.
    """
    label = label or file.name
    try:
        data = read_toml(file, StoreError, label)
    except StoreError as exc:
        # read_toml words it as "<label>: what. Fix: how."; a Problem holds the parts.
        message, _, fix = str(exc).removeprefix(f"{label}: ").partition(" Fix: ")
        if message.startswith(("is ", "cannot ")):
            message = "The file " + message
        return None, [Problem(label, message[:1].upper() + message[1:], fix or "check the file.")]
    return parse_model(data, label)


def models_dir(engagement: Engagement) -> Path:
    return engagement.root / paths.MODELS


def load_models(engagement: Engagement) -> tuple[dict[str, RelationshipModel], list[Problem]]:
    """Every model of the engagement by group, and every problem found in the files."""
    found: dict[str, RelationshipModel] = {}
    problems: list[Problem] = []
    folder = models_dir(engagement)
    for file in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        label = f"{paths.MODELS}/{file.name}"
        model, found_problems = read_model(file, label)
        problems += found_problems
        if model is None:
            continue
        if file.stem != slug(model.group):
            problems.append(
                Problem(
                    label,
                    f"The model for '{model.group}' is in a file named {file.name}; the "
                    "workbench saves, exports and reports it as "
                    f"{slug(model.group)}.toml.",
                    f"rename the file to {slug(model.group)}.toml.",
                    field="group",
                )
            )
            continue
        # One file name per group, so no group can have two models.
        found[model.group] = model
    return found, problems


def require_models(engagement: Engagement) -> dict[str, RelationshipModel]:
    """Like :func:`load_models`, but raises InputError when any file has a problem."""
    models, problems = load_models(engagement)
    if problems:
        raise InputError(problems)
    return models


def save_model(
    engagement: Engagement, model: RelationshipModel, now: datetime | None = None
) -> Path:
    """Validate and save ``model`` atomically, keeping a dated copy in the history.

    Raises InputError (nothing is written) when the model is not valid.
    """
    writable_workshop(engagement)  # refuses the read-only demo before anything is written
    text = model_toml(model)
    checked, problems = parse_model(tomllib.loads(text), file_label(model.group))
    if problems or checked is None:
        raise InputError(problems)
    target = models_dir(engagement) / f"{slug(model.group)}.toml"
    _refuse_other_group(target, model.group, engagement)
    data = text.encode("utf-8")
    when = now or datetime.now()
    history = history_dir(engagement, model.group)
    _keep_hand_edits(target, history, when - timedelta(microseconds=1))
    stamp = when.strftime(STAMP_FORMAT)
    atomic_write_bytes(history / f"{stamp}.toml", data)
    saved = atomic_write_bytes(target, data)
    prune_history(history, "")  # autosaves on every change: the latest copies are kept
    return saved


def _keep_hand_edits(target: Path, history: Path, just_before: datetime) -> None:
    """A file edited by hand since the last save goes into the history before it is replaced.

    It is filed just before the new version, so "restore the previous version" finds it.
    """
    if not target.is_file():
        return
    current = target.read_bytes()
    versions = sorted(history.glob("*.toml")) if history.is_dir() else []
    if versions and versions[-1].read_bytes() == current:
        return
    atomic_write_bytes(history / f"{just_before.strftime(STAMP_FORMAT)}.toml", current)


def _refuse_other_group(target: Path, group: str, engagement: Engagement) -> None:
    """Two group names can share a file name ("A & B", "A B"): never let one overwrite the other."""
    if not target.is_file():
        return
    current, _ = read_model(target)
    if current is not None and current.group != group:
        raise StoreError(
            f"{target.relative_to(engagement.root)} already holds the model for "
            f"'{current.group}', and '{group}' would be saved to the same file. "
            "Fix: rename one of the two groups in the register so their names differ by more "
            "than punctuation or case."
        )


def history(engagement: Engagement, group: str) -> list[str]:
    """Saved versions of a group's model, newest first (timestamps)."""
    folder = history_dir(engagement, group)
    if not folder.is_dir():
        return []
    return sorted((p.stem for p in folder.glob("*.toml")), reverse=True)


def version_label(stamp: str) -> str:
    """'2026-11-30T101500123456' -> '2026-11-30 10:15:00'."""
    try:
        when = datetime.strptime(stamp, STAMP_FORMAT)
    except ValueError:
        return stamp
    return when.strftime("%Y-%m-%d %H:%M:%S")


def load_version(engagement: Engagement, group: str, stamp: str) -> RelationshipModel:
    file = history_dir(engagement, group) / f"{stamp}.toml"
    if not file.is_file():
        raise StoreError(
            f"No saved version {stamp} of the model for '{group}'. "
            f"Fix: pick one of: {', '.join(history(engagement, group)) or '(none yet)'}."
        )
    model, problems = read_model(file, str(file.relative_to(engagement.root)))
    if problems or model is None:
        raise InputError(problems)
    return model


def restore(
    engagement: Engagement, group: str, stamp: str, now: datetime | None = None
) -> RelationshipModel:
    """Make an earlier version current again (the restore itself becomes a new version)."""
    model = load_version(engagement, group, stamp)
    if model.group != group:
        raise StoreError(
            f"Version {stamp} is a model for '{model.group}', not '{group}'. "
            "Fix: pick a version of this group's own model."
        )
    save_model(engagement, model, now=now)
    return model


def library() -> dict[str, RelationshipModel]:
    """The starter models shipped with the workbench, by file stem (customers, media, ...)."""
    out = {}
    for file in sorted(paths.MODEL_LIBRARY.glob("*.toml")):
        model, problems = read_model(file, f"workbench/design/library/{file.name}")
        if problems or model is None:
            raise InputError(problems)
        out[file.stem] = model
    return out


def starter_for(group: str, kind: str | None = None) -> RelationshipModel:
    """A copy of the starter model that fits a group's kind of stakeholder, renamed to it."""
    models = library()
    name = LIBRARY_FOR_KIND.get((kind or "").strip().lower(), DEFAULT_STARTER)
    return replace(models.get(name, models[DEFAULT_STARTER]), group=group, override=None)
