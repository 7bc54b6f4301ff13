"""One parameter spec per notebook (``reporting.parameters``): the notebooks carry it exactly."""

import dataclasses
import json
import os
from pathlib import Path

import pytest

from lifelong_analysis.reporting import parameters as P

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _cell(stem):
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"{stem}: exactly one cell tagged parameters"
    return "".join(cells[0]["source"]).strip()


def test_every_notebook_has_a_spec():
    assert {p.stem for p in NOTEBOOKS.glob("*.ipynb")} == set(P.SPECS)


@pytest.mark.parametrize("stem", sorted(P.SPECS))
def test_parameters_cell_is_the_spec(stem):
    assert _cell(stem) == P.cell_source(P.SPECS[stem])


def test_validate_normalises_and_names_every_problem():
    spec = P.CostsParameters
    ok = P.validate(spec, {"municipality": 301, "study_points": "15", "formats": "digital_self_paced"})
    assert (ok.municipality, ok.study_points, ok.formats) == ("0301", 15, ["digital_self_paced"])
    assert ok.n_draws == 20000  # the default
    with pytest.raises(ValueError) as e:
        P.validate(spec, {"sector": "hospital", "n_draws": 2.5, "colour": "red", "language": "de"})
    msg = str(e.value)
    for part in ("sector", "'hospital'", "n_draws", "unknown parameter 'colour'", "language"):
        assert part in msg
    with pytest.raises(ValueError, match="4 digits"):
        P.validate(spec, {"municipality": "50O1"})


def test_labels_exist_in_both_languages():
    for spec in P.SPECS.values():
        for f in dataclasses.fields(spec):
            assert P.label(spec, f.name, "nb") and P.label(spec, f.name, "en")


# ---------------------------------------------------------------- the other places a parameter appears

ROOT = NOTEBOOKS.parent


@pytest.mark.parametrize("stem", sorted(P.SPECS))
def test_help_notebook_shows_the_spec(stem):
    """papermill's inspection (what ``--help-notebook`` prints) gives the spec's names, types, defaults, help."""
    from papermill.inspection import inspect_notebook

    inspected = inspect_notebook(str(NOTEBOOKS / f"{stem}.ipynb"))
    spec = P.parameters(P.SPECS[stem])
    assert list(inspected) == [p["name"] for p in spec]
    for p in spec:
        got = inspected[p["name"]]
        assert got["inferred_type_name"] == p["type"], p["name"]
        assert got["help"] == p["help"], p["name"]
        assert eval(got["default"]) == p["default"], p["name"]  # the cell's literal, as papermill reads it


def test_readme_tables_are_the_specs():
    """Every spec has its table in the README, generated from the spec (LA_UPDATE_README=1 rewrites it)."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    want = P.readme_with_tables(text)
    if os.environ.get("LA_UPDATE_README") == "1" and want != text:
        readme.write_text(want, encoding="utf-8")
        text = want
    assert {line.split()[2] for line in text.splitlines() if line.startswith("<!-- parameters: ")} == set(P.SPECS)
    assert text == want, "README parameter tables differ from the specs: run LA_UPDATE_README=1 pytest tests/test_parameters.py"
    assert "| `sector` | str | `\"health_care\"` | service sector:" in text  # a row of notebook 01, by hand


def test_report_labels_are_the_specs():
    """The report's parameter box says what the spec says, in both languages."""
    from lifelong_analysis.reporting import report

    for spec in P.SPECS.values():
        for f in dataclasses.fields(spec):
            if f.name in report.PARAMETER_LABELS:
                assert report.PARAMETER_LABELS[f.name] == (P.label(spec, f.name, "nb"), P.label(spec, f.name, "en")), \
                    f"{spec.__name__}.{f.name}"


def test_batch_refuses_a_code_outside_the_spec_before_running(tmp_path):
    """A misspelt sector stops the whole batch with the valid codes, before any notebook runs."""
    from lifelong_analysis.runner import batch

    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"notebooks:\n  - notebook: {NOTEBOOKS / '01_absence_substitute_costs.ipynb'}\n"
                   "    parameters: {sector: hospital, municipality: \"5001\"}\n", encoding="utf-8")
    runs, _ = batch.load_config(cfg)
    with pytest.raises(batch.BatchConfigError) as e:
        batch.validate_runs(runs)
    msg = str(e.value)
    assert "01_absence_substitute_costs/hospital" in msg or "hospital" in msg
    assert "unknown code(s) 'hospital'" in msg and "health_care" in msg and "kindergarten" in msg
    out = tmp_path / "out"
    with pytest.raises(batch.BatchConfigError):
        batch.run_batch(cfg, output_dir=out, progress=False)
    assert not (out / "01_absence_substitute_costs").exists()  # nothing ran
