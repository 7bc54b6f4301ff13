"""Shared test fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"
#: Fixture notebooks for the batch-runner tests: not notebooks to run under nbval.
collect_ignore_glob = ["fixtures/*", "data/*"]

os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
# notebook runs of the tests keep their disclosure cell store out of the repository's outputs/
os.environ.setdefault("LIFELONG_ANALYSIS_CELL_STORE", tempfile.mkdtemp(prefix="la-cells-"))

# Notebooks run by the tests (nbval, papermill) write their tables under a temporary folder,
# never into the user's outputs/ (see lifelong_analysis.paths.outputs_dir).
if "LIFELONG_ANALYSIS_OUTPUTS" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _OUTPUTS = tempfile.mkdtemp(prefix="lifelong-test-outputs-")
    os.environ["LIFELONG_ANALYSIS_OUTPUTS"] = _OUTPUTS
    atexit.register(shutil.rmtree, _OUTPUTS, ignore_errors=True)

KERNEL = "lifelong-analysis"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


#: The small municipality's data (issue 13): 5014 Frøya, 600 employees, 100 survey answers.
SMALL_DATA_DIR = "data/synthetic_small"
SMALL_MUNICIPALITY = "5014"


def batch_config(tmp: Path, *, data_dir: str | None = None, municipality: str | None = None) -> Path:
    """A copy of the default ``reports.yaml`` for a test run, written under ``tmp``; returns its path.

    Notebook 01 gets 2 000 Monte Carlo draws (the layout and the words do not depend on them).
    With ``data_dir``/``municipality`` every notebook of the config runs on that data folder and
    municipality instead, so the small-data batch is the default config and cannot drift from it.
    """
    import yaml

    cfg = yaml.safe_load((ROOT / "reports.yaml").read_text(encoding="utf-8"))
    for entry in cfg["notebooks"]:
        entry["notebook"] = str(ROOT / entry["notebook"])
        params = entry.setdefault("parameters", {})
        if "01_absence" in entry["notebook"]:
            params["n_draws"] = 2000
        if data_dir is not None:
            params["data_dir"] = data_dir
        if municipality is not None:
            params["municipality"] = municipality
    cfg["output_dir"] = str(tmp / "out")
    path = tmp / "reports.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run_batch(tmp: Path, **kwargs) -> dict:
    from lifelong_analysis.runner import batch

    path = batch_config(tmp, **kwargs)
    res = batch.run_batch(path, output_dir=tmp / "out", workers=2, progress=False)
    failed = [r["name"] + ": " + r.get("error", "") for r in res["runs"] if r["status"] != "ok"]
    assert not failed, failed
    reports = sorted((tmp / "out").rglob("report.html"))
    assert len(reports) == len(res["runs"]) >= 18
    return {"out": tmp / "out", "reports": reports, "runs": res["runs"]}


@pytest.fixture(scope="session")
def default_batch(tmp_path_factory) -> dict:
    """The whole default ``reports.yaml`` run once into a temporary folder (notebook 01 with 2 000 draws).

    Shared by the report-screen tests (Chromium) and the privacy scan of real reports, so the
    suite runs the default batch once.  Returns ``{"out": folder, "reports": [report.html paths],
    "runs": run records}``.
    """
    return _run_batch(tmp_path_factory.mktemp("default_batch"))


@pytest.fixture(scope="session")
def small_batch(tmp_path_factory) -> dict:
    """The whole default ``reports.yaml`` on the small municipality's data (data/synthetic_small, 5014).

    Run once per session; every run must succeed.  Same return value as :func:`default_batch`.
    """
    return _run_batch(tmp_path_factory.mktemp("small_batch"), data_dir=SMALL_DATA_DIR,
                      municipality=SMALL_MUNICIPALITY)
