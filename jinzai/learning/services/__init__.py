"""Writes of the learning app, split by entity. Every write checks permission first and is audited."""
