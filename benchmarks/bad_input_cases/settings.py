"""engagement.toml spoiled: syntax, encodings, unknown keys, wrong types, privacy off, the logo."""

from __future__ import annotations

from pathlib import Path

from bad_input_cases import ACCEPT, EITHER, REFUSE, WARN, Case
from bad_input_cases import edit as e

K = "settings"
T = e.TOML
LOGO = f"{T}|logo.svg|logo.png"


def _bom(root: Path) -> None:
    path = root / T
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _utf16(root: Path) -> None:
    path = root / T
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def _logo_outside(root: Path) -> None:
    (root.parent / f"{root.name}-private.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>', encoding="utf-8"
    )
    e.toml_set("branding", "logo", f'"../{root.name}-private.svg"')(root)


def _logo_huge(root: Path) -> None:
    body = "<!-- padding -->" * 40000  # about 640 KB, over the 512 KB the portal embeds
    (root / "inputs/logo.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">{body}</svg>',
        encoding="utf-8",
    )


def _logo_pdf(root: Path) -> None:
    (root / "inputs/logo.png").write_bytes(e.PDF_BYTES)
    e.toml_set("branding", "logo", '"inputs/logo.png"')(root)


def _toml_dir(root: Path) -> None:
    (root / T).unlink()
    (root / T).mkdir()


def _logo_symlink_out(root: Path) -> None:
    (root / "inputs/logo.svg").unlink()
    (root / "inputs/logo.svg").symlink_to("/etc/hostname")


CASES = [
    Case(
        K,
        "unclosed string",
        e.toml_replace('client = "Northwind Logistics"', 'client = "Northwind'),
        T,
        ("line 3|client",),
    ),  # noqa: E501
    Case(
        K,
        "duplicate key",
        e.toml_append('[engagement]\nclient = "Other"'),
        T,
        ("line|engagement|client",),
    ),  # noqa: E501
    Case(K, "BOM at the start", _bom, T, (), ACCEPT),
    Case(K, "saved as UTF-16", _utf16, T, (), EITHER),
    Case(K, "binary file", e.write_bytes(T, e.noise(600, seed=3)), T),
    Case(K, "empty file", e.write_bytes(T, b""), T, (), EITHER),
    Case(K, "file missing", e.delete(T), T),
    Case(K, "file is a folder", _toml_dir, T),
    Case(
        K,
        "misspelt key",
        e.toml_replace("influence_threshold", "influence_treshold"),
        T,
        ("influence_treshold",),
    ),  # noqa: E501
    Case(K, "unknown section", e.toml_replace("[branding]", "[brandng]"), T, ("brandng",)),
    Case(
        K,
        "threshold as a word",
        e.toml_set("stakeholder_map", "influence_threshold", '"high"'),
        T,
        ("influence_threshold",),
    ),  # noqa: E501
    Case(
        K,
        "threshold out of range",
        e.toml_set("stakeholder_map", "interest_threshold", "9"),
        T,
        ("interest_threshold",),
    ),  # noqa: E501
    Case(
        K,
        "min_group_size 1",
        e.toml_set("privacy", "min_group_size", "1"),
        T,
        ("min_group_size",),
        WARN,
    ),  # noqa: E501
    Case(
        K,
        "min_group_size 0",
        e.toml_set("privacy", "min_group_size", "0"),
        T,
        ("min_group_size",),
        WARN,
    ),  # noqa: E501
    Case(
        K,
        "min_group_size negative",
        e.toml_set("privacy", "min_group_size", "-5"),
        T,
        ("min_group_size",),
    ),  # noqa: E501
    Case(
        K,
        "min_group_size as text",
        e.toml_set("privacy", "min_group_size", '"five"'),
        T,
        ("min_group_size",),
    ),  # noqa: E501
    Case(
        K,
        "comment group of 2",
        e.toml_set("privacy", "min_comment_group_size", "2"),
        T,
        ("min_comment_group_size",),
        WARN,
    ),  # noqa: E501
    Case(K, "input format xls", e.toml_set("inputs", "format", '"xls"'), T, ("format",)),
    Case(K, "format xlsx, no workbook", e.toml_set("inputs", "format", '"xlsx"'), "register.xlsx"),
    Case(
        K,
        "instruments as a string",
        e.toml_set("culture", "instruments", '"westrum"'),
        T,
        ("instruments",),
    ),  # noqa: E501
    Case(K, "unknown instrument", e.toml_replace('"westrum",', '"westrun",'), T, ("westrun",)),
    Case(
        K,
        "unknown survey format",
        e.toml_set("culture", "survey_format", '"typeform"'),
        T,
        ("survey_format",),
    ),  # noqa: E501
    Case(K, "logo missing", e.delete("inputs/logo.svg"), LOGO, ("logo",), WARN),
    Case(K, "logo outside the folder", _logo_outside, LOGO, ("logo",), WARN),
    Case(
        K,
        "logo absolute path",
        e.toml_set("branding", "logo", '"/etc/hostname"'),
        LOGO,
        ("logo",),
        WARN,
    ),  # noqa: E501
    Case(K, "logo symlink outside", _logo_symlink_out, LOGO, ("logo",), WARN),
    Case(K, "logo over 512 KB", _logo_huge, LOGO, ("logo",), WARN),
    Case(K, "logo a PDF named .png", _logo_pdf, LOGO, ("logo",), WARN),
    Case(
        K,
        "relationship kinds as a string",
        e.toml_append('[vocabularies]\nrelationship_kinds = "advises"'),
        T,
        ("relationship_kinds",),
    ),  # noqa: E501
    Case(
        K,
        "stakeholder kind 'maybe'",
        e.toml_append('[vocabularies.stakeholder_kinds]\nfunder = "maybe"'),
        T,
        ("funder",),
    ),  # noqa: E501
    Case(
        K,
        "own tie kinds accepted",
        e.both(
            e.toml_append('[vocabularies]\nrelationship_kinds = ["advises", "is married to"]'),
            e.set_cell(e.REL, 6, "kind", "is married to"),
        ),
        T,
        (),
        ACCEPT,
    ),  # noqa: E501
]
assert all(c.expect in (ACCEPT, EITHER, REFUSE, WARN) for c in CASES)
