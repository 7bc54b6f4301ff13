"""``lifelong-analysis report NOTEBOOK -p NAME VALUE``: one run, its own folder, the batch's HTML (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifelong_analysis.runner import cli, single

pytestmark = pytest.mark.notebook

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "notebooks" / "report.ipynb"


def test_values_take_the_notebooks_declared_type():
    assert single.parse_value("0301", str) == "0301"  # never octal, never 301
    assert single.parse_value("12", int) == 12 and single.parse_value("1,5", float) == 1.5
    assert single.parse_value("[work_integrated, classroom_full_day]", list) == ["work_integrated",
                                                                               "classroom_full_day"]
    assert single.parse_value("ja", bool) is True and single.parse_value("None", str) is None
    with pytest.raises(ValueError):
        single.parse_value("tretti", int)


def test_single_runs_get_their_own_folders_named_from_their_parameters(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["report", str(FIXTURE), "--output-dir", str(out)]
    assert cli.main([*args, "-p", "sector", "kindergarten", "-p", "study_points", "60"]) == 0
    assert cli.main([*args, "-p", "scale", "60"]) == 0  # same value, other parameter: another folder
    first = out / "report" / "sector-kindergarten-study_points-60"
    second = out / "report" / "scale-60.0"  # a float parameter
    for folder in (first, second):
        page = (folder / "report.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and 'class="la-provenance"' in page
    assert "Barnehage" in (first / "report.html").read_text(encoding="utf-8")  # the parameter reached the notebook
    assert f"report: {first / 'report.html'}" in capsys.readouterr().out
    # unchanged: skipped, the folder kept; an unknown parameter or a bad value: exit 2, nothing run
    assert cli.main([*args, "-p", "scale", "60"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert cli.main([*args, "-p", "nope", "1"]) == 2
    assert "has no parameter 'nope'" in capsys.readouterr().err
    assert cli.main([*args, "-p", "study_points", "thirty"]) == 2
    assert sorted(p.name for p in (out / "report").iterdir()) == ["scale-60.0", "sector-kindergarten-study_points-60"]
