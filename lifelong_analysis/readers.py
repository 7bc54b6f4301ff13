"""Readers for the files municipalities really have, validated at the boundary.

* :func:`read_table` reads one table (CSV or Excel ``.xlsx``) of a kind named
  in :mod:`lifelong_analysis.tables`, converts and validates it with the
  pandera schemas of :mod:`lifelong_analysis.schemas`, and raises one
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
>>> from lifelong_analysis.readers import load_dataset
>>> ds = load_dataset()            # doctest: +SKIP
>>> ds.workforce.kommunenummer.iloc[0]   # doctest: +SKIP
'5001'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import paths, schemas, tables, vocab
from .errors import DataValidationError, problem
from .tables import Column

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: Strings read as missing values (pandas' defaults).
_SPACES = r"[\s\u00a0\u2007\u2009\u202f']"
_TRUE = {"true", "1", "yes", "ja", "y", "j", "sann"}
_FALSE = {"false", "0", "no", "nei", "n", "usann"}
_SHORT_KNR = re.compile(r"^\d{1,3}$")


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


def _clean_number(text: str, decimal_comma: bool) -> str:
    if decimal_comma and "," in text:
        text = text.replace(".", "").replace(",", ".")
    text = text.replace("\u2212", "-")
    try:
        float(text)
        return text
    except ValueError:
        return _SPACES_RE.sub("", text)


def parse_numbers(values: pd.Series, *, decimal_comma: bool = False) -> tuple[pd.Series, pd.Series]:
    """Convert text to float the Norwegian way.

    Returns ``(numbers, bad)``: the float Series (NaN where missing or not a
    number) and a boolean Series marking values that were given but are not
    numbers.

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
        return nums, pd.Series(False, index=values.index)
    given = values.notna()
    # fast path: plain numbers ("0.8", "52000") convert directly
    nums = pd.to_numeric(values, errors="coerce").astype(float)
    todo = given & nums.isna()
    if not todo.any():
        return _no_infinity(nums, pd.Series(False, index=values.index))
    raw = [str(v) for v in values[todo].to_numpy()]
    cleaned = [_clean_number(v, decimal_comma) for v in raw]
    nums.loc[todo] = pd.to_numeric(pd.Series(cleaned, index=values.index[todo], dtype=object),
                                   errors="coerce").astype(float)
    blank = pd.Series(False, index=values.index)
    blank.loc[todo] = [v.strip() == "" for v in raw]
    bad = todo & nums.isna() & ~blank
    return _no_infinity(nums, bad)


def _no_infinity(nums: pd.Series, bad: pd.Series) -> tuple[pd.Series, pd.Series]:
    inf = np.isinf(nums.to_numpy(dtype=float))
    if inf.any():
        bad = bad | inf
        nums = nums.where(~inf, np.nan)
    return nums, bad.astype(bool)


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


# --------------------------------------------------------------------------- validation
def validate_frame(df: pd.DataFrame, kind: str, *, source_name: str = "<DataFrame>",
                   decimal_comma: bool = False, line_offset: int = 2) -> pd.DataFrame:
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
    decimal_comma : bool
        Numbers use a decimal comma (``;``-separated files).
    line_offset : int, default 2
        Line number of the row with index 0 (header = line 1).

    Returns
    -------
    pandas.DataFrame
        The validated table with a fresh RangeIndex, the dtypes of
        :func:`lifelong_analysis.schemas.pandas_dtype`, optional columns with
        a default filled in, and unknown extra columns kept as text.

    Raises
    ------
    DataValidationError
        Listing every problem: missing columns, header only, values that do
        not convert, empty required cells, unknown codes, values out of
        range, bad kommunenummer (a lost leading zero is named as such),
        duplicate keys and the cross-column rules.

    Examples
    --------
    >>> raw = pd.DataFrame({"year": ["2024"], "kommunenummer": ["5001"], "payer": ["state"],
    ...                     "scheme": ["kfk_stipend"], "amount_nok": ["1 000,5"]})
    >>> validate_frame(raw, "funding", decimal_comma=True).amount_nok.tolist()
    [1000.5]
    """
    table = tables.get(kind)
    df = df.copy()
    df.columns = [str(c).strip() for c in df.columns]
    problems: list[dict] = []

    if len(df) == 0:
        problems.append(problem(source_name, None, "the file has a header line but no data rows"))
    missing = [c.name for c in table.columns if c.required and not c.regex and c.name not in df.columns]
    for name in missing:
        near = [c for c in df.columns if c.lower().replace(" ", "_") == name]
        hint = f" (found '{near[0]}': rename it to '{name}')" if near else ""
        problems.append(problem(
            source_name, name,
            f"required column is missing{hint}; columns in the file: {', '.join(map(str, df.columns)) or '(none)'}",
        ))
    model_names = {c.name for c in table.columns if not c.regex}
    for name in df.columns:
        m = re.match(r"^(.+)\.(\d+)$", name)
        if m and m.group(1) in model_names and m.group(1) in df.columns:
            problems.append(problem(source_name, m.group(1),
                                    "the column appears more than once in the header; keep one"))
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
            conv, bad = parse_numbers(raw, decimal_comma=decimal_comma)
            rule = "must be a number"
            if col.dtype == "int":
                frac = conv.notna() & (conv != np.round(conv))
                if frac.any():
                    problems.append(problem(source_name, name, "must be a whole number",
                                            rows=_lines(df.index[frac], line_offset), values=conv[frac].tolist()))
                    conv = conv.where(~frac, np.nan)
                    bad_index[name] = df.index[frac]
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
    return df.reset_index(drop=True)


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
def _read_csv_raw(path: Path, source: str) -> tuple[pd.DataFrame, bool, dict]:
    with open(path, "rb") as fh:  # read-only: input files are never written to
        raw = fh.read()
    text, encoding = decode_bytes(raw)
    info = {"encoding": encoding}
    if not text.strip():
        raise DataValidationError([problem(source, None, "the file is empty (no header line, no rows)")])
    sep = detect_separator(text)
    info["separator"] = sep
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, skip_blank_lines=False,
                         keep_default_na=True, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            raise DataValidationError([problem(
                source, None, f"line has {m.group(3)} fields where the header has {m.group(1)} "
                f"(separator {sep!r}; is there an unquoted separator in a value?)", rows=[int(m.group(2))])]) from None
        raise DataValidationError([problem(source, None, f"cannot be read as CSV: {exc}")]) from None
    except pd.errors.EmptyDataError:
        raise DataValidationError([problem(source, None, "the file is empty (no header line, no rows)")]) from None
    blank = df.isna().all(axis=1)
    df = df[~blank]
    return df, sep in (";", "\t"), info


def excel_sheet_names(path) -> list[str]:
    """The sheet names of an Excel file."""
    with pd.ExcelFile(path, engine="openpyxl") as xl:
        return list(xl.sheet_names)


def _read_excel_raw(path: Path, source: str, sheet: str | None) -> pd.DataFrame:
    with pd.ExcelFile(path, engine="openpyxl") as xl:
        names = list(xl.sheet_names)
        if sheet is not None and sheet not in names:
            raise DataValidationError([problem(
                source, None, f"there is no sheet named {sheet!r}; sheets in the file: {', '.join(names)}")])
        name = sheet if sheet is not None else names[0]
        df = xl.parse(name, dtype=object, header=0)
    if df.shape[1] == 0 and df.shape[0] == 0:
        raise DataValidationError([problem(source, None, f"sheet {name!r} is empty (no header row, no rows)")])

    def cell_text(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return np.nan
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    df = df.map(cell_text)
    df = df[~df.isna().all(axis=1)]
    return df


def read_table(path, kind: str, *, sheet: str | None = None, source_name: str | None = None) -> pd.DataFrame:
    """Read and validate one table of ``kind`` from a CSV or Excel ``.xlsx`` file.

    Parameters
    ----------
    path : str or path-like
        The file; a relative path resolves against the project root
        (:func:`lifelong_analysis.paths.resolve`).
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
        holds ``source``, ``encoding`` and ``separator`` (CSV) or ``sheet``.

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
    if suffix in EXCEL_SUFFIXES:
        raw = _read_excel_raw(path, source, sheet)
        df = validate_frame(raw, kind, source_name=source, decimal_comma=False)
        df.attrs.update(source=str(path), sheet=sheet)
        return df
    if suffix == ".xls":
        raise ValueError(f"{path.name}: old Excel .xls files are not supported; save it as .xlsx or CSV")
    if sheet is not None:
        raise ValueError(f"{path.name}: --sheet/sheet= only applies to Excel .xlsx files")
    raw, decimal_comma, info = _read_csv_raw(path, source)
    df = validate_frame(raw, kind, source_name=source, decimal_comma=decimal_comma)
    df.attrs.update(source=str(path), **info)
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
    hourly labour cost (:func:`lifelong_analysis.costs.hourly_labour_cost`
    with its default, documented parameters).  Rows whose employee is unknown
    are reported by the reference check instead.
    """
    t, w = frames.get("training"), frames.get("workforce")
    if t is None or w is None or not len(t) or "grant_nok" not in t.columns:
        return []
    from . import costs  # lazy: costs builds on the tables this module reads

    hourly = costs.hourly_labour_cost(w).drop_duplicates("employee_id").set_index("employee_id")[
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
