"""The site in a real browser: nothing leaves the local server, a case page's anchors reach their sections, the
dark palette toggles, nothing scrolls sideways on a phone, and the filters of /cas/ narrow the list."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

CASE = "/cas/jean-louis-kiehl-cresus/"
SECTIONS = ("defi", "innovation", "co-creation", "impact", "chiffres", "citations", "questions", "sources", "citer",
            "voir-aussi", "corriger")


def test_home_case_page_and_search_reach_only_the_local_server(page, site, requests, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    page.goto(site.url(CASE))
    assert search(page, "cresus")
    page.click(".md-search-result__list a")
    page.wait_for_load_state("load")
    urls = requests.urls
    assert any(u.endswith("/pagefind/pagefind.js") for u in urls), urls  # the search really ran
    assert not any("search_index.json" in u for u in urls), "l’index lunr de Material ne doit plus être chargé"
    assert requests.foreign(site.host) == [], requests.foreign(site.host)
    assert all(urlsplit(u).netloc == site.host for u in urls if urlsplit(u).scheme in ("http", "https"))


def test_nothing_is_downloaded_for_search_until_a_reader_searches(page, site, requests) -> None:  # noqa: ANN001
    page.goto(site.url(CASE))
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests.urls if "/pagefind/" in u or "/search/" in u], requests.urls


def in_view(page, anchor: str) -> dict:  # noqa: ANN001
    return page.evaluate("""id => {
        const el = document.getElementById(id), header = document.querySelector(".md-header");
        const r = el.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: window.innerHeight, header: header.getBoundingClientRect().bottom,
                scrolled: window.scrollY};
    }""", anchor)


@pytest.mark.parametrize("anchor", ["defi", "impact", "chiffres", "sources", "corriger"])
def test_an_address_with_a_section_anchor_scrolls_to_it(page, site, anchor: str) -> None:  # noqa: ANN001
    page.goto(site.url(f"{CASE}#{anchor}"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)
    box = in_view(page, anchor)
    assert box["header"] - 1 <= box["top"] < box["height"] and box["bottom"] <= box["height"], box
    if anchor != "defi":
        assert box["scrolled"] > 0, box


def test_table_of_contents_links_scroll_to_every_section(page, site) -> None:  # noqa: ANN001
    page.goto(site.url(CASE))
    for anchor in SECTIONS:
        page.click(f'.md-sidebar--secondary a[href$="#{anchor}"]')
        page.wait_for_function("id => location.hash === '#' + id", arg=anchor)
        page.wait_for_timeout(100)
        box = in_view(page, anchor)
        assert box["header"] - 1 <= box["top"] < box["height"], (anchor, box)


def test_dark_palette_toggles_and_is_remembered(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    scheme = lambda: page.get_attribute("body", "data-md-color-scheme")  # noqa: E731
    assert scheme() == "default"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", background
    page.goto(site.url(CASE))
    assert scheme() == "slate"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")


PHONE_PAGES = ["/", CASE, "/cas/mouna-aoun-l-appui/", "/cas/", "/organisations/cresus/", "/organisations/",
               "/themes/prevention-surendettement/", "/impact/", "/donnees/", "/contribuer/", "/territoires/",
               "/cas/pacte-ambition-iae/", "/sources/", "/sources/mma-voisin-malin-2016/",
               "/cas/anne-charpy-voisinmalin/"]


def test_no_page_scrolls_sideways_on_a_375_px_phone(make_page, site) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    wide = {}
    for path in PHONE_PAGES:
        page.goto(site.url(path))
        page.wait_for_load_state("load")
        sizes = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth, body: document.body.scrollWidth})""")
        if sizes["scroll"] > sizes["client"] or sizes["body"] > sizes["client"]:
            wide[path] = sizes
    assert wide == {}, wide


def test_search_works_on_a_375_px_phone(make_page, site, search) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(site.url("/"))
    page.click("label.md-header__button[for=__search]")
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")
    assert "/cas/anne-charpy-voisinmalin/" in search(page, "voisinmalin")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def visible_cards(page) -> list[dict]:  # noqa: ANN001
    return page.eval_on_selector_all(".pn-card", """cards => cards.filter(c => c.offsetParent !== null).map(c => ({
        theme: c.dataset.theme.split(" "), type: c.dataset.type}))""")


def test_case_filters_narrow_the_list_and_keep_the_choice_in_the_address(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/"))
    everything = visible_cards(page)
    page.select_option("select[name=theme]", "prevention-surendettement")
    shown = visible_cards(page)
    assert 0 < len(shown) < len(everything)
    assert all("prevention-surendettement" in c["theme"] for c in shown)
    assert parse_qs(urlsplit(page.url).query) == {"theme": ["prevention-surendettement"]}
    status = page.inner_text(".pn-filters__status")
    assert status.startswith(f"{len(shown)} cas affiché") and f"sur {len(everything)}" in status


def test_a_filter_in_the_address_applies_on_load(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/?type=intrapreneur"))
    shown = visible_cards(page)
    assert shown and all(c["type"] == "intrapreneur" for c in shown)
    assert len(shown) < page.locator(".pn-card").count()
    assert page.input_value("select[name=type]") == "intrapreneur"
