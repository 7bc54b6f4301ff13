"""Figures of the digital-skills report (notebook 02).

Each function takes a tidy result table of :mod:`lifelong_analysis.analysis.skills` or
:mod:`lifelong_analysis.analysis.dsi` (aggregates only, never respondent rows) and
returns a matplotlib ``Figure`` with labelled axes in the report language.
Cells suppressed for confidentiality (``":"``) are left empty and named in
the caption.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.transforms import offset_copy
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, PercentFormatter

from lifelong_analysis.analysis import dsi as dsi_mod
from lifelong_analysis.data import vocab
from lifelong_analysis.reporting.display import text
from lifelong_analysis.reporting.formatting import format_number
from lifelong_analysis.analysis.skills import SAT_RESPONSE_LABELS
from lifelong_analysis.reporting import skills_report
from lifelong_analysis.reporting.skills_report import _axis_name, _group_label

LIKERT_COLORS = ["#b2182b", "#ef8a62", "#67a9cf", "#2166ac"]
LEVEL_COLORS = {
    "not_assessed": "#bdbdbd", "no": "#b2182b", "one_area": "#d6604d", "limited": "#ef8a62", "narrow": "#fddbc7",
    "low": "#d1e5f0", "basic": "#67a9cf", "above_basic": "#2166ac",
}


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.where(s != ":"), errors="coerce").astype(float)


def _pct_axis(ax, axis: str, language: str) -> None:
    def fmt(x, _pos):
        s = format_number(abs(x) * 100, 0, language)
        return f"{s} %" if language == "nb" else f"{s}%"

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(FuncFormatter(fmt))


def likert_diverging(dist: pd.DataFrame, *, language: str = "nb", max_items: int = 20,
                     wrap: int = 55, item_text: bool = True) -> plt.Figure:
    """Diverging stacked bars of 4-point items: answers 0–1 to the left of zero, 2–3 to the right.

    Parameters
    ----------
    dist : output of :func:`lifelong_analysis.analysis.skills.likert_distribution`
        (columns item_id, text, response 0–3, share).
    language : "nb" or "en".
    max_items : at most this many items (the first ones) are drawn.
    wrap : characters per line of the item text.
    item_text : label each bar with the item text (the instrument's English wording) after its id;
        False: the id only (a bokmål report lists the original wording under the figure, see
        :func:`lifelong_analysis.reporting.display.original_wording`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    wide = dist.pivot_table(index=["item_id", "text"], columns="response", values="share", sort=False).fillna(0)
    wide = wide.reindex(columns=range(4), fill_value=0).head(max_items)
    labels = [f"{iid}: " + "\n".join(textwrap.wrap(t, wrap)) if item_text else str(iid) for iid, t in wide.index]
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(wide) + 1.8))
    y = np.arange(len(wide))[::-1]
    left_inner = -wide[1].to_numpy()
    left_outer = left_inner - wide[0].to_numpy()
    names = SAT_RESPONSE_LABELS[language]
    ax.barh(y, wide[1], left=left_inner, color=LIKERT_COLORS[1], label=names[1])
    ax.barh(y, wide[0], left=left_outer, color=LIKERT_COLORS[0], label=names[0])
    ax.barh(y, wide[2], left=0, color=LIKERT_COLORS[2], label=names[2])
    ax.barh(y, wide[3], left=wide[2].to_numpy(), color=LIKERT_COLORS[3], label=names[3])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlim(-1, 1)
    _pct_axis(ax, "x", language)
    ax.set_xlabel(text("Andel av de som svarte (vektet)", "Share of respondents (weighted)", language))
    ax.set_ylabel(text("DigCompSAT-påstand", "DigCompSAT item", language))
    handles, labs = ax.get_legend_handles_labels()
    order = [1, 0, 2, 3]
    ax.legend([handles[i] for i in order], [labs[i] for i in order], loc="upper center",
              bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False)
    ax.set_title(text("Selvvurdering (DigCompSAT): fordeling av svar", "Self-assessment (DigCompSAT): answers",
                      language))
    fig.tight_layout()
    return fig


def gap_heatmap(gap_table: pd.DataFrame, *, group_column: str = "occupation", value: str = "mean_gap",
                language: str = "nb") -> plt.Figure:
    """Heatmap of the gap (required − self-assessed DigComp level) by group × area.

    Parameters
    ----------
    gap_table : output of :func:`lifelong_analysis.analysis.skills.gap_by_group` (after
        suppression: ``":"`` cells are drawn empty and labelled ":").
    group_column : the grouping column (rows).
    value : "mean_gap" (levels) or "share_with_gap" (0–1).
    language : "nb" or "en".

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = gap_table.copy()
    t["_v"] = _num(t[value])
    wide = t.pivot_table(index=group_column, columns="area", values="_v", sort=False, dropna=False)
    areas = [a for a in vocab.codes("digcomp_area") if a in wide.columns]
    wide = wide[areas]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(wide) + 2))
    is_share = value.startswith("share")
    vmax = 1.0 if is_share else max(1.0, float(np.nanmax(np.abs(wide.to_numpy()))) if wide.notna().any().any() else 1)
    im = ax.imshow(wide.to_numpy(dtype=float), cmap="Reds" if is_share else "RdBu_r", aspect="auto",
                   vmin=0 if is_share else -vmax, vmax=vmax)
    for i in range(wide.shape[0]):
        for j in range(wide.shape[1]):
            v = wide.iat[i, j]
            if np.isnan(v):
                s = ":"
            elif is_share:
                s = format_number(v * 100, 0, language) + " %"
            else:
                s = format_number(v, 1, language)
            ax.text(j, i, s, ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(areas)), [vocab.label("digcomp_area", a, language) for a in areas], rotation=30,
                  ha="right")
    ax.set_yticks(range(len(wide)), [_group_label(group_column, g, language) for g in wide.index])
    ax.set_xlabel(text("DigComp-område", "DigComp area", language))
    ax.set_ylabel(_axis_name(group_column, language))
    bar = fig.colorbar(im, ax=ax)
    bar.set_label(text("Andel med gap", "Share with a gap", language) if is_share else
                  text("Gap i nivåer (krav − selvvurdert)", "Gap in levels (required − self-assessed)", language))
    fig.tight_layout()
    return fig


def dsi_levels_by_group(levels: pd.DataFrame, *, group_column: str = "sector", language: str = "nb",
                        references: pd.DataFrame | None = None) -> plt.Figure:
    """DSI 2.0 overall levels by group: stacked shares, and "at least basic" with its 95 % interval.

    Parameters
    ----------
    levels : output of :func:`lifelong_analysis.analysis.dsi.level_shares` with
        ``group_by=group_column`` (suppressed cells ``":"`` are drawn empty).
    group_column : grouping column.
    language : "nb" or "en".
    references : optional output of :func:`lifelong_analysis.reporting.skills_report.compare_with_reference`;
        the published shares are drawn as vertical lines in the right panel.

    Returns
    -------
    matplotlib.figure.Figure with two panels.
    """
    t = levels.copy()
    t["_s"] = _num(t["share"])
    t["_lo"] = _num(t["ci_low"])
    t["_hi"] = _num(t["ci_high"])
    groups = list(pd.unique(t[group_column]))
    part = [lv for lv in [*dsi_mod.OVERALL_LEVELS[:2], "one_area", *dsi_mod.OVERALL_LEVELS[2:]]
            if lv in set(t["level"])]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, max(3.6, 0.5 * len(groups) + 2.2)), sharey=True,
                                   gridspec_kw={"width_ratios": [3, 2]})
    y = np.arange(len(groups))[::-1]
    left = np.zeros(len(groups))
    for lv in part:
        s = t[t["level"] == lv].set_index(group_column)["_s"].reindex(groups).fillna(0).to_numpy()
        ax1.barh(y, s, left=left, color=LEVEL_COLORS.get(lv, "#888888"), label=skills_report.level_label(lv, language))
        left += s
    ax1.set_yticks(y, [_group_label(group_column, g, language) for g in groups])
    ax1.set_xlim(0, 1)
    ax1.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _pct_axis(ax1, "x", language)
    ax1.set_xlabel(text("Andel av ansatte (vektet)", "Share of employees (weighted)", language))
    ax1.set_ylabel(_axis_name(group_column, language))
    ax1.set_title(text("Digitale ferdigheter (DSI 2.0), nivåfordeling", "Digital skills (DSI 2.0), levels",
                       language))
    # legends under the x label at a fixed distance in points (a fraction of a short panel overlaps it)
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, 0), ncol=4, fontsize=8, frameon=False,
               bbox_transform=offset_copy(ax1.transAxes, fig=fig, y=-36, units="points"))
    alb = t[t["level"] == dsi_mod.AT_LEAST_BASIC].set_index(group_column).reindex(groups)
    s = alb["_s"].to_numpy()
    err = np.vstack([s - alb["_lo"].to_numpy(), alb["_hi"].to_numpy() - s])
    ax2.errorbar(s, y, xerr=err, fmt="o", color="#2166ac", capsize=3, label=text("Estimat med 95 % KI",
                                                                                  "Estimate with 95 % CI", language))
    if references is not None:
        styles = ["--", ":"]
        for (_, r), ls in zip(references.iloc[1:].iterrows(), styles):
            ax2.axvline(float(r["share"]), linestyle=ls, color="#555555",
                        label=f"{r['population']} ({r['reference_period']})")
    ax2.set_xlim(0, 1)
    _pct_axis(ax2, "x", language)
    ax2.set_xlabel(text("Andel med minst grunnleggende ferdigheter", "Share with at least basic skills", language))
    ax2.legend(loc="upper center", bbox_to_anchor=(0.5, 0), ncol=1, fontsize=8, frameon=False,
               bbox_transform=offset_copy(ax2.transAxes, fig=fig, y=-36, units="points"))
    fig.tight_layout()
    return fig


def odds_ratio_plot(table: pd.DataFrame, *, language: str = "nb") -> plt.Figure:
    """Forest plot of odds ratios with 95 % intervals (log scale).

    Parameters
    ----------
    table : output of :func:`lifelong_analysis.analysis.skills.ordinal_model` or ``logit_model``
        (the terms to show, e.g. :func:`lifelong_analysis.analysis.skills.stable_terms`; none: a
        figure that says so).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = table.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(t) + 1.6))
    if t.empty:  # every estimate left out (too few respondents, hidden, unstable): say so instead of empty axes
        ax.set_axis_off()
        ax.text(0.5, 0.5, text("Ingen estimater kan vises", "No estimate can be shown", language),
                ha="center", va="center", transform=ax.transAxes)
        return fig
    y = np.arange(len(t))[::-1]
    ax.errorbar(t["odds_ratio"], y, xerr=[t["odds_ratio"] - t["or_ci_low"], t["or_ci_high"] - t["odds_ratio"]],
                fmt="o", color="#2166ac", capsize=2)
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_xscale("log")
    vs = text("mot", "vs", language)
    labels = [f"{_axis_name(v, language)}: {_group_label(v, lv, language)} ({vs} {_group_label(v, ref, language)})"
              for v, lv, ref in zip(t["variable"], t["level"], t["reference"])]
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: format_number(x, 2 if x < 1 else 1, language)))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _p: ""))
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel(text("Oddsforhold (log-skala), 95 % KI", "Odds ratio (log scale), 95 % CI", language))
    ax.set_ylabel(text("Kjennetegn (mot referansegruppe)", "Characteristic (vs reference group)", language))
    fig.tight_layout()
    return fig
