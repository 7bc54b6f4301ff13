"""Statbank reader on the real JSON-stat fixtures (tests/data/jsonstat, Apache-2.0) and on CSV downloads."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.errors import DataValidationError
from lifelong_analysis.data.statbank import NO_STATUS_LABEL, from_jsonstat, read_statbank, status_label, symbols


@pytest.fixture(scope="module")
def jsonstat(test_data):
    return test_data / "jsonstat"


def test_ssb_api_bundle(jsonstat):
    """Real SSB API response (JSON-stat 1.x bundle): 3 x 10 x 6 x 7 = 1260 cells, 390 null with '..'."""
    df = read_statbank(jsonstat / "ssb-api.json")
    assert len(df) == 3 * 10 * 6 * 7 == 1260
    assert list(df.columns[:4]) == ["Kjonn", "Alder", "ContentsCode", "Tid"]
    assert df["value"].isna().sum() == 390
    assert df["status"].value_counts().to_dict() == {"..": 390}
    assert (df["value"].isna() == (df["status"] == "..")).all()  # missing exactly where status says so
    assert set(df.loc[df.status == "..", "status_label"]) == {"data not available (figures missing)"}
    assert df["status_label"][df["value"].notna()].isna().all()
    # flat index 7 = (Kjonn 0, Alder 999, ContentsCode MndfortjIalt, Tid 2002): value[7] in the JSON is 24572
    row = df.iloc[7]
    assert (row.Kjonn, row.Alder, row.ContentsCode, row.Tid, row.value) == ("0", "999", "MndfortjIalt", "2002", 24572)
    # flat index 647 = 1*420 + 5*42 + 2*7 + 3: Males, 40-44, basic monthly salary, 2005 -> 28933 NOK
    sel = df[(df.Kjonn == "1") & (df.Alder == "40-44") & (df.ContentsCode == "UtbetAvtLonn") & (df.Tid == "2005")]
    assert sel["value"].tolist() == [28933]
    assert sel["Kjonn_label"].item() == "Males" and sel["ContentsCode_label"].item() == "Basic monthly salary (NOK)"
    # the last cell (Females, 60+, overtime, 2008) is null with '..'
    assert df.iloc[-1][["Kjonn", "Alder", "status"]].tolist() == ["2", "060+", ".."]
    assert df["Alder"].map(type).eq(str).all() and "060+" in set(df["Alder"])


def test_oecd_status_object(jsonstat):
    df = read_statbank(jsonstat / "oecd.json")
    assert len(df) == 1 * 36 * 12
    assert df["status"].value_counts().to_dict() == {"e": 72}
    assert df["value"].notna().all()  # 'e' flags a value, it does not remove it
    assert df.iloc[0][["area", "year", "value"]].tolist() == ["AU", "2003", pytest.approx(5.943826289)]
    us = df[(df.area == "US") & (df.year == "2014")].iloc[0]  # area index of US is 33: flat 33*12 + 11 = 407
    assert us["value"] == pytest.approx(7.514930043) and us["status"] == "e"  # value[407], status["407"]
    assert us["status_label"] == "estimated" and us["area_label"] == "United States"


def test_canada_status_array_of_one(jsonstat):
    df = read_statbank(jsonstat / "canada.json")
    assert len(df) == 1 * 1 * 20 * 2 * 3 == 120
    assert set(df["status"]) == {"a"}
    assert df["status_label"].iloc[0] == "status 'a' (meaning not documented in ssb_symbols.csv)"
    assert df.iloc[0][["country", "age", "concept", "sex", "value"]].tolist() == ["CA", "T", "POP", "T", 34880.5]
    assert df["country_label"].iloc[0] == "Canada"  # category with label only, no index


def test_hierarchy_value_object(jsonstat):
    df = read_statbank(jsonstat / "hierarchy.json")
    assert len(df) == 132 and df["commodity"].iloc[0] == "T"
    assert df["value"].isna().all()
    assert df["status"].isna().all()
    assert (df["status_label"] == NO_STATUS_LABEL).all()  # never a bare NaN without a reason


def test_galicia_nulls_without_status(jsonstat):
    df = read_statbank(jsonstat / "galicia.json")
    assert len(df) == 6 * 22 * 3 * 2 * 5 * 1
    assert df.iloc[0]["value"] == 2695880
    assert (df.loc[df.value.isna(), "status_label"] == NO_STATUS_LABEL).all()


def test_jsonstat2_variants():
    doc = {"version": "2.0", "class": "dataset", "id": ["region", "Tid"], "size": [2, 2],
           "dimension": {"region": {"category": {"index": {"0301": 0, "5001": 1},
                                                 "label": {"0301": "Oslo", "5001": "Trondheim"}}},
                         "Tid": {"category": {"index": ["2023", "2024"]}}},
           "value": [10.5, "..", None, 0], "status": [None, None, ":", "-"]}
    df = from_jsonstat(doc)
    assert df["region"].tolist() == ["0301", "0301", "5001", "5001"]
    assert df["region_label"].tolist() == ["Oslo", "Oslo", "Trondheim", "Trondheim"]
    assert df["value"].iloc[0] == 10.5 and df["value"].iloc[1:3].isna().all()
    assert df["status"].tolist() == [None, "..", ":", "-"]
    assert df["status_label"].iloc[2] == "suppressed for confidentiality"
    assert df["value"].iloc[3] == 0  # a real 0 value with a '-' status keeps the value given


def test_jsonstat1_named_bundle():
    ds = {"dimension": {"id": ["Tid"], "size": [1], "Tid": {"category": {"index": {"2024": 0}}}}, "value": [7]}
    doc = {"a": ds, "b": {**ds, "value": [8]}}
    assert from_jsonstat(doc, dataset="b")["value"].tolist() == [8]
    with pytest.raises(ValueError, match="choose one of: a, b"):
        from_jsonstat(doc)


def test_jsonstat_wrong_size():
    doc = {"class": "dataset", "id": ["x"], "size": [2], "dimension": {"x": {"category": {"index": ["a", "b"]}}},
           "value": [1]}
    with pytest.raises(ValueError, match="1 values for 2 cells"):
        from_jsonstat(doc)


def test_csv_long_layout_latin1(tmp_path):
    text = ('"region";"statistikkvariabel";"år";"07459: Befolkning"\n'
            '"0301 Oslo";"Personer";"2023";709037\n'
            '"5001 Trondheim";"Personer";"2023";..\n'
            '"1103 Stavanger";"Personer";"2023";:\n'
            '"5501 Tromsø";"Personer";"2023";"1 234,5"\n'
            '"0 Hele landet";"Personer";"2023";5550203\n')
    f = tmp_path / "long.csv"
    f.write_bytes(text.encode("latin-1"))
    df = read_statbank(f)
    assert df["region"].tolist() == ["0301", "5001", "1103", "5501", "0"]
    assert df["region_label"].tolist() == ["Oslo", "Trondheim", "Stavanger", "Tromsø", "Hele landet"]
    assert df["år"].tolist() == ["2023"] * 5
    assert df["value"].iloc[4] == 5550203
    assert df["value"].iloc[0] == 709037 and df["value"].iloc[3] == pytest.approx(1234.5)
    assert df["value"].iloc[1:3].isna().all() and df["status"].tolist() == [None, "..", ":", None, None]
    assert df.attrs["contents"] == "07459: Befolkning"


def test_csv_wide_layout_with_title(tmp_path):
    text = ('"11975: Sysselsatte i kommunal sektor"\n\n'
            '"region";"næring";"Sysselsatte 2022";"Sysselsatte 2023"\n'
            '"0301 Oslo";"Helse- og omsorgstjenester";"12 345,5";".."\n'
            '"5001 Trondheim";"Undervisning";"-";"0"\n')
    f = tmp_path / "wide.csv"
    f.write_bytes(text.encode("cp1252"))
    df = read_statbank(f)
    assert df.columns.tolist()[:4] == ["region", "næring", "contents", "time"]
    assert df["time"].tolist() == ["2022", "2023", "2022", "2023"]
    assert df["contents"].unique().tolist() == ["Sysselsatte"]
    assert df["value"].iloc[0] == pytest.approx(12345.5)
    assert df["status"].tolist() == [None, "..", "-", None]
    assert np.isnan(df["value"].iloc[2])  # '-' is missing with its symbol, never 0
    assert df["value"].iloc[3] == 0.0  # a printed 0 is a value


def test_csv_comma_separated_decimal_point(tmp_path):
    f = tmp_path / "en.csv"
    f.write_bytes(b'"region","year","Employed persons"\n"0301 Oslo","2023",1234.5\n')
    df = read_statbank(f)
    assert df["value"].tolist() == [1234.5] and df["region"].tolist() == ["0301"]


def test_csv_bad_value_names_row(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_bytes('"region";"år";"Personer"\n"0301 Oslo";"2023";12\n"5001 Trondheim";"2023";n/a?\n'.encode())
    with pytest.raises(DataValidationError) as exc:
        read_statbank(f)
    assert exc.value.problems.iloc[0]["rows"] == (3,)


def test_symbols_table_has_sources_and_evidence():
    s = symbols().set_index("symbol")
    for sym in [".", "..", ":", "...", "-"]:
        assert sym in s.index and s.loc[sym, "missing"]
    assert s.loc["..", "evidence"] == "V" and s.loc["...", "evidence"] == "NF"
    assert s["source"].str.len().gt(10).all()
    assert status_label(None) is None


def test_read_statbank_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_statbank(tmp_path / "x.json")


def test_fixture_values_match_raw_json(jsonstat):
    """Independent check: every non-null value of ssb-api.json appears at its flat index."""
    raw = json.loads((jsonstat / "ssb-api.json").read_text(encoding="utf-8"))["dataset"]["value"]
    df = read_statbank(jsonstat / "ssb-api.json")
    expected = pd.Series([np.nan if v is None else v for v in raw], dtype=float)
    pd.testing.assert_series_equal(df["value"], expected, check_names=False)
