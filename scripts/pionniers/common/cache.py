"""Derived files kept between runs, by the hash of what made them: a publish reuses what has not changed.

    store = Store(layout.cache / "apercus", ".png")
    name = key(version, text, …)         # every input that shapes the file, hashed
    data = store.get(name)               # None: never made from these inputs (or the entry is unreadable)
    store.put(name, data)

An entry is named by the SHA-256 of every input that shapes it (the text drawn, the fonts, the code that draws), so an
entry is never stale: changed inputs give another name, and the old entry is left to `prune`. The store lives in a
git-ignored folder (`.cache-pionniers/`, kept by `actions/cache` in CI). It is touched through regular files only:
each folder from the repository root down is opened without following a link (a link, or anything but a folder,
and the store refuses to work), each entry is written to a new temporary file then renamed into place (a reader
never sees half an entry), and nothing outside the store's own folder is ever written or deleted. A store that
cannot be used is not an error of the publication: it is then simply not used (`Store.usable`).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from pathlib import Path

_NAME = re.compile(r"[0-9a-f]{64}")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
MAX_ENTRY = 16 << 20  # an entry is a derived file of a few kilobytes; anything much larger was not written here


def key(*parts: str | bytes) -> str:
    """The SHA-256 (hex) of `parts`, each length-prefixed: ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class UnsafeStore(Exception):
    """A folder on the way to the store is a link, or not a folder: the store is not used."""


def _open_dir(parent: int, name: str, create: bool) -> int:
    """The folder `name` inside the open folder `parent`, opened without following a link (created if asked)."""
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            raise
        try:
            os.mkdir(name, 0o755, dir_fd=parent)
        except FileExistsError:
            pass
        return os.open(name, _DIR_FLAGS, dir_fd=parent)
    except (NotADirectoryError, OSError) as err:
        raise UnsafeStore(f"{name} n’est pas un vrai dossier ({err.strerror})") from None


class Store:
    """One folder of entries, `<sha256><suffix>`, under `folder` (created, folder by folder, below `base`)."""

    def __init__(self, base: Path, *parts: str, suffix: str = "") -> None:
        self.folder = base.joinpath(*parts)
        self.suffix = suffix
        self._ours = re.compile(rf"\.?[0-9a-f]{{64}}{re.escape(suffix)}(?:\.[0-9a-f]{{16}}\.tmp)?")
        self.error = ""
        self._fd: int | None = None
        try:
            fd = os.open(base, _DIR_FLAGS)
        except OSError as err:
            self.error = f"{base} illisible ({err.strerror})"
            return
        try:
            for part in parts:
                if not part or part in (".", "..") or "/" in part:
                    raise UnsafeStore(f"nom de dossier refusé : {part!r}")
                inner = _open_dir(fd, part, create=True)
                os.close(fd)
                fd = inner
        except (UnsafeStore, OSError) as err:
            os.close(fd)
            self.error = str(err)
            return
        self._fd = fd

    @property
    def usable(self) -> bool:
        return self._fd is not None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _name(self, name: str) -> str:
        if not _NAME.fullmatch(name):
            raise ValueError(f"nom d’entrée refusé : {name!r}")
        return name + self.suffix

    def get(self, name: str) -> bytes | None:
        """The entry's bytes, or None (absent, not a regular file, unreadable: it is then made again)."""
        if self._fd is None:
            return None
        try:
            fd = os.open(self._name(name), os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), dir_fd=self._fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)

    def put(self, name: str, data: bytes) -> None:
        """Write the entry: a new file (never through a link), then renamed over the name. A failure leaves no
        temporary file and is not an error (the entry is made again next time)."""
        if self._fd is None:
            return
        final = self._name(name)
        temporary = f".{final}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                         0o644, dir_fd=self._fd)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
            os.replace(temporary, final, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except OSError:
            try:
                os.unlink(temporary, dir_fd=self._fd)
            except OSError:
                pass
        finally:
            os.close(fd)

    def prune(self, keep: set[str]) -> int:
        """Delete the entries not named in `keep` (and temporary files left by an interrupted run): only names this
        store writes, in its own folder; a link is deleted, never followed; a folder never. Returns how many."""
        if self._fd is None:
            return 0
        wanted = {self._name(name) for name in keep}
        removed = 0
        for entry in os.scandir(self._fd):
            if entry.name in wanted or not self._ours.fullmatch(entry.name) or entry.is_dir(follow_symlinks=False):
                continue
            try:
                os.unlink(entry.name, dir_fd=self._fd)
                removed += 1
            except OSError:
                pass
        return removed
