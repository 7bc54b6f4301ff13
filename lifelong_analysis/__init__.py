"""lifelong_analysis: the barriers to lifelong learning in Norwegian municipalities.

Data flow: files (CSV, Excel, statbank JSON-stat) → readers and pandera
schemas (:mod:`.readers`, :mod:`.schemas`) → validated tidy tables
(:mod:`.tables` names them) → one analysis module per question
(:mod:`.costs`, :mod:`.skills`, :mod:`.funding`) → thin notebooks →
batch runner (:mod:`.batch`) → HTML reports, CSV tables and a manifest.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lifelong_analysis")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
