"""Survey estimation and disclosure control: no language, no display.
"""

from lifelong_analysis.stats import survey, disclosure

__all__ = ['survey', 'disclosure']
