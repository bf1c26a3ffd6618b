"""Courseware in a real browser: a learner follows a path from step to step; an old address still
reaches its section; every anchor of the manifest is on its page; the card fits a 375 px iframe, light and
accessible; the embed code is text; a case page and a path page print on A4 without navigation; and the offline
archive works from file:// with every link followed and no request made."""

from __future__ import annotations

from datetime import date

import gzip
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser

from pionniers.common.paths import Layout
from pionniers.site import manifest
from pionniers.site.archive import archive
from pionniers.site.sandbox import ROOT, generate, make_project, mkdocs_build

from conftest import CHROMIUM_ARGS, Requests, require_chromium, serve  # noqa: F401 (CHROMIUM_ARGS: same browser)
from test_accessibility import report, violations

CASE = "/cas/jean-louis-kiehl-cresus/"
PATH = "/parcours/leviers-ashoka/"
CARD_LIMIT = 15 * 1024


# --- learning paths ------------------------------------------------------------------------------------------------


def test_a_learner_follows_a_path_from_step_to_step(page, site) -> None:  # noqa: ANN001
    page.goto(site.url(PATH))
    assert page.locator("#etape-3").count() == 1
    page.locator("#etape-3 + .pn-step a.md-button").click()
    page.wait_for_url(re.compile(r"/cas/jean-louis-kiehl-cresus/#co-creation$"))
    where = page.locator(".pn-steps--haut .pn-steps__where", has_text="Changer d’échelle").inner_text()
    assert "étape 3 sur 7" in where
    page.locator(".pn-steps--haut .pn-steps__path", has_text="Changer d’échelle").locator("a.pn-steps__next").click()
    page.wait_for_url(re.compile(r"/cas/andre-dupon-vitamine-t/#innovation$"))
    assert "étape 4 sur 7" in page.locator(".pn-steps--haut .pn-steps__path", has_text="Changer d’échelle").inner_text()
    page.locator(".pn-steps--haut .pn-steps__path", has_text="Changer d’échelle").locator("a.pn-steps__prev").click()
    page.wait_for_url(re.compile(r"/cas/jean-louis-kiehl-cresus/#co-creation$"))


def test_the_step_navigation_works_without_javascript(browser, site) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(site.url("/cas/andre-dupon-vitamine-t/"))
        # Where each link leads (MkDocs writes « ../chea-lun…/ », Zensical « ../../cas/chea-lun…/ »: the same page).
        links = page.eval_on_selector_all(".pn-steps a", "links => links.map(a => { const u = new URL(a.href); "
                                                         "return u.pathname + u.hash; })")
        assert "/cas/chea-lun-solidarity-sourcing/#impact" in links and "/parcours/leviers-ashoka/#etape-4" in links
        page.click(".pn-steps a.pn-steps__next >> nth=0")
        page.wait_for_load_state("load")
        assert "/cas/chea-lun-solidarity-sourcing/" in page.url
    finally:
        context.close()


# --- addresses that never break ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The fixture cases, with alpha-banque renamed alpha-renomme and its old slug kept as an alias."""
    require_chromium()
    project = make_project(tmp_path_factory.mktemp("renomme") / "p", ROOT / "tests/fixtures/site")
    old = project / "cases/alpha-banque.yml"
    text = old.read_text(encoding="utf-8").replace("slug: alpha-banque", "slug: alpha-renomme")
    text = text.replace("aliases: [ancien-alpha]", "aliases: [ancien-alpha, alpha-banque]")
    old.unlink()
    (project / "cases/alpha-renomme.yml").write_text(text, encoding="utf-8")
    assert generate(project) == 0
    built = mkdocs_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    with serve(project / "site") as host:
        yield f"http://{host}"


@pytest.mark.parametrize("old, new", [("/cas/alpha-banque/#impact", "/cas/alpha-renomme/#impact"),
                                      ("/cas/alpha-banque/carte/", "/cas/alpha-renomme/carte/")])
def test_an_old_address_reaches_the_renamed_case_and_its_section(browser, renamed_site, old, new) -> None:  # noqa: ANN001
    requests = Requests()
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests.urls.append(request.url))
    try:
        page = context.new_page()
        page.goto(renamed_site + old)
        page.wait_for_url(renamed_site + new)
        if "#" in new:
            page.wait_for_timeout(150)
            top = page.evaluate("document.getElementById('impact').getBoundingClientRect().top")
            assert 0 <= top < 900
        assert requests.foreign(urlsplit(renamed_site).netloc) == []
    finally:
        context.close()


def test_every_anchor_of_the_manifest_is_on_its_page(make_page, site) -> None:  # noqa: ANN001
    entries = manifest.read(Layout(ROOT).manifest)
    anchors: dict[str, list[str]] = {}
    for entry in entries:
        path, _, anchor = entry.partition("#")
        if anchor:
            anchors.setdefault(path, []).append(anchor)
    assert len(anchors) >= 17
    page = make_page(viewport={"width": 1280, "height": 900})
    missing = {}
    for path, wanted in sorted(anchors.items()):
        page.goto(site.url(path))
        absent = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", wanted)
        if absent:
            missing[path] = absent
    assert missing == {}, missing


# --- the embeddable card -----------------------------------------------------------------------------------------


def embed_code(site, slug: str) -> str:  # noqa: ANN001
    """The embed code a case page gives (iframe and resizing script), with the card's absolute address."""
    import html

    case_page = (site.root / "cas" / slug / "index.html").read_text(encoding="utf-8")
    code = html.unescape(re.search(r'<pre class="pn-embed"><code>(.*?)</code>', case_page, re.S).group(1))
    return code.replace('src="/', f'src="{site.base}/')


def host(code: str) -> str:
    return ('<!doctype html><html lang="fr"><head><meta name="viewport" content="width=device-width,initial-scale=1">'
            f'</head><body style="margin:0">{code}</body></html>')


def test_the_card_fits_a_320_px_iframe_and_makes_no_other_request(make_page, site, requests) -> None:  # noqa: ANN001
    cards = sorted((site.root / "cas").glob("*/carte/index.html"))
    assert len(cards) >= 14
    for card in cards:
        size = len(gzip.compress(card.read_bytes(), compresslevel=9))
        assert size <= CARD_LIMIT, f"{card} : {size} octets une fois compressé"
    for width in (320, 375):
        page = make_page(viewport={"width": width, "height": 740}, is_mobile=True)
        for card in cards:
            slug = card.parent.parent.name
            iframe = embed_code(site, slug).split("\n")[0]  # the iframe alone: a course page that drops scripts
            requests.urls.clear()
            page.set_content(host(iframe))
            page.frame_locator("iframe").locator("h1").wait_for()
            inner = page.frames[1].evaluate("""() => ({width: document.documentElement.scrollWidth,
                client: document.documentElement.clientWidth, height: document.body.getBoundingClientRect().height,
                inner: window.innerHeight, font: parseFloat(getComputedStyle(document.body).fontSize)})""")
            assert inner["client"] == width, inner
            assert inner["width"] <= inner["client"], (slug, inner)  # nothing scrolls sideways
            assert inner["height"] <= inner["inner"], (slug, width, inner)  # the code's height shows the whole card
            assert inner["font"] >= 16
            loaded = [u for u in requests.urls if u.startswith("http")]
            assert loaded == [site.url(f"/cas/{slug}/carte/")], loaded  # the card alone, its styles inlined


@pytest.mark.parametrize("width", [320, 1280])
def test_the_frame_fits_its_card_with_the_script_beside_the_code(make_page, site, width: int) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": width, "height": 900})
    for slug in ("jean-louis-kiehl-cresus", "anne-charpy-voisinmalin"):
        page.set_content(host(embed_code(site, slug)))
        page.frame_locator("iframe").locator("h1").wait_for()
        card = page.frames[1].evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
        page.wait_for_function("h => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) <= 1",
                               arg=card)
        shown = page.frames[1].evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
        assert shown[0] <= shown[1] + 1, (slug, width, shown)  # nothing cut, no empty band below


def test_the_card_is_accessible_and_leads_to_the_case(make_page, site) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 375, "height": 740})
    page.goto(site.url(f"{CASE}carte/"))
    found = violations(page)
    assert not found, report(found)
    link = page.locator("a", has_text="Lire le cas complet")
    assert link.get_attribute("href") == "../"
    assert page.evaluate("document.querySelectorAll('.pn-carte__figures li').length") in (2, 3)


def test_the_case_page_shows_the_embed_code_as_text(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url(CASE))
    code = page.inner_text("pre.pn-embed code")
    assert code.startswith(f'<iframe src="{site.url(CASE)}carte/"'), code  # the full address of this site
    assert re.search(r'height="\d+"', code) and "Jean-Louis Kiehl" in code
    assert page.locator("iframe").count() == 0
    assert page.inner_text(".pn-cite__address") == site.url(CASE)  # the citation's address, completed too
    assert re.fullmatch(r"\d{1,2}(er)?\u00a0\w+\u00a0\d{4}", page.inner_text(".pn-cite__today"))  # « consulté le »
    results = search(page, "Jean-Louis Kiehl")
    assert results and not [r for r in results if "/carte/" in r], results  # cards are not search results


# --- print ---------------------------------------------------------------------------------------------------------


def printed(page, site, path: str) -> tuple[list[str], str, dict]:  # noqa: ANN001
    page.goto(site.url(path))
    page.wait_for_load_state("load")
    outside = page.evaluate("""() => {
        const article = document.querySelector("article").innerText;
        const labels = [...document.querySelectorAll(".md-tabs a, .md-nav--primary a, .md-header, .md-footer, .md-search")]
            .map(e => e.innerText.trim()).filter(t => t && t.length > 3 && !article.includes(t));
        return {labels: [...new Set(labels)]};
    }""")
    pdf = page.pdf(format="A4", print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    return pages, " ".join(pages), outside


def test_a_case_page_prints_on_a4_without_navigation(make_page, site) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 1280, "height": 900})
    pages, text, outside = printed(page, site, CASE)
    assert 2 <= len(pages) <= 8, len(pages)
    assert outside["labels"], "aucun texte de navigation à chercher : le test ne prouverait rien"
    leaked = [label for label in outside["labels"] if label in text]
    assert not leaked, leaked
    assert "Rechercher" not in text and "Aller au contenu" not in text
    assert "Ce que dit la source" in text
    assert "63% à 80% des bénéficiaires sont durablement sauvés du surendettement" in text  # an evidence, shown
    assert site.url("/organisations/cresus/") in text.replace(" ", "")  # a link, printed with its address
    assert "Les pionniers de la co-création" in text and "Sources" in text
    # No figure card split: each card's value and its source's words are on the same page.
    figures = page.eval_on_selector_all(".pn-figure", """cards => cards.map(c => ({
        value: c.querySelector(".pn-figure__value").innerText.trim(),
        evidence: c.querySelector(".pn-evidence p").innerText.trim().slice(2, 30)}))""")
    cases = json.loads((site.root / "donnees" / "cas.json").read_text(encoding="utf-8"))["cases"]
    assert len(figures) == len(next(c for c in cases if c["slug"] == "jean-louis-kiehl-cresus")["figures"]) > 5
    for figure in figures:
        value = " ".join(figure["value"].split())
        evidence = " ".join(figure["evidence"].split())
        assert any(value.replace(" ", "") in p.replace(" ", "") and evidence.replace(" ", "") in p.replace(" ", "")
                   for p in pages), figure


def test_a_path_page_prints_on_a4_without_navigation(make_page, site) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 1280, "height": 900})
    pages, text, outside = printed(page, site, PATH)
    assert 2 <= len(pages) <= 6, len(pages)
    leaked = [label for label in outside["labels"] if label in text]
    assert not leaked, leaked
    for n in range(1, 8):
        assert f"Étape {n} sur 7" in text
    assert site.url("/cas/jean-louis-kiehl-cresus/#co-creation") in text.replace(" ", "")


# --- offline --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pionniers archive` of the real site, unzipped: the folder a classroom would open."""
    require_chromium()
    work = tmp_path_factory.mktemp("hors-ligne")
    project = make_project(work / "projet", ROOT / "cases", real_pages=True, parcours=ROOT / "parcours")
    target = work / "pionniers.zip"
    assert archive(Layout(project), target, today=date.today()) == 0  # real cases are reviewed on real days
    with zipfile.ZipFile(target) as zipped:
        names = zipped.namelist()
        assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
        zipped.extractall(work / "ouvert")
    print(f"\n[hors ligne] archive : {target.stat().st_size / 1024:.0f} Kio, {len(names)} fichiers")
    return work / "ouvert" / "pionniers-hors-ligne"


def _ids(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8", errors="replace")))


def _links(path: Path) -> list[str]:
    """The addresses of a page's links as a browser resolves them (relative to the page's file:// address)."""
    tree = LexborHTMLParser(path.read_text(encoding="utf-8", errors="replace"))
    return [urljoin(path.as_uri(), a.attributes.get("href") or "") for a in tree.css("a[href]")]


def _follow(offline: Path, current: Path, hrefs: list[str], broken: list[str]) -> list[Path]:
    """The pages of the archive `hrefs` lead to; what they lead to that is missing goes to `broken`."""
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme != "file":
            continue  # a link to another site: a reader's choice, never loaded here
        target = Path(unquote(parts.path))
        if not target.is_file():
            broken.append(f"{current.relative_to(offline)} → {href}")
        elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
            broken.append(f"{current.relative_to(offline)} → {href} (ancre absente)")
        elif target.suffix == ".html" and target.is_relative_to(offline):
            found.append(target)
    return found


def test_the_archive_works_from_disk_with_every_link_followed(browser, offline) -> None:  # noqa: ANN001
    """Every link of every page reached from the home page leads to a file of the archive (and its anchor): read
    from the HTML. Then one page of each kind (a page per folder, the home page, a card, a path) is opened in
    Chromium from disk: no error, no request off the machine, and the links its script adds lead somewhere too."""
    todo, seen, broken = [offline / "index.html"], set(), []
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += _follow(offline, current, _links(current), broken)
    assert not broken, broken[:20]
    pages = {p for p in seen if p.name == "index.html"}
    assert len(pages) >= 80, len(pages)
    assert offline / "cas/jean-louis-kiehl-cresus/carte/index.html" in seen
    assert offline / "parcours/leviers-ashoka/index.html" in seen
    kinds: dict[tuple[str, ...], Path] = {}
    for path in sorted(pages):
        parts = path.relative_to(offline).parts
        kinds.setdefault(parts[:1] + (str(len(parts)),) + (("carte",) if "carte" in parts else ()), path)
    requests = Requests()
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests.urls.append(request.url))
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in kinds.values():
            page.goto(path.as_uri())
            _follow(offline, path, page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"), broken)
        assert not broken, broken[:20]
        network = [u for u in requests.urls if urlsplit(u).scheme not in ("file", "data", "blob", "about")]
        assert network == [], network[:10]
        assert errors == [], errors[:5]
        assert len(kinds) >= 15, sorted(kinds)
    finally:
        context.close()


def test_offline_filters_search_and_a_click_through(browser, offline) -> None:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    requests = Requests()
    context.on("request", lambda request: requests.urls.append(request.url))
    try:
        page = context.new_page()
        page.goto((offline / "cas/index.html").as_uri())
        everything = page.locator(".pn-card:visible").count()
        page.select_option("select[name=theme]", "prevention-surendettement")
        shown = page.locator(".pn-card:visible").count()
        assert 0 < shown < everything
        page.locator(".pn-card:visible a").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html") and "/cas/" in page.url and page.locator("#defi").count() == 1
        page.locator("input.md-search__input").click()
        page.keyboard.type("cresus")
        meta = page.locator(".md-search-result__meta")
        assert "besoin du site en ligne" in meta.inner_text()
        offer = page.locator(".md-search-result__list a").first
        assert offer.get_attribute("href").endswith("/cas/index.html")
        offer.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/cas/index.html")
        assert not [u for u in requests.urls if "pagefind" in u]
        assert [u for u in requests.urls if urlsplit(u).scheme not in ("file", "data", "blob", "about")] == []
    finally:
        context.close()
