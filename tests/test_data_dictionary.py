"""data/README.md is generated from tables.py and must be up to date."""

from __future__ import annotations

from lifelong_analysis.runner import datadict
from lifelong_analysis.data import tables


def test_committed_readme_is_up_to_date(root):
    committed = (root / "data" / "README.md").read_text(encoding="utf-8")
    assert committed == datadict.render_readme(), (
        "data/README.md is out of date: run `.venv/bin/python -m lifelong_analysis.runner.datadict`")


def test_every_column_of_every_table_is_documented():
    md = datadict.tables_markdown()
    for kind, t in tables.TABLES.items():
        section = datadict.table_markdown(kind)
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert len(rows) == len(t.columns), kind
        for c in t.columns:
            assert f"`{c.name}`" in section, (kind, c.name)
        assert f"File `{tables.FILE_NAMES[kind]}`" in md


def test_rules_and_units_appear():
    wf = datadict.table_markdown("workforce")
    assert "| `position_share` | float | share 0–1 | yes | > 0 and <= 1 |" in wf
    tr = datadict.table_markdown("training")
    assert "`direct_cost_components_sum`" in tr


def test_check_mode(tmp_path, capsys):
    out = tmp_path / "README.md"
    assert datadict.main(["--out", str(out), "--check"]) == 1
    assert datadict.main(["--out", str(out)]) == 0
    assert datadict.main(["--out", str(out), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
