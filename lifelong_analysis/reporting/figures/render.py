"""Figures as inline SVG for the reports: one rendering for a laptop, one laid out for a phone.

A report shows each figure as vector graphics (SVG) with its text kept as text
(``svg.fonttype = "none"``), so it scales without blurring and its words stay
searchable.  A figure drawn for a 960 px column is unreadable when shrunk to a
phone (its 8 pt labels end up at 3–4 px), so :func:`figure_html` also draws a
second rendering of the same figure for a phone, ``PHONE_WIDTH_IN`` wide:

- panels side by side are stacked in one column (each keeps its tick labels);
- every text is at least ``MIN_FONT_PT`` points, long category labels, titles and
  axis labels are wrapped to the narrow width;
- legends go below their panel in one column.

The page's CSS shows the first on wide screens and the second on narrow ones
(``.la-fig-wide`` / ``.la-fig-phone``).  The SVG is self-contained: no XML
declaration, no DOCTYPE, no metadata, no external references; its element ids
carry a per-figure prefix, so that several figures can share one page.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(figsize=(8, 3))
>>> _ = ax.bar(["a", "b"], [1, 2], label="Antall")
>>> html = figure_html(fig)
>>> html.count("<svg"), "<text" in html, "http://www.w3.org/Graphics" in html
(2, True, False)
"""

from __future__ import annotations

import io
import itertools
import re
import textwrap

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

#: Width of the phone rendering (inches; 3.7 in = 266 pt = 355 CSS px, inside a 390 px screen's column).
PHONE_WIDTH_IN = 3.7
#: Smallest font of the phone rendering (points of the figure; 8 pt = 10.7 CSS px at natural size).
MIN_FONT_PT = 8.0
#: Characters per line of category labels, titles and axis labels on the phone rendering.
WRAP_TICK, WRAP_TITLE, WRAP_XLABEL, WRAP_YLABEL, WRAP_LEGEND = 24, 40, 34, 34, 46

_SALT = itertools.count(1)


def to_svg(fig: Figure) -> str:
    """``fig`` as an inline ``<svg>`` element (text as text, no metadata, no external references).

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    str : markup that starts with ``<svg`` and ends with ``</svg>``.
    """
    buf = io.StringIO()
    prefix = f"f{next(_SALT)}-"
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and the DOCTYPE (an external DTD)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "").replace("xlink:href=", "href=")
    # matplotlib numbers its groups per figure (figure_1, axes_1, ...): prefix every id and its
    # references so that the ids stay unique on a page with several figures
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    return svg.strip()


def _wrap(s: str, width: int) -> str:
    flat = " ".join(s.split())
    return "\n".join(textwrap.wrap(flat, width, break_long_words=False)) if len(flat) > width else s


def _legend_entries(legend):
    handles = list(getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", []))
    labels = [t.get_text() for t in legend.get_texts()]
    return handles, labels


def phone_layout(fig: Figure) -> Figure:
    """Lay ``fig`` out again for a phone, in place, and return it (see the module text).

    Call it after the wide rendering has been saved: it changes the figure's
    size, the positions of its panels, its fonts and its legends.
    """
    fig.canvas.draw()  # tick labels from formatters exist only after a draw
    main = [ax for ax in fig.axes if ax.get_visible() and ax.get_subplotspec() is not None
            and ax.get_label() != "<colorbar>"]
    # panels in one column, each with its own tick labels
    if len({(ax.get_subplotspec().colspan.start) for ax in main}) > 1:
        gs = fig.add_gridspec(len(main), 1)
        for i, ax in enumerate(main):
            ax.set_subplotspec(gs[i, 0])
            ax.tick_params(labelleft=True, labelbottom=True)
            ax.yaxis.set_tick_params(which="both", labelleft=True)
    lines = 0
    for ax in main:
        labels = ax.get_yticklabels()
        texts = [t.get_text() for t in labels]
        if texts and max(len(t) for t in texts) > WRAP_TICK:
            wrapped = [_wrap(t, WRAP_TICK) for t in texts]
            ax.set_yticks(ax.get_yticks(), wrapped)
            lines += sum(w.count("\n") + 1 for w in wrapped)
        else:
            lines += max(len(texts), 4)
        ax.set_title(_wrap(ax.get_title(), WRAP_TITLE), fontsize=max(MIN_FONT_PT + 1, 9.5))
        ax.set_xlabel(_wrap(ax.get_xlabel(), WRAP_XLABEL))
        ax.set_ylabel(_wrap(ax.get_ylabel(), WRAP_YLABEL))
    if fig._suptitle is not None:
        fig._suptitle.set_text(_wrap(fig._suptitle.get_text(), WRAP_TITLE))
    for t in fig.findobj(Text):
        if t.get_text() and t.get_fontsize() < MIN_FONT_PT:
            t.set_fontsize(MIN_FONT_PT)
    # the figure's own legends go to the last panel; every legend is placed below its panel at the end
    legends = []
    for leg in list(fig.legends):
        handles, labels = _legend_entries(leg)
        leg.remove()
        if main and handles:
            legends.append((main[-1], handles, labels))
    for ax in main:
        leg = ax.get_legend()
        if leg is not None:
            handles, labels = _legend_entries(leg)
            leg.remove()
            legends.append((ax, handles, labels))
    legends = [(ax, h, [_wrap(t, WRAP_LEGEND) for t in lab]) for ax, h, lab in legends]
    legend_lines = sum(t.count("\n") + 1 for _, _, lab in legends for t in lab)
    for ax in main:  # fewer ticks on a narrow axis
        for axis in (ax.xaxis, ax.yaxis):
            loc = axis.get_major_locator()
            if isinstance(loc, MaxNLocator):  # AutoLocator too; fixed (category) and log locators stay
                loc.set_params(nbins=3)
    height = 0.22 * lines + 1.1 * len(main) + 0.17 * legend_lines + 0.3 * len(legends) + 0.6
    fig.set_size_inches(PHONE_WIDTH_IN, max(2.8, height))
    fig.tight_layout(h_pad=1.2)
    _fit_texts(fig, main)
    fig.tight_layout(h_pad=1.2)
    _fit_texts(fig, main)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax, handles, labels in legends:
        deco = ax.get_tightbbox(renderer)
        below_pt = (ax.bbox.y0 - deco.y0) * 72 / fig.dpi + 4  # x tick labels and x label, in points
        # x from the figure's left edge (the full width for the labels), y under the panel's decorations
        anchor = offset_copy(blended_transform_factory(fig.transFigure, ax.transAxes), fig=fig, x=6, y=-below_pt,
                             units="points")
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=anchor, ncol=1,
                  fontsize=MIN_FONT_PT, frameon=False, borderaxespad=0, handlelength=1.5)
    fig.tight_layout(h_pad=1.2)
    return fig


def _overlap(labels, renderer) -> bool:
    boxes = sorted((t.get_window_extent(renderer) for t in labels if t.get_visible() and t.get_text()),
                   key=lambda b: b.x0)
    return any(a.x1 + 2 > b.x0 for a, b in zip(boxes, boxes[1:]))


def _fit_texts(fig: Figure, main) -> None:
    """Wrap titles and axis labels to the room of their panel; thin out x ticks whose labels collide."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w_pt, h_pt = (x * 72 for x in fig.get_size_inches())
    for ax in fig.axes:  # colour bars too: their label runs along their height
        if ax.get_visible() and ax not in main and ax.yaxis.label.get_text():
            t = ax.yaxis.label
            t.set_text(_wrap(t.get_text(), max(12, int(ax.get_position().height * h_pt / (0.56 * t.get_fontsize())))))
    for ax in main:
        pos = ax.get_position()
        # centred on the panel: the room is twice the distance to the nearer edge of the figure
        room = 2 * min((pos.x0 + pos.x1) / 2, 1 - (pos.x0 + pos.x1) / 2) * w_pt - 8
        for t in (ax.title, ax.xaxis.label):
            if t.get_text():
                t.set_text(_wrap(t.get_text(), max(12, int(room / (0.56 * t.get_fontsize())))))
        t = ax.yaxis.label
        if t.get_text():
            t.set_text(_wrap(t.get_text(), max(12, int(pos.height * h_pt / (0.56 * t.get_fontsize())))))
        loc = ax.xaxis.get_major_locator()
        if isinstance(loc, MaxNLocator) and _overlap(ax.get_xticklabels(), renderer):
            loc.set_params(nbins=2)
            fig.canvas.draw()
            if _overlap(ax.get_xticklabels(), renderer):
                ax.tick_params(axis="x", labelrotation=30)
                for lab in ax.get_xticklabels():
                    lab.set_horizontalalignment("right")


def figure_html(fig: Figure, *, alt: str = "") -> str:
    """The figure for a report page: a wide and a phone rendering in one ``<figure class="la-figure">``.

    ``fig`` is changed (laid out for the phone) and should be closed afterwards.
    """
    import html

    wide = to_svg(fig)
    phone = to_svg(phone_layout(fig))
    label = f' role="img" aria-label="{html.escape(alt, quote=True)}"' if alt else ""
    return (f'<figure class="la-figure"{label}><div class="la-fig-wide">{wide}</div>'
            f'<div class="la-fig-phone">{phone}</div></figure>')
