"""Live what-if in JupyterLab: sliders and dropdowns over the cost model and the funding split.

:class:`Explorer` puts ipywidgets controls (availability of qualified
substitutes, overtime and agency premiums, study points, participants,
delivery format, funding scheme) over the same library functions as the batch:
:func:`lifelong_analysis.analysis.costs.format_comparison` for the cost of the programme
in each delivery format (notebook 01) and
:func:`lifelong_analysis.analysis.funding.split_costs` for who pays (notebook 03).  The
results are shown as the reports show them: the cost table of notebook 01, its
component figure, the split tables and the split figure of notebook 03.

ipywidgets is imported only when the controls are built (:meth:`Explorer.widget`),
so the library and the batch do not need it; it comes with the ``lab`` extra
(``pip install -e ".[lab]"``, pinned together with ``jupyterlab_widgets``).
:meth:`Explorer.compute`, :meth:`Explorer.render_tables` and :meth:`Explorer.render_figures` need no widgets, which is
how the tests and ``benchmarks/bench_whatif.py`` drive them.

Examples
--------
In a notebook (see ``notebooks/explore_what_if.ipynb``)::

    from lifelong_analysis.reporting import explorer
    from lifelong_analysis.data.readers import load_dataset
    ds = load_dataset(None, kinds=["workforce", "substitutes"])
    explorer.Explorer(workforce=ds.workforce, substitutes=ds.substitutes, sector="primary_school",
                      kommunenummer="5001").widget()
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
import pandas as pd

from lifelong_analysis.analysis import costs, funding
from lifelong_analysis.data import vocab
from lifelong_analysis.reporting import display
from lifelong_analysis.reporting.figures import costs as cost_figures
from lifelong_analysis.reporting.figures import funding as funding_figures
from lifelong_analysis.reporting.formatting import format_share
from lifelong_analysis.reporting import costs_report
from lifelong_analysis.reporting import funding_report

#: The cost table of notebook 01 ("What the programme costs, by delivery format").
COST_TABLE_COLUMNS: tuple[str, ...] = (
    "delivery_format", "hours_away_per_sp", "hours_away", "direct_cost_nok", "substitute_cover_nok",
    "cash_cost_nok", "pac_nok", "uncovered_value_nok", "economic_cost_nok",
)
_COST_NOK = [c for c in COST_TABLE_COLUMNS if c.endswith("_nok")]

#: The controls: name -> (bokmål label, English label).
CONTROL_LABELS: dict[str, tuple[str, str]] = {
    "p_qualified_available": ("Timer dekket av kvalifisert vikar", "Hours covered by a qualified substitute"),
    "overtime_premium_share": ("Overtidstillegg", "Overtime premium"),
    "agency_premium_share": ("Påslag for bemanningsbyrå", "Agency mark-up"),
    "study_points": ("Studiepoeng per deltaker", "Study points per participant"),
    "n_participants": ("Deltakere", "Participants"),
    "delivery_format": ("Gjennomføringsform (fordeling)", "Delivery format (split)"),
    "scheme": ("Finansieringsmodell", "Funding scheme"),
}
ALL_SCHEMES = "all"


class Explorer:
    """What-if over one programme of a sector: recompute and show on every change of a control.

    Parameters
    ----------
    workforce, substitutes : tables as in :mod:`lifelong_analysis.data.tables` (e.g. from
        :func:`lifelong_analysis.data.readers.load_dataset`).
    sector, kommunenummer : the participants' sector and municipality.
    formats : delivery formats to compare (default all).
    schemes, rules : funding schemes and rules as in :func:`lifelong_analysis.analysis.funding.split_costs`
        (default every scheme of the shipped rules).
    study_points, n_participants, delivery_format : starting values of the controls
        (ECTS per participant, participants, the format whose cost is split).
    year : programme year of the split (the PhD rate); default the latest in the rules.
    language : "nb" (default) or "en".
    figures : also draw the two figures (the tables alone update faster).

    Attributes
    ----------
    state : dict of the current control values (shares 0–1 for availability and premiums).
    last_seconds : dict with the time of the last ``compute``, ``tables`` and ``figures`` (seconds).
    drawn_figures : dict of the matplotlib Figures shown last (``"components"``, ``"split"``),
        updated in place on every change.
    """

    def __init__(
        self,
        *,
        workforce: pd.DataFrame,
        substitutes: pd.DataFrame,
        sector: str,
        kommunenummer: str | None = None,
        formats: Iterable[str] | None = None,
        schemes: Iterable[str] | None = None,
        rules: pd.DataFrame | None = None,
        study_points: float = 30.0,
        n_participants: int = 10,
        delivery_format: str = "part_time_gatherings",
        year: int | None = None,
        language: str = "nb",
        figures: bool = True,
    ):
        if language not in vocab.LANGUAGES:
            raise ValueError(f"Unknown language {language!r}. Valid values: {', '.join(vocab.LANGUAGES)}.")
        self.workforce, self.substitutes = workforce, substitutes
        self.sector = costs.check_sector(sector)
        self.kommunenummer = kommunenummer
        self.formats = costs.check_formats(vocab.codes("delivery_format") if formats is None else formats)
        self.rules = funding.load_scheme_rules() if rules is None else rules
        self.schemes = (funding.known_schemes(self.rules) if schemes is None
                        else funding.check_schemes(schemes, self.rules))
        if delivery_format not in self.formats:
            raise ValueError(f"delivery_format {delivery_format!r} is not among the formats ({', '.join(self.formats)})")
        self.year = year
        self.language = language
        self.figures = figures
        cover = costs.cover_parameters(substitutes, sector=self.sector, kommunenummer=kommunenummer)
        self.data_cover = {k: cover[k] for k in ("p_qualified_available", "overtime_premium_share",
                                                 "agency_premium_share")}
        self.state: dict = {**self.data_cover, "study_points": float(study_points),
                            "n_participants": int(n_participants), "delivery_format": delivery_format,
                            "scheme": ALL_SCHEMES}
        self.last_seconds: dict[str, float] = {}
        self.drawn_figures: dict = {}
        self._out = None

    # ----------------------------------------------------------------- model
    def compute(self, **changes) -> dict[str, pd.DataFrame]:
        """Apply ``changes`` to :attr:`state` and recompute with the library.

        Returns
        -------
        dict
            ``costs``: :func:`lifelong_analysis.analysis.costs.format_comparison` of every
            format (one row each, NOK for all participants); ``split``:
            :func:`lifelong_analysis.analysis.funding.split_costs` of the selected format's
            components under the selected scheme (or all), both perspectives.
        """
        unknown = set(changes) - set(self.state)
        if unknown:
            raise ValueError(f"Unknown control(s) {', '.join(sorted(unknown))}. Controls: {', '.join(self.state)}.")
        state = {**self.state, **changes}
        if state["delivery_format"] not in self.formats:
            raise ValueError(f"delivery_format must be one of {', '.join(self.formats)}, got {state['delivery_format']!r}")
        if state["scheme"] != ALL_SCHEMES and state["scheme"] not in self.schemes:
            raise ValueError(f"scheme must be {ALL_SCHEMES!r} or one of {', '.join(self.schemes)}, got {state['scheme']!r}")
        t0 = time.perf_counter()
        comp = costs.format_comparison(
            workforce=self.workforce, substitutes=self.substitutes, sector=self.sector,
            kommunenummer=self.kommunenummer, formats=self.formats, study_points=float(state["study_points"]),
            n_participants=int(state["n_participants"]),
            cover_overrides={k: float(state[k]) for k in self.data_cover})
        row = comp[comp["delivery_format"] == state["delivery_format"]]
        schemes = self.schemes if state["scheme"] == ALL_SCHEMES else [state["scheme"]]
        split = funding.split_costs(row, schemes=schemes, rules=self.rules, year=self.year)
        self.state = state
        self.last_seconds["compute"] = time.perf_counter() - t0
        return {"costs": comp, "split": split}

    def render_tables(self, result: Mapping[str, pd.DataFrame]) -> None:
        """Show the result's tables as the reports do: the cost table of 01, the split tables of 03."""
        t0 = time.perf_counter()
        lang = self.language
        comp, split = result["costs"], result["split"]
        fmt = vocab.label("delivery_format", self.state["delivery_format"], lang).lower()
        display.table(
            comp[list(COST_TABLE_COLUMNS)].assign(
                delivery_format=lambda d: d["delivery_format"].map(vocab.labels("delivery_format", lang))),
            lang, nok=_COST_NOK, numbers={"hours_away_per_sp": 1, "hours_away": 0},
            rename=costs_report.column_labels(lang),
            caption=display.text("Hva programmet koster, per gjennomføringsform",
                                 "What the programme costs, by delivery format", lang))
        for persp, (nb, en) in (("cash", ("kontantperspektiv, kr", "cash perspective, NOK")),
                                ("economic", ("samfunnsøkonomisk perspektiv, kr", "economic perspective, NOK"))):
            table, nok = funding_report.split_table(split, perspective=persp, language=lang)
            display.table(table, lang, nok=nok, caption=display.text(f"Hvem betaler, {nb} ({fmt})",
                                                                     f"Who pays, {en} ({fmt})", lang))
        self.last_seconds["tables"] = time.perf_counter() - t0

    def render_figures(self, result: Mapping[str, pd.DataFrame]) -> None:
        """Draw the result's figures as the reports do: cost components (01) and who pays (03).

        The first call creates the two figures with the report's figure functions
        (:func:`lifelong_analysis.reporting.figures.costs.components_by_format`,
        :func:`lifelong_analysis.reporting.figures.funding.split_figure`); later calls
        keep the Figure, Axes and bars and only set the new widths and positions
        (:func:`_update_components_figure`, :func:`_update_split_figure`), then render
        each figure once to PNG.  A change that alters a figure's layout (another
        set of schemes) creates that figure anew.  The figures are in
        :attr:`drawn_figures` (``"components"``, ``"split"``).
        """
        from IPython.display import Image

        t0 = time.perf_counter()
        figs = self.drawn_figures
        for name, make, update in (
                ("components", _components_figure, _update_components_figure),
                ("split", _split_figure, _update_split_figure)):
            data = result["costs"] if name == "components" else result["split"]
            fig = figs.get(name)
            if fig is None or not update(fig, data):
                figs[name] = fig = make(data, self.language)
            display._display(Image(_png(fig)))
        self.last_seconds["figures"] = time.perf_counter() - t0

    def update(self, **changes) -> dict[str, pd.DataFrame]:
        """:meth:`compute`, then the tables, then (if :attr:`figures`) the figures.

        With the widget built, the tables go to their own output area first, so the
        numbers change before the slower figures are redrawn below them.
        """
        result = self.compute(**changes)
        if self._out is None:
            self.render_tables(result)
            if self.figures:
                self.render_figures(result)
            return result
        tables, figures = self._out
        with tables:
            tables.clear_output(wait=True)
            self.render_tables(result)
        with figures:
            figures.clear_output(wait=True)
            if self.figures:
                self.render_figures(result)
        return result

    # ----------------------------------------------------------------- widgets
    def widget(self):
        """The controls and the output area, as an ``ipywidgets.VBox`` (needs the ``lab`` extra)."""
        try:
            import ipywidgets as w
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError('The explorer needs ipywidgets: pip install -e ".[lab]" (or make lab)') from exc

        i = 0 if self.language == "nb" else 1
        label = {k: v[i] for k, v in CONTROL_LABELS.items()}
        style = {"description_width": "17em"}   # one column of labels, sliders of one length
        layout = w.Layout(width="44em", max_width="100%")
        common = dict(continuous_update=False, style=style, layout=layout)
        controls = {
            "p_qualified_available": w.FloatSlider(value=self.state["p_qualified_available"], min=0, max=1,
                                                   step=0.05, readout_format=".0%", **common),
            "overtime_premium_share": w.FloatSlider(value=self.state["overtime_premium_share"], min=0, max=1.5,
                                                    step=0.05, readout_format=".0%", **common),
            "agency_premium_share": w.FloatSlider(value=self.state["agency_premium_share"], min=0, max=1,
                                                  step=0.05, readout_format=".0%", **common),
            "study_points": w.FloatSlider(value=self.state["study_points"], min=2.5, max=60, step=2.5,
                                          readout_format=".1f", **common),
            "n_participants": w.IntSlider(value=self.state["n_participants"], min=1, max=200, **common),
            "delivery_format": w.Dropdown(options=[(vocab.label("delivery_format", f, self.language), f)
                                                   for f in self.formats],
                                          value=self.state["delivery_format"], style=style, layout=layout),
            "scheme": w.Dropdown(options=[(("Alle", "All")[i], ALL_SCHEMES)]
                                 + [(vocab.label("funding_scheme", s, self.language), s) for s in self.schemes],
                                 value=self.state["scheme"], style=style, layout=layout),
        }
        for name, c in controls.items():
            c.description = label[name]
            c.observe(lambda change, name=name: self.update(**{name: change["new"]}), names="value")
        show_figures = w.Checkbox(value=self.figures, description=("Vis figurer", "Show figures")[i], indent=False)

        def toggle(change):
            self.figures = bool(change["new"])
            self.update()

        show_figures.observe(toggle, names="value")
        self.controls = {**controls, "figures": show_figures}
        self._out = (w.Output(), w.Output())
        self.update()
        note = w.HTML(f"<small>{_note(self.language, self.data_cover)}</small>")
        return w.VBox([*controls.values(), show_figures, note, *self._out])


def _note(language: str, cover: Mapping[str, float]) -> str:
    p = format_share(cover["p_qualified_available"], language=language)
    if language == "nb":
        return (f"Startverdiene er dataenes: {p} av timene dekkes av kvalifisert vikar. Tallene regnes ut med de samme "
                "funksjonene som rapportene (costs.format_comparison, funding.split_costs).")
    return (f"The controls start at the data's values: {p} of the hours are covered by a qualified substitute. The "
            "figures are computed by the same functions as the reports (costs.format_comparison, funding.split_costs).")


def _png(fig) -> bytes:
    """Render a matplotlib figure to PNG bytes (the cost is then part of the measured update)."""
    buf = io.BytesIO()
    # The figure functions lay themselves out (tight_layout).  ``fig.savefig`` would draw the figure twice
    # (a silent layout pass first, as tight_layout leaves a placeholder layout engine); the Agg canvas's
    # print_png draws it once.  Light compression: about 3x faster to encode, 1.5x larger.
    fig.set_dpi(80)
    FigureCanvasAgg(fig).print_png(buf, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _components_figure(comp: pd.DataFrame, language: str):
    """Notebook 01's component figure (per study point), taken out of pyplot's care.

    pyplot must not hold it: the inline backend would show every open figure again
    at the end of the cell; the explorer keeps the Figure itself and renders it.
    """
    fig = cost_figures.components_by_format(comp, language=language, per="sp")
    plt.close(fig)
    fig._la_layout = ("components", tuple(comp["delivery_format"]), bool((comp["grant_nok"] > 0).any()))
    return fig


def _split_figure(split: pd.DataFrame, language: str):
    """Notebook 03's split figure, taken out of pyplot's care (see :func:`_components_figure`)."""
    fig = funding_figures.split_figure(split, language=language)
    plt.close(fig)
    fig._la_layout = ("split", *_split_layout(split))
    return fig


def _split_layout(split: pd.DataFrame) -> tuple:
    perspectives = tuple(p for p in ("cash", "economic") if p in set(split["perspective"]))
    schemes = tuple(dict.fromkeys(split["scheme"]))
    payers = tuple(p for p in vocab.codes("payer") if p in set(split["payer"]))
    return perspectives, schemes, payers


def _set_bars(container, left, width) -> None:
    for patch, x, w in zip(container.patches, left, width):
        patch.set_x(float(x))
        patch.set_width(float(w))
        patch.set_visible(bool(w != 0))   # an empty (hatched) bar shows nothing; not drawing it saves time


def _rescale(ax, lo: float, hi: float) -> None:
    """Fit the x axis to data from ``lo`` to ``hi`` as autoscaling would (bars stick to zero).

    ``Axes.relim`` would do the same but walks every bar's path (a quarter of a
    second for the split figure); the extremes are known here.
    """
    m = ax.margins()[0]
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - m * span if lo < 0 else 0.0, hi + m * span if hi > 0 else 0.0)


def _update_components_figure(fig, comp: pd.DataFrame) -> bool:
    """Set ``comp``'s values on the bars and total markers of a :func:`_components_figure`.

    Mirrors :func:`lifelong_analysis.reporting.figures.costs.components_by_format`
    (``per="sp"``): stacked cash parts and economic parts per format, the grant to
    the left of zero, a marker at each total.  Returns False (nothing changed) when
    the figure was drawn for other formats or without/with grants.
    """
    grants = bool((comp["grant_nok"] > 0).any())
    if getattr(fig, "_la_layout", None) != ("components", tuple(comp["delivery_format"]), grants):
        return False
    scale = 1.0 / (comp["study_points"] * comp["n_participants"]).to_numpy()
    for ax, parts, total in ((fig.axes[0], cost_figures.CASH_PARTS, "cash_cost_nok"),
                             (fig.axes[1], cost_figures.ECONOMIC_PARTS, "economic_cost_nok")):
        left = np.zeros(len(comp))
        for container, part in zip(ax.containers, parts):
            vals = comp[part].to_numpy(dtype=float) * scale
            _set_bars(container, left, vals)
            left += vals
        if total == "cash_cost_nok" and grants:
            g = comp["grant_nok"].to_numpy(dtype=float) * scale
            _set_bars(ax.containers[len(parts)], np.zeros(len(comp)), -g)
        totals = comp[total].to_numpy(dtype=float) * scale
        ax.lines[0].set_xdata(totals)
        lows = -comp["grant_nok"].to_numpy(dtype=float) * scale if total == "cash_cost_nok" and grants else [0.0]
        _rescale(ax, np.min(lows), max(np.max(left), np.max(totals)))
    return True


def _update_split_figure(fig, split: pd.DataFrame) -> bool:
    """Set ``split``'s amounts on the bars of a :func:`_split_figure`.

    Mirrors :func:`lifelong_analysis.reporting.figures.funding.split_figure`: per
    perspective, two bar sets per payer (positive amounts stacked to the right,
    negative ones to the left of zero).  Returns False when the figure was drawn
    for other perspectives, schemes or payers.
    """
    perspectives, schemes, payers = _split_layout(split)
    if getattr(fig, "_la_layout", None) != ("split", perspectives, schemes, payers):
        return False
    for ax, persp in zip(fig.axes, perspectives):
        sel = split[split["perspective"] == persp].pivot_table(
            index="scheme", columns="payer", values="amount_nok", aggfunc="sum").reindex(index=list(schemes),
                                                                                        columns=list(payers))
        pos_left = np.zeros(len(schemes))
        neg_left = np.zeros(len(schemes))
        for j, payer in enumerate(payers):
            v = sel[payer].fillna(0).to_numpy()
            pos = np.where(v > 0, v, 0)
            neg = np.where(v < 0, v, 0)
            _set_bars(ax.containers[2 * j], pos_left, pos)
            _set_bars(ax.containers[2 * j + 1], neg_left, neg)
            pos_left += pos
            neg_left += neg
        _rescale(ax, neg_left.min(), pos_left.max())
    return True
