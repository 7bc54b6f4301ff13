"""Notebook 02 in words: labels of the Digital Skills Indicator levels and the reference comparison.

The analysis (:mod:`lifelong_analysis.analysis.dsi`, :mod:`lifelong_analysis.analysis.skills`)
computes shares (0–1) and counts; this module names them in the report's language (``"nb"``
bokmål or ``"en"`` English).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lifelong_analysis.data.reference import published_figures


LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "not_assessed": ("Ikke vurdert (ikke brukt internett)", "Not assessed (no internet use)"),
    "no": ("Ingen", "No skills"),
    "one_area": ("Ett område", "One area only"),
    "limited": ("Begrensede", "Limited"),
    "narrow": ("Smale", "Narrow"),
    "low": ("Lave", "Low"),
    "basic": ("Grunnleggende", "Basic"),
    "above_basic": ("Over grunnleggende", "Above basic"),
    "at_least_basic": ("Minst grunnleggende", "At least basic"),
}


def level_label(level: str, language: str = "nb") -> str:
    """Report label of a DSI level (overall or per area)."""
    nb, en = LEVEL_LABELS.get(level, (level, level))
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    return nb if language == "nb" else en


def compare_with_reference(estimate: float, *, ci_low: float | None = None, ci_high: float | None = None,
                           label: str = "Kommunens ansatte", language: str = "nb") -> pd.DataFrame:
    """Table of the local "at least basic" share beside the published Norwegian and EU figures.

    The reference figures come from :func:`lifelong_analysis.data.reference.published_figures`
    (ids ``dsi_no_basic_2023``, ``dsi_eu_basic_2023``) with their year and evidence.
    Note that they describe all residents 16–74, not municipal employees.

    Returns
    -------
    pandas.DataFrame, columns ``population``, ``share`` (0–1), ``ci_low``,
    ``ci_high`` (NaN for published figures), ``reference_period``,
    ``evidence`` (as in the reference table), ``evidence_text`` (the same in
    words, in ``language``: "sett i kilden" / "sekundærkilde – bør kontrolleres"),
    ``source``.
    """
    figs = published_figures()
    rows = [{"population": label, "share": estimate, "ci_low": ci_low, "ci_high": ci_high,
             "reference_period": "", "evidence": "", "evidence_text": "", "source": ""}]
    names = {"dsi_no_basic_2023": ("Norge, 16–74 år", "Norway, 16–74"),
             "dsi_eu_basic_2023": ("EU27, 16–74 år", "EU27, 16–74")}
    for fid, (nb, en) in names.items():
        hit = figs[figs["id"] == fid]
        if hit.empty:
            raise ValueError(f"published figure {fid!r} not found in the reference table")
        r = hit.iloc[0]
        rows.append({"population": nb if language == "nb" else en, "share": float(r["value"]),
                     "ci_low": np.nan, "ci_high": np.nan, "reference_period": str(r["reference_period"]),
                     "evidence": str(r["evidence"]), "evidence_text": evidence_text(str(r["evidence"]), language),
                     "source": str(r["source"])})
    return pd.DataFrame(rows)


#: The evidence grades of the reference table in words (bokmål, English).
EVIDENCE_WORDS = {
    "verbatim": ("sett i kilden", "as published"),
    "secondary": ("sekundærkilde – bør kontrolleres", "secondary source – to be checked"),
    "derived": ("utregnet fra kilden", "derived from the source"),
    "not_found": ("ikke funnet", "not found"),
}


def evidence_text(evidence: str, language: str = "nb") -> str:
    """The evidence grade of a published figure in words, e.g. "sett i kilden".

    Only the grade (the first word) is translated; the notes after it in the
    reference table are for researchers and stay in the CSV.

    >>> evidence_text("secondary (EIGE copy of Eurostat tepsr_sp410; verify)")
    'sekundærkilde – bør kontrolleres'
    """
    grade = re.split(r"[\s(;,]", evidence.strip(), maxsplit=1)[0].lower() if evidence else ""
    words = EVIDENCE_WORDS.get(grade)
    if words is None:
        return evidence
    return words[0] if language == "nb" else words[1]
