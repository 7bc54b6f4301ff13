"""Rule 8 of issue 9: headline amounts with three significant figures and their P5–P95 range."""

from __future__ import annotations

from lifelong_analysis.reporting.formatting import format_estimate, round_significant

NB, THIN = "\u00a0", "\u202f"


def test_three_significant_figures_with_range_in_norwegian_and_english():
    # 2 236 417 -> 2,24 mill.; the range in the same unit and decimals: 1 912 000 -> 1,91, 2 634 999 -> 2,63
    assert format_estimate(2_236_417, 1_912_000, 2_634_999) == f"om lag 2,24{NB}mill.{NB}kr (1,91–2,63)"
    assert format_estimate(2_236_417, 1_912_000, 2_634_999, language="en") == f"about NOK{NB}2.24{NB}million (1.91–2.63)"
    # under a million: kroner rounded to 3 significant figures (452 300 -> 452 000; 398 100 -> 398 000)
    assert format_estimate(452_300, 398_100, 511_000) == f"om lag 452{THIN}000{NB}kr (398{THIN}000–511{THIN}000)"
    # billions; 12,3 mill. keeps one decimal
    assert format_estimate(6.1e9, approx=False) == f"6,10{NB}mrd.{NB}kr"
    assert format_estimate(12_345_678, 10_940_000, 14_160_000) == f"om lag 12,3{NB}mill.{NB}kr (10,9–14,2)"
    assert round_significant(-0.0123456, 3) == -0.0123 and round_significant(987_654, 2) == 990_000
