"""Where things are: the repository root and the folders the commands read and write."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


# The folders under docs/ that `pionniers build` writes, and the only ones it ever deletes anything from.
# « parcours »: the pages of the learning paths (parcours/<slug>.yml at the root holds their sources); « contribuer »:
# the guide, generated from CONTRIBUTING.md.
GENERATED_DIRS = ("cas", "themes", "types", "organisations", "territoires", "impact", "donnees", "parcours", "contribuer",
                  "sources")
# Generated files outside those folders: the home page, built from the data (corpus at a glance, map, featured cases).
GENERATED_FILES = ("index.md",)
# Where derived files are kept between runs, by the hash of their inputs (cache.py): a git-ignored folder under the
# repository root, the only one the cache writes or deletes in.
# Not under .cache/: Zensical takes that whole folder for its own cache, and `zensical build --clean` empties it.
CACHE_DIRS = (".cache-pionniers",)


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    @property
    def parcours(self) -> Path:
        """The learning paths: one `parcours/<slug>.yml` per path."""
        return self.root / "parcours"

    @property
    def sources(self) -> Path:
        """The source records: one `sources/<id>.yml` per source document, cited by id from the cases."""
        return self.root / "sources"

    @property
    def manifest(self) -> Path:
        """The committed list of every address the site has published (manifest.py)."""
        return self.root / "adresses-publiees.txt"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def featured(self) -> Path:
        """The home page's featured cases (featured.py)."""
        return self.root / "accueil.yml"

    @property
    def contributing(self) -> Path:
        """CONTRIBUTING.md: the contributor's guide, also published as the site's « Contribuer » page."""
        return self.root / "CONTRIBUTING.md"

    @property
    def schema_file(self) -> Path:
        return self.root / "schema" / "cas.schema.json"

    def rel(self, path: Path) -> str:
        """A path as contributors see it: relative to the repository root, with forward slashes. A symbolic link is
        named as itself, never as what it points to."""
        for candidate in (lambda: path, lambda: Path(os.path.abspath(path)), path.resolve):  # each only if needed
            try:
                return candidate().relative_to(self.root).as_posix()
            except ValueError:
                continue
        return path.as_posix()


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding both `mkdocs.yml` and `cases/`, from `start` (default: the current folder) up."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "cases").is_dir():
            return folder
    return here
