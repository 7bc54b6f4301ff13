"""Notebook 01 under the papermill command line, with non-default parameters.

The run reads the small hand-made dataset in tests/data/costs_dataset (so that
the expected values do not move when the synthetic data are regenerated); the
shipped default data are covered by nbval running the committed notebook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.analysis import costs
from lifelong_analysis.data.readers import load_dataset

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_absence_substitute_costs.ipynb"
DATA = ROOT / "tests" / "data" / "costs_dataset"
BIN = Path(sys.executable).parent
PAPERMILL = str(BIN / "papermill") if (BIN / "papermill").exists() else "papermill"


def _papermill(tmp_path: Path, *params: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JUPYTER_PREFER_ENV_PATH": "1", "MPLBACKEND": "Agg"}
    cmd = [PAPERMILL, str(NOTEBOOK), str(tmp_path / "out.ipynb"), "-k", "lifelong-analysis", "--log-level", "WARNING",
           *params]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


@pytest.fixture(scope="module")
def english_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nb01")
    out_dir = tmp / "tables"
    res = _papermill(
        tmp,
        "-p", "sector", "kindergarten",
        "-p", "municipality", "5001",  # arrives as the integer 5001: the notebook must cope
        "-p", "n_draws", "2000",
        "-p", "seed", "11",
        "-p", "study_points", "15",
        "-p", "n_participants", "8",
        "-p", "language", "en",
        "-p", "data_dir", str(DATA),
        "-p", "output_dir", str(out_dir),
        "-y", "formats: [classroom_full_day, digital_self_paced, work_integrated]",
    )
    assert res.returncode == 0, res.stderr[-3000:]
    return tmp, out_dir


def test_cost_summary_matches_the_library(english_run):
    _tmp, out_dir = english_run
    got = pd.read_csv(out_dir / "cost_summary.csv", dtype={"kommunenummer": str})
    ds = load_dataset(DATA, kinds=["workforce", "training", "substitutes"])
    sc = costs.format_scenarios(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                kommunenummer="5001", formats=["classroom_full_day", "digital_self_paced",
                                                               "work_integrated"],
                                study_points=15, n_participants=8)
    want = costs.cost_summary(sc, n_draws=2000, seed=11)
    assert list(got["delivery_format"]) == ["classroom_full_day", "digital_self_paced", "work_integrated"]
    for col in (*costs.COMPONENT_COLUMNS, "hours_away", *[f"{t}_{q}" for t in costs.TOTALS
                                                         for q in ("mean", "p5", "p50", "p95")]):
        assert got[col].to_numpy() == pytest.approx(want[col].to_numpy(), rel=1e-9), col
    # the municipality's own kindergarten row (p = 0.45) was used, not the national one (0.35)
    assert (got["hours_qualified"] / got["hours_away"]).to_numpy() == pytest.approx(0.45)
    # a real value: classroom hours away = 0.5 position per 30 sp x 1 698.2175 h / 30 x 15 sp x 8 persons
    assert got.loc[0, "hours_away"] == pytest.approx(0.5 * 1_698.2175 / 30 * 15 * 8)
    # Rule 2 of issue 9: economic = direct + PAC in every row (the uncovered hours are an indicator only)
    assert (got["economic_cost_nok"] - (got["direct_cost_nok"] + got["pac_nok"])).abs().max() < 1e-6
    assert (got["cash_cost_nok"] - (got["direct_cost_nok"] + got["substitute_cover_nok"] - got["grant_nok"])
            ).abs().max() < 1e-6
    assert (got["uncovered_value_nok"] > 0).all()   # shown, but in neither total
    # P5 < P50 < P95 for both totals
    for t in costs.TOTALS:
        assert (got[f"{t}_p5"] < got[f"{t}_p50"]).all() and (got[f"{t}_p50"] < got[f"{t}_p95"]).all()


def test_other_tables_are_written_and_small_cells_suppressed(english_run):
    _tmp, out_dir = english_run
    for name in ("cover_split.csv", "sensitivity_cash.csv", "sensitivity_economic.csv", "break_even.csv",
                 "parameters_used.csv", "recorded_costs_by_sector.csv", "recorded_costs_by_format.csv"):
        assert (out_dir / name).exists(), name
    by_sector = pd.read_csv(out_dir / "recorded_costs_by_sector.csv", dtype=str)
    # the fixture has 1-2 participants per sector in 5001: every value is suppressed
    assert (by_sector["cash_cost_nok"] == ":").all() and (by_sector["n_participants"] == ":").all()


def test_report_is_in_english_with_figures_and_no_raw_reprs(english_run):
    tmp, _ = english_run
    nb = json.loads((tmp / "out.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    text = json.dumps(outputs)
    assert "What do absence and substitutes cost" in text
    assert "Kort fortalt" not in text and "To måter" not in text
    # Rule 8: the headline rounds to three significant figures with its P5–P95 range and names the
    # not-found placeholders in the same paragraph; the rules used are stated
    short = next(o["data"]["text/markdown"] for c in nb["cells"] if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if "In short." in "".join(o.get("data", {}).get("text/markdown", "")))
    short = "".join(short)
    assert "about NOK" in short and "P5–P95" in short
    assert "placeholders not found in the sources" in short and "the employer's share of sick pay" in short
    assert "Rules used." in text and "per hour *actually worked*" in text and "not confirmed for KS" in text
    assert sum("la-figure" in str(o.get("data", {}).get("text/html", "")) for o in outputs) >= 4
    # what a reader sees as plain text: outputs with nothing richer than text/plain, and streams
    plain = [o.get("data", {}).get("text/plain", "") if o.get("output_type") != "stream" else o.get("text", "")
             for o in outputs if o.get("output_type") == "stream" or set(o.get("data", {})) <= {"text/plain"}]
    plain = json.dumps(plain)
    for raw in ("<Axes", "<Figure size", "dtype:", "Traceback", "Text("):
        assert raw not in plain, raw
    assert not [o for o in outputs if o.get("output_type") == "error"]


def test_unknown_sector_stops_with_the_valid_ones(tmp_path):
    res = _papermill(tmp_path, "-p", "sector", "school", "-p", "data_dir", str(DATA),
                     "-p", "output_dir", str(tmp_path / "t"))
    assert res.returncode != 0
    assert "Unknown sector 'school'" in res.stderr
    assert "Valid values: health_care, primary_school, kindergarten" in res.stderr
    assert not (tmp_path / "t" / "cost_summary.csv").exists()
