"""HTML reports (issue 5): cleaning of stray reprs, template, TOC, provenance, index, language."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lifelong_analysis.reporting import report


def executed_notebook():
    nb = new_notebook()
    code = new_code_cell("x = 1", execution_count=1)
    code.outputs = [
        new_output("execute_result", data={"text/plain": "<Axes: xlabel='Sektor', ylabel='Kostnad'>"}, execution_count=1),
        new_output("display_data", data={"text/plain": "<Figure size 640x480 with 1 Axes>", "image/png": "iVBORw0KGgo="}),
        new_output("execute_result", data={"text/plain": "0    1.0\n1    2.0\ndtype: float64"}, execution_count=2),
        new_output("stream", name="stderr", text="FutureWarning: something\n"),
        new_output("stream", name="stdout", text="Trondheim har 1 234 ansatte\n"),
        new_output("display_data", data={"text/markdown": "## Kostnader per sektor", "text/plain": "<IPython.core.display.Markdown object>"}),
        new_output("display_data", data={"text/html": "<table><tr><th>sektor</th><th>kostnad</th></tr>"
                                                      "<tr><td>Helse</td><td>1 234 567 kr</td></tr></table>",
                                         "text/plain": "  sektor  kostnad"}),
    ]
    summary = new_code_cell("display.md(...)", execution_count=3)
    summary.metadata["tags"] = ["summary"]
    summary.outputs = [new_output("display_data", data={"text/markdown": "Kort fortalt: det koster."})]
    hidden = new_code_cell("secret()", execution_count=4)
    hidden.metadata["tags"] = ["remove_cell"]
    hidden.outputs = [new_output("stream", name="stdout", text="HIDDEN\n")]
    nb.cells = [new_markdown_cell("## Innledning\nTekst."), code, summary, hidden]
    return nb


def test_clean_notebook_drops_stray_reprs_and_moves_summary_first():
    nb = report.clean_notebook(executed_notebook())
    assert [c.source for c in nb.cells] == ["display.md(...)", "x = 1"]  # markdown cells are notes for users
    assert [c.source for c in report.clean_notebook(executed_notebook(), keep_markdown=True).cells] == [
        "display.md(...)", "## Innledning\nTekst.", "x = 1"]
    outs = nb.cells[1].outputs
    # kept: figure PNG (without its text repr), stdout, markdown heading, HTML table (without text repr)
    assert [o.output_type for o in outs] == ["display_data", "stream", "display_data", "display_data"]
    assert set(outs[0].data) == {"image/png"}
    assert set(outs[2].data) == {"text/markdown"} and set(outs[3].data) == {"text/html"}


def test_clean_notebook_keeps_the_prose_of_the_report_language():
    nb = executed_notebook()
    prose_nb, prose_en = new_markdown_cell("## Hvem betaler\nTekst."), new_markdown_cell("## Who pays\nText.")
    prose_nb.metadata["tags"], prose_en.metadata["tags"] = ["nb"], ["en"]
    nb.cells = [prose_nb, prose_en, *nb.cells]
    sources = lambda lang: [c.source for c in report.clean_notebook(nb, language=lang).cells]  # noqa: E731
    assert sources("nb") == ["display.md(...)", "## Hvem betaler\nTekst.", "x = 1"]
    assert sources("en") == ["display.md(...)", "## Who pays\nText.", "x = 1"]


@pytest.mark.parametrize("text", ["<Axes: >", "<Figure size 640x480 with 1 Axes>", "dtype: float64",
                                  "0    1\nName: n, dtype: int64", "<matplotlib.legend.Legend at 0x7f3a2c>",
                                  "[<matplotlib.lines.Line2D at 0x7f>]", "Text(0.5, 0, 'Sektor')", "None",
                                  "PosixPath('/tmp/o/.partial/x/tables/a.csv')"])
def test_stray_repr_pattern_matches(text):
    assert report.STRAY_REPR.match(text)


@pytest.mark.parametrize("text", ["1 234 567 kr", "Trondheim", "   sektor  n\n0  helse  12"])
def test_stray_repr_pattern_keeps_real_text(text):
    assert not report.STRAY_REPR.match(text)


def render(language="nb", synthetic=True, status="ok", error="", error_detail=""):
    return report.render_html(
        executed_notebook(), title="Hva koster etter- og videreutdanning?", subtitle="Helse og omsorg",
        language=language,
        parameters=report.describe_parameters({"municipality": "5001", "sector": "health_care",
                                               "discount_rate": 0.04, "n_participants": 1200}, language=language),
        notebook="notebooks/01.ipynb", data_dir="data/synthetic",
        input_files={"workforce.csv": "ab" * 32}, synthetic=synthetic, git_commit="abc123",
        run_date="2026-11-27T04:00:00+00:00", status=status, error=error, error_detail=error_detail)


def test_report_page_structure_nb():
    page = render()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nb">' in page
    assert "<title>Hva koster etter- og videreutdanning?</title>" in page
    assert "Dato: 27. november 2026" in page
    # parameters in plain words, Norwegian formats (narrow no-break space thousands, decimal comma)
    assert '<div class="la-param"><dt>Kommune</dt><dd>Trondheim (5001)</dd></div>' in page
    assert "<dt>Sektor</dt><dd>Helse og omsorg</dd>" in page
    assert "<dt>Diskonteringsrente</dt><dd>4,0\u00a0%</dd>" in page
    assert re.search(r"<dt>Antall deltakere</dt><dd>1\s200</dd>", page)
    # synthetic banner, provenance with the hash, package version, commit
    assert 'class="la-banner"' in page and "Syntetiske data." in page
    assert "ab" * 32 in page and "abc123" in page and "lifelong_analysis " in page
    # table of contents lists the headings of the content, linked
    toc = page[page.index('<nav class="la-toc"'):page.index("</nav>")]
    assert "Kostnader per sektor" in toc and "Innledning" not in toc  # a markdown cell: not in the report
    # the first screen is the answer: title, banner, then the summary (lifted out of <main>),
    # then the parameters, then the contents
    head, main = page.split('<main class="la-main">', 1)
    assert "Kort fortalt" in head and "Kort fortalt" not in main
    order = [head.index(s) for s in ('class="la-title"', 'class="la-banner"', 'class="la-summary"',
                                     'class="la-parameters"', 'class="la-toc"')]
    assert order == sorted(order)
    assert "LA_SUMMARY" not in page
    # no input code, no prompts, no stray reprs, no CDN scripts
    for absent in ("x = 1", "display.md(", "In&nbsp;[", "<Axes", "dtype: float64", "FutureWarning", "HIDDEN",
                   "<script src", "cdnjs", "mathjax", "require.js"):
        assert absent not in page, absent
    assert "data:image/png;base64,iVBORw0KGgo=" in page  # figure embedded
    assert 'name="viewport"' in page and "overflow-x: auto" in page  # phone: tables scroll sideways


def test_report_page_english_and_no_banner_for_real_data():
    page = render(language="en", synthetic=False)
    assert '<html lang="en">' in page and "Date: 27 November 2026" in page
    assert "<dt>Municipality</dt><dd>Trondheim (5001)</dd>" in page and "Health and care" in page
    assert "About the basis (provenance)" in page and "Contents" in page
    assert 'class="la-banner"' not in page


def test_failed_report_shows_error():
    page = render(status="failed", error="ValueError: Unknown sector 'x' (cell 4 of the notebook)")
    assert 'class="la-failed"' in page and "Rapporten kunne ikke lages." in page
    assert "Årsak: Unknown sector 'x'" in page and "ValueError" not in page and "cell 4" not in page


def test_failed_report_names_file_and_rule_but_no_value_and_no_traceback():
    detail = ("DataValidationError: workforce.csv: 2 problems\n"
              "- column 'monthly_pay_nok', row 4 (1 row): must be >= 5000 and <= 400000; found 450000000\n"
              "- column 'employee_id', rows 3, 5 (2 rows): employee_id must be unique (each value only once); "
              "found 'E001'")
    page = render(status="failed", error="DataValidationError: workforce.csv: 2 problems (cell 3 of the notebook)",
                  error_detail=detail)
    assert "Årsak: workforce.csv: 2 feil i inndataene" in page
    assert "<li>workforce.csv, monthly_pay_nok: must be &gt;= 5000 and &lt;= 400000</li>" in page
    assert "<li>workforce.csv, employee_id: employee_id must be unique (each value only once)</li>" in page
    assert "450000000" not in page and "E001" not in page and "Traceback" not in page
    # the notebook's cells (outputs before the error, the error itself) are not on the reader's page
    assert render(status="ok").count("<table") > page.count("<table")
    en = render(language="en", status="failed", error="DataValidationError: workforce.csv: 2 problems",
                error_detail=detail)
    assert "The report could not be made.</strong> Reason: workforce.csv: 2 problems" in " ".join(en.split())


def test_describe_parameters_help_text_fallback_and_hidden_output_dir():
    out = report.describe_parameters({"extra_factor": "", "own_share": 0.5, "output_dir": "x"}, language="nb",
                                     help_texts={"own_share": "state share of the cash cost"})
    assert out == [("Extra factor", "alle"), ("State share of the cash cost", "0,5")]
    nf = report.describe_parameters({"hc_grant_share": 0.5, "sector": "all", "group_by": "age_group"})
    assert nf == [("Statens andel i kompetanse- og tjenesteutviklingstilskuddet (ikke funnet – plassholder)",
                   "50,0\u00a0%"), ("Sektor", "alle sektorer"), ("Gruppert etter", "aldersgruppe")]
    with pytest.raises(ValueError, match="language must be one of"):
        report.describe_parameters({}, language="se")


def test_index_lists_runs_with_links_and_status():
    records = [
        {"name": "01/health_care-nb", "title": "Kostnader", "subtitle": "Helse og omsorg", "status": "ok",
         "parameters_text": [["Sektor", "Helse og omsorg"]], "finished": "2026-11-27T04:00:00+00:00",
         "duration_s": 12.34, "report": "01/health_care-nb/report.html", "notebook_output": "01/x/notebook.ipynb",
         "tables_dir": "01/x/tables", "tables": ["a.csv"], "synthetic": True},
        {"name": "fail/default", "title": "Feil", "status": "failed", "error": "ValueError: boom",
         "parameters_text": [], "finished": "2026-11-27T04:01:00+00:00", "duration_s": 1.0,
         "report": "fail/default/report.html"},
        {"name": "02/x", "title": "Uendret", "status": "ok", "skipped": True, "parameters_text": [],
         "report": "02/x/report.html"},
    ]
    page = report.render_index(records, language="nb", generated="2026-07-01T10:30:00+00:00")
    assert '<a href="01/health_care-nb/report.html">Kostnader</a>' in page
    # times in Norwegian time: 04:00 UTC in November is 05:00 in Oslo (CET), 10:30 UTC in July 12:30 (CEST)
    assert "Sektor: Helse og omsorg" in page and "12,3 s" in page and "2026-11-27 05:00" in page
    assert "Laget: 2026-07-01 12:30 (norsk tid)" in page and "UTC" not in page
    # synthetic data said on the index, and on the run built on them
    assert 'class="la-banner"' in page and page.count('class="la-synthetic-tag">syntetiske data<') == 1
    assert "feilet" in page and "ValueError: boom" in page and "uendret (hoppet over)" in page
    assert 'href="01/x/tables/">tabeller (1)</a>' in page


def test_export_html_writes_readable_file(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(executed_notebook(), str(path))
    out = report.export_html(path, tmp_path / "r" / "report.html", title="T", language="nb")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out.stat().st_mode & 0o044) == 0o044  # readable by others (atomic temp files are 0600)
    assert not list((tmp_path / "r").glob(".*part"))


def test_toc_numbers_main_sections_without_gaps():
    """Level-3 headings sit in a sub-list, so the main sections are numbered 1, 2, 3 (not 1, 4, 5)."""
    page = ('<header><!--LA_TOC--></header><main class="la-main"><h2>A</h2><h3>a1</h3><h3>a2</h3>'
            '<h2>B</h2><h2>C</h2><h3>c1</h3></main>')
    toc = report.add_toc(page)
    ol = toc[toc.index("<ol>"):toc.index("</ol>")]
    top = re.findall(r'<li class="la-toc-2">', ol)
    assert len(top) == 3 and ol.count("<ul>") == 2 and ol.count('class="la-toc-3"') == 3
    assert re.search(r'A</a><ul>\s*<li class="la-toc-3"><a href="#a1">a1</a></li>', ol)


def test_table_cells_carry_their_column_name_for_the_phone_layout():
    from lifelong_analysis.reporting import display

    html = display._label_cells('<table><thead><tr><th>Sektor</th><th>Kostnad &amp; tid</th></tr></thead>'
                                '<tbody><tr><td>Helse</td><td>1</td></tr><tr><td>Skole</td><td>2</td></tr></tbody></table>')
    assert html.count('<td data-label="Sektor">') == 2 and html.count('<td data-label="Kostnad &amp; tid">') == 2


def test_key_figures_are_rounded_with_range_and_unit(monkeypatch):
    from lifelong_analysis.reporting import display

    shown = []
    monkeypatch.setattr(display, "_display", lambda obj: shown.append(obj.data))
    display.key_figures([
        {"label": ("Kontantkostnad", "Cash cost"), "value": 1_234_567, "low": 987_654, "high": 1_567_890,
         "kind": "nok", "range_label": ("P5–P95", "P5–P95")},
        {"label": "Andel", "value": 0.8153, "low": 0.795, "high": 0.835, "kind": "share"},
        {"label": "Andel under kravet", "value": ":", "kind": "share"},
    ], "nb")
    html = shown[0]
    assert html.count('class="la-kf"') == 3
    # 1 234 567 kr -> 1,23 mill. kr (three significant figures); range 0,988–1,57 mill. kr
    assert "1,23\u00a0<span class=\"la-kf-unit\">mill. kr</span>" in html
    assert "P5–P95: 0,988–1,57\u00a0mill. kr" in html
    assert "82\u00a0<span" in html and "80–84\u00a0%" in html  # 81,53 % -> 82 %, interval 79,5–83,5 -> 80–84
    assert "for få svar" in html and ":" not in html.split("Andel under kravet")[1][:60]
    shown.clear()
    display.key_figures([{"label": "Fast kostnad", "value": 356_000, "low": 356_000, "high": 356_200, "kind": "nok"}],
                        "nb")
    assert "356\u202f000" in shown[0] or "356 000" in shown[0]
    assert "la-kf-range" not in shown[0]  # 356 000–356 000 kr says nothing


def test_lift_summary_moves_marked_cells_into_the_header():
    page = ('<header><h1>T</h1><!--LA_SUMMARY--><section class="la-parameters"></section></header>'
            '<main class="la-main"><!--LA_SUMMARY_START--><p>Kort fortalt</p><!--LA_SUMMARY_END--><h2>A</h2></main>')
    out = report.lift_summary(page)
    head, main = out.split('<main class="la-main">')
    assert '<section class="la-summary">\n<p>Kort fortalt</p>\n</section><section class="la-parameters">' in head
    assert "Kort fortalt" not in main
    assert "LA_SUMMARY" not in report.lift_summary('<header><!--LA_SUMMARY--></header><main class="la-main"></main>')
