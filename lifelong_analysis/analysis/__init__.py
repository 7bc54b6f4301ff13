"""One module per question, tidy DataFrames in and out: costs, skills, dsi, funding,
projection, workforce, what-if.
"""

from lifelong_analysis.analysis import costs, skills, dsi, funding, projection, workforce, whatif

__all__ = ['costs', 'skills', 'dsi', 'funding', 'projection', 'workforce', 'whatif']
