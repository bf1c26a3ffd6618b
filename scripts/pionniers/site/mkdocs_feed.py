"""`mkdocs build --strict`, run by `pionniers publish` in its own process, handing over each page it writes.

    python -m pionniers.site.mkdocs_feed ROOT SITE FD       # then « go » on its standard input

MkDocs' own build (`mkdocs.commands.build.build`, what `mkdocs build --strict -f ROOT/mkdocs.yml -d SITE` runs), with
one more plugin, added here and not in mkdocs.yml (which stays readable by Zensical): it writes to the pipe FD

    ("pages", [path, …])   the pages it will write (paths under SITE), once it has listed the files, before it
                           copies the static ones (theme, assets, cards, redirect pages) and writes any page;
    ("page", path, html)   each page, as it is written to SITE (the same text: the plugin is the last one);

so that `pionniers publish` scans and indexes each page while MkDocs builds the next ones, instead of reading the
whole site again once it is done. Each frame is a 4-byte length then a pickle: both ends are this package.
It starts before the pages are generated, loads MkDocs, the theme and the configuration meanwhile, then waits for a
line « go » on its standard input (anything else, or the end: it exits without building).
Exit status: 0, or 1 when the build fails (its messages, strict warnings included, on stderr, as MkDocs prints them).
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
from typing import Any, BinaryIO

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.plugins import BasePlugin


def write_frame(stream: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<I", len(data)) + data)


def read_frames(stream: BinaryIO):  # noqa: ANN201
    """The frames of `stream`, until its end (the builder exited)."""
    while True:
        head = stream.read(4)
        if len(head) < 4:
            return
        (size,) = struct.unpack("<I", head)
        yield pickle.loads(stream.read(size))  # noqa: S301 (written by write_frame above, in our own child process)


class Feed(BasePlugin):
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def on_env(self, env, /, *, config, files):  # noqa: ANN001, ANN201
        write_frame(self.stream, ("pages", [f.dest_uri for f in files.documentation_pages()]))
        return env

    def on_post_page(self, output: str, /, *, page, config) -> str:  # noqa: ANN001
        write_frame(self.stream, ("page", page.file.dest_uri, output))
        return output


def main(argv: list[str]) -> int:
    root, site, fd = argv
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    with os.fdopen(int(fd), "wb", buffering=1 << 20) as stream:
        try:
            config = load_config(config_file=os.path.join(root, "mkdocs.yml"), site_dir=site, strict=True)
            config.plugins["pionniers-publish-feed"] = Feed(stream)
            config.plugins.on_startup(command="build", dirty=False)
            # Ready (Python, MkDocs and the theme loaded, the configuration read): wait for the pages to be generated.
            if sys.stdin.readline().strip() != "go":
                return 0
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except (Abort, MkDocsException) as error:
            print(f"ERROR   -  {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main(sys.argv[1:]))
