"""Where document bytes live: a folder on disk, one file per document.

Files are named by a random key, never by the user's file name, so no name
can escape the folder or collide with another.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}")


class DocumentStore:
    """A folder of document files, written atomically."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a document key: {key!r}")
        return self.folder / key

    def write(self, data: bytes) -> str:
        token = secrets.token_hex(16)
        key = f"{token[:2]}/{token}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        return key

    def path(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            log.warning("documents.store.missing key=%s", key)


def store_for(registry) -> DocumentStore:
    return DocumentStore(registry.relais_settings["relais.documents.folder"])
