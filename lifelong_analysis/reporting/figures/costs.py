"""Figures of the absence- and substitute-cost report (notebook 01).

Each function takes a result table of :mod:`lifelong_analysis.analysis.costs`, returns a
matplotlib ``Figure`` with labelled axes in the report language and amounts
the Norwegian way, and shows no row-level data.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from lifelong_analysis.data import vocab
from lifelong_analysis.analysis.costs import UNCERTAIN_LABELS
from lifelong_analysis.reporting.display import text
from lifelong_analysis.reporting.formatting import format_nok, format_number

CASH_PARTS = ("direct_cost_nok", "qualified_substitute_nok", "unqualified_substitute_nok", "overtime_nok")
#: The economic total is the CVTS concept: direct costs + PAC.  The value of uncovered
#: hours is an indicator, not a part of it (PAC already values every absent hour).
ECONOMIC_PARTS = ("direct_cost_nok", "pac_nok")

PART_LABELS = {
    "direct_cost_nok": ("Direkte kostnader", "Direct costs"),
    "qualified_substitute_nok": ("Kvalifisert vikar", "Qualified substitute"),
    "unqualified_substitute_nok": ("Ufaglært vikar", "Unqualified substitute"),
    "overtime_nok": ("Overtid for kolleger", "Colleagues' overtime"),
    "pac_nok": ("Fraværskostnad (lønn for tid borte)", "Personnel absence cost"),
    "uncovered_value_nok": ("Verdi av udekkede timer", "Value of uncovered hours"),
    "grant_nok": ("Tilskudd (trekkes fra)", "Grants (deducted)"),
}

TOTAL_LABELS = {
    "cash_cost_nok": ("Kontantkostnad for kommunen", "Cash cost to the municipality"),
    "economic_cost_nok": ("Samfunnsøkonomisk kostnad (CVTS)", "Economic cost (CVTS)"),
}

COLORS = {
    "direct_cost_nok": "#4c72b0", "qualified_substitute_nok": "#55a868", "unqualified_substitute_nok": "#8fd19e",
    "overtime_nok": "#dd8452", "pac_nok": "#8172b3", "uncovered_value_nok": "#c44e52", "grant_nok": "#999999",
}


def _nok_axis(ax, axis: str, language: str) -> None:
    def fmt(x, _pos):
        if abs(x) >= 1e6:
            return format_number(x / 1e6, 1, language) + (" mill. kr" if language == "nb" else " m NOK")
        return format_nok(x, language=language)

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=4))
    target.set_major_formatter(FuncFormatter(fmt))


def _format_labels(formats, language: str) -> list[str]:
    return [vocab.label("delivery_format", f, language) for f in formats]


def components_by_format(summary: pd.DataFrame, *, language: str = "nb", per: str = "total") -> plt.Figure:
    """Stacked bars of the components of both totals, one bar per delivery format.

    Parameters
    ----------
    summary : result of :func:`lifelong_analysis.analysis.costs.scenario_costs` (or ``cost_summary``).
    language : "nb" or "en".
    per : ``"total"`` (NOK for all participants) or ``"sp"`` (NOK per study
        point per participant).
    """
    if per not in ("total", "sp"):
        raise ValueError(f"per must be 'total' or 'sp', got {per!r}")
    scale = 1.0 if per == "total" else 1.0 / (summary["study_points"] * summary["n_participants"]).to_numpy()
    y = np.arange(len(summary))
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.8 * len(summary) + 2.2), sharey=True)
    for ax, parts, total in ((axes[0], CASH_PARTS, "cash_cost_nok"), (axes[1], ECONOMIC_PARTS, "economic_cost_nok")):
        left = np.zeros(len(summary))
        for part in parts:
            vals = summary[part].to_numpy(dtype=float) * scale
            ax.barh(y, vals, left=left, color=COLORS[part], label=text(*PART_LABELS[part], language))
            left += vals
        if total == "cash_cost_nok" and (summary["grant_nok"] > 0).any():
            g = summary["grant_nok"].to_numpy(dtype=float) * scale
            ax.barh(y, -g, color=COLORS["grant_nok"], label=text(*PART_LABELS["grant_nok"], language))
        ax.plot(summary[total].to_numpy(dtype=float) * scale, y, "k|", markersize=18,
                label=text("Sum", "Total", language))
        ax.set_title(text(*TOTAL_LABELS[total], language))
        ax.set_xlabel(text("Kroner" if per == "total" else "Kroner per studiepoeng per deltaker",
                           "NOK" if per == "total" else "NOK per study point per participant", language))
        _nok_axis(ax, "x", language)
        ax.legend(loc="lower right", fontsize=8)
    axes[0].set_yticks(y, _format_labels(summary["delivery_format"], language))
    axes[0].set_ylabel(text("Gjennomføringsform", "Delivery format", language))
    axes[0].invert_yaxis()
    fig.tight_layout()
    return fig


def uncertainty_by_format(summary: pd.DataFrame, *, language: str = "nb") -> plt.Figure:
    """Median and 90 % interval (P5–P95) of both totals per delivery format.

    ``summary`` is :func:`lifelong_analysis.analysis.costs.cost_summary` (or
    ``uncertainty_summary``): columns ``<total>_p5``, ``_p50``, ``_p95``.
    """
    fig, ax = plt.subplots(figsize=(9, 0.7 * len(summary) + 2.2))
    y = np.arange(len(summary))
    for off, total, color in ((-0.15, "cash_cost_nok", "#55a868"), (0.15, "economic_cost_nok", "#8172b3")):
        mid = summary[f"{total}_p50"].to_numpy(dtype=float)
        lo = mid - summary[f"{total}_p5"].to_numpy(dtype=float)
        hi = summary[f"{total}_p95"].to_numpy(dtype=float) - mid
        ax.errorbar(mid, y + off, xerr=[lo, hi], fmt="o", color=color, capsize=4,
                    label=text(*TOTAL_LABELS[total], language) + " (P5–P50–P95)")
    ax.set_yticks(y, _format_labels(summary["delivery_format"], language))
    ax.invert_yaxis()
    ax.set_xlabel(text("Kroner for alle deltakere", "NOK, all participants", language))
    ax.set_ylabel(text("Gjennomføringsform", "Delivery format", language))
    _nok_axis(ax, "x", language)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def tornado(sens: pd.DataFrame, *, delivery_format: str, language: str = "nb") -> plt.Figure:
    """Tornado figure of :func:`lifelong_analysis.analysis.costs.sensitivity` for one format.

    Inputs the model does not use with the current parameters (``modelled``
    False, e.g. the agency mark-up while ``agency_share`` is 0) are listed at
    the bottom as "ikke modellert" / "not modelled", not drawn as a zero bar;
    other inputs that do not move the total (swing 0) are left out.
    """
    d = sens[sens["delivery_format"] == delivery_format]
    modelled = d["modelled"].astype(bool) if "modelled" in d.columns else pd.Series(True, index=d.index)
    off = d[~modelled]
    d = d[modelled & (d["swing_nok"] > 1e-9)]
    if d.empty:
        raise ValueError(f"No sensitivity rows with a non-zero swing for format {delivery_format!r}")
    d = d.sort_values("swing_nok", ascending=True)
    base = float(d["base_nok"].iloc[0])
    n_off = len(off)
    fig, ax = plt.subplots(figsize=(9, 0.55 * (len(d) + n_off) + 2))
    y = np.arange(len(d)) + n_off
    lo = d["total_at_low_nok"].to_numpy() - base
    hi = d["total_at_high_nok"].to_numpy() - base
    ax.barh(y, lo, left=base, color="#4c72b0", label=text("Lav verdi (P5)", "Low value (P5)", language))
    ax.barh(y, hi, left=base, color="#dd8452", label=text("Høy verdi (P95)", "High value (P95)", language))
    ax.axvline(base, color="black", linewidth=1)
    labels = [text(*UNCERTAIN_LABELS.get(i, (i, i)), language) for i in d["input"]]
    off_labels = [text(*UNCERTAIN_LABELS.get(i, (i, i)), language) for i in off["input"]]
    for k in range(n_off):
        ax.text(base, k, " " + text("ikke modellert", "not modelled", language), va="center", ha="left",
                fontsize=9, fontstyle="italic", color="grey")
    ax.set_yticks(list(range(n_off)) + list(y), off_labels + labels)
    ax.set_ylim(-0.7, len(d) + n_off - 0.3)
    ax.set_xlabel(text("Kroner for alle deltakere", "NOK, all participants", language))
    ax.set_ylabel(text("Usikker størrelse", "Uncertain input", language))
    ax.set_title(vocab.label("delivery_format", delivery_format, language))
    _nok_axis(ax, "x", language)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def break_even_curve(curve: pd.DataFrame, *, total: str = "cash_cost_nok", language: str = "nb",
                     break_even: float | None = None) -> plt.Figure:
    """A total of each format along the grid of one input (:func:`lifelong_analysis.analysis.costs.total_curve`)."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for f, g in curve.groupby("delivery_format", sort=False):
        ax.plot(g["value"], g[total], marker=".", label=vocab.label("delivery_format", f, language))
    if break_even is not None and np.isfinite(break_even):
        ax.axvline(break_even, color="grey", linestyle="--",
                   label=text("Likt kostnadsnivå", "Break-even", language))
    inp = curve["input"].iloc[0]
    is_share = inp == "p_qualified_available"
    ax.set_xlabel(text(*UNCERTAIN_LABELS.get(inp, (inp, inp)), language) + (" (andel av timene)" if is_share and language == "nb"
                                                                               else " (share of hours)" if is_share else ""))
    ax.set_ylabel(text(*TOTAL_LABELS[total], language))
    _nok_axis(ax, "y", language)
    if is_share:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: format_number(100 * x, 0, language) + " %"))
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
