"""Notebook-02 helpers: parameter checks, suppression of the exported tables, writing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.analysis import dsi, skills
from lifelong_analysis.stats.disclosure import SUPPRESSED
from lifelong_analysis.reporting import skills_report


def test_check_report_parameters():
    ok = skills_report.check_report_parameters(municipality=5001, sector="all", group_by="occupation", weight_column="None",
                                        min_cell_size=10, language="en")
    assert ok["municipality"] == "5001" and ok["weight_column"] is None and ok["min_cell_size"] == 10
    # YAML/CLI may turn "0301" into 301: restored to four digits
    assert skills_report.check_report_parameters(municipality=301, sector="all", group_by="sector", weight_column=None,
                                          min_cell_size=5, language="nb")["municipality"] == "0301"
    with pytest.raises(ValueError, match="Valid values: health_care"):
        skills_report.check_report_parameters(municipality="5001", sector="helse", group_by="sector", weight_column=None,
                                       min_cell_size=5, language="nb")
    with pytest.raises(ValueError, match="group_by must be one of sector, occupation"):
        skills_report.check_report_parameters(municipality="5001", sector="all", group_by="kjønn", weight_column=None,
                                       min_cell_size=5, language="nb")
    with pytest.raises(ValueError, match="min_cell_size"):
        skills_report.check_report_parameters(municipality="5001", sector="all", group_by="sector", weight_column=None,
                                       min_cell_size=2.5, language="nb")
    with pytest.raises(ValueError, match="language"):
        skills_report.check_report_parameters(municipality="5001", sector="all", group_by="sector", weight_column=None,
                                       min_cell_size=5, language="de")


def test_select_respondents_names_what_is_there():
    d = pd.DataFrame({"kommunenummer": ["5001", "0301"], "respondent_id": ["a", "b"]})
    with pytest.raises(ValueError, match="the data has: 0301, 5001"):
        skills.select_respondents(d, municipality="4601", weight_column=None)
    with pytest.raises(ValueError, match="weight_column 'vekt'"):
        skills.select_respondents(d, municipality="5001", weight_column="vekt")


def test_likert_small_answers_hidden():
    d = pd.DataFrame({"sat_q1": [0] * 2 + [3] * 10, "sat_q2": [1] * 3 + [np.nan] * 9})
    dist = skills.likert_distribution(d, min_cell_size=5)
    assert set(dist["column"]) == {"sat_q1"}                 # q2 answered by 3 < 5: not shown
    assert np.isnan(dist.loc[dist["response"] == 0, "share"].iloc[0])  # 2 answers: hidden
    assert dist.loc[dist["response"] == 3, "share"].iloc[0] == pytest.approx(10 / 12)


def test_report_tables_keep_respondents_without_a_group_value():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_skills_figures import fake_survey

    d = fake_survey(n=200, seed=4)
    d.loc[d.index[:12], "education_level"] = np.nan
    t = skills.report_tables(d, group_by="education_level", weight_column="weight", min_cell_size=5)
    lv = t["dsi_levels"]
    groups = list(dict.fromkeys(lv["group"]))
    # vocabulary order, then the missing-value group, then the total
    assert groups == ["upper_secondary", "bachelor", "master", "unknown", "all_sectors"]
    # the 12 respondents without a value form their own group (counted before protection) ...
    raw = skills.report_release(d, group_by="education_level", weight_column="weight", min_cell_size=5)
    raw_lv = raw.tables["dsi_levels"].frame
    n = raw_lv[raw_lv["level"] == "at_least_basic"].set_index("group")["n"]
    assert n["unknown"] == 12 and n["all_sectors"] == 200
    # ... and the published total keeps them.  (Whether the group's own n is shown is the joint
    # pattern's decision: since the exact audit covers secondary cells too, a dsi_areas count hidden as
    # a complement could be narrowed to [10, 13] in the first pattern, and the extension hides more.)
    shown = lv[lv["level"] == "at_least_basic"].set_index("group")["n"]
    assert shown["all_sectors"] == 200
    # the level rows of a group keep their order
    assert lv[lv["group"] == "all_sectors"]["level"].tolist()[-1] == "at_least_basic"


@pytest.mark.parametrize("sector,group_by", [("health_care", "occupation"), ("all", "sector")])
def test_linked_tables_hide_the_same_cells(sector, group_by):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_skills_figures import fake_survey

    d = fake_survey(n=300, seed=7)
    t = skills.report_tables(d, sector=sector, group_by=group_by, weight_column="weight", min_cell_size=10)
    focus = "health_care"
    total = "all_sectors" if sector == "all" else "all_in_selection"
    pairs = [(("dsi_levels", total), ("focus_dsi_levels", "all_sectors" if sector == "all" else focus))]
    if sector == "all":
        pairs.append((("dsi_levels", focus), ("focus_dsi_levels", focus)))
    for (n1, g1), (n2, g2) in pairs:
        r1 = t[n1][t[n1]["group"] == g1].set_index("level")
        r2 = t[n2][t[n2]["group"] == g2].set_index("level")
        assert (r1["count"] == SUPPRESSED).to_dict() == (r2["count"] == SUPPRESSED).to_dict()
        shown = r1["count"] != SUPPRESSED
        assert r1.loc[shown, "count"].tolist() == r2.loc[shown, "count"].tolist()
    a = t["gap_by_area"][t["gap_by_area"]["group"] == total].set_index("area")
    o = t["gap_by_occupation"][t["gap_by_occupation"]["group"] == total].set_index("area")
    assert (a["count_with_gap"] == SUPPRESSED).to_dict() == (o["count_with_gap"] == SUPPRESSED).to_dict()


@pytest.fixture(scope="module")
def survey_5001():
    from lifelong_analysis.data.readers import load_dataset

    d = load_dataset(None, kinds=["skills_survey"]).skills_survey
    return d[d["kommunenummer"] == "5001"]


def test_one_group_selection_has_no_duplicate_total_row(survey_5001):
    # health and care grouped by sector is one group: a total row "all" would repeat its 481 respondents
    t = skills.report_tables(survey_5001, sector="health_care", group_by="sector", weight_column="weight",
                             min_cell_size=5)
    for name in ("dsi_levels", "gap_by_area"):
        assert set(t[name]["group"]) == {"health_care"}, name
        assert skills.total_group(t[name]) == "health_care"
    assert t["dsi_levels"]["level"].tolist().count("at_least_basic") == 1
    assert len(t["gap_by_area"]) == 5  # one row per area
    # shown sizes are the respondents with both levels of the area; where fewer than 5 of the 481 lack an
    # answer, one of the two (481 or the area's n) must be hidden, since their difference is a small cell
    raw = skills.gap_by_group(survey_5001[survey_5001["sector"] == "health_care"], group_by="sector")
    raw = raw[raw["sector"] == "health_care"].set_index("area")["n"]
    shown = t["gap_by_area"].set_index("area")["n"]
    assert all(v == ":" or v == raw[a] for a, v in shown.items())
    assert all(v == ":" for a, v in shown.items() if 0 < 481 - raw[a] < 5)
    key = skills.key_figures(t)
    assert key["n"] == 481 == int((survey_5001["sector"] == "health_care").sum())
    # the comparison tables keep their total, named as the whole survey (1 500 respondents)
    focus = t["focus_dsi_levels"]
    n = focus[focus["level"] == "at_least_basic"].set_index("group")["n"]
    assert n.to_dict() == {"health_care": 481, "other": 1019, "all_sectors": 1500}


def test_total_row_is_named_by_what_it_covers(survey_5001):
    t = skills.report_tables(survey_5001, sector="health_care", group_by="occupation", weight_column="weight",
                             min_cell_size=5)
    lv = t["dsi_levels"]
    assert lv["group"].iloc[-1] == "all_in_selection" and "all" not in set(lv["group"])
    n = lv[lv["level"] == "at_least_basic"].set_index("group")["n"]
    assert n["all_in_selection"] == 481
    groups = pd.to_numeric(n.drop("all_in_selection"), errors="coerce")
    hidden = groups.isna().sum()
    # the occupations add up to 481; a single hidden group would be 481 minus the others
    assert hidden != 1 and (groups.sum() == 481 if hidden == 0 else groups.sum() < 481)
    assert skills.total_group(t["gap_by_area"]) == "all_in_selection"
    labels = skills_report.label_groups(lv, "occupation", "nb", sector="health_care")["group"]
    assert labels.iloc[-1] == "Alle i helse og omsorg"
    assert skills_report.group_label("occupation", "all_in_selection", "en", sector="health_care") == "All in health and care"
    whole = skills.report_tables(survey_5001, group_by="sector", weight_column="weight", min_cell_size=5)
    n = whole["dsi_levels"][whole["dsi_levels"]["level"] == "at_least_basic"].set_index("group")["n"]
    assert n.index[-1] == "all_sectors" and n["all_sectors"] == 1500 and n["health_care"] == 481
    assert skills_report.group_label("sector", "all_sectors", "nb") == "Alle tjenesteområder"
    assert skills_report.group_label("sector", "all_sectors", "en") == "All sectors"
    assert skills_report.group_label("focus", "other", "nb") == "Andre tjenesteområder"
    assert skills_report.group_label("focus", "health_care", "en") == "Health and care"
    assert skills_report.group_label("age_group", "unknown", "en") == "Not given"


def test_total_group_needs_a_total_when_there_are_several_groups():
    with pytest.raises(ValueError, match="no total row"):
        skills.total_group(pd.DataFrame({"group": ["a", "b"]}))


# --- sentences of notebook 02, hand-written in both languages ------------------------------------------------

def test_scope_and_title_name_the_selection():
    assert skills_report.scope_label("all") == "alle tjenesteområder"
    assert skills_report.scope_label("all", "en") == "all sectors"
    assert skills_report.scope_label("kindergarten", "en") == "Kindergarten"
    assert skills_report.report_title(municipality="5001", sector="all") == (
        "Digitale ferdigheter og kompetansegap – Trondheim, alle tjenesteområder")
    assert skills_report.report_title(municipality="0301", sector="health_care", language="en") == (
        "Digital skills and the competence gap – Oslo, Health and care")
    with pytest.raises(ValueError, match="'nb' or 'en'"):
        skills_report.report_title(municipality="5001", sector="all", language="se")


def test_gap_intro_text_names_the_grouping():
    assert skills_report.gap_intro_text("occupation") == (
        "Gapet er nivået jobben krever minus nivået den ansatte selv oppgir, på DigComp-skalaen med åtte nivåer\n"
        "(1–2 grunnleggende, 3–4 middels, 5–6 avansert, 7–8 høyt spesialisert). Et positivt gap betyr at den ansatte ligger\n"
        "under kravet. Tabellen viser gjennomsnittlig gap og andelen med gap per stilling, med 95 % konfidensintervall.")
    assert skills_report.gap_intro_text("education_level", language="en") == (
        "The gap is the level the job requires minus the level the employee reports, on the eight-level DigComp scale\n"
        "(1–2 foundation, 3–4 intermediate, 5–6 advanced, 7–8 highly specialised). A positive gap means the employee is below the\n"
        "requirement. The table shows the mean gap and the share with a gap per education, with 95 % confidence intervals.")
    assert "per tjenesteområde, med" in skills_report.gap_intro_text("sector")
    assert "per aldersgruppe, med" in skills_report.gap_intro_text("age_group")


def test_focus_title_and_intro_name_the_sector_and_the_ks_shares():
    assert skills_report.focus_title("health_care") == "Helse og omsorg sammenlignet med andre tjenesteområder"
    assert skills_report.focus_title("kindergarten", language="en") == "Kindergarten compared with other sectors"
    assert skills_report.focus_intro_text("kindergarten", lack_digital=0.8, broader_tasks=0.596) == (
        "KS fant i 2018 at fire av fem kommunalsjefer for helse og omsorg mener de ansatte mangler relevant teknologisk og\n"
        "digital kompetanse (80\xa0%), og at teknologien i nesten tre av fem\n"
        "kommuner gir de ansatte et bredere sett av oppgaver (60\xa0%).\n"
        "Et bredere oppgavesett viser seg her som høyere krav. Tabellene sammenligner barnehage med alle andre\n"
        "tjenesteområder samlet.")
    assert skills_report.focus_intro_text("health_care", lack_digital=0.8, broader_tasks=0.6, language="en") == (
        "In 2018 KS found that four of five health and care directors say their staff lack relevant technological and\n"
        "digital competence (80%), and that in nearly three of five\n"
        "municipalities technology gives staff a broader range of tasks (60%).\n"
        "A broader range of tasks shows here as higher requirements. The tables compare health and care with all other\n"
        "sectors together.")


def test_sat_intro_text_names_the_area():
    assert skills_report.sat_intro_text("safety") == (
        "DigCompSAT er EU-kommisjonens (JRC) spørreskjema for selvvurdering, med fire svaralternativer per påstand.\n"
        "Figuren viser svarene i området sikkerhet; røde felt er «kan ikke» og «med hjelp», blå er «selvstendig» og «trygg».\n"
        "Listen under figuren gjengir påstandene på engelsk, slik de står i JRCs spørsmålsbank (CC BY 4.0); pakken har\n"
        "ingen norsk oversettelse av dem.")
    assert skills_report.sat_intro_text("problem_solving", language="en") == (
        "DigCompSAT is the European Commission's (JRC) self-assessment questionnaire, with four answers per statement.\n"
        "The figure shows the answers in the area problem solving; red is \"cannot\" and \"with help\", blue is \"on my own\" and\n"
        "\"confident\". The statements are quoted from the JRC item bank (CC BY 4.0).")


def test_methods_text_names_the_unconfirmed_areas_and_the_cell_size():
    items = pd.DataFrame({"area": ["information", "communication", "communication", "problem_solving"],
                          "evidence": ["verified", "not confirmed", "not confirmed", "not confirmed"]})
    nb = skills_report.methods_text(items, min_cell_size=7).split("\n")
    en = skills_report.methods_text(items, min_cell_size=7, language="en").split("\n")
    assert (len(nb), len(en)) == (12, 11)
    assert nb[6:8] == ["* **Hvilke aktiviteter som teller** for hvilket område står i `resources/dsi_items.csv`. "
                       "Aktivitetene i områdene",
                       "  kommunikasjon og samarbeid, problemløsning er ikke bekreftet mot Eurostats liste."]
    assert nb[10] == ("* **Personvern:** celler med færre enn 7 svar vises som «:» (SSBs symbol), og flere celler skjules "
                     "– samlet for alle tabeller og rapporter fra de samme svarene – når en skjult")
    assert en[6] == "  communication and collaboration, problem solving are not confirmed against Eurostat's list."
    assert en[9] == ("* **Privacy:** cells with fewer than 7 respondents show \":\" (Statistics Norway's symbol), and "
                     "further cells are hidden jointly for every table and report from the same answers,")
    assert nb[0] == ("* **Digital Skills Indicator 2.0** (Eurostat): per område ingen aktivitet = ingen ferdigheter; "
                     "informasjon og")
    assert en[0] == ("* **Digital Skills Indicator 2.0** (Eurostat): per area no activity = no skills; information and "
                     "communication:")


def test_employees_label_and_tables_note():
    assert skills_report.employees_label("5001") == "Ansatte i Trondheim"
    assert skills_report.employees_label("0301", "en") == "Employees in Oslo"
    assert skills_report.tables_note(12, min_cell_size=5) == (
        "Tabellene følger med rapporten (12 CSV-filer og ett regneark); celler med færre enn 5 svar vises som «:».")
    assert skills_report.tables_note(1200, min_cell_size=10, language="en") == (
        "The tables come with the report (1\u202f200 CSV files and one spreadsheet); cells with fewer than 10 "
        "respondents show \":\".")


def test_hidden_estimates_sentence_counts_the_hidden_terms_of_the_estimated_ones():
    # 2 of 3 estimated terms hidden; the left-out row (no estimate, NaN) is not counted
    m = pd.DataFrame({"odds_ratio": [0.8, ":", ":", float("nan")]})
    assert skills_report.hidden_estimates_text(m, min_cell_size=10, language="nb") == (
        "2 av 3 estimater er utelatt: i gruppen eller referansegruppen har færre enn 10 svar ett av utfallene.")
    assert skills_report.hidden_estimates_text(m.iloc[[0, 3]], min_cell_size=5, language="en") == ""
