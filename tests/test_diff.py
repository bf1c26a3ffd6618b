"""`pionniers diff BASE`: the cases at a git revision against the working tree — cases added, renamed (an alias), removed
or modified, figures added, removed, changed (old → new, with the source's words) — read from git's objects only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pionniers.contribute.diff import compare_figures
from pionniers.site.sandbox import ROOT
from pionniers_testkit import base_text

FIG = {"shape": "count", "value": 33000, "unit": "ménages", "status": "achieved", "source": "ashoka",
       "evidence": "les mots de la source qui donnent ce chiffre"}


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Essai", GIT_AUTHOR_EMAIL="essai@example.org",
               GIT_COMMITTER_NAME="Essai", GIT_COMMITTER_EMAIL="essai@example.org")
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "pionniers", "diff", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)


FIGURES_BEFORE = """\
figures:
  - shape: count
    value: 33000
    unit: ménages
    status: achieved
    source: ashoka
    evidence: plus de 33 000 ménages
  - shape: count
    value: 12
    unit: agences
    status: achieved
    source: ashoka
    evidence: 12 agences
  - shape: rate
    value: 16
    per: mois
    unit: h
    status: achieved
    source: ashoka
    evidence: 16 h par mois
"""
FIGURES_AFTER = """\
figures:
  - shape: count
    value: 35000
    qualifier: at_least
    unit: ménages
    status: achieved
    source: ashoka
    evidence: plus de 35 000 ménages
  - shape: rate
    value: 16
    per: mois
    unit: h
    status: achieved
    source: ashoka
    evidence: 16 h par mois
  - shape: range
    low: 63
    high: 80
    unit: "%"
    label: des bénéficiaires
    status: achieved
    source: ashoka
    evidence: 63 % à 80 % des bénéficiaires
"""


def with_figures(slug: str, figures: str) -> str:
    text = base_text(slug)
    head, _, rest = text.partition("figures:\n")
    return head + figures + "sources:\n" + rest.partition("sources:\n")[2]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose last commit holds four cases (and a link named like one); its working tree then changes."""
    repo = tmp_path / "depot"
    (repo / "cases").mkdir(parents=True)
    (repo / "mkdocs.yml").write_text("site_name: essai\n", encoding="utf-8")
    cases = repo / "cases"
    (cases / "modifie.yml").write_text(with_figures("modifie", FIGURES_BEFORE), encoding="utf-8")
    (cases / "ancien-nom.yml").write_text(base_text("ancien-nom"), encoding="utf-8")
    (cases / "retire.yml").write_text(base_text("retire").replace("Un cas d’essai", "Un cas retiré"), encoding="utf-8")
    (cases / "intact.yml").write_text(base_text("intact"), encoding="utf-8")
    os.symlink("/etc/passwd", cases / "lien.yml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    (cases / "lien.yml").unlink()
    (cases / "modifie.yml").write_text(with_figures("modifie", FIGURES_AFTER).replace("Un résumé court.",
                                                                                       "Un autre résumé."), "utf-8")
    (cases / "ancien-nom.yml").unlink()
    (cases / "nouveau-nom.yml").write_text(base_text("nouveau-nom") + "aliases: [ancien-nom]\n", encoding="utf-8")
    (cases / "retire.yml").unlink()
    hostile = base_text("ajoute").replace("title: Un cas d’essai", 'title: "<img src=x onerror=alert(1)> [lien](https://x.example) @quelquun"')
    (cases / "ajoute.yml").write_text(hostile, encoding="utf-8")
    (cases / "casse.yml").write_text("slug: [\n", encoding="utf-8")
    return repo


def test_text_lists_every_change_with_the_evidence(repo: Path) -> None:
    result = run(repo, "main")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Cas de main (")
    assert lines[0].endswith(") → arbre de travail : 4 cas changés (1 ajouté, 1 renommé, 1 retiré, 1 modifié).")
    assert lines[1:] == [
        "cas ajouté : cases/ajoute.yml (« <img src=x onerror=alert(1)> [lien](https://x.example) @quelquun »)",
        "  chiffre ajouté : 33\u202f000 ménages",
        "    preuve : « les mots de la source qui donnent ce chiffre »",
        "cas modifié : cases/modifie.yml (« Un cas d’essai »)",
        "  chiffre modifié : 33\u202f000 ménages → plus de 35\u202f000 ménages",
        "    preuve avant : « plus de 33 000 ménages »",
        "    preuve après : « plus de 35 000 ménages »",
        "  chiffre retiré : 12 agences",
        "    preuve : « 12 agences »",
        "  chiffre ajouté : 63\u202f% à 80\u202f% des bénéficiaires",
        "    preuve : « 63 % à 80 % des bénéficiaires »",
        "  autres champs modifiés : summary",
        "cas renommé : ancien-nom → nouveau-nom (cases/nouveau-nom.yml, « Un cas d’essai ») : l’ancienne adresse redirige",
        "cas retiré : cases/retire.yml (« Un cas retiré »)",
        "illisible comme un cas (voir pionniers validate) : cases/casse.yml",
        "ignoré dans main (pas un fichier ordinaire) : cases/lien.yml",
    ]


def test_markdown_summary_keeps_contributor_text_inert(repo: Path) -> None:
    result = run(repo, "HEAD", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    summary = result.stdout
    assert summary.startswith("## Ce qui change dans les cas\n")
    assert "### Cas ajouté\u00a0: `cases/ajoute.yml`" in summary
    assert "### Cas renommé\u00a0: `ancien-nom` → `cases/nouveau-nom.yml`" in summary
    assert "<img" not in summary and "](https" not in summary and "@quelquun" not in summary
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;" in summary and "&#64;quelquun" in summary
    assert "- **Chiffre modifié**\u00a0: 33\u202f000 ménages → **plus de 35\u202f000 ménages**" in summary


def test_nothing_changed(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "suite")
    result = run(repo, "HEAD")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].endswith(" : 0 cas changé (0 ajouté, 0 renommé, 0 retiré, 0 modifié).")
    assert "illisible comme un cas (voir pionniers validate) : cases/casse.yml" in result.stdout  # still unreadable


@pytest.mark.parametrize(("revision", "words"), [
    ("inconnue", "introuvable"),
    ("--output=/tmp/x", "impossible"),
    ("main\nHEAD", "impossible"),
])
def test_a_revision_git_cannot_read_exits_2(repo: Path, revision: str, words: str) -> None:
    result = run(repo, "--", revision)  # past argparse: the revision itself must be refused before git sees it
    assert result.returncode == 2 and result.stdout == ""
    assert words in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_outside_a_git_repository_exits_2(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: essai\n", encoding="utf-8")
    env_git_ceiling = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), **env_git_ceiling)
    result = subprocess.run([sys.executable, "-m", "pionniers", "diff", "main"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "introuvable" in result.stderr, result.stderr


def test_figures_are_paired_by_what_they_count() -> None:
    same, moved = dict(FIG), dict(FIG, value=34000)
    other_unit = dict(FIG, unit="foyers")
    assert compare_figures([FIG], [FIG]) == []
    changes = compare_figures([FIG, dict(FIG, unit="agences")], [moved, other_unit])
    assert [(c.kind, (c.old or {}).get("value"), (c.new or {}).get("value")) for c in changes] == [
        ("modifié", 33000, 34000), ("retiré", 33000, None), ("ajouté", None, 33000)]
    assert [c.kind for c in compare_figures([same, same], [same])] == ["retiré"]


# A file name is the contributor's choice: it may be no slug at all, hold terminal escapes, or sit in a sub-folder.
ODD_NAMES = ["Jean-Louis.yml", "é t é.yml", "\x1b[31mrouge\x1b[0m.yml", "`code`.yml", "@quelquun #12.yml"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_odd_file_name_is_told_never_a_crash_nor_live_text(repo: Path, name: str) -> None:
    (repo / "cases" / name).write_text(base_text("jean-louis"), encoding="utf-8")
    markdown = run(repo, "main", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert "erreur interne" not in markdown.stderr
    assert "\x1b" not in markdown.stdout
    heading = [line for line in markdown.stdout.splitlines()
               if line.startswith("### Cas ajouté") and "ajoute.yml" not in line]
    assert len(heading) == 1 and heading[0].endswith("`"), heading  # a code span: no mention, link nor markup
    text = run(repo, "main")
    assert text.returncode == 0 and "\x1b" not in text.stdout, text.stdout


def test_a_case_in_a_sub_folder_is_reported_by_diff_and_validate(repo: Path) -> None:
    (repo / "cases" / "2026").mkdir()
    (repo / "cases" / "2026" / "x.yml").write_text(base_text("x"), encoding="utf-8")
    text = run(repo, "main")
    assert "ignoré dans l’arbre de travail (voir pionniers validate) : cases/2026/x.yml" in text.stdout
    markdown = run(repo, "main", "--format", "markdown")
    assert "`cases/2026/x.yml`" in markdown.stdout
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "sous-dossier")
    base_side = run(repo, "HEAD")
    assert "ignoré dans HEAD (dans un sous-dossier) : cases/2026/x.yml" in base_side.stdout
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    validate = subprocess.run([sys.executable, "-m", "pionniers", "validate"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=60)
    assert validate.returncode == 1
    assert ("cases/2026/x.yml:1:1: fichier dans un sous-dossier : les fichiers de cases/ s’y rangent directement"
            in validate.stdout.replace("\u00a0", " ")), validate.stdout
