"""Links that never break: the committed manifest of published addresses, checked by
`pionniers publish` on the built site; `pionniers manifest` adds and never removes silently. A renamed case without
an alias fails the publication and the message names the alias that fixes it; with the alias, every old address
(page, anchors, card, citation files) still answers; a removed section fails too."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pionniers.cli import main
from pionniers.common.paths import Layout
from pionniers.model.corpus import check_corpus
from pionniers.site import manifest
from pionniers.site.publish import publish
from pionniers.site.sandbox import ROOT, TODAY, make_project

SITE_CASES = ROOT / "tests" / "fixtures" / "site"
PATH_FIXTURE = ROOT / "tests" / "fixtures" / "parcours" / "essai.yml"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project whose manifest lists what its first publication published."""
    project = make_project(tmp_path_factory.mktemp("manifeste") / "p", SITE_CASES, parcours=[PATH_FIXTURE])
    layout = Layout(project)
    corpus = check_corpus(layout, today=TODAY)
    manifest.write(layout.manifest, manifest.current(corpus, layout.docs))
    return project


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(template, copy, ignore=shutil.ignore_patterns("site"))
    return copy


def rename_alpha(project: Path, *, alias: bool) -> None:
    old = project / "cases" / "alpha-banque.yml"
    text = old.read_text(encoding="utf-8").replace("slug: alpha-banque", "slug: alpha-renomme")
    if alias:
        text = text.replace("aliases: [ancien-alpha]", "aliases: [ancien-alpha, alpha-banque]")
    old.unlink()
    (project / "cases" / "alpha-renomme.yml").write_text(text, encoding="utf-8")
    path = project / "parcours" / "essai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("case: alpha-banque", "case: alpha-renomme"),
                    encoding="utf-8")


def run_publish(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = publish(Layout(project), project / "site", today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_the_manifest_lists_pages_anchors_cards_citations_paths_and_data(template: Path) -> None:
    entries = manifest.read(Layout(template).manifest)
    for entry in ("/", "/cas/", "/parcours/", "/cas/alpha-banque/", "/cas/alpha-banque/#co-creation",
                  "/cas/alpha-banque/#questions", "/cas/alpha-banque/carte/", "/cas/alpha-banque/citation.bib",
                  "/parcours/essai/", "/parcours/essai/#etape-3", "/contribuer/", "/donnees/cas.json",
                  "/donnees/parcours.json", "/themes/inclusion-bancaire/"):
        assert entry in entries, entry
    assert "/cas/gamma-pacte/#questions" not in entries  # gamma has no questions: no such promise is made
    assert not any(e.startswith("/organisations/") and e != "/organisations/" for e in entries)


def test_publish_passes_when_every_address_answers(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_publish(project, capsys)
    assert status == 0, out
    assert re.search(r"Les \d+ adresses de adresses-publiees\.txt répondent toutes", out)


def test_a_rename_without_alias_fails_and_names_the_alias(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename_alpha(project, alias=False)
    status, out = run_publish(project, capsys)
    assert status == 1
    lost = [line for line in out.split("\n") if line.startswith("adresses-publiees.txt: /cas/alpha-banque/")]
    assert lost, out
    assert all("aliases: [alpha-banque]" in line and "cases/alpha-renomme.yml" in line for line in lost), lost
    assert "un lien de cours serait cassé" in out


def test_a_rename_with_alias_keeps_every_old_address(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename_alpha(project, alias=True)
    status, out = run_publish(project, capsys)
    assert status == 0, out
    site = project / "site"
    redirect = (site / "cas/alpha-banque/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../alpha-renomme/">' in redirect
    card = (site / "cas/alpha-banque/carte/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../../alpha-renomme/carte/">' in card
    for name in ("citation.bib", "citation.ris", "citation.json"):
        assert (site / "cas/alpha-banque" / name).read_bytes() == (site / "cas/alpha-renomme" / name).read_bytes()


def without_questions(text: str) -> str:
    """A case's text without its `questions:` list (the page then has no « questions » section)."""
    start = text.index("questions:\n")
    end = text.index("\n", text.index("\n  - ", start + 11) + 1)
    while text[end + 1:end + 5] == "  - ":
        end = text.index("\n", end + 1)
    return text[:start] + text[end + 1:]


def test_a_removed_section_fails_and_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = project / "cases" / "alpha-banque.yml"
    case.write_text(without_questions(case.read_text(encoding="utf-8")), encoding="utf-8")
    status, out = run_publish(project, capsys)
    assert status == 1
    assert "/cas/alpha-banque/#questions : l’ancre #questions n’existe plus" in out
    assert "champ « questions » du cas" in out and "--retirer '/cas/alpha-banque/#questions'" in out


def test_manifest_adds_and_never_removes_silently(project: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    layout = Layout(project)
    monkeypatch.chdir(project)
    before = manifest.read(layout.manifest)
    rename_alpha(project, alias=False)
    assert main(["manifest"]) == 0
    after = manifest.read(layout.manifest)
    assert set(before) <= set(after)  # the old addresses stay, still promised
    assert "/cas/alpha-renomme/" in after and "/cas/alpha-banque/" in after
    capsys.readouterr()
    assert main(["manifest", "--retirer", "/cas/alpha-banque/#questions"]) == 0
    assert "retirée : /cas/alpha-banque/#questions" in capsys.readouterr().out
    assert "/cas/alpha-banque/#questions" not in manifest.read(layout.manifest)
    assert main(["manifest", "--retirer", "/nulle-part/"]) == 2


def test_the_committed_manifest_lists_every_address_the_site_publishes() -> None:
    layout = Layout(ROOT)
    committed = set(manifest.read(layout.manifest))
    missing = sorted(set(manifest.current(check_corpus(layout, today=TODAY), layout.docs)) - committed)
    assert committed and not missing, ("adresses-publiees.txt ne garantit pas encore ces adresses : lancez "
                                       f"`pionniers manifest` et committez le fichier : {missing[:10]}")


@pytest.mark.parametrize("words", ["id=chiffres", 'id="chiffres"', "<code>id='chiffres'</code>",
                                   '<a title="x id=chiffres">lien</a>', '<p data-id="chiffres">'])
def test_an_anchor_is_an_id_of_the_parsed_page_never_words_of_its_text(tmp_path: Path, words: str) -> None:
    """The story of a case whose figures are gone may say « id=chiffres »: the address still has lost its anchor."""
    page = tmp_path / "cas" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<!doctype html><html><body><h2 id="defi">Défi</h2><p>{words}</p></body></html>',
                    encoding="utf-8")
    found = manifest.check(tmp_path, ["/cas/x/#defi", "/cas/x/#chiffres"], corpus=None)  # type: ignore[arg-type]
    assert len(found) == 1 and found[0].startswith("/cas/x/#chiffres : l’ancre #chiffres n’existe plus"), found


def test_a_removed_section_fails_even_when_the_story_names_its_id(project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    case = project / "cases" / "alpha-banque.yml"
    text = without_questions(case.read_text(encoding="utf-8"))
    text = text.replace("  challenge: |\n", "  challenge: |\n    Voir id=questions et id=\"questions\".\n", 1)
    assert 'id="questions"' in text
    case.write_text(text, encoding="utf-8")
    status, out = run_publish(project, capsys)
    assert status == 1
    assert "/cas/alpha-banque/#questions : l’ancre #questions n’existe plus" in out
