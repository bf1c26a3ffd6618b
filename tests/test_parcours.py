"""Learning paths: parcours/<slug>.yml validated like a case (positions, French messages, the
untrusted-text rules, every case, page and anchor a step names must exist), published at /parcours/<slug>/ with an
index at /parcours/, « étape N sur M » on each case a path passes through, and exported in the open data."""

from __future__ import annotations

from datetime import date

import json
import re
from pathlib import Path

import pytest

from pionniers.common.paths import Layout
from pionniers.model.corpus import check_corpus
from pionniers.site.sandbox import ROOT, TODAY, built_site, generate, make_project, mkdocs_build

SITE_CASES = ROOT / "tests" / "fixtures" / "site"
FIXTURE = ROOT / "tests" / "fixtures" / "parcours" / "essai.yml"
BASE = FIXTURE.read_text(encoding="utf-8")
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("parcours") / "p", SITE_CASES, parcours=[FIXTURE])
    return project, built_site(project)


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text(markup: str) -> str:
    plain = re.sub(r"<[^>]+>", "", markup)
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), plain)


def test_path_page_has_its_objectives_steps_questions_and_fixed_anchors(built: tuple[Path, Path]) -> None:
    page = html(built[1], "parcours/essai")
    for anchor in ("titre", "objectifs", "introduction", "etapes", "etape-1", "etape-2", "etape-3", "questions",
                   "citer"):
        assert page.count(f'id="{anchor}"') == 1, anchor
    assert "Vérifier les étapes" in page and "Vérifier les liens" in page
    assert "environ 45" in text(page) and "3 étapes" in text(page)
    steps = re.findall(r'<h3 id="etape-(\d)">(.*?)</h3>', page, re.S)
    assert [n for n, _ in steps] == ["1", "2", "3"]
    assert "Alpha et la Banque Témoin : un cas d’essai" in text(steps[0][1])
    assert "Page d’essai" in text(steps[1][1])  # a hand-written page's title, from its front matter
    assert 'href="../../cas/alpha-banque/#co-creation"' in page
    assert 'href="../../comprendre/leviers-ashoka/#une-section"' in page
    assert 'href="../../cas/beta-fondation/#impact"' in page  # a link of the introduction, against the site's root
    assert f"section «{NBSP}La co-création{NBSP}»" in text(page)


def test_each_case_on_a_path_shows_its_step_and_the_steps_around_it(built: tuple[Path, Path]) -> None:
    first, last = html(built[1], "cas/alpha-banque"), html(built[1], "cas/beta-fondation")
    nav = re.search(r'<nav [^>]*class="pn-steps pn-steps--haut">(.*?)</nav>', first, re.S).group(1)
    assert "étape 1 sur 3" in text(nav) and 'href="../../parcours/essai/#etape-1"' in nav
    assert "pn-steps__prev" not in nav
    assert re.search(r'class="pn-steps__next" href="../../comprendre/leviers-ashoka/#une-section">Étape 2', nav)
    nav = re.search(r'<nav [^>]*class="pn-steps pn-steps--haut">(.*?)</nav>', last, re.S).group(1)
    assert "étape 3 sur 3" in text(nav) and "pn-steps__next" not in nav
    assert 'class="pn-steps__prev" href="../../comprendre/leviers-ashoka/#une-section"' in nav
    assert 'class="pn-steps ' not in html(built[1], "cas/gamma-pacte")  # on no path


def test_index_old_address_and_open_data(built: tuple[Path, Path]) -> None:
    project, site = built
    index = html(site, "parcours")
    assert 'href="essai/"' in index and "Un parcours d’essai" in index
    redirect = (site / "parcours/ancien-essai/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../essai/">' in redirect
    data = json.loads((site / "donnees/parcours.json").read_text(encoding="utf-8"))
    assert data["license"]["spdx"] == "CC-BY-4.0"
    (item,) = data["parcours"]
    assert item["url"] == "/parcours/essai/" and item["duration_minutes"] == 45
    assert [s["url"] for s in item["steps"]] == ["/cas/alpha-banque/#co-creation",
                                                 "/comprendre/leviers-ashoka/#une-section", "/cas/beta-fondation/"]
    assert json.loads((site / "donnees/parcours.schema.json").read_text(encoding="utf-8"))["title"] == \
        "Parcours Pionniers"


def test_committed_path_schema_is_up_to_date() -> None:
    from pionniers.pages.export import parcours_schema_text

    committed = (ROOT / "schema/parcours.schema.json").read_text(encoding="utf-8")
    assert committed == parcours_schema_text(), "schema/parcours.schema.json est périmé : lancez `pionniers schema`"


# --- refused, at their place ------------------------------------------------------------------------------------


def problems_for(tmp_path: Path, text: str, name: str = "essai") -> list:
    project = make_project(tmp_path / "p", SITE_CASES)
    (project / "parcours").mkdir()
    (project / "parcours" / f"{name}.yml").write_text(text, encoding="utf-8")
    corpus = check_corpus(Layout(project), today=TODAY)
    return [p for p in corpus.problems if p.path.startswith("parcours/")]


def line_of(source: str, needle: str) -> int:
    return next(i for i, line in enumerate(source.split("\n"), 1) if needle in line)


REFUSED = {
    # (old text, new text, needle of the line, column, words of the message)
    "unknown-case": ("case: beta-fondation", "case: beta-fondatio", "case: beta-fondatio", 11,
                     ("beta-fondatio", "introuvable", "vouliez-vous dire")),
    "old-case-name": ("case: beta-fondation", "case: ancien-alpha", "case: ancien-alpha", 11,
                      ("ancien nom", "alpha-banque")),
    "missing-anchor": ("anchor: co-creation", "anchor: nulle-part", "anchor: nulle-part", 13,
                       ("#nulle-part", "alpha-banque", "co-creation")),
    "missing-page": ("page: /comprendre/leviers-ashoka/", "page: /nulle-part/", "page: /nulle-part/", 11, ("n’existe pas",)),
    "missing-page-anchor": ("anchor: une-section", "anchor: autre-chose", "anchor: autre-chose", 13,
                            ("#autre-chose", "/comprendre/leviers-ashoka/")),
    "generated-page": ("page: /comprendre/leviers-ashoka/", "page: /themes/", "page: /themes/", 11, ("page générée",)),
    "home-page": ("page: /comprendre/leviers-ashoka/\n    anchor: une-section", "page: /", "page: /", 11,
                  ("page générée",)),
    "case-and-page": ("  - page: /comprendre/leviers-ashoka/\n", "  - page: /comprendre/leviers-ashoka/\n    case: gamma-pacte\n",
                      "page: /comprendre/leviers-ashoka/", 5, ("pas aux deux",)),
    "duplicate-case": ("case: beta-fondation", "case: alpha-banque  # encore", "# encore", 11,
                       ("déjà l’étape 1",)),
    "slug-mismatch": ("slug: essai", "slug: autre", "slug: autre", 7, ("nom du fichier",)),
    "prose-html": ("why: Le premier cas.", "why: Le <b>premier</b> cas.", "why: Le <b>", 13, ("HTML brut",)),
    "prose-missing-link": ("[lien vers un cas](/cas/beta-fondation/#impact)", "[lien](/cas/zeta/)",
                           "[lien](/cas/zeta/)", 35, ("n’existe pas",)),
    "unknown-field": ("audience: Les tests", "audience: Les tests\npublic: tous", "public: tous", 1,
                      ("champ inconnu", "public")),
    "duration": ("duration_minutes: 45", "duration_minutes: 5000", "duration_minutes:", 19, ("duration_minutes",)),
    "draft": ("why: Le dernier cas.", "why: TODO", "why: TODO", 10, ("TODO",)),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_wrong_path_file_is_refused_at_its_line_in_french(tmp_path: Path, name: str) -> None:
    old, new, needle, col, words = REFUSED[name]
    assert old in BASE, old
    source = BASE.replace(old, new, 1)
    found = problems_for(tmp_path, source)
    listing = "\n".join(p.text() for p in found)
    wanted = line_of(source, needle)
    at_line = [p for p in found if p.line == wanted]
    assert at_line, f"{name} : aucun problème à la ligne {wanted} :\n{listing}"
    problem = next((p for p in at_line if p.col == col), at_line[0])
    assert problem.col == col, f"{name} : colonne {problem.col}, {col} attendue\n{listing}"
    for word in words:
        assert word in problem.message, f"{name} : « {word} » absent de : {problem.message}"


def test_the_fixture_and_the_real_paths_are_valid(tmp_path: Path) -> None:
    assert problems_for(tmp_path, BASE) == []
    corpus = check_corpus(Layout(ROOT), today=date.today())  # real cases are reviewed on real days
    assert corpus.ok, "\n".join(p.text() for p in corpus.problems)
    assert len(corpus.parcours) >= 3


def test_validate_one_path_file_checks_it_against_every_case(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SITE_CASES, parcours=[FIXTURE])
    layout = Layout(project)
    corpus = check_corpus(layout, [project / "parcours" / "essai.yml"], today=TODAY)
    assert corpus.ok and [p.slug for p in corpus.parcours] == ["essai"]
    broken = BASE.replace("case: beta-fondation", "case: beta-fondatio")
    (project / "parcours" / "essai.yml").write_text(broken, encoding="utf-8")
    corpus = check_corpus(layout, [project / "parcours" / "essai.yml"], today=TODAY)
    assert [p.path for p in corpus.problems] == ["parcours/essai.yml"]


# --- a path file is untrusted text too -----------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> {: #__config hidden } [x](javascript:alert(1)) **gras** &amp; | x"


def test_hostile_one_line_text_of_a_path_is_printed_exactly_and_does_nothing(tmp_path: Path) -> None:
    import html as html_lib

    from pionniers.site.sitecheck import scan_site

    fields = {"title: Un parcours d’essai": "title: ", "audience: Les tests": "audience: ",
              "  - Vérifier les étapes": "  - ", "  - Une question ?": "  - "}
    source = BASE
    for old, key in fields.items():
        source = source.replace(old, key + json.dumps(f"{HOSTILE} ({key.strip(' -:') or 'ligne'})",
                                                      ensure_ascii=False), 1)
    assert source.count("<script>") == 4, source
    project = make_project(tmp_path / "p", SITE_CASES)
    (project / "parcours").mkdir()
    (project / "parcours" / "essai.yml").write_text(source, encoding="utf-8")
    assert generate(project) == 0
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert scan_site(site) == []
    for page in ("parcours/essai", "parcours", "cas/alpha-banque"):
        markup = html(site, page)
        assert "<script>alert" not in markup and markup.count('id="__config"') == 1, page
        assert 'href="javascript' not in markup and "<strong>gras" not in markup, page
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", html(site, "parcours/essai")))
    assert shown.count(HOSTILE) >= 4  # title (heading), audience, an objective, a question: as written
    assert "étape 1 sur 3" in text(html(site, "cas/alpha-banque"))


def test_the_preview_shows_a_broken_path_at_the_path_address() -> None:
    from pionniers.site.build import problem_pages
    from pionniers.common.problems import Problem

    pages = problem_pages([Problem("parcours/essai.yml", 3, 1, "un problème")], {})
    assert "parcours/essai.md" in pages and "cas/essai.md" not in pages


def test_a_step_page_is_accepted_exactly_when_it_is_a_hand_written_page(tmp_path: Path) -> None:
    """Whatever validation accepts, the build can render: a step's page is one of the hand-written pages (the
    home page « / » and the indexes are generated, and once crashed the build with a KeyError)."""
    import re

    from pionniers.model import addresses
    from pionniers.model.parcours import PAGE_PATTERN

    project = make_project(tmp_path / "p", SITE_CASES)
    (project / "parcours").mkdir()
    layout = Layout(project)
    cases = [c for c in check_corpus(layout, today=TODAY).cases]
    site = addresses.site_map(cases, layout.docs)
    old = "page: /comprendre/leviers-ashoka/\n    anchor: une-section"
    assert old in BASE
    accepted = set()
    for page in sorted(p for p in site.pages if re.fullmatch(PAGE_PATTERN, p)):
        (project / "parcours" / "essai.yml").write_text(BASE.replace(old, f"page: {page}", 1), encoding="utf-8")
        if not [p for p in check_corpus(layout, today=TODAY).problems if p.path.startswith("parcours/")]:
            accepted.add(page)
    assert accepted == set(addresses.hand_written_pages(layout.docs)), accepted
