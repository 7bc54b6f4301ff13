"""Figures for the funding report (notebook 03): who pays, the public-sector PhD, EVU spending.

Every function takes a result table of :mod:`lifelong_analysis.analysis.funding` or
:mod:`lifelong_analysis.analysis.projection`, returns a matplotlib ``Figure`` with
labelled axes in the report language (``"nb"`` or ``"en"``) and Norwegian
number formats.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from lifelong_analysis.data import vocab
from lifelong_analysis.reporting.display import text
from lifelong_analysis.reporting.formatting import format_number

PAYER_COLOURS = {
    "municipality": "#1f5f8b",
    "state": "#c26a1b",
    "employee": "#6b8e23",
    "research_council": "#8e44ad",
    "university": "#7f7f7f",
}

PHD_PARTS = {
    "salary_social_nok": ("Lønn og sosiale kostnader (forskningstid)", "Salary and social costs (research time)"),
    "supervision_nok": ("Intern veiledning", "Internal supervision"),
    "operating_nok": ("Driftskostnader", "Operating costs"),
    "uncovered_value_nok": ("Verdi av udekkede timer", "Value of uncovered hours"),
    "rc_support_nok": ("Støtte fra Forskningsrådet", "Research Council support"),
}


def _short(v: float, language: str) -> str:
    """A tick value with as few decimals as it needs (at most 2)."""
    for d in (0, 1, 2):
        if abs(round(v, d) - v) < 1e-9:
            return format_number(v, d, language)
    return format_number(v, 2, language)


def _mill_formatter(language: str) -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: _short(x / 1e6, language))


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width))


def split_figure(split: pd.DataFrame, *, language: str = "nb", per_participant: bool = False) -> plt.Figure:
    """Stacked horizontal bars: what each payer carries under each scheme, one panel per perspective.

    Negative amounts (a payer receiving more than it carries, e.g. the
    employee under the stipend model) are drawn to the left of zero.

    Parameters
    ----------
    split : output of :func:`lifelong_analysis.analysis.funding.split_costs`.
    language : "nb" or "en".
    per_participant : plot ``per_participant_nok`` instead of ``amount_nok``.
    """
    col = "per_participant_nok" if per_participant else "amount_nok"
    perspectives = [p for p in ("cash", "economic") if p in set(split["perspective"])]
    schemes = list(dict.fromkeys(split["scheme"]))
    payers = [p for p in vocab.codes("payer") if p in set(split["payer"])]
    fig, axes = plt.subplots(1, len(perspectives), figsize=(6.2 * len(perspectives), 0.55 * len(schemes) + 1.8),
                             sharey=True, squeeze=False)
    titles = {"cash": text("Kontantperspektiv", "Cash perspective", language),
              "economic": text("Samfunnsøkonomisk perspektiv", "Economic perspective", language)}
    y = np.arange(len(schemes))
    for ax, persp in zip(axes[0], perspectives):
        sel = split[split["perspective"] == persp].pivot_table(index="scheme", columns="payer", values=col,
                                                               aggfunc="sum").reindex(index=schemes, columns=payers)
        pos_left = np.zeros(len(schemes))
        neg_left = np.zeros(len(schemes))
        for payer in payers:
            v = sel[payer].fillna(0).to_numpy()
            pos = np.where(v > 0, v, 0)
            neg = np.where(v < 0, v, 0)
            label = vocab.label("payer", payer, language)
            ax.barh(y, pos, left=pos_left, color=PAYER_COLOURS.get(payer), label=label, height=0.65)
            ax.barh(y, neg, left=neg_left, color=PAYER_COLOURS.get(payer), height=0.65, hatch="//", alpha=0.7)
            pos_left += pos
            neg_left += neg
        ax.axvline(0, color="black", lw=0.8)
        ax.margins(x=0.03)
        ax.set_title(titles[persp])
        ax.xaxis.set_major_formatter(_mill_formatter(language))
        ax.set_xlabel(text("Mill. kr" + (" per deltaker" if per_participant else ""),
                           "NOK million" + (" per participant" if per_participant else ""), language))
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].set_yticks(y, [_wrap(vocab.label("funding_scheme", s, language)) for s in schemes])
    axes[0][0].invert_yaxis()
    axes[0][0].set_ylabel(text("Finansieringsmodell", "Funding scheme", language))
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(payers), frameon=False,
               title=text("Hvem betaler", "Who pays", language))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def phd_figure(phd: pd.DataFrame, *, language: str = "nb") -> plt.Figure:
    """Year-by-year cost of a public-sector PhD, one panel per variant (3 and 4 years).

    Cost components stack above zero, the Research Council support below; a
    black marker shows the municipality's net cost, a grey one what the
    absence alone costs (the candidate's PAC).
    """
    variants = list(dict.fromkeys(phd["variant"]))
    fig, axes = plt.subplots(1, len(variants), figsize=(5.2 * len(variants), 4.4), sharey=True, squeeze=False)
    for ax, var in zip(axes[0], variants):
        g = phd[phd["variant"] == var].sort_values("year")
        x = np.arange(len(g))
        bottom = np.zeros(len(g))
        colours = ["#1f5f8b", "#5b9bd5", "#a9c9e8"]
        # the value of uncovered hours is an indicator, not a cost of the net total (rule 2 of issue 9)
        for part, c in zip(["salary_social_nok", "supervision_nok", "operating_nok"], colours):
            v = g[part].to_numpy()
            ax.bar(x, v, bottom=bottom, color=c, label=text(*PHD_PARTS[part], language), width=0.6)
            bottom += v
        ax.bar(x, -g["rc_support_nok"].to_numpy(), color="#8e44ad", width=0.6,
               label=text(*PHD_PARTS["rc_support_nok"], language))
        ax.plot(x, g["net_cost_nok"], "o", color="black", ms=8,
                label=text("Netto kostnad for kommunen", "Net cost to the municipality", language))
        ax.plot(x, g["absence_cost_nok"], "_", color="grey", ms=22, mew=3,
                label=text("Kostnad av fraværet alene", "Cost of the absence alone", language))
        ax.axhline(0, color="black", lw=0.8)
        n = int(var.split("_")[0])
        ax.set_title(text(f"{n} år", f"{n} years", language))
        ax.set_xticks(x, g["year"].astype(str))
        ax.set_xlabel(text("År", "Year", language))
        ax.yaxis.set_major_formatter(_mill_formatter(language))
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel(text("Mill. kr per år", "NOK million per year", language))
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False, fontsize="small")
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    return fig


SCENARIO_LABELS = {
    "published": ("Publisert bane (4,7 → 6,1 mrd.)", "Published path (4.7 → 6.1 bn)"),
    "published_plus_real_wages": ("Samme sysselsettingsvekst + reallønnsvekst", "Same employment growth + real wages"),
    "constant_employment": ("Uendret sysselsetting, reallønnsvekst", "Constant employment, real wage growth"),
}


def projection_figure(projection: pd.DataFrame, *, published: dict[int, float] | None = None,
                      language: str = "nb") -> plt.Figure:
    """EVU spending by scenario (bn NOK), with the published points marked.

    Parameters
    ----------
    projection : output of :func:`lifelong_analysis.analysis.projection.spending_projection`.
    published : ``{year: NOK}`` points to mark (e.g. 2018 and 2040).
    """
    fig, ax = plt.subplots(figsize=(8, 4.4))
    for scen, g in projection.groupby("scenario", sort=False):
        lab = SCENARIO_LABELS.get(scen)
        ax.plot(g["year"], g["spending_nok"] / 1e9, lw=2, label=text(*lab, language) if lab else scen)
    if published:
        ys = sorted(published)
        ax.plot(ys, [published[y] / 1e9 for y in ys], "D", color="black", ms=7,
                label=text("Publiserte tall", "Published figures", language))
        if 2040 in published:
            # graded: a rough KS estimate quoted in the source document, primary source not found
            ax.annotate(text("grovt anslag, primærkilde ikke funnet", "rough estimate, primary source not found",
                             language), (2040, published[2040] / 1e9), textcoords="offset points", xytext=(-8, 10),
                        ha="right", fontsize="small", fontstyle="italic")
    ax.set_xlabel(text("År", "Year", language))
    ax.set_ylabel(text("Mrd. kr (faste priser)", "NOK billion (fixed prices)", language))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _short(v, language)))
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


def forecast_figure(forecast: pd.DataFrame, *, language: str = "nb") -> plt.Figure:
    """Observed yearly spending and its ETS forecast with the prediction interval (mill. NOK).

    Parameters
    ----------
    forecast : output of :func:`lifelong_analysis.analysis.projection.ets_forecast`.
    """
    fig, ax = plt.subplots(figsize=(8, 4.2))
    obs = forecast[forecast["kind"] == "observed"]
    fc = forecast[forecast["kind"] == "forecast"]
    ax.plot(obs["year"], obs["value_nok"] / 1e6, "o-", color="#1f5f8b", ms=4,
            label=text("Observert", "Observed", language))
    ax.plot(fc["year"], fc["value_nok"] / 1e6, "--", color="#c26a1b", label=text("ETS-prognose", "ETS forecast", language))
    lvl = int(round(100 * float(forecast["level"].iloc[0])))
    ax.fill_between(fc["year"], fc["lower_nok"] / 1e6, fc["upper_nok"] / 1e6, color="#c26a1b", alpha=0.2,
                    label=text(f"{lvl} % prediksjonsintervall", f"{lvl}% prediction interval", language))
    ax.set_xlabel(text("År", "Year", language))
    ax.set_ylabel(text("Mill. kr", "NOK million", language))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _short(v, language)))
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize="small")
    fig.tight_layout()
    return fig
