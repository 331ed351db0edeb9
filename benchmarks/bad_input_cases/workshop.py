"""Workshop files spoiled: adjustments, relationship models and dated snapshots."""

from __future__ import annotations

import shutil
from pathlib import Path

from bad_input_cases import ACCEPT, EITHER, REFUSE, WARN, Case
from bad_input_cases import edit as e

K = "workshop"
ADJ = "workshop/adjustments.csv"
MODEL = "workshop/models/customers.toml"
SNAP = "workshop/snapshots/2026-06-18"
GOOD_ADJUSTMENTS = "id,influence,interest,attitude\nS001,4,5,2\nS005,3,4,1\nS012,5,5,0\n"


def adjustments(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return e.write_bytes(ADJ, data)


def model(old: str, new: str):
    return e.toml_replace(old, new, file=MODEL)


def _model_bom(root: Path) -> None:
    path = root / MODEL
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _model_copy(name: str):
    def spoil(root: Path) -> None:
        shutil.copy(root / MODEL, root / "workshop/models" / name)

    return spoil


def _model_unknown_group(root: Path) -> None:
    text = (
        (root / MODEL)
        .read_text(encoding="utf-8")
        .replace('group = "Customers"', 'group = "Investors"')
    )
    (root / "workshop/models/investors.toml").write_text(text, encoding="utf-8")


def _snapshot(name: str, keep: tuple[str, ...] = ("stakeholders.csv", "relationships.csv")):
    def spoil(root: Path) -> None:
        target = root / "workshop/snapshots" / name
        target.mkdir()
        for file in keep:
            shutil.copy(root / SNAP / file, target / file)

    return spoil


def _history_junk(root: Path) -> None:
    folder = root / "workshop/history"
    folder.mkdir(exist_ok=True)
    (folder / "adjustments-2026-06-18T101500.csv").write_bytes(e.noise(300, seed=9))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04" + e.noise(100))


CASES = [
    Case(K, "adjustments torn last row", adjustments(GOOD_ADJUSTMENTS + "S013,4"), ADJ, ("row 5",)),  # noqa: E501
    Case(
        K,
        "adjustments rating out of range",
        adjustments(GOOD_ADJUSTMENTS.replace("S005,3", "S005,8")),
        ADJ,
        ("row 3", "influence"),
    ),  # noqa: E501
    Case(
        K,
        "adjustments unknown stakeholder",
        adjustments(GOOD_ADJUSTMENTS.replace("S012", "S999")),
        ADJ,
        ("S999",),
        WARN,
    ),  # noqa: E501
    Case(K, "adjustments empty file", adjustments(""), ADJ, (), EITHER),
    Case(
        K,
        "adjustments column missing",
        adjustments("id,influence,interest\nS001,4,5\n"),
        ADJ,
        ("attitude",),
    ),  # noqa: E501
    Case(
        K,
        "adjustments same id twice",
        adjustments(GOOD_ADJUSTMENTS + "S001,1,1,-2\n"),
        ADJ,
        ("S001|row 5",),
        WARN,
    ),  # noqa: E501
    Case(K, "adjustments accepted", adjustments(GOOD_ADJUSTMENTS), ADJ, (), ACCEPT),
    Case(
        K,
        "model levels as a string",
        model('levels = ["operational", "tactical"]', 'levels = "operational"'),
        MODEL,
        ("levels",),
    ),  # noqa: E501
    Case(
        K,
        "model communality as a number",
        model('communality = "medium"', "communality = 3"),
        MODEL,
        ("communality",),
    ),  # noqa: E501
    Case(
        K,
        "model principle out of range",
        model("control_trust = 0", "control_trust = 5"),
        MODEL,
        ("control_trust",),
    ),  # noqa: E501
    Case(K, "model misspelt field", model("journey =", "jorney ="), MODEL, ("jorney",)),
    Case(
        K,
        "model group misspelt",
        model('group = "Customers"', 'group = "Custmers"'),
        MODEL,
        ("group",),
    ),  # noqa: E501
    Case(
        K,
        "model steps misspelt",
        model('[[steps]]\nstep = "explore"', '[[stepz]]\nstep = "explore"'),
        MODEL,
        ("stepz|steps",),
    ),  # noqa: E501
    Case(
        K,
        "model broken TOML",
        model('cadence = "monthly"', 'cadence = "monthly'),
        MODEL,
        ("line|cadence",),
    ),  # noqa: E501
    Case(K, "model binary", e.write_bytes(MODEL, e.noise(900, seed=4)), MODEL),
    Case(K, "model empty file", e.write_bytes(MODEL, b""), MODEL, ("group",), EITHER),
    Case(K, "model with BOM", _model_bom, MODEL, (), ACCEPT),
    Case(
        K,
        "model file misnamed",
        _model_copy("Customers (copy).toml"),
        "Customers (copy).toml",
        ("group|customers",),
        WARN,
    ),  # noqa: E501
    Case(
        K,
        "model for an unknown group",
        _model_unknown_group,
        "investors.toml",
        ("group|Investors",),
        WARN,
    ),  # noqa: E501
    Case(K, "snapshot named 2026-13-45", _snapshot("2026-13-45"), "2026-13-45", (), WARN),
    Case(K, "snapshot in the future", _snapshot("2099-01-01"), "2099-01-01", (), WARN),
    Case(
        K,
        "snapshot without relationships",
        _snapshot("2026-06-30", ("stakeholders.csv",)),
        "2026-06-30",
        ("relationships",),
    ),  # noqa: E501
    Case(K, "snapshot empty folder", _snapshot("2026-06-30", ()), "2026-06-30", (), WARN),
    Case(
        K,
        "snapshot bad rating",
        e.set_cell(f"{SNAP}/stakeholders.csv", 5, "influence", "high"),
        "2026-06-18",
        ("row 5", "influence"),
    ),  # noqa: E501
    Case(
        K,
        "snapshot is a PDF",
        e.write_bytes(f"{SNAP}/relationships.csv", e.PDF_BYTES),
        "2026-06-18",
    ),  # noqa: E501
    Case(K, "history holds junk", _history_junk, "history", (), ACCEPT),
]
assert all(c.expect in (ACCEPT, EITHER, REFUSE, WARN) for c in CASES)
