"""The header's search box, answered by Pagefind on the real cases, as a French reader types: words after an elided
article (« l’obésité »), names with or without accents, hyphens and apostrophes, typed apart, joined or run together;
every result reachable; each result saying what it is and which section it is in; narrowing kept in the address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit


def case(slug: str) -> str:
    return f"/cas/{slug}/"


LINK_UP = case("sandrine-raffin-link-up")
CHEA_LUN = case("chea-lun-solidarity-sourcing")
APPUI = case("mouna-aoun-l-appui")
VINCI = case("arnaud-habert-vinci-insertion-emploi")
ALLIANCE = case("la-poste-alliance-dynamique")
PACTE = case("pacte-ambition-iae")
MACIF = case("fondation-macif-poitou-charentes")
CERCLE = case("cercle-investisseurs-societaux")
BEL = case("jean-marc-guesne-sharing-cities")
KIEHL = case("jean-louis-kiehl-cresus")
VITAMINE = case("andre-dupon-vitamine-t")
PIMMS = case("gilles-reydellet-pimms")
VOISIN = case("anne-charpy-voisinmalin")
LEVIERS = "/comprendre/leviers-ashoka/"

# (what a reader types, a page it must find among the first results). Taken from the real cases: subjects, places,
# partners, the subjects of figures and names — each spelt as readers do (no accents, elided word typed alone or not,
# hyphens as spaces, names run together).
FRENCH_QUERIES = [
    ("obesite", LINK_UP),  # « l’obésité »
    ("obésité", LINK_UP),
    ("l’obésité", LINK_UP),
    ("oreal", CHEA_LUN),  # « L’Oréal »
    ("oréal", CHEA_LUN),
    ("L'Oréal", "/organisations/l-oreal/"),
    ("loreal", "/organisations/l-oreal/"),
    ("appui", APPUI),  # « l’Appui »
    ("l appui", APPUI),
    ("lappui", APPUI),
    ("exclusion bancaire", APPUI),  # « l’exclusion bancaire »
    ("unis cité", LEVIERS),  # « d’Unis-Cité »
    ("uniscite", LEVIERS),
    ("Unis-Cité", LEVIERS),
    ("vinci insertion emploi", "/organisations/vinci-insertion-emploi-vie/"),  # « Vinci Insertion Emploi (VIE) »
    ("Vinci-Insertion-Emploi", VINCI),
    ("vinciinsertionemploi", VINCI),
    ("economie sociale et solidaire", ALLIANCE),  # « l’économie sociale et solidaire »
    ("activite economique", PACTE),  # « l’activité économique »
    ("bonneuil sur marne", PACTE),  # a place: « Bonneuil-sur-Marne »
    ("penicaud", PACTE),  # a name without its accent
    ("poitou charentes", MACIF),  # a place, hyphen typed as a space
    ("poitoucharentes", "/territoires/poitou-charentes/"),
    ("grand age", MACIF),  # a subject: « le grand âge »
    ("veolia", VOISIN),  # a partner
    ("caisse des depots", CERCLE),  # a partner, without accent
    ("rameau", CERCLE),
    ("vendeurs de rue", BEL),  # the subject of a figure
    ("micro assurance", BEL),  # « micro-assurance santé »
    ("guesne", BEL),
    ("heures d’insertion", VINCI),  # the unit of a figure
    ("turnover", VINCI),
    ("intermediation", KIEHL),  # « d’intermédiation »
    ("dossier de surendettement", KIEHL),
    ("joint ventures", VITAMINE),  # « joint-ventures »
    ("vitamine t", VITAMINE),
    ("mediation", PIMMS),  # « Médiation »
    ("fournisseurs solidaires", CHEA_LUN),
    ("cresus", KIEHL),  # names typed without accents, or written differently
    ("voisinmalin", VOISIN),
    ("voisin malin", VOISIN),
    ("kiehl", KIEHL),
    ("surendettement", APPUI),
    ("Banque Postale", case("cresus-la-banque-postale-financement")),
]


def test_french_words_are_found_as_readers_type_them(page, site, search) -> None:  # noqa: ANN001
    assert len(FRENCH_QUERIES) >= 30
    page.goto(site.url("/"))
    missed = {}
    for query, expected in FRENCH_QUERIES:
        found = search(page, query)
        if expected not in found:
            missed[query] = (expected, found)
    assert missed == {}, "\n".join(f"« {q} » : {e} absent de {f}" for q, (e, f) in missed.items())


def test_the_query_drops_elided_words_the_way_the_index_splits_them(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    normalise = "q => window.pionniersSearch.normalise(q)"
    assert page.evaluate(normalise, "l’Oréal") == "Oréal"
    assert page.evaluate(normalise, "jusqu'au bout, qu’elle, lorsqu’il d’Unis-Cité") == "au bout, elle, il Unis-Cité"
    assert page.evaluate(normalise, "l oreal") == "oreal"
    assert page.evaluate(normalise, "aujourd’hui") == "aujourd'hui"  # not an elision: one word
    assert page.evaluate(normalise, "l") == "l"  # nothing else typed: kept


def shown(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(".md-search-result__list > li > a:first-child",
                                     "links => links.map(a => new URL(a.href).pathname)")


def test_every_result_is_reachable_with_the_keyboard(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    first = search(page, "insertion")
    total = int(page.inner_text(".md-search-result__meta").split(" ")[0])
    assert total > 10 and len(shown(page)) == 10, (total, first)
    assert page.inner_text(".md-search-result__meta") == f"{total} résultats, 10 affichés"
    # From the box, the arrow keys walk the links, then reach « Afficher … de plus »; Enter loads the rest.
    for _ in range(40):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.matches('[data-pn-search-more]')"):
            break
    assert page.evaluate("document.activeElement.textContent") == f"Afficher {min(10, total - 10)} résultats de plus"
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.md-search-result__list > li').length === n",
                           arg=min(20, total))
    paths = shown(page)
    assert len(set(paths)) == len(paths) == min(20, total)
    # The focus moved to the first new result, so that a keyboard reader goes on reading from there.
    assert page.evaluate("document.activeElement.closest('li') === "
                         "document.querySelectorAll('.md-search-result__list > li')[10]")
    if total <= 20:
        assert page.inner_text(".md-search-result__meta") == f"{total} résultats"
        assert page.is_hidden("[data-pn-search-more]")


def test_each_result_says_what_it_is_and_links_to_its_sections(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    search(page, "rotation du personnel")  # words of the case's « L’impact » section
    results = page.eval_on_selector_all(".md-search-result__list > li", """items => items.map(li => ({
        url: new URL(li.querySelector('a').href).pathname,
        kind: li.querySelector('.pn-search-kind').textContent,
        sections: [...li.querySelectorAll('a.pn-search-section')].map(a => ({
            href: new URL(a.href).pathname + new URL(a.href).hash, heading: a.querySelector('h2').textContent}))}))""")
    vinci = next(r for r in results if r["url"] == VINCI)
    assert vinci["kind"] == "Cas"
    # The words are in « L’impact » and its figures (« Les chiffres », #chiffres, a part of it).
    assert ({"href": VINCI + "#impact", "heading": "L’impact"} in vinci["sections"]
            or {"href": VINCI + "#chiffres", "heading": "Les chiffres"} in vinci["sections"]), vinci
    search(page, "banque postale")
    labels = page.eval_on_selector_all(".md-search-result__list > li", """items => items.map(li =>
        [new URL(li.querySelector('a').href).pathname, li.querySelector('.pn-search-kind').textContent])""")
    expected = {"cas": "Cas", "organisations": "Organisation", "themes": "Thème", "territoires": "Territoire",
                "sources": "Source"}
    for path, kind in labels:
        top = path.split("/")[1]
        assert kind == (expected[top] if top in expected and path.count("/") == 3 else "Page"), (path, kind)
    assert {"Cas", "Organisation"} <= {kind for _, kind in labels}, labels


def test_filters_narrow_the_results_and_stay_in_the_address(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    everything = search(page, "insertion")
    total = int(page.inner_text(".md-search-result__meta").split(" ")[0])
    page.select_option("select[name=recherche-genre]", "cas")
    page.wait_for_function("() => document.querySelector('[data-pn-search-result]').hasAttribute('data-pn-query')")
    cases_only = shown(page)
    assert cases_only and all(p.startswith("/cas/") and p != "/cas/" for p in cases_only), cases_only
    narrowed = int(page.inner_text(".md-search-result__meta").split(" ")[0])
    assert narrowed < total, (narrowed, total, everything)
    page.select_option("select[name=recherche-theme]", "integration-emploi")
    page.wait_for_function("() => document.querySelector('[data-pn-search-result]').hasAttribute('data-pn-query')")
    themed = shown(page)
    assert themed and len(themed) <= len(cases_only)
    assert VINCI in themed and LINK_UP not in themed
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"recherche": ["insertion"], "recherche-genre": ["cas"], "recherche-theme": ["integration-emploi"]}
    # The address alone reopens the same search, filters and theme label included.
    address = page.url
    page.goto(site.url("/contribuer/"))
    page.goto(address)
    page.wait_for_function("() => document.querySelector('[data-pn-search-result]').hasAttribute('data-pn-query')")
    assert shown(page) == themed
    assert page.input_value("input.md-search__input") == "insertion"
    assert page.eval_on_selector("select[name=recherche-theme]", "s => s.selectedOptions[0].textContent") == \
        "L’intégration sur le marché de l’emploi"
    # Closing the search gives the page its own address back.
    page.keyboard.press("Escape")
    assert urlsplit(page.url).query == ""


# What a newcomer typed that found nothing, or the wrong thing (issue: « Search that helps »): (query, a page that
# must be among the results, or None when nothing must be found), checked like FRENCH_QUERIES.
HELPFUL_QUERIES = [
    ("70000", APPUI),  # « 70 000 clients fragiles », the number typed without its space
    ("70 000", APPUI),
    ("ESS", ALLIANCE),  # « l’ESS », an acronym: a word of its own…
]


def test_numbers_and_short_words_are_found_as_typed(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    missed = {}
    for query, expected in HELPFUL_QUERIES:
        found = search(page, query)
        if expected not in found:
            missed[query] = (expected, found)
    assert missed == {}, missed
    # …not the start of « essentiels » (the theme « L’accès aux services essentiels »)
    assert "/themes/acces-services-essentiels/" not in search(page, "ESS")
    # a short word that is no word of the site is the start of one, as typed (« kie » → « Kiehl »)
    assert KIEHL in search(page, "kie")
    # The number is shown with its narrow no-break space, as the page prints it.
    search(page, "70000")
    assert "70\u202f000" in page.inner_text(".md-search-result__list")


def test_a_long_word_does_not_find_what_only_its_stem_shares(page, site, search) -> None:  # noqa: ANN001
    import unicodedata

    def folded(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))

    page.goto(site.url("/"))
    found = search(page, "Bordeaux")  # Pagefind's stem « bord » is also in « au bord du… »
    stem_only = [p for p in (site.root / "cas").glob("*/index.html")
                 if re.search(r"\bbord\b", folded(p.read_text(encoding="utf-8")))
                 and "bordeaux" not in folded(p.read_text(encoding="utf-8"))]
    assert stem_only, "aucune page n’a « bord » sans « Bordeaux » : le test ne prouve rien"
    for path in set(found):
        text = folded((site.root / path.strip("/") / "index.html").read_text(encoding="utf-8"))
        assert "bordeaux" in text, path  # every result holds the word typed
    assert not {f"/cas/{p.parent.name}/" for p in stem_only} & set(found)


def suggestions(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all("[data-pn-suggestion]", "bs => bs.map(b => b.getAttribute('data-pn-suggestion'))")


def test_a_misspelt_word_is_offered_the_nearest_words_of_the_site(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/"))
    for typed, meant in (("crsus", "crésus"), ("obsite", "obésité"), ("insrtion", "insertion"), ("kiel", "kiehl")):
        assert search(page, typed) == [], typed
        page.wait_for_selector("[data-pn-suggestion]")
        assert meant in suggestions(page), (typed, suggestions(page))
        help_text = page.inner_text("[data-pn-search-help]")
        assert f"Vouliez-vous dire « {meant} »" in help_text, help_text
        link = page.get_attribute("[data-pn-search-help] a", "href")
        assert urlsplit(page.evaluate("h => new URL(h, location.href).href", link)).path == "/cas/"
    # A suggestion is a button: it searches the word it offers.
    page.click(f"[data-pn-suggestion='kiehl']")
    page.wait_for_function("() => document.querySelector('[data-pn-search-result]').getAttribute('data-pn-query') === 'kiehl'")
    assert KIEHL in shown(page)
    assert page.is_hidden("[data-pn-search-help]")


def test_cases_come_before_the_guide_and_data_pages(page, site, search) -> None:  # noqa: ANN001
    page.goto(site.url("/"))
    helped = 0
    for query in ("surendettement", "insertion", "chiffres", "sources"):
        search(page, query)
        while page.is_visible("[data-pn-search-more]"):
            page.click("[data-pn-search-more]")
            page.wait_for_timeout(300)
        paths = shown(page)
        assert paths, query
        help_pages = [i for i, p in enumerate(paths) if p.startswith(("/contribuer/", "/donnees/"))]
        helped += len(help_pages)
        if help_pages:
            assert all(p.startswith(("/contribuer/", "/donnees/")) for p in paths[help_pages[0]:]), (query, paths)
    assert helped, "ni le guide ni les données parmi les résultats : le test ne prouve rien"


def search_is_open(page) -> bool:  # noqa: ANN001
    return page.evaluate("document.getElementById('__search').checked")


def test_focus_leaving_the_search_closes_it(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/"))
    page.focus("input.md-search__input")
    assert search_is_open(page)
    # Nothing typed yet: nothing said (no « Initialisation de la recherche »).
    assert page.inner_text(".md-search-result__meta").strip() == ""
    for _ in range(30):
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('[data-pn-search]')"):
            break
    assert not page.evaluate("!!document.activeElement.closest('[data-pn-search]')"), "Tab ne sort jamais de la recherche"
    assert not search_is_open(page), "la recherche reste ouverte (page grisée) alors que le focus l’a quittée"
    # Shift+Tab from the page back into the box opens it again; Escape closes it.
    page.focus("input.md-search__input")
    assert search_is_open(page)
    page.keyboard.press("Escape")
    assert not search_is_open(page)


def test_slash_s_and_f_open_the_search_from_the_page(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/cas/"))
    for key in ("/", "s", "f"):
        page.click("h1")
        assert not search_is_open(page)
        page.keyboard.press(key)
        assert search_is_open(page), key
        assert page.evaluate("document.activeElement.matches('input.md-search__input')"), key
        assert page.input_value("input.md-search__input") == "", key  # the key opened the box, it was not typed
        page.keyboard.press("Escape")
    # In a field (the filters of /cas/), the keys are typed, not caught.
    page.focus("select#pn-f-theme")
    page.keyboard.press("s")
    assert not search_is_open(page)
