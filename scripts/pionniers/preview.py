"""`python -m pionniers.preview serve …`: MkDocs' own `mkdocs serve`, watching its files every 0.1 s instead of 0.5 s.

MkDocs 1.6 polls the docs folder at a fixed half-second interval, which alone adds up to 0.5 s between
`pionniers serve` rewriting a page and the browser refreshing. This launcher only changes that interval (for the
pinned MkDocs; should the name ever move, it runs MkDocs unchanged) and then hands over to MkDocs' command line.
"""

from __future__ import annotations

import functools

import mkdocs.commands.serve as mkdocs_serve
from mkdocs.__main__ import cli

POLLING_INTERVAL = 0.1

if hasattr(mkdocs_serve, "LiveReloadServer"):
    mkdocs_serve.LiveReloadServer = functools.partial(  # type: ignore[misc]
        mkdocs_serve.LiveReloadServer, polling_interval=POLLING_INTERVAL)

if __name__ == "__main__":
    cli(prog_name="mkdocs")
