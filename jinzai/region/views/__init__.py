"""Views of the prefecture hub, one module per area; urls.py refers to them through this package."""
