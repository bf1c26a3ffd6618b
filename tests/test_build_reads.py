"""What the build reads is the repository's own plain files: a symbolic link (or a pipe) anywhere under docs/,
overrides/ or among the root files the build reads is refused with its path, in French, before anything is written
— wherever it points, inside the repository or out (`docs/assets/env.txt -> /proc/self/environ` would publish the
build's environment). accueil.yml, linked or empty, is told as such."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pionniers.common.paths import Layout
from pionniers.site.build import build
from pionniers.site.sandbox import ROOT, TODAY, make_project

CASES = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", CASES)


LINKS = {
    "docs/assets/env.txt": "/proc/self/environ",
    "docs/assets/lisez.txt": "../../README.md",  # inside the repository: a link all the same
    "docs/comprendre/ailleurs": "/etc",
    "overrides/partials/env.html": "/proc/self/environ",
    "docs/page.md": "/etc/hostname",
}


@pytest.mark.parametrize("rel", LINKS)
def test_a_link_the_build_would_read_is_refused_with_its_path(project: Path, rel: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    link = project / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(LINKS[rel], link)
    assert build(Layout(project), today=TODAY) == 1
    err = capsys.readouterr().err
    assert f"pionniers : {rel} est un lien symbolique (vers {LINKS[rel]})" in err
    assert "Rien n’a été écrit" in err
    assert not (project / "docs" / "cas").exists()


@pytest.mark.parametrize("name", ["mkdocs.yml", "CONTRIBUTING.md", "pagefind.yml"])
def test_a_root_file_the_build_reads_may_not_be_a_link(project: Path, name: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    real = project / f"{name}.vrai"
    os.replace(project / name, real)
    os.symlink(real.name, project / name)
    assert build(Layout(project), today=TODAY) == 1
    assert f"pionniers : {name} est un lien symbolique (vers {name}.vrai)" in capsys.readouterr().err


def test_a_pipe_under_docs_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(project / "docs" / "assets" / "tube")
    assert build(Layout(project), today=TODAY) == 1
    assert "docs/assets/tube n’est ni un fichier ordinaire ni un dossier" in capsys.readouterr().err


def test_a_linked_accueil_is_reported_not_ignored(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "ailleurs.yml").write_text("a_la_une: [alpha-banque]\n", encoding="utf-8")
    os.symlink("ailleurs.yml", project / "accueil.yml")
    assert build(Layout(project), today=TODAY) == 1
    assert "accueil.yml est un lien symbolique (vers ailleurs.yml)" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["", "\n\n", "# rien\n"])
def test_an_empty_accueil_is_told_what_to_write_not_to_run_new(project: Path, text: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (project / "accueil.yml").write_text(text, encoding="utf-8")
    assert build(Layout(project), today=TODAY) == 1
    out = capsys.readouterr()
    printed = (out.out + out.err).replace("\u00a0", " ")  # messages carry French no-break spaces
    assert "accueil.yml:1:1: [a_la_une] accueil.yml est vide : écrivez « a_la_une: »" in printed
    assert "pionniers new" not in out.out + out.err


def test_plain_files_build(project: Path) -> None:
    assert build(Layout(project), today=TODAY) == 0


@pytest.mark.parametrize("rel", ["cases/2026/x.yml", "cases/a/b/c.yaml", "sources/2026/x.yml", "parcours/m1/x.yml"])
def test_a_file_in_a_sub_folder_is_reported_never_silently_left_out(project: Path, rel: str) -> None:
    from pionniers.model.corpus import check_corpus

    (project / "parcours").mkdir(exist_ok=True)
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((CASES / "gamma-pacte.yml").read_text(encoding="utf-8"), encoding="utf-8")
    top = rel.split("/")[0]
    found = [p for p in check_corpus(Layout(project), today=TODAY).problems if p.path == rel]
    assert [(p.line, p.message) for p in found] == [
        (1, f"fichier dans un sous-dossier : les fichiers de {top}/ s’y rangent directement (les sous-dossiers ne "
            f"sont pas lus) ; déplacez-le dans {top}/")]
    assert build(Layout(project), today=TODAY) == 1
