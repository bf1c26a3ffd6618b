"""The generated site, built for real (pionniers build, then mkdocs build --strict) from fixture cases.

Each rule of the case page and of the ways in is asserted on the HTML readers get.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pionniers.sandbox import ROOT, built_site, make_project

from pionniers.sitecheck import scan_site

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
    assert '<li id="source-essai">« Document d’essai », Éditeur d’essai, par Auteur d’essai, 13 juin 2014.</li>' in html


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
    assert ('<li id="source-essai-b">« Autre document d’essai », Autre éditeur, auteur non précisé, '
            "date non précisée.</li>") in html


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
    from pionniers.addresses import case_anchors
    from pionniers.corpus import check_corpus
    from pionniers.paths import Layout

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
