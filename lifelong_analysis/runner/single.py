"""``lifelong-analysis report NOTEBOOK -p NAME VALUE ...``: one run, the same HTML report as a batch.

The notebook runs through the batch runner (same kernel, same report, same
spreadsheet and manifest entry) into ``outputs/<notebook>/<name-value-...>/``:
the folder is named from every parameter given, names included, so that it
never takes the folder of another single run or of a batch run (batch folders
are named from the values only).  Running the same command again replaces
that run's own folder only when something changed (or with ``--force``).

``-p`` values are read by the type the notebook declares for the parameter
(``municipality: str`` keeps "0301" as text; ``n_draws: int``; lists as
YAML/JSON, e.g. ``-p formats '[work_integrated, digital_self_paced]'``;
``None`` for an optional one).

Examples
--------
>>> parse_value("0301", str), parse_value("5000", int), parse_value("[3, 4]", list), parse_value("None", None)
('0301', 5000, [3, 4], None)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yaml

from lifelong_analysis.runner import batch
from lifelong_analysis.paths import outputs_dir, project_root, resolve


def parse_value(text: str, typ):
    """A ``-p`` value as the notebook's declared type (``typ``: str, int, float, bool, list, or None)."""
    if text in ("None", "null"):
        return None
    if typ is str:
        return text
    if typ is bool:
        low = text.lower()
        if low in ("true", "yes", "ja", "1"):
            return True
        if low in ("false", "no", "nei", "0"):
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    if typ is int:
        return int(text)
    if typ is float:
        return float(text.replace(",", "."))
    value = yaml.safe_load(text)
    if typ in (list, tuple) and not isinstance(value, list):
        value = [value]
    return text if value is None else value


def _title(notebook: Path) -> dict:
    """The notebook's title in the default config (reports.yaml), else its file name."""
    config = project_root() / "reports.yaml"
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        for entry in data.get("notebooks", []):
            if isinstance(entry, dict) and resolve(entry.get("notebook", "")) == notebook.resolve():
                return entry.get("title") or {}
    except (OSError, yaml.YAMLError):
        pass
    return {"nb": notebook.stem, "en": notebook.stem}


def run_single(notebook: str | os.PathLike, parameters: dict, *, output_dir: str | os.PathLike | None = None,
               force: bool = False, timeout: float | None = None, progress: bool = False) -> dict:
    """Run one notebook with ``parameters`` (already typed) into its own folder; return the batch result."""
    nb = resolve(notebook)
    out = resolve(output_dir, outputs_dir())
    entry = {"notebook": str(nb), "title": _title(nb), "parameters": dict(parameters), "single": True}
    with tempfile.TemporaryDirectory(prefix="lifelong-report-") as tmp:
        cfg = Path(tmp) / "single.yaml"
        cfg.write_text(yaml.safe_dump({"notebooks": [entry]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return batch.run_batch(cfg, workers=1, force=force, timeout=timeout, output_dir=out, progress=progress)


def add_arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("notebook", help="the notebook, e.g. notebooks/01_absence_substitute_costs.ipynb")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                   help="a parameter of the notebook (repeat for more); see papermill --help-notebook NOTEBOOK")
    p.add_argument("--output-dir", default=None, help="folder of the run folders (default: outputs/)")
    p.add_argument("--force", action="store_true", help="run even when nothing changed since the last run")
    p.add_argument("--timeout", type=float, default=None, help="time limit of the run in seconds")
    return p


def report_command(args: argparse.Namespace) -> int:
    """``lifelong-analysis report``: exit 0 when the report was written from a successful run, 1 on a failed
    run, 2 on bad arguments."""
    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    nb = resolve(args.notebook)
    if not nb.is_file():
        print(f"error: notebook not found: {nb}", file=sys.stderr)
        return 2
    spec = batch.notebook_parameters(nb)
    params = {}
    for name, text in args.parameter:
        if name not in spec:
            print(f"error: {nb.name} has no parameter {name!r}; its parameters are: {', '.join(spec)}",
                  file=sys.stderr)
            return 2
        try:
            params[name] = parse_value(text, spec[name]["type"])
        except (ValueError, yaml.YAMLError) as e:
            print(f"error: parameter {name!r}: {e}", file=sys.stderr)
            return 2
    try:
        result = run_single(nb, params, output_dir=args.output_dir, force=args.force, timeout=args.timeout)
    except batch.BatchConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    run = result["runs"][0]
    out = resolve(args.output_dir, outputs_dir())
    where = out / run["name"] / "report.html"
    if run.get("skipped"):
        print(f"unchanged since the last run (use --force to rerun): {where}")
    elif run["status"] == "ok":
        print(f"report: {where}")
    else:
        print(f"the run failed: {run.get('error', '')}\nits report: {where}", file=sys.stderr)
    return result["exit_code"]
