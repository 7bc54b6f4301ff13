"""A small client for Statistics Norway's PxWebApi v2 with an on-disk cache.

It builds the v2 GET query (``/tables/{id}/data?lang=..&outputFormat=json-stat2
&valueCodes[Dim]=a,b``; selection expressions such as ``*``, ``top(3)``,
``from(2025)`` and ``range(a,b)`` pass through unchanged), stores every
response under a cache folder keyed by the URL, and reads it with
:func:`lifelong_analysis.data.statbank.read_statbank` — this module parses nothing
itself.  With a warm cache (or the shipped data) the package works offline.

Sources: SSB PxWebApi v2 user guide (https://www.ssb.no/en/api/statbank-pxwebapi-user-guide);
the GET syntax as in the PxWebApiData v2 vignette
(https://stat.ethz.ch/CRAN/web/packages/PxWebApiData/vignettes/pxwebapi_v2.html).  SSB caps a
GET URL at about 2 000 characters; longer queries are refused here with that reason.

Examples
--------
>>> build_url("07459", {"Region": ["5001"], "Alder": ["080", "081"], "Tid": "top(2)"})
'https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=5001&valueCodes[Alder]=080,081&valueCodes[Tid]=top(2)'
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping, Sequence
from urllib.parse import quote

import pandas as pd

from lifelong_analysis import paths
from lifelong_analysis.data.population import from_statbank
from lifelong_analysis.data.statbank import read_statbank
from lifelong_analysis.outputs import write_text_atomic

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
#: SSB: a GET URL longer than about 2000 characters is refused (PxWebApi v2 README, janbrus examples).
MAX_URL_LENGTH = 2000
#: Characters left unescaped in a value list (codes, wildcards, selection expressions).
_SAFE = "*?(),+-_."


def default_cache_dir() -> Path:
    """``outputs/cache/pxweb`` under the project root (``LIFELONG_ANALYSIS_PXWEB_CACHE`` overrides)."""
    env = os.environ.get("LIFELONG_ANALYSIS_PXWEB_CACHE")
    return Path(env) if env else paths.outputs_dir() / "cache" / "pxweb"


def build_url(
    table_id: str,
    value_codes: Mapping[str, str | Sequence[str]],
    *,
    lang: str = "no",
    output_format: str = "json-stat2",
    base_url: str = BASE_URL,
) -> str:
    """The PxWebApi v2 data URL of a selection.

    Parameters
    ----------
    table_id : statbank table number as text, e.g. "07459" or "14288".
    value_codes : dimension code -> codes (list) or one selection expression
        ("*", "top(5)", "from(2025)", "range(2025,2040)").  Order is kept.
    lang : "no" or "en".
    output_format : "json-stat2" (what :func:`fetch` expects), "csv", ...
    base_url : API root.

    Returns
    -------
    str: the URL.

    Raises
    ------
    ValueError
        Bad table id, empty selection, or a URL longer than :data:`MAX_URL_LENGTH`.
    """
    table_id = str(table_id)
    if not table_id.isascii() or not table_id.isalnum():
        raise ValueError(f"table_id must be letters/digits such as '07459', got {table_id!r}")
    parts = [f"lang={quote(lang)}", f"outputFormat={quote(output_format)}"]
    for dim, codes in value_codes.items():
        items = [codes] if isinstance(codes, str) else [str(c) for c in codes]
        if not items or any(i == "" for i in items):
            raise ValueError(f"valueCodes[{dim}] is empty; give codes or an expression such as '*'")
        parts.append(f"valueCodes[{quote(str(dim))}]=" + ",".join(quote(i, safe=_SAFE) for i in items))
    url = f"{base_url.rstrip('/')}/tables/{table_id}/data?" + "&".join(parts)
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"The query URL has {len(url)} characters; PxWebApi v2 accepts about {MAX_URL_LENGTH} "
                         "in a GET. Use expressions (e.g. 'range(000,105)', '*') or split the query.")
    return url


def cache_path(url: str, cache_dir: str | os.PathLike | None = None) -> Path:
    """Where the response of ``url`` is cached: ``<cache>/<table>-<sha256[:16]>.json``."""
    table = url.split("/tables/", 1)[-1].split("/", 1)[0] if "/tables/" in url else "query"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return Path(cache_dir or default_cache_dir()) / f"{table}-{digest}.json"


def _urlopen(url: str, timeout: float) -> bytes:  # pragma: no cover - network
    req = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "lifelong-analysis"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


def fetch(
    table_id: str,
    value_codes: Mapping[str, str | Sequence[str]],
    *,
    lang: str = "no",
    cache_dir: str | os.PathLike | None = None,
    refresh: bool = False,
    offline: bool = False,
    timeout: float = 60.0,
    opener: Callable[[str, float], bytes] | None = None,
) -> Path:
    """Fetch a JSON-stat 2.0 selection (or take it from the cache) and return the cached file.

    A response is checked to be JSON with ``dimension`` and ``value`` before it
    is cached (atomically, with a ``.meta.json`` beside it: URL and time).  A
    cached file is used as it is unless ``refresh``.

    Parameters
    ----------
    table_id, value_codes, lang : see :func:`build_url`.
    cache_dir : cache folder (default :func:`default_cache_dir`).
    refresh : fetch again even when cached.
    offline : never use the network; a missing cache entry is an error.
    timeout : seconds.
    opener : ``opener(url, timeout) -> bytes`` (tests pass a recorded response).

    Returns
    -------
    pathlib.Path of the cached JSON-stat file; read it with
    :func:`lifelong_analysis.data.statbank.read_statbank` or :func:`read`.
    """
    url = build_url(table_id, value_codes, lang=lang)
    target = cache_path(url, cache_dir)
    if target.exists() and not refresh:
        return target
    if offline:
        raise FileNotFoundError(f"Not in the cache ({target}) and offline=True: {url}")
    raw = (opener or _urlopen)(url, timeout)
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else str(raw)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"PxWebApi answered {url} with something that is not JSON ({exc}): {text[:200]!r}") from None
    if not isinstance(doc, dict) or "dimension" not in doc or "value" not in doc:
        raise ValueError(f"PxWebApi answered {url} without a JSON-stat dataset: {text[:200]!r}")
    write_text_atomic(target, text)
    meta = {"url": url, "table_id": str(table_id), "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    write_text_atomic(target.with_suffix(".meta.json"), json.dumps(meta, indent=1) + "\n")
    return target


def read(table_id: str, value_codes: Mapping[str, str | Sequence[str]], **kwargs) -> pd.DataFrame:
    """:func:`fetch` then :func:`lifelong_analysis.data.statbank.read_statbank`: a tidy long table."""
    return read_statbank(fetch(table_id, value_codes, **kwargs))


def population_query(kommunenummer: str, *, years: str | Sequence[str] = "from(2025)", table_id: str = "14288",
                     content: str = "*") -> tuple[str, dict]:
    """The selection of a municipality's population by sex and one-year age (tables 07459 / 14288).

    Dimension codes as SSB uses them in these tables (Region, Kjonn, Alder,
    ContentsCode, Tid); other tables may name them differently — check the
    table's metadata (``/tables/{id}/metadata``).
    """
    return table_id, {"Region": [str(kommunenummer)], "Kjonn": ["1", "2"], "Alder": "*",
                      "ContentsCode": content, "Tid": years}


def fetch_population(kommunenummer: str, *, years: str | Sequence[str] = "from(2025)", table_id: str = "14288",
                     content: str | None = None, **kwargs) -> pd.DataFrame:
    """A municipality's population projection from PxWebApi v2 as a validated population table.

    See :func:`population_query` and :func:`lifelong_analysis.data.population.from_statbank`.
    """
    tid, codes = population_query(kommunenummer, years=years, table_id=table_id)
    return from_statbank(read(tid, codes, **kwargs), content=content, source_name=f"SSB table {tid}")
