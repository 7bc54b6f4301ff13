"""Statistical disclosure control for exported tables (placeholder API, see issue 4).

Minimum-frequency rule as SSB practises it: a cell based on fewer than ``k``
persons is not shown; SSB's symbol for "not shown for confidentiality" is ":".
"""

from __future__ import annotations

import pandas as pd

#: SSB symbol for a cell suppressed for confidentiality (dapla-statbank-client code 04).
SUPPRESSED = ":"


def suppress_rows(
    df: pd.DataFrame, *, count_column: str, k: int = 5, value_columns: list[str] | None = None
) -> pd.DataFrame:
    """Primary suppression of whole rows with fewer than ``k`` persons.

    The count itself is suppressed too.  Returns a new frame (object dtype in
    the touched columns); the input is not modified.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    out = df.copy()
    small = out[count_column] < k
    cols = value_columns or [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])]
    if count_column not in cols:
        cols = [*cols, count_column]
    for c in cols:
        out[c] = out[c].astype(object)
        out.loc[small, c] = SUPPRESSED
    return out
