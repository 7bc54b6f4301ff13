"""Statistical disclosure control for every exported table.

Rules
-----
* **Primary suppression** (minimum-frequency rule, as SSB practises it,
  methods.md §5 [V]): a cell based on fewer than ``k`` respondents (default 5,
  a parameter) is not shown; it is replaced by SSB's symbol ``":"`` ("tall kan
  ikke oppgis").  Empty cells (0 respondents) are not sensitive by default
  (``protect_zeros=False``); set ``protect_zeros=True`` to treat them as small.
* **Secondary (complementary) suppression**: in a table published with
  margins (totals), a suppressed cell must not be recoverable by subtraction.
  Every *line* of the table — each row with its row total, each column with its
  column total, and the total row/column themselves — is an equation
  ``cells = total``.  A line with exactly one suppressed entry gives that entry
  away, so further cells are suppressed until every line has none or at least
  two.  The complement chosen is a non-suppressed, non-empty cell of the line
  whose crossing line also has a single hidden entry (one cell protects both),
  else the smallest (least information lost); empty cells and finally the
  line's total are the fall-backs.  The pass repeats until no line changes.

  "At least two per line" is not enough on its own (a hidden cell that bridges
  two blocks of hidden cells can still be computed), so a rank test then
  checks every hidden cell against all linear combinations of the table's
  sums (:func:`exposed_cells`) and hides more cells until none is determined —
  the idea of SSB's GaussSuppression (R package, not available offline here,
  methods.md §5), restricted to one- and two-way tables.  It protects against
  exact recovery, not against narrow bounds (interval disclosure); for tables
  of three or more dimensions or linked tables use GaussSuppression.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"a": [10, 8, 15], "b": [3, 9, 11], "c": [12, 20, 14]}, index=["x", "y", "z"])
>>> suppress_table(t, k=5)
        a   b   c total
x       :   :  12    25
y       :   :  20    37
z      15  11  14    40
total  33  23  46   102
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: SSB symbol for a cell suppressed for confidentiality (dapla-statbank-client code 04).
SUPPRESSED = ":"

#: Label of the margin row/column added by :func:`suppress_table`.
TOTAL = "total"

__all__ = [
    "SUPPRESSED",
    "TOTAL",
    "primary_mask",
    "suppression_mask",
    "suppress_table",
    "suppress_rows",
    "suppress_groups",
    "suppress_cells",
    "check_no_small_cells",
]


def _check_k(k) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k (minimum cell size) must be a whole number of at least 1, got {k!r}")


def primary_mask(counts, *, k: int = 5, protect_zeros: bool = False):
    """Cells under the minimum frequency: ``0 < count < k`` (or ``count < k`` with ``protect_zeros``).

    Parameters
    ----------
    counts : Series or DataFrame of respondent counts (non-negative).
    k : minimum cell size.
    protect_zeros : also suppress empty cells.

    Returns
    -------
    Boolean object of the same shape; True = suppress.

    Examples
    --------
    >>> import pandas as pd
    >>> primary_mask(pd.Series([0, 2, 7]), k=5).tolist()
    [False, True, False]
    """
    _check_k(k)
    c = counts.astype(float)
    if (c < 0).to_numpy().any():
        raise ValueError("counts must be non-negative")
    small = c < k
    return small if protect_zeros else small & (c > 0)


def _lines(shape) -> list[list[tuple[int, int]]]:
    n_rows, n_cols = shape
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    return lines + [[(i, j) for i in range(n_rows)] for j in range(n_cols)]


def exposed_cells(mask: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells of a (R+1)×(C+1) grid (last row/column = totals) whose value the shown cells determine.

    Every row and column is an equation ``cells − total = 0``; with the shown
    values moved to the right-hand side, a hidden cell is determined exactly
    when its unit vector lies in the row space of the equations' matrix over
    the hidden cells (rank test).  An empty list means no hidden cell can be
    recovered exactly by any combination of the table's sums.
    """
    cells = [tuple(int(x) for x in c) for c in zip(*np.nonzero(mask))]
    if not cells:
        return []
    idx = {c: i for i, c in enumerate(cells)}
    rows = []
    for line in _lines(mask.shape):
        if len(line) < 2:
            continue  # a one-cell "line" (one-way table laid out as a single row) is no equation
        coef = np.zeros(len(cells))
        for cell in line[:-1]:
            if mask[cell]:
                coef[idx[cell]] += 1.0
        if mask[line[-1]]:
            coef[idx[line[-1]]] -= 1.0
        if coef.any():
            rows.append(coef)
    if not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    eye = np.eye(len(cells))
    return [c for c in cells if np.linalg.matrix_rank(np.vstack([a, eye[idx[c]]])) == rank]


def _complete_lines(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Secondary suppression on a (R+1)×(C+1) grid whose last row/column are totals.

    First every line gets none or at least two hidden entries; then, while some
    hidden cell is still determined by the sums (:func:`exposed_cells`, e.g. a
    "bridge" between two blocks of hidden cells), one more cell of its row
    (else its column) is hidden and the pass repeats.
    """
    mask = _two_per_line(values, mask)
    while True:
        exposed = exposed_cells(mask)
        if not exposed:
            return mask
        i, j = exposed[0]
        n_rows, n_cols = mask.shape
        row = [(i, c) for c in range(n_cols - 1) if not mask[i, c]]
        col = [(r, j) for r in range(n_rows - 1) if not mask[r, j]]
        pool = [c for c in row if values[c] > 0] or [c for c in col if values[c] > 0] or row or col
        if not pool:
            pool = [c for c in ((i, n_cols - 1), (n_rows - 1, j)) if not mask[c]]
        if not pool:  # cannot happen for a consistent table; stop rather than loop
            return mask
        mask[min(pool, key=lambda c: (values[c], c))] = True
        mask = _two_per_line(values, mask)


def _two_per_line(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    mask = mask.copy()
    lines = _lines(mask.shape)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if mask[cell]]
            if len(hidden) != 1:
                continue
            interior = [cell for cell in line[:-1] if not mask[cell]]
            nonzero = [cell for cell in interior if values[cell] > 0]
            pool = nonzero or interior or [line[-1]]
            if mask[line[-1]] and not (nonzero or interior):
                continue  # only the total is hidden and the line has no other cell
            is_row = all(cell[0] == line[0][0] for cell in line)

            def crossing_needs_one(cell, is_row=is_row):
                # the other line through ``cell`` already has exactly one hidden entry: hiding
                # ``cell`` protects both lines at once (fewer cells lost)
                other = mask[:, cell[1]] if is_row else mask[cell[0], :]
                return int(other.sum()) == 1

            choice = min(pool, key=lambda cell: (not crossing_needs_one(cell), values[cell], cell))
            mask[choice] = True
            changed = True
    return mask


def suppression_mask(
    counts, *, k: int = 5, margins: bool = True, protect_zeros: bool = False, force=()
) -> pd.DataFrame | pd.Series:
    """Which cells of a one- or two-way count table (with its margins) to suppress.

    Parameters
    ----------
    counts : Series (one-way) or DataFrame (two-way, rows × columns) of
        respondent counts **without** margins.
    k : minimum cell size (default 5).
    margins : the table is published with totals (row/column sums and the
        grand total, under the label ``"total"``); secondary suppression then
        protects every suppressed cell against recovery from them.  With
        ``margins=False`` only primary suppression applies.
    protect_zeros : treat empty cells as sensitive too.
    force : (row label, column label) pairs of the table with margins to hide
        in any case (e.g. because a linked table hides the same cell); they
        are protected like primary cells.

    Returns
    -------
    Boolean Series/DataFrame (True = suppress) of the table **with** margins
    when ``margins`` is true (extra row/column ``"total"``), else of ``counts``.

    Examples
    --------
    >>> import pandas as pd
    >>> suppression_mask(pd.Series([3, 10, 12], index=list("abc")), k=5).tolist()
    [True, True, False, False]
    """
    _check_k(k)
    if isinstance(counts, pd.Series):
        frame = counts.to_frame("count")
        force = [(r, "count") for r, _c in force]
        mask = suppression_mask(frame, k=k, margins=margins, protect_zeros=protect_zeros, force=force)
        if margins:
            return mask.drop(columns=TOTAL).iloc[:, 0]
        return mask.iloc[:, 0]
    if not isinstance(counts, pd.DataFrame):
        raise ValueError("counts must be a pandas Series or DataFrame of respondent counts")
    if counts.isna().to_numpy().any():
        raise ValueError("counts must not contain missing values (use 0 for empty cells)")
    if not margins:
        primary = primary_mask(counts, k=k, protect_zeros=protect_zeros)
        for r, c in force:
            primary.loc[r, c] = True
        return primary
    full = with_margins(counts)
    values = full.to_numpy(dtype=float)
    primary_df = primary_mask(full, k=k, protect_zeros=protect_zeros)
    for r, c in force:
        if r not in primary_df.index or c not in primary_df.columns:
            raise ValueError(f"force: cell ({r!r}, {c!r}) is not in the table with margins")
        primary_df.loc[r, c] = True
    primary = primary_df.to_numpy()
    if counts.shape[1] == 1:
        primary[:, 0] |= primary[:, 1]
        # one-way table: the row-total column duplicates the only column; only the
        # column (cells + grand total) is an equation worth protecting.
        m = _complete_lines(values[:, [0]].T, primary[:, [0]].T).T
        mask = np.column_stack([m[:, 0], m[:, 0]])
    else:
        mask = _complete_lines(values, primary)
    return pd.DataFrame(mask, index=full.index, columns=full.columns)


def with_margins(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` with a ``"total"`` column (row sums) and a ``"total"`` row (column sums)."""
    full = counts.copy()
    full[TOTAL] = counts.sum(axis=1)
    full.loc[TOTAL] = full.sum(axis=0)
    return full


def suppress_table(counts, *, k: int = 5, margins: bool = True, protect_zeros: bool = False):
    """A count table with margins, small cells and their complements replaced by ``":"``.

    Parameters
    ----------
    counts : Series (one-way) or DataFrame (two-way) of respondent counts
        without margins.
    k, margins, protect_zeros : see :func:`suppression_mask`.

    Returns
    -------
    Series/DataFrame of object dtype with the ``"total"`` margin(s) added when
    ``margins`` is true; suppressed entries are ``":"``.

    Examples
    --------
    >>> import pandas as pd
    >>> suppress_table(pd.Series([3, 10, 12], index=list("abc")), k=5).tolist()
    [':', ':', 12, 25]
    """
    mask = suppression_mask(counts, k=k, margins=margins, protect_zeros=protect_zeros)
    if isinstance(counts, pd.Series):
        full = counts.copy()
        if margins:
            full = pd.concat([full, pd.Series([counts.sum()], index=[TOTAL])])
            full.name = counts.name
    else:
        full = with_margins(counts) if margins else counts.copy()
    return full.astype(object).mask(mask, SUPPRESSED)


def suppress_rows(
    df: pd.DataFrame, *, count_column: str, k: int = 5, value_columns: list[str] | None = None
) -> pd.DataFrame:
    """Primary suppression of whole rows with fewer than ``k`` persons.

    The count itself is suppressed too.  Returns a new frame (object dtype in
    the touched columns); the input is not modified.  For tables whose rows
    add up to a published total use :func:`suppress_groups` or
    :func:`suppress_cells`, which add secondary suppression.

    Parameters
    ----------
    df : tidy table, one row per group.
    count_column : column with the number of persons behind each row.
    k : minimum cell size.
    value_columns : columns to blank (default: every numeric column).

    Returns
    -------
    pandas.DataFrame with ``":"`` in the suppressed entries.
    """
    _check_k(k)
    if count_column not in df.columns:
        raise ValueError(f"count_column {count_column!r} is not a column; columns: {', '.join(map(str, df.columns))}")
    small = pd.to_numeric(df[count_column], errors="coerce") < k
    return _blank(df, small, count_column, value_columns)


def _blank(df: pd.DataFrame, mask: pd.Series, count_column: str, value_columns) -> pd.DataFrame:
    out = df.copy()
    cols = list(value_columns) if value_columns is not None else [
        c for c in out.columns if pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c])
    ]
    missing = [c for c in cols if c not in out.columns]
    if missing:
        raise ValueError(f"value_columns {missing} are not columns of the table")
    if count_column not in cols:
        cols = [*cols, count_column]
    for c in cols:
        out[c] = out[c].astype(object)
        out.loc[mask.to_numpy(), c] = SUPPRESSED
    return out


def suppress_groups(
    df: pd.DataFrame,
    *,
    group_column: str,
    count_column: str,
    k: int = 5,
    value_columns: list[str] | None = None,
    total_label: str | None = "all",
    within: list[str] | None = None,
) -> pd.DataFrame:
    """Suppress groups (rows) with fewer than ``k`` persons, with one-way secondary suppression.

    For estimates per group (means, shares) that sit beside an estimate for
    all groups together: if exactly one group were hidden, its count and value
    could be recovered from the total and the other groups.  So when exactly
    one group is below ``k``, the smallest other group is hidden too; if the
    total itself is under ``k``, everything is hidden.

    Parameters
    ----------
    df : tidy table, one row per group (and per ``within`` combination).
    group_column : the column naming the groups (e.g. "sector").
    count_column : respondents behind each row.
    k : minimum cell size.
    value_columns : columns to blank (default every numeric column).
    total_label : value of ``group_column`` marking the all-groups row
        (``None`` if there is none; the groups are then still treated as
        adding up to an implied total, which is the safe assumption).
    within : further key columns (e.g. ``["area"]``): the rule applies within
        each combination separately.

    Returns
    -------
    pandas.DataFrame with ``":"`` in suppressed entries; same rows and order.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"g": ["a", "b", "c", "all"], "n": [3, 8, 20, 31], "m": [1.0, 2.0, 3.0, 2.5]})
    >>> suppress_groups(d, group_column="g", count_column="n", k=5)["n"].tolist()
    [':', ':', 20, 31]
    """
    _check_k(k)
    within = list(within or [])
    for c in [group_column, count_column, *within]:
        if c not in df.columns:
            raise ValueError(f"column {c!r} not in the table; columns: {', '.join(map(str, df.columns))}")
    mask = pd.Series(False, index=df.index)
    parts = df.groupby(within, sort=False, dropna=False) if within else [((), df)]
    for _, sub in parts:
        is_total = sub[group_column] == total_label if total_label is not None else pd.Series(False, index=sub.index)
        groups = sub.loc[~is_total, count_column].astype(float)
        total_n = groups.sum()
        counts = pd.Series(list(groups.to_numpy()) + [total_n])
        m = suppression_mask(pd.DataFrame({"n": counts.iloc[:-1].to_numpy()}), k=k, margins=True, protect_zeros=False)
        cell_mask = m["n"].to_numpy()
        mask.loc[groups.index] = cell_mask[:-1]
        if is_total.any():
            mask.loc[sub.index[is_total.to_numpy()]] = bool(cell_mask[-1])
    return _blank(df, mask, count_column, value_columns)


def suppress_cells(
    df: pd.DataFrame,
    *,
    row: str,
    column: str,
    count_column: str,
    k: int = 5,
    value_columns: list[str] | None = None,
    total_label: str = "all",
    group_count_column: str | None = None,
) -> pd.DataFrame:
    """Two-way suppression of a tidy table (one row per ``row`` × ``column`` cell).

    The counts are pivoted into a ``row × column`` table, its margins are
    computed (assumed published, the safe assumption), :func:`suppression_mask`
    finds primary and secondary cells, and the tidy rows of suppressed cells
    have ``count_column`` and ``value_columns`` replaced by ``":"``.  Rows whose
    ``row`` value is ``total_label`` are the column margin and get the
    margin's mask.  ``group_count_column`` (e.g. the group size ``n`` repeated
    on each row) is blanked where the row margin is suppressed.

    Typical use: the distribution of respondents over levels (columns) by
    group (rows), with shares and intervals per cell.

    Returns
    -------
    pandas.DataFrame, same rows and order, ``":"`` in suppressed entries.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"g": ["a", "a", "b", "b"], "lvl": ["lo", "hi"] * 2, "count": [2, 9, 7, 9]})
    >>> suppress_cells(d, row="g", column="lvl", count_column="count", k=5)["count"].tolist()
    [':', ':', ':', ':']
    """
    _check_k(k)
    for c in [row, column, count_column]:
        if c not in df.columns:
            raise ValueError(f"column {c!r} not in the table; columns: {', '.join(map(str, df.columns))}")
    interior = df[df[row] != total_label]
    if interior.duplicated([row, column]).any():
        raise ValueError(f"the table has more than one row per {row} × {column} cell")
    counts = interior.pivot(index=row, columns=column, values=count_column).fillna(0).astype(float)
    counts = counts[list(pd.unique(interior[column]))]
    mask = suppression_mask(counts, k=k, margins=True)
    cell = np.array([
        bool(mask.loc[TOTAL if r == total_label else r, c]) for r, c in zip(df[row], df[column])
    ])
    out = _blank(df, pd.Series(cell, index=df.index), count_column, value_columns)
    if group_count_column is not None:
        row_hidden = np.array([bool(mask.loc[TOTAL if r == total_label else r, TOTAL]) for r in df[row]])
        out[group_count_column] = out[group_count_column].astype(object)
        out.loc[row_hidden, group_count_column] = SUPPRESSED
    return out


def check_no_small_cells(df: pd.DataFrame, *, count_columns: list[str], k: int = 5) -> None:
    """Raise ``ValueError`` if any shown count in ``count_columns`` is between 1 and ``k − 1``.

    A guard to call on a table just before it is exported.
    """
    _check_k(k)
    for c in count_columns:
        if c not in df.columns:
            raise ValueError(f"count column {c!r} not in the table")
        shown = pd.to_numeric(df[c].where(df[c] != SUPPRESSED), errors="coerce")
        small = (shown > 0) & (shown < k)
        if small.any():
            raise ValueError(f"column {c!r} shows {int(small.sum())} count(s) below {k}: rows {list(df.index[small])[:5]}")
