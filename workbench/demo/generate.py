"""Seeded generator for the demo engagement that ships in ``workbench/demo/engagement/``.

The demo is a fictional internal IT provider, *Northwind Digital Services*, that
serves a logistics group. Names, companies and numbers are invented. The story
behind the numbers is fixed in the data files of ``workbench/demo/catalogues/`` and the
change counts of :mod:`workbench.demo.snapshots`; the random generator (numpy's
``default_rng(seed)``, nothing else) only fills in detail: which team talks to
which, strengths and sentiments, rater noise and the changes between workshops.
Today's register comes from :mod:`workbench.demo.register`, the two earlier workshops
from :mod:`workbench.demo.snapshots` and the culture survey waves from
:mod:`workbench.demo.surveys`; this module puts them together and writes the files.

Regenerate the shipped files with::

    python -m workbench.demo.generate            # writes workbench/demo/engagement/
    python -m workbench.demo.generate /tmp/demo  # or any other folder

Every run with the same seed writes byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core import paths
from workbench.core.errors import EngagementError
from workbench.demo import register as reg
from workbench.demo import snapshots as snap
from workbench.demo.register import GONE, LAPSED, finish_links, finish_stakeholders
from workbench.demo.seeds import check_seed, generator_command

__all__ = ["DEFAULT_SEED", "TABLE_NAMES", "generate", "main", "write_demo"]

DEFAULT_SEED = 2026
DEMO_DIR = paths.DEMO_ENGAGEMENT

# Workshop dates of the two snapshots; the newer one is the last workshop.
OLD_DATE = "2026-03-12"
LAST_DATE = "2026-06-18"

TABLE_NAMES = (
    "stakeholders",
    "relationships",
    "ratings",
    f"snapshot_{OLD_DATE.replace('-', '_')}_stakeholders",
    f"snapshot_{OLD_DATE.replace('-', '_')}_relationships",
    f"snapshot_{LAST_DATE.replace('-', '_')}_stakeholders",
    f"snapshot_{LAST_DATE.replace('-', '_')}_relationships",
)

# The fictitious client's logo: a plain SVG, embedded in the portal's pages (no file is fetched).
# The name is stretched or squeezed to exactly 94 units (textLength), whatever font the viewer
# has, so it always ends inside the 140-unit viewBox: the portal shows all of it, no clipping.
LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="140" height="32" viewBox="0 0 140 32">
  <rect width="32" height="32" rx="6" fill="#f2a900"/>
  <path d="M8 24V8l16 16V8" stroke="#1f4e79" stroke-width="4" fill="none"/>
  <text x="40" y="22" font-family="sans-serif" font-size="15" font-weight="bold"
        textLength="94" lengthAdjust="spacingAndGlyphs" fill="#ffffff">NORTHWIND</text>
</svg>
"""

ENGAGEMENT_TOML = """\
[engagement]
client = "Northwind Digital Services"
title = "Relationship management assessment"
[branding]
primary_color = "#1f4e79"
accent_color = "#f2a900"
logo = "inputs/logo.svg"  # shown in the client portal; svg, png or jpg up to 512 KB
[inputs]
format = "csv"              # or "xlsx" (inputs/register.xlsx)
[stakeholder_map]
influence_threshold = 3.5   # value >= threshold counts as high
interest_threshold = 3.5
disagreement_spread = 2     # raters whose max-min on a rating >= this disagree
broker_top_share = 0.1      # top share of betweenness that can be a broker
seed = 42
[privacy]
min_group_size = 5
min_comment_group_size = 10
[culture]
instruments = ["relationship_culture", "westrum", "psych_safety", "ocai", "enps"]
demographics = ["team", "role", "location", "tenure"]
comment_columns = ["comments"]
survey_format = "auto"      # each wave's export format is detected
outcome = "enps"
seed = 42
"""


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Build the demo engagement's tables.

    Parameters
    ----------
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives the same tables.

    Returns
    -------
    dict[str, pandas.DataFrame]
        A flat mapping with the keys in :data:`TABLE_NAMES`: ``stakeholders``,
        ``relationships`` and ``ratings`` (today's inputs), then
        ``snapshot_2026_03_12_stakeholders``, ``snapshot_2026_03_12_relationships``,
        ``snapshot_2026_06_18_stakeholders`` and ``snapshot_2026_06_18_relationships``
        (the two earlier workshops). Rows are sorted by id, by (source, target) and by
        (stakeholder, rater).

    Raises
    ------
    WorkbenchError
        If the seed is not a whole number >= 0, or a catalogue in
        ``workbench/demo/catalogues/`` is missing or malformed.

    Examples
    --------
    >>> tables = generate()
    >>> len(tables["stakeholders"]) >= 60
    True
    """
    rng = np.random.default_rng(check_seed(seed, DEFAULT_SEED))
    cast = reg.load_cast()
    register = reg.register(cast, rng)
    base = reg.relationships(register, cast, rng)

    ids = {w: set(register.loc[snap.alive(register, w), "id"]) for w in ("old", "last", "now")}
    now = register[snap.alive(register, "now")]
    both_last = ids["now"] & ids["last"]
    both_old = ids["last"] & ids["old"]

    # Links that ended after June, and (among the rest) links that ended between the workshops.
    survivors = base[base["source"].isin(both_old) & base["target"].isin(both_old)]
    ended = survivors.sample(n=snap.SINCE_LAST.links_removed, random_state=rng)
    survivors = survivors.drop(index=ended.index)
    ended_earlier = survivors.sample(n=snap.BETWEEN_WORKSHOPS.links_removed, random_state=rng)
    ended_any = ended.index.union(ended_earlier.index)
    current = base.drop(index=ended_any)
    links_now = current[current["source"].isin(ids["now"]) & current["target"].isin(ids["now"])]
    links_now = finish_links(links_now)

    # The last workshop: undo recent changes on stakeholders present at both dates.
    last = pd.concat([now[now["id"].isin(both_last)], register[register["lifetime"].eq(GONE)]])
    last = snap.shift_back(last, sorted(both_last), snap.SINCE_LAST, rng)
    links_last = snap.links_then(
        links_now, snap.SINCE_LAST, ids["last"], both_last, current, ended, rng
    )
    links_last = finish_links(links_last)

    # The older workshop, relative to the last one.
    old = pd.concat([last[last["id"].isin(both_old)], register[register["lifetime"].eq(LAPSED)]])
    old = snap.shift_back(old, sorted(both_old), snap.BETWEEN_WORKSHOPS, rng)
    links_old = snap.links_then(
        links_last, snap.BETWEEN_WORKSHOPS, ids["old"], both_old, current, ended_earlier, rng
    )
    links_old = finish_links(links_old)

    stakeholders = finish_stakeholders(now)
    old_key, last_key = (d.replace("-", "_") for d in (OLD_DATE, LAST_DATE))
    return {
        "stakeholders": stakeholders,
        "relationships": links_now,
        "ratings": reg.ratings(stakeholders, rng),
        f"snapshot_{old_key}_stakeholders": finish_stakeholders(old),
        f"snapshot_{old_key}_relationships": links_old,
        f"snapshot_{last_key}_stakeholders": finish_stakeholders(last),
        f"snapshot_{last_key}_relationships": links_last,
    }


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            # Spreadsheet-neutral booleans, the same spelling the readers accept.
            out[column] = out[column].map({True: "true", False: "false"})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def write_demo(target: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the demo engagement folder (engagement.toml, inputs/, workshop/snapshots/).

    Existing files with the same names are overwritten; nothing else in ``target`` is touched.

    Parameters
    ----------
    target : pathlib.Path
        The engagement folder; created if missing.
    seed : int
        Passed to :func:`generate`.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "demo"
    >>> write_demo(folder)
    >>> (folder / "inputs" / "stakeholders.csv").exists()
    True
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise EngagementError(
            f"Cannot write the demo engagement to {target}: it is a file, not a folder. "
            "Fix: pass a folder path that does not exist yet or is a folder."
        )
    tables = generate(seed)
    target.mkdir(parents=True, exist_ok=True)
    (target / "engagement.toml").write_text(ENGAGEMENT_TOML, encoding="utf-8")
    (target / "inputs").mkdir(exist_ok=True)
    (target / "inputs" / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    for name in ("stakeholders", "relationships", "ratings"):
        _write_csv(tables[name], target / "inputs" / f"{name}.csv")
    for date in (OLD_DATE, LAST_DATE):
        folder = target / "workshop" / "snapshots" / date
        for name in ("stakeholders", "relationships"):
            _write_csv(tables[f"snapshot_{date.replace('-', '_')}_{name}"], folder / f"{name}.csv")
    # The culture workshop's survey waves; imported here to keep one command for the whole demo.
    from workbench.demo import surveys as culture_demo

    culture_demo.write_surveys(target)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m workbench.demo.generate [TARGET] [--seed N]``."""
    what = "demo engagement (Northwind Digital Services)"
    return generator_command(
        argv,
        "python -m workbench.demo.generate",
        what,
        write_demo,
        DEMO_DIR,
        DEFAULT_SEED,
        "Demo engagement written to {}",
    )


if __name__ == "__main__":
    raise SystemExit(main())
