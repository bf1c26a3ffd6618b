"""The search box works in `pionniers serve`'s preview, and follows saves: a word just written in a case file is
found a few seconds later, in Chromium, on the preview's own server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from pionniers.site.sandbox import ROOT, make_project

FIXTURES = ROOT / "tests" / "fixtures" / "site"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _found(page, base: str, search, query: str) -> list[str]:  # noqa: ANN001
    """The results of `query` on a freshly loaded preview page; [] while the preview (re)loads under our feet."""
    try:
        page.goto(base + "/")
        return search(page, query)
    except Exception:  # noqa: BLE001 (the preview not up yet, or reloading the page after a rebuild)
        return ["(pas de réponse)"]


def test_search_in_the_preview_follows_saves(browser, search, tmp_path: Path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p", FIXTURES)
    port = _free_port()
    cli = Path(sys.executable).parent / "pionniers"
    server = subprocess.Popen([str(cli), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    requests: list[str] = []
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        deadline = time.monotonic() + 60
        # The preview is up, and its search index written (in the background, just after the first build).
        while "/cas/alpha-banque/" not in _found(page, base, search, "menages fragiles"):
            assert time.monotonic() < deadline, "the preview's search never answered"
            time.sleep(0.5)
        # Not there before the save (Pagefind may still offer pages sharing a prefix of an unknown word).
        assert "/cas/gamma-pacte/" not in _found(page, base, search, "ornithorynques")
        case = project / "cases" / "gamma-pacte.yml"
        case.write_text(case.read_text(encoding="utf-8").replace(
            "Un cas d’essai sans année de départ.", "Un cas d’essai où l’on compte les ornithorynques."),
            encoding="utf-8")
        deadline = time.monotonic() + 30
        while "/cas/gamma-pacte/" not in _found(page, base, search, "ornithorynques"):
            assert time.monotonic() < deadline, "the preview's search did not follow the save"
            time.sleep(0.5)
        context.close()
        foreign = [u for u in requests if urlsplit(u).scheme in ("http", "https") and
                   urlsplit(u).netloc != f"127.0.0.1:{port}"]
        assert foreign == [], foreign
    finally:
        server.terminate()
        server.wait(timeout=20)
