"""Page models (pure) and the Jinja templates that turn them into Markdown for MkDocs."""
