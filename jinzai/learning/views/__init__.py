"""Views of the learning app, split by area (urls.py imports the modules)."""
