"""Notebook 02 in words: labels of the Digital Skills Indicator levels and the reference comparison.

The analysis (:mod:`lifelong_analysis.analysis.dsi`, :mod:`lifelong_analysis.analysis.skills`)
computes shares (0–1) and counts; this module names them in the report's language (``"nb"``
bokmål or ``"en"`` English).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lifelong_analysis.analysis.skills import (GROUP_BY_OPTIONS, TOTAL_ALL_SECTORS, TOTAL_SELECTION, UNKNOWN_GROUP,
                                              stable_mask, stable_terms)
from lifelong_analysis.data import vocab
from lifelong_analysis.data.reference import published_figures
from lifelong_analysis.reporting.display import text
from lifelong_analysis.reporting.formatting import format_number, format_share


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


def check_report_parameters(*, municipality, sector, group_by, weight_column, min_cell_size, language) -> dict:
    """Validate the parameters of notebook 02; a bad value stops with a message naming the valid ones.

    Returns
    -------
    dict of the checked values (``municipality`` as a 4-character string,
    ``min_cell_size`` as int, ``weight_column`` None or a name).
    """
    muni = str(municipality).strip()
    if muni.isdigit() and len(muni) < 4:
        muni = muni.zfill(4)
    if not (len(muni) == 4 and muni.isdigit()):
        raise ValueError(f"municipality must be a 4-digit kommunenummer as text, e.g. '5001' (Trondheim); got {municipality!r}")
    if sector != "all":
        vocab.check_codes("sector", sector, what="sector")
    if group_by not in GROUP_BY_OPTIONS:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY_OPTIONS)}; got {group_by!r}")
    if weight_column in ("", "None", "none"):
        weight_column = None
    if weight_column is not None and not isinstance(weight_column, str):
        raise ValueError(f"weight_column must be a column name or None; got {weight_column!r}")
    try:
        k = int(min_cell_size)
    except (TypeError, ValueError):
        raise ValueError(f"min_cell_size must be a whole number ≥ 1; got {min_cell_size!r}") from None
    if k < 1 or k != float(min_cell_size):
        raise ValueError(f"min_cell_size must be a whole number ≥ 1; got {min_cell_size!r}")
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en'; got {language!r}")
    return {"municipality": muni, "sector": sector, "group_by": group_by, "weight_column": weight_column,
            "min_cell_size": k, "language": language}


def group_label(group_by: str, code, language: str = "nb", *, sector: str = "all") -> str:
    """Report label of a group code of :func:`report_tables`.

    Parameters
    ----------
    group_by : the grouping column (see :data:`GROUP_BY_OPTIONS`) or "focus"
        (groups of the ``focus_*`` tables: a sector code and "other").
    code : group code.
    language : "nb" or "en".
    sector : the ``sector`` given to :func:`report_tables`; names the total of a
        one-sector selection.

    >>> group_label("occupation", "all_in_selection", "en", sector="health_care")
    'All in health and care'
    >>> group_label("sector", "all_sectors", "nb")
    'Alle tjenesteområder'
    >>> group_label("focus", "other", "en")
    'Other sectors'
    """
    if code == TOTAL_ALL_SECTORS:
        return text("Alle tjenesteområder", "All sectors", language)
    if code == TOTAL_SELECTION:
        if sector == "all":
            return text("Alle i utvalget", "All in selection", language)
        name = vocab.label("sector", sector, language)
        name = name if name[1:2].isupper() else name[:1].lower() + name[1:]
        return text(f"Alle i {name}", f"All in {name}", language)
    if code == UNKNOWN_GROUP:
        return text("Ikke oppgitt", "Not given", language)
    if group_by == "focus":
        if code == "other":
            return text("Andre tjenesteområder", "Other sectors", language)
        group_by = "sector"
    if group_by in vocab.VOCABULARIES:
        return vocab.label(group_by, code, language)
    return str(code)


def label_groups(table: pd.DataFrame, group_by: str, language: str = "nb", *, sector: str = "all",
                 column: str = "group") -> pd.DataFrame:
    """``table`` with the group codes in ``column`` replaced by their report labels (:func:`group_label`)."""
    return table.assign(**{column: [group_label(group_by, g, language, sector=sector) for g in table[column]]})


def summary_text(key: dict, refs: pd.DataFrame, *, scope: str, weight_text: str, top_area: str,
                 language: str = "nb") -> str:
    """The "Kort fortalt" paragraph of notebook 02, in words also when a figure is suppressed.

    Parameters
    ----------
    key : :func:`key_figures` of the protected tables (":" where suppressed).
    refs : :func:`lifelong_analysis.reporting.skills_report.compare_with_reference` (rows 2 and 3: Norway, EU).
    scope, weight_text, top_area : words for the selection, the weighting and the area with the
        largest gap (already in the report language).

    >>> import pandas as pd
    >>> refs = pd.DataFrame({"share": [float("nan"), 0.8, 0.56], "reference_period": ["", "2023", "2023"]})
    >>> summary_text({"at_least_basic": ":", "ci_low": ":", "ci_high": ":", "n": ":", "top_gap_share": ":"},
    ...              refs, scope="all sectors", weight_text="weighted", top_area="safety", language="en")[:80]
    '**In short.** Too few answers to estimate the share of the employees who answere'
    """
    def shown(v):
        return v is not None and not isinstance(v, str) and pd.notna(v)

    lang = language
    nor, eu, year = refs["share"].iloc[1], refs["share"].iloc[2], refs["reference_period"].iloc[2]
    n_text = (text(f"{format_number(key['n'], 0, lang)} personer", f"{format_number(key['n'], 0, lang)} persons", lang)
              if shown(key["n"]) else text("antall svar vises ikke", "number of answers not shown", lang))
    if shown(key["at_least_basic"]):
        ci = (text(f" (95 % konfidensintervall {format_share(key['ci_low'], 0, lang)}–{format_share(key['ci_high'], 0, lang)})",
                   f" (95 % confidence interval {format_share(key['ci_low'], 0, lang)}–{format_share(key['ci_high'], 0, lang)})", lang)
              if shown(key["ci_low"]) and shown(key["ci_high"]) else "")
        first = text(f"**Kort fortalt.** {format_share(key['at_least_basic'], 0, lang)} av de ansatte som svarte "
                     f"({scope.lower()}, {n_text}, {weight_text}) har minst grunnleggende digitale ferdigheter "
                     f"etter Eurostats indikator{ci}.",
                     f"**In short.** {format_share(key['at_least_basic'], 0, lang)} of the employees who answered "
                     f"({scope.lower()}, {n_text}, {weight_text}) have at least basic digital skills by Eurostat's "
                     f"indicator{ci}.", lang)
    else:
        first = text(f"**Kort fortalt.** For få svar til å anslå andelen av de ansatte som svarte ({scope.lower()}) "
                     "som har minst grunnleggende digitale ferdigheter etter Eurostats indikator.",
                     f"**In short.** Too few answers to estimate the share of the employees who answered "
                     f"({scope.lower()}) with at least basic digital skills by Eurostat's indicator.", lang)
    second = text(f" Til sammenligning: {format_share(nor, 0, lang)} i hele den norske befolkningen 16–74 år og "
                  f"{format_share(eu, 0, lang)} i EU ({year}).",
                  f" For comparison: {format_share(nor, 0, lang)} of Norway's whole population aged 16–74 and "
                  f"{format_share(eu, 0, lang)} in the EU ({year}).", lang)
    if shown(key["top_gap_share"]):
        third = text(f" Størst er gapet mellom det jobben krever og det de ansatte selv mener de kan i området "
                     f"**{top_area}**: {format_share(key['top_gap_share'], 0, lang)} ligger under kravet.",
                     f" The gap between what the job requires and what employees say they can do is largest in "
                     f"**{top_area}**: {format_share(key['top_gap_share'], 0, lang)} are below the requirement.", lang)
    else:
        third = text(" For få svar til å anslå andelen som ligger under kravet i hvert område.",
                     " Too few answers to estimate the share below the requirement in each area.", lang)
    return first + second + third


def model_display_table(model: pd.DataFrame, *, language: str = "nb") -> tuple[pd.DataFrame, str]:
    """The reader's table of a logit model: stable terms only, every code in words.

    Parameters
    ----------
    model : pandas.DataFrame
        Output of :func:`logit_model` or :func:`ordinal_model` (columns
        ``variable``, ``level``, ``reference``, ``odds_ratio``, ``or_ci_low``,
        ``or_ci_high``, ``p_value``, ``stable``, ``note``).
    language : {"nb", "en"}

    Returns
    -------
    (table, left_out) : the stable terms with columns ``variable``, ``level``,
        ``reference`` (labels in ``language``), ``odds_ratio``, ``or_ci_low``,
        ``or_ci_high``, ``p_value``; and a sentence naming the groups left out
        (too few respondents, an estimate hidden by disclosure control (":"),
        or an unstable estimate), empty when none.  The full model, unstable
        terms included, stays in the CSV table.

    Examples
    --------
    >>> m = pd.DataFrame({"variable": ["age_group", "education_level"], "level": ["25-34", "doctorate"],
    ...     "reference": ["16-24", ""], "odds_ratio": [0.8, float("nan")], "or_ci_low": [0.6, float("nan")],
    ...     "or_ci_high": [1.1, float("nan")], "p_value": [0.2, float("nan")], "stable": [True, False],
    ...     "note": ["", "left out: fewer than 10 respondents"]})
    >>> t, left_out = model_display_table(m, language="en")
    >>> t["variable"].tolist(), left_out
    (['Age group'], 'Left out (too few respondents or an unstable estimate): Education: doctorate.')
    """
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    # a protected model table shows ":" for a term whose cross-table is hidden: left out like an unstable one
    shown = stable_terms(model)
    for col in ("level", "reference"):
        shown[col] = [_group_label(v, c, language) if c != "" else "" for v, c in zip(shown["variable"], shown[col])]
    shown["variable"] = shown["variable"].map(lambda v: _axis_name(v, language))
    out = model[~stable_mask(model)]
    left = [f"{_axis_name(v, language)}: {_group_label(v, c, language).lower()}"
            for v, c in zip(out["variable"], out["level"])]
    sentence = ""
    if left:
        sentence = (("Utelatt (for få svar eller ustabilt estimat): " if language == "nb" else
                     "Left out (too few respondents or an unstable estimate): ") + "; ".join(left) + ".")
    cols = ["variable", "level", "reference", "odds_ratio", "or_ci_low", "or_ci_high", "p_value"]
    return shown[cols].reset_index(drop=True), sentence


def hidden_estimates_text(model: pd.DataFrame, *, min_cell_size: int, language: str = "nb") -> str:
    """The sentence under a model's figure or table: how many of its estimates disclosure control hides.

    Parameters
    ----------
    model : a protected model table (``model_ordinal`` or ``model_at_least_basic`` of
        :func:`lifelong_analysis.analysis.skills.report_tables`; hidden estimates are ":").
    min_cell_size : k of the disclosure rule.
    language : "nb" or "en".

    Returns
    -------
    str, empty when no estimate is hidden.

    >>> m = pd.DataFrame({"odds_ratio": [0.8, ":", ":", float("nan")]})
    >>> hidden_estimates_text(m, min_cell_size=5, language="en")
    '2 of 3 estimates are left out: in the group or its reference group, fewer than 5 respondents have one of the outcomes.'
    """
    nb = _check_language(language)
    shown = model["odds_ratio"].map(lambda v: isinstance(v, str) or pd.notna(v))
    hidden = int((model["odds_ratio"].astype(object) == ":").sum())
    if not hidden:
        return ""
    h, n, k = (format_number(v, 0, language) for v in (hidden, int(shown.sum()), min_cell_size))
    if nb:
        return f"{h} av {n} estimater er utelatt: i gruppen eller referansegruppen har færre enn {k} svar ett av utfallene."
    return f"{h} of {n} estimates are left out: in the group or its reference group, fewer than {k} respondents have one of the outcomes."


def _group_label(column: str, code, language: str) -> str:
    """A group code of the tables, figures and models of notebook 02 in words ("all", "unknown", vocabulary codes)."""
    if code == "all":
        return text("Alle", "All", language)
    if code == "unknown":
        return text("Ikke oppgitt", "Not given", language)
    if column in vocab.VOCABULARIES:
        return vocab.label(column, code, language)
    return str(code)


def _axis_name(column: str, language: str) -> str:
    """The name of a grouping column (sector, occupation, age group, education) in words."""
    names = {"sector": ("Tjenesteområde", "Sector"), "occupation": ("Stilling", "Occupation"),
             "age_group": ("Aldersgruppe", "Age group"), "education_level": ("Utdanning", "Education")}
    nb, en = names.get(column, (column, column))
    return text(nb, en, language)


def _check_language(language: str) -> bool:
    """True for bokmål; a ValueError naming the valid values otherwise."""
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    return language == "nb"


def scope_label(sector: str, language: str = "nb") -> str:
    """The selection of notebook 02 in words: "alle tjenesteområder" for ``"all"``, else the sector's label.

    >>> scope_label("all"), scope_label("kindergarten", "en")
    ('alle tjenesteområder', 'Kindergarten')
    """
    _check_language(language)
    return text("alle tjenesteområder", "all sectors", language) if sector == "all" else vocab.label("sector", sector, language)


def report_title(*, municipality: str, sector: str, language: str = "nb") -> str:
    """The title of notebook 02 (without the Markdown ``#``): the municipality and the selection.

    Parameters
    ----------
    municipality : kommunenummer, 4 characters.
    sector : ``"all"`` or a code of ``vocab.SECTOR``.
    language : "nb" or "en".

    Examples
    --------
    >>> report_title(municipality="5001", sector="all")
    'Digitale ferdigheter og kompetansegap – Trondheim, alle tjenesteområder'
    """
    nb = _check_language(language)
    place, scope = vocab.municipality_name(municipality), scope_label(sector, language)
    return (f"Digitale ferdigheter og kompetansegap – {place}, {scope}" if nb else
            f"Digital skills and the competence gap – {place}, {scope}")


def gap_intro_text(group_by: str, *, language: str = "nb") -> str:
    """Markdown before the gap table: what the gap is on the DigComp scale, and the table's grouping.

    Parameters
    ----------
    group_by : the grouping of the tables (sector, occupation, age_group or education_level).
    language : "nb" or "en".

    Examples
    --------
    >>> gap_intro_text("age_group", language="en").split("\\n")[-1]
    'requirement. The table shows the mean gap and the share with a gap per age group, with 95 % confidence intervals.'
    """
    nb = _check_language(language)
    group = _axis_name(group_by, language).lower()
    if nb:
        return f"""Gapet er nivået jobben krever minus nivået den ansatte selv oppgir, på DigComp-skalaen med åtte nivåer
(1–2 grunnleggende, 3–4 middels, 5–6 avansert, 7–8 høyt spesialisert). Et positivt gap betyr at den ansatte ligger
under kravet. Tabellen viser gjennomsnittlig gap og andelen med gap per {group}, med 95 % konfidensintervall."""
    return f"""The gap is the level the job requires minus the level the employee reports, on the eight-level DigComp scale
(1–2 foundation, 3–4 intermediate, 5–6 advanced, 7–8 highly specialised). A positive gap means the employee is below the
requirement. The table shows the mean gap and the share with a gap per {group}, with 95 % confidence intervals."""


def focus_title(focus: str, *, language: str = "nb") -> str:
    """The heading of the comparison of one sector with all the others.

    >>> focus_title("health_care", language="en")
    'Health and care compared with other sectors'
    """
    nb = _check_language(language)
    name = vocab.label("sector", focus, language)
    return f"{name} sammenlignet med andre tjenesteområder" if nb else f"{name} compared with other sectors"


def focus_intro_text(focus: str, *, lack_digital: float, broader_tasks: float, language: str = "nb") -> str:
    """Markdown before the focus tables: what KS found in 2018, and which sector is compared with the others.

    Parameters
    ----------
    focus : the sector compared (a code of ``vocab.SECTOR``).
    lack_digital, broader_tasks : shares 0–1 of KS 2018 (published figures ``ks_hc_lack_digital``
        and ``ks_hc_broader_tasks`` of :mod:`lifelong_analysis.data.reference`).
    language : "nb" or "en".

    Examples
    --------
    >>> focus_intro_text("kindergarten", lack_digital=0.8, broader_tasks=0.6, language="en").split("\\n")[1]
    'digital competence (80%), and that in nearly three of five'
    """
    nb = _check_language(language)
    name = vocab.label("sector", focus, language).lower()
    lack, broader = format_share(lack_digital, 0, language), format_share(broader_tasks, 0, language)
    if nb:
        return f"""KS fant i 2018 at fire av fem kommunalsjefer for helse og omsorg mener de ansatte mangler relevant teknologisk og
digital kompetanse ({lack}), og at teknologien i nesten tre av fem
kommuner gir de ansatte et bredere sett av oppgaver ({broader}).
Et bredere oppgavesett viser seg her som høyere krav. Tabellene sammenligner {name} med alle andre
tjenesteområder samlet."""
    return f"""In 2018 KS found that four of five health and care directors say their staff lack relevant technological and
digital competence ({lack}), and that in nearly three of five
municipalities technology gives staff a broader range of tasks ({broader}).
A broader range of tasks shows here as higher requirements. The tables compare {name} with all other
sectors together."""


def sat_intro_text(area: str, *, language: str = "nb") -> str:
    """Markdown before the DigCompSAT figure: the questionnaire, the area shown and the colours.

    Parameters
    ----------
    area : the DigComp area of the figure (a code of ``vocab.DIGCOMP_AREA``; the one with the largest gap).
    language : "nb" or "en".

    Examples
    --------
    >>> sat_intro_text("safety").split("\\n")[1][:40]
    'Figuren viser svarene i området sikkerhe'
    """
    nb = _check_language(language)
    name = vocab.label("digcomp_area", area, language).lower()
    if nb:
        return f"""DigCompSAT er EU-kommisjonens (JRC) spørreskjema for selvvurdering, med fire svaralternativer per påstand.
Figuren viser svarene i området {name}; røde felt er «kan ikke» og «med hjelp», blå er «selvstendig» og «trygg».
Listen under figuren gjengir påstandene på engelsk, slik de står i JRCs spørsmålsbank (CC BY 4.0); pakken har
ingen norsk oversettelse av dem."""
    return f"""DigCompSAT is the European Commission's (JRC) self-assessment questionnaire, with four answers per statement.
The figure shows the answers in the area {name}; red is "cannot" and "with help", blue is "on my own" and
"confident". The statements are quoted from the JRC item bank (CC BY 4.0)."""


def methods_text(items: pd.DataFrame, *, min_cell_size: int, language: str = "nb") -> str:
    """Markdown list of the methods and assumptions of notebook 02.

    Parameters
    ----------
    items : :func:`lifelong_analysis.analysis.dsi.load_items` (columns ``area`` and ``evidence``); the
        areas with an activity whose evidence is not ``"verified"`` are named as not confirmed.
    min_cell_size : smallest number of respondents a cell is shown for.
    language : "nb" or "en".

    Examples
    --------
    >>> items = pd.DataFrame({"area": ["information", "safety", "safety"],
    ...                       "evidence": ["verified", "not confirmed", "not confirmed"]})
    >>> methods_text(items, min_cell_size=5, language="en").split("\\n")[6]
    "  safety are not confirmed against Eurostat's list."
    """
    nb = _check_language(language)
    unconfirmed = ", ".join(vocab.label("digcomp_area", a, language).lower()
                            for a in items.loc[items["evidence"] != "verified", "area"].unique())
    k = format_number(min_cell_size, 0, language)
    if nb:
        return f"""* **Digital Skills Indicator 2.0** (Eurostat): per område ingen aktivitet = ingen ferdigheter; informasjon og
  kommunikasjon: 1 aktivitet = grunnleggende, 2 eller flere = over grunnleggende; de tre andre områdene: 1–2 =
  grunnleggende, 3 eller flere = over grunnleggende (SSB Nederland 2023). Samlet: 0–1 områder minst grunnleggende =
  ingen ferdigheter (*antatt*, Eurostat definerer det ikke; parameter), 2 = begrensede, 3 = smale, 4 = lave, alle 5 =
  grunnleggende, alle 5 over grunnleggende = over grunnleggende. Personer som ikke har brukt internett siste tre
  måneder kan ikke vurderes og står i nevneren, som hos Eurostat.
* **Hvilke aktiviteter som teller** for hvilket område står i `resources/dsi_items.csv`. Aktivitetene i områdene
  {unconfirmed} er ikke bekreftet mot Eurostats liste.
* **Usikkerhet:** vektede andeler med Wilson-intervall på Kish' effektive utvalgsstørrelse; gjennomsnitt med
  t-intervall på samme. Klynger og strata i utvalget er ikke tatt hensyn til.
* **Personvern:** celler med færre enn {k} svar vises som «:» (SSBs symbol), og flere celler skjules – samlet for alle tabeller og rapporter fra de samme svarene – når en skjult
  celle ellers kunne regnes ut fra de publiserte tallene; andeler rundes til hele prosent."""
    return f"""* **Digital Skills Indicator 2.0** (Eurostat): per area no activity = no skills; information and communication:
  1 activity = basic, 2 or more = above basic; the other three areas: 1–2 = basic, 3 or more = above basic (Statistics
  Netherlands 2023). Overall: 0–1 areas at least basic = no skills (*assumed*, Eurostat does not define it; a
  parameter), 2 = limited, 3 = narrow, 4 = low, all 5 = basic, all 5 above basic = above basic. People who did not use
  the internet in the last three months cannot be assessed and stay in the denominator, as at Eurostat.
* **Which activities count** for which area is set in `resources/dsi_items.csv`. The activities of the areas
  {unconfirmed} are not confirmed against Eurostat's list.
* **Uncertainty:** weighted shares with a Wilson interval on Kish's effective sample size; means with a t interval on
  the same. Clusters and strata of the sample are not taken into account.
* **Privacy:** cells with fewer than {k} respondents show ":" (Statistics Norway's symbol), and further cells are hidden jointly for every table and report from the same answers,
  where a hidden cell could otherwise be worked out from the published figures; shares are rounded to whole percent."""


def employees_label(municipality: str, language: str = "nb") -> str:
    """The label of the municipality's own row in :func:`compare_with_reference`: "Ansatte i Trondheim".

    >>> employees_label("5001", "en")
    'Employees in Trondheim'
    """
    nb = _check_language(language)
    place = vocab.municipality_name(municipality)
    return f"Ansatte i {place}" if nb else f"Employees in {place}"


def tables_note(n_files: int, *, min_cell_size: int, language: str = "nb") -> str:
    """The sentence under the written tables: how many CSV files come with the report, and what ":" means.

    Parameters
    ----------
    n_files : number of CSV files written.
    min_cell_size : smallest number of respondents a cell is shown for.
    language : "nb" or "en".

    >>> tables_note(9, min_cell_size=5, language="en")
    'The tables come with the report (9 CSV files and one spreadsheet); cells with fewer than 5 respondents show ":".'
    """
    nb = _check_language(language)
    n, k = format_number(n_files, 0, language), format_number(min_cell_size, 0, language)
    if nb:
        return f"Tabellene følger med rapporten ({n} CSV-filer og ett regneark); celler med færre enn {k} svar vises som «:»."
    return f"The tables come with the report ({n} CSV files and one spreadsheet); cells with fewer than {k} respondents show \":\"."
