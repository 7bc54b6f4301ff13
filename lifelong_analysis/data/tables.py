"""The data model: every table kind, its columns, types, units and rules.

This module is the single source of the column names that readers, pandera
schemas (:mod:`lifelong_analysis.data.schemas`), the synthetic generator, the
analyses and the data dictionary in ``data/README.md`` use.  It holds data
only; the pandera schemas are built from it.

Conventions
-----------
* Money is in NOK and every money column ends in ``_nok``.
* Shares are fractions between 0 and 1 (``position_share = 0.8`` is an 80 %
  position), never percentages.
* Hours are clock hours.
* Codes come from :mod:`lifelong_analysis.data.vocab`; ``kommunenummer`` is always a
  4-character string ("0301" Oslo, "5001" Trondheim), never an integer.
* ``data_origin`` (optional in every table) marks where a row comes from;
  ``"synthetic"`` rows make every report built on them carry a synthetic-data
  banner.

Examples
--------
>>> from lifelong_analysis.data.tables import TABLES, column_names
>>> column_names("workforce")[:3]
['employee_id', 'kommunenummer', 'sector']
>>> TABLES["training"].key
('activity_id',)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lifelong_analysis.data import vocab

DType = Literal["str", "int", "float", "bool"]

#: ASCII digits only: ``\d`` would also match "٠٣٠١" or "５００１".
KOMMUNENUMMER_PATTERN = r"^[0-9]{4}$"
#: Identifiers: printable ASCII (letters, digits, punctuation), no leading/trailing space.
ID_PATTERN = r"^[!-~](?:[ -~]*[!-~])?$"

#: Norwegian (and other common export) names of each column, recognised by the readers and
#: listed in the data dictionary.  Compared after trimming, lower-casing and turning spaces and
#: hyphens into ``_``.  Keyed by column name, so a name shared by several tables shares its aliases.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": ("ansattnummer", "ansattnr", "ansatt_nr", "ansatt_id", "ressursnummer", "ressursnr"),
    "kommunenummer": ("kommunenr", "kommune_nr", "knr", "kommunenummer_klass"),
    "sector": ("sektor", "tjenesteområde"),
    "occupation": ("stilling", "stillingstittel", "yrke"),
    "position_share": ("stillingsandel",),
    "monthly_pay_nok": ("månedslønn", "månedslønn_kr", "maanedslonn", "månedsfortjeneste"),
    "age": ("alder",),
    "education_level": ("utdanningsnivå", "utdanning"),
    "employment_type": ("ansettelsesform", "ansettelsestype"),
    "n_employees": ("antall_ansatte", "antall"),
    "sex": ("kjønn",),
    "full_time_weekly_hours": ("ukentlig_arbeidstid", "arbeidstid_per_uke", "timer_per_uke"),
    "sick_leave_share": ("sykefraværsandel",),
    "data_origin": ("dataopphav",),
    "activity_id": ("aktivitets_id", "aktivitetsnr", "aktivitetsnummer"),
    "activity": ("aktivitet", "kurs", "kursnavn"),
    "delivery_format": ("gjennomføringsform", "undervisningsform"),
    "hours_away": ("fraværstimer", "timer_fravær"),
    "study_points": ("studiepoeng",),
    "direct_cost_nok": ("direkte_kostnad", "direkte_kostnader"),
    "fees_nok": ("kursavgift",),
    "travel_subsistence_nok": ("reise_og_opphold",),
    "materials_nok": ("materiell",),
    "internal_trainer_nok": ("interne_forelesere",),
    "premises_nok": ("lokaler",),
    "grant_nok": ("tilskudd",),
    "funding_scheme": ("finansieringsordning",),
    "year": ("år", "aar", "årstall"),
    "substitute_hourly_pay_nok": ("vikar_timelønn", "timelønn_vikar"),
    "unqualified_hourly_pay_nok": ("ufaglært_timelønn", "timelønn_ufaglært"),
    "overtime_premium_share": ("overtidstillegg",),
    "agency_premium_share": ("byråtillegg",),
    "p_qualified_available": ("andel_kvalifisert_tilgjengelig",),
    "share_unqualified": ("andel_ufaglært",),
    "share_overtime": ("andel_overtid",),
    "share_uncovered": ("andel_udekket",),
    "source": ("kilde",),
    "respondent_id": ("respondentnummer", "respondentnr"),
    "age_group": ("aldersgruppe",),
    "weight": ("vekt",),
    "internet_use_3m": ("brukt_internett_3m",),
    "payer": ("betaler",),
    "scheme": ("ordning", "finansieringsordning"),
    "amount_nok": ("beløp", "beløp_nok", "belop"),
}
#: Names under which a share column holds percentages (80 = 0.8): read by the declared rule
#: "divide by 100", reported in the summary.
PERCENT_ALIASES: dict[str, tuple[str, ...]] = {
    "position_share": ("stillingsprosent", "stillingsprosent_%", "stilling_%", "stillingsstørrelse_%"),
    "sick_leave_share": ("sykefraværsprosent", "sykefravær_%"),
}


@dataclass(frozen=True)
class Column:
    """One column of a table kind.

    Attributes
    ----------
    name : column name, or a regular expression when ``regex`` is true.
    dtype : logical type: "str", "int", "float" or "bool".
    description : what the column holds, in English.
    unit : unit of measurement ("NOK", "hours", "share 0–1", ...), "" if none.
    required : the column must be present.
    nullable : missing values are allowed.
    vocabulary : name of a vocabulary in :mod:`lifelong_analysis.data.vocab` whose
        codes are the only allowed values.
    allowed : explicit allowed values (when no vocabulary applies).
    min, max : bounds; ``min_exclusive``/``max_exclusive`` make them strict.
    pattern : regular expression every value must match (strings).
    default : value filled in when an optional column is absent.
    regex : ``name`` is a pattern matching a family of columns.
    """

    name: str
    dtype: DType
    description: str
    unit: str = ""
    required: bool = True
    nullable: bool = False
    vocabulary: str | None = None
    allowed: tuple | None = None
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    pattern: str | None = None
    default: object = None
    regex: bool = False

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names of this column the readers recognise (:data:`ALIASES`)."""
        return ALIASES.get(self.name, ())

    @property
    def percent_aliases(self) -> tuple[str, ...]:
        """Names under which this share column holds percentages (:data:`PERCENT_ALIASES`)."""
        return PERCENT_ALIASES.get(self.name, ())

    @property
    def is_share(self) -> bool:
        """A share 0–1: a value written with a percent sign ("80 %") is read as 0.8."""
        return self.dtype == "float" and self.unit.startswith("share 0–1")

    def allowed_values(self) -> list | None:
        """The allowed values, from the vocabulary or ``allowed``."""
        if self.vocabulary:
            return vocab.codes(self.vocabulary)
        return list(self.allowed) if self.allowed is not None else None

    def rule(self) -> str:
        """The column's rules in plain words (for the data dictionary)."""
        parts: list[str] = []
        vals = self.allowed_values()
        if vals is not None:
            parts.append("one of " + ", ".join(f"`{v}`" for v in vals))
        if self.min is not None or self.max is not None:
            lo = "" if self.min is None else (f"> {self.min:g}" if self.min_exclusive else f">= {self.min:g}")
            hi = "" if self.max is None else (f"< {self.max:g}" if self.max_exclusive else f"<= {self.max:g}")
            parts.append(" and ".join(p for p in (lo, hi) if p))
        if self.pattern:
            parts.append(f"matches `{self.pattern}`")
        if self.nullable:
            parts.append("may be empty")
        if not self.required:
            parts.append("optional" + (f" (default {self.default!r})" if self.default is not None else ""))
        return "; ".join(parts)


@dataclass(frozen=True)
class TableKind:
    """A kind of input table: its columns, key and cross-column rules."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    #: Rules across columns, in plain words; implemented in
    #: :mod:`lifelong_analysis.data.schemas` under the same ids.
    checks: dict[str, str] = field(default_factory=dict)


def _origin() -> Column:
    return Column(
        "data_origin", "str", "Where the row comes from; `synthetic` marks generated data.",
        required=False, vocabulary="data_origin",
    )


def _kommune(nullable: bool = False, extra: str = "") -> Column:
    return Column(
        "kommunenummer", "str",
        "Municipality number (KLASS 131), 4 characters with leading zero: 0301 Oslo, 5001 Trondheim." + extra,
        pattern=KOMMUNENUMMER_PATTERN, nullable=nullable,
    )


WORKFORCE = TableKind(
    name="workforce",
    description="One row per employee, or per group of identical employees with a count (`n_employees`).",
    key=("employee_id",),
    columns=(
        Column("employee_id", "str", "Pseudonymised employee (or group) identifier; never a national identity number.", pattern=ID_PATTERN),
        _kommune(),
        Column("sector", "str", "Service sector of the position.", vocabulary="sector"),
        Column("occupation", "str", "Occupation or position title; the codes in `vocab.OCCUPATION` or the municipality's own titles."),
        Column("position_share", "float", "Position size (stillingsprosent) as a share of a full-time position.",
               unit="share 0–1", min=0, max=1, min_exclusive=True),
        Column("monthly_pay_nok", "float",
               "Monthly earnings for a full-time position (KS 'månedsfortjeneste': base pay plus regular supplements, "
               "excluding overtime). The person's pay is monthly_pay_nok × position_share.",
               unit="NOK per month (full-time equivalent)", min=5_000, max=400_000),
        Column("age", "int", "Age in whole years at the reference date.", unit="years", min=15, max=75),
        Column("education_level", "str", "Highest completed education.", vocabulary="education_level"),
        Column("employment_type", "str", "Type of employment.", vocabulary="employment_type"),
        Column("n_employees", "int", "Number of employees the row stands for (1 for row-level data).",
               unit="persons", required=False, min=1, default=1),
        Column("sex", "str", "Sex as registered.", required=False, nullable=True, vocabulary="sex"),
        Column("full_time_weekly_hours", "float",
               "Agreed weekly hours of a full-time position (37.5 day work; 35.5 or 33.6 for shift/turnus work).",
               unit="hours per week", required=False, min=20, max=45, default=37.5),
        Column("sick_leave_share", "float", "Share of agreed working days lost to sick leave in the last 12 months.",
               unit="share 0–1", required=False, nullable=True, min=0, max=1),
        _origin(),
    ),
)

TRAINING = TableKind(
    name="training",
    description="One row per further-education (EVU) activity taken by one employee.",
    key=("activity_id",),
    checks={
        "direct_cost_components_sum": "when the component columns are given they add up to `direct_cost_nok` (within 1 NOK)",
        "grant_not_above_cost": "`grant_nok` is not larger than `direct_cost_nok` plus the value of the hours away",
    },
    columns=(
        Column("activity_id", "str", "Identifier of this participation (one employee in one activity).", pattern=ID_PATTERN),
        Column("employee_id", "str", "The participant; refers to `workforce.employee_id`.", pattern=ID_PATTERN),
        _kommune(),
        Column("activity", "str", "Name of the course or programme."),
        Column("delivery_format", "str", "How the training is delivered.", vocabulary="delivery_format"),
        Column("hours_away", "float", "Hours away from ordinary work during paid working time.",
               unit="hours", min=0, max=2_000),
        Column("study_points", "float", "Study points (ECTS); 0 for courses without credits.",
               unit="ECTS", min=0, max=120),
        Column("direct_cost_nok", "float", "Direct cost of the activity (fees, travel and subsistence, materials, "
               "internal trainers, premises).", unit="NOK", min=0),
        Column("fees_nok", "float", "Fees to the training provider.", unit="NOK", required=False, min=0),
        Column("travel_subsistence_nok", "float", "Travel, accommodation and subsistence.", unit="NOK", required=False, min=0),
        Column("materials_nok", "float", "Learning materials and equipment.", unit="NOK", required=False, min=0),
        Column("internal_trainer_nok", "float", "Labour cost of internal trainers.", unit="NOK", required=False, min=0),
        Column("premises_nok", "float", "Premises and equipment.", unit="NOK", required=False, min=0),
        Column("grant_nok", "float", "Grants received for the activity (state grants, stipends).",
               unit="NOK", required=False, min=0, default=0.0),
        Column("funding_scheme", "str", "Funding scheme the activity falls under.", vocabulary="funding_scheme"),
        Column("year", "int", "Year the activity started.", unit="year", min=2000, max=2100),
        _origin(),
    ),
)

SUBSTITUTES = TableKind(
    name="substitutes",
    description="Substitute (vikar) pay and availability per sector (and municipality where known).",
    key=("kommunenummer", "sector", "year"),
    checks={
        "cover_shares_sum_to_one": "`share_unqualified + share_overtime + share_uncovered` = 1 (within 0.001)",
    },
    columns=(
        _kommune(nullable=True, extra=" Empty: the row applies to every municipality without a row of its own."),
        Column("sector", "str", "Service sector.", vocabulary="sector"),
        Column("substitute_hourly_pay_nok", "float", "Hourly pay of a qualified substitute, before holiday pay and employer costs.",
               unit="NOK per hour", min=0, min_exclusive=True, max=2_000),
        Column("unqualified_hourly_pay_nok", "float", "Hourly pay of an unqualified substitute, before holiday pay and employer costs.",
               unit="NOK per hour", min=0, min_exclusive=True, max=2_000),
        Column("overtime_premium_share", "float", "Overtime supplement on the colleague's hourly pay (0.5 = 50 %).",
               unit="share", min=0, max=2),
        Column("agency_premium_share", "float", "Mark-up when a substitute is hired through an agency (0.3 = 30 %).",
               unit="share", min=0, max=3),
        Column("p_qualified_available", "float", "Probability that a qualified substitute can be found for an absent hour.",
               unit="share 0–1", min=0, max=1),
        Column("share_unqualified", "float", "Of the hours no qualified substitute covers: share covered by an unqualified substitute.",
               unit="share 0–1", min=0, max=1),
        Column("share_overtime", "float", "Of the hours no qualified substitute covers: share covered by colleagues' overtime.",
               unit="share 0–1", min=0, max=1),
        Column("share_uncovered", "float", "Of the hours no qualified substitute covers: share left uncovered (service not delivered).",
               unit="share 0–1", min=0, max=1),
        Column("year", "int", "Reference year.", unit="year", min=2000, max=2100),
        Column("source", "str", "Where the figures come from.", required=False, nullable=True),
        _origin(),
    ),
)

SKILLS_SURVEY = TableKind(
    name="skills_survey",
    description=(
        "One row per survey respondent: self-assessed and required DigComp 2.2 proficiency per area, "
        "yes/no ICT-activity items (Digital Skills Indicator) and, optionally, DigCompSAT items."
    ),
    key=("respondent_id",),
    columns=(
        Column("respondent_id", "str", "Pseudonymised respondent identifier.", pattern=ID_PATTERN),
        _kommune(),
        Column("sector", "str", "Service sector.", vocabulary="sector"),
        Column("occupation", "str", "Occupation or position title."),
        Column("age_group", "str", "Age group.", vocabulary="age_group"),
        Column("education_level", "str", "Highest completed education.", required=False, nullable=True,
               vocabulary="education_level"),
        Column("weight", "float", "Survey weight (calibration or design weight); absent means unweighted.",
               unit="persons represented", required=False, min=0, min_exclusive=True),
        Column("internet_use_3m", "bool", "Used the internet in the last three months (DSI non-users cannot be assessed).",
               required=False, default=True),
        *[
            Column(f"self_{area}", "int", f"Self-assessed DigComp proficiency level, area '{area}'.",
                   unit="DigComp level 1–8", nullable=True, min=1, max=8)
            for area in vocab.codes("digcomp_area")
        ],
        *[
            Column(f"required_{area}", "int", f"Proficiency level the job requires, area '{area}'.",
                   unit="DigComp level 1–8", nullable=True, min=1, max=8)
            for area in vocab.codes("digcomp_area")
        ],
        Column(r"^dsi_[a-z0-9_]+$", "int",
               "Yes/no ICT-activity item of the Digital Skills Indicator (1 = did the activity in the last 3 months). "
               "Which item counts for which area is configuration (`lifelong_analysis/resources/dsi_items.csv`).",
               unit="0/1", required=False, nullable=True, allowed=(0, 1), regex=True),
        Column(r"^sat_q\d+$", "int",
               "DigCompSAT item answer, 0–3 (answer codes AO00–AO03 of the JRC item bank).",
               unit="0–3", required=False, nullable=True, min=0, max=3, regex=True),
        _origin(),
    ),
)

FUNDING = TableKind(
    name="funding",
    description=("Money actually paid for further education, by year, payer and scheme. The table has no key: "
                 "two identical rows would count the same money twice and are refused (tell real repeat "
                 "payments apart with an extra column such as `payment_id` or `date`)."),
    key=(),
    columns=(
        Column("year", "int", "Year.", unit="year", min=2000, max=2100),
        _kommune(),
        Column("payer", "str", "Who paid.", vocabulary="payer"),
        Column("scheme", "str", "Funding scheme.", vocabulary="funding_scheme"),
        Column("amount_nok", "float", "Amount paid.", unit="NOK", min=0),
        Column("activity_id", "str", "The training activity paid for, if known; refers to `training.activity_id`.",
               required=False, nullable=True, pattern=ID_PATTERN),
        _origin(),
    ),
)

TABLES: dict[str, TableKind] = {
    t.name: t for t in (WORKFORCE, TRAINING, SUBSTITUTES, SKILLS_SURVEY, FUNDING)
}

#: File name of each table in a dataset directory (``data/synthetic`` and users' own).
FILE_NAMES: dict[str, str] = {kind: f"{kind}.csv" for kind in TABLES}


def column_names(kind: str, *, required_only: bool = False) -> list[str]:
    """Names of the (non-pattern) columns of table ``kind``, in order."""
    table = get(kind)
    return [c.name for c in table.columns if not c.regex and (c.required or not required_only)]


def get(kind: str) -> TableKind:
    """The :class:`TableKind` called ``kind``; a clear error for unknown kinds."""
    try:
        return TABLES[kind] if kind in TABLES else PROJECTION_TABLES[kind]
    except KeyError:
        raise KeyError(f"Unknown table kind {kind!r}; known kinds: {', '.join([*TABLES, *PROJECTION_TABLES])}") from None


# --------------------------------------------------------------------------- workforce projection (issue 14)
#: Inputs of the workforce projection (:mod:`lifelong_analysis.analysis.workforce`, notebook 04).  They are
#: not part of a :class:`~lifelong_analysis.data.readers.Dataset`: the population comes from the statbank
#: (JSON-stat 2.0, :mod:`lifelong_analysis.data.pxweb`), the rates and career paths ship as resources.
POPULATION = TableKind(
    name="population",
    description=("Population (or its projection) by municipality, year, one-year age and sex: the users that drive "
                 "demand (SSB tables 07459, 14288; read from JSON-stat 2.0 by `lifelong_analysis.data.population`)."),
    key=("kommunenummer", "year", "age", "sex"),
    columns=(
        _kommune(),
        Column("year", "int", "Year (population on 1 January).", unit="year", min=1900, max=2200),
        Column("age", "int", "Age in whole years; the top class (e.g. '105+') is its lower bound.", unit="years",
               min=0, max=120),
        Column("sex", "str", "Sex; empty when the table is for both sexes.", nullable=True, vocabulary="sex"),
        Column("persons", "float", "Number of persons (projections are not whole numbers).", unit="persons", min=0),
        _origin(),
    ),
)

WORKFORCE_RATES = TableKind(
    name="workforce_rates",
    description=("Yearly exit rates of the workforce projection by age band and position group, each with its "
                 "source (`lifelong_analysis/resources/workforce_rates.csv`)."),
    key=("rate", "group", "age_from"),
    columns=(
        Column("rate", "str", "Kind of rate: `turnover` per group, `turnover_sector` (whole sector), `turnover_age` "
               "(whole-sector rate by age band; the age profile) or `retirement` (hazard by age).",
               allowed=("turnover", "turnover_sector", "turnover_age", "retirement")),
        Column("group", "str", "Position group (`position_groups.csv`), or `all`."),
        Column("age_from", "int", "First age of the band.", unit="years", min=15, max=75),
        Column("age_to", "int", "Last age of the band (inclusive).", unit="years", min=15, max=75),
        Column("value", "float", "Share leaving per year.", unit="share 0–1 per year", min=0, max=1),
        Column("unit", "str", "Unit in words.", required=False, nullable=True),
        Column("evidence", "str", "verbatim / calibrated / assumption / NOT FOUND (placeholder)."),
        Column("source", "str", "Where the value comes from."),
        Column("url", "str", "Address of the source.", required=False, nullable=True),
    ),
)

CAREER_PATHS = TableKind(
    name="career_paths",
    description=("Career paths between position groups: yearly transition rates through further education, the "
                 "programme behind each (study length, study points, completion rate, funding scheme) and combined "
                 "positions as a rule row (`lifelong_analysis/resources/career_paths.csv`)."),
    key=("path",),
    columns=(
        Column("path", "str", "Code of the path."),
        Column("kind", "str", "`transition` (a move through further education) or `combined_position`.",
               allowed=("transition", "combined_position")),
        Column("from_group", "str", "Position group the employee leaves."),
        Column("to_group", "str", "Position group the employee reaches."),
        Column("annual_rate", "float", "Share of `from_group` that completes the move each year today.",
               unit="share 0–1 per year", min=0, max=1),
        Column("study_years", "int", "Study length.", unit="years", min=0, max=10),
        Column("study_points", "float", "Study points of the programme in total.", unit="ECTS", min=0, max=400),
        Column("completion_rate", "float", "Share of starters who complete.", unit="share 0–1", min=0, max=1,
               min_exclusive=True),
        Column("delivery_format", "str", "Delivery format of the programme (costs module).", nullable=True,
               vocabulary="delivery_format"),
        Column("scheme", "str", "Funding scheme (funding module).", vocabulary="funding_scheme"),
        Column("university_share", "float", "Combined positions: the university's share of the position.",
               unit="share 0–1", nullable=True, min=0, max=1),
        Column("evidence", "str", "verbatim / assumption / NOT FOUND (placeholder)."),
        Column("source", "str", "Where the values come from."),
        Column("url", "str", "Address of the source.", required=False, nullable=True),
    ),
)

PROJECTION_TABLES: dict[str, TableKind] = {t.name: t for t in (POPULATION, WORKFORCE_RATES, CAREER_PATHS)}
#: population: in a dataset folder (JSON-stat 2.0); the rates and paths: in ``lifelong_analysis/resources/``.
FILE_NAMES.update({"population": "population_projection.json", "workforce_rates": "workforce_rates.csv",
                   "career_paths": "career_paths.csv"})
