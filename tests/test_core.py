"""Vocabularies, number formats, atomic output writing, paths."""

from __future__ import annotations

import pandas as pd
import pytest

from lifelong_analysis.reporting import formatting
from lifelong_analysis import outputs, paths
from lifelong_analysis.data import tables, vocab


def test_labels_in_both_languages():
    assert vocab.label("sector", "health_care") == "Helse og omsorg"
    assert vocab.label("sector", "health_care", "en") == "Health and care"
    # An occupation title of the municipality's own is shown as it is.
    assert vocab.label("occupation", "Spesialsykepleier") == "Spesialsykepleier"


def test_check_codes_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown sector 'hospital'.*health_care.*culture"):
        vocab.check_codes("sector", ["health_care", "hospital"])
    assert vocab.check_codes("delivery_format", "work_integrated") == ["work_integrated"]


def test_norwegian_number_formats():
    assert formatting.format_nok(1234567.4) == "1\u202f234\u202f567\u00a0kr"
    assert formatting.format_nok(1234567.4, language="en") == "NOK\u00a01\u202f234\u202f567"
    assert formatting.format_number(1234.56, 1) == "1\u202f234,6"
    assert formatting.format_number(-0.4) == "0"  # no "−0"
    assert formatting.format_number(-12.5, 1) == "\u221212,5"
    assert formatting.format_share(0.125, 1) == "12,5\u00a0%"
    assert formatting.format_share(0.125, 1, "en") == "12.5%"
    assert formatting.format_nok(":") == ":"
    assert formatting.format_nok(float("nan")) == ""


def test_write_table_is_atomic(tmp_path):
    df = pd.DataFrame({"sector": ["a", "b"], "n": [":", 12], "mean_gap": [":", 0.7]})
    path = outputs.write_table(df, tmp_path / "sub" / "t.csv")
    back = pd.read_csv(path, dtype=str)
    assert back.loc[0, ["n", "mean_gap"]].tolist() == [":", ":"]
    assert back.loc[1, ["n", "mean_gap"]].tolist() == ["12", "0.7"]
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["t.csv"]
    # Readable like any file the user writes (mkstemp alone would leave 0600).
    import os
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "x.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with outputs.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_paths_resolve_against_project_root(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert paths.resolve("data/synthetic") == paths.project_root() / "data" / "synthetic"
    assert paths.resolve(None, default=paths.default_data_dir()) == paths.default_data_dir()
    assert (paths.project_root() / "pyproject.toml").exists()


def test_table_kinds_use_the_house_conventions():
    for kind in tables.TABLES.values():
        for col in kind.columns:
            if col.unit.startswith("NOK"):
                assert col.name.endswith("_nok"), col.name
            if col.name == "kommunenummer":
                assert col.dtype == "str" and col.pattern == tables.KOMMUNENUMMER_PATTERN
