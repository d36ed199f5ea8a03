"""Opportunity use cases; views and the API call these and show their errors."""

from __future__ import annotations

from core.directory.services import FormErrors  # noqa: F401
