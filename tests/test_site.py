"""The generated site, built for real (pionniers build, then mkdocs build --strict) from fixture cases.

Each rule of the case page and of the ways in is asserted on the HTML readers get.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pionniers.site.sandbox import ROOT, built_site, make_project

from pionniers.site.sitecheck import scan_site

FIXTURES = ROOT / "tests" / "fixtures" / "site"
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("site") / "projet", FIXTURES)
    return project, built_site(project)


def page(site: Path, path: str) -> str:
    """A built page, with the character references escape.inert writes for ASCII punctuation (« &#58; ») read as
    the characters a reader sees, so that assertions compare text (the markup itself is left as built)."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return re.sub(r"&#(3[3-9]|[4-9][0-9]|1[01][0-9]|12[0-6]);",
                  lambda m: chr(int(m.group(1))) if chr(int(m.group(1))) not in "<>&\"'" else m.group(0), html)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_case_page_has_fixed_section_anchors(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/alpha-banque")
    for anchor in ("defi", "innovation", "co-creation", "impact", "chiffres", "citations", "questions", "sources",
                   "citer", "voir-aussi", "corriger"):
        assert f'id="{anchor}"' in html, anchor


def test_lead_and_key_facts(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/alpha-banque")
    assert '<p class="pn-lead">Un cas d’essai où une banque' in html
    facts = html[html.index('<dl class="pn-facts">'): html.index("</dl>")]
    for label in ("Qui", "Organisations", "Où", "Depuis", "Type de cas", "Thèmes"):
        assert f"<dt>{label}</dt>" in facts
    assert "Alice Alpha (intrapreneuse à la Banque Témoin)" in facts
    assert 'href="../../organisations/banque-temoin/"' in facts
    assert 'href="../../territoires/ile-de-france/"' in facts
    assert "2012" in facts and "Intrapreneur social" in facts and "L’inclusion bancaire" in facts


def test_figures_printed_the_french_way(built: tuple[Path, Path]) -> None:
    values = re.findall(r'<p class="pn-figure__value">([^<]*)</p>', page(built[1], "cas/alpha-banque"))
    assert values == [
        f"70{NNBSP}000", f"plus de 33{NNBSP}000", f"environ 60{NNBSP}000", f"3,5{NBSP}millions",
        f"63{NNBSP}% à 80{NNBSP}%", f"de 25{NNBSP}% à 8{NNBSP}%", f"72{NNBSP}000", f"16{NNBSP}h par mois",
        "toutes les 3 minutes",
        "une dizaine",
    ]


def test_figure_cards_mark_targets_times_and_sources(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/alpha-banque")
    cards = re.findall(r'<div class="pn-figure pn-figure--(\w+)" id="chiffre-\d+">(.*?)</div>', html, re.S)
    by_value = {re.search(r'__value">([^<]*)', body).group(1): (status, body) for status, body in cards}
    status, body = by_value[f"72{NNBSP}000"]
    assert status == "target" and "Objectif" in body and "d’ici 2020" in body
    status, body = by_value["toutes les 3 minutes"]
    assert status == "context" and "Contexte" in body and '__caption">dossier déposé</p>' in body
    assert "depuis 2013" in by_value[f"70{NNBSP}000"][1]
    assert "en 5 ans" in by_value[f"environ 60{NNBSP}000"][1]
    assert "fin 2017" in by_value["une dizaine"][1]
    assert all('href="#source-essai"' in body for _, body in cards)
    item = re.search(r'<li id="source-essai">(.*?)</li>', html).group(1)
    assert item.endswith(f"«{NBSP}Document d’essai{NBSP}», Éditeur d’essai, par Auteur d’essai, 13 juin 2014, "
                         'adresse non connue · <a href="../../sources/essai/">fiche de la source</a>.'), item


def test_each_figure_shows_the_source_words_on_demand(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/alpha-banque")
    cards = re.findall(r'<div class="pn-figure pn-figure--\w+" id="chiffre-\d+">(.*?)</div>', html, re.S)
    assert len(cards) == 10
    evidence = [re.search(r'<details class="pn-evidence">\s*<summary>Ce que dit la source</summary>\s*<p>(.*?)</p>',
                          body, re.S) for body in cards]
    assert all(evidence), "une carte de chiffre sans « Ce que dit la source »"
    first = evidence[0].group(1)
    assert f"«{NBSP}70 000 clients fragiles accompagnés depuis 2013{NBSP}»" in first
    assert '<a href="#source-essai">' in first and "Document d’essai" in first
    assert f"«{NBSP}3,5 millions de personnes touchées{NBSP}»" in evidence[3].group(1)


def test_what_the_sources_do_not_say_reads_as_such(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/beta-fondation")
    facts = html[html.index('<dl class="pn-facts">'): html.index("</dl>")]
    assert '<dd><a href="../../territoires/non-precise/">non précisé par la source</a></dd>' in facts
    item = re.search(r'<li id="source-essai-b">(.*?)</li>', html).group(1)
    assert item.endswith(f"«{NBSP}Autre document d’essai{NBSP}», Autre éditeur, auteur non précisé, "
                         'date non précisée, adresse non connue · <a href="../../sources/essai-b/">fiche de la source</a>.'), item


def test_co_creation_table_lists_each_actor(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/alpha-banque")
    section = html[html.index('id="co-creation"'): html.index('id="impact"')]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    cells = [text_of(r).split() for r in rows[1:]]
    assert len(cells) == 2
    assert "Entreprise" in text_of(rows[1]) and "ses agences et ses conseillers" in text_of(rows[1])
    assert "Association" in text_of(rows[2]) and "partenaire de terrain" in text_of(rows[2])


def test_quotes_questions_citation_related_and_edit_link(built: tuple[Path, Path]) -> None:
    project, site = built
    html = page(site, "cas/alpha-banque")
    assert "<blockquote class=\"pn-quote\">" in html and f"«{NBSP}Une phrase courte et attribuée.{NBSP}»" in html
    assert "— Alice Alpha" in html
    questions = html[html.index('id="questions"'):html.index('id="sources"')]
    assert questions.count("<li>") == 2
    cite = re.search(r'<p class="pn-cite">(.*?)</p>', html).group(1)
    assert "« Alpha et la Banque Témoin : un cas d’essai »" in cite and "1er novembre 2026" in cite
    assert "/cas/alpha-banque/" in cite
    related = html[html.index('id="voir-aussi"'):html.index('id="corriger"')]
    assert 'href="../beta-fondation/"' in related  # explicit, and shares Association Relais
    assert 'href="../gamma-pacte/"' not in related  # shares nothing
    edit = re.search(r'<a class="pn-edit" href="([^"]+)"', html).group(1)
    assert edit == "../../donnees/cas/alpha-banque.yml"
    assert (site / "donnees/cas/alpha-banque.yml").read_bytes() == (project / "cases/alpha-banque.yml").read_bytes()


def test_review_date_and_stale_notice(built: tuple[Path, Path]) -> None:
    fresh, old = page(built[1], "cas/alpha-banque"), page(built[1], "cas/beta-fondation")
    assert "Dernière relecture : 1er novembre 2026." in fresh and "Relecture ancienne" not in fresh
    assert "Relecture ancienne" in old and "15 janvier 2020" in old


def test_alias_redirects_to_current_address(built: tuple[Path, Path]) -> None:
    html = (built[1] / "cas/ancien-alpha/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../alpha-banque/">' in html
    assert '<link rel="canonical" href="../alpha-banque/">' in html
    assert (built[1] / "assets/pionniers-redirect.js").is_file()


def test_cases_index_cards_and_filters(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas")
    cards = re.findall(r'<article class="pn-card" ([^>]*)>', html)
    assert len(cards) == 3
    alpha = next(c for c in cards if "intrapreneur" in c)
    assert 'data-theme="inclusion-bancaire prevention-surendettement"' in alpha
    assert 'data-secteur="association entreprise"' in alpha and 'data-territoire="ile-de-france"' in alpha
    assert '<form class="pn-filters" hidden' in html  # shown by JavaScript only: without it, every card shows
    for name in ("theme", "type", "secteur", "territoire"):
        assert f'name="{name}"' in html
    assert f"<strong>70{NNBSP}000</strong> clients fragiles accompagnés (depuis 2013)" in html


def test_index_pages_per_theme_kind_organisation_territory(built: tuple[Path, Path]) -> None:
    site = built[1]
    theme = page(site, "themes/vieillissement")
    assert "Permettre aux personnes âgées" in theme and 'href="../../cas/beta-fondation/"' in theme
    assert 'href="../../cas/alpha-banque/"' in page(site, "types/intrapreneur")
    org = page(site, "organisations/association-relais")
    assert "partenaire de terrain" in org and "opérateur local" in org
    assert 'href="../../cas/alpha-banque/"' in org and 'href="../../cas/beta-fondation/"' in org
    assert 'href="../../cas/gamma-pacte/"' in page(site, "territoires/france")
    for index in ("themes", "types", "organisations", "territoires"):
        assert (site / index / "index.html").is_file()


def test_impact_page_groups_figures_by_theme(built: tuple[Path, Path]) -> None:
    html = page(built[1], "impact")
    assert 'id="inclusion-bancaire"' in html and 'id="vieillissement"' in html
    assert html.count('href="../cas/alpha-banque/#chiffres"') == 10
    assert 'href="../cas/beta-fondation/#chiffres"' in html


def test_page_descriptions_for_link_previews(built: tuple[Path, Path]) -> None:
    html = page(built[1], "cas/alpha-banque")
    assert '<meta name="description" content="Un cas d’essai où une banque' in html
    assert '<html lang="fr"' in html


def test_open_data_matches_the_site(built: tuple[Path, Path]) -> None:
    site = built[1]
    data = json.loads((site / "donnees/cas.json").read_text(encoding="utf-8"))
    assert [c["slug"] for c in data["cases"]] == ["alpha-banque", "beta-fondation", "gamma-pacte"]
    for case in data["cases"]:
        assert (site / case["url"].strip("/") / "index.html").is_file(), case["url"]
    rows = list(csv.DictReader((site / "donnees/chiffres.csv").open(encoding="utf-8")))
    assert len(rows) == 11
    change = next(r for r in rows if r["cas"] == "beta-fondation")
    assert (change["forme"], change["de"], change["a"], change["statut"], change["temps_forme"]) == \
        ("change", "140000", "240000", "target", "by")
    assert next(r for r in rows if r["forme"] == "range")["borne_basse"] == "63"
    millions = next(r for r in rows if r["valeur"] == "3500000")
    assert (millions["formulation"], millions["preuve"]) == (f"3,5{NBSP}millions", "3,5 millions de personnes touchées")
    dizaine = next(r for r in rows if r["formulation"] == "une dizaine")
    assert (dizaine["valeur"], dizaine["preuve"]) == ("10", "une dizaine de banques partenaires fin 2017")
    assert change["preuve"] == "le passage de 140.000 à 240.000 personnes d’ici à 2022"
    assert (change["source_auteur"], change["source_date"]) == ("non précisé", "non précisé")
    cases = list(csv.DictReader((site / "donnees/cas.csv").open(encoding="utf-8")))
    assert [c["slug"] for c in cases] == ["alpha-banque", "beta-fondation", "gamma-pacte"]
    assert json.loads((site / "donnees/cas.schema.json").read_text())["title"] == "Cas Pionniers"


def test_no_third_party_request_nor_foreign_script(built: tuple[Path, Path]) -> None:
    assert scan_site(built[1]) == []


def test_every_anchor_validation_knows_is_on_the_case_page(built: tuple[Path, Path]) -> None:
    """addresses.case_anchors (what a story's link may point at) and templates/case.md.j2 agree."""
    from pionniers.model.addresses import case_anchors
    from pionniers.model.corpus import check_corpus
    from pionniers.common.paths import Layout

    project, site = built
    for case in check_corpus(Layout(project)).cases:
        html = page(site, f"cas/{case.slug}")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        assert case_anchors(case) <= ids, (case.slug, sorted(case_anchors(case) - ids))


def test_templates_mark_only_our_own_macros_safe() -> None:
    """`|safe` bypasses escape.inert: allowed on the output of our own macros only, never on a value."""
    templates = ROOT / "scripts" / "pionniers" / "templates"
    for path in templates.glob("*.j2"):
        for match in re.finditer(r"\{\{\s*([^}]*?)\|\s*safe\b", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"(cards|case_list|steps|steps_after|drawings\.(cocreation|figure|region_map|timeline))\(.*\)\s*",
                                match.group(1)), (path.name, match.group(0))


def test_the_header_search_box_is_there_without_a_lunr_index(built: tuple[Path, Path]) -> None:
    html = (built[1] / "cas" / "alpha-banque" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"data-pn-search(?=[\s>])", html)) == 1 and 'for="__search"' in html
    assert not (built[1] / "search").exists()


# --- sources: numbered notes, the list of sources, their pages, what they do not say, measures ---------------------

NOTES = ROOT / "tests" / "fixtures" / "notes"  # delta-mesures.yml, and its own record in sources/


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with delta-mesures: two sources (delta-rapport, then essai), calls in a paragraph, a list and
    a quotation, a marker in code, unknowns, a measure over two years and one two sources disagree on."""
    project = make_project(tmp_path_factory.mktemp("notes") / "projet", [*sorted(FIXTURES.glob("*.yml")),
                                                                         NOTES / "delta-mesures.yml"],
                           sources=ROOT / "tests" / "fixtures" / "sources")
    (project / "sources" / "delta-rapport.yml").write_bytes((NOTES / "sources" / "delta-rapport.yml").read_bytes())
    return built_site(project)


def _section(html: str, anchor: str, end: str) -> str:
    return html[html.index(f'id="{anchor}"'):html.index(end, html.index(f'id="{anchor}"'))]


def test_each_marker_is_a_numbered_call_to_its_source_in_the_list(notes: Path) -> None:
    html = page(notes, "cas/delta-mesures")
    calls = re.findall(r'<sup class="pn-note" id="(appel-[a-z0-9-]+)"><a href="#source-([a-z0-9-]+)">\[(\d)\]</a></sup>',
                       html)
    # Numbered in the order of the case's list (delta-rapport 1, essai 2), in reading order, a list's and a
    # quotation's calls included.
    assert calls == [("appel-defi-delta-rapport-1", "delta-rapport", "1"), ("appel-defi-essai-1", "essai", "2"),
                     ("appel-defi-essai-2", "essai", "2"),
                     ("appel-innovation-delta-rapport-1", "delta-rapport", "1"),
                     ("appel-co-creation-essai-1", "essai", "2"),
                     ("appel-co-creation-delta-rapport-1", "delta-rapport", "1"),
                     ("appel-impact-delta-rapport-1", "delta-rapport", "1")]
    assert "pn-note" in re.search(r"<li>qui cite sa source(.*?)</li>", html).group(1)
    assert "pn-note" in re.search(r"<blockquote>(.*?)</blockquote>", html, re.S).group(1)
    sources = _section(html, "sources", "</ol>")
    assert [i for i in re.findall(r'<li id="source-([a-z0-9-]+)">', sources)] == ["delta-rapport", "essai"]
    # Each source links back to each of its calls, in reading order; every link back leads to a call.
    for source in ("delta-rapport", "essai"):
        item = re.search(rf'<li id="source-{source}">(.*?)</li>', sources).group(1)
        back = re.findall(r'<a href="#(appel-[a-z0-9-]+)" aria-label="Retour au texte, appel (\d)">', item)
        assert [target for target, _ in back] == [c for c, s, _ in calls if s == source]
        assert [int(n) for _, n in back] == list(range(1, len(back) + 1))
        assert f'<a href="../../sources/{source}/">fiche de la source</a>' in item
    assert 'href="https://delta.example.org/rapport"' in sources


def test_a_marker_in_code_is_shown_as_written_not_called(notes: Path) -> None:
    section = _section(page(notes, "cas/delta-mesures"), "co-creation", "</div>")
    assert "<code>[^essai]</code>" in section
    assert section.count('href="#source-essai"') == 1  # the marker after « La co-création. », not the one in code


def test_what_the_sources_do_not_say(notes: Path) -> None:
    html = page(notes, "cas/delta-mesures")
    section = _section(html, "non-dit", 'id="sources"')
    assert "Ce que les sources ne disent pas</h2>" in section
    assert re.findall(r"<li>(.*?)</li>", section) == [f"Combien de ménages accompagnés sont sortis du "
                                                       f"surendettement{NBSP}?", f"Qui finance l’alliance après 2018{NBSP}?"]
    assert 'id="non-dit"' not in page(notes, "cas/alpha-banque")  # no unknowns, no section


def test_a_measure_over_time_is_a_series_and_undated_sources_diverge(notes: Path) -> None:
    html = page(notes, "cas/delta-mesures")
    series = re.search(r'<div class="pn-measure pn-measure--series">(.*?)</ul>\s*</div>', html, re.S).group(1)
    assert "Au fil du temps" in series and "ménages accompagnés" in series
    assert re.search(r'<figure aria-label="Au fil du temps — en 2015 : 1\u202f200 ; en 2018 : 1\u202f800\.[^"]*" '
                     r'class="pn-draw pn-draw--series" role="img">', series), series
    assert re.findall(r'<li><a href="#(chiffre-\d)">[^<]*</a>, (en \d{4})', series) == [("chiffre-1", "en 2015"),
                                                                                      ("chiffre-2", "en 2018")]
    divergent = re.search(r'<div class="pn-measure pn-measure--divergent">(.*?)</div>', html, re.S).group(1)
    assert "Les sources divergent" in divergent and "ménages aidés" in divergent and "<figure" not in divergent
    items = re.findall(r'<li><a href="#(chiffre-\d)">([^<]*)</a>, sans date — <a href="#source-([a-z-]+)">', divergent)
    assert items == [("chiffre-3", f"environ 2{NNBSP}000", "delta-rapport"),
                     ("chiffre-4", f"plus de 33{NNBSP}000", "essai")]
    assert 'id="chiffre-4"' in html and "pn-measure" not in page(notes, "cas/alpha-banque")


def test_each_source_has_its_page_listing_the_cases_that_cite_it(notes: Path) -> None:
    record = page(notes, "sources/delta-rapport")
    assert '<h1 id="titre">Rapport d’activité de l’Alliance Delta</h1>' in record
    assert f'<p class="pn-lead">Rapport · Alliance Delta · auteur non précisé · 2019 · langue{NBSP}: fr</p>' in record
    assert "{ .pn-lead }" not in record
    assert '<a href="https://delta.example.org/rapport">' in record and "Rapport fictif, pour les tests." in record
    extracts = re.findall(r'<blockquote class="pn-extract"><p>«[^»]*»</p></blockquote>', record)
    assert len(extracts) == 3 and "1 200 ménages accompagnés en 2015" in extracts[0]
    cases = _section(record, "cas", "</ul>")
    assert re.findall(r'<a href="\.\./\.\./cas/([a-z-]+)/">', cases) == ["delta-mesures"]
    shared = _section(page(notes, "sources/essai"), "cas", "</ul>")
    assert re.findall(r'<a href="\.\./\.\./cas/([a-z-]+)/">', shared) == ["alpha-banque", "delta-mesures"]
    index = page(notes, "sources")
    assert re.search(r'<a href="delta-rapport/">Rapport d’activité de l’Alliance Delta</a> — Alliance Delta, 2019 '
                     r'\(1 cas\)', index), index
    assert re.search(r'<a href="essai/">Document d’essai</a> — [^(]*\(2 cas\)', index)


def test_the_case_page_has_every_anchor_validation_knows_of(notes: Path) -> None:
    from pionniers.model.addresses import case_anchors
    from pionniers.model.corpus import check_corpus
    from pionniers.common.paths import Layout

    project = notes.parent
    (case,) = [c for c in check_corpus(Layout(project)).cases if c.slug == "delta-mesures"]
    assert {"non-dit", "source-delta-rapport", "source-essai"} <= case_anchors(case)
    ids = set(re.findall(r'\bid="([^"]+)"', page(notes, "cas/delta-mesures")))
    assert case_anchors(case) <= ids, sorted(case_anchors(case) - ids)
    assert len(ids) == len(re.findall(r'\bid="', page(notes, "cas/delta-mesures")))  # every id once
