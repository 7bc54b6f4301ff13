"""The project's own conventions: environment files agree, notebooks are committed clean and thin."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from lifelong_analysis.reporting import costs_report

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: A parameter line: ``name = value  # comment`` or, typed, ``name: type = value  # comment``.
PARAMETER_LINE = re.compile(r"^([A-Za-z_]\w*)\s*(?::\s*([^=#]+?))?\s*=")

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
    assignments = [ln for ln in "".join(tagged[0]["source"]).splitlines() if PARAMETER_LINE.match(ln)]
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
        lines = [ln for ln in "".join(cell["source"]).splitlines() if PARAMETER_LINE.match(ln)]
        out = subprocess.run([exe, "--help-notebook", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Parameters inferred for notebook" in out
        assert "Unknown type" not in out, f"{path.name}: a parameter without a type annotation"
        for ln in lines:
            name = PARAMETER_LINE.match(ln).group(1)
            comment = ln.split("#", 1)[1].strip()
            assert re.search(rf"^\s+{name}: ", out, re.M), f"{path.name}: {name} missing from --help-notebook"
            assert comment[:40] in out, f"{path.name}: comment of {name} missing from --help-notebook"


#: The explorer's widget packages: the kernel side (ipywidgets) and the JupyterLab extension.
WIDGET_PACKAGES = ("ipywidgets", "jupyterlab_widgets")


def _widget_specs(specs) -> dict:
    from packaging.requirements import Requirement

    out = {}
    for s in specs:
        if isinstance(s, str) and _name(s).replace("-", "_") in WIDGET_PACKAGES:
            r = Requirement(s)
            out[r.name.lower().replace("-", "_")] = r.specifier
    return out


def test_widget_packages_are_pinned_together():
    """ipywidgets and jupyterlab_widgets: same pins in pyproject and environment.yml, one release line.

    When the kernel's ipywidgets and JupyterLab's jupyterlab_widgets drift apart the widgets show
    "model not found" (ipywidgets issues 3577, 3823), so both are bounded to the release line that
    belongs together (ipywidgets 8.1.x with jupyterlab_widgets 3.0.x), and the installed pair must
    satisfy both our pins and ipywidgets' own requirement on the extension.
    """
    from packaging.version import Version

    lab = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["lab"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    py, conda = _widget_specs(lab), _widget_specs(env)
    assert set(py) == set(WIDGET_PACKAGES) == set(conda)
    assert py == conda
    for name, spec in py.items():
        assert any(s.operator == "<" for s in spec) and any(s.operator == ">=" for s in spec), name
    # One release line each: every version the pins allow is ipywidgets 8.1.* and jupyterlab_widgets 3.0.*.
    assert Version("8.1.9") in py["ipywidgets"] and Version("8.2.0") not in py["ipywidgets"]
    assert Version("3.0.17") in py["jupyterlab_widgets"] and Version("3.1.0") not in py["jupyterlab_widgets"]

    import importlib.metadata as md
    from packaging.requirements import Requirement

    try:
        have = {n: Version(md.version(n)) for n in WIDGET_PACKAGES}
    except md.PackageNotFoundError:
        pytest.skip("the lab extra is not installed")
    assert have["ipywidgets"] in py["ipywidgets"] and have["jupyterlab_widgets"] in py["jupyterlab_widgets"]
    needs = [Requirement(r) for r in md.requires("ipywidgets") or [] if _name(r).replace("-", "_") ==
             "jupyterlab_widgets" and "extra" not in r]
    assert needs, "ipywidgets no longer names jupyterlab_widgets"
    assert have["jupyterlab_widgets"] in needs[0].specifier
    # ipywidgets' own lower bound on the extension lies inside our pin (e.g. ~=3.0.17 within >=3.0.13,<3.1).
    lows = [Version(s.version) for s in needs[0].specifier if s.operator in ("~=", ">=", "==")]
    assert lows and all(v in py["jupyterlab_widgets"] for v in lows)


def test_explorer_notebook_is_typed_and_opens_on_the_project_kernel():
    """notebooks/explore_what_if.ipynb: every parameter typed (papermill shows the types), the project's kernel."""
    nb = json.loads((ROOT / "notebooks" / "explore_what_if.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "lifelong-analysis"      # make lab opens it on that kernel
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    lines = [PARAMETER_LINE.match(ln) for ln in "".join(cell["source"]).splitlines()]
    typed = {m.group(1): (m.group(2) or "").strip() for m in lines if m}
    assert set(typed) == {"municipality", "sector", "study_points", "n_participants", "data_dir", "language",
                          "figures"}
    assert all(typed.values()), f"untyped: {[k for k, v in typed.items() if not v]}"
    makefile = (ROOT / "Makefile").read_text()
    assert "notebooks/explore_what_if.ipynb" in makefile and "default_kernel_name=$(KERNEL)" in makefile
def test_notebooks_open_on_the_project_kernel():
    """JupyterLab opens every notebook on the venv's registered kernel, not "Python 3 (ipykernel)"."""
    for path in NOTEBOOKS:
        spec = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert spec["name"] == "lifelong-analysis", path.name
        assert spec["display_name"] == "Python (lifelong_analysis)", path.name


def test_every_cost_parameter_has_words_in_both_languages():
    """The assumptions table of report 01 shows names and units in words, never the ids."""
    import pandas as pd

    from lifelong_analysis.analysis import costs

    labels = pd.read_csv(ROOT / "lifelong_analysis" / "resources" / "cost_parameter_labels.csv", dtype=str)
    assert set(costs.parameter_table()["id"]) <= set(labels["id"])
    assert not labels.isna().any().any()
    nb = costs_report.parameter_display_table("nb").set_index("id")
    assert nb.loc["Feriepenger", "unit"] == "andel av lønn for arbeidede uker"
    assert nb.loc["Feriepenger", "value"] == "0,12"
    assert "forutsetning i pakken" in set(nb["source"]) and "assumption of the package" not in " ".join(nb["source"])
    en = costs_report.parameter_display_table("en").set_index("id")
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
