"""Browser tests: Playwright (from PyPI) driving Debian's headless Chromium against the real site, built once per
session and engine (`pionniers publish`, with MkDocs then with Zensical: every test runs on both) and served on
127.0.0.1.

Without /usr/bin/chromium (`apt-get install chromium`) the tests are skipped with a loud reason, except in CI
(CI=true), where a missing browser is a failure. Every page a test opens records its requests, and the test fails
if any went to a host other than the local server.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pionniers.common.paths import Layout
from pionniers.site.publish import publish
from pionniers.site.sandbox import ROOT, make_project, nav_pages

CHROMIUM = Path(os.environ.get("PIONNIERS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}


def launch_chromium(playwright):  # noqa: ANN001, ANN201 (Playwright's types)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = (f"Chromium introuvable ({CHROMIUM}) : les tests de navigateur ne peuvent pas tourner. "
               "Installez-le avec `apt-get install chromium` (Playwright ne télécharge aucun navigateur ici).")
    if os.environ.get("CI") == "true":
        pytest.fail(message + " En CI, son absence est un échec.", pytrace=False)
    pytest.skip("TESTS DE NAVIGATEUR SAUTÉS — " + message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass
class Site:
    root: Path
    base: str  # http://127.0.0.1:PORT
    host: str  # 127.0.0.1:PORT
    engine: str = "mkdocs"  # which engine built it: "mkdocs" or "zensical"

    def url(self, path: str = "/") -> str:
        return self.base + path


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served on 127.0.0.1 (an unused port) for the time of the block: its « host:port »."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        yield f"{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def build_site(dest: Path, engine: str = "mkdocs") -> Path:
    """The real site (every case in cases/), as published: `pionniers publish` itself (generation, strict build by
    `engine`, MkDocs or Zensical, link-preview images, the scan, Pagefind's index written by search.write_bundle,
    the address manifest)."""
    comprendre = [p for p in nav_pages(ROOT / "mkdocs.yml") if p.startswith("comprendre/")]
    real_pages = all((ROOT / "docs" / p).is_file() for p in comprendre)
    if not real_pages:  # while the "Comprendre" pages are being written: stubs, as in the other site tests
        warnings.warn("docs/comprendre incomplet : pages « Comprendre » remplacées par des pages d’essai", stacklevel=1)
    project = make_project(dest / "projet", ROOT / "cases", real_pages=real_pages,
                           parcours=ROOT / "parcours" if real_pages else None)
    # Real cases are reviewed on real days: the fixtures' fixed date would call today's review « in the future ».
    site = dest / "site"
    assert publish(Layout(project), site, today=date.today(), engine=engine) == 0, \
        f"pionniers publish --engine {engine} a échoué sur les cas réels"
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    return site


# Every browser test runs on the site as each engine builds it from the same mkdocs.yml: MkDocs with Material, and
# Zensical, its successor. What a reader sees and does must not depend on which one published the site.
ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    require_chromium()
    root = build_site(tmp_path_factory.mktemp(f"navigateur-{request.param}"), request.param)
    with serve(root) as host:
        yield Site(root, f"http://{host}", host, request.param)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Chromium, once for the session. It does not depend on `site`: a test that builds its own (the archive, the
    preview, a renamed case) runs once, not once per engine."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Requests:
    """Every request the pages of one test made."""
    urls: list[str] = field(default_factory=list)

    def foreign(self, host: str) -> list[str]:
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue  # not network requests
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                out.append(url)
        return out


@pytest.fixture
def requests() -> Requests:
    return Requests()


def new_page(browser: object, requests: Requests, **options: object):  # noqa: ANN201
    context = browser.new_context(locale="fr-FR", **options)
    context.set_default_timeout(10_000)
    context.on("request", lambda request: requests.urls.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def page(browser: object, site: Site, requests: Requests) -> Iterator[object]:
    """A fresh desktop page (empty cache, light scheme); fails the test if it reached any other host."""
    context, page = new_page(browser, requests, viewport=DESKTOP, color_scheme="light")
    try:
        yield page
    finally:
        context.close()
    assert requests.foreign(site.host) == [], f"requêtes vers un autre hôte : {requests.foreign(site.host)}"
    assert page.js_errors == [], f"erreurs JavaScript : {page.js_errors}"


@pytest.fixture
def make_page(browser: object, site: Site, requests: Requests) -> Iterator[object]:
    """Pages with other options (viewport, colour scheme); same request and error checks."""
    opened = []

    def make(**options: object):  # noqa: ANN202
        context, page = new_page(browser, requests, **options)
        opened.append((context, page))
        return page

    yield make
    for context, _ in opened:
        context.close()
    assert requests.foreign(site.host) == [], f"requêtes vers un autre hôte : {requests.foreign(site.host)}"
    for _, page in opened:
        assert page.js_errors == [], f"erreurs JavaScript : {page.js_errors}"


def _search(page, query: str) -> list[str]:  # noqa: ANN001
    """Type `query` in the header's search box, wait for its results, and return their paths (/cas/slug/…)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => document.querySelector('[data-pn-search-result]').getAttribute('data-pn-query') === q", arg=query)
    hrefs = page.eval_on_selector_all(".md-search-result__list a", "links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.fixture
def search():  # noqa: ANN201
    """search(page, query) -> the paths of the results the header's search box lists for `query`."""
    return _search
