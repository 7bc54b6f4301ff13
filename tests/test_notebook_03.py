"""Notebook 03 (funding models) under the papermill command line, results read back."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.analysis import funding, projection, whatif
from lifelong_analysis.reporting import whatif_report
from lifelong_analysis.data.readers import load_dataset

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03_funding_models.ipynb"
DATA = ROOT / "tests" / "data" / "funding_dataset"   # hand-made: Bergen (4601), 2 sectors, funding 2015–2024

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
        "sector: health_care",
        "schemes: [employer_pays, kfk_substitute, hc_competence_grant, public_sector_phd]",
        "study_points: 15",
        "n_participants: 4",
        "phd_years: 4",
        "phd_start_year: 2027",
        "discount_rate: 0.03",
        "horizon_year: 2035",
        f"data_dir: '{DATA}'",
        "language: en",
        f"output_dir: '{out}'",
        "hc_grant_share: 0.4",
    ])
    res = _papermill(tmp_path / "run.ipynb", params)
    assert res.returncode == 0, res.stderr[-3000:]

    # Recompute with the library on the same inputs.
    ds = load_dataset(DATA, kinds=["workforce", "substitutes", "funding"])
    rules = funding.scheme_rules(overrides=funding.parameter_overrides(hc_grant_share=0.4))
    comp = funding.programme_components(workforce=ds.workforce, substitutes=ds.substitutes, sector="health_care",
                                        kommunenummer="4601", study_points=15, n_participants=4)
    expected = funding.split_costs(comp, schemes=["employer_pays", "kfk_substitute", "hc_competence_grant",
                                                  "public_sector_phd"], rules=rules, year=2027)

    split = pd.read_csv(out / "funding_split.csv")
    assert sorted(split["scheme"].unique()) == sorted(expected["scheme"].unique())
    got = split.set_index(["scheme", "perspective", "payer"])["amount_nok"]
    want = expected.set_index(["scheme", "perspective", "payer"])["amount_nok"]
    assert got.loc[want.index].to_numpy() == pytest.approx(want.to_numpy())
    # the hc grant parameter reached the rules: state = 0.4 × cash cost
    hc = split.query("scheme == 'hc_competence_grant' and perspective == 'cash'").set_index("payer")
    assert hc.loc["state", "amount_nok"] == pytest.approx(0.4 * hc.loc["state", "total_nok"])
    assert hc["not_found"].all()
    # payers add up to the scheme total
    g = split.groupby(["scheme", "perspective"])
    assert (g["amount_nok"].sum() - g["total_nok"].first()).abs().max() < 1e-3
    # Rule 1 of issue 9, in the exported table: KfK vikarordning (cash) on the substitute bill S of the release
    bill, direct = float(comp["substitute_cover_nok"].iloc[0]), float(comp["direct_cost_nok"].iloc[0])
    assert bill > 0
    kfk = split.query("scheme == 'kfk_substitute' and perspective == 'cash'").set_index("payer")
    assert kfk.loc["state", "amount_nok"] == pytest.approx(0.8 * bill)
    assert kfk.loc["employee", "amount_nok"] == 0 and kfk.loc["employee", "cash_nok"] == 0
    assert kfk.loc["municipality", "amount_nok"] == pytest.approx(direct + 0.2 * bill)
    emp = split.query("scheme == 'employer_pays' and perspective == 'cash'")
    assert kfk["amount_nok"].sum() == pytest.approx(emp["amount_nok"].sum())   # the same bill, split differently
    assert kfk["rule_used"].iloc[0].startswith("state:share_of_study_time=0.6")
    # the economic total is the CVTS concept (direct + PAC), plus the teacher's own time (25/75 of PAC) under KfK
    pac = float(comp["pac_nok"].iloc[0])
    econ = split.query("perspective == 'economic'").groupby("scheme")["total_nok"].first()
    assert econ["employer_pays"] == pytest.approx(direct + pac)
    assert econ["kfk_substitute"] == pytest.approx(direct + pac + pac / 3)

    phd = pd.read_csv(out / "phd_cost.csv")
    assert phd["variant"].unique().tolist() == ["4_years"] and phd["year"].tolist() == [2027, 2028, 2029, 2030]
    x = funding.phd_inputs(workforce=ds.workforce, substitutes=ds.substitutes, sector="health_care",
                           kommunenummer="4601")
    ref = funding.phd_cost(years=4, start_year=2027, annual_labour_cost_nok=x["annual_labour_cost_nok"],
                           hours_per_year=x["hours_per_year"], cover_cost_per_hour_nok=x["cover_cost_per_hour_nok"],
                           supervisor_hourly_cost_nok=x["hourly_labour_cost_nok"], cost_growth=0.01,
                           uncovered_value_per_hour_nok=x["uncovered_value_per_hour_nok"])
    # rates in start-year prices: the 2028 rate 1 515 000 (nominal) / 1.02
    assert phd["phd_rate_nok"].iloc[1] == pytest.approx(1_515_000 / 1.02)
    assert phd["net_cost_nok"].to_numpy() == pytest.approx(ref["net_cost_nok"].to_numpy())
    assert phd["rc_support_nok"].to_numpy() == pytest.approx(ref["rc_support_nok"].to_numpy())

    proj = pd.read_csv(out / "spending_projection.csv")
    pub = proj.query("scenario == 'published'").set_index("year")["spending_nok"]
    assert pub.index.max() == 2035
    # 4.7 bn × 1.0119217^17
    assert pub[2035] == pytest.approx(4.7e9 * (6.1 / 4.7) ** (17 / 22), rel=1e-9)
    fc = proj.query("scenario == 'ets_forecast'")
    assert fc["year"].tolist() == list(range(2025, 2036))
    assert (fc["lower_nok"] < fc["spending_nok"]).all() and (fc["spending_nok"] < fc["upper_nok"]).all()
    ref_fc = projection.ets_forecast(projection.yearly_series(ds.funding, kommunenummer="4601"), horizon_year=2035)
    assert fc["spending_nok"].to_numpy() == pytest.approx(
        ref_fc.query("kind == 'forecast'")["value_nok"].to_numpy(), rel=1e-6)

    # The what-if block (issue 15): its embedded grid is the library's, and at the data's own availability
    # it shows the numbers of funding_split.csv.
    grid = pd.read_csv(out / "what_if_grid.csv")
    want_grid = whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="health_care",
                                     kommunenummer="4601", study_points=15, n_participants=4,
                                     schemes=["employer_pays", "kfk_substitute", "hc_competence_grant",
                                              "public_sector_phd"], rules=rules, year=2027)
    assert grid["amount_nok"].to_numpy() == pytest.approx(want_grid["amount_nok"].to_numpy(), rel=1e-12)
    block = next(o["data"]["text/html"] for c in json.loads((tmp_path / "run.ipynb").read_text(encoding="utf-8"))["cells"]
                 for o in c.get("outputs", []) if "la-whatif" in "".join(o.get("data", {}).get("text/html", "")))
    block = "".join(block)
    embedded = json.loads(re.search(r'<script type="application/json">(.*?)</script>', block, re.S).group(1))
    assert embedded == whatif_report.widget_data(want_grid, language="en")
    at_data = want_grid[want_grid["data_value"] & (want_grid["delivery_format"] == "part_time_gatherings")]
    assert at_data.set_index(["scheme", "perspective", "payer"])["amount_nok"].loc[want.index].to_numpy() == \
        pytest.approx(want.to_numpy(), rel=1e-12)
    assert "Hours covered by a qualified substitute" in block and "NOK\xa0" in block

    text = _outputs_text(tmp_path / "run.ipynb")
    assert "Figures not found" in text and "Health and care competence grant" in text
    assert "Who pays what under each scheme" in text
    # Rule 8: the headline gives three significant figures with P5–P95, flags placeholders; 6.1 bn graded
    assert "**In short.**" in text and "about NOK" in text and "P5–P95" in text
    assert "no uncertainty range; operating costs and supervision hours are placeholders" in text
    assert "rough KS estimate quoted in the source document; its primary source was not found" in text
    assert "The rules used per funding scheme" in text and "of the study time" in text
    assert "Hvem betaler" not in text              # English report
    assert "<Axes" not in text and "dtype:" not in text and "Traceback" not in text
    nb = json.loads((tmp_path / "run.ipynb").read_text(encoding="utf-8"))
    n_png = sum("la-figure" in str(o.get("data", {}).get("text/html", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert n_png == 4                               # split, PhD, projection, forecast


def test_unknown_scheme_stops_with_the_known_ones(tmp_path):
    params = f"schemes: [kfk_substitute, kfk_vikar]\ndata_dir: '{DATA}'\nmunicipality: '4601'\noutput_dir: '{tmp_path}'"
    res = _papermill(tmp_path / "bad.ipynb", params)
    assert res.returncode != 0
    msg = res.stderr + res.stdout
    assert "Unknown funding scheme 'kfk_vikar'" in msg
    assert "Known schemes: employer_pays, employee_own_time, kfk_substitute" in msg
    assert not (tmp_path / "funding_split.csv").exists()
