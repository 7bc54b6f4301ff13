"""A small municipality's data through the whole batch with the audit on (issue 10).

``reports_small.yaml`` runs notebooks 01, 02 (all sectors and health care) and 03 on the SYNTHETIC
``data/synthetic_small`` (5014 Frøya, 600 employees, 100 survey answers).  Every run must pass,
every report must state the disclosure control in its provenance box, the privacy scan (head-count
columns from the table definitions) must find nothing, and an attacker holding every report of the
batch must not narrow any hidden cell to within ±2.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.reporting import publish
from lifelong_analysis.runner import batch
from lifelong_analysis.stats import disclosure
from lifelong_analysis.reporting import report

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "data" / "synthetic_small"


@pytest.mark.notebook
def test_small_municipality_batch_passes_the_joint_audit(tmp_path):
    out = tmp_path / "out"
    res = batch.run_batch(ROOT / "reports_small.yaml", output_dir=out, progress=False)
    failed = [r["name"] + ": " + str(r.get("error")) for r in res["runs"] if r["status"] != "ok"]
    assert not failed
    assert res["ok"] == 4
    # the manifest says what the pre-plan did: every run planned, in how many seconds
    plan = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["disclosure_plan"]
    assert plan["runs_planned"] == 4 and plan["not_planned"] == {} and plan["seconds"] > 0
    pages = sorted(out.rglob("report.html"))
    assert len(pages) == 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Personvern:" in html and "revisjonen er bestått" in html and "k = 5" in html
        assert "Kort fortalt. :" not in html and "intervall :" not in html
    # every table of the batch: one cell store for the dataset, which holds all runs' cells
    stores = sorted((out / ".disclosure").glob("*.json"))
    assert len(stores) == 1
    found = publish.audit_store(publish.CellStore(stores[0]))
    assert found["failures"] == {}
    assert found["audited"] > 0 and found["narrowest"] > 4  # no hidden cell within ±2
    ids = set()
    for name, col in (("workforce.csv", "employee_id"), ("skills_survey.csv", "respondent_id")):
        ids |= set(pd.read_csv(SMALL / name, usecols=[col], dtype=str)[col])
    scan = report.scan_privacy([out], id_values=ids)
    assert scan.empty, scan.to_string()
    # the same cell is hidden in both notebook-02 reports (all sectors and health care)
    levels = {p.parent.parent.name: pd.read_csv(p, dtype=str) for p in out.glob("02_*/*/tables/dsi_levels.csv")}
    assert len(levels) == 2
    # the pre-plan protected while the runs started (their protect() waited for the store): the
    # pattern is still the plan's, cell by cell, as a plan made before any run gives it
    runs = [(str(r.notebook), {k: v["default"] for k, v in batch.notebook_parameters(r.notebook).items()}
             | dict(r.parameters)) for r in batch.load_config(ROOT / "reports_small.yaml")[0]]
    publish.plan_releases(runs, root=tmp_path / "first")
    alone = publish.CellStore(next((tmp_path / "first").glob("*.json"))).load()
    batched = publish.CellStore(stores[0]).load()
    assert {k: c["status"] for k, c in batched.items()} == {k: c["status"] for k, c in alone.items()}


def test_a_run_started_while_the_plan_protects_waits_for_the_planned_pattern(tmp_path):
    """The batch locks every store (ReleasePlan.hold) before its workers start and protects in a
    thread: a run's protect() in between waits for the store and then reads the plan's pattern."""
    from lifelong_analysis.data.readers import load_dataset

    plan = publish.prepare_releases(_small_runs(range(5)), root=tmp_path)
    assert plan.runs_planned() == 5 and len(plan.groups) == 1
    (path,) = {str(store.path) for store, _u, _r in plan.groups}
    plan.hold()
    ds = load_dataset(SMALL, kinds=["skills_survey"])
    rel = publish.skills_release(ds, municipality="5014", sector="health_care", group_by="sector",
                                 weight_column="weight", min_cell_size=5,
                                 release=disclosure.Release(k=5, store=publish.CellStore(path)))
    got = {}
    run = threading.Thread(target=lambda: got.update(result=rel.protect()))
    run.start()
    time.sleep(0.5)
    assert run.is_alive() and "result" not in got  # waiting for the store, not deciding alone
    summary = plan.protect()
    run.join(timeout=60)
    assert list(summary["stores"].values()) == [5] and summary["seconds"] > 0
    res = got["result"]
    assert res.status and all(reason == "earlier run" for _s, reason in res.status.values())
    planned = publish.CellStore(path).load()
    assert {k: s for k, (s, _r) in res.status.items()} == {k: planned[k]["status"] for k in res.status}
    assert "secondary" in {s for s, _r in res.status.values()}
    # the lock is re-entrant on the plan's own store object only, and let go after the plan
    store = plan.groups[0][0]
    with store.lock(), store.lock():
        assert store._depth == 2
    assert store._depth == 0


def test_a_failed_plan_lets_the_waiting_runs_go(tmp_path, monkeypatch):
    """If the pre-plan's protect fails, every held store is let go: the runs waiting for it protect
    their own tables against the store (the store's usual rules), and the error is raised."""
    plan = publish.prepare_releases(_small_runs([1]), root=tmp_path)
    plan.hold()

    def fail(self):
        raise disclosure.DisclosureError("disclosure audit failed: a test")

    monkeypatch.setattr(disclosure.Release, "protect", fail)
    with pytest.raises(disclosure.DisclosureError, match="a test"):
        plan.protect()
    store = publish.CellStore(plan.groups[0][0].path)  # another object: it would wait on a held lock
    done = []

    def take():
        with store.lock():
            done.append(1)

    waiter = threading.Thread(target=take)
    waiter.start()
    waiter.join(timeout=10)
    assert done == [1]


@pytest.mark.notebook
def test_a_batch_whose_plan_fails_says_so_and_its_runs_protect_their_own_tables(tmp_path, monkeypatch):
    """The pre-plan's thread fails (here: every protect() of the batch process raises): the run,
    in its own kernel, still protects its tables against the store and passes its audit, and the
    manifest carries the plan's error instead of its time."""

    def fail(self):
        raise disclosure.DisclosureError("disclosure audit failed: a test")

    monkeypatch.setattr(disclosure.Release, "protect", fail)  # the batch process only: kernels are new processes
    out = tmp_path / "out"
    res = batch.run_batch(ROOT / "reports_small.yaml", output_dir=out, only="03_*", workers=1, progress=False)
    assert [r["status"] for r in res["runs"]] == ["ok"], res["runs"]
    plan = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["disclosure_plan"]
    assert plan["error"] == "DisclosureError: disclosure audit failed: a test"
    assert plan["seconds"] is None and plan["runs_planned"] == 1
    (store,) = (out / ".disclosure").glob("*.json")
    cells = publish.CellStore(store).load()
    assert cells and {c["status"] for c in cells.values()} <= {"published", "primary", "secondary"}
    summary = json.loads(next(out.rglob("tables/disclosure.json")).read_text(encoding="utf-8"))
    assert summary["audit_passed"] is True


def _small_runs(order):
    """The runs of reports_small.yaml as (notebook, every parameter), plus notebook 04 on the same data."""
    runs = batch.load_config(ROOT / "reports_small.yaml")[0]
    nb04 = ROOT / "notebooks" / "04_competence_needs.ipynb"
    pairs = [(str(r.notebook), r.parameters) for r in runs]
    pairs.append((str(nb04), {"municipality": "5014", "data_dir": "data/synthetic_small"}))
    out = []
    for nb, params in pairs:
        defaults = {k: v["default"] for k, v in batch.notebook_parameters(nb).items()}
        out.append((nb, defaults | dict(params)))
    return [out[i] for i in order]


def test_the_pre_plan_gives_one_pattern_whatever_the_order_of_the_runs(tmp_path):
    n = len(_small_runs(range(5)))
    assert n == 5
    patterns = []
    for label, order in (("forward", range(n)), ("backward", reversed(range(n)))):
        plan = publish.plan_releases(_small_runs(list(order)), root=tmp_path / label)
        assert plan["skipped"] == {} and list(plan["stores"].values()) == [n]
        (store,) = (tmp_path / label).glob("*.json")
        cells = publish.CellStore(store).load()
        patterns.append({key: c["status"] for key, c in cells.items()})
    assert patterns[0] == patterns[1]  # cell by cell
    assert "primary" in patterns[0].values() and "secondary" in patterns[0].values()
    # a run then reads the decided pattern: all its cells are in the store, nothing is re-decided,
    # and it agrees with the plan whichever run comes first
    from lifelong_analysis.data.readers import load_dataset

    ds = load_dataset(SMALL, kinds=["skills_survey"])
    for label, pattern in zip(("forward", "backward"), patterns):
        store = next((tmp_path / label).glob("*.json"))
        rel = publish.skills_release(ds, municipality="5014", sector="health_care", group_by="sector",
                                     weight_column="weight", min_cell_size=5,
                                     release=disclosure.Release(k=5, store=publish.CellStore(store)))
        res = rel.protect()
        assert res.status and all(reason == "earlier run" for _s, reason in res.status.values())
        assert {k: s for k, (s, _r) in res.status.items()} == {k: pattern[k] for k in res.status}
    # and the union passes the attacker's audit (every hidden cell, secondary ones too)
    found = publish.audit_store(publish.CellStore(next((tmp_path / "forward").glob("*.json"))))
    assert found["failures"] == {} and found["narrowest"] > 4


def test_language_twins_are_planned_once_with_the_same_pattern(tmp_path):
    """The nb and en runs of a report build the same tables: the plan registers them once (both
    counted), and the pattern is the one the Norwegian run alone gets."""
    nb, en = (dict(p) for _nb, p in _small_runs([1, 1]))
    en["language"] = "en"
    notebook = _small_runs([1])[0][0]
    one = publish.plan_releases([(notebook, nb)], root=tmp_path / "one")
    both = publish.plan_releases([(notebook, nb), (notebook, en)], root=tmp_path / "both")
    assert list(one["stores"].values()) == [1] and list(both["stores"].values()) == [2]
    assert both["skipped"] == {}
    cells = [publish.CellStore(next((tmp_path / d).glob("*.json"))).load() for d in ("one", "both")]
    assert {k: c["status"] for k, c in cells[0].items()} == {k: c["status"] for k, c in cells[1].items()}
    # a broken parameter skips only the run that has it
    bad = dict(en, sector="no_such_sector")
    plan = publish.plan_releases([(notebook, nb), (notebook, bad)], root=tmp_path / "bad")
    assert list(plan["skipped"]) == [1] and list(plan["stores"].values()) == [1]


def test_the_plan_leaves_out_only_what_adds_no_cell():
    """The pre-plan builds notebook 02's release without the model fits (publish.PLAN_OPTIONS): the
    cells and their pattern are those of the full release the notebook builds."""
    from lifelong_analysis.data.readers import load_dataset

    assert publish.PLAN_OPTIONS == {"02": {"models": False}}
    ds = load_dataset(SMALL, kinds=["skills_survey"])
    settings = dict(municipality="5014", sector="all", group_by="sector", weight_column="weight", min_cell_size=5)
    full = publish.skills_release(ds, **settings, release=disclosure.Release(k=5)).protect()
    lean = publish.skills_release(ds, **settings, **publish.PLAN_OPTIONS["02"], release=disclosure.Release(k=5)).protect()
    assert {"model_ordinal", "model_at_least_basic"} <= set(full.tables)
    assert not {"model_ordinal", "model_at_least_basic"} & set(lean.tables)
    assert full.status == lean.status and len(full.status) > 50
    assert set(full.tables) - set(lean.tables) == {"model_ordinal", "model_at_least_basic"}
