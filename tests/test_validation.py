"""Schemas derived from tables.py, and the validation error's content and wording."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from lifelong_analysis.data import schemas, tables
from lifelong_analysis.errors import DataValidationError, problem
from lifelong_analysis.data.readers import validate_frame


def funding(**over):
    base = {"year": ["2024", "2024"], "kommunenummer": ["5001", "0301"], "payer": ["state", "municipality"],
            "scheme": ["kfk_stipend", "employer_pays"], "amount_nok": ["1000", "2000"]}
    base.update(over)
    return pd.DataFrame(base)


def substitutes(n=2, **over):
    base = {"kommunenummer": ["5001", None][:n], "sector": ["health_care", "health_care"][:n],
            "substitute_hourly_pay_nok": ["310"] * n, "unqualified_hourly_pay_nok": ["240"] * n,
            "overtime_premium_share": ["0.5"] * n, "agency_premium_share": ["0.3"] * n,
            "p_qualified_available": ["0.6"] * n, "share_unqualified": ["0.5"] * n,
            "share_overtime": ["0.3"] * n, "share_uncovered": ["0.2"] * n, "year": ["2024"] * n}
    base.update(over)
    return pd.DataFrame(base)


def problems_of(df, kind, **kw):
    with pytest.raises(DataValidationError) as exc:
        validate_frame(df, kind, **kw)
    return exc.value.problems


def test_schema_columns_derived_from_tables():
    for kind, table in tables.TABLES.items():
        s = schemas.schema(kind)
        assert list(s.columns) == [c.name for c in table.columns], kind
        assert {c.name for c in table.columns if c.regex} == {n for n, col in s.columns.items() if col.regex}
        assert s.unique == (list(table.key) or None)
        assert {c.name for c in s.checks} == set(table.checks)
    wf = schemas.schema("workforce").columns
    assert wf["position_share"].dtype.type == "float64" and wf["age"].dtype.type == "int64"
    assert not wf["employee_id"].nullable and wf["sex"].nullable and not wf["sex"].required
    ss = schemas.schema("skills_survey").columns
    assert str(ss["self_safety"].dtype) == "Int64" and ss[r"^sat_q\d+$"].regex


def test_schema_rejects_wrong_dtype():
    df = funding()  # all text: not the validated dtypes
    with pytest.raises(pa.errors.SchemaErrors):
        schemas.schema("funding").validate(df, lazy=True)


def test_message_format_matches_the_house_style():
    err = DataValidationError([
        problem("workforce.csv", "position_share", "must be > 0 and <= 1", rows=[9, 4], values=[1.5, -0.2]),
        problem("workforce.csv", None, "the file has a header line but no data rows"),
    ])
    assert str(err) == (
        "workforce.csv: 2 problems\n"
        "- column 'position_share', rows 4, 9 (2 rows): must be > 0 and <= 1; found 1.5, -0.2\n"
        "- the file has a header line but no data rows"
    )
    assert isinstance(err, ValueError)
    assert list(err.problems.columns) == ["file", "column", "rule", "rows", "n_rows", "values"]


def test_many_rows_show_the_first_ten():
    p = problem("f.csv", "x", "must not be empty", rows=range(2, 102))
    assert p["rows"] == tuple(range(2, 12)) and p["n_rows"] == 100
    assert "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ... (100 rows)" in str(DataValidationError([p]))


def test_problems_table_content():
    df = funding(amount_nok=["1 000", "-5"], payer=["state", "kommune"])
    p = problems_of(df, "funding").set_index("column")
    # "1 000" is a number (space as thousands separator) even without decimal comma
    assert p.loc["amount_nok", "rule"] == "must be >= 0"
    assert p.loc["amount_nok", "rows"] == (3,) and p.loc["amount_nok", "values"] == (-5.0,)
    assert p.loc["payer", "values"] == ("kommune",) and "municipality, state, employee" in p.loc["payer", "rule"]


def test_unconvertible_value_is_not_also_reported_empty():
    p = problems_of(funding(year=["2024", "tjue"]), "funding")
    assert p["rule"].tolist() == ["must be a number"]
    assert p["rows"].tolist() == [(3,)]


def test_whole_number_rule():
    p = problems_of(funding(year=["2024", "2024.5"]), "funding")
    assert p["rule"].tolist() == ["must be a whole number"] and p["values"].iloc[0] == (2024.5,)


def test_kommunenummer_rules():
    p = problems_of(funding(kommunenummer=["301", "Oslo"]), "funding")
    assert len(p) == 2
    lost = p[p["rule"].str.contains("lost its leading zero")].iloc[0]
    assert lost["rows"] == (2,) and "'301' should probably be '0301'" in lost["rule"]
    other = p[~p["rule"].str.contains("lost")].iloc[0]
    assert other["rows"] == (3,) and other["rule"] == schemas.KOMMUNENUMMER_RULE


def test_missing_column_with_hint():
    # the same name up to case and spaces is the column (and said so in attrs["renamed"])
    ok = validate_frame(funding().rename(columns={"amount_nok": " Amount NOK"}), "funding")
    assert ok["amount_nok"].tolist() == [1000.0, 2000.0] and ok.attrs["renamed"] == {"Amount NOK": "amount_nok"}
    # a close name is not guessed: the error says which mapping to write
    p = problems_of(funding().rename(columns={"amount_nok": "amount_nk"}), "funding").iloc[0]
    assert p["column"] == "amount_nok"
    assert "the file has 'amount_nk', which looks like it" in p["rule"]
    assert '`funding: {columns: {"amount_nk": amount_nok}}`' in p["rule"]


def test_cover_shares_and_composite_key():
    ok = validate_frame(substitutes(), "substitutes")
    assert ok["kommunenummer"].isna().sum() == 1  # empty kommunenummer: applies to every municipality
    # 0.5 + 0.3 + 0.2005 = 1.0005 is within 0.001; 0.5 + 0.3 + 0.25 = 1.05 is not
    validate_frame(substitutes(share_uncovered=["0.2005", "0.2"]), "substitutes")
    p = problems_of(substitutes(share_uncovered=["0.25", "0.2"]), "substitutes")
    assert p["rows"].tolist() == [(2,)] and p["values"].iloc[0] == ("sum 1.05",)
    dup = substitutes(kommunenummer=["5001", "5001"])
    p = problems_of(dup, "substitutes")
    assert p["column"].tolist() == ["kommunenummer + sector + year"]
    assert p["rows"].iloc[0] == (2, 3) and "combination" in p["rule"].iloc[0]


def test_training_cross_rules():
    base = {"activity_id": ["A1", "A2"], "employee_id": ["E1", "E2"], "kommunenummer": ["5001", "5001"],
            "activity": ["x", "y"], "delivery_format": ["digital_self_paced", "work_integrated"],
            "hours_away": ["0", "10"], "study_points": ["0", "0"], "direct_cost_nok": ["1000", "1000"],
            "funding_scheme": ["employer_pays", "employer_pays"], "year": ["2024", "2024"]}
    out = validate_frame(pd.DataFrame(base), "training")
    assert out["grant_nok"].tolist() == [0.0, 0.0]  # default filled
    # grant above direct cost with no hours away: impossible
    p = problems_of(pd.DataFrame({**base, "grant_nok": ["1500", "1500"]}), "training")
    assert p["rows"].tolist() == [(2,)] and p["column"].tolist() == ["grant_nok"]
    # components: 600 + 400.5 = 1000.5 is within 1 NOK of 1000; 600 + 300 = 900 is not
    comp = {**base, "fees_nok": ["600", "600"], "materials_nok": ["400.5", "300"]}
    p = problems_of(pd.DataFrame(comp), "training")
    assert p["rows"].tolist() == [(3,)]
    assert p["values"].iloc[0] == ("components sum 900.00 vs direct_cost_nok 1000.00",)


def test_bool_column():
    base = {"respondent_id": ["R1", "R2", "R3"], "kommunenummer": ["5001"] * 3, "sector": ["culture"] * 3,
            "occupation": ["x"] * 3, "age_group": ["25-34"] * 3}
    base.update({f"{p}_{a}": ["3"] * 3 for p in ("self", "required") for a in
                 ("information", "communication", "content_creation", "safety", "problem_solving")})
    out = validate_frame(pd.DataFrame({**base, "internet_use_3m": ["ja", "nei", ""]}), "skills_survey")
    assert out["internet_use_3m"].tolist() == [True, False, True]  # empty -> default True
    p = problems_of(pd.DataFrame({**base, "internet_use_3m": ["ja", "kanskje", "1"]}), "skills_survey")
    assert p["column"].tolist() == ["internet_use_3m"] and p["values"].iloc[0] == ("kanskje",)


def test_rows_never_dropped():
    df = funding(amount_nok=["1000", ""])
    p = problems_of(df, "funding")
    assert p["rule"].tolist() == ["must not be empty"] and p["rows"].tolist() == [(3,)]


def test_duplicate_header_column(tmp_path):
    from lifelong_analysis.data.readers import read_table

    f = tmp_path / "f.csv"
    f.write_text("year,kommunenummer,payer,scheme,amount_nok,amount_nok\n2024,5001,state,kfk_stipend,1,2\n",
                 encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        read_table(f, "funding")
    p = exc.value.problems
    assert p["column"].tolist() == ["amount_nok"] and "more than once" in p["rule"].iloc[0]


def test_label_instead_of_code_is_named():
    p = problems_of(funding(payer=["Staten", "State"]), "funding").iloc[0]
    assert p["rows"] == (2, 3)
    assert "'Staten' should be written as the code 'state'" in p["rule"]
    assert "'State' should be written as the code 'state'" in p["rule"]


def test_infinite_is_not_a_number():
    p = problems_of(funding(year=["2024", "inf"], amount_nok=["-inf", "5"]), "funding")
    assert sorted(p["column"]) == ["amount_nok", "year"]
    assert set(p["rule"]) == {"must be a number"}
