"""The notebooks' static prose is Markdown a researcher edits in JupyterLab, once per language.

Sentences without numbers live in Markdown cells tagged ``nb`` (bokmål) and ``en`` (English),
in pairs; the report keeps the run's language (``report.clean_notebook``).  Sentences with
numbers come from functions of the notebook's ``reporting/*_report.py`` module: a code cell
passes no f-string (nor a string glued to a value) to ``display.md`` / ``display.text`` /
``display.heading``.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from lifelong_analysis.reporting import report

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("0*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _static_display_calls(source: str) -> list[str]:
    """display.md / display.heading calls whose two texts are plain literals (they belong in Markdown)."""
    found = []
    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "display"
                and node.func.attr in ("md", "heading") and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2])):
            found.append(node.args[0].value[:60])
    return found


def _built_sentences(source: str) -> list[str]:
    """Texts built in the cell (f-strings, or "..." + value) and passed to display.md / text / heading.

    Only the arguments of those calls count: an f-string for a file path or a dict key is fine,
    and so is a call such as ``costs_report.cover_text(...)`` (the sentence is built there).
    """
    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())

    def built(node) -> bool:
        if isinstance(node, ast.JoinedStr):
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            sides = (node.left, node.right)
            if any(built(x) for x in sides):
                return True
            # "Text " + str(year): a literal glued to a value
            return (any(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in sides)
                    and not all(isinstance(x, ast.Constant) for x in sides))
        if isinstance(node, ast.IfExp):
            return built(node.body) or built(node.orelse)
        return False

    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "display"
                and node.func.attr in ("md", "text", "heading")):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if built(arg):
                    found.append(ast.get_source_segment(source, arg)[:60])
    return found


def test_built_sentences_are_found():
    cell = """%matplotlib inline
path = f"{out_dir}/table_{name}.csv"
display.md(costs_report.cover_text(scenarios, language=lang))
display.table(t, lang, rename={f"{c}_p5": "P5" for c in cols})
display.md(f"I {place} ...", f"In {place} ...", lang)
display.heading("Fram mot " + str(year), "Up to " + str(year), lang)
display.md("**Prognose.**" + ("" if reason == "" else " Ingen: " + reason), "x", lang)
caption = display.text("Kontant, kr", "Cash, NOK", lang)
label = display.text(f"Ansatte i {place}", "Employees", lang)
"""
    assert _built_sentences(cell) == ['f"I {place} ..."', 'f"In {place} ..."', '"Fram mot " + str(year)',
                                      '"Up to " + str(year)',
                                      '"**Prognose.**" + ("" if reason == "" else " Ingen: " + reas',  # first 60 characters
                                      'f"Ansatte i {place}"']


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_sentences_with_numbers_come_from_the_reporting_module(path):
    built = [t for c in _cells(path) if c["cell_type"] == "code" for t in _built_sentences("".join(c["source"]))]
    left = sorted(set(built))
    assert not left, (f"{path.name}: sentences built in code cells; write them as functions of the notebook's "
                      f"reporting module: {left}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_static_prose_is_markdown(path):
    static = [t for c in _cells(path) if c["cell_type"] == "code" for t in _static_display_calls("".join(c["source"]))]
    assert not static, f"{path.name}: static text in code cells, move it to nb/en Markdown cells: {static}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_comes_in_language_pairs(path):
    cells = _cells(path)
    tagged = [(i, set(c["metadata"].get("tags", [])) & {"nb", "en"}) for i, c in enumerate(cells)
              if c["cell_type"] == "markdown"]
    nb_cells = [i for i, t in tagged if t == {"nb"}]
    en_cells = [i for i, t in tagged if t == {"en"}]
    assert nb_cells, f"{path.name}: no bokmål prose cell"
    assert [i + 1 for i in nb_cells] == en_cells, f"{path.name}: every nb cell is followed by its en cell"
    for i in nb_cells:
        a, b = "".join(cells[i]["source"]), "".join(cells[i + 1]["source"])
        # the same structure: a heading stays a heading of the same level
        level = re.match(r"#* ?", a).group()
        assert not level.strip() or b.startswith(level), i


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_issue_numbers_or_developer_notes(path):
    for c in _cells(path):
        text = "".join(c["source"])
        assert not re.search(r"\bissues? \d+", text, re.I), (path.name, text[:80])


@pytest.mark.parametrize("language,other", [("nb", "en"), ("en", "nb")])
def test_report_keeps_the_prose_of_its_language(language, other):
    path = NOTEBOOKS[0]
    nb = nbformat.read(path, as_version=4)
    kept = report.clean_notebook(nb, language=language)
    tags = [set(c.metadata.get("tags", [])) for c in kept.cells if c.cell_type == "markdown"]
    assert tags and all(language in t for t in tags)
    heading = {"nb": "## To måter å regne kostnaden på", "en": "## Two ways of counting the cost"}
    texts = ["".join(c.source) for c in kept.cells if c.cell_type == "markdown"]
    assert any(t.startswith(heading[language]) for t in texts)
    assert not any(t.startswith(heading[other]) for t in texts)
