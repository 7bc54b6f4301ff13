"""Real browser (issue 5): headless Chromium opens index.html and one report.

Asserts that the page renders (a screenshot with more than one colour), that the
report's title is in the DOM and that no input cell is in it.  Needs the Debian
package ``chromium`` (``.ci/run`` installs it); skipped when it is missing.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import textwrap
import zlib
from pathlib import Path

import pytest

from lifelong_analysis.runner import batch

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def _require_chromium() -> None:
    """Skip on a developer machine without Chromium; in CI (.ci/run installs it) a missing one fails."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium missing in CI: .ci/run should have installed it")
        pytest.skip("chromium not installed (apt-get install chromium)")


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    _require_chromium()
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def png_colours(path: Path, limit: int = 2) -> int:
    """Number of distinct pixel values in a PNG (8-bit RGB/RGBA, as Chromium writes), up to ``limit``."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp + 1
    seen, prev = set(), bytearray(width * bpp)
    for y in range(len(raw) // stride):
        ftype, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
        for i in range(len(line)):  # undo the PNG row filters
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        seen.update(bytes(line[i:i + bpp]) for i in range(0, len(line), bpp * 7))
        if len(seen) >= limit:
            return len(seen)
        prev = line
    return len(seen)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    _require_chromium()
    tmp = tmp_path_factory.mktemp("browser")
    cfg = tmp / "c.yaml"
    cfg.write_text(textwrap.dedent(f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            title: {{nb: Fiksturrapport for nettleser, en: Browser fixture report}}
            parameters: {{municipality: "5001"}}
        """), encoding="utf-8")
    out = tmp / "out"
    res = batch.run_batch(cfg, output_dir=out, workers=1, progress=False)
    assert res["exit_code"] == 0
    return out


@pytest.mark.parametrize("page, title", [("index.html", "Rapporter – livslang læring i kommunene"),
                                         ("report/default/report.html", "Fiksturrapport for nettleser")])
def test_page_renders_in_chromium(built, tmp_path, page, title):
    url = (built / page).as_uri()
    shot = tmp_path / "shot.png"
    proc = chromium([f"--screenshot={shot}", "--window-size=390,844", "--hide-scrollbars", url], tmp_path / "p1")
    assert shot.is_file(), proc.stderr[-2000:]
    assert png_colours(shot) >= 2, "blank screenshot"
    dom = chromium(["--dump-dom", url], tmp_path / "p2").stdout
    assert f"<title>{title}</title>" in dom
    assert "jp-InputArea" not in dom and 'class="input"' not in dom and "input_area" not in dom
    assert "import matplotlib" not in dom and "display.heading(" not in dom  # no code
    if page.endswith("report.html"):
        assert 'class="la-provenance"' in dom and "data:image/png;base64," in dom
