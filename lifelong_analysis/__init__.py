"""lifelong_analysis: the barriers to lifelong learning in Norwegian municipalities.

The tree is the data flow::

    data/       files (CSV, Excel, statbank JSON-stat) → readers and pandera schemas → tidy tables
    stats/      survey estimation, disclosure control
    analysis/   one module per question: costs, skills, dsi, funding, projection, workforce, whatif
    reporting/  what a reader sees: texts, key figures, tables, figures, the HTML report
    runner/     single runs and the batch: HTML reports, CSV tables and a manifest
    synthetic/  the SYNTHETIC dataset shipped as default data

Each layer imports only the layers below it (``tests/test_architecture.py``).  The analysis
modules are re-exported here, so a notebook reads ``from lifelong_analysis import costs``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lifelong_analysis")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

from lifelong_analysis.analysis import costs, dsi, funding, projection, skills, whatif, workforce  # noqa: E402
from lifelong_analysis.data import readers, statbank, tables, vocab  # noqa: E402
from lifelong_analysis.stats import disclosure, survey  # noqa: E402

__all__ = ["__version__", "costs", "disclosure", "dsi", "funding", "projection", "readers", "skills",
           "statbank", "survey", "tables", "vocab", "whatif", "workforce"]
