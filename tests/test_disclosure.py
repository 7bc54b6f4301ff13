"""Disclosure control: primary and secondary suppression on one- and two-way tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifelong_analysis import disclosure
from lifelong_analysis.disclosure import SUPPRESSED, TOTAL
from lifelong_analysis.outputs import write_table


def lines_ok(mask: pd.DataFrame) -> bool:
    """Every row and column of the table with margins has 0 or at least 2 suppressed entries."""
    m = mask.to_numpy()
    return all(s != 1 for s in m.sum(axis=1)) and all(s != 1 for s in m.sum(axis=0))


def test_primary_rule():
    assert disclosure.primary_mask(pd.Series([0, 1, 4, 5, 9]), k=5).tolist() == [False, True, True, False, False]
    assert disclosure.primary_mask(pd.Series([0, 5]), k=5, protect_zeros=True).tolist() == [True, False]
    with pytest.raises(ValueError, match="k"):
        disclosure.primary_mask(pd.Series([1]), k=0)


def test_one_way_table_single_small_cell_is_protected_from_the_total():
    # a = 3 alone would be recovered as 25 - 10 - 12, so the next smallest (10) is hidden too
    t = disclosure.suppress_table(pd.Series([3, 10, 12], index=["a", "b", "c"]), k=5)
    assert t.to_dict() == {"a": SUPPRESSED, "b": SUPPRESSED, "c": 12, TOTAL: 25}
    # without margins only the primary cell goes
    t = disclosure.suppress_table(pd.Series([3, 10, 12], index=["a", "b", "c"]), k=5, margins=False)
    assert t.tolist() == [SUPPRESSED, 10, 12]


def test_two_way_single_suppressed_cell_in_a_row_is_not_recoverable():
    counts = pd.DataFrame({"a": [10, 8, 15], "b": [3, 9, 11], "c": [12, 20, 14]}, index=["x", "y", "z"])
    mask = disclosure.suppression_mask(counts, k=5)
    # primary: (x, b) = 3.  Row x: alone it equals 25 - 10 - 12 -> hide the smallest other, (x, a) = 10.
    # Column b: hide (y, b) = 9.  Column a: (x, a) alone -> hide (y, a) = 8.  Row y now has two.
    expected = {("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")}
    assert {(r, c) for r in mask.index for c in mask.columns if mask.loc[r, c]} == expected
    assert lines_ok(mask)
    t = disclosure.suppress_table(counts, k=5)
    assert t.loc["x", "b"] == SUPPRESSED and t.loc["x", TOTAL] == 25 and t.loc[TOTAL, TOTAL] == 102


def test_small_margin_is_suppressed_and_protected():
    # row y totals 3 (< 5): its cells and its total are primary; the columns then need complements
    counts = pd.DataFrame({"a": [10, 1, 7], "b": [12, 2, 9]}, index=["x", "y", "z"])
    mask = disclosure.suppression_mask(counts, k=5)
    assert mask.loc["y"].all()  # 1, 2 and the total 3
    assert lines_ok(mask)
    # column a: (y, a) hidden -> smallest other is (z, a) = 7
    assert mask.loc["z", "a"] and mask.loc["z", "b"]
    assert not mask.loc["x"].any()


def test_zero_cells_are_not_sensitive_by_default():
    counts = pd.DataFrame({"a": [0, 10], "b": [12, 20]}, index=["x", "y"])
    assert not disclosure.suppression_mask(counts, k=5).to_numpy().any()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_property_no_small_count_shown_and_no_line_with_one_suppression(n_rows, n_cols, data):
    values = data.draw(st.lists(st.integers(0, 30), min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    counts = pd.DataFrame(np.array(values).reshape(n_rows, n_cols),
                          index=[f"r{i}" for i in range(n_rows)], columns=[f"c{j}" for j in range(n_cols)])
    mask = disclosure.suppression_mask(counts, k=5)
    full = disclosure.with_margins(counts)
    shown = full.to_numpy()[~mask.to_numpy()]
    assert not ((shown > 0) & (shown < 5)).any()
    if n_cols > 1:
        assert lines_ok(mask)
    else:  # one-way: the column with its total
        assert mask.iloc[:, 0].sum() != 1


def test_suppress_groups_one_way_secondary_and_total():
    d = pd.DataFrame({"sector": ["a", "b", "c", "all"], "n": [3, 8, 20, 31], "mean": [1.0, 2.0, 3.0, 2.5]})
    out = disclosure.suppress_groups(d, group_column="sector", count_column="n", k=5)
    assert out["n"].tolist() == [SUPPRESSED, SUPPRESSED, 20, 31]
    assert out["mean"].tolist() == [SUPPRESSED, SUPPRESSED, 3.0, 2.5]
    # two small groups protect each other: no secondary needed
    d2 = d.assign(n=[3, 4, 20, 27])
    assert disclosure.suppress_groups(d2, group_column="sector", count_column="n", k=5)["n"].tolist() == [
        SUPPRESSED, SUPPRESSED, 20, 27]
    # within each area separately
    d3 = pd.concat([d.assign(area="x"), d.assign(area="y", n=[9, 8, 20, 37])], ignore_index=True)
    out3 = disclosure.suppress_groups(d3, group_column="sector", count_column="n", k=5, within=["area"])
    assert out3["n"].tolist() == [SUPPRESSED, SUPPRESSED, 20, 31, 9, 8, 20, 37]


def test_suppress_cells_tidy_two_way():
    d = pd.DataFrame({
        "g": ["a", "a", "b", "b", "c", "c"], "lvl": ["lo", "hi"] * 3,
        "count": [2, 9, 7, 9, 12, 15], "share": [0.18, 0.82, 0.44, 0.56, 0.44, 0.56],
    })
    out = disclosure.suppress_cells(d, row="g", column="lvl", count_column="count", k=5)
    # (a, lo) primary; row a -> (a, hi); column lo -> (b, lo) = 7; column hi -> (b, hi) = 9
    assert out["count"].tolist() == [SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, 12, 15]
    assert out["share"].tolist()[:4] == [SUPPRESSED] * 4
    disclosure.check_no_small_cells(out, count_columns=["count"], k=5)
    with pytest.raises(ValueError, match="below 5"):
        disclosure.check_no_small_cells(d, count_columns=["count"], k=5)


def test_write_table_still_suppresses_rows(tmp_path):
    df = pd.DataFrame({"group": ["a", "b"], "n": [3, 12], "share": [0.5, 0.25]})
    p = write_table(df, tmp_path / "t.csv", count_column="n", min_cell_size=5)
    back = pd.read_csv(p, dtype=str)
    assert back["n"].tolist() == [":", "12"] and back["share"].tolist() == [":", "0.25"]


def test_bridge_cell_between_two_hidden_blocks_is_detected_and_protected():
    # hidden blocks {r0,r1}x{c0,c1} and {r2,r3}x{c2,c3} plus the bridge (r1, c2): every line has >= 2 hidden,
    # yet rows r0 + r1 minus columns c0 + c1 give the bridge exactly.
    mask = np.zeros((5, 5), dtype=bool)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        mask[i, j] = True
    assert disclosure.exposed_cells(mask) == [(1, 2)]
    # a plain 2x2 block is safe
    block = np.zeros((4, 4), dtype=bool)
    block[:2, :2] = True
    assert disclosure.exposed_cells(block) == []
    # one hidden cell in a row is exposed
    single = np.zeros((3, 3), dtype=bool)
    single[0, 0] = True
    assert disclosure.exposed_cells(single) == [(0, 0)]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5), st.integers(2, 5), st.data())
def test_property_no_hidden_cell_is_determined_by_the_sums(n_rows, n_cols, data):
    values = data.draw(st.lists(st.integers(0, 25), min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    counts = pd.DataFrame(np.array(values).reshape(n_rows, n_cols))
    mask = disclosure.suppression_mask(counts, k=5)
    assert disclosure.exposed_cells(mask.to_numpy()) == []
