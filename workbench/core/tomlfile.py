"""Reading the TOML files people edit by hand: settings, models, instruments.

One reader, so every hand-edited TOML file forgives the same things (a byte-order mark that
Windows editors add) and fails the same way: the file, the line and column, and a fix that
fits the mistake.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "settings.toml"
>>> _ = path.write_bytes(b'\\xef\\xbb\\xbfclient = "Acme"\\n')
>>> read_toml(path)
{'client': 'Acme'}
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from workbench.core.errors import EngagementError, WorkbenchError

MAX_TOML_BYTES = 1_000_000  # hand-written settings are a few KB; more is a wrong file
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(
    path: Path, error: type[WorkbenchError] = EngagementError, label: str | None = None
) -> dict[str, Any]:
    """The table in ``path``; ``error`` (with ``label`` naming the file) when it cannot be read."""
    where = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_TOML_BYTES:
            raise error(
                f"{where}: {size:,} bytes is too large for a settings file "
                f"(limit {MAX_TOML_BYTES:,}). Fix: check that this is the right file."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise error(
            f"{where}: cannot be read ({exc.strerror or exc}). "
            "Fix: check that the file exists and that you may read it."
        ) from None
    return parse_toml(raw, where, error)


def parse_toml(
    raw: bytes, where: str, error: type[WorkbenchError] = EngagementError
) -> dict[str, Any]:
    """Parse TOML bytes, accepting a UTF-8 byte-order mark; ``error`` names ``where``."""
    if b"\x00" in raw[:4096]:
        raise error(
            f"{where}: is not a text file (it holds binary data). "
            "Fix: save it as plain text (UTF-8) from a text editor."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{where}: is not UTF-8 text (byte {exc.start + 1} cannot be read). "
            "Fix: save it again with the encoding UTF-8."
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}: not valid TOML: {_explain(exc, text)}") from None


def _explain(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """The parser's complaint with the offending line quoted and a fix for that kind of slip."""
    reason = str(exc)
    found = _AT.search(reason)
    line_text = ""
    if found:
        number = int(found.group(1))
        lines = text.splitlines()
        if 0 < number <= len(lines):
            line_text = f" The line reads: {lines[number - 1].strip()[:120]!r}."
    lowered = reason.lower()
    if "twice" in lowered or "cannot overwrite" in lowered or "duplicate" in lowered:
        fix = "each key and each [section] may appear only once; remove or merge the repeat."
    elif any(w in lowered for w in ("unterminated", "unclosed", "expected", "illegal character")):
        fix = "close the quote, bracket or brace that the line opens."
    elif "invalid value" in lowered or "invalid statement" in lowered:
        fix = 'put text values in double quotes, e.g. client = "Acme Ltd".'

    else:
        fix = "correct the line named (text in double quotes, one key = value per line)."
    return f"{reason}.{line_text} Fix: {fix}"
