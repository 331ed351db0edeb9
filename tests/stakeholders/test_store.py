import pandas as pd
import pytest

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, StoreError
from workbench.stakeholders import store


def test_adjustments_round_trip_with_history(demo_copy):
    eng = Engagement.load(demo_copy)
    inputs_before = {p: p.read_bytes() for p in eng.inputs.rglob("*") if p.is_file()}
    assert store.load_adjustments(eng).empty
    store.save_adjustment(eng, "S001", influence=5, interest=2, attitude=-1)
    store.save_adjustment(eng, "S002", influence=1, interest=1, attitude=2)
    store.save_adjustment(eng, "S001", influence=4, interest=3, attitude=0)
    saved = store.load_adjustments(eng)
    assert saved["id"].tolist() == ["S001", "S002"]
    assert saved.loc[0, ["influence", "interest", "attitude"]].tolist() == [4, 3, 0]
    assert len(list((eng.workshop / "history").glob("adjustments-*.csv"))) == 3
    assert {p: p.read_bytes() for p in eng.inputs.rglob("*") if p.is_file()} == inputs_before


def test_the_history_keeps_the_latest_hundred_copies(demo_copy):
    eng = Engagement.load(demo_copy)
    history = eng.workshop / "history"
    history.mkdir(parents=True, exist_ok=True)
    for n in range(100):  # a long workshop's autosaves, oldest first
        (history / f"adjustments-2026-01-01T{n:06d}000000.csv").write_text("id\n")
    store.save_adjustment(eng, "S001", influence=5, interest=2, attitude=-1)
    kept = sorted(p.name for p in history.glob("adjustments-*.csv"))
    assert len(kept) == 100
    assert "adjustments-2026-01-01T000000000000.csv" not in kept  # the oldest went
    assert store.load_adjustments(eng)["id"].tolist() == ["S001"]  # the newest is current


def test_out_of_range_rating_is_refused(demo_copy):
    eng = Engagement.load(demo_copy)
    with pytest.raises(StoreError, match=r"influence = 7 is outside 1..5"):
        store.save_adjustment(eng, "S001", influence=7, interest=2, attitude=0)


def test_demo_is_read_only():
    with pytest.raises(StoreError, match="workbench new PATH --demo"):
        store.save_adjustment(Engagement.load("demo"), "S001", influence=1, interest=1, attitude=0)


def test_snapshot_is_dated_and_readable(demo_copy):
    eng = Engagement.load(demo_copy)
    frame = pd.DataFrame({"id": ["S1"], "internal": [True]})
    folder = store.save_snapshot(eng, frame, pd.DataFrame({"source": ["S1"]}), date="2027-01-05")
    assert folder.name == "2027-01-05"
    assert (folder / "stakeholders.csv").read_text().splitlines() == ["id,internal", "S1,true"]
    assert "2027-01-05" in eng.snapshot_dates()


# ------------------------------------------------------------- torn workshop/adjustments.csv


def write_adjustments(eng: Engagement, text: str) -> None:
    file = eng.root / paths.ADJUSTMENTS
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


@pytest.fixture
def eng(demo_copy) -> Engagement:
    return Engagement.load(demo_copy)


def test_a_half_written_last_line_names_the_file_the_row_and_the_fix(eng):
    # What a crash in the middle of a save by another tool leaves: the last line cut short.
    write_adjustments(eng, "id,influence,interest,attitude\nS001,4,3,0\nS002,5,2,1\nS003,4")
    with pytest.raises(InputError) as caught:
        store.load_adjustments(eng)
    [problem] = caught.value.problems
    assert (problem.file, problem.row) == (paths.ADJUSTMENTS, 4)
    assert "2 field(s), fewer than the 4" in problem.message and "last line" in problem.message
    assert "Fix: delete row 4" in str(problem) and "workshop/history/" in problem.fix


@pytest.mark.parametrize(
    ("line", "what"), [("S002,5,2,1,9", "more"), ("S002,5", "fewer"), ("S002", "fewer")]
)
def test_a_row_with_the_wrong_number_of_fields_is_one_problem(eng, line, what):
    write_adjustments(eng, f"id,influence,interest,attitude\n{line}\nS003,4,3,0\n")
    with pytest.raises(InputError) as caught:
        store.load_adjustments(eng)
    [problem] = caught.value.problems
    assert problem.row == 2 and f"{what} than the 4" in problem.message
    assert "last line" not in problem.message  # row 3 follows: not a cut-off save


def test_an_unclosed_quote_in_adjustments_names_the_row(eng):
    write_adjustments(eng, 'id,influence,interest,attitude\nS001,4,3,0\n"S002,5,2,1\n')
    with pytest.raises(InputError) as caught:
        store.load_adjustments(eng)
    assert caught.value.problems[0].row == 3 and "Fix:" in str(caught.value)


def test_saving_onto_a_torn_file_refuses_and_keeps_it(eng):
    write_adjustments(eng, "id,influence,interest,attitude\nS001,4,3,0\nS00")
    before = (eng.root / paths.ADJUSTMENTS).read_bytes()
    with pytest.raises(InputError, match="row 3"):
        store.save_adjustment(eng, "S002", influence=1, interest=1, attitude=0)
    assert (eng.root / paths.ADJUSTMENTS).read_bytes() == before


def test_blank_lines_and_a_final_newline_are_fine(eng):
    write_adjustments(eng, "id,influence,interest,attitude\n\nS001,4,,0\n\n")
    saved = store.load_adjustments(eng)
    assert saved["id"].tolist() == ["S001"] and saved["interest"].isna().all()


def test_two_rows_for_one_stakeholder_are_named_not_picked(demo_copy):
    eng = Engagement.load(demo_copy)
    (demo_copy / paths.ADJUSTMENTS).write_text(
        "id,influence,interest,attitude\nS001,5,2,0\nS002,1,1,1\nS001,1,4,-2\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        store.load_adjustments(eng)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == (paths.ADJUSTMENTS, 4, "id")
    assert "rows 2 and 4" in problem.message and "Fix: Delete the row" in str(problem)
