"""Timing of the digital-skills analysis (issue 4) on a survey of n respondents.

Usage: .venv/bin/python benchmarks/bench_skills.py [n_respondents]

The survey is the shipped synthetic skills_survey resampled (with replacement) to n rows.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from lifelong_analysis.analysis import dsi, skills
from lifelong_analysis.data.readers import load_dataset


def timed(label, fn):
    t = time.perf_counter()
    out = fn()
    print(f"{label:<70} {time.perf_counter() - t:6.2f} s")
    return out


def main(n: int) -> None:
    warnings.simplefilter("ignore")
    base = load_dataset(None, kinds=["skills_survey"]).skills_survey
    rng = np.random.default_rng(1)
    s = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    s["respondent_id"] = [f"r{i}" for i in range(n)]
    print(f"n = {n} respondents")
    c = timed("dsi.classify (24 items, 5 areas)", lambda: dsi.classify(s))
    timed("dsi.level_shares by occupation, weighted", lambda: dsi.level_shares(c, group_by="occupation",
                                                                               weight_column="weight", classified=True))
    timed("skills.gap_by_group by occupation, weighted", lambda: skills.gap_by_group(s, group_by="occupation",
                                                                                    weight_column="weight"))
    timed("skills.report_tables (all tables, suppression k=5)", lambda: skills.report_tables(
        s, group_by="occupation", weight_column="weight", min_cell_size=5))
    a = c[c["dsi_level"] != "not_assessed"]
    timed("skills.ordinal_model (4 predictors, ~28 terms, L-BFGS)", lambda: skills.ordinal_model(
        a, outcome="dsi_level", levels=dsi.ASSESSED_LEVELS))
    timed("skills.logit_model (at least basic)", lambda: skills.logit_model(a, outcome="at_least_basic"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1500)
