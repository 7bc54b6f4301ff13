"""Synthetic default data: a complete, internally consistent dataset from a seed.

Every table of :mod:`lifelong_analysis.data.tables` is generated with exactly its
column names, ``data_origin = "synthetic"`` on every row, from one
``numpy.random.default_rng(seed)`` stream per table (so the same seed gives the
same data, byte for byte, and changing one table's size leaves the others
unchanged).  All draws are vectorised; categorical columns keep memory small, so
national scale (500 300 employees, KS 1.12.2023) takes a few seconds.

Calibration
-----------
The margins are calibrated to published figures (ids of
:func:`lifelong_analysis.data.reference.published_figures`); where no figure exists
the value is an explicit assumption.  :func:`calibration_table` lists every
calibration figure and assumption with its evidence; it is written into
``datapackage.json`` and ``data/README.md``.

* Sector mix: the FTE (årsverk) split by sector in kommuner, SSB 2008
  (``ssb_fte_2008_*``); health and social is split 85/15 between
  ``health_care`` and ``social_services`` and "other" 70/30 between
  ``technical_services`` and ``other`` (assumption).  Employees per sector are
  drawn so that the *FTE-weighted* sector shares reproduce SSB.
* Occupation mix within sector: assumption (KS occupations of
  :data:`lifelong_analysis.data.vocab.OCCUPATION`).
* Pay: KS lønnsstatistikk 1.12.2023, månedsfortjeneste × 12 per occupation
  (``ks_pay_*_2023``); monthly pay = annual / 12, log-normal spread
  (sd 0.08 of log pay, assumption) with a mild age gradient, mean-preserving.
  Teachers: only the adjunkt *base* pay is published (``ks_base_adjunkt_2023``)
  and is used as the mean; social workers, case officers, engineers, managers
  and culture workers have no KS row in the reference material: their means
  are assumptions chosen so the all-employee mean lands near the KS kommuner
  average 613 200 (``ks_pay_kommuner_2023``).
* Position shares: overall mean 0.841 and full-time share 0.61 (KS 2023;
  women 0.58, men 0.70);
  turnus staff in health care (nurses, health workers, care assistants,
  assistants) mean 0.715 and full-time 0.348 and 35.5 weekly hours (KS turnus
  definition, 33.6–35.5 h); the other employees' parameters are solved so that
  the overall figures hold.
* Women 0.77 (KS AGM 2023) with sector differences (assumption) shifted on the
  logit scale to the total.
* Sick leave: FTE-weighted mean 0.077 (doctor-certified, kommuner 2023), higher
  in health care and kindergartens than in administration and technical
  services (KS, verbatim; the multipliers are assumptions).
* Training: non-formal courses for 53 % of employees a year
  (``lvm_nonformal_employed_2024``), formal further education with study
  points for 10 % (health and social), 12 % (education) and 7 % (others) of
  employees (SSB table 12865, secondary); teachers' programmes under
  Kompetanse for kvalitet with release 0.375 of a full position per 30 study
  points (Udir) and grant shares 0.60/0.75 (HVL).
* Skills survey: DSI items calibrated so that the weighted share with at least
  basic digital skills equals Norway 2023 (0.8153, secondary); the share of
  health-care respondents with a gap in at least one DigComp area equals the
  "four of five" health and care directors (0.8, KS/Ipsos 2018) — an
  inferred mapping of a leaders' judgement onto staff, flagged as such.
* Funding history: ``history_years`` (default 10) yearly rows before the
  activity year per municipality x payer x scheme, without ``activity_id``,
  scaled back from the activity year's totals at the growth implied by the
  EVU spending path 4.7 bn NOK (2018, ``ks_evu_spend_2018``) -> 6.1 bn NOK
  (2040, ``ks_evu_spend_2040``), about 1.19 % a year, with log-normal noise
  (sd 0.05 of log amount per cell and year, assumption).

Examples
--------
>>> from lifelong_analysis import synthetic
>>> wf = synthetic.generate_workforce(2_000, seed=1)
>>> len(wf), wf["kommunenummer"].iloc[0]
(2000, '5001')
>>> tables = synthetic.generate_dataset(seed=1, n_employees=2_000)
>>> sorted(tables)
['funding', 'skills_survey', 'substitutes', 'training', 'workforce']
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from lifelong_analysis import __version__
from lifelong_analysis.analysis import costs
from lifelong_analysis.data import reference, tables, vocab
from lifelong_analysis.data.population import datapackage_entry
from lifelong_analysis.outputs import atomic_path
from lifelong_analysis.paths import RESOURCES_DIR, resolve

# --------------------------------------------------------------------------
# Calibration inputs.  Published values are read from the reference table in
# calibration_table(); the dictionaries below hold the values themselves so the
# generator has no I/O, and a test checks them against the reference table.
# --------------------------------------------------------------------------

#: Default size: employees of Trondheim kommune 31.12.2020 (``trd_employees_2020``).
TRONDHEIM_EMPLOYEES = 14_998
#: National scale: employees in kommunal forvaltning 1.12.2023 (``ks_employees_2023``).
NATIONAL_EMPLOYEES = 500_300

#: SSB 2008 avtalte årsverk by sector (``ssb_fte_2008_*``), kommuner.
SSB_FTE_2008 = {
    "health_social": 140_485, "school": 90_545, "kindergarten": 38_294,
    "administration": 46_674, "culture": 6_958, "other": 11_223,
}
#: Assumption: split of SSB "helse- og sosialtenester" and "anna" into the package's sectors.
HEALTH_SOCIAL_SPLIT = {"health_care": 0.85, "social_services": 0.15}
OTHER_SPLIT = {"technical_services": 0.70, "other": 0.30}

#: Assumption: occupation mix (share of employees) within each sector.
OCCUPATION_MIX: dict[str, dict[str, float]] = {
    "health_care": {"nurse": 0.24, "health_worker": 0.32, "care_assistant": 0.20, "assistant": 0.10,
                    "social_worker": 0.03, "case_officer": 0.06, "manager": 0.05},
    "primary_school": {"teacher": 0.72, "assistant": 0.13, "skilled_worker": 0.05,
                       "case_officer": 0.04, "manager": 0.06},
    "kindergarten": {"kindergarten_teacher": 0.40, "assistant": 0.38, "skilled_worker": 0.16, "manager": 0.06},
    "social_services": {"social_worker": 0.60, "case_officer": 0.25, "assistant": 0.10, "manager": 0.05},
    "administration": {"case_officer": 0.72, "manager": 0.15, "engineer": 0.10, "assistant": 0.03},
    "technical_services": {"skilled_worker": 0.50, "engineer": 0.28, "case_officer": 0.12, "manager": 0.10},
    "culture": {"culture_worker": 0.70, "case_officer": 0.15, "assistant": 0.10, "manager": 0.05},
    "other": {"case_officer": 0.30, "skilled_worker": 0.30, "assistant": 0.30, "manager": 0.10},
}

#: Annual pay (månedsfortjeneste × 12, NOK) per occupation, KS 1.12.2023; ``None`` = reference id.
PAY_ANNUAL: dict[str, tuple[float, str]] = {
    "nurse": (661_000, "ks_pay_sykepleier_2023"),
    "health_worker": (575_800, "ks_pay_helsefagarbeider_2023"),
    "care_assistant": (512_300, "ks_pay_pleiemedarbeider_2023"),
    "assistant": (466_600, "ks_pay_assistent_2023"),
    "skilled_worker": (514_500, "ks_pay_fagarbeider_2023"),
    "kindergarten_teacher": (599_200, "ks_pay_pedleder_2023"),
    "teacher": (593_400, "ks_base_adjunkt_2023"),
    "social_worker": (640_000, "assumption"),
    "case_officer": (720_000, "assumption"),
    "engineer": (740_000, "assumption"),
    "manager": (900_000, "assumption"),
    "culture_worker": (580_000, "assumption"),
}
PAY_LOG_SD = 0.08          # assumption: spread of log pay within an occupation
PAY_AGE_GRADIENT = 0.004   # assumption: +0.4 % pay per year of age (centred)

TURNUS_OCCUPATIONS = ("nurse", "health_worker", "care_assistant", "assistant")
TURNUS_WEEKLY_HOURS = 35.5     # ks_turnus_weekly_hours_max
DAY_WEEKLY_HOURS = 37.5
TARGET_MEAN_POSITION = 0.841   # ks_avg_position_2023
TARGET_FULL_TIME = 0.61        # ks_fulltime_share_2023
TURNUS_MEAN_POSITION = 0.715   # ks_avg_position_turnus_hc_2023
TURNUS_FULL_TIME = 0.348       # ks_fulltime_turnus_hc_2023
FULL_TIME_WOMEN = 0.58         # ks_fulltime_women_2023
FULL_TIME_MEN = 0.70           # ks_fulltime_men_2023
PART_TIME_RANGE = (0.10, 0.95)  # assumption: part-time positions lie between 10 % and 95 %
PART_TIME_CONCENTRATION = 5.0   # assumption: Beta concentration of part-time position shares

TARGET_WOMEN = 0.77            # ks_women_share_2023
#: Assumption: women's share by sector before the logit shift to the 0.77 total.
WOMEN_BY_SECTOR = {"health_care": 0.86, "primary_school": 0.75, "kindergarten": 0.92, "social_services": 0.80,
                   "administration": 0.65, "technical_services": 0.25, "culture": 0.60, "other": 0.50}

TARGET_SICK_LEAVE = 0.077      # ks_sickleave_2023
#: Assumption: relative sick leave by sector (KS: higher in health care and kindergartens
#: than in administration and technical services, verbatim; the sizes are assumed).
SICK_LEAVE_MULTIPLIER = {"health_care": 1.25, "primary_school": 0.95, "kindergarten": 1.30, "social_services": 1.0,
                         "administration": 0.65, "technical_services": 0.75, "culture": 0.80, "other": 0.85}
SICK_LEAVE_CONCENTRATION = 2.0  # assumption: Beta concentration (most have little, a few long spells)

#: Assumption: employment type (permanent / temporary / hourly) shares.
EMPLOYMENT_TYPE_P = {"permanent": 0.88, "temporary": 0.09, "hourly": 0.03}

#: Assumption: highest education by occupation, probabilities in vocab order
#: (compulsory, upper_secondary, vocational_college, bachelor, master, doctorate).
EDUCATION_BY_OCCUPATION = {
    "nurse": (0, 0, 0, 0.85, 0.15, 0),
    "health_worker": (0, 0.85, 0.15, 0, 0, 0),
    "care_assistant": (0.45, 0.50, 0.05, 0, 0, 0),
    "assistant": (0.35, 0.50, 0.05, 0.10, 0, 0),
    "skilled_worker": (0.05, 0.85, 0.10, 0, 0, 0),
    "kindergarten_teacher": (0, 0, 0, 0.85, 0.15, 0),
    "teacher": (0, 0, 0, 0.55, 0.45, 0),
    "social_worker": (0, 0, 0, 0.80, 0.20, 0),
    "case_officer": (0, 0.10, 0.05, 0.45, 0.38, 0.02),
    "engineer": (0, 0, 0.15, 0.50, 0.33, 0.02),
    "manager": (0, 0.05, 0.05, 0.40, 0.48, 0.02),
    "culture_worker": (0, 0.25, 0.10, 0.45, 0.20, 0),
}

# Training ------------------------------------------------------------------
P_NONFORMAL = 0.53             # lvm_nonformal_employed_2024 (also health/social 0.53)
#: Formal further education (study points) in the last 12 months (SSB 12865, secondary).
P_FORMAL = {"health_care": 0.10, "social_services": 0.10, "primary_school": 0.12, "kindergarten": 0.12}
P_FORMAL_OTHER = 0.07
EXTRA_COURSES_MEAN = 0.4       # assumption: courses per participant = 1 + Poisson(0.4)
# Working time and release rules come from the cost model's documented parameters
# (resources/cost_parameters.csv), so the synthetic data and the cost model agree.
_COST_PARAMETERS = costs.cost_parameters()
#: Release from work per 30 study points, share of a full position, by delivery format:
#: part_time_gatherings = KfK 0.375 (Udir, verbatim); the others are assumptions
#: (release_share_30sp.* in resources/cost_parameters.csv).
RELEASE_SHARE_30SP = {f: _COST_PARAMETERS[f"release_share_30sp.{f}"] for f in vocab.codes("delivery_format")}
KFK_RELEASE_30SP = _COST_PARAMETERS["kfk_release_share_30sp"]
KFK_STATE_SHARE = 0.60         # kfk_vikar_state_share
KFK_STATE_SHARE_MATH = 0.75    # kfk_vikar_state_share (mathematics and science)
KFK_STIPEND_30SP = 120_000     # kfk_stipend_30sp
HC_GRANT_SHARE = 0.5           # funding_schemes.csv hc_competence_grant: NOT FOUND, placeholder
OFFPHD_MAX_SHARE = 0.5         # offphd_max_share
PHD_RATE = {2024: 1_312_000, 2025: 1_363_000, 2026: 1_414_000}  # phd_rate_20xx
OFFPHD_PER_EMPLOYEE = 100 / NATIONAL_EMPLOYEES  # offphd_projects_2019 (nær 100) per KS employees: inferred
COMBINED_POSITIONS_TRONDHEIM = 5  # trd_combined_positions
COMBINED_UNIVERSITY_SHARE = 0.2   # combined_position_typical
#: Provider cost proxy per study point (fagskole operating grant / 60 sp; Telemark 2014).
COST_PER_SP = {"classroom_full_day": 71_300 / 60, "part_time_gatherings": 71_300 / 60,
               "digital_self_paced": 49_400 / 60, "work_integrated": 71_300 / 60}
#: Assumptions (not found): short-course costs.
COURSE_FEE_PER_DAY = 2_500     # NOK per participant-day, external provider
TRAVEL_PER_DAY = 1_200         # NOK per day when travel is needed
TRAVEL_PER_GATHERING = 1_500   # NOK per gathering of a part-time programme
MATERIALS_PER_SP = 100         # NOK per study point (books)
INTERNAL_TRAINER_PER_HOUR = 450  # NOK per trainer hour (internal trainer / supervisor)
PREMISES_PER_DAY = 150         # NOK per participant-day in own premises

# Funding history -------------------------------------------------------------
HISTORY_YEARS = 10             # default years of funding history before the activity year
#: Assumption: yearly noise of the funding history, sd of log amount per payer x scheme cell.
FUNDING_HISTORY_LOG_SD = 0.05

# Substitutes ----------------------------------------------------------------
OVERTIME_PREMIUM = 0.5         # assumption (KS HTA / AML not in the reference material)
AGENCY_PREMIUM = 0.3           # assumption (no published figure)
#: Occupations whose KS pay prices an hour of a qualified / unqualified substitute.
SUBSTITUTE_OCCUPATION = {
    "health_care": ("health_worker", "care_assistant"), "primary_school": ("teacher", "assistant"),
    "kindergarten": ("kindergarten_teacher", "assistant"), "social_services": ("social_worker", "assistant"),
    "administration": ("case_officer", "assistant"), "technical_services": ("skilled_worker", "assistant"),
    "culture": ("culture_worker", "assistant"), "other": ("skilled_worker", "assistant"),
}
#: Assumption: probability that a qualified substitute is found (low in health care and
#: kindergartens: the seed text says qualified substitutes are lacking in many places).
P_QUALIFIED = {"health_care": 0.40, "primary_school": 0.60, "kindergarten": 0.45, "social_services": 0.60,
               "administration": 0.80, "technical_services": 0.70, "culture": 0.80, "other": 0.70}
P_QUALIFIED_CITY_BONUS = 0.05  # assumption: a university city finds qualified substitutes a bit more often
#: Assumption: of the hours no qualified substitute covers: unqualified / overtime / uncovered.
COVER_SHARES = {
    "health_care": (0.55, 0.35, 0.10), "primary_school": (0.50, 0.20, 0.30),
    "kindergarten": (0.60, 0.10, 0.30), "social_services": (0.30, 0.30, 0.40),
    "administration": (0.05, 0.15, 0.80), "technical_services": (0.10, 0.30, 0.60),
    "culture": (0.10, 0.10, 0.80), "other": (0.20, 0.20, 0.60),
}

# Skills survey ---------------------------------------------------------------
TARGET_DSI_BASIC = 0.8153      # dsi_no_basic_2023 (secondary)
TARGET_HC_GAP = 0.8            # ks_hc_lack_digital (inferred mapping onto staff)
TARGET_OTHER_GAP = 0.55        # assumption: same share outside health care (no published figure)
P_INTERNET_USE = 0.99          # assumption: employees who used the internet in the last 3 months
#: Assumption: response propensity by sector (health care answers least); weights undo it.
RESPONSE_PROPENSITY = {"health_care": 0.7, "primary_school": 1.0, "kindergarten": 0.8, "social_services": 1.0,
                       "administration": 1.4, "technical_services": 0.9, "culture": 1.1, "other": 0.9}
#: Assumption: DigComp level the job requires, by occupation (before per-area noise).
REQUIRED_LEVEL = {"nurse": 4.3, "health_worker": 3.8, "care_assistant": 3.3, "assistant": 3.0,
                  "skilled_worker": 3.2, "kindergarten_teacher": 3.8, "teacher": 4.5, "social_worker": 4.2,
                  "case_officer": 4.6, "engineer": 5.0, "manager": 4.7, "culture_worker": 3.8}
AGE_SKILL_SLOPE = -0.03        # assumption: latent skill falls 0.03 sd per year of age
EDUCATION_SKILL = {"compulsory": -0.6, "upper_secondary": -0.3, "vocational_college": 0.0,
                   "bachelor": 0.2, "master": 0.4, "doctorate": 0.5}
ITEM_NONRESPONSE = 0.005       # assumption: missing self/required answers

#: Short-course titles (Norwegian, as a municipality would name them).
COURSE_TITLES = {
    "health_care": ["Velferdsteknologiens ABC", "Legemiddelhåndtering", "Demensomsorgens ABC", "Førstehjelp",
                    "Elektronisk pasientjournal", "Palliativ omsorg", "Smittevern"],
    "primary_school": ["Digital dømmekraft i skolen", "Klasseledelse", "Lesing i alle fag", "Personvern i skolen"],
    "kindergarten": ["Språkutvikling i barnehagen", "Barns trivsel og lek", "Digital praksis i barnehagen"],
    "social_services": ["Motiverende intervju", "Barnevernsfaglig dokumentasjon", "Traumebevisst praksis"],
    "administration": ["Informasjonssikkerhet og personvern", "Microsoft 365 grunnkurs", "Klarspråk",
                       "Offentlige anskaffelser"],
    "technical_services": ["HMS og arbeidsvarsling", "BIM for byggforvaltning", "Informasjonssikkerhet"],
    "culture": ["Publikumsutvikling", "Digital formidling"],
    "other": ["Informasjonssikkerhet og personvern", "Microsoft 365 grunnkurs"],
}
PROGRAMME_TITLES = {
    "teacher": ["Matematikk 1 (KfK)", "Norsk 1 (KfK)", "Engelsk 1 (KfK)", "Naturfag 1 (KfK)", "Programmering (KfK)"],
    "health_care": ["Klinisk observasjons- og vurderingskompetanse", "Tverrfaglig palliativ omsorg",
                    "Velferdsteknologi (fagskole)", "Demens og alderspsykiatri (fagskole)"],
    "other": ["Digital transformasjon i offentlig sektor", "Ledelse i offentlig sektor", "Tjenestedesign"],
}

SEED_OFFSETS = {"workforce": 0, "training": 1, "substitutes": 2, "skills_survey": 3, "funding": 4}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def _rng(seed: int, table: str) -> np.random.Generator:
    """An independent stream per table, derived from the seed."""
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    return np.random.default_rng([int(seed), SEED_OFFSETS[table]])


def _sector_fte_shares() -> dict[str, float]:
    total = sum(SSB_FTE_2008.values())
    s = SSB_FTE_2008
    out = {
        "health_care": s["health_social"] * HEALTH_SOCIAL_SPLIT["health_care"],
        "primary_school": s["school"],
        "kindergarten": s["kindergarten"],
        "social_services": s["health_social"] * HEALTH_SOCIAL_SPLIT["social_services"],
        "administration": s["administration"],
        "technical_services": s["other"] * OTHER_SPLIT["technical_services"],
        "culture": s["culture"],
        "other": s["other"] * OTHER_SPLIT["other"],
    }
    return {k: v / total for k, v in out.items()}


def position_parameters() -> dict:
    """Solve the position-share model so the KS 2023 margins hold.

    Turnus staff (health-care occupations in :data:`TURNUS_OCCUPATIONS`) have
    mean 0.715 and full-time share 0.348; the other employees' full-time share
    and part-time mean are solved so that all employees have mean 0.841 and
    full-time share 0.61, while employees per sector are drawn so that the
    FTE-weighted sector shares equal SSB 2008.

    Returns
    -------
    dict with ``employee_sector_shares`` (share of employees per sector),
    ``fte_sector_shares``, ``turnus_share`` (of all employees),
    ``turnus_full_time``, ``turnus_part_time_mean``, ``other_full_time``,
    ``other_part_time_mean``, ``other_mean``.

    Examples
    --------
    >>> p = position_parameters()
    >>> round(p["turnus_part_time_mean"], 4)   # (0.715 - 0.348) / (1 - 0.348)
    0.5629
    """
    fte = _sector_fte_shares()
    turnus_in_hc = sum(v for k, v in OCCUPATION_MIX["health_care"].items() if k in TURNUS_OCCUPATIONS)
    m_other = 0.9
    for _ in range(200):
        mean_pos = {s: (turnus_in_hc * TURNUS_MEAN_POSITION + (1 - turnus_in_hc) * m_other) if s == "health_care"
                    else m_other for s in fte}
        raw = {s: fte[s] / mean_pos[s] for s in fte}
        z = sum(raw.values())
        emp = {s: v / z for s, v in raw.items()}
        f_t = emp["health_care"] * turnus_in_hc
        new = (TARGET_MEAN_POSITION - f_t * TURNUS_MEAN_POSITION) / (1 - f_t)
        if abs(new - m_other) < 1e-12:
            break
        m_other = new
    p_other = (TARGET_FULL_TIME - f_t * TURNUS_FULL_TIME) / (1 - f_t)
    pm_other = (m_other - p_other) / (1 - p_other)
    pm_turnus = (TURNUS_MEAN_POSITION - TURNUS_FULL_TIME) / (1 - TURNUS_FULL_TIME)
    lo, hi = PART_TIME_RANGE
    for name, pm in (("other", pm_other), ("turnus", pm_turnus)):
        if not lo < pm < hi:
            raise ValueError(f"position model infeasible: {name} part-time mean {pm:.3f} outside {PART_TIME_RANGE}")
    return {
        "employee_sector_shares": emp, "fte_sector_shares": fte, "turnus_share": f_t,
        "turnus_full_time": TURNUS_FULL_TIME, "turnus_part_time_mean": pm_turnus,
        "other_full_time": p_other, "other_part_time_mean": pm_other, "other_mean": m_other,
    }


def full_time_by_group_and_sex(turnus, male) -> tuple[float, float, float]:
    """Full-time probabilities ``(p_turnus, p_other, delta_male)`` that reproduce the KS 2023 shares.

    Solves three linear equations on the given employees (arrays of bool):
    full-time share of turnus staff 0.348, of women 0.58 and of men 0.70, with
    ``P(full time) = p_group + delta_male × male``.  The published overall
    0.61 is then met up to the figures' own consistency
    (0.77 × 0.58 + 0.23 × 0.70 = 0.607).

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([True, True, False, False]); m = np.array([False, True, False, True])
    >>> [round(x, 3) for x in full_time_by_group_and_sex(t, m)]
    [0.288, 0.872, 0.12]
    """
    turnus = np.asarray(turnus, dtype=bool)
    male = np.asarray(male, dtype=bool)
    if not male.any() or male.all() or not turnus.any() or turnus.all():
        p = position_parameters()
        return p["turnus_full_time"], p["other_full_time"], 0.0
    m_t = male[turnus].mean()             # share of men among turnus staff
    f_tw = turnus[~male].mean()           # share of turnus staff among women
    f_tm = turnus[male].mean()            # ... among men
    a = np.array([[1.0, 0.0, m_t], [f_tw, 1 - f_tw, 0.0], [f_tm, 1 - f_tm, 1.0]])
    b = np.array([TURNUS_FULL_TIME, FULL_TIME_WOMEN, FULL_TIME_MEN])
    p_t, p_o, d_m = np.linalg.solve(a, b)
    if not (0 <= p_t <= 1 and 0 <= p_o <= 1 and 0 <= p_o + d_m <= 1 and 0 <= p_t + d_m <= 1):
        raise ValueError(f"full-time model infeasible for this workforce: p_turnus={p_t:.3f}, "
                         f"p_other={p_o:.3f}, delta_male={d_m:.3f}")
    return float(p_t), float(p_o), float(d_m)


def _categorical(values, categories) -> pd.Categorical:
    return pd.Categorical.from_codes(np.asarray(values), categories=list(categories))


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    nums = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, nums).astype(object)


def _beta_mean(rng, mean, concentration, size):
    mean = np.clip(np.asarray(mean, dtype=float), 1e-6, 1 - 1e-6)
    return rng.beta(mean * concentration, (1 - mean) * concentration, size=size)


def annual_hours(weekly_hours) -> np.ndarray:
    """Agreed working hours of a full-time year: weekly × (52 − 5 holiday weeks) − weekday public holidays.

    Uses ``holiday_weeks`` (5, Altinn) and ``public_holidays_weekdays`` (8.571,
    resources/cost_parameters.csv); 37.5 h/week gives 1 698.2 hours.

    Examples
    --------
    >>> round(float(annual_hours(37.5)), 1)   # 37.5 * 47 - 8.571 * 7.5
    1698.2
    """
    return np.asarray(costs.annual_hours_worked(full_time_weekly_hours=weekly_hours), dtype=float)


def _check_n(n, what):
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{what} must be a positive integer, got {n!r}")


def _check_kommune(k) -> list[str]:
    import re

    ks = list(k) if isinstance(k, (list, tuple)) else [k]
    bad = [x for x in ks if not isinstance(x, str) or not re.fullmatch(tables.KOMMUNENUMMER_PATTERN, x)]
    if bad or not ks:
        raise ValueError(f"kommunenummer must be 4-digit strings such as '5001' (Trondheim) or '0301' (Oslo); "
                         f"got {bad or k!r}")
    return ks


# --------------------------------------------------------------------------
# Workforce
# --------------------------------------------------------------------------

def generate_workforce(n_employees: int = 15_000, *, seed: int, kommunenummer: str | Sequence[str] = "5001",
                       ) -> pd.DataFrame:
    """Synthetic employees of one municipality (or several), calibrated to KS/SSB margins.

    Parameters
    ----------
    n_employees : number of rows (one per employee).  Trondheim 2020: 14 998;
        national scale (KS 1.12.2023): 500 300.
    seed : random seed (int).
    kommunenummer : 4-character municipality number, or a list of them
        (employees are then spread evenly over the municipalities).

    Returns
    -------
    pandas.DataFrame
        The ``workforce`` columns of :mod:`lifelong_analysis.data.tables`:
        ``employee_id, kommunenummer, sector, occupation, position_share``
        (share 0–1), ``monthly_pay_nok`` (NOK per month, full-time
        equivalent), ``age`` (years), ``education_level, employment_type,
        n_employees`` (1), ``sex, full_time_weekly_hours`` (hours),
        ``sick_leave_share`` (share 0–1), ``data_origin`` ("synthetic").
        Code columns are categoricals.

    Examples
    --------
    >>> wf = generate_workforce(1_000, seed=3)
    >>> bool(wf["position_share"].between(0, 1).all())
    True
    """
    _check_n(n_employees, "n_employees")
    kommuner = _check_kommune(kommunenummer)
    rng = _rng(seed, "workforce")
    n = int(n_employees)
    pp = position_parameters()
    sectors = vocab.codes("sector")
    occupations = vocab.codes("occupation")

    sector_p = np.array([pp["employee_sector_shares"][s] for s in sectors])
    sector_idx = rng.choice(len(sectors), size=n, p=sector_p)
    occ_idx = np.empty(n, dtype=np.int64)
    for si, s in enumerate(sectors):
        mask = sector_idx == si
        mix = OCCUPATION_MIX[s]
        occ_codes = np.array([occupations.index(o) for o in mix])
        occ_idx[mask] = occ_codes[rng.choice(len(mix), size=int(mask.sum()), p=np.array(list(mix.values())))]

    hc = sectors.index("health_care")
    turnus_codes = [occupations.index(o) for o in TURNUS_OCCUPATIONS]
    turnus = (sector_idx == hc) & np.isin(occ_idx, turnus_codes)

    # Sex: sector shares shifted on the logit scale so the expected total is 0.77.
    w_sector = np.array([WOMEN_BY_SECTOR[s] for s in sectors])
    logit = np.log(w_sector / (1 - w_sector))
    lo_s, hi_s = -5.0, 5.0
    for _ in range(60):
        mid = (lo_s + hi_s) / 2
        if float(sector_p @ (1 / (1 + np.exp(-(logit + mid))))) < TARGET_WOMEN:
            lo_s = mid
        else:
            hi_s = mid
    p_woman = (1 / (1 + np.exp(-(logit + (lo_s + hi_s) / 2))))[sector_idx]
    sex_idx = np.where(rng.random(n) < p_woman, vocab.codes("sex").index("female"), vocab.codes("sex").index("male"))

    # Position share: full-time with a probability by group (turnus / other) and sex, solved on the
    # drawn sample so that turnus full-time = 0.348, women 0.58 and men 0.70 (KS 2023); otherwise a
    # Beta on PART_TIME_RANGE with the mean that keeps turnus 0.715 and all employees 0.841.
    male = sex_idx == vocab.codes("sex").index("male")
    p_t, p_o, d_m = full_time_by_group_and_sex(turnus, male)
    lo, hi = PART_TIME_RANGE
    p_ft = np.where(turnus, p_t, p_o) + d_m * male
    ft_other = float(np.mean(p_ft[~turnus])) if (~turnus).any() else pp["other_full_time"]
    pm_other = (pp["other_mean"] - ft_other) / (1 - ft_other)
    pm = np.where(turnus, pp["turnus_part_time_mean"], pm_other)
    full = rng.random(n) < p_ft
    part = lo + (hi - lo) * _beta_mean(rng, (pm - lo) / (hi - lo), PART_TIME_CONCENTRATION, n)
    position = np.where(full, 1.0, np.clip(np.round(part, 2), lo, hi))

    # Age 18–69: 18 + 52 * Beta(2.4, 2.6), mean about 43 (assumption).
    age = (18 + np.floor(52 * rng.beta(2.4, 2.6, size=n))).astype(np.int64)
    age = np.clip(age, 18, 69)

    # Pay: KS mean per occupation, mean-preserving log-normal spread and a centred age gradient.
    base = np.array([PAY_ANNUAL[o][0] for o in occupations])[occ_idx]
    z = rng.standard_normal(n)
    log_factor = PAY_LOG_SD * z - PAY_LOG_SD ** 2 / 2 + PAY_AGE_GRADIENT * (age - 43.0)
    monthly = np.round(base * np.exp(log_factor) / 12.0)

    # Education given occupation.
    edu_codes = vocab.codes("education_level")
    edu_idx = np.empty(n, dtype=np.int64)
    for oi, o in enumerate(occupations):
        mask = occ_idx == oi
        if mask.any():
            p = np.array(EDUCATION_BY_OCCUPATION[o], dtype=float)
            edu_idx[mask] = rng.choice(len(edu_codes), size=int(mask.sum()), p=p / p.sum())

    et_codes = vocab.codes("employment_type")
    et_idx = rng.choice(len(et_codes), size=n, p=[EMPLOYMENT_TYPE_P[c] for c in et_codes])

    weekly = np.where(turnus, TURNUS_WEEKLY_HOURS, DAY_WEEKLY_HOURS)

    # Sick leave: FTE-weighted mean 0.077 with sector multipliers.
    fte = pp["fte_sector_shares"]
    norm = sum(fte[s] * SICK_LEAVE_MULTIPLIER[s] for s in sectors)
    mu = np.array([TARGET_SICK_LEAVE * SICK_LEAVE_MULTIPLIER[s] / norm for s in sectors])[sector_idx]
    sick = np.round(_beta_mean(rng, mu, SICK_LEAVE_CONCENTRATION, n), 4)

    k_idx = np.arange(n) % len(kommuner) if len(kommuner) > 1 else np.zeros(n, dtype=np.int64)
    if len(kommuner) > 1:
        ids = np.char.add(np.char.add(np.array(kommuner, dtype=object)[k_idx].astype(str), "-"),
                          np.char.zfill(np.arange(1, n + 1).astype(str), 7)).astype(object)
    else:
        ids = _ids(f"{kommuner[0]}-", n, 6 if n < 1_000_000 else 7)

    return pd.DataFrame({
        "employee_id": ids,
        "kommunenummer": _categorical(k_idx, kommuner),
        "sector": _categorical(sector_idx, sectors),
        "occupation": _categorical(occ_idx, occupations),
        "position_share": position,
        "monthly_pay_nok": monthly,
        "age": age,
        "education_level": _categorical(edu_idx, edu_codes),
        "employment_type": _categorical(et_idx, et_codes),
        "n_employees": np.ones(n, dtype=np.int64),
        "sex": _categorical(sex_idx, vocab.codes("sex")),
        "full_time_weekly_hours": weekly,
        "sick_leave_share": sick,
        "data_origin": _categorical(np.zeros(n, dtype=np.int64), ["synthetic"]),
    })


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def _str_array(col: pd.Series) -> np.ndarray:
    """A column as an object array of str; fast for categoricals (no per-row conversion)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = np.asarray(col.cat.categories.astype(str), dtype=object)
        codes = col.cat.codes.to_numpy()
        if (codes < 0).any():
            return col.astype(str).to_numpy(dtype=object)
        return cats[codes]
    return col.astype(str).to_numpy(dtype=object)


def _lookup(mapping: dict, keys: np.ndarray, default=None) -> np.ndarray:
    """Vectorised ``[mapping.get(k, default) for k in keys]`` for float values."""
    return pd.Series(keys).map(mapping).fillna(default if default is not None else np.nan).to_numpy(dtype=float)


def _pick(rng, options: Sequence, size: int, p=None) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p)]


def generate_training(workforce: pd.DataFrame, *, seed: int, year: int = 2025) -> pd.DataFrame:
    """Synthetic further-education (EVU) activities of the employees in ``workforce``.

    Non-formal short courses (no study points) for 53 % of employees
    (Lærevilkårsmonitoren 2024) and programmes with study points (7.5–30 ECTS;
    10–12 % of health/social and education staff, 7 % of others, SSB 12865),
    plus public-sector PhD candidates and combined municipality–university
    positions.  Hours away follow the delivery format and study points
    (Kompetanse for kvalitet: 0.375 of a full year's hours per 30 sp); teachers'
    programmes fall under Kompetanse for kvalitet, health-care programmes mostly
    under the health and care competence grant.  Direct cost components add up
    exactly to ``direct_cost_nok`` (whole NOK).

    ``grant_nok`` (received by the municipality, whole NOK):

    * ``kfk_substitute``: 0.60 × hours away × teacher substitute pay
      (593 400 / 1 950 = 304.31 NOK/h); ``kfk_substitute_math_science``: 0.75 ×;
    * ``hc_competence_grant``: 0.5 (NOT FOUND placeholder, as in
      ``resources/funding_schemes.csv``) × (direct cost + hours away × health
      worker substitute pay 575 800 / 1 846 = 311.92 NOK/h);
    * ``public_sector_phd``: min(0.5 × PhD rate of ``year`` (nearest of 2024–2026) × position share,
      0.5 × (direct cost + hours × the candidate's hourly pay));
    * others 0.  The KfK stipend goes to the teacher (funding table only);
      study in own time (``kfk_stipend``, ``employee_own_time``) has 0 hours away.

    Parameters
    ----------
    workforce : table from :func:`generate_workforce` (or any valid workforce).
    seed : random seed.
    year : year the activities start.

    Returns
    -------
    pandas.DataFrame
        The ``training`` columns: ``activity_id, employee_id, kommunenummer,
        activity, delivery_format, hours_away`` (hours), ``study_points``
        (ECTS), ``direct_cost_nok`` (NOK) and its components ``fees_nok,
        travel_subsistence_nok, materials_nok, internal_trainer_nok,
        premises_nok``, ``grant_nok`` (NOK received by the municipality),
        ``funding_scheme, year, data_origin``.

    Examples
    --------
    >>> wf = generate_workforce(2_000, seed=1)
    >>> tr = generate_training(wf, seed=1, year=2025)
    >>> bool(tr["employee_id"].isin(wf["employee_id"]).all())
    True
    """
    need = {"employee_id", "kommunenummer", "sector", "occupation", "position_share", "monthly_pay_nok"}
    missing = need - set(workforce.columns)
    if missing:
        raise ValueError(f"workforce lacks the columns {sorted(missing)}")
    if not isinstance(year, (int, np.integer)) or not 2000 <= year <= 2100:
        raise ValueError(f"year must be an integer 2000–2100, got {year!r}")
    rng = _rng(seed, "training")
    n = len(workforce)
    sector = _str_array(workforce["sector"])
    occ = _str_array(workforce["occupation"])
    position = workforce["position_share"].to_numpy(dtype=float)
    weekly = (workforce["full_time_weekly_hours"].to_numpy(dtype=float)
              if "full_time_weekly_hours" in workforce else np.full(n, DAY_WEEKLY_HOURS))
    hourly_pay = workforce["monthly_pay_nok"].to_numpy(dtype=float) * 12 / (weekly * 52)
    year_hours = annual_hours(weekly)
    edu = _str_array(workforce["education_level"]) if "education_level" in workforce else None
    emp_type = _str_array(workforce["employment_type"]) if "employment_type" in workforce else None
    parts: list[pd.DataFrame] = []

    # -- Non-formal short courses -------------------------------------------------
    takes = rng.random(n) < P_NONFORMAL
    k = 1 + rng.poisson(EXTRA_COURSES_MEAN, size=n)
    who = np.repeat(np.flatnonzero(takes), k[takes])
    m = len(who)
    is_hc = sector[who] == "health_care"
    fmt = np.where(
        is_hc,
        _pick(rng, ["classroom_full_day", "digital_self_paced", "work_integrated"], m, [0.35, 0.40, 0.25]),
        _pick(rng, ["classroom_full_day", "digital_self_paced", "work_integrated"], m, [0.50, 0.35, 0.15]),
    )
    day_hours = weekly[who] / 5
    days = rng.choice([1, 2, 3], size=m, p=[0.6, 0.3, 0.1])
    hours = np.select(
        [fmt == "classroom_full_day", fmt == "digital_self_paced"],
        [days * day_hours, np.maximum(1.0, np.round(rng.gamma(2.0, 2.5, size=m)))],
        np.maximum(2.0, np.round(rng.gamma(2.0, 6.0, size=m))),
    )
    hours = np.minimum(np.round(hours, 1), year_hours[who] * position[who])
    external = rng.random(m) < 0.6
    classroom = fmt == "classroom_full_day"
    travel_needed = rng.random(m) < 0.3
    fees = np.where(classroom & external, COURSE_FEE_PER_DAY * days, 0.0)
    fees = np.where(fmt == "digital_self_paced", np.where(rng.random(m) < 0.5, rng.choice([500, 1000, 2000, 3000], m), 0), fees)
    travel = np.where(classroom & external & travel_needed, TRAVEL_PER_DAY * days, 0.0)
    materials = np.where(classroom, 200.0, np.where(fmt == "work_integrated", 100.0, 0.0))
    # internal course: one trainer for a group of 15 -> trainer cost per participant
    internal = np.where(classroom & ~external, np.round(INTERNAL_TRAINER_PER_HOUR * hours / 15), 0.0)
    internal = np.where(fmt == "work_integrated", np.round(INTERNAL_TRAINER_PER_HOUR * hours * 0.25), internal)
    premises = np.where(classroom & ~external, PREMISES_PER_DAY * days, 0.0)
    titles = np.empty(m, dtype=object)
    for s, opts in COURSE_TITLES.items():
        mask = sector[who] == s
        titles[mask] = _pick(rng, opts, int(mask.sum()))
    scheme = np.where(is_hc & (rng.random(m) < 0.15), "hc_competence_grant", "employer_pays")
    parts.append(pd.DataFrame({
        "who": who, "activity": titles, "delivery_format": fmt, "hours_away": hours,
        "study_points": 0.0, "fees_nok": fees, "travel_subsistence_nok": travel, "materials_nok": materials,
        "internal_trainer_nok": internal, "premises_nok": premises, "funding_scheme": scheme,
    }))

    # -- Formal further education with study points -------------------------------
    p_formal = _lookup(P_FORMAL, sector, P_FORMAL_OTHER)
    who = np.flatnonzero(rng.random(n) < p_formal)
    m = len(who)
    s_w, o_w = sector[who], occ[who]
    kfk = (s_w == "primary_school") & (o_w == "teacher")
    hcw = s_w == "health_care"
    sp = np.select(
        [kfk, hcw],
        [rng.choice([30.0, 15.0], size=m, p=[0.7, 0.3]),
         rng.choice([7.5, 10.0, 15.0, 30.0], size=m, p=[0.2, 0.3, 0.3, 0.2])],
        rng.choice([7.5, 15.0, 30.0], size=m, p=[0.3, 0.4, 0.3]),
    )
    fmt = np.where(
        kfk, _pick(rng, ["part_time_gatherings", "digital_self_paced"], m, [0.8, 0.2]),
        _pick(rng, ["part_time_gatherings", "digital_self_paced", "classroom_full_day", "work_integrated"], m,
              [0.6, 0.3, 0.05, 0.05]))
    u = rng.random(m)
    scheme = np.select(
        [kfk & (u < 0.55), kfk & (u < 0.75), kfk, hcw & (u < 0.6), hcw & (u < 0.9), hcw, u < 0.7],
        ["kfk_substitute", "kfk_substitute_math_science", "kfk_stipend", "hc_competence_grant",
         "employer_pays", "employee_own_time", "employer_pays"],
        "employee_own_time",
    )
    release = _lookup(RELEASE_SHARE_30SP, fmt)
    release = np.where(np.isin(scheme, ["kfk_substitute", "kfk_substitute_math_science"]), KFK_RELEASE_30SP, release)
    own_time = np.isin(scheme, ["kfk_stipend", "employee_own_time"])
    hours = np.where(own_time, 0.0, release * sp / 30 * year_hours[who])
    hours = np.round(np.minimum(hours, year_hours[who] * position[who]), 1)
    is_kfk = np.char.startswith(scheme.astype(str), "kfk")
    # KfK studies are tuition-free at universities: no fees; fagskole/other: provider cost proxy.
    fees = np.where(is_kfk, 0.0, np.round(_lookup(COST_PER_SP, fmt) * sp
                                         * np.exp(0.2 * rng.standard_normal(m) - 0.02)))
    gatherings = np.ceil(sp / 7.5) * 2
    travel = np.where(fmt == "part_time_gatherings",
                      np.round(TRAVEL_PER_GATHERING * gatherings * rng.uniform(0.5, 1.5, size=m)), 0.0)
    materials = MATERIALS_PER_SP * sp
    internal = np.where(fmt == "work_integrated", np.round(INTERNAL_TRAINER_PER_HOUR * sp * 2), 0.0)
    titles = np.where(kfk, _pick(rng, PROGRAMME_TITLES["teacher"], m),
                      np.where(hcw, _pick(rng, PROGRAMME_TITLES["health_care"], m),
                               _pick(rng, PROGRAMME_TITLES["other"], m)))
    titles = np.where(scheme == "kfk_substitute_math_science",
                      _pick(rng, ["Matematikk 1 (KfK)", "Naturfag 1 (KfK)"], m), titles)
    titles = (pd.Series(titles, dtype=object) + ", " + pd.Series(sp).map("{:g}".format) + " sp").to_numpy(dtype=object)
    parts.append(pd.DataFrame({
        "who": who, "activity": titles, "delivery_format": fmt, "hours_away": hours, "study_points": sp,
        "fees_nok": fees, "travel_subsistence_nok": travel, "materials_nok": materials,
        "internal_trainer_nok": internal, "premises_nok": 0.0, "funding_scheme": scheme,
    }))

    # -- Public-sector PhD and combined positions ---------------------------------
    eligible = np.ones(n, dtype=bool)
    if edu is not None:
        eligible &= edu == "master"
    if emp_type is not None:
        eligible &= emp_type == "permanent"
    n_phd = int(round(n * OFFPHD_PER_EMPLOYEE))
    pool = np.flatnonzero(eligible)
    if n_phd and len(pool):
        who = rng.choice(pool, size=min(n_phd, len(pool)), replace=False)
        m = len(who)
        parts.append(pd.DataFrame({
            "who": who, "activity": "Offentlig sektor-ph.d., år 1 av 3", "delivery_format": "part_time_gatherings",
            "hours_away": np.round(year_hours[who] * position[who], 1), "study_points": 60.0,
            "fees_nok": 0.0, "travel_subsistence_nok": 20_000.0, "materials_nok": 10_000.0,
            "internal_trainer_nok": 0.0, "premises_nok": 0.0, "funding_scheme": "public_sector_phd",
        }))
    n_comb = int(round(n * COMBINED_POSITIONS_TRONDHEIM / TRONDHEIM_EMPLOYEES))
    pool = np.flatnonzero(eligible & (sector == "administration") & np.isin(occ, ["manager", "case_officer"]))
    if n_comb and len(pool):
        who = rng.choice(pool, size=min(n_comb, len(pool)), replace=False)
        parts.append(pd.DataFrame({
            "who": who, "activity": "Kombinert stilling kommune–universitet", "delivery_format": "work_integrated",
            "hours_away": np.round(COMBINED_UNIVERSITY_SHARE * year_hours[who] * position[who], 1),
            "study_points": 0.0, "fees_nok": 0.0, "travel_subsistence_nok": 0.0, "materials_nok": 0.0,
            "internal_trainer_nok": 0.0, "premises_nok": 0.0, "funding_scheme": "combined_position",
        }))

    df = pd.concat(parts, ignore_index=True)
    who = df.pop("who").to_numpy()
    comp = ["fees_nok", "travel_subsistence_nok", "materials_nok", "internal_trainer_nok", "premises_nok"]
    for c in comp:
        df[c] = df[c].astype(float)
    df["direct_cost_nok"] = df[comp].sum(axis=1)
    sch = df["funding_scheme"].to_numpy().astype(str)
    h = df["hours_away"].to_numpy(dtype=float)
    # Grants the municipality receives (stipends go to the teacher: funding table only).
    # Substitute cost basis = hours x the qualified substitute's hourly pay of the sector, as in
    # generate_substitutes (teacher 593 400 / 1950 h; health worker 575 800 / 1846 h).
    teacher_hourly = substitute_hourly_pay("primary_school")
    hc_sub_hourly = substitute_hourly_pay("health_care")
    rate = PHD_RATE.get(int(year), PHD_RATE[min(PHD_RATE, key=lambda y: abs(y - int(year)))])
    grant = np.select(
        [sch == "kfk_substitute", sch == "kfk_substitute_math_science", sch == "hc_competence_grant",
         sch == "public_sector_phd"],
        [KFK_STATE_SHARE * h * teacher_hourly, KFK_STATE_SHARE_MATH * h * teacher_hourly,
         HC_GRANT_SHARE * (df["direct_cost_nok"].to_numpy() + h * hc_sub_hourly),
         np.minimum(OFFPHD_MAX_SHARE * rate * position[who],
                    OFFPHD_MAX_SHARE * (df["direct_cost_nok"].to_numpy() + h * hourly_pay[who]))],
        0.0,
    )
    df["grant_nok"] = np.round(grant)
    df.insert(0, "employee_id", workforce["employee_id"].to_numpy()[who])
    df.insert(1, "kommunenummer", _str_array(workforce["kommunenummer"])[who])
    df["year"] = int(year)
    df["data_origin"] = "synthetic"
    df.insert(0, "activity_id", _ids(f"A{year}-", len(df), 7))
    cols = tables.column_names("training")
    df = df[cols]
    for c in ("delivery_format", "funding_scheme", "kommunenummer", "data_origin"):
        df[c] = df[c].astype("category")
    return df


# --------------------------------------------------------------------------
# Substitutes
# --------------------------------------------------------------------------

def substitute_hourly_pay(sector: str, *, qualified: bool = True) -> float:
    """Hourly pay of a substitute in ``sector``: KS annual pay of the reference occupation / (weekly hours × 52).

    Examples
    --------
    >>> round(substitute_hourly_pay("primary_school"), 2)   # 593 400 / (37.5 * 52)
    304.31
    """
    vocab.check_codes("sector", sector)
    q_occ, u_occ = SUBSTITUTE_OCCUPATION[sector]
    weekly = TURNUS_WEEKLY_HOURS if sector == "health_care" else DAY_WEEKLY_HOURS
    return PAY_ANNUAL[q_occ if qualified else u_occ][0] / (weekly * 52)


def generate_substitutes(*, seed: int, kommunenummer: str | Sequence[str] = "5001", year: int = 2025,
                         jitter: float = 0.0) -> pd.DataFrame:
    """Substitute pay and availability per sector: one national row per sector plus the municipalities' own.

    Qualified substitute pay = KS annual pay (månedsfortjeneste × 12,
    1.12.2023) of the sector's reference occupation / (weekly hours × 52);
    unqualified pay likewise from the assistant (health care: care assistant).
    Overtime premium 0.5, agency premium 0.3, availability and cover shares
    are **assumptions** (no published figure; see :func:`calibration_table`).

    Parameters
    ----------
    seed : random seed (only used when ``jitter`` > 0).
    kommunenummer : municipality (or list) that gets rows of its own; its
        availability is ``P_QUALIFIED_CITY_BONUS`` (0.05) higher.
    year : reference year of the rows.
    jitter : relative random variation of the municipalities' pay (0 = none).

    Returns
    -------
    pandas.DataFrame
        The ``substitutes`` columns; ``kommunenummer`` is empty (NaN) on the
        national rows; shares 0–1, pay in NOK per hour.

    Examples
    --------
    >>> s = generate_substitutes(seed=1)
    >>> s.loc[s["kommunenummer"].isna() & (s["sector"] == "health_care"), "substitute_hourly_pay_nok"].round(2).item()
    311.92
    """
    kommuner = _check_kommune(kommunenummer)
    if not 0 <= jitter < 0.5:
        raise ValueError(f"jitter must be in [0, 0.5), got {jitter!r}")
    rng = _rng(seed, "substitutes")
    rows = []
    for k in [None, *kommuner]:
        for s in vocab.codes("sector"):
            q_pay = substitute_hourly_pay(s)
            u_pay = substitute_hourly_pay(s, qualified=False)
            if k is not None and jitter:
                q_pay *= 1 + jitter * rng.uniform(-1, 1)
                u_pay *= 1 + jitter * rng.uniform(-1, 1)
            unq, ot, unc = COVER_SHARES[s]
            p_q = P_QUALIFIED[s] + (P_QUALIFIED_CITY_BONUS if k is not None else 0.0)
            rows.append({
                "kommunenummer": k if k is not None else np.nan, "sector": s,
                "substitute_hourly_pay_nok": round(q_pay, 2), "unqualified_hourly_pay_nok": round(u_pay, 2),
                "overtime_premium_share": OVERTIME_PREMIUM, "agency_premium_share": AGENCY_PREMIUM,
                "p_qualified_available": round(p_q, 4),
                "share_unqualified": unq, "share_overtime": ot, "share_uncovered": unc, "year": int(year),
                "source": ("synthetic: pay from KS lønnsstatistikk 1.12.2023 / (weekly hours x 52); "
                           "availability, cover shares and premiums are assumptions"),
                "data_origin": "synthetic",
            })
    return pd.DataFrame(rows, columns=tables.column_names("substitutes"))


# --------------------------------------------------------------------------
# Skills survey
# --------------------------------------------------------------------------

def _load_dsi_items() -> pd.DataFrame:
    items = pd.read_csv(RESOURCES_DIR / "dsi_items.csv", dtype=str)
    return items[["item", "area"]]


def _load_sat_areas() -> list[str] | None:
    path = RESOURCES_DIR / "digcompsat_items_en.csv"
    if not path.exists():
        return None
    items = pd.read_csv(path, dtype=str)
    areas = vocab.codes("digcomp_area")
    return [areas[int(str(a).split(":")[0]) - 1] for a in items["digcomp_area"]]


#: Assumption: how hard each DSI activity is (logit offset; 0 = average).
DSI_DIFFICULTY = {
    "comm_email": -2.0, "comm_calls": -1.5, "info_goods_services": -1.5, "info_news": -1.5, "info_health": -0.8,
    "ps_internet_banking": -2.0, "ps_online_purchase": -1.2, "content_word_processing": -1.0,
    "content_programming": 3.0, "content_edit_media": 0.8, "content_spreadsheet": 0.0,
    "content_presentation": 0.3, "comm_civic_opinions": 1.5, "info_fact_check": 0.5,
}


def _bisect(f, target, lo=-8.0, hi=8.0, n=50) -> float:
    """Root of increasing f(x) = target by bisection."""
    for _ in range(n):
        mid = (lo + hi) / 2
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def generate_skills_survey(workforce: pd.DataFrame, *, seed: int, n_respondents: int = 1_500,
                           include_sat: bool = True) -> pd.DataFrame:
    """A synthetic digital-skills survey of a sample of ``workforce``.

    Respondents are drawn without replacement with a response propensity that
    differs by sector (health care answers least); ``weight`` post-stratifies
    the sample to the workforce by sector (``N_sector / n_sector``).  A latent
    digital skill (lower with age, higher with education) drives the
    self-assessed DigComp levels 1–8 per area, the DSI activity items
    ``dsi_<item>`` (items of ``resources/dsi_items.csv``) and, with
    ``include_sat``, DigCompSAT answers ``sat_q1..sat_q82`` (0–3).  Two margins
    are calibrated exactly on the drawn sample by bisection: the weighted share
    with at least basic overall digital skills (all five areas with at least
    one activity) equals 0.8153 (Norway 2023), and the weighted share of
    health-care respondents whose self-assessed level is below the required
    level in at least one area equals 0.8 ("four of five", KS/Ipsos 2018;
    0.55 in the other sectors, an assumption).  The gap grows with age
    through the latent skill.

    Parameters
    ----------
    workforce : the population to sample from.
    seed : random seed.
    n_respondents : sample size (at most the number of employees).
    include_sat : add the 82 DigCompSAT item columns.

    Returns
    -------
    pandas.DataFrame
        The ``skills_survey`` columns: ``respondent_id, kommunenummer, sector,
        occupation, age_group, education_level, weight`` (persons represented),
        ``internet_use_3m``, ``self_<area>``, ``required_<area>`` (DigComp
        level 1–8, nullable), ``dsi_<item>`` (0/1; empty for non-users),
        ``sat_q<k>`` (0–3), ``data_origin``.

    Examples
    --------
    >>> wf = generate_workforce(3_000, seed=2)
    >>> sv = generate_skills_survey(wf, seed=2, n_respondents=300, include_sat=False)
    >>> round(float(sv["weight"].sum()))      # weights add up to the workforce
    3000
    """
    _check_n(n_respondents, "n_respondents")
    if n_respondents > len(workforce):
        raise ValueError(f"n_respondents ({n_respondents}) exceeds the workforce ({len(workforce)} employees)")
    rng = _rng(seed, "skills_survey")
    sector_all = workforce["sector"].astype(str).to_numpy()
    prop = np.array([RESPONSE_PROPENSITY.get(s, 1.0) for s in sector_all])
    # Weighted sampling without replacement (Efraimidis–Spirakis keys).
    keys = rng.random(len(workforce)) ** (1 / prop)
    idx = np.sort(np.argpartition(-keys, n_respondents - 1)[:n_respondents])
    wf = workforce.iloc[idx].reset_index(drop=True)
    n = len(wf)
    sector = wf["sector"].astype(str).to_numpy()
    occ = wf["occupation"].astype(str).to_numpy()
    age = wf["age"].to_numpy(dtype=float)
    edu = wf["education_level"].astype(str).to_numpy()
    pop = pd.Series(sector_all).value_counts()
    smp = pd.Series(sector).value_counts()
    weight = (pop / smp).reindex(sector).to_numpy()

    bins = [15, 24, 34, 44, 54, 64, 74]
    age_group = pd.cut(age, bins=bins, labels=vocab.codes("age_group")).astype(str)

    areas = vocab.codes("digcomp_area")
    theta = AGE_SKILL_SLOPE * (age - 45) + np.array([EDUCATION_SKILL[e] for e in edu]) + rng.standard_normal(n)
    theta_area = {a: 0.8 * theta + 0.6 * rng.standard_normal(n) for a in areas}
    internet = rng.random(n) < P_INTERNET_USE

    out = pd.DataFrame({
        "respondent_id": _ids("R", n, 5 if n < 100_000 else 7),
        "kommunenummer": wf["kommunenummer"].astype(str).to_numpy(),
        "sector": sector, "occupation": occ, "age_group": age_group, "education_level": edu,
        "weight": weight, "internet_use_3m": internet,
    })

    # Self-assessed and required levels; the health-care requirement shift is calibrated.
    self_lvl = {a: np.clip(np.round(3.2 + 1.1 * theta_area[a] + 0.7 * rng.standard_normal(n)), 1, 8) for a in areas}
    req_base = np.array([REQUIRED_LEVEL[o] for o in occ])
    req_noise = {a: 0.6 * rng.standard_normal(n) for a in areas}
    hc = sector == "health_care"

    def required(shift, group):
        return {a: np.clip(np.round(req_base + shift * group + req_noise[a]), 1, 8) for a in areas}

    def gap_share(shift, group):
        r = required(shift, group)
        gap = np.zeros(n, dtype=bool)
        for a in areas:
            gap |= self_lvl[a] < r[a]
        return float(np.sum(weight[group] * gap[group]) / np.sum(weight[group]))

    # One requirement shift for health care (-> 0.8) and one for the other sectors (-> 0.55).
    shifts = {}
    for name, group, target in (("health_care", hc, TARGET_HC_GAP), ("other", ~hc, TARGET_OTHER_GAP)):
        shifts[name] = _bisect(lambda x: gap_share(x, group), target, lo=-6, hi=6) if group.any() else 0.0
    req_lvl = {a: np.clip(np.round(req_base + np.where(hc, shifts["health_care"], shifts["other"])
                                   + req_noise[a]), 1, 8) for a in areas}
    missing = {a: rng.random(n) < ITEM_NONRESPONSE for a in areas}
    for a in areas:
        out[f"self_{a}"] = pd.array(np.where(missing[a], np.nan, self_lvl[a]), dtype="Float64").astype("Int64")
    for a in areas:
        out[f"required_{a}"] = pd.array(np.where(missing[a], np.nan, req_lvl[a]), dtype="Float64").astype("Int64")

    # DSI items: P(activity) = logistic(theta_area + c - difficulty); c calibrated to 0.8153.
    items = _load_dsi_items()
    uni = rng.random((n, len(items)))
    item_theta = np.column_stack([theta_area[a] for a in items["area"]])
    diff = np.array([DSI_DIFFICULTY.get(i, 0.0) for i in items["item"]])
    area_cols = {a: np.flatnonzero(items["area"].to_numpy() == a) for a in areas}

    def activities(c):
        return uni < 1 / (1 + np.exp(-(item_theta + c - diff)))

    def basic_share(c):
        act = activities(c)
        ok = internet.copy()
        for a in areas:
            if len(area_cols[a]):
                ok &= act[:, area_cols[a]].any(axis=1)
        return float(np.sum(weight * ok) / np.sum(weight))

    c = _bisect(basic_share, TARGET_DSI_BASIC)
    act = activities(c)
    for j, item in enumerate(items["item"]):
        out[f"dsi_{item}"] = pd.array(np.where(internet, act[:, j].astype(float), np.nan), dtype="Float64").astype("Int64")

    if include_sat:
        sat_areas = _load_sat_areas()
        if sat_areas:
            sat = {}
            for q, a in enumerate(sat_areas, start=1):
                sat[f"sat_q{q}"] = np.clip(np.round(1.5 + 0.7 * theta_area[a] + 0.7 * rng.standard_normal(n)),
                                           0, 3).astype(np.int64)
            out = pd.concat([out, pd.DataFrame(sat)], axis=1)
    out["data_origin"] = "synthetic"
    for col in ("kommunenummer", "sector", "occupation", "age_group", "education_level", "data_origin"):
        out[col] = out[col].astype("category")
    out.attrs["calibration"] = {"dsi_offset": c, "required_shift": shifts}
    return out


# --------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------

def generate_funding(training: pd.DataFrame, *, seed: int, workforce: pd.DataFrame | None = None,
                     history_years: int = HISTORY_YEARS) -> pd.DataFrame:
    """Money paid for the activities in ``training``, by payer and scheme (one row per activity and payer).

    * ``municipality``: the activity's direct cost (``direct_cost_nok``;
      substitute pay is not in this table — the costs module computes it);
    * ``state``: ``grant_nok`` of Kompetanse for kvalitet substitute grants and
      the health and care competence grant, and the KfK stipend
      (120 000 NOK per 30 study points, paid to the teacher);
    * ``research_council``: ``grant_nok`` of public-sector PhDs;
    * ``university``: its 20 % share of a combined position, valued at the
      employee's pay for the hours (needs ``workforce``; otherwise 0 rows).

    Before these rows come ``history_years`` years of history (aggregated,
    ``activity_id`` empty): for each municipality x payer x scheme with a
    total ``T`` in the activity year ``Y``, year ``Y − k`` (k = 1 …
    ``history_years``) gets ``T × (1 + g) ** −k × exp(σ z − σ² / 2)``,
    rounded to whole NOK, with ``g`` the yearly growth implied by the EVU
    spending path 4.7 bn NOK in 2018 (``ks_evu_spend_2018``) → 6.1 bn NOK in
    2040 (``ks_evu_spend_2040``), ``(6.1 / 4.7) ** (1 / 22) − 1 ≈ 0.0119``,
    and ``σ`` = :data:`FUNDING_HISTORY_LOG_SD` = 0.05 (assumption: sd of log
    amount per cell and year), ``z`` standard normal from the seed.  The
    activity-year rows do not depend on ``history_years``.

    Parameters
    ----------
    training : table from :func:`generate_training` (one activity year).
    seed : random seed (the noise of the history; the activity-year amounts
        follow from ``training``).
    workforce : the employees (for the university's share of combined positions).
    history_years : years of yearly history before the activity year
        (default 10, so 2015–2024 for activities in 2025; 0 for none).

    Returns
    -------
    pandas.DataFrame
        The ``funding`` columns ``year, kommunenummer, payer, scheme,
        amount_nok`` (NOK), ``activity_id, data_origin``: the history rows
        (by year, municipality, payer, scheme) and then the activity-year rows
        (one per activity and payer).  Rows with amount 0 are not generated.

    Examples
    --------
    >>> wf = generate_workforce(2_000, seed=1)
    >>> tr = generate_training(wf, seed=1)
    >>> fu = generate_funding(tr, seed=1, workforce=wf)
    >>> bool(fu["amount_nok"].gt(0).all())
    True
    >>> int(fu["year"].min()), int(fu.loc[fu["year"] < 2025, "activity_id"].notna().sum())
    (2015, 0)
    """
    rng = _rng(seed, "funding")  # validates the seed; draws only the noise of the history
    if not isinstance(history_years, (int, np.integer)) or isinstance(history_years, bool) or history_years < 0:
        raise ValueError(f"history_years must be a non-negative integer, got {history_years!r}")
    t = training
    sch = _str_array(t["funding_scheme"])
    direct = t["direct_cost_nok"].to_numpy(dtype=float)
    grant = t["grant_nok"].to_numpy(dtype=float) if "grant_nok" in t else np.zeros(len(t))
    amounts = {
        "municipality": direct,
        "state": np.where(np.isin(sch, ["kfk_substitute", "kfk_substitute_math_science", "hc_competence_grant"]),
                          grant, 0.0),
        "state_stipend": np.where(sch == "kfk_stipend",
                                  np.round(KFK_STIPEND_30SP * t["study_points"].to_numpy(dtype=float) / 30), 0.0),
        "research_council": np.where(sch == "public_sector_phd", grant, 0.0),
    }
    if workforce is not None:
        wf = workforce.set_index("employee_id")
        weekly = wf["full_time_weekly_hours"] if "full_time_weekly_hours" in wf else DAY_WEEKLY_HOURS
        hourly = (wf["monthly_pay_nok"] * 12 / (weekly * 52)).reindex(t["employee_id"]).to_numpy()
        amounts["university"] = np.where(sch == "combined_position",
                                         np.round(t["hours_away"].to_numpy(dtype=float) * hourly), 0.0)
    # Rows in activity order, payers in a fixed order within an activity.
    payer_order = ["municipality", "research_council", "state", "state_stipend", "university"]
    pos, payer, amount = [], [], []
    for rank, name in enumerate(payer_order):
        if name not in amounts:
            continue
        keep = np.flatnonzero(amounts[name] > 0)
        pos.append(keep * len(payer_order) + rank)
        payer.append(np.full(len(keep), "state" if name == "state_stipend" else name, dtype=object))
        amount.append(amounts[name][keep])
    key = np.concatenate(pos)
    order = np.argsort(key, kind="stable")
    rows = (key // len(payer_order))[order]
    df = pd.DataFrame({
        "year": t["year"].to_numpy()[rows],
        "kommunenummer": _str_array(t["kommunenummer"])[rows],
        "payer": np.concatenate(payer)[order],
        "scheme": sch[rows],
        "amount_nok": np.concatenate(amount)[order],
        "activity_id": t["activity_id"].to_numpy()[rows],
        "data_origin": "synthetic",
    })
    df = df[tables.column_names("funding")]
    if history_years and len(df):
        df = pd.concat([_funding_history(df, rng=rng, history_years=int(history_years)), df], ignore_index=True)
    for c in ("kommunenummer", "payer", "scheme", "data_origin"):
        df[c] = df[c].astype("category")
    return df


def _funding_history(current: pd.DataFrame, *, rng: np.random.Generator, history_years: int) -> pd.DataFrame:
    """Yearly aggregated funding rows before the activity year (see :func:`generate_funding`)."""
    years = np.unique(current["year"].to_numpy())
    if len(years) != 1:
        raise ValueError(f"a funding history needs training activities of one year; got years {years.tolist()}")
    base = int(years[0])
    first = base - history_years
    if first < 2000:
        raise ValueError(f"history_years={history_years} reaches {first}; the funding table starts in 2000 "
                         f"(tables.FUNDING year min), so at most {base - 2000} years before {base}")
    start, end = reference.value("ks_evu_spend_2018"), reference.value("ks_evu_spend_2040")
    growth = (end / start) ** (1.0 / (2040 - 2018)) - 1.0
    keys = ["kommunenummer", "payer", "scheme"]
    totals = (current.assign(**{k: current[k].astype(str) for k in keys})
              .groupby(keys, sort=True)["amount_nok"].sum())
    n = len(totals)
    lag = np.arange(history_years, 0, -1)                       # oldest year first
    z = rng.standard_normal((history_years, n))                 # one draw per year x cell
    sd = FUNDING_HISTORY_LOG_SD
    amount = np.round(totals.to_numpy()[None, :] * (1.0 + growth) ** -lag[:, None]
                      * np.exp(sd * z - sd * sd / 2))
    idx = totals.index.to_frame(index=False)
    out = pd.DataFrame({
        "year": np.repeat(base - lag, n),
        "kommunenummer": np.tile(idx["kommunenummer"].to_numpy(), history_years),
        "payer": np.tile(idx["payer"].to_numpy(), history_years),
        "scheme": np.tile(idx["scheme"].to_numpy(), history_years),
        "amount_nok": amount.ravel(),
        "activity_id": None,
        "data_origin": "synthetic",
    })
    out["year"] = out["year"].astype(current["year"].dtype)
    return out[out["amount_nok"] > 0].reset_index(drop=True)


# --------------------------------------------------------------------------
# Whole dataset
# --------------------------------------------------------------------------

def generate_dataset(*, seed: int = 2026, n_employees: int = TRONDHEIM_EMPLOYEES,
                     kommunenummer: str | Sequence[str] = "5001", year: int = 2025,
                     n_respondents: int = 1_500, include_sat: bool = True,
                     history_years: int = HISTORY_YEARS) -> dict[str, pd.DataFrame]:
    """All five tables, consistent with each other, from one seed.

    Parameters
    ----------
    seed : random seed (default 2026).
    n_employees : employees (default 14 998, Trondheim 31.12.2020;
        :data:`NATIONAL_EMPLOYEES` = 500 300 for national scale).
    kommunenummer : municipality number(s), 4-character strings.
    year : year of the training activities, substitute rates and funding.
    n_respondents : skills-survey sample size (capped at ``n_employees``).
    include_sat : include the 82 DigCompSAT items in the survey.
    history_years : years of yearly funding history before ``year`` (default
        10: 2015–2024 for 2025), aggregated per municipality x payer x scheme
        without ``activity_id``; see :func:`generate_funding`.

    Returns
    -------
    dict kind -> DataFrame with keys ``workforce, training, substitutes,
    skills_survey, funding``.

    Examples
    --------
    >>> d = generate_dataset(seed=5, n_employees=1_500, n_respondents=200)
    >>> int(d["skills_survey"]["weight"].sum().round())
    1500
    """
    wf = generate_workforce(n_employees, seed=seed, kommunenummer=kommunenummer)
    tr = generate_training(wf, seed=seed, year=year)
    sub = generate_substitutes(seed=seed, kommunenummer=kommunenummer, year=year)
    sv = generate_skills_survey(wf, seed=seed, n_respondents=min(n_respondents, n_employees), include_sat=include_sat)
    fu = generate_funding(tr, seed=seed, workforce=wf, history_years=history_years)
    return {"workforce": wf, "training": tr, "substitutes": sub, "skills_survey": sv, "funding": fu}


def calibration_table() -> pd.DataFrame:
    """Every figure the generator is calibrated to, and every assumption it makes.

    Returns
    -------
    pandas.DataFrame
        Columns ``parameter`` (what it sets), ``value``, ``unit``,
        ``evidence`` (``verbatim``/``secondary``/``seed text only`` from the
        reference table — the last for the 2040 EVU estimate whose primary
        source was not found — ``inferred``, or ``assumption``), ``reference_id`` (id in
        :func:`lifelong_analysis.data.reference.published_figures`, "" for
        assumptions), ``note`` (why / how it is used).

    Examples
    --------
    >>> t = calibration_table()
    >>> t.loc[t["parameter"] == "mean position share", "reference_id"].item()
    'ks_avg_position_2023'
    """
    rows: list[dict] = []

    def ref(parameter, rid, note="", value=None, unit=None):
        f = reference.figure(rid)
        rows.append({"parameter": parameter, "value": float(f["value"]) if value is None else value,
                     "unit": f["unit"] if unit is None else unit, "evidence": f["evidence"].split(" (")[0],
                     "reference_id": rid, "note": note})

    def assume(parameter, value, unit, note, evidence="assumption", rid=""):
        rows.append({"parameter": parameter, "value": value, "unit": unit, "evidence": evidence,
                     "reference_id": rid, "note": note})

    ref("employees (default)", "trd_employees_2020", "Trondheim kommune; default n_employees")
    ref("employees (national scale)", "ks_employees_2023", "--national")
    for k in SSB_FTE_2008:
        ref(f"FTE by sector: {k}", f"ssb_fte_2008_{k}", "FTE-weighted sector shares of the workforce")
    assume("health and social FTE split health_care/social_services", "0.85/0.15", "share",
           "SSB 2008 has one group for health and social services")
    assume("other FTE split technical_services/other", "0.70/0.30", "share", "SSB 2008 'anna'")
    assume("occupation mix within sector", "see synthetic.OCCUPATION_MIX", "share",
           "no published occupation-by-sector table in the reference material")
    for o, (v, rid) in PAY_ANNUAL.items():
        if rid == "assumption":
            assume(f"annual pay: {o}", v, "NOK per year",
                   "no KS row in the reference material; set so the all-employee mean is near "
                   "ks_pay_kommuner_2023 (613 200)")
        elif rid == "ks_base_adjunkt_2023":
            ref(f"annual pay: {o}", rid, "inferred: adjunkt base pay used as månedsfortjeneste x 12 "
                "(the rest of the KS row is cut off)")
            rows[-1]["evidence"] = "inferred"
        else:
            ref(f"annual pay: {o}", rid, "mean of monthly_pay_nok x 12")
    ref("average annual pay, all employees (check)", "ks_pay_kommuner_2023", "not a direct input: a check")
    assume("pay spread (sd of log pay)", PAY_LOG_SD, "log NOK", "mean-preserving within occupation")
    assume("pay gradient by age", PAY_AGE_GRADIENT, "log NOK per year", "centred at age 43")
    ref("mean position share", "ks_avg_position_2023")
    ref("full-time share", "ks_fulltime_share_2023", "met through the shares by sex (0.77 x 0.58 + 0.23 x 0.70)")
    ref("full-time share, women", "ks_fulltime_women_2023")
    ref("full-time share, men", "ks_fulltime_men_2023")
    ref("turnus health care: mean position share", "ks_avg_position_turnus_hc_2023",
        "turnus = nurses, health workers, care assistants and assistants in health care (assumption)")
    ref("turnus health care: full-time share", "ks_fulltime_turnus_hc_2023")
    ref("turnus weekly hours", "ks_turnus_weekly_hours_max", "full_time_weekly_hours of turnus staff; 37.5 otherwise")
    assume("part-time position range", "0.10–0.95", "share", "Beta distribution, concentration 5")
    ref("women share", "ks_women_share_2023", "sector shares (assumption) shifted on the logit scale")
    assume("women share by sector (before shift)", json.dumps(WOMEN_BY_SECTOR), "share", "assumption")
    ref("sick leave, FTE-weighted mean", "ks_sickleave_2023")
    assume("sick leave by sector (relative)", json.dumps(SICK_LEAVE_MULTIPLIER), "multiplier",
           "KS: higher in health care and kindergartens than administration and technical services (verbatim); "
           "sizes assumed")
    assume("age", "18 + 52 x Beta(2.4, 2.6)", "years", "mean about 43; range 18–69")
    assume("education by occupation", "see synthetic.EDUCATION_BY_OCCUPATION", "share", "assumption")
    assume("employment type", json.dumps(EMPLOYMENT_TYPE_P), "share", "assumption")
    ref("non-formal training participation", "lvm_nonformal_employed_2024", "share of employees with >= 1 course")
    ref("formal further education: health and social", "lvm_formal_further_health_social")
    ref("formal further education: education sector", "lvm_formal_further_education_sector",
        "used for primary_school and kindergarten")
    ref("formal further education: others", "lvm_formal_further_all")
    assume("courses per participant", f"1 + Poisson({EXTRA_COURSES_MEAN})", "courses", "assumption")
    ref("KfK release per 30 study points", "kfk_release_30sp", "hours_away = 0.375 x sp/30 x annual hours")
    assume("release per 30 sp, other formats", json.dumps(RELEASE_SHARE_30SP), "share of a full position",
           "not found; same values as resources/cost_parameters.csv release_share_30sp.*")
    assume("annual hours of a full-time position", "weekly x 47 - 8.571 x weekly / 5", "hours",
           "1 698.2 h at 37.5 h/week; holiday_weeks and public_holidays_weekdays of cost_parameters.csv",
           evidence="inferred")
    ref("KfK state share of substitute cost", "kfk_vikar_state_share", "grant_nok = 0.60 x hours x teacher hourly pay")
    ref("KfK stipend per 30 sp", "kfk_stipend_30sp", "funding table, payer state (paid to the teacher)")
    assume("health and care competence grant share", HC_GRANT_SHARE, "share",
           "NOT FOUND: placeholder as in resources/funding_schemes.csv", evidence="assumption (not found)")
    ref("public-sector PhD: max share of rate", "offphd_max_share")
    ref("PhD rate 2025", "phd_rate_2025")
    ref("public-sector PhD candidates", "offphd_projects_2019",
        "about 100 per 500 300 employees: inferred (projects started since 2014 as a stock)")
    ref("combined positions", "trd_combined_positions", "5 per 14 998 employees")
    ref("provider cost per study point (campus)", "fagskole_grant_campus", "71 300 / 60 NOK per sp")
    ref("provider cost per study point (online)", "fagskole_grant_online", "49 400 / 60 NOK per sp")
    for name, v, u in [("course fee per day", COURSE_FEE_PER_DAY, "NOK"), ("travel per day", TRAVEL_PER_DAY, "NOK"),
                       ("travel per gathering", TRAVEL_PER_GATHERING, "NOK"),
                       ("materials per study point", MATERIALS_PER_SP, "NOK"),
                       ("internal trainer per hour", INTERNAL_TRAINER_PER_HOUR, "NOK"),
                       ("premises per participant-day", PREMISES_PER_DAY, "NOK")]:
        assume(name, v, u, "not found in the reference material")
    assume("overtime premium", OVERTIME_PREMIUM, "share", "not in the reference material (AML/KS HTA): verify")
    assume("agency premium", AGENCY_PREMIUM, "share", "no published figure")
    assume("qualified substitute available", json.dumps(P_QUALIFIED), "share",
           "low in health care and kindergartens (seed text: qualified substitutes lacking in many places)")
    assume("cover shares unqualified/overtime/uncovered", json.dumps(COVER_SHARES), "share", "assumption")
    assume("substitute hourly pay", "KS annual pay / (weekly hours x 52)", "NOK per hour",
           "reference occupations in synthetic.SUBSTITUTE_OCCUPATION", evidence="inferred")
    ref("DSI at least basic (weighted)", "dsi_no_basic_2023", "calibrated exactly on the sample")
    ref("health care: share with a DigComp gap", "ks_hc_lack_digital",
        "inferred mapping: directors' judgement -> share of staff with self < required in >= 1 area")
    rows[-1]["evidence"] = "inferred"
    assume("other sectors: share with a DigComp gap", TARGET_OTHER_GAP, "share",
           "no published figure; below health care as the KS/Ipsos survey singles out health care")
    assume("survey response propensity by sector", json.dumps(RESPONSE_PROPENSITY), "relative",
           "weights post-stratify to the workforce by sector")
    assume("internet use in the last 3 months", P_INTERNET_USE, "share", "assumption")
    ref("funding history: EVU spending 2018", "ks_evu_spend_2018",
        "start of the path that sets the growth of the funding history")
    ref("funding history: EVU spending 2040", "ks_evu_spend_2040",
        "end of the path; (6.1 / 4.7) ** (1 / 22) - 1 = 1.19 % a year scales the yearly history back")
    assume("funding history: yearly noise (sd of log amount)", FUNDING_HISTORY_LOG_SD, "log NOK",
           "per municipality x payer x scheme and year, mean-preserving log-normal; no published figure")
    df = pd.DataFrame(rows, columns=["parameter", "value", "unit", "evidence", "reference_id", "note"])
    df["value"] = df["value"].astype(str)
    return df


def _csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def write_dataset(tables_: dict[str, pd.DataFrame], directory, *, seed: int, parameters: dict | None = None,
                  ) -> dict[str, Path]:
    """Write ``<kind>.csv`` (UTF-8) for every table plus ``datapackage.json``, each atomically.

    ``datapackage.json`` records ``synthetic: true``, the generator and package
    version, the seed and parameters, the calibration table (figures with
    reference ids and assumptions) and per file its rows and SHA-256.

    Returns
    -------
    dict kind -> path written (plus ``"datapackage"``).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    unknown = set(tables_) - set(tables.TABLES)
    if unknown:
        raise ValueError(f"unknown table kinds {sorted(unknown)}; valid: {', '.join(tables.TABLES)}")
    written: dict[str, Path] = {}
    resources = []
    for kind, df in tables_.items():
        text = _csv_text(df)
        path = directory / tables.FILE_NAMES[kind]
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
            tmp.chmod(0o644)
        written[kind] = path
        resources.append({"name": kind, "path": path.name, "format": "csv", "encoding": "utf-8",
                          "rows": int(len(df)), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()})
    cal = calibration_table()
    meta = {
        "name": "lifelong-analysis-synthetic",
        "title": "Synthetic municipal workforce, further education, substitutes, digital-skills survey and funding",
        "synthetic": True,
        "description": ("Generated by lifelong_analysis.synthetic. NOT real data: every row is synthetic "
                        "(data_origin = synthetic). Margins are calibrated to published figures; see calibration."),
        "generator": "lifelong_analysis.synthetic",
        "package_version": __version__,
        "seed": int(seed),
        "parameters": parameters or {},
        "calibrated_to": sorted({r for r in cal["reference_id"] if r}),
        "calibration": cal.to_dict(orient="records"),
        "resources": resources,
    }
    if (extra := datapackage_entry(directory)) is not None:
        meta["additional_resources"] = [extra]
    path = directory / "datapackage.json"
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.chmod(0o644)
    written["datapackage"] = path
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m lifelong_analysis.synthetic --out DIR --seed S [--national]``."""
    p = argparse.ArgumentParser(prog="python -m lifelong_analysis.synthetic",
                                description="Generate the synthetic default dataset (CSV + datapackage.json).")
    p.add_argument("--out", default=None,
                   help="output folder, relative to the project root (default data/synthetic; "
                        "required with --national so the shipped default data are not replaced)")
    p.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    p.add_argument("--national", action="store_true",
                   help=f"national scale: {NATIONAL_EMPLOYEES} employees spread over the example municipalities")
    p.add_argument("--n-employees", type=int, default=None, help=f"employees (default {TRONDHEIM_EMPLOYEES})")
    p.add_argument("--kommunenummer", default="5001", help="municipality number, e.g. 5001 (Trondheim)")
    p.add_argument("--year", type=int, default=2025, help="year of activities and rates")
    p.add_argument("--respondents", type=int, default=1_500, help="skills-survey respondents")
    p.add_argument("--no-sat", action="store_true", help="leave out the 82 DigCompSAT item columns")
    p.add_argument("--history-years", type=int, default=HISTORY_YEARS,
                   help=f"years of yearly funding history before --year (default {HISTORY_YEARS})")
    a = p.parse_args(argv)
    if a.national and a.out is None:
        print("error: --national needs --out DIR (about 130 MB; data/synthetic keeps the default dataset)",
              file=sys.stderr)
        return 2
    try:
        n = a.n_employees or (NATIONAL_EMPLOYEES if a.national else TRONDHEIM_EMPLOYEES)
        kommune: str | list[str] = list(vocab.MUNICIPALITY) if a.national else a.kommunenummer
        params = {"n_employees": n, "kommunenummer": kommune, "year": a.year, "n_respondents": a.respondents,
                  "include_sat": not a.no_sat, "history_years": a.history_years}
        t0 = time.perf_counter()
        data = generate_dataset(seed=a.seed, **params)
        out = resolve(a.out or "data/synthetic")
        write_dataset(data, out, seed=a.seed, parameters=params)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = ", ".join(f"{k} {len(v)}" for k, v in data.items())
    print(f"wrote {out} ({rows}) in {time.perf_counter() - t0:.1f} s")
    return 0

