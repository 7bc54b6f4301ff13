"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"
#: Fixture notebooks for the batch-runner tests: not notebooks to run under nbval.
collect_ignore_glob = ["fixtures/*", "data/*"]

os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")

KERNEL = "lifelong-analysis"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA
