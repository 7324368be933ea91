"""The reminder rules: one module per kind, listed in registry.py (see base.py for the
shape of a rule)."""
