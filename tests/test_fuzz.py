"""Fuzzing the readers with hypothesis (issue 11): only DataValidationError escapes, nothing changes silently.

The generator is ``tests/fuzzing.py`` (shared with the long run ``benchmarks/bench_fuzz.py``, whose
figures are in ``benchmarks/README.md``).  Bounded here: 25 CSV/xlsx files per table kind and 150
JSON-stat documents, so that ``make test`` stays fast.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing as fz

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                derandomize=True)


@pytest.mark.parametrize("kind", fz.KINDS)
@settings(max_examples=25, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), fmt=st.sampled_from(["csv", "csv", "csv", "xlsx"]))
def test_fuzz_tables(tmp_path, kind, seed, fmt):
    case = fz.make_case(random.Random(seed), kind, fmt)
    fz.check_case(case, fz.run_case(case, tmp_path))  # any other exception fails the test


@settings(max_examples=150, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1))
def test_fuzz_jsonstat(tmp_path, seed):
    case = fz.make_jsonstat_case(random.Random(seed))
    fz.check_case(case, fz.run_case(case, tmp_path))


@pytest.mark.parametrize("kind", fz.KINDS)
def test_valid_variants_keep_every_value(tmp_path, kind):
    """Benign changes only (separator + decimal comma, encoding, column order): all rows and values survive."""
    rng = random.Random(11)
    for _ in range(5):
        case = fz.make_case(rng, kind, "csv", n_mutations=0)
        case.data = case.data  # the valid file as written by the generator
        res = fz.run_case(case, tmp_path)
        assert not isinstance(res, fz.DataValidationError), str(res)
        fz.check_case(case, res)
        assert len(res) == len(fz.reference(kind))


def test_oracle_catches_a_silent_change(tmp_path):
    """The check is not vacuous: a value changed without being marked as touched is reported."""
    case = fz.make_case(random.Random(0), "funding", "csv", n_mutations=0)
    case.data = case.data.replace(b"42000", b"42001")
    with pytest.raises(fz.SilentChange, match=r"amount_nok row 0: .*42000\.0.* became .*42001\.0"):
        fz.check_case(case, fz.run_case(case, tmp_path))


# The alias+cell case of the full fuzz run (benchmarks/README.md, 2026-12-02): the generator renamed
# amount_nok to its alias "Beløp" and then damaged row 1 of that column ("3000" -> "25.000", read as 25.0 in a
# comma file).  It recorded the damaged cell as (1, "Beløp"), the oracle compares by column name
# (amount_nok), so the change made on purpose was reported as silent.  The generator now records
# (1, "amount_nok").
ALIAS_CELL = (b"year,kommunenummer,payer,scheme,Bel\xc3\xb8p,activity_id\n"
              b"2024,5001,state,kfk_substitute_math_science,42000,A003\n"
              b"2024,5001,municipality,employer_pays,25.000,A002\n"
              b"2024,5001,state,hc_competence_grant,10000,\n")


def test_alias_then_cell_is_a_change_on_purpose(tmp_path):
    case = fz.Case("funding", "csv", ALIAS_CELL, mutations=["alias", "cell"], touched={(1, "amount_nok")})
    res = fz.run_case(case, tmp_path)
    assert res["amount_nok"].tolist() == [42000.0, 25.0, 10000.0]
    fz.check_case(case, res)  # no SilentChange


def test_alias_then_cell_under_the_old_bookkeeping_is_flagged(tmp_path):
    """The damaged cell recorded under the header's alias: the oracle reports exactly the fuzz run's message."""
    case = fz.Case("funding", "csv", ALIAS_CELL, mutations=["alias", "cell"], touched={(1, "Beløp")})
    with pytest.raises(fz.SilentChange, match=r"^\['alias', 'cell'\]: amount_nok row 1: .*3000\.0.* became .*25\.0"):
        fz.check_case(case, fz.run_case(case, tmp_path))


def test_oracle_catches_a_silent_change_under_an_alias(tmp_path):
    """An aliased column is still compared: a change in an untouched row of it is reported."""
    case = fz.Case("funding", "csv", ALIAS_CELL.replace(b"42000", b"42001"), mutations=["alias", "cell"],
                   touched={(1, "amount_nok")})
    with pytest.raises(fz.SilentChange, match=r"amount_nok row 0: .*42000\.0.* became .*42001\.0"):
        fz.check_case(case, fz.run_case(case, tmp_path))


def test_generator_records_damaged_cells_by_column_name():
    """Over 200 alias+cell files (aliases, shuffled columns): every touched cell names a column of the valid table."""
    rng = random.Random(961)
    aliased = 0
    for i in range(200):
        kind = fz.KINDS[i % len(fz.KINDS)]
        case = fz.make_case(rng, kind, "csv", mutations=("alias", "cell", "shuffle_columns"))
        names = set(fz.base_table(kind)[0])  # the column names of the valid table
        assert {col for _, col in case.touched} <= names, (case.mutations, case.touched)
        header = case.data.decode("utf-8").splitlines()[0].split(",")
        aliased += any(h not in names for h in header)
    assert aliased > 100  # the alias mutation really renamed a header in most files


def test_percent_alias_values_are_written_as_percentages(tmp_path):
    """A percent alias ("Stillingsprosent"): the generator writes 100 for 1.0 and the file reads back unchanged."""
    rng = random.Random(5)
    percent_names = {a.capitalize() for a in fz.tables.PERCENT_ALIASES["position_share"]}
    seen = 0
    for _ in range(60):
        case = fz.make_case(rng, "workforce", "csv", mutations=("alias",))
        lines = case.data.decode("utf-8").splitlines()
        header = lines[0].split(",")
        if not percent_names & set(header):
            continue
        seen += 1
        j = next(j for j, h in enumerate(header) if h in percent_names)
        assert [line.split(",")[j] for line in lines[1:5]] == ["100", "75", "100", "50"]
        res = fz.run_case(case, tmp_path)
        assert res["position_share"].tolist() == [1.0, 0.75, 1.0, 0.5, *fz.reference("workforce")[
            "position_share"].tolist()[4:]]
        fz.check_case(case, res)
    assert seen >= 3


def test_parse_mutations():
    assert fz.parse_mutations("alias+cell") == ("alias", "cell")
    assert fz.parse_mutations(None) is None
    with pytest.raises(ValueError, match="unknown mutation.*alais"):
        fz.parse_mutations("alais+cell")


@settings(max_examples=30, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from([*fz.KINDS, "statbank"]))
def test_fuzz_cli_exits_0_or_2(tmp_path, capsys, seed, kind):
    """Through the command line: exit 0 or 2 and never a traceback (exit 1 is left for bugs of the package)."""
    from lifelong_analysis.runner.cli import main

    rng = random.Random(seed)
    case = fz.make_jsonstat_case(rng) if kind == "statbank" else fz.make_case(rng, kind, rng.choice(["csv", "xlsx"]))
    path = tmp_path / f"{kind}.{ {'csv': 'csv', 'xlsx': 'xlsx', 'json': 'json'}[case.fmt]}"
    path.write_bytes(case.data)
    code = main(["validate", str(path), "--kind", kind])
    out, err = capsys.readouterr()
    assert code in (0, 2) and "Traceback" not in err, err
