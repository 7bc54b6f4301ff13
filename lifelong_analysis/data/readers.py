"""Readers for the files municipalities really have, validated at the boundary.

* :func:`read_table` reads one table (CSV or Excel ``.xlsx``) of a kind named
  in :mod:`lifelong_analysis.data.tables`, converts and validates it with the
  pandera schemas of :mod:`lifelong_analysis.data.schemas`, and raises one
  :class:`~lifelong_analysis.errors.DataValidationError` listing every
  problem (file, column, line numbers, offending values, rule in plain words).
* :func:`validate_frame` does the same for a DataFrame already in memory.
* :func:`load_dataset` reads a dataset directory (``<kind>.csv`` files plus an
  optional ``datapackage.json``) and checks the references between tables.

CSV files
---------
* Encoding: UTF-8 with or without BOM; otherwise Windows-1252 (a superset of
  ISO-8859-1 for printable characters, so æøå survive either way); bytes that
  cp1252 leaves undefined fall back to ISO-8859-1.
* Separator: ``;`` or ``,`` (or tab), whichever occurs most on the header line.
* Decimal comma in ``;``- and tab-separated files (the Norwegian Excel export):
  ``"1 234,50"`` is 1234.5; spaces, no-break spaces and thin spaces are
  thousands separators, and a ``.`` is a thousands separator when a decimal
  comma is present (``"1.234,50"``).  In comma-separated files numbers use a
  decimal point.
* Every value is read as text first, so ``"0301"`` keeps its zero; each column
  is then converted to its type.  Values that do not convert are reported,
  never set to missing silently.
* Completely blank lines are skipped (they hold no data); line numbers in
  messages still count them, so they match what an editor shows (header =
  line 1).  Quoted values spanning several lines would shift the numbering.
* Missing values: empty cells and pandas' default NA strings (``NA``, ``n/a``,
  ``null``, ...).

Excel files
-----------
Read with openpyxl (read-only), every cell as text, from the sheet named by
``sheet`` (default: the first sheet); an unknown sheet name is an error listing
the sheets.  Line numbers are Excel row numbers (header = row 1).
**Decision on kommunenummer:** a number cell ``301`` in Excel is *not* padded to
``"0301"``: the file has lost information (was it 0301 or 3010 cut short?), so
it is reported as an error asking to format the column as text, exactly like
the CSV value ``"301"``.

Defaults
--------
Optional columns with a default (``tables.Column.default``) are added when
absent, and their empty cells filled, before validation.  Optional columns
without a default are not added.  Unknown extra columns are kept as text.

Input files are only ever opened for reading.

Examples
--------
>>> from lifelong_analysis.data.readers import load_dataset
>>> ds = load_dataset()            # doctest: +SKIP
>>> ds.workforce.kommunenummer.iloc[0]   # doctest: +SKIP
'5001'
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa

from lifelong_analysis import paths
from lifelong_analysis.data import schemas, tables, vocab
from lifelong_analysis.data.labour import hourly_labour_cost
from lifelong_analysis.data.safe_yaml import YamlLimitError, load_yaml_limited
from lifelong_analysis.errors import DataValidationError, problem
from lifelong_analysis.data.tables import Column

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: Strings read as missing values (pandas' defaults).
_SPACES = r"[\s\u00a0\u2007\u2009\u202f']"
_TRUE = {"true", "1", "yes", "ja", "y", "j", "sann"}
_FALSE = {"false", "0", "no", "nei", "n", "usann"}
_SHORT_KNR = re.compile(r"^[0-9]{1,3}$")


# --------------------------------------------------------------------------- low-level helpers
def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with/without BOM), else Windows-1252, else ISO-8859-1.

    Returns ``(text, encoding)``.

    Examples
    --------
    >>> decode_bytes("Bodø".encode("cp1252"))
    ('Bodø', 'cp1252')
    >>> decode_bytes(b"\\xef\\xbb\\xbfa;b")
    ('a;b', 'utf-8-sig')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def detect_separator(text: str) -> str:
    """The field separator of CSV ``text``: the most frequent of ``;``, ``,`` and tab on the header line.

    Examples
    --------
    >>> detect_separator("a;b;c\\n1,5;2;3\\n")
    ';'
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
        except csv.Error:
            return ","
    return best


_SPACES_RE = re.compile(_SPACES)

#: Cell texts read as missing values (pandas' default NA strings); an empty cell is missing too.
NA_TOKENS = frozenset({"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                       "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"})

# How a number is written, after spaces (thousands) are removed.  Exactly one group matches.
#   plain: digits only ("52000", "-3", "1e5")
#   point: a decimal point that cannot be a thousands separator ("0.8", "1,234.50", "1,234,567")
#   comma: a decimal comma that cannot be a thousands separator ("0,8", "1.234,50", "1.234.567")
#   amb_dot: "25.000" (25 with three decimals, or 25 000 with a thousands dot)
#   amb_comma: "1,234" (1.234 with a decimal comma, or 1 234 with a thousands comma)
_NUMBER_KINDS = re.compile(
    r"^(?:"
    r"(?P<plain>[+-]?[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<amb_dot>[+-]?[0-9]{1,3}\.[0-9]{3})"
    r"|(?P<amb_comma>[+-]?[0-9]{1,3},[0-9]{3})"
    r"|(?P<point>[+-]?(?:[0-9]*\.[0-9]+|[0-9]+\.)(?:[eE][+-]?[0-9]+)?"
    r"|[+-]?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[+-]?[0-9]{1,3}(?:,[0-9]{3}){2,})"
    r"|(?P<comma>[+-]?[0-9]*,[0-9]+(?:[eE][+-]?[0-9]+)?"
    r"|[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,})"
    r")$"
)
_KIND_NAMES = ("plain", "amb_dot", "amb_comma", "point", "comma")
_PERCENT_RE = re.compile(r"^(.*?)\s*%$")
#: Decimal conventions: name -> (decimal mark, thousands mark).
CONVENTIONS = {"comma": (",", "."), "point": (".", ",")}


def _classify(text: str) -> tuple[str | None, str]:
    """(kind, cleaned text) of one cell: spaces (thousands) removed, a real minus as '-'."""
    cleaned = _SPACES_RE.sub("", text.strip()).replace("\u2212", "-")
    m = _NUMBER_KINDS.match(cleaned)
    return (m.lastgroup if m else None), cleaned


def _classified(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Kinds and cleaned texts of a Series of text, computed once per distinct value."""
    uniq = pd.unique(values.to_numpy(dtype=object))
    table = {u: _classify(u) for u in uniq}
    kinds = pd.Series([table[v][0] for v in values.to_numpy(dtype=object)], index=values.index, dtype=object)
    cleaned = pd.Series([table[v][1] for v in values.to_numpy(dtype=object)], index=values.index, dtype=object)
    return kinds, cleaned


def number_kinds(values: pd.Series) -> pd.Series:
    """How each number is written: plain, point, comma, amb_dot, amb_comma, or None (not a number).

    ``values`` holds text (missing values are None/NaN and give None).

    Examples
    --------
    >>> number_kinds(pd.Series(["52 000", "0,8", "1,234.50", "25.000", "x", None])).tolist()
    ['plain', 'comma', 'point', 'amb_dot', None, None]
    """
    out = pd.Series([None] * len(values), index=values.index, dtype=object)
    given = values.map(lambda v: isinstance(v, str)).astype(bool)
    if not given.any():
        return out
    kinds, _ = _classified(values[given])
    out[given] = kinds
    return out


def detect_convention(columns: dict[str, pd.Series], default: str = "comma") -> tuple[str, dict]:
    """The decimal convention of a file, from the numbers in its numeric columns.

    ``"comma"`` (decimal comma, ``.`` or space as thousands separator) when at
    least as many values are unambiguously written with a decimal comma as
    with a decimal point; ``"point"`` when more use a decimal point; ``default``
    when no value decides (only whole numbers, or ambiguous ones such as
    "25.000").  Detected once per file: a column that does not follow it is
    refused (see :func:`parse_column`), never read per cell.

    Returns ``(convention, evidence)`` with ``evidence`` = counts and one
    example per kind.

    Examples
    --------
    >>> detect_convention({"a": pd.Series(["0,8", "1"]), "b": pd.Series(["2.5"])})[0]
    'comma'
    >>> detect_convention({"a": pd.Series(["0.8", "1.5"])})[0]
    'point'
    """
    counts = {"comma": 0, "point": 0}
    example: dict[str, tuple[str, str]] = {}
    for name, values in columns.items():
        for v, n in values.value_counts(sort=False, dropna=True).items():
            if not isinstance(v, str):
                continue
            t = v.strip()
            k = _classify(t[:-1].rstrip() if t.endswith("%") else t)[0]
            if k in counts:
                counts[k] += int(n)
                example.setdefault(k, (name, t))
    if counts["comma"] == 0 and counts["point"] == 0:
        conv = default
    else:
        conv = "comma" if counts["comma"] >= counts["point"] else "point"
    return conv, {"counts": counts, "examples": example}


def parse_column(values: pd.Series, convention: str, *, percent: str = "no"
                 ) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Convert one column of text to float under the file's decimal ``convention``.

    Parameters
    ----------
    values : Series of text (None/NaN = missing) or numbers (Excel cells).
    convention : {"comma", "point"}
        From :func:`detect_convention`.  Under ``"comma"`` "1.234,5" and
        "25.000" are 1234.5 and 25000; under ``"point"`` "1,234.5" and
        "25.000" are 1234.5 and 25.0.
    percent : {"no", "sign", "column"}
        ``"sign"``: a value written with a percent sign ("80 %") is divided by
        100 (share columns); ``"column"``: every value is a percentage (a
        column declared as percent, e.g. ``stillingsprosent``) and is divided
        by 100.  ``"no"``: a percent sign makes the value invalid.

    Returns
    -------
    (numbers, bad, conflict, pct)
        ``numbers`` float (NaN where missing or invalid); ``bad``: given but
        not a number; ``conflict``: written in the other convention (a decimal
        point in a decimal-comma file or the reverse); ``pct``: written with a
        percent sign.  ASCII digits only: "５００" is not a number.

    Examples
    --------
    >>> nums, bad, conflict, _ = parse_column(pd.Series(["1 234,5", "0.8", "x"]), "comma")
    >>> nums.tolist()[0], bad.tolist(), conflict.tolist()
    (1234.5, [False, False, True], [False, True, False])
    """
    other = "point" if convention == "comma" else "comma"
    dec, thou = CONVENTIONS[convention]
    arr = values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    m = len(uniques)
    u_num = np.full(m, np.nan)
    u_state = np.full(m, 3, dtype=np.int8)   # 0 number, 1 not a number, 2 other convention, 3 missing
    u_pct = np.zeros(m, dtype=bool)
    for k, v in enumerate(uniques):
        if isinstance(v, str):
            u_num[k], u_state[k], u_pct[k] = _parse_text(v, other, dec, thou)
        elif isinstance(v, (bool, np.bool_)):
            u_state[k] = 1
        elif isinstance(v, (int, float, np.integer, np.floating)):
            f = float(v)
            if not np.isnan(f):
                u_num[k], u_state[k] = f, 0
        elif v is not None and v is not pd.NA:
            u_state[k] = 1
    given = codes >= 0
    safe = np.where(given, codes, 0)
    if m == 0:
        nums = np.full(len(arr), np.nan)
        state = np.full(len(arr), 3, dtype=np.int8)
        pct = np.zeros(len(arr), dtype=bool)
    else:
        nums = np.where(given, u_num[safe], np.nan)
        state = np.where(given, u_state[safe], 3)
        pct = given & u_pct[safe]
    bad = state == 1
    conflict = state == 2
    nums = np.where(state == 0, nums, np.nan)
    if percent == "no":
        bad |= pct & ~conflict
        nums[pct] = np.nan
    elif percent == "sign":
        nums[pct] = nums[pct] / 100
    else:
        nums = nums / 100
    inf = np.isinf(nums)
    if inf.any():
        bad |= inf
        nums[inf] = np.nan
    idx = values.index
    return (pd.Series(nums, index=idx), pd.Series(bad, index=idx), pd.Series(conflict, index=idx),
            pd.Series(pct, index=idx))


def _parse_text(text: str, other: str, dec: str, thou: str) -> tuple[float, int, bool]:
    """(number, state, percent sign) of one cell; state 0 number, 1 not a number, 2 other convention, 3 blank."""
    s = text.strip()
    if not s:
        return np.nan, 3, False
    is_pct = s.endswith("%")
    if is_pct:
        s = s[:-1].rstrip()
    kind, cleaned = _classify(s)
    if kind is None:
        return np.nan, 1, is_pct
    if kind == other:
        return np.nan, 2, is_pct
    cleaned = cleaned.replace(thou, "")
    if dec == ",":
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned), 0, is_pct
    except ValueError:  # pragma: no cover - the pattern admits only what float() reads
        return np.nan, 1, is_pct


def parse_numbers(values: pd.Series, *, decimal_comma: bool = False) -> tuple[pd.Series, pd.Series]:
    """Convert text to float the Norwegian way.

    Returns ``(numbers, bad)``: the float Series (NaN where missing or not a
    number) and a boolean Series marking values that were given but are not
    numbers, or are written in the other decimal convention (a decimal point
    where ``decimal_comma`` is true, a decimal comma where it is false).
    See :func:`parse_column`.

    Examples
    --------
    >>> nums, bad = parse_numbers(pd.Series(["1 234,50", "abc", None]), decimal_comma=True)
    >>> nums.tolist()[0], bad.tolist()
    (1234.5, [False, True, False])
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        values = values.astype(float)
    if pd.api.types.is_numeric_dtype(values.dtype):
        nums = pd.to_numeric(values, errors="coerce").astype(float)
        inf = np.isinf(nums.to_numpy())
        return nums.where(~inf, np.nan), pd.Series(inf, index=values.index)
    nums, bad, conflict, _ = parse_column(values, "comma" if decimal_comma else "point")
    return nums, (bad | conflict)


def _parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    def conv(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return pd.NA
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        s = str(v).strip().lower()
        if s.endswith(".0"):
            s = s[:-2]
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        return "BAD"

    conv_vals = values.map(conv)
    bad = conv_vals.map(lambda v: isinstance(v, str))
    out = conv_vals.where(~bad, pd.NA).astype("boolean")
    return out, bad.astype(bool)


def _as_text(values: pd.Series) -> pd.Series:
    """Values as stripped Python str (NaN for missing or blank), object dtype."""
    arr = values.astype(object).to_numpy()
    out = [
        (v.strip() or np.nan) if isinstance(v, str)
        else (np.nan if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else (str(v).strip() or np.nan))
        for v in arr
    ]
    return pd.Series(out, index=values.index, dtype=object)


def _columns_for(kind: str, names) -> list[tuple[str, Column]]:
    """(present column name, model Column) for every present column of the model."""
    table = tables.get(kind)
    out = []
    for col in table.columns:
        if col.regex:
            rx = re.compile(col.name)
            out += [(n, col) for n in names if rx.search(n)]
        elif col.name in names:
            out.append((col.name, col))
    return out


def _lines(index, offset: int) -> list[int]:
    return [int(i) + offset for i in index]


# --------------------------------------------------------------------------- column names
def normalise_name(name) -> str:
    """A header name as compared with the data dictionary: NFC, trimmed, lower case, spaces/hyphens -> ``_``.

    >>> normalise_name("  Stillings-prosent ")
    'stillings_prosent'
    """
    text = unicodedata.normalize("NFC", str(name)).strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)


@dataclass
class ColumnMap:
    """How a file's header was mapped onto a table kind's columns (see :func:`map_columns`)."""

    names: list[str]
    renamed: dict = field(default_factory=dict)   # header as written -> column name
    how: dict = field(default_factory=dict)       # column name -> "alias" / "columns.yaml" / "case"
    percent: set = field(default_factory=set)     # columns holding percentages (divide by 100)
    problems: list = field(default_factory=list)
    unnamed: list = field(default_factory=list)   # positions of columns without a header name


def map_columns(header, kind: str, *, source: str, mapping: dict | None = None,
                percent: Sequence[str] = ()) -> ColumnMap:
    """Map a header onto the columns of ``kind``: exact names, known aliases, a ``columns.yaml`` mapping.

    A header name matches a column when it equals the column name or one of
    its aliases (:data:`lifelong_analysis.data.tables.ALIASES`) after
    :func:`normalise_name`; a percent alias (``stillingsprosent``) also marks
    the column as holding percentages.  ``mapping`` (from ``columns.yaml``)
    maps any other header name to a column.  Two header names that end up as
    the same column are a problem ("appears more than once"), never merged.

    Examples
    --------
    >>> m = map_columns(["Ansattnummer", "kommunenr", "Stillingsprosent"], "workforce", source="w.csv")
    >>> m.names, sorted(m.percent)
    (['employee_id', 'kommunenummer', 'position_share'], ['position_share'])
    """
    table = tables.get(kind)
    by_norm: dict[str, tuple[str, str]] = {}
    for col in table.columns:
        if col.regex:
            continue
        by_norm[normalise_name(col.name)] = (col.name, "case")
        for a in col.aliases:
            by_norm.setdefault(normalise_name(a), (col.name, "alias"))
        for a in col.percent_aliases:
            by_norm.setdefault(normalise_name(a), (col.name, "percent"))
    user = {normalise_name(k): v for k, v in (mapping or {}).items()}
    out = ColumnMap(names=[], percent=set(percent))
    for i, h in enumerate(header):
        raw = "" if h is None or (isinstance(h, float) and np.isnan(h)) else unicodedata.normalize("NFC", str(h)).strip()
        n = normalise_name(raw)
        if raw == "":
            out.names.append(f"(column {i + 1})")
            out.unnamed.append(i)
            continue
        if n in user:
            name, how = user[n], "columns.yaml"
        elif n in by_norm:
            name, how = by_norm[n]
        else:
            name, how = raw, None
            if any(c.regex and re.search(c.name, n) for c in table.columns):
                name = n
        if how == "percent":
            out.percent.add(name)
            how = "alias"
        if name != raw:
            out.renamed[raw] = name
            if how:
                out.how[name] = how
        out.names.append(name)
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(out.names):
        seen.setdefault(name, []).append(i)
    for name, pos in seen.items():
        if len(pos) > 1 and not name.startswith("(column "):
            written = ", ".join(repr(str(header[i])) for i in pos)
            out.problems.append(problem(
                source, name, f"the column appears more than once in the header (columns "
                f"{', '.join(str(i + 1) for i in pos)}: {written}, the same name after trimming spaces, "
                "letter case and known aliases); keep one"))
    return out


def _missing_column_hint(name: str, kind: str, present: list[str]) -> str:
    """' (found ...: write this mapping)' when a present header is an alias of, or close to, ``name``."""
    col = next(c for c in tables.get(kind).columns if c.name == name)
    norm = {normalise_name(p): p for p in present}
    candidates = [normalise_name(x) for x in (name, *col.aliases, *col.percent_aliases)]
    close = []
    for cand in candidates:
        close += difflib.get_close_matches(cand, list(norm), n=2, cutoff=0.75)
    close = list(dict.fromkeys(close))
    if not close:
        return ""
    found = norm[close[0]]
    return (f" (the file has {found!r}, which looks like it: add to {COLUMNS_FILE} beside the file "
            f"`{kind}: {{columns: {{{json.dumps(found, ensure_ascii=False)}: {name}}}}}`, or rename the column)")


#: The file beside the data that maps an export's own column names (see :func:`read_column_map`).
COLUMNS_FILE = "columns.yaml"
MAX_COLUMNS_FILE_BYTES = 64 * 1024


def read_column_map(path) -> dict[str, dict]:
    """Read and validate a ``columns.yaml`` mapping an export's column names onto the data dictionary.

    The file maps, per table kind, header names as written in the export to
    column names of :mod:`lifelong_analysis.data.tables`, and may declare share
    columns that hold percentages (80 = 0.8)::

        workforce:
          columns:
            "Ansatt ID": employee_id
            "Stilling i %": position_share
          percent: [position_share]

    Returns ``{kind: {"columns": {header: column}, "percent": [column, ...]}}``.

    Raises
    ------
    DataValidationError
        Not a mapping, unknown kind or column, two names for one column,
        ``percent`` on a column that is not a share, too large, YAML aliases.
    """
    path = Path(path)
    src = path.name
    try:
        data = load_yaml_limited(path, max_bytes=MAX_COLUMNS_FILE_BYTES)
    except YamlLimitError as exc:
        raise DataValidationError([problem(src, None, str(exc))]) from None
    if data is None:
        return {}
    probs: list[dict] = []
    if not isinstance(data, dict):
        raise DataValidationError([problem(src, None, "must be a mapping of table kinds (workforce:, training:, ...)")])
    out: dict[str, dict] = {}
    for kind, spec in data.items():
        if kind not in tables.TABLES:
            probs.append(problem(src, str(kind), f"unknown table kind; known kinds: {', '.join(tables.TABLES)}"))
            continue
        if not isinstance(spec, dict) or set(spec) - {"columns", "percent"}:
            probs.append(problem(src, kind, "must be a mapping with 'columns' (export name: column name) "
                                            "and optionally 'percent' (list of share columns)"))
            continue
        names = {c.name: c for c in tables.get(kind).columns if not c.regex}
        cols = spec.get("columns") or {}
        if not isinstance(cols, dict):
            probs.append(problem(src, f"{kind}.columns", "must be a mapping: export name: column name"))
            cols = {}
        targets: dict[str, str] = {}
        for header, target in cols.items():
            if not isinstance(target, str) or target not in names:
                near = difflib.get_close_matches(str(target), list(names), n=1)
                probs.append(problem(src, f"{kind}.columns", f"{header!r} maps to {target!r}, which is not a "
                                     f"column of {kind}" + (f" (did you mean {near[0]!r}?)" if near else "")))
                continue
            if target in targets:
                probs.append(problem(src, f"{kind}.columns", f"{targets[target]!r} and {header!r} both map to "
                                     f"{target!r}; a column can come from one export name only"))
                continue
            targets[target] = str(header)
        pct = spec.get("percent") or []
        if not isinstance(pct, list):
            probs.append(problem(src, f"{kind}.percent", "must be a list of share columns"))
            pct = []
        for c in pct:
            if c not in names or not names[c].is_share:
                probs.append(problem(src, f"{kind}.percent", f"{c!r} is not a share column of {kind}; shares: "
                                     + ", ".join(n for n, col in names.items() if col.is_share)))
        out[kind] = {"columns": {str(h): t for t, h in targets.items()}, "percent": [c for c in pct if c in names]}
    if probs:
        raise DataValidationError(probs)
    return out


# --------------------------------------------------------------------------- validation
def validate_frame(df: pd.DataFrame, kind: str, *, source_name: str = "<DataFrame>",
                   decimal_comma: bool | None = False, line_offset: int = 2,
                   column_map: dict | None = None, percent_columns: Sequence[str] = (),
                   extra_problems: Sequence[dict] = ()) -> pd.DataFrame:
    """Convert and validate a table of ``kind``; raise one error listing every problem.

    Parameters
    ----------
    df : pandas.DataFrame
        The raw table: text columns as read from a file, or typed columns.
        Its index must be the 0-based position of each row in the file
        (blank lines included) so that line numbers come out right.
    kind : str
        Table kind (``tables.TABLES``).
    source_name : str
        File name used in messages.
    decimal_comma : bool or None
        True: numbers use a decimal comma (``1.234,5``); False: a decimal
        point (``1,234.5``); None: detect it once from the numbers of the
        table (:func:`detect_convention`, decimal comma when nothing decides).
        A column written in the other convention is refused, never guessed.
    line_offset : int, default 2
        Line number of the row with index 0 (header = line 1).
    column_map : dict, optional
        Header name in the file -> column name (from ``columns.yaml``).
    percent_columns : sequence of str
        Share columns holding percentages (80 = 0.8), declared in ``columns.yaml``.
    extra_problems : sequence of dict
        Problems the reader found already (rows of only NA markers), reported together.

    Returns
    -------
    pandas.DataFrame
        The validated table with a fresh RangeIndex, the dtypes of
        :func:`lifelong_analysis.data.schemas.pandas_dtype`, optional columns with
        a default filled in, and unknown extra columns kept as text.
        ``attrs``: ``decimal_mark`` ("," or "."), ``renamed`` (header as
        written -> column), ``notes`` (declared rules applied, in plain words).

    Raises
    ------
    DataValidationError
        Listing every problem: missing columns (with the mapping to write when
        an alias or a close name is present), a column twice in the header,
        header only, values that do not convert, numbers in the other decimal
        convention, empty required cells, unknown codes, values out of range,
        bad kommunenummer (a lost leading zero is named as such), duplicate
        keys, exact duplicate rows of a table without a key, and the
        cross-column rules.

    Examples
    --------
    >>> raw = pd.DataFrame({"year": ["2024"], "kommunenummer": ["5001"], "payer": ["state"],
    ...                     "scheme": ["kfk_stipend"], "amount_nok": ["1 000,5"]})
    >>> validate_frame(raw, "funding", decimal_comma=True).amount_nok.tolist()
    [1000.5]
    """
    table = tables.get(kind)
    cmap = map_columns(list(df.columns), kind, source=source_name, mapping=column_map, percent=percent_columns)
    df = df.copy()
    df.columns = range(df.shape[1])
    problems: list[dict] = list(extra_problems)
    notes: list[str] = []
    # columns without a header name: harmless when empty (a trailing separator), refused otherwise
    drop = []
    for i in cmap.unnamed:
        if df[i].map(lambda v: v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "").all():
            drop.append(i)
        else:
            problems.append(problem(source_name, cmap.names[i], "the column has values but no name in the "
                                    "header; add its name (see the data dictionary)"))
    if drop:
        notes.append(f"{len(drop)} empty column(s) without a name ignored (a separator at the end of the header)")
    problems += cmap.problems
    if cmap.problems or len(drop) < len(cmap.unnamed):
        raise DataValidationError(problems)
    keep = [i for i in range(df.shape[1]) if i not in drop]
    df = df[keep]
    df.columns = [cmap.names[i] for i in keep]
    renamed = {k: v for k, v in cmap.renamed.items() if v in df.columns}
    for written, name in renamed.items():
        how = cmap.how.get(name)
        if how in ("alias", "columns.yaml"):
            notes.append(f"column {written!r} read as {name!r} ({'known alias' if how == 'alias' else COLUMNS_FILE})")

    if len(df) == 0:
        problems.append(problem(source_name, None, "the file has a header line but no data rows"))
    missing = [c.name for c in table.columns if c.required and not c.regex and c.name not in df.columns]
    unmatched = [c for c in df.columns if c not in {col.name for col in table.columns}]
    for name in missing:
        hint = _missing_column_hint(name, kind, unmatched)
        problems.append(problem(
            source_name, name,
            f"required column is missing{hint}; columns in the file: {', '.join(map(str, df.columns)) or '(none)'}",
        ))
    if len(df) == 0:
        raise DataValidationError(problems)

    # defaults of optional columns
    for col in table.columns:
        if col.regex or col.required or col.default is None:
            continue
        if col.name not in df.columns:
            df[col.name] = col.default
        else:
            df[col.name] = df[col.name].where(_as_text(df[col.name]).notna(), col.default)

    present = _columns_for(kind, list(df.columns))
    numeric = [(n, c) for n, c in present if c.dtype in ("int", "float")]
    if decimal_comma is None:
        convention, evidence = detect_convention({n: df[n] for n, _ in numeric}, default="comma")
    else:
        convention, evidence = ("comma" if decimal_comma else "point"), None
        _, evidence = detect_convention({n: df[n] for n, _ in numeric})
    other_name = {"comma": "a decimal point", "point": "a decimal comma"}[convention]
    this_name = {"comma": "a decimal comma", "point": "a decimal point"}[convention]
    bad_index: dict[str, pd.Index] = {}
    for name, col in present:
        raw = df[name]
        if col.dtype == "str":
            df[name] = _as_text(raw)
            continue
        if col.dtype == "bool":
            conv, bad = _parse_bool(raw)
            rule = "must be yes/no (true/false, 1/0, ja/nei)"
        else:
            mode = "column" if name in cmap.percent else ("sign" if col.is_share else "no")
            conv, bad, conflict, pct = parse_column(raw, convention, percent=mode)
            rule = "must be a number" + (" (a percent sign is allowed in share columns only)"
                                         if (bad & pct).any() and mode == "no" else "")
            if conflict.any():
                ex = (evidence or {}).get("examples", {}).get(convention)
                why = (f"; the file uses {this_name}" + (f" (e.g. {ex[1]!r} in {ex[0]})" if ex else "")
                       + (" because it is comma-separated" if decimal_comma is False and convention == "point"
                          else ""))
                problems.append(problem(
                    source_name, name,
                    f"numbers written with {other_name}{why}: write every number of the file the same way "
                    "(nothing is guessed per cell)" + (
                        "; in a comma-separated file quote such values or use ';' as the separator"
                        if convention == "point" and decimal_comma is False else ""),
                    rows=_lines(df.index[conflict], line_offset), values=raw[conflict].tolist()))
                bad_index[name] = df.index[conflict]
            if mode == "column":
                given = conv.notna()
                small = given & (conv * 100 > 0) & (conv * 100 < 1) & ~pct
                if small.any() and (given & (conv * 100 > 1)).any():
                    problems.append(problem(
                        source_name, name, "the column holds percentages (80 = 80 %) but some values look like "
                        "shares (0.8): write all of them as percentages", rows=_lines(df.index[small], line_offset),
                        values=raw[small].tolist()))
                    bad_index[name] = df.index[small].union(bad_index.get(name, pd.Index([])))
                notes.append(f"{name}: read as percentages and divided by 100 (80 -> 0.8), "
                             + ("declared in " + COLUMNS_FILE if name in set(percent_columns)
                                else f"because the column is named {next((k for k, v in renamed.items() if v == name), name)!r}"))
            elif mode == "sign" and pct.any():
                notes.append(f"{name}: {int(pct.sum())} value(s) written with a percent sign read as shares "
                             "(80 % -> 0.8)")
            conv = conv.where(~conflict, np.nan)
            if col.dtype == "int":
                frac = conv.notna() & (conv != np.round(conv))
                if frac.any():
                    problems.append(problem(source_name, name, "must be a whole number",
                                            rows=_lines(df.index[frac], line_offset), values=conv[frac].tolist()))
                    conv = conv.where(~frac, np.nan)
                    bad_index[name] = df.index[frac].union(bad_index.get(name, pd.Index([])))
                big = conv.notna() & (conv.abs() > 2**53)
                if big.any():
                    problems.append(problem(source_name, name, "whole number too large",
                                            rows=_lines(df.index[big], line_offset), values=raw[big].tolist()))
                    conv = conv.where(~big, np.nan)
                    bad_index[name] = df.index[big].union(bad_index.get(name, pd.Index([])))
                conv = conv.astype("Int64")
        if bad.any():
            problems.append(problem(source_name, name, rule, rows=_lines(df.index[bad], line_offset),
                                    values=raw[bad].tolist()))
            bad_index[name] = df.index[bad].union(bad_index.get(name, pd.Index([])))
        df[name] = conv

    named_present = [n for n, c in present if not c.regex]
    schema = schemas.schema(kind, columns=named_present, dtypes=False)
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += _problems_from_pandera(exc.failure_cases, df, kind, source_name, line_offset, bad_index)
    if not table.key:
        problems += _duplicate_row_problems(df, source_name, line_offset)

    if problems:
        order = {n: i for i, n in enumerate(df.columns)}
        problems.sort(key=lambda p: order.get(p["column"], -1))
        raise DataValidationError(problems)

    for name, col in present:
        if col.dtype == "int" and not col.nullable:
            df[name] = df[name].astype("int64")
        elif col.dtype == "bool" and not col.nullable:
            df[name] = df[name].astype(bool)
    for extra in df.columns:
        if extra not in dict(present):
            df[extra] = _as_text(df[extra])
    out = df.reset_index(drop=True)
    out.attrs.update(decimal_mark=CONVENTIONS[convention][0], renamed=renamed, notes=notes)
    return out


def _duplicate_row_problems(df: pd.DataFrame, source: str, line_offset: int) -> list[dict]:
    """Exact duplicate rows of a table without a key: the same money (or person) counted twice."""
    dup = df.astype(str).duplicated(keep=False)
    if not dup.any():
        return []
    later = df.astype(str).duplicated(keep="first")
    return [problem(source, None, "exact duplicate rows: every value is the same as in an earlier row, so the "
                    "same amount would be counted twice; delete the copies, or, if they are separate "
                    "payments, tell them apart with an extra column (e.g. payment_id or date)",
                    rows=_lines(df.index[dup], line_offset), n_rows=int(later.sum()) + int((dup & ~later).sum()))]


def _problems_from_pandera(fc: pd.DataFrame, df: pd.DataFrame, kind: str, source: str,
                           line_offset: int, bad_index: dict[str, pd.Index]) -> list[dict]:
    table = tables.get(kind)
    cross = {c.rule: c for c in schemas.CROSS_CHECKS.get(kind, [])}
    out: list[dict] = []
    fc = fc.copy()
    fc["check"] = fc["check"].astype(str)
    # cross-column rules: one problem per rule, rows deduplicated
    for rule, c in cross.items():
        sub = fc[fc["check"] == rule]
        if len(sub):
            idx = pd.Index(sub["index"].dropna().unique())
            out.append(problem(source, c.columns, c.rule, rows=_lines(idx, line_offset),
                               values=c.found(df.loc[idx]).tolist()))
    fc = fc[~fc["check"].isin(list(cross))]
    # duplicated keys
    uniq = fc["check"].isin(["multiple_fields_uniqueness", "field_uniqueness"])
    if uniq.any():
        idx = pd.Index(fc.loc[uniq, "index"].dropna().unique())
        key = list(table.key)
        vals = df.loc[idx, key].astype(str).agg(" / ".join, axis=1).tolist()
        out.append(problem(source, " + ".join(key), schemas.key_rule(table),
                           rows=_lines(idx, line_offset), values=vals))
        fc = fc[~uniq]
    for (column, check), grp in fc.groupby(["column", "check"], sort=False, dropna=False):
        idx = pd.Index(grp["index"].dropna())
        if column in bad_index:  # already reported as not convertible
            idx = idx.difference(bad_index[column])
            if not len(idx) and len(grp["index"].dropna()):
                continue
        values = df.loc[idx, column].tolist() if column in df.columns and len(idx) else grp["failure_case"].tolist()
        if check == "not_nullable":
            out.append(problem(source, column, "must not be empty", rows=_lines(idx, line_offset)))
            continue
        if column == "kommunenummer" and check == schemas.KOMMUNENUMMER_RULE:
            short = [i for i in idx if _SHORT_KNR.match(str(df.at[i, column]))]
            other = idx.difference(pd.Index(short))
            if short:
                vals = [str(df.at[i, column]) for i in short]
                out.append(problem(
                    source, column,
                    "kommunenummer has lost its leading zero (" + ", ".join(
                        f"'{v}' should probably be '{v.zfill(4)}'" for v in list(dict.fromkeys(vals))[:3])
                    + "); write it as 4-character text (in Excel: format the column as Text)",
                    rows=_lines(short, line_offset), values=vals))
            if len(other):
                out.append(problem(source, column, check, rows=_lines(other, line_offset),
                                   values=df.loc[other, column].tolist()))
            continue
        out.append(problem(source, column, check + _label_hint(table, column, values),
                           rows=_lines(idx, line_offset), values=values))
    return out


def _label_hint(table, column, values) -> str:
    """For a vocabulary column: name the code when a value is one of its labels ('Helse og omsorg')."""
    col = next((c for c in table.columns if c.name == column and not c.regex), None)
    if col is None or not col.vocabulary:
        return ""
    by_label = {}
    for lang in vocab.LANGUAGES:
        for code, lab in vocab.labels(col.vocabulary, lang).items():
            by_label[lab.strip().lower()] = code
    for code in vocab.codes(col.vocabulary):
        by_label.setdefault(code.lower(), code)
    hints = []
    for v in dict.fromkeys(str(v) for v in values):
        code = by_label.get(v.strip().lower())
        if code is not None and code != v:
            hints.append(f"'{v}' should be written as the code '{code}'")
    return f" ({'; '.join(hints[:3])})" if hints else ""


# --------------------------------------------------------------------------- files
#: Largest data file read (bytes); the national synthetic workforce (500 300 rows) is about 60 MB.
MAX_FILE_BYTES = 1024 * 1024 * 1024


def _check_file(path: Path, source: str) -> int:
    """Refuse what is not a regular file (FIFO, device, socket) or too large; return the size."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise DataValidationError([problem(source, None, f"cannot be opened: {exc.strerror}")]) from None
    if not stat.S_ISREG(st.st_mode):
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        raise DataValidationError([problem(source, None, f"is {what}; give a data file")])
    if st.st_size > MAX_FILE_BYTES:
        raise DataValidationError([problem(
            source, None, f"is {st.st_size / 1024**3:.1f} GiB, more than the limit of "
            f"{MAX_FILE_BYTES / 1024**3:.0f} GiB for one table")])
    return st.st_size


def _decode_file(raw: bytes, source: str) -> tuple[str, str]:
    if raw.startswith(b"PK\x03\x04"):
        raise DataValidationError([problem(source, None, "is an Excel workbook or another zip file, not CSV text; "
                                                          "give it the .xlsx suffix or save it as CSV")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataValidationError([problem(source, None, "starts like UTF-16 text but is not valid UTF-16; "
                                                              "save it again as CSV UTF-8")]) from None
    try:
        text, encoding = decode_bytes(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataValidationError([problem(
            source, None, "the file starts with a UTF-8 byte-order mark, but this line has bytes that are not "
            "UTF-8 (probably Windows-1252 text pasted in); save the whole file again as CSV UTF-8",
            rows=[line])]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataValidationError([problem(source, None, "holds NUL bytes: a binary file, not CSV text",
                                           rows=[line])])
    return text, encoding


def _field_count_problem(source: str, sep: str, n_header: int, bad: list[tuple[int, int, list]]) -> dict:
    line, k, row = bad[0]
    name = {",": "comma", ";": "semicolon", "\t": "tab"}.get(sep, repr(sep))
    if k > n_header:
        extra = row[n_header:]
        if all(not c.strip() for c in extra):
            hint = (f"does the line end with an extra separator ({sep!r})? Remove it, or add a column name "
                    "for it in the header")
        elif sep == "," and any(re.fullmatch(r"[0-9]+", c.strip() or "x") for c in row):
            hint = ("is a decimal comma used in a comma-separated file (0,8)? Quote such values (\"0,8\"), "
                    "write 0.8, or use ';' as the separator")
        else:
            hint = f"is there an unquoted {name} inside a value? Quote that value"
    else:
        hint = "are values missing, or does a quoted value span several lines?"
    rows = [b[0] for b in bad]
    return problem(source, None, f"line {line} has {k} fields, the header {n_header} ({name}-separated): {hint}",
                   rows=rows, n_rows=len(rows))


def _text_cells(values, all_text: bool = False) -> tuple[list, dict]:
    """Stripped cells with empty ones and NA markers as None; counts of each NA marker."""
    if all_text:
        s = pd.Series(values, dtype=object).str.strip()
        marker = s.isin(NA_TOKENS)
        counts = {str(k): int(v) for k, v in s[marker].value_counts().items()} if marker.any() else {}
        s = s.where(~(marker | (s == "")), None)
        return s.tolist(), counts
    out, counts = [], {}
    for v in values:
        if isinstance(v, str):
            v = v.strip()
            if v in NA_TOKENS:
                counts[v] = counts.get(v, 0) + 1
                v = None
            elif not v:
                v = None
        out.append(v)
    return out, counts


def _frame_from_rows(header: list, rows_by_col: list, lines: list[int], source: str, info: dict,
                     all_text: bool = False) -> tuple[pd.DataFrame, list[dict]]:
    """Raw text frame (index = line - 2, columns by position) with NA markers as None; NA-only rows removed
    and returned as problems."""
    data, markers = {}, {}
    for i, col in enumerate(rows_by_col):
        data[i], counts = _text_cells(col, all_text)
        if counts:
            markers[i] = counts
    index = pd.Index([ln - 2 for ln in lines])
    df = pd.DataFrame(data, index=index, columns=range(len(header)), dtype=object)
    probs = []
    if markers:
        empty = df.isna().all(axis=1)
        if empty.any():
            found = sorted({tok for c in markers.values() for tok in c})
            probs.append(problem(source, None, "the row holds only missing-value markers (" + ", ".join(
                repr(t) for t in found[:5]) + "): delete the row, or fill in its values",
                rows=[i + 2 for i in df.index[empty]]))
            df = df[~empty]
    info["missing_markers"] = {header[i] if i < len(header) else i: c for i, c in markers.items()}
    df.columns = list(header)
    return df, probs


def _read_csv_raw(path: Path, source: str) -> tuple[pd.DataFrame, str, dict, list[dict]]:
    _check_file(path, source)
    with open(path, "rb") as fh:  # read-only: input files are never written to
        raw = fh.read()
    text, encoding = _decode_file(raw, source)
    info = {"encoding": encoding}
    if not text.strip():
        raise DataValidationError([problem(source, None, "the file is empty (no header line, no rows)")])
    sep = detect_separator(text)
    info["separator"] = sep
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    header, rows, lines, bad = None, [], [], []
    blank, prev = 0, 0
    n = 0
    try:
        for row in reader:
            line, prev = prev + 1, reader.line_num
            if not row or not "".join(row).strip():
                blank += header is not None
                continue
            if header is None:
                header, n = row, len(row)
                continue
            if len(row) != n:
                bad.append((line, len(row), row if len(bad) < 1 else []))
                continue
            rows.append(row)
            lines.append(line)
    except csv.Error as exc:
        raise DataValidationError([problem(source, None, f"cannot be read as CSV: {exc}",
                                           rows=[reader.line_num])]) from None
    if bad:
        raise DataValidationError([_field_count_problem(source, sep, n, bad)])
    info["blank_lines"] = blank
    if not rows:
        return pd.DataFrame(columns=[c.strip() for c in header], dtype=object), sep, info, []
    df, probs = _frame_from_rows(header, list(zip(*rows)), lines, source, info, all_text=True)
    return df, sep, info, probs


def excel_sheet_names(path) -> list[str]:
    """The sheet names of an Excel file."""
    with pd.ExcelFile(path, engine="openpyxl") as xl:
        return list(xl.sheet_names)


def _excel_cell(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return int(v) if float(v).is_integer() and abs(v) < 2**53 else float(v)
    return str(v)


def _open_excel(path: Path, source: str):
    try:
        return pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile raise many kinds for a broken workbook
        with open(path, "rb") as fh:
            head = fh.read(512)
        if not head:
            why = "the file is empty"
        elif not head.startswith(b"PK"):
            why = "it is not an Excel workbook (it looks like text: is it a CSV file with an .xlsx name?)"
        else:
            why = f"the workbook is damaged or truncated ({type(exc).__name__})"
        raise DataValidationError([problem(source, None, f"cannot be read as an Excel .xlsx file: {why}")]) from None


def _read_excel_raw(path: Path, source: str, sheet: str | None) -> tuple[pd.DataFrame, dict, list[dict]]:
    _check_file(path, source)
    with _open_excel(path, source) as xl:
        names = list(xl.sheet_names)
        if sheet is not None and sheet not in names:
            raise DataValidationError([problem(
                source, None, f"there is no sheet named {sheet!r}; sheets in the file: {', '.join(names)}")])
        if not names:
            raise DataValidationError([problem(source, None, "the workbook has no sheets")])
        name = sheet if sheet is not None else names[0]
        try:
            grid = xl.parse(name, dtype=object, header=None)
        except Exception as exc:  # noqa: BLE001 - a damaged sheet
            raise DataValidationError([problem(source, None, f"sheet {name!r} cannot be read: the workbook is "
                                               f"damaged ({type(exc).__name__})")]) from None
    info = {"sheet": name}
    cells = [[_excel_cell(v) for v in row] for row in grid.itertuples(index=False, name=None)]
    filled = [i for i, row in enumerate(cells) if any(v is not None and str(v).strip() for v in row)]
    if not filled:
        raise DataValidationError([problem(source, None, f"sheet {name!r} is empty (no header row, no rows)")])
    h = filled[0]
    header = ["" if v is None else str(v) for v in cells[h]]
    body = [i for i in filled if i > h]
    info["blank_lines"] = (len(cells) - h - 1) - len(body)
    if not body:
        return pd.DataFrame(columns=[c.strip() for c in header], dtype=object), info, []
    cols = list(zip(*[cells[i] for i in body]))
    df, probs = _frame_from_rows(header, cols, [i + 1 for i in body], source, info)
    return df, info, probs


def _column_map_for(path: Path, kind: str) -> tuple[dict | None, list[str], Path | None]:
    cfile = path.parent / COLUMNS_FILE
    if not cfile.exists():
        return None, [], None
    spec = read_column_map(cfile).get(kind, {})
    return spec.get("columns") or None, list(spec.get("percent") or []), cfile


def read_table(path, kind: str, *, sheet: str | None = None, source_name: str | None = None) -> pd.DataFrame:
    """Read and validate one table of ``kind`` from a CSV or Excel ``.xlsx`` file.

    Parameters
    ----------
    path : str or path-like
        The file; a relative path resolves against the project root
        (:func:`lifelong_analysis.paths.resolve`).  A ``columns.yaml`` in
        the same folder maps the export's own column names
        (:func:`read_column_map`).
    kind : str
        Table kind: workforce, training, substitutes, skills_survey, funding.
    sheet : str, optional
        Excel sheet name (default: the first sheet).  Not allowed for CSV.
    source_name : str, optional
        Name used in messages (default: the file name).

    Returns
    -------
    pandas.DataFrame
        The validated table (see :func:`validate_frame`).  ``df.attrs``
        holds ``source``, ``encoding`` and ``separator`` (CSV) or ``sheet``,
        ``decimal_mark``, ``blank_lines`` (skipped), ``missing_markers``
        (column -> {marker: count} of cells such as ``NA`` read as missing),
        ``renamed`` and ``notes``.

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        Unknown ``kind``, unsupported file type, or ``sheet`` given for a CSV.
    DataValidationError
        The file is invalid; lists every problem.

    Examples
    --------
    >>> df = read_table("tests/data/valid/workforce.csv", "workforce")   # doctest: +SKIP
    """
    if kind not in tables.TABLES:
        raise ValueError(f"Unknown table kind {kind!r}; valid kinds: {', '.join(tables.TABLES)}")
    path = paths.resolve(path)
    if not path.exists():
        raise FileNotFoundError(f"No such file: {path}")
    if path.is_dir():
        raise ValueError(f"{path} is a directory, not a {kind} file")
    source = source_name or path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ValueError(f"{path.name}: old Excel .xls files are not supported; save it as .xlsx or CSV")
    if sheet is not None and suffix not in EXCEL_SUFFIXES:
        raise ValueError(f"{path.name}: --sheet/sheet= only applies to Excel .xlsx files")
    mapping, percent, cfile = _column_map_for(path, kind)
    if suffix in EXCEL_SUFFIXES:
        raw, info, probs = _read_excel_raw(path, source, sheet)
        decimal_comma = None
    else:
        raw, sep, info, probs = _read_csv_raw(path, source)
        decimal_comma = None if sep in (";", "\t") else False
    df = validate_frame(raw, kind, source_name=source, decimal_comma=decimal_comma, column_map=mapping,
                        percent_columns=percent, extra_problems=probs)
    df.attrs.update(source=str(path), **info)
    if cfile is not None:
        df.attrs["columns_file"] = str(cfile)
    return df


# --------------------------------------------------------------------------- datasets
#: Table kinds a dataset directory may lack (an empty table is used instead).
OPTIONAL_KINDS = ("funding",)


def empty_table(kind: str) -> pd.DataFrame:
    """An empty table of ``kind`` with its named columns and dtypes."""
    cols = {c.name: pd.Series(dtype=schemas.pandas_dtype(c)) for c in tables.get(kind).columns if not c.regex}
    return pd.DataFrame(cols)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A validated dataset: one DataFrame per table kind plus provenance.

    Attributes
    ----------
    workforce, training, substitutes, skills_survey, funding : pandas.DataFrame
        Validated tables (see :func:`read_table`); a table not read is empty.
    synthetic : bool
        True for generated data: ``datapackage.json`` says ``"synthetic": true``
        or any row has ``data_origin == "synthetic"``.  Reports must then show
        ``display.data_notice(True, language)``.
    files : dict
        Table kind -> Path of the file read.
    metadata : dict
        Contents of ``datapackage.json`` ({} when absent).
    data_dir : Path
        The directory read.
    """

    workforce: pd.DataFrame
    training: pd.DataFrame
    substitutes: pd.DataFrame
    skills_survey: pd.DataFrame
    funding: pd.DataFrame
    synthetic: bool
    files: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    data_dir: Path | None = None

    def table(self, kind: str) -> pd.DataFrame:
        """The table of ``kind``."""
        tables.get(kind)
        return getattr(self, kind)


def cross_table_problems(frames: dict[str, pd.DataFrame], files: dict[str, Path]) -> list[dict]:
    """Problems in references between tables (training -> workforce, funding -> training)."""
    out = []

    def name(kind):
        return Path(files.get(kind, tables.FILE_NAMES[kind])).name

    def refs(child, col, parent, pcol):
        c, p = frames.get(child), frames.get(parent)
        if c is None or p is None or col not in c.columns or pcol not in p.columns or not len(c):
            return
        known = set(p[pcol].dropna())
        bad = c[col].notna() & ~c[col].isin(known)
        if bad.any():
            out.append(problem(name(child), col, f"unknown {pcol}: every value must appear in {name(parent)}",
                               rows=_lines(c.index[bad], 2), values=c.loc[bad, col].tolist()))

    refs("training", "employee_id", "workforce", "employee_id")
    refs("funding", "activity_id", "training", "activity_id")
    out += _grant_problems(frames, name)
    return out


def _grant_problems(frames: dict[str, pd.DataFrame], name) -> list[dict]:
    """Rule ``grant_not_above_cost`` of tables.TRAINING, with the participant's labour cost.

    The value of the hours away is ``hours_away`` x the participant's full
    hourly labour cost (:func:`lifelong_analysis.data.labour.hourly_labour_cost`
    with its default, documented parameters).  Rows whose employee is unknown
    are reported by the reference check instead.
    """
    t, w = frames.get("training"), frames.get("workforce")
    if t is None or w is None or not len(t) or "grant_nok" not in t.columns:
        return []
    hourly = hourly_labour_cost(w).drop_duplicates("employee_id").set_index("employee_id")[
        "hourly_labour_cost_nok"]
    value = t["hours_away"] * t["employee_id"].map(hourly)
    limit = t["direct_cost_nok"] + value + schemas.COMPONENT_SUM_TOLERANCE_NOK
    bad = (t["grant_nok"] > limit) & value.notna()
    if not bad.any():
        return []
    found = [f"grant_nok {g:.0f} > direct_cost_nok {d:.0f} + value of hours away {v:.0f}"
             for g, d, v in zip(t.loc[bad, "grant_nok"], t.loc[bad, "direct_cost_nok"], value[bad])]
    return [problem(name("training"), "grant_nok", tables.TRAINING.checks["grant_not_above_cost"]
                    + " (hours away valued at the participant's hourly labour cost)",
                    rows=_lines(t.index[bad], 2), values=found)]


def load_dataset(data_dir=None, *, kinds=None) -> Dataset:
    """Read and validate a dataset directory: ``<kind>.csv`` per table kind.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Directory with ``workforce.csv``, ``training.csv``,
        ``substitutes.csv``, ``skills_survey.csv`` and (optional)
        ``funding.csv``, plus an optional ``datapackage.json``.  ``None``
        reads the shipped synthetic dataset (``data/synthetic``); relative
        paths resolve against the project root.
    kinds : list of str, optional
        Read only these table kinds (the others are empty tables).  Default:
        all; ``funding.csv`` may be absent.

    Returns
    -------
    Dataset
        Validated tables; ``synthetic``, ``files``, ``metadata``.

    Raises
    ------
    FileNotFoundError
        The directory does not exist.
    DataValidationError
        One error with every problem of every file, missing files, and
        references between tables that do not resolve
        (``training.employee_id`` not in workforce, ``funding.activity_id``
        not in training), and grants larger than the direct cost plus the
        value of the hours away (rule ``grant_not_above_cost``).

    Examples
    --------
    >>> ds = load_dataset()               # doctest: +SKIP
    >>> ds.synthetic                      # doctest: +SKIP
    True
    """
    directory = paths.resolve(data_dir, paths.default_data_dir())
    if not directory.is_dir():
        hint = " (generate it with `python -m lifelong_analysis.synthetic` or `make report`)" \
            if directory == paths.default_data_dir() else ""
        raise FileNotFoundError(f"Data directory not found: {directory}{hint}")
    wanted = list(tables.TABLES) if kinds is None else list(kinds)
    for k in wanted:
        tables.get(k)
    frames: dict[str, pd.DataFrame] = {}
    files: dict[str, Path] = {}
    errors: list[DataValidationError] = []
    extra: list[dict] = []
    for kind in tables.TABLES:
        if kind not in wanted:
            continue
        path = directory / tables.FILE_NAMES[kind]
        if not path.exists():
            if kind not in OPTIONAL_KINDS:
                extra.append(problem(tables.FILE_NAMES[kind], None,
                                     f"required file is missing from {directory}"))
            continue
        files[kind] = path
        try:
            frames[kind] = read_table(path, kind)
        except DataValidationError as exc:
            errors.append(exc)
    extra += cross_table_problems(frames, files)
    if errors or extra:
        raise DataValidationError.combine(errors, extra)

    meta_path = directory / "datapackage.json"
    metadata = {}
    if meta_path.exists():
        with open(meta_path, encoding="utf-8") as fh:
            metadata = json.load(fh)
    synthetic = bool(metadata.get("synthetic")) or any(
        "data_origin" in f.columns and (f["data_origin"] == "synthetic").any() for f in frames.values()
    )
    for kind in tables.TABLES:
        frames.setdefault(kind, empty_table(kind))
    return Dataset(**frames, synthetic=synthetic, files=files, metadata=metadata, data_dir=directory)
