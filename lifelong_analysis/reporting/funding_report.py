"""Notebook 03 in words: sentences about the funding split, the PhD and the spending forecast.

The analysis (:mod:`lifelong_analysis.analysis.funding`, :mod:`lifelong_analysis.analysis.projection`)
computes amounts in NOK and shares 0–1; this module says them in the report's language
(``"nb"`` bokmål or ``"en"`` English).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from lifelong_analysis.analysis import projection
from lifelong_analysis.analysis.funding import (SHARE_RULES, SPLIT_RULES, check_schemes, not_found_rules,
                                                split_matrix)
from lifelong_analysis.data import vocab
from lifelong_analysis.reporting.formatting import format_estimate, format_nok, format_number, format_share


def no_forecast_text(why: dict, language: str = "nb") -> str:
    """Why there is no forecast of the municipality's funding series, in words ("" when there is one).

    ``why`` is the second item returned by :func:`lifelong_analysis.analysis.projection.funding_forecast`.

    Examples
    --------
    >>> no_forecast_text({"reason": "too_few_years", "n_years": 2, "min_years": 5})
    'finansieringstabellen har 2 år med data; prognosen trenger minst 5'
    >>> no_forecast_text({"reason": "no_rows", "kommunenummer": "5014"}, "en")
    'the funding table has no rows for municipality 5014'
    >>> no_forecast_text({})
    ''
    """
    if language not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {language!r}")
    if not why:
        return ""
    nb = language == "nb"
    r = why["reason"]
    if r == "no_funding_table":
        return "datasettet har ingen finansieringstabell" if nb else "the dataset has no funding table"
    if r == "no_rows":
        k = why.get("kommunenummer")
        return (f"finansieringstabellen har ingen rader for kommune {k}" if nb
                else f"the funding table has no rows for municipality {k}")
    if r == "gaps":
        return (f"finansieringstabellen mangler år i serien ({why.get('detail', '')})" if nb
                else why.get("detail", "the funding table has gaps in its years"))
    if r == "too_few_years":
        n, m = why["n_years"], why["min_years"]
        return (f"finansieringstabellen har {n} år med data; prognosen trenger minst {m}" if nb
                else f"the funding table has {n} year(s) of data; the forecast needs at least {m}")
    if r == "data_reach_horizon":
        y = why["last_year"]
        return f"dataene går allerede til {y}" if nb else f"the data already reach {y}"
    raise ValueError(f"unknown reason {r!r}")


RULE_LABELS = {
    "share_of_study_time": ("Andel av studietiden", "Share of the study time"),
    "own_time": ("Studier på egen tid", "Study in own time"),
    "share_of_substitute_cover": ("Andel av vikarkostnaden", "Share of the substitute cost"),
    "share_of_time_cost": ("Andel av tidskostnaden", "Share of the time cost"),
    "share_of_cash_cost": ("Andel av kontantkostnaden", "Share of the cash cost"),
    "share_of_approved_costs": ("Andel av godkjente kostnader", "Share of approved costs"),
    "amount_per_30sp": ("Beløp per 30 studiepoeng", "Amount per 30 study points"),
    "operating_cost_per_year": ("Driftskostnader per år (kr)", "Operating costs per year (NOK)"),
    "supervision_hours_per_year": ("Timer intern veiledning per år", "Hours of internal supervision per year"),
}


def not_found_table(rules: pd.DataFrame, schemes: Iterable[str] | None = None, *,
                    language: str = "nb") -> pd.DataFrame:
    """The NOT FOUND placeholders with report labels: scheme, what, value in use, source."""
    nf = not_found_rules(rules, schemes)
    i = 0 if language == "nb" else 1
    value = [format_share(v, language=language) if r in SHARE_RULES else format_number(v, 0, language)
             for r, v in zip(nf["rule"], nf["value"])]
    return pd.DataFrame({
        ("Ordning", "Scheme")[i]: nf["scheme"].map(lambda s: vocab.label("funding_scheme", s, language)),
        ("Hva", "What")[i]: nf["rule"].map(lambda r: RULE_LABELS.get(r, (r, r))[i]),
        ("Verdi brukt (plassholder)", "Value used (placeholder)")[i]: value,
        ("Kilde", "Source")[i]: nf["source"].map(lambda t: _source_words(t, language)),
    })


#: Source notes of placeholder rules in the reader's words (bokmål, English); other sources are titles.
_SOURCE_WORDS = {
    "Placeholder (no published figure for a municipal OFFPHD project)":
        ("Plassholder (ikke noe publisert tall for et kommunalt prosjekt med offentlig sektor-ph.d.)",
         "Placeholder (no published figure for a municipal public-sector PhD project)"),
    "Placeholder (no published figure)": ("Plassholder (ikke noe publisert tall)", "Placeholder (no published figure)"),
    "Baseline (no external funding)": ("Utgangspunkt (ingen ekstern finansiering)", "Baseline (no external funding)"),
    "Baseline (study in own time)": ("Utgangspunkt (studier på egen tid)", "Baseline (study in own time)"),
    "notebook parameter hc_grant_share (published rate not found)":
        ("satt i rapportens forutsetninger (statens andel i tilskuddet; publisert sats ikke funnet)",
         "set in the report's assumptions (the state share under the grant; published rate not found)"),
}


def _source_words(source, language: str) -> str:
    words = _SOURCE_WORDS.get(str(source))
    return str(source) if words is None else words[0 if language == "nb" else 1]


def check_report_parameters(
    *,
    municipality,
    sector: str,
    schemes,
    study_points,
    n_participants,
    phd_years,
    phd_start_year,
    discount_rate,
    horizon_year,
    language: str,
    rules: pd.DataFrame | None = None,
    n_draws=2000,
    seed=0,
) -> dict:
    """Validate the parameters of notebook 03; a clear ``ValueError`` for the first bad one.

    Returns
    -------
    dict of the normalised values: municipality (4-character str), sector,
    schemes (list), study_points (float), n_participants (int), phd_years
    (list of int), phd_start_year (int), discount_rate (float), horizon_year
    (int), language, n_draws (int, at least 100) and seed (int) of the Monte
    Carlo behind the headline ranges.
    """
    k = str(municipality).strip()
    if k.isdigit() and len(k) < 4:
        k = k.zfill(4)
    if not (k.isdigit() and len(k) == 4):
        raise ValueError(f"municipality must be a 4-digit kommunenummer such as '5001' (Trondheim), got {municipality!r}")
    if not isinstance(sector, str):
        raise ValueError(f"sector must be one code, got {sector!r}. Valid values: {', '.join(vocab.codes('sector'))}.")
    vocab.check_codes("sector", sector, what="sector")
    schemes = check_schemes(schemes, rules)
    try:
        sp = float(study_points)
    except (TypeError, ValueError):
        raise ValueError(f"study_points must be a number of ECTS (e.g. 30), got {study_points!r}") from None
    if not 0 < sp <= 120:
        raise ValueError(f"study_points must be above 0 and at most 120 ECTS, got {study_points!r}")
    if isinstance(n_participants, bool) or not float(n_participants).is_integer() or int(n_participants) < 1:
        raise ValueError(f"n_participants must be a whole number >= 1, got {n_participants!r}")
    years = [phd_years] if isinstance(phd_years, (int, np.integer, str)) else list(phd_years)
    try:
        years = [int(y) for y in years]
    except (TypeError, ValueError):
        raise ValueError(f"phd_years must be 3, 4 or [3, 4], got {phd_years!r}") from None
    if not years or any(y not in (3, 4) for y in years):
        raise ValueError(f"phd_years must be 3, 4 or [3, 4], got {phd_years!r}")
    if not 2000 <= int(phd_start_year) <= 2100:
        raise ValueError(f"phd_start_year must be a year 2000–2100, got {phd_start_year!r}")
    r = float(discount_rate)
    if not 0 <= r < 1:
        raise ValueError(f"discount_rate must be a share per year in [0, 1) (0.04 = 4 %), got {discount_rate!r}")
    if not 2019 <= int(horizon_year) <= 2100:
        raise ValueError(f"horizon_year must be a year after 2018 (the base year) and at most 2100, got {horizon_year!r}")
    if language not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {language!r}")
    try:
        nd, sd = float(n_draws), float(seed)
    except (TypeError, ValueError):
        raise ValueError(f"n_draws and seed must be whole numbers, got {n_draws!r} and {seed!r}") from None
    if isinstance(n_draws, bool) or not nd.is_integer() or nd < 100:
        raise ValueError(f"n_draws must be a whole number of at least 100 for stable P5/P95, got {n_draws!r}")
    if isinstance(seed, bool) or not sd.is_integer():
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    return {"municipality": k, "sector": sector, "schemes": schemes, "study_points": sp,
            "n_participants": int(n_participants), "phd_years": years, "phd_start_year": int(phd_start_year),
            "discount_rate": r, "horizon_year": int(horizon_year), "language": language,
            "n_draws": int(nd), "seed": int(sd)}


def split_table(split: pd.DataFrame, *, perspective: str = "cash", language: str = "nb") -> tuple[pd.DataFrame, list[str]]:
    """Scheme × payer table of one perspective with report labels, and its NOK columns.

    Returns
    -------
    (table, nok_columns): for ``display.table(table, language, nok=nok_columns)``.
    """
    m = split_matrix(split, perspective=perspective)
    m["scheme"] = m["scheme"].map(lambda s: vocab.label("funding_scheme", s, language))
    names = {"scheme": "Finansieringsmodell" if language == "nb" else "Funding scheme",
             "total_nok": "Totalt" if language == "nb" else "Total", **vocab.labels("payer", language)}
    m = m.rename(columns=names)
    return m, [c for c in m.columns if c != names["scheme"]]


PHD_LABELS = {
    "variant": ("Variant", "Variant"),
    "year": ("År", "Year"),
    "salary_social_nok": ("Lønn og sos. kostn.", "Salary and social costs"),
    "supervision_nok": ("Veiledning", "Supervision"),
    "operating_nok": ("Drift", "Operating"),
    "substitute_cover_nok": ("Vikar/overtid", "Substitutes/overtime"),
    "uncovered_value_nok": ("Udekket verdi", "Uncovered value"),
    "rc_support_nok": ("Forskningsrådet", "Research Council"),
    "net_cost_nok": ("Netto kostnad", "Net cost"),
    "cash_cost_nok": ("Kontantkostnad", "Cash cost"),
    "absence_cost_nok": ("Fravær alene", "Absence alone"),
    "binding_cap": ("Begrensning som binder", "Binding cap"),
}


def phd_table(phd: pd.DataFrame, *, language: str = "nb") -> tuple[pd.DataFrame, list[str]]:
    """The PhD table with report labels (variant, year, NOK components, binding cap), and its NOK columns."""
    i = 0 if language == "nb" else 1
    cols = list(PHD_LABELS)
    t = phd[cols].copy()
    t["variant"] = t["variant"].map(lambda v: f"{v.split('_')[0]} {'år' if i == 0 else 'years'}")
    caps = {"rate": ("50 % av satsen", "50% of the rate"), "approved_costs": ("50 % av godkjente kostnader",
                                                                              "50% of approved costs")}
    t["binding_cap"] = t["binding_cap"].map(lambda c: caps[c][i])
    t["year"] = t["year"].astype(str)
    t = t.rename(columns={c: PHD_LABELS[c][i] for c in cols})
    return t, [PHD_LABELS[c][i] for c in cols if c.endswith("_nok")]


def describe_split(split: pd.DataFrame, components: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown text for a decision maker: who pays what under each scheme (cash perspective)."""
    cash = split[split["perspective"] == "cash"]
    c = components.iloc[0]
    n = int(c["n_participants"])
    lines = []
    nb = language == "nb"
    lines.append(
        (f"Et program der **{n} ansatte** tar **{format_number(c['study_points'], 0, language)} studiepoeng** hver "
         f"gir {format_number(c['hours_away'], 0, language)} timer borte fra ordinært arbeid. I kroner koster det "
         f"kommunen {format_nok(c['direct_cost_nok'], language=language)} i direkte kostnader og "
         f"{format_nok(c['substitute_cover_nok'], language=language)} i vikar- og overtidsutgifter "
         f"(kontantperspektiv). Verdien av arbeidstiden deltakerne er borte (lønn og sosiale kostnader per arbeidet "
         f"time) er {format_nok(c['pac_nok'], language=language)}; den legges ikke sammen med vikarutgiftene. Timene borte "
         f"følger regelen i Kompetanse for kvalitet: 37,5 % av full stilling for 30 studiepoeng.")
        if nb else
        (f"A programme in which **{n} employees** each take **{format_number(c['study_points'], 0, language)} study "
         f"points** takes {format_number(c['hours_away'], 0, language)} hours away from ordinary work. In cash it costs "
         f"{format_nok(c['direct_cost_nok'], language=language)} in direct costs and "
         f"{format_nok(c['substitute_cover_nok'], language=language)} in substitute and overtime pay. The value of the "
         f"participants' working time (salary and social costs per hour worked) is "
         f"{format_nok(c['pac_nok'], language=language)}; it "
         f"is not added to the substitute pay. The hours away follow the Kompetanse for kvalitet rule: 37.5% of a "
         f"full-time position for 30 study points.")
    )
    lines.append("")
    lines.append("Egen tid er aldri penger: den verdsettes til den ansattes timekostnad og vises bare i det "
                 "samfunnsøkonomiske perspektivet. I Kompetanse for kvalitet er 60/15/25 andeler av lærerens *hele* "
                 "studietid: frikjøpet (37,5 % av stillingen) er statens 60 og skoleeierens 15, så staten dekker 60/75 "
                 "= 80 % av vikarregningen og skoleeier 20 %; lærerens 25 % er egen tid i tillegg. I stipendordningen "
                 "er det ingen vikarregning: læreren studerer på egen tid, og stipendet går fra staten til læreren."
                 if nb else
                 "Own time is never money: it is valued at the employee's labour cost and shown only in the economic "
                 "perspective. In Kompetanse for kvalitet 60/15/25 are shares of the teacher's *whole* study time: the "
                 "release (37.5% of the position) is the state's 60 and the school owner's 15, so the state covers "
                 "60/75 = 80% of the substitute bill and the owner 20%; the teacher's 25% is own time on top. The "
                 "stipend model has no substitute bill: the teacher studies in own time and the stipend goes from "
                 "the state to the teacher.")
    lines.append("")
    for scheme, g in cash.groupby("scheme", sort=False):
        g = g.set_index("payer")
        mun = g.loc["municipality", "amount_nok"]
        total = g["total_nok"].iloc[0]
        others = [(p, g.loc[p, "amount_nok"]) for p in g.index if p != "municipality" and abs(g.loc[p, "amount_nok"]) > 0.5]
        parts = []
        for p, a in others:
            who = vocab.label("payer", p, language)
            who = who if p == "research_council" else who.lower()
            who = who if nb else "the " + who
            own = g.loc[p, "own_time_nok"]
            if p == "employee" and abs(g.loc[p, "cash_nok"]) > 0.5 and own <= 0.5:
                parts.append(f"den ansatte får {format_nok(-g.loc[p, 'cash_nok'], language=language)} i stipend"
                             if nb else
                             f"the employee receives {format_nok(-g.loc[p, 'cash_nok'], language=language)} in stipends")
            elif p == "employee" and own > 0:
                parts.append((f"den ansatte studerer på egen tid (tilsvarer {format_nok(own, language=language)})"
                              + (f" og får {format_nok(-g.loc[p, 'cash_nok'], language=language)} i stipend"
                                 if g.loc[p, "cash_nok"] < -0.5 else ""))
                             if nb else
                             (f"the employee studies in own time (worth {format_nok(own, language=language)})"
                              + (f" and receives {format_nok(-g.loc[p, 'cash_nok'], language=language)} in stipends"
                                 if g.loc[p, "cash_nok"] < -0.5 else "")))
            else:
                parts.append(f"{who} {'betaler' if nb else 'pays'} {format_nok(a, language=language)}")
        flag = (" *(sats ikke funnet – plassholder)*" if nb else " *(rate not found – placeholder)*") \
            if g["not_found"].any() else ""
        label = vocab.label("funding_scheme", scheme, language)
        share = format_share(mun / total if total else 0, language=language)
        if nb:
            lines.append(f"- **{label}**{flag}: kommunen bærer {format_nok(mun, language=language)} ({share})"
                         + ("; " + "; ".join(parts) if parts else "") + ".")
        else:
            lines.append(f"- **{label}**{flag}: the municipality carries {format_nok(mun, language=language)} ({share})"
                         + ("; " + "; ".join(parts) if parts else "") + ".")
    return "\n".join(lines)


def describe_phd(summary: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown text: what a public-sector PhD costs the municipality net, against the absence alone.

    Amounts are rounded to three significant figures (:func:`~lifelong_analysis.reporting.formatting.format_estimate`);
    the PhD has no Monte Carlo, so no P5–P95 range is given; the table keeps full kroner.
    """
    lines = []
    for r in summary.itertuples(index=False):
        n = int(r.years)
        rc = format_estimate(r.rc_support_nok, language=language)
        net = format_estimate(r.npv_net_cost_nok, language=language)
        absn = format_estimate(r.npv_absence_cost_nok, language=language)
        cash = format_estimate(r.npv_cash_cost_nok, language=language)
        ratio = format_share(r.npv_net_cost_nok / r.npv_absence_cost_nok if r.npv_absence_cost_nok else 0,
                             language=language)
        rate = format_share(r.discount_rate, decimals=1, language=language)
        if language == "nb":
            lines.append(
                f"- **{n} år:** Forskningsrådet dekker {rc} i alt. Netto koster ph.d.-en kommunen {net} i nåverdi "
                f"({rate} kalkulasjonsrente), mot {absn} for fraværet alene – netto er {ratio} av fraværskostnaden. "
                f"I kontanter (vikarer og drift minus støtte) er nåverdien {cash}.")
        else:
            lines.append(
                f"- **{n} years:** the Research Council covers {rc} in all. Net, the PhD costs the municipality {net} "
                f"in present value ({rate} discount rate), against {absn} for the absence alone – the net cost is "
                f"{ratio} of the absence cost. In cash (substitutes and operating costs less support) the "
                f"present value is {cash}.")
    return "\n".join(lines)


def key_results(split: pd.DataFrame, phd_summary: pd.DataFrame, *, language: str = "nb",
                ranges: pd.DataFrame | None = None) -> str:
    """Short Markdown summary for decision makers ("Kort fortalt" / "In short").

    Two results, in the cash perspective of :func:`~lifelong_analysis.analysis.funding.split_costs`:

    * who carries most under the schemes compared: in how many schemes the
      municipality carries the largest amount, the scheme cheapest and the
      scheme dearest for the municipality (NOK and share of the programme's
      cash cost), and the largest payer where that is not the municipality;
    * for each public-sector PhD variant of :func:`~lifelong_analysis.analysis.funding.phd_summary`: the
      municipality's net cost in present value against the present value of
      the absence alone (salary and social costs of the research time).

    Amounts are rounded to three significant figures with their P5–P95 range
    from ``ranges`` (:func:`~lifelong_analysis.analysis.funding.split_ranges`) when given ("om lag 2,24 mill. kr
    (1,91–2,63)"); the PhD amounts have no range (no Monte Carlo) and say so.
    Schemes or variants resting on rates that were not found in the sources
    (``not_found``) are marked as placeholders in the same paragraph.

    Parameters
    ----------
    split : output of :func:`~lifelong_analysis.analysis.funding.split_costs` (must include the "cash" perspective).
    phd_summary : output of :func:`~lifelong_analysis.analysis.funding.phd_summary` (may be empty: the PhD sentence is left out).
    language : "nb" (bokmål) or "en".
    ranges : output of :func:`~lifelong_analysis.analysis.funding.split_ranges` (optional): P5–P95 of the amounts.

    Returns
    -------
    str : Markdown, one paragraph beginning with "**Kort fortalt.**" / "**In short.**".

    Examples
    --------
    >>> import pandas as pd
    >>> split = pd.DataFrame({"scheme": ["employer_pays", "employer_pays"], "perspective": ["cash", "cash"],
    ...     "payer": ["municipality", "state"], "amount_nok": [100_000.0, 0.0], "total_nok": [100_000.0] * 2,
    ...     "not_found": [False, False]})
    >>> key_results(split, pd.DataFrame(), language="en").startswith("**In short.** The municipality carries")
    True
    """
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    missing = {"scheme", "perspective", "payer", "amount_nok", "total_nok"} - set(split.columns)
    if missing:
        raise ValueError(f"split lacks the columns {sorted(missing)}; give the output of split_costs")
    cash = split[split["perspective"] == "cash"]
    if cash.empty:
        raise ValueError("split has no rows of the 'cash' perspective; run split_costs with perspectives including 'cash'")
    nb = language == "nb"

    rng = {}
    if ranges is not None and len(ranges):
        r_cash = ranges[ranges["perspective"] == "cash"]
        rng = {(r.scheme, r.payer): (r.p5_nok, r.p95_nok) for r in r_cash.itertuples(index=False)}

    def nok(x, scheme=None, payer="municipality"):
        lo, hi = rng.get((scheme, payer), (None, None))
        return format_estimate(x, lo, hi, language=language)

    def scheme_name(s, flagged):
        label = vocab.label("funding_scheme", s, language)
        return f"{label}*" if flagged else label

    rows = []
    for scheme, g in cash.groupby("scheme", sort=False):
        g = g.set_index("payer")
        mun = float(g.loc["municipality", "amount_nok"]) if "municipality" in g.index else 0.0
        top = g["amount_nok"].astype(float).idxmax()
        total = float(g["total_nok"].iloc[0])
        rows.append({"scheme": scheme, "municipality": mun, "share": mun / total if total else np.nan,
                     "top": top, "top_amount": float(g.loc[top, "amount_nok"]),
                     "flagged": bool(g["not_found"].any()) if "not_found" in g else False})
    t = pd.DataFrame(rows)
    n_mun = int((t["top"] == "municipality").sum())
    best, worst = t.loc[t["municipality"].idxmin()], t.loc[t["municipality"].idxmax()]
    others = t[t["top"] != "municipality"]

    def payer_name(p):
        who = vocab.label("payer", p, language)
        return who if p == "research_council" else (who.lower() if nb else "the " + who.lower())

    groups = [f"{payer_name(p)} ({(' og ' if nb else ' and ').join(scheme_name(r.scheme, r.flagged) for r in g.itertuples(index=False))})"
              for p, g in others.groupby("top", sort=False)]
    starred = bool(best.flagged or worst.flagged or others["flagged"].any())
    text = []
    if nb:
        text.append(f"**Kort fortalt.** Kommunen bærer den største delen av kontantkostnaden i {n_mun} av {len(t)} "
                    "finansieringsmodeller.")
        if len(t) > 1:
            text.append(f"Billigst for kommunen er {scheme_name(best.scheme, best.flagged)} "
                        f"({nok(best.municipality, best.scheme)}, {format_share(best.share, language=language)}), "
                        f"dyrest er {scheme_name(worst.scheme, worst.flagged)} ({nok(worst.municipality, worst.scheme)}, "
                        f"{format_share(worst.share, language=language)}).")
        if groups:
            text.append("I de andre modellene bærer andre mest: " + "; ".join(groups) + ".")
    else:
        text.append(f"**In short.** The municipality carries the largest part of the cash cost under {n_mun} of "
                    f"{len(t)} funding schemes.")
        if len(t) > 1:
            text.append(f"Cheapest for the municipality is {scheme_name(best.scheme, best.flagged)} "
                        f"({nok(best.municipality, best.scheme)}, {format_share(best.share, language=language)}), "
                        f"dearest is {scheme_name(worst.scheme, worst.flagged)} ({nok(worst.municipality, worst.scheme)}, "
                        f"{format_share(worst.share, language=language)}).")
        if groups:
            text.append("Under the other schemes others carry most: " + "; ".join(groups) + ".")
    variants = []
    for r in phd_summary.itertuples(index=False):
        ratio = format_share(r.npv_net_cost_nok / r.npv_absence_cost_nok if r.npv_absence_cost_nok else np.nan,
                             language=language)
        variants.append(f"{nok(r.npv_net_cost_nok)} over {int(r.years)} " + ("år" if nb else "years")
                        + (f" (fraværet alene: {nok(r.npv_absence_cost_nok)}; netto er {ratio} av det)" if nb else
                           f" (the absence alone: {nok(r.npv_absence_cost_nok)}; the net cost is {ratio} of it)"))
    if variants:
        text.append(("En offentlig sektor-ph.d. koster kommunen netto, i nåverdi, " + " og ".join(variants)
                     + " (uten usikkerhetsintervall; driftskostnader og veiledningstimer er plassholdere).")
                    if nb else
                    ("A public-sector PhD costs the municipality, net in present value, " + " and ".join(variants)
                     + " (no uncertainty range; operating costs and supervision hours are placeholders)."))
    if rng:
        text.append("Intervallene i parentes er P5–P95 fra simuleringen av vikartilgang, lønn og timer." if nb else
                    "The ranges in brackets are P5–P95 from the simulation of substitute availability, pay and hours.")
    if starred:
        text.append("\\* Bygger på satser som ikke er funnet i kildene (plassholdere)." if nb else
                    "\\* Rests on rates not found in the sources (placeholders).")
    return " ".join(text)


_RULE_TEXT = {
    "share_of_study_time": ("{v} av studietiden", "{v} of the study time"),
    "own_time": ("{v} av studietiden på egen tid (ingen vikarregning)", "{v} of the study time in own time (no substitute bill)"),
    "share_of_substitute_cover": ("{v} av vikarregningen", "{v} of the substitute bill"),
    "share_of_time_cost": ("{v} av tidskostnaden", "{v} of the time cost"),
    "share_of_cash_cost": ("{v} av kontantkostnaden", "{v} of the cash cost"),
    "share_of_approved_costs": ("{v} av godkjente kostnader (høyst 50 % av satsen per årsverk)",
                                "{v} of approved costs (at most 50% of the rate per full-time year)"),
    "amount_per_30sp": ("{n} per 30 studiepoeng per deltaker", "{n} per 30 study points per participant"),
    "residual": ("resten", "the rest"),
}


#: Evidence grades of ``resources/funding_schemes.csv`` in words (bokmål, English).
_EVIDENCE_WORDS = {
    "verbatim": ("sett i kilden", "as published"),
    "secondary": ("sekundærkilde", "secondary source"),
    "inferred": ("utledet", "inferred"),
    "baseline": ("utgangspunkt", "baseline"),
    "not found": ("ikke funnet", "not found"),
}


def scheme_rules_table(rules: pd.DataFrame, schemes: Iterable[str], *, language: str = "nb") -> pd.DataFrame:
    """Which split rule each scheme uses, per payer, with its source and grade (for the report).

    Returns
    -------
    pandas.DataFrame with report headings: scheme, payer, rule (in words, with
    the value), evidence ("not found" flagged), source.

    Examples
    --------
    >>> from lifelong_analysis.analysis.funding import load_scheme_rules
    >>> t = scheme_rules_table(load_scheme_rules(), ["kfk_substitute"], language="en")
    >>> t.iloc[0, 2]
    '60% of the study time'
    """
    i = 0 if language == "nb" else 1
    rows = []
    for scheme in schemes:
        sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
        for r in sr.itertuples(index=False):
            v = format_share(r.value, language=language) if pd.notna(r.value) else ""
            n = format_nok(r.value, language=language) if pd.notna(r.value) else ""
            what = _RULE_TEXT[r.rule][i].format(v=v, n=n)
            ev = (("IKKE FUNNET (plassholder)", "NOT FOUND (placeholder)")[i] if r.not_found
                  else _EVIDENCE_WORDS.get(str(r.evidence).strip().lower(), (r.evidence, r.evidence))[i])
            # the id of the published figure behind a rule is for researchers (it stays in the CSV)
            source = _source_words(re.sub(r"\s*\(published_figures:[^)]*\)", "", str(r.source)), language)
            rows.append({("Ordning", "Scheme")[i]: vocab.label("funding_scheme", scheme, language),
                         ("Betaler", "Payer")[i]: vocab.label("payer", r.payer, language),
                         ("Regel", "Rule")[i]: what, ("Evidens", "Evidence")[i]: ev,
                         ("Kilde", "Source")[i]: source})
    return pd.DataFrame(rows)


def _check_language(language: str) -> bool:
    """True for bokmål; a ValueError naming the valid values otherwise."""
    if language not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {language!r}")
    return language == "nb"


def report_title(*, municipality: str, language: str = "nb") -> str:
    """The title of notebook 03 (without the Markdown ``#``): the question and the municipality.

    >>> report_title(municipality="5001", language="en")
    'Who pays for further education? Trondheim'
    """
    nb = _check_language(language)
    place = vocab.municipality_name(municipality)
    return f"Hvem betaler for etter- og videreutdanning? {place}" if nb else f"Who pays for further education? {place}"


def intro_text(*, sector: str, horizon_year: int, language: str = "nb") -> str:
    """Markdown under the title of notebook 03: what the report compares, in which perspectives, up to which year.

    Parameters
    ----------
    sector : the participants' sector (a code of ``vocab.SECTOR``).
    horizon_year : last year of the spending projection.
    language : "nb" or "en".

    Examples
    --------
    >>> intro_text(sector="primary_school", horizon_year=2040)[:80]
    'Rapporten legger ett og samme utdanningsprogram (grunnskole) gjennom hver finans'
    >>> intro_text(sector="primary_school", horizon_year=2035, language="en")[-33:]
    'education may develop up to 2035.'
    """
    nb = _check_language(language)
    sector_name = vocab.label("sector", sector, language).lower()
    year = str(int(horizon_year))
    if nb:
        return (
            f"Rapporten legger ett og samme utdanningsprogram ({sector_name}) gjennom hver finansieringsmodell og viser "
            "hva kommunen, staten, den ansatte, Forskningsrådet og universitetet bærer. Kostnadene vises i to perspektiver: "
            "**kontant** (direkte kostnader og vikar-/overtidsutgifter) og **samfunnsøkonomisk** (Eurostats CVTS-begrep: "
            "direkte kostnader og verdien av arbeidstiden deltakerne er borte, per arbeidet time). Den ansattes egen tid "
            "utenom arbeidstiden verdsettes og vises for seg, bare i det samfunnsøkonomiske perspektivet; udekkede timer er "
            "et tjenestetap som ikke legges til noen av summene. Deretter: hva en offentlig sektor-ph.d. koster kommunen "
            f"netto, og hvordan utgiftene til etter- og videreutdanning kan utvikle seg fram mot {year}.")
    return (
        f"The report puts one and the same programme ({sector_name}) through each funding scheme and shows what "
        "the municipality, the state, the employee, the Research Council and the university carry. Costs are shown in two "
        "perspectives: **cash** (direct costs and substitute/overtime pay) and **economic** (the Eurostat CVTS concept: "
        "direct costs and the value of the participants' working time, per hour actually worked). The employee's own time "
        "outside working hours is valued and shown separately, in the economic perspective only; uncovered hours are a "
        "service loss added to neither total. Then: what a public-sector PhD costs the municipality net, and how spending "
        f"on further education may develop up to {year}.")


def phd_text(inputs: dict, summary: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown of the PhD section: the candidate's pay, then :func:`describe_phd` of each variant.

    Parameters
    ----------
    inputs : :func:`~lifelong_analysis.analysis.funding.phd_inputs` (``monthly_pay_nok``, NOK a month;
        ``annual_labour_cost_nok``, NOK a year with holiday pay, employer's contribution and pension).
    summary : :func:`~lifelong_analysis.analysis.funding.phd_summary`.
    language : "nb" or "en".

    Examples
    --------
    >>> phd_text({"monthly_pay_nok": 52_000, "annual_labour_cost_nok": 812_345.6}, pd.DataFrame(
    ...     columns=["years"]), language="en")
    "The candidate's pay is the sector average: NOK\\xa052\\u202f000 a month, NOK\\xa0812\\u202f346 a year with holiday pay, employer's contribution and pension.\\n\\n"
    """
    nb = _check_language(language)
    month = format_nok(inputs["monthly_pay_nok"], language=language)
    year = format_nok(inputs["annual_labour_cost_nok"], language=language)
    if nb:
        pay = (f"Kandidatens lønn er gjennomsnittet i sektoren: {month} i måneden, "
               f"{year} i året med feriepenger, arbeidsgiveravgift og pensjon.")
    else:
        pay = (f"The candidate's pay is the sector average: {month} a month, {year} a year with holiday pay, "
               "employer's contribution and pension.")
    return pay + "\n\n" + describe_phd(summary, language=language)


def projection_title(horizon_year: int, *, language: str = "nb") -> str:
    """The heading of the spending section of notebook 03.

    >>> projection_title(2040)
    'Utgifter til etter- og videreutdanning fram mot 2040'
    """
    nb = _check_language(language)
    year = str(int(horizon_year))
    return (f"Utgifter til etter- og videreutdanning fram mot {year}" if nb else
            f"Spending on further education up to {year}")


def spending_text(growth: float, *, base_nok: float = projection.BASE_SPENDING_NOK,
                  base_year: int = projection.BASE_YEAR, published_nok: float = projection.PUBLISHED_2040_NOK,
                  published_year: int = projection.PUBLISHED_YEAR, language: str = "nb") -> str:
    """Markdown before the projection figure: KS's figures for 2018 and 2040 and the yearly growth they imply.

    Parameters
    ----------
    growth : yearly growth 2018–2040 implied by KS's two figures
        (:func:`~lifelong_analysis.analysis.projection.implied_growth`), a share (0.0119 = 1,19 %).
    base_nok, base_year : the spending of the base year in NOK (default: the published figure
        ``ks_evu_spend_2018``, 4.7 bn NOK in 2018, via :mod:`lifelong_analysis.analysis.projection`).
    published_nok, published_year : KS's rough estimate for a later year in NOK (default
        ``ks_evu_spend_2040``, 6.1 bn NOK in 2040); shown in bn NOK with one decimal.
    language : "nb" or "en".

    Examples
    --------
    >>> spending_text(0.011906, language="en")[:139]
    'KS estimates that the municipal sector spent NOK 4.7 bn on further education in 2018; a rough estimate for 2040 is NOK 6.1 bn. That implies'
    >>> spending_text(0.011906).split(". ")[3]
    'Det tilsvarer en årlig vekst på 1,19\\xa0%'
    """
    nb = _check_language(language)
    g = format_share(growth, 2, language)
    base, later = format_number(base_nok / 1e9, 1, language), format_number(published_nok / 1e9, 1, language)
    y0, y1 = int(base_year), int(published_year)
    if nb:
        return (
            f"KS anslår at kommunesektoren brukte {base} mrd. kr på etter- og videreutdanning i {y0}, og et grovt anslag for {y1} "
            f"er {later} mrd. kr. Det tilsvarer en årlig vekst på {g}. **{y1}-tallet er et grovt "
            "anslag fra KS som er sitert i grunnlagsdokumentet; primærkilden er ikke funnet**, så tallet er ikke etterprøvd. "
            "Scenarioene under bygger på sysselsettingsvekst og reallønnsvekst; reallønnsveksten er en plassholder.")
    return (
        f"KS estimates that the municipal sector spent NOK {base} bn on further education in {y0}; a rough estimate for {y1} "
        f"is NOK {later} bn. That implies yearly growth of {g}. **The {y1} figure is a rough "
        "KS estimate quoted in the source document; its primary source was not found**, so it is unverified. The scenarios "
        "below build on employment growth and real wage growth; the real wage growth is a placeholder.")


def forecast_text(why: dict, *, language: str = "nb") -> str:
    """Markdown before the forecast figure: the method, or why there is no forecast (:func:`no_forecast_text`).

    Parameters
    ----------
    why : the second item returned by :func:`lifelong_analysis.analysis.projection.funding_forecast`
        (empty when there is a forecast).
    language : "nb" or "en".

    Examples
    --------
    >>> forecast_text({"reason": "data_reach_horizon", "last_year": 2041}, language="en")
    "**Forecast from the municipality's own funding data** (exponential smoothing, ETS with additive trend, 95% prediction interval). No forecast: the data already reach 2041."
    """
    nb = _check_language(language)
    reason = no_forecast_text(why, language)
    if nb:
        return ("**Prognose fra kommunens egne finansieringsdata** (eksponentiell glatting, ETS med additiv trend, 95 % "
                "prediksjonsintervall)." + ("" if reason == "" else " Ingen prognose: " + reason + "."))
    return ("**Forecast from the municipality's own funding data** (exponential smoothing, ETS with additive trend, 95% "
            "prediction interval)." + ("" if reason == "" else " No forecast: " + reason + "."))
