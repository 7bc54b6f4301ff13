"""The one error an invalid data file raises, listing every problem found.

Examples
--------
>>> from lifelong_analysis.errors import DataValidationError, problem
>>> err = DataValidationError([problem("workforce.csv", "position_share", "must be > 0 and <= 1",
...                                    rows=[4, 9], values=[1.5, -0.2])])
>>> print(err)
workforce.csv: 1 problem
- column 'position_share', rows 4, 9 (2 rows): must be > 0 and <= 1; found 1.5, -0.2
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

#: How many row numbers and offending values a message shows.
MAX_ROWS_SHOWN = 10
MAX_VALUES_SHOWN = 5

PROBLEM_COLUMNS = ["file", "column", "rule", "rows", "n_rows", "values"]


def problem(file: str, column: str | None, rule: str, *, rows: Iterable[int] = (),
            values: Iterable = (), n_rows: int | None = None) -> dict:
    """One problem as a dict with the columns of :data:`PROBLEM_COLUMNS`.

    ``rows`` are 1-based line numbers as the user sees them in the file
    (header = line 1); only the first :data:`MAX_ROWS_SHOWN` are kept and
    ``n_rows`` counts all of them.  ``values`` keeps the first
    :data:`MAX_VALUES_SHOWN` distinct offending values.
    """
    rows = sorted({int(r) for r in rows})
    distinct: list = []
    for v in values:
        key = repr(v)
        if key not in [repr(d) for d in distinct]:
            distinct.append(v)
        if len(distinct) >= MAX_VALUES_SHOWN:
            break
    return {
        "file": file,
        "column": column,
        "rule": rule,
        "rows": tuple(rows[:MAX_ROWS_SHOWN]),
        "n_rows": len(rows) if n_rows is None else int(n_rows),
        "values": tuple(distinct),
    }


def _fmt_value(v) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


#: Words of the message frame per language; rules are translated by :data:`RULES_NB` where known.
FRAME = {
    "en": {"problem": "problem", "problems": "problems", "column": "column", "row": "row", "rows": "rows",
           "found": "found"},
    "nb": {"problem": "problem", "problems": "problemer", "column": "kolonne", "row": "linje", "rows": "linjer",
           "found": "funnet"},
}
#: Bokmål for the most common rules (start of the English rule -> bokmål); others stay in English.
RULES_NB = {
    "must be a number": "må være et tall",
    "must be a whole number": "må være et heltall",
    "must not be empty": "kan ikke være tom",
    "required column is missing": "påkrevd kolonne mangler",
    "the file is empty": "filen er tom",
    "the file has a header line but no data rows": "filen har en overskriftslinje, men ingen datarader",
    "the column appears more than once in the header": "kolonnen står mer enn én gang i overskriften",
    "the row holds only missing-value markers": "raden har bare markører for manglende verdi",
    "exact duplicate rows": "helt like rader",
    "numbers written with a decimal point": "tall skrevet med desimalpunktum",
    "numbers written with a decimal comma": "tall skrevet med desimalkomma",
}


def translate_rule(rule: str, language: str) -> str:
    """The rule in ``language``: bokmål for the rules in :data:`RULES_NB`, else unchanged.

    >>> translate_rule("must not be empty", "nb")
    'kan ikke være tom'
    """
    if language != "nb":
        return rule
    for en, nb in RULES_NB.items():
        if rule.startswith(en):
            return nb + rule[len(en):]
    return rule


def format_problem(p: dict, language: str = "en") -> str:
    """One problem as a line: ``- column 'x', rows 4, 9 (2 rows): rule; found ...``."""
    w = FRAME.get(language, FRAME["en"])
    where = []
    if p.get("column"):
        where.append(f"{w['column']} '{p['column']}'")
    rows = list(p.get("rows") or ())
    n = int(p.get("n_rows") or 0)
    if rows:
        label = w["row"] if n == 1 else w["rows"]
        more = ", ..." if n > len(rows) else ""
        where.append(f"{label} {', '.join(map(str, rows))}{more} ({n} {w['row'] if n == 1 else w['rows']})")
    text = "- " + (", ".join(where) + ": " if where else "") + translate_rule(str(p["rule"]), language)
    values = list(p.get("values") or ())
    if values:
        text += f"; {w['found']} " + ", ".join(_fmt_value(v) for v in values)
    return text


class DataValidationError(ValueError):
    """Invalid input data: every problem found, as a tidy table.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns ``file`` (file name), ``column``
        (column name, or None for problems of the whole file), ``rule`` (the
        rule broken, in plain words), ``rows`` (tuple of 1-based line numbers
        in the file as a user sees it, header = line 1; the first 10),
        ``n_rows`` (number of rows affected) and ``values`` (tuple of up to 5
        distinct offending values).
    """

    def __init__(self, problems: list[dict] | pd.DataFrame):
        if isinstance(problems, pd.DataFrame):
            frame = problems.reindex(columns=PROBLEM_COLUMNS).reset_index(drop=True)
        else:
            frame = pd.DataFrame(list(problems), columns=PROBLEM_COLUMNS)
        self.problems = frame
        super().__init__(self._message())

    def message(self, language: str = "en") -> str:
        """The message in ``language`` ("en", or "nb": bokmål frame and the common rules)."""
        w = FRAME.get(language, FRAME["en"])
        blocks = []
        for file, grp in self.problems.groupby("file", sort=False, dropna=False):
            n = len(grp)
            lines = [f"{file}: {n} {w['problem'] if n == 1 else w['problems']}"]
            lines += [format_problem(p, language) for p in grp.to_dict("records")]
            blocks.append("\n".join(lines))
        return "\n".join(blocks)

    def _message(self) -> str:
        return self.message("en")

    def __str__(self) -> str:  # the message, also when pandas reprs get involved
        return self._message()

    @classmethod
    def combine(cls, errors: Iterable["DataValidationError"], extra: list[dict] = ()) -> "DataValidationError":
        """One error holding the problems of several errors (and ``extra`` problems)."""
        frames = [e.problems for e in errors]
        if extra:
            frames.append(pd.DataFrame(list(extra), columns=PROBLEM_COLUMNS))
        frames = [f for f in frames if len(f)]
        return cls(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PROBLEM_COLUMNS))
