"""Directory use cases; views call these and turn their errors into pages."""

from __future__ import annotations


class FormErrors(Exception):
    """Input the database refuses, as ``{field: message}`` shown beside fields."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors
