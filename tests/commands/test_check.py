"""Tests for workbench.commands.check: every problem at once, each workshop analysed once."""

import json
from pathlib import Path

import pytest
from input_files import set_cell

from workbench.commands import check, cli
from workbench.core.engagement import Engagement
from workbench.culture import workshop as culture_workshop
from workbench.design import workshop as design_workshop
from workbench.stakeholders import register
from workbench.stakeholders import workshop as stakeholder_workshop


@pytest.fixture
def counted(monkeypatch):
    """How often each workshop's analyse runs during the test (the real functions run)."""
    calls = {"stakeholders": 0, "culture": 0, "design": 0}
    for name, module in (
        ("stakeholders", stakeholder_workshop),
        ("culture", culture_workshop),
        ("design", design_workshop),
    ):
        real = module.analyse

        def counting(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "analyse", counting)
    return calls


def test_check_analyses_each_workshop_once_and_hands_the_results_on(counted):
    report = check.check("demo")
    assert counted == {"stakeholders": 1, "culture": 1, "design": 1}
    assert report.errors == 0
    assert report.source == "inputs/*.csv and 2 survey wave(s)"
    assert all(p.severity == "warning" for p in report.problems)


def test_a_broken_register_stops_before_the_analyses(demo_copy, counted):
    set_cell(demo_copy / "inputs" / "stakeholders.csv", 2, "influence", "eleven")
    report = check.check(demo_copy)
    assert report.errors >= 1
    bad = [p for p in report.problems if p.severity == "error"]
    assert any(p.column == "influence" and p.row == 2 for p in bad)
    assert counted["stakeholders"] == 0 and counted["design"] == 0


# ------------------------------------------------- around the analyses: settings, files


def set_logo(root, logo: str) -> Engagement:
    config = root / "engagement.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('# logo = "inputs/logo.svg"', f"logo = {json.dumps(logo)}")
    config.write_text(text, encoding="utf-8")
    return Engagement.load(root)


@pytest.mark.parametrize(
    ("logo", "says"),
    [
        ("inputs/missing.png", "no such file"),
        ("../outside.png", "points outside the engagement folder"),
        ("inputs/notes.txt", "is not an image type the portal can show"),
        ("inputs/huge.png", "is 600 KB; every page embeds it"),
        ("inputs/scan.png", "is a PDF document, although its name says .png"),
    ],
)
def test_a_logo_the_portal_would_refuse_is_a_check_error(blank_engagement, logo, says):
    (blank_engagement.parent / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (blank_engagement / "inputs" / "notes.txt").write_text("not a logo", encoding="utf-8")
    (blank_engagement / "inputs" / "huge.png").write_bytes(b"\x89PNG" + bytes(600 * 1024))
    (blank_engagement / "inputs" / "scan.png").write_bytes(b"%PDF-1.4\n")
    (problem,) = check.logo_problems(set_logo(blank_engagement, logo))
    assert (problem.file, problem.field, problem.severity) == (
        "engagement.toml",
        "branding.logo",
        "error",
    )
    assert says in problem.message
    assert "the client portal refuses to start with it" in problem.message
    assert str(blank_engagement) not in problem.message  # named relative to the engagement
    assert "Fix: " in str(problem) and "Fix: Fix:" not in str(problem)


def test_a_good_logo_and_no_logo_are_fine(blank_engagement):
    assert check.logo_problems(Engagement.load(blank_engagement)) == []
    (blank_engagement / "inputs" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert check.logo_problems(set_logo(blank_engagement, "inputs/logo.svg")) == []


def test_links_that_lead_nowhere_or_outside_are_reported(blank_engagement, tmp_path):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "salaries.csv").write_text("name,salary\n", encoding="utf-8")
    (blank_engagement / "inputs" / "extra").symlink_to(secret)
    (blank_engagement / "workshop" / "adjustments.csv").symlink_to(tmp_path / "gone.csv")
    found = check.link_problems(Engagement.load(blank_engagement))
    files = sorted(p.file for p in found)
    assert files == ["inputs/extra", "workshop/adjustments.csv"]
    assert all("Fix:" in str(p) and p.severity == "error" for p in found)


def test_a_snapshot_folder_not_named_by_a_real_date_is_reported(blank_engagement):
    (blank_engagement / "workshop" / "snapshots" / "2026-13-45").mkdir()
    (problem,) = check.snapshot_folder_problems(Engagement.load(blank_engagement))
    assert problem.file == "workshop/snapshots/2026-13-45"
    assert "'2026-13-45' is not a real date" in problem.message
    assert "not even as the latest one" in problem.message
    assert "Fix: Rename it to the date of the workshop" in str(problem)


def test_check_reports_settings_logo_links_and_snapshot_folders(blank_engagement, capsys):
    config = blank_engagement / "engagement.toml"
    text = config.read_text(encoding="utf-8").replace("min_group_size = 5", "min_group_size = 3")
    config.write_text(text, encoding="utf-8")
    set_logo(blank_engagement, "inputs/missing.svg")
    (blank_engagement / "workshop" / "snapshots" / "2026-13-45").mkdir()
    assert cli.main(["check", str(blank_engagement)]) == 1
    out = capsys.readouterr().out
    assert "engagement.toml, field 'privacy.min_group_size': min_group_size = 3" in out
    assert "engagement.toml, field 'branding.logo': [branding] logo = 'inputs/missing.svg'" in out
    assert "workshop/snapshots/2026-13-45: '2026-13-45' is not a real date" in out
    # The errors are in engagement.toml, not in the register the summary used to name.
    assert out.strip().splitlines()[-1].startswith("FAILED: 1 error(s) in engagement.toml, ")


def test_the_summary_names_the_files_the_errors_are_in(demo_copy, capsys):
    model = demo_copy / "workshop" / "models" / "customers.toml"
    model.write_text(model.read_text(encoding="utf-8") + "\n[broken\n", encoding="utf-8")
    assert cli.main(["check", str(demo_copy)]) == 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("FAILED: 1 error(s) in workshop/models/customers.toml, ")
    assert "(checked inputs/*.csv and 2 survey wave(s))" in last
    assert "inputs/register.xlsx" not in last


def test_check_reads_each_register_table_and_snapshot_once(demo_copy, monkeypatch):
    reads: list[str] = []
    real = register.read_table_noted

    def counting(path, *args, **kwargs):
        reads.append(Path(path).relative_to(demo_copy).as_posix())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(register, "read_table_noted", counting)
    check.check(demo_copy)
    assert sorted(reads) == sorted(set(reads))  # every file read once
    assert "inputs/stakeholders.csv" in reads
    assert "workshop/snapshots/2026-06-18/stakeholders.csv" in reads


def test_check_analyses_each_workshop_once(analyse_calls):
    assert check.check("demo").errors == 0
    assert {name: len(calls) for name, calls in analyse_calls.items()} == dict.fromkeys(
        analyse_calls, 1
    )
