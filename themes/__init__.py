"""Themes shipped with Relais; each folder is one theme (see ``core.themes``)."""
