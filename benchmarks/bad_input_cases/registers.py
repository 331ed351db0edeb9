"""The register spoiled as CSV files: stakeholders, relationships and ratings.

Rows are spreadsheet rows (header = row 1). In the demo, row 5 of stakeholders.csv is S004,
row 6 S005; relationships.csv row 2 is the tie S001 -> S003.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from bad_input_cases import ACCEPT, EITHER, WARN, Case
from bad_input_cases import edit as e

K = "register csv"
MB = 1024 * 1024


def _blank_first_row(rows: list[list[str]]) -> None:
    rows.insert(0, [""] * len(rows[0]))


def _title_row(rows: list[list[str]]) -> None:
    rows.insert(0, ["Stakeholder register, Northwind, exported 2026-06-01"])


def _ids_as_floats(root: Path) -> None:
    """Ids saved by a spreadsheet as numbers: 1.0 in the register, 1 in the other tables."""

    def number(value: str, dotted: bool) -> str:
        return f"{int(value[1:])}.0" if dotted else str(int(value[1:]))

    for file, columns, dotted in ((e.SH, ["id"], True), (e.REL, ["source", "target"], False),
                                  (e.RAT, ["stakeholder"], False)):  # fmt: skip
        rows = e.read_rows(root / file)
        at = [rows[0].index(c) for c in columns]
        for row in rows[1:]:
            for i in at:
                row[i] = number(row[i], dotted)
        e.write_rows(root / file, rows)


def _duplicate_row(file: str, row: int, changes: dict[str, str]):
    def change(rows: list[list[str]]) -> None:
        copy = list(rows[row - 1])
        for column, value in changes.items():
            copy[rows[0].index(column)] = value
        rows.append(copy)

    return e.edit_rows(file, change)


def _append_row(file: str, values: dict[str, str]):
    def change(rows: list[list[str]]) -> None:
        rows.append([values.get(c, "") for c in rows[0]])

    return e.edit_rows(file, change)


def _duplicate_header(rows: list[list[str]]) -> None:
    rows[0].append("influence")
    for row in rows[1:]:
        row.append("3")


def _unclosed_quote(root: Path) -> None:
    path = root / e.SH
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("Farah Ndiaye", '"Farah Ndiaye', 1)
    path.write_text("".join(lines), encoding="utf-8")


def _mixed_encoding(root: Path) -> None:
    path = root / e.SH
    lines = path.read_bytes().splitlines(keepends=True)
    lines[4] = lines[4].replace(b"Oskar Brandt", "Öskar Brändt".encode("cp1252"))
    lines[5] = lines[5].replace(b"Farah Ndiaye", "Fàrah Ndiayé".encode())
    path.write_bytes(b"".join(lines))


def _cp1252_names(root: Path) -> None:
    e.set_cell(e.SH, 5, "name", "Oskar Brändt (Group COO)")(root)
    e.reencode(e.SH, "cp1252")(root)


def _header_only(rows: list[list[str]]) -> None:
    del rows[1:]


def _trailing_blank_rows(rows: list[list[str]]) -> None:
    rows.extend([[""] * len(rows[0])] * 5)


def _spelled_out_headers(rows: list[list[str]]) -> None:
    rows[0] = ["Rater name", "Stakeholder ID", "Influence", "Interest", "Attitude"]


def _xlsx_bytes(root: Path) -> bytes:
    book = openpyxl.Workbook()
    for row in e.read_rows(root / e.SH):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_renamed_csv(root: Path) -> None:
    (root / e.SH).write_bytes(_xlsx_bytes(root))


def _as_directory(root: Path) -> None:
    (root / e.SH).unlink()
    (root / e.SH).mkdir()


def _strip(rows: list[list[str]]) -> None:
    rows[6][0] = " S005 "


def _lower_ids(rows: list[list[str]]) -> None:
    for row in rows[1:]:
        if row[0] == "S005":
            row[0] = "s005"


CSV_CASES = [
    Case(K, "missing column", e.drop_column(e.SH, "influence"), e.SH, ("influence",)),
    Case(
        K,
        "misspelt header",
        e.rename_column(e.SH, "interest", "intrest"),
        e.SH,
        ("intrest|interest",),
    ),  # noqa: E501
    Case(K, "header in row 2", e.edit_rows(e.SH, _blank_first_row), e.SH, ("row 1|row 2",)),
    Case(K, "title row above header", e.edit_rows(e.SH, _title_row), e.SH, ("row 1|row 2",)),
    Case(
        K,
        "word for a rating",
        e.set_cell(e.SH, 5, "influence", "high"),
        e.SH,
        ("row 5", "influence"),
    ),  # noqa: E501
    Case(
        K,
        "rating out of range",
        e.set_cell(e.SH, 6, "influence", "9"),
        e.SH,
        ("row 6", "influence"),
    ),  # noqa: E501
    Case(
        K, "attitude below -2", e.set_cell(e.SH, 8, "attitude", "-3"), e.SH, ("row 8", "attitude")
    ),  # noqa: E501
    Case(
        K, "rating 3.5", e.set_cell(e.SH, 7, "interest", "3.5"), e.SH, ("row 7", "interest"), EITHER
    ),  # noqa: E501
    Case(
        K, "maybe as boolean", e.set_cell(e.SH, 9, "internal", "maybe"), e.SH, ("row 9", "internal")
    ),  # noqa: E501
    Case(K, "unknown kind", e.set_cell(e.SH, 10, "kind", "alien"), e.SH, ("row 10", "kind")),
    Case(
        K,
        "unknown cadence",
        e.set_cell(e.SH, 11, "cadence", "fortnightly"),
        e.SH,
        ("row 11", "cadence"),
    ),  # noqa: E501
    Case(K, "duplicate id", e.set_cell(e.SH, 12, "id", "S001"), e.SH, ("S001", "row 12")),
    Case(K, "blank id", e.set_cell(e.SH, 13, "id", ""), e.SH, ("row 13", "id")),
    Case(
        K,
        "ids saved as numbers",
        _ids_as_floats,
        "stakeholders.csv|relationships.csv|ratings.csv",
        ("id|source|stakeholder",),
        EITHER,
    ),  # noqa: E501
    Case(K, "BOM inside an id", e.set_cell(e.SH, 6, "id", "\ufeffS005"), e.SH, ("row 6",), EITHER),  # noqa: E501
    Case(K, "id with spaces", e.edit_rows(e.SH, _strip), e.SH, ("row 7",), EITHER),
    Case(
        K,
        "id in lower case",
        e.edit_rows(e.SH, _lower_ids),
        "stakeholders.csv|relationships.csv|ratings.csv",
        ("s005|S005",),
        EITHER,
    ),  # noqa: E501
    Case(K, "BOM at the start", e.reencode(e.SH, "utf-8", bom=True), e.SH, (), ACCEPT),
    Case(K, "cp1252 encoding", _cp1252_names, e.SH, (), ACCEPT),
    Case(
        K,
        "UTF-16 (Excel Unicode text)",
        e.reencode(e.SH, "utf-16", delimiter="\t"),
        e.SH,
        (),
        EITHER,
    ),  # noqa: E501
    Case(K, "two encodings in one file", _mixed_encoding, e.SH, ("row 5|row 6",)),
    Case(K, "semicolons", e.reencode(e.SH, "utf-8", delimiter=";"), e.SH, (), ACCEPT),
    Case(K, "unclosed quote", _unclosed_quote, e.SH, ("row 6|line 6",)),
    Case(K, "1 MB cell", e.set_cell(e.SH, 5, "owner", "x" * MB), e.SH, ("row 5", "owner"), EITHER),  # noqa: E501
    Case(K, "empty file", e.write_bytes(e.SH, b""), e.SH, ("empty",)),
    Case(K, "header only", e.edit_rows(e.SH, _header_only), e.SH),  # noqa: E501
    Case(K, "PDF named .csv", e.write_bytes(e.SH, e.PDF_BYTES), e.SH, ("PDF",)),
    Case(K, "workbook named .csv", _xlsx_renamed_csv, e.SH),
    Case(K, "trailing blank rows", e.edit_rows(e.SH, _trailing_blank_rows), e.SH, (), ACCEPT),
    Case(
        K, "extra column", e.edit_rows(e.SH, lambda r: [x.append("n") for x in r]), e.SH, (), EITHER
    ),  # noqa: E501
    Case(K, "duplicate header", e.edit_rows(e.SH, _duplicate_header), e.SH, ("influence",), WARN),
    Case(
        K,
        "formula as text",
        e.set_cell(e.SH, 6, "name", '=HYPERLINK("http://x.example")'),
        e.SH,
        ("row 6", "name"),
        EITHER,
    ),  # noqa: E501
    Case(
        K,
        "near-duplicate name",
        _append_row(
            e.SH,
            {
                "id": "S099",
                "name": "Dana Whitfield (CIO).",
                "group": "Executives",
                "kind": "executive",
                "internal": "true",
                "influence": "3",
                "interest": "3",
                "attitude": "0",
            },
        ),
        e.SH,
        ("S099|row 75",),
        WARN,
    ),  # noqa: E501
    Case(K, "stakeholders file missing", e.delete(e.SH), e.SH),
    Case(K, "stakeholders is a folder", _as_directory, e.SH),
    Case(
        K,
        "tie to unknown stakeholder",
        e.set_cell(e.REL, 4, "target", "S999"),
        e.REL,
        ("row 4", "S999"),
    ),  # noqa: E501
    Case(K, "tie to itself", e.set_cell(e.REL, 5, "target", "S001"), e.REL, ("row 5",), EITHER),
    Case(K, "unknown tie kind", e.set_cell(e.REL, 6, "kind", "besties"), e.REL, ("row 6", "kind")),  # noqa: E501
    Case(
        K,
        "strength as word",
        e.set_cell(e.REL, 7, "strength", "strong"),
        e.REL,
        ("row 7", "strength"),
    ),  # noqa: E501
    Case(
        K,
        "sentiment out of range",
        e.set_cell(e.REL, 8, "sentiment", "3"),
        e.REL,
        ("row 8", "sentiment"),
    ),  # noqa: E501
    Case(
        K,
        "contradicting duplicate tie",
        _duplicate_row(e.REL, 3, {"sentiment": "-2"}),
        e.REL,
        ("row 3|row 224",),
        WARN,
    ),  # noqa: E501
    Case(K, "target column missing", e.drop_column(e.REL, "target"), e.REL, ("target",)),
    Case(K, "relationships empty file", e.write_bytes(e.REL, b""), e.REL, (), EITHER),
    Case(
        K,
        "rating of unknown stakeholder",
        e.set_cell(e.RAT, 3, "stakeholder", "S999"),
        e.RAT,
        ("row 3", "S999"),
    ),  # noqa: E501
    Case(
        K,
        "one rater twice, two answers",
        _duplicate_row(e.RAT, 2, {"influence": "1"}),
        e.RAT,
        ("row 2|row 221",),
        WARN,
    ),  # noqa: E501
    Case(K, "blank rater", e.set_cell(e.RAT, 5, "rater", ""), e.RAT, ("row 5", "rater")),
    Case(K, "ratings file missing", e.delete(e.RAT), e.RAT, (), ACCEPT),
    Case(
        K,
        "ratings headers renamed",
        e.edit_rows(e.RAT, _spelled_out_headers),
        e.RAT,
        ("rater|stakeholder",),
        EITHER,
    ),  # noqa: E501
]
