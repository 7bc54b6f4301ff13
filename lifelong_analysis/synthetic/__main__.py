"""``python -m lifelong_analysis.synthetic``: write the shipped SYNTHETIC dataset."""

import sys

from lifelong_analysis.synthetic import main

sys.exit(main())
