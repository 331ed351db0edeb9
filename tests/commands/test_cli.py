import functools
import os
import re
import shutil

import pytest

from workbench.commands import cli
from workbench.core import paths
from workbench.core.errors import EngagementError
from workbench.portal.serve import PortalSettings, app_dir, voila_config


def test_new_scaffolds_inputs_that_pass_check(blank_engagement, capsys):
    for name in (
        "engagement.toml",
        "inputs/register.xlsx",
        "inputs/stakeholders.csv",
        "inputs/relationships.csv",
        "inputs/ratings.csv",
    ):
        assert (blank_engagement / name).is_file(), name
    assert cli.main(["check", str(blank_engagement)]) == 0
    assert "OK: inputs/register.xlsx checked, 0 error(s)" in capsys.readouterr().out


def test_new_never_overwrites(blank_engagement, capsys):
    assert cli.main(["new", str(blank_engagement), "--client", "Again"]) == 2
    assert "never overwrites" in capsys.readouterr().err


def test_check_lists_every_problem_with_location_and_fix(demo_copy, capsys):
    file = demo_copy / "inputs" / "stakeholders.csv"
    lines = file.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("influence")] = "high"
    lines[3] = ",".join(row)
    lines.append(lines[1])  # duplicate id at the end
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["check", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"inputs/stakeholders.csv, row 4, column 'influence': .*'high'", out)
    assert re.search(r"column .id.: id .S001. is used on rows 2 and \d+", out)
    assert f"row {len(lines)}" in out
    assert "Fix:" in out and "FAILED" in out


def test_unknown_engagement_is_a_message_not_a_traceback(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No engagement folder") and "Traceback" not in err


def test_serve_defaults_to_the_demo_and_binds_locally():
    assert app_dir(None) == paths.DEMO_NOTEBOOKS
    config = voila_config(PortalSettings(port=9999))
    assert config["Voila"]["ip"] == "127.0.0.1" and config["Voila"]["port"] == 9999
    assert config["VoilaConfiguration"]["template"] == "workbench-portal"


def test_serve_without_a_run_says_what_to_do(blank_engagement, capsys):
    assert cli.main(["serve", str(blank_engagement)]) == 2
    assert "workbench run" in capsys.readouterr().err


def test_serve_unknown_run_lists_the_runs(demo_copy, capsys):
    (demo_copy / "outputs" / "2026-01-01T000000").mkdir()
    with pytest.raises(EngagementError, match="2026-01-01T000000"):
        app_dir(str(demo_copy), "nope")
    shutil.rmtree(demo_copy / "outputs" / "2026-01-01T000000")


def test_new_on_a_file_is_a_message(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert cli.main(["new", str(tmp_path / "afile"), "--client", "X"]) == 2
    assert "is a file" in capsys.readouterr().err


def test_check_reads_the_workshop_changes_too(demo_copy, capsys):
    changes = demo_copy / "workshop" / "adjustments.csv"
    changes.write_text("id,influence,interest,attitude\nS001,4,3,0\nS999,2,9,0\n")
    assert cli.main(["check", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert "workshop/adjustments.csv, row 3, column 'interest': '9' is not a whole number" in out
    assert "history" in out  # the fix says where the last good copy is

    changes.write_text("id,influence,interest,attitude\nS001,4,3,0\nS999,2,2,0\n")
    assert cli.main(["check", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    assert "row 3, column 'id': The workshop re-rated 'S999'" in out
    assert "1 stakeholder(s) use the ratings set in the workshop" in out


@pytest.mark.parametrize("content", ["", "\xff\xfe\x00bad"])
def test_unreadable_workshop_changes_are_explained(demo_copy, capsys, content):
    (demo_copy / "workshop" / "adjustments.csv").write_bytes(content.encode("latin-1"))
    assert cli.main(["check", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert "workshop/adjustments.csv: Cannot read the workshop's changes" in out
    assert "workshop/history/" in out


def test_check_reports_model_problems_and_findings(demo_copy, capsys):
    assert cli.main(["check", str(demo_copy)]) == 0  # findings are warnings
    out = capsys.readouterr().out
    assert re.search(
        r"workshop/models/suppliers.toml, field 'steps\[5\].responsible': Nobody is "
        r"responsible for the 'onboard' step\. Fix: name the role",
        out,
    )
    assert "workshop/models/partners.toml, field 'levels'" in out
    models = demo_copy / "workshop" / "models"
    (models / "media.toml").write_text(
        'group = "Community & Media"\nrelationship_type = "basic"\ncommunality = "lo"\n'
        "[principles]\ncontrol_trust = 7\n",
        encoding="utf-8",
    )
    assert cli.main(["check", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert "workshop/models/media.toml, field 'communality': communality is 'lo'" in out
    assert "field 'principles.control_trust'" in out and "FAILED" in out


def test_new_demo_says_what_to_do_next_not_to_fill_in_files(tmp_path, capsys):
    target = tmp_path / "copy"
    assert cli.main(["new", str(target), "--client", "X", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "fill in" not in out and ".csv" not in out
    for step in ("workbench check", "workbench run", "workbench serve"):
        assert f"{step} {target}" in out


def test_new_blank_says_which_file_to_fill_in(tmp_path, capsys):
    assert cli.main(["new", str(tmp_path / "b"), "--client", "X"]) == 0
    assert "Next: fill in inputs/register.xlsx" in capsys.readouterr().out


def test_new_under_a_file_is_a_message_and_leaves_nothing(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert cli.main(["new", str(tmp_path / "afile" / "acme"), "--client", "X"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot create the engagement in") and "Traceback" not in err
    assert str(tmp_path / "afile") in err and "Fix: choose a folder you can write to" in err
    assert (tmp_path / "afile").read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_new_in_an_unwritable_folder_is_a_message(tmp_path, capsys):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert cli.main(["new", str(parent / "acme"), "--client", "X"]) == 2
    finally:
        parent.chmod(0o755)
    err = capsys.readouterr().err
    assert "Permission denied" in err and str(parent) in err and "Fix:" in err
    assert list(parent.iterdir()) == []


def test_new_that_fails_midway_removes_what_it_wrote(tmp_path, monkeypatch, capsys):
    from workbench.commands import new as new_module

    def disk_full(*_args, **_kwargs):
        with open("/dev/full", "wb") as full:  # a real write that fails with ENOSPC
            full.write(b"x")
            full.flush()

    monkeypatch.setattr(new_module, "render_toml", disk_full)
    target = tmp_path / "deep" / "acme"
    assert cli.main(["new", str(target), "--client", "X", "--demo"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # "deep" was made by the call: it is gone again
    monkeypatch.undo()
    assert cli.main(["new", str(target), "--client", "X", "--demo"]) == 0  # a retry works


def test_an_unexpected_os_error_is_one_line_with_a_fix(tmp_path, monkeypatch, capsys):
    def unexpected(_args):
        (tmp_path / "missing" / "file.txt").read_text()

    monkeypatch.setattr(cli, "cmd_check", unexpected)
    assert cli.main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: No such file or directory: ") and "missing/file.txt" in err
    assert "Fix: check the path" in err


def test_ctrl_c_outside_a_run_exits_130_with_a_line(monkeypatch, capsys):
    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_check", interrupted)
    assert cli.main(["check", "anything"]) == 130
    err = capsys.readouterr().err
    assert err.startswith("Stopped (Ctrl-C)") and "Fix:" in err and "Traceback" not in err


def test_a_finished_run_says_how_many_runs_outputs_holds(demo_copy, monkeypatch, capsys):
    from workbench.commands import run as run_module

    monkeypatch.setattr(run_module, "run", functools.partial(run_module.run, templates=()))
    assert cli.main(["run", str(demo_copy), "--quiet"]) == 0
    assert cli.main(["run", str(demo_copy), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"{demo_copy / 'outputs'} now holds 2 runs, [\d.]+ (KB|MB)", out)
    assert "runs are never deleted" in out


def test_the_register_template_offers_the_engagements_own_kinds(blank_engagement, tmp_path):
    import openpyxl

    toml = blank_engagement / "engagement.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[vocabularies]\nrelationship_kinds = ["married to"]'
        '\n[vocabularies.stakeholder_kinds]\nfamily = "non-service"\n',
        encoding="utf-8",
    )
    target = tmp_path / "template"
    assert cli.main(["template", str(blank_engagement), str(target)]) == 0
    book = openpyxl.load_workbook(target / "register.xlsx")
    offered = " ".join(
        str(v.formula1) for sheet in book.worksheets for v in sheet.data_validations.dataValidation
    )
    if "lists!" in offered:  # long lists live on a hidden sheet
        offered += " ".join(str(c.value) for row in book["lists"].iter_rows() for c in row)
    assert "married to" in offered and "family" in offered
    assert cli.main(["template", str(blank_engagement), str(target)]) == 2  # never overwrites


def test_the_template_is_never_written_into_inputs(blank_engagement, capsys):
    code = cli.main(["template", str(blank_engagement), str(blank_engagement / "inputs" / "new")])
    assert code == 2
    assert "never writes. Fix:" in capsys.readouterr().err
