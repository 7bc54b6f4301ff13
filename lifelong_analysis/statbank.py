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
>>> from lifelong_analysis.statbank import read_statbank
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

from . import paths
from .errors import DataValidationError, problem
from .readers import decode_bytes, detect_separator, parse_numbers

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
def _pick_dataset(doc: dict, dataset: str | None, source: str) -> dict:
    if doc.get("class") == "dataset" or ("value" in doc and "dimension" in doc):
        return doc
    if doc.get("class") == "collection":
        raise ValueError(f"{source}: a JSON-stat collection; read one of its datasets")
    if "dataset" in doc and isinstance(doc["dataset"], dict) and "dimension" in doc["dataset"]:
        return doc["dataset"]
    bundle = {k: v for k, v in doc.items() if isinstance(v, dict) and "dimension" in v}
    if not bundle:
        raise ValueError(f"{source}: not a JSON-stat dataset (no 'dimension' and 'value')")
    if dataset is None:
        if len(bundle) > 1:
            raise ValueError(f"{source}: the bundle holds several datasets; choose one of: {', '.join(bundle)}")
        return next(iter(bundle.values()))
    if dataset not in bundle:
        raise ValueError(f"{source}: no dataset {dataset!r}; datasets: {', '.join(bundle)}")
    return bundle[dataset]


def _categories(dim: dict) -> tuple[list[str], dict[str, str]]:
    cat = dim.get("category", {})
    index = cat.get("index")
    labels = cat.get("label") or {}
    if index is None:
        codes = list(labels)
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    else:
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    return codes, {str(k): str(v) for k, v in labels.items()}


def from_jsonstat(doc: dict, *, dataset: str | None = None, source: str = "<json-stat>") -> pd.DataFrame:
    """A JSON-stat document (2.0 dataset or 1.x bundle) as a tidy long DataFrame.

    Parameters
    ----------
    doc : dict
        The parsed JSON.
    dataset : str, optional
        Name of the dataset in a 1.x bundle with several datasets.
    source : str
        Name used in messages.

    Returns
    -------
    pandas.DataFrame
        One row per cell, in the flat (row-major) order of JSON-stat: one column
        per dimension id holding the category code (str), ``<dim>_label`` with the
        category label, ``value`` (float; NaN when missing), ``status`` (the
        symbol or flag, or None) and ``status_label`` (its meaning, see
        :func:`symbols`).

    Examples
    --------
    >>> doc = {"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [2],
    ...        "dimension": {"Tid": {"category": {"index": ["2023", "2024"]}}},
    ...        "value": [1.5, None], "status": {"1": ".."}}
    >>> from_jsonstat(doc)[["Tid", "value", "status"]].values.tolist()
    [['2023', 1.5, None], ['2024', nan, '..']]
    """
    ds = _pick_dataset(doc, dataset, source)
    dimension = ds["dimension"]
    ids = ds.get("id") or dimension.get("id")
    sizes = ds.get("size") or dimension.get("size")
    if ids is None or sizes is None:
        raise ValueError(f"{source}: JSON-stat dataset without 'id' and 'size'")
    codes, labels = [], []
    for d, n in zip(ids, sizes):
        c, lab = _categories(dimension[d])
        if len(c) != n:
            raise ValueError(f"{source}: dimension {d!r} has {len(c)} categories but size says {n}")
        codes.append(c)
        labels.append(lab)
    n_cells = int(np.prod(sizes)) if sizes else 1
    frame = pd.MultiIndex.from_product(codes, names=ids).to_frame(index=False) if ids else pd.DataFrame(index=[0])
    for d, lab in zip(ids, labels):
        frame[f"{d}_label"] = frame[d].map(lambda c, lab=lab: lab.get(c, c))

    raw_values = ds.get("value", [])
    if isinstance(raw_values, dict):
        vals = [None] * n_cells
        for k, v in raw_values.items():
            vals[int(k)] = v
    else:
        vals = list(raw_values)
    if len(vals) != n_cells:
        raise ValueError(f"{source}: {len(vals)} values for {n_cells} cells (sizes {sizes})")

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
            raise ValueError(f"{source}: status array of length {len(st)} for {n_cells} cells")
    elif isinstance(st, dict):
        for k, v in st.items():
            status[int(k)] = v

    missing_syms = _missing_symbols()
    values = np.full(n_cells, np.nan)
    for i, v in enumerate(vals):
        if v is None:
            continue
        if isinstance(v, str):
            s = v.strip()
            if s in missing_syms:
                status[i] = status[i] or s
                continue
            try:
                values[i] = float(s.replace(",", "."))
            except ValueError:
                raise ValueError(f"{source}: cell {i} has the value {v!r}, neither a number nor a known symbol") from None
            continue
        values[i] = float(v)
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
    return nums, status


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
    with open(path, "rb") as fh:
        text, _enc = decode_bytes(fh.read())
    lines = text.splitlines()
    sep = detect_separator("\n".join(line for line in lines if line.count(";") + line.count(",") + line.count("\t")))
    # skip title lines: lines before the first line with at least one separator
    skip = 0
    for line in lines:
        if line.strip() and line.count(sep) >= 1:
            break
        skip += 1
    if skip >= len(lines):
        raise DataValidationError([problem(source, None, "no table found (the file is empty or has no separator)")])
    df = pd.read_csv(io.StringIO("\n".join(lines[skip:])), sep=sep, dtype=str, keep_default_na=False,
                     na_values=[""], skip_blank_lines=False)
    df.columns = [str(c).strip() for c in df.columns]
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
    with open(path, "rb") as fh:
        head = fh.read(2048)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or stripped.startswith(b"{"):
        with open(path, "rb") as fh:
            text, _ = decode_bytes(fh.read())
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source}: not valid JSON ({exc})") from None
        return from_jsonstat(doc, dataset=dataset, source=source)
    return read_statbank_csv(path, source_name=source)
