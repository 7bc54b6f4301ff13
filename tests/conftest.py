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
