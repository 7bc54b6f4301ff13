"""Competence needs now and ahead: a cohort stock-flow projection of the workforce (issue 14).

A model in the style of SSB's LÆRERMOD (Gunnes & Knudsen 2024, SSB Documents 2024/33) and KS's
Rekrutteringsmodellen, for the position groups of ``resources/position_groups.csv`` (nurses, health
workers, assistants in health and care, qualified and unqualified teachers, kindergarten teachers
and assistants).

Supply, each year t → t+1, per position group g × sex s × one-year age a (arrays, vectorised over
Monte Carlo draws)::

    retired(t)    = stock(t) × retirement(a)
    turnover(t)   = (stock(t) − retired(t)) × turnover(g, a)
    survivors(t)  = stock(t) − retired(t) − turnover(t)
    moves g → h   = survivors_g(t) × transition(g, h)          (career paths, further education)
    stock(t+1, a+1) = survivors − moves out + moves in          (everyone ages one year)
    stock(t+1)   += entrants(t) × entrant age/sex profile(g)
    årsverk(t)    = Σ stock(t) × position share(g, s, a)        (shares held at base-year level)

so that, per group, stock(t+1) = stock(t) − exits + entrants + moves in − moves out (mass balance).
Nobody stays past the last age (the retirement hazard is 1 at 70 and older, an assumption).

* ``turnover(g, a) = max(0, turnover_g + turnover_change) × turnover_age(a) / turnover_sector``:
  the KS rate of the occupation scaled by the KS age profile (U-shape) relative to the
  whole-sector rate.  ``retirement(a)`` is the hazard by age; ``retirement_delay`` years shifts it.
* Entrants ("hiring as today"): each year the municipality replaces everyone who leaves under
  today's rates, so that the base-year staffing is kept (``hiring_level`` scales it); ages from the
  group's entrant age profile, sexes as in the base-year stock.  The gap is then what demand
  growth (and the scenarios) add on top of replacing leavers; with flat demand it is zero.
* Demand (årsverk): base-year demand = base-year supply (the model's convention: the base year is
  in balance, as in LÆRERMOD and HELSEMOD), then driven by the users of the service,
  ``demand(t) = demand(base) × index_driver(t) × (1 + standard_change)^(t − base)``
  (:func:`lifelong_analysis.data.population.demand_index`: 80+ and 67–79 for health and care, 1–5 for
  kindergartens, 6–15 for schools).
* Gap = demand − supply, in årsverk and in persons (årsverk / the supply's average position share).
* Recruitment need (KS Rekrutteringsmodellen): the entrants needed each year so that supply meets
  demand — a second path where entrants are solved year by year.
* Scenario knobs (the KS sensitivity case, recruitment need 63 000 → 56 000 a year nationally):
  ``position_share_change`` (+x: x share points added to every position share, capped at 1),
  ``retirement_delay`` (years), ``turnover_change`` (−x: x share points off each occupation's rate).
* Monte Carlo: turnover and retirement multipliers (log-normal), population growth multiplier and
  standard change (normal) per draw; sd's in ``resources/workforce_uncertainty.csv`` (assumptions).

Every rate names its source in ``resources/workforce_rates.csv`` (``evidence`` says verbatim,
calibrated, assumption or NOT FOUND).

Examples
--------
>>> import numpy as np
>>> r = simulate(stock=np.array([[[10.0, 10.0, 10.0]]]), share=np.ones((1, 1, 3)),
...              turnover=np.zeros((1, 3)), retirement=np.array([0.0, 0.0, 1.0]),
...              entrants=np.array([10.0]), entrant_profile=np.array([[[1.0, 0.0, 0.0]]]), years=2)
>>> r["persons"][0, :, 0].tolist()    # stationary: 10 enter at the first age, 10 retire at the last
[30.0, 30.0, 30.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from lifelong_analysis import paths
from lifelong_analysis.analysis import costs, funding
from lifelong_analysis.data.population import demand_index
from lifelong_analysis.data.readers import validate_frame
from lifelong_analysis.stats.disclosure import SUPPRESSED, Release

RATES_FILE = paths.RESOURCES_DIR / "workforce_rates.csv"
GROUPS_FILE = paths.RESOURCES_DIR / "position_groups.csv"
PATHS_FILE = paths.RESOURCES_DIR / "career_paths.csv"
UNCERTAINTY_FILE = paths.RESOURCES_DIR / "workforce_uncertainty.csv"
#: Ages of the model (the workforce table allows 15–75).
AGES = np.arange(15, 76)
SEXES = ("female", "male", "unknown")
#: Position share of a group without any employee in the base year (KS average 2023, ks_avg_position_2023).
FALLBACK_POSITION_SHARE = 0.841
#: KS sensitivity case (Fagbladet temahefte 40): position size +1 pp, one more year of work, turnover −1 pp.
KS_SCENARIOS = {
    "baseline": {},
    "position_share_plus_1pp": {"position_share_change": 0.01},
    "retirement_one_year_later": {"retirement_delay": 1.0},
    "turnover_minus_1pp": {"turnover_change": -0.01},
    "all_three": {"position_share_change": 0.01, "retirement_delay": 1.0, "turnover_change": -0.01},
}


# --------------------------------------------------------------------------- inputs
def position_groups() -> pd.DataFrame:
    """The position groups: sector, occupations, education rule, demand driver, labels, entrant ages.

    Examples
    --------
    >>> position_groups().set_index("group").loc["nurse", "driver"]
    'health'
    """
    return pd.read_csv(GROUPS_FILE, dtype=str, keep_default_na=False).astype(
        {"entrant_age_mean": float, "entrant_age_sd": float})


def _validated_resource(path, kind: str) -> pd.DataFrame:
    """Read and validate a resource table; cached per file version (path and modification time)."""
    path = Path(path)
    return _validated_cached(str(path), path.stat().st_mtime_ns, kind).copy()


@lru_cache(maxsize=16)
def _validated_cached(path: str, _mtime_ns: int, kind: str) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = raw.replace({"": None})
    return validate_frame(raw, kind, source_name=Path(path).name)


def workforce_rates(path=None) -> pd.DataFrame:
    """The exit rates with their sources, validated against the ``workforce_rates`` table kind.

    Parameters
    ----------
    path : a CSV with the columns of ``resources/workforce_rates.csv`` (default: the shipped one).

    Examples
    --------
    >>> r = workforce_rates()
    >>> float(r.query("rate == 'turnover' and group == 'nurse'")["value"].iloc[0])
    0.139
    """
    return _validated_resource(paths.resolve(path, RATES_FILE), "workforce_rates")


def career_paths(path=None) -> pd.DataFrame:
    """Career paths (transition rates, programmes) and combined positions, validated.

    Examples
    --------
    >>> row = career_paths().set_index("path").loc["health_worker_to_nurse"]
    >>> int(row["study_years"]), float(row["study_points"])
    (4, 180.0)
    """
    return _validated_resource(paths.resolve(path, PATHS_FILE), "career_paths")


def uncertainty() -> dict[str, float]:
    """Standard deviations of the Monte Carlo (assumptions), by parameter name."""
    u = pd.read_csv(UNCERTAINTY_FILE)
    return dict(zip(u["parameter"], u["value"].astype(float)))


def check_groups(groups) -> list[str]:
    """Validate position-group codes; an unknown one stops with the known list."""
    known = position_groups()["group"].tolist()
    items = [groups] if isinstance(groups, str) else list(groups)
    bad = [g for g in items if g not in known]
    if bad or not items:
        raise ValueError(f"Unknown position group {', '.join(map(repr, bad)) or '(none given)'}. "
                         f"Known groups: {', '.join(known)}.")
    return items


def assign_groups(workforce: pd.DataFrame, groups: Sequence[str] | None = None) -> pd.Series:
    """The position group of each workforce row (None when in none of ``groups``).

    A row belongs to a group when its sector and occupation match and, for groups with an
    education rule (qualified / unqualified teachers), its ``education_level`` is listed (an empty
    entry in the rule means a missing level).
    """
    g = position_groups()
    if groups is not None:
        g = g[g["group"].isin(groups)]
    out = pd.Series(None, index=workforce.index, dtype=object)
    edu = workforce["education_level"].astype(object).where(workforce["education_level"].notna(), "")
    for r in g.itertuples():
        m = (workforce["sector"] == r.sector) & workforce["occupation"].isin(r.occupation.split("|"))
        if r.education_levels:
            m &= edu.isin(r.education_levels.split("|"))
        out[m & out.isna()] = r.group
    return out


@dataclass
class BaseStock:
    """Base-year workforce by position group × sex × age (persons and årsverk)."""

    groups: list[str]
    persons: np.ndarray          # (G, S, A)
    fte: np.ndarray              # (G, S, A)
    employees: np.ndarray        # (G,) persons behind each group (for disclosure control)
    ages: np.ndarray = field(default_factory=lambda: AGES.copy())

    @property
    def share(self) -> np.ndarray:
        """Average position share per cell; the group's mean where a cell is empty."""
        g_mean = np.divide(self.fte.sum((1, 2)), self.persons.sum((1, 2)),
                           out=np.full(len(self.groups), FALLBACK_POSITION_SHARE), where=self.persons.sum((1, 2)) > 0)
        cell = np.divide(self.fte, self.persons, out=np.zeros_like(self.fte), where=self.persons > 0)
        return np.where(self.persons > 0, cell, g_mean[:, None, None])


def base_stock(workforce: pd.DataFrame, *, groups: Sequence[str], kommunenummer: str | None = None) -> BaseStock:
    """Aggregate employee rows into the base-year stock (vectorised; ``n_employees`` rows are counted).

    Parameters
    ----------
    workforce : validated workforce table (one row per employee or per group of identical ones).
    groups : position groups to project.
    kommunenummer : keep this municipality only (None: all rows).

    Returns
    -------
    BaseStock with persons and årsverk (persons × position_share) per group × sex × age.
    """
    groups = check_groups(groups)
    w = workforce if kommunenummer is None else workforce[workforce["kommunenummer"] == str(kommunenummer)]
    if w.empty:
        raise ValueError(f"No employees of municipality {kommunenummer!r} in the workforce table")
    grp = assign_groups(w, groups)
    keep = grp.notna().to_numpy()
    gi = pd.Categorical(grp[keep], categories=groups).codes
    sex = w["sex"] if "sex" in w.columns else pd.Series(None, index=w.index)
    si = pd.Categorical(sex[keep].astype(object).where(sex[keep].notna(), "unknown"), categories=SEXES).codes
    ai = np.clip(w["age"].to_numpy()[keep].astype(int), AGES[0], AGES[-1]) - AGES[0]
    n = (w["n_employees"] if "n_employees" in w.columns else pd.Series(1, index=w.index)).to_numpy()[keep].astype(float)
    share = w["position_share"].to_numpy()[keep].astype(float)
    shape = (len(groups), len(SEXES), len(AGES))
    flat = np.ravel_multi_index((gi, si, ai), shape)
    persons = np.bincount(flat, weights=n, minlength=int(np.prod(shape))).reshape(shape)
    fte = np.bincount(flat, weights=n * share, minlength=int(np.prod(shape))).reshape(shape)
    return BaseStock(groups=list(groups), persons=persons, fte=fte, employees=persons.sum((1, 2)))


def exit_rates(
    groups: Sequence[str], *, rates: pd.DataFrame | None = None, turnover_change: float = 0.0,
    retirement_delay: float = 0.0, ages: np.ndarray = AGES, stock_by_age: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Turnover (G, A) and retirement hazard (A,) per year, from the rate table.

    ``turnover(g, a) = max(0, turnover_g + turnover_change) × turnover_age(a) / norm_g`` where
    ``norm_g`` is the whole-sector rate (``turnover_sector``) or, when ``stock_by_age`` (G, A) is
    given, the group's base-year mean of ``turnover_age`` — so that the group's average turnover in
    the base year equals its KS rate (KS publishes occupation and age separately, not crossed);
    ``retirement(a)`` = the tabled hazard at ``a − retirement_delay`` (linear between ages, 1 from
    the last tabled age on, so that nobody stays past the last model age).

    Examples
    --------
    >>> tu, re = exit_rates(["nurse"])
    >>> round(float(tu[0, 45 - 15]), 4)       # 0.139 × 0.07 / 0.136
    0.0715
    >>> float(re[66 - 15]), float(exit_rates(["nurse"], retirement_delay=1)[1][62 - 15])
    (0.375, 0.0)
    """
    rates = workforce_rates() if rates is None else rates
    by_group = rates[rates["rate"] == "turnover"].set_index("group")["value"]
    missing = [g for g in groups if g not in by_group.index]
    if missing:
        raise ValueError(f"No turnover rate for the position group(s) {', '.join(missing)} in the rate table")
    sector = float(rates.loc[rates["rate"] == "turnover_sector", "value"].iloc[0])

    def banded(kind: str) -> np.ndarray:
        out = np.zeros(len(ages))
        for r in rates[rates["rate"] == kind].itertuples():
            out[(ages >= r.age_from) & (ages <= r.age_to)] = r.value
        return out

    age_profile = banded("turnover_age")
    norm = np.full(len(groups), sector)
    if stock_by_age is not None:
        n = np.asarray(stock_by_age, float)
        tot = n.sum(1)
        norm = np.where(tot > 0, np.divide(n @ age_profile, tot, out=norm.copy(), where=tot > 0), sector)
    occ = np.maximum(by_group.reindex(list(groups)).to_numpy(dtype=float) + float(turnover_change), 0.0)
    turnover = np.clip(occ[:, None] * age_profile[None, :] / norm[:, None], 0.0, 1.0)
    ret_table = banded("retirement")
    retirement = np.interp(ages - float(retirement_delay), ages, ret_table, left=0.0, right=1.0)
    retirement[-1] = 1.0
    return turnover, retirement


def entrant_profile(stock: BaseStock, *, groups_table: pd.DataFrame | None = None) -> np.ndarray:
    """Age and sex profile of entrants per group (G, S, A), each group summing to 1.

    Ages: a normal density with the group's ``entrant_age_mean``/``entrant_age_sd`` on ages 18–60
    (an assumption); sexes as in the group's base-year stock (women 0.77 when the group is empty:
    ks_women_share_2023).
    """
    g = (position_groups() if groups_table is None else groups_table).set_index("group").loc[stock.groups]
    ages = stock.ages
    dens = np.exp(-0.5 * ((ages[None, :] - g["entrant_age_mean"].to_numpy()[:, None])
                          / g["entrant_age_sd"].to_numpy()[:, None]) ** 2)
    dens *= (ages >= 18) & (ages <= 60)
    dens /= dens.sum(1, keepdims=True)
    by_sex = stock.persons.sum(2)
    tot = by_sex.sum(1, keepdims=True)
    default = np.array([0.77, 0.23, 0.0])
    sex_share = np.where(tot > 0, np.divide(by_sex, tot, out=np.zeros_like(by_sex), where=tot > 0), default)
    return sex_share[:, :, None] * dens[:, None, :]


def transition_matrix(groups: Sequence[str], paths_table: pd.DataFrame | None = None) -> np.ndarray:
    """Yearly transition rates between the groups (G, G) from the career paths (zero diagonal)."""
    p = career_paths() if paths_table is None else paths_table
    p = p[(p["kind"] == "transition") & p["from_group"].isin(groups) & p["to_group"].isin(groups)]
    idx = {g: i for i, g in enumerate(groups)}
    m = np.zeros((len(groups), len(groups)))
    for r in p.itertuples():
        m[idx[r.from_group], idx[r.to_group]] += r.annual_rate
    if (m.sum(1) > 1).any():
        raise ValueError("Career paths: the transition rates out of a group add up to more than 1")
    return m


# --------------------------------------------------------------------------- the engine
def simulate(
    *,
    stock: np.ndarray,
    share: np.ndarray,
    turnover: np.ndarray,
    retirement: np.ndarray,
    entrants: np.ndarray | None = None,
    entrant_profile: np.ndarray,
    years: int,
    transitions: np.ndarray | None = None,
    demand_fte: np.ndarray | None = None,
    share_change: float = 0.0,
) -> dict[str, np.ndarray]:
    """Run the cohort model for ``years`` steps, vectorised over draws.

    Parameters
    ----------
    stock : (G, S, A) base-year persons.
    share : (G, S, A) position shares (0–1) of the base year.
    turnover : (G, A) or (D, G, A) yearly turnover rates (after retirement).
    retirement : (A,) or (D, A) yearly retirement hazards; forced to 1 at the last age.
    entrants : (G,) or (D, G) persons entering each year, or (years + 1, G) by year (row t = the
        entrants of the year ending at t; row 0 unused).  Ignored when ``demand_fte`` is given.
    entrant_profile : (G, S, A) age/sex profile of entrants, each group summing to 1.
    years : number of projection years.
    transitions : (G, G) yearly career-path rates (share of survivors moving g → h).
    demand_fte : (D, G, years + 1) or (G, years + 1) demand in årsverk.  When given, entrants are
        solved each year so that supply meets demand (the recruitment need; never negative).
    share_change : share points added to every position share from the first projection year on
        (capped at 1).

    Returns
    -------
    dict of arrays (D, years + 1, G): persons, fte (årsverk), exits_turnover, exits_retirement,
    moves_in, moves_out, entrants (flows of the year ending at t; 0 in the base year).
    """
    turnover = np.asarray(turnover, float)
    retirement = np.asarray(retirement, float)
    D = max(turnover.shape[0] if turnover.ndim == 3 else 1, retirement.shape[0] if retirement.ndim == 2 else 1,
            demand_fte.shape[0] if demand_fte is not None and np.ndim(demand_fte) == 3 else 1,
            entrants.shape[0] if entrants is not None and np.ndim(entrants) == 2
            and entrants.shape[0] != years + 1 else 1)
    G, S, A = stock.shape
    tu = np.broadcast_to(turnover if turnover.ndim == 3 else turnover[None], (D, G, A))
    re = np.array(np.broadcast_to(retirement if retirement.ndim == 2 else retirement[None], (D, A)))
    re[:, -1] = 1.0
    trans = np.zeros((G, G)) if transitions is None else np.asarray(transitions, float)
    out_rate = trans.sum(1)
    share_t = np.minimum(share + float(share_change), 1.0)
    prof = np.asarray(entrant_profile, float)
    ent_share = (prof * share_t).sum((1, 2))                       # årsverk per entrant, per group
    if demand_fte is not None:
        dem = np.broadcast_to(demand_fte if np.ndim(demand_fte) == 3 else np.asarray(demand_fte)[None], (D, G, years + 1))
    else:
        e = np.zeros(G) if entrants is None else np.asarray(entrants, float)
        by_year = e.ndim == 2 and e.shape[0] == years + 1 and not (e.shape[0] == D and D > 1)
        hires = e if by_year else np.broadcast_to(e, (D, G))
    names = ("persons", "fte", "exits_turnover", "exits_retirement", "moves_in", "moves_out", "entrants")
    res = {k: np.zeros((D, years + 1, G)) for k in names}
    cur = np.broadcast_to(stock, (D, G, S, A)).astype(float).copy()
    res["persons"][:, 0] = cur.sum((2, 3))
    res["fte"][:, 0] = (cur * share).sum((2, 3))
    keep = (1.0 - re)[:, None, :] * (1.0 - tu)                    # (D, G, A) share staying in the year
    pairs = [(g, h, trans[g, h]) for g, h in zip(*np.nonzero(trans))]
    for t in range(1, years + 1):
        by_age = cur.sum(2)                                         # (D, G, A): sexes summed
        res["exits_retirement"][:, t] = (by_age * re[:, None, :]).sum(-1)
        res["exits_turnover"][:, t] = (by_age * (1.0 - re[:, None, :]) * tu).sum(-1)
        surv = cur * keep[:, :, None, :]
        surv_tot = (by_age * keep).sum(-1)
        after = surv if not pairs else surv * (1.0 - out_rate)[None, :, None, None]
        moved_in = np.zeros((D, G))
        for g, h, rate in pairs:                                    # career moves (few, sparse)
            after[:, h] += surv[:, g] * rate
            moved_in[:, h] += surv_tot[:, g] * rate
        nxt = np.empty_like(after)
        nxt[..., 0] = 0.0
        nxt[..., 1:] = after[..., :-1]
        if demand_fte is not None:
            gap = dem[:, :, t] - (nxt * share_t).sum((2, 3))
            hired = np.divide(np.maximum(gap, 0.0), ent_share, out=np.zeros_like(gap), where=ent_share > 0)
        else:
            hired = np.broadcast_to(hires[t], (D, G)) if by_year else hires
        nxt += hired[:, :, None, None] * prof[None]
        cur = nxt
        res["persons"][:, t] = cur.sum((2, 3))
        res["fte"][:, t] = (cur * share_t).sum((2, 3))
        res["moves_in"][:, t] = moved_in
        res["moves_out"][:, t] = surv_tot * out_rate[None, :]
        res["entrants"][:, t] = hired
    return res


# --------------------------------------------------------------------------- projection
@dataclass
class WorkforceProjection:
    """Result of :func:`project_workforce`."""

    table: pd.DataFrame          # group × year, central values and P5/P95 bands
    base: BaseStock
    base_year: int
    horizon_year: int
    settings: dict


def _demand(base_fte: np.ndarray, drivers: Sequence[str], index: pd.DataFrame, years: list[int],
            standard_change: np.ndarray, growth_mult: np.ndarray) -> np.ndarray:
    """Demand in årsverk (D, G, T): base × (1 + (index − 1) × m) × (1 + standard)^t."""
    piv = index.pivot(index="driver", columns="year", values="index").reindex(columns=years)
    idx = piv.reindex(list(drivers)).to_numpy()                        # (G, T)
    t = np.arange(len(years))
    grown = 1.0 + (idx[None] - 1.0) * growth_mult[:, :, None]            # (D, G, T)
    return base_fte[None, :, None] * grown * (1.0 + standard_change[:, :, None]) ** t[None, None, :]


def project_workforce(
    *,
    workforce: pd.DataFrame,
    population: pd.DataFrame,
    kommunenummer: str,
    groups: Sequence[str] | None = None,
    base_year: int,
    horizon_year: int = 2040,
    position_share_change: float = 0.0,
    retirement_delay: float = 0.0,
    turnover_change: float = 0.0,
    standard_change: float = 0.0,
    hiring_level: float = 1.0,
    n_draws: int = 0,
    seed: int = 2026,
    rates: pd.DataFrame | None = None,
    paths_table: pd.DataFrame | None = None,
) -> WorkforceProjection:
    """Project supply, demand, the gap and the recruitment need per position group and year.

    Parameters
    ----------
    workforce : validated workforce table (base year = ``base_year``).
    population : population table (:mod:`lifelong_analysis.data.population`) covering base to horizon.
    kommunenummer : municipality.
    groups : position groups (default: all of ``position_groups()``).
    base_year, horizon_year : first and last year.
    position_share_change : share points added to every position share (0.01 = +1 pp).
    retirement_delay : years by which retirement comes later.
    turnover_change : share points added to each occupation's turnover (−0.01 = −1 pp).
    standard_change : yearly change of årsverk per user (0 = staff per user held constant).
    hiring_level : entrants per year as a multiple of "hiring as today" (replacing all leavers).
    n_draws : Monte Carlo draws for the bands (0: none; the band columns are then the central values).
    seed : random seed.
    rates, paths_table : rate and career-path tables (default: shipped resources).

    Returns
    -------
    WorkforceProjection; ``.table`` has one row per group × year: group, driver, year,
    n_employees_base (persons behind the group in the base year), supply_persons, supply_fte,
    demand_fte, demand_persons, gap_fte, gap_persons (demand − supply; positive = shortage),
    exits_turnover, exits_retirement, entrants, moves_in, moves_out (persons in the year ending
    1 January of ``year``), recruitment_need (entrants needed for supply = demand), and
    gap_fte_p5/p50/p95, gap_persons_p5/p95, recruitment_need_p5/p95 from the draws.
    """
    groups = check_groups(groups if groups is not None else position_groups()["group"].tolist())
    if not int(horizon_year) > int(base_year):
        raise ValueError(f"horizon_year ({horizon_year}) must be after the base year ({base_year})")
    if n_draws < 0:
        raise ValueError(f"n_draws must be >= 0, got {n_draws}")
    years = list(range(int(base_year), int(horizon_year) + 1))
    T = len(years) - 1
    st = base_stock(workforce, groups=groups, kommunenummer=kommunenummer)
    gt = position_groups().set_index("group").loc[groups]
    drivers = gt["driver"].tolist()
    index = demand_index(population, kommunenummer=kommunenummer, base_year=base_year, years=years)
    share = st.share
    prof = entrant_profile(st)
    present = st.persons.sum((0, 2)) > 0                            # sexes with employees (speed)
    if present.any():
        st_persons, share, prof = st.persons[:, present], share[:, present], prof[:, present]
    else:
        st_persons = st.persons
    trans = transition_matrix(groups, paths_table)
    by_age = st.persons.sum(1)
    tu0, re0 = exit_rates(groups, rates=rates, stock_by_age=by_age)
    tu, re = exit_rates(groups, rates=rates, turnover_change=turnover_change, retirement_delay=retirement_delay,
                        stock_by_age=by_age)
    base_fte = st.fte.sum((1, 2))
    # "Hiring as today": replace everyone who leaves (base-year staffing kept) under today's rates.
    kept = simulate(stock=st_persons, share=share, turnover=tu0, retirement=re0, entrant_profile=prof, years=T,
                    transitions=trans, demand_fte=np.repeat(base_fte[:, None], T + 1, axis=1))
    hires = float(hiring_level) * kept["entrants"][0]

    def run(tu_d, re_d, std_d, mult_d):
        dem = _demand(base_fte, drivers, index, years, std_d, mult_d)
        common = dict(stock=st_persons, share=share, turnover=tu_d, retirement=re_d, entrant_profile=prof,
                      years=T, transitions=trans, share_change=position_share_change)
        now = simulate(entrants=hires, **common)
        bal = simulate(demand_fte=dem, **common)
        return now, bal, dem

    G = len(groups)
    central = run(tu, re, np.full((1, G), float(standard_change)), np.ones((1, G)))
    now, bal, dem = central
    dem_c = dem[0].T                                                 # (T+1, G)
    avg_share = np.divide(now["fte"][0], now["persons"][0], out=np.full((T + 1, G), FALLBACK_POSITION_SHARE),
                          where=now["persons"][0] > 0)
    rows = {
        "supply_persons": now["persons"][0], "supply_fte": now["fte"][0], "demand_fte": dem_c,
        "demand_persons": dem_c / avg_share, "gap_fte": dem_c - now["fte"][0],
        "gap_persons": dem_c / avg_share - now["persons"][0],
        "exits_turnover": now["exits_turnover"][0], "exits_retirement": now["exits_retirement"][0],
        "entrants": now["entrants"][0], "moves_in": now["moves_in"][0], "moves_out": now["moves_out"][0],
        "recruitment_need": bal["entrants"][0],
    }
    bands = {}
    if n_draws > 0:
        u = uncertainty()
        rng = np.random.default_rng(seed)
        m_tu = rng.lognormal(0.0, u["turnover_multiplier_sd"], (n_draws, G))
        m_re = rng.lognormal(0.0, u["retirement_multiplier_sd"], (n_draws, 1))
        drv_codes = sorted(set(drivers))
        pick = np.array([drv_codes.index(d) for d in drivers])
        m_pop = rng.normal(1.0, u["population_growth_multiplier_sd"], (n_draws, len(drv_codes)))[:, pick]
        std = rng.normal(float(standard_change), u["standard_change_sd"], (n_draws, len(drv_codes)))[:, pick]
        tu_d = np.clip(tu[None] * m_tu[:, :, None], 0.0, 1.0)
        re_d = np.clip(re[None] * m_re, 0.0, 1.0)
        d_now, d_bal, d_dem = run(tu_d, re_d, std, m_pop)
        d_share = np.divide(d_now["fte"], d_now["persons"], out=np.full_like(d_now["fte"], FALLBACK_POSITION_SHARE),
                            where=d_now["persons"] > 0)
        d_dem_t = np.transpose(d_dem, (0, 2, 1))                      # (D, T+1, G)
        gap_fte = d_dem_t - d_now["fte"]
        gap_p = d_dem_t / d_share - d_now["persons"]
        for name, arr in (("gap_fte", gap_fte), ("gap_persons", gap_p), ("recruitment_need", d_bal["entrants"])):
            for q in (5, 50, 95):
                bands[f"{name}_p{q}"] = np.percentile(arr, q, axis=0)
    else:
        for name in ("gap_fte", "gap_persons", "recruitment_need"):
            for q in (5, 50, 95):
                bands[f"{name}_p{q}"] = rows[name]
    frame = []
    for gi, g in enumerate(groups):
        d = {"group": g, "driver": drivers[gi], "year": years, "n_employees_base": st.employees[gi]}
        d.update({k: v[:, gi] for k, v in rows.items()})
        d.update({k: v[:, gi] for k, v in bands.items() if not k.endswith("_p50") or k.startswith("gap_fte")})
        frame.append(pd.DataFrame(d))
    table = pd.concat(frame, ignore_index=True)
    settings = dict(kommunenummer=str(kommunenummer), groups=list(groups), base_year=int(base_year),
                    horizon_year=int(horizon_year), position_share_change=float(position_share_change),
                    retirement_delay=float(retirement_delay), turnover_change=float(turnover_change),
                    standard_change=float(standard_change), hiring_level=float(hiring_level),
                    n_draws=int(n_draws), seed=int(seed))
    return WorkforceProjection(table=table, base=st, base_year=int(base_year), horizon_year=int(horizon_year),
                               settings=settings)


def scenario_comparison(*, scenarios: Mapping[str, Mapping[str, float]] | None = None, **kwargs) -> pd.DataFrame:
    """Mean yearly recruitment need and the gap at the horizon under each scenario (no draws).

    Parameters
    ----------
    scenarios : name -> knobs (default :data:`KS_SCENARIOS`: baseline, +1 pp position size,
        retirement a year later, turnover −1 pp, all three).
    **kwargs : arguments of :func:`project_workforce` (its scenario knobs are overridden).

    Returns
    -------
    pandas.DataFrame: scenario, group (and ``all`` for the sum), recruitment_need_per_year
    (persons, mean over the projection years), gap_fte_horizon, gap_persons_horizon,
    n_employees_base.
    """
    scenarios = KS_SCENARIOS if scenarios is None else scenarios
    kwargs = {k: v for k, v in kwargs.items() if k not in ("position_share_change", "retirement_delay",
                                                           "turnover_change", "n_draws")}
    out = []
    for name, knobs in scenarios.items():
        p = project_workforce(n_draws=0, **kwargs, **knobs)
        t = p.table
        proj = t[t["year"] > p.base_year]
        need = proj.groupby("group", sort=False)["recruitment_need"].mean()
        hz = t[t["year"] == p.horizon_year].set_index("group")
        part = pd.DataFrame({"scenario": name, "group": need.index, "recruitment_need_per_year": need.to_numpy(),
                             "gap_fte_horizon": hz.loc[need.index, "gap_fte"].to_numpy(),
                             "gap_persons_horizon": hz.loc[need.index, "gap_persons"].to_numpy(),
                             "n_employees_base": hz.loc[need.index, "n_employees_base"].to_numpy()})
        total = {"scenario": name, "group": "all", **part.drop(columns=["scenario", "group"]).sum().to_dict()}
        out.append(pd.concat([part, pd.DataFrame([total])], ignore_index=True))
    return pd.concat(out, ignore_index=True)


# --------------------------------------------------------------------------- training need
def training_need(projection: WorkforceProjection, *, paths_table: pd.DataFrame | None = None,
                  start_year: int | None = None) -> pd.DataFrame:
    """How many must start which programme each year to close the qualified gap by the horizon.

    For each career path of kind ``transition`` whose target group has a shortage at the horizon
    (``gap_persons`` > 0, central path, after today's career moves): the same number ``s`` of
    starters each year from ``start_year`` (default base year + 1) to the last year whose
    completers finish by the horizon; completers = s × completion_rate, ``study_years`` later;
    each completer stays to the horizon with the target group's average yearly retention
    (1 − exits / persons, central path).  ``s = gap / (completion × Σ retention to the horizon)``.
    Several paths to the same group share its gap equally.

    Returns
    -------
    pandas.DataFrame, one row per path × year: path, from_group, to_group, year, starters,
    students (persons studying that year, including the starters), completers, gap_persons_horizon
    (of the path's share), pool_persons (persons in from_group in the base year), n_employees_min
    (the smaller of the two groups' base-year head counts, for disclosure control), feasible (False
    when the horizon is too close for the study length), study_years, completion_rate, scheme,
    delivery_format, study_points_per_year.
    """
    p = career_paths() if paths_table is None else paths_table
    t = projection.table
    groups = projection.base.groups
    p = p[(p["kind"] == "transition") & p["from_group"].isin(groups) & p["to_group"].isin(groups)]
    first = int(projection.base_year + 1 if start_year is None else start_year)
    hz = projection.horizon_year
    years = list(range(first, hz + 1))
    by = t.set_index(["group", "year"])
    rows = []
    n_to = p["to_group"].value_counts()
    for r in p.itertuples():
        gap = float(by.loc[(r.to_group, hz), "gap_persons"]) / n_to[r.to_group]
        gap = max(gap, 0.0)
        g = t[(t["group"] == r.to_group) & (t["year"] > projection.base_year)]
        retention = float(1 - ((g["exits_turnover"] + g["exits_retirement"]).sum() / g["supply_persons"].sum()))
        sy = int(r.study_years)
        last_start = hz - sy
        starts = [y for y in years if y <= last_start]
        weight = sum(r.completion_rate * retention ** (hz - (y + sy)) for y in starts)
        s = gap / weight if weight > 0 and gap > 0 else 0.0
        pool = float(projection.base.employees[groups.index(r.from_group)])
        n_min = float(min(pool, projection.base.employees[groups.index(r.to_group)]))
        for y in years:
            starters = s if y in starts else 0.0
            students = s * sum(1 for y0 in starts if y0 <= y < y0 + sy)
            completers = s * r.completion_rate if (y - sy) in starts else 0.0
            rows.append({"path": r.path, "from_group": r.from_group, "to_group": r.to_group, "year": y,
                         "starters": starters, "students": students, "completers": completers,
                         "gap_persons_horizon": gap, "pool_persons": pool, "n_employees_min": n_min,
                         "feasible": bool(starts) or gap == 0,
                         "study_years": sy, "completion_rate": float(r.completion_rate), "scheme": r.scheme,
                         "delivery_format": r.delivery_format,
                         "study_points_per_year": float(r.study_points) / sy if sy else 0.0})
    return pd.DataFrame(rows)


def training_summary(need: pd.DataFrame) -> pd.DataFrame:
    """One row per path: starters per year, total starters and completers, peak students, gap."""
    if need.empty:
        return pd.DataFrame(columns=["path", "from_group", "to_group", "starters_per_year", "starters_total",
                                     "completers_total", "students_peak", "gap_persons_horizon", "pool_persons",
                                     "n_employees_min", "feasible"])
    g = need.groupby("path", sort=False)
    return pd.DataFrame({
        "from_group": g["from_group"].first(), "to_group": g["to_group"].first(),
        "starters_per_year": g["starters"].max(), "starters_total": g["starters"].sum(),
        "completers_total": g["completers"].sum(), "students_peak": g["students"].max(),
        "gap_persons_horizon": g["gap_persons_horizon"].first(), "pool_persons": g["pool_persons"].first(),
        "n_employees_min": g["n_employees_min"].first(), "feasible": g["feasible"].first(),
    }).reset_index()


def training_cost(
    need: pd.DataFrame, *, workforce: pd.DataFrame, substitutes: pd.DataFrame, kommunenummer: str,
    rules: pd.DataFrame | None = None, perspectives: Iterable[str] = ("cash", "economic"),
) -> pd.DataFrame:
    """Cost of the training need per year and who pays, via the costs and funding modules.

    One student-year of each path is costed once with
    :func:`lifelong_analysis.analysis.funding.programme_components` (the sector of the path's ``from_group``,
    ``study_points_per_year``, the path's delivery format: hours away, substitute cover in the
    sector, uncovered hours) and split among payers with
    :func:`lifelong_analysis.analysis.funding.split_costs` under the path's scheme; the split is scaled by
    the number of students each year (costs are linear in participants).

    Returns
    -------
    pandas.DataFrame: path, year, scheme, perspective, payer, students, amount_nok (NOK, that
    year, all students), per_student_nok, not_found (the scheme uses a placeholder value),
    n_employees_min (from ``need``, for disclosure control).
    """
    sector_of = position_groups().set_index("group")["sector"]
    out = []
    for path, d in need.groupby("path", sort=False):
        first = d.iloc[0]
        if d["students"].sum() <= 0:
            continue
        comp = funding.programme_components(
            workforce=workforce, substitutes=substitutes, sector=sector_of[first["from_group"]],
            kommunenummer=kommunenummer, study_points=first["study_points_per_year"], n_participants=1,
            delivery_format=first["delivery_format"], year=None)
        split = funding.split_costs(comp, schemes=[first["scheme"]], rules=rules, perspectives=perspectives)
        for r in d[d["students"] > 0].itertuples():
            part = split[["scheme", "perspective", "payer", "amount_nok", "not_found"]].copy()
            part["n_employees_min"] = r.n_employees_min
            part.insert(0, "year", r.year)
            part.insert(0, "path", path)
            part["students"] = r.students
            part["per_student_nok"] = part["amount_nok"]
            part["amount_nok"] = part["amount_nok"] * r.students
            out.append(part)
    cols = ["path", "year", "scheme", "perspective", "payer", "students", "amount_nok", "per_student_nok", "not_found",
            "n_employees_min"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


def combined_positions(
    *, workforce: pd.DataFrame, kommunenummer: str, n_positions: int, group: str = "nurse",
    paths_table: pd.DataFrame | None = None, rules: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Cost split and capacity effect of combined municipality–university positions (delte stillinger).

    The rule row ``kind == combined_position`` of the career paths (e.g. 80/20) gives the
    university's share; where the funding rules hold ``combined_position`` / ``share_of_time_cost``
    for the university, that value is used (the funding module is the single source of the rule).
    Labour cost: the group's average full-time monthly pay in the municipality through
    :func:`lifelong_analysis.analysis.costs.annual_labour_cost` (holiday pay, pension, employer's contribution).

    Returns
    -------
    pandas.DataFrame, one row per payer (municipality, university): n_positions, share,
    amount_nok (NOK per year, all positions), plus service_fte (årsverk the municipality keeps for
    its services) and university_fte (årsverk at the university).
    """
    p = career_paths() if paths_table is None else paths_table
    row = p[(p["kind"] == "combined_position") & (p["from_group"] == group)]
    if row.empty:
        raise ValueError(f"No combined-position rule for the group {group!r} in the career paths")
    uni = float(row["university_share"].iloc[0])
    try:
        uni = float(funding.rule_value(funding.scheme_rules() if rules is None else rules, "combined_position",
                                       "share_of_time_cost", payer="university"))
    except (KeyError, ValueError, IndexError):
        pass
    w = workforce[(workforce["kommunenummer"] == str(kommunenummer))]
    grp = assign_groups(w, [group])
    pay = w.loc[grp == group, "monthly_pay_nok"]
    if pay.empty:
        raise ValueError(f"No employees in the group {group!r} to take the pay from")
    labour = float(costs.annual_labour_cost(float(pay.mean()) * 12.0)["annual_labour_cost_nok"].iloc[0])
    n = int(n_positions)
    return pd.DataFrame({
        "payer": ["municipality", "university"], "n_positions": n, "share": [1 - uni, uni],
        "amount_nok": [labour * n * (1 - uni), labour * n * uni],
        "service_fte": [n * (1 - uni), 0.0], "university_fte": [0.0, n * uni],
        "path": row["path"].iloc[0], "source": row["source"].iloc[0],
    })


# --------------------------------------------------------------------------- publishing
#: Columns of the projection table blanked for a group with fewer than k persons in the base year.
PROTECTED_COLUMNS = ("supply_persons", "supply_fte", "demand_fte", "demand_persons", "gap_fte", "gap_persons",
                     "exits_turnover", "exits_retirement", "entrants", "moves_in", "moves_out", "recruitment_need")


def base_release(workforce: pd.DataFrame, *, kommunenummer: str, groups: Sequence[str], release=None, k: int = 5):
    """Register the base-year head counts of notebook 04 for joint disclosure control.

    Parameters
    ----------
    workforce : validated workforce table (a row with ``n_employees`` > 1 counts as that many persons).
    kommunenummer : the municipality.
    groups : the position groups projected.
    release : a :class:`lifelong_analysis.stats.disclosure.Release` (default a new one with ``k``);
        with the dataset's cell store, the groups share one pattern with notebooks 01–03 (a
        position group lies inside its sector, whose employees notebooks 01 and 03 count).

    Returns
    -------
    the Release with ``workforce_base`` (``group``, ``n_employees_base``; one row per group and
    one ``all`` row, the sum that the scenario comparison shows).  Which groups are shown is then
    :func:`shown_groups` of the protected release; :func:`protect` blanks the others.

    Examples
    --------
    >>> wf = pd.DataFrame({"employee_id": [f"e{i}" for i in range(12)], "kommunenummer": "5001",
    ...                    "sector": "health_care", "occupation": ["nurse"] * 9 + ["health_worker"] * 3,
    ...                    "education_level": "bachelor", "n_employees": 1})
    >>> res = base_release(wf, kommunenummer="5001", groups=["nurse", "health_worker"]).protect()
    >>> sorted(shown_groups(res))
    ['all']
    """
    groups = check_groups(groups)
    rel = release if release is not None else Release(k=k)
    w = workforce[workforce["kommunenummer"].astype(str) == str(kommunenummer)]
    n = (w["n_employees"] if "n_employees" in w.columns else pd.Series(1, index=w.index)).astype(int)
    w = w.loc[w.index.repeat(n.clip(lower=0))].copy()  # one record per person
    copy = w.groupby(level=0).cumcount()
    # the employee's own id (as notebooks 01 and 03 register it), "#i" for the further persons of a row
    w["_record"] = w["employee_id"].astype(str) + np.where(copy > 0, "#" + copy.astype(str), "")
    w["_group"] = assign_groups(w, groups)
    w = w[w["_group"].notna()].reset_index(drop=True)
    counts = w["_group"].value_counts()
    table = pd.DataFrame({"group": [*groups, "all"],
                          "n_employees_base": [int(counts.get(g, 0)) for g in groups] + [len(w)]})
    rel.add_table("workforce_base", table, records=w["_record"], kind="workforce", frame=w,
                  cells={"n_employees_base": lambda row, f: (f["_group"].notna() if row["group"] == "all"
                                                             else f["_group"] == row["group"]).to_numpy()},
                  count_columns=("n_employees_base",))
    return rel


def shown_groups(protected) -> set:
    """The groups (and ``all``) whose base-year head count the protected release publishes."""
    t = protected.tables["workforce_base"]
    return {g for g, v in zip(t["group"], t["n_employees_base"]) if not isinstance(v, str)}


def protect(table: pd.DataFrame, *, count_column: str = "n_employees_base", k: int = 5,
            shown: set | None = None) -> pd.DataFrame:
    """Disclosure control of a table built from employee rows: hidden groups show ":".

    Row suppression: every number of a row (the count included) is blanked when its count
    (``count_column``) is under ``k``, or, with ``shown`` (the groups the joint release publishes,
    :func:`shown_groups`), when a group the row rests on (``group``, ``from_group``, ``to_group``,
    or the two groups of its ``path``) is not shown: so a group hidden as a complement in the
    dataset's joint pattern is hidden here too.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["nurse", "teacher"], "year": [2030, 2030], "n_employees_base": [3, 40],
    ...                   "gap_fte": [1.5, 4.0]})
    >>> protect(t)["gap_fte"].tolist()
    [':', 4.0]
    >>> protect(t.assign(n_employees_base=40), shown={"nurse"})["gap_fte"].tolist()
    [1.5, ':']
    """
    if int(k) < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {k!r}")
    if count_column not in table.columns:
        raise ValueError(f"count_column {count_column!r} is not a column; columns: {', '.join(map(str, table.columns))}")
    small = (pd.to_numeric(table[count_column], errors="coerce") < k).to_numpy()
    if shown is not None:
        shown = set(shown)
        for c in ("group", "from_group", "to_group"):
            if c in table.columns:
                small |= ~table[c].isin(shown).to_numpy()
        if "path" in table.columns and "from_group" not in table.columns:
            cp = career_paths().set_index("path")
            ends = {p: (cp.at[p, "from_group"], cp.at[p, "to_group"]) for p in cp.index}
            small |= np.array([p in ends and not all(g in shown or pd.isna(g) for g in ends[p])
                               for p in table["path"]], dtype=bool)
    cols = [c for c in table.columns if c != "year" and pd.api.types.is_numeric_dtype(table[c])
            and not pd.api.types.is_bool_dtype(table[c])]
    if count_column not in cols:
        cols.append(count_column)
    out = table.copy()
    for c in cols:
        out[c] = out[c].astype(object)
        out.loc[small, c] = SUPPRESSED
    return out


def check_report_parameters(
    *, municipality, occupations, horizon_year, position_share_change, retirement_delay, turnover_change,
    n_draws, seed, combined_positions: int = 0, standard_change: float = 0.0,
) -> dict:
    """Validate notebook 04's analysis parameters; return them normalised (errors name the parameter).

    The report language is checked by
    :func:`lifelong_analysis.reporting.workforce_report.check_report_parameters`.

    Examples
    --------
    >>> p = check_report_parameters(municipality="5001", occupations=["nurse"], horizon_year=2040,
    ...                             position_share_change=0, retirement_delay=1, turnover_change=-0.01,
    ...                             n_draws=0, seed=1)
    >>> p["groups"], p["retirement_delay"]
    (['nurse'], 1.0)
    """
    if not isinstance(municipality, str):
        raise ValueError(f"municipality must be a 4-digit kommunenummer as text, e.g. '5001' (quote it in YAML); "
                         f"got the number {municipality!r}")
    m = municipality
    if not re.fullmatch(r"[0-9]{4}", m):
        raise ValueError(f"municipality must be a 4-digit kommunenummer as text (e.g. '5001'), got {municipality!r}")
    groups = check_groups(occupations)
    if not isinstance(horizon_year, int) or not 2000 < horizon_year <= 2100:
        raise ValueError(f"horizon_year must be a year such as 2040, got {horizon_year!r}")
    for name, v, lo, hi in (("position_share_change", position_share_change, -0.5, 0.5),
                            ("retirement_delay", retirement_delay, -5, 5),
                            ("turnover_change", turnover_change, -0.5, 0.5),
                            ("standard_change", standard_change, -0.1, 0.1)):
        if not isinstance(v, (int, float)) or not lo <= v <= hi:
            raise ValueError(f"{name} must be a number between {lo} and {hi}, got {v!r}")
    if not isinstance(n_draws, int) or n_draws < 0:
        raise ValueError(f"n_draws must be a whole number >= 0, got {n_draws!r}")
    return dict(municipality=m, groups=groups, horizon_year=int(horizon_year),
                position_share_change=float(position_share_change), retirement_delay=float(retirement_delay),
                turnover_change=float(turnover_change), n_draws=int(n_draws), seed=int(seed),
                combined_positions=int(combined_positions), standard_change=float(standard_change))


def not_found_rates() -> pd.DataFrame:
    """The rates flagged NOT FOUND or assumption and the career paths flagged NOT FOUND, with their value.

    Returns
    -------
    pandas.DataFrame, one row per rate or path: kind ("rate" or "path"), rate (the rate's code,
    e.g. ``turnover``; empty for a path), group ("all" for every group), age_from, age_to (whole years,
    missing for a path),
    from_group, to_group (for a path), value (share per year), evidence (as in
    ``resources/workforce_rates.csv`` / ``career_paths.csv``).

    Examples
    --------
    >>> t = not_found_rates()
    >>> sorted(set(t["kind"]))
    ['path', 'rate']
    >>> bool(t.query("kind == 'path'")["evidence"].str.lower().str.contains("not found").all())
    True
    """
    rows = [{"kind": "rate", "rate": x.rate, "group": x.group, "age_from": x.age_from, "age_to": x.age_to,
             "from_group": None, "to_group": None, "value": x.value, "evidence": x.evidence}
            for x in workforce_rates().itertuples()
            if str(x.evidence).lower().startswith(("not found", "assumption"))]
    rows += [{"kind": "path", "rate": None, "group": None, "age_from": None, "age_to": None,
              "from_group": x.from_group, "to_group": x.to_group, "value": x.annual_rate, "evidence": x.evidence}
             for x in career_paths().itertuples() if "not found" in str(x.evidence).lower()]
    return pd.DataFrame(rows, columns=["kind", "rate", "group", "age_from", "age_to", "from_group", "to_group",
                                       "value", "evidence"]).astype({"age_from": "Int64", "age_to": "Int64"})


def key_numbers(table: pd.DataFrame, summary: pd.DataFrame, cost: pd.DataFrame, *, horizon_year: int) -> dict:
    """The numbers of the report's summary: the shortage at the horizon, the training starters, the cash cost.

    Parameters
    ----------
    table : the protected projection (:func:`protect` of ``project_workforce(...).table``; ":" = hidden).
    summary : protected :func:`training_summary`.
    cost : protected :func:`training_cost`.
    horizon_year : the year of the shortage.

    Returns
    -------
    dict: ``shown`` (False when no group's gap is published), ``total_gap_fte`` (årsverk, the sum of
    the positive gaps), ``top`` (the group with the largest gap over 0.5 årsverk: a dict of
    ``group``, ``gap_fte``, ``gap_fte_p5``, ``gap_fte_p95``; None when no group is short),
    ``starters`` (DataFrame ``from_group``, ``to_group``, ``starters_per_year`` of the paths with
    starters), ``cash_total_nok`` and ``cash_municipality_nok`` (NOK over the period, cash perspective).

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["nurse", "teacher"], "year": 2040, "gap_fte": [120.0, -5.0],
    ...                   "gap_fte_p5": [80.0, -9.0], "gap_fte_p95": [160.0, -1.0]})
    >>> c = pd.DataFrame({"perspective": ["cash", "cash"], "payer": ["municipality", "state"],
    ...                   "amount_nok": [3e6, 2e6]})
    >>> k = key_numbers(t, pd.DataFrame(columns=["starters_per_year"]), c, horizon_year=2040)
    >>> k["total_gap_fte"], k["top"]["group"], k["cash_total_nok"], k["cash_municipality_nok"]
    (120.0, 'nurse', 5000000.0, 3000000.0)
    """
    hz = table[table["year"] == horizon_year].copy()
    hz["gap"] = pd.to_numeric(hz["gap_fte"], errors="coerce")
    hz = hz.dropna(subset=["gap"])
    short = hz[hz["gap"] > 0.5].sort_values("gap", ascending=False)
    top = None
    if len(short):
        r = short.iloc[0]
        top = {"group": r["group"], "gap_fte": float(r["gap"]), "gap_fte_p5": r["gap_fte_p5"],
               "gap_fte_p95": r["gap_fte_p95"]}
    s = summary[pd.to_numeric(summary["starters_per_year"], errors="coerce") > 0] if len(summary) else summary
    starters = (s[["from_group", "to_group", "starters_per_year"]].reset_index(drop=True) if len(s)
                else pd.DataFrame(columns=["from_group", "to_group", "starters_per_year"]))
    cash = cost[cost["perspective"] == "cash"].assign(
        amount_nok=lambda x: pd.to_numeric(x["amount_nok"], errors="coerce"))
    return {"shown": not hz.empty, "total_gap_fte": float(hz.loc[hz["gap"] > 0, "gap"].sum()), "top": top,
            "starters": starters, "cash_total_nok": float(cash["amount_nok"].sum()),
            "cash_municipality_nok": float(cash.loc[cash["payer"] == "municipality", "amount_nok"].sum())}
