"""Files in, validated tidy tables out.

The data model (:mod:`.tables` → :mod:`.schemas` → ``runner.datadict``), the vocabularies
(:mod:`.vocab`), the readers of CSV/Excel (:mod:`.readers`) and statbank JSON-stat
(:mod:`.statbank`, :mod:`.pxweb`), published reference figures (:mod:`.reference`), the
population projection (:mod:`.population`) and the labour-cost model (:mod:`.labour`, which a
validation rule of the readers needs). Imports nothing above it.
"""

from lifelong_analysis.data import tables, vocab, schemas, labour, readers, statbank, pxweb, reference, population, safe_yaml

__all__ = ['tables', 'vocab', 'schemas', 'labour', 'readers', 'statbank', 'pxweb', 'reference', 'population', 'safe_yaml']
