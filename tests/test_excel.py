"""The spreadsheet of a run (issue 13): a sheet per CSV, headers in words, number formats, ":" kept."""

from __future__ import annotations

import openpyxl
import pytest

from lifelong_analysis.reporting import excel


def test_workbook_has_a_sheet_per_table_with_words_formats_and_suppression(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "funding_split.csv").write_text(
        "scheme,perspective,payer,amount_nok,share,not_found\n"
        "employer_pays,cash,municipality,2878886.483046136,1.0,False\n"
        "kfk_stipend,economic,state,:,:,True\n", encoding="utf-8")
    (tables / "dsi_levels.csv").write_text("group,level,n,share,ci_low,ci_high\nall_sectors,at_least_basic,1500,"
                                          "0.8153,0.795,0.835\n", encoding="utf-8")
    before = (tables / "funding_split.csv").read_bytes()
    path = excel.write_workbook(tables, tmp_path / "tables.xlsx", language="nb")
    assert (tables / "funding_split.csv").read_bytes() == before  # the CSVs are not touched
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["dsi_levels", "funding_split"]  # file-name order
    ws = wb["funding_split"]
    assert [c.value for c in ws[1]] == ["Finansieringsordning", "Perspektiv", "Betaler", "Beløp (kr)", "Andel",
                                        "Ikke funnet (plassholder)"]
    row = [c.value for c in ws[2]]
    assert row[:3] == ["Arbeidsgiver betaler alt", "Kontant", "Kommunen"]
    assert row[3] == pytest.approx(2878886.483046136) and ws["D2"].number_format == excel.NOK_FORMAT
    assert row[4] == 1 and ws["E2"].number_format == excel.PERCENT_FORMAT and row[5] == "nei"
    assert [c.value for c in ws[3]][3:5] == [":", ":"]  # suppressed cells stay ":" (text)
    assert ws.freeze_panes == "A2"
    levels = wb["dsi_levels"]
    assert levels["C2"].value == 1500 and levels["D2"].value == pytest.approx(0.8153)
    assert levels["E2"].number_format == excel.PERCENT_FORMAT


def test_english_headers_and_long_sheet_names(tmp_path):
    (tmp_path / ("x" * 40 + ".csv")).write_text("mean_gap,amount_nok\n0.5,10\n", encoding="utf-8")
    (tmp_path / ("x" * 41 + ".csv")).write_text("mean_gap\n0.5\n", encoding="utf-8")
    wb = openpyxl.load_workbook(excel.write_workbook(tmp_path, tmp_path / "t.xlsx", language="en"))
    assert [len(n) for n in wb.sheetnames] == [31, 31] and len(set(wb.sheetnames)) == 2
    assert [c.value for c in wb[wb.sheetnames[0]][1]] == ["Mean gap", "Amount (NOK)"]
