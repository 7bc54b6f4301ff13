"""Controlled vocabularies: the codes every table, analysis and report shares.

Codes are short English ``snake_case`` identifiers; each carries a Norwegian
bokmål (``nb``) and an English (``en``) label for reports.  Data files use the
codes, never the labels, so that a report can switch language without touching
the data.

The lists are deliberately small and closed where the analyses depend on them
(sector, delivery format, payer, DigComp area); occupation is open because every
municipality names its positions differently.

Examples
--------
>>> from lifelong_analysis.data import vocab
>>> vocab.label("sector", "health_care")
'Helse og omsorg'
>>> vocab.label("sector", "health_care", language="en")
'Health and care'
>>> vocab.codes("delivery_format")
['classroom_full_day', 'part_time_gatherings', 'digital_self_paced', 'work_integrated']
"""

from __future__ import annotations

from typing import Literal

Language = Literal["nb", "en"]
LANGUAGES: tuple[str, ...] = ("nb", "en")

#: Municipal service sectors (tjenesteområder).  ``health_care`` covers KOSTRA
#: functions 234/253/254/261 (pleie og omsorg); ``primary_school`` is grunnskole
#: (1.–10. trinn).
SECTOR: dict[str, tuple[str, str]] = {
    "health_care": ("Helse og omsorg", "Health and care"),
    "primary_school": ("Grunnskole", "Primary and lower secondary school"),
    "kindergarten": ("Barnehage", "Kindergarten"),
    "social_services": ("Sosiale tjenester og barnevern", "Social services and child welfare"),
    "administration": ("Administrasjon", "Administration"),
    "technical_services": ("Tekniske tjenester", "Technical services"),
    "culture": ("Kultur", "Culture"),
    "other": ("Annet", "Other"),
}

#: Delivery formats of further education (EVU), as named in issue 2.
DELIVERY_FORMAT: dict[str, tuple[str, str]] = {
    "classroom_full_day": ("Heldags klasseromsundervisning", "Full-day classroom"),
    "part_time_gatherings": ("Deltidsstudium med samlinger", "Part-time study with gatherings"),
    "digital_self_paced": ("Digitalt, i eget tempo", "Digital, self-paced"),
    "work_integrated": ("Arbeidsplassbasert opplæring", "Work-integrated"),
}

#: Highest completed education (NUS 2000 levels grouped).
EDUCATION_LEVEL: dict[str, tuple[str, str]] = {
    "compulsory": ("Grunnskole", "Compulsory school"),
    "upper_secondary": ("Videregående / fagbrev", "Upper secondary / trade certificate"),
    "vocational_college": ("Fagskole", "Tertiary vocational college"),
    "bachelor": ("Bachelor / høgskole", "Bachelor"),
    "master": ("Master / hovedfag", "Master"),
    "doctorate": ("Doktorgrad", "Doctorate"),
}

EMPLOYMENT_TYPE: dict[str, tuple[str, str]] = {
    "permanent": ("Fast ansatt", "Permanent"),
    "temporary": ("Midlertidig ansatt", "Temporary"),
    "hourly": ("Timelønnet / tilkallingsvikar", "Hourly / on-call"),
}

SEX: dict[str, tuple[str, str]] = {
    "female": ("Kvinne", "Female"),
    "male": ("Mann", "Male"),
}

#: Who pays for further education.
PAYER: dict[str, tuple[str, str]] = {
    "municipality": ("Kommunen", "Municipality"),
    "state": ("Staten", "State"),
    "employee": ("Den ansatte", "Employee"),
    "research_council": ("Forskningsrådet", "Research Council of Norway"),
    "university": ("Universitetet", "University"),
}

#: Funding schemes.  The rules of each (shares, caps, sources) live in the
#: funding-scheme table shipped with the package, not here.
FUNDING_SCHEME: dict[str, tuple[str, str]] = {
    "employer_pays": ("Arbeidsgiver betaler alt", "Employer pays everything"),
    "employee_own_time": ("Den ansatte bruker egen tid", "Employee's own time"),
    "kfk_substitute": ("Kompetanse for kvalitet, vikarordning", "Kompetanse for kvalitet, substitute model"),
    "kfk_substitute_math_science": (
        "Kompetanse for kvalitet, vikarordning (matematikk/naturfag)",
        "Kompetanse for kvalitet, substitute model (mathematics/science)",
    ),
    "kfk_substitute_fixed_grant": (
        "Kompetanse for kvalitet, vikarordning (fast tilskudd per 30 sp)",
        "Kompetanse for kvalitet, substitute model (fixed grant per 30 sp)",
    ),
    "kfk_stipend": ("Kompetanse for kvalitet, stipendordning", "Kompetanse for kvalitet, stipend model"),
    "hc_competence_grant": (
        "Kompetanse- og tjenesteutviklingstilskudd (helse og omsorg)",
        "Health and care competence grant",
    ),
    "public_sector_phd": ("Offentlig sektor-ph.d.", "Public-sector PhD"),
    "combined_position": ("Kombinert stilling kommune–universitet", "Combined municipality–university position"),
}

#: DigComp 2.2 competence areas (numbered 1–5 in the framework).
DIGCOMP_AREA: dict[str, tuple[str, str]] = {
    "information": ("Informasjon og data", "Information and data literacy"),
    "communication": ("Kommunikasjon og samarbeid", "Communication and collaboration"),
    "content_creation": ("Digitalt innhold", "Digital content creation"),
    "safety": ("Sikkerhet", "Safety"),
    "problem_solving": ("Problemløsning", "Problem solving"),
}

#: Survey age groups (the Eurostat ICT survey covers 16–74).
AGE_GROUP: dict[str, tuple[str, str]] = {
    "16-24": ("16–24 år", "16–24"),
    "25-34": ("25–34 år", "25–34"),
    "35-44": ("35–44 år", "35–44"),
    "45-54": ("45–54 år", "45–54"),
    "55-64": ("55–64 år", "55–64"),
    "65-74": ("65–74 år", "65–74"),
}

#: Occupations the synthetic data and KS pay statistics use.  The
#: ``occupation`` column itself is open: a municipality's own titles are valid.
OCCUPATION: dict[str, tuple[str, str]] = {
    "nurse": ("Sykepleier", "Nurse"),
    "health_worker": ("Helsefagarbeider", "Health worker (certified)"),
    "care_assistant": ("Pleiemedarbeider", "Care assistant"),
    "assistant": ("Assistent", "Assistant"),
    "skilled_worker": ("Fagarbeider", "Skilled worker"),
    "kindergarten_teacher": ("Pedagogisk leder", "Kindergarten teacher"),
    "teacher": ("Lærer", "Teacher"),
    "social_worker": ("Sosionom / barnevernspedagog", "Social worker"),
    "case_officer": ("Rådgiver / saksbehandler", "Adviser / case officer"),
    "engineer": ("Ingeniør", "Engineer"),
    "manager": ("Leder", "Manager"),
    "culture_worker": ("Kulturarbeider", "Culture worker"),
}

#: Where a row of a data file comes from.  ``synthetic`` marks generated data;
#: every report built on it says so.
DATA_ORIGIN: dict[str, tuple[str, str]] = {
    "synthetic": ("Syntetiske data", "Synthetic data"),
    "register": ("Registerdata (HR/lønn)", "Register data (HR/payroll)"),
    "survey": ("Spørreundersøkelse", "Survey"),
    "statbank": ("SSB statistikkbanken", "Statistics Norway statbank"),
    "manual": ("Manuelt registrert", "Entered by hand"),
}

VOCABULARIES: dict[str, dict[str, tuple[str, str]]] = {
    "sector": SECTOR,
    "delivery_format": DELIVERY_FORMAT,
    "education_level": EDUCATION_LEVEL,
    "employment_type": EMPLOYMENT_TYPE,
    "sex": SEX,
    "payer": PAYER,
    "funding_scheme": FUNDING_SCHEME,
    "digcomp_area": DIGCOMP_AREA,
    "age_group": AGE_GROUP,
    "occupation": OCCUPATION,
    "data_origin": DATA_ORIGIN,
}

#: Municipality numbers used in examples and defaults (KLASS 131, 2024).
MUNICIPALITY: dict[str, str] = {
    "5001": "Trondheim",
    "0301": "Oslo",
    "4601": "Bergen",
    "1103": "Stavanger",
    "5501": "Tromsø",
}


def codes(vocabulary: str) -> list[str]:
    """Return the valid codes of ``vocabulary`` in their canonical order."""
    return list(_get(vocabulary))


def label(vocabulary: str, code: str, language: Language = "nb") -> str:
    """Return the report label of ``code``; unknown codes are returned unchanged.

    Open vocabularies (occupation) may hold a municipality's own titles, which
    are shown as they are.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    entry = _get(vocabulary).get(code)
    if entry is None:
        return str(code)
    return entry[0] if language == "nb" else entry[1]


def labels(vocabulary: str, language: Language = "nb") -> dict[str, str]:
    """Return ``{code: label}`` for a whole vocabulary."""
    return {code: label(vocabulary, code, language) for code in _get(vocabulary)}


def check_codes(vocabulary: str, values, *, what: str | None = None) -> list[str]:
    """Validate user-supplied codes (e.g. notebook parameters).

    Accepts one code or a list of codes and returns them as a list.  Raises
    ``ValueError`` naming the valid codes when one is unknown.

    >>> check_codes("sector", "health_care")
    ['health_care']
    """
    items = [values] if isinstance(values, str) else list(values)
    valid = codes(vocabulary)
    unknown = [v for v in items if v not in valid]
    if unknown:
        raise ValueError(
            f"Unknown {what or vocabulary} {', '.join(map(repr, unknown))}. "
            f"Valid values: {', '.join(valid)}."
        )
    return items


def municipality_name(kommunenummer: str) -> str:
    """Name of a municipality from its 4-character number, or the number itself."""
    return MUNICIPALITY.get(str(kommunenummer), str(kommunenummer))


def _get(vocabulary: str) -> dict[str, tuple[str, str]]:
    try:
        return VOCABULARIES[vocabulary]
    except KeyError:
        raise KeyError(
            f"Unknown vocabulary {vocabulary!r}; known: {', '.join(VOCABULARIES)}"
        ) from None
