"""iivboard: a keyboard-driven terminal board for informational interviews."""

__version__ = "0.1.0"
