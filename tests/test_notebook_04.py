"""Notebook 04 (competence needs) under the papermill command line with non-default parameters, tables read back."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.data import population
from lifelong_analysis.analysis import workforce
from lifelong_analysis.data.readers import load_dataset

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "04_competence_needs.ipynb"
DATA = ROOT / "tests" / "data" / "workforce_dataset"   # 400 employees in Bergen (4601), `;` + decimal comma

pytestmark = pytest.mark.notebook


def _papermill(out_nb: Path, yaml_params: str) -> subprocess.CompletedProcess:
    exe = ROOT / ".venv" / "bin" / "papermill"
    cmd = [str(exe) if exe.exists() else "papermill", "-k", "lifelong-analysis", str(NOTEBOOK), str(out_nb),
           "-y", yaml_params, "--log-level", "ERROR", "--no-progress-bar"]
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    env.pop("MPLBACKEND", None)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def _outputs_text(nb_path: Path, language: str = "en") -> str:
    """What a reader of the run sees: its outputs and its prose (Markdown cells tagged ``language``)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and language in cell["metadata"].get("tags", []):
            parts.append("".join(cell["source"]))
        for o in cell.get("outputs", []):
            parts += [str(v) if isinstance(v, str) else "".join(v) for k, v in o.get("data", {}).items()
                      if k.startswith("text/")]
            parts.append("".join(o.get("text", "")))
    return "\n".join(parts)


def test_notebook_with_non_default_parameters(tmp_path):
    out = tmp_path / "out"
    params = "\n".join([
        "municipality: '4601'",
        "occupations: [nurse, health_worker, care_assistant, teacher, unqualified_teacher]",
        "horizon_year: 2036",
        "position_share_change: 0.02",
        "retirement_delay: 1.0",
        "turnover_change: -0.01",
        "standard_change: 0.005",
        "combined_positions: 2",
        "n_draws: 100",
        "seed: 7",
        f"data_dir: '{DATA}'",
        "language: en",
        f"output_dir: '{out}'",
    ])
    res = _papermill(tmp_path / "run.ipynb", params)
    assert res.returncode == 0, res.stderr[-3000:]

    # Recompute with the library on the same inputs.
    ds = load_dataset(DATA, kinds=["workforce", "substitutes"])
    pop = population.read_population(DATA / "population_projection.json")
    groups = ["nurse", "health_worker", "care_assistant", "teacher", "unqualified_teacher"]
    ref = workforce.project_workforce(workforce=ds.workforce, population=pop, kommunenummer="4601", groups=groups,
                                      base_year=2025, horizon_year=2036, position_share_change=0.02,
                                      retirement_delay=1.0, turnover_change=-0.01, standard_change=0.005,
                                      n_draws=100, seed=7)
    want = workforce.protect(ref.table)
    got = pd.read_csv(out / "workforce_projection.csv", dtype={"group": str})
    assert got["group"].unique().tolist() == groups and got["year"].min() == 2025 and got["year"].max() == 2036
    for col in ("supply_fte", "demand_fte", "gap_fte", "gap_fte_p5", "gap_fte_p95", "recruitment_need"):
        g = pd.to_numeric(got[col], errors="coerce")
        w = pd.to_numeric(want[col], errors="coerce")
        assert g.isna().tolist() == w.isna().tolist(), col
        assert g.dropna().to_numpy() == pytest.approx(w.dropna().to_numpy(), rel=1e-6, abs=1e-6), col
    # the scenario knobs reached the model: +2 pp position share in the first projection year
    nurse = got[got["group"] == "nurse"].set_index("year")
    st = ref.base
    i = groups.index("nurse")
    assert float(nurse.loc[2025, "supply_fte"]) == pytest.approx(st.fte[i].sum())
    # groups with fewer than 5 employees are suppressed (12 unqualified teachers here are kept)
    small = [g for g, n in zip(groups, st.employees) if n < 5]
    assert (got[got["group"].isin(small)]["gap_fte"].astype(str) == ":").all()
    # mass balance holds in the exported numbers
    ok = got[~got["group"].isin(small)].sort_values(["group", "year"])
    for _g, d in ok.groupby("group"):
        s = d["supply_persons"].astype(float).to_numpy()
        flow = (d["entrants"] + d["moves_in"] - d["moves_out"] - d["exits_turnover"] - d["exits_retirement"]
                ).astype(float).to_numpy()
        assert s[1:] == pytest.approx(s[:-1] + flow[1:], abs=1e-6)

    need = pd.read_csv(out / "training_need.csv")
    assert set(need["path"]) == {"assistant_to_health_worker", "health_worker_to_nurse", "unqualified_to_teacher"}
    assert need["year"].min() == 2026 and need["year"].max() == 2036
    ref_need = workforce.training_need(ref)
    for path in need["path"].unique():
        g = pd.to_numeric(need.loc[need["path"] == path, "starters"], errors="coerce")
        w = ref_need.loc[ref_need["path"] == path, "starters"]
        if g.notna().all():
            assert g.to_numpy() == pytest.approx(w.to_numpy())

    cost = pd.read_csv(out / "training_cost.csv")
    assert set(cost["perspective"]) <= {"cash", "economic"} and not cost.empty
    assert set(cost["payer"]) >= {"municipality", "state"}

    text = _outputs_text(tmp_path / "run.ipynb")
    assert "Competence needs now and ahead: Bergen" in text and "In short." in text
    assert "Kompetansebehov" not in text and "Kort fortalt" not in text          # English report
    assert "Synthetic data" in text                                              # the population is synthetic
    assert "<Axes" not in text and "dtype:" not in text and "Traceback" not in text
    nb = json.loads((tmp_path / "run.ipynb").read_text(encoding="utf-8"))
    n_png = sum("la-figure" in str(o.get("data", {}).get("text/html", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert n_png == 3                                                            # fan chart, flows, scenarios
