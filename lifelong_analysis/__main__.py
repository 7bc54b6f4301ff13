"""``python -m lifelong_analysis``: the command line of :mod:`lifelong_analysis.cli`."""

import sys

from .cli import main

sys.exit(main())
