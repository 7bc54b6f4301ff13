"""Funding models: who pays what for a programme, and what a public-sector PhD costs.

The rules of every funding scheme are **data**, not code: they live in
``lifelong_analysis/resources/funding_schemes.csv`` (one row per rule, with its
source, year, evidence and a ``not_found`` flag for figures the reference
material could not find).  A municipality can add or override rules with its
own CSV of the same columns (:func:`scheme_rules`), validated like any other
input.

Two analyses use the rules:

* :func:`split_costs` splits the cost of one programme (the cost components of
  :mod:`lifelong_analysis.analysis.costs`) among the payers under each scheme, in the
  cash and in the economic perspective, with the employee's own time valued
  and shown separately.
* :func:`phd_cost` lays out a public-sector PhD (offentlig sektor-ph.d.) year
  by year: the candidate's salary and social costs, supervision, operating
  costs, cover of the candidate's ordinary work, and the Research Council
  support with whichever cap binds; :func:`phd_summary` adds the net present
  value at the public real discount rate.

Rule kinds (column ``rule``)
----------------------------
Split rules (amounts in NOK for the whole programme):

``share_of_study_time``  Kompetanse for kvalitet's split of the teacher's
    *whole study time* (state 60 %, school owner 15 %, teacher 25 % own time;
    mathematics/science 75/0/25).  The release from duties is the non-teacher
    part (60 + 15 = 75 %); so a payer with share s pays s / 0.75 of the
    substitute bill S for the release (state: 60/75 = 0.8 S), and the teacher's
    25 % is own time on top of the release, worth 25/75 of the released hours at
    the teacher's labour cost (PAC) — economic perspective only, never cash.
``own_time``  ``value`` = share of the study hours done in the employee's own
    time (1: all, e.g. the KfK stipend model): those hours have no release and
    no substitute bill; their value at the employee's labour cost is the
    employee's own time (economic perspective only).
``share_of_substitute_cover``  ``value`` × substitute cover (cash).
``share_of_time_cost``  ``value`` × the time cost of the perspective
    (cash: ``substitute_cover_nok``; economic: ``pac_nok``).  For the employee
    this is own time, given in kind.
``share_of_cash_cost``  ``value`` × (``direct_cost_nok + substitute_cover_nok``).
``share_of_approved_costs``  ``value`` × (``direct_cost_nok + pac_nok``): the
    Research Council's approved costs (salary and personnel costs plus operating
    costs), capped by ``max_share_of_rate`` × PhD rate × full-time years.
``amount_per_30sp``  ``value`` NOK per 30 study points per participant (the
    stipend to the teacher; or a fixed substitute grant to the school owner,
    as Udir computes it from an average årsverk cost).
``residual``  the payer carries what the other payers do not (exactly one per
    scheme: the employer).  A ``value`` on this row is the published share of the
    substitute cost, checked against the other rules when the table is validated.

Money a payer gives goes to the ``recipient`` (empty: to the residual payer);
a stipend with recipient ``employee`` lowers the employee's burden.

Parameter rules: ``release_per_30sp``, ``phd_rate`` (one row per year),
``rate_growth_after_table``, ``max_share_of_rate``, ``hours_per_fte_year``,
``duration_years``, ``duration_years_with_duties``, ``other_duties_share``,
``operating_cost_per_year``, ``supervision_hours_per_year``.

Examples
--------
>>> import pandas as pd
>>> from lifelong_analysis.analysis import funding
>>> comp = pd.DataFrame({"n_participants": [1], "study_points": [30.0], "hours_away": [600.0],
...     "direct_cost_nok": [0.0], "substitute_cover_nok": [100_000.0], "pac_nok": [120_000.0],
...     "uncovered_value_nok": [0.0]})
>>> s = funding.split_costs(comp, schemes=["kfk_substitute"], perspectives=["cash"])
>>> s.set_index("payer")["amount_nok"].round().to_dict()["state"]   # 60/75 of the bill
80000.0
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from lifelong_analysis.data import vocab
from lifelong_analysis.errors import DataValidationError, problem
from lifelong_analysis.paths import RESOURCES_DIR

#: The shipped rules table.
SCHEMES_FILE = RESOURCES_DIR / "funding_schemes.csv"

#: Public real discount rate (kalkulasjonsrente), 4 % a year: Finansdepartementet
#: 2005 guidance, kept in R-109/21 (published_figures id ``discount_rate``;
#: domain-facts §2.6).  The R-109/21 term structure after 40 years is unverified.
DISCOUNT_RATE = 0.04

#: Inflation used to bring the Research Council's nominal rates to start-year
#: prices: Norges Bank's inflation target, 2 % (forskrift om pengepolitikken,
#: 2018).  Not in the project's reference material; an explicit parameter of
#: :func:`phd_cost` (``price_growth``).
INFLATION_TARGET = 0.02

SPLIT_RULES = (
    "share_of_study_time",
    "own_time",
    "share_of_substitute_cover",
    "share_of_time_cost",
    "share_of_cash_cost",
    "share_of_approved_costs",
    "amount_per_30sp",
    "residual",
)
PARAMETER_RULES = (
    "release_per_30sp",
    "phd_rate",
    "rate_growth_after_table",
    "max_share_of_rate",
    "hours_per_fte_year",
    "duration_years",
    "duration_years_with_duties",
    "other_duties_share",
    "operating_cost_per_year",
    "supervision_hours_per_year",
)
RULES = SPLIT_RULES + PARAMETER_RULES
#: Rules whose value is a share 0–1.
SHARE_RULES = (
    "share_of_study_time", "own_time",
    "share_of_substitute_cover", "share_of_time_cost", "share_of_cash_cost", "share_of_approved_costs",
    "release_per_30sp", "max_share_of_rate", "other_duties_share", "rate_growth_after_table",
)
RULE_COLUMNS = ["scheme", "payer", "rule", "value", "unit", "recipient", "year", "not_found",
                "evidence", "source", "url", "note"]
KEY = ["scheme", "payer", "rule", "year"]
PERSPECTIVES = ("cash", "economic")
COMPONENT_COLUMNS = ["n_participants", "study_points", "hours_away", "direct_cost_nok",
                     "substitute_cover_nok", "pac_nok", "uncovered_value_nok"]


class FundingRulesError(DataValidationError):
    """A funding-rules file breaks the rules; the message names file, column and rows."""


# --------------------------------------------------------------------------- rules
def _schema():
    import pandera.pandas as pa

    payers = vocab.codes("payer")
    return pa.DataFrameSchema(
        {
            "scheme": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error="a snake_case code"),
                                nullable=False),
            "payer": pa.Column(str, pa.Check.isin(payers, error="one of " + ", ".join(payers)), nullable=False),
            "rule": pa.Column(str, pa.Check.isin(list(RULES), error="one of " + ", ".join(RULES)), nullable=False),
            "value": pa.Column(float, pa.Check.ge(0, error=">= 0"), nullable=True),
            "unit": pa.Column(str, nullable=True),
            "recipient": pa.Column(str, pa.Check.isin(payers, error="empty or one of " + ", ".join(payers)),
                                   nullable=True),
            "year": pa.Column("Int64", pa.Check.in_range(2000, 2100, error="a year 2000–2100"), nullable=True),
            "not_found": pa.Column(bool, nullable=False),
            "evidence": pa.Column(str, nullable=False),
            "source": pa.Column(str, pa.Check.str_length(min_value=1, error="not empty: every rule names its source"),
                                nullable=False),
            "url": pa.Column(str, nullable=True),
            "note": pa.Column(str, nullable=True),
        },
        strict=False,
        coerce=True,
    )


def _rows(mask: pd.Series) -> list[int]:
    """1-based line numbers in the CSV file (header = line 1) of the rows in ``mask``."""
    return [int(i) + 2 for i in mask.index[mask]]


def validate_scheme_rules(df: pd.DataFrame, *, source: str = "funding rules", complete: bool = True) -> pd.DataFrame:
    """Validate a funding-rules table and return it with proper dtypes.

    Parameters
    ----------
    df : rules table with the columns of ``funding_schemes.csv``.
    source : name used in error messages (the file path).
    complete : also check each scheme as a whole (exactly one residual rule; a
        published residual share agrees with the other shares).  False for a
        municipality's own file of additions, which is checked whole once merged.

    Returns
    -------
    pandas.DataFrame with ``value`` float, ``year`` Int64, ``not_found`` bool.

    Raises
    ------
    FundingRulesError
        (a :class:`~lifelong_analysis.errors.DataValidationError`) listing every
        problem: the file, the column, the rule broken and the rows (line
        numbers of the CSV file, header = line 1).
    """
    import pandera.pandas as pa

    df = df.reset_index(drop=True)
    problems = []
    if "not_found" in df and df["not_found"].isna().any():
        problems.append(problem(source, "not_found", "must be 0/1 (or true/false)", rows=_rows(df["not_found"].isna())))
        raise FundingRulesError(problems)
    try:
        out = _schema().validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        for (col, check), grp in fc.groupby([fc["column"].fillna("").astype(str), fc["check"].astype(str)],
                                            sort=False):
            rows = [int(i) + 2 for i in grp["index"].dropna()]
            problems.append(problem(source, col or None, check, rows=rows, values=grp["failure_case"].tolist()))
        raise FundingRulesError(problems) from None
    need_value = out["value"].isna() & (out["rule"] != "residual")
    if need_value.any():
        problems.append(problem(source, "value", "every rule but 'residual' needs a value", rows=_rows(need_value)))
    too_big = out["rule"].isin(SHARE_RULES) & (out["value"] > 1)
    if too_big.any():
        problems.append(problem(source, "value", "a share rule needs a value between 0 and 1", rows=_rows(too_big),
                                values=out.loc[too_big, "value"].tolist()))
    bad_st = (out["rule"] == "share_of_study_time") & (out["payer"] == "employee") & (out["value"] >= 1)
    if bad_st.any():
        problems.append(problem(source, "value", "the employee's share_of_study_time must be below 1 (the rest is "
                                "the release from duties)", rows=_rows(bad_st)))
    dup = out.duplicated(KEY, keep=False)
    if dup.any():
        problems.append(problem(source, None, "duplicate rule (same scheme, payer, rule and year)", rows=_rows(dup)))
    split = out[out["rule"].isin(SPLIT_RULES)] if complete else out.iloc[0:0]
    n_res = split.assign(r=split["rule"].eq("residual")).groupby("scheme")["r"].sum()
    for scheme, k in n_res[n_res != 1].items():
        problems.append(problem(source, "rule", f"scheme {scheme!r} needs exactly one 'residual' rule (the payer "
                                f"who carries the rest); it has {k}", rows=_rows(out["scheme"] == scheme)))
    # A published residual share must agree with the other shares of the substitute cost.
    for scheme, grp in split.groupby("scheme"):
        res = grp.loc[grp["rule"] == "residual", "value"]
        if len(res) == 1 and pd.notna(res.iloc[0]):
            others = grp[grp["rule"].isin(["share_of_study_time", "share_of_substitute_cover",
                                            "share_of_time_cost"])]["value"].sum()
            if abs(1 - others - res.iloc[0]) > 1e-6:
                problems.append(problem(
                    source, "value", f"scheme {scheme!r}: the residual share {res.iloc[0]:g} does not equal 1 minus "
                    f"the other shares of the substitute cost ({1 - others:g})", rows=[int(res.index[0]) + 2]))
    if problems:
        raise FundingRulesError(problems)
    return out


def _read_rules_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"Funding-rules file not found: {path}")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in ("scheme", "payer", "rule", "value", "source") if c not in df.columns]
    if missing:
        raise FundingRulesError([problem(
            str(path), ", ".join(missing),
            f"missing column; a funding-rules file needs the columns {', '.join(RULE_COLUMNS)} "
            "(unit, recipient, year, not_found, evidence, url and note may be left out)")])
    for c in RULE_COLUMNS:
        if c not in df.columns:
            df[c] = np.nan
    df["not_found"] = df["not_found"].fillna("0").str.strip().str.lower().map(
        {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False})
    df["evidence"] = df["evidence"].fillna("")
    return df[RULE_COLUMNS + [c for c in df.columns if c not in RULE_COLUMNS]]


def load_scheme_rules(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate a funding-rules CSV (default: the shipped table).

    Returns
    -------
    pandas.DataFrame, one row per rule: scheme, payer, rule, value, unit,
    recipient, year, not_found, evidence, source, url, note.
    """
    p = Path(path) if path is not None else SCHEMES_FILE
    if not p.exists():
        raise FileNotFoundError(f"Funding-rules file not found: {p}")
    return _load_cached(str(p.resolve()), p.stat().st_mtime_ns).copy()


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime_ns: int) -> pd.DataFrame:
    return validate_scheme_rules(_read_rules_csv(Path(path)), source=path)


def scheme_rules(own_file: str | os.PathLike | None = None, *, overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """The shipped rules, with a municipality's own rules added or overriding.

    Rows of ``own_file`` (a CSV with the columns of ``funding_schemes.csv``) or
    ``overrides`` (a DataFrame) replace shipped rows with the same scheme,
    payer, rule and year; other rows are added.  The result is validated.

    Examples
    --------
    >>> import pandas as pd
    >>> own = pd.DataFrame({"scheme": ["hc_competence_grant"], "payer": ["state"],
    ...     "rule": ["share_of_cash_cost"], "value": [0.4], "recipient": ["municipality"], "year": [2024],
    ...     "not_found": [False], "evidence": ["own agreement"], "source": ["Statsforvalteren letter 2024"]})
    >>> r = scheme_rules(overrides=own)
    >>> float(r.query("scheme == 'hc_competence_grant' and payer == 'state'")["value"].iloc[0])
    0.4
    """
    base = load_scheme_rules()
    extra = []
    if own_file is not None and str(own_file) != "":
        p = Path(own_file)
        extra.append((str(p), validate_scheme_rules(_read_rules_csv(p), source=str(p), complete=False)))
    if overrides is not None:
        o = overrides.copy()
        for c in RULE_COLUMNS:
            if c not in o:
                o[c] = False if c == "not_found" else ("" if c == "evidence" else np.nan)
        extra.append(("overrides", validate_scheme_rules(o[RULE_COLUMNS], source="overrides", complete=False)))
    out = base
    for _name, add in extra:
        keys = pd.MultiIndex.from_frame(add[KEY].astype(str))
        keep = ~pd.MultiIndex.from_frame(out[KEY].astype(str)).isin(keys)
        # A scheme given a new residual payer loses its old residual row.
        res_schemes = add.loc[add["rule"] == "residual", "scheme"]
        keep &= ~(out["scheme"].isin(res_schemes) & (out["rule"] == "residual"))
        out = pd.concat([out[keep], add[RULE_COLUMNS]], ignore_index=True)
    return validate_scheme_rules(out, source="combined funding rules")


def known_schemes(rules: pd.DataFrame | None = None) -> list[str]:
    """Scheme codes with split rules, in the order of ``vocab.FUNDING_SCHEME`` then others."""
    rules = load_scheme_rules() if rules is None else rules
    have = set(rules.loc[rules["rule"].isin(SPLIT_RULES), "scheme"])
    order = [s for s in vocab.codes("funding_scheme") if s in have]
    return order + sorted(have - set(order))


def check_schemes(schemes, rules: pd.DataFrame | None = None) -> list[str]:
    """Validate scheme codes (a notebook parameter); ``ValueError`` lists the known ones.

    >>> check_schemes(["kfk_substitute"])
    ['kfk_substitute']
    """
    items = [schemes] if isinstance(schemes, str) else list(schemes)
    known = known_schemes(rules)
    unknown = [s for s in items if s not in known]
    if unknown:
        raise ValueError(f"Unknown funding scheme {', '.join(map(repr, unknown))}. Known schemes: {', '.join(known)}.")
    if not items:
        raise ValueError(f"No funding scheme given. Known schemes: {', '.join(known)}.")
    return items


def rule_value(rules: pd.DataFrame, scheme: str, rule: str, *, payer: str | None = None,
               year: int | None = None) -> float:
    """The value of one rule; for yearly rules the row of ``year`` (or the latest one before it)."""
    sel = rules[(rules["scheme"] == scheme) & (rules["rule"] == rule)]
    if payer is not None:
        sel = sel[sel["payer"] == payer]
    if sel.empty:
        raise KeyError(f"No rule {rule!r} for scheme {scheme!r} in the funding rules")
    if year is not None and sel["year"].notna().any():
        before = sel[sel["year"].fillna(0) <= year]
        sel = before if not before.empty else sel
        sel = sel.sort_values("year")
    return float(sel["value"].iloc[-1])


def not_found_rules(rules: pd.DataFrame, schemes: Iterable[str] | None = None) -> pd.DataFrame:
    """Rules whose value was NOT FOUND in the reference material (placeholders to set yourself).

    Returns
    -------
    pandas.DataFrame: scheme, payer, rule, value, unit, source, note.
    """
    sel = rules[rules["not_found"]]
    if schemes is not None:
        sel = sel[sel["scheme"].isin(list(schemes))]
    return sel[["scheme", "payer", "rule", "value", "unit", "source", "note"]].reset_index(drop=True)


RULE_LABELS = {
    "share_of_study_time": ("Andel av studietiden", "Share of the study time"),
    "own_time": ("Studier på egen tid", "Study in own time"),
    "share_of_substitute_cover": ("Andel av vikarkostnaden", "Share of the substitute cost"),
    "share_of_time_cost": ("Andel av tidskostnaden", "Share of the time cost"),
    "share_of_cash_cost": ("Andel av kontantkostnaden", "Share of the cash cost"),
    "share_of_approved_costs": ("Andel av godkjente kostnader", "Share of approved costs"),
    "amount_per_30sp": ("Beløp per 30 studiepoeng", "Amount per 30 study points"),
    "operating_cost_per_year": ("Driftskostnader per år (kr)", "Operating costs per year (NOK)"),
    "supervision_hours_per_year": ("Timer intern veiledning per år", "Hours of internal supervision per year"),
}


def not_found_table(rules: pd.DataFrame, schemes: Iterable[str] | None = None, *,
                    language: str = "nb") -> pd.DataFrame:
    """The NOT FOUND placeholders with report labels: scheme, what, value in use, source."""
    from lifelong_analysis.reporting.formatting import format_number, format_share

    nf = not_found_rules(rules, schemes)
    i = 0 if language == "nb" else 1
    value = [format_share(v, language=language) if r in SHARE_RULES else format_number(v, 0, language)
             for r, v in zip(nf["rule"], nf["value"])]
    return pd.DataFrame({
        ("Ordning", "Scheme")[i]: nf["scheme"].map(lambda s: vocab.label("funding_scheme", s, language)),
        ("Hva", "What")[i]: nf["rule"].map(lambda r: RULE_LABELS.get(r, (r, r))[i]),
        ("Verdi brukt (plassholder)", "Value used (placeholder)")[i]: value,
        ("Kilde", "Source")[i]: nf["source"].map(lambda t: _source_words(t, language)),
    })


#: Source notes of placeholder rules in the reader's words (bokmål, English); other sources are titles.
_SOURCE_WORDS = {
    "Placeholder (no published figure for a municipal OFFPHD project)":
        ("Plassholder (ikke noe publisert tall for et kommunalt prosjekt med offentlig sektor-ph.d.)",
         "Placeholder (no published figure for a municipal public-sector PhD project)"),
    "Placeholder (no published figure)": ("Plassholder (ikke noe publisert tall)", "Placeholder (no published figure)"),
    "Baseline (no external funding)": ("Utgangspunkt (ingen ekstern finansiering)", "Baseline (no external funding)"),
    "Baseline (study in own time)": ("Utgangspunkt (studier på egen tid)", "Baseline (study in own time)"),
    "notebook parameter hc_grant_share (published rate not found)":
        ("satt i rapportens forutsetninger (statens andel i tilskuddet; publisert sats ikke funnet)",
         "set in the report's assumptions (the state share under the grant; published rate not found)"),
}


def _source_words(source, language: str) -> str:
    words = _SOURCE_WORDS.get(str(source))
    return str(source) if words is None else words[0 if language == "nb" else 1]


def phd_rate(year: int, rules: pd.DataFrame | None = None) -> float:
    """The Research Council PhD rate (NOK per full-time year) for ``year``.

    Tabulated years come from the rules table (Forskningsrådet, 2023–2030);
    later years grow by ``rate_growth_after_table`` (3.5 %, the Research
    Council's own assumption); earlier years take the first tabulated rate.

    >>> phd_rate(2025)
    1363000.0
    """
    rules = load_scheme_rules() if rules is None else rules
    tab = rules[(rules["scheme"] == "public_sector_phd") & (rules["rule"] == "phd_rate")].dropna(subset=["year"])
    if tab.empty:
        raise KeyError("The funding rules hold no 'phd_rate' rows for public_sector_phd")
    tab = tab.sort_values("year")
    years = tab["year"].astype(int).to_numpy()
    if year in years:
        return float(tab.loc[tab["year"] == year, "value"].iloc[0])
    if year < years[0]:
        return float(tab["value"].iloc[0])
    g = rule_value(rules, "public_sector_phd", "rate_growth_after_table")
    return float(tab["value"].iloc[-1] * (1 + g) ** (year - years[-1]))


# --------------------------------------------------------------------------- split
def _components_total(components) -> dict[str, float]:
    if isinstance(components, pd.Series):
        components = components.to_frame().T
    if isinstance(components, dict):
        components = pd.DataFrame([components])
    missing = [c for c in COMPONENT_COLUMNS if c not in components.columns]
    if missing:
        raise ValueError(f"Cost components lack column(s) {', '.join(missing)}; needed: {', '.join(COMPONENT_COLUMNS)}")
    num = components[COMPONENT_COLUMNS].apply(pd.to_numeric, errors="raise")
    if num.isna().any().any():
        bad = num.columns[num.isna().any()].tolist()
        raise ValueError(f"Cost components have missing values in {', '.join(bad)}")
    if (num < 0).any().any():
        bad = num.columns[(num < 0).any()].tolist()
        raise ValueError(f"Cost components must not be negative; negative values in {', '.join(bad)}")
    tot = num.sum().to_dict()
    n = tot["n_participants"]
    # study points are per participant: weight by participants
    tot["study_points_total"] = float((num["study_points"] * num["n_participants"]).sum())
    tot["n_participants"] = n
    return tot


def _split_amounts(c: dict, sr: pd.DataFrame, rules: pd.DataFrame, scheme: str, persp: str, year: int,
                   hours_fte: float) -> dict:
    """Amounts per payer of one scheme and perspective.

    ``c`` holds the programme totals; D, S, P may be numpy arrays (Monte Carlo
    draws), so every step is plain arithmetic.
    """
    payers = vocab.codes("payer")
    D, S, P = c["direct_cost_nok"], c["substitute_cover_nok"], c["pac_nok"]
    residual_payer = sr.loc[sr["rule"] == "residual", "payer"].iloc[0]
    cash = persp == "cash"
    # Study hours in own time: no release, no substitute bill; their value is the employee's.
    v_own = min(float(sr.loc[sr["rule"] == "own_time", "value"].fillna(0).sum()), 1.0)
    S_eff, P_eff = (1.0 - v_own) * S, (1.0 - v_own) * P
    own_time_value = 0.0 if cash else v_own * P
    # Kompetanse for kvalitet: shares of the whole study time; the release is the non-employee part.
    st = sr[sr["rule"] == "share_of_study_time"]
    e_share = float(st.loc[st["payer"] == "employee", "value"].sum())
    release = 1.0 - e_share
    if not st.empty and not cash:
        own_time_value = own_time_value + e_share / release * P_eff
    total = (D + S_eff) if cash else (D + P_eff + own_time_value)
    time_cost = S_eff if cash else P_eff
    zero = 0.0 * (D + S + P)
    amount = {p: zero for p in payers}
    own_time = {p: zero for p in payers}
    amount["employee"] = amount["employee"] + own_time_value
    own_time["employee"] = own_time["employee"] + own_time_value
    binding = ""
    for r in sr.itertuples(index=False):
        v = float(r.value) if pd.notna(r.value) else 0.0
        if r.rule in ("residual", "own_time"):
            continue
        if r.rule == "share_of_study_time":
            if r.payer == "employee":
                continue  # own time, counted above
            amt = v / release * S_eff
        elif r.rule == "share_of_substitute_cover":
            amt = v * S_eff
        elif r.rule == "share_of_time_cost":
            amt = v * time_cost
            if r.payer == "employee":
                own_time["employee"] = own_time["employee"] + amt
        elif r.rule == "share_of_cash_cost":
            amt = v * (D + S_eff)
        elif r.rule == "share_of_approved_costs":
            amt = v * (D + P_eff)
            cap_rows = rules[(rules["scheme"] == scheme) & (rules["rule"] == "max_share_of_rate")
                             & (rules["payer"] == r.payer)]
            if not cap_rows.empty:
                # full-time years on the cost model's own annual hours, not the Research Council's 1628 h
                fte_years = c["hours_away"] * (1.0 - v_own) / hours_fte
                cap = float(cap_rows["value"].iloc[0]) * phd_rate(year, rules) * fte_years
                if np.ndim(amt) == 0:
                    binding = "rate" if cap < amt else "approved_costs"
                amt = np.minimum(amt, cap)
        elif r.rule == "amount_per_30sp":
            amt = v * c["study_points_total"] / 30.0
        else:  # pragma: no cover - guarded by the schema
            raise ValueError(f"Unknown split rule {r.rule!r}")
        amount[r.payer] = amount[r.payer] + amt
        rec = r.recipient if isinstance(r.recipient, str) and r.recipient else residual_payer
        if rec != residual_payer:
            amount[rec] = amount[rec] - amt
    amount[residual_payer] = total - sum(a for p, a in amount.items() if p != residual_payer)
    return {"amount": amount, "own_time": own_time, "total": total, "binding": binding}


def rules_used(rules: pd.DataFrame, scheme: str) -> str:
    """The split rules of a scheme as one line: ``payer:rule=value`` joined by ``; `` (column ``rule_used``).

    >>> rules_used(load_scheme_rules(), "kfk_substitute")
    'state:share_of_study_time=0.6; employee:share_of_study_time=0.25; municipality:residual=0.15'
    """
    sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
    parts = []
    for r in sr.itertuples(index=False):
        v = "" if pd.isna(r.value) else f"={float(r.value):g}"
        parts.append(f"{r.payer}:{r.rule}{v}")
    return "; ".join(parts)


def _hours_fte(components) -> float:
    from lifelong_analysis.analysis.costs import annual_hours_worked

    if isinstance(components, pd.DataFrame) and "annual_hours_worked" in components.columns:
        return float(components["annual_hours_worked"].iloc[0])
    if isinstance(components, (dict, pd.Series)) and "annual_hours_worked" in components:
        return float(components["annual_hours_worked"])
    return float(annual_hours_worked())


def split_costs(
    components,
    *,
    schemes: Iterable[str] | None = None,
    rules: pd.DataFrame | None = None,
    perspectives: Iterable[str] = PERSPECTIVES,
    year: int | None = None,
) -> pd.DataFrame:
    """Split a programme's cost among the payers under each funding scheme.

    Parameters
    ----------
    components : DataFrame (one or more rows, summed), Series or dict with
        ``n_participants``, ``study_points`` (per participant, ECTS),
        ``hours_away`` (hours), ``direct_cost_nok``, ``substitute_cover_nok``,
        ``pac_nok`` and ``uncovered_value_nok`` (NOK, totals over the
        participants) — the cost components of :mod:`lifelong_analysis.analysis.costs`;
        optional ``annual_hours_worked`` (full-time planned hours a year, the
        cost model's; default :func:`lifelong_analysis.analysis.costs.annual_hours_worked`).
        Before any grant: the grants are what this function adds.
    schemes : scheme codes (default: every scheme in ``rules``).
    rules : funding rules (default: the shipped table, :func:`load_scheme_rules`).
    perspectives : "cash" (direct + substitute cover) and/or "economic"
        (the CVTS concept: direct + PAC, plus the employee's own study time
        outside working time where a scheme has it).  PAC and substitute pay are
        never added together; the value of uncovered hours is in neither total.
    year : programme year, for year-dependent rules (PhD rate); default the
        latest year in the rules.

    Returns
    -------
    pandas.DataFrame, one row per scheme × perspective × payer (every payer of
    ``vocab.PAYER``):

    scheme, perspective, payer : codes.
    amount_nok : what the payer carries, NOK (net of what it receives from
        other payers; negative when it receives more than it carries).
    own_time_nok : of ``amount_nok``, the value of the employee's own time
        given in kind (NOK; only the employee; under the rules ``own_time`` and
        ``share_of_study_time`` only in the economic perspective, under a
        municipality's own ``share_of_time_cost`` rule also in cash).
    cash_nok : ``amount_nok − own_time_nok``.
    share : ``amount_nok / total_nok`` (0–1).
    total_nok : the scheme's total cost in the perspective; the payers'
        ``amount_nok`` add up to it.
    per_participant_nok : ``amount_nok / n_participants``.
    binding_cap : for capped rules, which cap binds ("rate" or
        "approved_costs"); empty otherwise.
    not_found : the scheme uses a value flagged NOT FOUND (a placeholder).
    rule_used : the scheme's split rules (:func:`rules_used`).

    Examples
    --------
    KfK substitute model on a substitute bill of 100 000 kr for the release and
    a PAC of 120 000 kr: the state pays 60/75 of the bill, the school owner
    15/75; the teacher's 25 % is own time worth 25/75 of the released hours'
    PAC (economic perspective only).

    >>> import pandas as pd
    >>> comp = dict(n_participants=1, study_points=30.0, hours_away=600.0, direct_cost_nok=0.0,
    ...             substitute_cover_nok=100_000.0, pac_nok=120_000.0, uncovered_value_nok=0.0)
    >>> s = split_costs(comp, schemes=["kfk_substitute"]).set_index(["perspective", "payer"])["amount_nok"]
    >>> [round(s[("cash", p)]) for p in ("state", "municipality", "employee")]
    [80000, 20000, 0]
    >>> round(s[("economic", "employee")])   # 25/75 x 120 000
    40000
    """
    rules = load_scheme_rules() if rules is None else rules
    schemes = known_schemes(rules) if schemes is None else check_schemes(schemes, rules)
    perspectives = list(perspectives)
    bad = [p for p in perspectives if p not in PERSPECTIVES]
    if bad:
        raise ValueError(f"Unknown perspective {bad}; valid: {', '.join(PERSPECTIVES)}")
    c = _components_total(components)
    if year is None:
        yrs = rules.loc[rules["rule"] == "phd_rate", "year"].dropna()
        year = int(yrs.max()) if len(yrs) else 2024
    hours_fte = _hours_fte(components)
    payers = vocab.codes("payer")
    n = c["n_participants"]
    rows = []
    for scheme in schemes:
        sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
        flagged = bool(sr["not_found"].any())
        used = rules_used(rules, scheme)
        for persp in perspectives:
            res = _split_amounts(c, sr, rules, scheme, persp, year, hours_fte)
            amount, own_time, total = res["amount"], res["own_time"], res["total"]
            for p in payers:
                rows.append({
                    "scheme": scheme, "perspective": persp, "payer": p,
                    "amount_nok": float(amount[p]), "own_time_nok": float(own_time[p]),
                    "cash_nok": float(amount[p] - own_time[p]),
                    "share": float(amount[p] / total) if total else np.nan,
                    "total_nok": float(total),
                    "per_participant_nok": float(amount[p] / n) if n else np.nan,
                    "binding_cap": res["binding"] if p == "research_council" else "",
                    "not_found": flagged,
                    "rule_used": used,
                })
    return pd.DataFrame(rows)


def split_ranges(
    draws: pd.DataFrame,
    *,
    schemes: Iterable[str] | None = None,
    rules: pd.DataFrame | None = None,
    perspectives: Iterable[str] = PERSPECTIVES,
    year: int | None = None,
    low_quantile: float = 0.05,
    high_quantile: float = 0.95,
) -> pd.DataFrame:
    """P5–P95 of every payer's amount over Monte Carlo draws of the programme's components.

    Parameters
    ----------
    draws : one row per draw with the columns of :func:`split_costs`'
        ``components`` (totals of the programme in that draw), e.g.
        :func:`programme_draws`.
    schemes, rules, perspectives, year : as for :func:`split_costs`.

    Returns
    -------
    pandas.DataFrame: scheme, perspective, payer, mean_nok, p5_nok, p95_nok
    (NOK; the quantiles named by ``low_quantile``/``high_quantile``).
    """
    rules = load_scheme_rules() if rules is None else rules
    schemes = known_schemes(rules) if schemes is None else check_schemes(schemes, rules)
    missing = [col for col in COMPONENT_COLUMNS if col not in draws.columns]
    if missing:
        raise ValueError(f"draws lack column(s) {', '.join(missing)}")
    if year is None:
        yrs = rules.loc[rules["rule"] == "phd_rate", "year"].dropna()
        year = int(yrs.max()) if len(yrs) else 2024
    c = {col: draws[col].to_numpy(dtype=float) for col in COMPONENT_COLUMNS}
    c["study_points_total"] = c["study_points"] * c["n_participants"]
    hours_fte = _hours_fte(draws)
    rows = []
    for scheme in schemes:
        sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
        for persp in perspectives:
            res = _split_amounts(c, sr, rules, scheme, persp, year, hours_fte)
            for p, a in res["amount"].items():
                a = np.broadcast_to(np.asarray(a, dtype=float), (len(draws),))
                rows.append({"scheme": scheme, "perspective": persp, "payer": p, "mean_nok": float(a.mean()),
                             "p5_nok": float(np.quantile(a, low_quantile)),
                             "p95_nok": float(np.quantile(a, high_quantile))})
    return pd.DataFrame(rows)


def split_matrix(split: pd.DataFrame, *, perspective: str = "cash", column: str = "amount_nok") -> pd.DataFrame:
    """Scheme × payer table of one perspective (wide: one column per payer, plus ``total_nok``)."""
    sel = split[split["perspective"] == perspective]
    if sel.empty:
        raise ValueError(f"No rows for perspective {perspective!r}; present: {sorted(split['perspective'].unique())}")
    wide = sel.pivot_table(index="scheme", columns="payer", values=column, aggfunc="sum", sort=False)
    wide = wide.reindex(columns=[p for p in vocab.codes("payer") if p in wide.columns])
    wide["total_nok"] = sel.groupby("scheme", sort=False)["total_nok"].first()
    wide.columns.name = None
    return wide.reset_index()


# --------------------------------------------------------------------------- programme
def programme_components(
    *,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    sector: str,
    kommunenummer: str | None = None,
    study_points: float = 30.0,
    n_participants: int = 1,
    delivery_format: str = "part_time_gatherings",
    year: int | None = None,
    parameters=None,
) -> pd.DataFrame:
    """Cost components of one programme, before any grant, from the cost model.

    ``n_participants`` typical employees of ``sector`` (average pay of the
    municipality's workforce) each take ``study_points``; hours away follow the
    release rule of the delivery format (part-time study with gatherings: the
    KfK rule, 37.5 % of a full position per 30 study points) and are covered
    with the sector's cover mix from the substitutes table.  A thin wrapper of
    :func:`lifelong_analysis.analysis.costs.format_comparison`.

    Returns
    -------
    pandas.DataFrame, one row: sector, kommunenummer, delivery_format,
    n_participants, study_points (per participant), hours_away (hours, all
    participants), hourly_labour_cost_nok (NOK/hour), direct_cost_nok,
    qualified_substitute_nok, unqualified_substitute_nok, overtime_nok,
    substitute_cover_nok, uncovered_value_nok, pac_nok (NOK, all participants).
    """
    from lifelong_analysis.analysis import costs

    res = costs.format_comparison(
        workforce=workforce, substitutes=substitutes, sector=sector, kommunenummer=kommunenummer,
        formats=[delivery_format], study_points=study_points, n_participants=n_participants, year=year,
        parameters=parameters,
    )
    keep = ["sector", "kommunenummer", "delivery_format", "n_participants", "study_points", "hours_away",
            "hourly_labour_cost_nok", "direct_cost_nok", "qualified_substitute_nok", "unqualified_substitute_nok",
            "overtime_nok", "substitute_cover_nok", "uncovered_value_nok", "pac_nok"]
    out = res[[c for c in keep if c in res.columns]].reset_index(drop=True)
    sc = costs.format_scenarios(
        workforce=workforce, substitutes=substitutes, sector=sector, kommunenummer=kommunenummer,
        formats=[delivery_format], study_points=study_points, n_participants=n_participants, year=year,
        parameters=parameters)
    out["annual_hours_worked"] = float(sc["annual_hours_worked"].iloc[0])
    return out


def programme_draws(
    *,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    sector: str,
    kommunenummer: str | None = None,
    study_points: float = 30.0,
    n_participants: int = 1,
    delivery_format: str = "part_time_gatherings",
    year: int | None = None,
    n_draws: int = 2000,
    seed: int | None = None,
    parameters=None,
) -> pd.DataFrame:
    """Monte Carlo draws of the programme's cost components (for :func:`split_ranges`).

    The draws of :func:`lifelong_analysis.analysis.costs.monte_carlo` for the programme
    of :func:`programme_components` (same uncertain inputs and distributions);
    direct costs, participants and hours away are those of the programme.

    Returns
    -------
    pandas.DataFrame, one row per draw: draw, n_participants, study_points,
    hours_away, annual_hours_worked, direct_cost_nok, substitute_cover_nok,
    pac_nok, uncovered_value_nok (NOK, all participants).
    """
    from lifelong_analysis.analysis import costs

    sc = costs.format_scenarios(
        workforce=workforce, substitutes=substitutes, sector=sector, kommunenummer=kommunenummer,
        formats=[delivery_format], study_points=study_points, n_participants=n_participants, year=year,
        parameters=parameters)
    mc = costs.monte_carlo(sc, n_draws=n_draws, seed=seed, parameters=parameters)
    s0 = sc.iloc[0]
    return pd.DataFrame({
        "draw": mc["draw"].to_numpy(), "n_participants": int(s0["n_participants"]),
        "study_points": float(s0["study_points"]), "hours_away": float(s0["hours_away"]),
        "annual_hours_worked": float(s0["annual_hours_worked"]), "direct_cost_nok": float(s0["direct_cost_nok"]),
        "substitute_cover_nok": mc["substitute_cover_nok"].to_numpy(), "pac_nok": mc["pac_nok"].to_numpy(),
        "uncovered_value_nok": mc["uncovered_value_nok"].to_numpy(),
    })


def phd_inputs(
    *,
    workforce: pd.DataFrame,
    substitutes: pd.DataFrame,
    sector: str,
    kommunenummer: str | None = None,
    monthly_pay_nok: float | None = None,
    year: int | None = None,
    parameters=None,
) -> dict[str, float]:
    """Inputs of :func:`phd_cost` for a candidate from ``sector``, from the cost model.

    The candidate's labour cost is that of the sector's average full-time pay
    in the municipality (or ``monthly_pay_nok``, NOK per month full-time) through
    :func:`lifelong_analysis.analysis.costs.annual_labour_cost`; the cover per absent hour
    uses the sector's cover mix (:func:`lifelong_analysis.analysis.costs.cover_parameters`
    and :func:`~lifelong_analysis.analysis.costs.cost_components` for one hour).

    Returns
    -------
    dict: monthly_pay_nok (NOK/month), annual_labour_cost_nok (employer's net,
    NOK/year, with the sector's pension scheme and sick-pay refund),
    hours_per_year (planned hours of a full-time employee: the base of the
    research hours), hours_worked_per_year (less sick leave),
    hourly_labour_cost_nok (NOK per hour actually worked; pass it as the
    supervisor's hourly cost), cover_cost_per_hour_nok and
    uncovered_value_per_hour_nok (NOK per absent hour; the latter an
    indicator, not a cost of the totals).
    """
    from lifelong_analysis.analysis import costs

    prof = costs.sector_profile(workforce, sector=sector, kommunenummer=kommunenummer)
    monthly = prof["monthly_pay_nok"] if monthly_pay_nok is None else float(monthly_pay_nok)
    if monthly <= 0:
        raise ValueError(f"monthly_pay_nok must be > 0, got {monthly}")
    p = costs.cost_parameters(parameters)
    labour = float(np.asarray(costs.net_annual_labour_cost(monthly * 12.0, sector=sector,
                                                           sick_leave_share=prof["sick_leave_share"],
                                                           parameters=p)).ravel()[0])
    hours = float(costs.annual_hours_worked(full_time_weekly_hours=prof["full_time_weekly_hours"],
                                            holiday_weeks=p["holiday_weeks"],
                                            public_holidays_weekdays=p["public_holidays_weekdays"]))
    worked = hours * (1.0 - prof["sick_leave_share"])
    cover = costs.cover_parameters(substitutes, sector=sector, kommunenummer=kommunenummer, year=year)
    cover["substitute_hourly_pay_nok"], _rule = costs.occupation_substitute_pay(
        substitutes, workforce, sector=sector, occupation=None, kommunenummer=kommunenummer)
    one = costs.cost_components(
        hours_away=1.0, hourly_labour_cost_nok=labour / worked,
        overtime_hourly_pay_nok=monthly * 12.0 / p["overtime_hours_divisor"],
        **{c: cover[c] for c in costs.COVER_COLUMNS}, parameters=p,
    ).iloc[0]
    return {
        "monthly_pay_nok": monthly,
        "annual_labour_cost_nok": labour,
        "hours_per_year": hours,
        "hours_worked_per_year": worked,
        "hourly_labour_cost_nok": labour / worked,
        "cover_cost_per_hour_nok": float(one["substitute_cover_nok"]),
        "uncovered_value_per_hour_nok": float(one["uncovered_value_nok"]),
    }


# --------------------------------------------------------------------------- PhD
def phd_cost(
    *,
    annual_labour_cost_nok: float,
    start_year: int,
    years: int = 3,
    rules: pd.DataFrame | None = None,
    cover_cost_per_hour_nok: float,
    uncovered_value_per_hour_nok: float = 0.0,
    supervisor_hourly_cost_nok: float | None = None,
    supervision_hours_per_year: float | None = None,
    operating_cost_per_year_nok: float | None = None,
    hours_per_year: float | None = None,
    other_duties_share: float | None = None,
    cost_growth: float = 0.0,
    price_growth: float = INFLATION_TARGET,
) -> pd.DataFrame:
    """A public-sector PhD year by year: costs, Research Council support, net cost.

    The candidate is permanently employed by the municipality and keeps the
    salary.  A 3-year PhD is full-time research; the 4-year variant leaves
    ``other_duties_share`` (25 %) for ordinary duties, so the research time is
    3 full-time years in both.

    Parameters
    ----------
    annual_labour_cost_nok : the candidate's full labour cost for a full-time
        year (pay + holiday pay + employer's contribution + pension), NOK — the
        costs module's labour cost of the candidate's pay.
    start_year : first project year (rates and discounting start here).
    years : 3 or 4 (see ``duration_years`` and ``duration_years_with_duties``).
    rules : funding rules (default: the shipped table).
    cover_cost_per_hour_nok : cash cost of covering one hour of the candidate's
        ordinary work with the sector's cover mix (qualified/unqualified
        substitutes, overtime), NOK per absent hour (uncovered hours cost 0).
    uncovered_value_per_hour_nok : economic value lost per absent hour because
        some hours stay uncovered, NOK per absent hour (averaged over all hours).
    supervisor_hourly_cost_nok : labour cost of the internal supervisor per hour
        (default: the candidate's hourly labour cost).
    supervision_hours_per_year : internal supervision and follow-up (default:
        the rules table, a NOT FOUND placeholder).
    operating_cost_per_year_nok : operating costs (travel, literature, fees to
        the university); default: the rules table, a NOT FOUND placeholder.
    hours_per_year : hours worked in a full-time year (default
        :func:`lifelong_analysis.analysis.costs.annual_hours_worked`, 1 698.2 hours for
        37.5 hours a week); research hours and the hourly supervision cost use it.
    other_duties_share : share of ordinary duties in the 4-year variant
        (default from the rules: 0.25).
    cost_growth : *real* yearly growth of the municipality's costs (salary,
        cover, supervision, operating), share; 0 keeps start-year prices.
    price_growth : inflation used to bring the Research Council's nominal rates
        (they grow 3.5–3.8 % a year) to start-year prices, so that support and
        costs are one kind of money and the real discount rate applies to both:
        ``rate in start-year prices = nominal rate / (1 + price_growth)^t``.
        Default 2 %, Norges Bank's inflation target.
        The 4-year variant's 25 % other duties is the Nærings-ph.d. rule applied
        by analogy (graded "inferred" in the rules table).

    Returns
    -------
    pandas.DataFrame, one row per project year:

    variant : "3_years" or "4_years"; year; year_index (0 = first year).
    research_share : share of a full position spent on research (0–1).
    research_hours : hours of research (= hours away from ordinary work).
    salary_social_nok : labour cost of the research time (the candidate's PAC).
    supervision_nok, operating_nok : NOK.
    approved_costs_nok : salary_social + supervision + operating.
    phd_rate_nominal_nok : the Research Council rate of the year, nominal (NOK per full-time year).
    phd_rate_nok : the same in start-year prices (deflated by ``price_growth``).
    rate_cap_nok : max_share_of_rate × rate (start-year prices) × research_share.
    approved_cap_nok : share_of_approved_costs × approved costs.
    rc_support_nok : the smaller of the two caps; binding_cap names it.
    substitute_cover_nok : cash cover of the ordinary work left (NOK).
    uncovered_value_nok : value of ordinary work left undone (NOK): a
        service-loss indicator, not added to any total (the salary already
        values the absent hours).
    net_cost_nok : the municipality's net economic cost: salary_social +
        supervision + operating − rc_support.
    cash_cost_nok : extra cash compared with the candidate doing ordinary work:
        substitute_cover + operating − rc_support.  Supervision is internal
        staff time, paid anyway, so it is not cash (it is an approved cost and
        part of ``net_cost_nok``).
    absence_cost_nok : what the absence alone costs (the PAC: salary_social).

    Examples
    --------
    >>> t = phd_cost(annual_labour_cost_nok=800_000, start_year=2026, cover_cost_per_hour_nok=500,
    ...              supervision_hours_per_year=0, operating_cost_per_year_nok=100_000)
    >>> float(t["rc_support_nok"].iloc[0])   # 0.5 × (800 000 + 100 000) < 0.5 × 1 414 000
    450000.0
    >>> round(float(t["phd_rate_nok"].iloc[1]))   # 1 464 000 (2027, nominal) / 1.02
    1435294
    """
    rules = load_scheme_rules() if rules is None else rules
    d3 = int(rule_value(rules, "public_sector_phd", "duration_years"))
    d4 = int(rule_value(rules, "public_sector_phd", "duration_years_with_duties"))
    if years not in (d3, d4):
        raise ValueError(f"years must be {d3} (full-time) or {d4} (with other duties), got {years!r}")
    if annual_labour_cost_nok <= 0:
        raise ValueError(f"annual_labour_cost_nok must be > 0 NOK, got {annual_labour_cost_nok}")
    if cover_cost_per_hour_nok < 0 or uncovered_value_per_hour_nok < 0:
        raise ValueError("cover_cost_per_hour_nok and uncovered_value_per_hour_nok must be >= 0 NOK")
    if hours_per_year is None:
        from lifelong_analysis.analysis.costs import annual_hours_worked

        hours_per_year = float(annual_hours_worked())
    if hours_per_year <= 0:
        raise ValueError(f"hours_per_year must be > 0, got {hours_per_year}")
    if other_duties_share is None:
        other_duties_share = rule_value(rules, "public_sector_phd", "other_duties_share")
    if cost_growth <= -1:
        raise ValueError(f"cost_growth must be > -1, got {cost_growth}")
    if price_growth <= -1:
        raise ValueError(f"price_growth must be > -1, got {price_growth}")
    if not 0 <= other_duties_share < 1:
        raise ValueError(f"other_duties_share must be in [0, 1), got {other_duties_share}")
    if supervision_hours_per_year is None:
        supervision_hours_per_year = rule_value(rules, "public_sector_phd", "supervision_hours_per_year")
    if operating_cost_per_year_nok is None:
        operating_cost_per_year_nok = rule_value(rules, "public_sector_phd", "operating_cost_per_year")
    hourly = annual_labour_cost_nok / hours_per_year
    sup_rate = hourly if supervisor_hourly_cost_nok is None else supervisor_hourly_cost_nok
    max_rate = rule_value(rules, "public_sector_phd", "max_share_of_rate")
    max_appr = rule_value(rules, "public_sector_phd", "share_of_approved_costs")
    research_share = 1.0 if years == d3 else 1.0 - other_duties_share
    rows = []
    for i in range(years):
        yr = start_year + i
        grow = (1 + cost_growth) ** i
        rh = research_share * hours_per_year
        salary = research_share * annual_labour_cost_nok * grow
        sup = supervision_hours_per_year * sup_rate * grow
        op = float(operating_cost_per_year_nok) * grow
        approved = salary + sup + op
        nominal = phd_rate(yr, rules)
        rate = nominal / (1 + price_growth) ** i
        rate_cap = max_rate * rate * research_share
        appr_cap = max_appr * approved
        support = min(rate_cap, appr_cap)
        cover = cover_cost_per_hour_nok * rh * grow
        unc = uncovered_value_per_hour_nok * rh * grow
        rows.append({
            "variant": f"{years}_years", "year": yr, "year_index": i,
            "research_share": research_share, "research_hours": rh,
            "salary_social_nok": salary, "supervision_nok": sup, "operating_nok": op,
            "approved_costs_nok": approved, "phd_rate_nominal_nok": nominal, "phd_rate_nok": rate,
            "rate_cap_nok": rate_cap, "approved_cap_nok": appr_cap, "rc_support_nok": support,
            "binding_cap": "rate" if rate_cap < appr_cap else "approved_costs",
            "substitute_cover_nok": cover, "uncovered_value_nok": unc,
            "net_cost_nok": salary + sup + op - support,
            "cash_cost_nok": cover + op - support,
            "absence_cost_nok": salary,
        })
    return pd.DataFrame(rows)


def npv(amounts, *, discount_rate: float = DISCOUNT_RATE, first_year_index: int = 0) -> float:
    """Net present value of yearly amounts: ``sum(a_t / (1 + r)^t)``, t = 0 for the first year.

    Amounts are taken as falling at the start of each year (the first is not
    discounted).  ``discount_rate`` is real, per year (default 4 %, R-109).

    >>> round(npv([100, 100], discount_rate=0.04), 4)   # 100 + 100/1.04
    196.1538
    """
    if discount_rate <= -1:
        raise ValueError(f"discount_rate must be > -1, got {discount_rate}")
    a = np.asarray(list(amounts), dtype=float)
    t = np.arange(len(a)) + first_year_index
    return float(np.sum(a / (1 + discount_rate) ** t))


def phd_summary(table: pd.DataFrame, *, discount_rate: float = DISCOUNT_RATE) -> pd.DataFrame:
    """Totals and net present values per PhD variant.

    Parameters
    ----------
    table : output of :func:`phd_cost` (one or more variants concatenated).
    discount_rate : real discount rate per year (default 4 %, R-109).

    Returns
    -------
    pandas.DataFrame, one row per variant: variant, years, rc_support_nok,
    net_cost_nok, cash_cost_nok, absence_cost_nok (sums, NOK), and
    npv_net_cost_nok, npv_cash_cost_nok, npv_absence_cost_nok, npv_rc_support_nok
    (discounted to the first year), discount_rate.
    """
    if not 0 <= discount_rate < 1:
        raise ValueError(f"discount_rate must be a share in [0, 1), got {discount_rate}")
    rows = []
    for variant, g in table.groupby("variant", sort=False):
        g = g.sort_values("year_index")
        row = {"variant": variant, "years": len(g)}
        for c in ("rc_support_nok", "net_cost_nok", "cash_cost_nok", "absence_cost_nok"):
            row[c] = float(g[c].sum())
        for c in ("net_cost_nok", "cash_cost_nok", "absence_cost_nok", "rc_support_nok"):
            row["npv_" + c] = npv(g[c], discount_rate=discount_rate)
        row["discount_rate"] = discount_rate
        rows.append(row)
    return pd.DataFrame(rows)


PHD_COMPONENTS = ["salary_social_nok", "supervision_nok", "operating_nok", "substitute_cover_nok",
                  "uncovered_value_nok", "rc_support_nok", "net_cost_nok", "cash_cost_nok", "absence_cost_nok"]


def phd_long(table: pd.DataFrame) -> pd.DataFrame:
    """The PhD table as year × component (long): variant, year, component, amount_nok."""
    return table.melt(id_vars=["variant", "year"], value_vars=PHD_COMPONENTS,
                      var_name="component", value_name="amount_nok")


def phd_variants(*, years: Iterable[int] = (3, 4), **kwargs) -> pd.DataFrame:
    """:func:`phd_cost` for several variants (e.g. 3 and 4 years) stacked; same keyword arguments."""
    years = [years] if isinstance(years, (int, np.integer)) else list(years)
    if not years:
        raise ValueError("years is empty; give 3, 4 or [3, 4]")
    return pd.concat([phd_cost(years=int(y), **kwargs) for y in years], ignore_index=True)


def phd_wide(table: pd.DataFrame) -> pd.DataFrame:
    """The PhD table for export (year × component): variant, year, binding_cap and the NOK components."""
    return table[["variant", "year", "research_share", "research_hours", *PHD_COMPONENTS[:6],
                  "approved_costs_nok", "phd_rate_nominal_nok", "phd_rate_nok", "binding_cap",
                  *PHD_COMPONENTS[6:]]].copy()


# --------------------------------------------------------------------------- notebook helpers
def parameter_overrides(*, hc_grant_share: float | None = None) -> pd.DataFrame | None:
    """Rules built from notebook parameters (to pass as ``scheme_rules(overrides=...)``).

    ``hc_grant_share``: the state's share of the cash cost under the health and
    care competence grant.  Its rate is NOT FOUND in the reference material, so
    the row stays flagged ``not_found`` whatever value is given.
    """
    if hc_grant_share is None:
        return None
    v = float(hc_grant_share)
    if not 0 <= v <= 1:
        raise ValueError(f"hc_grant_share must be a share between 0 and 1, got {hc_grant_share!r}")
    return pd.DataFrame([{
        "scheme": "hc_competence_grant", "payer": "state", "rule": "share_of_cash_cost", "value": v,
        "unit": "share", "recipient": "municipality", "year": 2024, "not_found": True, "evidence": "not found",
        "source": "notebook parameter hc_grant_share (published rate not found)", "url": np.nan,
        "note": "NOT FOUND: the grant rate and the municipal own share are not published; set by the user.",
    }])


def check_report_parameters(
    *,
    municipality,
    sector: str,
    schemes,
    study_points,
    n_participants,
    phd_years,
    phd_start_year,
    discount_rate,
    horizon_year,
    language: str,
    rules: pd.DataFrame | None = None,
    n_draws=2000,
    seed=0,
) -> dict:
    """Validate the parameters of notebook 03; a clear ``ValueError`` for the first bad one.

    Returns
    -------
    dict of the normalised values: municipality (4-character str), sector,
    schemes (list), study_points (float), n_participants (int), phd_years
    (list of int), phd_start_year (int), discount_rate (float), horizon_year
    (int), language, n_draws (int, at least 100) and seed (int) of the Monte
    Carlo behind the headline ranges.
    """
    k = str(municipality).strip()
    if k.isdigit() and len(k) < 4:
        k = k.zfill(4)
    if not (k.isdigit() and len(k) == 4):
        raise ValueError(f"municipality must be a 4-digit kommunenummer such as '5001' (Trondheim), got {municipality!r}")
    if not isinstance(sector, str):
        raise ValueError(f"sector must be one code, got {sector!r}. Valid values: {', '.join(vocab.codes('sector'))}.")
    vocab.check_codes("sector", sector, what="sector")
    schemes = check_schemes(schemes, rules)
    try:
        sp = float(study_points)
    except (TypeError, ValueError):
        raise ValueError(f"study_points must be a number of ECTS (e.g. 30), got {study_points!r}") from None
    if not 0 < sp <= 120:
        raise ValueError(f"study_points must be above 0 and at most 120 ECTS, got {study_points!r}")
    if isinstance(n_participants, bool) or not float(n_participants).is_integer() or int(n_participants) < 1:
        raise ValueError(f"n_participants must be a whole number >= 1, got {n_participants!r}")
    years = [phd_years] if isinstance(phd_years, (int, np.integer, str)) else list(phd_years)
    try:
        years = [int(y) for y in years]
    except (TypeError, ValueError):
        raise ValueError(f"phd_years must be 3, 4 or [3, 4], got {phd_years!r}") from None
    if not years or any(y not in (3, 4) for y in years):
        raise ValueError(f"phd_years must be 3, 4 or [3, 4], got {phd_years!r}")
    if not 2000 <= int(phd_start_year) <= 2100:
        raise ValueError(f"phd_start_year must be a year 2000–2100, got {phd_start_year!r}")
    r = float(discount_rate)
    if not 0 <= r < 1:
        raise ValueError(f"discount_rate must be a share per year in [0, 1) (0.04 = 4 %), got {discount_rate!r}")
    if not 2019 <= int(horizon_year) <= 2100:
        raise ValueError(f"horizon_year must be a year after 2018 (the base year) and at most 2100, got {horizon_year!r}")
    if language not in vocab.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(vocab.LANGUAGES)}, got {language!r}")
    try:
        nd, sd = float(n_draws), float(seed)
    except (TypeError, ValueError):
        raise ValueError(f"n_draws and seed must be whole numbers, got {n_draws!r} and {seed!r}") from None
    if isinstance(n_draws, bool) or not nd.is_integer() or nd < 100:
        raise ValueError(f"n_draws must be a whole number of at least 100 for stable P5/P95, got {n_draws!r}")
    if isinstance(seed, bool) or not sd.is_integer():
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    return {"municipality": k, "sector": sector, "schemes": schemes, "study_points": sp,
            "n_participants": int(n_participants), "phd_years": years, "phd_start_year": int(phd_start_year),
            "discount_rate": r, "horizon_year": int(horizon_year), "language": language,
            "n_draws": int(nd), "seed": int(sd)}


def split_table(split: pd.DataFrame, *, perspective: str = "cash", language: str = "nb") -> tuple[pd.DataFrame, list[str]]:
    """Scheme × payer table of one perspective with report labels, and its NOK columns.

    Returns
    -------
    (table, nok_columns): for ``display.table(table, language, nok=nok_columns)``.
    """
    m = split_matrix(split, perspective=perspective)
    m["scheme"] = m["scheme"].map(lambda s: vocab.label("funding_scheme", s, language))
    names = {"scheme": "Finansieringsmodell" if language == "nb" else "Funding scheme",
             "total_nok": "Totalt" if language == "nb" else "Total", **vocab.labels("payer", language)}
    m = m.rename(columns=names)
    return m, [c for c in m.columns if c != names["scheme"]]


PHD_LABELS = {
    "variant": ("Variant", "Variant"),
    "year": ("År", "Year"),
    "salary_social_nok": ("Lønn og sos. kostn.", "Salary and social costs"),
    "supervision_nok": ("Veiledning", "Supervision"),
    "operating_nok": ("Drift", "Operating"),
    "substitute_cover_nok": ("Vikar/overtid", "Substitutes/overtime"),
    "uncovered_value_nok": ("Udekket verdi", "Uncovered value"),
    "rc_support_nok": ("Forskningsrådet", "Research Council"),
    "net_cost_nok": ("Netto kostnad", "Net cost"),
    "cash_cost_nok": ("Kontantkostnad", "Cash cost"),
    "absence_cost_nok": ("Fravær alene", "Absence alone"),
    "binding_cap": ("Begrensning som binder", "Binding cap"),
}


def phd_table(phd: pd.DataFrame, *, language: str = "nb") -> tuple[pd.DataFrame, list[str]]:
    """The PhD table with report labels (variant, year, NOK components, binding cap), and its NOK columns."""
    i = 0 if language == "nb" else 1
    cols = list(PHD_LABELS)
    t = phd[cols].copy()
    t["variant"] = t["variant"].map(lambda v: f"{v.split('_')[0]} {'år' if i == 0 else 'years'}")
    caps = {"rate": ("50 % av satsen", "50% of the rate"), "approved_costs": ("50 % av godkjente kostnader",
                                                                              "50% of approved costs")}
    t["binding_cap"] = t["binding_cap"].map(lambda c: caps[c][i])
    t["year"] = t["year"].astype(str)
    t = t.rename(columns={c: PHD_LABELS[c][i] for c in cols})
    return t, [PHD_LABELS[c][i] for c in cols if c.endswith("_nok")]


def describe_split(split: pd.DataFrame, components: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown text for a decision maker: who pays what under each scheme (cash perspective)."""
    from lifelong_analysis.reporting.formatting import format_nok, format_number, format_share

    cash = split[split["perspective"] == "cash"]
    c = components.iloc[0]
    n = int(c["n_participants"])
    lines = []
    nb = language == "nb"
    lines.append(
        (f"Et program der **{n} ansatte** tar **{format_number(c['study_points'], 0, language)} studiepoeng** hver "
         f"gir {format_number(c['hours_away'], 0, language)} timer borte fra ordinært arbeid. I kroner koster det "
         f"kommunen {format_nok(c['direct_cost_nok'], language=language)} i direkte kostnader og "
         f"{format_nok(c['substitute_cover_nok'], language=language)} i vikar- og overtidsutgifter "
         f"(kontantperspektiv). Verdien av arbeidstiden deltakerne er borte (lønn og sosiale kostnader per arbeidet "
         f"time) er {format_nok(c['pac_nok'], language=language)}; den legges ikke sammen med vikarutgiftene. Timene borte "
         f"følger regelen i Kompetanse for kvalitet: 37,5 % av full stilling for 30 studiepoeng.")
        if nb else
        (f"A programme in which **{n} employees** each take **{format_number(c['study_points'], 0, language)} study "
         f"points** takes {format_number(c['hours_away'], 0, language)} hours away from ordinary work. In cash it costs "
         f"{format_nok(c['direct_cost_nok'], language=language)} in direct costs and "
         f"{format_nok(c['substitute_cover_nok'], language=language)} in substitute and overtime pay. The value of the "
         f"participants' working time (salary and social costs per hour worked) is "
         f"{format_nok(c['pac_nok'], language=language)}; it "
         f"is not added to the substitute pay. The hours away follow the Kompetanse for kvalitet rule: 37.5% of a "
         f"full-time position for 30 study points.")
    )
    lines.append("")
    lines.append("Egen tid er aldri penger: den verdsettes til den ansattes timekostnad og vises bare i det "
                 "samfunnsøkonomiske perspektivet. I Kompetanse for kvalitet er 60/15/25 andeler av lærerens *hele* "
                 "studietid: frikjøpet (37,5 % av stillingen) er statens 60 og skoleeierens 15, så staten dekker 60/75 "
                 "= 80 % av vikarregningen og skoleeier 20 %; lærerens 25 % er egen tid i tillegg. I stipendordningen "
                 "er det ingen vikarregning: læreren studerer på egen tid, og stipendet går fra staten til læreren."
                 if nb else
                 "Own time is never money: it is valued at the employee's labour cost and shown only in the economic "
                 "perspective. In Kompetanse for kvalitet 60/15/25 are shares of the teacher's *whole* study time: the "
                 "release (37.5% of the position) is the state's 60 and the school owner's 15, so the state covers "
                 "60/75 = 80% of the substitute bill and the owner 20%; the teacher's 25% is own time on top. The "
                 "stipend model has no substitute bill: the teacher studies in own time and the stipend goes from "
                 "the state to the teacher.")
    lines.append("")
    for scheme, g in cash.groupby("scheme", sort=False):
        g = g.set_index("payer")
        mun = g.loc["municipality", "amount_nok"]
        total = g["total_nok"].iloc[0]
        others = [(p, g.loc[p, "amount_nok"]) for p in g.index if p != "municipality" and abs(g.loc[p, "amount_nok"]) > 0.5]
        parts = []
        for p, a in others:
            who = vocab.label("payer", p, language)
            who = who if p == "research_council" else who.lower()
            who = who if nb else "the " + who
            own = g.loc[p, "own_time_nok"]
            if p == "employee" and abs(g.loc[p, "cash_nok"]) > 0.5 and own <= 0.5:
                parts.append(f"den ansatte får {format_nok(-g.loc[p, 'cash_nok'], language=language)} i stipend"
                             if nb else
                             f"the employee receives {format_nok(-g.loc[p, 'cash_nok'], language=language)} in stipends")
            elif p == "employee" and own > 0:
                parts.append((f"den ansatte studerer på egen tid (tilsvarer {format_nok(own, language=language)})"
                              + (f" og får {format_nok(-g.loc[p, 'cash_nok'], language=language)} i stipend"
                                 if g.loc[p, "cash_nok"] < -0.5 else ""))
                             if nb else
                             (f"the employee studies in own time (worth {format_nok(own, language=language)})"
                              + (f" and receives {format_nok(-g.loc[p, 'cash_nok'], language=language)} in stipends"
                                 if g.loc[p, "cash_nok"] < -0.5 else "")))
            else:
                parts.append(f"{who} {'betaler' if nb else 'pays'} {format_nok(a, language=language)}")
        flag = (" *(sats ikke funnet – plassholder)*" if nb else " *(rate not found – placeholder)*") \
            if g["not_found"].any() else ""
        label = vocab.label("funding_scheme", scheme, language)
        share = format_share(mun / total if total else 0, language=language)
        if nb:
            lines.append(f"- **{label}**{flag}: kommunen bærer {format_nok(mun, language=language)} ({share})"
                         + ("; " + "; ".join(parts) if parts else "") + ".")
        else:
            lines.append(f"- **{label}**{flag}: the municipality carries {format_nok(mun, language=language)} ({share})"
                         + ("; " + "; ".join(parts) if parts else "") + ".")
    return "\n".join(lines)


def describe_phd(summary: pd.DataFrame, *, language: str = "nb") -> str:
    """Markdown text: what a public-sector PhD costs the municipality net, against the absence alone.

    Amounts are rounded to three significant figures (:func:`~lifelong_analysis.reporting.formatting.format_estimate`);
    the PhD has no Monte Carlo, so no P5–P95 range is given; the table keeps full kroner.
    """
    from lifelong_analysis.reporting.formatting import format_estimate, format_share

    lines = []
    for r in summary.itertuples(index=False):
        n = int(r.years)
        rc = format_estimate(r.rc_support_nok, language=language)
        net = format_estimate(r.npv_net_cost_nok, language=language)
        absn = format_estimate(r.npv_absence_cost_nok, language=language)
        cash = format_estimate(r.npv_cash_cost_nok, language=language)
        ratio = format_share(r.npv_net_cost_nok / r.npv_absence_cost_nok if r.npv_absence_cost_nok else 0,
                             language=language)
        rate = format_share(r.discount_rate, decimals=1, language=language)
        if language == "nb":
            lines.append(
                f"- **{n} år:** Forskningsrådet dekker {rc} i alt. Netto koster ph.d.-en kommunen {net} i nåverdi "
                f"({rate} kalkulasjonsrente), mot {absn} for fraværet alene – netto er {ratio} av fraværskostnaden. "
                f"I kontanter (vikarer og drift minus støtte) er nåverdien {cash}.")
        else:
            lines.append(
                f"- **{n} years:** the Research Council covers {rc} in all. Net, the PhD costs the municipality {net} "
                f"in present value ({rate} discount rate), against {absn} for the absence alone – the net cost is "
                f"{ratio} of the absence cost. In cash (substitutes and operating costs less support) the "
                f"present value is {cash}.")
    return "\n".join(lines)


def key_results(split: pd.DataFrame, phd_summary: pd.DataFrame, *, language: str = "nb",
                ranges: pd.DataFrame | None = None) -> str:
    """Short Markdown summary for decision makers ("Kort fortalt" / "In short").

    Two results, in the cash perspective of :func:`split_costs`:

    * who carries most under the schemes compared: in how many schemes the
      municipality carries the largest amount, the scheme cheapest and the
      scheme dearest for the municipality (NOK and share of the programme's
      cash cost), and the largest payer where that is not the municipality;
    * for each public-sector PhD variant of :func:`phd_summary`: the
      municipality's net cost in present value against the present value of
      the absence alone (salary and social costs of the research time).

    Amounts are rounded to three significant figures with their P5–P95 range
    from ``ranges`` (:func:`split_ranges`) when given ("om lag 2,24 mill. kr
    (1,91–2,63)"); the PhD amounts have no range (no Monte Carlo) and say so.
    Schemes or variants resting on rates that were not found in the sources
    (``not_found``) are marked as placeholders in the same paragraph.

    Parameters
    ----------
    split : output of :func:`split_costs` (must include the "cash" perspective).
    phd_summary : output of :func:`phd_summary` (may be empty: the PhD sentence is left out).
    language : "nb" (bokmål) or "en".
    ranges : output of :func:`split_ranges` (optional): P5–P95 of the amounts.

    Returns
    -------
    str : Markdown, one paragraph beginning with "**Kort fortalt.**" / "**In short.**".

    Examples
    --------
    >>> import pandas as pd
    >>> split = pd.DataFrame({"scheme": ["employer_pays", "employer_pays"], "perspective": ["cash", "cash"],
    ...     "payer": ["municipality", "state"], "amount_nok": [100_000.0, 0.0], "total_nok": [100_000.0] * 2,
    ...     "not_found": [False, False]})
    >>> key_results(split, pd.DataFrame(), language="en").startswith("**In short.** The municipality carries")
    True
    """
    from lifelong_analysis.reporting.formatting import format_estimate, format_share

    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    missing = {"scheme", "perspective", "payer", "amount_nok", "total_nok"} - set(split.columns)
    if missing:
        raise ValueError(f"split lacks the columns {sorted(missing)}; give the output of split_costs")
    cash = split[split["perspective"] == "cash"]
    if cash.empty:
        raise ValueError("split has no rows of the 'cash' perspective; run split_costs with perspectives including 'cash'")
    nb = language == "nb"

    rng = {}
    if ranges is not None and len(ranges):
        r_cash = ranges[ranges["perspective"] == "cash"]
        rng = {(r.scheme, r.payer): (r.p5_nok, r.p95_nok) for r in r_cash.itertuples(index=False)}

    def nok(x, scheme=None, payer="municipality"):
        lo, hi = rng.get((scheme, payer), (None, None))
        return format_estimate(x, lo, hi, language=language)

    def scheme_name(s, flagged):
        label = vocab.label("funding_scheme", s, language)
        return f"{label}*" if flagged else label

    rows = []
    for scheme, g in cash.groupby("scheme", sort=False):
        g = g.set_index("payer")
        mun = float(g.loc["municipality", "amount_nok"]) if "municipality" in g.index else 0.0
        top = g["amount_nok"].astype(float).idxmax()
        total = float(g["total_nok"].iloc[0])
        rows.append({"scheme": scheme, "municipality": mun, "share": mun / total if total else np.nan,
                     "top": top, "top_amount": float(g.loc[top, "amount_nok"]),
                     "flagged": bool(g["not_found"].any()) if "not_found" in g else False})
    t = pd.DataFrame(rows)
    n_mun = int((t["top"] == "municipality").sum())
    best, worst = t.loc[t["municipality"].idxmin()], t.loc[t["municipality"].idxmax()]
    others = t[t["top"] != "municipality"]

    def payer_name(p):
        who = vocab.label("payer", p, language)
        return who if p == "research_council" else (who.lower() if nb else "the " + who.lower())

    groups = [f"{payer_name(p)} ({(' og ' if nb else ' and ').join(scheme_name(r.scheme, r.flagged) for r in g.itertuples(index=False))})"
              for p, g in others.groupby("top", sort=False)]
    starred = bool(best.flagged or worst.flagged or others["flagged"].any())
    text = []
    if nb:
        text.append(f"**Kort fortalt.** Kommunen bærer den største delen av kontantkostnaden i {n_mun} av {len(t)} "
                    "finansieringsmodeller.")
        if len(t) > 1:
            text.append(f"Billigst for kommunen er {scheme_name(best.scheme, best.flagged)} "
                        f"({nok(best.municipality, best.scheme)}, {format_share(best.share, language=language)}), "
                        f"dyrest er {scheme_name(worst.scheme, worst.flagged)} ({nok(worst.municipality, worst.scheme)}, "
                        f"{format_share(worst.share, language=language)}).")
        if groups:
            text.append("I de andre modellene bærer andre mest: " + "; ".join(groups) + ".")
    else:
        text.append(f"**In short.** The municipality carries the largest part of the cash cost under {n_mun} of "
                    f"{len(t)} funding schemes.")
        if len(t) > 1:
            text.append(f"Cheapest for the municipality is {scheme_name(best.scheme, best.flagged)} "
                        f"({nok(best.municipality, best.scheme)}, {format_share(best.share, language=language)}), "
                        f"dearest is {scheme_name(worst.scheme, worst.flagged)} ({nok(worst.municipality, worst.scheme)}, "
                        f"{format_share(worst.share, language=language)}).")
        if groups:
            text.append("Under the other schemes others carry most: " + "; ".join(groups) + ".")
    variants = []
    for r in phd_summary.itertuples(index=False):
        ratio = format_share(r.npv_net_cost_nok / r.npv_absence_cost_nok if r.npv_absence_cost_nok else np.nan,
                             language=language)
        variants.append(f"{nok(r.npv_net_cost_nok)} over {int(r.years)} " + ("år" if nb else "years")
                        + (f" (fraværet alene: {nok(r.npv_absence_cost_nok)}; netto er {ratio} av det)" if nb else
                           f" (the absence alone: {nok(r.npv_absence_cost_nok)}; the net cost is {ratio} of it)"))
    if variants:
        text.append(("En offentlig sektor-ph.d. koster kommunen netto, i nåverdi, " + " og ".join(variants)
                     + " (uten usikkerhetsintervall; driftskostnader og veiledningstimer er plassholdere).")
                    if nb else
                    ("A public-sector PhD costs the municipality, net in present value, " + " and ".join(variants)
                     + " (no uncertainty range; operating costs and supervision hours are placeholders)."))
    if rng:
        text.append("Intervallene i parentes er P5–P95 fra simuleringen av vikartilgang, lønn og timer." if nb else
                    "The ranges in brackets are P5–P95 from the simulation of substitute availability, pay and hours.")
    if starred:
        text.append("\\* Bygger på satser som ikke er funnet i kildene (plassholdere)." if nb else
                    "\\* Rests on rates not found in the sources (placeholders).")
    return " ".join(text)


_RULE_TEXT = {
    "share_of_study_time": ("{v} av studietiden", "{v} of the study time"),
    "own_time": ("{v} av studietiden på egen tid (ingen vikarregning)", "{v} of the study time in own time (no substitute bill)"),
    "share_of_substitute_cover": ("{v} av vikarregningen", "{v} of the substitute bill"),
    "share_of_time_cost": ("{v} av tidskostnaden", "{v} of the time cost"),
    "share_of_cash_cost": ("{v} av kontantkostnaden", "{v} of the cash cost"),
    "share_of_approved_costs": ("{v} av godkjente kostnader (høyst 50 % av satsen per årsverk)",
                                "{v} of approved costs (at most 50% of the rate per full-time year)"),
    "amount_per_30sp": ("{n} per 30 studiepoeng per deltaker", "{n} per 30 study points per participant"),
    "residual": ("resten", "the rest"),
}


#: Evidence grades of ``resources/funding_schemes.csv`` in words (bokmål, English).
_EVIDENCE_WORDS = {
    "verbatim": ("sett i kilden", "as published"),
    "secondary": ("sekundærkilde", "secondary source"),
    "inferred": ("utledet", "inferred"),
    "baseline": ("utgangspunkt", "baseline"),
    "not found": ("ikke funnet", "not found"),
}


def scheme_rules_table(rules: pd.DataFrame, schemes: Iterable[str], *, language: str = "nb") -> pd.DataFrame:
    """Which split rule each scheme uses, per payer, with its source and grade (for the report).

    Returns
    -------
    pandas.DataFrame with report headings: scheme, payer, rule (in words, with
    the value), evidence ("not found" flagged), source.

    Examples
    --------
    >>> t = scheme_rules_table(load_scheme_rules(), ["kfk_substitute"], language="en")
    >>> t.iloc[0, 2]
    '60% of the study time'
    """
    from lifelong_analysis.reporting.formatting import format_nok, format_share

    i = 0 if language == "nb" else 1
    rows = []
    for scheme in schemes:
        sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
        for r in sr.itertuples(index=False):
            v = format_share(r.value, language=language) if pd.notna(r.value) else ""
            n = format_nok(r.value, language=language) if pd.notna(r.value) else ""
            what = _RULE_TEXT[r.rule][i].format(v=v, n=n)
            ev = (("IKKE FUNNET (plassholder)", "NOT FOUND (placeholder)")[i] if r.not_found
                  else _EVIDENCE_WORDS.get(str(r.evidence).strip().lower(), (r.evidence, r.evidence))[i])
            # the id of the published figure behind a rule is for researchers (it stays in the CSV)
            source = _source_words(re.sub(r"\s*\(published_figures:[^)]*\)", "", str(r.source)), language)
            rows.append({("Ordning", "Scheme")[i]: vocab.label("funding_scheme", scheme, language),
                         ("Betaler", "Payer")[i]: vocab.label("payer", r.payer, language),
                         ("Regel", "Rule")[i]: what, ("Evidens", "Evidence")[i]: ev,
                         ("Kilde", "Source")[i]: source})
    return pd.DataFrame(rows)
