"""DSI 2.0 rules (methods.md §2.1, §8) on hand-built respondents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.analysis import dsi
from lifelong_analysis.reporting import skills_report

AREAS = ["information", "communication", "content_creation", "safety", "problem_solving"]
# three items per area: i1..i3 information, c1..c3 communication, k1..k3 content, s1..s3 safety, p1..p3 problem solving
PREFIX = {"information": "i", "communication": "c", "content_creation": "k", "safety": "s", "problem_solving": "p"}
ITEMS = pd.DataFrame(
    [{"item": f"{PREFIX[a]}{j}", "area": a, "evidence": "not confirmed"} for a in AREAS for j in (1, 2, 3)]
)


def respondent(rid, counts, internet=True, **extra):
    """A respondent who did ``counts[area]`` activities in each area."""
    row = {"respondent_id": rid, "internet_use_3m": internet, **extra}
    for a in AREAS:
        for j in (1, 2, 3):
            row[f"dsi_{PREFIX[a]}{j}"] = int(j <= counts.get(a, 0))
    return row


def frame(rows):
    return pd.DataFrame(rows)


def all_areas(n):
    return {a: n for a in AREAS}


def test_shipped_item_configuration_is_valid():
    items = dsi.load_items()
    assert set(items["area"]) == set(AREAS)
    # methods.md §8: four information items and six safety items are verified; nothing else is
    assert (items.loc[items["evidence"] == "verified", "area"].value_counts().to_dict()
            == {"safety": 6, "information": 4})
    assert items.groupby("area").size().between(3, 6).all()


@pytest.mark.parametrize("area,n,expected", [
    ("information", 0, "no"), ("information", 1, "basic"), ("information", 2, "above_basic"),
    ("communication", 1, "basic"), ("communication", 3, "above_basic"),
    ("content_creation", 0, "no"), ("content_creation", 1, "basic"), ("content_creation", 2, "basic"),
    ("content_creation", 3, "above_basic"),
    ("safety", 2, "basic"), ("safety", 3, "above_basic"),
    ("problem_solving", 2, "basic"), ("problem_solving", 3, "above_basic"),
])
def test_per_area_thresholds(area, n, expected):
    assert dsi.area_level(n, area) == expected
    # and through classify on a respondent
    out = dsi.classify(frame([respondent("r", {area: n})]), items=ITEMS)
    assert out.loc[0, f"dsi_{area}_level"] == expected
    assert out.loc[0, f"dsi_n_{area}"] == n


def test_every_overall_level():
    basic2 = {"information": 1, "communication": 1, "content_creation": 2, "safety": 1, "problem_solving": 2}
    rows = [
        respondent("none", {}),                                                  # 0 areas -> no
        respondent("one", {"safety": 1}),                                        # 1 area -> no (0-1 rule)
        respondent("two", {"information": 2, "safety": 3}),                      # 2 -> limited
        respondent("three", {"information": 1, "communication": 1, "safety": 1}),  # 3 -> narrow
        respondent("four", {**all_areas(3), "problem_solving": 0}),              # 4 -> low (even if above basic)
        respondent("basic", basic2),                                             # 5, none above -> basic
        respondent("mixed", {**all_areas(3), "content_creation": 2}),            # 5, one only basic -> basic
        respondent("above", {"information": 2, "communication": 2, "content_creation": 3, "safety": 3,
                             "problem_solving": 3}),                             # all above -> above_basic
        respondent("offline", all_areas(3), internet=False),                     # non-user -> not assessed
    ]
    out = dsi.classify(frame(rows), items=ITEMS).set_index("respondent_id")
    assert out["dsi_level"].to_dict() == {
        "none": "no", "one": "no", "two": "limited", "three": "narrow", "four": "low", "basic": "basic",
        "mixed": "basic", "above": "above_basic", "offline": "not_assessed",
    }
    assert out["n_areas_at_least_basic"].tolist()[:8] == [0, 1, 2, 3, 4, 5, 5, 5]
    assert pd.isna(out.loc["offline", "n_areas_at_least_basic"])
    assert out["at_least_basic"].tolist()[:8] == [0, 0, 0, 0, 0, 1, 1, 1]
    assert pd.isna(out.loc["offline", "at_least_basic"])
    assert (out.loc["offline", [f"dsi_{a}_level" for a in AREAS]] == "not_assessed").all()


def test_no_skills_rule_is_a_parameter():
    rows = [respondent("one", {"safety": 1}), respondent("none", {})]
    strict = dsi.classify(frame(rows), items=ITEMS, no_skills_max_areas=0).set_index("respondent_id")
    assert strict["dsi_level"].to_dict() == {"one": "one_area", "none": "no"}
    with pytest.raises(ValueError, match="no_skills_max_areas"):
        dsi.classify(frame(rows), items=ITEMS, no_skills_max_areas=2)


def test_non_users_options_change_the_denominator():
    # 2 online with at least basic, 1 online with no skills, 1 offline
    rows = [respondent("a", all_areas(3)), respondent("b", all_areas(3)), respondent("c", {}),
            respondent("d", {}, internet=False)]
    d = frame(rows)

    def shares(non_users):
        s = dsi.level_shares(d, items=ITEMS, non_users=non_users)
        return s.set_index("level")

    eurostat = shares("not_assessed")
    # Eurostat: non-users stay in the denominator as "not assessed": 2/4 at least basic, 1/4 not assessed
    assert eurostat.loc["at_least_basic", "share"] == pytest.approx(2 / 4)
    assert eurostat.loc["not_assessed", "share"] == pytest.approx(1 / 4)
    assert eurostat.loc["no", "share"] == pytest.approx(1 / 4)
    assert eurostat.loc["above_basic", "count"] == 2
    assert eurostat.loc["at_least_basic", "n"] == 4
    # the level partition adds up to 1
    assert eurostat.drop(index="at_least_basic")["share"].sum() == pytest.approx(1.0)
    folded = shares("no_skills")
    assert "not_assessed" not in folded.index
    assert folded.loc["no", "share"] == pytest.approx(2 / 4)        # c and d
    assert folded.loc["at_least_basic", "share"] == pytest.approx(2 / 4)
    excluded = shares("exclude")
    assert excluded.loc["at_least_basic", "share"] == pytest.approx(2 / 3)
    assert excluded.loc["at_least_basic", "n"] == 3
    with pytest.raises(ValueError, match="non_users must be one of"):
        dsi.level_shares(d, items=ITEMS, non_users="drop")


def test_weighted_level_shares_by_group():
    rows = [respondent("a", all_areas(3), weight=3.0, sector="health_care"),
            respondent("b", {}, weight=1.0, sector="health_care"),
            respondent("c", all_areas(1), weight=1.0, sector="kindergarten")]
    s = dsi.level_shares(frame(rows), items=ITEMS, group_by="sector", weight_column="weight")
    hc = s[(s["sector"] == "health_care")].set_index("level")
    # weighted: 3 / (3 + 1) = 0.75 at least basic (above basic), 0.25 no skills
    assert hc.loc["at_least_basic", "share"] == pytest.approx(0.75)
    assert hc.loc["above_basic", "share"] == pytest.approx(0.75)
    assert hc.loc["no", "share"] == pytest.approx(0.25)
    # Kish n_eff = (3+1)^2 / (9+1) = 1.6
    assert hc.loc["no", "n_eff"] == pytest.approx(1.6)
    kg = s[(s["sector"] == "kindergarten")].set_index("level")
    assert kg.loc["basic", "share"] == pytest.approx(1.0)


def test_area_shares():
    rows = [respondent("a", {"information": 2, "safety": 1}), respondent("b", {"information": 1}),
            respondent("x", {}, internet=False)]
    s = dsi.area_shares(frame(rows), items=ITEMS).set_index(["area", "level"])
    assert s.loc[("information", "at_least_basic"), "share"] == pytest.approx(1.0)
    assert s.loc[("information", "above_basic"), "share"] == pytest.approx(0.5)
    assert s.loc[("safety", "at_least_basic"), "share"] == pytest.approx(0.5)
    assert s.loc[("safety", "above_basic"), "share"] == pytest.approx(0.0)
    assert s.loc[("safety", "above_basic"), "n"] == 2  # non-user not assessed in any area


def test_bad_inputs_raise_clear_errors():
    d = frame([respondent("a", {})])
    with pytest.raises(ValueError, match="unknown area"):
        dsi.check_items(pd.DataFrame({"item": ["x"], "area": ["cooking"]}))
    with pytest.warns(UserWarning, match="dsi_s1"), pytest.raises(ValueError, match="no DSI item columns for area 'safety'"):
        dsi.classify(d.drop(columns=[c for c in d.columns if c.startswith("dsi_s")]), items=ITEMS)
    bad = d.copy()
    bad["dsi_i1"] = 2
    with pytest.raises(ValueError, match="0/1"):
        dsi.classify(bad, items=ITEMS)
    with pytest.warns(UserWarning, match="dsi_i3"):
        dsi.classify(d.drop(columns=["dsi_i3"]), items=ITEMS)


def test_missing_answers():
    d = frame([respondent("a", {"information": 1, **{a: 1 for a in AREAS[1:]}})])
    d.loc[0, "dsi_i1"] = np.nan
    as_zero = dsi.classify(d, items=ITEMS)
    assert as_zero.loc[0, "dsi_information_level"] == "no"
    strict = dsi.classify(d, items=ITEMS, missing_as_not_done=False)
    assert pd.isna(strict.loc[0, "dsi_information_level"]) and pd.isna(strict.loc[0, "dsi_level"])
    assert len(strict) == 1  # kept, not dropped


def test_compare_with_reference_uses_published_figures():
    t = skills_report.compare_with_reference(0.7, ci_low=0.6, ci_high=0.8, language="en")
    ref = t.set_index("population")
    # published_figures.csv: dsi_no_basic_2023 = 0.8153 (EIGE copy of Eurostat), dsi_eu_basic_2023 = 0.56
    assert ref.loc["Norway, 16–74", "share"] == pytest.approx(0.8153)
    assert ref.loc["EU27, 16–74", "share"] == pytest.approx(0.56)
    assert ref.loc["EU27, 16–74", "reference_period"] == "2023"
    assert ref.loc["Norway, 16–74", "evidence"].startswith("secondary")
