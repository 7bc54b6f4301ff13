"""Every report of the default batch, read as a director would on a laptop and a phone (issue 13).

The default ``reports.yaml`` is run once (notebook 01 with fewer Monte Carlo draws,
the layout does not depend on them) and every report is opened in headless
Chromium, driven over its DevTools protocol (``--remote-debugging-pipe``: JSON
messages on file descriptors 3 and 4, no extra package), at 1280 px and at
390 px (phone emulation).  Checked in each:

- the page is not wider than the viewport (no sideways scrolling of the page);
- no table or figure is wider than its container unless it sits in a box that
  scrolls sideways on its own;
- at 1280 px the summary (the answer and its key figures) ends above 700 px;
- figures are inline SVG (no PNG); at 390 px no figure is wider than its
  ``<figure>`` (scroll box or not), every visible SVG text is rendered at
  9 CSS px or more (its computed font size times the SVG's scale on screen)
  and lies inside its figure (not cut off at the edge).

The same reports are scanned for language: no snake_case code names in the
visible text, no common English word (tests/data/words, from wordfreq) in the
bokmål reports and no common bokmål word in the English ones.  Quoted original
wording marked ``lang="en"`` (DigCompSAT items) is exempt in a bokmål report.

Every check runs on the default batch and on the same config run on the small
municipality's data (5014 Frøya, tests/conftest.py ``small_batch``), whose
headlines must say in words what cannot be estimated (no ":" and no "nan").
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest


from test_browser import CHROMIUM, _require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {"laptop": (1280, 800, False), "phone": (390, 844, True)}


#: Smallest rendered font size of a figure's text on a phone (CSS px).
MIN_FIGURE_FONT_PX = 9.0
BATCHES = ("default_batch", "small_batch")


@pytest.fixture(scope="module", params=BATCHES)
def batch_reports(request) -> list[Path]:
    """The report paths of the whole default batch, and of the same config on the small data (run once per
    session each, see conftest)."""
    return request.getfixturevalue(request.param)["reports"]


# --------------------------------------------------------------------------- DevTools protocol


class DevTools:
    """A minimal client of Chromium's DevTools protocol over ``--remote-debugging-pipe``."""

    def __init__(self, profile: Path):
        _require_chromium()
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds():  # the child reads commands on fd 3 and writes answers on fd 4
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)
            os.set_inheritable(3, True)  # dup2 onto itself keeps close-on-exec
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             "--hide-scrollbars", f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._id = 0
        self._buf = b""
        self.events: list[dict] = []

    def _read(self, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, session: str, timeout: float = 60) -> dict:
        for i, e in enumerate(self.events):
            if e.get("method") == method and e.get("sessionId") == session:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            e = self._read(timeout)
            if e.get("method") == method and e.get("sessionId") == session:
                return e
            self.events.append(e)
        raise TimeoutError(method)

    def open(self, url: str, width: int, height: int, mobile: bool) -> str:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session)
        self.send("Page.enable", {}, session)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"])
        return res["result"].get("value")

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


MEASURE = r"""
(() => {
  const doc = document.documentElement;
  const scrollBox = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return p;
    }
    return null;
  };
  const wide = [];
  const boxes = [];
  document.querySelectorAll('table, img, svg, .la-keyfigures, .la-parameters, .la-toc, pre').forEach(el => {
    const r = el.getBoundingClientRect();
    if (!r.width) return;
    const box = scrollBox(el);
    if (box) {
      const b = box.getBoundingClientRect();
      if (b.right > doc.clientWidth + 1) boxes.push(box.className + ' ' + Math.round(b.width));
      return;
    }
    const parent = el.parentElement.getBoundingClientRect();
    if (r.right > parent.right + 1 || r.right > doc.clientWidth + 1)
      wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.width) + '>' + Math.round(parent.width));
  });
  const pngs = [];
  document.querySelectorAll('main img').forEach(img => {
    const r = img.getBoundingClientRect();
    if (r.width) pngs.push(img.src.slice(0, 40) + ' ' + Math.round(r.width));
  });
  const figures = [];
  let nfig = 0;
  document.querySelectorAll('.la-figure svg').forEach(svg => {
    const r = svg.getBoundingClientRect();
    if (!r.width) return;  // the rendering for the other screen size
    nfig += 1;
    const c = svg.closest('.la-figure').getBoundingClientRect();
    if (r.right > c.right + 1 || r.right > doc.clientWidth + 1 || r.left < -1)
      figures.push(Math.round(r.width) + '>' + Math.round(c.width));
  });
  const small = [], clipped = [];
  let ntext = 0, minFont = null;
  document.querySelectorAll('svg text').forEach(t => {
    const r = t.getBoundingClientRect();
    if (!r.width || !t.textContent.trim()) return;
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    ntext += 1;
    if (minFont === null || px < minFont) minFont = px;
    if (px < %(min_font)s) small.push(t.textContent.trim().slice(0, 30) + ' ' + px.toFixed(1) + ' px');
    const s = t.ownerSVGElement.getBoundingClientRect();
    if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1)
      clipped.push(t.textContent.trim().slice(0, 30));
  });
  const summary = document.querySelector('.la-summary');
  return {
    viewport: doc.clientWidth, page: doc.scrollWidth, wide: wide, boxes: boxes, pngs: pngs,
    figures: figures, nfig: nfig, small: small, clipped: clipped, ntext: ntext, min_font: minFont,
    summary_bottom: summary ? summary.getBoundingClientRect().bottom + window.scrollY : null,
    keyfigures: document.querySelectorAll('.la-summary .la-kf').length,
  };
})()
""" % {"min_font": MIN_FIGURE_FONT_PX}


def test_every_report_fits_laptop_and_phone(batch_reports, tmp_path):
    tools = DevTools(tmp_path / "profile")
    problems = []
    fonts = []
    try:
        for path in batch_reports:
            name = "/".join(path.parts[-3:-1])
            for device, (width, height, mobile) in WIDTHS.items():
                session = tools.open(path.as_uri(), width, height, mobile)
                m = tools.evaluate(session, MEASURE)
                if m["page"] > m["viewport"]:
                    problems.append(f"{name} @{width}: page {m['page']} px wide in a {m['viewport']} px viewport")
                for w in m["wide"]:
                    problems.append(f"{name} @{width}: wider than its container outside a scroll box: {w}")
                for b in m["boxes"]:
                    problems.append(f"{name} @{width}: scroll box wider than the page: {b}")
                for p in m["pngs"]:
                    problems.append(f"{name} @{width}: a PNG figure (not vector): {p}")
                if device == "laptop":
                    if m["summary_bottom"] is None or m["summary_bottom"] > 700:
                        problems.append(f"{name} @{width}: summary ends at {m['summary_bottom']} px (> 700)")
                    if not 3 <= m["keyfigures"] <= 4:
                        problems.append(f"{name}: {m['keyfigures']} key figures, not 3–4")
                else:
                    for f in m["figures"]:
                        problems.append(f"{name} @{width}: figure wider than its container: {f}")
                    for t in m["clipped"][:5]:
                        problems.append(f"{name} @{width}: figure text cut off at the figure's edge: {t}")
                    for t in m["small"][:5]:
                        problems.append(f"{name} @{width}: figure text below {MIN_FIGURE_FONT_PX} px: {t}")
                    if m["nfig"]:
                        fonts.append(m["min_font"])
                        if not m["ntext"]:
                            problems.append(f"{name} @{width}: {m['nfig']} figures without text elements")
    finally:
        tools.close()
    assert not problems, "\n".join(problems)
    assert fonts, "no report with a figure"  # the font check measured something


# --------------------------------------------------------------------------- language


def visible_text(page: str) -> str:
    """The text a reader sees: no style, script, code of the provenance box, tags or entities."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r'<footer class="la-provenance".*?</footer>', " ", page, flags=re.S)  # file names, hashes
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    import html

    return " ".join(html.unescape(page).split())


WORDS = Path(__file__).resolve().parent / "data" / "words"


def word_list(name: str) -> frozenset[str]:
    """A word list of tests/data/words (one lower-case word a line, ``#`` comments; source in its header)."""
    lines = (WORDS / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


#: Common English words that are not bokmål words, and the reverse (wordfreq 3.1.1, see make_word_lists.py).
ENGLISH_WORDS = word_list("english_not_bokmaal.txt")
BOKMAAL_WORDS = word_list("bokmaal_not_english.txt")
#: English phrases the word lists cannot catch (words that are also bokmål, or rarer ones).
ENGLISH_PHRASES = ("left out", "fewer than", "as quoted", "assumption of the package", "share of pay", "not found",
                   "per year", "verbatim", "secondary", "respondents", "Baseline")
#: Proper names and titles of sources allowed in a report of the other language.
ALLOWED_IN_NB = re.compile(r"Digital Skills Indicator|DigComp\w*|Eurostat|JRC|CC BY|OECD|EIGE|Statistics Norway|"
                           r"lifelong_analysis|Key figures|Self-assessment|Survey")
ALLOWED_IN_EN = re.compile(r"Kompetanse for kvalitet|Kompetanse- og tjenesteutviklingstilskuddet|Trondheim|Frøya|"
                           r"Statistisk sentralbyrå|Utdanningsdirektoratet|Helsedirektoratet|lifelong_analysis|"
                           r"Kompetanseløftet|Kompetanseløft \d+|Helsefagarbeider\w*|Oslo|Norges Bank|\bkroner\b")
ALLOWED_IN_NB = re.compile(ALLOWED_IN_NB.pattern + r"|ECTS Users[’']? Guide")
#: Not words: file names and folders (funding_split.csv, data/synthetic_small), hashes, acronyms (NOK, ECTS).
_NOT_WORDS = re.compile(r"\S+\.(?:csv|xlsx|json|ipynb|html)\b|\S+/\S+|\b[0-9a-f]{12,}\b|\b[A-ZÆØÅ]{2,}\b")
#: Table cells that name a source: titles of Norwegian sources stay in bokmål in an English report.
_SOURCE_CELLS = re.compile(r'<td data-label="(?:Source|Sources|Kilde|Kilder)">.*?</td>'
                           r'|<p>(?:Source|Sources):.*?</p>', re.S)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_QUOTED_EN = re.compile(r'<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', re.S)


def language_findings(page: str, language: str) -> list[str]:
    """Words of the other language in the visible text of a report page (with a few words of context)."""
    if language == "nb":
        text = ALLOWED_IN_NB.sub(" ", visible_text(_QUOTED_EN.sub(" ", page)))
        words, phrases = ENGLISH_WORDS, ENGLISH_PHRASES
    else:
        text = ALLOWED_IN_EN.sub(" ", visible_text(_SOURCE_CELLS.sub(" ", page)))
        words, phrases = BOKMAAL_WORDS, ("Kort fortalt", "for få svar")
    text = _NOT_WORDS.sub(" ", text)
    tokens = _WORD.findall(text)
    found = {}
    for i, w in enumerate(tokens):
        if w.lower() in words and w.lower() not in found:
            found[w.lower()] = " ".join(tokens[max(0, i - 3):i + 4])
    for ph in phrases:
        if re.search(rf"\b{re.escape(ph)}\b", text):
            found[ph] = ph
    return [f"{w!r} in «{ctx}»" for w, ctx in sorted(found.items())]


def test_word_lists_are_real_and_disjoint():
    """The lists hold the common words (hand-picked checks) and no word of the other language."""
    assert len(ENGLISH_WORDS) > 1500 and len(BOKMAAL_WORDS) > 1500
    assert {"the", "and", "with", "weight", "share", "level", "which"} <= ENGLISH_WORDS
    assert {"og", "ikke", "andel", "antall", "ansatte", "kommune", "tjenesteområde"} & BOKMAAL_WORDS >= {
        "og", "ikke", "andel", "antall", "ansatte", "kommune"}
    # words shared by the two languages are in neither list
    for shared in ("for", "at", "by", "man", "data", "team", "status", "i"):
        assert shared not in ENGLISH_WORDS and shared not in BOKMAAL_WORDS, shared
    assert language_findings("<p>Andelen med vekt er 82 %.</p>", "nb") == []
    assert language_findings("<p>Andelen (weight) er 82 %.</p>", "nb") == ["'weight' in «Andelen weight er»"]
    assert language_findings('<p>Andel</p><ul lang="en"><li>I know how to find it</li></ul>', "nb") == []
    assert language_findings("<p>The share of employees is 82 %.</p>", "en") == []
    assert language_findings("<p>The share (andel) is 82 %.</p>", "en") == ["'andel' in «The share andel is»"]
    assert language_findings('<td data-label="Source">Altinn: Hva koster en arbeidstaker?</td><p>NOK</p>', "en") == []
    assert language_findings("<p>Source: KS Turnover i kommuner og fylkeskommuner (2020-21).</p>", "en") == []
    assert language_findings("<p>Tabellen står i funding_split.csv (data/synthetic_small).</p>", "nb") == []


def test_reports_speak_one_language_and_show_no_code_names(batch_reports):
    problems = []
    for path in batch_reports:
        name = "/".join(path.parts[-3:-1])
        text = visible_text(path.read_text(encoding="utf-8"))
        # file names of the tables (funding_split.csv) and folders the user gave (data/synthetic_small) are names
        plain = re.sub(r"\S+/\S+", " ", text)
        snake = sorted(set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.csv)", plain)) - {"lifelong_analysis"})
        if snake:
            problems.append(f"{name}: code names {snake[:10]}")
        language = "nb" if re.search(r"(?:^|[/-])nb$", name) else "en"
        other = language_findings(path.read_text(encoding="utf-8"), language)
        if other:
            problems.append(f"{name}: {'English in a bokmål' if language == 'nb' else 'bokmål in an English'} "
                            f"report: {other[:12]}")
        for machine in ("/tmp/", ".partial", "/work/", "outputs/", "tables/"):
            if machine in text:
                problems.append(f"{name}: machine path {machine!r} in the text")
    assert not problems, "\n".join(problems)


#: A suppressed or not estimable figure printed as a symbol: ":" standing alone or as a range end, "nan", "inf".
_SYMBOL = re.compile(r"(?:^|[\s(–-]):(?=$|[\s)–%,.-])|\bnan\b|\binf\b|\bNaN\b")


def test_small_municipality_batch_succeeds_with_headlines_in_words(small_batch):
    """The whole default config on 5014 Frøya: every run ok, and the answer on the first screen in words."""
    from test_browser import _require_chromium  # noqa: F401  (same marks as the screen tests)

    runs = small_batch["runs"]
    assert {r["status"] for r in runs} == {"ok"} and len(runs) == len(small_batch["reports"])
    notebooks = {Path(r["notebook"]).stem[:2] for r in runs}
    assert notebooks == {"01", "02", "03", "04"}
    problems = []
    for path in small_batch["reports"]:
        page = path.read_text(encoding="utf-8")
        m = re.search(r'<section class="la-summary">(.*?)</section>', page, re.S)
        if not m:
            problems.append(f"{path.parent.name}: no summary")
            continue
        summary = visible_text(m.group(1))
        if _SYMBOL.search(summary):
            problems.append(f"{'/'.join(path.parts[-3:-1])}: symbol in the headline: {summary[:300]}")
        if "5014" not in visible_text(page):
            problems.append(f"{path.parent.name}: the municipality is not named")
    assert not problems, "\n".join(problems)


def test_symbol_pattern():
    assert _SYMBOL.search("Kort fortalt. : av de ansatte") and _SYMBOL.search("(95 % KI :–:)")
    assert _SYMBOL.search("andelen er nan %")
    assert not _SYMBOL.search("Til sammenligning: 82 % i hele befolkningen (95 % KI 79–84 %)")
