"""Survey exports spoiled: the demo's newest wave re-laid out as each tool exports it, then broken.

The demo's plain wave 2025-11 (one column per item id) is rewritten, as wave 2026-05, in the
layout of Qualtrics (three header rows), SurveyMonkey (two header rows, matrix statements in row 2),
Microsoft Forms (an XLSX, "Question.Statement" headers) or Google Forms ("Question
[Statement]" headers), with the platform's own bookkeeping and personal-data columns. The
``control`` cases (not counted) show that each unspoiled layout passes `workbench check`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from bad_input_cases import edit as e
from workbench.core import paths

WAVE = "inputs/surveys/2026-05"
PLAIN = "inputs/surveys/2025-11/survey.csv"  # the demo's plain wave: the data re-laid out
AGREE = "Please say how far you agree with each statement."
DEMOGRAPHICS = ("team", "role", "location", "tenure")
FILES = {"qualtrics": "survey.csv", "surveymonkey": "survey.csv", "msforms": "survey.xlsx",
         "googleforms": "survey.csv"}  # fmt: skip
# Published wordings (Westrum as in the DORA research, Edmondson 1999), which differ from the
# paraphrases the workbench ships: a survey built from them needs a [culture.columns] mapping.
PUBLISHED = {
    "WES1": "On my team, information is actively sought.",
    "WES2": "On my team, messengers are not punished when they deliver news of failures.",
    "WES3": "On my team, responsibilities are shared.",
    "WES4": "On my team, cross-functional collaboration is encouraged and rewarded.",
    "WES5": "On my team, failure causes inquiry.",
    "WES6": "On my team, new ideas are welcomed.",
    "PS1": "If you make a mistake on this team, it is often held against you.",
    "PS2": "Members of this team are able to bring up problems and tough issues.",
    "PS3": "People on this team sometimes reject others for being different.",
    "PS4": "It is safe to take a risk on this team.",
    "PS5": "It is difficult to ask other members of this team for help.",
    "PS6": "No one on this team would deliberately act in a way that undermines my efforts.",
    "PS7": "Working with members of this team, my unique skills and talents are valued.",
}


def _wording() -> dict[str, str]:
    texts = {}
    for file in sorted(paths.INSTRUMENTS_DIR.glob("*.toml")):
        for item in tomllib.loads(file.read_text(encoding="utf-8")).get("items", []):
            texts[item["id"]] = item.get("text", "")
    return texts


@dataclass
class Export:
    """A survey export being built: header rows, answer rows, and where each column is."""

    layout: str
    header: list[list[str]]
    data: list[list[str]]
    columns: dict[str, int] = field(default_factory=dict)  # item id / demographic -> position

    def row_of(self, index: int) -> int:
        """The spreadsheet row of answer ``index`` (0-based)."""
        return len(self.header) + index + 1

    def drop(self, keys: list[str]) -> None:
        """Remove the columns of ``keys`` from every row."""
        gone = sorted((self.columns[k] for k in keys), reverse=True)
        for row in [*self.header, *self.data]:
            for position in gone:
                del row[position]
        self.columns = {
            k: p - sum(g < p for g in gone) for k, p in self.columns.items() if k not in keys
        }


def _meta(layout: str) -> tuple[list[str], list[str], list[str], Callable[[int, str], list[str]]]:
    """Row-1 names, row-2 labels, row-3 import ids and the values per respondent."""
    if layout == "qualtrics":
        names = ["StartDate", "EndDate", "Status", "IPAddress", "Progress",
                 "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
                 "RecipientEmail", "DistributionChannel", "UserLanguage"]  # fmt: skip
        labels = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
                  "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
                  "Recipient Email", "Distribution Channel", "User Language"]  # fmt: skip
        imports = [json.dumps({"ImportId": n[0].lower() + n[1:]}) for n in names]
        return names, labels, imports, lambda i, rid: [
            "2026-05-04 09:00:00", "2026-05-04 09:07:00", "IP Address", f"203.0.113.{i % 250}",
            "100", "420", "True", "2026-05-04 09:07:01", f"R_{rid}", f"{rid.lower()}@example.com",
            "anonymous", "EN",
        ]  # fmt: skip
    if layout == "surveymonkey":
        names = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                 "Email Address", "First Name", "Last Name", "Custom Data 1"]  # fmt: skip
        return names, [""] * len(names), [], lambda i, rid: [
            str(114893021000 + i), "431220887", "05/04/2026 09:01:12 AM",
            "05/04/2026 09:07:40 AM", f"198.51.100.{i % 250}", f"{rid.lower()}@example.com",
            "Ann", "Lee", "",
        ]  # fmt: skip
    if layout == "msforms":
        names = ["ID", "Start time", "Completion time", "Email", "Name"]
        return (
            names,
            [],
            [],
            lambda i, rid: [str(i + 1), "5/4/26 9:01:12", "5/4/26 9:07:40", "anonymous", ""],
        )
    names = ["Timestamp", "Email Address"]
    stamp = "2026/05/04 9:01:12 AM GMT+1"
    return names, [], [], lambda i, rid: [stamp, f"{rid.lower()}@example.com"]


def build(root: Path, layout: str, wording: dict[str, str] | None = None,
          codes: dict[str, str] | None = None) -> Export:  # fmt: skip
    """The demo's wave 2025-11 in ``layout``, to replace wave 2026-05.

    ``wording`` and ``codes`` replace an item's text and its column code.
    """
    plain = e.read_rows(root / PLAIN)
    texts = {**_wording(), **(wording or {})}
    names, labels, imports, values = _meta(layout)
    head, body = plain[0], plain[1:]
    keys = head[1:]  # the respondent id is the platform's own column
    row1, row2, row3 = list(names), list(labels), list(imports)
    first_matrix = True
    for key in keys:
        text = texts.get(key, "")
        code = (codes or {}).get(key, key)
        if layout == "qualtrics":
            row1.append(code)
            row2.append(f"{AGREE} - {text}" if text and key != "ENPS" else text or key)
            row3.append(json.dumps({"ImportId": f"QID{len(row1)}"}))
        elif layout == "surveymonkey":
            likert = bool(text) and key != "ENPS"
            row1.append(AGREE if likert and first_matrix else ("" if likert else (text or key)))
            first_matrix = first_matrix and not likert
            row2.append(
                text if likert else ("Open-Ended Response" if key == "comments" else "Response")
            )  # noqa: E501
        elif layout == "msforms":
            row1.append(f"{AGREE[:-1]}.{text}" if text and key != "ENPS" else text or key)
        else:
            row1.append(f"{AGREE} [{text}]" if text and key != "ENPS" else text or key)
    header = [r for r in (row1, row2, row3) if r]
    data = [values(i, row[0]) + row[1:] for i, row in enumerate(body)]
    columns = {k: len(names) + i for i, k in enumerate(keys)}
    return Export(layout, header, data, columns)


def _clear_wave(root: Path) -> None:
    for old in (root / WAVE).iterdir():
        old.unlink()


def write(root: Path, export: Export) -> None:
    _clear_wave(root)
    target = root / WAVE / FILES[export.layout]
    rows = [*export.header, *export.data]
    if export.layout != "msforms":
        e.write_rows(target, rows)
        return
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    for row in rows:
        book.active.append([e.typed(v) if i >= 5 else v for i, v in enumerate(row)])
    book.save(target)


def export(layout: str, change: Callable[[Export], None] | None = None, **kw):
    def spoil(root: Path) -> None:
        built = build(root, layout, **kw)
        if change:
            change(built)
        write(root, built)

    return spoil


def raw(layout: str, data: bytes):
    def spoil(root: Path) -> None:
        _clear_wave(root)
        (root / WAVE / FILES[layout]).write_bytes(data)

    return spoil


def cell(index: int, key: str, value: str):
    def change(x: Export) -> None:
        x.data[index][x.columns[key]] = value

    return change
