"""One parameter spec per notebook: names, types, defaults, allowed codes and labels.

Each notebook's parameters are a typed dataclass here.  The notebook's ``parameters`` cell
(:func:`cell_source`), the batch's validation before anything runs (:func:`validate`), the
report's parameter box (:func:`label`), ``papermill --help-notebook`` (the cell's comments are
the ``help`` texts) and the README table (:func:`markdown_table`) all come from it, and
``tests/test_parameters.py`` checks that they agree.

A field is declared with :func:`param`::

    municipality: str = param("5001", nb="Kommune", en="Municipality",
                              help="kommunenummer (4 digits, as text) of the municipality studied")

Examples
--------
>>> spec = spec_for("01_absence_substitute_costs")
>>> validate(spec, {"municipality": 301, "study_points": "15"}).municipality
'0301'
>>> label(spec, "n_participants", "nb")
'Antall deltakere'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

from lifelong_analysis.data import vocab

__all__ = ["param", "parameters", "validate", "label", "cell_source", "markdown_table", "readme_with_tables", "spec_for", "SPECS",
           "CostsParameters", "SkillsParameters", "FundingParameters", "WorkforceParameters",
           "ExplorerParameters", "check_kommunenummer"]


def param(default: Any, *, nb: str, en: str, help: str, choices: Callable[[], tuple[str, ...]] | None = None,
          check: Callable[[Any], Any] | None = None):
    """A notebook parameter: its default, plain-word labels, the cell comment, allowed codes, a check.

    Parameters
    ----------
    default : object
        The value of the notebook's parameters cell (lists are copied per instance).
    nb, en : str
        Label in the report's parameter box, bokmål and English.
    help : str
        The comment after the parameter in the notebook cell (shown by ``--help-notebook``).
    choices : callable, optional
        Returns the allowed codes (for a list parameter: of each element).
    check : callable, optional
        ``value -> value``: normalises the (type-coerced) value, raises ``ValueError`` if invalid.
    """
    meta = {"nb": nb, "en": en, "help": help, "choices": choices, "check": check}
    if isinstance(default, list):
        return field(default_factory=lambda d=tuple(default): list(d), metadata=meta)
    return field(default=default, metadata=meta)


def check_kommunenummer(value: Any) -> str:
    """The one kommunenummer rule: four ASCII digits, as text; ``301`` and ``"301"`` become ``"0301"``.

    Examples
    --------
    >>> check_kommunenummer(5001), check_kommunenummer("301")
    ('5001', '0301')
    """
    if isinstance(value, bool) or value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"municipality must be a kommunenummer of 4 digits such as '5001', got {value!r}")
    k = str(int(value)) if isinstance(value, (int, float)) and float(value).is_integer() else str(value).strip()
    if k.isascii() and k.isdigit() and len(k) < 4:
        k = k.zfill(4)
    if not (k.isascii() and k.isdigit() and len(k) == 4):
        raise ValueError(f"municipality must be a kommunenummer of 4 digits such as '5001', got {value!r}")
    return k


def _check_language(value: Any) -> str:
    if value not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {value!r}")
    return value


def _codes(kind: str) -> Callable[[], tuple[str, ...]]:
    return lambda: tuple(vocab.codes(kind))


MUNICIPALITY = dict(nb="Kommune", en="Municipality")
LANGUAGE = dict(nb="Språk", en="Language", help='report language: "nb" (Norwegian bokmål) or "en" (English)',
                check=_check_language)


def _output_dir(stem: str):
    return param(f"outputs/by_hand/{stem}", nb="Mappe for tabellene", en="Folder for the tables",
                 help="folder for the CSV tables, relative to the project root (the batch runner sets its own)")


# --------------------------------------------------------------------------
# The notebooks
# --------------------------------------------------------------------------

@dataclass
class CostsParameters:
    """Notebook 01: the cost of absence and substitutes for one training programme."""

    municipality: str = param("5001", **MUNICIPALITY, check=check_kommunenummer,
                              help='kommunenummer (4 digits, as text) of the municipality studied, "5001" is Trondheim')
    sector: str = param("health_care", nb="Sektor", en="Sector", choices=_codes("sector"),
                        help="service sector: health_care, primary_school, kindergarten, social_services, "
                             "administration, technical_services, culture, other")
    formats: list = param(["classroom_full_day", "part_time_gatherings", "digital_self_paced", "work_integrated"],
                          nb="Opplæringsformer", en="Delivery formats", choices=_codes("delivery_format"),
                          help="delivery formats to compare")
    study_points: int = param(30, nb="Studiepoeng", en="Study points (ECTS)",
                              help="learning volume per participant, in study points (ECTS)")
    n_participants: int = param(20, nb="Antall deltakere", en="Number of participants",
                                help="number of participants in the programme")
    data_dir: "Optional[str]" = param(None, nb="Datagrunnlag", en="Data",
                                      help="folder with the data tables (workforce, training, substitutes), "
                                           "None means the shipped synthetic data")
    n_draws: int = param(20000, nb="Antall simuleringer", en="Number of simulation draws",
                         help="number of Monte Carlo draws for the uncertainty intervals")
    seed: int = param(2024, nb="Startverdi for tilfeldige tall", en="Random seed",
                      help="random seed of the Monte Carlo (same seed, same result)")
    language: str = param("nb", **LANGUAGE)
    output_dir: str = _output_dir("01_absence_substitute_costs")


@dataclass
class SkillsParameters:
    """Notebook 02: the digital-skills gap from a staff survey."""

    municipality: str = param("5001", **MUNICIPALITY, check=check_kommunenummer,
                              help="kommunenummer (4 digits, as text) of the municipality studied; 5001 is Trondheim")
    sector: str = param("all", nb="Sektor", en="Sector", choices=lambda: ("all", *vocab.codes("sector")),
                        help='"all" or one sector to focus on (e.g. "health_care"), compared with the other sectors')
    group_by: str = param("sector", nb="Gruppert etter", en="Grouped by",
                          choices=lambda: ("sector", "occupation", "age_group", "education_level"),
                          help="grouping of the tables: sector, occupation, age_group or education_level")
    weight_column: "Optional[str]" = param("weight", nb="Vekter", en="Weights",
                                           help="survey weight column of skills_survey, None for unweighted estimates")
    min_cell_size: int = param(5, nb="Minste antall personer bak et tall",
                               en="Smallest number of persons behind a figure",
                               help='disclosure control: cells based on fewer respondents are shown as ":"')
    data_dir: "Optional[str]" = param(None, nb="Datagrunnlag", en="Data",
                                      help="folder with the data tables (skills_survey), None means the shipped "
                                           "synthetic data")
    language: str = param("nb", **LANGUAGE)
    output_dir: str = _output_dir("02_digital_skills_gap")


@dataclass
class FundingParameters:
    """Notebook 03: who pays for further education, scheme by scheme."""

    municipality: str = param("5001", **MUNICIPALITY, check=check_kommunenummer,
                              help="kommunenummer of the municipality as a 4-digit string, e.g. 5001 Trondheim")
    sector: str = param("primary_school", nb="Sektor", en="Sector", choices=_codes("sector"),
                        help="sector of the participants and the PhD candidate (a code of vocab.SECTOR)")
    schemes: list = param(["employer_pays", "employee_own_time", "kfk_substitute", "kfk_substitute_math_science",
                           "kfk_stipend", "hc_competence_grant", "public_sector_phd", "combined_position"],
                          nb="Finansieringsordninger", en="Funding schemes",
                          help="funding schemes to compare (codes of the funding-rules table)")
    study_points: int = param(30, nb="Studiepoeng", en="Study points (ECTS)",
                              help="study points (ECTS) each participant takes")
    n_participants: int = param(10, nb="Antall deltakere", en="Number of participants",
                                help="number of participants in the programme")
    phd_years: list = param([3, 4], nb="År i ph.d.-løpet", en="PhD years",
                            help="public-sector PhD variants: 3 (full-time) and/or 4 (25 % other duties) years")
    phd_start_year: int = param(2026, nb="Startår for ph.d.", en="PhD start year",
                                help="first year of the PhD project (and year of the PhD rate for the split)")
    discount_rate: float = param(0.04, nb="Diskonteringsrente", en="Discount rate",
                                 help="real discount rate per year for present values (R-109: 4 %)")
    horizon_year: int = param(2040, nb="Framskrivingsår", en="Projection year",
                              help="last year of the EVU spending projection and forecast")
    data_dir: "Optional[str]" = param(None, nb="Datagrunnlag", en="Data",
                                      help="dataset folder; None (or an empty string) means the shipped synthetic "
                                           "data in data/synthetic")
    language: str = param("nb", **LANGUAGE)
    output_dir: str = _output_dir("03_funding_models")
    rules_file: str = param("", nb="Kommunens egne finansieringsregler (fil)",
                            en="The municipality's own funding rules (file)",
                            help="own funding-rules CSV of the municipality that adds or overrides rules; "
                                 "empty string for none")
    hc_grant_share: float = param(0.5, nb="Statens andel i kompetanse- og tjenesteutviklingstilskuddet "
                                          "(ikke funnet – plassholder)",
                                  en="State share under the health and care competence grant "
                                     "(not found – placeholder)",
                                  help="state share of the cash cost under the health and care grant: NOT FOUND, "
                                       "a placeholder")
    real_wage_growth: float = param(0.01, nb="Årlig reallønnsvekst i framskrivingen (ikke funnet – plassholder)",
                                    en="Real wage growth per year in the projection (not found – placeholder)",
                                    help="real wage growth per year in the projection scenarios and of the PhD's "
                                         "costs: NOT FOUND, a placeholder")
    n_draws: int = param(2000, nb="Antall simuleringer", en="Number of simulation draws",
                         help="Monte Carlo draws for the P5–P95 ranges of the headline amounts")
    seed: int = param(2024, nb="Startverdi for tilfeldige tall", en="Random seed",
                      help="random seed of the Monte Carlo (same seed, same result)")


@dataclass
class WorkforceParameters:
    """Notebook 04: competence needs and the workforce projection."""

    municipality: str = param("5001", **MUNICIPALITY, check=check_kommunenummer,
                              help="kommunenummer (4 digits, as text) of the municipality; 5001 is Trondheim")
    occupations: list = param(["nurse", "health_worker", "care_assistant", "teacher", "unqualified_teacher",
                               "kindergarten_teacher", "kindergarten_assistant"],
                              nb="Stillingsgrupper", en="Position groups",
                              help="position groups to project (codes of resources/position_groups.csv)")
    horizon_year: int = param(2040, nb="Framskrivingsår", en="Projection year", help="last year of the projection")
    position_share_change: float = param(0.0, nb="Scenario: endring i stillingsstørrelse",
                                         en="Scenario: change in position size",
                                         help="scenario knob: share points added to every position share, 0.01 is "
                                              "+1 percentage point")
    retirement_delay: float = param(0.0, nb="Scenario: år senere pensjonering", en="Scenario: years later retirement",
                                    help="scenario knob: years by which retirement comes later, 1.0 is one year "
                                         "later")
    turnover_change: float = param(0.0, nb="Scenario: endring i turnover", en="Scenario: change in turnover",
                                   help="scenario knob: share points added to each occupation's yearly turnover, "
                                        "-0.01 is -1 percentage point")
    standard_change: float = param(0.0, nb="Scenario: årlig endring i bemanning per bruker",
                                   en="Scenario: yearly change in staff per user",
                                   help="scenario knob: yearly change of staff per user (0.005 is +0.5 % a year), "
                                        "0.0 holds staffing per user constant")
    combined_positions: int = param(5, nb="Kombinerte stillinger (80/20)", en="Combined positions (80/20)",
                                    help="combined municipality-university positions (80/20 nurse positions) to "
                                         "cost; TRD3.0 has five")
    n_draws: int = param(1000, nb="Antall simuleringer", en="Number of simulation draws",
                         help="Monte Carlo draws for the 90 % uncertainty bands (0 for none)")
    seed: int = param(2026, nb="Startverdi for tilfeldige tall", en="Random seed",
                      help="random seed of the Monte Carlo (same seed, same result)")
    data_dir: str = param("", nb="Datagrunnlag", en="Data",
                          help="folder with workforce.csv, substitutes.csv and population_projection.json "
                               "(JSON-stat 2.0); empty means the shipped synthetic data")
    language: str = param("nb", **LANGUAGE)
    output_dir: str = _output_dir("04_competence_needs")


@dataclass
class ExplorerParameters:
    """The what-if explorer in JupyterLab (not part of the batch)."""

    municipality: str = param("5001", **MUNICIPALITY, check=check_kommunenummer,
                              help='kommunenummer (4 digits, as text) of the municipality, "5001" is Trondheim')
    sector: str = param("primary_school", nb="Sektor", en="Sector", choices=_codes("sector"),
                        help="sector of the participants (a code of vocab.SECTOR, e.g. health_care)")
    study_points: float = param(30, nb="Studiepoeng", en="Study points (ECTS)",
                                help="starting value of the study points (ECTS) per participant")
    n_participants: int = param(10, nb="Antall deltakere", en="Number of participants",
                                help="starting value of the number of participants")
    data_dir: str = param("", nb="Datagrunnlag", en="Data",
                          help="dataset folder (workforce and substitutes tables); empty string means the shipped "
                               "synthetic data")
    language: str = param("nb", nb="Språk", en="Language", check=_check_language,
                          help="language of labels and tables: nb (bokmål) or en (English)")
    figures: bool = param(True, nb="Figurer", en="Figures",
                          help="also redraw the figures on every change (the tables alone respond faster)")


#: Notebook stem → its parameter spec.
SPECS: dict[str, type] = {
    "01_absence_substitute_costs": CostsParameters,
    "02_digital_skills_gap": SkillsParameters,
    "03_funding_models": FundingParameters,
    "04_competence_needs": WorkforceParameters,
    "explore_what_if": ExplorerParameters,
}


def spec_for(notebook: str) -> type:
    """The parameter spec of a notebook, by stem or path (``"01_absence_substitute_costs"``)."""
    stem = str(notebook).replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".ipynb")
    try:
        return SPECS[stem]
    except KeyError:
        raise ValueError(f"no parameter spec for notebook {notebook!r}; known: {', '.join(SPECS)}") from None


def parameters(spec: type) -> list[dict]:
    """The parameters of a spec, in cell order: name, type (as annotated), default, help, nb, en, choices."""
    out = []
    for f in dataclasses.fields(spec):
        default = f.default_factory() if f.default is dataclasses.MISSING else f.default
        choices = f.metadata["choices"]() if f.metadata.get("choices") else None
        out.append({"name": f.name, "type": f.type.strip("\"'"), "default": default, "help": f.metadata["help"],
                    "nb": f.metadata["nb"], "en": f.metadata["en"], "choices": choices})
    return out


def label(spec: type, name: str, language: str) -> str:
    """The plain-word label of a parameter in the report's language (``nb`` or ``en``)."""
    f = {f.name: f for f in dataclasses.fields(spec)}[name]
    return f.metadata["en" if language == "en" else "nb"]


def cell_source(spec: type) -> str:
    """The notebook's ``parameters`` cell, exactly as the notebook must carry it."""
    lines = []
    for p in parameters(spec):
        t = p["type"]
        t = f'"{t}"' if not t.isidentifier() else t
        default = repr(p["default"]).replace("'", '"')
        lines.append(f"{p['name']}: {t} = {default}  # {p['help']}")
    return "\n".join(lines)


def _coerce(name: str, type_: str, value: Any) -> Any:
    optional = type_.startswith("Optional[") or type_.endswith("| None")
    base = type_.removeprefix("Optional[").removesuffix("]").removesuffix("| None").strip()
    if optional and (value is None or value == "" or value == "None"):
        return None
    try:
        if base == "str":
            if isinstance(value, (list, dict)):
                raise TypeError
            return value if isinstance(value, str) else str(value)
        if base == "int":
            if isinstance(value, bool):
                raise TypeError
            v = float(value)
            if not v.is_integer():
                raise ValueError
            return int(v)
        if base == "float":
            if isinstance(value, bool):
                raise TypeError
            v = float(value)
            if not math.isfinite(v):
                raise ValueError
            return v
        if base == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in {"true", "1", "yes"}:
                return True
            if str(value).lower() in {"false", "0", "no"}:
                return False
            raise ValueError
        if base == "list":
            if isinstance(value, str):
                return [v.strip() for v in value.split(",") if v.strip()]
            return list(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be of type {type_}, got {value!r}") from None
    return value


def validate(spec: type, values: Mapping[str, Any]):
    """Check and normalise a run's parameters against a spec, before anything runs.

    Unknown names, wrong types, codes outside the allowed ones and failing checks raise one
    ``ValueError`` listing every problem by parameter name.  Missing names take the default.

    Returns
    -------
    An instance of ``spec`` with normalised values (``dataclasses.asdict`` gives the dict).
    """
    fields = {f.name: f for f in dataclasses.fields(spec)}
    problems = [f"unknown parameter {k!r} (known: {', '.join(fields)})" for k in values if k not in fields]
    out = {}
    for name, f in fields.items():
        if name not in values:
            continue
        try:
            v = _coerce(name, f.type.strip("\"'"), values[name])
            if v is not None and f.metadata.get("choices"):
                allowed = f.metadata["choices"]()
                bad = [x for x in (v if isinstance(v, list) else [v]) if x not in allowed]
                if bad:
                    raise ValueError(f"{name}: unknown code(s) {', '.join(map(repr, bad))}; valid: {', '.join(allowed)}")
            if v is not None and f.metadata.get("check"):
                v = f.metadata["check"](v)
            out[name] = v
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    return spec(**out)


def markdown_table(spec: type) -> str:
    """The README's table of a notebook's parameters: name, type, default (as in the cell) and meaning.

    The meaning is the cell comment (``help``), followed by the bokmål label the reports use.

    Examples
    --------
    >>> print(markdown_table(spec_for("04_competence_needs")).splitlines()[2])
    | `municipality` | str | `"5001"` | kommunenummer (4 digits, as text) of the municipality; 5001 is Trondheim (report: *Kommune*) |
    """
    rows = ["| parameter | type | default | meaning |", "|---|---|---|---|"]
    for p in parameters(spec):
        default = repr(p["default"]).replace("'", '"')
        meaning = p["help"].replace("|", "\\|")
        rows.append(f"| `{p['name']}` | {p['type']} | `{default}` | {meaning} (report: *{p['nb']}*) |")
    return "\n".join(rows)


#: Where the README carries each spec's table: between ``<!-- parameters: STEM ... -->`` and this line.
README_END = "<!-- /parameters -->"


def readme_with_tables(text: str) -> str:
    """``text`` (the README) with every generated parameter table replaced by the current spec's."""
    lines, out, skipping = text.split("\n"), [], False
    for line in lines:
        if skipping:
            if line.strip() == README_END:
                out.append(line)
                skipping = False
            continue
        out.append(line)
        if line.startswith("<!-- parameters: "):
            stem = line.removeprefix("<!-- parameters: ").split()[0]
            out += ["", markdown_table(spec_for(stem)), ""]
            skipping = True
    if skipping:
        raise ValueError(f"README: a '<!-- parameters: ... -->' block has no closing {README_END}")
    return "\n".join(out)
