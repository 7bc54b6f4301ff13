"""Population by age and year: the users that drive the workforce projection's demand.

The population comes in the Statistics Norway statbank format (JSON-stat 2.0,
as PxWebApi v2 returns it for tables such as 07459 and 14288; see
:mod:`lifelong_analysis.data.pxweb`), is read with
:func:`lifelong_analysis.data.statbank.read_statbank` and validated against the
``population`` table kind (:data:`lifelong_analysis.data.tables.POPULATION`).

:func:`demand_index` turns it into the demand driver of each service
(SSB LÆRERMOD's *demografikomponent*): users(t) / users(base year), with the
user groups of ``resources/demand_drivers.csv`` (80+ and 67–79 for health and
care, 1–5 for kindergartens, 6–15 for schools).

:func:`write_synthetic_projection` writes the shipped SYNTHETIC projection
``data/synthetic/population_projection.json``::

    python -m lifelong_analysis.data.population --out data/synthetic/population_projection.json

Examples
--------
>>> pop = synthetic_population("5001", years=range(2025, 2051))
>>> old = pop[pop.age >= 80].groupby("year")["persons"].sum()
>>> round(float(old[2050] / old[2025]), 2)     # 80+ about doubles (SSB 2024 national projection)
2.0
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from lifelong_analysis import paths
from lifelong_analysis.data import vocab
from lifelong_analysis.data.readers import validate_frame
from lifelong_analysis.data.statbank import read_statbank
from lifelong_analysis.outputs import write_text_atomic

DRIVERS_FILE = paths.RESOURCES_DIR / "demand_drivers.csv"
#: File name of the population table in a dataset folder.
FILE_NAME = "population_projection.json"
_SEX_CODES = {"1": "male", "2": "female", "0": None}
_AGE = re.compile(r"^\s*(\d{1,3})")


def demand_drivers() -> pd.DataFrame:
    """The user groups of each demand driver, with weights and sources.

    Returns
    -------
    pandas.DataFrame: driver (health, kindergarten, school), age_from, age_to,
    weight (users per person in the band, relative), evidence, source, url.

    Examples
    --------
    >>> demand_drivers().query("driver == 'school'")[["age_from", "age_to"]].values.tolist()
    [[6, 15]]
    """
    return pd.read_csv(DRIVERS_FILE, dtype={"driver": str, "evidence": str, "source": str, "url": str})


def from_statbank(df: pd.DataFrame, *, content: str | None = None, source_name: str = "population") -> pd.DataFrame:
    """A statbank table (output of :func:`~lifelong_analysis.data.statbank.read_statbank`) as a population table.

    Parameters
    ----------
    df : tidy statbank table with the dimensions ``Region``, ``Alder``, ``Tid``
        and optionally ``Kjonn`` (1 men, 2 women) and ``ContentsCode``.
    content : ContentsCode to keep (e.g. ``"Personer"`` or ``"Personer1"``);
        default: the only one (an error names them when there are several).
    source_name : name used in messages.

    Returns
    -------
    pandas.DataFrame validated against the ``population`` kind: kommunenummer,
    year, age, sex, persons (plus data_origin when the source says so).

    Raises
    ------
    ValueError
        A required dimension is missing, or several contents without ``content``.
    DataValidationError
        Missing values (SSB symbols such as ".." are never read as 0), bad codes.
    """
    need = {"Region", "Alder", "Tid"}
    missing = need - set(df.columns)
    if missing:
        raise ValueError(f"{source_name}: the statbank table lacks the dimension(s) {', '.join(sorted(missing))}; "
                         f"columns: {', '.join(df.columns)}")
    if "ContentsCode" in df.columns:
        contents = list(dict.fromkeys(df["ContentsCode"]))
        if content is None and len(contents) > 1:
            raise ValueError(f"{source_name}: several contents ({', '.join(contents)}); choose one with content=")
        if content is not None:
            if content not in contents:
                raise ValueError(f"{source_name}: no content {content!r}; contents: {', '.join(contents)}")
            df = df[df["ContentsCode"] == content]
    out = pd.DataFrame({
        "kommunenummer": df["Region"].astype(str).str.replace(r"^[A-Za-z]{1,3}-", "", regex=True),
        "year": df["Tid"].astype(str).str.slice(0, 4),
        "age": df["Alder"].astype(str).map(lambda a: m.group(1) if (m := _AGE.match(a)) else a),
        "sex": df["Kjonn"].astype(str).map(lambda c: _SEX_CODES.get(c, c)) if "Kjonn" in df.columns else None,
        "persons": df["value"],
    })
    out["persons"] = out["persons"].astype(object).where(out["persons"].notna(), None)
    out.index = range(len(out))
    return validate_frame(out, "population", source_name=source_name)


def read_population(path: str | Path, *, content: str | None = None) -> pd.DataFrame:
    """Read a population table from a statbank file (JSON-stat 2.0/1.x or CSV).

    The file is read with :func:`lifelong_analysis.data.statbank.read_statbank` and
    converted with :func:`from_statbank`.  ``df.attrs["synthetic"]`` is True when
    the file's ``extension`` says ``"synthetic": true``.
    """
    path = paths.resolve(path)
    df = from_statbank(read_statbank(path), content=content, source_name=path.name)
    synthetic = False
    if path.suffix.lower() == ".json":
        with open(path, encoding="utf-8-sig") as fh:
            doc = json.load(fh)
        synthetic = bool((doc.get("extension") or {}).get("synthetic"))
    df.attrs.update(source=str(path), synthetic=synthetic)
    return df


def demand_index(
    population: pd.DataFrame,
    *,
    kommunenummer: str,
    base_year: int,
    years: Iterable[int],
    drivers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Users of each service relative to the base year (LÆRERMOD's demographic component).

    users(driver, t) = Σ_bands weight × persons(age in band, t); index = users(t) / users(base).

    Parameters
    ----------
    population : population table (:func:`from_statbank`); sexes are summed.
    kommunenummer : municipality.
    base_year : the year with index 1.
    years : years wanted (each must be in the table).
    drivers : user groups (default :func:`demand_drivers`).

    Returns
    -------
    pandas.DataFrame: driver, year, users (persons, weighted), index (1 in the base year).

    Examples
    --------
    >>> pop = pd.DataFrame({"kommunenummer": "5001", "year": [2025, 2025, 2026, 2026], "age": [7, 85, 7, 85],
    ...                     "sex": None, "persons": [100.0, 10.0, 90.0, 12.0]})
    >>> d = demand_index(pop, kommunenummer="5001", base_year=2025, years=[2025, 2026])
    >>> d.query("year == 2026").set_index("driver")["index"].round(3).to_dict()
    {'health': 1.2, 'kindergarten': nan, 'school': 0.9}
    """
    drivers = demand_drivers() if drivers is None else drivers
    years = sorted(set(int(y) for y in years) | {int(base_year)})
    p = population[population["kommunenummer"] == str(kommunenummer)]
    if p.empty:
        known = ", ".join(sorted(population["kommunenummer"].unique()))
        raise ValueError(f"No population for municipality {kommunenummer!r}; the table has: {known}. "
                         "Fetch it with lifelong_analysis.data.pxweb.fetch_population().")
    have = set(p["year"].astype(int))
    lacking = [y for y in years if y not in have]
    if lacking:
        raise ValueError(f"The population table for {kommunenummer} lacks the years {lacking[0]}–{lacking[-1]}; "
                         f"it covers {min(have)}–{max(have)}")
    by = p.groupby(["year", "age"])["persons"].sum().unstack("age").reindex(years).fillna(0.0)
    ages = by.columns.to_numpy()
    rows = []
    for driver, d in drivers.groupby("driver", sort=True):
        w = np.zeros(len(ages))
        for r in d.itertuples():
            w += np.where((ages >= r.age_from) & (ages <= r.age_to), float(r.weight), 0.0)
        users = by.to_numpy() @ w
        base = users[years.index(int(base_year))]
        for y, u in zip(years, users):
            rows.append({"driver": driver, "year": y, "users": float(u), "index": float(u / base) if base > 0 else np.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- synthetic projection
#: Calibration of the synthetic projection.  Growth of each band relative to the base year 2025;
#: evidence per line.  National figures applied to the municipality: it is SYNTHETIC.
SYNTHETIC_CALIBRATION = (
    ("total_2025", 214_000, "persons", "assumption: Trondheim 207 595 on 1.1.2021 (KS TRD3.0 page) grown ~0.8 %/yr"),
    ("share_80plus_2025", 0.038, "share", "assumption: below the national ~5 % (285 000 of 5.55 m, 2026)"),
    ("growth_80plus_2025_2050", 2.0, "ratio", "SSB befolkningsframskriving 2024: 80+ about doubles by 2050 (national)"),
    ("growth_80plus_2026_2035", 1.46, "ratio", "SSB main alternative (table 13599) as read by omsorgsradar: +46 % 2026-2035 (national)"),
    ("growth_67_79_2025_2050", 1.20, "ratio", "assumption (not found)"),
    ("growth_1_5_2025_2050", 0.95, "ratio", "assumption (not found; fertility 1.7 in the 2022 projection)"),
    ("growth_6_15_2025_2050", 0.93, "ratio", "assumption (not found)"),
    ("growth_other_2025_2050", 1.10, "ratio", "assumption (not found)"),
)


def _path_80plus(years: np.ndarray, g2635: float, g2550: float) -> np.ndarray:
    """Piecewise geometric 80+ path: 2025→2026 like 2026→2035, through 2035, then to the 2050 ratio."""
    r1 = g2635 ** (1 / 9)
    at2035 = r1 ** 10
    r2 = (g2550 / at2035) ** (1 / 15)
    return np.where(years <= 2035, r1 ** (years - 2025), at2035 * r2 ** (years - 2035))


def synthetic_population(kommunenummer: str = "5001", *, years: Iterable[int] = range(2025, 2051),
                         total: float | None = None) -> pd.DataFrame:
    """A SYNTHETIC population projection by one-year age (0–100) and sex, calibrated to national figures.

    Base-year (2025) age structure: a smooth synthetic shape with
    :data:`SYNTHETIC_CALIBRATION`'s 80+ share; each band (1–5, 6–15, 67–79, 80+,
    the rest) grows geometrically to its 2050 ratio (80+: ×1.46 from 2026 to
    2035 and ×2.0 from 2025 to 2050).  Sexes split 50/50 below 70, women a rising
    share above (assumption).  Not a real projection.

    Returns
    -------
    pandas.DataFrame: kommunenummer, year, age, sex, persons, data_origin ("synthetic").
    """
    cal = {k: v for k, v, *_ in SYNTHETIC_CALIBRATION}
    total = cal["total_2025"] if total is None else float(total)
    years = np.array(sorted(set(int(y) for y in years)))
    ages = np.arange(0, 101)
    shape = np.exp(-0.5 * ((ages - 30) / 22.0) ** 2) + 0.35 * (ages < 70)   # young-city shape (assumption)
    old = ages >= 80
    shape[old] = shape[old] * (cal["share_80plus_2025"] * shape[~old].sum()
                               / (1 - cal["share_80plus_2025"]) / shape[old].sum())
    base = total * shape / shape.sum()
    t = years - 2025
    growth = {
        "80": _path_80plus(years, cal["growth_80plus_2026_2035"], cal["growth_80plus_2025_2050"]),
        "67": cal["growth_67_79_2025_2050"] ** (t / 25),
        "1": cal["growth_1_5_2025_2050"] ** (t / 25),
        "6": cal["growth_6_15_2025_2050"] ** (t / 25),
        "x": cal["growth_other_2025_2050"] ** (t / 25),
    }
    band = np.where(ages >= 80, "80", np.where(ages >= 67, "67", np.where((ages >= 1) & (ages <= 5), "1",
                    np.where((ages >= 6) & (ages <= 15), "6", "x"))))
    women = np.clip(0.5 + np.maximum(ages - 70, 0) * 0.008, 0.5, 0.7)
    frames = []
    for i, y in enumerate(years):
        persons = base * np.array([growth[b][i] for b in band])
        for sex, share in (("male", 1 - women), ("female", women)):
            frames.append(pd.DataFrame({"kommunenummer": str(kommunenummer), "year": int(y), "age": ages,
                                        "sex": sex, "persons": np.round(persons * share, 1)}))
    out = pd.concat(frames, ignore_index=True)
    out["data_origin"] = "synthetic"
    return out


def to_jsonstat(population: pd.DataFrame, *, label: str, synthetic: bool, table_id: str = "synthetic") -> dict:
    """A population table as a JSON-stat 2.0 dataset in the shape PxWebApi v2 returns.

    Dimensions ``Region``, ``Kjonn`` (1 men, 2 women), ``Alder`` (3-digit codes
    as in 07459: "000" … "100"), ``ContentsCode`` (``Personer``) and ``Tid``.
    """
    p = population.copy()
    regions = sorted(p["kommunenummer"].unique())
    sexes = ["1", "2"]
    ages = sorted(p["age"].unique())
    years = sorted(p["year"].unique())
    p["Kjonn"] = p["sex"].map({"male": "1", "female": "2"})
    cube = p.set_index(["kommunenummer", "Kjonn", "age", "year"])["persons"]
    idx = pd.MultiIndex.from_product([regions, sexes, ages, years])
    values = cube.reindex(idx).to_numpy()
    def cat(codes, labels):
        return {"category": {"index": {c: i for i, c in enumerate(codes)}, "label": dict(zip(codes, labels))}}

    age_codes = [f"{a:03d}" for a in ages]
    return {
        "version": "2.0", "class": "dataset", "label": label, "source": "Statistics Norway format; " + (
            "SYNTHETIC values generated by lifelong_analysis.data.population" if synthetic else "SSB"),
        "updated": "2026-12-01T00:00:00Z",
        "id": ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"],
        "size": [len(regions), 2, len(ages), 1, len(years)],
        "dimension": {
            "Region": {"label": "region", **cat(regions, [vocab.municipality_name(r) for r in regions])},
            "Kjonn": {"label": "kjønn", **cat(sexes, ["Menn", "Kvinner"])},
            "Alder": {"label": "alder", **cat(age_codes, [f"{a} år" if a < 100 else "100 år eller eldre"
                                                            for a in ages])},
            "ContentsCode": {"label": "statistikkvariabel", **cat(["Personer"], ["Personer"])},
            "Tid": {"label": "år", **cat([str(y) for y in years], [str(y) for y in years])},
        },
        "value": [None if np.isnan(v) else float(v) for v in values],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "extension": {"synthetic": synthetic, "px": {"tableid": table_id},
                      "calibration": [{"parameter": k, "value": v, "unit": u, "evidence": e}
                                      for k, v, u, e in SYNTHETIC_CALIBRATION] if synthetic else []},
    }


def write_synthetic_projection(path: str | Path, *, kommunenummer: str = "5001", total: float | None = None,
                               years: Iterable[int] = range(2025, 2051)) -> Path:
    """Write :func:`synthetic_population` as JSON-stat 2.0 (atomically) and return the path."""
    pop = synthetic_population(kommunenummer, years=years, total=total)
    doc = to_jsonstat(pop, label=f"SYNTETISK befolkningsframskriving {kommunenummer} (ikke SSBs tall)",
                      synthetic=True)
    return write_text_atomic(path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


def datapackage_entry(directory: str | Path) -> dict | None:
    """The ``datapackage.json`` entry of ``<directory>/population_projection.json`` (None when absent)."""
    import hashlib

    path = Path(directory) / FILE_NAME
    if not path.exists():
        return None
    raw = path.read_bytes()
    return {"name": "population_projection", "path": FILE_NAME, "format": "json-stat 2.0", "encoding": "utf-8",
            "synthetic": True, "generator": "lifelong_analysis.data.population", "sha256": hashlib.sha256(raw).hexdigest(),
            "description": "SYNTHETIC population projection by one-year age and sex (not SSB's figures); "
                           "calibrated to national figures (80+ about doubles by 2050)",
            "calibration": [{"parameter": k, "value": v, "unit": u, "evidence": e}
                            for k, v, u, e in SYNTHETIC_CALIBRATION]}


def register(directory: str | Path) -> None:
    """Add (or refresh) the population entry under ``additional_resources`` of ``datapackage.json``."""
    meta_path = Path(directory) / "datapackage.json"
    if not meta_path.exists():
        return
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    entry = datapackage_entry(directory)
    others = [r for r in meta.get("additional_resources", []) if r.get("name") != "population_projection"]
    meta["additional_resources"] = others + ([entry] if entry else [])
    write_text_atomic(meta_path, json.dumps(meta, ensure_ascii=False, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m lifelong_analysis.data.population --out PATH [--kommune 5001] [--total N]``."""
    ap = argparse.ArgumentParser(prog="python -m lifelong_analysis.data.population",
                                 description="Write the SYNTHETIC population projection (JSON-stat 2.0).")
    ap.add_argument("--out", default=str(paths.default_data_dir() / FILE_NAME))
    ap.add_argument("--kommune", default="5001")
    ap.add_argument("--total", type=float, default=None, help="base-year population (default: calibration)")
    a = ap.parse_args(argv)
    out = write_synthetic_projection(a.out, kommunenummer=a.kommune, total=a.total)
    register(Path(out).parent)
    print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
