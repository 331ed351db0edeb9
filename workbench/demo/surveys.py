"""Seeded demo survey waves for the culture-analysis workshop of the demo engagement.

Two waves of a staff survey at the fictional *Northwind Digital Services*: ``2025-11`` as a
plain CSV (numeric codes) and ``2026-05`` as a Qualtrics-style export (three header rows,
answers as choice text, personal-data columns the import must drop). The story is fixed in
``workbench/demo/catalogues/survey_*`` (teams, demographics, comments, Qualtrics texts) and
the model constants below; numpy's ``default_rng(seed)`` only adds the noise. Each
respondent has a latent climate factor (plus team, role and tenure effects); every dimension
mixes that factor with its own, and items are rounded, clipped noisy readings of their
dimension, so dimension scores correlate positively and toxic-behaviour items negatively
before reversal.

Built-in effects: Field Operations is a hotspot of criticism and defensiveness in both waves;
between the waves psychological safety (PS, RC safety) and communication rise by about 0.4
on their scales, Infrastructure gets worse on everything (a reorganisation), the rest stays
stable. Legal has 3 respondents per wave, below the anonymity threshold of 5. Item texts and
answer labels come from ``workbench/culture/library/*.toml`` at generation time. The default seed
was picked from 2500-2599 as one where no stable team's dimension changes significantly by
chance (Welch t-test, p < .05), so the demo tells its story cleanly.

Regenerate the shipped files with::

    python -m workbench.demo.surveys            # writes workbench/demo/engagement/inputs/surveys/
    python -m workbench.demo.surveys /tmp/demo  # or any other engagement folder
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core import paths
from workbench.core.errors import WorkbenchError
from workbench.demo import catalogues
from workbench.demo.seeds import check_seed, generator_command

__all__ = ["DEFAULT_SEED", "WAVES", "generate", "main", "write_surveys"]

DEFAULT_SEED = 2582
DEMO_DIR = paths.DEMO_ENGAGEMENT
INSTRUMENT_DIR = paths.INSTRUMENTS_DIR
INSTRUMENTS = ("relationship_culture", "westrum", "psych_safety", "ocai", "enps")
DEMOGRAPHICS = ("team", "role", "location", "tenure")
WAVES = ("2025-11", "2026-05")  # the first is written as plain CSV, the second as Qualtrics

# dimension -> healthy centre on its scale; wave-2 shift of the dimension factor (all teams)
_CENTRE = {"likert5": 3.6, "likert7": 4.9, "toxic": 3.5}
_WAVE2_SHIFT = {"psych_safety": 0.45, "communication": 0.55, "safety": 0.5}
_TOXIC = ("criticism", "defensiveness", "contempt", "obstruction")
_HOTSPOT = {"criticism": 1.0, "defensiveness": 1.0, "contempt": 0.4, "obstruction": 0.2}
# OCAI Dirichlet weights for clan, adhocracy, market, hierarchy
_KINDS = ("clan", "adhocracy", "market", "hierarchy")
_OCAI = {"now": (2.0, 1.6, 3.2, 4.0), "preferred": (4.0, 3.2, 2.0, 1.8)}
_MOODS = ("positive", "mixed", "negative")  # comment pools, from good to poor climate


@dataclass(frozen=True)
class _Team:
    respondents: tuple[int, int]  # per wave
    climate: float  # effect on the latent climate factor
    shift: float  # change of that effect in the second wave
    toxicity: float  # extra toxic behaviour (the hotspot)


@dataclass(frozen=True)
class _Catalogue:
    """The survey story's data, read from ``workbench/demo/catalogues/survey_*``."""

    teams: dict[str, _Team]
    roles: dict[str, tuple[float, float]]  # share of respondents, climate effect
    locations: dict[str, tuple[float, float, float]]  # share, latitude, longitude
    tenure: dict[str, tuple[float, float]]  # share, climate effect
    comments: tuple[tuple[str, ...], ...]  # pools in _MOODS order, all the same size
    choices: dict[str, tuple[str, ...]]  # label set -> choice texts from scale_min up
    stems: dict[str, str]  # instrument -> question stem of its matrix
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


def _teams(rows: list[dict[str, str]]) -> dict[str, _Team]:
    return {
        row["team"]: _Team(
            (int(row["respondents_wave_1"]), int(row["respondents_wave_2"])),
            float(row["climate"]),
            float(row["climate_shift_wave_2"]),
            float(row["extra_toxicity"]),
        )
        for row in rows
    }


def _demographics(data: dict) -> tuple[dict, ...]:
    # Each value's share first, then what the generator reads from it.
    fields = {"role": ("climate",), "location": ("latitude", "longitude"), "tenure": ("climate",)}
    return tuple(
        {k: tuple(float(v[f]) for f in ("share", *rest)) for k, v in data[key].items()}
        for key, rest in fields.items()
    )


def _comments(data: dict) -> tuple[tuple[str, ...], ...]:
    pools = tuple(tuple(map(str, data[mood])) for mood in _MOODS)
    if len({len(pool) for pool in pools}) != 1:
        raise ValueError(f"the pools {', '.join(_MOODS)} must hold the same number of comments")
    return pools


def _qualtrics(data: dict) -> tuple[dict, dict, tuple[str, ...], tuple[str, ...]]:
    choices = {k: tuple(map(str, v)) for k, v in data["choices"].items()}
    stems = {k: str(v) for k, v in data["stems"].items()}
    names = data["recipients"]
    return choices, stems, tuple(names["first_names"]), tuple(names["last_names"])


def _catalogue() -> _Catalogue:
    """Read the survey catalogues; a missing or malformed file is named in a WorkbenchError."""
    teams = catalogues.load("survey_teams.csv", _teams)
    people = catalogues.load("survey_demographics.toml", _demographics)
    comments = catalogues.load("survey_comments.toml", _comments)
    texts = catalogues.load("survey_qualtrics.toml", _qualtrics)
    return _Catalogue(teams, *people, comments, *texts)


def _instrument(name: str) -> dict:
    path = INSTRUMENT_DIR / f"{name}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WorkbenchError(
            f"Cannot read the instrument file {path}: {exc}. "
            "Fix: restore workbench/culture/library/ from the repository."
        ) from exc


def _choice_texts(name: str, low: int, cat: _Catalogue) -> dict[int, str]:
    """Number -> choice text as Qualtrics exports it, checked against labels.toml."""
    sets = tomllib.loads((INSTRUMENT_DIR / "labels.toml").read_text(encoding="utf-8"))
    texts = dict(enumerate(cat.choices[name], start=low))
    for number, text in texts.items():
        if sets.get(name, {}).get(text.lower(), float(text) if text.isdigit() else None) != number:
            raise WorkbenchError(
                f"The label set {name!r} in {INSTRUMENT_DIR / 'labels.toml'} does not map "
                f"{text!r} to {number}. Fix: add the label, or change the choice texts in "
                f"{catalogues.FOLDER / 'survey_qualtrics.toml'}."
            )
    return texts


def _people(rng: np.random.Generator, wave: int, cat: _Catalogue) -> pd.DataFrame:
    teams = np.repeat(list(cat.teams), [v.respondents[wave] for v in cat.teams.values()])
    people = pd.DataFrame({"team": rng.permutation(teams)})
    for column, table in (("role", cat.roles), ("location", cat.locations), ("tenure", cat.tenure)):
        people[column] = rng.choice(list(table), size=len(people), p=[v[0] for v in table.values()])
    effect = people["team"].map({t: v.climate + wave * v.shift for t, v in cat.teams.items()})
    effect += people["role"].map({k: v[1] for k, v in cat.roles.items()})
    effect += people["tenure"].map({k: v[1] for k, v in cat.tenure.items()})
    people["climate"] = effect + rng.normal(0, 1, len(people))
    return people


def _likert(rng, people, spec: dict, wave: int, factors: dict, teams) -> dict[str, np.ndarray]:
    low, high = int(spec["scale_min"]), int(spec["scale_max"])
    spread = (high - low) / 4.7
    out = {}
    for dim in spec["dimensions"]:
        toxic = dim in _TOXIC
        load = 0.6 if toxic else 0.72
        factor = load * people["climate"].to_numpy() + 0.69 * rng.normal(0, 1, len(people))
        factor += wave * _WAVE2_SHIFT.get(dim, 0.0)
        if toxic:
            hot = people["team"].map({t: v.toxicity for t, v in teams.items()}).to_numpy()
            factor -= hot * _HOTSPOT[dim]
        factors[dim] = factor
        centre = _CENTRE["toxic" if toxic else f"likert{high}"]
        for item in (i for i in spec["items"] if i["dimension"] == dim):
            healthy = centre + spread * (factor + rng.normal(0, 0.75, len(people)))
            raw = low + high - healthy if item.get("reverse", False) else healthy
            out[item["id"]] = np.clip(np.rint(raw), low, high)
    return out


def _ocai(rng, spec: dict, n: int) -> dict[str, np.ndarray]:
    out = {}
    ids = {(i["dimension"], i["type"], i["state"]): i["id"] for i in spec["items"]}
    for dim in spec["dimensions"]:
        for state, alpha in _OCAI.items():
            units = rng.dirichlet(alpha, n) * 20  # 20 units of 5 points each
            whole = np.floor(units)
            rest = (20 - whole.sum(axis=1)).astype(int)
            order = np.argsort(-(units - whole), axis=1, kind="stable")
            rank = np.argsort(order, axis=1, kind="stable")
            whole += rank < rest[:, None]
            for k, kind in enumerate(_KINDS):
                out[ids[(dim, kind, state)]] = whole[:, k] * 5
    return out


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Respondent-level answers per wave: demographics, item codes (NaN = blank), comments.

    Examples
    --------
    >>> waves = generate()
    >>> len(waves["2025-11"]) >= 600
    True
    """
    rng = np.random.default_rng(check_seed(seed, DEFAULT_SEED))
    cat = _catalogue()
    specs = {name: _instrument(name) for name in INSTRUMENTS}
    result = {}
    for wave, label in enumerate(WAVES):
        people = _people(rng, wave, cat)
        n, factors, items = len(people), {}, {}
        for name in ("relationship_culture", "westrum", "psych_safety"):
            items.update(_likert(rng, people, specs[name], wave, factors, cat.teams))
        items.update(_ocai(rng, specs["ocai"], n))
        drive = 0.35 * people["climate"].to_numpy() + 0.35 * factors["psych_safety"]
        enps = np.clip(np.rint(7.3 + 1.7 * (drive + rng.normal(0, 0.6, n))), 0, 10)
        items[specs["enps"]["items"][0]["id"]] = enps
        answers = pd.DataFrame(items)
        answered = [c for c in answers if not c.startswith("OCAI_")]  # a blank breaks the 100
        answers[answered] = answers[answered].mask(rng.random((n, len(answered))) < 0.02)
        order = [i["id"] for name in INSTRUMENTS for i in specs[name]["items"]]
        pools = np.select([people["climate"] > 0.4, people["climate"] < -0.4], [0, 2], 1)
        size = len(cat.comments[0])
        pick = rng.integers(0, size, n) + size * pools
        says = rng.random(n) < 0.25
        frame = pd.concat([people[list(DEMOGRAPHICS)], answers[order]], axis=1)
        frame["comments"] = np.where(says, np.concatenate(cat.comments)[pick], "")
        frame.insert(0, "respondent_id", [f"R{i:04d}" for i in range(1, n + 1)])
        result[label] = frame
    return result


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _codes(series: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else str(int(v)) for v in series]


def plain_csv(frame: pd.DataFrame) -> str:
    """One header row, numeric codes, blanks for no answer."""
    columns = [_codes(frame[c]) if frame[c].dtype.kind == "f" else list(frame[c]) for c in frame]
    return _csv_text([list(frame.columns), *map(list, zip(*columns, strict=True))])


def _metadata(frame: pd.DataFrame, rng: np.random.Generator, cat: _Catalogue) -> list[tuple]:
    """Qualtrics metadata and personal-data columns: (column id, text, ImportId, values)."""
    n = len(frame)
    start = pd.Timestamp("2026-05-04 08:00") + pd.to_timedelta(
        rng.integers(0, 18, n) * 86400 + rng.integers(0, 36000, n), unit="s"
    )
    took = rng.integers(240, 1500, n)
    end = start + pd.to_timedelta(took, unit="s")
    recorded = end + pd.Timedelta("2s")
    stamp = "%Y-%m-%d %H:%M:%S"
    first, last = rng.choice(cat.first_names, n), rng.choice(cat.last_names, n)
    site = frame["location"].map({k: v[1:] for k, v in cat.locations.items()}).tolist()
    lat, lon = (np.array([s[i] for s in site]) + rng.normal(0, 0.02, n) for i in (0, 1))
    net = np.where(np.arange(n) % 2, "198.51.100", "192.0.2")
    chars = np.array(list("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"))
    ids = ["R_" + "".join(row) for row in rng.choice(chars, (n, 15))]
    mails = [
        f"{f}.{s}{i % 97}@example.com".lower()
        for i, (f, s) in enumerate(zip(first, last, strict=True))
    ]
    ips = [f"{a}.{b}" for a, b in zip(net, rng.integers(1, 255, n), strict=True)]
    refs = [f"EMP{v:05d}" for v in rng.permutation(90000)[:n] + 10000]
    # fmt: off
    return [
        ("StartDate", "Start Date", "startDate", start.strftime(stamp)),
        ("EndDate", "End Date", "endDate", end.strftime(stamp)),
        ("Status", "Response Type", "status", ["IP Address"] * n),
        ("IPAddress", "IP Address", "ipAddress", ips),
        ("Progress", "Progress", "progress", ["100"] * n),
        ("Duration (in seconds)", "Duration (in seconds)", "duration", took.astype(str)),
        ("Finished", "Finished", "finished", ["True"] * n),
        ("RecordedDate", "Recorded Date", "recordedDate", recorded.strftime(stamp)),
        ("ResponseId", "Response ID", "_recordId", ids),
        ("RecipientLastName", "Recipient Last Name", "recipientLastName", last),
        ("RecipientFirstName", "Recipient First Name", "recipientFirstName", first),
        ("RecipientEmail", "Recipient Email", "recipientEmail", mails),
        ("ExternalReference", "External Data Reference", "externalDataReference", refs),
        ("LocationLatitude", "Location Latitude", "locationLatitude", [f"{v:.4f}" for v in lat]),
        ("LocationLongitude", "Location Longitude", "locationLongitude", [f"{v:.4f}" for v in lon]),
        ("DistributionChannel", "Distribution Channel", "distributionChannel", ["email"] * n),
        ("UserLanguage", "User Language", "userLanguage", ["EN-GB"] * n),
    ]
    # fmt: on


def _question_columns(frame: pd.DataFrame, cat: _Catalogue) -> list[tuple]:
    """One column per item: Q1_1.. for matrices, the item id for OCAI, Q5 for eNPS."""
    columns = []
    for q, name in enumerate(INSTRUMENTS, start=1):
        spec = _instrument(name)
        low = int(spec["scale_min"])
        texts = _choice_texts(spec["labels"], low, cat) if spec.get("labels") else {}
        dims = list(spec["dimensions"])
        for k, item in enumerate(spec["items"], start=1):
            values = [
                texts.get(int(v), str(int(v))) if pd.notna(v) else "" for v in frame[item["id"]]
            ]
            if name == "ocai":  # matched on the column id: OCAI items have no text
                block = 2 * dims.index(item["dimension"]) + (item["state"] == "preferred") + 1
                kind = _KINDS.index(item["type"]) + 1
                dim = spec["dimensions"][item["dimension"]]["name"]
                text = f"{dim} ({item['state']}): share 100 points - {item['type'].title()}"
                columns.append((item["id"], text, f"QID{q}_{block}_{kind}", values))
            elif name == "enps":
                columns.append((f"Q{q}", item["text"], f"QID{q}", values))
            else:
                columns.append(
                    (f"Q{q}_{k}", f"{cat.stems[name]} - {item['text']}", f"QID{q}_{k}", values)
                )
    return columns


def qualtrics_csv(frame: pd.DataFrame, seed: int = DEFAULT_SEED) -> str:
    """A Qualtrics-style export: column ids, question texts, ImportIds, then choice texts."""
    rng = np.random.default_rng(check_seed(seed, DEFAULT_SEED) + 1)
    cat = _catalogue()
    columns = _metadata(frame, rng, cat) + _question_columns(frame, cat)
    columns.append(("Q6", "Comments", "QID6_TEXT", list(frame["comments"])))
    columns += [(d, d, d, list(frame[d])) for d in DEMOGRAPHICS]
    imports = [
        {"ImportId": i, "timeZone": "Europe/London"} if "Date" in c else {"ImportId": i}
        for c, _, i, _ in columns
    ]
    rows = [[c[0] for c in columns], [c[1] for c in columns]]
    rows.append([json.dumps(i, separators=(",", ":")) for i in imports])
    rows += map(list, zip(*[list(c[3]) for c in columns], strict=True))
    return _csv_text(rows)


def write_surveys(target: Path = DEMO_DIR, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``inputs/surveys/<wave>/survey.csv`` for both waves under ``target``.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_surveys(Path(tempfile.mkdtemp()))
    >>> [p.parent.name for p in paths]
    ['2025-11', '2026-05']
    """
    waves = generate(seed)
    texts = {WAVES[0]: plain_csv(waves[WAVES[0]]), WAVES[1]: qualtrics_csv(waves[WAVES[1]], seed)}
    written = []
    for wave, text in texts.items():
        path = Path(target) / "inputs" / "surveys" / wave / "survey.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Qualtrics writes UTF-8 with a byte-order mark; the plain file has none.
        path.write_bytes(text.encode("utf-8-sig" if wave == WAVES[1] else "utf-8"))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m workbench.demo.surveys [TARGET] [--seed N]``."""
    what = "demo survey waves (Northwind Digital Services)"
    return generator_command(
        argv,
        "python -m workbench.demo.surveys",
        what,
        write_surveys,
        DEMO_DIR,
        DEFAULT_SEED,
        "Survey wave written to {}",
    )


if __name__ == "__main__":
    raise SystemExit(main())
