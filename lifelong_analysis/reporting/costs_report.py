"""Notebook 01 in words: its parameter check, column headings, sentences and the assumptions table.

The analysis (:mod:`lifelong_analysis.analysis.costs`) computes tidy tables in NOK, hours and
shares; this module says them in the report's language (``"nb"`` bokmål or ``"en"`` English):
the headline ("Kort fortalt"), the rules used, the break-even sentences, the column headings and
the assumptions table with sources.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lifelong_analysis.analysis.costs import (check_formats, check_sector, cost_parameters, not_found_in_use,
                                              parameter_table, pension_scheme_for)
from lifelong_analysis.data import vocab
from lifelong_analysis.paths import RESOURCES_DIR
from lifelong_analysis.reporting.formatting import format_estimate, format_nok, format_number, format_share
from lifelong_analysis.reporting.parameters import check_kommunenummer


def check_report_parameters(
    *,
    municipality,
    sector,
    formats,
    study_points,
    n_participants,
    n_draws,
    seed,
    language,
) -> dict:
    """Validate and normalise the parameters of notebook 01.

    papermill's ``-p`` may deliver numbers as strings and kommune numbers as
    integers (``5001``, ``301``); they are coerced here.  A bad value raises
    ``ValueError`` naming the valid values.

    Returns
    -------
    dict
        ``municipality`` (4-character str), ``sector``, ``formats`` (list),
        ``study_points`` (float), ``n_participants``, ``n_draws``, ``seed`` (int)
        and ``language``.

    Examples
    --------
    >>> check_report_parameters(municipality=5001, sector="kindergarten", formats="digital_self_paced",
    ...     study_points="15", n_participants=3, n_draws=100, seed=1, language="en")["municipality"]
    '5001'
    """
    if language not in vocab.LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Valid values: {', '.join(vocab.LANGUAGES)}.")
    sector = check_sector(sector)
    formats = check_formats(formats)

    def number(name, value, kind):
        try:
            v = kind(float(value)) if kind is int else float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, got {value!r}") from None
        if kind is int and float(value) != v:
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        return v

    out = {
        "municipality": None if municipality is None else check_kommunenummer(municipality),
        "sector": sector,
        "formats": formats,
        "study_points": number("study_points", study_points, float),
        "n_participants": number("n_participants", n_participants, int),
        "n_draws": number("n_draws", n_draws, int),
        "seed": number("seed", seed, int),
        "language": language,
    }
    if out["municipality"] is None:
        raise ValueError("municipality is required, e.g. '5001' (Trondheim)")
    if out["study_points"] <= 0 or out["study_points"] > 120:
        raise ValueError(f"study_points must be above 0 and at most 120, got {study_points!r}")
    if out["n_participants"] < 1:
        raise ValueError(f"n_participants must be at least 1, got {n_participants!r}")
    if out["n_draws"] < 100:
        raise ValueError(f"n_draws must be at least 100 for stable P5/P95, got {n_draws!r}")
    return out


def describe_break_even(row: Mapping, *, language: str = "nb") -> str:
    """One sentence (bokmål or English) describing a row of :func:`break_even_table`."""

    a = vocab.label("delivery_format", row["format_a"], language)
    b = vocab.label("delivery_format", row["format_b"], language)
    tot = {"cash_cost_nok": ("kontantkostnaden", "the cash cost"),
           "economic_cost_nok": ("den samfunnsøkonomiske kostnaden", "the economic cost")}[row["total"]]
    tot = tot[0] if language == "nb" else tot[1]
    x = row["break_even"]
    if row["input"] == "p_qualified_available":
        if not np.isfinite(x):
            cheaper = vocab.label("delivery_format", row["cheaper_at_low"], language)
            return (f"{a} mot {b}, {tot}: ingen likevekt – {cheaper} er billigst uansett tilgang på kvalifiserte vikarer."
                    if language == "nb" else
                    f"{a} vs {b}, {tot}: no break-even – {cheaper} is cheaper at any availability of qualified substitutes.")
        share = format_share(x, 1, language)
        return (f"{a} mot {b}, {tot}: like dyre når {share} av timene kan dekkes av kvalifisert vikar."
                if language == "nb" else
                f"{a} vs {b}, {tot}: equally costly when {share} of the hours can be covered by a qualified substitute.")
    if not np.isfinite(x):
        return (f"{a} mot {b}, {tot}: ingen likevekt for direkte kostnader mellom 0 og 10 mrd. kr."
                if language == "nb" else f"{a} vs {b}, {tot}: no break-even for direct costs between 0 and NOK 10 bn.")
    return (f"{a} mot {b}, {tot}: {a.lower()} er billigst så lenge de direkte kostnadene er under {format_nok(x, language=language)}."
            if language == "nb" else
            f"{a} vs {b}, {tot}: {a.lower()} is cheaper as long as its direct costs stay below {format_nok(x, language=language)}.")


_COLUMN_LABELS = {
    "delivery_format": ("Gjennomføringsform", "Delivery format"),
    "sector": ("Tjenesteområde", "Sector"),
    "hours_away_per_sp": ("Timer borte per studiepoeng", "Hours away per study point"),
    "hours_away": ("Timer borte i alt", "Hours away, total"),
    "direct_cost_nok": ("Direkte kostnader", "Direct costs"),
    "substitute_cover_nok": ("Vikarer og overtid", "Substitutes and overtime"),
    "cash_cost_nok": ("Kontantkostnad", "Cash cost"),
    "pac_nok": ("Fraværskostnad (PAC)", "Personnel absence cost"),
    "uncovered_value_nok": ("Tjenestetap: verdi av udekkede timer (ikke i totalene)",
                            "Service loss: value of uncovered hours (not in the totals)"),
    "hours_uncovered": ("Udekkede timer", "Hours uncovered"),
    "economic_cost_nok": ("Samfunnsøkonomisk kostnad (direkte + PAC)", "Economic cost (direct + PAC)"),
    "hourly_labour_cost_nok": ("Timekostnad per arbeidet time", "Labour cost per hour worked"),
    "substitute_hourly_pay_nok": ("Timelønn kvalifisert vikar", "Qualified substitute's hourly pay"),
    "share_qualified": ("Kvalifisert vikar", "Qualified substitute"),
    "share_unqualified": ("Ufaglært vikar", "Unqualified substitute"),
    "share_overtime": ("Overtid", "Overtime"),
    "share_uncovered": ("Ikke dekket", "Not covered"),
    "cash_cost_nok_p5": ("Kontant P5", "Cash P5"),
    "cash_cost_nok_p50": ("Kontant P50", "Cash P50"),
    "cash_cost_nok_p95": ("Kontant P95", "Cash P95"),
    "economic_cost_nok_p5": ("Samfunnsøk. P5", "Economic P5"),
    "economic_cost_nok_p50": ("Samfunnsøk. P50", "Economic P50"),
    "economic_cost_nok_p95": ("Samfunnsøk. P95", "Economic P95"),
    "n_participants": ("Deltakere", "Participants"),
    "id": ("Parameter", "Parameter"),
    "value": ("Verdi", "Value"),
    "unit": ("Enhet", "Unit"),
    "evidence": ("Evidens", "Evidence"),
    "source": ("Kilde", "Source"),
}


def column_labels(language: str = "nb") -> dict[str, str]:
    """Report headings of the result columns in ``language`` ("nb" or "en")."""
    if language not in vocab.LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Valid values: {', '.join(vocab.LANGUAGES)}.")
    i = 0 if language == "nb" else 1
    return {k: v[i] for k, v in _COLUMN_LABELS.items()}


def parameter_display_table(language: str = "nb") -> pd.DataFrame:
    """The parameter table for a report: values formatted the Norwegian (or English) way.

    Returns
    -------
    pandas.DataFrame
        ``id`` (the parameter's name in words, from
        ``resources/cost_parameter_labels.csv``), ``value`` (str: whole numbers
        grouped, "1 698", other values with up to 3 decimals, "0,141"), ``unit``
        (in the report language), ``evidence``, ``source`` (the package's own
        notes such as "assumption of the package" in the report language; titles
        of sources as published).
    """

    t = parameter_table()

    def fmt(v: float) -> str:
        if float(v).is_integer():
            return format_number(v, 0, language)
        s = format_number(v, 3, language)
        return s.rstrip("0")

    t["value"] = t["value"].map(fmt)
    labels = pd.read_csv(RESOURCES_DIR / "cost_parameter_labels.csv", dtype=str).set_index("id")
    lang = "nb" if language == "nb" else "en"
    # a parameter without a row in the labels file keeps its id (tests/test_report_language.py flags it)
    t["unit"] = t["id"].map(labels[f"unit_{lang}"]).fillna(t["unit"])
    t["id"] = t["id"].map(labels[f"label_{lang}"]).fillna(t["id"])
    if lang == "nb":
        t["source"] = t["source"].map(_source_nb)
    return t[["id", "value", "unit", "evidence", "source"]]


#: Short report names of the not-found placeholders a headline may rest on.
NOT_FOUND_LABELS = {
    "agency_share": ("bruk av bemanningsbyrå (ikke modellert)", "agency use (not modelled)"),
    "release_share_30sp.digital_self_paced": ("timer borte ved digitale studier", "hours away in digital study"),
    "release_share_30sp.work_integrated": ("timer borte ved arbeidsplassbasert opplæring",
                                           "hours away in work-integrated training"),
    "sick_pay_employer_share": ("arbeidsgiverens andel av sykelønnen", "the employer's share of sick pay"),
    "pension_rate.spk": ("pensjonssatsen i SPK for lærere", "the SPK pension rate of teachers"),
    "direct_cost_price_factor": ("prisjustering av direkte kostnader fra 2014", "price adjustment of 2014 direct costs"),
}


def key_results(summary: pd.DataFrame, *, sector: str, study_points: float, n_participants: int,
                language: str = "nb", parameters: Mapping[str, float] | None = None) -> str:
    """Short Markdown summary of notebook 01 for decision makers ("Kort fortalt" / "In short").

    The cash cost of the cheapest and the dearest delivery format and their
    economic cost (direct + PAC), each rounded to three significant figures
    with its P5–P95 range (:func:`~lifelong_analysis.reporting.formatting.format_estimate`,
    "om lag 2,24 mill. kr (1,91–2,63)"); the tables keep full kroner.  The
    paragraph names the not-found placeholders the figures rest on
    (:func:`not_found_in_use`).

    Parameters
    ----------
    summary : :func:`cost_summary` (columns ``cash_cost_nok``, ``economic_cost_nok``
        and their ``_p5`` / ``_p95``).
    sector, study_points, n_participants : the programme.
    language : "nb" or "en".
    parameters : the cost-parameter overrides used (they are not placeholders).

    Examples
    --------
    >>> s = pd.DataFrame({"delivery_format": ["digital_self_paced", "classroom_full_day"],
    ...     "cash_cost_nok": [1.0e6, 2.236e6], "cash_cost_nok_p5": [0.9e6, 1.912e6],
    ...     "cash_cost_nok_p95": [1.1e6, 2.634e6], "economic_cost_nok": [1.2e6, 2.5e6],
    ...     "economic_cost_nok_p5": [1.1e6, 2.3e6], "economic_cost_nok_p95": [1.3e6, 2.7e6]})
    >>> "om lag 2,24\xa0mill.\xa0kr (1,91–2,63)" in key_results(s, sector="kindergarten", study_points=30,
    ...                                                            n_participants=20)
    True
    """

    if language not in vocab.LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Valid values: {', '.join(vocab.LANGUAGES)}.")
    nb = language == "nb"
    order = summary.sort_values("cash_cost_nok")
    lo, hi = order.iloc[0], order.iloc[-1]

    def est(row, total):
        return format_estimate(row[total], row.get(f"{total}_p5"), row.get(f"{total}_p95"), language=language)

    def fmt(row):
        return vocab.label("delivery_format", row["delivery_format"], language).lower()

    sec = vocab.label("sector", sector, language).lower()
    sp = format_number(study_points, 0, language)
    nf = not_found_in_use(sector=sector, formats=list(summary["delivery_format"]), parameters=parameters)
    names = [NOT_FOUND_LABELS.get(i, (i, i))[0 if nb else 1] for i in nf]
    if nb:
        text = (f"**Kort fortalt.** Et program på {sp} studiepoeng for {int(n_participants)} ansatte i {sec} koster "
                f"kommunen fra {est(lo, 'cash_cost_nok')} for {fmt(lo)} til {est(hi, 'cash_cost_nok')} for {fmt(hi)} "
                "i kontanter. Det meste er ikke kursavgiften, men vikarer og overtid mens de ansatte er borte fra jobb. "
                "Den samfunnsøkonomiske kostnaden – direkte kostnader pluss verdien av arbeidstiden som går med "
                f"(Eurostats CVTS-begrep) – er {est(lo, 'economic_cost_nok')} til {est(hi, 'economic_cost_nok')}. "
                "Tallene er avrundet til tre gjeldende siffer; i parentes P5–P95 fra simuleringen. "
                "Timer som ikke blir dekket, er vist for seg som tjenestetap og er ikke lagt til noen av summene.")
        if names:
            text += (" Tallene hviler delvis på plassholdere som ikke er funnet i kildene: " + ", ".join(names)
                     + " (se forutsetningene nederst).")
    else:
        text = (f"**In short.** A programme of {sp} study points for {int(n_participants)} employees in {sec} costs "
                f"the municipality from {est(lo, 'cash_cost_nok')} for {fmt(lo)} to {est(hi, 'cash_cost_nok')} "
                f"for {fmt(hi)} in cash. Most of it is not the course fee but substitutes and overtime while the "
                "employees are away from work. The economic cost – direct costs plus the value of the working time "
                f"used (the Eurostat CVTS concept) – is {est(lo, 'economic_cost_nok')} to "
                f"{est(hi, 'economic_cost_nok')}. Amounts are rounded to three significant figures; in brackets "
                "P5–P95 from the simulation. Hours left uncovered are shown separately as a service loss and are "
                "added to neither total.")
        if names:
            text += (" The figures rest partly on placeholders not found in the sources: " + ", ".join(names)
                     + " (see the assumptions at the end).")
    return text


def describe_rules(scenarios: pd.DataFrame, summary: pd.DataFrame, *, language: str = "nb",
                   parameters: Mapping[str, float] | None = None) -> str:
    """Markdown: the labour-cost and cover rules behind the figures of notebook 01, with their values.

    Names the hourly labour cost per hour actually worked (sick leave and the
    NAV refund rule), the pension scheme and rate, the qualified substitute's
    pay and its rule, and the overtime divisor with its grade.

    Parameters
    ----------
    scenarios : :func:`format_scenarios`.
    summary : :func:`scenario_costs` or :func:`cost_summary` of them.
    """

    p = cost_parameters(parameters)
    s, r = scenarios.iloc[0], summary.iloc[0]
    nb = language == "nb"
    scheme = pension_scheme_for(str(s["sector"]))
    pens = format_share(float(s["pension_rate"]), 1, language)
    sick = format_share(float(s["sick_leave_share"]), 1, language)
    hours = format_number(float(s["annual_hours_worked"]) * (1 - float(s["sick_leave_share"])), 0, language)
    rule = str(s.get("substitute_pay_rule", ""))
    rule_txt = {
        "substitutes_table_occupation": ("vikartabellens sats for yrket", "the substitutes table's rate for the occupation"),
        "workforce_pay_of_occupation": ("lønnen til yrket i personaldataene", "the workforce pay of the occupation"),
        "workforce_pay_of_sector": ("gjennomsnittslønnen i sektoren i personaldataene", "the sector's average pay in the workforce data"),
        "override": ("en overstyrt verdi", "an overridden value"),
    }.get(rule, (rule, rule))[0 if nb else 1]
    div = format_number(p["overtime_hours_divisor"], 0, language)
    if nb:
        return (
            f"**Regler brukt.** Timekostnaden er per *arbeidet* time (som i CVTS og SSBs arbeidskraftkostnadsundersøkelse): "
            f"{format_nok(r['hourly_labour_cost_nok'], language=language)} for en typisk deltaker, fordi sykefraværet "
            f"({sick}) trekkes fra timene ({hours} timer i året i full stilling) og arbeidsgiveren får refusjon fra NAV "
            f"for sykepenger etter arbeidsgiverperioden (16 dager) opp til 6 G. Pensjon: {scheme.upper()} med {pens}"
            + (" (SPK-satsen for lærere er ikke funnet – plassholder)" if scheme == "spk" else
               " (gjennomsnitt rapportert av kommunene 2019, sekundærkilde)")
            + f". En kvalifisert vikar får lønn som den ansatte som er borte: "
            f"{format_nok(float(s['substitute_hourly_pay_nok']), language=language)} per time ({rule_txt}). "
            f"Overtid regnes av årslønn / {div} timer (delingstallet i tariffavtalene; ikke bekreftet for KS). "
            "Direkte kostnader per studiepoeng er 2014-kroner som ikke er prisjustert.")
    return (
        f"**Rules used.** The labour cost is per hour *actually worked* (as in CVTS and the Labour Cost Survey): "
        f"{format_nok(r['hourly_labour_cost_nok'], language=language)} for a typical participant, because sick leave "
        f"({sick}) is deducted from the hours ({hours} hours a year full time) and the employer is refunded sick pay by "
        f"NAV after the employer period (16 days) up to 6 G. Pension: {scheme.upper()} at {pens}"
        + (" (the SPK rate of teachers was not found – a placeholder)" if scheme == "spk" else
           " (average reported by municipalities 2019, secondary source)")
        + f". A qualified substitute is paid like the absent employee: "
        f"{format_nok(float(s['substitute_hourly_pay_nok']), language=language)} per hour ({rule_txt}). "
        f"Overtime is based on annual pay / {div} hours (the agreements' divisor; not confirmed for KS). "
        "Direct costs per study point are 2014 kroner, not price-adjusted.")


def _source_nb(source: str) -> str:
    """A source note of ``cost_parameters.csv`` with the package's own English words in bokmål."""
    for en, nb in _SOURCE_NB.items():
        source = source.replace(en, nb)
    return source


#: The package's own words in the source notes of cost_parameters.csv, in bokmål.
_SOURCE_NB = {
    "not found (placeholder: the municipal average of PBL 2019)":
        "ikke funnet (plassholder: kommunenes gjennomsnitt, PBL 2019)",
    "Hovedtariffavtalen clause 'Divisor' as quoted by lawinsider.com (secondary; KS HTA not confirmed)":
        "Hovedtariffavtalen, bestemmelsen «Divisor», sitert av lawinsider.com (sekundærkilde; ikke bekreftet for KS)",
    "Folketrygdloven §§ 8-10, 8-19 (rule); share not found":
        "Folketrygdloven §§ 8-10, 8-19 (regelen); andelen er ikke funnet",
    "not applied (SSB KPI table 03013 would be the index)":
        "ikke brukt (SSBs KPI, tabell 03013, ville vært indeksen)",
    "assumption of the package (CVTS-style valuation of time at labour cost)":
        "forutsetning i pakken (tid verdsatt til lønnskostnad, som i CVTS)",
    "ECTS Users' Guide 2015 (60 ECTS = a full-time year of study)":
        "ECTS Users' Guide 2015 (60 studiepoeng = ett år fulltidsstudium)",
    "assumption of the package": "forutsetning i pakken",
    "arithmetic by the package": "utregnet i pakken",
    "(secondary source)": "(sekundærkilde)",
    "Altinn worked example": "Altinn, regneeksempel",
    "KS (heltid/deltid definitions)": "KS (definisjoner av heltid og deltid)",
    "KLP (membership rules)": "KLP (medlemsregler)",
    "PBL 2019 (rate)": "PBL 2019 (sats)",
    "not found": "ikke funnet",
}


def pay_basis_hidden_note(language: str = "nb") -> str:
    """The warning shown when the sector's pay basis is suppressed (too few employees to show it).

    Every cost figure of notebook 01 rests on the sector's mean pay, so such a report must not be
    published as it is.

    >>> pay_basis_hidden_note("en")[:9]
    '**Note:**'
    """
    if language not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {language!r}")
    return ("**Merk:** lønnsgrunnlaget for tjenesteområdet har for få ansatte til å vises; kostnadstallene under "
            "bygger på det og må ikke publiseres." if language == "nb" else
            "**Note:** the pay basis of the sector has too few employees to be shown; the cost figures below rest "
            "on it and must not be published.")


def _check_language(language: str) -> bool:
    """True for bokmål; a ValueError naming the valid values otherwise."""
    if language not in vocab.LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Valid values: {', '.join(vocab.LANGUAGES)}.")
    return language == "nb"


def report_title(*, sector: str, municipality: str, language: str = "nb") -> str:
    """The title of notebook 01 (without the Markdown ``#``): the question, the sector and the municipality.

    Parameters
    ----------
    sector : a code of ``vocab.SECTOR``.
    municipality : kommunenummer, 4 characters.
    language : "nb" or "en".

    Examples
    --------
    >>> report_title(sector="kindergarten", municipality="5001", language="en")
    'What do absence and substitutes cost in further education? Kindergarten, Trondheim'
    """
    nb = _check_language(language)
    place = vocab.municipality_name(municipality)
    sector_name = vocab.label("sector", sector, language)
    if nb:
        return f"Hva koster fravær og vikarer ved etter- og videreutdanning? {sector_name}, {place}"
    return f"What do absence and substitutes cost in further education? {sector_name}, {place}"


def hours_away_text(summary: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown under the cost table: where the hours away come from and a participant's hourly cost.

    Parameters
    ----------
    summary : :func:`cost_summary` (column ``hourly_labour_cost_nok``, NOK per hour actually
        worked; the first row's value is named, it is the same for every format).
    language : "nb" or "en".

    Examples
    --------
    >>> s = pd.DataFrame({"hourly_labour_cost_nok": [612.4]})
    >>> hours_away_text(s, language="en").split("\\n")[2]
    'overridden (see the assumptions at the end). A typical participant has a full labour cost of'
    >>> hours_away_text(s, language="en").split("\\n")[3][:25]
    'NOK\\xa0612 per hour actually'
    """
    nb = _check_language(language)
    cost = format_nok(summary["hourly_labour_cost_nok"].iloc[0], language=language)
    if nb:
        return f"""Timer borte per studiepoeng bygger på frikjøpsregelen i Kompetanse for kvalitet (37,5 % av full stilling for
30 studiepoeng på ett år) for deltidsstudier med samlinger; de andre formene er antakelser som kan overstyres
(se forutsetningene nederst). En typisk deltaker har en full kostnad på
{cost} per arbeidet time. Den siste kolonnen er
tjenestetapet – timer som ikke blir dekket – som ikke inngår i noen av summene (verdien av dem står i tabellene)."""
    return f"""Hours away per study point build on the release rule of Kompetanse for kvalitet (37.5 % of a full position for
30 study points in one year) for part-time study with gatherings; the other formats are assumptions that can be
overridden (see the assumptions at the end). A typical participant has a full labour cost of
{cost} per hour actually worked. The last column is
the service loss – hours left uncovered – which is part of neither total (their value is in the tables)."""


def cover_text(scenarios: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown under the cover table: the share of hours a qualified substitute can cover, and the rest.

    Parameters
    ----------
    scenarios : :func:`format_scenarios` (columns ``sector`` and ``p_qualified_available``, 0–1;
        the first row is named, both are the same for every format).
    language : "nb" or "en".

    Examples
    --------
    >>> sc = pd.DataFrame({"sector": ["kindergarten"], "p_qualified_available": [0.454]})
    >>> cover_text(sc, language="en").split("\\n")[0]
    'In kindergarten, 45 % of the hours can be'
    >>> cover_text(sc).split("\\n")[0]
    'I barnehage kan 45 % av timene dekkes'
    """
    nb = _check_language(language)
    sector_name = vocab.label("sector", str(scenarios["sector"].iloc[0]), language).lower()
    share = format_number(100 * float(scenarios["p_qualified_available"].iloc[0]), 0, language)
    if nb:
        return f"""I {sector_name} kan {share} % av timene dekkes
av en kvalifisert vikar. Resten faller på ufaglærte vikarer, på kolleger som jobber overtid, eller blir ikke dekket –
da er det brukerne som får et dårligere tilbud. Kommunen betaler vikarene og overtiden; de udekkede timene koster ikke
penger, men tjenester."""
    return f"""In {sector_name}, {share} % of the hours can be
covered by a qualified substitute. The rest falls on unqualified substitutes, on colleagues working overtime, or is not
covered at all – then the service users get less. The municipality pays the substitutes and the overtime; the
uncovered hours cost services, not money."""


def uncertainty_text(n_draws: int, *, language: str = "nb") -> str:
    """Markdown before the uncertainty figure: what is uncertain and how many simulations give the interval.

    Parameters
    ----------
    n_draws : number of Monte Carlo draws.
    language : "nb" or "en".

    Examples
    --------
    >>> uncertainty_text(20000).split("\\n")[0]
    'Tilgangen på vikarer, lønn, overtidstillegg og timer borte er usikre. 20\\u202f000'
    """
    nb = _check_language(language)
    n = format_number(n_draws, 0, language)
    if nb:
        return f"""Tilgangen på vikarer, lønn, overtidstillegg og timer borte er usikre. {n}
simuleringer (Monte Carlo) gir et intervall der kostnaden havner i 90 av 100 tilfeller (P5–P95), med medianen (P50) som prikk."""
    return f"""Substitute availability, pay, overtime premiums and hours away are uncertain. {n}
simulations (Monte Carlo) give an interval holding the cost in 90 of 100 cases (P5–P95), with the median (P50) as a dot."""


def sensitivity_text(delivery_format: str, *, language: str = "nb") -> str:
    """Markdown before the tornado figure: which format it shows and how the inputs are varied.

    Parameters
    ----------
    delivery_format : a code of ``vocab.DELIVERY_FORMAT`` (the notebook shows the dearest format).
    language : "nb" or "en".

    Examples
    --------
    >>> sensitivity_text("work_integrated", language="en").split("\\n")[0]
    'The figure shows how much the cash cost of work-integrated'
    """
    nb = _check_language(language)
    name = vocab.label("delivery_format", delivery_format, language).lower()
    if nb:
        return f"""Figuren viser hvor mye kontantkostnaden for {name}
endres når én størrelse om gangen settes til en lav (P5) eller høy (P95) verdi og alt annet holdes fast."""
    return f"""The figure shows how much the cash cost of {name}
changes when one input at a time is set to a low (P5) or high (P95) value with everything else held fixed."""


def break_even_list(break_even: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown list, one item per row of :func:`break_even_table` (:func:`describe_break_even`).

    Examples
    --------
    >>> be = pd.DataFrame({"format_a": ["digital_self_paced"], "format_b": ["classroom_full_day"],
    ...     "total": ["cash_cost_nok"], "input": ["p_qualified_available"], "break_even": [0.25],
    ...     "cheaper_at_low": ["digital_self_paced"]})
    >>> break_even_list(be, language="en")
    '* Digital, self-paced vs Full-day classroom, the cash cost: equally costly when 25.0% of the hours can be covered by a qualified substitute.'
    """
    _check_language(language)
    return "\n".join("* " + describe_break_even(r, language=language) for r in break_even.to_dict("records"))


def recorded_courses_text(activity: pd.DataFrame, *, municipality: str, min_participants: int = 5,
                          language: str = "nb") -> str:
    """Markdown before the tables of recorded courses: how many participations, and what ":" means.

    Parameters
    ----------
    activity : :func:`municipal_activity_costs`, one row per recorded participation.
    municipality : kommunenummer, 4 characters.
    min_participants : smallest group shown (groups with fewer show ":").
    language : "nb" or "en".

    Examples
    --------
    >>> recorded_courses_text(pd.DataFrame({"x": range(1234)}), municipality="5001", language="en").split(". ")[0]
    'Trondheim has 1\\u202f234 recorded participations in further education in the data'
    """
    nb = _check_language(language)
    place = vocab.municipality_name(municipality)
    n = format_number(len(activity), 0, language)
    k = format_number(min_participants, 0, language)
    if nb:
        return f"""{place} har {n} registrerte deltakelser i etter- og videreutdanning i dataene. Tabellen viser
summene per tjenesteområde og per gjennomføringsform; grupper med færre enn {k} deltakere, og tall som ellers kunne regnes ut av dem, vises som «:»."""
    return f"""{place} has {n} recorded participations in further education in the data. The tables show the totals
per sector and per delivery format; groups with fewer than {k} participants, and figures from which they could be worked out, show ":"."""
