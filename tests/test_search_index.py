"""What Pagefind reads (search.py): a rendition of each published page for French readers — the ASCII apostrophe
inside words (so that Pagefind indexes « obésité » in « l’obésité »), the kind of page as a filter, a case page up
to « Citer ce cas » — while the published page itself is never touched."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pionniers.site import search

PAGE = """<!doctype html><html lang="fr"><head><title>L’Oréal — Pionniers</title></head><body>
<header>L’en-tête</header><div class="md-content"><article class="md-content__inner md-typeset">
<h1 id="titre">Chez L’Oréal</h1><p>La prévention de l’obésité, aujourd’hui ; « l’ » seul reste.</p>
<div class="pn-cards"><article class="pn-card"><p>Carte d’un cas</p></article></div>
<h2 id="impact">L’impact</h2><p>240 villes</p>
<h2 id="citer">Citer ce cas</h2><p>Pionniers, « Chez L’Oréal »</p><h2 id="voir-aussi">Voir aussi</h2>
</article></div><footer>Pied de page d’un site</footer></body></html>"""


def test_a_case_page_is_read_with_ascii_apostrophes_inside_words_up_to_its_citation() -> None:
    text = search.rendition(PAGE, "cas/l-oreal/index.html")
    assert text is not None
    assert "Chez L'Oréal" in text and "l'obésité" in text and "aujourd'hui" in text
    assert "« l’ » seul" in text  # an apostrophe that joins no two letters stays as written
    assert "<title>L’Oréal — Pionniers</title>" in text  # only the article is rewritten
    assert 'data-pagefind-filter="genre:cas"' in text
    assert "Carte d'un cas" in text and "L'impact" in text and "240 villes" in text  # nested articles kept
    assert "Citer ce cas" not in text and "Voir aussi" not in text
    assert "en-tête" not in text and "Pied de page" not in text
    assert text.count("</article>") == 2 and text.startswith('<!doctype html><html lang="fr">')


def test_the_kind_of_a_page_comes_from_its_address() -> None:
    kinds = {rel: search.genre(rel) for rel in ("cas/x/index.html", "cas/index.html", "organisations/x/index.html",
                                                "themes/x/index.html", "territoires/x/index.html",
                                                "types/x/index.html", "index.html", "comprendre/x/index.html",
                                                "contribuer/index.html", "donnees/index.html",
                                                "sources/x/index.html")}
    assert kinds == {"cas/x/index.html": "cas", "cas/index.html": "liste", "organisations/x/index.html": "organisation",
                     "themes/x/index.html": "theme", "territoires/x/index.html": "territoire",
                     "types/x/index.html": "page", "index.html": "liste", "comprendre/x/index.html": "page",
                     "contribuer/index.html": "aide", "donnees/index.html": "aide", "sources/x/index.html": "source"}
    other = search.rendition(PAGE, "comprendre/x/index.html")
    assert other is not None and 'genre:page' in other and "Voir aussi" in other  # only case pages are cut


def test_a_page_without_article_is_not_indexed_and_the_site_is_left_as_it_was(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "cas" / "ancien").mkdir(parents=True)
    (site / "cas" / "ancien" / "index.html").write_text("<html><body><a href='../nouveau/'>ici</a></body></html>")
    (site / "cas" / "l-oreal").mkdir(parents=True)
    (site / "cas" / "l-oreal" / "index.html").write_text(PAGE, encoding="utf-8")
    out = search.write_renditions(site, tmp_path / "r")
    assert out.pages == 1
    assert sorted(p.relative_to(tmp_path / "r").as_posix() for p in (tmp_path / "r").rglob("*.html")) == \
        ["cas/l-oreal/index.html"]
    assert (site / "cas" / "l-oreal" / "index.html").read_text(encoding="utf-8") == PAGE


def test_a_page_listing_the_whole_corpus_is_indexed_up_to_its_first_list_or_section() -> None:
    for rel in ("impact/index.html", "cas/index.html", "sources/index.html"):
        text = search.rendition(PAGE, rel)
        assert text is not None and "Chez L'Oréal" in text and "l'obésité" in text, rel
        assert "240 villes" not in text and "Citer ce cas" not in text, rel
    listed = PAGE.replace("<h2 id=\"impact\">", "<ul><li>Un cas listé</li></ul><h2 id=\"impact\">")
    assert "Un cas listé" not in search.rendition(listed, "sources/index.html")
    assert "Un cas listé" in search.rendition(listed, "themes/index.html")  # other lists are indexed whole
    assert "240 villes" in search.rendition(PAGE, "organisations/index.html")


def test_a_source_records_page_is_not_a_search_result_but_the_list_of_sources_is(tmp_path: Path) -> None:
    from pionniers.site import sitecheck

    assert search.indexed("sources/rapport-2019/index.html", PAGE) is None
    assert search.indexed("sources/index.html", PAGE) is not None
    assert search.indexed("cas/sources/index.html", PAGE) is not None  # a case whose slug is « sources »
    report = sitecheck.Report()
    for rel in ("sources/rapport-2019/index.html", "sources/index.html", "cas/l-oreal/index.html"):
        sitecheck.scan_file(rel, PAGE, sitecheck.Expectations(), report)
    assert report.pages == 2  # the coverage publish checks counts the pages the search indexes, no more


def test_the_theme_filter_pagefind_reads_holds_a_slug_and_nothing_else() -> None:
    import pytest

    from pionniers.common import escape
    from pionniers.site import sitecheck

    assert str(escape.ident("prevention-sante")) == "prevention-sante"
    for hostile in ('x" data-pagefind-body="', "x, genre:page", "Théme", "a b"):
        with pytest.raises(ValueError):
            escape.ident(hostile)
    ok = '<html><body><a href="../t/" data-pagefind-filter="theme:prevention-sante">t</a></body></html>'
    assert sitecheck.scan_html(ok, "cas/x/index.html", themed=False) == []
    for value in ("theme:x, genre:page", "genre:cas", "theme:Prévention", "auteur:x"):
        page = f'<html><body><a data-pagefind-filter="{value}">t</a></body></html>'
        assert any("data-pagefind-filter" in f for f in sitecheck.scan_html(page, "p.html", themed=False)), value


def test_pagefinds_service_fed_page_by_page_writes_the_bundle_its_cli_writes(tmp_path: Path) -> None:
    """`pionniers publish` hands each page to Pagefind's service (search.Indexer) as MkDocs writes it; `pionniers
    index` and the preview run Pagefind's CLI over the renditions. Same settings (pagefind.yml), same pages, same
    fragments (one per page, named by its content's hash); a page without article is left out by both."""
    import json

    from pionniers.site.sandbox import ROOT

    site = tmp_path / "site"
    pages = {"cas/l-oreal/index.html": PAGE, "comprendre/x/index.html": PAGE.replace("L’Oréal", "Unis-Cité"),
             "cas/ancien/index.html": "<html><body><a href='../nouveau/'>ici</a></body></html>",
             "404.html": PAGE.replace("L’Oréal", "Introuvable")}
    for rel, text in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    indexer = search.Indexer(ROOT)
    try:
        for rel, text in pages.items():
            indexer.add(rel, text)
        assert indexer.finish(tmp_path / "service") == []
    finally:
        indexer.close()
    assert indexer.pages == 2
    result = search.index_site(ROOT, site, tmp_path / "cli")
    assert result.returncode == 0, result.stdout + result.stderr
    counts = {name: json.loads((tmp_path / name / "pagefind-entry.json").read_text())["languages"]["fr"]["page_count"]
              for name in ("service", "cli")}
    assert counts == {"service": 2, "cli": 2}
    fragments = {name: sorted(p.name for p in (tmp_path / name / "fragment").iterdir()) for name in ("service", "cli")}
    assert fragments["service"] == fragments["cli"] and len(fragments["cli"]) == 2
    # The whole bundle (the service's is written by search.write_bundle), byte for byte but for the filters, whose
    # values Pagefind orders differently from one run to the next, and the files named after their hash.
    bundles = {name: {p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
                      for p in (tmp_path / name).rglob("*") if p.is_file()} for name in ("service", "cli")}
    hashed = re.compile(r"filter/.*|pagefind\..*\.pf_meta|pagefind-entry\.json")
    same = {name: {rel: data for rel, data in files.items() if not hashed.fullmatch(rel)}
            for name, files in bundles.items()}
    assert same["service"] == same["cli"]
    assert {"pagefind.js", "pagefind-worker.js", "wasm.fr.pagefind"} <= set(same["service"])
    for files in bundles.values():
        entry = json.loads(files["pagefind-entry.json"])["languages"]["fr"]
        assert f"pagefind.{entry['hash']}.pf_meta" in files  # the entry names the metadata written beside it
        assert len([rel for rel in files if rel.startswith("filter/")]) == 1


def test_the_bundle_is_written_anew_and_only_under_plain_names(tmp_path: Path) -> None:
    import pytest

    search.write_bundle(tmp_path / "pf", [("pagefind.js", b"js"), ("index/fr_1.pf_index", b"i")])
    assert (tmp_path / "pf" / "index" / "fr_1.pf_index").read_bytes() == b"i"
    for hostile in ("../x.js", "/etc/x", "a/b/c.js", ".hidden", "index/../../x", "fragment\\x", ""):
        with pytest.raises(ValueError):
            search.write_bundle(tmp_path / f"h{len(list(tmp_path.iterdir()))}", [(hostile, b"x")])
    (tmp_path / "elsewhere").write_text("keep")
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl" / "pagefind.js").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError):
        search.write_bundle(tmp_path / "pl", [("pagefind.js", b"x")])  # an existing folder is refused
    (tmp_path / "pl2").symlink_to(tmp_path / "pl")
    with pytest.raises(FileExistsError):
        search.write_bundle(tmp_path / "pl2", [("pagefind.js", b"x")])
    assert (tmp_path / "elsewhere").read_text() == "keep"


def test_what_pagefind_yml_leaves_out_is_in_no_fragment(tmp_path: Path) -> None:
    """Cards on index pages, the drawing's table (its words are indexed once, in the drawing) and the steps of the
    learning paths (other pages' titles) are not indexed: a page is found for its own words, once."""
    import gzip
    import json

    from pionniers.site.sandbox import ROOT

    body = ('<h1 id="titre">Chez Kiwano</h1><p>Le dessin : Zorblat apporte des locaux.</p>'
            '<nav class="pn-steps"><p>Parcours Quixotique · étape 2 sur 3</p></nav>'
            '<details class="pn-cc-table"><summary>Le même contenu en tableau</summary>'
            '<table><tr><td>Zorblat</td><td>Vraxillon</td></tr></table></details>'
            '<div class="pn-cards"><article class="pn-card"><p>Mélusinerie</p></article></div>')
    page = PAGE.replace('<h1 id="titre">Chez L’Oréal</h1>', body)
    site = tmp_path / "site"
    (site / "cas" / "kiwano").mkdir(parents=True)
    (site / "cas" / "kiwano" / "index.html").write_text(page, encoding="utf-8")
    result = search.index_site(ROOT, site, tmp_path / "pf")
    assert result.returncode == 0, result.stdout + result.stderr
    [fragment] = (tmp_path / "pf" / "fragment").iterdir()
    content = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["content"]
    assert "Kiwano" in content and "Zorblat apporte des locaux" in content and "240 villes" in content
    assert content.count("Zorblat") == 1
    for left_out in ("Quixotique", "Vraxillon", "Mélusinerie", "même contenu"):
        assert left_out not in content


def test_indexing_a_site_again_replaces_its_bundle_instead_of_adding_to_it(tmp_path: Path) -> None:
    """Pagefind adds its files to an output folder and removes none: `pionniers index` run again on a site (after an
    edit) must not leave the first bundle's fragments beside the second's, nor any working folder."""
    from pionniers.site.sandbox import ROOT

    site = tmp_path / "site"
    (site / "cas" / "l-oreal").mkdir(parents=True)
    page = site / "cas" / "l-oreal" / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    assert search.index_site(ROOT, site).returncode == 0
    first = {p.name for p in (site / "pagefind" / "fragment").iterdir()}
    page.write_text(PAGE.replace("240 villes", "250 villes"), encoding="utf-8")
    assert search.index_site(ROOT, site).returncode == 0
    second = {p.name for p in (site / "pagefind" / "fragment").iterdir()}
    assert len(first) == len(second) == 1 and first != second
    assert sorted(p.name for p in site.iterdir()) == ["cas", "pagefind"]


def test_numbers_in_groups_are_one_word_for_the_index() -> None:
    page = ('<html lang="fr"><body><article class="md-content__inner md-typeset"><p>70\u202f000 clients, 3 500 000 '
            'euros, en 2019 100 jeunes</p><svg viewBox="0 0 100 100"></svg></article></body></html>')
    text = search.rendition(page, "cas/x/index.html")
    assert text is not None
    assert "70'000 clients" in text and "3'500'000 euros" in text
    assert "2019 100" in text  # a year followed by a number is not one number
    assert 'viewBox="0 0 100 100"' in text  # tags are left as they are


def test_an_empty_theme_is_indexed_under_a_kind_the_search_never_asks_for() -> None:
    empty = ('<html lang="fr"><body><article class="md-content__inner md-typeset"><h1>Petite enfance</h1>'
             '<p class="pn-todo" data-pn-vide="1">À documenter</p></article></body></html>')
    assert 'data-pagefind-filter="genre:vide"' in (search.rendition(empty, "themes/petite-enfance/index.html") or "")
    full = empty.replace(' data-pn-vide="1"', "")
    assert 'data-pagefind-filter="genre:theme"' in (search.rendition(full, "themes/petite-enfance/index.html") or "")


def test_the_word_list_puts_the_words_of_most_pages_first_in_their_spelling() -> None:
    words = search.Words()
    words.add("a/index.html", "<body><p>Crésus et l'obésité, crésus</p></body>")
    words.add("b/index.html", "<body><p>Crésus</p></body>")
    listed = json.loads(words.content())
    assert listed[0] == ["cresus", "crésus"]
    assert ["obesite", "obésité"] in listed and ["et", "et"] not in listed  # two letters: never offered
    words.remove("a/index.html")
    assert json.loads(words.content()) == [["cresus", "crésus"]]
