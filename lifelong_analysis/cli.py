"""Command line: ``lifelong-analysis <command>`` (also ``python -m lifelong_analysis``).

Commands
--------
validate PATH --kind KIND [--sheet NAME]
    Read and validate a file (kinds: the table kinds of
    :mod:`lifelong_analysis.tables`, ``statbank`` for Statistics Norway
    JSON-stat/CSV files) or a dataset directory (``--kind dataset``).
    Prints a short summary and exits 0 when valid; prints every problem to
    stderr and exits 2 when invalid or missing.

Other commands register themselves in :func:`build_parser` through
:data:`SUBCOMMANDS` (``name -> (add_arguments, handler)``).

Examples
--------
>>> from lifelong_analysis.cli import main
>>> main(["validate", "data/synthetic", "--kind", "dataset"])   # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

import pandas as pd

from . import tables
from .errors import DataValidationError

#: Exit codes.
EXIT_OK = 0
EXIT_INVALID = 2

VALIDATE_KINDS = [*tables.TABLES, "statbank", "dataset"]


def _missing_summary(df: pd.DataFrame) -> list[str]:
    counts = df.isna().sum()
    counts = counts[counts > 0]
    if counts.empty:
        return ["  missing values: none"]
    lines = ["  missing values by column:"] + [f"    {c}: {int(n)}" for c, n in counts.iloc[:MAX_LISTED].items()]
    if len(counts) > MAX_LISTED:
        lines.append(f"    ... and {len(counts) - MAX_LISTED} more columns with missing values")
    return lines


MAX_LISTED = 20


def summarize_table(df: pd.DataFrame, name: str) -> str:
    """A short plain-text summary of a validated table: rows, columns, missing values."""
    cols = list(map(str, df.columns))
    shown = ", ".join(cols[:MAX_LISTED]) + (f", ... ({len(cols) - MAX_LISTED} more)" if len(cols) > MAX_LISTED else "")
    lines = [f"{name}: valid, {len(df)} rows, {df.shape[1]} columns", "  columns: " + shown]
    lines += _missing_summary(df)
    return "\n".join(lines)


def summarize_statbank(df: pd.DataFrame, name: str) -> str:
    """Summary of a statbank table: rows, dimensions, missing values by reason (symbol)."""
    value_cols = {"value", "status", "status_label"}
    dims = [c for c in df.columns if c not in value_cols and not c.endswith("_label")]
    lines = [f"{name}: valid statbank table, {len(df)} cells, dimensions: " + ", ".join(
        f"{d} ({df[d].nunique()})" for d in dims)]
    missing = df[df["value"].isna()]
    if missing.empty:
        lines.append("  missing values: none")
    else:
        lines.append(f"  missing values: {len(missing)}, by reason:")
        grp = missing.fillna({"status": "(none)", "status_label": "no status given"}).groupby(
            ["status", "status_label"], dropna=False).size()
        lines += [f"    {sym!r} {label}: {int(n)}" for (sym, label), n in grp.items()]
    flagged = df[df["value"].notna() & df["status"].notna()]
    if len(flagged):
        lines.append(f"  values with a status flag: {len(flagged)} ("
                     + ", ".join(f"{s!r}: {n}" for s, n in flagged["status"].value_counts().items()) + ")")
    return "\n".join(lines)


def _cmd_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import paths, readers

    path = paths.resolve(args.path)
    try:
        if args.kind == "dataset":
            if args.sheet is not None:
                raise ValueError("--sheet does not apply to a dataset directory (its tables are CSV files)")
            if not path.is_dir():
                raise FileNotFoundError(f"No such directory: {path}")
            ds = readers.load_dataset(path)
            out = [f"dataset {path}: valid{' (synthetic data)' if ds.synthetic else ''}"]
            for kind in tables.TABLES:
                if kind in ds.files:
                    out.append(summarize_table(ds.table(kind), Path(ds.files[kind]).name))
                else:
                    out.append(f"{tables.FILE_NAMES[kind]}: not present (optional)")
            print("\n".join(out))
        elif args.kind == "statbank":
            from . import statbank

            if args.sheet is not None:
                raise ValueError("--sheet does not apply to statbank files")
            df = statbank.read_statbank(path)
            print(summarize_statbank(df, path.name))
        else:
            df = readers.read_table(path, args.kind, sheet=args.sheet)
            print(summarize_table(df, path.name))
    except DataValidationError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except (FileNotFoundError, IsADirectoryError, ValueError, KeyError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"error: {msg}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _add_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="file to validate (CSV, .xlsx, JSON-stat) or a dataset directory")
    p.add_argument("--kind", required=True, choices=VALIDATE_KINDS,
                   help="table kind; 'statbank' for Statistics Norway files, 'dataset' for a directory")
    p.add_argument("--sheet", default=None, help="Excel sheet name (default: first sheet)")


#: Subcommands: name -> (help, add_arguments(parser), handler(args) -> exit code).
SUBCOMMANDS: dict[str, tuple[str, Callable, Callable]] = {
    "validate": ("validate a data file or dataset directory", _add_validate, _cmd_validate),
}


def _add_run(p: argparse.ArgumentParser) -> None:
    from .batch import add_arguments

    add_arguments(p)


def _cmd_run(args: argparse.Namespace) -> int:
    from .batch import run_command

    return run_command(args)


SUBCOMMANDS["run"] = ("run notebooks in batch and build their HTML reports (see reports.yaml)", _add_run, _cmd_run)


def _add_report(p: argparse.ArgumentParser) -> None:
    from .single import add_arguments

    add_arguments(p)


def _cmd_report(args: argparse.Namespace) -> int:
    from .single import report_command

    return report_command(args)


SUBCOMMANDS["report"] = ("run one notebook with -p NAME VALUE ... into its own folder and build its HTML report",
                         _add_report, _cmd_report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per entry of :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="lifelong-analysis",
        description="Analyses of lifelong learning (EVU) in Norwegian municipalities.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (help_text, add_arguments, handler) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(p)
        p.set_defaults(handler=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 invalid input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # output piped into `head`: not an error of the data
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
