"""Notebook 04 in words: labels, display tables and sentences about the competence needs.

The analysis (:mod:`lifelong_analysis.analysis.workforce`) projects the workforce and returns tidy
DataFrames (årsverk, persons, NOK); this module says them in the report's language (``"nb"``
bokmål or ``"en"`` English).
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from lifelong_analysis.analysis import workforce
from lifelong_analysis.analysis.workforce import career_paths, position_groups
from lifelong_analysis.data import reference, vocab
from lifelong_analysis.reporting.formatting import format_nok, format_number

#: Scenarios of :data:`lifelong_analysis.analysis.workforce.KS_SCENARIOS` in words (bokmål, English).
SCENARIO_LABELS = {
    "baseline": ("Som i dag", "As today"),
    "position_share_plus_1pp": ("Stillingsstørrelse +1 prosentpoeng", "Position size +1 percentage point"),
    "retirement_one_year_later": ("Ett år senere pensjonering", "Retirement one year later"),
    "turnover_minus_1pp": ("Turnover −1 prosentpoeng", "Turnover −1 percentage point"),
    "all_three": ("Alle tre", "All three"),
}

#: Rates of ``resources/workforce_rates.csv`` in words (bokmål, English).
RATE_WORDS = {
    "turnover": ("Turnover", "Turnover"),
    "turnover_sector": ("Turnover i sektoren", "Turnover of the sector"),
    "turnover_age": ("Turnover etter alder", "Turnover by age"),
    "retirement": ("Avgang med pensjon", "Retirement"),
}

#: Evidence grades of the workforce resources in words (the notes stay in the CSV files).
EVIDENCE_WORDS = {
    "not found": ("ikke funnet – plassholder", "not found – a placeholder"),
    "assumption": ("antakelse", "assumption"),
}

#: Reference figures behind the sources note of notebook 04 (keys of ``resources/reference_figures``).
SOURCE_KEYS = ("ks_turnover_sector_2022", "ks_exit_age_65_67", "ks_recruitment_need_base", "ssb_80plus_growth_2050",
               "ks_avg_position_2023", "combined_position_typical", "trd_combined_positions")


def _check_language(language: str) -> str:
    if language not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {language!r}")
    return language


def text_(nb: str, en: str, language: str) -> str:
    """Pick the report text of ``language`` ("nb" or "en").

    Examples
    --------
    >>> text_("Ja", "Yes", "en")
    'Yes'
    """
    return nb if _check_language(language) == "nb" else en


def _num(x, language: str, decimals: int = 0) -> str:
    return format_number(x, decimals, language)


def _amount(x: float, language: str) -> str:
    """A large NOK amount in words: "4,9 mrd. kr" / "NOK 4.9 bn", "12 mill. kr" / "NOK 12 m".

    Examples
    --------
    >>> _amount(4.94e9, "nb"), _amount(12.3e6, "en")
    ('4,9 mrd. kr', 'NOK 12 m')
    """
    if abs(x) >= 1e9:
        return text_(f"{_num(x / 1e9, language, 1)} mrd. kr", f"NOK {_num(x / 1e9, language, 1)} bn", language)
    if abs(x) >= 1e6:
        return text_(f"{_num(x / 1e6, language, 0)} mill. kr", f"NOK {_num(x / 1e6, language, 0)} m", language)
    return format_nok(x, language=language)


def group_label(group: str, language: str = "nb") -> str:
    """Report label of a position group (the code itself when unknown).

    Examples
    --------
    >>> group_label("nurse"), group_label("nurse", "en"), group_label("pilot")
    ('Sykepleiere', 'Nurses', 'pilot')
    """
    g = position_groups().set_index("group")
    if group not in g.index:
        return str(group)
    return g.loc[group, "label_nb" if _check_language(language) == "nb" else "label_en"]


def scenario_label(scenario: str, language: str = "nb") -> str:
    """Report label of a scenario of :data:`~lifelong_analysis.analysis.workforce.KS_SCENARIOS`.

    Examples
    --------
    >>> scenario_label("all_three"), scenario_label("my_own", "en")
    ('Alle tre', 'my_own')
    """
    return text_(*SCENARIO_LABELS.get(scenario, (scenario, scenario)), language)


def check_report_parameters(
    *, municipality, occupations, horizon_year, position_share_change, retirement_delay, turnover_change,
    n_draws, seed, language, combined_positions: int = 0, standard_change: float = 0.0,
) -> dict:
    """Validate notebook 04's parameters; return them normalised (clear errors name the parameter).

    The analysis parameters go through
    :func:`lifelong_analysis.analysis.workforce.check_report_parameters`; this adds ``language``.

    Examples
    --------
    >>> p = check_report_parameters(municipality="5001", occupations="nurse", horizon_year=2040,
    ...                             position_share_change=0, retirement_delay=0, turnover_change=0,
    ...                             n_draws=0, seed=1, language="en")
    >>> p["groups"], p["language"]
    (['nurse'], 'en')
    """
    out = workforce.check_report_parameters(
        municipality=municipality, occupations=occupations, horizon_year=horizon_year,
        position_share_change=position_share_change, retirement_delay=retirement_delay,
        turnover_change=turnover_change, n_draws=n_draws, seed=seed, combined_positions=combined_positions,
        standard_change=standard_change)
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    out["language"] = language
    return out


def gap_table(table: pd.DataFrame, *, years: Sequence[int], language: str = "nb") -> pd.DataFrame:
    """Display table: per group, employees in the base year and the gap (årsverk, with band) in ``years``.

    Takes an already protected projection table (:func:`protect`); suppressed cells stay ":".
    """
    rows = []
    for g, d in table.groupby("group", sort=False):
        d = d.set_index("year")
        r = {text_("Stillingsgruppe", "Position group", language): group_label(g, language),
             text_("Ansatte i dag", "Employees today", language): d["n_employees_base"].iloc[0]}
        for y in years:
            gap, lo, hi = d.loc[y, "gap_fte"], d.loc[y, "gap_fte_p5"], d.loc[y, "gap_fte_p95"]
            r[text_(f"Gap {y}, årsverk", f"Gap {y}, FTE", language)] = gap
            r[text_(f"{y}: 90 % bånd", f"{y}: 90 % band", language)] = (
                ":" if isinstance(lo, str) else f"{_num(lo, language)} – {_num(hi, language)}")
        rows.append(r)
    return pd.DataFrame(rows)


def training_table(summary: pd.DataFrame, *, language: str = "nb") -> pd.DataFrame:
    """Display table of :func:`training_summary` with labels in the report language."""
    out = pd.DataFrame({
        text_("Fra", "From", language): [group_label(g, language) for g in summary["from_group"]],
        text_("Til", "To", language): [group_label(g, language) for g in summary["to_group"]],
        text_("Mangel ved horisonten, personer", "Shortage at the horizon, persons", language):
            summary["gap_persons_horizon"],
        text_("Må starte per år", "Must start per year", language): summary["starters_per_year"],
        text_("Fullfører i alt", "Complete in total", language): summary["completers_total"],
        text_("Flest studenter samtidig", "Most students at once", language): summary["students_peak"],
        text_("Ansatte i gruppen de kommer fra", "Employees in the group they come from", language):
            summary["pool_persons"],
    })
    return out


def cost_table(cost: pd.DataFrame, *, perspective: str = "cash", language: str = "nb") -> pd.DataFrame:
    """Display table: total training cost by path and payer (NOK, all years), one perspective."""
    d = cost[cost["perspective"] == perspective].assign(
        amount_nok=lambda x: pd.to_numeric(x["amount_nok"], errors="coerce"))
    if d.empty:
        return pd.DataFrame()
    piv = d.groupby(["path", "payer"], sort=False)["amount_nok"].sum(min_count=1).unstack("payer")
    piv = piv.loc[:, (piv.abs() > 0.5).any() | piv.isna().all()]
    piv[text_("I alt", "Total", language)] = piv.sum(1, min_count=1)
    piv = piv.astype(object).where(piv.notna(), ":")        # suppressed paths (disclosure control)
    paths_ = career_paths().set_index("path")
    piv.index = [f"{group_label(paths_.loc[p, 'from_group'], language)} → {group_label(paths_.loc[p, 'to_group'], language)}"
                 for p in piv.index]
    piv = piv.rename(columns={c: vocab.label("payer", c, language) for c in piv.columns if c in vocab.codes("payer")})
    piv.columns.name = None
    return piv.reset_index(names=text_("Utdanningsløp", "Programme", language))


def key_results(table: pd.DataFrame, summary: pd.DataFrame, cost: pd.DataFrame, *, horizon_year: int,
                language: str = "nb") -> str:
    """The 'Kort fortalt' summary: the largest shortage, what training closes, what it costs, who pays.

    The numbers are :func:`lifelong_analysis.analysis.workforce.key_numbers` of the published tables.
    """
    k = workforce.key_numbers(table, summary, cost, horizon_year=horizon_year)
    if not k["shown"]:
        return text_("**Kort fortalt.** Ingen stillingsgruppe har nok ansatte til å vises.",
                     "**In short.** No position group has enough employees to be shown.", language)
    total, top = k["total_gap_fte"], k["top"]
    if top is None:
        first = text_(f"**Kort fortalt.** Med dagens rekruttering og befolkningsframskrivingen mangler ingen av "
                      f"stillingsgruppene årsverk i {horizon_year}.",
                      f"**In short.** With today's hiring and the population projection no position group lacks "
                      f"staff in {horizon_year}.", language)
    else:
        first = text_(
            f"**Kort fortalt.** Hvis kommunen erstatter alle som slutter, men ikke mer, mangler den om lag "
            f"{_num(total, language)} årsverk i {horizon_year}, mest blant {group_label(top['group'], 'nb').lower()} "
            f"({_num(top['gap_fte'], language)} årsverk, 90 % bånd {_num(top['gap_fte_p5'], language)}–"
            f"{_num(top['gap_fte_p95'], language)}). Det er de eldste innbyggerne (80 år og over) som driver "
            "behovet i helse og omsorg.",
            f"**In short.** If the municipality replaces everyone who leaves, but no more, it lacks about "
            f"{_num(total, language)} FTE in {horizon_year}, most among {group_label(top['group'], 'en').lower()} "
            f"({_num(top['gap_fte'], language)} FTE, 90 % band {_num(top['gap_fte_p5'], language)}–"
            f"{_num(top['gap_fte_p95'], language)}). The oldest residents (80 and over) drive the need in health "
            "and care.", language)
    second = ""
    s = k["starters"]
    if len(s):
        parts_nb = [f"{_num(r.starters_per_year, language)} {group_label(r.from_group, 'nb').lower()} i året mot "
                    f"{group_label(r.to_group, 'nb').lower()}" for r in s.itertuples()]
        parts_en = [f"{_num(r.starters_per_year, language)} {group_label(r.from_group, 'en').lower()} a year towards "
                    f"{group_label(r.to_group, 'en').lower()}" for r in s.itertuples()]
        tot, mun = k["cash_total_nok"], k["cash_municipality_nok"]
        second = text_(
            f" Skal videreutdanning lukke gapet innen {horizon_year}, må " + "; ".join(parts_nb) + " begynne. "
            f"Det koster {_amount(tot, 'nb')} i kontanter over perioden, og kommunen bærer "
            f"{_amount(mun, 'nb')} av det (resten staten etter ordningene; flere satser er plassholdere).",
            f" For further education to close the gap by {horizon_year}, " + "; ".join(parts_en) + " must start. "
            f"That costs {_amount(tot, 'en')} in cash over the period, of which the municipality carries "
            f"{_amount(mun, 'en')} (the rest the state under the schemes; several rates are placeholders).",
            language)
    return first + second


def _evidence_words(evidence: str, language: str) -> str:
    e = str(evidence).strip().lower()
    for grade, words in EVIDENCE_WORDS.items():
        if e.startswith(grade):
            return words[0 if language == "nb" else 1]
    return str(evidence)


def not_found_table(*, language: str = "nb") -> pd.DataFrame:
    """The rates and paths flagged NOT FOUND or assumption, in words, with their value.

    Returns
    -------
    pandas.DataFrame with report headings: the rate (or career path), its value
    (share per year), and its grade in words.  The sources and notes are in
    ``resources/workforce_rates.csv`` and ``career_paths.csv``.

    Examples
    --------
    >>> t = not_found_table(language="en")
    >>> "Health workers → nurses" in set(t["Rate"]), "assumption" in set(t["Evidence"])
    (True, True)
    """
    i = 0 if _check_language(language) == "nb" else 1
    rows = []
    for x in workforce.not_found_rates().itertuples():
        if x.kind == "rate":
            who = text_("alle grupper", "all groups", language) if x.group == "all" \
                else group_label(x.group, language).lower()
            rate = RATE_WORDS.get(x.rate, (x.rate.replace("_", " "),) * 2)[i]
            what = f"{rate}, {who}, {x.age_from}–{x.age_to} {text_('år', 'years', language)}"
        else:
            what = f"{group_label(x.from_group, language)} → {group_label(x.to_group, language).lower()}"
        rows.append({"what": what, "value": x.value, "evidence": _evidence_words(x.evidence, language)})
    out = pd.DataFrame(rows, columns=["what", "value", "evidence"])
    return out.rename(columns={"what": text_("Sats", "Rate", language), "value": text_("Verdi", "Value", language),
                               "evidence": text_("Grunnlag", "Evidence", language)})


# --------------------------------------------------------------------------- the notebook's sentences
def title(place: str, language: str = "nb") -> str:
    """The report's title.

    Examples
    --------
    >>> title("Trondheim")
    'Kompetansebehov nå og framover: Trondheim'
    """
    return text_(f"Kompetansebehov nå og framover: {place}", f"Competence needs now and ahead: {place}", language)


def introduction(*, base_year: int, horizon_year: int, language: str = "nb") -> str:
    """What the report projects, from ``base_year`` to ``horizon_year``.

    Examples
    --------
    >>> introduction(base_year=2025, horizon_year=2040, language="en").split(":")[0][-30:]
    'year by year from 2025 to 2040'
    """
    return text_(
        f"Rapporten framskriver de ansatte i helse og omsorg, skole og barnehage år for år fra {base_year} til "
        f"{horizon_year}: hvem som blir eldre, slutter og går av med pensjon, hvem som kommer inn, og hvor mange "
        "årsverk tjenestene trenger når befolkningen endrer seg (de over 80 og 67–79 år for helse og omsorg, barn 1–5 "
        "år for barnehagene, 6–15 år for skolene). Gapet er behov minus tilbud dersom kommunen erstatter alle som "
        "slutter, men ikke ansetter flere. Så: hvor mye av gapet videreutdanning kan lukke, hva det koster og hvem som "
        "betaler.",
        f"The report projects the employees in health and care, schools and kindergartens year by year from {base_year} "
        f"to {horizon_year}: who grows older, leaves and retires, who comes in, and how many FTE the services need "
        "as the population changes (those over 80 and 67–79 for health and care, children 1–5 for kindergartens, 6–15 "
        "for schools). The gap is demand minus supply if the municipality replaces everyone who leaves but hires no "
        "more. Then: how much of the gap further education can close, what it costs and who pays.",
        language)


def describe_combined_positions(combined: pd.DataFrame, *, n_positions: int, language: str = "nb") -> str:
    """Combined municipality–university positions in words: the split, what each pays, the årsverk kept.

    Parameters
    ----------
    combined : :func:`lifelong_analysis.analysis.workforce.combined_positions` (row 0 the municipality,
        row 1 the university; ``share`` 0–1, ``amount_nok`` NOK per year, ``service_fte`` årsverk).
    n_positions : the number of positions costed.

    Examples
    --------
    >>> c = pd.DataFrame({"payer": ["municipality", "university"], "share": [0.8, 0.2],
    ...                   "amount_nok": [3_200_000.0, 800_000.0], "service_fte": [4.0, 0.0]})
    >>> describe_combined_positions(c, n_positions=5, language="en")[:82]
    '5 combined positions for nurses, 80/20 between the municipality and the university'
    >>> describe_combined_positions(c, n_positions=5, language="en").split(". ")[1]
    'The municipality keeps 4.0 FTE in its services'
    """
    mun, uni = combined["share"].iloc[0], combined["share"].iloc[1]
    a_mun, a_uni = combined["amount_nok"].iloc[0], combined["amount_nok"].iloc[1]
    fte = combined["service_fte"].iloc[0]
    return text_(
        f"{n_positions} kombinerte stillinger for sykepleiere, {round(100 * mun)}/{round(100 * uni)} mellom kommunen og "
        f"universitetet, koster kommunen {_num(a_mun, 'nb')} kr og universitetet {_num(a_uni, 'nb')} kr i året. "
        f"Kommunen beholder {_num(fte, 'nb', 1)} årsverk i tjenestene. Effekten på å beholde og rekruttere ansatte er "
        "ikke funnet i publiserte kilder.",
        f"{n_positions} combined positions for nurses, {round(100 * mun)}/{round(100 * uni)} between the municipality "
        f"and the university, cost the municipality NOK {_num(a_mun, 'en')} and the university NOK {_num(a_uni, 'en')} "
        f"a year. The municipality keeps {_num(fte, 'en', 1)} FTE in its services. The effect on keeping and "
        "recruiting staff was not found in published sources.",
        language)


def sources_note(language: str = "nb") -> str:
    """The sources of the workforce model, with the reference figures of :data:`SOURCE_KEYS`.

    Examples
    --------
    >>> sources_note("en").startswith("Sources: KS turnover statistics")
    True
    """
    return text_(
        "Kilder: KS turnoverstatistikk (per stilling 2021–22 og etter alder), SSB LÆRERMOD (likninger), KS "
        "rekrutteringsmodellen og følsomhetsscenariet (63 000 → 56 000), SSBs befolkningsframskriving 2024 (80+ dobles "
        "til 2050), Fafo-rapport 2020:31 om pensjonering. Hver sats med kilde står i "
        "lifelong_analysis/resources/workforce_rates.csv og career_paths.csv.\n\n",
        "Sources: KS turnover statistics (per position 2021–22 and by age), Statistics Norway's LÆRERMOD (equations), the "
        "KS recruitment model and its sensitivity case (63,000 → 56,000), Statistics Norway's 2024 population projection "
        "(80+ doubles by 2050), Fafo report 2020:31 on retirement. Every rate with its source is in "
        "lifelong_analysis/resources/workforce_rates.csv and career_paths.csv.\n\n",
        language) + reference.source_note(list(SOURCE_KEYS), language=language)
