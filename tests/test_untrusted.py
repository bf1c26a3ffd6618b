"""What a stranger's pull request could put around its case files (links, folders, pipes, huge numbers, names
that clash), and what our outputs must never let it do (forge terminal or CI lines, run a spreadsheet formula).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pionniers.common import french
from pionniers.common.escape import csv_cell, inert
from pionniers.common.paths import Layout
from pionniers.common.problems import Problem
from pionniers.common.slug import slugify
from pionniers.model.corpus import check_corpus
from pionniers.site.build import UnsafeTree, build, check_top, write_files
from pionniers.site.sandbox import ROOT, TODAY, make_project

SITE_FIXTURES = ROOT / "tests" / "fixtures" / "site"
CLI = Path(sys.executable).parent / "pionniers"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


# --- files (point 5) --------------------------------------------------------------------------------------------


def test_only_regular_yml_files_are_cases_everything_else_gets_one_problem(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    cases = project / "cases"
    outside = tmp_path / "dehors.yml"
    outside.write_text((SITE_FIXTURES / "gamma-pacte.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(SITE_FIXTURES / "gamma-pacte.yml", cases / "gamma-pacte.yaml")
    (cases / "dossier.yml").mkdir()
    (cases / "lien.yml").symlink_to(outside)
    (cases / "casse.yml").symlink_to(tmp_path / "nulle-part.yml")
    os.mkfifo(cases / "tube.yml")
    (cases / "README.md").write_text("pas un cas\n", encoding="utf-8")
    (cases / ".#alpha-banque.yml").symlink_to("verrou-d-emacs")  # an editor's lock file: hidden, left alone
    result = run("validate", cwd=project)  # a named pipe is never opened: this returns at once
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    expected = {
        "cases/casse.yml:1:1: lien symbolique refusé",
        "cases/dossier.yml:1:1: dossier nommé comme un fichier de cas",
        "cases/gamma-pacte.yaml:1:1: extension « yaml »",  # printed with French spacing
        "cases/lien.yml:1:1: lien symbolique refusé",
        "cases/tube.yml:1:1: fichier spécial",
    }
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    assert len(lines) == len(expected) + 1 and lines[-1].startswith("5 problèmes dans 5 fichiers sur 8")
    assert "Traceback" not in result.stderr


def test_explicit_paths_are_checked_the_same_way(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    (project / "cases" / "lien.yml").symlink_to(project / "cases" / "alpha-banque.yml")
    result = run("validate", "cases/lien.yml", cwd=project)
    assert result.returncode == 1 and result.stdout.startswith("cases/lien.yml:1:1: lien symbolique refusé")


def test_build_refuses_a_symlinked_generated_folder_and_deletes_nothing(tmp_path: Path) -> None:
    """docs/donnees committed as a link to ../cases: « remove what is stale » must never become « delete the corpus »."""
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    decoy = tmp_path / "leurre"
    decoy.mkdir()
    (decoy / "precieux.txt").write_text("à garder\n", encoding="utf-8")
    (project / "docs" / "donnees").symlink_to("../cases")
    (project / "docs" / "themes").symlink_to(decoy)
    before = {p.name: p.read_bytes() for p in (project / "cases").iterdir()}
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert "n’est pas un vrai dossier" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in (project / "cases").iterdir()} == before
    assert [p.name for p in decoy.iterdir()] == ["precieux.txt"]


def test_build_refuses_a_link_inside_a_generated_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    assert build(Layout(project), today=TODAY) == 0
    (project / "docs" / "cas" / "piege.md").symlink_to(project / "cases" / "alpha-banque.yml")
    assert build(Layout(project), today=TODAY) == 1
    assert (project / "cases" / "alpha-banque.yml").is_file()
    assert (project / "docs" / "cas" / "piege.md").is_symlink()  # not followed, not deleted either: reported


def test_the_previews_quick_write_of_one_page_never_goes_through_a_link(tmp_path: Path) -> None:
    """`pionniers serve` writes a saved case's page without walking the whole tree (check_top, then write_files):
    a link planted at the page's own path is replaced, not followed; a linked folder on the way is refused."""
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    docs = project / "docs"
    assert build(Layout(project), today=TODAY) == 0
    precious = tmp_path / "precieux.txt"
    precious.write_text("à garder\n", encoding="utf-8")
    page = docs / "cas" / "alpha-banque.md"
    page.unlink()
    page.symlink_to(precious)
    check_top(docs)
    assert write_files(docs, {"cas/alpha-banque.md": b"page du cas\n"}) == 1
    assert precious.read_text(encoding="utf-8") == "à garder\n"
    assert not page.is_symlink() and page.read_bytes() == b"page du cas\n"
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    shutil.rmtree(docs / "themes")
    (docs / "themes").symlink_to(elsewhere)
    with pytest.raises(UnsafeTree):
        check_top(docs)
    with pytest.raises(UnsafeTree):
        write_files(docs, {"themes/sante.md": b"x\n"})
    assert list(elsewhere.iterdir()) == []


def test_build_only_removes_its_own_stale_files(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    assert build(Layout(project), today=TODAY) == 0
    (project / "docs" / "comprendre").mkdir(exist_ok=True)
    mine = project / "docs" / "comprendre" / "note.md"
    mine.write_text("# à moi\n", encoding="utf-8")
    (project / "cases" / "gamma-pacte.yml").unlink()
    assert build(Layout(project), today=TODAY) == 0
    assert not (project / "docs" / "cas" / "gamma-pacte.md").exists()
    assert mine.read_text(encoding="utf-8") == "# à moi\n"


def test_new_refuses_an_overlong_or_reserved_slug_and_never_writes_through_a_link(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SITE_FIXTURES)
    result = run("new", "a" * 5000, cwd=project)
    assert result.returncode == 2 and "80 caractères au plus" in result.stdout and "Traceback" not in result.stderr
    assert run("new", "index", cwd=project).returncode == 2
    target = tmp_path / "ailleurs.txt"
    (project / "cases" / "piege.yml").symlink_to(target)  # dangling: exists() would say no
    result = run("new", "piege", cwd=project)
    assert result.returncode == 1 and "existe déjà" in result.stdout
    assert not target.exists()


# --- numbers (point 6) ------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.integers(min_value=0, max_value=10**12),
                 st.floats(min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False)))
def test_every_accepted_value_prints_the_french_way(value: float) -> None:
    text = french.number(value)
    assert not text.endswith(",") and ",," not in text and "e" not in text.replace("millions", "").replace(
        "million", ""), text
    assert "." not in text, text
    if isinstance(value, float) and 0 < value < 1:
        assert text.startswith("0,"), text


@pytest.mark.parametrize("value, printed", [(0.5, "0,5"), (1.25, "1,25"), (1e-07, "0,0000001"), (2.0, "2"),
                                            (12345.5, "12\u202f345,5"), (3500000, "3,5\u00a0millions")])
def test_french_numbers(value: float, printed: str) -> None:
    assert french.number(value) == printed


# --- names that become addresses (point 4) -----------------------------------------------------------------------


@pytest.mark.parametrize("name, slug", [("La Banque Postale", "la-banque-postale"), ("Crésus", "cresus"),
                                        ("L’Oréal", "l-oreal"), ("大阪市", "dabanshi"), ("Москва", "moskva"),
                                        ("القاهرة", "lqhrh"), ("— ! —", "")])
def test_slugs_transliterate_every_script(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_names_that_would_share_an_address_are_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [SITE_FIXTURES / "gamma-pacte.yml"])
    text = (SITE_FIXTURES / "gamma-pacte.yml").read_text(encoding="utf-8")
    (project / "cases" / "delta.yml").write_text(
        text.replace("slug: gamma-pacte", "slug: delta").replace("Conseil Gamma", "Conseil-Gamma+"),
        encoding="utf-8")
    (project / "cases" / "epsilon.yml").write_text(
        text.replace("slug: gamma-pacte", "slug: epsilon").replace("Conseil Gamma", "Zh").replace(
            "place: France", "place: Ж"), encoding="utf-8")
    (project / "cases" / "zeta.yml").write_text(
        text.replace("slug: gamma-pacte", "slug: zeta").replace("Conseil Gamma", "Ж").replace(
            "place: France", "place: Zh"), encoding="utf-8")
    problems = check_corpus(Layout(project), today=TODAY).problems
    texts = [p.text() for p in problems]
    # « Conseil-Gamma+ » is the same name spelt otherwise (one spelling per organisation); « Ж » and « Zh » are two
    # names for one address.
    assert any("cases/delta.yml" in t and "choisissez une seule graphie" in t for t in texts), texts
    assert any("cases/zeta.yml" in t and "/organisations/zh/" in t for t in texts), texts
    assert any("cases/zeta.yml" in t and "/territoires/zh/" in t for t in texts), texts


# --- outputs that cannot be turned against their reader (point 7) ------------------------------------------------


def test_problem_text_shows_control_characters_and_cannot_forge_lines() -> None:
    problem = Problem("cases/a\x1b[31m.yml", 3, 4, "valeur « x\n::error::faux\u202e »", "titre\r")
    text = problem.text()
    assert "\x1b" not in text and "\n" not in text and "\r" not in text and "\u202e" not in text
    assert "\\x1b[31m" in text and "\\n::error::faux\\u202e" in text
    github = problem.github()
    assert github.count("::") == 2 + 2  # the command's own two pairs, and the message's, on one line
    assert github.startswith("::error file=cases/a\\x1b[31m.yml,line=3,col=4,title=Pionniers %3A titre\\r::")
    assert "\n" not in github and "%0A" not in github


@pytest.mark.parametrize("value, cell", [("=1+1", "'=1+1"), ("+33", "'+33"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                         ("\tx", "'\tx"), ("\rx", "'\rx"), ("ordinaire", "ordinaire"), (12, 12),
                                         (-3, -3)])
def test_csv_cells_a_spreadsheet_would_run_are_made_inert(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None, database=None)
def test_inert_text_has_no_ascii_syntax_left(text: str) -> None:
    import html
    import re
    import string

    out = str(inert(text))
    assert not set(re.sub(r"&#\d+;", "", out)) & set(string.punctuation), out
    assert html.unescape(out) == text


# --- no traceback, ever (point 10): a fuzz run on the command line -----------------------------------------------

fuzz_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["slug: x\n", "title: ", "\"\\u202e\"", "\\x00", "- ", "  ", "{", "}", "[", "]", ":",
                              "&a", "*a", "!!python/object", "? ", "|\n", ">\n", "9" * 40, "1e999", ".inf",
                              "\t", "\r", "\u2028", "\ufeff", "é", "# c\n", "---\n", "...\n", "\n"]),
             max_size=40).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


@settings(max_examples=int(os.environ.get("PIONNIERS_FUZZ_EXAMPLES", "150")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=fuzz_bytes)
def test_cli_never_shows_a_traceback(tmp_path_factory: pytest.TempPathFactory, raw: bytes,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`pionniers validate` in-process on arbitrary bytes: exit 0 or 1, never the internal-error exit 3."""
    from pionniers.cli import main

    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (folder / "cases").mkdir()
    (folder / "cases" / "x.yml").write_bytes(raw)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        status = main(["validate"])
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    assert status in (0, 1), captured.err
    assert "Traceback" not in captured.err and "erreur interne" not in captured.err
    for line in captured.out.splitlines():
        assert line.isprintable() or "\t" not in line, line


def test_cli_fuzz_through_the_real_process(tmp_path: Path) -> None:
    """A few files through the real command, as a contributor runs it: no traceback on stderr, exit 0 or 1."""
    samples = [b"\x00\xff\xfe", b"slug: x\nvalue: " + b"9" * 5000, "title: \"\\u202e\"\n".encode(),
               b"a: &x [*x, *x]\n", b"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n",
               b"{" * 2000, "slug: \"a\\nb\"\n".encode()]
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "cases").mkdir()
    for i, raw in enumerate(samples):
        (tmp_path / "cases" / f"f{i}.yml").write_bytes(raw)
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stdout.splitlines()) >= len(samples) + 1


@pytest.mark.parametrize("value, counted, joined", [
    ("une dizaine", "institutions bancaires", "d’institutions bancaires"),
    ("3,5\u00a0millions", "Français impactés", "de Français impactés"),
    ("une vingtaine", "bénévoles", "de bénévoles"),
    ("70\u202f000", "ménages", "ménages"),
    ("plus de 33\u202f000", "ménages", "ménages"),
    ("une dizaine", "d’institutions", "d’institutions"),
])
def test_a_noun_of_quantity_takes_de_before_what_it_counts(value: str, counted: str, joined: str) -> None:
    assert french.after_quantity(value, counted) == joined
