"""The culture-analysis workshop in one call: read every survey wave, validate, score, compare.

The notebook, `workbench run`, `workbench check` and the tests all go through :func:`analyse`,
so the app and results.xlsx can never disagree. Only aggregates leave this module's result:
respondent-level rows stay in :attr:`CultureAnalysis.responses`, which views never display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, Problem, raise_for_errors
from workbench.core.handoff import handed_over
from workbench.core.labels import ALL
from workbench.culture import (
    anonymity,
    columns,
    drivers,
    instruments,
    placement,
    responses,
    scoring,
    surveys,
    wave_files,
    waves,
)
from workbench.present.serving import CONSULTANT, ServingContext

SUMMARY_COLUMNS = [
    "wave",
    "demographic",
    "segment",
    "dimension",
    "instrument",
    "n",
    "mean",
    "score_0_100",
    "pct_favourable",
    "pct_neutral",
    "pct_unfavourable",
    "alpha",
    "suppressed",
]
# The `culture` sheet of results.xlsx: segments named "demographic: value".
SHEET_COLUMNS = [c for c in SUMMARY_COLUMNS if c not in ("demographic", "instrument")]


@dataclass
class CultureAnalysis:
    """Everything the culture-analysis notebook shows (aggregates), plus the parsed waves."""

    engagement: Engagement
    waves: list[str]
    instruments: dict[str, instruments.Instrument] = field(repr=False)
    items: pd.DataFrame = field(repr=False)  # item table: one row per instrument item
    responses: dict[str, responses.Responses] = field(repr=False)
    summary: pd.DataFrame  # SUMMARY_COLUMNS: every wave x (All + each demographic's segments)
    profiles: (
        pd.DataFrame
    )  # ipsative profile: wave, demographic, segment, type, now, preferred, gap
    changes: pd.DataFrame  # latest vs previous wave, per demographic, segment and dimension
    drivers: pd.DataFrame  # latest wave: what moves the outcome
    placement: pd.DataFrame  # the practice's scales, latest wave
    hotspots: pd.DataFrame  # toxic-behaviour hotspots, latest wave, every demographic
    comments: pd.DataFrame  # wave, demographic, segment, question, text (only large groups)
    problems: list[Problem]
    min_group_size: int = 5
    context: ServingContext = CONSULTANT  # who is looking: decides what the views may offer

    @property
    def latest(self) -> str | None:
        return self.waves[-1] if self.waves else None

    @property
    def previous(self) -> str | None:
        return self.waves[-2] if len(self.waves) > 1 else None

    def enps(self) -> dict[str, float]:
        """Employee Net Promoter Score per wave (% 9-10 minus % 0-6), where k or more answered."""
        items = self.items[self.items["kind"] == "nps"]["item"]
        scores = {}
        for wave, resp in self.responses.items():
            for item in items:
                answers = resp.items[item].dropna()
                if len(answers) >= self.min_group_size:
                    scores[wave] = scoring.enps(answers)
        return scores

    @property
    def demographics(self) -> list[str]:
        return list(self.engagement.culture["demographics"])


def load_waves(
    eng: Engagement,
) -> tuple[dict[str, instruments.Instrument], dict[str, responses.Responses], list[Problem]]:
    """Read and validate every wave; returns all problems instead of stopping at the first."""
    settings = eng.culture
    custom_labels = eng.root / paths.CUSTOM_LABELS
    chosen = instruments.load_instruments(
        settings["instruments"], extra_dir=eng.root / paths.CUSTOM_INSTRUMENTS
    )
    label_sets = instruments.load_label_sets(custom_labels if custom_labels.is_file() else None)
    problems = list(instruments.check_label_sets(chosen, label_sets))
    keep = tuple(settings["demographics"]) + tuple(settings["comment_columns"])
    targets, found = columns.check_targets(
        eng.column_map, chosen, settings["demographics"], settings["comment_columns"]
    )
    problems += found
    parsed: dict[str, responses.Responses] = {}
    exports: list[surveys.RawSurvey] = []
    problems += wave_files.loose_exports(eng)
    for wave in eng.survey_waves():
        path, missing = wave_files.survey_file(eng, wave)
        problems += missing
        if path is None:
            continue
        label = f"{paths.SURVEYS}/{wave}/{path.name}"
        not_a_table = wave_files.not_a_survey(path, label)
        if not_a_table:
            problems.append(not_a_table)
            continue
        fmt = settings["survey_format"]
        try:
            raw = surveys.read_survey(path, fmt=fmt, label=label, keep=keep)
        except InputError as exc:
            problems += exc.problems
            continue
        problems += raw.notes
        exports.append(raw)
        wave_responses, found = responses.prepare(
            raw,
            wave,
            chosen,
            label_sets,
            settings["demographics"],
            settings["comment_columns"],
            targets,
        )
        problems += found
        parsed[wave] = wave_responses
    problems += columns.unused_keys(eng.column_map, exports, {p.field for p in problems})
    return chosen, parsed, problems


@handed_over("culture")
def analyse(
    engagement: Engagement | str | Path, context: ServingContext = CONSULTANT
) -> CultureAnalysis:
    """Run the whole culture analysis for an engagement (every wave in inputs/surveys/).

    Examples
    --------
    >>> analysis = analyse("demo")
    >>> analysis.waves
    ['2025-11', '2026-05']
    """
    eng = Engagement.of(engagement)
    chosen, parsed, problems = load_waves(eng)
    raise_for_errors(problems)
    table = instruments.item_table(chosen)
    settings, k = eng.culture, eng.privacy["min_group_size"]
    demographics = settings["demographics"]
    wave_names = list(parsed)
    summary = _summaries(parsed, table, demographics, k)
    latest = parsed[wave_names[-1]] if wave_names else None
    scores = {w: scoring.respondent_scores(r.items, table) for w, r in parsed.items()}
    problems += _outcome_problems(settings["outcome"], scores)
    latest_rows = summary[summary["wave"] == wave_names[-1]] if wave_names else summary
    overall = latest_rows[latest_rows["segment"] == ALL]
    by_segment = latest_rows[latest_rows["segment"] != ALL]
    return CultureAnalysis(
        engagement=eng,
        waves=wave_names,
        instruments=chosen,
        items=table,
        responses=parsed,
        summary=summary,
        profiles=_profiles(parsed, table, demographics, k),
        changes=_changes(parsed, scores, demographics, k),
        drivers=_drivers(latest, scores, settings["outcome"]),
        placement=placement.placement(overall, by_segment) if len(overall) else pd.DataFrame(),
        hotspots=placement.toxic_hotspots(by_segment) if len(by_segment) else pd.DataFrame(),
        comments=_comments(parsed, demographics, eng),
        problems=problems,
        min_group_size=k,
        context=context,
    )


def _summaries(
    parsed: dict[str, responses.Responses], table: pd.DataFrame, demographics: list[str], k: int
) -> pd.DataFrame:
    frames = []
    for wave, resp in parsed.items():
        overall = scoring.summarise(resp.items, table)
        # The whole organization is hidden too where fewer than k people answered a dimension.
        overall = overall.assign(suppressed=overall["n"] < k)
        frames.append(overall.assign(wave=wave, demographic=ALL))
        for demographic in demographics:
            groups = anonymity.segment_labels(resp.demographics[demographic])
            rows = scoring.summarise(resp.items, table, by=groups)
            frames.append(anonymity.heatmap(rows, k).assign(wave=wave, demographic=demographic))
    if not frames:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    summary = pd.concat(frames, ignore_index=True)
    stats = ["n", "mean", "score_0_100", "pct_favourable", "pct_neutral", "pct_unfavourable"]
    summary.loc[summary["suppressed"].astype(bool), [*stats, "alpha"]] = float("nan")
    summary["n"] = summary["n"].astype("Int64")
    return summary[SUMMARY_COLUMNS]


def _profiles(parsed, table, demographics, k) -> pd.DataFrame:
    """Culture-type profiles, hidden wherever fewer than k people answered the ipsative items."""
    if not parsed or not (table["kind"] == "ipsative").any():
        return pd.DataFrame()
    ipsative = table.loc[table["kind"] == "ipsative", "item"]
    frames = []
    for wave, resp in parsed.items():
        answered = resp.items[ipsative].notna().any(axis=1)
        everyone = pd.Series(ALL, index=resp.items.index)
        splits = {ALL: everyone}
        splits.update({d: anonymity.segment_labels(resp.demographics[d]) for d in demographics})
        for demographic, groups in splits.items():
            counts = groups[answered].value_counts().reindex(groups.unique(), fill_value=0)
            mask = counts < k if demographic == ALL else anonymity.suppression_mask(counts, k)
            profile = scoring.ipsative_profile(
                resp.items, table, by=None if demographic == ALL else groups
            )
            if demographic == ALL:
                profile = profile.assign(segment=ALL)
            hidden = profile["segment"].map(mask).fillna(True).astype(bool)
            profile.loc[hidden, ["now", "preferred", "gap"]] = float("nan")
            frames.append(profile.assign(wave=wave, demographic=demographic, suppressed=hidden))
    return pd.concat(frames, ignore_index=True)


def _changes(parsed, scores, demographics, k) -> pd.DataFrame:
    if len(parsed) < 2:
        return pd.DataFrame()
    before_wave, after_wave = list(parsed)[-2:]
    before, after = parsed[before_wave], parsed[after_wave]
    frames = []
    for demographic in demographics:
        rows = waves.compare_waves(
            scores[before_wave],
            scores[after_wave],
            anonymity.segment_labels(before.demographics[demographic]),
            anonymity.segment_labels(after.demographics[demographic]),
            k,
        )
        if frames:  # the "All" rows are the same for every demographic
            rows = rows[rows["segment"] != ALL]
        frames.append(rows.assign(demographic=demographic))
    if not demographics:
        frames.append(
            waves.compare_waves(scores[before_wave], scores[after_wave], None, None, k).assign(
                demographic=ALL
            )
        )
    changes = pd.concat(frames, ignore_index=True)
    changes[["n_before", "n_after"]] = changes[["n_before", "n_after"]].astype("Int64")
    changes.loc[changes["segment"] == ALL, "demographic"] = ALL
    return changes.assign(before=before_wave, after=after_wave)


def _outcome_problems(outcome: str, scores: dict[str, pd.DataFrame]) -> list[Problem]:
    if not scores or any(outcome in frame.columns for frame in scores.values()):
        return []
    known = sorted({c for frame in scores.values() for c in frame.columns})
    return [
        Problem(
            file=paths.ENGAGEMENT_FILE,
            message=f"[culture] outcome = {outcome!r} is not a dimension of the survey, so the "
            "driver analysis is skipped.",
            fix=f"Set outcome to one of: {', '.join(known)}.",
            severity="warning",
        )
    ]


def _drivers(latest, scores, outcome) -> pd.DataFrame:
    if latest is None:
        return pd.DataFrame()
    frame = scores[latest.wave]
    if outcome not in frame.columns:
        result = drivers.drivers(frame.iloc[:0], pd.Series(dtype=float))
        result.attrs["reason"] = f"The outcome '{outcome}' is not among the survey's dimensions."
        return result
    return drivers.drivers(frame.drop(columns=outcome), frame[outcome])


def _comments(parsed, demographics, eng: Engagement) -> pd.DataFrame:
    k_comments = eng.privacy["min_comment_group_size"]
    seed = eng.culture["seed"]
    frames = []
    for wave, resp in parsed.items():
        if resp.comments.empty:
            continue
        everyone = pd.Series(ALL, index=resp.demographics.index)
        groups = {ALL: everyone}
        groups.update({d: anonymity.segment_labels(resp.demographics[d]) for d in demographics})
        for demographic, segment in groups.items():
            shown = anonymity.visible_comments(
                resp.comments, segment, k_comments, seed, k=eng.privacy["min_group_size"]
            )
            frames.append(shown.assign(wave=wave, demographic=demographic))
    if not frames:
        return pd.DataFrame(columns=["wave", "demographic", "segment", "question", "text"])
    return pd.concat(frames, ignore_index=True)


ENPS_COLUMNS = ["wave", "dimension", "n", "pct_favourable", "pct_neutral", "pct_unfavourable"]


def enps_table(analysis: CultureAnalysis) -> pd.DataFrame:
    """eNPS of the whole organization per wave: answers, % promoters (9-10), passives (7-8),
    detractors (0-6) and eNPS = % promoters - % detractors; blank where fewer than k answered.

    Examples
    --------
    >>> enps_table(analyse("demo"))[["wave", "enps"]].to_dict("list")
    {'wave': ['2025-11', '2026-05'], 'enps': [-9.9, -5.4]}
    """
    table = analysis.items
    nps = table[table["kind"] == "nps"]
    if nps.empty or not analysis.waves:
        return pd.DataFrame()
    summary = analysis.summary
    rows = summary[(summary["demographic"] == ALL) & summary["dimension"].isin(nps["dimension"])]
    rows = rows[[*ENPS_COLUMNS, "suppressed"]].reset_index(drop=True)
    first_item = nps.groupby("dimension")["item"].first()

    def score(row: pd.Series) -> float:
        if bool(row["suppressed"]):
            return float("nan")
        answers = analysis.responses[row["wave"]].items[first_item[row["dimension"]]]
        return scoring.enps(answers)

    return rows.assign(enps=rows.apply(score, axis=1))


def results_sheets(analysis: CultureAnalysis) -> dict[str, pd.DataFrame]:
    """The culture sheets of results.xlsx: aggregates only, suppressed cells left blank."""
    if not analysis.waves:
        return {}
    summary = analysis.summary
    label = summary["segment"].where(
        summary["demographic"] == ALL, summary["demographic"] + ": " + summary["segment"]
    )
    sheets = {"culture": summary.assign(segment=label)[SHEET_COLUMNS]}
    enps = enps_table(analysis)
    if not enps.empty:
        sheets["culture_enps"] = enps
    if not analysis.changes.empty:
        sheets["culture_changes"] = analysis.changes
    if not analysis.profiles.empty:
        sheets["culture_profiles"] = analysis.profiles
    if not analysis.drivers.empty:
        sheets["culture_drivers"] = analysis.drivers
    if not analysis.placement.empty:
        sheets["culture_scales"] = analysis.placement
    return sheets
