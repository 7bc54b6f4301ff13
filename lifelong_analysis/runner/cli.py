"""Command line: ``lifelong-analysis <command>`` (also ``python -m lifelong_analysis``).

Commands
--------
validate PATH --kind KIND [--sheet NAME] [--language nb|en]
    Read and validate a file (kinds: the table kinds of
    :mod:`lifelong_analysis.data.tables`, ``statbank`` for Statistics Norway
    JSON-stat/CSV files) or a dataset directory (``--kind dataset``).
    Prints a short summary of what it detected (encoding, separator, decimal
    mark, rows, kommunenummer, missing values by reason) and exits 0 when
    valid; prints every problem to stderr and exits 2 when invalid or missing.
    Relative paths are taken from the current directory.  Messages in bokmål
    (``--language nb``, the default) or English.

Other commands register themselves in :func:`build_parser` through
:data:`SUBCOMMANDS` (``name -> (add_arguments, handler)``).

Examples
--------
>>> from lifelong_analysis.runner.cli import main
>>> main(["validate", "data/synthetic", "--kind", "dataset"])   # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from lifelong_analysis.data import readers, statbank, tables
from lifelong_analysis.errors import DataValidationError
from lifelong_analysis.paths import user_path
from lifelong_analysis.runner import batch, single

#: Exit codes.
EXIT_OK = 0
EXIT_INVALID = 2

VALIDATE_KINDS = [*tables.TABLES, "statbank", "dataset"]


#: Words of the summaries and messages, per language (bokmål by default, like the reports).
WORDS = {
    "nb": {
        "valid": "gyldig", "rows": "rader", "columns": "kolonner", "cells": "celler",
        "columns_list": "kolonner", "encoding": "tegnkoding", "separator": "skilletegn",
        "decimal": "desimaltegn", "sheet": "ark", "blank": "tomme linjer hoppet over",
        "knr": "kommunenummer funnet", "missing_none": "manglende verdier: ingen",
        "missing_by": "manglende verdier etter årsak:", "empty": "tom celle", "marker": "markør",
        "more_cols": "flere kolonner med manglende verdier", "renamed": "kolonnenavn lest som",
        "note": "merknad", "dataset": "datasett", "synthetic": " (syntetiske data)",
        "absent": "finnes ikke (valgfri)", "statbank": "gyldig statistikkbanktabell",
        "dimensions": "dimensjoner", "missing_n": "manglende verdier: {n}, etter årsak:",
        "flagged": "verdier med statusflagg", "no_status": "ingen status oppgitt", "error": "feil",
        "sep_names": {",": "komma (,)", ";": "semikolon (;)", "\t": "tabulator"},
        "dec_names": {",": "komma (0,8)", ".": "punktum (0.8)"},
        "and_more": "og {n} til",
    },
    "en": {
        "valid": "valid", "rows": "rows", "columns": "columns", "cells": "cells",
        "columns_list": "columns", "encoding": "encoding", "separator": "separator",
        "decimal": "decimal mark", "sheet": "sheet", "blank": "blank lines skipped",
        "knr": "kommunenummer found", "missing_none": "missing values: none",
        "missing_by": "missing values by reason:", "empty": "empty cell", "marker": "marker",
        "more_cols": "more columns with missing values", "renamed": "column names read as",
        "note": "note", "dataset": "dataset", "synthetic": " (synthetic data)",
        "absent": "not present (optional)", "statbank": "valid statbank table",
        "dimensions": "dimensions", "missing_n": "missing values: {n}, by reason:",
        "flagged": "values with a status flag", "no_status": "no status given", "error": "error",
        "sep_names": {",": "comma (,)", ";": "semicolon (;)", "\t": "tab"},
        "dec_names": {",": "comma (0,8)", ".": "point (0.8)"},
        "and_more": "and {n} more",
    },
}


def _w(language: str) -> dict:
    return WORDS.get(language, WORDS["nb"])


MAX_LISTED = 20


def _missing_summary(df: pd.DataFrame, language: str = "en") -> list[str]:
    w = _w(language)
    counts = df.isna().sum()
    counts = counts[counts > 0]
    if counts.empty:
        return ["  " + w["missing_none"]]
    markers = {str(k): v for k, v in (df.attrs.get("missing_markers") or {}).items()}
    renamed = df.attrs.get("renamed") or {}
    lines = ["  " + w["missing_by"]]
    for c, n in counts.iloc[:MAX_LISTED].items():
        written = next((k for k, v in renamed.items() if v == c), c)
        mk = markers.get(str(written), markers.get(str(c), {}))
        parts = [f"{w['marker']} {tok!r}: {k}" for tok, k in mk.items()]
        empty = int(n) - sum(mk.values())
        if empty > 0:
            parts.insert(0, f"{w['empty']}: {empty}")
        lines.append(f"    {c}: {int(n)} ({', '.join(parts)})")
    if len(counts) > MAX_LISTED:
        lines.append(f"    ... {w['and_more'].format(n=len(counts) - MAX_LISTED)} ({w['more_cols']})")
    return lines


def summarize_table(df: pd.DataFrame, name: str, language: str = "en") -> str:
    """A short plain-text summary of a validated table: what was detected, rows, columns, missing values by reason.

    Detected: encoding, separator and decimal mark (CSV) or sheet (Excel),
    blank lines skipped, the kommunenummer found, column names read through
    an alias or ``columns.yaml``, and the declared rules applied (percentages).
    """
    w = _w(language)
    cols = list(map(str, df.columns))
    shown = ", ".join(cols[:MAX_LISTED]) + (f", ... ({len(cols) - MAX_LISTED})" if len(cols) > MAX_LISTED else "")
    a = df.attrs
    lines = [f"{name}: {w['valid']}, {len(df)} {w['rows']}, {df.shape[1]} {w['columns']}"]
    detected = []
    if a.get("encoding"):
        detected.append(f"{w['encoding']} {a['encoding']}")
    if a.get("separator"):
        detected.append(f"{w['separator']} {w['sep_names'].get(a['separator'], repr(a['separator']))}")
    if a.get("sheet"):
        detected.append(f"{w['sheet']} {a['sheet']!r}")
    if a.get("decimal_mark"):
        detected.append(f"{w['decimal']} {w['dec_names'].get(a['decimal_mark'], a['decimal_mark'])}")
    if detected:
        lines.append("  " + "; ".join(detected))
    if a.get("blank_lines"):
        lines.append(f"  {w['blank']}: {a['blank_lines']}")
    lines.append(f"  {w['columns_list']}: " + shown)
    if "kommunenummer" in df.columns:
        vc = df["kommunenummer"].value_counts()
        if len(vc):
            more = f", {w['and_more'].format(n=len(vc) - 5)}" if len(vc) > 5 else ""
            lines.append(f"  {w['knr']}: " + ", ".join(f"{k} ({n})" for k, n in vc.iloc[:5].items()) + more)
    if a.get("renamed"):
        lines.append(f"  {w['renamed']}: " + ", ".join(f"{k!r} -> {v}" for k, v in a["renamed"].items()))
    for note in a.get("notes") or []:
        lines.append(f"  {w['note']}: {note}")
    lines += _missing_summary(df, language)
    return "\n".join(lines)


def summarize_statbank(df: pd.DataFrame, name: str, language: str = "en") -> str:
    """Summary of a statbank table: rows, dimensions, missing values by reason (symbol)."""
    w = _w(language)
    value_cols = {"value", "status", "status_label"}
    dims = [c for c in df.columns if c not in value_cols and not c.endswith("_label")]
    lines = [f"{name}: {w['statbank']}, {len(df)} {w['cells']}, {w['dimensions']}: " + ", ".join(
        f"{d} ({df[d].nunique()})" for d in dims)]
    missing = df[df["value"].isna()]
    if missing.empty:
        lines.append("  " + w["missing_none"])
    else:
        lines.append("  " + w["missing_n"].format(n=len(missing)))
        grp = missing.fillna({"status": "(none)", "status_label": w["no_status"]}).groupby(
            ["status", "status_label"], dropna=False).size()
        lines += [f"    {sym!r} {label}: {int(n)}" for (sym, label), n in grp.items()]
    flagged = df[df["value"].notna() & df["status"].notna()]
    if len(flagged):
        lines.append(f"  {w['flagged']}: {len(flagged)} ("
                     + ", ".join(f"{s!r}: {n}" for s, n in flagged["status"].value_counts().items()) + ")")
    return "\n".join(lines)


#: The errors a user's input can cause (exit 2); anything else is a bug in the package (exit 1).
USER_ERRORS = (DataValidationError, FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError,
               ValueError, KeyError, UnicodeError)


def _cmd_validate(args: argparse.Namespace) -> int:
    lang = args.language
    path = user_path(args.path)
    try:
        if args.kind == "dataset":
            if args.sheet is not None:
                raise ValueError("--sheet does not apply to a dataset directory (its tables are CSV files)")
            if not path.is_dir():
                raise FileNotFoundError(f"No such directory: {path}")
            ds = readers.load_dataset(path)
            w = _w(lang)
            out = [f"{w['dataset']} {path}: {w['valid']}{w['synthetic'] if ds.synthetic else ''}"]
            for kind in tables.TABLES:
                if kind in ds.files:
                    out.append(summarize_table(ds.table(kind), Path(ds.files[kind]).name, lang))
                else:
                    out.append(f"{tables.FILE_NAMES[kind]}: {w['absent']}")
            print("\n".join(out))
        elif args.kind == "statbank":
            if args.sheet is not None:
                raise ValueError("--sheet does not apply to statbank files")
            df = statbank.read_statbank(path)
            print(summarize_statbank(df, path.name, lang))
        else:
            df = readers.read_table(path, args.kind, sheet=args.sheet)
            print(summarize_table(df, path.name, lang))
    except DataValidationError as exc:
        print(exc.message(lang), file=sys.stderr)
        return EXIT_INVALID
    except USER_ERRORS as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"{_w(lang)['error']}: {msg}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _add_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="file to validate (CSV, .xlsx, JSON-stat) or a dataset directory")
    p.add_argument("--kind", required=True, choices=VALIDATE_KINDS,
                   help="table kind; 'statbank' for Statistics Norway files, 'dataset' for a directory")
    p.add_argument("--sheet", default=None, help="Excel sheet name (default: first sheet)")
    p.add_argument("--language", default="nb", choices=["nb", "en"],
                   help="language of the summary and the messages (default nb, bokmål)")


#: Subcommands: name -> (help, add_arguments(parser), handler(args) -> exit code).
SUBCOMMANDS: dict[str, tuple[str, Callable, Callable]] = {
    "validate": ("validate a data file or dataset directory", _add_validate, _cmd_validate),
}


SUBCOMMANDS["run"] = ("run notebooks in batch and build their HTML reports (see reports.yaml)",
                      batch.add_arguments, batch.run_command)
SUBCOMMANDS["report"] = ("run one notebook with -p NAME VALUE ... into its own folder and build its HTML report",
                         single.add_arguments, single.report_command)


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
