"""The drawings in a real browser: every link they hold leads to a page of the site, the link previews
name an image the site serves, and what they add to a case page stays within its budget (bytes, gzip).
Accessibility (both palettes) and the 375 px check of these pages are in test_accessibility.py and test_pages.py."""

from __future__ import annotations

import gzip
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import yaml
from PIL import Image

from pionniers.site.sandbox import ROOT

CASE = "/cas/pacte-ambition-iae/"
BUDGET = 15 * 1024  # what the drawings may add to a case page, gzip
CASES = sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))


def status(url: str) -> int:
    with urlopen(url, timeout=10) as response:  # noqa: S310 (the local test server)
        return response.status


def hrefs(page, selector: str) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(selector, "links => links.map(a => a.href)")


def test_every_link_of_the_drawings_leads_to_a_page(page, site) -> None:  # noqa: ANN001
    seen: set[str] = set()
    page.goto(site.url("/"))
    seen.update(hrefs(page, ".pn-map a, .pn-glance a"))
    page.goto(site.url("/territoires/"))
    seen.update(hrefs(page, ".pn-map a"))
    page.goto(site.url("/cas/"))
    timeline = hrefs(page, ".pn-timeline a")
    assert sorted(urlsplit(u).path.split("/")[2] for u in timeline) == CASES  # every case once, dated or not
    seen.update(timeline)
    for slug in CASES:  # the diagram links to the same organisations as the table, its text alternative
        page.goto(site.url(f"/cas/{slug}/"))
        diagram, table = hrefs(page, ".pn-cc a"), hrefs(page, ".pn-cc-table a")
        assert diagram and sorted(diagram) == sorted(table), slug
        seen.update(diagram)
    for url in sorted(seen):
        assert urlsplit(url).netloc == site.host and status(url) == 200, url


def test_the_map_counts_every_case_once_and_each_region_leads_to_its_cases(page, site) -> None:  # noqa: ANN001
    page.goto(site.url("/territoires/"))
    regions = page.eval_on_selector_all(".pn-map__canvas a", """links => links.map(a => [a.href,
        a.getAttribute("aria-label")])""")
    off_map = page.eval_on_selector_all(".pn-map__off li", "items => items.map(li => li.textContent)")
    counts = [int(re.search(r"(\d+) cas$", label).group(1)) for _, label in regions]
    counts += [int(m.group(1)) for m in (re.search(r"(\d+) cas$", text) for text in off_map) if m]
    assert sum(counts) == len(CASES)
    for url, label in regions:  # a region's count is the number of cases on its page
        page.goto(url)
        assert page.locator(".pn-card").count() == int(re.search(r"(\d+) cas$", label).group(1)), label


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key and (key.startswith("og:") or key.startswith("twitter:")):
            self.found[key] = values.get("content") or ""


def test_a_case_page_carries_its_link_preview_and_its_image_is_served(site) -> None:  # noqa: ANN001
    html = (site.root / "cas" / "pacte-ambition-iae" / "index.html").read_text(encoding="utf-8")
    meta = _Meta()
    meta.feed(html)
    tags = meta.found
    data = yaml.safe_load((ROOT / "cases" / "pacte-ambition-iae.yml").read_text(encoding="utf-8"))
    assert tags["og:title"] == tags["twitter:title"] == data["title"]
    assert tags["og:description"] == tags["twitter:description"] == data["summary"]
    assert tags["og:type"] == "article" and tags["twitter:card"] == "summary_large_image"
    assert tags["og:image:alt"].startswith(data["title"] + " — ")
    image_url = urljoin(site.url(CASE), tags["og:image"])
    assert urljoin(site.url(CASE), tags["og:url"]) == site.url(CASE)
    with urlopen(image_url, timeout=10) as response:  # noqa: S310 (the local test server)
        image = Image.open(io.BytesIO(response.read()))
    assert image.size == (1200, 630) and image.format == "PNG"
    home = _Meta()
    home.feed((site.root / "index.html").read_text(encoding="utf-8"))
    assert home.found["og:type"] == "website" and status(urljoin(site.url("/"), home.found["og:image"])) == 200


_DRAWINGS = re.compile(r'<div class="pn-cc".*?</ul>\s*</div>|<figure class="pn-draw.*?</figure>|'
                       r'<details class="pn-cc-table">\s*<summary>.*?</summary>|</details>(?=\s*<h2 id="impact")|'
                       r'<meta (property="og:|name="twitter:)[^>]*>', re.S)


def test_the_drawings_add_at_most_15_kb_gzip_to_a_case_page(site) -> None:  # noqa: ANN001
    """What the drawings add to the heaviest case page: its HTML with and without them, plus the stylesheet's
    drawing rules (every page loads them), all gzip."""
    css = (site.root / "assets" / "pionniers.css").read_text(encoding="utf-8")
    drawing_css = css[css.index("/* --- Drawings"):]
    added = []
    for path in sorted((site.root / "cas").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        if "md-content" not in html:
            continue  # a redirect
        without = _DRAWINGS.sub("", html)
        assert without != html, path
        added.append((len(gzip.compress(html.encode())) - len(gzip.compress(without.encode())), path.parent.name))
    worst, slug = max(added)
    total = worst + len(gzip.compress(drawing_css.encode()))
    print(f"\nle plus lourd : {slug}, {worst} octets gzip de dessins + {total - worst} de CSS = {total} (budget {BUDGET})")
    assert 0 < total <= BUDGET, (slug, total)
