"""What-if grid: cost and who pays over a grid of scenarios, as one tidy table.

An HTML report mailed to a director has no kernel, so ipywidgets exported by
nbconvert render but do nothing (ipywidgets issue 2069).  Instead the report
carries a small grid of scenarios computed here when the report is built:
every availability of qualified substitutes on the slider × delivery format ×
funding scheme.  :mod:`lifelong_analysis.reporting.whatif_report` turns the
grid into the report's block (JSON data, plain JavaScript, a static table for
readers with JavaScript off); this module only computes.

The grid is built only from the public functions the batch uses:
:func:`lifelong_analysis.analysis.costs.format_scenarios` and
:func:`lifelong_analysis.analysis.costs.scenario_costs` (together
:func:`~lifelong_analysis.analysis.costs.format_comparison`, notebook 01: the
cost of the same learning volume in each delivery format, with the availability
set as a cover override) and :func:`lifelong_analysis.analysis.funding.split_costs`
(notebook 03: the split of that cost among the payers under each scheme, here
in one vectorised call over every point and format).  The components carry the
cost model's full-time hours (``annual_hours_worked``) as
:func:`lifelong_analysis.analysis.funding.programme_components` does, so the
grid at the data's own availability is notebook 03's split.  No cost or
funding arithmetic is repeated here.

Examples
--------
>>> from lifelong_analysis.analysis import whatif
>>> whatif.availability_points(0.37)[:3], len(whatif.availability_points(0.37))
([0.0, 0.1, 0.2], 12)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from lifelong_analysis.analysis import costs, funding
from lifelong_analysis.data import vocab

#: Availability of qualified substitutes on the slider: 0 to 100 % in steps of 10 %.
DEFAULT_STEPS: tuple[float, ...] = tuple(round(i / 10, 10) for i in range(11))

#: Columns of :func:`scenario_grid`.
GRID_COLUMNS: tuple[str, ...] = (
    "p_qualified_available", "data_value", "delivery_format", "scheme", "perspective", "payer",
    "amount_nok", "own_time_nok", "share", "total_nok", "cash_cost_nok", "economic_cost_nok", "not_found",
)

#: Availability values of the static table (readable with JavaScript off).
KEY_POINTS: tuple[float, ...] = (0.0, 0.5, 1.0)


def availability_points(data_value: float | None = None, steps: Sequence[float] = DEFAULT_STEPS) -> list[float]:
    """The availability values of the grid: ``steps`` plus the data's own value, sorted.

    Parameters
    ----------
    data_value : the availability of qualified substitutes in the data (share 0–1),
        added so that the slider can start where the report's other numbers are;
        ``None`` adds nothing.
    steps : shares 0–1.

    Returns
    -------
    list of float, sorted, without duplicates (values within 1e-9 are one).

    Examples
    --------
    >>> availability_points(0.5)
    [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    """
    values = [float(v) for v in steps] + ([] if data_value is None else [float(data_value)])
    bad = [v for v in values if not (np.isfinite(v) and 0.0 <= v <= 1.0)]
    if bad:
        raise ValueError(f"availability values must be shares between 0 and 1, got {bad}")
    out: list[float] = []
    for v in sorted(values):
        if not out or abs(v - out[-1]) > 1e-9:
            out.append(v)
    return out


def scenario_grid(
    *,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    sector: str,
    kommunenummer: str | None = None,
    study_points: float = 30.0,
    n_participants: int = 1,
    formats: Iterable[str] | None = None,
    schemes: Iterable[str] | None = None,
    rules: pd.DataFrame | None = None,
    availability: Sequence[float] = DEFAULT_STEPS,
    year: int | None = None,
    parameters: Mapping[str, float] | None = None,
    cover_overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Cash cost, economic cost and who pays, over availability × delivery format × scheme.

    For each availability of qualified substitutes ``p`` (``availability`` plus the
    sector's own value in ``substitutes``, see :func:`availability_points`) the
    programme (``n_participants`` typical employees of ``sector`` each taking
    ``study_points``) is costed in every delivery format as
    :func:`lifelong_analysis.analysis.costs.format_comparison` costs it with
    ``cover_overrides`` setting ``p_qualified_available = p`` (see
    :func:`grid_components`), and each format's cost components are split
    among the payers under every scheme by
    :func:`lifelong_analysis.analysis.funding.split_costs` (``each_row=True``), in both perspectives.

    Parameters
    ----------
    workforce, substitutes : tables as in :mod:`lifelong_analysis.data.tables`.
    sector, kommunenummer, study_points, n_participants, formats, year, parameters :
        as in :func:`lifelong_analysis.analysis.costs.format_scenarios` (``year`` is the
        programme year of :func:`~lifelong_analysis.analysis.funding.split_costs`, for the PhD rate).
    schemes, rules : as in :func:`lifelong_analysis.analysis.funding.split_costs`.
    availability : shares 0–1 of the hours a qualified substitute covers (default 0 to 1 in steps of 0.1).
    cover_overrides : other cover values to set for every point (e.g. premiums).

    Returns
    -------
    pandas.DataFrame (tidy), one row per availability × format × scheme × perspective × payer:

    p_qualified_available : share 0–1.
    data_value : True for the rows at the sector's own availability in the data.
    delivery_format, scheme, perspective, payer : codes.
    amount_nok, own_time_nok, share, total_nok, not_found : as in
        :func:`~lifelong_analysis.analysis.funding.split_costs` (NOK for the whole programme).
    cash_cost_nok, economic_cost_nok : the programme's two totals from the cost
        model (NOK, all participants; the same for every scheme).

    Examples
    --------
    See ``tests/test_whatif.py``: every row equals a direct call of the two library functions.
    """
    sector = costs.check_sector(sector)
    formats = costs.check_formats(vocab.codes("delivery_format") if formats is None else formats)
    rules = funding.load_scheme_rules() if rules is None else rules
    schemes = funding.known_schemes(rules) if schemes is None else funding.check_schemes(schemes, rules)
    overrides = dict(cover_overrides or {})
    if "p_qualified_available" in overrides:
        raise ValueError("cover_overrides must not set p_qualified_available: the grid varies it (availability)")
    own = costs.cover_parameters(substitutes, sector=sector, kommunenummer=kommunenummer, overrides=overrides)
    points = availability_points(own["p_qualified_available"], availability)
    comp = grid_components(workforce=workforce, substitutes=substitutes, sector=sector, kommunenummer=kommunenummer,
                           study_points=study_points, n_participants=n_participants, formats=formats,
                           points=points, parameters=parameters, cover_overrides=overrides)
    split = funding.split_costs(comp, schemes=schemes, rules=rules, year=year, each_row=True)
    keys = comp[["p_qualified_available", "delivery_format", "cash_cost_nok", "economic_cost_nok"]]
    grid = keys.iloc[split["row"].to_numpy()].reset_index(drop=True).join(split.drop(columns="row"))
    grid["data_value"] = np.isclose(grid["p_qualified_available"], own["p_qualified_available"], rtol=0, atol=1e-9)
    return grid[list(GRID_COLUMNS)]


def grid_components(
    *,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    sector: str,
    points: Sequence[float],
    kommunenummer: str | None = None,
    study_points: float = 30.0,
    n_participants: int = 1,
    formats: Iterable[str] | None = None,
    parameters: Mapping[str, float] | None = None,
    cover_overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Cost components of the programme at every availability point in every format.

    The scenarios of :func:`lifelong_analysis.analysis.costs.format_scenarios`
    (built once), repeated for each availability ``p`` of ``points`` with
    ``p_qualified_available = p`` (what ``cover_overrides`` would set), costed by
    :func:`lifelong_analysis.analysis.costs.scenario_costs`, plus the cost
    model's ``annual_hours_worked`` as in
    :func:`lifelong_analysis.analysis.funding.programme_components`.

    Returns
    -------
    pandas.DataFrame, one row per point × format (points in the given order),
    index 0..n-1: ``p_qualified_available`` (share 0–1), the columns of
    :func:`~lifelong_analysis.analysis.costs.scenario_costs` (NOK, all
    participants) and ``annual_hours_worked`` (hours a year, full time).
    """
    bad = [p for p in points if not (np.isfinite(p) and 0.0 <= p <= 1.0)]
    if bad or not len(points):
        raise ValueError(f"points must be one or more shares between 0 and 1, got {list(points)}")
    scen = costs.format_scenarios(
        workforce=workforce, substitutes=substitutes, sector=sector, kommunenummer=kommunenummer,
        formats=formats, study_points=study_points, n_participants=n_participants, parameters=parameters,
        cover_overrides=dict(cover_overrides or {}) or None)
    stacked = pd.concat([scen.assign(p_qualified_available=float(p)) for p in points], ignore_index=True)
    comp = costs.scenario_costs(stacked, parameters=parameters)
    comp.insert(0, "p_qualified_available", stacked["p_qualified_available"].to_numpy())
    comp["annual_hours_worked"] = stacked["annual_hours_worked"].to_numpy(dtype=float)
    return comp


def key_points(grid: pd.DataFrame, *, points: Sequence[float] = KEY_POINTS) -> pd.DataFrame:
    """The grid's key points for the static table: the two totals per format at a few availabilities.

    The sector's own availability (``data_value``) is always included.

    Returns
    -------
    pandas.DataFrame, one row per format × availability: ``delivery_format``,
    ``p_qualified_available``, ``data_value``, ``cash_cost_nok``, ``economic_cost_nok`` (NOK).
    """
    have = sorted(grid["p_qualified_available"].unique())
    want = set()
    for p in points:
        near = [v for v in have if abs(v - p) <= 1e-9]
        if near:
            want.add(near[0])
    want |= set(grid.loc[grid["data_value"], "p_qualified_available"])
    sel = grid[grid["p_qualified_available"].isin(want)]
    out = (sel.drop_duplicates(["delivery_format", "p_qualified_available"])
           [["delivery_format", "p_qualified_available", "data_value", "cash_cost_nok", "economic_cost_nok"]])
    order = {f: i for i, f in enumerate(dict.fromkeys(grid["delivery_format"]))}
    return (out.assign(_o=out["delivery_format"].map(order))
            .sort_values(["_o", "p_qualified_available"]).drop(columns="_o").reset_index(drop=True))
