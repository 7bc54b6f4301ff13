"""The three or four key figures on the first screen of each report.

Each function turns a notebook's result tables into a list of key figures for
:func:`lifelong_analysis.reporting.display.key_figures` (label in bokmål and English,
value, interval, kind), so that the notebooks only call them in their cell
tagged ``summary``.

Examples
--------
>>> import pandas as pd
>>> summary = pd.DataFrame({"delivery_format": ["digital_self_paced", "classroom_full_day"],
...     "cash_cost_nok": [100.0, 300.0], "cash_cost_nok_p5": [80.0, 250.0], "cash_cost_nok_p95": [130.0, 380.0],
...     "economic_cost_nok": [200.0, 500.0], "economic_cost_nok_p5": [150.0, 400.0],
...     "economic_cost_nok_p95": [260.0, 640.0]})
>>> [f["value"] for f in costs_key_figures(summary)]
[100.0, 300.0, 200.0]
"""

from __future__ import annotations

import pandas as pd

from lifelong_analysis.data import vocab
from lifelong_analysis.reporting.workforce_report import group_label

_P5_P95 = ("P5–P95", "P5–P95")
_CI95 = ("95 % KI", "95% CI")


def costs_key_figures(summary: pd.DataFrame, *, language: str = "nb") -> list[dict]:
    """Key figures of notebook 01: the cheapest and the dearest format in cash, and the economic cost.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`lifelong_analysis.analysis.costs.cost_summary` (columns
        ``delivery_format``, ``cash_cost_nok`` with ``_p5``/``_p95``,
        ``economic_cost_nok`` with ``_p5``/``_p95``; NOK).
    language : {"nb", "en"}
        Language of the format names in the labels.

    Returns
    -------
    list of dict for :func:`lifelong_analysis.reporting.display.key_figures`: cash cost of
    the cheapest format, of the dearest format, and the economic cost of the
    cheapest format, each with its Monte Carlo P5–P95 interval (NOK).
    """
    order = summary.sort_values("cash_cost_nok")
    cheap, dear = order.iloc[0], order.iloc[-1]

    def name(row) -> str:
        return vocab.label("delivery_format", row["delivery_format"], language).lower()

    def fig(row, total, nb, en):
        return {"label": (nb, en), "value": float(row[total]), "low": float(row[f"{total}_p5"]),
                "high": float(row[f"{total}_p95"]), "kind": "nok", "range_label": _P5_P95}

    out = [fig(cheap, "cash_cost_nok", f"Kontantkostnad, billigste form ({name(cheap)})",
               f"Cash cost, cheapest format ({name(cheap)})")]
    if len(order) > 1:
        out.append(fig(dear, "cash_cost_nok", f"Kontantkostnad, dyreste form ({name(dear)})",
                       f"Cash cost, dearest format ({name(dear)})"))
    out.append(fig(cheap, "economic_cost_nok", f"Samfunnsøkonomisk kostnad ({name(cheap)})",
                   f"Economic cost ({name(cheap)})"))
    return out


def skills_key_figures(key: dict, *, language: str = "nb") -> list[dict]:
    """Key figures of notebook 02 from :func:`lifelong_analysis.analysis.skills.key_figures`.

    Returns the share with at least basic digital skills (with its 95 %
    interval), the share below the job's requirement in the area with the
    largest gap, and the number of respondents.  Suppressed values (":") are
    passed on as they are; :func:`lifelong_analysis.reporting.display.key_figures` says
    "too few answers" in words.

    Examples
    --------
    >>> figs = skills_key_figures({"at_least_basic": 0.6, "ci_low": 0.55, "ci_high": 0.65, "n": 1500,
    ...                            "top_gap_area": "safety", "top_gap_share": 0.4}, language="en")
    >>> [f["value"] for f in figs], figs[1]["label"][1]
    ([0.6, 0.4, 1500], 'Below the requirement in safety')
    """
    area_nb = vocab.label("digcomp_area", key["top_gap_area"], "nb").lower()
    area_en = vocab.label("digcomp_area", key["top_gap_area"], "en").lower()
    basic = {"label": ("Minst grunnleggende digitale ferdigheter", "At least basic digital skills"),
             "value": key["at_least_basic"], "kind": "share"}
    if not isinstance(key.get("ci_low"), str) and not isinstance(key.get("ci_high"), str):
        basic.update(low=key.get("ci_low"), high=key.get("ci_high"), range_label=_CI95)
    return [basic,
            {"label": (f"Under kravet i {area_nb}", f"Below the requirement in {area_en}"),
             "value": key["top_gap_share"], "kind": "share"},
            {"label": ("Ansatte som svarte", "Employees who answered"), "value": key["n"], "kind": "number",
             "unit": ""}]


def funding_key_figures(split: pd.DataFrame, phd_summary: pd.DataFrame, *, ranges: pd.DataFrame | None = None,
                        language: str = "nb") -> list[dict]:
    """Key figures of notebook 03: the municipality's cash cost in its cheapest and dearest scheme, PhD net cost.

    Parameters
    ----------
    split : pandas.DataFrame
        Output of :func:`lifelong_analysis.analysis.funding.split_costs` (``scheme``,
        ``perspective``, ``payer``, ``amount_nok``).
    phd_summary : pandas.DataFrame
        Output of :func:`lifelong_analysis.analysis.funding.phd_summary` (``years``,
        ``npv_net_cost_nok``); may be empty.
    ranges : pandas.DataFrame, optional
        Output of :func:`lifelong_analysis.analysis.funding.split_ranges` (``scheme``,
        ``perspective``, ``payer``, ``p5_nok``, ``p95_nok``): the municipality's
        cash amounts then carry their Monte Carlo P5–P95.
    language : {"nb", "en"}

    Returns
    -------
    list of dict for :func:`lifelong_analysis.reporting.display.key_figures` (NOK).
    """
    cash = split[split["perspective"] == "cash"]
    mun = (cash[cash["payer"] == "municipality"].groupby("scheme", sort=False)["amount_nok"].sum()
           .reindex(cash["scheme"].unique(), fill_value=0.0).astype(float))
    out = []
    if len(mun):
        best, worst = mun.idxmin(), mun.idxmax()

        def name(s, lang):
            return vocab.label("funding_scheme", s, lang)

        band = {}
        if ranges is not None and len(ranges):
            r = ranges[(ranges["perspective"] == "cash") & (ranges["payer"] == "municipality")]
            band = {s: (float(g["p5_nok"].sum()), float(g["p95_nok"].sum())) for s, g in r.groupby("scheme")}

        def fig(s, nb, en):
            f = {"label": (nb, en), "value": float(mun[s]), "kind": "nok"}
            if s in band:
                f.update(low=band[s][0], high=band[s][1], range_label=_P5_P95)
            return f

        out.append(fig(best, f"Kommunens kontantkostnad, billigst: {name(best, 'nb')}",
                       f"Municipality's cash cost, cheapest: {name(best, 'en')}"))
        if worst != best:
            out.append(fig(worst, f"Kommunens kontantkostnad, dyrest: {name(worst, 'nb')}",
                           f"Municipality's cash cost, dearest: {name(worst, 'en')}"))
    for r in phd_summary.itertuples(index=False):
        out.append({"label": (f"Offentlig sektor-ph.d., {int(r.years)} år: netto nåverdi for kommunen",
                              f"Public-sector PhD, {int(r.years)} years: net present cost to the municipality"),
                    "value": float(r.npv_net_cost_nok), "kind": "nok"})
    return out[:4]


def workforce_key_figures(table: pd.DataFrame, summary: pd.DataFrame, cost: pd.DataFrame, *, horizon_year: int,
                          language: str = "nb") -> list[dict]:
    """Key figures of notebook 04: the shortage at the horizon, its largest group, training starts, their cost.

    Parameters
    ----------
    table : pandas.DataFrame
        The published projection (:func:`lifelong_analysis.analysis.workforce.protect` of
        ``project_workforce(...).table``: ``group``, ``year``, ``gap_fte`` with
        ``gap_fte_p5``/``gap_fte_p95``; suppressed cells ":").
    summary : pandas.DataFrame
        Published :func:`lifelong_analysis.analysis.workforce.training_summary`
        (``starters_per_year``).
    cost : pandas.DataFrame
        Published :func:`lifelong_analysis.analysis.workforce.training_cost`
        (``perspective``, ``payer``, ``amount_nok``).
    horizon_year : int
    language : {"nb", "en"}

    Returns
    -------
    list of dict for :func:`lifelong_analysis.reporting.display.key_figures`: the sum of
    the shortages in årsverk (FTE) at the horizon, the group with the largest
    shortage with its 90 % band, the further-education starts needed a year, and
    the municipality's cash cost of that training over the period (NOK).
    Suppressed groups are left out of the sums.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["nurse", "teacher"], "year": [2040, 2040], "gap_fte": [120.0, -5.0],
    ...                   "gap_fte_p5": [80.0, -9.0], "gap_fte_p95": [160.0, -1.0]})
    >>> figs = workforce_key_figures(t, pd.DataFrame({"starters_per_year": [12.0]}),
    ...     pd.DataFrame({"perspective": ["cash"], "payer": ["municipality"], "amount_nok": [3.0e6]}),
    ...     horizon_year=2040, language="en")
    >>> [f["value"] for f in figs]
    [120.0, 120.0, 12.0, 3000000.0]
    """
    hz = table[table["year"] == horizon_year].copy()
    for col in ("gap_fte", "gap_fte_p5", "gap_fte_p95"):
        hz[col] = pd.to_numeric(hz[col], errors="coerce")
    hz = hz.dropna(subset=["gap_fte"])
    short = hz[hz["gap_fte"] > 0].sort_values("gap_fte", ascending=False)
    out = [{"label": (f"Årsverk som mangler i {horizon_year}", f"FTE short in {horizon_year}"),
            "value": float(short["gap_fte"].sum()), "kind": "number", "unit": ""}]
    if len(short):
        top = short.iloc[0]
        f = {"label": (f"Størst mangel: {group_label(top['group'], 'nb').lower()} (årsverk)",
                       f"Largest shortage: {group_label(top['group'], 'en').lower()} (FTE)"),
             "value": float(top["gap_fte"]), "kind": "number", "unit": ""}
        if pd.notna(top["gap_fte_p5"]) and pd.notna(top["gap_fte_p95"]):
            f.update(low=float(top["gap_fte_p5"]), high=float(top["gap_fte_p95"]), range_label=("90 % bånd", "90% band"))
        out.append(f)
    starters = pd.to_numeric(summary.get("starters_per_year", pd.Series(dtype=float)), errors="coerce")
    out.append({"label": ("Må begynne på videreutdanning hvert år", "Must start further education each year"),
                "value": float(starters[starters > 0].sum()), "kind": "number", "unit": ""})
    cash = cost[(cost["perspective"] == "cash") & (cost["payer"] == "municipality")]
    out.append({"label": ("Kommunens kontantkostnad for utdanningen", "Municipality's cash cost of the training"),
                "value": float(pd.to_numeric(cash["amount_nok"], errors="coerce").sum()), "kind": "nok"})
    return out[:4]
