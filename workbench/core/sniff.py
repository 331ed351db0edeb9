"""What a file really is, from its first bytes: so a PDF named .csv is called a PDF.

Examples
--------
>>> binary_kind(b"%PDF-1.7 ...")
'a PDF document'
>>> binary_kind(b"id,name\\nS001,Ada\\n") is None
True
"""

from __future__ import annotations

from pathlib import Path

# Leading bytes of the files people most often save under the wrong name.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Excel/Word workbook (.xlsx, .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (.xls, .doc)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"<?xml", "an XML file"),
    (b"<!DOCTYPE html", "a web page (HTML)"),
    (b"<html", "a web page (HTML)"),
)
HEAD_BYTES = 4096


def binary_kind(head: bytes) -> str | None:
    """The kind of file ``head`` (its first bytes) starts, or None when it may be text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for signature, kind in _SIGNATURES:
        if stripped[: len(signature)].lower() == signature.lower():
            return kind
    if b"\x00" in head and not _utf16(head):
        return "a binary file"
    return None


def file_kind(path: Path) -> str | None:
    """:func:`binary_kind` of the file at ``path`` (None when it cannot be opened)."""
    try:
        with open(path, "rb") as handle:
            return binary_kind(handle.read(HEAD_BYTES))
    except OSError:
        return None


def _utf16(head: bytes) -> bool:
    # Excel's "Unicode text" and some survey tools write UTF-16, which is full of NUL bytes.
    return head[:2] in (b"\xff\xfe", b"\xfe\xff")
