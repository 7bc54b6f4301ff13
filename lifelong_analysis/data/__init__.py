"""Files in, validated tidy tables out.

The data model (:mod:`.tables` → :mod:`.schemas` → ``runner.datadict``), the vocabularies
(:mod:`.vocab`), the readers of CSV/Excel (:mod:`.readers`) and statbank JSON-stat
(:mod:`.statbank`, :mod:`.pxweb`), published reference figures (:mod:`.reference`) and the
population projection (:mod:`.population`). Imports nothing above it.
"""

from lifelong_analysis.data import tables, vocab, schemas, readers, statbank, pxweb, reference, population, safe_yaml

__all__ = ['tables', 'vocab', 'schemas', 'readers', 'statbank', 'pxweb', 'reference', 'population', 'safe_yaml']
