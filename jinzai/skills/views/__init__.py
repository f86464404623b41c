"""Views of the skills app, one module per area."""
