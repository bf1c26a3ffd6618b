"""The embeddable card on the built HTML: one self-contained page per case, known to the second
wall (sitecheck) as ours rather than the theme's; the case page gives its iframe code as text, never as a tag."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from pionniers.pages.render import card_script
from pionniers.site.sandbox import ROOT, generate, make_project, mkdocs_build
from pionniers.site.sitecheck import Expectations, scan, scan_card, scan_html

FIXTURES = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("carte") / "p", FIXTURES)
    assert generate(project) == 0
    built = mkdocs_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    return project / "site"


def test_each_case_has_a_light_self_contained_card(site: Path) -> None:
    for slug in ("alpha-banque", "beta-fondation", "gamma-pacte"):
        card = (site / "cas" / slug / "carte" / "index.html").read_text(encoding="utf-8")
        assert len(gzip.compress(card.encode("utf-8"))) <= 15 * 1024
        # One script only, its own (it tells the course page its height), and nothing to load.
        assert card.count("<script") == 1 and f"<script>{card_script()}</script>" in card
        assert 'rel="stylesheet"' not in card and "<style>" in card
        assert 'href="../"' in card and '<meta name="robots" content="noindex">' in card
        assert 'class="md-' not in card  # no theme, no navigation
    alpha = (site / "cas/alpha-banque/carte/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<li><span class=\"pn-carte__value\">", alpha)) == 3  # three headline figures at most
    assert "Alpha et la Banque Témoin" in alpha


def test_the_second_wall_knows_cards_and_flags_what_they_must_not_hold(site: Path) -> None:
    expect = Expectations(case_slugs=frozenset({"alpha-banque", "beta-fondation", "gamma-pacte"}),
                          redirects=frozenset({"ancien-alpha"}),
                          cards=frozenset({"alpha-banque", "beta-fondation", "gamma-pacte"}))
    assert scan(site, expect).findings == []
    assert scan(site).findings == []  # recognised by their markup without expectations too
    card = (site / "cas/alpha-banque/carte/index.html").read_text(encoding="utf-8")
    assert scan_card(card, "carte") == []
    with_script = card.replace("</body>", '<script src="../../../assets/pionniers.js"></script></body>')
    assert any("script" in f for f in scan_card(with_script, "carte"))
    with_css = card.replace("</head>", '<link rel="stylesheet" href="x.css"></head>')
    assert any("feuille de style" in f for f in scan_card(with_css, "carte"))
    assert any("ne mène pas au cas" in f for f in scan_card(card.replace('href="../"', 'href="#"'), "carte"))


def test_the_case_page_gives_the_iframe_code_as_text_and_an_iframe_tag_is_flagged(site: Path) -> None:
    page = (site / "cas/alpha-banque/index.html").read_text(encoding="utf-8")
    code = re.search(r'<pre class="pn-embed"><code>(.*?)</code></pre>', page, re.S).group(1)
    assert "<iframe" not in page and code.startswith("&#60;iframe src&#61;&#34;&#47;cas&#47;alpha&#45;banque")
    assert scan_html(page, "cas/alpha-banque/index.html", case_page=True) == []
    tagged = page.replace("</article>", '<iframe src="carte/"></iframe></article>', 1)
    assert any("<iframe>" in f for f in scan_html(tagged, "cas/alpha-banque/index.html", case_page=True))
