"""The tree is the data flow: one rule of direction, checked over the source with ``ast``.

runner → reporting → analysis → stats → data (and ``synthetic`` beside reporting, above analysis);
``errors``, ``paths`` and ``outputs`` sit at the bottom.  Analysis and stats never take a
``language``, never write files, never import display code.  Imports sit at the top of each file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "lifelong_analysis"

#: Layer of each subpackage; a module may import its own layer and the layers below.
LAYER = {"base": 0, "data": 1, "stats": 2, "analysis": 3, "synthetic": 4, "reporting": 4, "runner": 5}
BASE = {"errors", "paths", "outputs", "__init__", "__main__"}
#: Base modules that write files: not for analysis and stats.
WRITERS = {"outputs"}
PURE = {"stats", "analysis"}

#: Known violations still being removed by the redesign, one per line: the list may only shrink,
#: and a line that no longer matches a violation fails too (remove it when fixed).
DEBT_FILE = Path(__file__).with_name("architecture_debt.txt")
DEBT = {line.strip() for line in DEBT_FILE.read_text().splitlines() if line.strip() and not line.startswith("#")} \
    if DEBT_FILE.exists() else set()
FOUND: set[str] = set()


def _check(found: list[str]):
    FOUND.update(found)
    new = sorted(set(found) - DEBT)
    assert not new, "\n".join(new)


def _layer_of(module: str) -> tuple[str, int]:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYER:
        return parts[1], LAYER[parts[1]]
    return "base", 0


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(), filename=str(path))


def _imports(tree: ast.Module, module: str, path: Path):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("lifelong_analysis"):
                names = [f"{target}.{a.name}" for a in node.names]
                yield node, target, names
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("lifelong_analysis"):
                    yield node, a.name, [a.name]


def _resolve(target: str, names: list[str]) -> list[str]:
    """``from lifelong_analysis.data import vocab`` imports ``lifelong_analysis.data.vocab``."""
    out = []
    for n in names:
        p = PKG.parent / Path(*n.split("."))
        out.append(n if (p.with_suffix(".py").exists() or p.is_dir()) else target)
    return out


@pytest.mark.parametrize("sub", ["data", "stats", "analysis", "reporting", "runner", "synthetic"])
def test_subpackage_exists_with_a_docstring(sub):
    init = PKG / sub / "__init__.py"
    assert init.exists()
    assert ast.get_docstring(ast.parse(init.read_text()))


def test_layers_import_only_downwards():
    bad = []
    for module, path, tree in _modules():
        layer, level = _layer_of(module)
        for node, target, names in _imports(tree, module, path):
            for imported in _resolve(target, names):
                if imported == "lifelong_analysis" or imported.endswith(".__version__"):
                    continue
                ilayer, ilevel = _layer_of(imported)
                short = imported.split(".")[-1]
                wrong = ilevel > level and not (layer == ilayer)
                if layer == "synthetic" and ilayer == "reporting":
                    wrong = True
                if layer in PURE and ilayer == "base" and short in WRITERS:
                    wrong = True
                if module in ("lifelong_analysis", "lifelong_analysis.__main__"):
                    wrong = False  # the package's front door re-exports and runs the layers
                if wrong:
                    bad.append(f"layer: {module} imports {imported}")
    _check(bad)


def test_imports_at_the_top_of_each_file():
    bad = []
    for module, path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        names = [a.name for a in inner.names]
                        mod = getattr(inner, "module", None) or ""
                        if mod.startswith("lifelong_analysis") or inner.__class__ is ast.ImportFrom and inner.level:
                            bad.append(f"late import: {module}.{node.name}() imports {mod or names}")
    _check(bad)


def test_analysis_and_stats_take_no_language():
    bad = []
    for module, path, tree in _modules():
        layer, _ = _layer_of(module)
        if layer not in PURE:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = [a.arg for a in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs)]
                if "language" in args:
                    bad.append(f"language: {module}.{node.name}()")
    _check(bad)


def test_debt_list_holds_only_live_violations():
    """Runs last in this file: every line of the debt list is still a violation."""
    stale = sorted(DEBT - FOUND)
    assert not stale, "fixed, remove from tests/architecture_debt.txt:\n" + "\n".join(stale)
