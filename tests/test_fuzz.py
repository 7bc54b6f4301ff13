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
