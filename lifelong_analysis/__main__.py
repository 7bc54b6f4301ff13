"""``python -m lifelong_analysis``: the command line of :mod:`lifelong_analysis.runner.cli`."""

import sys

from lifelong_analysis.runner.cli import main

sys.exit(main())
