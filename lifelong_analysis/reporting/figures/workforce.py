"""Figures for the competence-needs report (notebook 04): the gap fan chart and the yearly flows.

Every function takes a result table of :mod:`lifelong_analysis.analysis.workforce`, returns a matplotlib
``Figure`` with labelled axes in the report language and Norwegian number formats, and shows
aggregates by position group only (never employee rows).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from lifelong_analysis.reporting.display import text
from lifelong_analysis.reporting.formatting import format_number
from lifelong_analysis.reporting.workforce_report import group_label, scenario_label

FLOW_PARTS = {
    "entrants": ("Nyansatte", "New hires", "#1f5f8b"),
    "moves_in": ("Inn via videreutdanning", "In through further education", "#6b8e23"),
    "exits_turnover": ("Slutter (turnover)", "Leave (turnover)", "#c26a1b"),
    "exits_retirement": ("Går av med pensjon", "Retire", "#8e44ad"),
    "moves_out": ("Ut via videreutdanning", "Out through further education", "#7f7f7f"),
}


def _fmt(language: str) -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: format_number(x, 0, language))


def gap_fan_chart(table: pd.DataFrame, *, groups=None, unit: str = "fte", language: str = "nb") -> plt.Figure:
    """The gap (demand − supply) per year with its 90 % Monte Carlo band, one panel per group.

    Parameters
    ----------
    table : ``WorkforceProjection.table`` (with the ``gap_*_p5``/``_p95`` columns).
    groups : groups to show (default: every group with employees in the base year).
    unit : "fte" (årsverk) or "persons".
    language : "nb" or "en".
    """
    col = {"fte": "gap_fte", "persons": "gap_persons"}[unit]
    if groups is None:
        base = table.groupby("group", sort=False)["n_employees_base"].first()
        groups = [g for g in base.index if pd.to_numeric(base[g], errors="coerce") > 0]
    n = max(len(groups), 1)
    cols = min(3, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False, sharex=True)
    ylab = text("Mangel (+) / overskudd (−), årsverk", "Shortage (+) / surplus (−), FTE", language) if unit == "fte" \
        else text("Mangel (+) / overskudd (−), personer", "Shortage (+) / surplus (−), persons", language)
    for ax, g in zip(axes.flat, groups):
        d = table[table["group"] == g]
        y = pd.to_numeric(d[col], errors="coerce")
        lo = pd.to_numeric(d[f"{col}_p5"], errors="coerce")
        hi = pd.to_numeric(d[f"{col}_p95"], errors="coerce")
        ax.fill_between(d["year"], lo, hi, color="#1f5f8b", alpha=0.2,
                        label=text("90 % usikkerhetsbånd", "90 % uncertainty band", language))
        ax.plot(d["year"], y, color="#1f5f8b", lw=2, label=text("Beregnet", "Central", language))
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(group_label(g, language), fontsize=10)
        ax.set_xlabel(text("År", "Year", language))
        ax.set_ylabel(ylab, fontsize=8)
        ax.yaxis.set_major_formatter(_fmt(language))
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def flows_figure(table: pd.DataFrame, *, groups=None, language: str = "nb") -> plt.Figure:
    """Stacked yearly flows (in: hires, moves in; out: turnover, retirement, moves out), persons.

    Sums over ``groups`` (default: all); one bar per projection year, inflows above zero and
    outflows below.
    """
    d = table if groups is None else table[table["group"].isin(groups)]
    d = d.copy()
    for c in FLOW_PARTS:
        d[c] = pd.to_numeric(d[c], errors="coerce")
    by = d.groupby("year")[list(FLOW_PARTS)].sum().iloc[1:]
    fig, ax = plt.subplots(figsize=(8.5, 4.2))
    x = by.index.to_numpy()
    up = np.zeros(len(by))
    down = np.zeros(len(by))
    for key, (nb, en, colour) in FLOW_PARTS.items():
        v = by[key].to_numpy()
        if key.startswith(("exits", "moves_out")):
            ax.bar(x, -v, bottom=down, color=colour, label=text(nb, en, language))
            down -= v
        else:
            ax.bar(x, v, bottom=up, color=colour, label=text(nb, en, language))
            up += v
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlabel(text("År", "Year", language))
    ax.set_ylabel(text("Personer per år (ut er negativt)", "Persons per year (out is negative)", language))
    ax.yaxis.set_major_formatter(_fmt(language))
    ax.legend(fontsize=8, ncol=2, loc="lower left")
    fig.tight_layout()
    return fig


def scenario_figure(comparison: pd.DataFrame, *, language: str = "nb") -> plt.Figure:
    """Mean yearly recruitment need (all groups) under each scenario: horizontal bars."""
    d = comparison[comparison["group"] == "all"]
    labels = [scenario_label(s, language) for s in d["scenario"]]
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(d) + 1.4))
    y = np.arange(len(d))[::-1]
    ax.barh(y, d["recruitment_need_per_year"], color="#1f5f8b")
    ax.set_yticks(y, labels)
    ax.set_xlabel(text("Rekrutteringsbehov, personer per år (snitt)", "Recruitment need, persons per year (mean)",
                       language))
    ax.set_ylabel(text("Scenario", "Scenario", language))
    ax.xaxis.set_major_formatter(_fmt(language))
    fig.tight_layout()
    return fig
