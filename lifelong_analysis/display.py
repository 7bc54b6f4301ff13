"""What notebooks call to show text, tables and notices in the report language.

Notebooks stay thin: every heading and paragraph a decision maker reads is
shown through :func:`md` / :func:`heading` with a bokmål and an English text,
so that the ``language`` parameter switches the whole report.  Tables are shown
without the index and with Norwegian number formats (see
:mod:`lifelong_analysis.formatting`).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from .formatting import format_frame

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


def md(nb: str, en: str, language: str = "nb") -> None:
    """Show Markdown in the report language."""
    from IPython.display import Markdown

    _display(Markdown(text(nb, en, language)))


def heading(nb: str, en: str, language: str = "nb", level: int = 2) -> None:
    """Show a heading (level 1–4) in the report language."""
    md("#" * level + " " + nb, "#" * level + " " + en, language)


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
    """Show ``df`` as a formatted HTML table without its index."""
    from IPython.display import HTML

    out = format_frame(df, nok=nok, shares=shares, numbers=numbers, language=language, rename=rename)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = out.to_html(index=False, escape=True, border=0, classes="la-table", na_rep="")
    if cap:  # pandas writes border="0" or leaves it out, depending on its version
        body = re.sub(r"<table\b[^>]*>", lambda m: m.group(0) + cap, body, count=1)
    _display(HTML(body))


def html_block(markup: str) -> None:
    """Show an HTML fragment as it is (e.g. the what-if block of :mod:`lifelong_analysis.whatif`).

    The fragment ends up in the HTML report unchanged, scripts included, so it
    must be self-contained: no resource from the network.
    """
    from IPython.display import HTML

    _display(HTML(markup))
