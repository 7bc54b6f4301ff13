"""One parameter spec per notebook (``reporting.parameters``): the notebooks carry it exactly."""

import dataclasses
import json
from pathlib import Path

import pytest

from lifelong_analysis.reporting import parameters as P

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _cell(stem):
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"{stem}: exactly one cell tagged parameters"
    return "".join(cells[0]["source"]).strip()


def test_every_notebook_has_a_spec():
    assert {p.stem for p in NOTEBOOKS.glob("*.ipynb")} == set(P.SPECS)


@pytest.mark.parametrize("stem", sorted(P.SPECS))
def test_parameters_cell_is_the_spec(stem):
    assert _cell(stem) == P.cell_source(P.SPECS[stem])


def test_validate_normalises_and_names_every_problem():
    spec = P.CostsParameters
    ok = P.validate(spec, {"municipality": 301, "study_points": "15", "formats": "digital_self_paced"})
    assert (ok.municipality, ok.study_points, ok.formats) == ("0301", 15, ["digital_self_paced"])
    assert ok.n_draws == 20000  # the default
    with pytest.raises(ValueError) as e:
        P.validate(spec, {"sector": "hospital", "n_draws": 2.5, "colour": "red", "language": "de"})
    msg = str(e.value)
    for part in ("sector", "'hospital'", "n_draws", "unknown parameter 'colour'", "language"):
        assert part in msg
    with pytest.raises(ValueError, match="4 digits"):
        P.validate(spec, {"municipality": "50O1"})


def test_labels_exist_in_both_languages():
    for spec in P.SPECS.values():
        for f in dataclasses.fields(spec):
            assert P.label(spec, f.name, "nb") and P.label(spec, f.name, "en")
