"""The second wall: a scan of the built site for anything that would leak readers' data, run foreign code, or let
a contributor's text take over a page. `pionniers publish` fails on any finding.

Validation and escaping (escape.py, prose.py) keep contributor text inert; this scan checks the site MkDocs actually
produced, whatever path a payload took. Per page it reports:

- a resource loaded from another host (src, srcset, poster, stylesheet/script/font/preload links, CSS url(),
  a meta refresh or a form to another host, a ping);
- an event-handler attribute, a javascript:/vbscript:/data: URL, an iframe/object/embed/base, a script that is not
  the theme's or ours;
- a duplicate id (an id a page's own scripts rely on, taken first by someone else's element);
- Material's configuration block (`<script id="__config" type="application/json">`) missing, repeated, unreadable, or
  with a `base` that is not a relative path to the site's root;
- a Pagefind attribute we did not write (`data-pagefind-body` on one paragraph hides every other page from search);
- on a case page, a fixed section anchor (#defi, #innovation, #co-creation, #impact) absent or present twice;
- on an embeddable card (/cas/<slug>/carte/, which has no theme), any script or external stylesheet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from selectolax.lexbor import LexborHTMLParser

from pionniers.site.search import searched

OUR_SCRIPTS = ("assets/pionniers.js", "assets/pionniers-redirect.js")
THEME_SCRIPT_DIR = "assets/javascripts/"
# Inline scripts Material for MkDocs writes in every page (its storage scope, palette and tab restore), and its
# JSON configuration block. Anything else inline is foreign.
THEME_INLINE_PREFIXES = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(location.hash")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "data", "background", "ping",
                  "cite", "manifest")
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest", "prefetch",
                "dns-prefetch", "preconnect", "prerender"}
# noscript and template: their content is parsed one way with scripts on (a browser) and another with them off (any
# parser, this one included), the oldest trick to hide markup from a scan. Neither the theme nor we write them.
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "applet", "portal", "noscript", "template"}
# The fixed anchors of a case page: present exactly once, always (the contract with courseware).
CASE_SECTION_ANCHORS = ("defi", "innovation", "co-creation", "impact")
# Pagefind attributes our templates write, and the only values they take: the theme filter on a case's theme links
# and on a theme page's title (templates/case.md.j2, theme.md.j2). Any other attribute of this family, or another
# value (`theme:` anything but a slug, another filter), is someone else's doing.
OUR_PAGEFIND_ATTRIBUTES: frozenset[str] = frozenset({"data-pagefind-filter"})
OUR_PAGEFIND_VALUES: dict[str, re.Pattern[str]] = {
    "data-pagefind-filter": re.compile(r"theme:[a-z0-9]+(-[a-z0-9]+)*"),
}
_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
_BAD_SCHEME = re.compile(r"^[\x00-\x20]*(javascript|vbscript|data)\s*:", re.I)
# What a browser's URL parser drops before reading the scheme: « java&#x09;script: » runs as « javascript: ».
_URL_IGNORED = re.compile(r"[\t\n\r]")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(['\"])([^'\"]+)\1", re.I)
_BASE = re.compile(r"^(\.|(\.\./)*\.\.)$")


class _PageScan:
    """One page, parsed as a browser parses it (Lexbor, an HTML5 parser: what the reader's browser will build, not
    what a lenient tokenizer guesses), every element's attributes and every script's text checked."""

    def __init__(self, page: str, root_path: str = "/") -> None:
        self.page = page
        self.root_path = root_path
        self.findings: list[str] = []
        self.ids: dict[str, int] = {}
        self.configs: list[tuple[dict[str, str], str]] = []

    def _flag(self, what: str) -> None:
        self.findings.append(f"{self.page}: {what}")

    def feed(self, text: str) -> None:
        for node in LexborHTMLParser(text).root.traverse(include_text=False):
            tag = node.tag
            if not tag or tag[0] in "-#_":  # comments, doctype
                continue
            values = {name.lower(): (value or "") for name, value in node.attributes.items()}
            self._element(tag, values)
            if tag == "script":
                self._script(values, (node.text(deep=True) or "").strip())

    def _element(self, tag: str, values: dict[str, str]) -> None:
        if "id" in values:
            self.ids[values["id"]] = self.ids.get(values["id"], 0) + 1
        for name, value in values.items():
            if name.startswith("on"):
                self._flag(f"attribut gestionnaire d’événement {name}= sur <{tag}>")
            if name in URL_ATTRIBUTES and _BAD_SCHEME.match(_URL_IGNORED.sub("", value)):
                scheme = _URL_IGNORED.sub("", value).split(":", 1)[0].strip("\x00 ").lower()
                self._flag(f"URL {scheme}: dans {name}= de <{tag}>")
            if name == "style":
                self._css(value, f"style de <{tag}>")
            if name.startswith("data-pagefind") and not (name in OUR_PAGEFIND_ATTRIBUTES and
                                                         OUR_PAGEFIND_VALUES[name].fullmatch(value)):
                self._flag(f"attribut {name}=\"{value[:40]}\" sur <{tag}> : il changerait ce que la recherche indexe")
        if tag in FORBIDDEN_TAGS:
            self._flag(f"balise <{tag}> interdite")
        loads = tag in ("img", "script", "audio", "video", "source", "track", "input", "image") or (
            tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()))
        for name in ("src", "href", "srcset", "poster"):
            if loads and name in values and (_EXTERNAL.match(values[name]) or
                                             name == "srcset" and "//" in values[name]):
                self._flag(f"ressource chargée depuis un autre hôte : <{tag} {name}=\"{values[name]}\">")
        for name in ("action", "formaction", "ping"):
            if name in values and _EXTERNAL.match(values[name]):
                self._flag(f"{name}= vers un autre hôte sur <{tag}> : {values[name]}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("url=")[2]
            if _EXTERNAL.match(target):
                self._flag(f"redirection automatique vers un autre hôte : {target}")

    def _script(self, attrs: dict[str, str], body: str) -> None:
        src = attrs.get("src", "")
        if src:
            path = src.split("?", 1)[0]
            if self.root_path != "/" and path.startswith(self.root_path):  # the 404 page's absolute addresses
                path = path[len(self.root_path):]
            path = re.sub(r"^(\.\./|\./|/)+", "", path)
            if not (path.startswith(THEME_SCRIPT_DIR) or path in OUR_SCRIPTS):
                self._flag(f"script étranger : {src}")
        elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            self.configs.append((attrs, body))
        elif body and not body.startswith(THEME_INLINE_PREFIXES) and body != _card_script():
            self._flag(f"script en ligne étranger : {body[:60]!r}")

    def _css(self, text: str, where: str) -> None:
        for _, url in _CSS_URL.findall(text) + _CSS_IMPORT.findall(text):
            if _EXTERNAL.match(url):
                self._flag(f"url() vers un autre hôte dans {where} : {url}")


def scan_html(text: str, page: str, *, case_page: bool = False, themed: bool = True,  # noqa: C901
              root_path: str = "/") -> list[str]:
    """Findings on one HTML page. `themed`: a page Material built (it must carry exactly one intact configuration
    block); `case_page`: a case page (its fixed section anchors must each be there exactly once); `root_path`: the
    path of the site's public address (« /pionniers/ » for a project site on GitHub Pages), the only absolute root
    the 404 page may use."""
    scanner = _PageScan(page, root_path)
    scanner.feed(text)
    for match in re.finditer(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
        scanner._css(match.group(1), "<style>")
    for ident, count in sorted(scanner.ids.items()):
        if count > 1:
            scanner._flag(f"id « {ident} » présent {count} fois")
    if themed:
        # The 404 page is served at any address, so MkDocs gives it the site's absolute root.
        _check_config(scanner, root_path if page == "404.html" else None)
    if case_page:
        for anchor in CASE_SECTION_ANCHORS:
            count = scanner.ids.get(anchor, 0)
            if count != 1:
                scanner._flag(f"ancre fixe #{anchor} présente {count} fois (une fois attendue)")
    return scanner.findings


def _check_config(scanner: _PageScan, absolute_root: str | None = None) -> None:
    if len(scanner.configs) != 1:
        scanner._flag(f"{len(scanner.configs)} blocs de configuration du thème (un seul attendu)")
        return
    if scanner.ids.get("__config", 0) != 1:
        scanner._flag("un autre élément porte l’id « __config » du bloc de configuration du thème")
    try:
        config = json.loads(scanner.configs[0][1])
    except ValueError:
        scanner._flag("bloc de configuration du thème illisible (JSON invalide)")
        return
    base = config.get("base") if isinstance(config, dict) else None
    if not isinstance(base, str) or not (_BASE.match(base) or absolute_root is not None and base == absolute_root):
        scanner._flag(f"base du thème inattendue : {base!r} (un chemin relatif vers la racine du site attendu)")


def scan_css(text: str, page: str) -> list[str]:
    urls = _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)
    return [f"{page}: url() vers un autre hôte : {url}" for _, url in urls if _EXTERNAL.match(url)]


@dataclass(frozen=True)
class Expectations:
    """What the built site must hold, known from the corpus: the case pages (by slug), the redirect pages of renamed
    cases (by old slug), the embeddable cards (by case slug) and the redirect pages of renamed learning paths."""

    case_slugs: frozenset[str] = frozenset()
    redirects: frozenset[str] = frozenset()
    previews: bool = False  # the link previews are drawn: every case has its image, every page its og:image
    root_path: str = "/"  # the path of site_url, where the 404 page's absolute addresses start
    cards: frozenset[str] = frozenset()
    parcours_redirects: frozenset[str] = frozenset()


def _own_page(rel: str, text: str, expect: Expectations) -> str:
    """Which of our own (not the theme's) HTML pages `rel` is: "redirect", "card", or "" for a theme page. Known from
    the expectations; without them (a scan of any folder), recognised by their markup."""
    parts = rel.split("/")
    guess = not (expect.case_slugs or expect.cards)
    themeless = "md-content" not in text
    if parts[0] == "cas" and len(parts) == 4 and parts[2:] == ["carte", "index.html"]:
        if parts[1] in expect.cards or guess and themeless and 'class="pn-carte"' in text:
            return "card"
        if parts[1] in expect.redirects or guess and themeless and "assets/pionniers-redirect.js" in text:
            return "redirect"
    if len(parts) == 3 and parts[2] == "index.html" and parts[0] in ("cas", "parcours"):
        known = expect.redirects if parts[0] == "cas" else expect.parcours_redirects
        if parts[1] in known or guess and themeless and "assets/pionniers-redirect.js" in text:
            return "redirect"
    return ""


def _card_script() -> str:
    """The embeddable card's own script (templates/carte.js), the one inline script of ours, known to the letter."""
    from pionniers.pages.render import card_script

    return str(card_script())


def scan_card(text: str, page: str) -> list[str]:
    """An embeddable card is one self-contained page: no script but its own (templates/carte.js, which
    tells the course page its height, compared here to the letter), no stylesheet or font to load (its styles are
    inlined), and a way back to the full case."""
    findings = []
    own = f"<script>{_card_script()}</script>"
    if re.search(r"<script\b", text.replace(own, "", 1), re.I):
        findings.append(f"{page}: script dans une carte à intégrer (elle n’a que le sien, carte.js)")
    if re.search(r"<link\b[^>]*\brel=\"?[^\">]*stylesheet", text, re.I):
        findings.append(f"{page}: feuille de style externe dans une carte à intégrer (ses styles sont en ligne)")
    if 'href="../"' not in text:
        findings.append(f"{page}: la carte ne mène pas au cas complet (lien « ../ » absent)")
    return findings


@dataclass
class Report:
    findings: list[str] = field(default_factory=list)
    pages: int = 0  # HTML pages with an article (what search must cover)


def scan_site(site: Path, expect: Expectations | None = None) -> list[str]:
    """Every finding in a built site, as « path: what »; an empty list means the site is clean."""
    return scan(site, expect).findings


def scan_file(rel: str, text: str, expect: Expectations, report: Report) -> None:
    """One file of the site, `rel` its path under the site and `text` its content: its findings and whether it is a
    page the search must cover go to `report`. HTML and CSS are read; other files hold nothing a browser runs."""
    if rel.endswith(".html"):
        # Redirect pages of renamed cases and paths, and the cards to embed, are ours, not the theme's.
        own = _own_page(rel, text, expect)
        case_page = rel.startswith("cas/") and rel.count("/") == 2 and rel.split("/")[1] in expect.case_slugs
        report.findings.extend(scan_html(text, rel, case_page=case_page and not own, themed=not own,
                                         root_path=expect.root_path))
        if own == "card":
            report.findings.extend(scan_card(text, rel))
        if expect.previews and not own and "<meta property=\"og:image\"" not in text:
            report.findings.append(f"{rel}: aucune balise og:image : l’aperçu de lien manque")
        if searched(rel) and 'class="md-content__inner' in text:  # what the search indexes (search.indexed)
            report.pages += 1
    elif rel.endswith(".css"):
        report.findings.extend(scan_css(text, rel))


def scan_tree(site: Path, expect: Expectations, report: Report, skip: Callable[[str], bool] = lambda rel: False,
              then: Callable[[str, str], None] | None = None) -> None:
    """Every file of `site` (never through a link) but those `skip(rel)` names, into `report`; each one scanned is
    then handed to `then(rel, text)` (the search index, when the engine handed no page over while it built)."""
    for path in sorted(site.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".html", ".css"):
            continue
        rel = path.relative_to(site).as_posix()
        if skip(rel):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        scan_file(rel, text, expect, report)
        if then is not None:
            then(rel, text)


def missing(site: Path, expect: Expectations) -> list[str]:
    """What the corpus says the site must hold and it does not: a case page, a card, a link-preview image."""
    findings = []
    for slug in sorted(expect.case_slugs):
        if not (site / "cas" / slug / "index.html").is_file():
            findings.append(f"cas/{slug}/index.html : page du cas absente")
    for slug in sorted(expect.cards):
        if not (site / "cas" / slug / "carte" / "index.html").is_file():
            findings.append(f"cas/{slug}/carte/index.html : carte à intégrer absente")
        if expect.previews and not (site / "cas" / slug / "apercu.png").is_file():
            findings.append(f"cas/{slug}/apercu.png : image d’aperçu du cas absente")
    if expect.previews and not (site / "apercu.png").is_file():
        findings.append("apercu.png : image d’aperçu du site absente")
    return findings


def scan(site: Path, expect: Expectations | None = None) -> Report:
    """Scan every file of `site`: what a built site must not hold, and what it must."""
    expect = expect or Expectations()
    report = Report()
    scan_tree(site, expect, report)
    report.findings.extend(missing(site, expect))
    return report


def search_coverage(site: Path, pages: int) -> list[str]:
    """Pagefind must have indexed every page with an article: fewer means something narrowed the index."""
    entry = site / "pagefind" / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    except (OSError, ValueError):
        return ["pagefind/pagefind-entry.json : absent ou illisible : l’index de recherche n’a pas été écrit"]
    indexed = sum(lang.get("page_count", 0) for lang in languages.values())
    if indexed != pages:
        return [f"pagefind/ : l’index de recherche couvre {indexed} pages sur {pages} : une page ou un attribut a restreint ce "
                "que Pagefind indexe"]
    return []
