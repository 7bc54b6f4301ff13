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

KERNEL = "lifelong-analysis"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA
