"""Survey cases: each tool's export of the demo wave broken in a realistic way, and the settings
that say how a survey is read ([culture.columns], instruments, labels, demographics).
"""

from __future__ import annotations

from pathlib import Path

from bad_input_cases import ACCEPT, EITHER, WARN, Case
from bad_input_cases import edit as e
from bad_input_cases.survey_exports import (
    DEMOGRAPHICS,
    FILES,
    PLAIN,
    PUBLISHED,
    WAVE,
    Export,
    cell,
    export,
    raw,
)

K = "survey"


def _cut(x: Export) -> None:
    del x.header[1 if len(x.header) > 1 else 0]


def _preview(x: Export) -> None:
    for row in x.data[:25]:
        row[2] = "Survey Preview"


def _nobody_answered(x: Export) -> None:
    answers = [p for k, p in x.columns.items() if k not in DEMOGRAPHICS]
    for row in x.data:
        for p in answers:
            row[p] = ""


RESPONDENT = {"qualtrics": 8, "surveymonkey": 0, "msforms": 0}  # the platform's id column


def _duplicate_ids(x: Export) -> None:
    at = RESPONDENT[x.layout]
    x.data[4][at] = x.data[3][at]


def _ocai_off(x: Export) -> None:
    x.data[2][x.columns["OCAI_D1_CLAN_NOW"]] = "60"


def _westrum_gone(x: Export) -> None:
    x.drop([k for k in x.columns if k.startswith("WES")])


def _no_team(x: Export) -> None:
    x.drop(["team"])


def _no_answers(x: Export) -> None:
    x.data.clear()


def _phone(x: Export) -> None:
    x.header[0].append("Phone number")
    for extra in x.header[1:]:
        extra.append("Response" if x.layout == "surveymonkey" else "Phone number")
    for row in x.data:
        row.append("+44 20 7946 0000")


def _where(layout: str, index: int) -> str:
    return f"row {index + {'qualtrics': 4, 'surveymonkey': 3}.get(layout, 2)}"


def _layout_cases(layout: str) -> list[Case]:
    file = FILES[layout]
    w = _where
    cases = [
        Case(K, f"{layout}: header row cut", export(layout, _cut), file, ("row 1|row 2",)),
        Case(
            K,
            f"{layout}: Westrum columns missing",
            export(layout, _westrum_gone),
            file,
            ("westrum|WES",),
        ),  # noqa: E501
        Case(
            K,
            f"{layout}: unknown Likert label",
            export(layout, cell(6, "WES3", "Sort of agree")),
            file,
            (w(layout, 6), "WES3|responsibility"),
        ),  # noqa: E501
        Case(
            K,
            f"{layout}: answer out of range",
            export(layout, cell(7, "PS2", "12")),
            file,
            (w(layout, 7), "PS2|problems"),
        ),  # noqa: E501
        Case(
            K,
            f"{layout}: recommend score 11",
            export(layout, cell(8, "ENPS", "11")),
            file,
            (w(layout, 8), "ENPS|recommend"),
        ),  # noqa: E501
        Case(
            K,
            f"{layout}: no responses",
            export(layout, _no_answers),
            file,
            ("2026-05|respons",),
            WARN,
        ),  # noqa: E501
        Case(
            K,
            f"{layout}: nobody answered",
            export(layout, _nobody_answered),
            file,
            ("2026-05|answer",),
            WARN,
        ),  # noqa: E501
        Case(K, f"{layout}: team column missing", export(layout, _no_team), file, ("team",)),
        Case(K, f"{layout}: binary file", raw(layout, e.noise(8192, seed=len(layout))), file),
        Case(K, f"{layout}: phone numbers kept", export(layout, _phone), file, (), ACCEPT),
    ]
    if layout != "qualtrics":  # the answer-level slips are tried on one layout only
        rest = (": answer out of range", ": recommend score 11", ": nobody answered",
                ": team column missing", ": phone numbers kept")  # fmt: skip
        cases = [c for c in cases if not c.name.endswith(rest)]
    if layout != "googleforms":
        cases.append(
            Case(
                K,
                f"{layout}: duplicate respondent id",
                export(layout, _duplicate_ids),
                file,
                (w(layout, 4),),
                WARN,
            )
        )  # noqa: E501
    if layout == "qualtrics":
        cases.append(
            Case(
                K,
                "qualtrics: preview responses",
                export(layout, _preview),
                file,
                ("preview",),
                WARN,
            )
        )  # noqa: E501
    return cases


CONTROLS = [Case(K, f"control {lay}", export(lay), FILES[lay], (), ACCEPT) for lay in FILES]

_CODES = {k: f"Q2_{i + 1}" for i, k in enumerate(list(PUBLISHED)[:6])} | {
    k: f"Q3_{i + 1}" for i, k in enumerate(list(PUBLISHED)[6:])
}
_MAPPING = "[culture.columns]\n" + "\n".join(f'"{c}" = "{k}"' for k, c in _CODES.items())


def _labels(text: str):
    return e.write_bytes("inputs/surveys/labels.toml", text.encode("utf-8"))


def _second_file(root: Path) -> None:
    (root / WAVE / "survey (1).csv").write_bytes((root / PLAIN).read_bytes())


def _empty_wave(root: Path) -> None:
    (root / "inputs/surveys/2026-11").mkdir()


def _loose_file(root: Path) -> None:
    (root / "inputs/surveys/export.csv").write_bytes((root / PLAIN).read_bytes())


def _renamed_wave(root: Path) -> None:
    (root / WAVE).rename(root / "inputs/surveys/May survey")


BAD_INSTRUMENT = """id = "trust"
name = "Trust"
kind = "likert"
scale_min = 1
scale_max = "five"
labels = "agree5"

[dimensions.trust]
name = "Trust"

[[items]]
id = "TR1"
text = "I trust my manager."
dimension = "trust"
reverse = "yes"
"""

CASES = [
    *(case for layout in FILES for case in _layout_cases(layout)),
    Case(
        K,
        "published wording, no mapping",
        export("qualtrics", wording=PUBLISHED, codes=_CODES),
        "survey.csv",
        ("Q2_1|WES1|westrum",),
    ),  # noqa: E501
    Case(
        K,
        "published wording, mapped",
        e.both(export("qualtrics", wording=PUBLISHED, codes=_CODES), e.toml_append(_MAPPING)),
        "survey.csv",
        (),
        ACCEPT,
    ),  # noqa: E501
    Case(
        K,
        "mapping to a missing column",
        e.toml_append('[culture.columns]\n"Q9_9" = "WES1"'),
        "engagement.toml|survey.csv",
        ("Q9_9",),
    ),  # noqa: E501
    Case(
        K,
        "two columns mapped to one item",
        e.toml_append('[culture.columns]\n"WES1" = "WES2"'),
        "engagement.toml|survey.csv",
        ("WES2",),
    ),  # noqa: E501
    Case(
        K,
        "mapping to an unknown item",
        e.toml_append('[culture.columns]\n"WES1" = "WES9"'),
        "engagement.toml|survey.csv",
        ("WES9",),
    ),  # noqa: E501
    Case(K, "OCAI row not adding to 100", export("qualtrics", _ocai_off), "survey.csv", ("row 6",)),  # noqa: E501
    Case(K, "PDF named .csv", e.write_bytes(PLAIN, e.PDF_BYTES), "survey.csv", ("PDF",)),
    Case(
        K,
        "semicolons and BOM",
        e.reencode(PLAIN, "utf-8", delimiter=";", bom=True),
        "survey.csv",
        (),
        ACCEPT,
    ),  # noqa: E501
    Case(
        K,
        "UTF-16 (Excel Unicode text)",
        e.reencode(PLAIN, "utf-16", delimiter="\t"),
        "survey.csv",
        (),
        EITHER,
    ),  # noqa: E501
    Case(
        K,
        "1 MB comment",
        e.set_cell(PLAIN, 9, "comments", "z" * 1048576),
        "survey.csv",
        ("row 9", "comments"),
        EITHER,
    ),  # noqa: E501
    Case(K, "two files in one wave", _second_file, "2026-05"),
    Case(K, "empty wave folder", _empty_wave, "2026-11", (), WARN),
    Case(K, "export outside a wave folder", _loose_file, "export.csv", (), WARN),
    Case(K, "wave folder not a date", _renamed_wave, "May survey", (), EITHER),
    Case(
        K,
        "labels.toml broken",
        _labels("[agree5]\n\"tout à fait d'accord = 5\n"),
        "labels.toml",
        ("line",),
    ),  # noqa: E501
    Case(
        K,
        "labels.toml wrong type",
        _labels('[agree5]\n"plutôt d\'accord" = "four"\n'),
        "labels.toml",
        ("plutôt|agree5",),
    ),  # noqa: E501
    Case(
        K,
        "own instrument, wrong types",
        e.both(
            e.write_bytes("inputs/instruments/trust.toml", BAD_INSTRUMENT.encode()),
            e.toml_replace('"enps"]', '"enps", "trust"]'),
        ),
        "trust.toml",
        ("scale_max|reverse",),
    ),  # noqa: E501
    Case(
        K,
        "unknown demographic",
        e.toml_replace('"tenure"]', '"tenure", "department"]'),
        "engagement.toml|survey.csv",
        ("department",),
    ),  # noqa: E501
    Case(
        K,
        "unknown comment column",
        e.toml_replace('["comments"]', '["remarks"]'),
        "engagement.toml|survey.csv",
        ("remarks",),
        WARN,
    ),  # noqa: E501
]
