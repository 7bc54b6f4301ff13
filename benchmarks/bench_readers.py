"""Benchmark: read and validate a national-scale workforce file (default 500 000 rows).

Run: ``.venv/bin/python benchmarks/bench_readers.py [n_rows]``.  Prints the seconds
and peak resident memory of ``read_table``; figures
are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
import resource
from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis.data import vocab
from lifelong_analysis.data.readers import read_table


def make_workforce(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "employee_id": [f"E{i:07d}" for i in range(n)],
        "kommunenummer": rng.choice(list(vocab.MUNICIPALITY), n),
        "sector": rng.choice(vocab.codes("sector"), n),
        "occupation": rng.choice(vocab.codes("occupation"), n),
        "position_share": rng.choice([0.5, 0.75, 0.8, 1.0], n),
        "monthly_pay_nok": rng.normal(50_000, 8_000, n).round(2).clip(20_000, 150_000),
        "age": rng.integers(18, 70, n),
        "education_level": rng.choice(vocab.codes("education_level"), n),
        "employment_type": rng.choice(vocab.codes("employment_type"), n),
    })


def main(n: int = 500_000) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "workforce.csv"
        df = make_workforce(n)
        # Norwegian export: ';' and decimal comma
        df.to_csv(path, sep=";", decimal=",", index=False, encoding="cp1252")
        size_mb = path.stat().st_size / 1e6
        del df
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        t0 = time.perf_counter()
        out = read_table(path, "workforce")
        secs = time.perf_counter() - t0
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        assert len(out) == n
        print(f"read_table workforce: {n} rows, {size_mb:.1f} MB cp1252 ';' file: {secs:.1f} s, "
              f"peak RSS {rss1:.0f} MB (before reading {rss0:.0f} MB)")
        # issue 11: a comma file with a decimal comma in every row (or a trailing separator) must be
        # refused quickly with the message a user understands, not after minutes of pandas guessing
        from lifelong_analysis.errors import DataValidationError

        bad = Path(d) / "decimal_comma.csv"
        with open(bad, "w", encoding="utf-8") as fh:
            fh.write("employee_id,kommunenummer,sector,occupation,position_share,monthly_pay_nok,age,"
                     "education_level,employment_type\n")
            fh.writelines(f"E{i},5001,health_care,nurse,0,8,52000,34,bachelor,permanent\n" for i in range(n))
        t0 = time.perf_counter()
        try:
            read_table(bad, "workforce")
            raise AssertionError("a decimal comma in a comma file was accepted")
        except DataValidationError as exc:
            secs = time.perf_counter() - t0
            first = str(exc).splitlines()[1][:120]
        rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        print(f"decimal comma in a comma file, {n} rows: refused in {secs:.1f} s (target < 30 s), peak RSS "
              f"{rss2:.0f} MB; message: {first}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000)
