"""Joint disclosure control (issue 10): hand-built tables an attacker could combine.

Each case is small enough to check by hand; the audit (integer/LP bounds of every hidden cell
from the published cells) must pass on the protected pattern and must catch a weakened one.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lifelong_analysis.reporting import publish
from lifelong_analysis.reporting.publish import CellStore
from lifelong_analysis.stats import disclosure
from lifelong_analysis.stats.disclosure import SUPPRESSED, DisclosureError, Release


def people(groups: dict) -> pd.DataFrame:
    """One row per person: {(sector, level): count}."""
    rows = []
    for (sector, level), n in groups.items():
        rows += [{"sector": sector, "level": level}] * n
    d = pd.DataFrame(rows)
    d["id"] = [f"p{i:04d}" for i in range(len(d))]
    return d


def by(column):
    return lambda row, f: (f[column] == row[column]).to_numpy()


def everyone(row, f):
    return f["id"].notna().to_numpy()


def add_counts(rel, name, frame, column, *, total=True):
    t = frame.groupby(column).size().rename("n").reset_index()
    rel.add_table(name, t, records=frame["id"], kind="t", frame=frame, cells={"n": by(column)}, count_columns=["n"])
    if total:
        rel.add_table(name + "_total", pd.DataFrame({"n": [len(frame)]}), records=frame["id"], kind="t",
                      frame=frame, cells={"n": everyone}, count_columns=["n"])


def published(result):
    return {k for k, (s, _r) in result.status.items() if s == "published"}


def test_a_one_hidden_cell_is_not_recoverable_from_the_margin():
    # sectors a=3, b=12, c=15 and the total 30: hiding a alone gives a = 30 - 12 - 15 = 3
    d = people({("a", "x"): 3, ("b", "x"): 12, ("c", "x"): 15})
    rel = Release(k=5)
    add_counts(rel, "by_sector", d, "sector")
    res = rel.protect()
    assert res.tables["by_sector"]["n"].tolist() == [SUPPRESSED, SUPPRESSED, 15]  # b (12) is the complement
    assert res.tables["by_sector_total"]["n"].tolist() == [30]
    assert (res.summary["primary"], res.summary["secondary"], res.summary["audit_passed"]) == (1, 1, True)
    # a ∈ [0, 15] given a + b = 15: wider than ±2
    assert res.summary["narrowest_width"] >= 5


def test_b_two_linked_tables_reveal_a_cell_that_each_alone_protects():
    # The case: a group of 481 by level hides "not assessed" (4) and "no skills" (1); a second
    # table publishes the 477 internet users of the same group: 481 - 477 = 4, then no skills = 1.
    d = people({("g", "not_assessed"): 4, ("g", "no"): 1, ("g", "low"): 200, ("g", "basic"): 276})
    levels = d.groupby("level").size().rename("n").reset_index()
    rel = Release(k=5)
    rel.add_table("levels", levels, records=d["id"], kind="t", frame=d, cells={"n": by("level")}, count_columns=["n"])
    rel.add_table("group", pd.DataFrame({"n": [481]}), records=d["id"], kind="t", frame=d,
                  cells={"n": everyone}, count_columns=["n"])
    users = d[d["level"] != "not_assessed"]
    rel.add_table("internet_users", pd.DataFrame({"n": [477]}), records=d["id"], kind="t", frame=d,
                  cells={"n": lambda row, f: (f["level"] != "not_assessed").to_numpy()}, count_columns=["n"])
    assert len(users) == 477
    res = rel.protect()
    shown = {name: res.tables[name]["n"].tolist() for name in ("group", "internet_users")}
    # not both of 481 and 477 may be shown (their difference is the hidden 4)
    assert SUPPRESSED in shown["group"] + shown["internet_users"]
    lv = res.tables["levels"].set_index("level")["n"]
    assert lv["not_assessed"] == SUPPRESSED and lv["no"] == SUPPRESSED
    assert res.summary["audit_passed"]
    # each table alone (levels + group) would publish 481: the joint pattern differs from the per-table one
    alone = Release(k=5)
    alone.add_table("levels", levels, records=d["id"], kind="t", frame=d, cells={"n": by("level")})
    alone.add_table("group", pd.DataFrame({"n": [481]}), records=d["id"], kind="t", frame=d, cells={"n": everyone})
    assert alone.protect().tables["group"]["n"].tolist() == [481]


def test_c_overlapping_groups_that_differ_by_one_person():
    # report "all sectors" (40 people) and report "health care" (39 of them): the levels of both
    # would give away the level of the one person outside health care
    d = people({("health_care", "low"): 19, ("health_care", "basic"): 20, ("school", "basic"): 1})
    health = d[d["sector"] == "health_care"]
    rel = Release(k=5)
    for name, frame in (("all", d), ("health", health)):
        t = frame.groupby("level").size().rename("n").reset_index()
        rel.add_table(name, t, records=frame["id"], kind="t", frame=frame, cells={"n": by("level")},
                      count_columns=["n"])
    res = rel.protect()
    a = res.tables["all"].set_index("level")["n"]
    h = res.tables["health"].set_index("level")["n"]
    # "basic": 21 vs 20 must not both be shown; "low" (19 in both) may be
    assert SUPPRESSED in (a["basic"], h["basic"])
    assert a["low"] == h["low"] == 19
    assert res.summary["implied"] == 1 and res.summary["audit_passed"]


def test_audit_catches_a_weakened_pattern():
    d = people({("a", "x"): 3, ("b", "x"): 12, ("c", "x"): 15})
    rel = Release(k=5)
    add_counts(rel, "by_sector", d, "sector")
    res = rel.protect()
    assert rel.attack(published(res))["failures"] == {}
    weak = published(res) | {k for k, (s, _r) in res.status.items() if s == "secondary"}
    found = rel.attack(weak)
    assert len(found["failures"]) == 1
    (interval,) = [found["intervals"][k] for k in found["failures"]]
    assert interval == (3.0, 3.0)  # the primary cell pinned exactly: 30 - 12 - 15


def test_dominance_rule_hides_a_cell_with_one_large_contributor():
    d = people({("a", "x"): 6, ("b", "x"): 6, ("c", "x"): 6})
    d["nok"] = 100.0
    d.loc[0, "nok"] = 10_000.0  # one person holds 10000 / 10500 = 95 % of sector a
    t = d.groupby("sector").agg(n=("id", "size"), nok=("nok", "sum")).reset_index()
    rel = Release(k=5)
    rel.add_table("cost", t, records=d["id"], kind="t", frame=d, cells={("n", "nok"): by("sector")},
                  count_columns=["n"], amounts={"nok": d["nok"]})
    res = rel.protect()
    assert res.tables["cost"]["nok"].tolist()[0] == SUPPRESSED
    assert res.summary["primary"] == 1


def test_zero_cells_are_published_unless_protected():
    d = people({("a", "x"): 10, ("b", "x"): 10})
    t = pd.DataFrame({"sector": ["a", "b", "c"], "n": [10, 10, 0]})
    for protect_zeros, expected in ((False, [10, 10, 0]), (True, [SUPPRESSED, SUPPRESSED, SUPPRESSED])):
        rel = Release(k=5, protect_zeros=protect_zeros)
        rel.add_table("t", t, records=d["id"], kind="t", frame=d, cells={"n": by("sector")})
        rel.add_table("total", pd.DataFrame({"n": [20]}), records=d["id"], kind="t", frame=d, cells={"n": everyone})
        out = rel.protect().tables["t"]["n"].tolist()
        if protect_zeros:
            assert out[2] == SUPPRESSED  # the empty cell is primary; its complements are whatever Gauss needs
        else:
            assert out == expected


def test_shares_and_effective_sizes_follow_their_count_and_are_rounded():
    d = people({("a", "x"): 3, ("b", "x"): 12, ("c", "x"): 15})
    t = d.groupby("sector").size().rename("n").reset_index()
    t["share"] = t["n"] / 30
    t["n_eff"] = t["n"] * 0.987654
    rel = Release(k=5)
    rel.add_table("t", t, records=d["id"], kind="t", frame=d, cells={("n", "share", "n_eff"): by("sector")})
    rel.add_table("total", pd.DataFrame({"n": [30]}), records=d["id"], kind="t", frame=d, cells={"n": everyone})
    out = rel.protect().tables["t"]
    assert out["share"].tolist() == [SUPPRESSED, SUPPRESSED, 0.5]
    assert out["n_eff"].tolist() == [SUPPRESSED, SUPPRESSED, 14.8]  # 15 × 0.987654 = 14.81 -> 14.8


def test_cell_store_keeps_the_pattern_across_runs(tmp_path):
    d = people({("a", "x"): 3, ("b", "x"): 12, ("c", "x"): 15})
    store = CellStore(tmp_path / "store.json")
    first = Release(k=5, store=store)
    add_counts(first, "by_sector", d, "sector")
    r1 = first.protect()
    # a second run publishes b alone: it must stay hidden, as in the first run
    second = Release(k=5, store=store)
    b = d[d["sector"] == "b"]
    second.add_table("b_only", pd.DataFrame({"n": [12]}), records=d["id"], kind="t", frame=d,
                     cells={"n": lambda row, f: (f["sector"] == "b").to_numpy()})
    r2 = second.protect()
    assert len(b) == 12
    assert r1.tables["by_sector"]["n"].tolist()[1] == SUPPRESSED
    assert r2.tables["b_only"]["n"].tolist() == [SUPPRESSED]
    # deterministic: the same cells give the same pattern
    again = Release(k=5)
    add_counts(again, "by_sector", d, "sector")
    assert again.protect().tables["by_sector"].equals(r1.tables["by_sector"])


def test_perturbation_is_the_same_for_the_same_cell_and_masks_a_one_person_difference():
    d = people({("a", "x"): 40, ("b", "x"): 12, ("c", "x"): 15})
    keys = disclosure.record_keys("secret")
    ids = [f"t:{i}" for i in d["id"]]
    assert disclosure.cell_key_noise(ids, keys) == disclosure.cell_key_noise(list(reversed(ids)), keys)
    counts = []
    for frame in (d, d.iloc[1:]):  # next month's file: one person fewer in sector a
        rel = Release(k=5, perturb=True, perturb_seed="secret")
        t = frame.groupby("sector").size().rename("n").reset_index()
        rel.add_table("t", t, records=frame["id"], kind="t", frame=frame, cells={"n": by("sector")},
                      count_columns=["n"])
        counts.append(rel.protect().tables["t"]["n"].tolist())
    assert counts[0][1:] == counts[1][1:]  # b and c: the same cells, the same noise
    assert all(abs(p - t) <= 2 for p, t in zip(counts[0], [40, 12, 15]))


def test_a_conflict_with_an_earlier_run_stops_with_a_clear_error(tmp_path):
    # run 1 published the total (30) and sectors b (12) and c (15) but not a; run 2 wants to publish a
    # (3, primary): it is already 30 - 12 - 15, and the earlier files cannot be unpublished
    d = people({("a", "x"): 3, ("b", "x"): 12, ("c", "x"): 15})
    store = CellStore(tmp_path / "store.json")
    first = Release(k=5, store=store)
    first.add_table("total", pd.DataFrame({"n": [30]}), records=d["id"], kind="t", frame=d, cells={"n": everyone})
    bc = d.groupby("sector").size().rename("n").reset_index().iloc[1:]
    first.add_table("bc", bc, records=d["id"], kind="t", frame=d, cells={"n": by("sector")})
    assert first.protect().tables["bc"]["n"].tolist() == [12, 15]
    second = Release(k=5, store=store)
    second.add_table("a", pd.DataFrame({"sector": ["a"], "n": [3]}), records=d["id"], kind="t", frame=d,
                     cells={"n": by("sector")})
    with pytest.raises(DisclosureError, match=r"narrowed to \[3, 3\]"):
        second.protect()


def test_provenance_lines():
    s = [{"k": 5, "primary": 2, "secondary": 3, "audit_passed": True, "width": 2, "perturbed": False}]
    assert publish.provenance_lines(s, "nb") == [
        "Personvern: 5 celler skjult (2 primært, 3 sekundært), k = 5; revisjonen er bestått "
        "(ingen skjult celle kan anslås innenfor ±2)."]
    # estimates hidden by gates (two runs: 7 + 14) are named beside the cells
    gated = [dict(s[0], gated=7), dict(s[0], gated=14, primary=0, secondary=0)]
    assert publish.provenance_lines(gated, "en") == [
        "Disclosure control: 5 cells suppressed (2 primary, 3 secondary), k = 5; audit passed (no hidden cell can be "
        "narrowed to ±2). 21 estimated values hidden (a count they rest on is below 5)."]


def test_check_no_small_cells():
    disclosure.check_no_small_cells(pd.DataFrame({"n": [":", 0, 7]}), count_columns=["n"], k=5)
    with pytest.raises(ValueError, match="below 5"):
        disclosure.check_no_small_cells(pd.DataFrame({"n": [3]}), count_columns=["n"], k=5)


def _triangles(t: int):
    """``t`` odd cycles: per triangle inner cells x1, x2, x3 and slacks s12, s13, s23; the published
    cells are the pair cells P_ij = x_i + x_j + s_ij (true value 1 each: x1 = 1, s23 = 1, the rest 0);
    the hidden cell H is the sum of every x.  Returns (X, atom_n, published columns, H vector)."""
    import numpy as np

    n_atoms, n_cells = 6 * t, 3 * t
    X = np.zeros((n_atoms, n_cells))
    atom_n = np.zeros(n_atoms)
    h = np.zeros(n_atoms)
    for j in range(t):
        x1, x2, x3, s12, s13, s23 = range(6 * j, 6 * j + 6)
        for c, members in enumerate(((x1, x2, s12), (x1, x3, s13), (x2, x3, s23))):
            X[list(members), 3 * j + c] = 1
        atom_n[[x1, s23]] = 1
        h[[x1, x2, x3]] = 1
    return X, atom_n, list(range(n_cells)), h


def test_the_integer_audit_catches_a_cell_the_lp_calls_safe():
    # Four triangles x1 + x2 <= 1, x1 + x3 <= 1, x2 + x3 <= 1 (the slack cells make the pair cells
    # inequalities).  The LP puts every x at 1/2: H reaches 4 × 1.5 = 6, so H ∈ [0, 6] looks safe
    # (wider than ±2).  Over whole numbers at most one x per triangle is 1: H ∈ [0, 4], which a
    # reader can pin to 2 ± 2: the audit must fail it.
    X, atom_n, pub, h = _triangles(4)
    lp_only = disclosure.audit(X, atom_n, pub, {"H": h}, width=2, max_ilp=0)
    assert lp_only["intervals"]["H"] == (0.0, 6.0) and lp_only["failures"] == {}
    exact = disclosure.audit(X, atom_n, pub, {"H": h}, width=2)
    assert exact["intervals"]["H"] == (0.0, 4.0)
    assert "H" in exact["failures"] and exact["ilp_solves"] >= 1
    # five triangles: H ∈ [0, 5] over the integers, wider than ±2: passes
    X, atom_n, pub, h = _triangles(5)
    five = disclosure.audit(X, atom_n, pub, {"H": h}, width=2)
    assert five["intervals"]["H"] == (0.0, 5.0) and five["failures"] == {}


def test_the_integer_audit_is_exact_when_no_integer_table_reaches_either_lp_bound():
    # K = the x's of triangles 0 and 1 (H_A: 0..2 over the integers, 3 in the LP) plus the slacks of
    # the others (each triangle's three slacks are 3 - 2 × its x's: 1 or 3, LP down to 0).  Neither
    # LP bound is an integer table, so the audit must find the integer minimum itself (a proof that
    # no table lies below the lowest one found, or a minimisation) before it asks about the maximum.
    import numpy as np

    def k_vector(t):
        X, atom_n, pub, _h = _triangles(t)
        k = np.zeros(X.shape[0])
        for j in range(t):
            k[[6 * j, 6 * j + 1, 6 * j + 2] if j < 2 else [6 * j + 3, 6 * j + 4, 6 * j + 5]] = 1
        return X, atom_n, pub, k

    X, atom_n, pub, k = k_vector(3)  # K in [0 + 1, 2 + 3] = [1, 5]: pinned to 3 ± 2
    assert float(k @ atom_n) == 3.0  # the true table: one x per triangle
    lp_only = disclosure.audit(X, atom_n, pub, {"K": k}, width=2, max_ilp=0)
    assert lp_only["intervals"]["K"] == (0.0, 6.0) and lp_only["failures"] == {}
    exact = disclosure.audit(X, atom_n, pub, {"K": k}, width=2)
    assert exact["intervals"]["K"] == (1.0, 5.0) and "K" in exact["failures"]
    # the same cells, but in the true table triangles 0 and 1 hold only slacks (K = 0 + 1, the
    # integer minimum, below which no table lies: the audit proves it rather than minimising)
    atom_n = atom_n.copy()
    for j in (0, 1):
        atom_n[6 * j: 6 * j + 6] = [0, 0, 0, 1, 1, 1]
    assert float(k @ atom_n) == 1.0
    exact = disclosure.audit(X, atom_n, pub, {"K": k}, width=2)
    assert exact["intervals"]["K"] == (1.0, 5.0) and "K" in exact["failures"]
    X, atom_n, pub, k = k_vector(4)  # K in [0 + 2, 2 + 6] = [2, 8]: wider than ±2
    exact = disclosure.audit(X, atom_n, pub, {"K": k}, width=2)
    assert exact["failures"] == {}
    lo, hi = exact["intervals"]["K"]
    assert 2.0 <= lo and hi <= 8.0 and hi - lo > 4  # two integer tables more than 4 apart


def test_the_audit_covers_secondary_cells_too():
    # case (a): a (3, primary) and b (12, its complement) are hidden; a + b = 30 - 15 = 15 is known,
    # so each lies in [0, 15] (the atoms are bounded by the published 15): both audited, both safe
    d = people({("a", "x"): 3, ("b", "x"): 12, ("c", "x"): 15})
    rel = Release(k=5)
    add_counts(rel, "by_sector", d, "sector")
    res = rel.protect()
    found = rel.attack(published(res))
    assert found["audited"] == 2 and found["failures"] == {}
    assert sorted(found["intervals"].values()) == [(0.0, 15.0), (0.0, 15.0)]
    # publishing c's half of the split is what pins a secondary cell: with a = 3 shown by mistake,
    # b = 15 - 3 is exact, and the audit names b (a secondary cell, 12 contributors)
    a_key = next(k for k, (s, _r) in res.status.items() if s == "primary")
    b_key = next(k for k, (s, _r) in res.status.items() if s == "secondary")
    weak = rel.attack(published(res) | {a_key})
    assert set(weak["failures"]) == {b_key} and weak["intervals"][b_key] == (12.0, 12.0)
