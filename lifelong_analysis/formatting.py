"""Norwegian number formatting for reports: "1 234 567 kr", "12,5 %".

Thousands are separated by a narrow no-break space (U+202F) as in Norwegian
typography, decimals by a comma.  English output uses a thin space and a
decimal point.

Examples
--------
>>> format_nok(1234567.4)
'1\\u202f234\\u202f567\\xa0kr'
>>> format_share(0.125, decimals=1)
'12,5\\xa0%'
>>> format_number(-1234.5, decimals=1, language="en")
'−1\\u202f234.5'
"""

from __future__ import annotations

import math

import pandas as pd

THIN = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space before units
MINUS = "\u2212"


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def format_number(x, decimals: int = 0, language: str = "nb") -> str:
    """Format a number with grouped thousands; strings (e.g. ":") pass through."""
    if isinstance(x, str):
        return x
    if _is_missing(x):
        return ""
    s = f"{abs(float(x)):,.{decimals}f}"
    s = s.replace(",", THIN)
    if language == "nb":
        s = s.replace(".", ",")
    if float(x) < 0 and float(s.replace(THIN, "").replace(",", ".")) != 0:
        s = MINUS + s
    return s


def format_nok(x, decimals: int = 0, language: str = "nb") -> str:
    """Format an amount in NOK: "1 234 567 kr" (nb) or "NOK 1 234 567" (en)."""
    if isinstance(x, str) or _is_missing(x):
        return format_number(x)
    n = format_number(x, decimals, language)
    return f"{n}{NBSP}kr" if language == "nb" else f"NOK{NBSP}{n}"


def format_share(x, decimals: int = 0, language: str = "nb") -> str:
    """Format a share 0–1 as a percentage: 0.125 -> "12,5 %" (nb) / "12.5%" (en)."""
    if isinstance(x, str) or _is_missing(x):
        return format_number(x)
    n = format_number(100 * float(x), decimals, language)
    return f"{n}{NBSP}%" if language == "nb" else f"{n}%"


def format_frame(
    df: pd.DataFrame,
    *,
    nok: list[str] | tuple = (),
    shares: list[str] | tuple = (),
    numbers: dict[str, int] | None = None,
    language: str = "nb",
    rename: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with the named columns formatted as strings.

    ``nok`` columns as amounts, ``shares`` as percentages, ``numbers`` as
    ``{column: decimals}``.  ``rename`` maps column names to report headings.
    """
    out = df.copy()
    for c in nok:
        out[c] = out[c].map(lambda v: format_nok(v, language=language))
    for c in shares:
        out[c] = out[c].map(lambda v: format_share(v, decimals=1, language=language))
    for c, d in (numbers or {}).items():
        out[c] = out[c].map(lambda v, d=d: format_number(v, d, language))
    if rename:
        out = out.rename(columns=rename)
    return out
