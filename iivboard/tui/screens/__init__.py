"""Screens of the board: each is self-contained and takes what it needs in its constructor."""
