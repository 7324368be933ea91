"""One module per file format iivboard reads or writes, listed in `registry`."""
