"""`pionniers validate` as contributors and CI run it: a subprocess, its exact output and its exit status.

Exit status: 0 no problem, 1 problems, 2 usage error (unknown option, missing path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pionniers_testkit import FIXTURES, INVALID_SOURCES, ROOT, SOURCES

from pionniers.site.sandbox import make_project

INV = "tests/fixtures/invalid"
KINDS = "alliance, communaute, fellow, fondation, intrapreneur, politique-publique"


def run(*args: str, cwd: Path = ROOT, module: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONIOENCODING="utf-8", NO_COLOR="1")
    command = [sys.executable, "-m", "pionniers", *args] if module else [str(Path(sys.executable).parent / "pionniers"), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)


def french(lines: list[str]) -> list[str]:
    """The lines as printed: problem messages with French spacing (no-break spaces inside « » and before : ; ? !)."""
    from pionniers.common.problems import french_spaces

    return [french_spaces(line) for line in lines]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose sources/ holds the records the fixture cases cite (tests/fixtures/sources/), with
    tests/fixtures/ copied inside: `pionniers validate tests/fixtures/…` run there checks the fixtures against
    those records, and prints the same paths as from the repository's root."""
    dest = make_project(tmp_path_factory.mktemp("cli") / "p", [], sources=SOURCES)
    shutil.copytree(FIXTURES, dest / "tests" / "fixtures")
    return dest


def test_valid_files_exit_0(project):
    result = run("validate", "tests/fixtures/valid", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "7 fichiers de cas vérifiés : aucun problème.\n"
    assert result.stderr == ""


def test_one_valid_file_exit_0(project):
    result = run("validate", "tests/fixtures/valid/cas-de-base.yml", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "1 fichier de cas vérifié : aucun problème.\n"


def test_problems_are_printed_sorted_by_path_then_line_and_exit_1(project):
    # given in reverse order; lines 3, 15, 27 must come out in numeric order, not as text ("15" < "3")
    result = run("validate", f"{INV}/year-future.yml", f"{INV}/several-problems.yml", f"{INV}/enum-kind.yml",
                 cwd=project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "«\u00a0felow\u00a0» inconnue pour «\u00a0kind\u00a0»\u00a0:" in lines[0]  # French spacing in what a contributor reads
    assert lines == french([
        f"{INV}/enum-kind.yml:3:7: [kind] valeur « felow » inconnue pour « kind » : "
        f"vouliez-vous dire « fellow » ? valeurs possibles : {KINDS}",
        f"{INV}/several-problems.yml:3:7: [kind] valeur « felow » inconnue pour « kind » : "
        f"vouliez-vous dire « fellow » ? valeurs possibles : {KINDS}",
        f"{INV}/several-problems.yml:15:10: [territory.scale] valeur « nationale » inconnue pour « scale » : "
        "vouliez-vous dire « national » ? valeurs possibles : international, local, national, non-precise, regional",
        f"{INV}/several-problems.yml:27:13: [figures[0].status] valeur « atteint » inconnue pour « status » : "
        "valeurs possibles : achieved, target, context",
        f"{INV}/year-future.yml:12:13: [start_year] « start_year » : une année entre 1900 et 2026 est attendue "
        "(pas d’année future)",
        "5 problèmes dans 3 fichiers sur 3 vérifiés.",
    ])
    assert result.stderr == ""


def test_one_problem_summary_is_singular(project):
    result = run("validate", f"{INV}/duplicate-key.yml", "tests/fixtures/valid/cas-de-base.yml", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == french([
        f"{INV}/duplicate-key.yml:3:1: [title] clé « title » en double (déjà à la ligne 2) : gardez une seule des deux",
        "1 problème dans 1 fichier sur 2 vérifiés.",
    ])


def test_a_folder_is_expanded_and_corpus_problems_are_printed(project):
    result = run("validate", "tests/fixtures/corpus/organisation-spelling", cwd=project)
    folder = "tests/fixtures/corpus/organisation-spelling"
    assert result.returncode == 1
    assert result.stdout.splitlines() == french([
        f"{folder}/cas-b.yml:8:11: [organisations[0].name] organisation écrite « CRESUS » ici mais « Crésus » dans "
        f"{folder}/cas-a.yml:8:11 : choisissez une seule graphie pour tous les cas",
        f"{folder}/cas-c.yml:12:11: [organisations[1].name] organisation écrite « Cré sus » ici mais « Crésus » dans "
        f"{folder}/cas-a.yml:8:11 : choisissez une seule graphie pour tous les cas",
        "2 problèmes dans 2 fichiers sur 3 vérifiés.",
    ])


def test_format_github_prints_annotations(project):
    result = run("validate", "--format", "github", f"{INV}/year-future.yml", f"{INV}/duplicate-key.yml", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == french([
        f"::error file={INV}/duplicate-key.yml,line=3,col=1,title=Pionniers %3A title::"
        "clé « title » en double (déjà à la ligne 2) : gardez une seule des deux",
        f"::error file={INV}/year-future.yml,line=12,col=13,title=Pionniers %3A start_year::"
        "« start_year » : une année entre 1900 et 2026 est attendue (pas d’année future)",
        "2 problèmes dans 2 fichiers sur 2 vérifiés.",
    ])


def test_format_github_cannot_be_injected(tmp_path, project):
    """A key with a line break and `::` must not start a workflow command of its own (nor split the properties)."""
    bad = tmp_path / "cas-de-base.yml"
    text = (ROOT / "tests/fixtures/valid/cas-de-base.yml").read_text(encoding="utf-8")
    bad.write_text(text + '"a,b\\n::warning file=x::injecté": 1\n', encoding="utf-8")
    result = run("validate", "--format", "github", str(bad), cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[1] == "1 problème dans 1 fichier sur 1 vérifiés.", result.stdout
    # The line break is shown as « \n » (never a real one), and the property's « , » and « : » are encoded.
    assert lines[0].startswith(f"::error file={bad.as_posix()},line=33,col=1,title=Pionniers %3A a%2Cb\\n%3A%3Awarning")
    assert "a,b\\n::warning file=x::injecté" in lines[0]  # inside the message: plain text on the same line


def test_format_github_without_field():
    result = run("validate", "--format=github", f"{INV}/empty.yml")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={INV}/empty.yml,line=1,col=1,title=Pionniers::fichier vide")


def test_paths_are_relative_to_the_repo_root_from_a_subfolder(project):
    result = run("validate", "fixtures/invalid/year-future.yml", cwd=project / "tests")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{INV}/year-future.yml:12:13: ")


def test_a_source_record_is_validated_by_its_path(tmp_path):
    """`pionniers validate sources/<id>.yml`: the record's problems, at their line, under its path, counted as one
    file checked; another record's problems are not the ones asked for."""
    dest = make_project(tmp_path / "p", [], sources=SOURCES)
    shutil.copy(INVALID_SOURCES / "url-ftp.yml", dest / "sources" / "url-ftp.yml")
    shutil.copy(INVALID_SOURCES / "yaml11-date.yml", dest / "sources" / "yaml11-date.yml")
    result = run("validate", "sources/url-ftp.yml", cwd=dest)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == french([
        "sources/url-ftp.yml:6:6: [url] « url » : lien « ftp: » interdit : "
        "seules les adresses https:// (ou http://) sont permises",
        "1 problème dans 1 fichier sur 1 vérifiés.",
    ])


def test_binary_file_outside_the_repo(tmp_path):
    bad = tmp_path / "bom.yml"
    bad.write_bytes(b"\xef\xbb\xbf" + (ROOT / "tests/fixtures/valid/cas-de-base.yml").read_bytes())
    result = run("validate", str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{bad.as_posix()}:1:1: le fichier commence par une marque d’ordre d’octets (BOM)")
    assert lines[1] == "1 problème dans 1 fichier sur 1 vérifiés."
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ("validate", "--nope"),
    ("validate", "--format", "xml", "tests/fixtures/valid"),
    ("validate", "tests/fixtures/absent.yml"),
    ("validate", "tests/fixtures/valid", "tests/fixtures/absent"),
    ("nope",),
    (),
], ids=["unknown-option", "unknown-format", "missing-file", "missing-folder", "unknown-command", "no-command"])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert "pionniers" in result.stderr and "Traceback" not in result.stderr


def test_missing_path_is_named():
    result = run("validate", "tests/fixtures/absent.yml")
    assert result.returncode == 2
    assert "introuvable" in result.stderr and "tests/fixtures/absent.yml" in result.stderr


def test_console_script_works_too():
    script = Path(sys.executable).parent / "pionniers"
    if not script.exists():
        pytest.skip("the `pionniers` console script is not installed in this environment")
    result = run("validate", f"{INV}/duplicate-key.yml", module=False)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{INV}/duplicate-key.yml:3:1: ")


def test_every_file_in_cases_validates():
    """`pionniers validate` with no path checks all of cases/: the published corpus must be clean."""
    assert list((ROOT / "cases").glob("*.yml")), "cases/ holds no case file"
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(" : aucun problème.\n")


def test_a_look_alike_organisation_name_is_refused_at_its_line_and_the_hidden_letter_named():
    """« Сrésus » (Cyrillic С) beside « Crésus » would get a page of its own and an index line that looks the same."""
    result = run("validate", "tests/fixtures/corpus/organisation-lookalike")
    folder = "tests/fixtures/corpus/organisation-lookalike"
    assert result.returncode == 1
    spelling = [line for line in result.stdout.splitlines() if "[organisations[" in line]
    assert spelling == french([
        f"{folder}/cas-d.yml:8:11: [organisations[0].name] organisation écrite « Сrésus » ici mais « Crésus » dans "
        f"{folder}/cas-a.yml:8:11 (les deux graphies se ressemblent mais diffèrent : ici « С » U+0421 CYRILLIC) : "
        "choisissez une seule graphie pour tous les cas",
    ])
