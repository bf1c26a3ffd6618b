"""What newcomers stumbled on, walked again in Chromium: where a page is in the site (tabs, breadcrumb, no empty
column), the learning-path banner beside the section a step points to, the card that fits its frame, the
territory vocabulary, the pages a teacher hands out, and the small things that looked unfinished."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PAGES_OUTSIDE_NAV = [
    ("/cas/jean-louis-kiehl-cresus/", "Les cas", "/cas/"),
    ("/organisations/cresus/", "Organisations", "/organisations/"),
    ("/themes/prevention-surendettement/", "Thèmes", "/themes/"),
    ("/territoires/nouvelle-aquitaine/", "Territoires", "/territoires/"),
]


def path_of(page, href: str) -> str:  # noqa: ANN001
    return urlsplit(page.evaluate("h => new URL(h, location.href).href", href)).path


@pytest.mark.parametrize(("address", "tab", "index"), PAGES_OUTSIDE_NAV)
def test_a_page_says_where_it_is_and_leaves_no_empty_column(page, site, address: str, tab: str, index: str) -> None:  # noqa: ANN001
    response = page.goto(site.url(address))
    assert response is not None and response.ok, address
    active = page.locator(".md-tabs__item--active .md-tabs__link")
    assert active.count() == 1 and active.inner_text().strip() == tab, address
    crumbs = page.locator("nav.md-path .md-path__item")
    texts = [t.strip() for t in crumbs.all_inner_texts()]
    assert texts[:2] == ["Accueil", tab] and len(texts) == 3, texts
    links = page.eval_on_selector_all("nav.md-path a", "as => as.map(a => a.getAttribute('href'))")
    assert [path_of(page, h) for h in links] == ["/", index]
    assert page.get_attribute("nav.md-path .md-path__item:last-child [aria-current]", "aria-current") == "page"
    # No 250 px column of nothing on the left: the article starts where the primary sidebar would have.
    assert not page.is_visible(".md-sidebar--primary")
    left = page.evaluate("document.querySelector('article.md-content__inner').getBoundingClientRect().left")
    assert left < 200, left


def test_the_menu_still_lists_the_sections_on_a_phone(make_page, site) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 375, "height": 800})
    page.goto(site.url("/cas/jean-louis-kiehl-cresus/"))
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_timeout(400)
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.is_visible()
    assert "Les cas" in drawer.inner_text() and "Territoires" in drawer.inner_text()


# --- a place never blocks a contributor ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def placed_site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The fixture cases, one in a commune (« Aubagne ») and one in a place no table knows, published: three cases
    leave most themes empty."""
    from conftest import require_chromium, serve

    from pionniers.common.paths import Layout
    from pionniers.site.publish import publish
    from pionniers.site.sandbox import ROOT, TODAY, make_project

    require_chromium()
    project = make_project(tmp_path_factory.mktemp("lieux") / "p", ROOT / "tests/fixtures/site")
    for name, place in (("alpha-banque", "Aubagne"), ("beta-fondation", "Trifouilly-les-Oies")):
        path = project / f"cases/{name}.yml"
        text = path.read_text(encoding="utf-8")
        text = "\n".join(f"  place: {place}" if line.startswith("  place:") else line for line in text.split("\n"))
        path.write_text(text, encoding="utf-8")
    assert publish(Layout(project), project / "site", today=TODAY) == 0  # with its search index
    with serve(project / "site") as host:
        yield f"http://{host}"


def test_a_commune_is_on_the_map_in_its_region_and_an_unknown_place_is_listed_apart(browser, placed_site) -> None:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(placed_site + "/territoires/")
    region = page.locator("a.pn-map__area[href$='territoires/provence-alpes-cote-d-azur/']").first
    assert region.get_attribute("aria-label") == "Provence-Alpes-Côte d’Azur\u00a0: 1 cas"
    off_map = page.inner_text(".pn-map__off")
    assert "Lieu non localisé\u00a0: 1 cas" in off_map, off_map
    listing = page.inner_text("#lieux ~ ul")
    assert "Provence-Alpes-Côte d’Azur (1 cas)\u00a0: Aubagne" in listing, listing
    page.click(".pn-map__off a:has-text('Lieu non localisé')")
    assert "Trifouilly-les-Oies" in page.inner_text("article")
    assert page.goto(placed_site + "/territoires/aubagne/").ok
    context.close()


# --- one territory vocabulary ----------------------------------------------------------------------------------


def test_one_territory_vocabulary_one_count_capitalised(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/"))
    options = page.eval_on_selector_all("select#pn-f-territoire option",
                                        "os => os.filter(o => o.value).map(o => o.textContent.trim())")
    assert options and all(o[0].isupper() for o in options), options
    page.goto(site.url("/territoires/"))
    listed = page.eval_on_selector_all("#lieux ~ ul > li > a:first-child", "as => as.map(a => a.textContent.trim())")
    assert listed == options, (listed, options)
    page.goto(site.url("/"))
    glance = page.inner_text(".pn-glance a[href$='territoires/']")
    assert glance.split()[0] == str(len(options)), (glance, options)
    # A filter chosen on /cas/ shows the cases the territory's page lists.
    page.goto(site.url("/cas/?territoire=non-precise"))
    status = page.inner_text(".pn-filters__status")
    page.goto(site.url("/territoires/non-precise/"))
    assert status.startswith(page.inner_text("article p").split(" ")[0] + " cas"), status


def test_empty_themes_leave_the_filters_and_are_shown_as_to_be_documented(browser, placed_site, search) -> None:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(placed_site + "/themes/")
    assert page.locator("#a-documenter").count() == 1
    empty = page.eval_on_selector_all("#a-documenter ~ ul a", "as => as.map(a => new URL(a.href).pathname)")
    assert empty, "aucun thème vide : le test ne prouve rien"
    assert page.locator("article a:has-text('Proposer un cas')").count() >= 1
    slugs = [p.strip("/").split("/")[-1] for p in empty]
    page.goto(placed_site + empty[0])
    assert "À documenter" in page.inner_text("article")
    assert page.locator("article a:has-text('Proposer un cas')").count() == 1
    page.goto(placed_site + "/cas/")
    themes = page.eval_on_selector_all("select#pn-f-theme option", "os => os.map(o => o.value)")
    assert not set(slugs) & set(themes), themes
    search(page, "essai")
    page.wait_for_function("() => document.querySelectorAll('select[name=recherche-theme] option').length > 1")
    in_search = page.eval_on_selector_all("select[name=recherche-theme] option", "os => os.map(o => o.value)")
    assert not set(slugs) & set(in_search), in_search
    # An empty theme is never a result, even for its own name.
    for path in empty[:3]:
        page.goto(placed_site + path)
        title = page.inner_text("article h1")
        found = search(page, title)
        assert path not in found, (title, found)
    context.close()


# --- a learning path that stays with the learner ---------------------------------------------------------------


def test_the_step_links_come_again_after_the_section_the_step_points_at_and_at_the_end(page, site) -> None:  # noqa: ANN001
    import re

    page.goto(site.url("/cas/jean-louis-kiehl-cresus/#co-creation"))
    tops = page.evaluate("""() => {
        const top = s => document.querySelector(s).getBoundingClientRect().top + window.scrollY;
        return {section: top('#co-creation'), next: top('#impact'), again: top('nav.pn-steps--section'),
                first: top('nav.pn-steps--haut')};
    }""")
    assert tops["section"] < tops["again"] < tops["next"], tops  # at the end of « La co-création »
    again = page.locator("nav.pn-steps--section .pn-steps__path", has_text="Changer d’échelle")
    where = page.locator("nav.pn-steps--haut .pn-steps__path", has_text="Changer d’échelle").locator(
        ".pn-steps__where").inner_text()
    assert re.search(r"étape \d+ sur \d+", where) and where in again.inner_text()  # the same step, again
    last = page.evaluate("document.querySelector('article.md-content__inner').lastElementChild.matches('nav.pn-steps--bas')")
    assert last, "les étapes ne reviennent pas en fin de page"
    # Every nav has its own name (one landmark each), and the one after the section leads on.
    labels = page.eval_on_selector_all("nav.pn-steps", "ns => ns.map(n => n.getAttribute('aria-label'))")
    assert len(labels) == len(set(labels)) == 3, labels
    following = again.locator("a.pn-steps__next").get_attribute("href")
    again.locator("a.pn-steps__next").click()
    page.wait_for_url(re.compile(re.escape(following.split("/")[-2]) + r"/#?"))


# --- a card that fits; pages a teacher can hand out ------------------------------------------------------------


def test_the_citation_and_the_embed_code_have_copy_buttons(browser, site) -> None:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site.url("/cas/jean-louis-kiehl-cresus/"))
    for button, source in (("Copier la citation", "p.pn-cite"), ("Copier le code", "pre.pn-embed")):
        page.click(f"button:has-text('{button}')")
        page.wait_for_function("b => [...document.querySelectorAll('.pn-copy')].some(p => "
                               "p.textContent.includes(b) && p.textContent.includes('Copié'))", arg=button)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.inner_text(source).strip(), (button, copied)
    assert "<iframe" in copied and "pionniersCarte" in copied and site.base in copied
    context.close()


def test_print_leaves_out_what_only_works_on_the_web(make_page, site) -> None:  # noqa: ANN001
    from test_courseware import printed

    page = make_page(viewport={"width": 1280, "height": 900})
    on_screen = None
    page.goto(site.url("/cas/jean-louis-kiehl-cresus/"))
    on_screen = page.inner_text("article")
    for words in ("Intégrer ce cas dans un cours", "Proposer une correction", "Copier le code"):
        assert words in on_screen, words  # on the screen: the test would prove nothing otherwise
    _, text, _ = printed(page, site, "/cas/jean-louis-kiehl-cresus/")
    for words in ("Intégrer ce cas dans un cours", "<iframe", "Proposer une correction", "Copier le code",
                  "Copier la citation", "Accueil Les cas"):
        assert words not in text, words
    assert "Citer ce cas" in text and "Sources" in text


def test_the_404_page_is_french_and_leads_on(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/404.html"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.inner_text("article h1") == "Page introuvable"
    # The links (Zensical also puts the skip link's target, an <a> without href, in the article).
    links = page.eval_on_selector_all("article a[href]", "as => as.map(a => new URL(a.href).pathname)")
    assert "/cas/" in links and "/parcours/" in links and "/" in links
    assert "Not found" not in page.inner_text("body")
    assert page.locator("input.md-search__input").count() == 1  # the search box, as on every page
    page.click("[data-pn-open-search]")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    # Served at a deeper address (what a web server does with a lost link), its links still lead home.
    html = (site.root / "404.html").read_text(encoding="utf-8")
    assert 'href="/cas/"' in html and 'href="/parcours/"' in html


# --- small things that looked unfinished -----------------------------------------------------------------------


def test_see_also_gives_each_kind_as_written(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/jean-louis-kiehl-cresus/"))
    items = page.eval_on_selector_all("#voir-aussi + ul li", "lis => lis.map(li => li.innerText)")
    assert items, "aucun « Voir aussi »"
    assert not any("entrepreneur social ashoka" in item for item in items), items
    assert any("Entrepreneur social Ashoka" in item or "Intrapreneur social" in item for item in items), items


def test_the_evidence_of_each_figure_is_a_quiet_disclosure_not_a_pencil_box(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/jean-louis-kiehl-cresus/"))
    looks = page.eval_on_selector_all("details.pn-evidence", """ds => ds.map(d => ({
        border: getComputedStyle(d).borderTopWidth, shadow: getComputedStyle(d).boxShadow,
        icon: getComputedStyle(d.querySelector('summary'), '::before').display}))""")
    assert len(looks) >= 3
    assert all(l["border"] == "0px" and l["shadow"] == "none" and l["icon"] == "none" for l in looks), looks[0]
    page.click("details.pn-evidence summary >> nth=0")
    assert page.locator("details.pn-evidence >> nth=0").get_attribute("open") is not None


def test_home_buttons_stand_apart_on_a_phone_and_titles_keep_co_creation_whole(make_page, site) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 375, "height": 800}, is_mobile=True)
    page.goto(site.url("/"))
    boxes = page.eval_on_selector_all(".pn-actions .md-button", "bs => bs.map(b => b.getBoundingClientRect().toJSON())")
    assert len(boxes) == 2
    first, second = boxes
    apart = max(second["top"] - first["bottom"], second["left"] - first["right"])
    assert apart >= 8, (first, second)
    for address, selector in (("/", "article h1"), ("/cas/jean-louis-kiehl-cresus/", "#co-creation")):
        page.goto(site.url(address))
        lines = page.evaluate("""s => { const range = document.createRange(); const el = document.querySelector(s);
            const text = [...el.childNodes].find(n => n.nodeType === 3 && /co.création/.test(n.textContent));
            const at = text.textContent.search(/co.création/); range.setStart(text, at);
            range.setEnd(text, at + 'co-création'.length); return range.getClientRects().length; }""", selector)
        assert lines == 1, (address, lines)  # « co- » never alone at the end of a line


def test_the_offline_notice_is_single_spaced(browser, site) -> None:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto((site.root / "cas" / "index.html").as_uri())
    page.click("label.md-header__button[for='__search']")
    page.wait_for_function("() => document.querySelector('[data-pn-search-result]').hasAttribute('data-pn-offline')")
    meta = page.locator(".md-search-result__meta")
    assert "besoin du site en ligne\u00a0:" in meta.inner_text()
    line_height = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-search-result__meta')).lineHeight)")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-search-result__meta')).fontSize)")
    assert line_height <= 1.6 * font, (line_height, font)
    context.close()
