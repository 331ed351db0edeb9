"""The culture analysis at scale: a 10,000-respondent Qualtrics export, and the fast paths.

The export is the one ``benchmarks/big_culture.py`` writes (three header rows, metadata and
personal-data columns, answers as choice text), for two waves. Its scores and favourability
must equal a plain pandas computation on the numbers it was written from; and every function
rewritten for speed must give what its old, simpler definition gives (kept here) on random
data. No timings are asserted: ``benchmarks/big_culture.py`` prints them.
"""

from __future__ import annotations

import csv
import io
import random

import benchmark_scripts
import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.core.labels import ALL
from workbench.core.tables import read_rows
from workbench.culture import anonymity, scoring, scrub, surveys, waves, workshop
from workbench.culture.survey_csv import padded, read_cells
from workbench.culture.survey_fields import not_an_answer

PEOPLE = 10_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """(engagement root, the benchmark module, item specs, answers per wave as numbers)."""
    bench = benchmark_scripts.load("big_culture")
    root = bench.make_engagement(tmp_path_factory.mktemp("large") / "bench", PEOPLE, seed=11)
    specs = bench._item_specs(root)
    numbers = {w: bench.answers(specs, PEOPLE, 11, i) for i, w in enumerate(bench.WAVES)}
    return root, bench, specs, numbers


@pytest.fixture(scope="module")
def analysis(big):
    return workshop.analyse(big[0])


# --------------------------------------------------------------------------- at scale


def _plain_summary(frame: pd.DataFrame, specs: list[dict]) -> pd.DataFrame:
    """Dimension mean and favourability of the whole organization, computed the plain way."""
    rows = []
    for dim in dict.fromkeys(s["dimension"] for s in specs):
        chosen = [s for s in specs if s["dimension"] == dim]
        low, high, kind = chosen[0]["low"], chosen[0]["high"], chosen[0]["kind"]
        scored = pd.DataFrame({
            s["id"]: (low + high - frame[s["id"]]) if s["reverse"] and kind == "likert"
            else frame[s["id"]] for s in chosen
        })  # fmt: skip
        means = scored.mean(axis=1, skipna=True).dropna()
        answers = scored.stack().dropna()
        if kind == "nps":
            up, level, down = answers >= 9, answers.between(7, 8), answers <= 6
        else:
            mid = (low + high) / 2
            up, level, down = answers > mid, answers == mid, answers < mid
        rows.append({
            "dimension": dim, "n": len(means), "mean": means.mean(),
            "pct_favourable": up.mean() * 100, "pct_neutral": level.mean() * 100,
            "pct_unfavourable": down.mean() * 100,
        })  # fmt: skip
    return pd.DataFrame(rows).set_index("dimension")


def test_a_large_qualtrics_export_scores_as_plain_pandas_does(big, analysis):
    root, bench, specs, numbers = big
    assert analysis.waves == list(bench.WAVES)
    for wave, frame in numbers.items():
        responses = analysis.responses[wave]
        assert len(responses.items) == PEOPLE and responses.format == "qualtrics"
        assert "RecipientEmail (email address)" in responses.dropped
        expected = _plain_summary(frame, specs)
        got = analysis.summary[(analysis.summary["wave"] == wave)]
        got = got[got["demographic"] == ALL].set_index("dimension")
        assert list(got.index) == list(expected.index)
        assert (got["n"].astype(int) == expected["n"]).all()
        for column in ("mean", "pct_favourable", "pct_neutral", "pct_unfavourable"):
            decimals = 2 if column == "mean" else 1
            gap = (got[column].astype(float) - expected[column]).abs()
            assert (gap <= 0.5 * 10**-decimals + 1e-9).all(), (wave, column, gap.max())


def test_segments_and_the_change_between_waves_at_scale(big, analysis):
    _, bench, specs, numbers = big
    summary = analysis.summary
    teams = summary[(summary["wave"] == "2026-05") & (summary["demographic"] == "team")]
    shown_rows = teams[~teams["suppressed"].astype(bool)]
    assert len(shown_rows) and (shown_rows["n"] >= analysis.min_group_size).all()
    frame = numbers["2026-05"]
    team_a = _plain_summary(frame[frame["team"] == "Team A"], specs)
    shown = teams[teams["segment"] == "Team A"].set_index("dimension").loc[team_a.index]
    assert (shown["n"].astype(int) == team_a["n"]).all()
    assert ((shown["mean"].astype(float) - team_a["mean"]).abs() <= 0.005 + 1e-9).all()
    change = analysis.changes
    overall = change[(change["segment"] == ALL) & (change["dimension"] == "psych_safety")]
    assert overall["change"].iloc[0] > 0.2 and bool(overall["significant"].iloc[0])
    assert len(analysis.drivers) and analysis.drivers["rank"].notna().any()


def test_the_frozen_copy_of_a_large_export_is_the_same_as_the_slow_way(big):
    root = big[0]
    path = root / "inputs" / "surveys" / "2026-05" / "survey.csv"
    keep = ("team", "role", "location", "tenure", "comments")
    assert read_cells(path, "survey.csv") is not None  # the fast path is the one tested
    rows = read_rows(path, label="survey.csv")
    slow = scrub.without_columns(rows, scrub.personal_positions(rows, "survey.csv", "auto", keep))
    fast = scrub.scrubbed_export(path, "survey.csv", keep=keep)
    assert fast == scrub._csv_bytes(slow)
    assert b"@example.com" not in fast


# --------------------------------------------------------------------------- fast reading

TOKENS = ["a", "bb", ",", ",", ";", "\n", "\r\n", "\r", " ", "é", "1", "\t", '"x,y"',
          '"p\nq"', '""', '"a""b"', "\n\n", '"', "\x1c", "\u2028", "\ufeff"]  # fmt: skip


def test_the_fast_csv_reader_reads_what_the_table_reader_reads(tmp_path):
    rng, path, fast = random.Random(5), tmp_path / "s.csv", 0
    for _ in range(1500):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 30)))
        path.write_bytes(text.encode(rng.choice(["utf-8", "utf-8-sig"])))
        try:
            rows, error = read_rows(path, label="s.csv"), None
        except InputError as exc:
            rows, error = None, str(exc)
        try:
            got = read_cells(path, "s.csv", lengths=True)
        except InputError as exc:
            assert str(exc) == error
            continue
        if got is None:
            continue  # left to the table reader
        fast += 1
        cells, widths = got
        assert error is None, text
        width = max(map(len, rows))
        assert cells.tolist() == [r + [""] * (width - len(r)) for r in rows], text
        assert widths.tolist() == [len(r) for r in rows], text
    assert fast > 100  # the random texts do reach the fast path


def _old_frame(body, first, width, positions, keys):
    """surveys._frame before it worked on whole columns (row by row)."""
    data, index = [], []
    for number, row in enumerate(body, start=first):
        if not any(row):
            continue
        row = list(row) + [""] * (width - len(row))
        cells = [row[p].strip() for p in positions]
        if not any(cells) and not "".join(row).strip():
            continue
        data.append(cells)
        index.append(number)
    return pd.DataFrame(data, columns=keys, index=pd.Index(index, dtype="int64"), dtype="str")


def _old_previews(rows, n_header, positions, fmt):
    excluded = {}
    for number, row in enumerate(rows[n_header:], start=n_header + 1):
        for position in positions:
            why = not_an_answer(str(row[position]), fmt) if position < len(row) else ""
            if why:
                excluded[number] = why
                break
    return excluded


def test_reading_cells_column_by_column_equals_the_row_by_row_definition():
    rng = random.Random(3)
    values = ["", " ", "Agree", " Agree ", "Survey Preview", "test", "IP Address", "2", "x y"]
    for _ in range(200):
        width = rng.randint(1, 6)
        rows = [[rng.choice(values) for _ in range(rng.randint(0, width))] for _ in range(30)]
        positions = sorted(rng.sample(range(width), rng.randint(1, width)))
        keys = [f"c{p}" for p in positions]
        grid = padded(rows)
        expected = _old_frame(rows, 4, width if rows else 0, positions, keys)
        got = surveys._frame(grid, 4, positions, keys)
        pd.testing.assert_frame_equal(got, expected.reindex(columns=keys))
        whys = [[*["h"] * width]] * 3 + rows
        assert surveys._previews(padded(whys)[3:], 4, positions, "qualtrics") == (
            _old_previews(whys, 3, positions, "qualtrics")
        )


# --------------------------------------------------------------------------- fast scoring


def _old_segment_labels(column: pd.Series) -> pd.Series:
    labels = column.astype(object).where(column.notna(), "").astype(str).str.strip()
    labels = labels.where(labels != "", anonymity.NOT_GIVEN)
    labels = labels.where(labels != ALL, f"{ALL} (answer)")
    return labels.astype(object).rename(column.name)


def test_segment_labels_equal_their_old_definition():
    rng = np.random.default_rng(1)
    values = np.array(["Ops", " Ops", "", None, "All", "IT ", np.nan], dtype=object)
    for dtype in (object, "str"):
        column = pd.Series(rng.choice(values, 500), name="team").astype(dtype)
        pd.testing.assert_series_equal(
            anonymity.segment_labels(column), _old_segment_labels(column)
        )


def _random_survey(rng: np.random.Generator, n: int = 3000):
    table = pd.DataFrame({
        "item": ["A1", "A2", "A3", "B1", "B2", "N1"], "instrument": ["a"] * 3 + ["b"] * 2 + ["n"],
        "kind": ["likert"] * 5 + ["nps"], "dimension": ["a"] * 3 + ["b"] * 2 + ["n"],
        "reverse": [False, True, False, False, True, False],
        "scale_min": [1.0] * 3 + [1.0] * 2 + [0.0], "scale_max": [5.0] * 3 + [7.0] * 2 + [10.0],
        "type": "", "state": "",
    })  # fmt: skip
    index = pd.Index([f"r{i}" for i in rng.permutation(n)], name="respondent")
    data = {}
    for row in table.itertuples():
        values = rng.integers(int(row.scale_min), int(row.scale_max) + 1, n).astype(float)
        data[row.item] = np.where(rng.random(n) < 0.1, np.nan, values)
    items = pd.DataFrame(data, index=index)
    segments = pd.Series(rng.choice(["x", "y", "z", "w"], n, p=[0.5, 0.3, 0.199, 0.001]), index)
    return items, table, segments


def _old_summarise(items, table, by):
    """scoring.summarise before it stopped sorting the answers, row by row per segment."""
    rows = table[table["kind"].isin(("likert", "nps"))]
    codes, segments = scoring._segments(items, by)
    x = scoring._scored(items, rows)
    keep = codes >= 0
    order = np.argsort(codes[keep], kind="stable")
    x, codes = x[keep][order], codes[keep][order]
    bounds = np.searchsorted(codes, np.arange(len(segments) + 1))
    dims, records = rows["dimension"].to_numpy(), []
    for dim in dict.fromkeys(dims):
        spec = rows[dims == dim].iloc[0]
        lo, hi, kind = float(spec["scale_min"]), float(spec["scale_max"]), spec["kind"]
        xd = x[:, dims == dim]
        present = ~np.isnan(xd)
        answered, total = present.sum(axis=1), np.where(present, xd, 0.0).sum(axis=1)
        with np.errstate(invalid="ignore"):
            mid = (lo + hi) / 2
            bands = (
                (xd >= 9, (xd > 6) & (xd < 9), xd <= 6)
                if kind == "nps"
                else (xd > mid, xd == mid, xd < mid)
            )
        band_counts = np.stack([b.sum(axis=1) for b in bands], axis=1)
        for s, segment in enumerate(segments):
            part = slice(bounds[s], bounds[s + 1])
            has = answered[part] > 0
            n = int(has.sum())
            mean = float((total[part][has] / answered[part][has]).mean()) if n else np.nan
            counts = band_counts[part].sum(axis=0)
            pct = counts / counts.sum() * 100 if counts.sum() else np.full(3, np.nan)
            records.append((
                segment, dim, spec["instrument"], n, round(mean, 2),
                round((mean - lo) / (hi - lo) * 100, 1), *np.round(pct, 1),
                round(scoring._alpha_pairwise(xd[part]), 3),
            ))  # fmt: skip
    return pd.DataFrame(records, columns=scoring.SUMMARY_COLUMNS).astype({"n": "int64"})


def test_summaries_equal_their_old_definition_exactly():
    rng = np.random.default_rng(8)
    for _ in range(5):
        items, table, segments = _random_survey(rng)
        for by in (None, segments, segments.iloc[rng.permutation(len(segments))]):
            pd.testing.assert_frame_equal(
                scoring.summarise(items, table, by=by),
                _old_summarise(items, table, by),
                check_exact=True,
            )


def _old_compare(before, after, seg_before, seg_after, k):
    """waves.compare_waves' rows before it counted with numpy (groupby per dimension)."""
    lab_b = anonymity.segment_labels(seg_before).reindex(before.index)
    lab_a = anonymity.segment_labels(seg_after).reindex(after.index)
    segments = sorted(set(lab_b) | set(lab_a), key=str)
    records = []
    for dim in before.columns:
        vb, va = before[dim], after[dim]

        def hidden(values, labels):
            counts = values.notna().groupby(labels).sum().reindex(segments, fill_value=0)
            return anonymity.suppression_mask(counts, k).to_dict()

        hide_b, hide_a = hidden(vb, lab_b), hidden(va, lab_a)
        groups_b, groups_a = vb.dropna().groupby(lab_b).indices, va.dropna().groupby(lab_a).indices
        xb_all, xa_all = vb.dropna().to_numpy(), va.dropna().to_numpy()
        records.append(waves._row(ALL, dim, xb_all, xa_all, len(xb_all) < k or len(xa_all) < k))
        for segment in segments:
            xb = xb_all[groups_b.get(segment, np.array([], dtype=int))]
            xa = xa_all[groups_a.get(segment, np.array([], dtype=int))]
            records.append(waves._row(segment, dim, xb, xa, hide_b[segment] or hide_a[segment]))
    return records


def test_the_change_between_waves_equals_its_old_definition():
    rng = np.random.default_rng(4)
    items_b, table, seg_b = _random_survey(rng, 2000)
    items_a, _, seg_a = _random_survey(rng, 2500)
    seg_a = seg_a.where(rng.random(len(seg_a)) > 0.02, "")  # a few not given
    before = scoring.respondent_scores(items_b, table)
    after = scoring.respondent_scores(items_a, table)
    got = waves.compare_waves(before, after, seg_b, seg_a, k=5)
    expected = pd.DataFrame.from_records(
        _old_compare(before, after, seg_b, seg_a, 5), columns=waves.COLUMNS
    )
    key = ["segment", "dimension"]
    expected = expected.set_index(key).loc[got.set_index(key).index].reset_index()
    expected = expected.astype({c: float for c in waves.NUMBERS} | {"significant": bool})
    pd.testing.assert_frame_equal(got, expected.astype({"suppressed": bool}), check_exact=True)


def test_scoring_still_refuses_answers_off_the_scale():
    rng = np.random.default_rng(2)
    items, table, _ = _random_survey(rng, 50)
    items.iloc[7, 1] = 9.0
    with pytest.raises(InputError, match="outside the scale 1-5"):
        scoring.summarise(items, table)
    items.iloc[7, 1] = np.inf
    with pytest.raises(InputError, match="outside the scale"):
        scoring.respondent_scores(items, table)


def test_writing_a_frozen_copy_by_distinct_cells_equals_the_csv_writer():
    rng = random.Random(2)
    chars = ["a", " ", ",", '"', "\r", "\n", "\t", ";", "é", "'", "\\", "\x1c", "=", ""]
    for _ in range(300):
        width = rng.randint(1, 5)
        rows = [
            ["".join(rng.choice(chars) for _ in range(rng.randint(0, 4))) for _ in range(width)]
            for _ in range(rng.randint(1, 20))
        ]
        drop = rng.sample(range(width), rng.randint(0, width - 1))
        expected = scrub._csv_bytes(scrub.without_columns(rows, drop))
        assert scrub._table_csv_bytes(np.array(rows, dtype=object), drop) == expected, rows


def test_csv_writer_round_trip_helper_is_what_scrub_writes():
    rows = [["a", "b, c"], [], ['say "hi"']]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert scrub._csv_bytes(rows) == buffer.getvalue().encode("utf-8-sig")
