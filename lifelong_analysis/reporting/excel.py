"""One spreadsheet per run for readers who work in Excel (issue 13).

The CSV tables of a run stay as they are (full precision, codes, for
researchers).  :func:`write_workbook` puts the same tables into one ``.xlsx``
file with a sheet per table: headers in words in the report language, codes as
labels, numbers stored as numbers with a number format (kroner, percent,
decimals) so that Norwegian Excel neither mangles decimal commas nor shows
fifteen decimals, and suppressed cells kept as the text ":".

Examples
--------
>>> header_label("amount_nok", "nb"), header_label("ci_low", "en"), header_label("mean_gap", "nb")
('Beløp (kr)', 'CI low', 'Gjennomsnittlig gap')
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from lifelong_analysis.data import vocab
from lifelong_analysis.outputs import atomic_path
from lifelong_analysis.reporting.costs_report import column_labels

#: Headers of the exported tables in words (bokmål, English); costs_report.column_labels adds its own.
HEADERS: dict[str, tuple[str, str]] = {
    "group": ("Gruppe", "Group"), "level": ("Nivå", "Level"), "area": ("Område", "Area"),
    "n": ("Antall svar", "Respondents"), "effective_n": ("Effektivt antall svar", "Effective respondents"),
    "count": ("Antall", "Count"), "share": ("Andel", "Share"),
    "ci_low": ("KI nedre", "CI low"), "ci_high": ("KI øvre", "CI high"),
    "mean_self": ("Eget nivå (snitt)", "Own level (mean)"), "mean_required": ("Krevd nivå (snitt)", "Required level (mean)"),
    "mean_gap": ("Gjennomsnittlig gap", "Mean gap"), "gap_ci_low": ("Gap, KI nedre", "Gap, CI low"),
    "gap_ci_high": ("Gap, KI øvre", "Gap, CI high"), "share_with_gap": ("Andel med gap", "Share with a gap"),
    "share_ci_low": ("Andel, KI nedre", "Share, CI low"), "share_ci_high": ("Andel, KI øvre", "Share, CI high"),
    "count_with_gap": ("Antall med gap", "Count with a gap"),
    "term": ("Ledd", "Term"), "variable": ("Kjennetegn", "Characteristic"), "reference": ("Referanse", "Reference"),
    "coef": ("Koeffisient", "Coefficient"), "se": ("Standardfeil", "Standard error"),
    "odds_ratio": ("Oddsforhold", "Odds ratio"), "or_ci_low": ("KI nedre", "CI low"), "or_ci_high": ("KI øvre", "CI high"),
    "p_value": ("p-verdi", "p value"), "stable": ("Stabilt estimat", "Stable estimate"), "note": ("Merknad", "Note"),
    "scheme": ("Finansieringsordning", "Funding scheme"), "perspective": ("Perspektiv", "Perspective"),
    "payer": ("Betaler", "Payer"), "amount_nok": ("Beløp (kr)", "Amount (NOK)"),
    "own_time_nok": ("Egen tid (kr)", "Own time (NOK)"), "cash_nok": ("Kontant (kr)", "Cash (NOK)"),
    "total_nok": ("Totalt (kr)", "Total (NOK)"), "per_participant_nok": ("Per deltaker (kr)", "Per participant (NOK)"),
    "binding_cap": ("Bindende tak", "Binding cap"), "not_found": ("Ikke funnet (plassholder)", "Not found (placeholder)"),
    "variant": ("Variant", "Variant"), "year": ("År", "Year"), "research_share": ("Forskningsandel", "Research share"),
    "research_hours": ("Forskningstimer", "Research hours"), "salary_social_nok": ("Lønn og sosiale kostnader (kr)", "Pay and social costs (NOK)"),
    "supervision_nok": ("Veiledning (kr)", "Supervision (NOK)"), "operating_nok": ("Drift (kr)", "Operating (NOK)"),
    "rc_support_nok": ("Støtte fra Forskningsrådet (kr)", "Research Council support (NOK)"),
    "approved_costs_nok": ("Godkjente kostnader (kr)", "Approved costs (NOK)"), "phd_rate_nok": ("Ph.d.-sats (kr)", "PhD rate (NOK)"),
    "net_cost_nok": ("Netto kostnad (kr)", "Net cost (NOK)"), "absence_cost_nok": ("Fraværskostnad (kr)", "Absence cost (NOK)"),
    "scenario": ("Scenario", "Scenario"), "spending_nok": ("Utgifter (kr)", "Spending (NOK)"),
    "lower_nok": ("Nedre (kr)", "Lower (NOK)"), "upper_nok": ("Øvre (kr)", "Upper (NOK)"),
    "growth_rate": ("Vekstrate", "Growth rate"), "employment_growth": ("Sysselsettingsvekst", "Employment growth"),
    "real_wage_growth": ("Reallønnsvekst", "Real wage growth"),
    "sector": ("Tjenesteområde", "Sector"), "delivery_format": ("Gjennomføringsform", "Delivery format"),
    "kommunenummer": ("Kommunenummer", "Municipality number"), "study_points": ("Studiepoeng", "Study points"),
    "description": ("Beskrivelse", "Description"), "url": ("Lenke", "Link"),
    "format_a": ("Form A", "Format A"), "format_b": ("Form B", "Format B"), "input": ("Størrelse", "Input"),
    "total": ("Sum", "Total"), "apply_to": ("Gjelder", "Applies to"), "break_even": ("Likevektspunkt", "Break-even point"),
    "difference_at_low_nok": ("Forskjell ved lav verdi (kr)", "Difference at the low value (NOK)"),
    "difference_at_high_nok": ("Forskjell ved høy verdi (kr)", "Difference at the high value (NOK)"),
    "cheaper_at_low": ("Billigere ved lav verdi", "Cheaper at the low value"),
    "low_value": ("Lav verdi", "Low value"), "high_value": ("Høy verdi", "High value"),
    "base_nok": ("Utgangspunkt (kr)", "Base (NOK)"), "total_at_low_nok": ("Sum ved lav verdi (kr)", "Total at low (NOK)"),
    "total_at_high_nok": ("Sum ved høy verdi (kr)", "Total at high (NOK)"), "swing_nok": ("Utslag (kr)", "Swing (NOK)"),
    "n_participations": ("Deltakelser", "Participations"),
}

#: Columns holding shares 0–1 (shown as percent).
_SHARE = re.compile(r"^(share|share_.*|.*_share|ci_low|ci_high|.*_rate|growth_rate|employment_growth|"
                    r"real_wage_growth|research_share)$")
#: Code columns whose values are shown through a vocabulary.
_CODE_COLUMNS = {"sector": "sector", "delivery_format": "delivery_format", "payer": "payer",
                 "scheme": "funding_scheme", "area": "digcomp_area", "format_a": "delivery_format",
                 "format_b": "delivery_format"}

#: Codes without a vocabulary of their own.
_PERSPECTIVE = {"cash": ("Kontant", "Cash"), "economic": ("Samfunnsøkonomisk", "Economic")}

#: File name of the workbook in a run folder (beside report.html and tables/).
WORKBOOK_NAME = "tables.xlsx"

NOK_FORMAT = '#,##0" kr"'
PERCENT_FORMAT = "0.0%"


def header_label(column: str, language: str = "nb") -> str:
    """The heading of ``column`` in a spreadsheet, in ``language``; unknown names in plain words."""
    i = 0 if language == "nb" else 1
    if column in HEADERS:
        return HEADERS[column][i]
    labels = column_labels(language)
    if column in labels:
        return labels[column]
    words = column.removesuffix("_nok").replace("_", " ").strip()
    words = words[:1].upper() + words[1:]
    return words + ((" (kr)" if language == "nb" else " (NOK)") if column.endswith("_nok") else "")


def _sheet_name(stem: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", stem)[:31] or "tabell"
    base, i = name, 2
    while name.lower() in used:
        suffix = f"_{i}"
        name, i = base[:31 - len(suffix)] + suffix, i + 1
    used.add(name.lower())
    return name


def write_workbook(tables_dir: str | os.PathLike, path: str | os.PathLike, *, language: str = "nb") -> Path:
    """Write every ``*.csv`` of ``tables_dir`` into one ``.xlsx`` at ``path`` (atomically).

    Parameters
    ----------
    tables_dir : path
        Folder with the run's CSV tables (read as they are; not modified).
    path : path
        The workbook to write.
    language : {"nb", "en"}
        Language of headers and code labels.

    Returns
    -------
    Path of the written workbook: one sheet per CSV (named after the file,
    in file-name order), headers in words, bold and frozen; ``*_nok`` columns
    with the format ``# ##0 kr``, share columns as percent with one decimal,
    other numbers with up to three decimals; ":" (suppressed) kept as text.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    files = sorted(Path(tables_dir).glob("*.csv"))
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for f in files:
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        ws = wb.create_sheet(_sheet_name(f.stem, used))
        ws.append([header_label(c, language) for c in df.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        formats = []
        for c in df.columns:
            if c.endswith("_nok"):
                formats.append(NOK_FORMAT)
            elif _SHARE.match(c):
                formats.append(PERCENT_FORMAT)
            else:
                formats.append("#,##0.###")
        vocab_of = [_CODE_COLUMNS.get(c) for c in df.columns]
        for row in df.itertuples(index=False):
            values = []
            for v, voc in zip(row, vocab_of):
                if voc and v:
                    values.append(vocab.label(voc, v, language))
                    continue
                if v in _PERSPECTIVE:
                    values.append(_PERSPECTIVE[v][0 if language == "nb" else 1])
                    continue
                flag = v.lower() in ("true", "false")
                try:
                    num = None if flag or v in ("", ":") else float(v)
                except ValueError:
                    num = None
                if flag:
                    yes = v.lower() == "true"
                    values.append(("ja" if yes else "nei") if language == "nb" else ("yes" if yes else "no"))
                elif num is not None and num == num and abs(num) != float("inf"):
                    values.append(int(num) if num.is_integer() and abs(num) < 2**53 else num)
                else:
                    values.append(v)
            ws.append(values)
        for j, fmt in enumerate(formats, start=1):
            letter = get_column_letter(j)
            for cell in ws[letter][1:]:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = fmt
            width = max([len(str(ws.cell(1, j).value))] + [len(str(c.value)) for c in ws[letter][1:50]])
            ws.column_dimensions[letter].width = min(max(10, width + 2), 45)
    if not files:
        wb.create_sheet("tabeller" if language == "nb" else "tables")
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)
