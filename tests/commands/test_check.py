"""Tests for workbench.commands.check: every problem at once, each workshop analysed once."""

import pytest
from input_files import set_cell

from workbench.commands import check
from workbench.culture import workshop as culture_workshop
from workbench.design import workshop as design_workshop
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
