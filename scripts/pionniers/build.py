"""`pionniers build`: validate, then write every generated page and data file under docs/, atomically.

Generated folders (render.GENERATED_DIRS) belong to this step alone: whatever it did not write this time is
removed, so a deleted or renamed case leaves no page behind. Files whose bytes did not change are not touched,
which keeps `mkdocs serve` from rebuilding for nothing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any
import tempfile
from datetime import date
from pathlib import Path

import yaml

from . import export
from .cli import report
from .corpus import Corpus, FileCache, check_corpus
from .paths import Layout
from .publish import schema_text
from .render import GENERATED_DIRS, Settings, build_model, render_site


def settings_from(layout: Layout, today: date | None = None) -> Settings:
    """The public settings rendering needs, read from mkdocs.yml (site_url, extra.edit_base)."""
    config = yaml.safe_load((layout.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    extra = config.get("extra") or {}
    return Settings(today=today or date.today(), site_url=config.get("site_url") or "",
                    edit_base=extra.get("edit_base") or "")


@dataclass
class Memory:
    """What `pionniers serve` keeps between saves, so that a save costs about one case's work, not the corpus's."""

    files: FileCache = field(default_factory=dict)  # validated case files, by modification time and size
    pages: dict[tuple[Any, ...], str] = field(default_factory=dict)  # rendered case pages and cards
    written: dict[str, bytes] = field(default_factory=dict)  # what the last build wrote under docs/


def generate(layout: Layout, corpus: Corpus, settings: Settings,
             memo: dict[tuple[Any, ...], str] | None = None) -> dict[str, bytes]:
    """Every generated file, keyed by its path under docs/. Pure but for reading the case files to publish them."""
    model = build_model(corpus.cases, settings)
    files = {path: text.encode("utf-8") for path, text in render_site(model, memo).items()}
    files["donnees/cas.json"] = export.cases_json(corpus.cases).encode("utf-8")
    files["donnees/cas.csv"] = export.cases_csv(corpus.cases).encode("utf-8")
    files["donnees/chiffres.csv"] = export.figures_csv(corpus.cases).encode("utf-8")
    files["donnees/cas.schema.json"] = schema_text().encode("utf-8")
    for case in corpus.cases:
        files[f"donnees/cas/{case.slug}.yml"] = (layout.cases / f"{case.slug}.yml").read_bytes()
    return files


def write_tree(docs: Path, files: dict[str, bytes], last: dict[str, bytes] | None = None) -> tuple[int, int]:
    """Write files atomically (temporary file, then rename); remove stale generated files. Returns (written, removed).

    `last` (the preview's memory of the previous build) spares reading back files that did not change."""
    written = 0
    for rel, content in sorted(files.items()):
        target = docs / rel
        if last is not None and last.get(rel) == content and target.is_file():
            continue
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        written += 1
    removed = 0
    wanted = {docs / rel for rel in files}
    for top in GENERATED_DIRS:
        root = docs / top
        if not root.exists():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written, removed


def build(layout: Layout, today: date | None = None, memory: Memory | None = None) -> int:
    corpus = check_corpus(layout, today=today, cache=memory.files if memory else None)
    if not corpus.ok:
        report(corpus.problems, corpus.files)
        print("Rien n’a été écrit : corrigez ces problèmes puis relancez `pionniers build`.", file=sys.stderr)
        return 1
    files = generate(layout, corpus, settings_from(layout, today), memory.pages if memory else None)
    written, removed = write_tree(layout.docs, files, memory.written if memory else None)
    if memory is not None:
        memory.written = files
    print(f"{len(corpus.cases)} cas, {len(files)} fichiers générés dans docs/ "
          f"({written} écrits, {removed} obsolètes supprimés).")
    return 0
