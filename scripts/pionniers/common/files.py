"""Writing a file so that a reader never sees half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path | str, content: bytes) -> None:
    """`content` into `path`, through a temporary file of the same folder renamed over it: whoever reads `path` at
    the same time gets the old file or the new one, never half of one. A link at `path` is replaced, never followed.
    The file is readable by all (0644), as the site's files are."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
