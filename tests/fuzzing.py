"""Malformed-file generator shared by the fuzz tests (tests/test_fuzz.py) and the long run (benchmarks/bench_fuzz.py).

:func:`make_case` turns a valid table of ``tests/data/valid/`` (or a valid JSON-stat document) into a
file damaged the ways real exports are: other encodings and separators, decimal commas, trailing
separators, duplicated or renamed headers, NA markers, non-ASCII digits, junk cells, duplicated,
blank or missing rows, truncation, random bytes, CSV bytes in an .xlsx, broken JSON-stat structures.
It records what it changed so that :func:`check_case` can tell a correct result from a silent change:

* only :class:`~lifelong_analysis.errors.DataValidationError` may escape a reader;
* when the file is accepted, rows in = rows out (unless rows were removed or added on purpose),
  codes keep their leading zeros, and every cell the generator did not touch has its original value.
"""

from __future__ import annotations

import io
import json
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis.data import tables
from lifelong_analysis.errors import DataValidationError
from lifelong_analysis.data.readers import read_table
from lifelong_analysis.data.statbank import read_statbank

VALID = Path(__file__).resolve().parent / "data" / "valid"
KINDS = list(tables.TABLES)
FORMATS = ("csv", "xlsx")

#: Cell values that broke readers somewhere (issue 11 and its sources).
NASTY = ["", " ", "NA", "null", "#N/A", "None", "nan", "inf", "-inf", "1e400", "Infinity", "٠٣٠١", "５００１",
         "301", "0301", "1,234.50", "25.000", "0,8", "80 %", "80", "-0", "1_000", "0x10", "\x00", '"', "'",
         "\u202f", "x" * 5000, "🙂", "=1+1", "TRUE", "ja", "−5", "1e5", "  12  ", ";", ",", "\t", "\r", "\n",
         "0.1.2", "1..2", "+", "-", ".", "..", ":", "12e", "E001", "Ålesund", "\ufeff", "1 000 000,5",
         "9" * 40, "-1", "0", "2.5", "2,5", "100 %", "1.0", "1.", ".5"]
SEPARATORS = [",", ";", "\t"]
#: Mutations of a table file, drawn by :func:`make_case` ("cell" three times as often).
MUTATIONS = ("separator", "encoding", "cell", "cell", "cell", "header_dup", "header_rename", "header_drop",
             "trailing", "decimal_comma_in_comma", "na_row", "blank_row", "dup_row", "drop_row", "truncate",
             "bytes", "shuffle_columns", "quote", "empty", "header_only", "alias", "percent")


@dataclass
class Case:
    kind: str            # table kind, or "statbank" for JSON-stat
    fmt: str             # csv, xlsx, json
    data: bytes
    mutations: list = field(default_factory=list)
    touched: set = field(default_factory=set)     # (row position, column name) changed on purpose
    rows_changed: bool = False                    # rows added/removed on purpose: no row-count oracle
    columns_changed: bool = False                 # header renamed/removed: no value oracle for columns


@lru_cache(maxsize=None)
def base_table(kind: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The valid test table of ``kind`` as text: (header, rows)."""
    df = pd.read_csv(VALID / f"{kind}.csv", dtype=str, keep_default_na=False)
    return tuple(df.columns), tuple(tuple(r) for r in df.itertuples(index=False, name=None))


@lru_cache(maxsize=None)
def reference(kind: str) -> pd.DataFrame:
    """The validated valid table: what every accepted variant must still say."""
    return read_table(VALID / f"{kind}.csv", kind)


def _to_decimal_comma(v: str) -> str:
    try:
        float(v)
    except ValueError:
        return v
    return v.replace(".", ",")


def parse_mutations(spec: str | None) -> tuple[str, ...] | None:
    """``"alias+cell"`` -> ``("alias", "cell")``; ``"any"`` stands for a mutation drawn at random.

    Raises ValueError on an unknown name, so that a typo cannot run a fuzz that tests nothing.
    """
    if not spec:
        return None
    names = tuple(x.strip() for x in spec.split("+"))
    unknown = sorted(set(names) - set(MUTATIONS) - {"any"})
    if unknown:
        raise ValueError(f"unknown mutation(s) {', '.join(unknown)}; known: any, {', '.join(sorted(set(MUTATIONS)))}")
    return names


def make_case(rng: random.Random, kind: str, fmt: str, n_mutations: int | None = None,
              mutations: tuple[str, ...] | None = None) -> Case:
    """A damaged (sometimes still valid) file of table ``kind`` in format ``fmt`` (csv or xlsx).

    ``mutations`` (e.g. ``("alias", "cell")``, see :func:`parse_mutations`) applies exactly these, in an
    order drawn at random, "any" being a random mutation; by default 0–3 random mutations.
    """
    header, rows = base_table(kind)
    header = list(header)
    # canon[j]: the column name the data in position j belong to, whatever the header now says
    # (an alias, a shuffled order); the oracle compares by these names.
    canon = list(header)
    in_percent = set()  # columns written as percentages (under a percent alias): 80 for 0.8
    rows = [list(r) for r in rows]
    case = Case(kind, fmt, b"")
    sep, encoding, decimal_comma = ",", "utf-8", False
    if mutations is not None:
        plan = list(mutations)
        rng.shuffle(plan)
    else:
        plan = ["any"] * (rng.choice([0, 1, 1, 2, 3]) if n_mutations is None else n_mutations)
    raw_damage = []
    for m in plan:
        if m == "any":
            m = rng.choice(MUTATIONS)
        if not header:
            break
        case.mutations.append(m)
        if m == "separator":
            sep = rng.choice([";", "\t"])
            decimal_comma = rng.random() < 0.8
        elif m == "encoding":
            encoding = rng.choice(["utf-8-sig", "cp1252", "latin-1", "utf-16", "bom+cp1252"])
        elif m == "cell" and rows:
            i, j = rng.randrange(len(rows)), rng.randrange(len(header))
            rows[i][j] = rng.choice(NASTY)
            case.touched.add((i, canon[j]))
        elif m == "header_dup":
            j = rng.randrange(len(header))
            header.append(rng.choice([header[j], header[j] + " ", header[j].upper(), " " + header[j]]))
            canon.append(None)
            for r in rows:
                r.append(rng.choice(NASTY))
            case.columns_changed = True
        elif m == "header_rename":
            j = rng.randrange(len(header))
            header[j] = rng.choice([header[j][:-1], header[j] + "x", header[j].replace("_", " ").title(), ""])
            case.columns_changed = True
        elif m == "header_drop" and len(header) > 1:
            j = rng.randrange(len(header))
            del header[j]
            del canon[j]
            for r in rows:
                del r[j]
            case.columns_changed = True
        elif m == "alias":
            j = rng.randrange(len(header))
            col = next((c for c in tables.get(kind).columns if c.name == canon[j]), None)
            # a column already in percent keeps a percent alias (its values stay as written)
            if col is not None and col.percent_aliases and (canon[j] in in_percent or rng.random() < 0.3):
                # a percent alias ("Stillingsprosent"): the export writes 80 for 0.8, the reader divides by 100
                header[j] = rng.choice(col.percent_aliases).capitalize()
                scale = 1 if canon[j] in in_percent else 100
                in_percent.add(canon[j])
                for i, r in enumerate(rows):
                    try:
                        r[j] = f"{float(r[j]) * scale:g}" if r[j].strip() else r[j]
                    except ValueError:
                        case.touched.add((i, canon[j]))
            elif col is not None and col.aliases:
                header[j] = rng.choice(col.aliases).capitalize()
        elif m == "percent" and rows:
            cols = [j for j, h in enumerate(canon) if any(c.name == h and c.is_share for c in tables.get(kind).columns)]
            if cols:
                j, i = rng.choice(cols), rng.randrange(len(rows))
                try:
                    rows[i][j] = f"{float(rows[i][j]) * (1 if canon[j] in in_percent else 100):g} %"
                except ValueError:
                    case.touched.add((i, canon[j]))
        elif m == "trailing":
            raw_damage.append("trailing_header" if rng.random() < 0.3 else "trailing_rows")
        elif m == "decimal_comma_in_comma":
            raw_damage.append("decimal_comma_unquoted")
        elif m == "na_row":
            rows.insert(rng.randrange(len(rows) + 1), [rng.choice(["NA", "null", "#N/A", ""]) for _ in header])
            case.rows_changed = True
        elif m == "blank_row":
            raw_damage.append("blank")
        elif m == "dup_row" and rows:
            i = rng.randrange(len(rows))
            rows.insert(i, list(rows[i]))
            case.rows_changed = True
        elif m == "drop_row" and rows:
            del rows[rng.randrange(len(rows))]
            case.rows_changed = True
        elif m == "shuffle_columns":
            order = list(range(len(header)))
            rng.shuffle(order)
            header = [header[j] for j in order]
            canon = [canon[j] for j in order]
            rows = [[r[j] for j in order] for r in rows]
        elif m in ("truncate", "bytes", "quote"):
            raw_damage.append(m)
        elif m == "empty":
            header, rows, canon = [], [], []
            case.rows_changed = case.columns_changed = True
        elif m == "header_only":
            rows = []
            case.rows_changed = True
    if decimal_comma:
        rows = [[_to_decimal_comma(v) for v in r] for r in rows]
    if fmt == "xlsx":
        case.data = _xlsx_bytes(rng, header, rows, raw_damage)
    else:
        case.data = _csv_bytes(rng, header, rows, sep, encoding, raw_damage)
    if any(d in raw_damage for d in ("truncate", "bytes", "quote", "decimal_comma_unquoted", "trailing_rows")):
        case.rows_changed = case.columns_changed = True
    return case


def _csv_bytes(rng, header, rows, sep, encoding, damage) -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=rng.choice(["\n", "\r\n"]))
    if header:
        w.writerow(header + ([""] if "trailing_header" in damage else []))
    for r in rows:
        w.writerow(r + ([""] if "trailing_rows" in damage or "trailing_header" in damage else []))
        if "blank" in damage and rng.random() < 0.3:
            buf.write(rng.choice(["\n", sep * len(header) + "\n", "  \n"]))
    text = buf.getvalue()
    if "decimal_comma_unquoted" in damage:
        text = text.replace(".", ",")
    if "quote" in damage and text:
        k = rng.randrange(len(text))
        text = text[:k] + '"' + text[k:]
    if encoding == "bom+cp1252":
        data = b"\xef\xbb\xbf" + text.encode("cp1252", errors="replace") + "Bodø\n".encode("cp1252")
    else:
        data = text.encode(encoding, errors="replace")
    if "truncate" in damage and data:
        data = data[: rng.randrange(len(data))]
    if "bytes" in damage:
        k = rng.randrange(len(data) + 1)
        data = data[:k] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[k:]
    return data


def _xlsx_bytes(rng, header, rows, damage) -> bytes:
    from openpyxl import Workbook

    if "bytes" in damage and rng.random() < 0.3:
        return ",".join(header).encode() + b"\n"  # CSV text with an .xlsx name
    wb = Workbook()
    ws = wb.active
    if header:
        ws.append(header)
    for r in rows:
        cells = []
        for v in r:
            if rng.random() < 0.5:  # typed number cells, as Excel stores them
                try:
                    f = float(v)
                    cells.append(int(f) if f.is_integer() and "." not in v and not v.startswith("0") else
                                 (f if math.isfinite(f) and v.strip() == v and v not in ("0301",) else v))
                    continue
                except ValueError:
                    pass
            cells.append(v.replace("\x00", "") if isinstance(v, str) else v)
        try:
            ws.append(cells)
        except Exception:  # noqa: BLE001 - openpyxl refuses control characters
            ws.append([str(c).encode("ascii", "ignore").decode() if isinstance(c, str) else c for c in cells])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if "truncate" in damage:
        data = data[: rng.randrange(len(data))]
    return data


# --------------------------------------------------------------------------- JSON-stat
def base_jsonstat() -> dict:
    return {"version": "2.0", "class": "dataset", "label": "Deltakere",
            "id": ["Region", "Tid"], "size": [2, 3],
            "dimension": {"Region": {"category": {"index": {"0301": 0, "5001": 1},
                                                  "label": {"0301": "Oslo", "5001": "Trondheim"}}},
                          "Tid": {"category": {"index": ["2021", "2022", "2023"]}}},
            "value": [1.5, None, 3, 4, 5, 6], "status": {"1": ".."}}


JUNK = [None, True, False, -1, 0, 1, 2**70, 1.5, "x", "..", "inf", "NaN", [], {}, [1, 2], {"a": 1}, "-1", "1e3",
        [[[]]], "0301"]


def make_jsonstat_case(rng: random.Random) -> Case:
    d = base_jsonstat()
    case = Case("statbank", "json", b"")
    n = rng.choice([0, 1, 1, 2, 3])
    text = None
    for _ in range(n):
        m = rng.choice(["value_key", "status_key", "size", "id", "junk_value", "junk_anywhere", "drop_key",
                        "toplevel", "deep", "bomb", "truncate", "literal", "dim_index", "sparse"])
        case.mutations.append(m)
        if m == "value_key":
            d["value"] = {str(rng.choice([-1, 6, 100, 5, 0])): rng.choice(JUNK)}
        elif m == "status_key":
            d["status"] = {rng.choice(["-1", "6", "a", "1", "01", " 1"]): rng.choice(JUNK)}
        elif m == "size":
            d["size"] = rng.choice([[2], [2, 3, 1], [3, 3], [2, -3], [2, "3"], [2.0, 3], None, "6", [True, 3]])
        elif m == "id":
            d["id"] = rng.choice([["Region"], ["Tid", "Region"], ["Region", "Region"], [1, 2], "Region", None])
        elif m == "junk_value":
            v = d.get("value")
            if isinstance(v, list) and v:
                v[rng.randrange(len(v))] = rng.choice(JUNK)
        elif m == "junk_anywhere":
            path = rng.choice([("label",), ("dimension",), ("dimension", "Tid"), ("dimension", "Tid", "category"),
                               ("dimension", "Region", "category", "index"), ("dimension", "Tid", "category",
                                                                              "label"), ("value",), ("status",)])
            obj = d
            for k in path[:-1]:
                obj = obj.get(k, {}) if isinstance(obj, dict) else {}
            if isinstance(obj, dict):
                obj[path[-1]] = rng.choice(JUNK)
        elif m == "drop_key":
            d.pop(rng.choice(["value", "dimension", "id", "size", "status", "class"]), None)
        elif m == "toplevel":
            text = json.dumps(rng.choice([[d], "x", 1, None, {"dataset": d}, {"a": d, "b": d}]))
        elif m == "deep":
            k = rng.choice([50, 999, 5000])
            text = "[" * k + "]" * k
        elif m == "bomb":
            cats = {f"c{i}": i for i in range(400)}
            d = {"class": "dataset", "id": ["a", "b", "c"], "size": [400, 400, 400],
                 "dimension": {x: {"category": {"index": cats}} for x in "abc"}, "value": {"0": 1}}
        elif m == "truncate":
            t = json.dumps(d)
            text = t[: rng.randrange(len(t))]
        elif m == "literal":
            text = json.dumps(d).replace("1.5", rng.choice(["1e400", "NaN", "Infinity", "-Infinity", "1.5e-400"]))
        elif m == "dim_index" and isinstance(d.get("dimension"), dict) \
                and isinstance(d["dimension"].get("Tid"), dict) \
                and isinstance(d["dimension"]["Tid"].get("category"), dict):
            d["dimension"]["Tid"]["category"]["index"] = rng.choice(
                [{"2021": 0, "2022": 0, "2023": 2}, {"2021": -1, "2022": 1, "2023": 2}, ["2021", "2021", "2023"],
                 {"2021": "0", "2022": 1, "2023": 2}, [2021, 2022, 2023]])
        elif m == "sparse":
            d["value"] = {str(i): rng.choice([1, 2.5, None, ".."]) for i in rng.sample(range(6), rng.randint(0, 6))}
    if text is None:
        try:
            text = json.dumps(d)
        except (TypeError, ValueError):
            text = "{}"
    case.data = text.encode("utf-8")
    case.rows_changed = case.columns_changed = True
    return case


# --------------------------------------------------------------------------- oracle
class SilentChange(AssertionError):
    """An accepted file whose data differ from the original where nothing was changed on purpose."""


def _same(a, b) -> bool:
    if (a is None or (isinstance(a, float) and np.isnan(a)) or a is pd.NA) and \
            (b is None or (isinstance(b, float) and np.isnan(b)) or b is pd.NA):
        return True
    if isinstance(a, (int, float, np.integer, np.floating)) and isinstance(b, (int, float, np.integer, np.floating)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-9)
    return a == b


def run_case(case: Case, directory: Path):
    """Write the case to ``directory`` and read it; returns the DataFrame or the DataValidationError.

    Any other exception propagates: that is a bug the fuzzing is looking for.
    """
    suffix = {"csv": ".csv", "xlsx": ".xlsx", "json": ".json"}[case.fmt]
    path = directory / f"{case.kind}{suffix}"
    path.write_bytes(case.data)
    try:
        if case.kind == "statbank":
            return read_statbank(path)
        return read_table(path, case.kind)
    except DataValidationError as exc:
        return exc


def check_case(case: Case, result) -> None:
    """Raise :class:`SilentChange` when an accepted file lost rows, leading zeros or values."""
    if isinstance(result, DataValidationError) or case.kind == "statbank":
        if isinstance(result, DataValidationError):
            assert len(result.problems) > 0 and str(result)
        return
    ref = reference(case.kind)
    if not case.rows_changed and len(result) != len(ref):
        raise SilentChange(f"{case.mutations}: {len(ref)} rows in, {len(result)} out")
    if "kommunenummer" in result.columns:
        knr = result["kommunenummer"].dropna()
        if not knr.map(lambda v: isinstance(v, str) and len(v) == 4 and v.isascii() and v.isdigit()).all():
            raise SilentChange(f"{case.mutations}: kommunenummer not 4 ASCII digits: {knr.tolist()}")
    if case.rows_changed or case.columns_changed:
        return
    for col in ref.columns:
        if col not in result.columns:
            continue
        for i in range(len(ref)):
            if (i, col) in case.touched:
                continue
            if not _same(ref[col].iloc[i], result[col].iloc[i]):
                raise SilentChange(f"{case.mutations}: {col} row {i}: {ref[col].iloc[i]!r} became "
                                   f"{result[col].iloc[i]!r}")
