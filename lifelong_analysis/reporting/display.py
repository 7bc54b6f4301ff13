"""What notebooks call to show text, tables and notices in the report language.

Notebooks stay thin: every heading and paragraph a decision maker reads is
shown through :func:`md` / :func:`heading` with a bokmål and an English text,
so that the ``language`` parameter switches the whole report.  Tables are shown
without the index and with Norwegian number formats (see
:mod:`lifelong_analysis.reporting.formatting`).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from lifelong_analysis.reporting.figures.render import figure_html
from lifelong_analysis.reporting.formatting import format_frame, format_number

SYNTHETIC_NOTICE = {
    "nb": ("**Syntetiske data.** Tallene i denne rapporten bygger på syntetiske (genererte) data, "
           "kalibrert mot publiserte tall. De beskriver ingen virkelig kommune eller ansatt."),
    "en": ("**Synthetic data.** The figures in this report are built on synthetic (generated) data, "
           "calibrated to published figures. They describe no real municipality or employee."),
}


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def text(nb: str, en: str, language: str = "nb") -> str:
    """Pick the text of ``language`` ("nb" or "en")."""
    if language not in ("nb", "en"):
        raise ValueError(f"language must be 'nb' or 'en', got {language!r}")
    return nb if language == "nb" else en


def md(nb: str, en: str | None = None, language: str = "nb") -> None:
    """Show Markdown in the report language.

    With two texts, the one of ``language`` is shown; with one (``en`` left out), the text is
    already in the report language, e.g. a sentence from a reporting function:
    ``display.md(costs_report.uncertainty_text(2000, language=lang))``.
    """
    from IPython.display import Markdown

    _display(Markdown(text(nb, nb if en is None else en, language)))


def heading(nb: str, en: str | None = None, language: str = "nb", level: int = 2) -> None:
    """Show a heading (level 1–4) in the report language (one text: already in that language, as :func:`md`)."""
    md("#" * level + " " + nb, "#" * level + " " + (nb if en is None else en), language)


def data_notice(synthetic: bool, language: str = "nb") -> None:
    """Show the synthetic-data banner when ``synthetic`` is true."""
    if synthetic:
        from IPython.display import HTML

        body = text(SYNTHETIC_NOTICE["nb"], SYNTHETIC_NOTICE["en"], language)
        body = html.escape(body).replace("**", "")
        _display(HTML(f'<div class="la-synthetic-banner" role="note" '
                      f'style="border:2px solid #b45309;background:#fef3c7;padding:0.6em 0.9em;'
                      f'border-radius:6px;margin:0.5em 0">{body}</div>'))


def table(
    df: pd.DataFrame,
    language: str = "nb",
    *,
    nok=(),
    shares=(),
    numbers: dict[str, int] | None = None,
    rename: dict[str, str] | None = None,
    caption: str | None = None,
) -> None:
    """Show ``df`` as a formatted HTML table without its index (a sentence instead when it has no rows)."""
    from IPython.display import HTML

    if df.empty:
        md("*Ingen tall å vise her.*", "*No figures to show here.*", language)
        return

    out = format_frame(df, nok=nok, shares=shares, numbers=numbers, language=language, rename=rename)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = _label_cells(out.to_html(index=False, escape=True, border=0, classes="la-table", na_rep=""))
    if cap:  # pandas writes border="0" or leaves it out, depending on its version
        body = re.sub(r"<table\b[^>]*>", lambda m: m.group(0) + cap, body, count=1)
    _display(HTML(body))


def html_block(markup: str) -> None:
    """Show an HTML fragment as it is (e.g. the what-if block of :mod:`lifelong_analysis.analysis.whatif`).

    The fragment ends up in the HTML report unchanged, scripts included, so it
    must be self-contained: no resource from the network.
    """
    from IPython.display import HTML

    _display(HTML(markup))


def _label_cells(body: str) -> str:
    """Give every ``<td>`` of a pandas HTML table its column name as ``data-label``.

    The report's CSS uses it to show each row as a small card on a phone.
    """
    import re

    headers = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
               for h in re.findall(r"<th[^>]*>(.*?)</th>", body.split("</thead>", 1)[0], re.S)]
    if "</thead>" not in body or not headers:
        return body
    head, tbody = body.split("</thead>", 1)

    def row(m: "re.Match") -> str:
        cells = iter(headers)
        return re.sub(r"<td>", lambda _m: f'<td data-label="{html.escape(next(cells, ""), quote=True)}">', m.group(0))

    return head + "</thead>" + re.sub(r"<tr>.*?</tr>", row, tbody, flags=re.S)


def _round_sig(x: float, digits: int = 3) -> float:
    import math

    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def _key_value(x, kind: str, language: str, scale_of=None) -> tuple[str, str]:
    """(number text, unit text) of a key figure, rounded to three significant figures.

    ``scale_of``: the value whose scale (kroner or millions) an interval bound takes.
    """
    if isinstance(x, str):
        if x.strip() in (":", ""):  # suppressed or not estimable: say so in words
            return text("for få svar", "too few answers", language), ""
        return x, ""
    x = float(x)
    if kind == "share":
        v = _round_sig(100 * x, 2 if abs(x) < 0.1 else 3 if abs(x) >= 1 else 2)
        return format_number(v, 0 if abs(v) >= 10 else 1, language), "%"
    if kind == "nok":
        ref = x if scale_of is None or isinstance(scale_of, str) else float(scale_of)
        if abs(ref) >= 1e6:
            v = _round_sig(x / 1e6, 3)
            unit = "mill. kr" if language == "nb" else "million NOK"
            import math

            decimals = max(0, 2 - int(math.floor(math.log10(abs(v))))) if v else 0
            return format_number(v, decimals, language), unit
        v = _round_sig(x, 3)
        return format_number(v, 0, language), ("kr" if language == "nb" else "NOK")
    v = _round_sig(x, 3)
    return format_number(v, 0 if abs(v) >= 100 else 1, language), ""


def key_figures(figures: list[dict], language: str = "nb") -> None:
    """Show three or four key figures as large numbers with their range and unit.

    Meant for the cell tagged ``summary``: the report puts it on the first
    screen, under the title.  Values are rounded to three significant figures
    (amounts of a million kroner or more in millions).

    Parameters
    ----------
    figures : list of dict
        Each with ``label`` (a text, or a pair ``(bokmål, English)``), ``value``
        (a number, or a ready text such as ":"), optionally ``low`` and ``high``
        (the interval, same unit), ``kind`` (``"nok"``, ``"share"`` 0–1, or
        ``"number"``, the default), ``unit`` (text after the number, overrides the
        kind's unit) and ``range_label`` (e.g. ``"P5–P95"``, ``"95 % KI"``).
    language : {"nb", "en"}

    Examples
    --------
    >>> _key_value(1234567, "nok", "nb")
    ('1,23', 'mill. kr')
    >>> _key_value(0.4567, "share", "en")
    ('46', '%')
    """
    from IPython.display import HTML

    items = []
    for f in figures:
        label = f["label"]
        if isinstance(label, (tuple, list)):
            label = text(label[0], label[1], language)
        kind = f.get("kind", "number")
        value, unit = _key_value(f["value"], kind, language)
        unit = f.get("unit", unit) if unit else ""
        rng = ""
        if f.get("low") is not None and f.get("high") is not None:
            lo, _ = _key_value(f["low"], kind, language, scale_of=f["value"])
            hi, _ = _key_value(f["high"], kind, language, scale_of=f["value"])
            rl = f.get("range_label")
            if isinstance(rl, (tuple, list)):
                rl = text(rl[0], rl[1], language)
            # an interval that rounds to one value (a fixed cost) says nothing: leave it out
            rng = "" if lo == hi else f"{rl + ': ' if rl else ''}{lo}–{hi}{chr(0xa0) + unit if unit else ''}"
        items.append(
            '<div class="la-kf">'
            f'<div class="la-kf-label">{html.escape(label)}</div>'
            f'<div class="la-kf-value">{html.escape(value)}'
            + (f'\u00a0<span class="la-kf-unit">{html.escape(unit)}</span>' if unit else "")
            + "</div>"
            + (f'<div class="la-kf-range">{html.escape(rng)}</div>' if rng else "")
            + "</div>")
    _display(HTML('<div class="la-keyfigures">' + "".join(items) + "</div>"))


def figure(fig, language: str = "nb", *, alt: str | None = None) -> None:
    """Show a matplotlib figure as vector graphics, with a second layout for phones, and close it.

    The report gets inline SVG (text kept as text) in two renderings, one for a laptop and one
    laid out for a phone (panels stacked, fonts of at least 8 pt, legends below in one column);
    the page's CSS shows the one that fits the screen (see
    :mod:`lifelong_analysis.reporting.figures.render`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Closed after it is shown, so that the notebook's inline backend does not show it again.
    language : {"nb", "en"}
        Language of the default text alternative.
    alt : str, optional
        Text alternative for screen readers (default: the figure's first title).
    """
    import matplotlib.pyplot as plt
    from IPython.display import HTML

    if alt is None:
        titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
        alt = titles[0] if titles else text("Figur", "Figure", language)
    try:
        markup = figure_html(fig, alt=alt)
    finally:
        plt.close(fig)
    _display(HTML(markup))


def original_wording(items: pd.DataFrame, language: str = "nb", *, source: str) -> None:
    """In a bokmål report: list quoted statements in their original (English) wording, marked as such.

    For instruments whose items have no official bokmål translation (DigCompSAT): the figure
    labels its bars with the item ids, and this list under it gives each id with the original
    wording, inside an element marked ``lang="en"`` (so that a screen reader reads it as English)
    with a bokmål heading saying whose wording it is.  Shows nothing in an English report, whose
    figure carries the wording itself.

    Parameters
    ----------
    items : DataFrame with columns ``item_id`` and ``text`` (one row per item; repeats are dropped).
    language : {"nb", "en"}
    source : the instrument and its licence, e.g. ``"JRC, DigCompSAT, CC BY 4.0"``.
    """
    from IPython.display import HTML

    if text("nb", "en", language) == "en":
        return
    rows = items[["item_id", "text"]].drop_duplicates("item_id")
    lis = "".join(f"<li><strong>{html.escape(str(i))}</strong>: {html.escape(str(t))}</li>"
                  for i, t in zip(rows["item_id"], rows["text"]))
    _display(HTML(f'<details class="la-wording" open><summary>Påstandene i figuren i originalformulering (engelsk; '
                  f'{html.escape(source)})</summary><ul lang="en">{lis}</ul></details>'))
