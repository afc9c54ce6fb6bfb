"""Altair charts for the site: one registered theme and one pure function per chart kind (no I/O)."""
from .theme import THEME_NAME, enable_theme

__all__ = ["THEME_NAME", "enable_theme"]
