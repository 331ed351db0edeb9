"""Write an empty input register for a new engagement: an XLSX workbook and CSV files.

The workbook has a ``readme`` sheet, then one sheet per table with a styled, frozen
header, dropdowns for the allowed values and number ranges, a dropdown of the stakeholder
ids for the ends of a relationship and the stakeholder a rating is about, and example rows
that pass validation. The CSV files hold the same tables for people who prefer plain files.
Everything comes from :func:`workbench.stakeholders.schemas.tables_for` with the
engagement's :class:`~workbench.core.vocabularies.Vocabularies`, so the template always
matches what :mod:`workbench.stakeholders.validation` accepts. Excel refuses a dropdown
written inline when it is longer than 255 characters, so longer lists go to a hidden
``lists`` sheet, and it cuts messages longer than 225 characters, so none is.

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
from workbench.core.vocabularies import DEFAULT, Vocabularies
from workbench.stakeholders.schemas import TABLES, ColumnSpec, TableSpec, tables_for

REGISTER = "register.xlsx"
LAST_ROW = 1000  # dropdowns and range checks cover rows 2..LAST_ROW
LISTS_SHEET = "lists"  # hidden sheet for dropdowns too long to write inline
INLINE_LIST_LIMIT = 255  # Excel's limit for a list written in the rule itself
MESSAGE_LIMIT = 225  # Excel's limit for a rule's prompt and error message
TITLE_LIMIT = 32  # and for their titles
# Columns that hold a stakeholder id: their dropdown lists the ids of the stakeholders sheet.
ID_REFERENCES = {
    ("relationships", "source"),
    ("relationships", "target"),
    ("ratings", "stakeholder"),
}
_ID_RANGE = f"stakeholders!$A$2:$A${LAST_ROW}"
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
    "listed values; number cells only accept the shown range. The source and target of a "
    "relationship, and the stakeholder of a rating, offer the ids of the stakeholders sheet.",
    "6. Kinds of stakeholder or of relationship that are not listed can be added under "
    "[vocabularies] in engagement.toml; a template written for that engagement lists them.",
    "7. Extra columns are allowed: the workbench keeps them but does not use them.",
    "Where to save",
    "Save this workbook as inputs/register.xlsx in the engagement folder and set "
    'format = "xlsx" under [inputs] in engagement.toml. Or save each table sheet as '
    "'CSV UTF-8' to inputs/stakeholders.csv, inputs/relationships.csv and "
    'inputs/ratings.csv with format = "csv".',
    "Then run `workbench check <engagement folder>`: it lists every problem with the "
    "sheet, row and column, and how to fix it.",
)


def write_input_template(inputs_dir: Path, vocabularies: Vocabularies = DEFAULT) -> list[Path]:
    """Write ``register.xlsx`` and one CSV per table into ``inputs_dir``.

    Parameters
    ----------
    inputs_dir
        The engagement's ``inputs`` folder; created if missing.
    vocabularies
        The kinds the dropdowns offer (``Engagement.vocabularies``; built-in by default).

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
    workbook = build_workbook(vocabularies)
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


def build_workbook(vocabularies: Vocabularies = DEFAULT) -> Workbook:
    """The input register as an in-memory workbook (readme sheet, then one sheet per table)."""
    tables = tables_for(vocabularies)
    workbook = Workbook()
    _readme(workbook.active, tables)
    lists = _Lists(workbook)
    for table in tables.values():
        _table_sheet(workbook.create_sheet(table.name), table, lists)
    if lists.sheet is not None:
        last = len(workbook.sheetnames) - 1
        workbook.move_sheet(lists.sheet, offset=last - workbook.index(lists.sheet))  # keep it last
    return workbook


def _readme(sheet: Worksheet, tables: dict[str, TableSpec]) -> None:
    sheet.title = "readme"
    sheet.append(["Relationship Workbench: input register"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in _HOW_TO:
        sheet.append([line])
        if not line[0].isdigit() and len(line) < 30:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    for table in tables.values():
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


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut at a word to at most ``limit`` characters, ending with an ellipsis.

    >>> fit("Use one of: weekly, monthly, quarterly.", 30)
    'Use one of: weekly, monthly…'
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _error_text(column: ColumnSpec) -> str:
    text = f"Use {column.allowed}."
    if len(text) <= MESSAGE_LIMIT:
        return text
    add = ""
    if column.vocabulary:
        add = " To add one, list it under [vocabularies] in engagement.toml."
    return f"Pick a {column.name} from the dropdown list.{add}"


def _validation(table: str, column: ColumnSpec, letter: str, lists: _Lists) -> DataValidation:
    error = _error_text(column)
    if (table, column.name) in ID_REFERENCES:
        rule = DataValidation(type="list", formula1=_ID_RANGE, allow_blank=True)
        error = "Use the id of a stakeholder listed in column A of the stakeholders sheet."
    elif column.choices:
        source = lists.formula(f"{table} {column.name}", column.choices)
        rule = DataValidation(type="list", formula1=source, allow_blank=True)
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
    rule.promptTitle = fit(column.name, TITLE_LIMIT)
    rule.prompt = fit(column.description)
    rule.showInputMessage = True
    rule.errorTitle = fit(f"Invalid {column.name}", TITLE_LIMIT)
    rule.error = fit(error)
    rule.showErrorMessage = True
    rule.add(f"{letter}2:{letter}{LAST_ROW}")
    return rule


class _Lists:
    """The hidden ``lists`` sheet, made on first use, for dropdowns Excel cannot hold inline."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.sheet: Worksheet | None = None

    def formula(self, title: str, values: tuple[str, ...]) -> str:
        """The dropdown's source: inline when Excel allows it, else a range of ``lists``."""
        inline = ",".join(values)
        # A comma or quote inside a value would split or end an inline list.
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in v or '"' in v for v in values):
            return f'"{inline}"'
        if self.sheet is None:
            self.sheet = self.workbook.create_sheet(LISTS_SHEET)
            self.sheet.sheet_state = "hidden"
        column = self.sheet.max_column + 1 if self.sheet["A1"].value else 1
        letter = get_column_letter(column)
        self.sheet.cell(1, column, title)
        for row, value in enumerate(values, start=2):
            self.sheet.cell(row, column, value)
        return f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"


def _table_sheet(sheet: Worksheet, spec: TableSpec, lists: _Lists) -> None:
    table = spec.name
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
        sheet.add_data_validation(_validation(table, column, letter, lists))
    sheet.freeze_panes = "A2"
