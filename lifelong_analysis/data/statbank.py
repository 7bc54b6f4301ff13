"""Statistics Norway (SSB) statbank data as a tidy long table, missing-value reasons kept.

Reads

* JSON-stat 2.0 datasets (``"class": "dataset"``, top-level ``id``/``size``/
  ``dimension``/``value``; ``value`` as array or sparse object; ``status`` as
  object keyed by flat index, as array, as a length-1 array applying to every
  cell, or as a string);
* the older JSON-stat 1.x bundle (``{"dataset": {...}}`` as the statbank API v0
  returned it, or several named datasets, ``id``/``size`` inside ``dimension``);
* the statbank CSV download (ISO-8859-1 or UTF-8, ``;`` with decimal comma or
  ``,`` with decimal point, optional title line(s) above the header): the long
  layout (dimension columns, last column = the value, as the v0 ready-made
  datasets give it) and the wide layout with content and time in the value
  column headers ("Sysselsatte 2023", "2024K1" ...).  Codes are read as text, so
  "0301" keeps its zero; cells such as "0301 Oslo" are split into code
  ``0301`` and label ``Oslo``.

Symbols such as ".", "..", ":", "-" become missing values (NaN) with the symbol
in ``status`` and its meaning in ``status_label`` — never 0, never a bare NaN.
The meanings and their evidence are in ``resources/ssb_symbols.csv``
(:func:`symbols`).  Flags that qualify a value (Eurostat "e" estimated, "p"
provisional ...) keep the value and fill ``status``.  A JSON-stat cell that is
null without any status gets ``status_label`` :data:`NO_STATUS_LABEL`.
A value "0" or "0,0" is read as the number 0 (in SSB tables it can mean "less
than half the unit"; that convention is unverified, methods.md 4.4).

Examples
--------
>>> from lifelong_analysis.data.statbank import read_statbank
>>> df = read_statbank("tests/data/jsonstat/ssb-api.json")        # doctest: +SKIP
>>> df["status"].value_counts().to_dict()                           # doctest: +SKIP
{'..': 390}
"""

from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis import paths
from lifelong_analysis.errors import DataValidationError, problem
from lifelong_analysis.data.readers import _check_file, _decode_file, decode_bytes, detect_separator, parse_numbers

SYMBOLS_FILE = paths.RESOURCES_DIR / "ssb_symbols.csv"
#: status_label of a cell that has no value and no status in the source.
NO_STATUS_LABEL = "missing in the source, no reason given"
VALUE_COLUMNS = ("value", "status", "status_label")

_CODE_LABEL = re.compile(r"^((?:[A-Za-z]{1,3}-)?\d+[A-Za-z]?)\s+(\S.*)$")
_WIDE_HEADER = re.compile(r"^(?:(?P<content>.*\S)\s+)?(?P<time>\d{4}(?:[A-Z]\d{1,2})?)$")


@lru_cache(maxsize=1)
def _symbols_cached() -> pd.DataFrame:
    df = pd.read_csv(SYMBOLS_FILE, dtype=str, keep_default_na=False)
    df["missing"] = df["missing"].str.lower().eq("true")
    return df


def symbols() -> pd.DataFrame:
    """The table of statbank/Eurostat symbols and flags.

    Returns
    -------
    pandas.DataFrame
        Columns ``symbol``, ``system`` (ssb or eurostat), ``missing`` (bool:
        the cell has no number), ``label_en``, ``label_nb``, ``evidence``
        (V verified, NF not found / unverified) and ``source``.

    Examples
    --------
    >>> symbols().set_index("symbol").loc["..", "label_en"]
    'data not available (figures missing)'
    """
    return _symbols_cached().copy()


def status_label(symbol) -> str | None:
    """Plain-words meaning of a status symbol (None for None).

    >>> status_label(":")
    'suppressed for confidentiality'
    >>> status_label("a")
    "status 'a' (meaning not documented in ssb_symbols.csv)"
    """
    if symbol is None or (isinstance(symbol, float) and np.isnan(symbol)):
        return None
    table = _symbols_cached().set_index("symbol")["label_en"]
    s = str(symbol)
    if s in table.index:
        return table[s]
    return f"status {s!r} (meaning not documented in ssb_symbols.csv)"


def _missing_symbols() -> set[str]:
    t = _symbols_cached()
    return set(t.loc[t["missing"], "symbol"])


def _finish(df: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    labels = [f"{d}_label" for d in dims]
    df["status"] = df["status"].astype(object).where(df["status"].notna(), None)
    lab = df["status"].map(status_label)
    no_reason = df["value"].isna() & df["status"].isna()
    lab = lab.where(~no_reason, NO_STATUS_LABEL)
    df["status_label"] = lab.astype(object).where(lab.notna(), None)
    df["value"] = df["value"].astype(float)
    return df[[*dims, *labels, *VALUE_COLUMNS]].reset_index(drop=True)


# --------------------------------------------------------------------------- JSON-stat
#: Most cells a JSON-stat dataset may declare (product of ``size``).  SSB's API returns at
#: most 800 000 cells per request (API v0 limit, as SSB documents it; not re-verified here), so a
#: larger table is a download error or a crafted file: 8 KB declaring 3 x 400 categories (64
#: million cells) used to grow to 23 GB before failing.
MAX_CELLS = 1_000_000
#: Largest JSON file read, in bytes.
MAX_JSON_BYTES = 256 * 1024 * 1024


def _bad(source: str, where: str | None, rule: str) -> DataValidationError:
    return DataValidationError([problem(source, where, rule)])


def _pick_dataset(doc, dataset: str | None, source: str) -> dict:
    if not isinstance(doc, dict):
        raise _bad(source, None, f"not a JSON-stat dataset: the top level is a {type(doc).__name__}, "
                                 "not an object with 'dimension' and 'value'")
    if doc.get("class") == "dataset" or ("value" in doc and "dimension" in doc):
        return doc
    if doc.get("class") == "collection":
        raise _bad(source, None, "a JSON-stat collection; read one of its datasets")
    if "dataset" in doc and isinstance(doc["dataset"], dict) and "dimension" in doc["dataset"]:
        return doc["dataset"]
    bundle = {k: v for k, v in doc.items() if isinstance(v, dict) and "dimension" in v}
    if not bundle:
        raise _bad(source, None, "not a JSON-stat dataset (no 'dimension' and 'value')")
    if dataset is None:
        if len(bundle) > 1:
            raise _bad(source, None, f"the bundle holds several datasets; choose one of: {', '.join(bundle)}")
        return next(iter(bundle.values()))
    if dataset not in bundle:
        raise _bad(source, None, f"no dataset {dataset!r}; datasets: {', '.join(bundle)}")
    return bundle[dataset]


def _categories(dim, d: str, source: str) -> tuple[list[str], dict[str, str]]:
    if not isinstance(dim, dict):
        raise _bad(source, f"dimension.{d}", "must be an object with 'category'")
    cat = dim.get("category", {})
    if not isinstance(cat, dict):
        raise _bad(source, f"dimension.{d}.category", "must be an object with 'index' and/or 'label'")
    index = cat.get("index")
    labels = cat.get("label") or {}
    if not isinstance(labels, dict) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                               for v in labels.values()):
        raise _bad(source, f"dimension.{d}.category.label", "must be an object of code: label text")
    if index is None:
        codes = [str(c) for c in labels]
    elif isinstance(index, list):
        if not all(isinstance(c, (str, int)) and not isinstance(c, bool) for c in index):
            raise _bad(source, f"dimension.{d}.category.index", "must be a list of category codes (text)")
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        pos = list(index.values())
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in pos) or sorted(pos) != list(range(len(pos))):
            raise _bad(source, f"dimension.{d}.category.index",
                       f"positions must be the whole numbers 0 to {len(pos) - 1}, each once")
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    else:
        raise _bad(source, f"dimension.{d}.category.index", "must be a list or an object of code: position")
    if len(set(codes)) != len(codes):
        raise _bad(source, f"dimension.{d}.category.index", "a category code appears more than once")
    return codes, {str(k): str(v) for k, v in labels.items()}


_KEY = re.compile(r"^[0-9]{1,12}$")


def _sparse(obj: dict, n_cells: int, source: str, where: str) -> dict[int, object]:
    out = {}
    for k, v in obj.items():
        if not _KEY.match(str(k)) or int(k) >= n_cells:
            raise _bad(source, where, f"key {str(k)[:20]!r} is not a cell position 0 to {n_cells - 1}")
        out[int(k)] = v
    return out


def validate_jsonstat(ds: dict, *, source: str = "<json-stat>", max_cells: int = MAX_CELLS) -> dict:
    """Check the structure of one JSON-stat dataset before anything is built from it.

    Checks: ``id`` a list of distinct texts and ``size`` a list of
    non-negative whole numbers of the same length; every id a dimension whose
    categories match its size; the number of cells (product of sizes) at most
    ``max_cells``; ``value`` an array of exactly that many cells or an
    object whose keys are cell positions in range; every value a finite
    number, null or a text (a statbank symbol or a number); ``status`` a
    text, an array of one or of every cell, or an object with keys in range.

    Returns ``{"ids", "sizes", "codes", "labels", "n_cells", "values", "status"}``
    with ``values`` and ``status`` as lists of ``n_cells``.

    Raises
    ------
    DataValidationError
        Naming the part of the document (``size``, ``value``, ``dimension.Tid``...) and the rule.

    Examples
    --------
    >>> validate_jsonstat({"id": ["Tid"], "size": [2], "dimension": {"Tid": {"category": {"index": ["a", "b"]}}},
    ...                    "value": {"-1": 42}})
    Traceback (most recent call last):
    ...
    lifelong_analysis.errors.DataValidationError: <json-stat>: 1 problem
    - column 'value': key '-1' is not a cell position 0 to 1
    """
    dimension = ds.get("dimension")
    if not isinstance(dimension, dict):
        raise _bad(source, "dimension", "must be an object with one entry per dimension")
    ids = ds.get("id", dimension.get("id"))
    sizes = ds.get("size", dimension.get("size"))
    if ids is None or sizes is None:
        raise _bad(source, None, "JSON-stat dataset without 'id' and 'size'")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        raise _bad(source, "id", "must be a list of distinct dimension names")
    if not isinstance(sizes, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                                              for n in sizes):
        raise _bad(source, "size", "must be a list of whole numbers >= 0")
    if len(ids) != len(sizes):
        raise _bad(source, "size", f"has {len(sizes)} entries for {len(ids)} dimensions in 'id'")
    n_cells = 1
    for n in sizes:
        n_cells *= n
        if n_cells > max_cells:
            raise _bad(source, "size", f"declares more than {max_cells:,} cells ({' x '.join(map(str, sizes))}); "
                       "download the table in smaller parts")
    codes, labels = [], []
    for d, n in zip(ids, sizes):
        if d not in dimension:
            raise _bad(source, f"dimension.{d}", "is listed in 'id' but has no entry under 'dimension'")
        c, lab = _categories(dimension[d], d, source)
        if len(c) != n:
            raise _bad(source, f"dimension.{d}", f"has {len(c)} categories but size says {n}")
        codes.append(c)
        labels.append(lab)
    if "value" not in ds:
        raise _bad(source, "value", "is missing: the dataset has no values")
    raw = ds["value"]
    if isinstance(raw, dict):
        vals = [None] * n_cells
        for i, v in _sparse(raw, n_cells, source, "value").items():
            vals[i] = v
    elif isinstance(raw, list):
        if len(raw) != n_cells:
            raise _bad(source, "value", f"{len(raw)} values for {n_cells} cells (sizes {sizes})")
        vals = raw
    else:
        raise _bad(source, "value", f"must be an array or an object of cell: value, not {type(raw).__name__}")
    for i, v in enumerate(vals):
        if v is None or isinstance(v, str):
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _bad(source, "value", f"cell {i} holds a {type(v).__name__}, not a number, null or a symbol")
        if isinstance(v, float) and not np.isfinite(v):
            raise _bad(source, "value", f"cell {i} is not a finite number (a literal such as 1e400 overflows)")
        if isinstance(v, int) and abs(v) > 2**53:
            raise _bad(source, "value", f"cell {i} is a whole number too large to keep exactly")
    status = [None] * n_cells
    st = ds.get("status")
    if isinstance(st, str):
        status = [st] * n_cells
    elif isinstance(st, list):
        if len(st) == 1:
            status = [st[0]] * n_cells
        elif len(st) == n_cells:
            status = list(st)
        elif st:
            raise _bad(source, "status", f"array of length {len(st)} for {n_cells} cells")
    elif isinstance(st, dict):
        for i, v in _sparse(st, n_cells, source, "status").items():
            status[i] = v
    elif st is not None:
        raise _bad(source, "status", "must be a text, an array or an object of cell: symbol")
    if not all(s is None or isinstance(s, str) for s in status):
        raise _bad(source, "status", "every status must be a text symbol (such as '..') or null")
    return {"ids": ids, "sizes": sizes, "codes": codes, "labels": labels, "n_cells": n_cells,
            "values": vals, "status": status}


def from_jsonstat(doc: dict, *, dataset: str | None = None, source: str = "<json-stat>",
                  max_cells: int = MAX_CELLS) -> pd.DataFrame:
    """A JSON-stat document (2.0 dataset or 1.x bundle) as a tidy long DataFrame.

    The structure is checked first (:func:`validate_jsonstat`): nothing is
    allocated for a dataset that declares more than ``max_cells`` cells.

    Parameters
    ----------
    doc : dict
        The parsed JSON.
    dataset : str, optional
        Name of the dataset in a 1.x bundle with several datasets.
    source : str
        Name used in messages.
    max_cells : int
        Largest number of cells accepted (:data:`MAX_CELLS`).

    Returns
    -------
    pandas.DataFrame
        One row per cell, in the flat (row-major) order of JSON-stat: one column
        per dimension id holding the category code (str), ``<dim>_label`` with the
        category label, ``value`` (float; NaN when missing), ``status`` (the
        symbol or flag, or None) and ``status_label`` (its meaning, see
        :func:`symbols`).

    Raises
    ------
    DataValidationError
        The document is not a valid JSON-stat dataset (see :func:`validate_jsonstat`).

    Examples
    --------
    >>> doc = {"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [2],
    ...        "dimension": {"Tid": {"category": {"index": ["2023", "2024"]}}},
    ...        "value": [1.5, None], "status": {"1": ".."}}
    >>> from_jsonstat(doc)[["Tid", "value", "status"]].values.tolist()
    [['2023', 1.5, None], ['2024', nan, '..']]
    """
    ds = _pick_dataset(doc, dataset, source)
    v = validate_jsonstat(ds, source=source, max_cells=max_cells)
    ids, codes, labels, n_cells = v["ids"], v["codes"], v["labels"], v["n_cells"]
    frame = pd.MultiIndex.from_product(codes, names=ids).to_frame(index=False) if ids else pd.DataFrame(index=[0])
    for d, lab in zip(ids, labels):
        frame[f"{d}_label"] = frame[d].map(lambda c, lab=lab: lab.get(c, c))
    status = list(v["status"])
    missing_syms = _missing_symbols()
    values = np.full(n_cells, np.nan)
    for i, val in enumerate(v["values"]):
        if val is None:
            continue
        if isinstance(val, str):
            s = val.strip()
            if s in missing_syms:
                status[i] = status[i] or s
                continue
            nums, bad = parse_numbers(pd.Series([s]), decimal_comma="," in s)
            if bad.iloc[0] or np.isnan(nums.iloc[0]):
                raise _bad(source, "value", f"cell {i} has the value {val[:30]!r}, neither a number nor a known symbol")
            values[i] = nums.iloc[0]
            continue
        values[i] = float(val)
    frame["value"] = values
    frame["status"] = pd.Series([s if s not in ("", None) else None for s in status], dtype=object)
    return _finish(frame, list(ids))


# --------------------------------------------------------------------------- CSV
def _split_code_label(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = col.astype(object)
    given = text.dropna().astype(str)
    if len(given) and given.str.match(_CODE_LABEL).all():
        parts = given.str.extract(_CODE_LABEL)
        return parts[0].reindex(text.index), parts[1].reindex(text.index)
    return text, text


def _values_from_text(raw: pd.Series, decimal_comma: bool, source: str, column: str,
                      line_of) -> tuple[pd.Series, pd.Series]:
    text = raw.astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
    syms = _missing_symbols()
    is_sym = text.isin(syms)
    status = text.where(is_sym, None)
    nums, bad = parse_numbers(text.where(~is_sym, None), decimal_comma=decimal_comma)
    empty = text.isna() & ~is_sym
    if bad.any():
        raise DataValidationError([problem(
            source, column, "must be a number or a statbank symbol (" + ", ".join(sorted(syms)) + ")",
            rows=[line_of(i) for i in raw.index[bad]], values=raw[bad].tolist())])
    if empty.any():
        status = status.where(~empty, None)
    if len(nums) and nums.isna().all() and status.isna().all():
        raise DataValidationError([problem(
            source, column, "every value cell is empty: no number and no statbank symbol was found; is the "
            "separator or the header line what the file uses?")])
    return nums, status


def _statbank_table(text: str, source: str):
    """Separator, title lines to skip, header, rows and line numbers of a statbank CSV download.

    The separator is the one of ``;``, ``,`` and tab under which most lines
    have the same number (at least 2) of fields; title lines above the header
    (which may hold commas: "12865: Deltakere, etter kjønn") are the lines
    before the first line with that number of fields.  A later line with
    another number of fields is an error naming it.
    """
    import csv
    from collections import Counter

    best = None
    for sep in (";", "\t", ","):
        counts = []
        for ln, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1):
            if row and any(c.strip() for c in row):
                counts.append((ln, len(row)))
        common = Counter(n for _, n in counts if n >= 2).most_common(1)
        if common and (best is None or common[0][1] > best[2]):
            best = (sep, common[0][0], common[0][1])
    if best is None:
        raise DataValidationError([problem(source, None, "no table found (the file is empty or has no separator)")])
    sep, width, _ = best
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header, rows, lines, bad = None, [], [], []
    skip, prev = 0, 0
    for row in reader:
        line, prev = prev + 1, reader.line_num
        if header is None:
            if len(row) == width and any(c.strip() for c in row):
                header, skip = row, line - 1
            continue
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != width:
            bad.append(line)
            continue
        rows.append(row)
        lines.append(line)
    if bad:
        raise DataValidationError([problem(source, None, f"line {bad[0]} has a different number of fields than "
                                           f"the header (line {skip + 1}, {width} fields, separator {sep!r})",
                                           rows=bad)])
    return sep, skip, header, rows, lines


def read_statbank_csv(path, *, source_name: str | None = None) -> pd.DataFrame:
    """Read a statbank CSV download (long or wide layout) as a tidy long table.

    Layout detection: title lines above the header (one field, or blank) are
    skipped.  When the trailing column headers end in a period ("2023",
    "Sysselsatte 2023", "2024K1", "2024M01") the table is wide: it is melted
    into the columns ``contents`` (the header text before the period, when
    any) and ``time``.  Otherwise the last column is the value and the other
    columns are dimensions.  Dimension cells "code label" (e.g.
    "0301 Oslo", "K-5001 Trondheim") give ``<dim>`` = code and
    ``<dim>_label`` = label; other cells are both code and label.  Dimension
    names are the header texts.

    Returns
    -------
    pandas.DataFrame
        As :func:`from_jsonstat`: dimension columns, ``<dim>_label``,
        ``value``, ``status``, ``status_label``.

    Raises
    ------
    DataValidationError
        A value cell that is neither a number nor a known symbol (with line
        numbers), or a file with no data.
    """
    path = Path(path)
    source = source_name or path.name
    _check_file(path, source)
    with open(path, "rb") as fh:
        text, _enc = _decode_file(fh.read(), source)
    sep, skip, header, rows, lines = _statbank_table(text, source)
    df = pd.DataFrame(rows, columns=range(len(header)), dtype=object, index=[ln - skip - 2 for ln in lines])
    df = df.map(lambda v: v.strip() if isinstance(v, str) else v).replace("", np.nan)
    df.columns = [str(c).strip() for c in header]
    if len(set(df.columns)) != len(df.columns):
        dup = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
        raise _bad(source, dup[0], "the column appears more than once in the header; keep one")
    blank = df.isna().all(axis=1)
    df = df[~blank]
    if df.empty:
        raise DataValidationError([problem(source, None, "the table has a header but no data rows")])
    decimal_comma = sep in (";", "\t")

    def line_of(i):
        return int(i) + skip + 2

    headers = list(df.columns)
    wide = []
    for h in reversed(headers):
        m = _WIDE_HEADER.match(h)
        if not m:
            break
        wide.insert(0, h)
    if wide and len(wide) < len(headers):
        dims = headers[: len(headers) - len(wide)]
        long = df.melt(id_vars=dims, value_vars=wide, var_name="_header", value_name="_raw", ignore_index=False)
        parts = long["_header"].str.extract(_WIDE_HEADER)
        value_col = "_raw"
        extra_dims = []
        if parts["content"].notna().any():
            long["contents"] = parts["content"].fillna("")
            extra_dims.append("contents")
        long["time"] = parts["time"]
        extra_dims.append("time")
        # keep rows of one input line together: order by input line, then header position
        long["_order"] = long["_header"].map({h: i for i, h in enumerate(wide)})
        long = long.assign(_line=long.index).sort_values(["_line", "_order"], kind="stable")
        out = pd.DataFrame(index=range(len(long)))
        long = long.reset_index(drop=True)
        all_dims = [*dims, *extra_dims]
        for d in all_dims:
            code, label = _split_code_label(long[d]) if d in dims else (long[d], long[d])
            out[d] = code.values
            out[f"{d}_label"] = label.values
        vals, status = _values_from_text(long[value_col].set_axis(long["_line"]), decimal_comma, source,
                                         "value", line_of)
        out["value"] = vals.values
        out["status"] = status.values
        return _finish(out, all_dims)
    if len(headers) < 2:
        raise DataValidationError([problem(source, None, "a statbank table needs at least one dimension column and a value column")])
    dims, value_header = headers[:-1], headers[-1]
    out = pd.DataFrame(index=df.index)
    for d in dims:
        code, label = _split_code_label(df[d])
        out[d] = code
        out[f"{d}_label"] = label
    vals, status = _values_from_text(df[value_header], decimal_comma, source, value_header, line_of)
    out["value"] = vals
    out["status"] = status
    res = _finish(out, dims)
    res.attrs["contents"] = value_header
    return res


def read_statbank(path, *, dataset: str | None = None, source_name: str | None = None) -> pd.DataFrame:
    """Read a statbank file: JSON-stat (2.0 or 1.x bundle) or statbank CSV.

    Parameters
    ----------
    path : str or path-like
        ``.json`` (JSON-stat) or ``.csv``; a relative path resolves against the
        project root.  Opened read-only.
    dataset : str, optional
        Dataset name in a JSON-stat 1.x bundle holding several.
    source_name : str, optional
        Name used in messages (default: the file name).

    Returns
    -------
    pandas.DataFrame
        One column per dimension (codes as str), ``<dim>_label``, ``value``
        (float, NaN when missing), ``status`` (symbol/flag or None),
        ``status_label`` (its meaning in plain words; see :func:`symbols`).

    Raises
    ------
    FileNotFoundError, ValueError, DataValidationError

    Examples
    --------
    >>> df = read_statbank("tests/data/jsonstat/canada.json")   # doctest: +SKIP
    >>> df.status.unique().tolist()                              # doctest: +SKIP
    ['a']
    """
    path = paths.resolve(path)
    if not path.exists():
        raise FileNotFoundError(f"No such file: {path}")
    source = source_name or path.name
    size = _check_file(path, source)
    if size == 0:
        raise _bad(source, None, "the file is empty")
    with open(path, "rb") as fh:
        head = fh.read(2048)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or stripped.startswith((b"{", b"[")):
        if size > MAX_JSON_BYTES:
            raise _bad(source, None, f"larger than {MAX_JSON_BYTES // 1024**2} MB; download the table in parts")
        with open(path, "rb") as fh:
            text, _ = _decode_file(fh.read(), source)
        return from_jsonstat(parse_json(text, source), dataset=dataset, source=source)
    return read_statbank_csv(path, source_name=source)


def _refuse_constant(name):
    raise ValueError(f"the literal {name} is not a number JSON allows")


def parse_json(text: str, source: str = "<json>"):
    """Parse JSON text strictly: no NaN/Infinity literals, bounded nesting, errors with line and column.

    Raises
    ------
    DataValidationError
        Not valid JSON (with line and column), nested too deeply, or a NaN/Infinity literal.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise DataValidationError([problem(source, None, f"not valid JSON: {exc.msg} (line {exc.lineno}, "
                                           f"column {exc.colno})", rows=[exc.lineno])]) from None
    except RecursionError:
        raise _bad(source, None, "not a JSON-stat dataset: brackets nested too deeply") from None
    except ValueError as exc:
        raise _bad(source, None, f"not valid JSON: {exc}") from None
