"""Screens of the board."""
