"""The what-if block of the mailed report: the grid as JSON, plain JavaScript, a static table.

An HTML report mailed to a director has no kernel, so ipywidgets exported by
nbconvert render but do nothing (ipywidgets issue 2069).  The report therefore
carries the grid of :func:`lifelong_analysis.analysis.whatif.scenario_grid`,
computed when the report is built, as JSON data, and a few lines of plain
JavaScript (no CDN, no framework) that look the reader's choice up in it: move
the slider for the availability of qualified substitutes, pick a delivery
format and a funding scheme, and the cash cost, the economic cost and who pays
change.  With JavaScript off the reader sees a static table of the grid's key
points (:func:`lifelong_analysis.analysis.whatif.key_points`).

The amounts shown are formatted by :func:`lifelong_analysis.reporting.formatting.format_nok`
when the report is built and embedded as text, so the page shows exactly the
library's numbers.

Examples
--------
In notebook 03::

    grid = whatif.scenario_grid(workforce=..., substitutes=..., sector="primary_school")
    whatif_report.show(grid, language="nb")
"""

from __future__ import annotations

import hashlib
import html
import json

import pandas as pd

from lifelong_analysis.analysis import funding
from lifelong_analysis.analysis.whatif import GRID_COLUMNS, key_points
from lifelong_analysis.data import vocab
from lifelong_analysis.reporting import display
from lifelong_analysis.reporting.formatting import format_nok, format_share
from lifelong_analysis.reporting import costs_report

_TEXT = {
    "nb": {
        "intro": ("Flytt glidebryteren for å se hva programmet koster hvis en større eller mindre del av timene "
                  "kan dekkes av kvalifiserte vikarer, og velg gjennomføringsform og finansieringsmodell. "
                  "Tallene er regnet ut på forhånd av de samme funksjonene som resten av rapporten."),
        "availability": "Timer dekket av kvalifisert vikar",
        "format": "Gjennomføringsform",
        "scheme": "Finansieringsmodell",
        "cash": "Kontantkostnad for programmet",
        "economic": "Samfunnsøkonomisk kostnad",
        "payer": "Hvem betaler",
        "payer_col": "Betaler",
        "cash_col": "Kontant",
        "economic_col": "Samfunnsøkonomisk",
        "data": "dataenes verdi",
        "own_time": ("Den ansattes andel er egen tid (fritid brukt til studier), ikke penger; den kan bli negativ når "
                     "den ansatte får stipend."),
        "not_found": "Modellen bygger på en sats som ikke er funnet i kildene (plassholder).",
        "static_caption": "Utvalgte punkter: kostnad for programmet ved ulik tilgang på kvalifiserte vikarer",
        "static_payer_caption": "Utvalgte punkter: hva kommunen betaler (kontant) i hver finansieringsmodell, {f}",
        "municipality_at": "Kommunen ved {p}",
        "noscript": "Slå på JavaScript for å prøve andre verdier; tabellene under viser utvalgte punkter.",
    },
    "en": {
        "intro": ("Move the slider to see what the programme costs if a larger or smaller part of the hours can be "
                  "covered by qualified substitutes, and pick a delivery format and a funding scheme. The figures "
                  "were computed in advance by the same functions as the rest of the report."),
        "availability": "Hours covered by a qualified substitute",
        "format": "Delivery format",
        "scheme": "Funding scheme",
        "cash": "Cash cost of the programme",
        "economic": "Economic cost",
        "payer": "Who pays",
        "payer_col": "Payer",
        "cash_col": "Cash",
        "economic_col": "Economic",
        "data": "value in the data",
        "own_time": ("The employee's share is own time (free time spent studying), not money; it can be negative "
                     "when the employee receives a stipend."),
        "not_found": "The scheme rests on a rate not found in the sources (a placeholder).",
        "static_caption": "Selected points: cost of the programme at different availabilities of qualified substitutes",
        "static_payer_caption": "Selected points: what the municipality pays (cash) under each funding scheme, {f}",
        "municipality_at": "Municipality at {p}",
        "noscript": "Turn JavaScript on to try other values; the tables below show selected points.",
    },
}

_CSS = """
.la-whatif { border: 1px solid #cbd5e1; border-radius: 8px; padding: 0.8em 1em; margin: 1em 0; }
.la-whatif-live label { display: block; margin: 0.5em 0 0.2em; font-weight: 600; }
.la-whatif-live input[type=range] { width: 100%; max-width: 32em; }
.la-whatif-live select { max-width: 100%; font-size: 1em; }
.la-whatif-totals { display: flex; flex-wrap: wrap; gap: 0.5em 2em; margin: 0.8em 0; }
.la-whatif-totals div { min-width: 12em; }
.la-whatif-totals strong { display: block; font-size: 1.4em; }
.la-whatif-note { font-size: 0.9em; color: #475569; }
"""

_JS = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root) { return; }
  var d = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  var live = root.querySelector('.la-whatif-live');
  var slider = live.querySelector('input[name="p"]');
  var fmt = live.querySelector('select[name="format"]');
  var sch = live.querySelector('select[name="scheme"]');
  function out(name) { return live.querySelector('[data-la-out="' + name + '"]'); }
  function update() {
    var i = parseInt(slider.value, 10), f = fmt.value, s = sch.value;
    out('p').textContent = d.pText[i];
    slider.setAttribute('aria-valuetext', d.pText[i]);
    out('cash').textContent = d.costText[f][i][0];
    out('economic').textContent = d.costText[f][i][1];
    var split = d.splitText[f + '|' + s][i];
    for (var j = 0; j < d.payers.length; j++) {
      out('cash-' + d.payers[j]).textContent = split[0][j];
      out('economic-' + d.payers[j]).textContent = split[1][j];
    }
    out('not-found').hidden = !d.notFound[s];
  }
  slider.addEventListener('input', update);
  slider.addEventListener('change', update);
  fmt.addEventListener('change', update);
  sch.addEventListener('change', update);
  live.hidden = false;
  update();
})();
"""


def widget_data(grid: pd.DataFrame, *, language: str = "nb") -> dict:
    """The JSON data embedded in the report: the grid's numbers and their formatted texts.

    Returns
    -------
    dict with ``p`` (availability points, shares), ``pText``, ``start`` (index
    of the data's own value), ``formats``, ``schemes``, ``payers`` (codes, in
    order), ``labels`` (code -> label), ``notFound`` (scheme -> bool),
    ``cost`` / ``costText`` (format -> per point ``[cash_cost_nok,
    economic_cost_nok]``), ``split`` / ``splitText`` ("format|scheme" -> per
    point ``[[cash amount per payer], [economic amount per payer]]``, NOK).
    """
    if language not in vocab.LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Valid values: {', '.join(vocab.LANGUAGES)}.")
    missing = [c for c in GRID_COLUMNS if c not in grid.columns]
    if missing:
        raise ValueError(f"grid lacks column(s) {', '.join(missing)}; give the output of whatif.scenario_grid")
    points = sorted(grid["p_qualified_available"].unique())
    formats = list(dict.fromkeys(grid["delivery_format"]))
    schemes = list(dict.fromkeys(grid["scheme"]))
    payers = [p for p in vocab.codes("payer") if p in set(grid["payer"])]
    own = grid.loc[grid["data_value"], "p_qualified_available"]
    start = points.index(own.iloc[0]) if len(own) else 0

    def nok(x: float) -> str:
        return format_nok(x, language=language)

    by_cost = grid.drop_duplicates(["delivery_format", "p_qualified_available"]).set_index(
        ["delivery_format", "p_qualified_available"])
    cost = {f: [[float(by_cost.loc[(f, p), "cash_cost_nok"]), float(by_cost.loc[(f, p), "economic_cost_nok"])]
                for p in points] for f in formats}
    amounts = grid.set_index(["delivery_format", "scheme", "p_qualified_available", "perspective", "payer"])["amount_nok"]
    split = {f"{f}|{s}": [[[float(amounts.loc[(f, s, p, persp, payer)]) for payer in payers]
                           for persp in funding.PERSPECTIVES] for p in points]
             for f in formats for s in schemes}
    labels = {**{f: vocab.label("delivery_format", f, language) for f in formats},
              **{s: vocab.label("funding_scheme", s, language) for s in schemes},
              **{p: vocab.label("payer", p, language) for p in payers}}
    return {
        "language": language,
        "p": [float(p) for p in points],
        "pText": [format_share(p, language=language) for p in points],
        "start": start,
        "formats": formats, "schemes": schemes, "payers": payers, "labels": labels,
        "notFound": {s: bool(grid.loc[grid["scheme"] == s, "not_found"].any()) for s in schemes},
        "cost": cost,
        "costText": {f: [[nok(a), nok(b)] for a, b in v] for f, v in cost.items()},
        "split": split,
        "splitText": {k: [[[nok(a) for a in persp] for persp in point] for point in v] for k, v in split.items()},
    }


def _table(header: list[str], rows: list[list[str]], caption: str) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    # data-label: on a phone the report's CSS shows each row as a card, every cell with its column name
    body = "\n".join("<tr>" + "".join(f'<td data-label="{esc(h, quote=True)}">{esc(c)}</td>' for h, c in zip(header, r))
                     + "</tr>" for r in rows)
    return (f'<div class="la-scroll"><table class="dataframe la-table"><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>")


def widget_html(
    grid: pd.DataFrame,
    *,
    language: str = "nb",
    reference_format: str | None = None,
    reference_scheme: str | None = None,
) -> str:
    """The what-if block of a report: controls, outputs, the grid as JSON, the script, the static tables.

    Parameters
    ----------
    grid : output of :func:`lifelong_analysis.analysis.whatif.scenario_grid`.
    language : "nb" (bokmål, default) or "en": every label and number format.
    reference_format : the format selected at first and used in the static
        payer table (default ``part_time_gatherings`` when in the grid, else the first).
    reference_scheme : the scheme selected at first (default the first of the grid).

    Returns
    -------
    str : an HTML fragment with inline CSS and plain JavaScript only (no external
    resource).  With JavaScript off the controls stay hidden and the static tables
    of :func:`key_points` (and the municipality's cash amount per scheme) are shown.
    """
    data = widget_data(grid, language=language)
    t = _TEXT[language]
    esc = html.escape
    formats, schemes, payers, labels = data["formats"], data["schemes"], data["payers"], data["labels"]
    if reference_format is None:
        reference_format = "part_time_gatherings" if "part_time_gatherings" in formats else formats[0]
    if reference_format not in formats:
        raise ValueError(f"reference_format {reference_format!r} is not in the grid ({', '.join(formats)})")
    reference_scheme = schemes[0] if reference_scheme is None else reference_scheme
    if reference_scheme not in schemes:
        raise ValueError(f"reference_scheme {reference_scheme!r} is not in the grid ({', '.join(schemes)})")
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    element_id = "la-whatif-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:10]
    payload = payload.replace("</", "<\\/")

    def options(codes: list[str], selected: str) -> str:
        return "".join(f'<option value="{esc(c, quote=True)}"{" selected" if c == selected else ""}>'
                       f"{esc(labels[c])}</option>" for c in codes)

    rows = "\n".join(
        f'<tr><td data-label="{esc(t["payer_col"], quote=True)}">{esc(labels[p])}</td>'
        f'<td data-label="{esc(t["cash_col"], quote=True)}" data-la-out="cash-{p}"></td>'
        f'<td data-label="{esc(t["economic_col"], quote=True)}" data-la-out="economic-{p}"></td></tr>'
        for p in payers)
    n = len(data["p"]) - 1
    live = f"""<div class="la-whatif-live" hidden>
<label for="{element_id}-p">{esc(t["availability"])}: <output data-la-out="p"></output></label>
<input type="range" id="{element_id}-p" name="p" min="0" max="{n}" step="1" value="{data["start"]}">
<label for="{element_id}-format">{esc(t["format"])}</label>
<select id="{element_id}-format" name="format">{options(formats, reference_format)}</select>
<label for="{element_id}-scheme">{esc(t["scheme"])}</label>
<select id="{element_id}-scheme" name="scheme">{options(schemes, reference_scheme)}</select>
<div class="la-whatif-totals" aria-live="polite">
<div>{esc(t["cash"])}<strong data-la-out="cash"></strong></div>
<div>{esc(t["economic"])}<strong data-la-out="economic"></strong></div>
</div>
<div class="la-scroll"><table class="dataframe la-table"><caption>{esc(t["payer"])}</caption>
<thead><tr><th>{esc(t["payer_col"])}</th><th>{esc(t["cash_col"])}</th><th>{esc(t["economic_col"])}</th></tr></thead>
<tbody>
{rows}
</tbody></table></div>
<p class="la-whatif-note">{esc(t["own_time"])} <span data-la-out="not-found" hidden>{esc(t["not_found"])}</span></p>
</div>"""
    kp = key_points(grid)
    col = costs_report.column_labels(language)
    static_rows = [[labels[r.delivery_format],
                    format_share(r.p_qualified_available, language=language)
                    + (f" ({t['data']})" if r.data_value else ""),
                    format_nok(r.cash_cost_nok, language=language), format_nok(r.economic_cost_nok, language=language)]
                   for r in kp.itertuples(index=False)]
    static = _table([col["delivery_format"], t["availability"], col["cash_cost_nok"], col["economic_cost_nok"]],
                    static_rows, t["static_caption"])
    pts = sorted(set(kp["p_qualified_available"]))
    i_of = {p: data["p"].index(p) for p in pts}
    mun = payers.index("municipality") if "municipality" in payers else None
    if mun is not None:
        payer_rows = [[labels[s]] + [data["splitText"][f"{reference_format}|{s}"][i_of[p]][0][mun] for p in pts]
                      for s in schemes]
        static += _table([t["scheme"]]
                         + [t["municipality_at"].format(p=format_share(p, language=language)) for p in pts],
                         payer_rows, t["static_payer_caption"].format(f=labels[reference_format].lower()))
    script = _JS % {"id": json.dumps(element_id)}
    return (f'<section class="la-whatif" id="{element_id}" lang="{language}">\n<style>{_CSS}</style>\n'
            f"<p>{esc(t['intro'])}</p>\n{live}\n<noscript><p>{esc(t['noscript'])}</p></noscript>\n{static}\n"
            f'<script type="application/json">{payload}</script>\n<script>{script}</script>\n</section>')


def show(grid: pd.DataFrame, *, language: str = "nb", reference_format: str | None = None,
         reference_scheme: str | None = None) -> None:
    """Show the what-if block of :func:`widget_html` in a notebook (and so in its HTML report)."""
    display.html_block(widget_html(grid, language=language, reference_format=reference_format,
                                   reference_scheme=reference_scheme))
