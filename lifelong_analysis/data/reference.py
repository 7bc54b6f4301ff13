"""Published reference figures: one tidy table, every figure with its source, year and evidence.

The table ships with the package (``resources/published_figures.csv``; copied
from the project's reference material, see ``resources/README.md``).  Each row
is one figure:

=================  ==========================================================
column             meaning
=================  ==========================================================
id                 stable identifier (``ks_avg_position_2023``)
topic              workforce, wages, participation, digital, funding, ...
figure             what the figure is, in words (English)
value              the number (float)
unit               unit of ``value`` ("share", "NOK per year", "FTE", ...)
reference_period   year or date the figure refers to
scope              population / area the figure covers
evidence           how firmly it is established: ``verbatim`` in the primary
                   source, ``secondary`` (quoted by another source),
                   ``seed text`` (only in the project's seed text), ...
source, url        where it comes from
=================  ==========================================================

Shares are fractions 0–1, money in NOK.

Examples
--------
>>> from lifelong_analysis.data import reference
>>> reference.value("ks_avg_position_2023")
0.841
>>> t = reference.published_figures(topic="wages")
>>> t.loc[t["id"] == "ks_pay_sykepleier_2023", "value"].item()
661000.0
"""

from __future__ import annotations

import difflib
from functools import lru_cache

import pandas as pd

from lifelong_analysis.paths import RESOURCES_DIR

FIGURES_FILE = RESOURCES_DIR / "published_figures.csv"
COLUMNS = ("id", "topic", "figure", "value", "unit", "reference_period", "scope", "evidence", "source", "url")


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    df = pd.read_csv(FIGURES_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{FIGURES_FILE} lacks the columns {missing}; expected {list(COLUMNS)}")
    values = pd.to_numeric(df["value"], errors="coerce")
    bad = values.isna()
    if bad.any():
        raise ValueError(f"{FIGURES_FILE}: non-numeric value for ids {df.loc[bad, 'id'].tolist()}")
    if df["id"].duplicated().any():
        raise ValueError(f"{FIGURES_FILE}: duplicate ids {df.loc[df['id'].duplicated(), 'id'].tolist()}")
    df["value"] = values.astype(float)
    return df[list(COLUMNS)]


def published_figures(*, topic: str | list[str] | None = None) -> pd.DataFrame:
    """The published reference figures as a tidy table.

    Parameters
    ----------
    topic : str or list of str, optional
        Keep only these topics (``workforce``, ``wages``, ``participation``,
        ``digital``, ``needs``, ``barriers``, ``funding``, ``funding_schemes``,
        ``cost_parameters``).  Unknown topics raise ``ValueError``.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, topic, figure, value, unit, reference_period, scope,
        evidence, source, url``; ``value`` is float (shares 0–1, NOK, persons,
        FTE as given in ``unit``), the others are strings ("" when unknown).

    Examples
    --------
    >>> published_figures(topic="digital")["id"].head(2).tolist()
    ['ks_digital_need_share', 'ks_digital_need_share_seed']
    """
    df = _table().copy()
    if topic is not None:
        wanted = [topic] if isinstance(topic, str) else list(topic)
        known = sorted(df["topic"].unique())
        unknown = [t for t in wanted if t not in known]
        if unknown:
            raise ValueError(f"Unknown topic(s) {unknown}; valid topics: {', '.join(known)}")
        df = df[df["topic"].isin(wanted)].reset_index(drop=True)
    return df


def figure(id: str) -> dict:
    """One figure as a dict (all columns); ``KeyError`` naming close ids when unknown.

    Examples
    --------
    >>> figure("ks_women_share_2023")["evidence"]
    'verbatim (snaut 77 prosent)'
    """
    df = _table()
    hit = df[df["id"] == id]
    if hit.empty:
        close = difflib.get_close_matches(str(id), df["id"].tolist(), n=5, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise KeyError(f"Unknown published figure id {id!r}.{hint} "
                       f"See lifelong_analysis.data.reference.published_figures() for all {len(df)} ids.")
    return hit.iloc[0].to_dict()


def value(id: str) -> float:
    """The value of published figure ``id`` as a float.

    Raises
    ------
    KeyError
        Unknown id; the message lists the closest known ids.

    Examples
    --------
    >>> value("ks_women_share_2023")
    0.77
    """
    return float(figure(id)["value"])


#: Notes of the project inside the source column of published_figures.csv: (bokmål, English).
_SOURCE_NOTES = {
    "(as quoted in the seed)": ("(gjengitt i prosjektets grunnlagstekst)", "(as quoted in the project's seed text)"),
    "(2005 guidance; R-109/21 largely unchanged)": ("(veileder 2005; R-109/21 i hovedsak uendret)",
                                                    "(2005 guidance; R-109/21 largely unchanged)"),
    "(current)": ("(gjeldende)", "(current)"),
    "(2019 call)": ("(utlysning 2019)", "(2019 call)"),
}


def source_note(ids, language: str = "nb") -> str:
    """A short source line for report footnotes: "Kilde: <source> (<period>); ...".

    Examples
    --------
    >>> source_note(["ks_sickleave_2023"], language="en")
    'Source: KS: Økende sykefravær i 2023 (2023)'
    """
    ids = [ids] if isinstance(ids, str) else list(ids)
    parts = []
    for i in ids:
        f = figure(i)
        part = f"{f['source']} ({f['reference_period']})"
        for en, words in _SOURCE_NOTES.items():  # the project's own English notes, in the reader's language
            part = part.replace(en, words[0 if language == "nb" else 1])
        if part not in parts:
            parts.append(part)
    lead = "Kilde" if language == "nb" else "Source"
    return f"{lead}: " + "; ".join(parts)
