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
>>> format_estimate(2_236_000, 1_912_000, 2_634_000)
'om lag 2,24\\xa0mill.\\xa0kr (1,91–2,63)'
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


def _whole_percent(x) -> bool:
    if isinstance(x, str) or _is_missing(x):
        return False
    v = 100 * float(x)
    return math.isfinite(v) and abs(v - round(v)) < 1e-9


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

    A share is shown with one decimal, or as a whole percent when it is one (the disclosure
    control publishes shares rounded so, and many published figures are): "79 %", not "79,0 %",
    which would claim a precision the number lacks; a published 81.5 % keeps its decimal.
    Strings such as ":" pass through.

    >>> df = pd.DataFrame({"share": [0.79, 0.815, ":"]})
    >>> format_frame(df, shares=["share"], language="en")["share"].tolist()
    ['79%', '81.5%', ':']
    """
    out = df.copy()
    for c in nok:
        out[c] = out[c].map(lambda v: format_nok(v, language=language))
    for c in shares:
        out[c] = out[c].map(lambda v: format_share(v, decimals=0 if _whole_percent(v) else 1, language=language))
    for c, d in (numbers or {}).items():
        out[c] = out[c].map(lambda v, d=d: format_number(v, d, language))
    if rename:
        out = out.rename(columns=rename)
    return out


def round_significant(x: float, digits: int = 3) -> float:
    """Round to ``digits`` significant figures: 2 236 417 -> 2 240 000.

    >>> round_significant(2_236_417), round_significant(0.012345, 2), round_significant(0)
    (2240000.0, 0.012, 0.0)
    """
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


_SCALES = (  # (threshold, divisor, nb unit, en unit)
    (1e9, 1e9, "mrd.\u00a0kr", "billion"),
    (1e6, 1e6, "mill.\u00a0kr", "million"),
    (0.0, 1.0, "kr", ""),
)


def format_estimate(value, low=None, high=None, *, language: str = "nb", digits: int = 3,
                    approx: bool = True) -> str:
    """A headline amount: three significant figures, with its P5–P95 range.

    ``format_estimate(2_236_000, 1_912_000, 2_634_000)`` gives "om lag 2,24 mill.
    kr (1,91–2,63)" (English: "about NOK 2.24 million (1.91–2.63)").  The range
    is shown in the unit of the value, with as many decimals as the value;
    amounts under a million are rounded to ``digits`` significant figures in
    kroner ("om lag 452 000 kr (398 000–511 000)").  Tables keep full kroner:
    this is for sentences only.

    Parameters
    ----------
    value : central estimate, NOK.
    low, high : P5 and P95, NOK (both or neither).
    language : "nb" or "en".
    digits : significant figures of the value.
    approx : begin with "om lag" / "about".

    Examples
    --------
    >>> format_estimate(452_300, 398_100, 511_000, language="en")
    'about NOK\\xa0452\\u202f000 (398\\u202f000–511\\u202f000)'
    >>> format_estimate(356_400, 356_400, 356_400)   # no uncertainty: no range
    'om lag 356\\u202f000\\xa0kr'
    >>> format_estimate(6_100_000_000, approx=False)
    '6,10\\xa0mrd.\\xa0kr'
    """
    if _is_missing(value):
        return ""
    v = round_significant(float(value), digits)
    mag = abs(v)
    thr, div, unit_nb, unit_en = next(t for t in _SCALES if mag >= t[0])
    scaled = v / div
    if div > 1:
        dec = max(digits - 1 - int(math.floor(math.log10(abs(scaled)))), 0) if scaled else digits - 1
        fmt = lambda x: format_number(x / div, dec, language)  # noqa: E731
    else:
        dec = max(digits - 1 - int(math.floor(math.log10(abs(v)))), 0) if v else 0
        fmt = lambda x: format_number(round_significant(x, digits) if x else 0.0,  # noqa: E731
                                      dec if abs(x) < 1 else 0, language)
    core = fmt(v)
    if language == "nb":
        text = f"{core}{NBSP}{unit_nb}"
        prefix = "om lag "
    else:
        text = f"NOK{NBSP}{core}" + (f"{NBSP}{unit_en}" if unit_en else "")
        prefix = "about "
    if low is not None and high is not None and not (_is_missing(low) or _is_missing(high)):
        lo_s, hi_s = fmt(low), fmt(high)
        if lo_s != hi_s:  # a range that rounds to one number (no uncertainty) is left out
            text += f" ({lo_s}–{hi_s})"
    return (prefix if approx else "") + text
