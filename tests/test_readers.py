"""Readers: every file format municipalities have, and load_dataset."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifelong_analysis.data import schemas, tables
from lifelong_analysis.reporting.formatting import format_number
from lifelong_analysis.errors import DataValidationError
from lifelong_analysis.data.readers import (
    decode_bytes,
    detect_separator,
    load_dataset,
    parse_numbers,
    read_table,
    validate_frame,
)

HEADER = ("employee_id;kommunenummer;sector;occupation;position_share;monthly_pay_nok;age;"
          "education_level;employment_type;sex")
# Norwegian Excel export style: ';', decimal comma, thousands with (no-break/thin) spaces, æøå
ROWS_NO = [
    "E1;0301;health_care;Sykepleier på Ålesund sjukehjem;0,8;52 000,50;34;bachelor;permanent;female",
    "E2;5001;kindergarten;Barnehagelærer Bjørg;1;45\u00a0123;51;bachelor;permanent;",
    "E3;0301;culture;Kulturarbeider Æsir;0,5;40\u2009000,25;29;master;temporary;male",
]


def write(path, text, encoding="utf-8"):
    if not encoding.startswith("utf"):
        text = text.replace("\u2009", " ")  # no thin space in cp1252/latin-1
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def norwegian_text():
    return "\n".join([HEADER, *ROWS_NO]) + "\n"


def check_norwegian(df):
    assert df["kommunenummer"].tolist() == ["0301", "5001", "0301"]
    assert df["occupation"].iloc[0] == "Sykepleier på Ålesund sjukehjem"
    assert df["occupation"].iloc[2] == "Kulturarbeider Æsir"
    assert df["position_share"].tolist() == pytest.approx([0.8, 1.0, 0.5])
    # "52 000,50" -> 52000.5 ; "45<nbsp>123" -> 45123 ; "40<thin space>000,25" -> 40000.25
    assert df["monthly_pay_nok"].tolist() == pytest.approx([52000.5, 45123.0, 40000.25])
    assert df["age"].dtype == np.int64 and df["age"].tolist() == [34, 51, 29]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8", "utf-8-sig"])
def test_csv_encodings_semicolon_decimal_comma(tmp_path, norwegian_text, encoding):
    path = write(tmp_path / "workforce.csv", norwegian_text, encoding)
    df = read_table(path, "workforce")
    check_norwegian(df)
    assert df.attrs["separator"] == ";"
    # latin-1 and cp1252 agree on æøå; the reader reports cp1252 for both
    expected = {"cp1252": "cp1252", "latin-1": "cp1252", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig"}[encoding]
    assert df.attrs["encoding"] == expected
    assert df.columns[0] == "employee_id"  # the BOM is not part of the first column name


def test_comma_separated_with_decimal_point(tmp_path):
    text = (HEADER.replace(";", ",") + "\n"
            'E1,0301,health_care,"Sykepleier, natt",0.8,52000.5,34,bachelor,permanent,female\n')
    df = read_table(write(tmp_path / "w.csv", text), "workforce")
    assert df.attrs["separator"] == ","
    assert df["occupation"].iloc[0] == "Sykepleier, natt"
    assert df["monthly_pay_nok"].iloc[0] == pytest.approx(52000.5)
    assert df["kommunenummer"].iloc[0] == "0301"


def test_defaults_and_extra_columns(tmp_path, norwegian_text):
    text = norwegian_text.replace("sex\n", "sex;avdeling\n", 1)
    text = "\n".join(line + (";Avd A" if i else "") for i, line in enumerate(text.strip().split("\n")))
    df = read_table(write(tmp_path / "w.csv", text), "workforce")
    assert df["avdeling"].tolist() == ["Avd A"] * 3  # unknown extra column kept, as text
    assert df["n_employees"].tolist() == [1, 1, 1]  # default of tables.py
    assert df["full_time_weekly_hours"].tolist() == [37.5] * 3
    assert "sick_leave_share" not in df.columns  # optional without default: not invented
    assert df["sex"].isna().sum() == 1  # nullable: an empty cell stays missing


def test_blank_lines_are_skipped_but_line_numbers_match_the_file(tmp_path):
    lines = [HEADER, ROWS_NO[0], "", ROWS_NO[1].replace(";1;", ";7;")]
    path = write(tmp_path / "w.csv", "\n".join(lines) + "\n")
    with pytest.raises(DataValidationError) as exc:
        read_table(path, "workforce")
    p = exc.value.problems
    assert p["column"].tolist() == ["position_share"]
    assert p["rows"].iloc[0] == (4,)  # header 1, E1 2, blank 3, E2 4
    df = read_table(write(tmp_path / "ok.csv", "\n".join(lines[:3] + [ROWS_NO[1]]) + "\n"), "workforce")
    assert len(df) == 2 and df.index.tolist() == [0, 1]


def test_xlsx_named_sheet(tmp_path):
    raw = pd.read_csv(pd.io.common.StringIO("\n".join([HEADER, *ROWS_NO])), sep=";", dtype=str)
    raw["position_share"] = [0.8, 1.0, 0.5]
    raw["monthly_pay_nok"] = [52000.5, 45123, 40000.25]
    raw["age"] = [34, 51, 29]
    path = tmp_path / "hr.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame({"note": ["cover sheet"]}).to_excel(xl, sheet_name="Forside", index=False)
        raw.to_excel(xl, sheet_name="Ansatte", index=False)
    df = read_table(path, "workforce", sheet="Ansatte")
    check_norwegian(df)
    with pytest.raises(DataValidationError) as exc:
        read_table(path, "workforce", sheet="Ansatt")
    assert "no sheet named 'Ansatt'" in str(exc.value)
    assert "Forside, Ansatte" in str(exc.value)


def test_xlsx_numeric_kommunenummer_is_not_padded(tmp_path):
    raw = pd.read_csv(pd.io.common.StringIO("\n".join([HEADER, *ROWS_NO])), sep=";", dtype=str)
    raw["kommunenummer"] = [301, 5001, 301]  # Excel stored the number, the zero is lost
    path = tmp_path / "hr.xlsx"
    raw.to_excel(path, index=False)
    with pytest.raises(DataValidationError) as exc:
        read_table(path, "workforce")
    p = exc.value.problems.set_index("column").loc["kommunenummer"]
    assert p["rows"] == (2, 4)  # Excel rows of the two 301 cells (header = row 1)
    assert "lost its leading zero" in p["rule"] and "'0301'" in p["rule"]


def test_input_file_not_modified(tmp_path, norwegian_text):
    path = write(tmp_path / "workforce.csv", norwegian_text, "cp1252")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_table(path, "workforce")
    bad = write(tmp_path / "bad.csv", norwegian_text.replace("0,8", "8"), "cp1252")
    os.utime(bad, (1_600_000_000, 1_600_000_000))
    bad_before = (bad.read_bytes(), bad.stat().st_mtime_ns)
    with pytest.raises(DataValidationError):
        read_table(bad, "workforce")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert (bad.read_bytes(), bad.stat().st_mtime_ns) == bad_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "workforce.csv"]


def test_helpers():
    assert decode_bytes("æøå".encode("cp1252")) == ("æøå", "cp1252")
    assert decode_bytes("æøå".encode("utf-8")) == ("æøå", "utf-8")
    assert detect_separator("a;b;c\n1,2;3;4") == ";"
    assert detect_separator("a,b,c\n1;2,3,4") == ","
    nums, bad = parse_numbers(pd.Series(["1 234,5", "1.234,5", "−3", "x", None, "  "]), decimal_comma=True)
    assert nums.iloc[:3].tolist() == [1234.5, 1234.5, -3.0]
    assert bad.tolist() == [False, False, False, True, False, False]
    assert nums.iloc[3:].isna().all()


def test_validated_frames_pass_the_dtype_schema(test_data):
    ds = load_dataset(test_data / "valid")
    for kind in tables.TABLES:
        df = ds.table(kind)
        schemas.schema(kind).validate(df)  # dtypes as documented in schemas.pandas_dtype
    assert ds.workforce["kommunenummer"].map(type).eq(str).all()
    assert ds.skills_survey["self_content_creation"].dtype == "Int64"
    assert ds.skills_survey["self_content_creation"].isna().sum() == 1


def test_load_dataset_valid(test_data):
    ds = load_dataset(test_data / "valid")
    assert (len(ds.workforce), len(ds.training), len(ds.substitutes), len(ds.skills_survey), len(ds.funding)) \
        == (6, 4, 3, 3, 3)
    assert ds.synthetic is False and ds.metadata == {}
    assert set(ds.files) == set(tables.TABLES)
    assert ds.training["direct_cost_nok"].sum() == pytest.approx(25000 + 3000 + 42000 + 1500)
    assert ds.training["grant_nok"].tolist() == [10000, 0, 42000, 0]


def test_load_dataset_synthetic_flag_and_optional_funding(tmp_path, test_data):
    d = tmp_path / "ds"
    shutil.copytree(test_data / "valid", d)
    (d / "funding.csv").unlink()
    ds = load_dataset(d)
    assert ds.funding.empty and list(ds.funding.columns)[:3] == ["year", "kommunenummer", "payer"]
    assert not ds.synthetic
    (d / "datapackage.json").write_text(json.dumps({"name": "x", "synthetic": True}), encoding="utf-8")
    assert load_dataset(d).synthetic
    (d / "datapackage.json").unlink()
    w = (d / "workforce.csv").read_text(encoding="utf-8").strip().split("\n")
    w = [w[0] + ",data_origin"] + [line + ",synthetic" for line in w[1:]]
    (d / "workforce.csv").write_text("\n".join(w) + "\n", encoding="utf-8")
    assert load_dataset(d).synthetic


def test_load_dataset_collects_problems_of_all_files(tmp_path, test_data):
    d = tmp_path / "ds"
    shutil.copytree(test_data / "valid", d)
    (d / "skills_survey.csv").unlink()
    t = (d / "training.csv").read_text(encoding="utf-8").replace("A004,E006", "A004,E999")
    (d / "training.csv").write_text(t, encoding="utf-8")
    s = (d / "substitutes.csv").read_text(encoding="utf-8").replace("0.5,0.3,0.2,2024", "0.5,0.3,0.3,2024", 1)
    (d / "substitutes.csv").write_text(s, encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        load_dataset(d)
    p = exc.value.problems
    assert sorted(p["file"]) == ["skills_survey.csv", "substitutes.csv", "training.csv"]
    tr = p[p["file"] == "training.csv"].iloc[0]
    assert tr["column"] == "employee_id" and tr["rows"] == (5,) and tr["values"] == ("E999",)
    sub = p[p["file"] == "substitutes.csv"].iloc[0]
    assert sub["rows"] == (2,) and "sum 1.1" in sub["values"][0]


def test_load_dataset_missing_dir(tmp_path):
    with pytest.raises(FileNotFoundError, match="Data directory not found"):
        load_dataset(tmp_path / "nope")


def test_validate_frame_on_typed_frame():
    df = pd.DataFrame({"year": [2024, 2025], "kommunenummer": ["5001", "0301"], "payer": ["state", "employee"],
                       "scheme": ["kfk_stipend", "employee_own_time"], "amount_nok": [1000.0, 250.5]})
    out = validate_frame(df, "funding")
    assert out["year"].dtype == np.int64 and out["amount_nok"].sum() == pytest.approx(1250.5)
    df.loc[1, "kommunenummer"] = 301
    with pytest.raises(DataValidationError, match="lost its leading zero"):
        validate_frame(df, "funding")


def test_shipped_default_dataset_loads():
    """data/synthetic (written by lifelong_analysis.synthetic) passes every schema and cross-table rule."""
    ds = load_dataset()
    assert ds.synthetic is True and ds.metadata.get("synthetic") is True
    assert set(ds.files) == set(tables.TABLES)
    assert len(ds.workforce) > 1000 and ds.workforce["employee_id"].is_unique
    assert ds.workforce["kommunenummer"].str.fullmatch(r"\d{4}").all()
    assert ds.training["employee_id"].isin(set(ds.workforce["employee_id"])).all()
    for kind in tables.TABLES:
        schemas.schema(kind).validate(ds.table(kind))


def test_grant_above_cost_plus_value_of_hours(tmp_path, test_data):
    """A002: direct 3000 NOK + 40 h of E002's time (45 000 NOK/month, 75 %: a few hundred NOK/h)
    cannot justify a grant of 100 000 NOK; A003's 42 000 NOK grant = its direct cost is fine."""
    from lifelong_analysis.analysis import costs

    d = tmp_path / "ds"
    shutil.copytree(test_data / "valid", d)
    t = (d / "training.csv").read_text(encoding="utf-8").replace("3000,0,0,3000,0,0,0,", "3000,0,0,3000,0,0,100000,")
    (d / "training.csv").write_text(t, encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        load_dataset(d)
    p = exc.value.problems.iloc[0]
    assert (p["file"], p["column"], p["rows"]) == ("training.csv", "grant_nok", (3,))
    wf = load_dataset(test_data / "valid").workforce
    hourly = costs.hourly_labour_cost(wf).set_index("employee_id").loc["E002", "hourly_labour_cost_nok"]
    assert 200 < hourly < 1000
    assert p["values"] == (f"grant_nok 100000 > direct_cost_nok 3000 + value of hours away {40 * hourly:.0f}",)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from([0, 1, 2]))
def test_norwegian_formatted_numbers_round_trip(x, decimals):
    """What formatting.format_number writes ("−1 234 567,89" with thin spaces and a real minus) reads back."""
    text = format_number(x, decimals)
    nums, bad = parse_numbers(pd.Series([text, text.replace("\u202f", " ").replace("\u2212", "-")]),
                              decimal_comma=True)
    assert not bad.any()
    assert nums.tolist() == pytest.approx([round(x, decimals)] * 2, abs=10 ** -decimals)


def test_load_dataset_does_not_touch_the_directory(tmp_path, test_data):
    d = tmp_path / "ds"
    shutil.copytree(test_data / "valid", d)
    for f in d.iterdir():
        os.utime(f, (1_600_000_000, 1_600_000_000))
    before = {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in d.iterdir()}
    load_dataset(d)
    assert {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in d.iterdir()} == before
