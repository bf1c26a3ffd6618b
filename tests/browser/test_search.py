"""The header's search box, answered by Pagefind on the real cases: French words, names typed without accents or
written differently, partners and the subjects of figures."""

from __future__ import annotations

import pytest


def case(slug: str) -> str:
    return f"/cas/{slug}/"


def test_surendettement_lists_the_cresus_and_appui_cases(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    found = search(page, "surendettement")
    for slug in ("jean-louis-kiehl-cresus", "mouna-aoun-l-appui", "cresus-la-banque-postale-financement"):
        assert case(slug) in found, (slug, found)


@pytest.mark.parametrize(("query", "slugs"), [
    # names typed without accents, or written differently
    ("cresus", ["jean-louis-kiehl-cresus", "cresus-la-banque-postale-financement", "mouna-aoun-l-appui"]),
    ("voisinmalin", ["anne-charpy-voisinmalin"]),
    ("pimms", ["gilles-reydellet-pimms"]),
    ("kiehl", ["jean-louis-kiehl-cresus"]),
    # a partner, and the subject of a figure
    ("Banque Postale", ["mouna-aoun-l-appui", "cresus-la-banque-postale-financement"]),
    ("micro-assurance santé", ["jean-marc-guesne-sharing-cities"]),
])
def test_names_partners_and_figure_subjects_find_their_cases(page, site, search, query, slugs) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    found = search(page, query)
    for slug in slugs:
        assert case(slug) in found, (query, slug, found)
