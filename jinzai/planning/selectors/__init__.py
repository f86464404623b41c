"""Reads of the planning app, scoped by the viewer's organisation.

- `plans`: plans, targets, roadmap tasks, starter actions, level names;
- `policy`: maturity levels, assessments, the basic policy, the structure;
- `progress`: the live progress of a plan's targets (actual vs expected per fiscal year, the status rule);
- `documents`: what the Word/Excel plan documents read (level definitions, development methods).

The metric registry itself (``planning/metrics.py``) is the read model the targets are measured by.
"""
