"""Published reference figures: tidy table, exact values from the sources, clear errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lifelong_analysis.data import reference

SHARED = Path("/work/shared/reference/published_figures.csv")


def test_tidy_table_columns_and_types():
    t = reference.published_figures()
    assert list(t.columns) == list(reference.COLUMNS)
    assert t["id"].is_unique
    assert t["value"].dtype == float
    assert (t["source"].str.len() > 0).all()
    assert (t["evidence"].str.len() > 0).all()
    assert (t["reference_period"].str.len() > 0).all()
    urls = t["url"][t["url"] != ""]
    assert urls.str.startswith("http").all()


@pytest.mark.parametrize("id_, expected", [
    ("ks_avg_position_2023", 0.841),              # KS heltid/deltid: "84,1 prosent"
    ("ks_fulltime_share_2023", 0.61),
    ("ks_pay_sykepleier_2023", 661_000),          # KS lønnsstatistikk 1.12.2023
    ("ks_employees_2023", 500_300),
    ("trd_employees_2020", 14_998),
    ("dsi_no_basic_2023", 0.8153),
    ("kfk_release_30sp", 0.375),
    ("ssb_fte_2008_total", 334_178),
    ("offphd_duration", 3),
])
def test_values(id_, expected):
    assert reference.value(id_) == pytest.approx(expected)


def test_trondheim_women_and_men_add_up():
    # 11 231 women + 3 767 men = 14 998 (Trondheim årsberetning 2020)
    assert reference.value("trd_women_2020") + 3_767 == reference.value("trd_employees_2020")


def test_ssb_2008_sector_parts_add_to_the_total_within_rounding():
    parts = ["health_social", "school", "kindergarten", "administration", "culture", "other"]
    total = sum(reference.value(f"ssb_fte_2008_{p}") for p in parts)
    # 140 485 + 90 545 + 38 294 + 46 674 + 6 958 + 11 223 = 334 179; SSB prints 334 178 (rounding)
    assert total == 334_179
    assert abs(total - reference.value("ssb_fte_2008_total")) <= 1


def test_unknown_id_names_close_ids():
    with pytest.raises(KeyError) as exc:
        reference.value("ks_avg_postion_2023")
    assert "ks_avg_position_2023" in str(exc.value)


def test_topic_filter_and_unknown_topic():
    t = reference.published_figures(topic=["wages"])
    assert set(t["topic"]) == {"wages"} and len(t) >= 8
    with pytest.raises(ValueError, match="valid topics"):
        reference.published_figures(topic="wage")


def test_source_note():
    assert reference.source_note("ks_sickleave_2023") == "Kilde: KS: Økende sykefravær i 2023 (2023)"


def test_the_returned_table_is_a_copy():
    t = reference.published_figures()
    t.loc[0, "value"] = -1
    assert reference.published_figures().loc[0, "value"] != -1


@pytest.mark.skipif(not SHARED.exists(), reason="shared reference folder not available")
def test_rows_copied_from_the_shared_reference_are_unchanged():
    with open(SHARED, encoding="utf-8") as fh:
        shared = list(csv.DictReader(fh))
    ours = reference.published_figures().set_index("id")
    for row in shared:
        assert row["id"] in ours.index, row["id"]
        if row["id"] == "offphd_duration":          # "3-4" -> 3 (documented in resources/README.md)
            continue
        assert ours.loc[row["id"], "value"] == pytest.approx(float(row["value"])), row["id"]
        # sources are kept; one gained the repository path it was extracted from
        assert ours.loc[row["id"], "source"].startswith(row["source"])
