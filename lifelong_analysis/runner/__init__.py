"""Running the notebooks: single runs, the batch, the command line.
"""

from lifelong_analysis.runner import batch, single, cli, datadict

__all__ = ['batch', 'single', 'cli', 'datadict']
