"""The labour-cost model: what an employee's hour costs the employer (NOK), from the cost parameters.

Labour cost rules (each a row of ``resources/cost_parameters.csv``): the hourly labour
cost divides the employer's net annual labour cost by the hours *actually
worked* (planned hours less sick leave, as in CVTS and the Labour Cost
Survey); the employer's net sick-pay cost follows the employer-period / NAV
refund rule (``sick_pay_employer_share``, ``grunnbelop_nok``); teachers
(sector ``primary_school``) are in Statens pensjonskasse and take
``pension_rate.spk``, every other sector the KLP/municipal ``pension_rate``.

Every rate and assumption is a row of ``resources/cost_parameters.csv`` (id,
value, unit, source, url, evidence, year); :func:`cost_parameters` reads it
and takes overrides.  Evidence codes: ``V`` seen verbatim in the source,
``V-sec`` secondary source, ``I`` an assumption of this package, ``NF`` not
found (a placeholder the user should override).

The data layer holds the model because a validation rule needs it (the grant of a training row
may not exceed its direct cost plus the value of the hours away,
:mod:`lifelong_analysis.data.readers`); :mod:`lifelong_analysis.analysis.costs` builds the cost
components on it and re-exports these names.

Examples
--------
>>> float(annual_labour_cost(500_000, pension_rate=0.02, yrkesskade_nok=3_000
...                          )["annual_labour_cost_nok"].round().iloc[0])
591932.0
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from lifelong_analysis.paths import RESOURCES_DIR

PARAMETERS_FILE = RESOURCES_DIR / "cost_parameters.csv"


# --------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _parameter_file() -> pd.DataFrame:
    return pd.read_csv(PARAMETERS_FILE, dtype={"id": str, "evidence": str})


def parameter_table() -> pd.DataFrame:
    """The documented cost parameters shipped with the package.

    Returns
    -------
    pandas.DataFrame
        One row per parameter: ``id``, ``value``, ``unit``, ``description``,
        ``source``, ``url``, ``evidence`` (V, V-sec, I = assumption,
        NF = not found, a placeholder to override) and ``year``.

    Examples
    --------
    >>> parameter_table().set_index("id").loc["aga_rate", "value"]
    np.float64(0.141)
    """
    return _parameter_file().copy()


def cost_parameters(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Cost parameters as ``{id: value}``, with ``overrides`` applied.

    Parameters
    ----------
    overrides : mapping of parameter id to value, e.g. ``{"pension_rate": 0.15}``.
        Unknown ids raise ``ValueError`` naming the valid ones.

    Returns
    -------
    dict
        ``{id: float}`` for every row of ``resources/cost_parameters.csv``.

    Examples
    --------
    >>> cost_parameters({"pension_rate": 0.15})["pension_rate"]
    0.15
    """
    params = {r.id: float(r.value) for r in _parameter_file().itertuples()}
    for key, value in (overrides or {}).items():
        if key not in params:
            raise ValueError(
                f"Unknown cost parameter {key!r}. Valid parameters: {', '.join(sorted(params))}."
            )
        try:
            params[key] = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"Cost parameter {key!r} must be a number, got {value!r}") from None
    return params


def _params(parameters: Mapping[str, float] | None) -> dict[str, float]:
    if parameters is None:
        return cost_parameters()
    base = cost_parameters()
    unknown = set(parameters) - set(base)
    if unknown:
        raise ValueError(
            f"Unknown cost parameter(s) {', '.join(sorted(unknown))}. Valid parameters: {', '.join(sorted(base))}."
        )
    base.update({k: float(v) for k, v in parameters.items()})
    return base


def _check_share(name: str, value, *, upper: float = 1.0) -> None:
    arr = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > upper):
        raise ValueError(f"{name} must be between 0 and {upper:g}, got {value!r}")


# --------------------------------------------------------------------------
# Labour cost
# --------------------------------------------------------------------------

#: Sectors whose employees are members of Statens pensjonskasse (teachers), not KLP.
SPK_SECTORS: tuple[str, ...] = ("primary_school",)


def pension_rate_for(sector, parameters: Mapping[str, float] | None = None):
    """Employer's pension rate by pension scheme: SPK for teachers, KLP/municipal for the rest.

    Teachers in municipal schools (sector ``primary_school``) are members of
    Statens pensjonskasse: ``pension_rate.spk`` (its rate is NOT FOUND, a
    placeholder); every other sector takes ``pension_rate`` (KLP or a municipal
    fund; the 2019 municipal average, a secondary source).

    Parameters
    ----------
    sector : a sector code, or an array/Series of them.
    parameters : overrides of the cost parameters.

    Returns
    -------
    float or numpy.ndarray : share of annual pay.

    Examples
    --------
    >>> pension_rate_for("health_care", {"pension_rate": 0.18, "pension_rate.spk": 0.12})
    0.18
    >>> pension_rate_for(["primary_school", "kindergarten"], {"pension_rate": 0.18, "pension_rate.spk": 0.12}).tolist()
    [0.12, 0.18]
    """
    p = _params(parameters)
    if isinstance(sector, str):
        return p["pension_rate.spk"] if sector in SPK_SECTORS else p["pension_rate"]
    sec = np.asarray(list(sector), dtype=object)
    return np.where(np.isin(sec, SPK_SECTORS), p["pension_rate.spk"], p["pension_rate"]).astype(float)


def pension_scheme_for(sector: str) -> str:
    """``"spk"`` for teachers (sector ``primary_school``), else ``"klp"``.

    >>> pension_scheme_for("primary_school")
    'spk'
    """
    return "spk" if sector in SPK_SECTORS else "klp"


def sick_pay_refund(annual_pay_nok, sick_leave_share, parameters: Mapping[str, float] | None = None):
    """NAV's refund of sick pay to the employer, NOK per year.

    The rule (folketrygdloven §§ 8-10, 8-19): the employer pays sick pay for
    the first 16 calendar days; from day 17 NAV refunds it up to 6 G.  With
    ``sick_pay_employer_share`` the share of sick-leave days in the employer
    period (NOT FOUND, a placeholder)::

        refund = sick_leave_share x (1 - sick_pay_employer_share) x min(annual_pay, 6 G)

    Examples
    --------
    >>> round(float(sick_pay_refund(600_000, 0.08, {"sick_pay_employer_share": 0.25})), 2)
    36000.0
    """
    p = _params(parameters)
    pay = np.asarray(annual_pay_nok, dtype=float)
    share = np.asarray(sick_leave_share, dtype=float)
    _check_share("sick_leave_share", share)
    _check_share("sick_pay_employer_share", p["sick_pay_employer_share"])
    out = share * (1.0 - p["sick_pay_employer_share"]) * np.minimum(pay, 6.0 * p["grunnbelop_nok"])
    return out if out.ndim else float(out)


def _labour_cost_arrays(annual_pay_nok, p: Mapping[str, float], pension_rate=None, yrkesskade_nok=None) -> dict:
    pay = np.asarray(annual_pay_nok, dtype=float)
    pension_rate = p["pension_rate"] if pension_rate is None else np.asarray(pension_rate, dtype=float)
    yrkesskade = p["yrkesskade_nok"] if yrkesskade_nok is None else yrkesskade_nok
    pay_worked = pay * (52.0 - p["holiday_weeks"]) / 52.0
    holiday = pay_worked * p["holiday_pay_rate"]
    aga_pay = (pay_worked + holiday) * p["aga_rate"]
    aga_extra = np.maximum(pay_worked + holiday - p["aga_extra_threshold_nok"], 0.0) * p["aga_extra_rate"]
    pension = pay * pension_rate
    aga_pension = pension * p["aga_rate"]
    yrk = np.broadcast_to(np.asarray(yrkesskade, dtype=float), pay.shape) if pay.ndim else float(yrkesskade)
    total = pay_worked + holiday + aga_pay + aga_extra + pension + aga_pension + yrk
    return {
        "annual_pay_nok": pay,
        "pay_weeks_worked_nok": pay_worked,
        "holiday_pay_nok": holiday,
        "aga_pay_nok": aga_pay,
        "aga_extra_nok": aga_extra,
        "pension_nok": pension,
        "aga_pension_nok": aga_pension,
        "yrkesskade_nok": yrk,
        "annual_labour_cost_nok": total,
    }


def annual_labour_cost(
    annual_pay_nok,
    *,
    holiday_pay_rate: float | None = None,
    pension_rate: float | None = None,
    aga_rate: float | None = None,
    yrkesskade_nok: float | None = None,
    holiday_weeks: float | None = None,
    aga_extra_rate: float | None = None,
    aga_extra_threshold_nok: float | None = None,
) -> pd.DataFrame:
    """Full annual labour cost of an employee, the way a Norwegian employer pays it.

    Follows the Altinn worked example ("Hva koster en arbeidstaker"): pay for
    the weeks worked, holiday pay on it, employer's contribution (AGA) on pay
    and holiday pay, pension premium on the annual pay, AGA on the pension
    premium, and occupational-injury insurance::

        pay_weeks_worked = annual_pay x (52 - holiday_weeks) / 52
        holiday_pay      = pay_weeks_worked x holiday_pay_rate
        aga_pay          = (pay_weeks_worked + holiday_pay) x aga_rate
        aga_extra        = max(pay_weeks_worked + holiday_pay - threshold, 0) x aga_extra_rate
        pension          = annual_pay x pension_rate
        aga_pension      = pension x aga_rate
        total            = sum of the above + yrkesskade

    Parameters
    ----------
    annual_pay_nok : float or array-like
        Annual pay (årslønn) in NOK actually paid, i.e. full-time pay x position share.
    holiday_pay_rate, pension_rate, aga_rate, yrkesskade_nok, holiday_weeks, aga_extra_rate, aga_extra_threshold_nok
        Rates (shares 0-1), NOK amounts and weeks; ``None`` takes the documented
        default of ``resources/cost_parameters.csv`` (holiday pay 12 %, municipal
        pension 17.9 % [PBL 2019, secondary], AGA 14.1 % zone I, yrkesskade
        3 000 NOK, 5 holiday weeks, extra AGA 5 % above 850 000 NOK).

    Returns
    -------
    pandas.DataFrame
        One row per pay value, all in NOK per year: ``annual_pay_nok``,
        ``pay_weeks_worked_nok``, ``holiday_pay_nok``, ``aga_pay_nok``,
        ``aga_extra_nok``, ``pension_nok``, ``aga_pension_nok``,
        ``yrkesskade_nok``, ``annual_labour_cost_nok``.

    Examples
    --------
    The Altinn example (OTP 2 %):

    >>> r = annual_labour_cost(500_000, pension_rate=0.02, yrkesskade_nok=3_000).round().iloc[0]
    >>> int(r["pay_weeks_worked_nok"]), int(r["holiday_pay_nok"]), int(r["aga_pay_nok"]), int(r["annual_labour_cost_nok"])
    (451923, 54231, 71368, 591932)
    """
    overrides = {
        "holiday_pay_rate": holiday_pay_rate,
        "pension_rate": pension_rate,
        "aga_rate": aga_rate,
        "yrkesskade_nok": yrkesskade_nok,
        "holiday_weeks": holiday_weeks,
        "aga_extra_rate": aga_extra_rate,
        "aga_extra_threshold_nok": aga_extra_threshold_nok,
    }
    p = cost_parameters({k: v for k, v in overrides.items() if v is not None})
    for name in ("holiday_pay_rate", "pension_rate", "aga_rate", "aga_extra_rate"):
        _check_share(name, p[name])
    if not 0 <= p["holiday_weeks"] < 52:
        raise ValueError(f"holiday_weeks must be between 0 and 52, got {p['holiday_weeks']!r}")
    pay = np.atleast_1d(np.asarray(annual_pay_nok, dtype=float))
    if np.any(~np.isfinite(pay)) or np.any(pay < 0):
        raise ValueError("annual_pay_nok must be finite and not negative")
    out = _labour_cost_arrays(pay, p)
    return pd.DataFrame({k: np.broadcast_to(v, pay.shape) for k, v in out.items()})


def annual_hours_worked(
    *,
    full_time_weekly_hours=None,
    position_share=1.0,
    holiday_weeks: float | None = None,
    public_holidays_weekdays: float | None = None,
    sick_leave_share=0.0,
):
    """Hours in a year: planned (agreed) hours, or hours actually worked.

    ``hours = position_share x (weekly_hours x (52 - holiday_weeks)
    - public_holidays_weekdays x weekly_hours / 5) x (1 - sick_leave_share)``.
    With the defaults (37.5 h, 5 holiday weeks, 8.571 weekday public holidays
    on average, no sick leave) a full-time position has 37.5 x 47 - 8.571 x 7.5
    = 1 698.2 planned hours: the base of the release rules (hours away from
    work).  The divisor of the hourly labour cost is the hours *actually
    worked* (CVTS, Labour Cost Survey): pass the sick-leave share, e.g. 7.7 %
    gives 1 698.2 x 0.923 = 1 567.5 hours.

    Parameters
    ----------
    full_time_weekly_hours : float or array, hours per week of a full-time position.
    position_share : float or array, share 0-1 of a full-time position.
    holiday_weeks, public_holidays_weekdays : ``None`` takes the documented defaults.
    sick_leave_share : float or array, share 0-1 of agreed working days lost to sick leave
        (0: the planned hours).

    Returns
    -------
    float or numpy.ndarray : hours per year.

    Examples
    --------
    >>> round(float(annual_hours_worked()), 1)
    1698.2
    >>> round(float(annual_hours_worked(sick_leave_share=0.077)), 1)
    1567.5
    """
    p = cost_parameters()
    weekly = p["full_time_weekly_hours"] if full_time_weekly_hours is None else full_time_weekly_hours
    weeks_off = p["holiday_weeks"] if holiday_weeks is None else holiday_weeks
    holidays = p["public_holidays_weekdays"] if public_holidays_weekdays is None else public_holidays_weekdays
    weekly = np.asarray(weekly, dtype=float)
    share = np.asarray(position_share, dtype=float)
    if np.any(weekly <= 0):
        raise ValueError("full_time_weekly_hours must be positive")
    if np.any(share <= 0) or np.any(share > 1):
        raise ValueError("position_share must be in (0, 1]")
    sick = np.asarray(sick_leave_share, dtype=float)
    _check_share("sick_leave_share", sick, upper=0.999)
    hours = share * (weekly * (52.0 - weeks_off) - holidays * weekly / 5.0) * (1.0 - sick)
    return hours if hours.ndim else float(hours)


def _sick_share(frame: pd.DataFrame, p: Mapping[str, float]) -> np.ndarray:
    """Per-row sick-leave share: the table's ``sick_leave_share``, else the KS default."""
    default = p["sick_leave_share"]
    if "sick_leave_share" not in frame.columns:
        return np.full(len(frame), default)
    return pd.to_numeric(frame["sick_leave_share"], errors="coerce").fillna(default).to_numpy(dtype=float)


def net_annual_labour_cost(annual_pay_nok, *, sector, sick_leave_share, parameters: Mapping[str, float] | None = None):
    """The employer's net annual labour cost: the Altinn build-up with the sector's pension rate, less NAV's sick-pay refund.

    ``net = annual_labour_cost(pay, pension_rate=pension_rate_for(sector)) - sick_pay_refund(pay, sick_leave_share)``.

    Examples
    --------
    >>> round(float(net_annual_labour_cost(500_000, sector="health_care", sick_leave_share=0.0,
    ...     parameters={"pension_rate": 0.02})), 0)
    591932.0
    """
    p = _params(parameters)
    rate = pension_rate_for(sector, p) if isinstance(sector, str) else pension_rate_for(np.atleast_1d(sector), p)
    gross = _labour_cost_arrays(annual_pay_nok, p, pension_rate=rate)["annual_labour_cost_nok"]
    return gross - sick_pay_refund(annual_pay_nok, sick_leave_share, p)


def hourly_labour_cost(workforce: pd.DataFrame, *, parameters: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Full labour cost per hour actually worked of each employee (row) of a workforce table.

    ``annual_pay = monthly_pay_nok x 12 x position_share``; the employer's net
    annual labour cost (:func:`net_annual_labour_cost`: the Altinn build-up of
    :func:`annual_labour_cost` with the pension rate of the row's pension
    scheme, :func:`pension_rate_for`, less NAV's sick-pay refund,
    :func:`sick_pay_refund`) divided by the hours actually worked
    (:func:`annual_hours_worked` with the row's ``full_time_weekly_hours``,
    ``position_share`` and ``sick_leave_share``; a missing sick-leave share
    takes the KS default ``sick_leave_share``, 7.7 %).  A colleague's hourly
    base pay for overtime is ``monthly_pay_nok x 12 / overtime_hours_divisor``
    (1 850 hours, the agreement's divisor; not confirmed for KS).

    Parameters
    ----------
    workforce : DataFrame with the workforce columns of :mod:`lifelong_analysis.data.tables`
        (``employee_id``, ``monthly_pay_nok``, ``position_share``; optional
        ``sector``, ``full_time_weekly_hours``, ``sick_leave_share``, ``n_employees``).
    parameters : overrides of the cost parameters.

    Returns
    -------
    pandas.DataFrame
        The input's identifying columns plus ``annual_pay_nok`` (NOK/year),
        ``pension_rate`` (share), ``sick_leave_share`` (share),
        ``sick_pay_refund_nok`` (NOK/year), ``annual_labour_cost_nok``
        (employer's net, NOK/year), ``annual_hours_planned`` and
        ``annual_hours_worked`` (hours/year), ``hourly_labour_cost_nok``
        (NOK per hour worked) and ``overtime_hourly_pay_nok`` (NOK/hour, before
        premium and employer costs).

    Examples
    --------
    No sick leave and OTP 2 %: the Altinn example over 1 698.2 hours.

    >>> wf = pd.DataFrame({"employee_id": ["a"], "monthly_pay_nok": [50_000.0], "position_share": [1.0],
    ...                    "sick_leave_share": [0.0]})
    >>> round(float(hourly_labour_cost(wf, parameters={"pension_rate": 0.02})["hourly_labour_cost_nok"].iloc[0]), 2)
    417.92
    """
    p = _params(parameters)
    missing = [c for c in ("employee_id", "monthly_pay_nok", "position_share") if c not in workforce.columns]
    if missing:
        raise ValueError(f"workforce lacks column(s) {', '.join(missing)}")
    weekly = (workforce["full_time_weekly_hours"] if "full_time_weekly_hours" in workforce.columns
              else pd.Series(p["full_time_weekly_hours"], index=workforce.index)).astype(float).to_numpy()
    share = workforce["position_share"].astype(float).to_numpy()
    monthly = workforce["monthly_pay_nok"].astype(float).to_numpy()
    sick = _sick_share(workforce, p)
    sector = (workforce["sector"].astype(str).to_numpy() if "sector" in workforce.columns
              else np.full(len(workforce), ""))
    rate = pension_rate_for(sector, p)
    annual_pay = monthly * 12.0 * share
    gross = _labour_cost_arrays(annual_pay, p, pension_rate=rate)["annual_labour_cost_nok"]
    refund = sick_pay_refund(annual_pay, sick, p)
    cost = gross - refund
    planned = annual_hours_worked(full_time_weekly_hours=weekly, position_share=share,
                                  holiday_weeks=p["holiday_weeks"],
                                  public_holidays_weekdays=p["public_holidays_weekdays"])
    hours = planned * (1.0 - sick)
    keep = [c for c in ("employee_id", "kommunenummer", "sector", "occupation", "position_share", "n_employees")
            if c in workforce.columns]
    out = workforce[keep].copy()
    out["full_time_weekly_hours"] = weekly
    out["annual_pay_nok"] = annual_pay
    out["pension_rate"] = rate
    out["sick_leave_share"] = sick
    out["sick_pay_refund_nok"] = refund
    out["annual_labour_cost_nok"] = cost
    out["annual_hours_planned"] = planned
    out["annual_hours_worked"] = hours
    out["hourly_labour_cost_nok"] = cost / hours
    out["overtime_hourly_pay_nok"] = monthly * 12.0 / p["overtime_hours_divisor"]
    return out
