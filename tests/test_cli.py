"""`lifelong-analysis validate`: summaries of good files, exit 2 with named columns/rows for bad ones."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from lifelong_analysis.runner.cli import build_parser, main

VALID = "valid"


def edit(src, dst, line_no, old, new):
    """Copy ``src`` to ``dst`` replacing ``old`` by ``new`` on 1-based line ``line_no`` only."""
    lines = src.read_text(encoding="utf-8").split("\n")
    assert old in lines[line_no - 1], (old, lines[line_no - 1])
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    dst.write_text("\n".join(lines), encoding="utf-8")
    return dst


def run(capsys, *argv):
    argv = [*map(str, argv)]
    if "--language" not in argv:
        argv += ["--language", "en"]
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def valid(test_data):
    return test_data / VALID


def assert_invalid(code, out, err, *fragments):
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    for f in fragments:
        assert f in err, f"{f!r} not in:\n{err}"


# ----------------------------------------------------------------------------- valid files
def test_valid_table_summary(capsys, valid):
    code, out, err = run(capsys, valid / "workforce.csv", "--kind", "workforce")
    assert code == 0 and err == ""
    assert "workforce.csv: valid, 6 rows, 12 columns" in out
    assert "sex: 1" in out  # missing values by column (E004 has no sex)


def test_valid_dataset_summary(capsys, valid):
    code, out, err = run(capsys, valid, "--kind", "dataset")
    assert code == 0, err
    assert "training.csv: valid, 4 rows" in out and "funding.csv: valid, 3 rows" in out


def test_valid_statbank_summary_by_reason(capsys, test_data):
    code, out, err = run(capsys, test_data / "jsonstat" / "ssb-api.json", "--kind", "statbank")
    assert code == 0, err
    assert "1260 cells" in out
    assert "missing values: 390, by reason:" in out
    assert "'..' data not available (figures missing): 390" in out


def test_python_dash_m_entry_point(valid):
    res = subprocess.run([sys.executable, "-m", "lifelong_analysis", "validate", str(valid / "funding.csv"),
                          "--kind", "funding"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "funding.csv: gyldig, 3 rader" in res.stdout  # bokmål by default, like the reports


def test_parser_structure():
    parser = build_parser()
    args = parser.parse_args(["validate", "x.csv", "--kind", "training", "--sheet", "Ark1"])
    assert (args.command, args.kind, args.sheet) == ("validate", "training", "Ark1")


# ----------------------------------------------------------------------------- bad input (>= 12 kinds)
def test_missing_column(capsys, tmp_path, valid):
    text = (valid / "workforce.csv").read_text(encoding="utf-8").split("\n")
    df = pd.read_csv(valid / "workforce.csv", dtype=str).drop(columns=["age"])
    df.to_csv(tmp_path / "w.csv", index=False)
    assert text  # the source has the column
    assert_invalid(*run(capsys, tmp_path / "w.csv", "--kind", "workforce"),
                   "w.csv: 1 problem", "column 'age'", "required column is missing")


def test_wrong_type(capsys, tmp_path, valid):
    f = edit(valid / "workforce.csv", tmp_path / "w.csv", 3, ",51,", ",abc,")
    assert_invalid(*run(capsys, f, "--kind", "workforce"),
                   "column 'age', row 3 (1 row): must be a number; found 'abc'")


def test_out_of_range_position_share(capsys, tmp_path, valid):
    f = edit(valid / "workforce.csv", tmp_path / "w.csv", 4, ",1.0,", ",1.5,")
    f = edit(f, f, 6, ",1.0,", ",-0.2,")
    assert_invalid(*run(capsys, f, "--kind", "workforce"),
                   "column 'position_share', rows 4, 6 (2 rows): must be > 0 and <= 1; found 1.5, -0.2")


def test_negative_hours(capsys, tmp_path, valid):
    f = edit(valid / "training.csv", tmp_path / "t.csv", 3, ",40,", ",-40,")
    assert_invalid(*run(capsys, f, "--kind", "training"),
                   "column 'hours_away', row 3 (1 row): must be >= 0 and <= 2000; found -40")


def test_negative_cost(capsys, tmp_path, valid):
    # A004: direct 1500 = fees 1500; make both negative so only the sign is wrong
    f = edit(valid / "training.csv", tmp_path / "t.csv", 5, ",1500,1500,", ",-1500,-1500,")
    assert_invalid(*run(capsys, f, "--kind", "training"),
                   "column 'direct_cost_nok', row 5 (1 row): must be >= 0; found -1500",
                   "column 'fees_nok', row 5 (1 row): must be >= 0")


def test_unknown_sector_code(capsys, tmp_path, valid):
    f = edit(valid / "workforce.csv", tmp_path / "w.csv", 2, "health_care", "helse og omsorg")
    assert_invalid(*run(capsys, f, "--kind", "workforce"),
                   "column 'sector', row 2 (1 row): must be a code of the 'sector' list: health_care, "
                   "primary_school", "found 'helse og omsorg'")


def test_duplicate_id(capsys, tmp_path, valid):
    f = edit(valid / "workforce.csv", tmp_path / "w.csv", 7, "E006", "E002")
    assert_invalid(*run(capsys, f, "--kind", "workforce"),
                   "column 'employee_id', rows 3, 7 (2 rows): employee_id must be unique", "found 'E002'")


def test_empty_file(capsys, tmp_path):
    (tmp_path / "w.csv").write_bytes(b"")
    assert_invalid(*run(capsys, tmp_path / "w.csv", "--kind", "workforce"),
                   "w.csv: 1 problem", "the file is empty")


def test_header_only(capsys, tmp_path, valid):
    header = (valid / "workforce.csv").read_text(encoding="utf-8").split("\n")[0]
    (tmp_path / "w.csv").write_text(header + "\n", encoding="utf-8")
    assert_invalid(*run(capsys, tmp_path / "w.csv", "--kind", "workforce"),
                   "the file has a header line but no data rows")


def test_proficiency_off_the_scale(capsys, tmp_path, valid):
    # R002: self_safety 4 -> 9 ; R003: required_information 3 -> 0
    f = edit(valid / "skills_survey.csv", tmp_path / "s.csv", 3, "0.8,5,5,4,4,", "0.8,5,5,4,9,")
    f = edit(f, f, 4, "2,2,3,3,2,3,2", "2,2,0,3,2,3,2")
    assert_invalid(*run(capsys, f, "--kind", "skills_survey"),
                   "column 'self_safety', row 3 (1 row): must be >= 1 and <= 8; found 9",
                   "column 'required_information', row 4 (1 row): must be >= 1 and <= 8; found 0")


def test_dsi_item_not_yes_no(capsys, tmp_path, valid):
    f = edit(valid / "skills_survey.csv", tmp_path / "s.csv", 2, "4,3,1,1,2,3", "4,3,2,1,2,3")
    assert_invalid(*run(capsys, f, "--kind", "skills_survey"),
                   "column 'dsi_find_info', row 2 (1 row): must be one of the allowed values: 0, 1; found 2")


def test_kommunenummer_lost_leading_zero(capsys, tmp_path, valid):
    f = edit(valid / "workforce.csv", tmp_path / "w.csv", 5, "E004,5001", "E004,301")
    assert_invalid(*run(capsys, f, "--kind", "workforce"),
                   "column 'kommunenummer', row 5 (1 row): kommunenummer has lost its leading zero "
                   "('301' should probably be '0301')")


def test_cover_shares_not_summing_to_one(capsys, tmp_path, valid):
    f = edit(valid / "substitutes.csv", tmp_path / "s.csv", 3, "0.6,0.2,0.2", "0.6,0.2,0.1")
    assert_invalid(*run(capsys, f, "--kind", "substitutes"),
                   "column 'share_unqualified + share_overtime + share_uncovered', row 3 (1 row)",
                   "must add up to 1", "found 'sum 0.9'")


def test_components_not_summing(capsys, tmp_path, valid):
    # A001: 18000 + 5000 + 2000 = 25000; change fees to 17000 -> 24000
    f = edit(valid / "training.csv", tmp_path / "t.csv", 2, ",25000,18000,", ",25000,17000,")
    assert_invalid(*run(capsys, f, "--kind", "training"),
                   "column 'direct_cost_nok = fees_nok + travel_subsistence_nok", "row 2 (1 row)",
                   "components sum 24000.00 vs direct_cost_nok 25000.00")


def test_unknown_employee_in_training(capsys, tmp_path, valid):
    d = tmp_path / "ds"
    shutil.copytree(valid, d)
    edit(valid / "training.csv", d / "training.csv", 3, "A002,E002", "A002,E777")
    assert_invalid(*run(capsys, d, "--kind", "dataset"),
                   "training.csv: 1 problem",
                   "column 'employee_id', row 3 (1 row): unknown employee_id: every value must appear in workforce.csv",
                   "found 'E777'")


def test_wrong_sheet_name(capsys, tmp_path, valid):
    path = tmp_path / "w.xlsx"
    pd.read_csv(valid / "workforce.csv", dtype=str).to_excel(path, sheet_name="Ansatte", index=False)
    assert_invalid(*run(capsys, path, "--kind", "workforce", "--sheet", "Ark1"),
                   "no sheet named 'Ark1'; sheets in the file: Ansatte")
    code, out, err = run(capsys, path, "--kind", "workforce", "--sheet", "Ansatte")
    assert code == 0, err


def test_missing_file(capsys, tmp_path):
    assert_invalid(*run(capsys, tmp_path / "nope.csv", "--kind", "workforce"),
                   "error: No such file:", "nope.csv")


def test_empty_required_cell_and_many_rows(capsys, tmp_path, valid):
    df = pd.read_csv(valid / "training.csv", dtype=str)
    big = pd.concat([df] * 4, ignore_index=True)
    big["activity_id"] = [f"A{i:03d}" for i in range(len(big))]
    big.loc[:, "delivery_format"] = None  # 16 empty cells: the first 10 line numbers are shown
    big.to_csv(tmp_path / "t.csv", index=False)
    assert_invalid(*run(capsys, tmp_path / "t.csv", "--kind", "training"),
                   "column 'delivery_format', rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ... (16 rows): must not be empty")


def test_statbank_bad_value(capsys, tmp_path):
    f = tmp_path / "sb.csv"
    f.write_bytes('"region";"år";"07459: Befolkning"\n"0301 Oslo";"2023";709037\n"5001 Trondheim";"2023";abc\n'
                  .encode("latin-1"))
    assert_invalid(*run(capsys, f, "--kind", "statbank"),
                   "column '07459: Befolkning', row 3 (1 row): must be a number or a statbank symbol", "found 'abc'")


def test_unknown_kind_is_a_usage_error(capsys, valid):
    assert main(["validate", str(valid / "workforce.csv"), "--kind", "employees"]) == 2
    assert "invalid choice: 'employees'" in capsys.readouterr().err


def test_all_problems_at_once(capsys, tmp_path, valid):
    f = edit(valid / "workforce.csv", tmp_path / "w.csv", 2, "health_care,nurse,1.0", "helse,nurse,1.5")
    f = edit(f, f, 3, ",51,", ",abc,")
    code, out, err = run(capsys, f, "--kind", "workforce")
    assert code == 2
    assert err.startswith("w.csv: 3 problems\n")
    assert len(err.strip().split("\n")) == 4
