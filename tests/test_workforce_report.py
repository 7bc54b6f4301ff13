"""Notebook 04 in words (:mod:`lifelong_analysis.reporting.workforce_report`): labels, display tables and
the report's sentences, checked word for word on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from lifelong_analysis.data import reference
from lifelong_analysis.reporting import workforce_report as wr

NNBSP = "\u202f"   # the thousands separator of format_number


def _published():
    """A protected projection by hand: nurses short 120 årsverk in 2040, teachers 5 over."""
    return pd.DataFrame({
        "group": ["nurse", "nurse", "teacher", "teacher"], "year": [2030, 2040, 2030, 2040],
        "n_employees_base": [900, 900, 400, 400], "gap_fte": [40.0, 120.0, -2.0, -5.0],
        "gap_fte_p5": [20.0, 80.0, -4.0, -9.0], "gap_fte_p95": [60.0, 160.0, 0.0, -1.0]})


def _summary():
    return pd.DataFrame({"path": ["health_worker_to_nurse"], "from_group": ["health_worker"], "to_group": ["nurse"],
                         "gap_persons_horizon": [130.0], "starters_per_year": [12.0], "completers_total": [60.0],
                         "students_peak": [48.0], "pool_persons": [700.0]})


def _cost():
    return pd.DataFrame({"path": ["health_worker_to_nurse"] * 3, "perspective": ["cash", "cash", "economic"],
                         "payer": ["municipality", "state", "municipality"],
                         "amount_nok": [3.0e6, 2.0e6, 9.0e6]})


def test_report_parameters_add_the_language_to_the_analysis_checks():
    args = dict(municipality="4601", occupations=["nurse"], horizon_year=2035, position_share_change=0.01,
                retirement_delay=1, turnover_change=-0.01, n_draws=10, seed=1)
    ok = wr.check_report_parameters(**args, language="en")
    assert ok["groups"] == ["nurse"] and ok["retirement_delay"] == 1.0 and ok["language"] == "en"
    with pytest.raises(ValueError, match="language must be 'nb' or 'en', got 'nn'"):
        wr.check_report_parameters(**args, language="nn")
    with pytest.raises(ValueError, match="doctor"):          # the analysis checks still run
        wr.check_report_parameters(**{**args, "occupations": ["doctor"]}, language="nb")


def test_labels_of_groups_and_scenarios():
    assert wr.group_label("health_worker") == "Helsefagarbeidere"
    assert wr.group_label("health_worker", "en") == "Health workers"
    assert wr.group_label("pilot", "en") == "pilot"
    assert wr.scenario_label("turnover_minus_1pp") == "Turnover −1 prosentpoeng"
    assert wr.scenario_label("retirement_one_year_later", "en") == "Retirement one year later"
    with pytest.raises(ValueError, match="language"):
        wr.group_label("nurse", "de")


def test_amounts_in_words():
    assert wr._amount(4.94e9, "nb") == "4,9 mrd. kr"
    assert wr._amount(4.94e9, "en") == "NOK 4.9 bn"
    assert wr._amount(12.3e6, "nb") == "12 mill. kr"
    assert wr._amount(500_000, "en") == f"NOK\xa0500{NNBSP}000"


def test_key_results_word_for_word():
    nb = wr.key_results(_published(), _summary(), _cost(), horizon_year=2040, language="nb")
    assert nb == (
        "**Kort fortalt.** Hvis kommunen erstatter alle som slutter, men ikke mer, mangler den om lag 120 årsverk i "
        "2040, mest blant sykepleiere (120 årsverk, 90 % bånd 80–160). Det er de eldste innbyggerne (80 år og over) "
        "som driver behovet i helse og omsorg. Skal videreutdanning lukke gapet innen 2040, må 12 helsefagarbeidere "
        "i året mot sykepleiere begynne. Det koster 5 mill. kr i kontanter over perioden, og kommunen bærer "
        "3 mill. kr av det (resten staten etter ordningene; flere satser er plassholdere).")
    en = wr.key_results(_published(), _summary(), _cost(), horizon_year=2040, language="en")
    assert en == (
        "**In short.** If the municipality replaces everyone who leaves, but no more, it lacks about 120 FTE in "
        "2040, most among nurses (120 FTE, 90 % band 80–160). The oldest residents (80 and over) drive the need in "
        "health and care. For further education to close the gap by 2040, 12 health workers a year towards nurses "
        "must start. That costs NOK 5 m in cash over the period, of which the municipality carries NOK 3 m (the "
        "rest the state under the schemes; several rates are placeholders).")


def test_key_results_without_shortage_or_shown_groups():
    flat = _published().assign(gap_fte=0.0)
    empty = pd.DataFrame(columns=["starters_per_year"])
    assert wr.key_results(flat, empty, _cost(), horizon_year=2040, language="en") == (
        "**In short.** With today's hiring and the population projection no position group lacks staff in 2040.")
    hidden = _published().astype(object).assign(gap_fte=":")
    assert wr.key_results(hidden, empty, _cost(), horizon_year=2040, language="nb") == (
        "**Kort fortalt.** Ingen stillingsgruppe har nok ansatte til å vises.")


def test_gap_table_headings_and_bands():
    t = _published().astype(object)
    t.loc[t["group"] == "teacher", ["gap_fte", "gap_fte_p5", "gap_fte_p95", "n_employees_base"]] = ":"
    got = wr.gap_table(t, years=[2030, 2040], language="en")
    assert got.columns.tolist() == ["Position group", "Employees today", "Gap 2030, FTE", "2030: 90 % band",
                                    "Gap 2040, FTE", "2040: 90 % band"]
    assert got.iloc[0].tolist() == ["Nurses", 900, 40.0, "20 – 60", 120.0, "80 – 160"]
    assert got.iloc[1].tolist() == ["Qualified teachers", ":", ":", ":", ":", ":"]
    assert wr.gap_table(t, years=[2040], language="nb").columns.tolist() == [
        "Stillingsgruppe", "Ansatte i dag", "Gap 2040, årsverk", "2040: 90 % bånd"]


def test_training_and_cost_tables():
    tr = wr.training_table(_summary(), language="nb")
    assert tr.iloc[0].tolist() == ["Helsefagarbeidere", "Sykepleiere", 130.0, 12.0, 60.0, 48.0, 700.0]
    assert tr.columns[0:2].tolist() == ["Fra", "Til"]
    ct = wr.cost_table(_cost(), perspective="cash", language="en")
    assert ct.columns[0] == "Programme" and ct.columns[-1] == "Total"
    assert ct.iloc[0, 0] == "Health workers → Nurses"
    assert ct.iloc[0, -1] == pytest.approx(5.0e6)
    assert wr.cost_table(_cost(), perspective="other").empty


def test_not_found_table_says_whole_years_and_grades():
    t = wr.not_found_table(language="nb")
    assert t.columns.tolist() == ["Sats", "Verdi", "Grunnlag"]
    row = t[t["Sats"].str.startswith("Turnover etter alder, alle grupper, 20–24 år")].iloc[0]
    assert row["Verdi"] == pytest.approx(0.3) and row["Grunnlag"] == "antakelse"
    assert "Helsefagarbeidere → sykepleiere" in set(t["Sats"])
    assert "ikke funnet – plassholder" in set(t["Grunnlag"])


def test_title_and_introduction_word_for_word():
    assert wr.title("Bergen") == "Kompetansebehov nå og framover: Bergen"
    assert wr.title("Bergen", "en") == "Competence needs now and ahead: Bergen"
    assert wr.introduction(base_year=2025, horizon_year=2036, language="nb") == (
        "Rapporten framskriver de ansatte i helse og omsorg, skole og barnehage år for år fra 2025 til 2036: hvem "
        "som blir eldre, slutter og går av med pensjon, hvem som kommer inn, og hvor mange årsverk tjenestene "
        "trenger når befolkningen endrer seg (de over 80 og 67–79 år for helse og omsorg, barn 1–5 år for "
        "barnehagene, 6–15 år for skolene). Gapet er behov minus tilbud dersom kommunen erstatter alle som slutter, "
        "men ikke ansetter flere. Så: hvor mye av gapet videreutdanning kan lukke, hva det koster og hvem som "
        "betaler.")
    assert wr.introduction(base_year=2025, horizon_year=2036, language="en") == (
        "The report projects the employees in health and care, schools and kindergartens year by year from 2025 to "
        "2036: who grows older, leaves and retires, who comes in, and how many FTE the services need as the "
        "population changes (those over 80 and 67–79 for health and care, children 1–5 for kindergartens, 6–15 for "
        "schools). The gap is demand minus supply if the municipality replaces everyone who leaves but hires no "
        "more. Then: how much of the gap further education can close, what it costs and who pays.")


def test_combined_positions_word_for_word():
    c = pd.DataFrame({"payer": ["municipality", "university"], "share": [0.8, 0.2],
                      "amount_nok": [3_204_000.4, 801_000.1], "service_fte": [4.0, 0.0]})
    assert wr.describe_combined_positions(c, n_positions=5, language="nb") == (
        f"5 kombinerte stillinger for sykepleiere, 80/20 mellom kommunen og universitetet, koster kommunen "
        f"3{NNBSP}204{NNBSP}000 kr og universitetet 801{NNBSP}000 kr i året. Kommunen beholder 4,0 årsverk i "
        "tjenestene. Effekten på å beholde og rekruttere ansatte er ikke funnet i publiserte kilder.")
    assert wr.describe_combined_positions(c, n_positions=5, language="en") == (
        f"5 combined positions for nurses, 80/20 between the municipality and the university, cost the "
        f"municipality NOK 3{NNBSP}204{NNBSP}000 and the university NOK 801{NNBSP}000 a year. The municipality "
        "keeps 4.0 FTE in its services. The effect on keeping and recruiting staff was not found in published "
        "sources.")


def test_sources_note_names_the_reference_figures():
    keys = list(wr.SOURCE_KEYS)
    nb = wr.sources_note("nb")
    assert nb.startswith("Kilder: KS turnoverstatistikk (per stilling 2021–22 og etter alder), SSB LÆRERMOD")
    assert nb.endswith("career_paths.csv.\n\n" + reference.source_note(keys, language="nb"))
    en = wr.sources_note("en")
    assert en.startswith("Sources: KS turnover statistics (per position 2021–22 and by age)")
    assert en.endswith("career_paths.csv.\n\n" + reference.source_note(keys, language="en"))
