"""What each column of a survey export is: personal data, bookkeeping, the respondent id or a
question; and which responses are a platform's previews or tests rather than answers.

The one list of personal-data columns lives here (:data:`PERSONAL`): the import drops them
(:mod:`workbench.culture.surveys`) and so does the frozen copy of a run
(:mod:`workbench.culture.scrub`). Nothing here reads files.

Examples
--------
>>> classify("plain", "Email", "Email", "")
('personal', 'email address')
>>> not_an_answer("Survey Preview", "qualtrics"), not_an_answer("IP Address", "qualtrics")
('a survey preview', '')
"""

from __future__ import annotations

import re

from workbench.culture.survey_layouts import normalise

# Column names (lower case, letters and digits only) that hold personal data -> reason.
PERSONAL = {
    **dict.fromkeys(
        ["email", "emailaddress", "recipientemail", "respondentemail"], "email address"
    ),
    **dict.fromkeys(
        [
            "name",
            "fullname",
            "firstname",
            "lastname",
            "surname",
            "givenname",
            "familyname",
            "recipientfirstname",
            "recipientlastname",
            "respondentname",
        ],
        "name",
    ),  # fmt: skip
    **dict.fromkeys(["ipaddress", "ip"], "IP address"),
    **dict.fromkeys(
        ["locationlatitude", "locationlongitude", "locationaccuracy", "latitude", "longitude"],
        "location",
    ),
    **dict.fromkeys(
        ["phone", "phonenumber", "telephone", "mobile", "mobilenumber", "mobilephone"],
        "phone number",
    ),
    **dict.fromkeys(
        ["externalreference", "externaldatareference", "externalref"], "external reference"
    ),
}
# Platform bookkeeping: when and how the answers were collected, not what they say.
METADATA = {
    "startdate", "enddate", "status", "progress", "duration", "durationinseconds", "finished",
    "recordeddate", "distributionchannel", "userlanguage", "responseset", "responsetype",
    "collectorid", "timestamp", "starttime", "completiontime", "lastmodifiedtime",
    "totalpoints", "quizfeedback",
}  # fmt: skip
_METADATA_PATTERN = re.compile(r"customdata\d*")
_QUALTRICS_SYSTEM = re.compile(r"Q_[A-Z][A-Za-z]+")  # Q_RecaptchaScore, Q_TotalDuration...
RESPONDENT = {
    "qualtrics": {"responseid"},
    "qualtrics_legacy": {"responseid"},
    "surveymonkey": {"respondentid"},
    "msforms": {"id"},
    "googleforms": set(),
    "plain": {"respondent", "respondentid", "responseid", "id"},
}
SM_PLAIN_ANSWER = {"response", "openendedresponse"}

# Columns that say how a response was collected: Qualtrics' Status ("Response Type" in
# row 2) and DistributionChannel. Previews and tests are the survey's authors trying it out.
STATUS_COLUMNS = {"status", "responsetype", "distributionchannel"}
# Qualtrics' numeric Status codes (exports with "use numeric values"): 1 preview, 2 test,
# 16 offline preview.
_STATUS_CODES = {"1": "a survey preview", "2": "a test response", "16": "a survey preview"}


def known_system_name(text: str) -> bool:
    """True for the names a legacy Qualtrics export gives its V1, V2... columns in row 2."""
    norm = normalise(text)
    return norm in PERSONAL or norm in METADATA or norm == "responseid"


def classify(fmt: str, name: str, column_id: str, label: str) -> tuple[str, str]:
    """("respondent" | "personal" | "metadata" | "question", reason) for one column.

    ``label`` is the SurveyMonkey row-2 cell ("" for the other formats).
    """
    # SurveyMonkey answer columns are named by question text: judge only its own columns.
    if fmt == "surveymonkey" and normalise(label) not in SM_PLAIN_ANSWER | {""}:
        return "question", ""
    norms = {normalise(name), normalise(column_id)}
    if norms & RESPONDENT[fmt]:
        return "respondent", ""
    for n in norms:
        if n in PERSONAL:
            return "personal", PERSONAL[n]
    if norms & METADATA or any(_METADATA_PATTERN.fullmatch(n) for n in norms):
        return "metadata", ""
    if fmt.startswith("qualtrics") and _QUALTRICS_SYSTEM.fullmatch(column_id):
        return "metadata", ""
    return "question", ""


def not_an_answer(value: str, fmt: str) -> str:
    """Why a Status or DistributionChannel cell marks a preview or test ("" for an answer).

    Examples
    --------
    >>> not_an_answer("preview", "qualtrics"), not_an_answer("Survey Test", "plain")
    ('a survey preview', 'a test response')
    >>> not_an_answer("1", "plain"), not_an_answer("anonymous", "qualtrics")
    ('', '')
    """
    words = set(re.sub(r"[^0-9a-z]+", " ", value.lower()).split())
    if "preview" in words:
        return "a survey preview"
    if "test" in words:
        return "a test response"
    if fmt.startswith("qualtrics"):
        return _STATUS_CODES.get(value.strip(), "")
    return ""


def excluded_rows_text(excluded: dict[int, str], limit: int = 20) -> str:
    """ "rows 4 and 9" / "rows 4, 5, ... and 12 more", for a warning.

    Examples
    --------
    >>> excluded_rows_text({4: "a survey preview"}), excluded_rows_text({4: "", 5: "", 9: ""})
    ('row 4', 'rows 4, 5 and 9')
    """
    rows = sorted(excluded)
    shown = [str(r) for r in rows[:limit]]
    if len(rows) > limit:
        return f"rows {', '.join(shown)} and {len(rows) - limit} more"
    if len(shown) == 1:
        return f"row {shown[0]}"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"
