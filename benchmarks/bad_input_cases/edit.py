"""Ways to spoil a copy of an engagement: cells, rows, bytes, TOML settings, workbooks.

Files are written the way the real tools write them: CSV through the csv module, workbooks
through openpyxl. Every helper is deterministic (seeded bytes, fixed values).
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl

SH = "inputs/stakeholders.csv"
REL = "inputs/relationships.csv"
RAT = "inputs/ratings.csv"
TOML = "engagement.toml"
XLSX = "inputs/register.xlsx"
TABLES = ("stakeholders", "relationships", "ratings")

# A minimal PDF as a PDF writer starts one: what a "renamed PDF" really holds.
PDF_BYTES = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# The start of an OLE compound file: an old .xls, or an xlsx saved with a password.
OLE_BYTES = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


def noise(size: int, seed: int = 13) -> bytes:
    """``size`` seeded random bytes (a binary file that is no known format)."""
    return random.Random(seed).randbytes(size)


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8", **fmt) -> None:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, **fmt).writerows(rows)


def csv_text(rows: list[list[str]], **fmt) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, **fmt).writerows(rows)
    return buffer.getvalue()


def edit_rows(file: str, change: Callable[[list[list[str]]], None]) -> Callable[[Path], None]:
    """A spoiler that applies ``change`` to the rows of the CSV ``file``."""

    def spoil(root: Path) -> None:
        rows = read_rows(root / file)
        change(rows)
        write_rows(root / file, rows)

    return spoil


def set_cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell; ``row`` is the spreadsheet row (header = 1)."""

    def change(rows: list[list[str]]) -> None:
        rows[row - 1][rows[0].index(column)] = value

    return edit_rows(file, change)


def drop_column(file: str, column: str) -> Callable[[Path], None]:
    def change(rows: list[list[str]]) -> None:
        at = rows[0].index(column)
        for r in rows:
            del r[at]

    return edit_rows(file, change)


def rename_column(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(rows: list[list[str]]) -> None:
        rows[0][rows[0].index(old)] = new

    return edit_rows(file, change)


def write_bytes(file: str, data: bytes) -> Callable[[Path], None]:
    def spoil(root: Path) -> None:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_bytes(data)

    return spoil


def reencode(file: str, encoding: str, delimiter: str = ",", bom: bool = False, **fmt):
    """Rewrite a CSV file in another encoding or with another delimiter."""

    def spoil(root: Path) -> None:
        text = csv_text(read_rows(root / file), delimiter=delimiter, **fmt)
        data = text.encode(encoding)
        (root / file).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)

    return spoil


def delete(file: str) -> Callable[[Path], None]:
    def spoil(root: Path) -> None:
        (root / file).unlink()

    return spoil


def both(*spoilers: Callable[[Path], None]) -> Callable[[Path], None]:
    def spoil(root: Path) -> None:
        for s in spoilers:
            s(root)

    return spoil


# --- engagement.toml -----------------------------------------------------------------------


def toml_set(section: str, key: str, value: str) -> Callable[[Path], None]:
    """Set ``key = value`` (``value`` is raw TOML) in ``[section]``, adding it when absent."""

    def spoil(root: Path) -> None:
        path = root / TOML
        text = path.read_text(encoding="utf-8")
        head = re.search(rf"^\[{re.escape(section)}\][^\n]*\n", text, flags=re.M)
        if head is None:
            text += f"\n[{section}]\n{key} = {value}\n"
        else:
            end = re.search(r"^\[", text[head.end() :], flags=re.M)
            stop = head.end() + (end.start() if end else len(text) - head.end())
            body = text[head.end() : stop]
            line = re.compile(rf"^#?\s*{re.escape(key)}\s*=.*$", flags=re.M)
            body = (
                line.sub(f"{key} = {value}", body, count=1)
                if line.search(body)
                else f"{key} = {value}\n" + body
            )
            text = text[: head.end()] + body + text[stop:]
        path.write_text(text, encoding="utf-8")

    return spoil


def toml_append(raw: str) -> Callable[[Path], None]:
    def spoil(root: Path) -> None:
        with open(root / TOML, "a", encoding="utf-8") as handle:
            handle.write("\n" + raw + "\n")

    return spoil


def toml_replace(old: str, new: str, file: str = TOML) -> Callable[[Path], None]:
    def spoil(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return spoil


# --- the register as a workbook --------------------------------------------------------------


def typed(value: str):
    """A cell value as Excel keeps it: numbers as numbers, true/false as booleans."""
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value or None


def to_xlsx(root: Path) -> None:
    """Turn the demo copy's CSV register into inputs/register.xlsx and read it from there."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table)
        rows = read_rows(root / "inputs" / f"{table}.csv")
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([typed(v) for v in row])
        (root / "inputs" / f"{table}.csv").unlink()
    book.save(root / XLSX)
    toml_set("inputs", "format", '"xlsx"')(root)


def edit_book(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], None]:
    """A spoiler that opens inputs/register.xlsx with openpyxl, changes it and saves it."""

    def spoil(root: Path) -> None:
        book = openpyxl.load_workbook(root / XLSX)
        change(book)
        book.save(root / XLSX)

    return spoil


def column_letter(sheet, name: str) -> int:
    """The 1-based column number of header ``name`` in ``sheet``."""
    return [c.value for c in sheet[1]].index(name) + 1


def set_xlsx(table: str, row: int, column: str, value) -> Callable[[Path], None]:
    def change(book: openpyxl.Workbook) -> None:
        sheet = book[table]
        sheet.cell(row=row, column=column_letter(sheet, column), value=value)

    return edit_book(change)
