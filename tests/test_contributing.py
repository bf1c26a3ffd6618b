"""CONTRIBUTING.md: one text for GitHub and for the site's « Contribuer » page (generated from it, never copied), whose
examples are what the code really reads and prints; and the pre-commit hook that validates changed case files,
run offline in a clone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pionniers.contribute.figure_line import parse
from pionniers.pages.guide import SITE_LINKS, repository_links, site_markdown
from pionniers.site.sandbox import ROOT, generate, make_project

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)")


def without_links(text: str) -> str:
    return _LINK.sub(r"\1", text)


def fenced(text: str, after: str) -> list[str]:
    """The lines of the first fenced block after the heading `after`."""
    section = text[text.index(after):]
    start = section.index("```")
    body = section[section.index("\n", start) + 1:]
    return body[: body.index("```")].rstrip("\n").split("\n")


def test_the_site_page_is_the_guide_itself(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests/fixtures/site")
    assert generate(project) == 0
    page = (project / "docs/contribuer/index.md").read_text(encoding="utf-8")
    front, _, body = page.partition("\n---\n\n")
    assert front.startswith("---\ntitle: Contribuer\n")
    assert body.rstrip("\n") == str(site_markdown(GUIDE)).rstrip("\n")
    assert without_links(body).rstrip() == without_links(GUIDE).rstrip()  # the same words, only link targets differ
    assert "(../donnees/cas.schema.json)" in body and "(../donnees/index.md#champs)" in body
    assert "](../../issues/" not in body and "](README.md)" not in body


def test_links_lead_somewhere_on_github_and_on_the_site() -> None:
    for target in repository_links(GUIDE):
        if target.startswith("../../issues/new?template="):
            assert (ROOT / ".github/ISSUE_TEMPLATE" / target.split("=", 1)[1]).is_file(), target
        else:
            assert (ROOT / target).exists(), f"CONTRIBUTING.md renvoie à un fichier absent : {target}"
    assert set(SITE_LINKS) <= set(repository_links(GUIDE))


def test_it_covers_what_a_newcomer_needs() -> None:
    headings = re.findall(r"(?m)^#{2,3} (.+)$", GUIDE)
    for wanted in ("Ce qui fait un bon cas", "Les règles du contenu", "Deux chemins pour proposer un cas",
                   "Sans Git\u00a0: le formulaire", "Avec Git\u00a0: une pull request", "Les chiffres d’impact",
                   "Quand la source se tait", "Voir la page avant de la proposer", "Lire un message de validation",
                   "In English"):
        assert wanted in headings, wanted
    for words in ("pionniers serve", "pionniers validate", "pre-commit install", "non précisé", "evidence",
                  "vos propres mots", "own words"):
        assert words.lower() in GUIDE.lower(), words


def test_the_figure_lines_it_shows_are_read_by_the_converter() -> None:
    lines = fenced(GUIDE, "## Les chiffres d’impact")
    assert len(lines) == 5
    shapes = {parse(line).data["shape"] for line in lines}
    assert shapes == {"count", "range", "change", "rate"}
    table = GUIDE[GUIDE.index("| La source dit | Dans le fichier de cas | Dans le formulaire"):]
    rows = [line for line in table.split("\n")[2:] if line.startswith("| ")][:10]
    assert len(rows) == 10
    for row in rows:  # the first example of each « Dans le formulaire » cell is a value the converter reads
        value = re.search(r"`([^`]+)`", row.split(" | ")[2]).group(1)
        parse(f"{value} | % | x |  | atteint | 1 | mots")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env or dict(os.environ, PYTHONIOENCODING="utf-8"),
                          capture_output=True, text=True, timeout=120)


def test_the_validation_message_it_explains_is_the_real_one(tmp_path: Path) -> None:
    example = fenced(GUIDE, "## Lire un message de validation")[0]
    project = make_project(tmp_path / "p", [])
    case = (ROOT / "cases/jean-louis-kiehl-cresus.yml").read_text(encoding="utf-8")
    assert "\nstart_year: 2010\n" in case
    (project / "cases/jean-louis-kiehl-cresus.yml").write_text(case.replace("start_year: 2010", 'start_year: "2010"'),
                                                               encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONIOENCODING="utf-8")
    result = run(sys.executable, "-m", "pionniers", "validate", cwd=project, env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == example


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the repository with this working tree's hook configuration, and the venv beside it."""
    dest = tmp_path_factory.mktemp("hook") / "depot"
    run("git", "clone", "--quiet", str(ROOT), str(dest), cwd=ROOT)
    shutil.copy(ROOT / ".pre-commit-config.yaml", dest / ".pre-commit-config.yaml")
    os.symlink(Path(sys.executable).parent.parent, dest / ".venv")
    return dest


def hook(clone: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run` on the given files, offline: its cache in the clone, no network needed by a local hook."""
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/bin:/bin", "HOME": str(clone),
           "PRE_COMMIT_HOME": str(clone / ".pre-commit-cache"), "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_COLOR": "1"}
    return run(str(Path(sys.executable).parent / "pre-commit"), "run", "--color=never", "--files", *files,
               cwd=clone, env=env)


def test_the_hook_validates_changed_case_files_offline(clone: Path) -> None:
    good = hook(clone, "cases/jean-louis-kiehl-cresus.yml", "README.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"pionniers validate \(fichiers de cas modifiés\)\.+Passed", good.stdout), good.stdout
    other = hook(clone, "README.md")
    assert other.returncode == 0 and "(no files to check)Skipped" in other.stdout, other.stdout
    broken = clone / "cases/jean-louis-kiehl-cresus.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: fellow", "kind: felow"), encoding="utf-8")
    bad = hook(clone, "cases/jean-louis-kiehl-cresus.yml")
    assert bad.returncode == 1
    assert "cases/jean-louis-kiehl-cresus.yml:4:7: [kind] valeur «\u00a0felow\u00a0» inconnue" in bad.stdout, bad.stdout
