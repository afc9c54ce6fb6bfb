"""Downloads: every format of the package, checksums, citation and catalogues (see export/README in the docstrings)."""
