"""The file formats the workbench reads, named once for the settings and the readers.

Examples
--------
>>> "qualtrics" in SURVEY_FORMATS and AUTO not in SURVEY_FORMATS
True
"""

# How the register is supplied: one workbook, or one CSV file per table.
REGISTER_FORMATS = ("xlsx", "csv")

# Survey tools' exports, as detected or forced with [culture] survey_format.
SURVEY_FORMATS = (
    "qualtrics",
    "qualtrics_legacy",
    "surveymonkey",
    "msforms",
    "googleforms",
    "plain",
)
AUTO = "auto"  # the setting's value that detects the format from the file
