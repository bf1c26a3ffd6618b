"""axe-core, run inside the page (injected from the axe-playwright-python wheel, no network): no violation of serious
or critical impact, colour contrast included, on each kind of page and on the search results, in both palettes."""

from __future__ import annotations

from importlib import resources

import pytest

AXE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")

PAGES = {
    "accueil": "/",
    "cas": "/cas/jean-louis-kiehl-cresus/",
    "index des cas": "/cas/",
    "index d’un thème": "/themes/prevention-surendettement/",
    "organisation": "/organisations/cresus/",
    "impact": "/impact/",
    # The drawings: the map, and a case with a target drawn (the home page and /cas/ are above).
    "carte des territoires": "/territoires/",
    "cas avec un objectif": "/cas/pacte-ambition-iae/",
    "parcours": "/parcours/leviers-ashoka/",
}


def violations(page) -> list[dict]:  # noqa: ANN001
    page.add_script_tag(content=AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"], rules: {"color-contrast": {enabled: true}}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
    }""")
    return [v for v in result if v["impact"] in BLOCKING]


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"[{v['impact']}] {v['id']} : {v['help']}")
        lines += [f"    {n['target']}\n      {n['summary']}" for n in v["nodes"][:8]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_have_no_serious_violation(make_page, site, name: str, scheme: str) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(site.url(PAGES[name]))
    page.wait_for_load_state("load")
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    found = violations(page)
    assert not found, f"{name} ({scheme}) :\n{report(found)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_have_no_serious_violation(make_page, site, search, scheme: str) -> None:  # noqa: ANN001
    page = make_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(site.url("/"))
    assert search(page, "insertion")  # more than ten results: filters, kinds, sections and « Afficher plus » shown
    assert page.is_visible("[data-pn-search-more]") and page.is_visible("select[name=recherche-theme]")
    assert page.locator("a.pn-search-section").count() > 0
    found = violations(page)
    assert not found, f"résultats de recherche ({scheme}) :\n{report(found)}"
