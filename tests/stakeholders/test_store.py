import pandas as pd
import pytest

from workbench.core.engagement import Engagement
from workbench.core.errors import StoreError
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
