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
