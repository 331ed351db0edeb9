"""Write an empty input register for a new engagement: an XLSX workbook and CSV files.

The workbook has a ``readme`` sheet, then one sheet per table with a styled, frozen
header, dropdowns for the allowed values and number ranges, and example rows that pass
validation. The CSV files hold the same tables for people who prefer plain files.
Everything comes from :data:`workbench.stakeholders.schemas.TABLES`, so the template always matches
what :mod:`workbench.stakeholders.validation` accepts.

Examples
--------
>>> written = write_input_template(Path("new-engagement/inputs"))  # doctest: +SKIP
>>> [p.name for p in written]  # doctest: +SKIP
['register.xlsx', 'stakeholders.csv', 'relationships.csv', 'ratings.csv']
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from workbench.core.errors import WorkbenchError
from workbench.stakeholders.schemas import TABLES, ColumnSpec

REGISTER = "register.xlsx"
LAST_ROW = 1000  # dropdowns and range checks cover rows 2..LAST_ROW
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")

EXAMPLE_ROWS: dict[str, list[dict[str, str]]] = {
    "stakeholders": [
        {
            "id": "S1",
            "name": "Contoso Retail",
            "group": "Key customers",
            "kind": "customer",
            "internal": "false",
            "influence": "4",
            "interest": "5",
            "attitude": "1",
            "power": "true",
            "legitimacy": "true",
            "urgency": "false",
            "owner": "Dana Lee",
            "cadence": "monthly",
        },
        {
            "id": "S2",
            "name": "Service Desk",
            "group": "Delivery teams",
            "kind": "internal team",
            "internal": "true",
            "influence": "3",
            "interest": "4",
            "attitude": "2",
            "power": "false",
            "legitimacy": "true",
            "urgency": "false",
            "owner": "",
            "cadence": "weekly",
        },
    ],
    "relationships": [
        {"source": "S1", "target": "S2", "kind": "works with", "strength": "3", "sentiment": "1"},
    ],
    "ratings": [
        {"rater": "R1", "stakeholder": "S1", "influence": "4", "interest": "4", "attitude": "0"},
    ],
}

_HOW_TO = (
    "How to fill it in",
    "1. Each sheet after this one is a table. Keep row 1 (the column names) as it is and "
    "add one row per entry below it.",
    "2. stakeholders: one row per person, team or organisation. Give each a short unique "
    "id (S1, S2, ...); the other sheets refer to stakeholders by that id.",
    "3. relationships: one row per tie between two stakeholders, from source to target.",
    "4. ratings (optional): one row per rater and stakeholder, when several people rate "
    "the same stakeholders. Leave it with just the header row if you do not need it.",
    "5. Replace or delete the example rows (S1, S2). Cells with a dropdown only accept the "
    "listed values; number cells only accept the shown range.",
    "6. Extra columns are allowed: the workbench keeps them but does not use them.",
    "Where to save",
    "Save this workbook as inputs/register.xlsx in the engagement folder and set "
    'format = "xlsx" under [inputs] in engagement.toml. Or save each table sheet as '
    "'CSV UTF-8' to inputs/stakeholders.csv, inputs/relationships.csv and "
    'inputs/ratings.csv with format = "csv".',
    "Then run `workbench check <engagement folder>`: it lists every problem with the "
    "sheet, row and column, and how to fix it.",
)


def write_input_template(inputs_dir: Path) -> list[Path]:
    """Write ``register.xlsx`` and one CSV per table into ``inputs_dir``.

    Parameters
    ----------
    inputs_dir
        The engagement's ``inputs`` folder; created if missing.

    Returns
    -------
    list of Path
        The files written: the workbook first, then the CSV files.

    Raises
    ------
    WorkbenchError
        If any of the files already exists; nothing is written then.

    Examples
    --------
    >>> write_input_template(Path("acme/inputs"))[0].name  # doctest: +SKIP
    'register.xlsx'
    """
    inputs_dir = Path(inputs_dir)
    targets = [inputs_dir / REGISTER] + [inputs_dir / f"{t}.csv" for t in TABLES]
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise WorkbenchError(
            f"{', '.join(existing)} already exist(s); the input template never overwrites "
            "files. Fix: pick an empty folder for the new engagement's inputs."
        )
    inputs_dir.mkdir(parents=True, exist_ok=True)
    workbook = build_workbook()
    # "x" mode: fail rather than overwrite a file that appeared in the meantime.
    with open(targets[0], "xb") as handle:
        workbook.save(handle)
    for table, path in zip(TABLES, targets[1:], strict=True):
        _write_csv(path, table)
    return targets


def _write_csv(path: Path, table: str) -> None:
    columns = TABLES[table].column_names
    # utf-8-sig: Excel needs the byte-order mark to show accented names correctly.
    with open(path, "x", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in EXAMPLE_ROWS[table]:
            writer.writerow([row[c] for c in columns])


def build_workbook() -> Workbook:
    """The input register as an in-memory workbook (readme sheet, then one sheet per table)."""
    workbook = Workbook()
    _readme(workbook.active)
    for table in TABLES:
        _table_sheet(workbook.create_sheet(table), table)
    return workbook


def _readme(sheet: Worksheet) -> None:
    sheet.title = "readme"
    sheet.append(["Relationship Workbench: input register"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in _HOW_TO:
        sheet.append([line])
        if not line[0].isdigit() and len(line) < 30:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    for table in TABLES.values():
        sheet.append([])
        status = "required" if table.required else "optional"
        sheet.append([f"Sheet '{table.name}' ({status})", table.description])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        sheet.append(["column", "what to enter", "example", "allowed values"])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        for column in table.columns:
            sheet.append([column.name, column.description, column.example, column.allowed])
    for letter, width in zip("ABCD", (24, 70, 18, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _validation(column: ColumnSpec, letter: str) -> DataValidation:
    if column.choices:
        items = ",".join(column.choices)
        # Excel rejects inline lists longer than 255 characters.
        if len(items) > 255:
            raise ValueError(f"dropdown for '{column.name}' is too long for Excel ({len(items)})")
        rule = DataValidation(type="list", formula1=f'"{items}"', allow_blank=True)
    elif column.dtype == "bool":
        rule = DataValidation(type="list", formula1='"true,false"', allow_blank=True)
    elif column.dtype == "int":
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1=str(column.low),
            formula2=str(column.high),
            allow_blank=True,
        )
    elif column.unique:
        rule = DataValidation(
            type="custom",
            allow_blank=True,
            formula1=f"COUNTIF(${letter}$2:${letter}${LAST_ROW},{letter}2)=1",
        )
    else:
        rule = DataValidation(allow_blank=True)  # no rule: only the hover help below
    rule.promptTitle = column.name[:32]
    rule.prompt = column.description[:255]
    rule.showInputMessage = True
    rule.errorTitle = f"Invalid {column.name}"[:32]
    rule.error = f"Use {column.allowed}."[:255]
    rule.showErrorMessage = True
    rule.add(f"{letter}2:{letter}{LAST_ROW}")
    return rule


def _table_sheet(sheet: Worksheet, table: str) -> None:
    spec = TABLES[table]
    sheet.append(spec.column_names)
    for row in EXAMPLE_ROWS[table]:
        # Numbers go in as numbers so Excel's whole-number rule accepts them.
        sheet.append([int(row[c.name]) if c.dtype == "int" else row[c.name] for c in spec.columns])
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        header = sheet.cell(1, position)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        longest = max([len(column.name)] + [len(r[column.name]) for r in EXAMPLE_ROWS[table]])
        sheet.column_dimensions[letter].width = min(max(longest, 10) + 4, 40)
        sheet.add_data_validation(_validation(column, letter))
    sheet.freeze_panes = "A2"
