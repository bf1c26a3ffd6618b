"""`python -m pionniers.preview serve …`: MkDocs' own `mkdocs serve`, with two changes for `pionniers serve`.

- It watches its files every 0.1 s instead of 0.5 s: MkDocs 1.6 polls the docs folder at a fixed half-second
  interval, which alone adds up to 0.5 s between `pionniers serve` rewriting a page and the browser refreshing.
- After each build, the pages whose generated source is gone (a deleted or renamed case) are removed from the
  preview's temporary site folder: a `--dirty` build only ever adds pages, so a deleted case would stay served.

Should the names ever move in MkDocs, it runs unchanged. It then hands over to MkDocs' command line.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path
from typing import Any

import mkdocs.commands.serve as mkdocs_serve
from mkdocs.__main__ import cli

from .paths import GENERATED_DIRS

POLLING_INTERVAL = 0.1


def prune(docs: Path, site: Path) -> int:
    """Remove from `site` the files built from generated sources that no longer exist under `docs`. Only regular
    files inside the generated folders of the preview's own site folder are ever removed. Returns how many."""
    removed = 0
    for top in GENERATED_DIRS:
        root = site / top
        if not root.is_dir() or root.is_symlink():
            continue
        for folder, _, names in os.walk(root, topdown=False, followlinks=False):
            for name in names:
                path = Path(folder) / name
                rel = path.relative_to(site)
                if name == "index.html":
                    parent = rel.parent
                    sources = [docs / f"{parent}.md", docs / parent / "index.md", docs / parent / "index.html"]
                else:
                    sources = [docs / rel]
                if not any(s.exists() for s in sources) and stat.S_ISREG(os.lstat(path).st_mode):
                    path.unlink()
                    removed += 1
            if folder != str(root) and not os.listdir(folder):
                os.rmdir(folder)
    return removed


def _build_then_prune(build: Any, config: Any, **kwargs: Any) -> None:
    build(config, **kwargs)
    prune(Path(config.docs_dir), Path(config.site_dir))


if hasattr(mkdocs_serve, "LiveReloadServer"):
    mkdocs_serve.LiveReloadServer = functools.partial(  # type: ignore[misc]
        mkdocs_serve.LiveReloadServer, polling_interval=POLLING_INTERVAL)
if hasattr(mkdocs_serve, "build"):
    mkdocs_serve.build = functools.partial(_build_then_prune, mkdocs_serve.build)  # type: ignore[assignment]

if __name__ == "__main__":
    cli(prog_name="mkdocs")
