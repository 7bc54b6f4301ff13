"""PxWebApi v2 client and the population input (issue 14): query string, cache on a recorded response, no network."""

from __future__ import annotations

import json

import pytest

from lifelong_analysis.data import population, pxweb
from lifelong_analysis.errors import DataValidationError

RESPONSE = "tests/data/pxweb/14288-5001.json"


def test_query_string_of_the_v2_api():
    url = pxweb.build_url("14288", {"Region": ["5001"], "Kjonn": ["1", "2"], "Alder": "range(079,080)",
                                    "ContentsCode": "*", "Tid": "from(2025)"})
    assert url == ("https://data.ssb.no/api/pxwebapi/v2/tables/14288/data?lang=no&outputFormat=json-stat2"
                   "&valueCodes[Region]=5001&valueCodes[Kjonn]=1,2&valueCodes[Alder]=range(079,080)"
                   "&valueCodes[ContentsCode]=*&valueCodes[Tid]=from(2025)")
    assert "lang=en" in pxweb.build_url("07459", {"Tid": "top(2)"}, lang="en")
    # a space in a code is escaped, the separators are not
    assert "valueCodes[Region]=K-5001,a%20b" in pxweb.build_url("05940", {"Region": ["K-5001", "a b"]})


@pytest.mark.parametrize("bad,match", [({"Region": []}, "empty"), ({"Tid": [""]}, "empty")])
def test_empty_selection_is_refused(bad, match):
    with pytest.raises(ValueError, match=match):
        pxweb.build_url("14288", bad)


def test_too_long_get_url_is_refused():
    with pytest.raises(ValueError, match="about 2000"):
        pxweb.build_url("07459", {"Region": [f"{i:04d}" for i in range(500)]})
    with pytest.raises(ValueError, match="table_id"):
        pxweb.build_url("../x", {"Tid": "*"})


def test_fetch_caches_the_recorded_response_and_works_offline(tmp_path):
    recorded = open(RESPONSE, "rb").read()
    calls = []

    def opener(url, timeout):
        calls.append(url)
        return recorded

    tid, codes = pxweb.population_query("5001", years=["2025", "2026"])
    path = pxweb.fetch(tid, codes, cache_dir=tmp_path, opener=opener)
    assert calls == [pxweb.build_url("14288", codes)]
    assert path.parent == tmp_path and path.name.startswith("14288-") and path.read_bytes() == recorded
    meta = json.loads(path.with_suffix(".meta.json").read_text())
    assert meta["url"] == calls[0] and meta["table_id"] == "14288"
    # second call: from the cache, no network; offline works too
    assert pxweb.fetch(tid, codes, cache_dir=tmp_path, opener=opener) == path
    assert pxweb.fetch(tid, codes, cache_dir=tmp_path, offline=True) == path
    assert len(calls) == 1
    # refresh asks again
    pxweb.fetch(tid, codes, cache_dir=tmp_path, opener=opener, refresh=True)
    assert len(calls) == 2
    # read through the statbank reader into a validated population table
    pop = pxweb.fetch_population("5001", years=["2025", "2026"], cache_dir=tmp_path, offline=True)
    assert len(pop) == 12 and set(pop["sex"]) == {"male", "female"}
    row = pop[(pop["sex"] == "female") & (pop["age"] == 80) & (pop["year"] == 2026)]
    assert row["persons"].iloc[0] == 702.0
    assert sorted(pop["age"].unique().tolist()) == [79, 80, 105]      # "105+" is its lower bound


def test_offline_without_cache_and_bad_answers(tmp_path):
    with pytest.raises(FileNotFoundError, match="offline"):
        pxweb.fetch("14288", {"Tid": "*"}, cache_dir=tmp_path, offline=True)
    with pytest.raises(ValueError, match="not JSON"):
        pxweb.fetch("14288", {"Tid": "*"}, cache_dir=tmp_path, opener=lambda u, t: b"<html>Too many requests</html>")
    with pytest.raises(ValueError, match="without a JSON-stat dataset"):
        pxweb.fetch("14288", {"Tid": "*"}, cache_dir=tmp_path, opener=lambda u, t: b'{"error": "x"}')
    assert list(tmp_path.iterdir()) == []                           # nothing cached from a bad answer


def test_missing_value_in_the_statbank_file_is_an_error_not_zero():
    with pytest.raises(DataValidationError) as exc:
        population.read_population("tests/data/pxweb/14288-5001-missing.json")
    msg = str(exc.value)
    assert "14288-5001-missing.json" in msg and "persons" in msg


def test_shipped_projection_is_synthetic_and_calibrated():
    pop = population.read_population("data/synthetic/population_projection.json")
    assert pop.attrs["synthetic"] is True
    old = pop[pop["age"] >= 80].groupby("year")["persons"].sum()
    assert old[2050] / old[2025] == pytest.approx(2.0, abs=0.01)        # SSB 2024: 80+ about doubles by 2050
    assert old[2035] / old[2026] == pytest.approx(1.46, abs=0.01)       # SSB MMM +46 % 2026–2035
    assert pop[pop["year"] == 2025]["persons"].sum() == pytest.approx(214_000, rel=0.001)
    doc = json.loads(open("data/synthetic/population_projection.json", encoding="utf-8").read())
    assert "SYNTETISK" in doc["label"] and doc["extension"]["synthetic"] is True
    meta = json.loads(open("data/synthetic/datapackage.json", encoding="utf-8").read())
    entry = next(r for r in meta["additional_resources"] if r["name"] == "population_projection")
    assert entry["synthetic"] is True and entry["path"] == "population_projection.json"


def test_demand_index_by_hand():
    import pandas as pd

    pop = pd.DataFrame({"kommunenummer": "5001", "year": [2025] * 4 + [2026] * 4, "age": [3, 10, 70, 85] * 2,
                        "sex": None, "persons": [50.0, 100.0, 40.0, 20.0, 45.0, 100.0, 44.0, 25.0]})
    d = population.demand_index(pop, kommunenummer="5001", base_year=2025, years=[2026]).set_index(
        ["driver", "year"])["index"]
    assert d[("kindergarten", 2026)] == pytest.approx(45 / 50)
    assert d[("school", 2026)] == pytest.approx(1.0)
    # health: 80+ weight 1, 67–79 weight 0.25: (25 + 0.25 × 44) / (20 + 0.25 × 40)
    assert d[("health", 2026)] == pytest.approx((25 + 11) / (20 + 10))
    with pytest.raises(ValueError, match="lacks the years 2030"):
        population.demand_index(pop, kommunenummer="5001", base_year=2025, years=[2030])
