"""The attacker's audit (:func:`disclosure.audit`) against an exact oracle.

The oracle: for every sensitive cell, its smallest and largest value over all non-negative integer
tables that reproduce the published cells, each by its own integer program (``scipy.optimize.milp``),
the definition the audit must meet however it gets there (witness tables, the warm LP, the integer
program that pushes many cells apart at once, single integer programs).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from lifelong_analysis.stats import disclosure
from test_disclosure import _triangles


def _oracle(X, atom_n, published, vectors):
    P = X[:, published]
    b = P.T @ atom_n
    cons = LinearConstraint(P.T, b, b)
    ub = np.full(X.shape[0], atom_n.sum() * 2 + 10.0)
    out = []
    for v in vectors:
        lo = milp(v, constraints=cons, integrality=np.ones(len(v)), bounds=Bounds(0, ub))
        hi = milp(-v, constraints=cons, integrality=np.ones(len(v)), bounds=Bounds(0, ub))
        out.append((round(lo.fun), round(-hi.fun)))
    return out


def _instance(seed):
    """Random overlapping groupings of 40–90 records, as notebook tables make them: inner cells are
    the combinations of three groupings; published are the margins of every grouping and some
    two-way cells."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 90))
    a, b, c = rng.integers(0, 3, n), rng.integers(0, 3, n), rng.integers(0, 2, n)
    combos, atom_n = np.unique(np.column_stack([a, b, c]), axis=0, return_counts=True)
    cols = []
    for j, levels in ((0, 3), (1, 3), (2, 2)):
        cols += [combos[:, j] == lv for lv in range(levels)]
    cols += [(combos[:, 0] == i) & (combos[:, 1] == k) for i in range(3) for k in range(3)]
    X = np.array(cols, dtype=float).T
    return X, atom_n.astype(float)


@pytest.mark.parametrize("seed", range(8))
def test_failures_are_exactly_the_cells_pinned_within_the_width(seed):
    X, atom_n = _instance(seed)
    rng = np.random.default_rng(100 + seed)
    two_way = list(range(8, X.shape[1]))
    hidden = sorted(rng.choice(two_way, size=4, replace=False).tolist())
    published = [j for j in range(X.shape[1]) if j not in hidden]
    sens = {f"c{j}": X[:, j] for j in hidden}
    result = disclosure.audit(X, atom_n, published, sens, width=1)
    exact = dict(zip(sens, _oracle(X, atom_n, published, list(sens.values()))))
    pinned = {name for name, (lo, hi) in exact.items() if hi - lo <= 2}
    assert set(result["failures"]) == pinned
    for name, (lo, hi) in result["intervals"].items():
        # failing cells get their exact interval; a safe one at least a range wider than 2 × width
        # that integer tables reach (inside the exact one)
        if name in pinned:
            assert (lo, hi) == exact[name]
        else:
            assert exact[name][0] <= lo and hi <= exact[name][1] and hi - lo > 2


def test_the_solver_prints_nothing_into_a_report():
    # HiGHS prints a banner to the C-level stdout when the first model is made; a kernel would show it
    code = ("import numpy as np; from lifelong_analysis.stats import disclosure as d; "
            "X = np.array([[1., 1.], [1., 0.]]); "
            "d.audit(X, np.array([3., 4.]), [0], {'c': X[:, 1]}, width=1)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "" and "HiGHS" not in out.stderr


def _first_audit_model(monkeypatch, sector):
    """The model of the first audit round of notebook 02's release on the shipped survey."""
    from lifelong_analysis.analysis import skills
    from lifelong_analysis.data.readers import load_dataset

    survey = load_dataset(None, kinds=["skills_survey"]).skills_survey
    survey = survey[survey["kommunenummer"].astype(str) == "5001"]
    seen = []

    def first(X, atom_n, published_cols, sensitive, **kw):
        seen.append((X, atom_n, published_cols, sensitive))
        raise KeyboardInterrupt  # stop protect() after the first round's model is built

    monkeypatch.setattr(disclosure, "audit", first)
    with pytest.raises(KeyboardInterrupt):
        skills.report_release(survey, sector=sector, weight_column="weight").protect()
    monkeypatch.undo()
    return seen[0]


def test_a_search_near_the_true_table_is_sound_and_errs_on_the_side_of_hiding(monkeypatch):
    # notebook 02's first audit round for health care (481 answers): the exact audit against one whose
    # integer programs only look within ±window records of the true inner cells (what a national-scale
    # model gets).  The limited search may fail more cells, never fewer, and every interval it gives is
    # reached by integer tables, so it lies inside the exact one
    X, atom_n, pub, sens = _first_audit_model(monkeypatch, "health_care")
    exact = disclosure.audit(X, atom_n, pub, sens)
    assert exact["exact"] and exact["push_solves"] > 0  # the integer programs are exercised
    for window in (1, 5):
        near = disclosure.audit(X, atom_n, pub, sens, window=window)
        assert not near["exact"]
        assert set(exact["failures"]) <= set(near["failures"])
        for name, (lo, hi) in near["intervals"].items():
            e_lo, e_hi = exact["intervals"][name]
            if name in exact["failures"]:  # exact: the true interval; the limited one lies inside it
                assert e_lo <= lo and hi <= e_hi
            elif name not in near["failures"]:  # both safe: integer tables reach more than ±2 either way
                assert hi - lo > 4 and e_hi - e_lo > 4
    one = disclosure.audit(X, atom_n, pub, sens, window=1)
    assert len(one["failures"]) > len(exact["failures"])  # ±1 record is too near: it hides more


def test_a_large_model_also_moves_only_the_sensitive_inner_cells_and_stays_sound(monkeypatch):
    # notebook 02's first audit round for health care, padded with 700 inner cells that no sensitive
    # cell touches (each alone in a published cell, as most of a national-scale model's inner cells
    # are far from any hidden cell), and taken as a large model: the search near the true table
    # also runs push programs over the 493 inner cells inside some sensitive cell only (the rest
    # keep their true counts).  Every table they give must reproduce all published cells, so the
    # result stays sound against the exact audit of the unpadded model
    X, atom_n, pub, sens = _first_audit_model(monkeypatch, "health_care")
    exact = disclosure.audit(X, atom_n, pub, sens)
    pad = 700
    Xp = np.zeros((X.shape[0] + pad, X.shape[1] + pad))
    Xp[: X.shape[0], : X.shape[1]] = X
    Xp[X.shape[0]:, X.shape[1]:] = np.eye(pad)
    atom_p = np.concatenate([atom_n, np.arange(pad) % 7 + 1.0])
    pub_p = list(pub) + list(range(X.shape[1], X.shape[1] + pad))
    sens_p = {name: np.concatenate([v, np.zeros(pad)]) for name, v in sens.items()}
    sizes = []
    real_milp = disclosure.milp

    b = Xp[:, pub_p].T @ atom_p
    tables = []

    def counting_milp(c, **kw):
        sizes.append(len(c))
        m = real_milp(c, **kw)
        if X.shape[0] < len(c) < Xp.shape[0] and m.x is not None:  # a local program: its table, whole
            tables.append(np.concatenate([np.round(m.x[: X.shape[0]]), atom_p[X.shape[0]:]]))
        return m

    monkeypatch.setattr(disclosure, "milp", counting_milp)
    monkeypatch.setattr(disclosure, "LARGE_MODEL", Xp.shape[0] - 1)
    near = disclosure.audit(Xp, atom_p, pub_p, sens_p)
    assert not near["exact"]
    local = int((np.array(list(sens.values())) != 0).any(axis=0).sum())
    assert local == X.shape[0] == 493
    # the local push programs ran: integer variables for the 493 inner cells (and one indicator per
    # cell and direction), against 1 193 for a program over every inner cell
    assert any(local < n < Xp.shape[0] for n in sizes) and tables
    for table in tables:  # with the inner cells that kept their counts, it gives every published cell
        assert np.array_equal(Xp[:, pub_p].T @ table, b) and table.min() >= 0
    assert any((np.array(list(sens_p.values())) @ table != np.array(list(sens_p.values())) @ atom_p).any()
               for table in tables)  # and they move sensitive cells
    assert len(near["failures"]) == len(exact["failures"]) == 16  # here the limited search loses nothing
    assert set(exact["failures"]) <= set(near["failures"])
    for name, (lo, hi) in near["intervals"].items():
        e_lo, e_hi = exact["intervals"][name]
        if name in exact["failures"]:
            assert e_lo <= lo and hi <= e_hi
        elif name not in near["failures"]:  # integer tables more than ±2 apart, in both audits
            assert hi - lo > 4 and e_hi - e_lo > 4


def test_large_models_get_the_search_near_the_true_table(monkeypatch):
    X, atom_n, pub, h = _triangles(4)  # H ∈ [0, 4] over the integers (tests/test_disclosure.py)
    assert disclosure.audit(X, atom_n, pub, {"H": h}, width=2)["exact"]
    monkeypatch.setattr(disclosure, "LARGE_MODEL", X.shape[0] - 1)
    limited = disclosure.audit(X, atom_n, pub, {"H": h}, width=2)
    assert not limited["exact"]
    # the triangles' inner cells are 0 or 1 (every published cell is 1), so ±WINDOW covers every
    # table: the limited search finds the exact interval, H ∈ [0, 4] over the integers, and fails it
    assert limited["intervals"]["H"] == (0.0, 4.0) and "H" in limited["failures"]
    with pytest.raises(ValueError, match="window"):
        disclosure.audit(X, atom_n, pub, {"H": h}, window=0)


def test_stopping_at_the_lp_failures_reports_only_certain_ones(monkeypatch):
    # notebook 02's first audit round for health care: 13 cells are narrow in the LP bounds already.
    # Stopped there, the audit runs no integer program, its failures are exactly the LP-only audit's,
    # each of them fails in the exact audit too, and its LP interval contains the exact one
    X, atom_n, pub, sens = _first_audit_model(monkeypatch, "health_care")
    early = disclosure.audit(X, atom_n, pub, sens, stop_at_lp_failures=True)
    lp_only = disclosure.audit(X, atom_n, pub, sens, max_ilp=0)
    exact = disclosure.audit(X, atom_n, pub, sens)
    assert not early["complete"] and exact["complete"]
    assert early["ilp_solves"] == 0 and early["push_solves"] == 0
    assert set(early["failures"]) == set(lp_only["failures"]) and len(early["failures"]) == 13
    assert set(early["failures"]) < set(exact["failures"])  # the integers pin more: the later rounds see them
    for name in early["failures"]:
        lo, hi = early["intervals"][name]
        e_lo, e_hi = exact["intervals"][name]
        assert lo <= e_lo and e_hi <= hi and hi - lo <= 4


def test_with_no_lp_failure_the_audit_goes_on_to_the_integers():
    # the triangles: H ∈ [0, 4] over the integers but wider in the LP (tests/test_disclosure.py), so
    # nothing stops the audit early and it finds the integer failure as without the option
    X, atom_n, pub, h = _triangles(4)
    early = disclosure.audit(X, atom_n, pub, {"H": h}, width=2, stop_at_lp_failures=True)
    assert early["complete"] and early["intervals"]["H"] == (0.0, 4.0) and "H" in early["failures"]
    assert disclosure.audit(X, atom_n, pub, {"H": h}, width=2, max_ilp=0)["failures"] == {}


def test_protect_proves_with_integers_only_a_pattern_that_passes_the_lp_audit(monkeypatch):
    # notebook 02, health care: the rounds that fix cells narrow in the LP run no integer program;
    # one complete audit proves the final pattern, and the pattern passes the exact attack
    from lifelong_analysis.analysis import skills
    from lifelong_analysis.data.readers import load_dataset

    survey = load_dataset(None, kinds=["skills_survey"]).skills_survey
    survey = survey[survey["kommunenummer"].astype(str) == "5001"]
    rounds = []
    audit = disclosure.audit

    def logged(*a, **kw):
        out = audit(*a, **kw)
        rounds.append((out["complete"], out["ilp_solves"] + out["push_solves"], len(out["failures"])))
        return out

    monkeypatch.setattr(disclosure, "audit", logged)
    rel = skills.report_release(survey, sector="health_care", weight_column="weight")
    res = rel.protect()
    monkeypatch.undo()
    assert [c for c, _, _ in rounds] == [False] * (len(rounds) - 1) + [True] and len(rounds) >= 2
    assert all(n_int == 0 and fails > 0 for c, n_int, fails in rounds if not c)
    assert rounds[-1][1] > 0 and rounds[-1][2] == 0  # the integer programs ran once, and found nothing
    published = {c for c, (s, _) in res.status.items() if s == "published"}
    attack = rel.attack(published)
    assert attack["failures"] == {} and attack["exact"] and attack["narrowest"] > 4


def test_cells_known_wide_in_the_lp_give_the_same_audit_with_fewer_lps(monkeypatch):
    # notebook 02, health care, first round: the cells wide in the LP-only audit are passed as known
    # wide (as a later round passes them); the failures and the failing intervals stay the same, and
    # the LP bounds of the cells the integer tables settle are never computed
    X, atom_n, pub, sens = _first_audit_model(monkeypatch, "health_care")
    lp_only = disclosure.audit(X, atom_n, pub, sens, max_ilp=0)
    wide = [n for n in sens if n not in lp_only["failures"]]
    assert set(lp_only["lp_wide"]) == set(wide)
    plain = disclosure.audit(X, atom_n, pub, sens)
    given = disclosure.audit(X, atom_n, pub, sens, lp_wide=wide)
    assert given["failures"].keys() == plain["failures"].keys()
    assert {n: given["intervals"][n] for n in given["failures"]} == {n: plain["intervals"][n] for n in plain["failures"]}
    assert given["lp_solves"] < plain["lp_solves"]


@pytest.mark.parametrize("seed", range(4))
def test_the_lp_without_presolve_gives_the_same_bounds(seed):
    # a large model's LP skips HiGHS's presolve (its search for dependent published cells was most of
    # each fix round's first solve at 50 000 answers).  These models have dependent rows (the three
    # groupings' margins each add up to all records), which presolve would remove; without it the
    # simplex must reach the same optimum, and both must equal scipy's linprog
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    X, atom_n = _instance(seed)
    P = X[:, : X.shape[1] - 2]  # all but two of the two-way cells published
    A = csr_matrix(P.T)
    b = P.T @ atom_n
    assert np.linalg.matrix_rank(P) < P.shape[1]  # dependent rows, as in a notebook's tables
    ub = np.full(X.shape[0], atom_n.sum() * 2 + 10.0)
    with_pre, without = disclosure._WarmLP(A, b, ub), disclosure._WarmLP(A, b, ub, presolve=False)
    for v in X[:, -2:].T:
        for sign in (1.0, -1.0):
            ref = linprog(sign * v, A_eq=P.T, b_eq=b, bounds=list(zip(np.zeros(len(ub)), ub)), method="highs")
            assert ref.status == 0
            for warm in (with_pre, without):
                x, value, _duals = warm.solve(sign * v)
                assert value == pytest.approx(ref.fun, abs=1e-7)
                assert np.abs(P.T @ x - b).max() < 1e-7 and x.min() > -1e-9
