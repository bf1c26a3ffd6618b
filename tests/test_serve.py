"""`pionniers serve`: saving a case file regenerates its page, and the preview serves the new text."""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from pionniers.site.sandbox import ROOT, make_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and text (character references decoded) of a preview page; 0 when the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
            return response.status, html.unescape(response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return 0, ""


def _wait(url: str, needle: str, seconds: float, *, absent: bool = False) -> bool:
    """Until `needle` is in the page (or, with absent=True, until the page answers without it)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status, text = _get(url)
        if status and ((needle not in text) if absent else (needle in text)):
            return True
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
        # Addresses no file can have are not found, never an error with a traceback.
        for hostile in ("/cas/%00", "/cas/%00/", "/%00", "/cas/gamma-pacte/%01", "/cas/%7f/", "/" + "a" * 5000 + "/"):
            assert _get(f"http://127.0.0.1:{port}{hostile}")[0] == 404, hostile
        case = project / "cases" / "gamma-pacte.yml"
        case.write_text(case.read_text(encoding="utf-8").replace(
            "Un cas d’essai sans année de départ.", "Résumé modifié pendant l’aperçu."), encoding="utf-8")
        assert _wait(url, "Résumé modifié pendant l’aperçu.", 30), "the page was not regenerated after the save"

        # A save that breaks the case: its page shows the problem (file, line, message), not the old story.
        good = case.read_text(encoding="utf-8")
        case.write_text(good.replace("kind: politique-publique", "kind: politique"), encoding="utf-8")
        assert _wait(url, "cases/gamma-pacte.yml:5:7", 30), "the preview did not show the problem"
        status, text = _get(url)
        assert "valeur « politique » inconnue pour « kind »" in text and "Résumé modifié" not in text
        # The list of cases follows with the rebuild of the whole corpus, just after the case's own page.
        assert _wait(f"http://127.0.0.1:{port}/cas/", "cases/gamma-pacte.yml:5:7", 30), "no problem on /cas/"
        # The fix makes it disappear.
        case.write_text(good, encoding="utf-8")
        assert _wait(url, "Résumé modifié pendant l’aperçu.", 30) and "gamma-pacte.yml:5:7" not in _get(url)[1]

        # A new case's page appears (built with the whole corpus), and then follows its own saves.
        new = project / "cases" / "delta-nouveau.yml"
        new.write_text(good.replace("slug: gamma-pacte", "slug: delta-nouveau").replace(
            "Résumé modifié pendant l’aperçu.", "Un cas ajouté pendant l’aperçu."), encoding="utf-8")
        fresh = f"http://127.0.0.1:{port}/cas/delta-nouveau/"
        assert _wait(fresh, "Un cas ajouté pendant l’aperçu.", 30), "the new case's page never appeared"
        time.sleep(1)
        new.write_text(new.read_text(encoding="utf-8").replace("ajouté pendant", "ajouté puis modifié pendant"),
                       encoding="utf-8")
        assert _wait(fresh, "Un cas ajouté puis modifié pendant l’aperçu.", 30), "the new case did not follow its save"

        # A deleted case's page disappears from the preview.
        other = f"http://127.0.0.1:{port}/cas/beta-fondation/"
        assert _get(other)[0] == 200
        (project / "cases" / "beta-fondation.yml").unlink()
        end = time.monotonic() + 30
        while time.monotonic() < end and _get(other)[0] == 200:
            time.sleep(0.1)
        assert _get(other)[0] == 404, "the deleted case's page is still served"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert _get(f"http://127.0.0.1:{port}/")[0] == 0, "stopping pionniers serve left the preview answering"
    assert "Traceback" not in output, output[-3000:]


def _serve(project: Path, tmp: Path, addr: str) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).parent / "pionniers"
    return subprocess.run([str(cli), "serve", "--dev-addr", addr], cwd=project, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "TMPDIR": str(tmp), "NO_MKDOCS_2_WARNING": "1"})


def test_a_busy_port_is_said_in_french_and_leaves_nothing_behind(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _serve(project, tmp, f"127.0.0.1:{port}")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"pionniers serve : le port {port} de 127.0.0.1 est déjà pris" in result.stderr
    assert f"--dev-addr 127.0.0.1:{port + 1}" in result.stderr
    assert "erreur interne" not in result.stderr and "Traceback" not in result.stderr
    assert list(tmp.iterdir()) == []


def test_a_port_that_is_not_one_is_said_in_french(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for addr in ("127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:huit", "8000", "127.0.0.1:٨٠٠٠"):
        result = _serve(project, tmp, addr)
        assert result.returncode == 2, addr
        assert "le port étant un nombre de 1 à 65535" in result.stderr, result.stderr
        assert "erreur interne" not in result.stderr
    assert list(tmp.iterdir()) == []



def test_a_new_place_gets_its_page_without_another_save_and_no_mkdocs_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    port = _free_port()
    cli = Path(sys.executable).parent / "pionniers"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([str(cli), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                  stdout=out, stderr=subprocess.STDOUT, text=True,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            url = f"http://127.0.0.1:{port}/cas/gamma-pacte/"
            assert _wait(url, "Un cas d’essai sans année de départ.", 90), "the preview never served the case page"
            case = project / "cases" / "gamma-pacte.yml"
            case.write_text(case.read_text(encoding="utf-8").replace("  place: France", "  place: Aubagne"),
                            encoding="utf-8")
            assert _wait(url, "Aubagne", 30), "the case page did not follow the save"
            # The new place's page and its region's come with the rebuild of the corpus, without another save.
            assert _wait(f"http://127.0.0.1:{port}/territoires/aubagne/", "Aubagne", 60), "no page for the new place"
            assert _wait(f"http://127.0.0.1:{port}/territoires/provence-alpes-cote-d-azur/", "Aubagne", 30)
        finally:
            server.terminate()
            server.wait(timeout=20)
    printed = log.read_text(encoding="utf-8")
    assert "page régénérée" in printed
    assert "not found among documentation files" not in printed, printed
