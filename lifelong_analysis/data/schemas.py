"""pandera schemas built from the data model in :mod:`lifelong_analysis.data.tables`.

The column list is never repeated here: every schema is derived from
``tables.TABLES``.  Each check carries its rule in plain words (the ``error``
text), which is what :class:`~lifelong_analysis.errors.DataValidationError`
shows to the user.

Logical dtypes map to pandas dtypes as follows (see :func:`pandas_dtype`):

========  =====================================  =========================
logical   column not nullable                    column nullable
========  =====================================  =========================
str       ``object`` (Python ``str``)            ``object`` (str or NaN)
int       ``int64``                              ``Int64`` (pandas NA)
float     ``float64``                            ``float64`` (NaN)
bool      ``bool``                               ``boolean`` (pandas NA)
========  =====================================  =========================

Cross-column rules (``TableKind.checks``) are implemented in
:data:`CROSS_CHECKS` under the same ids.

Examples
--------
>>> import pandas as pd
>>> from lifelong_analysis.data.schemas import schema
>>> s = schema("funding")
>>> sorted(s.columns)[:3]
['activity_id', 'amount_nok', 'data_origin']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from lifelong_analysis.data import tables
from lifelong_analysis.data.tables import Column, TableKind

#: Tolerances of the cross-column rules (stated in ``tables.TableKind.checks``).
COMPONENT_SUM_TOLERANCE_NOK = 1.0
COVER_SHARE_TOLERANCE = 0.001

#: Cost components of ``training.direct_cost_nok`` (CVTS direct cost structure,
#: shared/reference/methods.md section 1.2).
DIRECT_COST_COMPONENTS = (
    "fees_nok",
    "travel_subsistence_nok",
    "materials_nok",
    "internal_trainer_nok",
    "premises_nok",
)
COVER_SHARES = ("share_unqualified", "share_overtime", "share_uncovered")
KOMMUNENUMMER_RULE = (
    "must be exactly 4 digits (0-9) written as text, with leading zero (e.g. '0301' Oslo, '5001' Trondheim)"
)
ID_RULE = ("must be plain ASCII letters, digits and punctuation (no æøå, no other scripts or full-width "
           "characters, no spaces at either end), e.g. 'E001'")


def pandas_dtype(column: Column) -> str:
    """The pandas dtype a validated column has (see the module docstring)."""
    if column.dtype == "str":
        return "object"
    if column.dtype == "int":
        return "Int64" if column.nullable else "int64"
    if column.dtype == "float":
        return "float64"
    if column.dtype == "bool":
        return "boolean" if column.nullable else "bool"
    raise ValueError(f"Unknown logical dtype {column.dtype!r} of column {column.name!r}")


def _fmt(x: float) -> str:
    return f"{x:g}"


def range_rule(column: Column) -> str | None:
    """The bounds of ``column`` in plain words, e.g. ``"must be > 0 and <= 1"``."""
    parts = []
    if column.min is not None:
        parts.append(("> " if column.min_exclusive else ">= ") + _fmt(column.min))
    if column.max is not None:
        parts.append(("< " if column.max_exclusive else "<= ") + _fmt(column.max))
    if not parts:
        return None
    return "must be " + " and ".join(parts)


def allowed_rule(column: Column) -> str | None:
    """The allowed values of ``column`` in plain words (lists the valid codes)."""
    vals = column.allowed_values()
    if vals is None:
        return None
    what = f"a code of the '{column.vocabulary}' list" if column.vocabulary else "one of the allowed values"
    return f"must be {what}: " + ", ".join(map(str, vals))


def pattern_rule(column: Column) -> str | None:
    """The pattern rule of ``column`` in plain words."""
    if column.pattern is None:
        return None
    if column.pattern == tables.KOMMUNENUMMER_PATTERN:
        return KOMMUNENUMMER_RULE
    if column.pattern == tables.ID_PATTERN:
        return ID_RULE
    return f"must match the pattern {column.pattern}"


def column_checks(column: Column) -> list[pa.Check]:
    """pandera checks of one column (vocabulary, bounds, pattern), with plain-words errors."""
    checks: list[pa.Check] = []
    vals = column.allowed_values()
    if vals is not None:
        checks.append(pa.Check.isin(vals, error=allowed_rule(column)))
    rule = range_rule(column)
    if rule is not None:
        lo, hi = column.min, column.max
        if lo is not None and hi is not None:
            checks.append(pa.Check.in_range(lo, hi, include_min=not column.min_exclusive,
                                            include_max=not column.max_exclusive, error=rule))
        elif lo is not None:
            fn = pa.Check.greater_than if column.min_exclusive else pa.Check.greater_than_or_equal_to
            checks.append(fn(lo, error=rule))
        else:
            fn = pa.Check.less_than if column.max_exclusive else pa.Check.less_than_or_equal_to
            checks.append(fn(hi, error=rule))
    if column.pattern is not None:
        checks.append(pa.Check.str_matches(column.pattern, error=pattern_rule(column)))
    return checks


# --------------------------------------------------------------------------- cross-column rules
@dataclass(frozen=True)
class CrossCheck:
    """A rule across columns of one table.

    ``applies(df)`` tells whether the table has the columns the rule needs;
    ``passes(df)`` returns a boolean Series (True = row is fine);
    ``found(df)`` returns a Series describing each row's offending values.
    """

    id: str
    columns: str
    rule: str
    applies: Callable[[pd.DataFrame], bool]
    passes: Callable[[pd.DataFrame], pd.Series]
    found: Callable[[pd.DataFrame], pd.Series]


def _components_present(df: pd.DataFrame) -> list[str]:
    return [c for c in DIRECT_COST_COMPONENTS if c in df.columns]


def _component_sum(df: pd.DataFrame) -> pd.Series:
    comps = _components_present(df)
    return df[comps].apply(pd.to_numeric, errors="coerce").sum(axis=1, min_count=1)


def _components_pass(df: pd.DataFrame) -> pd.Series:
    total = _component_sum(df)
    direct = pd.to_numeric(df["direct_cost_nok"], errors="coerce")
    ok = (total - direct).abs() <= COMPONENT_SUM_TOLERANCE_NOK
    # rows without any component, or without a direct cost (reported elsewhere), pass
    return ok | total.isna() | direct.isna()


def _components_found(df: pd.DataFrame) -> pd.Series:
    total = _component_sum(df)
    return pd.Series(
        [f"components sum {t:.2f} vs direct_cost_nok {d:.2f}" for t, d in zip(total, df["direct_cost_nok"])],
        index=df.index,
    )


def _grant_pass(df: pd.DataFrame) -> pd.Series:
    # Within one table the value of the hours away is unknown (it needs the
    # participant's pay); the rule can only be checked where no hours are away.
    # readers.load_dataset checks the full rule with the participant's hourly labour cost.
    grant = pd.to_numeric(df["grant_nok"], errors="coerce")
    direct = pd.to_numeric(df["direct_cost_nok"], errors="coerce")
    hours = pd.to_numeric(df["hours_away"], errors="coerce")
    bad = (hours == 0) & (grant > direct + COMPONENT_SUM_TOLERANCE_NOK)
    return ~bad.fillna(False)


def _grant_found(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [f"grant_nok {g:.2f} > direct_cost_nok {d:.2f} with 0 hours away"
         for g, d in zip(df["grant_nok"], df["direct_cost_nok"])],
        index=df.index,
    )


def _cover_sum(df: pd.DataFrame) -> pd.Series:
    return df[list(COVER_SHARES)].apply(pd.to_numeric, errors="coerce").sum(axis=1, min_count=len(COVER_SHARES))


def _cover_pass(df: pd.DataFrame) -> pd.Series:
    s = _cover_sum(df)
    return ((s - 1).abs() <= COVER_SHARE_TOLERANCE) | s.isna()


def _cover_found(df: pd.DataFrame) -> pd.Series:
    return _cover_sum(df).map(lambda v: f"sum {v:g}")


CROSS_CHECKS: dict[str, list[CrossCheck]] = {
    "training": [
        CrossCheck(
            "direct_cost_components_sum",
            "direct_cost_nok = " + " + ".join(DIRECT_COST_COMPONENTS),
            "the cost components given must add up to direct_cost_nok (within 1 NOK)",
            applies=lambda df: "direct_cost_nok" in df.columns and bool(_components_present(df)),
            passes=_components_pass,
            found=_components_found,
        ),
        CrossCheck(
            "grant_not_above_cost",
            "grant_nok",
            "grant_nok must not be larger than direct_cost_nok plus the value of the hours away",
            applies=lambda df: {"grant_nok", "direct_cost_nok", "hours_away"} <= set(df.columns),
            passes=_grant_pass,
            found=_grant_found,
        ),
    ],
    "substitutes": [
        CrossCheck(
            "cover_shares_sum_to_one",
            " + ".join(COVER_SHARES),
            "share_unqualified + share_overtime + share_uncovered must add up to 1 (within 0.001)",
            applies=lambda df: set(COVER_SHARES) <= set(df.columns),
            passes=_cover_pass,
            found=_cover_found,
        ),
    ],
}

for _kind, _checks in CROSS_CHECKS.items():  # keep the ids in step with tables.py
    _ids = {c.id for c in _checks}
    if _ids != set(tables.get(_kind).checks):
        raise RuntimeError(f"schemas.CROSS_CHECKS[{_kind!r}] ids {_ids} != tables checks {set(tables.get(_kind).checks)}")
for _kind, _table in tables.TABLES.items():
    if _table.checks and _kind not in CROSS_CHECKS:
        raise RuntimeError(f"tables.{_kind} declares checks {list(_table.checks)} without implementation")


def key_rule(table: TableKind) -> str:
    """The uniqueness rule of ``table`` in plain words."""
    cols = " + ".join(table.key)
    return f"{cols} must be unique (each value only once)" if len(table.key) == 1 else \
        f"the combination {cols} must be unique"


def schema(kind: str, *, columns: list[str] | None = None, dtypes: bool = True) -> pa.DataFrameSchema:
    """The pandera schema of table ``kind``, derived from :mod:`lifelong_analysis.data.tables`.

    Parameters
    ----------
    kind : str
        A table kind (``tables.TABLES``): workforce, training, substitutes,
        skills_survey or funding.
    columns : list of str, optional
        Restrict the named (non-pattern) columns to these; used by the
        readers to validate the columns that are present after a missing
        column has been reported.
    dtypes : bool, default True
        Check the pandas dtypes (see :func:`pandas_dtype`).  Nothing is
        coerced: the readers convert values themselves and report every
        conversion failure.

    Returns
    -------
    pandera.pandas.DataFrameSchema
        Column checks (dtype, nullability, vocabulary, bounds, pattern),
        regex-named column families (``^dsi_...``, ``^sat_q\\d+$``), the unique
        key and the cross-column rules of :data:`CROSS_CHECKS`.  Extra
        columns are allowed (``strict=False``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2024], "kommunenummer": ["5001"], "payer": ["state"],
    ...                    "scheme": ["kfk_stipend"], "amount_nok": [1000.0]})
    >>> schema("funding").validate(df).shape
    (1, 5)
    """
    table = tables.get(kind)
    cols = {}
    for col in table.columns:
        if columns is not None and not col.regex and col.name not in columns:
            continue
        cols[col.name] = pa.Column(
            pandas_dtype(col) if dtypes else None,
            checks=column_checks(col),
            nullable=col.nullable,
            required=col.required and (columns is None),
            regex=col.regex,
            description=col.description,
            title=col.unit or None,
        )
    present = set(cols) if columns is None else set(columns)
    unique = list(table.key) if table.key and set(table.key) <= present else None
    return pa.DataFrameSchema(
        cols,
        unique=unique,
        report_duplicates="all",
        strict=False,
        name=kind,
        checks=[
            pa.Check(lambda df, c=c: c.passes(df) if c.applies(df) else pd.Series(True, index=df.index),
                     name=c.id, error=c.rule)
            for c in CROSS_CHECKS.get(kind, [])
        ],
    )


def cross_check_failures(kind: str, df: pd.DataFrame) -> list[tuple[CrossCheck, pd.Index]]:
    """Rows failing each cross-column rule of ``kind``: a list of (rule, failing index)."""
    out = []
    for c in CROSS_CHECKS.get(kind, []):
        if not c.applies(df):
            continue
        ok = np.asarray(c.passes(df), dtype=bool)
        bad = df.index[~ok]
        if len(bad):
            out.append((c, bad))
    return out
