from __future__ import annotations

import filecmp
import re
import tomllib
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from workbench.core.errors import EngagementError, WorkbenchError
from workbench.demo import generate as demo_data
from workbench.demo import register as demo_register

from . import hostile

KINDS = {
    "internal team", "team member", "manager", "executive", "auditor", "shareholder",
    "investor", "sponsor", "customer", "user", "regulator", "competitor", "partner",
    "supplier", "community", "professional community", "media", "union",
    "industry organization",
}  # fmt: skip
LINK_KINDS = {
    "reports to", "works with", "supplies", "buys from", "regulates", "partners with",
    "influences", "informs",
}  # fmt: skip
CADENCES = {"weekly", "monthly", "quarterly", "annually", "ad hoc"}
FILES = [
    "engagement.toml",
    "inputs/logo.svg",
    "inputs/stakeholders.csv",
    "inputs/relationships.csv",
    "inputs/ratings.csv",
    "workshop/snapshots/2026-03-12/stakeholders.csv",
    "workshop/snapshots/2026-03-12/relationships.csv",
    "workshop/snapshots/2026-06-18/stakeholders.csv",
    "workshop/snapshots/2026-06-18/relationships.csv",
]
LAST = "snapshot_2026_06_18"
OLD = "snapshot_2026_03_12"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return demo_data.generate()


def _quadrant(df: pd.DataFrame) -> pd.Series:
    return (
        (df["influence"] >= 4).map({True: "high", False: "low"})
        + "/"
        + (df["interest"] >= 4).map({True: "high", False: "low"})
    )


def _salience(df: pd.DataFrame) -> pd.Series:
    return (
        df["power"].map({True: "P", False: "-"})
        + df["legitimacy"].map({True: "L", False: "-"})
        + df["urgency"].map({True: "U", False: "-"})
    )


def _links(df: pd.DataFrame) -> dict[tuple[str, str], int]:
    return dict(zip(zip(df["source"], df["target"], strict=True), df["sentiment"], strict=True))


def test_generate_returns_every_table_sorted(tables):
    assert list(tables) == list(demo_data.TABLE_NAMES)
    for name, df in tables.items():
        key = ["stakeholder", "rater"] if name == "ratings" else None
        if name.endswith("stakeholders"):
            key = ["id"]
        elif name.endswith("relationships"):
            key = ["source", "target"]
        assert df.equals(df.sort_values(key, ignore_index=True)), name


def test_register_content(tables):
    st = tables["stakeholders"]
    assert 60 <= len(st) <= 80
    assert st["id"].is_unique and st["id"].str.fullmatch(r"S\d{3}").all()
    assert st["name"].is_unique
    assert set(st["kind"]) <= KINDS and st["kind"].nunique() >= 12
    assert set(st["cadence"]) <= CADENCES
    assert st["internal"].equals(st["kind"].isin(demo_register.INTERNAL_KINDS))
    assert st["influence"].between(1, 5).all() and st["interest"].between(1, 5).all()
    assert st["attitude"].between(-2, 2).all()
    sizes = st["group"].value_counts()
    assert 8 <= len(sizes) <= 12 and (sizes >= 6).sum() >= 5
    assert _quadrant(st).nunique() == 4
    assert _salience(st).nunique() >= 6
    blockers = st[(st["attitude"] == -2) & (st["influence"] >= 4)]
    assert len(blockers) >= 2
    assert (st["owner"] == "").any() and st["owner"].nunique() >= 4


# Words that give away test data or placeholders; the demo is shown to clients.
NOT_FOR_CLIENTS = re.compile(r"[<>{}]|onerror|alert\(|lorem|ipsum|\btest|\bdummy|\bfoo\b|xxx", re.I)


def test_names_are_fit_to_show_a_client(tables):
    names = pd.concat([tables[n]["name"] for n in tables if n.endswith("stakeholders")])
    assert not names.str.contains(NOT_FOR_CLIENTS).any(), names[names.str.contains(NOT_FOR_CLIENTS)]
    cast = demo_register.load_cast().stakeholders["name"]
    assert not cast.str.contains(NOT_FOR_CLIENTS).any()
    st = tables["stakeholders"]
    assert st.loc[st["id"] == hostile.HOSTILE_ID, "name"].tolist() == [
        "Ashcombe Software Licensing Ltd"
    ]  # the supplier the hostile-name tests rename (tests/demo/hostile.py)


def test_the_hostile_copy_changes_one_name_and_nothing_else(tmp_path):
    copy = hostile.hostile_copy(tmp_path / "northwind")
    for table in hostile.STAKEHOLDER_TABLES:
        shipped = pd.read_csv(demo_data.DEMO_DIR / table, keep_default_na=False)
        renamed = pd.read_csv(copy / table, keep_default_na=False)
        changed = renamed.compare(shipped)
        assert renamed.loc[changed.index, "id"].tolist() == [hostile.HOSTILE_ID], table
        assert changed.columns.get_level_values(0).unique().tolist() == ["name"], table
        assert renamed.loc[changed.index[0], "name"] == hostile.HOSTILE_NAME
    register = pytest.importorskip("workbench.stakeholders.register")
    loaded, problems = register.load_tables(copy / "inputs", fmt="csv")
    assert problems == [] and hostile.HOSTILE_NAME in loaded["stakeholders"]["name"].tolist()


def test_the_logo_shows_the_whole_name(tmp_path):
    demo_data.write_demo(tmp_path)
    svg = ET.parse(tmp_path / "inputs" / "logo.svg").getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    x, y, width, height = (float(v) for v in svg.get("viewBox").split())
    assert (x, y) == (0, 0) and (float(svg.get("width")), float(svg.get("height"))) == (
        width,
        height,
    )
    text = svg.find("svg:text", ns)
    assert text.text == "NORTHWIND"
    # The text has a fixed length in any font, and it ends inside the view box.
    assert text.get("lengthAdjust") == "spacingAndGlyphs"
    assert float(text.get("x")) + float(text.get("textLength")) <= width - 2
    # The portal shows the logo 32 px high and at most 160 px wide (26 and 120 on a phone):
    # at that height the whole view box fits, so object-fit never shrinks or crops it.
    assert width / height * 32 <= 160 and width / height * 26 <= 120


@pytest.mark.parametrize("prefix", ["", f"{LAST}_", f"{OLD}_"])
def test_relationships_are_clean(tables, prefix):
    st = tables[f"{prefix}stakeholders"]
    rel = tables[f"{prefix}relationships"]
    assert len(rel) >= 150
    ids = set(st["id"])
    assert set(rel["source"]) <= ids and set(rel["target"]) <= ids
    assert (rel["source"] != rel["target"]).all()
    pairs = [tuple(sorted(p)) for p in zip(rel["source"], rel["target"], strict=True)]
    assert len(pairs) == len(set(pairs))
    assert set(rel["kind"]) <= LINK_KINDS
    assert rel["strength"].between(1, 5).all() and rel["sentiment"].between(-2, 2).all()
    # Every stakeholder takes part in at least one relationship.
    assert ids == set(rel["source"]) | set(rel["target"])


def test_relationship_managers_are_the_brokers(tables):
    nx = pytest.importorskip("networkx")
    st, rel = tables["stakeholders"], tables["relationships"]
    graph = nx.Graph(list(zip(rel["source"], rel["target"], strict=True)))
    betweenness = nx.betweenness_centrality(graph)
    top = sorted(betweenness, key=lambda n: (-betweenness[n], n))[:4]
    names = set(st.set_index("id").loc[top, "name"])
    assert names == {
        "Priya Raman (Business Relationship Manager)",
        "Tom Okafor (Supplier Manager)",
        "Lena Vogel (Partnerships Lead)",
        "Programme Management Office",
    }


def test_ratings_mostly_agree_with_some_disputes(tables):
    ratings, st = tables["ratings"], tables["stakeholders"]
    assert sorted(ratings["rater"].unique()) == sorted(demo_register.RATERS)
    assert (ratings.groupby("rater")["stakeholder"].nunique() >= 60).all()
    assert set(ratings["stakeholder"]) <= set(st["id"])
    assert not ratings.duplicated(["rater", "stakeholder"]).any()
    spread = ratings.groupby("stakeholder")[["influence", "interest", "attitude"]].agg(
        lambda s: s.max() - s.min()
    )
    disputed = spread.max(axis=1) >= 2
    assert 6 <= disputed.sum() <= 10
    # Outside the disputes, raters stay within one step of the register.
    merged = ratings.merge(st, left_on="stakeholder", right_on="id", suffixes=("", "_reg"))
    calm = merged[~merged["stakeholder"].isin(spread.index[disputed])]
    for column in ("influence", "interest", "attitude"):
        assert (calm[column] - calm[f"{column}_reg"]).abs().max() <= 1


def _changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, int]:
    b, a = before.set_index("id"), after.set_index("id")
    common = b.index.intersection(a.index)
    return {
        "new": len(a.index.difference(b.index)),
        "removed": len(b.index.difference(a.index)),
        "moves": int((_quadrant(b.loc[common]) != _quadrant(a.loc[common])).sum()),
        "attitudes": int((b.loc[common, "attitude"] != a.loc[common, "attitude"]).sum()),
    }


def test_last_workshop_differs_from_today(tables):
    change = _changes(tables[f"{LAST}_stakeholders"], tables["stakeholders"])
    assert change == {"new": 4, "removed": 2, "moves": 8, "attitudes": 10}
    then, now = _links(tables[f"{LAST}_relationships"]), _links(tables["relationships"])
    assert 15 <= len(now.keys() - then.keys()) + len(then.keys() - now.keys()) <= 35
    drops = [k for k in now.keys() & then.keys() if now[k] < then[k]]
    assert len(drops) >= 4


def test_older_workshop_differs_less(tables):
    recent = _changes(tables[f"{LAST}_stakeholders"], tables["stakeholders"])
    older = _changes(tables[f"{OLD}_stakeholders"], tables[f"{LAST}_stakeholders"])
    assert all(0 < older[k] < recent[k] for k in recent)
    then, later = _links(tables[f"{OLD}_relationships"]), _links(tables[f"{LAST}_relationships"])
    assert then.keys() != later.keys()
    assert any(then[k] != later[k] for k in then.keys() & later.keys())


def test_write_demo_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    demo_data.write_demo(first)
    demo_data.write_demo(second)
    for rel in FILES:
        assert (first / rel).is_file(), rel
        assert filecmp.cmp(first / rel, second / rel, shallow=False), rel
    settings = tomllib.loads((first / "engagement.toml").read_text(encoding="utf-8"))
    assert settings["engagement"]["client"] == "Northwind Digital Services"
    assert settings["engagement"]["title"] == "Relationship management assessment"
    assert settings["inputs"]["format"] == "csv"


def test_csv_format(tmp_path):
    demo_data.write_demo(tmp_path)
    text = (tmp_path / "inputs" / "stakeholders.csv").read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    assert header == (
        "id,name,group,kind,internal,influence,interest,attitude,power,legitimacy,urgency,"
        "owner,cadence"
    )
    assert first.startswith("S001,Dana Whitfield (CIO),Executives,executive,true,5,5,2,")
    assert "\r" not in text and "True" not in text and ".0," not in text
    back = pd.read_csv(tmp_path / "inputs" / "relationships.csv")
    assert back["strength"].dtype == "int64"


def test_shipped_demo_matches_the_generator(tmp_path):
    # The committed files must be what the generator writes; rerun it if this fails.
    demo_data.write_demo(tmp_path)
    for rel in FILES:
        shipped = demo_data.DEMO_DIR / rel
        assert shipped.is_file(), f"{rel} missing: run python -m workbench.demo.generate"
        assert filecmp.cmp(shipped, tmp_path / rel, shallow=False), rel


def test_other_seed_changes_detail_not_story():
    a, b = demo_data.generate(2026), demo_data.generate(7)
    assert a["stakeholders"]["name"].equals(b["stakeholders"]["name"])
    assert not a["relationships"].equals(b["relationships"])


def test_demo_passes_validation_without_problems():
    register = pytest.importorskip("workbench.stakeholders.register")
    for folder in ["inputs", "workshop/snapshots/2026-03-12", "workshop/snapshots/2026-06-18"]:
        tables, problems = register.load_tables(demo_data.DEMO_DIR / folder, fmt="csv")
        assert problems == [], f"{folder}: " + "; ".join(str(p) for p in problems)
        assert len(tables["stakeholders"]) >= 60


def test_demo_reads_back_as_generated(tables):
    register = pytest.importorskip("workbench.stakeholders.register")
    loaded, _ = register.load_tables(demo_data.DEMO_DIR / "inputs", fmt="csv")
    for name in ("stakeholders", "relationships", "ratings"):
        pd.testing.assert_frame_equal(loaded[name].reset_index(drop=True), tables[name])
    snapshot = register.load_snapshot(demo_data.DEMO_DIR / "workshop" / "snapshots" / "2026-06-18")
    pd.testing.assert_frame_equal(
        snapshot["relationships"].reset_index(drop=True), tables[f"{LAST}_relationships"]
    )


@pytest.mark.parametrize("seed", [-1, 1.5, "2026", True])
def test_bad_seed_is_refused(seed):
    with pytest.raises(WorkbenchError, match="seed must be a whole number >= 0"):
        demo_data.generate(seed)


def test_target_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "engagement.txt"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(EngagementError, match="it is a file, not a folder"):
        demo_data.write_demo(target)
    assert demo_data.main([str(target)]) == 1
    assert "Fix: pass a folder path" in capsys.readouterr().out


def test_command_line_writes_to_target(tmp_path, capsys):
    assert demo_data.main([str(tmp_path / "demo")]) == 0
    assert (tmp_path / "demo" / "inputs" / "ratings.csv").is_file()
    assert "Demo engagement written to" in capsys.readouterr().out
