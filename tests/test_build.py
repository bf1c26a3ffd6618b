"""`pionniers build`: deterministic, atomic, leaves nothing stale, writes nothing when a case is wrong; the real
site builds strictly; Zensical builds the same pages; and the built HTML is scanned as a second wall."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pionniers.common.paths import Layout
from pionniers.pages.export import schema_text
from pionniers.site.publish import publish
from pionniers.site.sandbox import ROOT, generate, generated_files, make_project, mkdocs_build
from pionniers.site.sitecheck import Expectations, scan, scan_html, scan_site

FIXTURES = ROOT / "tests" / "fixtures" / "site"


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    one = make_project(tmp_path / "un", FIXTURES)
    two = make_project(tmp_path / "deux", FIXTURES)
    assert generate(one) == 0 and generate(two) == 0
    first, second = generated_files(one), generated_files(two)
    assert first and first.keys() == second.keys()
    assert all(first[k] == second[k] for k in first)


def test_second_build_rewrites_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    generate(project)
    capsys.readouterr()
    generate(project)
    assert "(0 écrits, 0 obsolètes supprimés)" in capsys.readouterr().out


def test_deleting_or_renaming_a_case_leaves_no_stale_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    generate(project)
    assert (project / "docs/cas/gamma-pacte.md").is_file()
    (project / "cases/gamma-pacte.yml").unlink()
    beta = (project / "cases/beta-fondation.yml").read_text(encoding="utf-8")
    (project / "cases/beta-fondation.yml").unlink()
    (project / "cases/beta-renomme.yml").write_text(
        beta.replace("slug: beta-fondation", "slug: beta-renomme\naliases: [beta-fondation]"), encoding="utf-8")
    alpha = project / "cases/alpha-banque.yml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("related: [beta-fondation]", "related: [beta-renomme]"),
                     encoding="utf-8")
    assert generate(project) == 0
    files = generated_files(project)
    assert "docs/cas/gamma-pacte.md" not in files
    assert "docs/donnees/cas/gamma-pacte.yml" not in files
    assert "docs/organisations/conseil-gamma.md" not in files
    assert "docs/cas/beta-fondation.md" not in files and "docs/cas/beta-renomme.md" in files
    assert "docs/cas/beta-fondation/index.html" in files  # the old address now redirects
    assert not (project / "docs/cas/gamma-pacte.md").exists()


def test_a_wrong_case_stops_the_build_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    generate(project)
    before = generated_files(project)
    bad = project / "cases/gamma-pacte.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("kind: politique-publique", "kind: pacte"), encoding="utf-8")
    assert generate(project) == 1
    out = capsys.readouterr()
    assert "cases/gamma-pacte.yml:5:7: [kind]" in out.out and "Rien n’a été écrit" in out.err
    assert generated_files(project) == before


def test_committed_json_schema_is_up_to_date() -> None:
    committed = (ROOT / "schema/cas.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/cas.schema.json est périmé : lancez `pionniers schema`"


def test_every_case_file_names_the_schema_for_editors() -> None:
    for path in sorted((ROOT / "cases").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/cas.schema.json", path.name


def test_real_site_builds_strictly_and_cleanly(tmp_path: Path) -> None:
    project = make_project(tmp_path / "reel", ROOT / "cases", real_pages=True)
    # Real cases are reviewed on real days: the fixtures' fixed date would call today's review « in the future ».
    assert generate(project, date.today()) == 0
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    data = json.loads((site / "donnees/cas.json").read_text(encoding="utf-8"))
    assert len(data["cases"]) >= 3
    for case in data["cases"]:
        assert (site / case["url"].strip("/") / "index.html").is_file(), case["url"]
    assert scan_site(site) == []


def test_strict_build_fails_on_a_broken_link_or_anchor(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    generate(project)
    home = project / "docs/index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n[perdu](cas/nulle-part.md)\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode != 0 and "nulle-part.md" in result.stderr
    home.write_text(home.read_text(encoding="utf-8").replace("cas/nulle-part.md", "cas/alpha-banque.md#pas-d-ancre"),
                    encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode != 0 and "pas-d-ancre" in result.stderr


def test_strict_build_fails_on_an_orphan_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    generate(project)
    (project / "docs/orpheline.md").write_text("# Orpheline\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode != 0 and "orpheline.md" in result.stderr


# What the second wall must catch if the first one (validation, escape.py, prose.py) ever let something through:
# raw HTML written straight into a generated page, as a rendering bug would. (payload, expected finding)
WALL_PAYLOADS = {
    "script": ("<script>alert(1)</script>", "script en ligne étranger"),
    "img-onerror": ("<img src=x onerror=alert(1)>", "onerror="),
    "attr-handler": ('<p onclick="alert(1)">x</p>', "onclick="),
    "javascript-link": ('<a href="javascript:alert(1)">x</a>', "URL javascript:"),
    "data-link": ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "URL data:"),
    "iframe": ('<iframe src="https://ailleurs.example/"></iframe>', "balise <iframe>"),
    "remote-image": ('<img src="https://ailleurs.example/p.png">', "autre hôte"),
    "remote-srcset": ('<img src="x.png" srcset="https://ailleurs.example/p.png 2x">', "autre hôte"),
    "remote-style": ('<link rel="stylesheet" href="https://ailleurs.example/s.css">', "autre hôte"),
    "style-url": ('<p style="background:url(https://ailleurs.example/t.gif)">x</p>', "autre hôte"),
    "refresh": ('<meta http-equiv="refresh" content="0; url=https://ailleurs.example/">', "autre hôte"),
    "config-id": ('<p id="__config" hidden>{"base": "https://ailleurs.example/"}</p>', "__config"),
    "pagefind-body": ("<p data-pagefind-body>seul indexé</p>", "data-pagefind-body"),
    "pagefind-filter": ('<p data-pagefind-filter="genre:page">x</p>', 'data-pagefind-filter="genre:page"'),
    "duplicate-anchor": ('<p id="defi">x</p>', "ancre fixe #defi présente 2 fois"),
}


# Markup a lenient tokenizer reads otherwise than a browser does: the scan must see what the browser will build.
# (page, expected finding or None for a page that loads nothing)
AS_A_BROWSER_READS = [
    ('<!-- --!><img src="//ailleurs.example/x"> -->', "autre hôte"),  # « --!> » ends the comment: the image loads
    ('<a href="java&#x09;script:alert(1)">x</a>', "URL javascript:"),  # the tab is dropped by the URL parser
    ('<a href="&#10;javascript:alert(1)">x</a>', "URL javascript:"),
    ('<noscript><p title="</noscript><img src=//ailleurs.example/x>">', "balise <noscript>"),  # scripts on: it loads
    ("<template><img src=//ailleurs.example/x></template>", "balise <template>"),
    ("<title><img src=//ailleurs.example/x></title>", None),  # text of the title, not an element
    ("<textarea><img src=//ailleurs.example/x></textarea>", None),
]


@pytest.mark.parametrize(("page", "expected"), AS_A_BROWSER_READS)
def test_the_scan_reads_a_page_as_a_browser_does(page: str, expected: str | None) -> None:
    findings = scan_html(page, "p.html", themed=False)
    if expected is None:
        assert findings == []
    else:
        assert any(expected in f for f in findings), findings


def test_second_wall_catches_what_a_rendering_bug_would_let_through(tmp_path: Path) -> None:
    """Generate a clean site, then write one payload per case page as raw HTML (what a bug in escaping would do):
    the scan must report each, on its page."""
    project = make_project(tmp_path / "p", FIXTURES)
    assert generate(project) == 0
    slugs = sorted(p.stem for p in (project / "docs/cas").glob("*.md") if p.stem != "index")
    pairs = list(zip(WALL_PAYLOADS.items(), itertools.cycle(slugs)))
    pages: dict[str, list[str]] = {}
    for (name, (payload, _)), slug in pairs:
        pages.setdefault(slug, []).append(payload)
    for slug, payloads in pages.items():
        page = project / "docs/cas" / f"{slug}.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(payloads) + "\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    findings = scan(project / "site", Expectations(case_slugs=frozenset(slugs))).findings
    for (name, (_, expected)), slug in pairs:
        mine = [f for f in findings if f.startswith(f"cas/{slug}/index.html")]
        assert any(expected in f for f in mine), (name, slug, mine)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("zensical") / "p", FIXTURES)
    assert generate(project) == 0
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
    assert zensical, "zensical is a test dependency (pyproject: [test])"
    result = subprocess.run([zensical, "build", "--clean"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "site"


def test_zensical_builds_every_case_redirect_and_data_file(zensical_site: tuple[Path, Path]) -> None:
    project, site = zensical_site
    for case in sorted((project / "cases").glob("*.yml")):
        html = (site / "cas" / case.stem / "index.html").read_text(encoding="utf-8")
        assert 'id="defi"' in html and 'id="sources"' in html, case.stem
    assert "url=../alpha-banque/" in (site / "cas/ancien-alpha/index.html").read_text(encoding="utf-8")
    for data in ("cas.json", "cas.csv", "chiffres.csv", "cas.schema.json", "vocabulaires.json", "cas/alpha-banque.yml"):
        assert (site / "donnees" / data).is_file(), data
    for index in ("cas", "themes", "types", "organisations", "territoires", "impact", "donnees"):
        assert (site / index / "index.html").is_file(), index


# `pionniers publish` scans each page as MkDocs hands it over (mkdocs_feed.py), and the static files from disk once
# they are copied (with Zensical: every file from disk once it is built): both must still catch what the scan of a
# finished site catches, and a strict warning must still stop it.
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_publish_scans_the_pages_the_engine_writes_and_the_static_files(tmp_path: Path, engine: str,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    page = project / "docs/comprendre/leviers-ashoka.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n<img src=x onerror=alert(1)>\n", encoding="utf-8")
    (project / "docs/assets/extra.css").write_text('@import "https://pisteur.example/x.css";\n', encoding="utf-8")
    assert publish(Layout(project), project / "site", engine=engine) == 1
    err = capsys.readouterr().err
    assert "site/comprendre/leviers-ashoka/index.html: attribut gestionnaire d’événement onerror= sur <img>" in err, err
    assert "site/assets/extra.css: url() vers un autre hôte : https://pisteur.example/x.css" in err, err
    assert "2 anomalie(s) dans le site construit" in err, err


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_publish_stops_on_a_strict_warning(tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    page = project / "docs/comprendre/leviers-ashoka.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[perdu](../cas/nulle-part.md)\n", encoding="utf-8")
    assert publish(Layout(project), project / "site", engine=engine) == 1
    err = capsys.readouterr().err
    assert "nulle-part.md" in err and "la construction stricte du site a échoué" in err, err
    assert "Traceback" not in err and "\x1b[" not in err, err


def test_publish_with_a_wrong_case_builds_nothing_and_leaves_no_builder_behind(tmp_path: Path,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """MkDocs starts loading while the pages are generated (publish.Builder): a wrong case must still stop everything
    — no site written, the waiting builder gone — and say why."""
    def children() -> dict[int, str]:  # this process's living children, from /proc (Linux)
        found = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == os.getpid() and fields[0] != "Z":
                    found[int(stat.parent.name)] = (stat.parent / "cmdline").read_text().replace("\0", " ")
            except (OSError, IndexError, ValueError):
                pass
        return found

    project = make_project(tmp_path / "p", FIXTURES)
    case = project / "cases/alpha-banque.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("slug:", "slugg:", 1), encoding="utf-8")
    before = children()
    assert publish(Layout(project), project / "site") == 1
    out = capsys.readouterr()
    assert "cases/alpha-banque.yml:3:1: [slug] champ obligatoire « slug » manquant" in out.out, out
    assert "Rien n’a été écrit" in out.err, out
    assert not (project / "site").exists()
    left = [command for pid, command in children().items() if pid not in before]
    assert left == [], left


def test_the_previews_page_of_a_saved_case_lists_its_sources(tmp_path: Path) -> None:
    """The page `pionniers serve` renders at once after a save knows the case's source records (kept from the last
    build), so its list of sources and its note calls are never empty in between."""
    from pionniers.site.build import Memory, build, saved_case

    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    memory = Memory()
    assert build(Layout(project), today=date(2026, 11, 24), memory=memory) == 0
    path = project / "cases" / "alpha-banque.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: \"", "title: \"Nouveau titre — ", 1), encoding="utf-8")
    page = saved_case(Layout(project), path, memory, today=date(2026, 11, 24))["cas/alpha-banque.md"].decode("utf-8")
    assert "Nouveau titre" in page
    assert '<li id="source-essai">' in page and "fiche de la source" in page
    assert 'href="#source-essai">[1]</a></sup>' in page


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_second_publish_takes_the_unchanged_preview_images_from_the_cache(tmp_path: Path, engine: str,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The link-preview images are kept in .cache-pionniers/apercus/ (cache.py): a publish with nothing changed draws
    none, and the site holds the same bytes — with Zensical too, whose --clean empties .cache/."""
    project = make_project(tmp_path / "p", FIXTURES)
    assert publish(Layout(project), project / "site", engine=engine) == 0
    first = capsys.readouterr().out
    images = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("apercu.png")}
    cases = len(list((project / "cases").glob("*.yml")))
    assert len(images) == cases + 1 and f"dont {cases + 1} dessinés" in first, first
    assert len(list((project / ".cache-pionniers/apercus").glob("*.png"))) == len(set(images.values()))
    assert publish(Layout(project), project / "site", engine=engine) == 0
    assert "dont 0 dessinés" in capsys.readouterr().out
    assert {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("apercu.png")} == images


def test_an_unusable_cache_draws_every_image_and_writes_nothing_through_a_link(tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from types import SimpleNamespace

    from pionniers.model.corpus import check_corpus
    from pionniers.site.publish import _draw

    project = make_project(tmp_path / "p", FIXTURES)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (project / ".cache-pionniers").symlink_to(outside, target_is_directory=True)
    cases = check_corpus(Layout(project)).cases
    took, drawn = SimpleNamespace(value=0.0), SimpleNamespace(value=0)
    _draw(cases, tmp_path / "dessins", project, took, drawn)
    assert drawn.value == len(cases) + 1
    assert len(list((tmp_path / "dessins").rglob("apercu.png"))) == len(cases) + 1
    assert "cache des aperçus inutilisable" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
