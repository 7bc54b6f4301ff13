"""The project's own conventions: environment files agree, notebooks are committed clean and thin."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# conda-forge splits dask[distributed] into two packages.
CONDA_NAMES = {"dask[distributed]": {"dask", "distributed"}}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower()


def _pyproject_names() -> set[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(meta["dependencies"])
    for extra in ("lab", "dev"):
        specs += meta["optional-dependencies"][extra]
    names: set[str] = set()
    for s in specs:
        n = _name(s)
        names |= CONDA_NAMES.get(n, {n})
    return names


def test_environment_yml_names_the_same_packages_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == _pyproject_names()


def test_every_pyproject_dependency_is_bounded_above():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    unbounded = [s for s in meta["dependencies"] if "<" not in s]
    assert unbounded == []


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean_and_thin(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip outputs (make strip)"
    sources = ["".join(c["source"]) for c in code]
    assert not any(re.search(r"^\s*(def|class)\s", s, re.M) for s in sources), "no def/class in notebooks"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assignments = [ln for ln in "".join(tagged[0]["source"]).splitlines() if re.match(r"^[A-Za-z_]\w*\s*(:[^=]*)?=", ln)]
    assert assignments, "the parameters cell assigns parameters"
    missing_comment = [ln for ln in assignments if "#" not in ln]
    assert missing_comment == [], "every parameter has a comment"


def test_notebook_parameters_are_documented_for_papermill():
    """papermill --help-notebook shows every parameter with its comment.

    papermill skips a parameter line it cannot parse (e.g. a comment holding "="), so every
    assigned name must come back with its comment.
    """
    papermill = ROOT / ".venv" / "bin" / "papermill"
    exe = str(papermill) if papermill.exists() else "papermill"
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
        lines = [ln for ln in "".join(cell["source"]).splitlines() if re.match(r"^[A-Za-z_]\w*\s*(:[^=]*)?=", ln)]
        out = subprocess.run([exe, "--help-notebook", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Parameters inferred for notebook" in out
        assert "Unknown type" not in out, f"{path.name}: a parameter without a type annotation"
        for ln in lines:
            name = ln.split("=", 1)[0].split(":", 1)[0].strip()
            comment = ln.split("#", 1)[1].strip()
            assert re.search(rf"^\s+{name}: ", out, re.M), f"{path.name}: {name} missing from --help-notebook"
            assert comment[:40] in out, f"{path.name}: comment of {name} missing from --help-notebook"


def test_notebooks_open_on_the_project_kernel():
    """JupyterLab opens every notebook on the venv's registered kernel, not "Python 3 (ipykernel)"."""
    for path in NOTEBOOKS:
        spec = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert spec["name"] == "lifelong-analysis", path.name
        assert spec["display_name"] == "Python (lifelong_analysis)", path.name


def test_every_cost_parameter_has_words_in_both_languages():
    """The assumptions table of report 01 shows names and units in words, never the ids."""
    import pandas as pd

    from lifelong_analysis import costs

    labels = pd.read_csv(ROOT / "lifelong_analysis" / "resources" / "cost_parameter_labels.csv", dtype=str)
    assert set(costs.parameter_table()["id"]) <= set(labels["id"])
    assert not labels.isna().any().any()
    nb = costs.parameter_display_table("nb").set_index("id")
    assert nb.loc["Feriepenger", "unit"] == "andel av lønn for arbeidede uker"
    assert nb.loc["Feriepenger", "value"] == "0,12"
    assert "forutsetning i pakken" in set(nb["source"]) and "assumption of the package" not in " ".join(nb["source"])
    en = costs.parameter_display_table("en").set_index("id")
    assert en.loc["Holiday pay", "unit"] == "share of pay for weeks worked"


def test_tests_never_write_into_the_users_outputs(tmp_path, monkeypatch):
    """The notebooks' default output_dir ("outputs/by_hand/...") follows LIFELONG_ANALYSIS_OUTPUTS."""
    from lifelong_analysis import paths

    assert paths.outputs_dir() != ROOT / "outputs"  # conftest points it at a temporary folder
    monkeypatch.setenv("LIFELONG_ANALYSIS_OUTPUTS", str(tmp_path))
    assert paths.resolve("outputs/by_hand/01_absence_substitute_costs") == tmp_path / "by_hand" / "01_absence_substitute_costs"
    assert paths.resolve("data/synthetic") == ROOT / "data" / "synthetic"  # other relative paths: the project root
    monkeypatch.delenv("LIFELONG_ANALYSIS_OUTPUTS")
    assert paths.resolve("outputs/x") == ROOT / "outputs" / "x"
