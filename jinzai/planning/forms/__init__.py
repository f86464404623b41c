"""Forms of the planning app: `plans` (plans, targets, roadmap, wizard, import) and `policy` (levels,
assessments, the basic policy, the structure)."""
