"""HTML reports for decision makers, the batch index, and the privacy scan.

A report is an executed notebook converted by nbconvert with the project's own
template (``resources/report_template``): no input cells, no stray reprs such
as ``<Axes: ...>`` or ``dtype: float64``, a header with title, date and the
parameters in plain words, a table of contents built from the headings, cells
tagged ``summary`` moved first, figures embedded as base64 PNG, inline CSS only
(no require.js or MathJax from a CDN) so that the single file can be mailed,
and a provenance box (input files with SHA-256, package version, git commit,
run date) with a banner when the data are synthetic.

Examples
--------
>>> describe_parameters({"sector": "health_care", "municipality": "5001"}, language="en")
[('Sector', 'Health and care'), ('Municipality', 'Trondheim (5001)')]
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import html as _html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from lifelong_analysis import __version__
from lifelong_analysis.data import tables, vocab
from lifelong_analysis.errors import translate_rule
from lifelong_analysis.outputs import write_text_atomic
from lifelong_analysis.paths import RESOURCES_DIR
from lifelong_analysis.reporting import formatting
from lifelong_analysis.reporting import parameters as parameter_specs
from lifelong_analysis.reporting.workforce_report import group_label

TEMPLATE_DIR = RESOURCES_DIR / "report_template"

#: Fixed texts of the report frame, bokmål and English.
LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "kicker": "Livslang læring i kommunene – analyserapport",
        "date": "Dato",
        "parameters": "Forutsetninger i denne rapporten",
        "toc": "Innhold",
        "provenance": "Om grunnlaget (sporbarhet)",
        "notebook": "Notatbok",
        "package": "Programvare",
        "disclosure": "Personvern",
        "commit": "Git-versjon",
        "run_date": "Kjørt",
        "data_dir": "Datakatalog",
        "input_file": "Inndatafil",
        "no_files": "Ingen inndatafiler funnet.",
        "synthetic_title": "Syntetiske data.",
        "synthetic_text": ("Tallene i denne rapporten bygger på syntetiske (genererte) data, kalibrert mot "
                           "publiserte tall. De beskriver ingen virkelig kommune eller ansatt."),
        "synthetic_short": "syntetiske data",
        "failed_title": "Rapporten kunne ikke lages.",
        "failed_reason": "Årsak",
        "failed_where": "Dette må rettes i inndataene",
        "failed_more": ("Den tekniske feilmeldingen står i den kjørte notatboken (notebook.ipynb) for den som "
                        "kjører analysene. Rett feilen og kjør rapportene på nytt."),
        "index_title": "Rapporter – livslang læring i kommunene",
        "index_intro": "Alle rapporter fra siste kjøring. Klikk på en tittel for å åpne rapporten.",
        "col_title": "Rapport",
        "col_parameters": "Forutsetninger",
        "col_status": "Status",
        "col_time": "Kjørt",
        "col_duration": "Tid",
        "col_files": "Filer",
        "status_ok": "ferdig",
        "status_failed": "feilet",
        "status_skipped": "uendret (hoppet over)",
        "notebook_link": "notatbok",
        "tables_link": "tabeller",
        "seconds": "s",
        "generated": "Laget",
        "workbook": "Last ned tabellene som regneark (Excel)",
        "workbook_note": "filen ligger i samme mappe som rapporten",
        "workbook_link": "regneark",
        "index_synthetic": ("Syntetiske data. Rapportene merket «syntetiske data» bygger på genererte data, kalibrert "
                            "mot publiserte tall; de beskriver ingen virkelig kommune eller ansatt."),
        "time_zone": "norsk tid",
    },
    "en": {
        "kicker": "Lifelong learning in municipalities – analysis report",
        "date": "Date",
        "parameters": "Assumptions in this report",
        "toc": "Contents",
        "provenance": "About the basis (provenance)",
        "notebook": "Notebook",
        "package": "Software",
        "disclosure": "Disclosure control",
        "commit": "Git commit",
        "run_date": "Run",
        "data_dir": "Data directory",
        "input_file": "Input file",
        "no_files": "No input files found.",
        "synthetic_title": "Synthetic data.",
        "synthetic_text": ("The figures in this report are built on synthetic (generated) data, calibrated to "
                           "published figures. They describe no real municipality or employee."),
        "synthetic_short": "synthetic data",
        "failed_title": "The report could not be made.",
        "failed_reason": "Reason",
        "failed_where": "To be corrected in the input data",
        "failed_more": ("The technical error message is in the executed notebook (notebook.ipynb) for whoever "
                        "runs the analyses. Correct the error and run the reports again."),
        "index_title": "Reports – lifelong learning in municipalities",
        "index_intro": "Every report of the last batch. Click a title to open the report.",
        "col_title": "Report",
        "col_parameters": "Assumptions",
        "col_status": "Status",
        "col_time": "Run",
        "col_duration": "Time",
        "col_files": "Files",
        "status_ok": "done",
        "status_failed": "failed",
        "status_skipped": "unchanged (skipped)",
        "notebook_link": "notebook",
        "tables_link": "tables",
        "seconds": "s",
        "generated": "Generated",
        "workbook": "Download the tables as a spreadsheet (Excel)",
        "workbook_note": "the file is in the same folder as the report",
        "workbook_link": "spreadsheet",
        "index_synthetic": ("Synthetic data. The reports marked \"synthetic data\" are built on generated data, "
                            "calibrated to published figures; they describe no real municipality or employee."),
        "time_zone": "Norwegian time",
    },
}

#: Plain-word labels (bokmål, English) of the notebook parameters, from the parameter specs
#: (:mod:`lifelong_analysis.reporting.parameters`): a name shared by several notebooks has one label.
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    f.name: (f.metadata["nb"], f.metadata["en"]) for spec in parameter_specs.SPECS.values()
    for f in dataclasses.fields(spec)
}
_GROUP_LABELS = {
    "sector": ("sektor", "sector"), "occupation": ("stilling", "occupation"),
    "age_group": ("aldersgruppe", "age group"), "education_level": ("utdanningsnivå", "education level"),
}

#: Parameters whose values are vocabulary codes (see :mod:`lifelong_analysis.data.vocab`).
_CODE_PARAMETERS = {
    "sector": "sector",
    "formats": "delivery_format",
    "schemes": "funding_scheme",
    "group_by": None,
}
_SHARE_PARAMETERS = {"discount_rate", "hc_grant_share", "real_wage_growth", "position_share_change", "turnover_change",
                     "standard_change"}
_HIDDEN_PARAMETERS = {"output_dir"}

#: text/plain reprs that carry nothing for a reader of the report.
STRAY_REPR = re.compile(
    r"^\s*(<(?:Axes|Figure|matplotlib|seaborn|Text|Line2D|BarContainer|[\w.]+ at 0x)[^>]*>"
    r"|\[<matplotlib[^\]]*\]"
    r"|Text\(.*\)"
    r"|(?:Posix|Windows|Pure\w*)?Path\(.*\)"
    r"|(?s:.*)dtype: \w+"
    r"|(?s:.*)Name: \w+, dtype: \w+"
    r"|None)\s*$"
)
_RICH_MIMES = ("text/html", "text/markdown", "image/png", "image/svg+xml", "image/jpeg", "text/latex")


def _lang(language: str) -> str:
    if language not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, got {language!r}")
    return language


def _value_text(name: str, value, language: str) -> str:
    if name == "rules_file" and not value:
        return "ingen" if language == "nb" else "none"
    if value is None or value == "":
        if name == "data_dir":
            return "standard (syntetiske data)" if language == "nb" else "default (synthetic data)"
        if name == "weight_column":
            return "ingen (uvektet)" if language == "nb" else "none (unweighted)"
        return "alle" if language == "nb" else "all"
    if name == "municipality":
        name_ = vocab.municipality_name(str(value))
        if name_ == str(value):  # a municipality the vocabulary does not name: say what the number is
            return f"kommunenummer {value}" if language == "nb" else f"municipality number {value}"
        return f"{name_} ({value})"
    if name == "sector" and value == "all":
        return "alle sektorer" if language == "nb" else "all sectors"
    if name == "group_by" and value in _GROUP_LABELS:
        return _GROUP_LABELS[value][0 if language == "nb" else 1]
    if name == "weight_column":
        return ("undersøkelsens vekter" if language == "nb" else "the survey weights") if value == "weight" else (
            f"{'kolonnen' if language == 'nb' else 'the column'} «{value}»")
    if name == "language":
        return {"nb": "bokmål", "en": "English"}.get(str(value), str(value))
    if name == "occupations" and isinstance(value, (list, tuple)):
        return ", ".join(group_label(str(v), language) for v in value)
    if name in _SHARE_PARAMETERS and isinstance(value, (int, float)):
        return formatting.format_share(value, decimals=1, language=language)
    vocabulary = _CODE_PARAMETERS.get(name)
    if vocabulary:
        items = value if isinstance(value, (list, tuple)) else [value]
        out = []
        for item in items:
            try:
                out.append(vocab.label(vocabulary, str(item), language=language))
            except (KeyError, ValueError):
                out.append(str(item))
        return ", ".join(out)
    if isinstance(value, bool):
        return ("ja" if value else "nei") if language == "nb" else ("yes" if value else "no")
    if isinstance(value, int) and not (1800 <= value <= 2200 and name.endswith("year")) and name != "seed":
        return formatting.format_number(value, language=language)
    if isinstance(value, float):
        return formatting.format_number(value, decimals=2, language=language).rstrip("0").rstrip(",.")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe_parameters(
    parameters: dict, *, language: str = "nb", help_texts: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """The run's parameters in plain words, in the report language.

    Parameters
    ----------
    parameters : dict
        Parameter name -> value, as given to the notebook.  ``output_dir`` is left out.
    language : {"nb", "en"}
    help_texts : dict, optional
        The comments of the notebook's parameters cell; used as the label of a
        parameter that has no label in :data:`PARAMETER_LABELS`.

    Returns
    -------
    list of (label, value text) pairs, in the order given.

    Examples
    --------
    >>> describe_parameters({"study_points": 30, "discount_rate": 0.04})
    [('Studiepoeng', '30'), ('Diskonteringsrente', '4,0\xa0%')]
    """
    language = _lang(language)
    out = []
    for name, value in parameters.items():
        if name in _HIDDEN_PARAMETERS:
            continue
        if name in PARAMETER_LABELS:
            label = PARAMETER_LABELS[name][0 if language == "nb" else 1]
        elif help_texts and help_texts.get(name):
            label = help_texts[name].strip().rstrip(".")
            label = label[:1].upper() + label[1:]
        else:
            label = name.replace("_", " ").capitalize()
        out.append((label, _value_text(name, value, language)))
    return out


# --------------------------------------------------------------------------- cleaning


def clean_notebook(nb, *, language: str | None = None, keep_markdown: bool = False):
    """Return a copy of ``nb`` fit for a reader: no stray reprs, no stderr, summary first.

    - ``text/plain`` is dropped where a richer representation exists, and
      outputs whose only content is a stray repr (``<Axes: ...>``,
      ``dtype: float64``, ``<Figure size ...>``, ``None``) are dropped;
    - ``stderr`` streams (warnings) are dropped; error outputs are kept so that
      a failed run shows its error;
    - cells tagged ``remove_cell``/``remove-cell`` are dropped, and cells
      tagged ``summary`` are moved to the top, in their order;
    - Markdown cells tagged ``nb`` or ``en`` are the notebook's prose in one
      language: the report keeps those of ``language`` and drops the others;
    - untagged Markdown cells are dropped unless ``keep_markdown``: they are
      notes for the notebook's users (how to run it).  papermill's error banner
      is kept.
    """
    nb = copy.deepcopy(nb)
    kept, summary = [], []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"remove_cell", "remove-cell"}:
            continue
        if cell.cell_type != "code" and "papermill-error-cell-tag" not in tags:
            prose = tags & set(vocab.LANGUAGES)
            if prose and language not in prose:
                continue  # the prose of the other language
            if not prose and not keep_markdown:
                continue  # notes for notebook users
        if cell.cell_type == "code":
            outputs = []
            for out in cell.get("outputs", []):
                otype = out.get("output_type")
                if otype == "stream":
                    if out.get("name") == "stderr":
                        continue
                    if STRAY_REPR.match(out.get("text", "") or ""):
                        continue
                elif otype in ("execute_result", "display_data"):
                    data = out.get("data", {})
                    if "text/plain" in data and any(m in data for m in _RICH_MIMES):
                        data.pop("text/plain")
                    elif set(data) == {"text/plain"} and STRAY_REPR.match(str(data["text/plain"])):
                        continue
                    if not data:
                        continue
                outputs.append(out)
            cell["outputs"] = outputs
            if tags & {"remove_output", "remove-output"}:
                cell["outputs"] = []
        (summary if "summary" in tags else kept).append(cell)
    nb.cells = summary + kept
    return nb


# --------------------------------------------------------------------------- TOC


_HEADING = re.compile(r"<h([1-3])([^>]*)>(.*?)</h\1>", re.S)


def _plain(fragment: str) -> str:
    text = re.sub(r"<a class=\"anchor-link\".*?</a>", "", fragment, flags=re.S)
    return _html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def add_toc(page: str, *, language: str = "nb", placeholder: str = "<!--LA_TOC-->") -> str:
    """Insert a table of contents of the level-2 and level-3 headings of ``<main>``.

    Headings without an ``id`` get one; the frame's own headings (class
    ``la-nontoc``) and level-1 headings (the title) are not listed.
    """
    labels = LABELS[_lang(language)]
    head, sep, body = page.partition('<main class="la-main">')
    if not sep:
        return page.replace(placeholder, "")
    entries = []
    used: set[str] = set()

    def repl(m: re.Match) -> str:
        level, attrs, inner = m.group(1), m.group(2), m.group(3)
        if "la-nontoc" in attrs or level == "1":
            return m.group(0)
        id_m = re.search(r'id="([^"]+)"', attrs)
        hid = id_m.group(1) if id_m else None
        if not hid or hid in used:
            base = re.sub(r"[^\w-]+", "-", _plain(inner).lower()).strip("-") or "del"
            hid, i = base, 2
            while hid in used:
                hid, i = f"{base}-{i}", i + 1
            attrs = re.sub(r'\s*id="[^"]*"', "", attrs) + f' id="{hid}"'
        used.add(hid)
        entries.append((int(level), hid, _plain(inner)))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    body = _HEADING.sub(repl, body)
    if entries:
        # level-3 headings in a list of their own under their level-2 heading, so that the
        # numbering of the main sections runs 1, 2, 3 ... without gaps
        parts, open_sub = [], False
        for lvl, hid, text in entries:
            link = f'<a href="#{_html.escape(hid, quote=True)}">{_html.escape(text)}</a>'
            if lvl == 3 and parts:
                if not open_sub:
                    parts[-1] = parts[-1].removesuffix("</li>") + "<ul>"
                    open_sub = True
                parts.append(f'<li class="la-toc-3">{link}</li>')
                continue
            if open_sub:
                parts.append("</ul></li>")
                open_sub = False
            parts.append(f'<li class="la-toc-{lvl}">{link}</li>')
        if open_sub:
            parts.append("</ul></li>")
        items = "\n".join(parts)
        toc = (f'<nav class="la-toc" aria-label="{_html.escape(labels["toc"])}">'
               f'<h2 class="la-nontoc">{_html.escape(labels["toc"])}</h2><ol>\n{items}\n</ol></nav>')
    else:
        toc = ""
    return head.replace(placeholder, toc) + sep + body


# --------------------------------------------------------------------------- export


def _run_date_text(run_date: str, language: str) -> str:
    try:
        d = _dt.datetime.fromisoformat(run_date)
    except (TypeError, ValueError):
        return str(run_date)
    if language == "nb":
        months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
                  "september", "oktober", "november", "desember"]
        return f"{d.day}. {months[d.month - 1]} {d.year}"
    return d.strftime("%-d %B %Y")


_ABS_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?[/\\](?:[^\s/\\:'\"]+[/\\])+([^\s/\\'\"]+)")
_PROBLEM_LINE = re.compile(r"^- (?:column '(?P<column>[^']*)'(?:, )?)?(?:rows? [0-9, .]+\([0-9]+ rows?\))?:? ?(?P<rule>.*)$")
_QUOTED = re.compile(r"'[^']*'")


def _no_values(text: str, keep: set) -> str:
    """``text`` with every quoted value replaced by '…' unless it is a known name (column, file)."""
    return _QUOTED.sub(lambda m: m.group(0) if m.group(0).strip("'") in keep else "'…'", text)


def failure_text(error: str, detail: str = "", language: str = "nb") -> tuple[str, list[str]]:
    """What a reader of a failed report is told: the reason in plain words and the rules broken.

    ``error`` is the first line of the error (as in the manifest), ``detail``
    the whole exception text (``Name: message``).  For invalid data
    (``DataValidationError``) the list names each file, column and rule; the
    values found and row numbers are left out, and every quoted value in a
    rule is replaced by '…' (a failing pay next to an employee id is personal
    data).  The exception class and the notebook cell number are dropped.

    Examples
    --------
    >>> failure_text("FileNotFoundError: No such file: /home/a/data/population_projection.json (cell 4 of the notebook)")
    ('filen population_projection.json finnes ikke i datamappen', [])
    >>> failure_text("DataValidationError: workforce.csv: 1 problem (cell 3 of the notebook)",
    ...              "DataValidationError: workforce.csv: 1 problem\\n- column 'monthly_pay_nok', row 4 (1 row): "
    ...              "must be >= 5000 and <= 400000; found 450000000")
    ('workforce.csv: 1 feil i inndataene', ['workforce.csv, monthly_pay_nok: must be >= 5000 and <= 400000'])
    """
    reason = re.sub(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt)\b:\s*", "", str(error or "")).strip()
    reason = re.sub(r"\s*\(cell \d+ of the notebook\)$", "", reason)
    # a machine path tells the reader nothing and may be private: the file name is enough
    reason = _ABS_PATH.sub(lambda m: m.group(1), reason)
    if language == "nb":
        reason = re.sub(r"^No such file(?: or directory)?:\s*(.+)$", r"filen \1 finnes ikke i datamappen", reason)
    rules: list[str] = []
    detail = str(detail or "").replace("\\n", "\n")
    if detail.startswith("DataValidationError"):
        keep = {c.name for t in tables.TABLES.values() for c in t.columns} | set(tables.FILE_NAMES.values())
        file = None
        for line in detail.splitlines()[0:]:
            line = line.strip()
            m_file = re.match(r"^(?:DataValidationError:\s*)?(\S+): \d+ problems?$", line)
            if m_file:
                file = m_file.group(1)
                keep.add(file)
                continue
            m = _PROBLEM_LINE.match(line)
            if m and line.startswith("- "):
                rule = m.group("rule").split("; found ")[0]
                col = m.group("column")
                where = ", ".join(x for x in (file, col) if x)
                rules.append(f"{where}: {_no_values(rule, keep)}" if where else _no_values(rule, keep))
        reason = _no_values(reason, keep)
        if language == "nb":
            reason = re.sub(r"(\d+) problems?$", lambda m: f"{m.group(1)} feil i inndataene", reason)
            rules = [r.split(": ", 1)[0] + ": " + translate_rule(r.split(": ", 1)[1], "nb") if ": " in r else r
                     for r in rules]
    return reason, rules[:10]


def render_html(
    nb,
    *,
    title: str,
    subtitle: str = "",
    language: str = "nb",
    parameters: list[tuple[str, str]] = (),
    notebook: str = "",
    data_dir: str = "",
    input_files: dict[str, str] | None = None,
    synthetic: bool = False,
    git_commit: str = "unknown",
    run_date: str | None = None,
    status: str = "ok",
    error: str = "",
    workbook: str = "",
    error_detail: str = "",
    disclosure: list[str] = (),
) -> str:
    """Convert an executed notebook (nbformat node) to the report HTML (a string).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    title, subtitle : str
        Shown at the top and in ``<title>``.
    language : {"nb", "en"}
        Language of the frame (headings, labels).
    parameters : list of (label, value)
        The parameters in plain words (see :func:`describe_parameters`).
    notebook, data_dir : str
        Shown in the provenance box.
    input_files : dict
        Input file name -> SHA-256 hex digest.
    synthetic : bool
        Show the synthetic-data banner.
    git_commit, run_date : str
        Provenance; ``run_date`` ISO 8601 (default: now, UTC).
    status, error : str
        A run that is not ``"ok"`` shows ``error`` in a red box at the top.
    workbook : str
        File name of the run's spreadsheet (relative to the report), linked
        under the parameters; empty for none.
        A run that is not ``"ok"`` gets a page that says in plain words that
        the report could not be made and why (:func:`failure_text`: the first
        line of ``error``, and for invalid data each file, column and rule,
        never a value from a row); the notebook's cells are left out, so no
        traceback reaches the reader (it stays in the executed notebook).
    error_detail : str
        The whole exception text, for the files and rules of invalid data.
    disclosure : list of str
        Lines on the disclosure control of the run's tables (cells suppressed, primary and
        secondary, audit passed, k; :func:`lifelong_analysis.reporting.publish.provenance_lines`).

    Returns
    -------
    str : the complete, self-contained HTML page.
    """
    from nbconvert import HTMLExporter

    language = _lang(language)
    run_date = run_date or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    la = {
        "title": title,
        "subtitle": subtitle,
        "language": language,
        "labels": LABELS[language],
        "parameters": list(parameters),
        "notebook": notebook,
        "data_dir": data_dir,
        "input_files": sorted((input_files or {}).items()),
        "synthetic": bool(synthetic),
        "git_commit": git_commit,
        "run_date": run_date,
        "run_date_text": _run_date_text(run_date, language),
        "package_version": __version__,
        "status": status,
        "error": failure_text(error, error_detail, language)[0] if status != "ok" else error,
        "failure_rules": failure_text(error, error_detail, language)[1] if status != "ok" else [],
        "workbook": workbook,
        "disclosure": list(disclosure),
        "css": (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
        # the notebook's own synthetic-data notice repeats the banner at the top
        + ("\n.la-main .la-synthetic-banner { display: none; }" if synthetic else ""),
    }
    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        template_name=TEMPLATE_DIR.name,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        mathjax_url="",
        require_js_url="",
        embed_images=True,
    )
    if status != "ok":  # the reader gets the reason, not a half-made report with a traceback
        import nbformat

        nb = nbformat.v4.new_notebook(metadata=nb.get("metadata", {}))
    body, _ = exporter.from_notebook_node(clean_notebook(nb, language=language), resources={"la": la})
    return add_scroll_hints(add_toc(lift_summary(body), language=language), language=language)


_SUMMARY_CHUNK = re.compile(r"<!--LA_SUMMARY_START-->(.*?)<!--LA_SUMMARY_END-->", re.S)


def lift_summary(page: str, *, placeholder: str = "<!--LA_SUMMARY-->") -> str:
    """Move the output of the cells tagged ``summary`` from ``<main>`` into the header.

    The template marks those cells; they go, in their order, into a
    ``<section class="la-summary">`` right under the title and the banner, above
    the parameters and the contents, so that the first screen of the report is
    its answer.  Without summary cells the placeholder is simply removed.
    """
    chunks = _SUMMARY_CHUNK.findall(page)
    page = _SUMMARY_CHUNK.sub("", page)
    section = f'<section class="la-summary">\n{"".join(chunks)}\n</section>' if chunks else ""
    return page.replace(placeholder, section, 1)


#: Text under a box that scrolls sideways (shown only when the box overflows).
SCROLL_HINT = {"nb": "Sveip eller rull sideveis for å se hele →", "en": "Swipe or scroll sideways to see all →"}

_SCROLL_SCRIPT = """<script>
/* Boxes that scroll sideways get a visible hint under them (plain JS, no libraries). */
(function () {
  var HINT = %s;
  function mark() {
    document.querySelectorAll(".output_html, .output_png, .output_svg, .la-scroll").forEach(function (el) {
      var over = el.scrollWidth > el.clientWidth + 1;
      el.classList.toggle("la-overflows", over);
      var next = el.nextElementSibling;
      if (over && !(next && next.classList.contains("la-scroll-hint"))) {
        var p = document.createElement("p");
        p.className = "la-scroll-hint";
        p.textContent = HINT;
        el.parentNode.insertBefore(p, el.nextSibling);
      }
    });
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
</script>"""


def add_scroll_hints(page: str, *, language: str = "nb") -> str:
    """Add the small script that puts a hint under every box that scrolls sideways."""
    script = _SCROLL_SCRIPT % json.dumps(SCROLL_HINT[_lang(language)])
    return page.replace("</body>", script + "\n</body>", 1)


def export_html(notebook_path: str | os.PathLike, html_path: str | os.PathLike, **context) -> Path:
    """Read an executed notebook, render it with :func:`render_html`, write it atomically.

    ``context`` is passed to :func:`render_html`.  Returns the written path.
    """
    import nbformat

    nb = nbformat.read(str(notebook_path), as_version=4)
    return write_text_atomic(html_path, render_html(nb, **context))


# --------------------------------------------------------------------------- index


def oslo_time(timestamp: str) -> str:
    """An ISO 8601 time as Norwegian wall-clock time (Europe/Oslo), "2026-11-27 05:00".

    A time without a zone is taken as UTC; text that is not a time is returned as it is.

    >>> oslo_time("2026-11-27T04:00:00+00:00"), oslo_time("2026-07-01T10:30:00Z")
    ('2026-11-27 05:00', '2026-07-01 12:30')
    """
    from zoneinfo import ZoneInfo

    try:
        t = _dt.datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
    except ValueError:
        return str(timestamp)
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return t.astimezone(ZoneInfo("Europe/Oslo")).strftime("%Y-%m-%d %H:%M")


def render_index(records: list[dict], *, language: str = "nb", generated: str | None = None) -> str:
    """The batch's ``index.html``: one row per run with title, parameters, status, time and link.

    ``records`` are the run records of the manifest (keys ``name``, ``title``,
    ``subtitle``, ``parameters_text`` (or, shorter, ``parameters_given_text``: the
    parameters the config sets), ``status``, ``error``, ``finished``,
    ``duration_s``, ``report``, ``notebook_output``, ``tables``), paths relative
    to the index.
    """
    labels = LABELS[_lang(language)]
    generated = generated or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    esc = _html.escape
    any_synthetic = any(r.get("synthetic") for r in records)
    rows = []
    for r in records:
        status = r.get("status", "")
        if r.get("skipped"):
            status_text = labels["status_skipped"]
        else:
            status_text = labels.get(f"status_{status}", status)
        err = f'<br><small class="la-err">{esc(r["error"])}</small>' if r.get("error") else ""
        shown = r.get("parameters_given_text") or r.get("parameters_text", [])
        params = "<br>".join(f"{esc(k)}: {esc(v)}" for k, v in shown)
        link = (f'<a href="{esc(r["report"], quote=True)}">{esc(r.get("title", r["name"]))}</a>'
                if r.get("report") else esc(r.get("title", r["name"])))
        sub = f'<br><small>{esc(r["subtitle"])}</small>' if r.get("subtitle") else ""
        if r.get("synthetic"):
            sub += f'<br><small class="la-synthetic-tag">{esc(labels["synthetic_short"])}</small>'
        files = []
        if r.get("notebook_output"):
            files.append(f'<a href="{esc(r["notebook_output"], quote=True)}">{labels["notebook_link"]}</a>')
        if r.get("workbook"):
            files.append(f'<a href="{esc(r["workbook"], quote=True)}">{labels["workbook_link"]}</a>')
        if r.get("tables_dir") and r.get("tables"):
            files.append(f'<a href="{esc(r["tables_dir"], quote=True)}/">{labels["tables_link"]} '
                         f'({len(r["tables"])})</a>')
        dur = r.get("duration_s")
        dur_text = f"{dur:.1f}".replace(".", "," if language == "nb" else ".") + " s" if dur is not None else ""
        rows.append(
            f'<tr class="la-status-{esc(status)}"><td>{link}{sub}</td><td>{params}</td>'
            f"<td>{esc(status_text)}{err}</td><td>{esc(oslo_time(r.get('finished', '')))}</td>"
            f"<td>{dur_text}</td><td>{' · '.join(files)}</td></tr>"
        )
    banner = (f'<div class="la-banner" role="note">{esc(labels["index_synthetic"])}</div>\n'
              if any_synthetic else "")
    css = (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
    css += ("\n.la-synthetic-tag { color: var(--warn); font-weight: 600; }"
            "\n.la-status-failed td:nth-child(3) { color: #b91c1c; font-weight: 600; }"
            "\n.la-index td { white-space: normal; } .la-err { color: #7f1d1d; }")
    return f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(labels["index_title"])}</title>
<style>
{css}
</style>
</head>
<body>
<header class="la-header">
<h1 class="la-title">{esc(labels["index_title"])}</h1>
<p class="la-date">{esc(labels["generated"])}: {esc(oslo_time(generated))} ({esc(labels["time_zone"])}) ·
lifelong_analysis {esc(__version__)}</p>
{banner}<p>{esc(labels["index_intro"])}</p>
</header>
<main class="la-main">
<div class="la-scroll">
<table class="la-index">
<thead><tr><th>{labels["col_title"]}</th><th>{labels["col_parameters"]}</th><th>{labels["col_status"]}</th>
<th>{labels["col_time"]}</th><th>{labels["col_duration"]}</th><th>{labels["col_files"]}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</div>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------- privacy

#: Column names that identify a person: never allowed in a report or exported table.
PERSON_ID_COLUMNS = ("employee_id", "respondent_id", "person_id", "fodselsnummer", "fnr", "national_id")
#: Column names that hold the number of persons behind a row.
COUNT_COLUMN = re.compile(r"^(n|count|antall|n_[a-zæøå_]+|count_[a-z_]+|[a-z_]+_count|respondents|employees"
                          r"|participants|antall_[a-zæøå_]+|number_of_[a-z_]+)$", re.I)
_FNR = re.compile(r"^\d{6}\s?\d{5}$")  # a whole cell of 11 digits: a fødselsnummer


class _TableParser(HTMLParser):
    """Collects the tables of an HTML page as lists of rows (header row first)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._stack and self._stack[-1]:
            self._stack[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _as_count(text: str) -> float | None:
    t = str(text).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _check_table(header: list[str], rows: list[list[str]], where: str, min_cell_size: int,
                 count_columns: set | None = None) -> list[dict]:
    findings = []
    norm = [re.sub(r"[\s\-]+", "_", h.strip().lower()) for h in header]
    for j, h in enumerate(norm):
        if h in PERSON_ID_COLUMNS:
            findings.append({"file": where, "column": header[j], "row": None, "value": None,
                             "problem": "person identifier column"})
        if (header[j] in count_columns) if count_columns is not None else COUNT_COLUMN.match(h):
            for i, row in enumerate(rows):
                if j < len(row):
                    v = _as_count(row[j])
                    if v is not None and 0 < v < min_cell_size:
                        findings.append({"file": where, "column": header[j], "row": i, "value": row[j],
                                         "problem": f"count below {min_cell_size}"})
    for i, row in enumerate(rows):
        for cell in row:
            if _FNR.match(str(cell).strip()):
                findings.append({"file": where, "column": None, "row": i, "value": cell,
                                 "problem": "looks like a national identity number"})
    return findings


def scan_privacy(paths, *, min_cell_size: int = 5, id_values: set[str] | None = None):
    """Scan HTML and CSV files for small cells and row-level personal data.

    Parameters
    ----------
    paths : iterable of path
        Files (``.html``, ``.csv``) or folders (searched recursively).
    min_cell_size : int
        Counts from 1 to ``min_cell_size - 1`` in a count column (``n``,
        ``n_*``, ``count``, ``antall``, ...) are findings; 0 and the
        suppression symbol ":" are not.
    id_values : set of str, optional
        Identifiers of persons in the input data (e.g. every ``employee_id``);
        any of them appearing in a file is a finding.

    A CSV written by :meth:`lifelong_analysis.stats.disclosure.Protected.write` has its head-count
    columns listed in the ``disclosure.json`` beside it (from the table definitions); those, and
    only those, are checked as counts.  Other files fall back to the column names.

    Returns
    -------
    pandas.DataFrame with columns file, column, row, value, problem (empty when clean).
    """
    import pandas as pd

    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in (".html", ".csv") and f.is_file())
        else:
            files.append(p)
    findings: list[dict] = []
    ids = {str(v) for v in (id_values or ()) if str(v)}
    id_pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")\b") if ids else None
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        defined = None
        if f.suffix.lower() == ".csv":
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
            tables = [([str(c) for c in df.columns], df.values.tolist())]
            summary = f.parent / "disclosure.json"
            if summary.is_file():
                import json

                counts = json.loads(summary.read_text(encoding="utf-8")).get("count_columns", {})
                if f.stem in counts:
                    defined = set(counts[f.stem])
        else:
            parser = _TableParser()
            parser.feed(text)
            tables = [(t[0], t[1:]) for t in parser.tables if t]
            # Header cells of pandas' HTML may sit in a second header row.
        for k, (header, rows) in enumerate(tables):
            findings += _check_table(header, rows, f"{f}#table{k}" if f.suffix != ".csv" else str(f), min_cell_size,
                                     defined)
        if id_pattern is not None:
            for m in id_pattern.finditer(text):
                findings.append({"file": str(f), "column": None, "row": None, "value": m.group(1),
                                 "problem": "person identifier value"})
                break
        for col in PERSON_ID_COLUMNS[:3]:
            if col in text:
                findings.append({"file": str(f), "column": col, "row": None, "value": None,
                                 "problem": "person identifier column name in file"})
    return pd.DataFrame(findings, columns=["file", "column", "row", "value", "problem"])


def write_manifest_json(path: str | os.PathLike, manifest: dict) -> Path:
    """Write the batch manifest as pretty JSON, atomically."""
    return write_text_atomic(path, json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
