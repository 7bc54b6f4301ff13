"""Absence and substitute costs of further education (EVU) in a municipality.

The cost model follows the Eurostat CVTS cost concept (direct costs plus the
*personnel absence cost*, PAC = hours away from work x the participant's full
hourly labour cost) and adds what a municipality actually pays when an employee
is away: a qualified substitute, an unqualified substitute, colleagues'
overtime, or hours left uncovered (service not delivered).

Two totals are kept apart and never mixed:

* ``cash_cost_nok`` = direct costs + substitute and overtime pay - grants
  (what leaves the municipality's accounts);
* ``economic_cost_nok`` = direct costs + PAC (the Eurostat CVTS concept:
  direct costs plus the personnel absence cost).

PAC values every absent hour at the participant's full labour cost per hour
actually worked; substitute pay is the cash that replaces it.  Adding both
would count the same absent hours twice, so no function of this module ever
adds ``pac_nok`` and ``substitute_cover_nok`` into one total.  For the same
reason hours left uncovered are *not* added to the economic total (PAC has
already valued them): they are a service-loss indicator of their own
(``hours_uncovered``, its share of the hours away, and the optional valuation
``uncovered_value_nok``, hours uncovered x hourly labour cost x
``uncovered_value_factor``), never part of either total.

Labour cost rules (each a row of ``cost_parameters.csv``; the model is
:mod:`lifelong_analysis.data.labour`, re-exported here): the hourly labour
cost divides the employer's net annual labour cost by the hours *actually
worked* (planned hours less sick leave, as in CVTS and the Labour Cost
Survey); the employer's net sick-pay cost follows the employer-period / NAV
refund rule (``sick_pay_employer_share``, ``grunnbelop_nok``); teachers
(sector ``primary_school``) are in Statens pensjonskasse and take
``pension_rate.spk``, every other sector the KLP/municipal ``pension_rate``;
qualified substitutes are paid like the absent employee's occupation;
colleagues' overtime is based on annual pay / ``overtime_hours_divisor``.

Every rate and assumption is a row of ``resources/cost_parameters.csv`` (id,
value, unit, source, url, evidence, year); :func:`cost_parameters` reads it
and takes overrides.  Evidence codes: ``V`` seen verbatim in the source,
``V-sec`` secondary source, ``I`` an assumption of this package, ``NF`` not
found (a placeholder the user should override).

Column names of the results (used by :mod:`lifelong_analysis.analysis.funding`)::

    hours_away, direct_cost_nok, qualified_substitute_nok,
    unqualified_substitute_nok, overtime_nok, substitute_cover_nok,
    uncovered_value_nok, pac_nok, grant_nok, cash_cost_nok, economic_cost_nok

``uncovered_value_nok`` is an indicator shown beside the totals, not a part of them.

Examples
--------
>>> from lifelong_analysis.analysis import costs
>>> float(costs.annual_labour_cost(500_000, pension_rate=0.02, yrkesskade_nok=3_000
...                                )["annual_labour_cost_nok"].round().iloc[0])
591932.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats

from lifelong_analysis.data import vocab
# The labour-cost model lives in the data layer (a validation rule of the readers needs it); its
# names are re-exported here, so that ``costs.hourly_labour_cost`` and the others keep working.
from lifelong_analysis.data.labour import (  # noqa: F401  (re-exported)
    PARAMETERS_FILE,
    SPK_SECTORS,
    _check_share,
    _labour_cost_arrays,
    _params,
    _sick_share,
    annual_hours_worked,
    annual_labour_cost,
    cost_parameters,
    hourly_labour_cost,
    net_annual_labour_cost,
    parameter_table,
    pension_rate_for,
    pension_scheme_for,
    sick_pay_refund,
)
from lifelong_analysis.stats.disclosure import Release

#: Cost-component columns, in the order the result tables show them.
COMPONENT_COLUMNS: tuple[str, ...] = (
    "direct_cost_nok",
    "qualified_substitute_nok",
    "unqualified_substitute_nok",
    "overtime_nok",
    "substitute_cover_nok",
    "uncovered_value_nok",
    "pac_nok",
    "grant_nok",
    "cash_cost_nok",
    "economic_cost_nok",
)

#: Hours columns of the cover split.
HOURS_COLUMNS: tuple[str, ...] = (
    "hours_away",
    "hours_qualified",
    "hours_unqualified",
    "hours_overtime",
    "hours_uncovered",
)

TOTALS: tuple[str, ...] = ("cash_cost_nok", "economic_cost_nok")

#: Columns of the substitutes table that describe the cover of absent hours.
COVER_COLUMNS: tuple[str, ...] = (
    "substitute_hourly_pay_nok",
    "unqualified_hourly_pay_nok",
    "overtime_premium_share",
    "agency_premium_share",
    "p_qualified_available",
    "share_unqualified",
    "share_overtime",
    "share_uncovered",
)

#: Inputs that the Monte Carlo and the sensitivity analysis vary.
UNCERTAIN_INPUTS: tuple[str, ...] = (
    "p_qualified_available",
    "overtime_premium_share",
    "agency_premium_share",
    "pay_factor",
    "substitute_pay_factor",
    "hours_factor",
)

UNCERTAIN_LABELS = {
    "p_qualified_available": ("Tilgang på kvalifisert vikar", "Availability of qualified substitutes"),
    "overtime_premium_share": ("Overtidstillegg", "Overtime premium"),
    "agency_premium_share": ("Påslag for bemanningsbyrå", "Agency mark-up"),
    "pay_factor": ("Deltakerens lønn", "Participant's pay"),
    "substitute_pay_factor": ("Vikarlønn", "Substitute pay"),
    "hours_factor": ("Timer borte fra arbeid", "Hours away from work"),
}


# --------------------------------------------------------------------------
# Substitute pay
# --------------------------------------------------------------------------

def substitute_base_pay(monthly_pay_nok, full_time_weekly_hours):
    """Hourly pay of a qualified substitute paid like the absent employee: full-time monthly pay x 12 / (weekly hours x 52).

    The rule the shipped substitutes table uses for its pay (KS pay / (weekly
    hours x 52)); a qualified substitute for a nurse is paid like a nurse.

    >>> round(substitute_base_pay(55_083.0, 37.5), 2)   # a KS-average nurse, 661 000 kr a year
    338.97
    """
    return float(monthly_pay_nok) * 12.0 / (float(full_time_weekly_hours) * 52.0)


def occupation_substitute_pay(
    substitutes: pd.DataFrame,
    workforce: pd.DataFrame,
    *,
    sector: str,
    occupation: str | None,
    kommunenummer: str | None = None,
) -> tuple[float, str]:
    """Hourly pay of a qualified substitute for an absent employee of ``occupation``.

    1. The substitutes table's own row for the occupation, when the table has an
       ``occupation`` column (the municipality's row before the national one);
    2. otherwise derived from the workforce pay of that occupation in the sector
       (weighted by ``n_employees``; the municipality's employees when it has
       any): :func:`substitute_base_pay` of the average full-time pay;
    3. ``occupation=None``: the same from the sector's average pay (a typical
       employee of the sector).

    Returns
    -------
    (float, str) : NOK per hour before holiday pay and employer costs, and the
    rule used: ``"substitutes_table_occupation"`` or ``"workforce_pay_of_occupation"``
    (``"workforce_pay_of_sector"`` without an occupation).
    """
    k = _kommune_str(kommunenummer)
    if occupation is not None and "occupation" in substitutes.columns:
        rows = substitutes[(substitutes["sector"] == sector) & (substitutes["occupation"].astype(str) == str(occupation))]
        if not rows.empty:
            kn = rows["kommunenummer"].astype("string") if "kommunenummer" in rows.columns else pd.Series(pd.NA, index=rows.index)
            own = rows[kn == k] if k is not None else rows.iloc[0:0]
            chosen = own if not own.empty else rows[kn.isna() | (kn == "")]
            if not chosen.empty:
                if "year" in chosen.columns:
                    chosen = chosen[chosen["year"] == chosen["year"].max()]
                return float(chosen["substitute_hourly_pay_nok"].iloc[0]), "substitutes_table_occupation"
    wf = workforce[workforce["sector"] == sector]
    if k is not None and "kommunenummer" in wf.columns and (wf["kommunenummer"].astype(str) == k).any():
        wf = wf[wf["kommunenummer"].astype(str) == k]
    rule = "workforce_pay_of_sector"
    if occupation is not None and "occupation" in wf.columns:
        sel = wf[wf["occupation"].astype(str) == str(occupation)]
        if not sel.empty:
            wf, rule = sel, "workforce_pay_of_occupation"
    if wf.empty:
        raise ValueError(f"No workforce pay for sector {sector!r} to derive the substitutes' pay from")
    w = wf["n_employees"].astype(float).to_numpy() if "n_employees" in wf.columns else np.ones(len(wf))
    weekly = (wf["full_time_weekly_hours"].astype(float).to_numpy() if "full_time_weekly_hours" in wf.columns
              else np.full(len(wf), cost_parameters()["full_time_weekly_hours"]))
    hourly = wf["monthly_pay_nok"].astype(float).to_numpy() * 12.0 / (weekly * 52.0)
    return float(np.average(hourly, weights=w)), rule


# --------------------------------------------------------------------------
# The cost components of absent hours
# --------------------------------------------------------------------------

def _components(
    *,
    hours_away,
    hourly_labour_cost_nok,
    overtime_hourly_pay_nok,
    direct_cost_nok,
    grant_nok,
    p_qualified_available,
    share_unqualified,
    share_overtime,
    share_uncovered,
    substitute_hourly_pay_nok,
    unqualified_hourly_pay_nok,
    overtime_premium_share,
    agency_premium_share,
    p: Mapping[str, float],
) -> dict[str, np.ndarray]:
    h = np.asarray(hours_away, dtype=float)
    pq = np.asarray(p_qualified_available, dtype=float)
    rest = h * (1.0 - pq)
    hours_q = h * pq
    hours_u = rest * share_unqualified
    hours_o = rest * share_overtime
    hours_n = rest * share_uncovered
    # Substitutes are paid per hour: holiday pay and pension on the pay, AGA on all three.
    sub_oncost = (1.0 + p["holiday_pay_rate"] + p["substitute_pension_rate"]) * (1.0 + p["aga_rate"])
    ot_oncost = (1.0 + p["holiday_pay_rate"] + p["pension_rate"] * p["overtime_pensionable"]) * (1.0 + p["aga_rate"])
    qualified = hours_q * substitute_hourly_pay_nok * sub_oncost * (1.0 + p["agency_share"] * np.asarray(agency_premium_share))
    unqualified = hours_u * unqualified_hourly_pay_nok * sub_oncost
    overtime = hours_o * overtime_hourly_pay_nok * (1.0 + np.asarray(overtime_premium_share)) * ot_oncost
    cover = qualified + unqualified + overtime
    pac = h * hourly_labour_cost_nok
    uncovered = hours_n * hourly_labour_cost_nok * p["uncovered_value_factor"]
    direct = np.asarray(direct_cost_nok, dtype=float)
    grant = np.asarray(grant_nok, dtype=float)
    # The two totals: substitute pay (cash) and PAC (economic) never meet.  PAC values
    # every absent hour, so the uncovered hours are an indicator, not a part of a total.
    cash = direct + cover - grant
    economic = direct + pac
    return {
        "hours_away": h, "hours_qualified": hours_q, "hours_unqualified": hours_u,
        "hours_overtime": hours_o, "hours_uncovered": hours_n,
        "direct_cost_nok": direct, "qualified_substitute_nok": qualified,
        "unqualified_substitute_nok": unqualified, "overtime_nok": overtime,
        "substitute_cover_nok": cover, "uncovered_value_nok": uncovered, "pac_nok": pac,
        "grant_nok": grant, "cash_cost_nok": cash, "economic_cost_nok": economic,
    }


def cost_components(
    *,
    hours_away,
    hourly_labour_cost_nok,
    overtime_hourly_pay_nok,
    p_qualified_available,
    share_unqualified,
    share_overtime,
    share_uncovered,
    substitute_hourly_pay_nok,
    unqualified_hourly_pay_nok,
    overtime_premium_share,
    agency_premium_share=0.0,
    direct_cost_nok=0.0,
    grant_nok=0.0,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Cost components of hours away from work, and the two totals.

    The hours away are covered in this order: a qualified substitute with
    probability ``p_qualified_available``; the rest is split by
    ``share_unqualified`` / ``share_overtime`` / ``share_uncovered`` (adding up
    to 1)::

        qualified_substitute   = H p x sub_pay x (1 + h + pension_sub)(1 + aga) x (1 + agency_share x agency_premium)
        unqualified_substitute = H (1-p) s_u x unq_pay x (1 + h + pension_sub)(1 + aga)
        overtime               = H (1-p) s_o x ot_pay x (1 + premium) x (1 + h)(1 + aga)
        uncovered_value        = H (1-p) s_n x hourly_labour_cost x uncovered_value_factor   (indicator only)
        pac                    = H x hourly_labour_cost
        cash_cost     = direct + (qualified + unqualified + overtime) - grant
        economic_cost = direct + pac          (Eurostat CVTS: direct costs + personnel absence cost)

    ``uncovered_value`` is the optional valuation of the service-loss indicator
    (hours left uncovered); it is never added to either total, because PAC has
    already valued every absent hour at full labour cost.

    All arguments broadcast (scalars or arrays).

    Parameters
    ----------
    hours_away : hours away from ordinary work in paid working time.
    hourly_labour_cost_nok : the participant's full labour cost per hour actually worked (NOK/hour).
    overtime_hourly_pay_nok : a colleague's hourly base pay for overtime (NOK/hour).
    p_qualified_available, share_unqualified, share_overtime, share_uncovered : shares 0-1
        (columns of the substitutes table).
    substitute_hourly_pay_nok, unqualified_hourly_pay_nok : substitutes' hourly pay
        before holiday pay and employer costs (NOK/hour).
    overtime_premium_share, agency_premium_share : premiums (0.5 = 50 %).
    direct_cost_nok, grant_nok : NOK.
    parameters : overrides of the cost parameters.

    Returns
    -------
    pandas.DataFrame
        ``hours_away``, ``hours_qualified``, ``hours_unqualified``,
        ``hours_overtime``, ``hours_uncovered`` (hours) and the NOK columns
        :data:`COMPONENT_COLUMNS`.

    Examples
    --------
    >>> r = cost_components(hours_away=10, hourly_labour_cost_nok=500, overtime_hourly_pay_nok=300,
    ...     p_qualified_available=1.0, share_unqualified=0.5, share_overtime=0.3, share_uncovered=0.2,
    ...     substitute_hourly_pay_nok=250, unqualified_hourly_pay_nok=200, overtime_premium_share=0.5,
    ...     parameters={"substitute_pension_rate": 0.0}).iloc[0]
    >>> round(float(r["qualified_substitute_nok"]), 2), float(r["uncovered_value_nok"]), float(r["pac_nok"])
    (3194.8, 0.0, 5000.0)
    """
    p = _params(parameters)
    for name, value in (("p_qualified_available", p_qualified_available), ("share_unqualified", share_unqualified),
                        ("share_overtime", share_overtime), ("share_uncovered", share_uncovered)):
        _check_share(name, value)
    total = np.asarray(share_unqualified, float) + np.asarray(share_overtime, float) + np.asarray(share_uncovered, float)
    if np.any(np.abs(total - 1.0) > 1e-3):
        raise ValueError(
            "share_unqualified + share_overtime + share_uncovered must add up to 1 "
            f"(they are shares of the hours no qualified substitute covers), got {total!r}"
        )
    if np.any(np.asarray(hours_away, dtype=float) < 0):
        raise ValueError("hours_away must not be negative")
    out = _components(
        hours_away=hours_away, hourly_labour_cost_nok=hourly_labour_cost_nok,
        overtime_hourly_pay_nok=overtime_hourly_pay_nok, direct_cost_nok=direct_cost_nok, grant_nok=grant_nok,
        p_qualified_available=p_qualified_available, share_unqualified=share_unqualified,
        share_overtime=share_overtime, share_uncovered=share_uncovered,
        substitute_hourly_pay_nok=substitute_hourly_pay_nok, unqualified_hourly_pay_nok=unqualified_hourly_pay_nok,
        overtime_premium_share=overtime_premium_share, agency_premium_share=agency_premium_share, p=p,
    )
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()))
    shape = shape if shape else (1,)
    return pd.DataFrame({k: np.broadcast_to(v, shape) for k, v in out.items()})


# --------------------------------------------------------------------------
# Cover of absent hours (substitutes table)
# --------------------------------------------------------------------------

def check_sector(sector: str) -> str:
    """Validate a sector code; ``ValueError`` naming the valid codes otherwise.

    Examples
    --------
    >>> check_sector("kindergarten")
    'kindergarten'
    """
    if not isinstance(sector, str):
        raise ValueError(f"sector must be one code (a string), got {sector!r}. Valid values: {', '.join(vocab.codes('sector'))}.")
    return vocab.check_codes("sector", sector, what="sector")[0]


def check_formats(formats) -> list[str]:
    """Validate delivery-format codes; ``ValueError`` naming the valid codes otherwise."""
    items = vocab.check_codes("delivery_format", formats, what="delivery format")
    if not items:
        raise ValueError(f"formats is empty. Valid values: {', '.join(vocab.codes('delivery_format'))}.")
    return items


def _kommune_str(kommunenummer) -> str | None:
    if kommunenummer is None or (isinstance(kommunenummer, float) and math.isnan(kommunenummer)):
        return None
    k = str(kommunenummer).strip()
    if k.isdigit() and len(k) < 4:
        k = k.zfill(4)
    if not (k.isdigit() and len(k) == 4):
        raise ValueError(f"kommunenummer must be 4 digits such as '5001' (Trondheim), got {kommunenummer!r}")
    return k


def cover_parameters(
    substitutes: pd.DataFrame,
    *,
    sector: str,
    kommunenummer: str | None = None,
    year: int | None = None,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Substitute pay and cover shares for one sector (and municipality).

    Takes the municipality's own row when there is one, else the row with an
    empty ``kommunenummer`` (applies to every municipality).  Of those, the row
    of ``year`` if present, else the latest year.  ``overrides`` replaces single
    values (e.g. ``{"p_qualified_available": 0.5}``).

    Returns
    -------
    dict
        :data:`COVER_COLUMNS` as ``{column: float}`` plus ``year`` and
        ``kommunenummer`` (None for the national row) of the row used.

    Examples
    --------
    >>> subs = pd.DataFrame({"kommunenummer": [None], "sector": ["kindergarten"],
    ...     "substitute_hourly_pay_nok": [260.0], "unqualified_hourly_pay_nok": [210.0],
    ...     "overtime_premium_share": [0.5], "agency_premium_share": [0.3], "p_qualified_available": [0.4],
    ...     "share_unqualified": [0.6], "share_overtime": [0.2], "share_uncovered": [0.2], "year": [2024]})
    >>> cover_parameters(subs, sector="kindergarten", kommunenummer="5001")["p_qualified_available"]
    0.4
    """
    sector = check_sector(sector)
    k = _kommune_str(kommunenummer)
    missing = [c for c in (*COVER_COLUMNS, "sector") if c not in substitutes.columns]
    if missing:
        raise ValueError(f"substitutes table lacks column(s) {', '.join(missing)}")
    rows = substitutes[substitutes["sector"] == sector]
    if rows.empty:
        raise ValueError(
            f"The substitutes table has no row for sector {sector!r}. Sectors with rows: "
            f"{', '.join(sorted(substitutes['sector'].astype(str).unique()))}."
        )
    kn = rows["kommunenummer"] if "kommunenummer" in rows.columns else pd.Series(pd.NA, index=rows.index)
    own = rows[kn.astype("string") == k] if k is not None else rows.iloc[0:0]
    chosen = own if not own.empty else rows[kn.isna() | (kn.astype("string") == "")]
    if chosen.empty:
        raise ValueError(
            f"The substitutes table has no row for sector {sector!r} in municipality {k!r} and no national row "
            "(empty kommunenummer) to fall back on."
        )
    if "year" in chosen.columns:
        if year is not None and (chosen["year"] == int(year)).any():
            chosen = chosen[chosen["year"] == int(year)]
        else:
            chosen = chosen[chosen["year"] == chosen["year"].max()]
    row = chosen.iloc[0]
    out = {c: float(row[c]) for c in COVER_COLUMNS}
    out["year"] = int(row["year"]) if "year" in chosen.columns else None
    out["kommunenummer"] = k if not own.empty else None
    for key, value in (overrides or {}).items():
        if key not in COVER_COLUMNS:
            raise ValueError(f"Unknown cover parameter {key!r}. Valid: {', '.join(COVER_COLUMNS)}.")
        out[key] = float(value)
    for name in ("p_qualified_available", "share_unqualified", "share_overtime", "share_uncovered"):
        _check_share(name, out[name])
    s = out["share_unqualified"] + out["share_overtime"] + out["share_uncovered"]
    if abs(s - 1.0) > 1e-3:
        raise ValueError(f"share_unqualified + share_overtime + share_uncovered must add up to 1, got {s:.4f}")
    return out


# --------------------------------------------------------------------------
# Costs of actual training activities (training table)
# --------------------------------------------------------------------------

def activity_costs(
    training: pd.DataFrame,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    *,
    parameters: Mapping[str, float] | None = None,
    cover_overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Cost of every participation (one employee in one activity) of a training table.

    Each participant's sector, pay, position share and weekly hours come from
    ``workforce`` (joined on ``employee_id``); the cover of the hours away from
    ``substitutes`` (the participant's municipality and sector, the activity's
    year; see :func:`cover_parameters`).  No row is dropped: a participant
    missing from the workforce table raises ``ValueError`` naming them.

    Parameters
    ----------
    training, workforce, substitutes : tables as in :mod:`lifelong_analysis.data.tables`.
    parameters : overrides of the cost parameters.
    cover_overrides : overrides of the cover values for every sector.

    Returns
    -------
    pandas.DataFrame
        One row per training row: ``activity_id``, ``employee_id``,
        ``kommunenummer``, ``sector``, ``activity``, ``delivery_format``,
        ``study_points``, ``year``, ``hourly_labour_cost_nok`` (NOK/hour), the
        hours columns (hours) and :data:`COMPONENT_COLUMNS` (NOK).

    Examples
    --------
    See ``tests/test_costs.py::test_activity_costs_hand_computed``.
    """
    p = _params(parameters)
    hourly = hourly_labour_cost(workforce, parameters=parameters)
    if hourly["employee_id"].duplicated().any():
        dup = hourly.loc[hourly["employee_id"].duplicated(), "employee_id"].unique()[:5]
        raise ValueError(f"workforce has duplicate employee_id values, e.g. {', '.join(map(str, dup))}")
    unknown = sorted(set(training["employee_id"]) - set(hourly["employee_id"]))
    if unknown:
        raise ValueError(
            f"{len(unknown)} participant(s) of the training table are not in the workforce table "
            f"(employee_id {', '.join(map(str, unknown[:10]))}{' ...' if len(unknown) > 10 else ''})."
        )
    wf_cols = ["employee_id", "sector", "hourly_labour_cost_nok", "overtime_hourly_pay_nok"]
    if "occupation" in hourly.columns:
        wf_cols.append("occupation")
    df = training.drop(columns=[c for c in ("sector", "occupation") if c in training.columns])
    df = df.merge(hourly[wf_cols], on="employee_id", how="left", validate="many_to_one")
    if "occupation" not in df.columns:
        df["occupation"] = None
    if "kommunenummer" not in df.columns:
        df["kommunenummer"] = None
    if "grant_nok" not in df.columns:
        df["grant_nok"] = 0.0
    if "year" not in df.columns:
        df["year"] = None
    cover = {}
    keys = df[["kommunenummer", "sector", "year"]].drop_duplicates().itertuples(index=False)
    for kn, sec, yr in keys:
        cover[(kn, sec, yr)] = cover_parameters(substitutes, sector=sec, kommunenummer=kn,
                                                year=None if pd.isna(yr) else int(yr), overrides=cover_overrides)
    idx = list(zip(df["kommunenummer"], df["sector"], df["year"]))
    cov = {c: np.array([cover[i][c] for i in idx], dtype=float) for c in COVER_COLUMNS}
    # A qualified substitute is paid like the absent employee's occupation (rule 5).
    pay_rule = {}
    for kn, sec, occ in df[["kommunenummer", "sector", "occupation"]].drop_duplicates().itertuples(index=False):
        pay_rule[(kn, sec, occ)] = occupation_substitute_pay(
            substitutes, workforce, sector=sec, occupation=None if pd.isna(occ) else occ, kommunenummer=kn)
    pr = [pay_rule[k] for k in zip(df["kommunenummer"], df["sector"], df["occupation"])]
    if not (cover_overrides and "substitute_hourly_pay_nok" in cover_overrides):
        cov["substitute_hourly_pay_nok"] = np.array([v for v, _ in pr], dtype=float)
    comp = _components(
        hours_away=df["hours_away"].astype(float).to_numpy(),
        hourly_labour_cost_nok=df["hourly_labour_cost_nok"].to_numpy(),
        overtime_hourly_pay_nok=df["overtime_hourly_pay_nok"].to_numpy(),
        direct_cost_nok=df["direct_cost_nok"].astype(float).to_numpy(),
        grant_nok=df["grant_nok"].fillna(0.0).astype(float).to_numpy(),
        p=p, **cov,
    )
    keep = [c for c in ("activity_id", "employee_id", "kommunenummer", "sector", "activity", "delivery_format",
                        "funding_scheme", "study_points", "year", "hourly_labour_cost_nok") if c in df.columns]
    out = df[keep].reset_index(drop=True)
    out["substitute_hourly_pay_nok"] = cov["substitute_hourly_pay_nok"]
    out["substitute_pay_rule"] = ([v for _, v in pr] if not (cover_overrides and "substitute_hourly_pay_nok"
                                                            in cover_overrides) else "override")
    for c in (*HOURS_COLUMNS, *COMPONENT_COLUMNS):
        out[c] = comp[c]
    return out


def summarise_costs(costs: pd.DataFrame, *, by: str | Sequence[str] = "sector") -> pd.DataFrame:
    """Add up participation costs per group (sector, delivery format, activity, participant).

    Parameters
    ----------
    costs : result of :func:`activity_costs`.
    by : column name(s) to group by, e.g. ``"sector"``, ``"delivery_format"``,
        ``"activity"`` or ``"employee_id"`` (per participant).

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``n_participants`` (distinct
        employees), ``n_participations`` (rows), hours columns (hours, sums),
        :data:`COMPONENT_COLUMNS` (NOK, sums) and ``cash_cost_per_participant_nok``,
        ``economic_cost_per_participant_nok`` (NOK).

    Examples
    --------
    >>> df = pd.DataFrame({"employee_id": ["a", "a", "b"], "sector": ["x", "x", "y"],
    ...     **{c: [1.0, 2.0, 3.0] for c in HOURS_COLUMNS + COMPONENT_COLUMNS}})
    >>> summarise_costs(df, by="sector")[["sector", "n_participants", "cash_cost_nok"]].to_dict("records")
    [{'sector': 'x', 'n_participants': 1, 'cash_cost_nok': 3.0}, {'sector': 'y', 'n_participants': 1, 'cash_cost_nok': 3.0}]
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in costs.columns]
    if missing:
        raise ValueError(f"Cannot group by {', '.join(missing)}: not a column. Columns: {', '.join(costs.columns)}")
    sums = [c for c in (*HOURS_COLUMNS, *COMPONENT_COLUMNS) if c in costs.columns]
    g = costs.groupby(by, sort=True, dropna=False, observed=True)
    out = g[sums].sum()
    out.insert(0, "n_participations", g.size())
    out.insert(0, "n_participants", g["employee_id"].nunique() if "employee_id" in costs.columns else g.size())
    out = out.reset_index()
    out["cash_cost_per_participant_nok"] = out["cash_cost_nok"] / out["n_participants"]
    out["economic_cost_per_participant_nok"] = out["economic_cost_nok"] / out["n_participants"]
    return out


# --------------------------------------------------------------------------
# Delivery-format comparison for the same learning volume
# --------------------------------------------------------------------------

def sector_profile(
    workforce: pd.DataFrame,
    *,
    sector: str,
    kommunenummer: str | None = None,
    occupation: str | None = None,
) -> dict[str, float]:
    """A typical employee of a sector: average full-time pay, weekly hours and sick leave.

    Weighted by ``n_employees`` when present.  Restricted to ``kommunenummer``
    (and ``occupation``) when given; a municipality or sector without employees
    raises ValueError naming the ones with data.

    Returns
    -------
    dict
        ``monthly_pay_nok`` (NOK/month, full-time), ``full_time_weekly_hours``
        (hours/week), ``position_share`` (mean, share 0-1), ``sick_leave_share``
        (mean, share 0-1; the KS default where the table has none),
        ``n_employees``.

    Examples
    --------
    >>> wf = pd.DataFrame({"sector": ["kindergarten"] * 2, "monthly_pay_nok": [40_000.0, 50_000.0],
    ...                    "position_share": [1.0, 0.5], "n_employees": [1, 3]})
    >>> sector_profile(wf, sector="kindergarten")["monthly_pay_nok"]
    47500.0
    """
    sector = check_sector(sector)
    wf = workforce
    k = _kommune_str(kommunenummer)
    if k is not None:
        wf = wf[wf["kommunenummer"].astype(str) == k]
        if wf.empty:
            raise ValueError(
                f"No employees in municipality {k!r}. Municipalities with data: "
                f"{', '.join(sorted(workforce['kommunenummer'].astype(str).unique()))}."
            )
    rows = wf[wf["sector"] == sector]
    if rows.empty:
        raise ValueError(
            f"No employees in sector {sector!r}{' in ' + k if k else ''}. Sectors with data: "
            f"{', '.join(sorted(wf['sector'].astype(str).unique()))}."
        )
    if occupation is not None:
        occ = rows[rows["occupation"].astype(str) == str(occupation)] if "occupation" in rows.columns else rows.iloc[0:0]
        if occ.empty:
            have = sorted(rows["occupation"].astype(str).unique()) if "occupation" in rows.columns else []
            raise ValueError(f"No employees with occupation {occupation!r} in sector {sector!r}. "
                             f"Occupations with data: {', '.join(have)}.")
        rows = occ
    p = cost_parameters()
    w = rows["n_employees"].astype(float).to_numpy() if "n_employees" in rows.columns else np.ones(len(rows))
    weekly = (rows["full_time_weekly_hours"].astype(float).to_numpy() if "full_time_weekly_hours" in rows.columns
              else np.full(len(rows), p["full_time_weekly_hours"]))
    return {
        "monthly_pay_nok": float(np.average(rows["monthly_pay_nok"].astype(float), weights=w)),
        "full_time_weekly_hours": float(np.average(weekly, weights=w)),
        "position_share": float(np.average(rows["position_share"].astype(float), weights=w)),
        "sick_leave_share": float(np.average(_sick_share(rows, p), weights=w)),
        "n_employees": int(w.sum()),
    }


def format_scenarios(
    *,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    sector: str,
    kommunenummer: str | None = None,
    formats: Iterable[str] | None = None,
    study_points: float = 30.0,
    n_participants: int = 1,
    grant_per_sp_nok: float = 0.0,
    year: int | None = None,
    parameters: Mapping[str, float] | None = None,
    cover_overrides: Mapping[str, float] | None = None,
    occupation: str | None = None,
) -> pd.DataFrame:
    """Inputs of the format comparison: one row per delivery format.

    The same learning volume (``study_points`` for each of ``n_participants``
    typical employees of the sector, see :func:`sector_profile`) in each
    format.  Hours away = ``release_share_30sp.<format>`` x full-time hours
    actually worked / 30 per study point (reference case: the KfK rule, 37.5 %
    of a full position for 30 study points, for part-time study with
    gatherings); direct cost = ``direct_cost_per_sp.<format>`` per study point.
    Both are documented, overridable parameters (several are [NF]/[I]); the
    direct costs are 2014 kroner times ``direct_cost_price_factor`` (1: not
    price-adjusted, flagged).  A qualified substitute is paid like the typical
    participant (:func:`occupation_substitute_pay`: the substitutes table's
    occupation row, else the workforce pay of the occupation or, without
    ``occupation``, of the sector), not at the substitutes table's sector rate.

    Returns
    -------
    pandas.DataFrame
        ``delivery_format``, ``sector``, ``kommunenummer``, ``study_points``,
        ``n_participants``, ``hours_away_per_sp`` (hours), ``hours_away``
        (hours, all participants), ``direct_cost_nok``, ``grant_nok`` (NOK, all
        participants), ``annual_pay_nok`` (full-time NOK/year of the typical
        participant), ``annual_hours_worked`` (full-time *planned* hours/year,
        the base of the release rule), ``sick_leave_share``, ``pension_rate``
        (shares), ``full_time_weekly_hours``, ``substitute_pay_rule`` and
        :data:`COVER_COLUMNS`.
    """
    sector = check_sector(sector)
    formats = check_formats(vocab.codes("delivery_format") if formats is None else formats)
    if not (isinstance(study_points, (int, float)) and study_points > 0):
        raise ValueError(f"study_points must be a positive number, got {study_points!r}")
    if not (isinstance(n_participants, (int, np.integer)) and n_participants >= 1):
        raise ValueError(f"n_participants must be a positive whole number, got {n_participants!r}")
    p = _params(parameters)
    prof = sector_profile(workforce, sector=sector, kommunenummer=kommunenummer, occupation=occupation)
    cover = cover_parameters(substitutes, sector=sector, kommunenummer=kommunenummer, year=year,
                             overrides=cover_overrides)
    if cover_overrides and "substitute_hourly_pay_nok" in cover_overrides:
        pay_rule = "override"
    else:
        cover["substitute_hourly_pay_nok"], pay_rule = occupation_substitute_pay(
            substitutes, workforce, sector=sector, occupation=occupation, kommunenummer=kommunenummer)
    hours_ft = annual_hours_worked(full_time_weekly_hours=prof["full_time_weekly_hours"],
                                   holiday_weeks=p["holiday_weeks"],
                                   public_holidays_weekdays=p["public_holidays_weekdays"])
    rows = []
    for f in formats:
        per_sp = p[f"release_share_30sp.{f}"] * hours_ft / 30.0
        rows.append({
            "delivery_format": f,
            "sector": sector,
            "kommunenummer": _kommune_str(kommunenummer),
            "study_points": float(study_points),
            "n_participants": int(n_participants),
            "hours_away_per_sp": per_sp,
            "hours_away": per_sp * study_points * n_participants,
            "direct_cost_nok": (p[f"direct_cost_per_sp.{f}"] * p["direct_cost_price_factor"]
                                * study_points * n_participants),
            "grant_nok": float(grant_per_sp_nok) * study_points * n_participants,
            "annual_pay_nok": prof["monthly_pay_nok"] * 12.0,
            "annual_hours_worked": hours_ft,
            "sick_leave_share": prof["sick_leave_share"],
            "pension_rate": pension_rate_for(sector, p),
            "full_time_weekly_hours": prof["full_time_weekly_hours"],
            "substitute_pay_rule": pay_rule,
            **{c: cover[c] for c in COVER_COLUMNS},
        })
    return pd.DataFrame(rows)


def _scenario_sick(scen, p: Mapping[str, float]) -> float:
    v = scen["sick_leave_share"] if "sick_leave_share" in scen else np.nan
    return p["sick_leave_share"] if pd.isna(v) else float(v)


def _scenario_hourly(scen, p: Mapping[str, float], pay=None):
    """Labour cost per hour actually worked of a scenario's typical participant (full time)."""
    pay = float(scen["annual_pay_nok"]) if pay is None else pay
    rate = float(scen["pension_rate"]) if "pension_rate" in scen and pd.notna(scen["pension_rate"]) else p["pension_rate"]
    sick = _scenario_sick(scen, p)
    labour = _labour_cost_arrays(pay, p, pension_rate=rate)["annual_labour_cost_nok"] - sick_pay_refund(pay, sick, p)
    return labour / (float(scen["annual_hours_worked"]) * (1.0 - sick))


def _evaluate(scen: pd.DataFrame | Mapping, p: Mapping[str, float], **draws) -> dict[str, np.ndarray]:
    """Components of one scenario row with optional drawn inputs (arrays)."""
    get = (lambda c: float(scen[c]))
    pay = get("annual_pay_nok") * draws.get("pay_factor", 1.0)
    hourly = _scenario_hourly(scen, p, pay)
    ot_pay = pay / p["overtime_hours_divisor"]
    sub_f = draws.get("substitute_pay_factor", 1.0)
    return _components(
        hours_away=get("hours_away") * draws.get("hours_factor", 1.0),
        hourly_labour_cost_nok=hourly,
        overtime_hourly_pay_nok=ot_pay,
        direct_cost_nok=get("direct_cost_nok"),
        grant_nok=get("grant_nok"),
        p_qualified_available=draws.get("p_qualified_available", get("p_qualified_available")),
        share_unqualified=get("share_unqualified"),
        share_overtime=get("share_overtime"),
        share_uncovered=get("share_uncovered"),
        substitute_hourly_pay_nok=get("substitute_hourly_pay_nok") * sub_f,
        unqualified_hourly_pay_nok=get("unqualified_hourly_pay_nok") * sub_f,
        overtime_premium_share=draws.get("overtime_premium_share", get("overtime_premium_share")),
        agency_premium_share=draws.get("agency_premium_share", get("agency_premium_share")),
        p=p,
    )


def scenario_costs(scenarios: pd.DataFrame, *, parameters: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Analytic (expected) costs of each scenario row of :func:`format_scenarios`.

    Returns
    -------
    pandas.DataFrame
        ``delivery_format``, ``sector``, ``study_points``, ``n_participants``,
        ``hours_away_per_sp``, ``hourly_labour_cost_nok`` (NOK per hour actually
        worked), ``substitute_hourly_pay_nok`` and ``substitute_pay_rule`` (the
        qualified substitute's pay and its rule), the hours columns (hours),
        :data:`COMPONENT_COLUMNS` (NOK, all participants) and
        ``cash_cost_per_sp_nok``, ``economic_cost_per_sp_nok`` (NOK per study
        point per participant).
    """
    p = _params(parameters)
    out = []
    for _, s in scenarios.iterrows():
        comp = _evaluate(s, p)
        pay = float(s["annual_pay_nok"])
        row = {c: s[c] for c in ("delivery_format", "sector", "kommunenummer", "study_points", "n_participants",
                                 "hours_away_per_sp") if c in s.index}
        row["hourly_labour_cost_nok"] = float(_scenario_hourly(s, p, pay))
        if "substitute_pay_rule" in s.index:
            row["substitute_hourly_pay_nok"] = float(s["substitute_hourly_pay_nok"])
            row["substitute_pay_rule"] = s["substitute_pay_rule"]
        row.update({c: float(comp[c]) for c in (*HOURS_COLUMNS, *COMPONENT_COLUMNS)})
        volume = float(s["study_points"]) * int(s["n_participants"])
        row["cash_cost_per_sp_nok"] = row["cash_cost_nok"] / volume
        row["economic_cost_per_sp_nok"] = row["economic_cost_nok"] / volume
        out.append(row)
    return pd.DataFrame(out)


def format_comparison(**kwargs) -> pd.DataFrame:
    """Costs of the same learning volume in each delivery format.

    ``format_comparison(**kw)`` is ``scenario_costs(format_scenarios(**kw))``;
    see :func:`format_scenarios` for the arguments and :func:`scenario_costs`
    for the columns.
    """
    parameters = kwargs.get("parameters")
    return scenario_costs(format_scenarios(**kwargs), parameters=parameters)


# --------------------------------------------------------------------------
# Uncertainty: Monte Carlo, one-at-a-time sensitivity, break-even
# --------------------------------------------------------------------------

def input_distributions(scenario: Mapping | pd.Series, *, parameters: Mapping[str, float] | None = None) -> dict:
    """scipy.stats distributions of the uncertain inputs of one scenario.

    Each has the scenario's value as its mean, so the Monte Carlo mean of a
    total converges to its analytic value (costs are linear in each input and
    the inputs are drawn independently):

    * ``p_qualified_available`` ~ Beta(m k, (1 - m) k), k = ``mc_p_qualified_concentration``;
    * ``pay_factor``, ``substitute_pay_factor`` ~ Gamma with mean 1 and CV
      ``mc_pay_cv`` / ``mc_substitute_pay_cv`` (multiply the pay);
    * ``hours_factor`` ~ symmetric triangular on [1 - h, 1 + h], h = ``mc_hours_halfwidth``;
    * ``overtime_premium_share``, ``agency_premium_share`` ~ Uniform(v - h, v + h),
      h = min(``mc_premium_halfwidth``, v).

    Returns
    -------
    dict
        ``{input: frozen scipy.stats distribution}`` for :data:`UNCERTAIN_INPUTS`.
    """
    p = _params(parameters)
    m = float(scenario["p_qualified_available"])
    k = p["mc_p_qualified_concentration"]
    if k <= 0:
        raise ValueError("mc_p_qualified_concentration must be positive")
    beta = stats.uniform(loc=m, scale=0.0) if m in (0.0, 1.0) else stats.beta(m * k, (1.0 - m) * k)

    def gamma(cv: float):
        if cv <= 0:
            return stats.uniform(loc=1.0, scale=0.0)
        return stats.gamma(a=1.0 / cv**2, scale=cv**2)

    def premium(v: float):
        h = min(p["mc_premium_halfwidth"], v)
        return stats.uniform(loc=v - h, scale=2 * h)

    hw = p["mc_hours_halfwidth"]
    if not 0 <= hw < 1:
        raise ValueError("mc_hours_halfwidth must be in [0, 1)")
    return {
        "p_qualified_available": beta,
        "overtime_premium_share": premium(float(scenario["overtime_premium_share"])),
        "agency_premium_share": premium(float(scenario["agency_premium_share"])),
        "pay_factor": gamma(p["mc_pay_cv"]),
        "substitute_pay_factor": gamma(p["mc_substitute_pay_cv"]),
        "hours_factor": stats.triang(c=0.5, loc=1.0 - hw, scale=2 * hw) if hw > 0 else stats.uniform(loc=1.0, scale=0.0),
    }


def _point_value(dist) -> float | None:
    """The value of a degenerate (zero-width uniform) distribution, else None."""
    if dist.dist.name == "uniform" and float(dist.kwds.get("scale", 1.0)) == 0.0:
        return float(dist.kwds.get("loc", 0.0))
    return None


def _draw(dist, n: int, rng: np.random.Generator) -> np.ndarray:
    v = _point_value(dist)
    if v is not None:
        return np.full(n, v)
    return np.asarray(dist.rvs(size=n, random_state=rng), dtype=float)


def _ppf(dist, q: float) -> float:
    v = _point_value(dist)
    return v if v is not None else float(dist.ppf(q))


def monte_carlo(
    scenarios: pd.DataFrame,
    *,
    n_draws: int = 20_000,
    seed: int | None = None,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Monte Carlo draws of both totals for every scenario (vectorised).

    The uncertain inputs (:func:`input_distributions`) are drawn once per
    distinct distribution with ``numpy.random.default_rng(seed)`` and shared by
    all scenarios (common random numbers, so formats are compared on the same
    draws).  No Python loop runs over the draws.

    Returns
    -------
    pandas.DataFrame
        Long table: ``draw`` (int), ``delivery_format``, ``cash_cost_nok``,
        ``economic_cost_nok``, ``substitute_cover_nok``, ``pac_nok``,
        ``uncovered_value_nok`` (NOK).
    """
    if not (isinstance(n_draws, (int, np.integer)) and n_draws >= 1):
        raise ValueError(f"n_draws must be a positive whole number, got {n_draws!r}")
    p = _params(parameters)
    rng = np.random.default_rng(seed)
    cache: dict = {}
    parts = []
    for _, s in scenarios.iterrows():
        dists = input_distributions(s, parameters=p)
        draws = {}
        for name in UNCERTAIN_INPUTS:
            d = dists[name]
            key = (name, d.dist.name, tuple(np.round(d.args, 12)), tuple(sorted(d.kwds.items())))
            if key not in cache:
                cache[key] = _draw(d, int(n_draws), rng)
            draws[name] = cache[key]
        comp = _evaluate(s, p, **draws)
        parts.append(pd.DataFrame({
            "draw": np.arange(n_draws),
            "delivery_format": s["delivery_format"],
            **{c: np.broadcast_to(comp[c], (n_draws,)) for c in
               ("cash_cost_nok", "economic_cost_nok", "substitute_cover_nok", "pac_nok", "uncovered_value_nok")},
        }))
    return pd.concat(parts, ignore_index=True)


def uncertainty_summary(draws: pd.DataFrame, *, by: str = "delivery_format") -> pd.DataFrame:
    """Mean and P5/P50/P95 of both totals per scenario.

    Returns
    -------
    pandas.DataFrame
        ``delivery_format`` and for each total (``cash_cost_nok``,
        ``economic_cost_nok``): ``<total>_mean``, ``<total>_p5``,
        ``<total>_p50``, ``<total>_p95`` (NOK), plus ``n_draws``.
    """
    g = draws.groupby(by, sort=False)
    out = pd.DataFrame(index=pd.Index(g.size().index, name=by))
    out["n_draws"] = g.size()
    for t in TOTALS:
        out[f"{t}_mean"] = g[t].mean()
        q = g[t].quantile([0.05, 0.5, 0.95]).unstack()
        out[f"{t}_p5"], out[f"{t}_p50"], out[f"{t}_p95"] = q[0.05], q[0.5], q[0.95]
    return out.reset_index()


def cost_summary(
    scenarios: pd.DataFrame,
    *,
    n_draws: int = 20_000,
    seed: int | None = None,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One row per delivery format: every component, both totals and their P5/P50/P95.

    The table behind ``cost_summary.csv`` of notebook 01: :func:`scenario_costs`
    joined with :func:`uncertainty_summary` of :func:`monte_carlo`.
    """
    det = scenario_costs(scenarios, parameters=parameters)
    unc = uncertainty_summary(monte_carlo(scenarios, n_draws=n_draws, seed=seed, parameters=parameters))
    return det.merge(unc, on="delivery_format", how="left", validate="one_to_one")


def sensitivity(
    scenarios: pd.DataFrame,
    *,
    total: str = "cash_cost_nok",
    low_quantile: float = 0.05,
    high_quantile: float = 0.95,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One-at-a-time sensitivity (tornado) of a total to each uncertain input.

    Each input of :func:`input_distributions` is set to its ``low_quantile`` and
    ``high_quantile`` while every other input stays at its mean.

    Returns
    -------
    pandas.DataFrame
        One row per scenario and input: ``delivery_format``, ``input``,
        ``low_value``, ``high_value`` (the input's values), ``base_nok``,
        ``total_at_low_nok``, ``total_at_high_nok``, ``swing_nok``
        (= |high - low|, NOK) and ``modelled`` (False for an input the model
        does not use with the current parameters, e.g. the agency mark-up when
        ``agency_share`` is 0: a tornado labels it "not modelled"), sorted by
        swing within each format.
    """
    if total not in TOTALS:
        raise ValueError(f"total must be one of {', '.join(TOTALS)}, got {total!r}")
    p = _params(parameters)
    rows = []
    modelled = {name: True for name in UNCERTAIN_INPUTS}
    # The agency mark-up only acts through agency_share; at 0 agency use is not modelled.
    modelled["agency_premium_share"] = p["agency_share"] > 0
    for _, s in scenarios.iterrows():
        base = float(_evaluate(s, p)[total])
        for name, d in input_distributions(s, parameters=p).items():
            lo, hi = _ppf(d, low_quantile), _ppf(d, high_quantile)
            t_lo = float(_evaluate(s, p, **{name: lo})[total])
            t_hi = float(_evaluate(s, p, **{name: hi})[total])
            rows.append({"delivery_format": s["delivery_format"], "input": name, "low_value": lo, "high_value": hi,
                         "base_nok": base, "total_at_low_nok": t_lo, "total_at_high_nok": t_hi,
                         "swing_nok": abs(t_hi - t_lo), "modelled": bool(modelled[name])})
    out = pd.DataFrame(rows)
    return (out.sort_values(["delivery_format", "swing_nok"], ascending=[True, False], kind="stable")
            .reset_index(drop=True))


def _total_at(scen: pd.Series, p, input_name: str, value: float, total: str) -> float:
    if input_name in UNCERTAIN_INPUTS:
        return float(_evaluate(scen, p, **{input_name: value})[total])
    s = scen.copy()
    s[input_name] = value
    return float(_evaluate(s, p)[total])


def break_even(
    scenarios: pd.DataFrame,
    *,
    format_a: str = "digital_self_paced",
    format_b: str = "classroom_full_day",
    input: str = "p_qualified_available",  # noqa: A002 - the natural name
    total: str = "cash_cost_nok",
    bounds: tuple[float, float] = (0.0, 1.0),
    apply_to: str = "both",
    parameters: Mapping[str, float] | None = None,
) -> dict:
    """Value of one input at which two formats cost the same (``scipy.optimize.brentq``).

    Parameters
    ----------
    scenarios : from :func:`format_scenarios`; must hold both formats.
    format_a, format_b : the two delivery formats.
    input : an uncertain input (:data:`UNCERTAIN_INPUTS`) or a scenario column
        (e.g. ``"direct_cost_nok"``, ``"share_uncovered"``).
    total : ``"cash_cost_nok"`` or ``"economic_cost_nok"``.
    bounds : interval searched.
    apply_to : ``"both"`` sets the input in both formats (e.g. the sector's
        substitute availability); ``"a"`` only in ``format_a`` (e.g. the
        largest ``direct_cost_nok`` at which format a stays the cheaper one).

    Returns
    -------
    dict
        ``input``, ``total``, ``format_a``, ``format_b``, ``break_even`` (the
        value, NaN when the difference does not change sign within ``bounds``),
        ``difference_at_low_nok``, ``difference_at_high_nok`` (total of a minus
        total of b at the bounds, NOK) and ``cheaper_at_low`` (the cheaper format
        at the lower bound).
    """
    if total not in TOTALS:
        raise ValueError(f"total must be one of {', '.join(TOTALS)}, got {total!r}")
    p = _params(parameters)
    by = scenarios.set_index("delivery_format")
    for f in (format_a, format_b):
        if f not in by.index:
            raise ValueError(f"Format {f!r} is not among the scenarios ({', '.join(by.index)}).")
    if input not in UNCERTAIN_INPUTS and input not in by.columns:
        raise ValueError(f"Unknown input {input!r}. Valid: {', '.join(UNCERTAIN_INPUTS)} or a scenario column.")
    if apply_to not in ("both", "a"):
        raise ValueError(f"apply_to must be 'both' or 'a', got {apply_to!r}")
    sa, sb = by.loc[format_a].copy(), by.loc[format_b].copy()
    sa["delivery_format"], sb["delivery_format"] = format_a, format_b
    total_b_fixed = float(_evaluate(sb, p)[total])

    def diff(x: float) -> float:
        tb = _total_at(sb, p, input, x, total) if apply_to == "both" else total_b_fixed
        return _total_at(sa, p, input, x, total) - tb

    lo, hi = bounds
    d_lo, d_hi = diff(lo), diff(hi)
    if d_lo == 0:
        root = lo
    elif d_hi == 0:
        root = hi
    elif np.sign(d_lo) != np.sign(d_hi):
        root = float(optimize.brentq(diff, lo, hi, xtol=1e-10))
    else:
        root = float("nan")
    return {"input": input, "total": total, "format_a": format_a, "format_b": format_b, "apply_to": apply_to,
            "break_even": root,
            "difference_at_low_nok": d_lo, "difference_at_high_nok": d_hi,
            "cheaper_at_low": format_a if d_lo < 0 else format_b}


def total_curve(
    scenarios: pd.DataFrame,
    *,
    input: str = "p_qualified_available",  # noqa: A002
    values: Sequence[float] | None = None,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Both totals of every format along a grid of one input (for break-even figures).

    Returns
    -------
    pandas.DataFrame
        Long: ``delivery_format``, ``input``, ``value``, ``cash_cost_nok``, ``economic_cost_nok`` (NOK).
    """
    p = _params(parameters)
    grid = np.linspace(0.0, 1.0, 21) if values is None else np.asarray(values, dtype=float)
    rows = []
    for _, s in scenarios.iterrows():
        for v in grid:
            if input in UNCERTAIN_INPUTS:
                comp = _evaluate(s, p, **{input: float(v)})
            else:
                s2 = s.copy()
                s2[input] = float(v)
                comp = _evaluate(s2, p)
            rows.append({"delivery_format": s["delivery_format"], "input": input, "value": float(v),
                         "cash_cost_nok": float(comp["cash_cost_nok"]),
                         "economic_cost_nok": float(comp["economic_cost_nok"])})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# Helpers for notebook 01 (validation, tables, sentences)
# --------------------------------------------------------------------------


def cover_split(summary: pd.DataFrame) -> pd.DataFrame:
    """How the hours away are covered, as shares of the hours away, per format.

    Returns
    -------
    pandas.DataFrame
        ``delivery_format``, ``hours_away`` (hours) and ``share_qualified``,
        ``share_unqualified``, ``share_overtime``, ``share_uncovered`` (0-1;
        NaN when no hours are away).
    """
    out = summary[["delivery_format", "hours_away"]].copy()
    h = summary["hours_away"].replace(0, np.nan)
    for name in ("qualified", "unqualified", "overtime", "uncovered"):
        out[f"share_{name}"] = summary[f"hours_{name}"] / h
    return out


def break_even_table(
    scenarios: pd.DataFrame,
    *,
    reference_format: str | None = None,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Break-even points of every format against a reference format.

    For each other format and each total: (1) the substitute availability
    ``p_qualified_available`` (same in both formats) at which the two cost the
    same, searched in [0, 1]; (2) the direct cost of the format (NOK, all
    participants) at which it costs as much as the reference, searched in
    [0, 1e10].  The reference is ``classroom_full_day`` when compared, else
    the first format.

    Returns
    -------
    pandas.DataFrame
        One row per (format, input, total): the columns of :func:`break_even`.
    """
    formats = list(scenarios["delivery_format"])
    if reference_format is None:
        reference_format = "classroom_full_day" if "classroom_full_day" in formats else formats[0]
    rows = []
    for f in formats:
        if f == reference_format:
            continue
        for total in TOTALS:
            rows.append(break_even(scenarios, format_a=f, format_b=reference_format, input="p_qualified_available",
                                   total=total, parameters=parameters))
            rows.append(break_even(scenarios, format_a=f, format_b=reference_format, input="direct_cost_nok",
                                   total=total, bounds=(0.0, 1e10), apply_to="a", parameters=parameters))
    cols = ["format_a", "format_b", "input", "total", "apply_to", "break_even", "difference_at_low_nok",
            "difference_at_high_nok", "cheaper_at_low"]
    return pd.DataFrame(rows, columns=cols)


def municipal_activity_costs(
    training: pd.DataFrame,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    *,
    kommunenummer: str,
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """:func:`activity_costs` of the training rows of one municipality (possibly none)."""
    k = _kommune_str(kommunenummer)
    tr = training[training["kommunenummer"].astype(str) == k]
    if tr.empty:
        cols = ["activity_id", "employee_id", "kommunenummer", "sector", "activity", "delivery_format",
                "study_points", "year", "hourly_labour_cost_nok", *HOURS_COLUMNS, *COMPONENT_COLUMNS]
        return pd.DataFrame(columns=cols)
    return activity_costs(tr, workforce, substitutes, parameters=parameters)


def recorded_cost_release(actual: pd.DataFrame, workforce: pd.DataFrame, *, sector: str, kommunenummer: str,
                          release=None, k: int = 5):
    """The person-based tables of notebook 01, registered for joint disclosure control.

    Parameters
    ----------
    actual : :func:`municipal_activity_costs` (one row per participation, ``activity_id``,
        ``employee_id``).
    workforce : the workforce table; the employees of ``sector`` in ``kommunenummer`` are the
        basis of the typical participant's pay in every cost figure of the report.
    sector, kommunenummer : the report's sector and municipality.
    release : a :class:`lifelong_analysis.stats.disclosure.Release` (default a new one with ``k``).

    Returns
    -------
    the Release with ``recorded_costs_by_sector`` and ``recorded_costs_by_format`` (per group:
    ``n_participants`` distinct employees, ``hours_away``, ``cash_cost_nok``,
    ``economic_cost_nok``; a cell is primary with fewer than k employees or when one employee
    holds more than 80 % of its kroner or hours) and ``pay_basis`` (``n_employees`` and
    ``mean_monthly_pay_nok`` of the sector, the basis of the cost figures; dominance applies to pay).
    """
    rel = release if release is not None else Release(k=k)
    cols = ["n_participants", "hours_away", "cash_cost_nok", "economic_cost_nok"]
    a = actual.reset_index(drop=True)
    amounts = {c: a[c] for c in cols[1:]}
    for name, by in (("recorded_costs_by_sector", "sector"), ("recorded_costs_by_format", "delivery_format")):
        t = summarise_costs(a, by=by)[[by, *cols]] if len(a) else pd.DataFrame(columns=[by, *cols])
        rel.add_table(name, t, records=a["activity_id"], kind="training", frame=a,
                      cells={tuple(cols): (lambda by: lambda row, f: (f[by] == row[by]).to_numpy())(by)},
                      count_columns=("n_participants",), amounts=amounts, contributors=a["employee_id"])
    return add_pay_basis(rel, workforce, sector=sector, kommunenummer=kommunenummer)


def add_pay_basis(release, workforce: pd.DataFrame, *, sector: str, kommunenummer: str):
    """Register ``pay_basis`` (the sector's employees and mean monthly pay, NOK) in ``release``.

    Every cost figure of notebooks 01 and 03 rests on this mean; registering it in both makes it
    one cell of the dataset (primary under k employees or when one employee's pay dominates).
    Returns ``release``.
    """
    rel = release
    wf = workforce[(workforce["kommunenummer"].astype(str) == str(kommunenummer))
                   & (workforce["sector"] == sector)].reset_index(drop=True)
    basis = pd.DataFrame({"sector": [sector], "n_employees": [len(wf)],
                          "mean_monthly_pay_nok": [float(wf["monthly_pay_nok"].mean()) if len(wf) else float("nan")]})
    rel.add_table("pay_basis", basis, records=wf["employee_id"], kind="workforce", frame=wf,
                  cells={("n_employees", "mean_monthly_pay_nok"): lambda row, f: np.ones(len(f), dtype=bool)},
                  count_columns=("n_employees",), amounts={"mean_monthly_pay_nok": wf["monthly_pay_nok"]})
    return rel


def workforce_format_costs(
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    *,
    formats: Iterable[str] | None = None,
    study_points: float = 1.0,
    by: str | Sequence[str] = "sector",
    parameters: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Cost if every employee of a workforce took ``study_points`` in each format (vectorised).

    Each employee's own hourly labour cost (:func:`hourly_labour_cost`), a
    qualified substitute paid like the employee (own pay / (weekly hours x
    52)) and the cover shares of their municipality and sector
    (:func:`cover_parameters`, latest year) are used; hours away per study point are
    ``release_share_30sp.<format>`` x the employee's full-time hours actually
    worked / 30 (the same learning volume whatever the position share).
    Rows count ``n_employees`` times.  Meant for national-scale aggregates
    (500 000+ employees; see ``benchmarks/bench_costs.py``).

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` group and ``delivery_format``: ``n_employees``,
        the hours columns (hours) and :data:`COMPONENT_COLUMNS` (NOK, sums),
        plus ``cash_cost_per_employee_nok`` and ``economic_cost_per_employee_nok``.
    """
    p = _params(parameters)
    formats = check_formats(vocab.codes("delivery_format") if formats is None else formats)
    by = [by] if isinstance(by, str) else list(by)
    h = hourly_labour_cost(workforce, parameters=parameters)
    n = (workforce["n_employees"].to_numpy(dtype=float) if "n_employees" in workforce.columns
         else np.ones(len(workforce)))
    kn = (workforce["kommunenummer"].astype(str) if "kommunenummer" in workforce.columns
          else pd.Series("", index=workforce.index))
    sec = workforce["sector"].astype(str)
    keys = pd.DataFrame({"kommunenummer": kn.to_numpy(), "sector": sec.to_numpy()})
    combos = keys.drop_duplicates().reset_index(drop=True)
    cov = pd.DataFrame([cover_parameters(substitutes, sector=s, kommunenummer=k or None)
                        for k, s in combos.itertuples(index=False)])[list(COVER_COLUMNS)]
    combos = pd.concat([combos, cov], axis=1)
    code = pd.MultiIndex.from_frame(combos[["kommunenummer", "sector"]]).get_indexer(
        pd.MultiIndex.from_frame(keys))
    c = {col: combos[col].to_numpy(dtype=float)[code] for col in COVER_COLUMNS}
    # Qualified substitutes are paid like each employee's own occupation (vectorised:
    # the substitute's hourly pay is the employee's own full-time pay / (weekly hours x 52)).
    c["substitute_hourly_pay_nok"] = (workforce["monthly_pay_nok"].to_numpy(dtype=float) * 12.0
                                      / (h["full_time_weekly_hours"].to_numpy(dtype=float) * 52.0))
    hours_ft = annual_hours_worked(full_time_weekly_hours=h["full_time_weekly_hours"].to_numpy(),
                                   holiday_weeks=p["holiday_weeks"],
                                   public_holidays_weekdays=p["public_holidays_weekdays"])
    group_keys = workforce[by].astype(str).reset_index(drop=True)
    parts = []
    for f in formats:
        comp = _components(
            hours_away=p[f"release_share_30sp.{f}"] * hours_ft / 30.0 * study_points,
            hourly_labour_cost_nok=h["hourly_labour_cost_nok"].to_numpy(),
            overtime_hourly_pay_nok=h["overtime_hourly_pay_nok"].to_numpy(),
            direct_cost_nok=p[f"direct_cost_per_sp.{f}"] * p["direct_cost_price_factor"] * study_points,
            grant_nok=0.0, p=p, **c,
        )
        frame = group_keys.copy()
        frame["n_employees"] = n
        for col in (*HOURS_COLUMNS, *COMPONENT_COLUMNS):
            frame[col] = np.broadcast_to(comp[col], n.shape) * n
        agg = frame.groupby(by, sort=True, observed=True).sum()
        agg.insert(0, "delivery_format", f)
        parts.append(agg.reset_index())
    out = pd.concat(parts, ignore_index=True)
    out["cash_cost_per_employee_nok"] = out["cash_cost_nok"] / out["n_employees"]
    out["economic_cost_per_employee_nok"] = out["economic_cost_nok"] / out["n_employees"]
    return out


# --------------------------------------------------------------------------
# Headline ("Kort fortalt") of notebook 01
# --------------------------------------------------------------------------


def not_found_in_use(*, sector: str, formats: Iterable[str],
                     parameters: Mapping[str, float] | None = None) -> list[str]:
    """Ids of the NOT FOUND placeholders (evidence ``NF``) that a result for ``sector`` and ``formats`` rests on.

    Parameters overridden by the user are no longer placeholders and are left out.

    >>> not_found_in_use(sector="health_care", formats=["classroom_full_day"])
    ['sick_pay_employer_share', 'agency_share', 'direct_cost_price_factor']
    """
    formats = check_formats(formats)
    given = set(parameters or {})
    nf = parameter_table()
    nf = [i for i in nf.loc[nf["evidence"] == "NF", "id"] if i not in given]
    keep = []
    for i in nf:
        if i.startswith("release_share_30sp.") or i.startswith("direct_cost_per_sp."):
            if i.split(".", 1)[1] not in formats:
                continue
        if i == "pension_rate.spk" and sector not in SPK_SECTORS:
            continue
        keep.append(i)
    return keep


