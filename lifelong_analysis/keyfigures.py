"""The three or four key figures on the first screen of each report.

Each function turns a notebook's result tables into a list of key figures for
:func:`lifelong_analysis.display.key_figures` (label in bokmål and English,
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

from . import vocab

_P5_P95 = ("P5–P95", "P5–P95")
_CI95 = ("95 % KI", "95% CI")


def costs_key_figures(summary: pd.DataFrame, *, language: str = "nb") -> list[dict]:
    """Key figures of notebook 01: the cheapest and the dearest format in cash, and the economic cost.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`lifelong_analysis.costs.cost_summary` (columns
        ``delivery_format``, ``cash_cost_nok`` with ``_p5``/``_p95``,
        ``economic_cost_nok`` with ``_p5``/``_p95``; NOK).
    language : {"nb", "en"}
        Language of the format names in the labels.

    Returns
    -------
    list of dict for :func:`lifelong_analysis.display.key_figures`: cash cost of
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
    """Key figures of notebook 02 from :func:`lifelong_analysis.skills.key_figures`.

    Returns the share with at least basic digital skills (with its 95 %
    interval), the share below the job's requirement in the area with the
    largest gap, and the number of respondents.  Suppressed values (":") are
    passed on as they are; :func:`lifelong_analysis.display.key_figures` says
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


def funding_key_figures(split: pd.DataFrame, phd_summary: pd.DataFrame, *, language: str = "nb") -> list[dict]:
    """Key figures of notebook 03: the municipality's cash cost in its cheapest and dearest scheme, PhD net cost.

    Parameters
    ----------
    split : pandas.DataFrame
        Output of :func:`lifelong_analysis.funding.split_costs` (``scheme``,
        ``perspective``, ``payer``, ``amount_nok``).
    phd_summary : pandas.DataFrame
        Output of :func:`lifelong_analysis.funding.phd_summary` (``years``,
        ``npv_net_cost_nok``); may be empty.
    language : {"nb", "en"}

    Returns
    -------
    list of dict for :func:`lifelong_analysis.display.key_figures` (NOK).
    """
    cash = split[split["perspective"] == "cash"]
    mun = (cash[cash["payer"] == "municipality"].groupby("scheme", sort=False)["amount_nok"].sum()
           .reindex(cash["scheme"].unique(), fill_value=0.0).astype(float))
    out = []
    if len(mun):
        best, worst = mun.idxmin(), mun.idxmax()

        def name(s, lang):
            return vocab.label("funding_scheme", s, lang)

        out.append({"label": (f"Kommunens kontantkostnad, billigst: {name(best, 'nb')}",
                              f"Municipality's cash cost, cheapest: {name(best, 'en')}"),
                    "value": float(mun[best]), "kind": "nok"})
        if worst != best:
            out.append({"label": (f"Kommunens kontantkostnad, dyrest: {name(worst, 'nb')}",
                                  f"Municipality's cash cost, dearest: {name(worst, 'en')}"),
                        "value": float(mun[worst]), "kind": "nok"})
    for r in phd_summary.itertuples(index=False):
        out.append({"label": (f"Offentlig sektor-ph.d., {int(r.years)} år: netto nåverdi for kommunen",
                              f"Public-sector PhD, {int(r.years)} years: net present cost to the municipality"),
                    "value": float(r.npv_net_cost_nok), "kind": "nok"})
    return out[:4]
