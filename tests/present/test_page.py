"""Tests for workbench.present.page: notes, the branded header, read-only reasons, snapshots."""

from __future__ import annotations

import json

import pytest

from workbench.core.engagement import Engagement
from workbench.core.errors import Problem
from workbench.present.page import (
    STYLE,
    SnapshotBox,
    branded_header,
    consultant_notes,
    note,
    read_only_reason,
)
from workbench.present.serving import CONSULTANT, ServingContext

HOSTILE = "<img src=x onerror=alert(1)>"
CLIENT_APP = ServingContext(client_app=True)


@pytest.fixture
def hostile(demo_copy) -> Engagement:
    """A writable demo copy with a client name that carries HTML and its own colours."""
    config = demo_copy / "engagement.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('client = "Northwind Copy"', f"client = {json.dumps(HOSTILE)}")
    text = text.replace('primary_color = "#1f4e79"', 'primary_color = "#123456"')
    text = text.replace('accent_color = "#f2a900"', 'accent_color = "#abcdef"')
    config.write_text(text, encoding="utf-8")
    eng = Engagement.load(demo_copy)
    assert eng.client == HOSTILE  # the edit took
    return eng


def _problem(message: str, severity: str) -> Problem:
    return Problem(file="inputs/stakeholders.csv", message=message, fix="fix it.", row=3,
                   severity=severity)  # fmt: skip


def test_note_escapes_its_text():
    assert note('a <b>"bold"</b> & more') == (
        '<p class="wb-note">a &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more</p>'
    )


def test_header_escapes_the_client_and_uses_the_engagement_colours(hostile):
    html = branded_header(hostile, "culture <analysis>", "<b>3</b> waves", [])
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "culture &lt;analysis&gt;" in html
    assert "border-left:6px solid #abcdef" in html and "background:#123456" in html
    assert "#1f4e79" not in html.split("<style>")[0]
    # facts_html is trusted (already escaped by the caller) and passed through as it is
    assert '<p class="wb-note"><b>3</b> waves</p>' in html
    assert html.endswith(STYLE) and "<details>" not in html


def test_header_lists_warnings_only_escaped():
    eng = Engagement.load("demo")
    problems = [
        _problem("Name <script>x</script> is long.", "warning"),
        _problem("Rating is not a number.", "error"),
        _problem("Owner & cadence differ.", "warning"),
    ]
    html = branded_header(eng, "stakeholder map", "facts", problems)
    assert "2 data warnings: some of the data could not be used" in html
    # the details (file, row, fix) are the consultant's: they never reach the client's header
    assert "script" not in html and "Owner" not in html and "stakeholders.csv" not in html
    notes = consultant_notes([], problems)
    assert "<script>" not in notes and "&lt;script&gt;x&lt;/script&gt;" in notes
    assert "Owner &amp; cadence differ." in notes and "inputs/stakeholders.csv, row 3" in notes
    assert notes.count("<li>") == 3


def test_header_with_only_errors_shows_no_warning_box():
    html = branded_header(Engagement.load("demo"), "x", "f", [_problem("bad", "error")])
    assert "data warning" not in html
    assert "Northwind Digital Services" in html


def test_read_only_reason_in_the_client_app_demo_and_a_writable_copy(demo_copy):
    demo, copy = Engagement.load("demo"), Engagement.load(demo_copy)
    assert read_only_reason(copy, "Ratings", CONSULTANT) is None
    client = note("Ratings are read-only in the client app.")
    assert read_only_reason(copy, "Ratings", CLIENT_APP) == client
    assert read_only_reason(demo, "Ratings", CLIENT_APP) == client  # client app wins
    reason = read_only_reason(demo, "Ratings", CONSULTANT)
    assert "built-in demo is read-only" in reason
    assert "<code>workbench new PATH --demo</code>" in reason
    assert read_only_reason(copy, "<Models>", CLIENT_APP) == note(
        "<Models> are read-only in the client app."
    )
    assert "&lt;Models&gt;" in read_only_reason(copy, "<Models>", CLIENT_APP)


class _Panel(SnapshotBox):
    def static_html(self) -> str:
        return "<p>static &amp; copy</p>"


def test_snapshot_box_mimebundle_carries_the_static_html():
    bundle = _Panel()._repr_mimebundle_()
    assert bundle["text/html"] == "<p>static &amp; copy</p>"
    assert bundle["text/plain"] == "_Panel"
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]


def test_snapshot_box_must_say_what_its_static_copy_is():
    with pytest.raises(NotImplementedError):
        SnapshotBox().static_html()
