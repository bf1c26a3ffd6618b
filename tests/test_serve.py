"""`pionniers serve`: saving a case file regenerates its page, and the preview serves the new text."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pionniers.sandbox import ROOT, make_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, needle: str, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
                if needle in response.read().decode("utf-8", "replace"):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def test_saving_a_case_refreshes_its_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    port = _free_port()
    cli = Path(sys.executable).parent / "pionniers"
    server = subprocess.Popen([str(cli), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/cas/gamma-pacte/"
        assert _wait(url, "Un cas d’essai sans année de départ.", 90), "the preview never served the case page"
        case = project / "cases" / "gamma-pacte.yml"
        case.write_text(case.read_text(encoding="utf-8").replace(
            "Un cas d’essai sans année de départ.", "Résumé modifié pendant l’aperçu."), encoding="utf-8")
        assert _wait(url, "Résumé modifié pendant l’aperçu.", 30), "the page was not regenerated after the save"
    finally:
        server.terminate()
        server.wait(timeout=20)
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-f", f"serve --dirty --dev-addr 127.0.0.1:{port}"],
                              capture_output=True, text=True).stdout.strip()
    assert leftover == "", "stopping pionniers serve left the MkDocs preview running"
