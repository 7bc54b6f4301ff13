"""Real browser (issue 15): move the what-if slider of a report in headless Chromium.

Chromium is started the way ``tests/test_browser.py`` starts it, plus
``--remote-debugging-pipe``: the DevTools protocol then runs over two pipes
(file descriptors 3 and 4, one JSON message per NUL-terminated chunk), so the
test needs no websocket client and opens no port.  The slider is moved with
real key presses (``Input.dispatchKeyEvent``) and a real mouse click
(``Input.dispatchMouseEvent``), and the amounts the page then shows must be the
library's values for that point, formatted by the library.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from lifelong_analysis.analysis import costs, funding, whatif
from lifelong_analysis.reporting.formatting import format_nok
from lifelong_analysis.data.readers import load_dataset

from test_browser import CHROMIUM, _require_chromium
from test_whatif import DATA, report_page

pytestmark = [pytest.mark.browser]


class DevTools:
    """A minimal DevTools-protocol client over Chromium's ``--remote-debugging-pipe``."""

    def __init__(self, profile: Path):
        _require_chromium()
        to_child_r, self._w = os.pipe()       # we write commands, Chromium reads fd 3
        self._r, from_child_w = os.pipe()      # Chromium writes fd 4, we read

        def child_fds():  # runs in the child before exec: the pipes become its fds 3 and 4
            r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)   # out of the way of 3 and 4 first
            w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               f"--user-data-dir={profile}", "--remote-debugging-pipe", "--window-size=900,1200", "about:blank"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     close_fds=False, preexec_fn=child_fds)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.session: str | None = None

    def send(self, method: str, params: dict | None = None, *, session: bool = True, timeout: float = 30) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" not in self._buf:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Page.navigate", {"url": url})
        for _ in range(200):
            if self.eval("document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise TimeoutError(f"page did not load: {url}")

    def eval(self, expression: str):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"])
        return res["result"].get("value")

    def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                 "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code})

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._w)
        os.close(self._r)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA, kinds=["workforce", "substitutes"])


@pytest.fixture(scope="module")
def grid(ds):
    return whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                kommunenummer="5001", study_points=15, n_participants=3,
                                formats=["part_time_gatherings", "digital_self_paced"],
                                schemes=["employer_pays", "kfk_substitute"], year=2026)


@pytest.fixture()
def browser(tmp_path):
    b = DevTools(tmp_path / "profile")
    yield b
    b.close()


def library_point(ds, p: float, fmt: str, scheme: str):
    """Cash and economic cost and the municipality's cash amount, straight from the library."""
    row = costs.format_comparison(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                  kommunenummer="5001", formats=[fmt], study_points=15, n_participants=3,
                                  cover_overrides={"p_qualified_available": p}).iloc[0]
    split = funding.split_costs(row.to_frame().T, schemes=[scheme], year=2026).set_index(["perspective", "payer"])
    return row["cash_cost_nok"], row["economic_cost_nok"], split.loc[("cash", "municipality"), "amount_nok"]


def shown(b: DevTools) -> dict:
    return b.eval("""(() => { const q = n => document.querySelector('[data-la-out="' + n + '"]').textContent;
        return {p: q('p'), cash: q('cash'), economic: q('economic'), municipality: q('cash-municipality'),
                hidden: document.querySelector('.la-whatif-live').hidden}; })()""")


def test_moving_the_slider_shows_the_librarys_values(ds, grid, browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report_page(grid), encoding="utf-8")
    browser.open(page.as_uri())

    start = shown(browser)
    assert start["hidden"] is False                            # the script ran and showed the controls
    cash, econ, mun = library_point(ds, 0.45, "part_time_gatherings", "employer_pays")
    assert start == {"p": "45\xa0%", "cash": format_nok(cash), "economic": format_nok(econ),
                     "municipality": format_nok(mun), "hidden": False}

    # Two presses of the right arrow key: 45 % -> 50 % -> 60 %.
    browser.eval("document.querySelector('.la-whatif-live input[type=range]').focus()")
    browser.key("ArrowRight", 39)
    browser.key("ArrowRight", 39)
    moved = shown(browser)
    cash6, econ6, mun6 = library_point(ds, 0.6, "part_time_gatherings", "employer_pays")
    assert moved["p"] == "60\xa0%"
    assert moved["cash"] == format_nok(cash6) and moved["cash"] != start["cash"]
    assert moved["economic"] == format_nok(econ6) and moved["municipality"] == format_nok(mun6)

    # A mouse click at the right end of the slider: 100 %, another scheme chosen in the dropdown.
    browser.eval("""(() => { const s = document.querySelector('.la-whatif-live select[name=scheme]');
        s.value = 'kfk_substitute'; s.dispatchEvent(new Event('change')); })()""")
    box = browser.eval("""(() => { const r = document.querySelector('.la-whatif-live input[type=range]')
        .getBoundingClientRect(); return [r.right - 2, r.top + r.height / 2]; })()""")
    browser.click(*box)
    end = shown(browser)
    cash1, econ1, mun1 = library_point(ds, 1.0, "part_time_gatherings", "kfk_substitute")
    assert end["p"] == "100\xa0%"
    assert end["cash"] == format_nok(cash1) and end["municipality"] == format_nok(mun1)
    assert end["municipality"] != format_nok(cash1)           # the state pays part under KfK


def test_without_javascript_the_static_table_is_shown(grid, browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report_page(grid, language="en"), encoding="utf-8")
    browser.send("Target.setDiscoverTargets", {"discover": True}, session=False)
    target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
    browser.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                   session=False)["sessionId"]
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.send("Page.enable")
    browser.send("Page.navigate", {"url": page.as_uri()})
    for _ in range(200):
        if browser.eval("document.readyState") == "complete":
            break
        time.sleep(0.05)
    # Runtime.evaluate still runs with page scripts disabled; the page's own script did not.
    assert browser.eval("document.querySelector('.la-whatif-live').hidden") is True
    text = browser.eval("document.querySelector('.la-whatif').innerText")
    kp = whatif.key_points(grid)
    for r in kp.itertuples(index=False):
        assert format_nok(r.cash_cost_nok, language="en") in text
    assert "Selected points" in text


def test_the_block_fits_a_phone(grid, browser, tmp_path):
    """At 390 px (a phone) nothing of the block sticks out sideways and every table cell is labelled."""
    page = tmp_path / "report.html"
    page.write_text(report_page(grid), encoding="utf-8")
    browser.open(page.as_uri())
    browser.send("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1,
                                                        "mobile": True})
    got = browser.eval("""(() => { const b = document.querySelector('.la-whatif');
        const out = [...b.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
            && !e.closest('.la-scroll')).map(e => e.tagName + '.' + e.className);
        return {inner: innerWidth, page: document.documentElement.scrollWidth, block: b.getBoundingClientRect().right,
                out: out, unlabelled: b.querySelectorAll('td:not([data-label])').length,
                label: getComputedStyle(b.querySelector('td[data-la-out="cash-municipality"]'), '::before').content};
        })()""")
    assert got["inner"] == 390
    assert got["page"] <= 390 and got["block"] <= 390 and got["out"] == []
    assert got["unlabelled"] == 0 and got["label"] == '"Kontant"'     # the card shows which amount is which
