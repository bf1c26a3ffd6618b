"""The case files as they were at a git revision, read from git's object store into memory.

Git's plumbing only: `rev-parse` resolves the revision to a commit, `ls-tree` lists `cases/` with each entry's
mode, and `cat-file --batch` reads the blobs. Only regular files named like a case (`cases/<name>.yml`) are read:
a symbolic link, a submodule or a folder is listed as skipped, never followed, and nothing is written to disk.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pionniers.common.chars import visible
from pionniers.model.load import MAX_BYTES

REGULAR_MODES = ("100644", "100755")
_CASE_PATH = re.compile(r"cases/[^/]+\.yml")
_NESTED_CASE_PATH = re.compile(r"cases/(?:[^/.][^/]*/)+[^/.][^/]*\.ya?ml", re.I)


class RevisionError(Exception):
    """The revision cannot be read (unknown, not a commit, not a git repository): a French sentence."""


@dataclass(frozen=True)
class Snapshot:
    commit: str
    files: dict[str, bytes] = field(default_factory=dict)  # "cases/<name>.yml" -> bytes (at most MAX_BYTES + 1)
    skipped: tuple[str, ...] = ()  # entries named like a case that are not regular files


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=120)


def resolve(root: Path, revision: str) -> str:
    """The full hash of the commit a revision names. A revision that looks like an option is refused before git."""
    if not revision or revision.startswith("-") or any(c.isspace() or not c.isprintable() for c in revision):
        raise RevisionError(f"révision « {visible(revision[:80])} » impossible : donnez un nom de branche, d’étiquette ou "
                            "un identifiant de commit (par exemple main ou origin/main)")
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise RevisionError(f"révision « {revision} » introuvable dans ce dépôt git : vérifiez son nom (git log "
                            "--oneline la montre), ou récupérez-la d’abord (git fetch)")
    return found.stdout.decode("ascii").strip()


def cases_at(root: Path, revision: str) -> Snapshot:
    """The regular `cases/*.yml` files at `revision`."""
    commit = resolve(root, revision)
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", "cases/")
    if listing.returncode != 0:
        raise RevisionError(f"impossible de lister cases/ à la révision « {revision} » : "
                            f"{listing.stderr.decode('utf-8', 'replace').strip()}")
    wanted: list[tuple[str, str]] = []  # (object id, path)
    skipped: list[str] = []
    for entry in filter(None, listing.stdout.split(b"\0")):
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        path = raw_path.decode("utf-8", "replace")
        if not _CASE_PATH.fullmatch(path):
            if _NESTED_CASE_PATH.fullmatch(path):
                skipped.append(path)  # in a sub-folder: never a case (pionniers validate says so)
            continue
        if mode in REGULAR_MODES and kind == "blob":
            wanted.append((oid, path))
        else:
            skipped.append(path)
    return Snapshot(commit, _blobs(root, wanted), tuple(sorted(skipped)))


def _blobs(root: Path, wanted: list[tuple[str, str]]) -> dict[str, bytes]:
    """The contents of the given blobs, through one `git cat-file --batch`, each cut at MAX_BYTES + 1 (the loader
    refuses a file that large with its own message)."""
    if not wanted:
        return {}
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in wanted).encode("ascii"))
    if batch.returncode != 0:
        raise RevisionError(f"lecture des fichiers impossible : {batch.stderr.decode('utf-8', 'replace').strip()}")
    out: dict[str, bytes] = {}
    data, pos = batch.stdout, 0
    for oid, path in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].decode("ascii").split(" ")
        if len(header) != 3 or header[0] != oid or header[1] != "blob":
            raise RevisionError(f"réponse inattendue de git pour {path}")
        size = int(header[2])
        out[path] = data[end + 1:end + 1 + min(size, MAX_BYTES + 1)]
        pos = end + 1 + size + 1  # the content, then a line feed
    return out
