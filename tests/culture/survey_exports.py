"""Survey exports as the real tools write them, for a survey built with the PUBLISHED wording.

One set of answers (ten people, two teams) to the six Westrum statements as DORA publishes
them, Edmondson's seven team psychological safety items and the standard eNPS question,
written as a Qualtrics CSV (three header rows: codes, question text, ImportId JSON), a
SurveyMonkey CSV (two header rows), a Microsoft Forms workbook ("Question.Statement") and a
Google Forms CSV ("Question [Statement]"), and, for comparison, as a plain table whose
columns are the shipped item ids. Each writer returns the file and, for the coded exports,
the column -> item mapping a consultant would confirm.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import openpyxl

ORG = "Acme Ltd"
WESTRUM = {
    "WES1": "On my team, information is actively sought.",
    "WES2": "On my team, failures are learning opportunities, and messengers of them are not "
    "punished.",
    "WES3": "On my team, responsibilities are shared.",
    "WES4": "On my team, cross-functional collaboration is encouraged and rewarded.",
    "WES5": "On my team, failure causes inquiry.",
    "WES6": "On my team, new ideas are welcomed.",
}
SAFETY = {
    "PS1": "If you make a mistake on this team, it is often held against you.",
    "PS2": "Members of this team are able to bring up problems and tough issues.",
    "PS3": "People on this team sometimes reject others for being different.",
    "PS4": "It is safe to take a risk on this team.",
    "PS5": "It is difficult to ask other members of this team for help.",
    "PS6": "No one on this team would deliberately act in a way that undermines my efforts.",
    "PS7": "Working with members of this team, my unique skills and talents are valued and "
    "utilized.",
}
ENPS_QUESTION = f"How likely are you to recommend {ORG} as a place to work?"
TEAM_QUESTION = "Which team are you in?"
COMMENT_QUESTION = "Anything else you would like to tell us?"
AGREE_WESTRUM = "How far do you agree with each statement about your team?"
AGREE_SAFETY = "How far do you agree with each statement about the people you work with?"
AGREE7 = [
    "Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
    "Somewhat agree", "Agree", "Strongly agree",
]  # fmt: skip
ITEMS = [*WESTRUM, *SAFETY, "ENPS"]
PEOPLE = 10
EMAILS = [f"person{i}@example.com" for i in range(PEOPLE)]
IPS = [f"203.0.113.{10 + i}" for i in range(PEOPLE)]
NAMES = [("Lee", "Ann"), ("Okafor", "Chidi"), ("Brandt", "Zoe"), ("Nakamura", "Ken"),
         ("Silva", "Rita"), ("Haddad", "Omar"), ("Kowalski", "Ewa"), ("Mensah", "Kofi"),
         ("Dubois", "Lea"), ("Ivanova", "Mila")]  # fmt: skip
PERSONAL = [*EMAILS, *IPS, *(f"{first} {last}" for last, first in NAMES), "47.6101"]
ENGAGEMENT_TOML = """[engagement]
client = "Acme Ltd"

[culture]
instruments = ["westrum", "psych_safety", "enps"]
demographics = ["team"]
comment_columns = ["comments"]
outcome = "westrum"
"""


def answers(seed: int = 7) -> dict[str, list]:
    """Item id -> ten answers (Likert items as 1-7, eNPS 0-10), plus team and comments."""
    rng = np.random.default_rng(seed)
    out: dict[str, list] = {i: rng.integers(1, 8, PEOPLE).tolist() for i in [*WESTRUM, *SAFETY]}
    out["PS4"][3] = None  # one skipped answer
    out["ENPS"] = rng.integers(0, 11, PEOPLE).tolist()
    out["team"] = ["Operations"] * 5 + ["Sales"] * 5
    out["comments"] = ["More time to plan", "", "", "Good team", *[""] * (PEOPLE - 4)]
    return out


def _label(item: str, value) -> str:
    if value is None:
        return ""
    return str(value) if item == "ENPS" else AGREE7[value - 1]


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    return path


def shipped(path: Path, data: dict[str, list]) -> Path:
    """The same answers under the shipped item ids (what the workbench reads unaided)."""
    rows = [["respondent_id", "team", "comments", *ITEMS]]
    for p in range(PEOPLE):
        rows.append([f"P{p:02d}", data["team"][p], data["comments"][p],
                     *(_label(i, data[i][p]) for i in ITEMS)])  # fmt: skip
    return _write_csv(path, rows)


def _import(value: str, **extra: str) -> str:
    return json.dumps({"ImportId": value, **extra}, separators=(",", ":"))


QUALTRICS_CODES = {
    **{item: f"Q1_{n}" for n, item in enumerate(WESTRUM, start=1)},
    **{item: f"Q2_{n}" for n, item in enumerate(SAFETY, start=1)},
    "ENPS": "Q3",
    "team": "Q4",
}


def qualtrics(
    path: Path, data: dict[str, list], extra_rows: list[dict] = (), people: int = PEOPLE
) -> Path:
    """A Qualtrics CSV export: codes, question text, ImportIds; personal data included.

    The first ``people`` answers, then ``extra_rows`` (answers again, with the cells given
    changed, e.g. ``{"Status": "Survey Preview"}``).
    """
    system = [
        ("StartDate", "Start Date", _import("startDate", timeZone="Europe/Berlin")),
        ("EndDate", "End Date", _import("endDate", timeZone="Europe/Berlin")),
        ("Status", "Response Type", _import("status")),
        ("IPAddress", "IP Address", _import("ipAddress")),
        ("Progress", "Progress", _import("progress")),
        ("Duration (in seconds)", "Duration (in seconds)", _import("duration")),
        ("Finished", "Finished", _import("finished")),
        ("RecordedDate", "Recorded Date", _import("recordedDate", timeZone="Europe/Berlin")),
        ("ResponseId", "Response ID", _import("_recordId")),
        ("RecipientLastName", "Recipient Last Name", _import("recipientLastName")),
        ("RecipientFirstName", "Recipient First Name", _import("recipientFirstName")),
        ("RecipientEmail", "Recipient Email", _import("recipientEmail")),
        ("ExternalReference", "External Data Reference", _import("externalDataReference")),
        ("LocationLatitude", "Location Latitude", _import("locationLatitude")),
        ("LocationLongitude", "Location Longitude", _import("locationLongitude")),
        ("DistributionChannel", "Distribution Channel", _import("distributionChannel")),
        ("UserLanguage", "User Language", _import("userLanguage")),
    ]
    questions = [
        *((f"Q1_{n}", f"{AGREE_WESTRUM} - {text}", _import(f"QID1_{n}"))
          for n, text in enumerate(WESTRUM.values(), start=1)),
        *((f"Q2_{n}", f"{AGREE_SAFETY} - {text}", _import(f"QID2_{n}"))
          for n, text in enumerate(SAFETY.values(), start=1)),
        ("Q3", ENPS_QUESTION, _import("QID3")),
        ("Q4", TEAM_QUESTION, _import("QID4")),
        ("Q5", COMMENT_QUESTION, _import("QID5_TEXT")),
    ]  # fmt: skip
    header = [*system, *questions]
    rows = [[h[0] for h in header], [h[1] for h in header], [h[2] for h in header]]
    items = [*WESTRUM, *SAFETY, "ENPS"]

    def row(p: int, **override: str) -> list[str]:
        last, first = NAMES[p % PEOPLE]
        cells = {
            "StartDate": "2026-05-04 09:01:12", "EndDate": "2026-05-04 09:07:40",
            "Status": "IP Address", "IPAddress": IPS[p % PEOPLE], "Progress": "100",
            "Duration (in seconds)": "388", "Finished": "True",
            "RecordedDate": "2026-05-04 09:07:41", "ResponseId": f"R_{p:02d}aBcDeFgHiJkLm",
            "RecipientLastName": last, "RecipientFirstName": first,
            "RecipientEmail": EMAILS[p % PEOPLE], "ExternalReference": f"EXT-{p:04d}",
            "LocationLatitude": "47.6101", "LocationLongitude": "-122.2015",
            "DistributionChannel": "email", "UserLanguage": "EN",
            **{QUALTRICS_CODES[i]: _label(i, data[i][p % PEOPLE]) for i in items},
            "Q4": data["team"][p % PEOPLE], "Q5": data["comments"][p % PEOPLE],
        }  # fmt: skip
        cells.update(override)
        return [cells[h[0]] for h in header]

    rows += [row(p) for p in range(people)]
    rows += [row(people + n, **extra) for n, extra in enumerate(extra_rows)]
    return _write_csv(path, rows)


def surveymonkey(path: Path, data: dict[str, list]) -> Path:
    """A SurveyMonkey CSV export: questions in row 1, statements or "Response" in row 2."""
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
           "Email Address", "First Name", "Last Name", "Custom Data 1"]  # fmt: skip
    second = [""] * len(top)
    for question, statements in ((AGREE_WESTRUM, WESTRUM), (AGREE_SAFETY, SAFETY)):
        top += [question] + [""] * (len(statements) - 1)
        second += list(statements.values())
    top += [ENPS_QUESTION, TEAM_QUESTION, COMMENT_QUESTION]
    second += ["Response", "Response", "Open-Ended Response"]
    rows = [top, second]
    for p in range(PEOPLE):
        last, first = NAMES[p]
        rows.append([
            str(114893021550 + p), "431220887", "05/04/2026 09:01:12 AM",
            "05/04/2026 09:07:40 AM", IPS[p], EMAILS[p], first, last, "",
            *(_label(i, data[i][p]) for i in [*WESTRUM, *SAFETY, "ENPS"]),
            data["team"][p], data["comments"][p],
        ])  # fmt: skip
    return _write_csv(path, rows)


def msforms(path: Path, data: dict[str, list]) -> Path:
    """A Microsoft Forms workbook: "Question.Statement" headers, real dates and numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
        *(f"{AGREE_WESTRUM}.{t}" for t in WESTRUM.values()),
        *(f"{AGREE_SAFETY}.{t}" for t in SAFETY.values()),
        ENPS_QUESTION, TEAM_QUESTION, COMMENT_QUESTION,
    ])  # fmt: skip
    start = dt.datetime(2026, 5, 4, 9, 1, 12)
    for p in range(PEOPLE):
        last, first = NAMES[p]
        sheet.append([
            p + 1, start, start + dt.timedelta(minutes=6), EMAILS[p], f"{first} {last}", None,
            *(_label(i, data[i][p]) or None for i in [*WESTRUM, *SAFETY]),
            data["ENPS"][p], data["team"][p], data["comments"][p] or None,
        ])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def googleforms(path: Path, data: dict[str, list]) -> Path:
    """A Google Forms CSV: "Question [Statement]" for grid rows, the e-mail collected."""
    header = [
        "Timestamp", "Email Address",
        *(f"{AGREE_WESTRUM} [{t}]" for t in WESTRUM.values()),
        *(f"{AGREE_SAFETY} [{t}]" for t in SAFETY.values()),
        ENPS_QUESTION, TEAM_QUESTION, COMMENT_QUESTION,
    ]  # fmt: skip
    rows = [header]
    for p in range(PEOPLE):
        rows.append([
            f"2026/05/04 9:{p:02d}:12 AM GMT+1", EMAILS[p],
            *(_label(i, data[i][p]) for i in [*WESTRUM, *SAFETY, "ENPS"]),
            data["team"][p], data["comments"][p],
        ])  # fmt: skip
    return _write_csv(path, rows)


WRITERS = {
    "qualtrics": ("survey.csv", qualtrics),
    "surveymonkey": ("survey.csv", surveymonkey),
    "msforms": ("survey.xlsx", msforms),
    "googleforms": ("survey.csv", googleforms),
}


def engagement(root: Path, exports: dict[str, str], data: dict[str, list] | None = None) -> Path:
    """An engagement whose waves (name -> writer of :data:`WRITERS`, or "shipped") hold
    the answers ``data``."""
    data = data or answers()
    root.mkdir(parents=True, exist_ok=True)
    (root / "engagement.toml").write_text(ENGAGEMENT_TOML, encoding="utf-8")
    for wave, kind in exports.items():
        folder = root / "inputs" / "surveys" / wave
        if kind == "shipped":
            shipped(folder / "survey.csv", data)
        else:
            name, writer = WRITERS[kind]
            writer(folder / name, data)
    return root
