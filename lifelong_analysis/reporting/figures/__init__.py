"""Figures for the reports, one module per question (costs, skills, funding).

Every function takes tidy result tables, returns a matplotlib ``Figure`` with
labelled axes in the report language, and never shows row-level data.
"""
