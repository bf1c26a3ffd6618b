"""The second wall: a scan of the built HTML and CSS for anything that would leak readers' data or run foreign code.

Validation refuses raw HTML and unsafe links in case files; this scan checks the site MkDocs actually produced,
whatever the path a payload took. It reports: a resource loaded from another host (src, stylesheet/script/font/
preload links, CSS url()), any event-handler attribute, a javascript: or data: URL, an iframe/object/embed,
and any script that is not the theme's own or ours.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

OUR_SCRIPTS = ("assets/pionniers.js", "assets/pionniers-redirect.js")
THEME_SCRIPT_DIR = "assets/javascripts/"
# Inline scripts Material for MkDocs writes in every page (its storage scope, palette and tab restore), and its
# JSON configuration block. Anything else inline is foreign.
THEME_INLINE_PREFIXES = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(location.hash")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "data", "background")
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest", "prefetch",
                "dns-prefetch", "preconnect"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base"}
_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", re.I)


class _PageScan(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.findings: list[str] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def _flag(self, what: str) -> None:
        self.findings.append(f"{self.page}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self._flag(f"attribut gestionnaire d’événement {name}= sur <{tag}>")
            if name in URL_ATTRIBUTES and _BAD_SCHEME.match(value):
                self._flag(f"URL {value.split(':', 1)[0]}: dans {name}= de <{tag}>")
            if name == "style":
                self._css(value, f"style de <{tag}>")
        if tag in FORBIDDEN_TAGS:
            self._flag(f"balise <{tag}> interdite")
        loads = tag in ("img", "script", "audio", "video", "source", "track", "input", "image") or (
            tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()))
        for name in ("src", "href", "srcset", "poster"):
            if loads and name in values and _EXTERNAL.match(values[name]):
                self._flag(f"ressource chargée depuis un autre hôte : <{tag} {name}=\"{values[name]}\">")
        if tag == "script":
            self._script = values
            self._script_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        attrs, body = self._script, "".join(self._script_text).strip()
        self._script = None
        src = attrs.get("src", "")
        if src:
            path = re.sub(r"^(\.\./|\./|/)+", "", src.split("?", 1)[0])
            if not (path.startswith(THEME_SCRIPT_DIR) or path in OUR_SCRIPTS):
                self._flag(f"script étranger : {src}")
        elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            return
        elif body and not body.startswith(THEME_INLINE_PREFIXES):
            self._flag(f"script en ligne étranger : {body[:60]!r}")

    def _css(self, text: str, where: str) -> None:
        for _, url in _CSS_URL.findall(text):
            if _EXTERNAL.match(url):
                self._flag(f"url() vers un autre hôte dans {where} : {url}")


def scan_html(text: str, page: str) -> list[str]:
    scanner = _PageScan(page)
    scanner.feed(text)
    scanner.close()
    for match in re.finditer(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
        scanner._css(match.group(1), "<style>")
    return scanner.findings


def scan_css(text: str, page: str) -> list[str]:
    return [f"{page}: url() vers un autre hôte : {url}" for _, url in _CSS_URL.findall(text) if _EXTERNAL.match(url)]


def scan_site(site: Path) -> list[str]:
    """Every finding in a built site, as « path: what »; an empty list means the site is clean."""
    findings: list[str] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            findings.extend(scan_html(path.read_text(encoding="utf-8", errors="replace"), rel))
        elif path.suffix == ".css":
            findings.extend(scan_css(path.read_text(encoding="utf-8", errors="replace"), rel))
    return findings
