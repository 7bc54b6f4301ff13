"""What a reader sees: texts, labels, key figures, tables, figures and the HTML report.
"""

from lifelong_analysis.reporting import formatting, display, keyfigures, report, excel, explorer, figures

__all__ = ['formatting', 'display', 'keyfigures', 'report', 'excel', 'explorer', 'figures']
