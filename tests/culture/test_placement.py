"""Tests for workbench.culture.placement: placement on the practice's scales and toxic hotspots."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.culture.placement import (
    COLUMNS,
    HIGH_FROM,
    HOTSPOT_COLUMNS,
    LOW_BELOW,
    TOXIC,
    band,
    placement,
    toxic_hotspots,
)


def overall(scores: dict[str, float], westrum_mean: float | None = None) -> pd.DataFrame:
    rows = [
        {"segment": "All", "dimension": d, "mean": 1 + s / 25, "score_0_100": s}
        for d, s in scores.items()
    ]
    if westrum_mean is not None:
        score = (westrum_mean - 1) / 6 * 100
        rows.append({"segment": "All", "dimension": "westrum", "mean": westrum_mean,
                     "score_0_100": score})  # fmt: skip
    return pd.DataFrame(rows)


FULL = {
    "communality": 30.0, "collaboration": 55.0, "psych_safety": 70.0, "safety": 80.0,
    "criticism": 45.0, "defensiveness": 60.0, "contempt": 80.0, "obstruction": 50.0,
    "communication": 66.0,
}  # fmt: skip


def by_label(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["scale"], frame["label"], strict=True))


def test_every_scale_in_a_fixed_order_with_the_contract_columns():
    out = placement(overall(FULL, westrum_mean=4.0), pd.DataFrame())
    assert list(out.columns) == COLUMNS
    assert out["scale"].tolist() == [
        "exchange_communal", "cooperation_collaboration", "psychological_safety", "westrum",
        "toxic_criticism", "toxic_defensiveness", "toxic_contempt", "toxic_obstruction",
    ]  # fmt: skip


def test_labels_follow_the_documented_bands():
    out = by_label(placement(overall(FULL, westrum_mean=4.0), pd.DataFrame()))
    assert out["exchange_communal"] == "exchange (business associate)"
    assert out["cooperation_collaboration"] == "mixed (some shared goals)"
    assert out["psychological_safety"] == "high (safe to speak up)"
    assert out["westrum"] == "bureaucratic (rule-oriented)"
    assert out["toxic_criticism"] == "common"
    assert out["toxic_defensiveness"] == "occasional"
    assert out["toxic_contempt"] == "rare"
    assert out["toxic_obstruction"] == "occasional"  # 50 is on the boundary: upper band


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (39.9, "exchange (business associate)"),
        (40.0, "mixed (business friend)"),
        (64.9, "mixed (business friend)"),
        (65.0, "communal (personal friend)"),
    ],
)
def test_communality_boundaries(score, label):
    out = placement(overall({"communality": score}), pd.DataFrame())
    assert out["label"].tolist() == [label]
    assert out["position_0_100"].tolist() == [score]


@pytest.mark.parametrize(
    ("mean", "label"),
    [(2.9, "pathological"), (3.0, "bureaucratic"), (4.99, "bureaucratic"), (5.0, "generative")],
)
def test_westrum_uses_the_mean_on_one_to_seven(mean, label):
    out = placement(overall({}, westrum_mean=mean), pd.DataFrame())
    assert out["label"].iloc[0].startswith(label)
    assert out["position_0_100"].iloc[0] == round((mean - 1) / 6 * 100, 1)
    assert f"{mean:.1f}" in out["explanation"].iloc[0]


def test_psychological_safety_combines_both_safety_dimensions():
    out = placement(overall({"psych_safety": 70.0, "safety": 80.0}), pd.DataFrame())
    row = out.iloc[0]
    assert row["position_0_100"] == 75.0 and row["dimension"] == "psych_safety+safety"
    only = placement(overall({"safety": 30.0}), pd.DataFrame()).iloc[0]
    assert only["dimension"] == "safety" and only["label"].startswith("low")


def test_missing_or_suppressed_dimensions_just_leave_their_row_out():
    assert placement(overall({"communication": 50.0}), pd.DataFrame()).empty
    rows = overall({"communality": 50.0, "collaboration": 70.0}).assign(suppressed=[True, False])
    assert placement(rows, pd.DataFrame())["scale"].tolist() == ["cooperation_collaboration"]
    empty = placement(overall({}), pd.DataFrame())
    assert list(empty.columns) == COLUMNS


def test_explanations_are_plain_sentences_with_the_number():
    out = placement(overall(FULL, westrum_mean=4.0), pd.DataFrame())
    for _, row in out.iterrows():
        text = row["explanation"]
        assert 60 < len(text) < 400 and text.endswith(".")
        assert 2 <= text.count(". ") + 1 <= 3
        if row["scale"] != "westrum":
            assert f"{row['position_0_100']:.0f} out of 100" in text
    assert "business associates" in out.loc[0, "explanation"]
    assert "stonewalling" in out.set_index("scale").loc["toxic_obstruction", "explanation"]


def test_only_segment_all_rows_are_used_and_duplicates_are_refused():
    rows = pd.concat([
        overall({"communality": 70.0}),
        overall({"communality": 20.0}).assign(segment="Ops"),
    ])  # fmt: skip
    assert placement(rows, pd.DataFrame())["label"].tolist() == ["communal (personal friend)"]
    twice = pd.concat([overall({"communality": 70.0}), overall({"communality": 60.0})])
    with pytest.raises(ValueError, match="more than once"):
        placement(twice, pd.DataFrame())


def test_watch_names_a_shown_group_well_below_the_organization():
    groups = pd.DataFrame({
        "demographic": "team", "segment": ["Ops", "IT", "Tiny"], "dimension": "criticism",
        "score_0_100": [30.0, 70.0, None], "suppressed": [False, False, True],
    })  # fmt: skip
    out = placement(overall({"criticism": 55.0, "contempt": 60.0}), groups).set_index("scale")
    assert out.loc["toxic_criticism", "watch"] == "Lowest group shown: team Ops at 30."
    assert out.loc["toxic_contempt", "watch"] == ""


def test_placement_names_a_missing_column():
    with pytest.raises(ValueError, match="score_0_100"):
        placement(overall({"communality": 50.0}).drop(columns="score_0_100"), pd.DataFrame())


def test_band_helper():
    assert [band(v) for v in (0, LOW_BELOW - 0.1, LOW_BELOW, HIGH_FROM - 0.1, HIGH_FROM)] == [
        0, 0, 1, 1, 2,
    ]  # fmt: skip


# --------------------------------------------------------------------------- hotspots


def heat(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["segment", "dimension", "score_0_100", "pct_unfavourable", "suppressed"]
    )


def test_hotspots_low_score_or_many_unfavourable_worst_first():
    rows = heat([
        ("Ops", "criticism", 35.0, 55.0, False),
        ("Ops", "contempt", 62.0, 31.0, False),  # score fine, but 31 % unfavourable
        ("IT", "defensiveness", 48.0, 20.0, False),
        ("IT", "criticism", 75.0, 10.0, False),  # healthy
        ("HR", "criticism", 50.0, 29.9, False),  # on the threshold: not a hotspot
        ("All", "criticism", 20.0, 60.0, False),  # the whole organization is not a group
        ("Tiny", "criticism", float("nan"), float("nan"), True),
        ("Ops", "safety", 10.0, 80.0, False),  # not a toxic behaviour
    ])  # fmt: skip
    out = toxic_hotspots(rows)
    assert list(out.columns) == HOTSPOT_COLUMNS
    assert out[["segment", "behaviour"]].values.tolist() == [
        ["Ops", "criticism"], ["IT", "defensiveness"], ["Ops", "contempt"],
    ]  # fmt: skip


def test_hotspots_ties_are_stable_and_thresholds_adjustable():
    rows = heat([
        ("b", "contempt", 40.0, 30.0, False),
        ("a", "contempt", 40.0, 30.0, False),
        ("a", "criticism", 40.0, 45.0, False),
    ])  # fmt: skip
    out = toxic_hotspots(rows)
    assert out[["segment", "behaviour"]].values.tolist() == [
        ["a", "criticism"], ["a", "contempt"], ["b", "contempt"],
    ]  # fmt: skip
    assert toxic_hotspots(rows, threshold=30, unfavourable_from=50).empty


def test_hotspots_keep_wave_and_demographic_when_given():
    rows = heat([("Ops", "criticism", 35.0, 55.0, False)]).assign(
        wave="2026-05", demographic="team"
    )
    out = toxic_hotspots(rows)
    assert list(out.columns) == ["wave", "demographic", *HOTSPOT_COLUMNS]


def test_hotspots_never_show_a_suppressed_group_and_need_the_flag():
    rows = heat([(s, b, 10.0, 90.0, True) for s in ("x", "y") for b in TOXIC])
    assert toxic_hotspots(rows).empty
    with pytest.raises(ValueError, match="suppressed"):
        toxic_hotspots(rows.drop(columns="suppressed"))
