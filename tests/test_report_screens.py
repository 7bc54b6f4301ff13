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
- figures are not shrunk below 70 % of their natural size at 390 px (their text
  stays legible; the box scrolls instead).

The same reports are scanned for language: no snake_case code names in the
visible text, and no English words in the bokmål reports.
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


@pytest.fixture(scope="module")
def default_reports(default_batch) -> list[Path]:
    """The report paths of the whole default batch (run once per session, see conftest)."""
    return default_batch["reports"]


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
  const shrunk = [];
  document.querySelectorAll('main img').forEach(img => {
    const r = img.getBoundingClientRect();
    if (img.naturalWidth && r.width / img.naturalWidth < 0.7)
      shrunk.push(Math.round(r.width) + '/' + img.naturalWidth);
  });
  const summary = document.querySelector('.la-summary');
  return {
    viewport: doc.clientWidth, page: doc.scrollWidth, wide: wide, boxes: boxes, shrunk: shrunk,
    summary_bottom: summary ? summary.getBoundingClientRect().bottom + window.scrollY : null,
    keyfigures: document.querySelectorAll('.la-summary .la-kf').length,
  };
})()
"""


def test_every_report_fits_laptop_and_phone(default_reports, tmp_path):
    tools = DevTools(tmp_path / "profile")
    problems = []
    try:
        for path in default_reports:
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
                if device == "laptop":
                    if m["summary_bottom"] is None or m["summary_bottom"] > 700:
                        problems.append(f"{name} @{width}: summary ends at {m['summary_bottom']} px (> 700)")
                    if not 3 <= m["keyfigures"] <= 4:
                        problems.append(f"{name}: {m['keyfigures']} key figures, not 3–4")
                else:
                    for s in m["shrunk"]:
                        problems.append(f"{name} @{width}: figure shrunk to {s} px (text illegible)")
    finally:
        tools.close()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- language


def visible_text(page: str) -> str:
    """The text a reader sees: no style, script, code of the provenance box, tags or entities."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r'<footer class="la-provenance".*?</footer>', " ", page, flags=re.S)  # file names, hashes
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    import html

    return " ".join(html.unescape(page).split())


#: English words that have no place in a bokmål report (checked as whole words).
ENGLISH_WORDS = ("weight", "verbatim", "secondary", "verify", "left out", "fewer than", "respondents",
                 "as quoted", "assumption of the package", "share of pay", "seed", "the", "and", "of the",
                 "with", "not found", "per year", "source", "copy")
#: Bokmål words that have no place in an English report (titles of Norwegian sources aside).
NORWEGIAN_WORDS = ("Kort fortalt", "Tabellene", "Forutsetninger", "kontantkostnad", "samfunnsøkonomisk",
                   "syntetiske", "ansatte", "Andel", "Antall", "sektorer", "Gruppe", "for få svar")
#: Words allowed in a bokmål report although English: proper names and titles of sources.
ALLOWED_IN_NB = re.compile(r"Digital Skills Indicator|DigComp\w*|Eurostat|Kompetanse for kvalitet|"
                           r"JRC|CC BY|Key figures|Self-assessment|Survey|OECD|EIGE|Statistics Norway")


def test_reports_speak_one_language_and_show_no_code_names(default_reports):
    problems = []
    for path in default_reports:
        name = "/".join(path.parts[-3:-1])
        text = visible_text(path.read_text(encoding="utf-8"))
        # file names of the tables (funding_split.csv) are names, not codes shown as words
        snake = sorted(set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.csv)", text)) - {"lifelong_analysis"})
        if snake:
            problems.append(f"{name}: code names {snake[:10]}")
        if name.endswith("-nb"):
            body = ALLOWED_IN_NB.sub(" ", text)
            english = sorted({w for w in ENGLISH_WORDS if re.search(rf"\b{re.escape(w)}\b", body)})
            if english:
                problems.append(f"{name}: English in a bokmål report: {english}")
        elif name.endswith("-en"):
            norwegian = sorted({w for w in NORWEGIAN_WORDS if re.search(rf"\b{re.escape(w)}\b", text)})
            if norwegian:
                problems.append(f"{name}: bokmål in an English report: {norwegian}")
        for machine in ("/tmp/", ".partial", "/work/", "outputs/", "tables/"):
            if machine in text:
                problems.append(f"{name}: machine path {machine!r} in the text")
    assert not problems, "\n".join(problems)
