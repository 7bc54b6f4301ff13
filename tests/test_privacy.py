"""Privacy (issue 5): no produced HTML or CSV holds a small cell or row-level personal data.

The scanner (:func:`lifelong_analysis.reporting.report.scan_privacy`) is first shown to
catch planted problems, then run over the reports of the real notebooks (one run
of each notebook of the default ``reports.yaml`` on the shipped synthetic data)
with every ``employee_id`` and ``respondent_id`` of the input as forbidden values.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.reporting import report
from lifelong_analysis.paths import default_data_dir

ROOT = Path(__file__).resolve().parents[1]


def test_scanner_catches_planted_problems(tmp_path):
    (tmp_path / "small.csv").write_text("sector,n_employees,cost_nok\nhealth_care,3,1000\nculture,12,5\n")
    (tmp_path / "ok.csv").write_text("sector,n_employees,cost_nok\nhealth_care,:,:\nculture,12,5\nschool,0,0\n")
    (tmp_path / "rows.csv").write_text("employee_id,sector\nE1,health_care\n")
    (tmp_path / "page.html").write_text(
        "<html><body><table><tr><th>Sektor</th><th>Antall svar</th></tr><tr><td>Helse</td><td>2</td></tr>"
        "<tr><td>Skole</td><td>1\u202f234</td></tr></table><p>Ansatt 5001-000042 og 01017012345</p>"
        "<table><tr><th>fnr</th></tr><tr><td>01017012345</td></tr></table></body></html>")
    found = report.scan_privacy([tmp_path], id_values={"5001-000042"})
    problems = {(Path(f.split("#")[0]).name, p) for f, p in zip(found["file"], found["problem"])}
    assert problems == {
        ("small.csv", "count below 5"),
        ("rows.csv", "person identifier column"),
        ("rows.csv", "person identifier column name in file"),
        ("page.html", "count below 5"),
        ("page.html", "person identifier value"),
        ("page.html", "person identifier column"),
        ("page.html", "looks like a national identity number"),
    }
    small = found[found["file"].str.endswith("small.csv")]
    assert small[["column", "row", "value"]].values.tolist() == [["n_employees", 0, "3"]]
    assert not found["file"].str.endswith("ok.csv").any()  # ":" and 0 are not small cells


def _input_ids() -> set[str]:
    ids: set[str] = set()
    for name, col in (("workforce.csv", "employee_id"), ("skills_survey.csv", "respondent_id"),
                      ("training.csv", "employee_id")):
        path = default_data_dir() / name
        if path.is_file():
            ids |= set(pd.read_csv(path, usecols=[col], dtype=str)[col].dropna())
    return ids


@pytest.mark.notebook
def test_real_reports_have_no_small_cells_or_personal_data(default_batch):
    """Every report and CSV of the whole default batch (both languages, every notebook)."""
    out = default_batch["out"]
    notebooks = {Path(r["notebook"]).stem for r in default_batch["runs"]}
    files = [p for p in out.rglob("*") if p.suffix in (".html", ".csv")]
    assert len([p for p in files if p.name == "report.html"]) == len(default_batch["runs"])
    assert len(notebooks) >= 4 and any(p.suffix == ".csv" for p in files)
    ids = _input_ids()
    assert len(ids) > 100  # the scan really looks for the input's identifiers
    found = report.scan_privacy([out], id_values=ids)
    assert found.empty, found.to_string()
