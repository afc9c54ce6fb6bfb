"""MkDocs hooks for downloads (filled in by the downloads work)."""
