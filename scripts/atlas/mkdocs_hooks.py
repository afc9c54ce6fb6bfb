"""MkDocs hooks: generate the atlas' pages from the validated package (filled in by the site work)."""
