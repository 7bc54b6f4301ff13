"""The data dictionary ``data/README.md``, generated from :mod:`lifelong_analysis.data.tables`.

The column tables are never written by hand: :func:`tables_markdown` renders
them from the data model, :func:`render_readme` adds the prose and the
calibration table of the synthetic data, and a test checks that the committed
``data/README.md`` equals :func:`render_readme` (so it cannot drift from
``tables.py``).  Regenerate with::

    python -m lifelong_analysis.runner.datadict            # writes data/README.md
    python -m lifelong_analysis.runner.datadict --check    # exit 1 if out of date

Examples
--------
>>> md = tables_markdown(["funding"])
>>> md.splitlines()[0]
'### `funding`'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from lifelong_analysis.data import tables
from lifelong_analysis.outputs import write_text_atomic
from lifelong_analysis.paths import project_root
from lifelong_analysis.synthetic import calibration_table

#: Where the synthetic values of each table come from (one paragraph per table).
SYNTHETIC_SOURCES = {
    "workforce": (
        "Synthetic values: sector mix from the FTE split of SSB 2008 (`ssb_fte_2008_*`; FTE-weighted shares "
        "reproduce it); occupation mix within sector assumed; `monthly_pay_nok` = KS månedsfortjeneste × 12 "
        "per occupation on 1.12.2023 / 12 with a log-normal spread (sd 0.08) — teachers use the adjunkt base "
        "pay, five occupations without a KS row use assumed levels; `position_share` reproduces KS 2023 (mean "
        "0.841, full-time 0.61; turnus health care mean 0.715, full-time 0.348, 35.5 weekly hours); women 0.77 "
        "(KS AGM 2023); `sick_leave_share` FTE-weighted mean 0.077 (KS 2023, doctor-certified), higher in health "
        "care and kindergartens."
    ),
    "training": (
        "Synthetic values: short courses for 53 % of employees a year (Lærevilkårsmonitoren 2024), programmes "
        "with study points for 10–12 % (SSB table 12865); hours away = release share per 30 sp × study points / "
        "30 × annual hours (Kompetanse for kvalitet: 0.375); teachers' programmes under Kompetanse for kvalitet "
        "(`grant_nok` = 0.60 or 0.75 × hours × teacher hourly pay), health-care programmes mostly under the "
        "competence grant (share 0.5: a NOT FOUND placeholder); cost components are assumptions and add up "
        "exactly to `direct_cost_nok`; study in own time (`kfk_stipend`, `employee_own_time`) has 0 hours away."
    ),
    "substitutes": (
        "Synthetic values: qualified / unqualified hourly pay = KS annual pay of the sector's reference "
        "occupation / (weekly hours × 52); availability, cover shares, overtime premium (0.5) and agency "
        "premium (0.3) are **assumptions** (no published figure). One national row per sector (empty "
        "`kommunenummer`) and one per sector for the municipality."
    ),
    "skills_survey": (
        "Synthetic values: 1 500 respondents sampled from the workforce with sector-dependent response "
        "propensity; `weight` post-stratifies to the workforce by sector. A latent skill (lower with age, "
        "higher with education) drives self-assessed levels, DSI items (`dsi_<item>` per "
        "`lifelong_analysis/resources/dsi_items.csv`) and DigCompSAT answers. Calibrated exactly: weighted share "
        "with at least basic digital skills 0.8153 (Norway 2023, secondary); share of health-care respondents "
        "with self < required in at least one area 0.8 (KS/Ipsos 2018 'four of five' directors, inferred "
        "mapping), 0.55 elsewhere (assumption)."
    ),
    "population": (
        "Synthetic values (`data/synthetic/population_projection.json`): a smooth age shape for 214 000 inhabitants "
        "in 2025 (assumption), 80+ share 0.038 (assumption); 80+ grows ×1.46 2026–2035 (SSB main alternative, "
        "national) and ×2.0 2025–2050 (SSB 2024: 80+ about doubles by 2050, national); the other bands by assumed "
        "ratios. Not SSB's projection for any municipality."
    ),
    "funding": (
        "Synthetic values: one row per activity and payer: municipality = `direct_cost_nok` (substitute pay is "
        "computed by the costs module, not stored here); state = the activity's grant (Kompetanse for kvalitet, "
        "competence grant) or the KfK stipend (120 000 NOK per 30 sp, paid to the teacher); research_council = "
        "public-sector PhD grant (≤ 50 % of the PhD rate); university = its 20 % share of combined positions."
    ),
}


def _esc(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _name(c: tables.Column) -> str:
    if c.regex:
        return f"`{c.name}` (pattern)"
    return f"`{c.name}`"


def _aliases(c: tables.Column) -> str:
    names = [f"`{a}`" for a in c.aliases] + [f"`{a}` (percent: ÷ 100)" for a in c.percent_aliases]
    return ", ".join(names)


#: Where a cross-column rule takes its numbers from, added to the rule in the dictionary.
CHECK_NOTES = {
    "grant_not_above_cost": " (hours away × the participant's hourly labour cost, the labour-cost model "
                            "`lifelong_analysis.data.labour` with the parameters of "
                            "`lifelong_analysis/resources/cost_parameters.csv`)",
}


def table_markdown(kind: str) -> str:
    """Markdown section for one table kind: description, key, cross-column rules and a column table."""
    t = tables.get(kind)
    lines = [f"### `{t.name}`", "", f"File `{tables.FILE_NAMES[kind]}`. {t.description}", ""]
    if t.key:
        lines += [f"Key (unique): {', '.join(f'`{k}`' for k in t.key)}.", ""]
    else:
        lines += ["No key: exact duplicate rows are refused (the same amount would be counted twice); tell "
                  "real repeat rows apart with an extra column.", ""]
    if t.checks:
        lines += ["Rules across columns:", ""] + [f"- `{cid}`: {rule}{CHECK_NOTES.get(cid, '')}"
                                                  for cid, rule in t.checks.items()] + [""]
    lines += ["| column | type | unit | required | allowed values / rule | description | also read from |",
              "|---|---|---|---|---|---|---|"]
    for c in t.columns:
        lines.append("| " + " | ".join([
            _name(c), c.dtype, _esc(c.unit) or "", "yes" if c.required else "no", _esc(c.rule()),
            _esc(c.description), _aliases(c),
        ]) + " |")
    if kind in SYNTHETIC_SOURCES:
        lines += ["", SYNTHETIC_SOURCES[kind]]
    return "\n".join(lines)


def tables_markdown(kinds: Sequence[str] | None = None) -> str:
    """Markdown column tables for ``kinds`` (default: all table kinds), generated from ``tables.py``."""
    kinds = list(tables.TABLES) if kinds is None else list(kinds)
    return "\n\n".join(table_markdown(k) for k in kinds) + "\n"


def calibration_markdown() -> str:
    """The calibration table of the synthetic generator as Markdown."""
    cal = calibration_table()
    lines = ["| parameter | value | unit | evidence | reference id | note |", "|---|---|---|---|---|---|"]
    for r in cal.itertuples(index=False):
        lines.append("| " + " | ".join(_esc(x) for x in (r.parameter, r.value, r.unit, r.evidence,
                                                         f"`{r.reference_id}`" if r.reference_id else "",
                                                         r.note)) + " |")
    return "\n".join(lines) + "\n"


INTRO = """\
# Data dictionary

<!-- Generated by `python -m lifelong_analysis.runner.datadict` from lifelong_analysis/data/tables.py
     and lifelong_analysis/synthetic/. Do not edit by hand: a test checks it is up to date. -->

This folder holds the **shipped default dataset** `data/synthetic/`: a synthetic (generated, not
real) municipality of Trondheim's size (14 998 employees, seed 2026). Every row carries
`data_origin = synthetic`, `datapackage.json` says `"synthetic": true`, and every report built on it
shows a synthetic-data banner. It is **not** Trondheim kommune's data: only the size is
Trondheim's; the margins are national figures (KS, SSB) and stated assumptions (see the calibration
table at the end). Regenerate it (identical bytes for the same seed) with

```bash
.venv/bin/python -m lifelong_analysis.synthetic --out data/synthetic --seed 2026
.venv/bin/python -m lifelong_analysis.synthetic --out /tmp/national --national   # 500 300 employees, ~130 MB
```

## Conventions

- Money in NOK; every money column ends in `_nok`. Shares are fractions 0–1 (0.8 = 80 %), never
  percentages. Hours are clock hours.
- Codes (sector, delivery format, payer, ...) are the English codes of `lifelong_analysis/data/vocab.py`;
  reports show their Norwegian (or English) labels. `occupation` is open: your own titles are valid.
- `kommunenummer` is a 4-character string with leading zero ("0301" Oslo, "5001" Trondheim), never an
  integer — keep it quoted or as text in Excel.
- Files are UTF-8 CSV. The readers also accept UTF-8 with BOM, Windows-1252/ISO-8859-1, `;` as
  separator, decimal comma and Excel `.xlsx` (first or named sheet).

## Bring your own data

**A municipality's own export, as it comes.** Column names are matched after trimming spaces,
ignoring letter case and turning spaces and hyphens into `_` (`Employee ID` is `employee_id`), and
the Norwegian names in the column "also read from" below are recognised (`Ansattnummer`,
`Kommunenr`, `Stillingsprosent`, `Månedslønn`, ...); the summary of `validate` lists every column
read under another name. Any other export's names are mapped by a `columns.yaml` beside the data
(checked like any input: known table kinds and columns only, one name per column, at most 64 KB,
no YAML alias tricks):

```yaml
workforce:
  columns:
    "Ansatt ID": employee_id        # export name: column name
    "Stilling i %": position_share
  percent: [position_share]         # this share column holds percentages: 80 is read as 0.8
```

When a required column is missing and a similar name is present, the error says which line to
add. Percentages in a share column (unit "share 0–1") are read as shares only by a declared rule,
never guessed per cell: a value written with a percent sign (`80 %`), a column read from a
percent name (`stillingsprosent`), or a column listed under `percent`; the summary says so. A bare
`80` in a share column is refused.

**Numbers.** The decimal convention is detected once per file from its numbers: decimal comma
(`1 234,5`, `1.234,5`, `25.000` = 25 000) or decimal point (`1,234.5`, `25.000` = 25). A
comma-separated file uses the decimal point. A column written in the other convention is refused
with examples; nothing is converted per cell. Only ASCII digits are digits (`٠٣٠١` and `５００１`
are refused), and identifiers (`employee_id`, `activity_id`, `respondent_id`) are plain ASCII.

**Missing values.** Empty cells and the markers `NA`, `N/A`, `n/a`, `null`, `NULL`, `None`,
`NaN`, `nan`, `#N/A`, `<NA>` are missing values; `validate` counts them per column and reason.
A row holding nothing but such markers is an error (delete it or fill it in); blank lines are
skipped and counted.

1. Put one file per table in a folder with the file names below (`workforce.csv`, `training.csv`,
   `substitutes.csv`, `skills_survey.csv`, optional `funding.csv`) and the column names of this
   dictionary. Optional columns may be left out (defaults are filled in); extra columns are kept.
   An Excel sheet can be checked directly with `--sheet`; save it as CSV for a dataset folder.
2. Check each file, or the whole folder:

   ```bash
   .venv/bin/lifelong-analysis validate my_data/workforce.csv --kind workforce
   .venv/bin/lifelong-analysis validate my_data/hr_export.xlsx --kind workforce --sheet Ansatte
   .venv/bin/lifelong-analysis validate my_data --kind dataset
   ```

   A valid file prints a summary and exits 0; an invalid one lists every problem (file, column, row
   numbers, values, rule) and exits 2. Input files are never changed.
   `validate` takes relative paths from the current directory, like every command-line tool;
   `--language en` gives the summary and messages in English (bokmål is the default).
3. Run the notebooks on it with the `data_dir` parameter (relative paths resolve against the project
   root), e.g. `papermill notebooks/X.ipynb out.ipynb -k lifelong-analysis -p data_dir my_data`, or in
   Python `load_dataset("my_data")`.

Privacy: use pseudonymised ids (never national identity numbers). Exported tables go through the
joint disclosure control (cells with fewer than 5 persons and the cells that would reveal them are
hidden in every table and report); HTML reports never show row-level data.

## Tables
"""

OUTRO_HEAD = """
## The small synthetic dataset `data/synthetic_small/`

**Synthetic**, like `data/synthetic/`: a small municipality (5014 Frøya, 600 employees, 100
survey respondents, the same generator and calibration), for trying the reports and the joint
disclosure control on small groups (`reports_small.yaml`, `tests/test_disclosure_batch.py`).
Regenerate it, byte for byte, with

```bash
.venv/bin/python -m lifelong_analysis.synthetic --out data/synthetic_small --seed 2026 \\
    --n-employees 600 --kommunenummer 5014 --respondents 100
```

## Calibration of the synthetic data

Every figure the generator is calibrated to (evidence and reference id in
`lifelong_analysis.data.reference.published_figures()`, shipped in
`lifelong_analysis/resources/published_figures.csv`) and every assumption it makes
(`evidence = assumption`). The same table is in `data/synthetic/datapackage.json`.

"""


PROJECTION_HEAD = """
## Inputs of the workforce projection (notebook 04)

Read by `lifelong_analysis.analysis.workforce` and `lifelong_analysis.data.population`, not part of the five-table dataset.
`population_projection.json` sits in the dataset folder (the shipped one is SYNTHETIC, generated by
`python -m lifelong_analysis.data.population`, and registered under `additional_resources` in `datapackage.json`);
for real figures fetch SSB's projection with `lifelong_analysis.data.pxweb.fetch_population("5001")` (PxWebApi v2,
table 14288, cached on disk) and save it there. The rates and career paths ship in `lifelong_analysis/resources/`
with a source on every row; a municipality's own file with the same columns can replace them.

"""


def render_readme() -> str:
    """The full text of ``data/README.md``."""
    return (INTRO + "\n" + tables_markdown() + PROJECTION_HEAD + tables_markdown(list(tables.PROJECTION_TABLES))
            + OUTRO_HEAD + calibration_markdown())


def readme_path() -> Path:
    return project_root() / "data" / "README.md"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m lifelong_analysis.runner.datadict [--check] [--out PATH]``."""
    p = argparse.ArgumentParser(prog="python -m lifelong_analysis.runner.datadict",
                                description="Write (or check) the data dictionary data/README.md.")
    p.add_argument("--out", default=None, help="target file (default data/README.md)")
    p.add_argument("--check", action="store_true", help="exit 1 if the file is not up to date")
    a = p.parse_args(argv)
    path = Path(a.out) if a.out else readme_path()
    text = render_readme()
    if a.check:
        ok = path.exists() and path.read_text(encoding="utf-8") == text
        print(f"{path}: {'up to date' if ok else 'OUT OF DATE (run python -m lifelong_analysis.runner.datadict)'}")
        return 0 if ok else 1
    write_text_atomic(path, text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
