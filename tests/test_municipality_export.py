"""A small municipality's own export, as it comes, through readers, the CLI and a notebook.

The small synthetic dataset (``data/synthetic_small``: 5014 Frøya, 600 employees, 100 survey
answers) is written the way a Norwegian HR or survey system exports it: Windows-1252, ``;`` as
separator, decimal commas, Norwegian column names (the first alias of each column in
:data:`lifelong_analysis.data.tables.ALIASES`).  The readers must give back exactly the tables of
the original files, the CLI must say what it detected, and notebook 01 must publish the same CSV
tables from the export as from the original: the reader's conventions never change a number.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.data import readers, tables
from lifelong_analysis.runner import cli

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "data" / "synthetic_small"
KINDS = ["workforce", "training", "substitutes", "skills_survey", "funding"]
NOTEBOOK = ROOT / "notebooks" / "01_absence_substitute_costs.ipynb"
BIN = Path(sys.executable).parent
PAPERMILL = str(BIN / "papermill") if (BIN / "papermill").exists() else "papermill"
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def write_export(src: Path, dst: Path) -> dict[str, list[str]]:
    """Copy the dataset ``src`` to ``dst`` as an HR export; returns kind -> the Norwegian names used."""
    dst.mkdir(parents=True)
    renamed = {}
    for f in src.iterdir():
        kind = next((k for k in KINDS if tables.FILE_NAMES[k] == f.name), None)
        if kind is None:
            shutil.copy(f, dst / f.name)
            continue
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        df = df.apply(lambda s: s.str.replace(".", ",", regex=False) if s.str.match(_DECIMAL).any() else s)
        names = {c: tables.ALIASES[c][0] for c in df.columns if c in tables.ALIASES}
        renamed[kind] = list(names.values())
        df.rename(columns=names).to_csv(dst / f.name, sep=";", index=False, encoding="cp1252")
    return renamed


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> tuple[Path, dict]:
    dst = tmp_path_factory.mktemp("kommune") / "eksport"
    return dst, write_export(SMALL, dst)


def test_the_export_is_what_a_municipality_sends(export):
    dst, renamed = export
    raw = (dst / "workforce.csv").read_bytes()
    assert raw.startswith("ansattnummer;kommunenr;sektor;stilling;stillingsandel;månedslønn".encode("cp1252"))
    assert b";0,24;47973,0;" in raw  # decimal commas, as Norwegian Excel writes them
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # "månedslønn" in Windows-1252 is not valid UTF-8
    assert len(renamed["workforce"]) >= 10


@pytest.mark.parametrize("kind", KINDS)
def test_the_export_reads_as_the_original(export, kind):
    """Every value, type and row of the original comes back from the export."""
    dst, _ = export
    original = readers.read_table(SMALL / tables.FILE_NAMES[kind], kind)
    exported = readers.read_table(dst / tables.FILE_NAMES[kind], kind)
    assert len(exported) == len(original) > 0
    pd.testing.assert_frame_equal(exported, original)


def test_validate_says_what_it_detected(export, capsys):
    dst, _ = export
    assert cli.main(["validate", str(dst / "workforce.csv"), "--kind", "workforce"]) == 0
    out = capsys.readouterr().out
    assert "600 rader" in out or "600" in out
    for detected in ("cp1252", "semikolon (;)", "komma (0,8)", "5014"):
        assert detected in out, (detected, out)
    assert "månedslønn" in out  # the alias it recognised is named
    assert cli.main(["validate", str(dst), "--kind", "dataset", "--language", "en"]) == 0


def _run_01(tmp: Path, data: Path) -> Path:
    out_dir = tmp / "tables"
    env = {**os.environ, "JUPYTER_PREFER_ENV_PATH": "1", "MPLBACKEND": "Agg"}
    cmd = [PAPERMILL, str(NOTEBOOK), str(tmp / "out.ipynb"), "-k", "lifelong-analysis", "--log-level", "WARNING",
           "-p", "municipality", "5014", "-p", "sector", "health_care", "-p", "n_draws", "500",
           "-p", "data_dir", str(data), "-p", "output_dir", str(out_dir)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    return out_dir


@pytest.mark.notebook
def test_notebook_01_publishes_the_same_tables_from_the_export(export, tmp_path):
    dst, _ = export
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    original = _run_01(tmp_path / "a", SMALL)
    exported = _run_01(tmp_path / "b", dst)
    names = sorted(p.name for p in original.glob("*.csv"))
    assert "cost_summary.csv" in names and "recorded_costs_by_sector.csv" in names
    assert sorted(p.name for p in exported.glob("*.csv")) == names
    for name in names:
        a = (original / name).read_text(encoding="utf-8")
        b = (exported / name).read_text(encoding="utf-8")
        assert a == b, name
