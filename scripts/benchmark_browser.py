#!/usr/bin/env python3
"""Search and page weight in a real browser, on synthetic but realistic corpora (a script that prints figures,
not a test).

    .venv/bin/python scripts/benchmark_browser.py                    # 1,000 and 5,000 cases
    .venv/bin/python scripts/benchmark_browser.py --sizes 1000 --keep /tmp/bench

For each size the synthetic corpus of scripts/benchmark.py is generated and built twice with the real page shape:
  - « Material (lunr) »: the theme's built-in search (mkdocs.yml without the theme override), which downloads one
    index of every page (search/search_index.json) on every page load;
  - « Pagefind »: the site as configured (overrides/partials/search.html + docs/assets/pionniers.js), indexed by
    `python -m pagefind --site site` (pagefind.yml), which downloads the chunks a query needs, once a reader searches.
Both are served gzip-compressed from 127.0.0.1 by a small server that counts the bytes it sends, and Debian's
Chromium (driven by Playwright) opens a case page, then types queries in the header's search box. Printed, for each:
the bytes downloaded for search before the first result appears (gzip, as sent), the time from the last keystroke to
the results (unthrottled on loopback, and on an emulated 10 Mbit/s, 40 ms link for a cold first search), and the
weight of a case page on a first visit (its HTML, and with every asset it loads, gzip).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/: benchmark.write_corpus

from benchmark import write_corpus  # noqa: E402

from pionniers.sandbox import make_project, mkdocs_build  # noqa: E402
from pionniers.search import index_site  # noqa: E402

CHROMIUM = os.environ.get("PIONNIERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Words of the synthetic corpus (scripts/benchmark.py WORDS), typed with their accents so that both engines find
# them (the times compare); the same words typed without accents then show which engine folds them.
QUERIES = ("ménages", "financement", "bénévoles", "énergie", "prévention")
UNACCENTED = ("menages", "benevoles")
TYPING_MS = 150  # a reader's pace between two keys; the first searches are also typed all at once (the worst case)
SLOW_LINK = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 5e6 / 8}
TARGET_MS, PAGE_HTML_KB, PAGE_ALL_KB, SEARCH_MB = 300, 20, 100, 1.0
SEARCH_PATHS = {"material": ("/search/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/"),
                "pagefind": ("/pagefind/",)}
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")


# --- a static server that gzips like a real host and counts what it sends -----------------------------------------

@dataclass
class Ledger:
    sent: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.sent[mark:])


def make_handler(root: Path, ledger: Ledger, cache: dict[Path, bytes]):  # noqa: ANN201
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if root not in target.parents or not target.is_file():
                body = b"not found"
                self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            raw = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind == "application/json":
                kind += "; charset=utf-8"
            zipped = "gzip" in self.headers.get("Accept-Encoding", "") and len(raw) > 256 and raw[:2] != b"\x1f\x8b"
            if zipped:
                if target not in cache:
                    cache[target] = gzip.compress(raw, compresslevel=6)
                body = cache[target]
            else:
                body = raw
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)
            ledger.add(path, len(body))

    return Handler


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str, Ledger]:
    ledger = Ledger()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root.resolve(), ledger, {}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1], ledger


# --- building the two variants -------------------------------------------------------------------------------------

def run_timed(what: str, step) -> float:  # noqa: ANN001
    started = time.perf_counter()
    result = step()
    took = time.perf_counter() - started
    if getattr(result, "returncode", 0) != 0:
        sys.exit(f"échec : {what}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return took


def build_variants(n: int, work: Path, reuse: bool = False) -> dict[str, Path]:
    sites = {"pagefind": work / f"site-{n}-pagefind", "material": work / f"site-{n}-material"}
    if reuse and (sites["pagefind"] / "pagefind" / "pagefind.js").is_file() and \
            (sites["material"] / "search" / "search_index.json").is_file():
        print("  sites déjà construits, réutilisés (--reuse)")
        return sites
    project = make_project(work / f"projet-{n}", [])
    write_corpus(project / "cases", n)
    took = run_timed("pionniers build", lambda: subprocess.run(
        [sys.executable, "-m", "pionniers", "build"], cwd=project, capture_output=True, text=True))
    print(f"  pionniers build : {took:.1f} s")
    took = run_timed("mkdocs build", lambda: mkdocs_build(project, sites["pagefind"]))
    print(f"  mkdocs build --strict (site tel que configuré) : {took:.1f} s")
    took = run_timed("pagefind", lambda: index_site(project, sites["pagefind"]))
    print(f"  python -m pagefind --site site : {took:.1f} s")
    # The theme's own search: the same configuration without the override of partials/search.html.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^  custom_dir: overrides\n", "", text, flags=re.M), encoding="utf-8")
    try:
        took = run_timed("mkdocs build (Material)", lambda: mkdocs_build(project, sites["material"]))
    finally:
        config.write_text(text, encoding="utf-8")
    print(f"  mkdocs build --strict (recherche de Material) : {took:.1f} s")
    return sites


# --- measuring in Chromium -----------------------------------------------------------------------------------------

WATCH = """() => {
  window.__pn = {input: 0, changed: 0, first: 0};
  document.addEventListener("keydown", () => { window.__pn.input = performance.now(); window.__pn.first = 0; }, true);
  const list = document.querySelector(".md-search-result__list");
  const box = document.querySelector(".md-search__input");
  const result = list.parentElement;
  new MutationObserver(() => {
    const now = performance.now();
    window.__pn.changed = now;
    // First result for the query in the box: Pagefind's box marks it (data-pn-first); Material's list has no mark
    // and only ever shows the latest query.
    const marked = result.getAttribute("data-pn-first");
    const answers = result.hasAttribute("data-pn-search-result") ? marked === box.value.trim() : true;
    if (!window.__pn.first && answers && list.querySelector("li")) window.__pn.first = now;
  }).observe(result, {childList: true, subtree: true, characterData: true, attributes: true});
}"""


def settle(page, quiet_ms: int = 1200, timeout_s: float = 120) -> tuple[float, int, float]:  # noqa: ANN001
    """Wait until the result list has items and has not changed for quiet_ms.

    Returns (ms from the last keystroke to the whole list, items, ms from the last keystroke to the first result)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        state = page.evaluate("""() => ({now: performance.now(), ...window.__pn,
            items: document.querySelectorAll('.md-search-result__list > li').length})""")
        if state["items"] and state["changed"] > state["input"] and state["now"] - state["changed"] > quiet_ms:
            first = state["first"] - state["input"] if state["first"] else state["changed"] - state["input"]
            return state["changed"] - state["input"], state["items"], first
        time.sleep(0.05)
    raise TimeoutError("aucun résultat affiché")


def first_search(browser, base: str, ledger: Ledger, engine: str, case: str, query: str,  # noqa: ANN001
                 slow: bool, typing_ms: int = 0) -> dict:
    """A first visit (empty cache): open a case page, type `query` (at once, or one key every typing_ms), wait for
    the results."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    if slow:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    mark = ledger.mark()
    started = time.perf_counter()
    page.goto(base + case, wait_until="load")
    loaded = time.perf_counter() - started
    page.evaluate(WATCH)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=typing_ms)
    ms, items, first_ms = settle(page)
    sent = ledger.since(mark)
    search_bytes = sum(size for path, size in sent if path.startswith(SEARCH_PATHS[engine]))
    second = QUERIES[(QUERIES.index(query) + 1) % len(QUERIES)]
    mark = ledger.mark()
    box.fill("")
    page.evaluate("window.__pn.changed = 0")
    box.press_sequentially(second)
    warm_ms, _, _ = settle(page)
    warm_bytes = sum(size for _, size in ledger.since(mark))
    unaccented = {}
    for word in UNACCENTED if not slow else ():
        box.fill("")
        box.press_sequentially(word)
        page.wait_for_timeout(2500)
        unaccented[word] = page.evaluate("document.querySelectorAll('.md-search-result__list > li').length")
    context.close()
    return {"ms": ms, "first_ms": first_ms, "items": items, "search_bytes": search_bytes, "loaded_s": loaded, "warm_ms": warm_ms,
            "warm_bytes": warm_bytes, "requests": [p for p, _ in sent if p.startswith(SEARCH_PATHS[engine])],
            "unaccented": unaccented}


def page_weight(browser, base: str, ledger: Ledger, case: str) -> tuple[int, int, list[tuple[str, int]]]:  # noqa: ANN001
    """A first visit of a case page, no search: (HTML bytes, every byte sent until the network is idle, the list)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    mark = ledger.mark()
    page.goto(base + case, wait_until="networkidle")
    page.wait_for_timeout(500)
    sent = ledger.since(mark)
    context.close()
    html = sum(size for path, size in sent if path == case)
    return html, sum(size for _, size in sent), sent


def kb(size: float) -> str:
    return f"{size / 1024:,.1f} Kio".replace(",", "\u202f")


def mb(size: float) -> str:
    return f"{size / 1e6:.2f} Mo"


def measure(n: int, sites: dict[str, Path], browser) -> dict[str, dict]:  # noqa: ANN001
    case = "/cas/cas-synthetique-00042/"
    figures: dict[str, dict] = {}
    for engine in ("material", "pagefind"):
        server, base, ledger = serve(sites[engine])
        try:
            runs = [first_search(browser, base, ledger, engine, case, q, slow=False) for q in QUERIES]
            slow = [first_search(browser, base, ledger, engine, case, q, slow=True) for q in QUERIES[:2]]
            typed = [first_search(browser, base, ledger, engine, case, q, slow=False, typing_ms=TYPING_MS)
                     for q in QUERIES[2:4]]
            html, everything, sent = page_weight(browser, base, ledger, case)
        finally:
            server.shutdown()
            server.server_close()
        on_disk = {"material": sites[engine] / "search" / "search_index.json",
                   "pagefind": sites[engine] / "pagefind"}[engine]
        if on_disk.is_dir():
            files = [p for p in on_disk.rglob("*") if p.is_file()]
            disk = sum(p.stat().st_size for p in files)
        else:
            disk = len(gzip.compress(on_disk.read_bytes(), 6))
        figures[engine] = {
            "search_bytes": statistics.median(r["search_bytes"] for r in runs),
            "search_bytes_max": max(r["search_bytes"] for r in runs),
            "ms": statistics.median(r["ms"] for r in runs), "ms_max": max(r["ms"] for r in runs),
            "warm_ms": statistics.median(r["warm_ms"] for r in runs),
            "warm_bytes": statistics.median(r["warm_bytes"] for r in runs),
            "typed_ms": statistics.median(r["ms"] for r in typed),
            "first_ms": statistics.median(r["first_ms"] for r in runs),
            "first_ms_max": max(r["first_ms"] for r in runs),
            "typed_first_ms": statistics.median(r["first_ms"] for r in typed),
            "slow_ms": statistics.median(r["ms"] for r in slow), "slow_load_s": statistics.median(r["loaded_s"] for r in slow),
            "requests": statistics.median(len(r["requests"]) for r in runs),
            "unaccented": runs[0]["unaccented"], "items": runs[0]["items"],
            "html": html, "page_all": everything, "page_sent": sent, "disk": disk,
        }
    return figures


def report(n: int, figures: dict[str, dict]) -> None:
    names = {"material": "Material (lunr, index unique)", "pagefind": "Pagefind (index par morceaux)"}
    print(f"[recherche] N={n} cas, page de cas synthétique, requêtes : {', '.join(QUERIES)}")
    for engine, f in figures.items():
        what = "index gzip" if engine == "material" else "paquet /pagefind/ sur disque (déjà compressé)"
        print(f"  {names[engine]}")
        print(f"    téléchargé pour la recherche avant le 1er résultat : {mb(f['search_bytes'])} gzip "
              f"(max {mb(f['search_bytes_max'])}, {f['requests']:.0f} requêtes) — {what} : {mb(f['disk'])}")
        print(f"    dernière frappe → résultats, 1re recherche (boucle locale) : {f['ms']:.0f} ms "
              f"(max {f['ms_max']:.0f} ms) ; 2e requête : {f['warm_ms']:.0f} ms, {kb(f['warm_bytes'])} de plus")
        print(f"    dernière frappe → 1er résultat, 1re recherche : {f['first_ms']:.0f} ms (max {f['first_ms_max']:.0f} ms) ; "
              f"tapée à une touche toutes les {TYPING_MS} ms : {f['typed_first_ms']:.0f} ms")
        print(f"    1re recherche tapée à une touche toutes les {TYPING_MS} ms : {f['typed_ms']:.0f} ms après la "
              "dernière frappe (liste complète)")
        print(f"    1re recherche sur un lien de 10 Mbit/s, 40 ms : {f['slow_ms']:.0f} ms après la dernière frappe "
              f"(page chargée en {f['slow_load_s']:.2f} s)")
        print("    mots tapés sans accents : " + ", ".join(
            f"« {w} » {c} résultat(s) affiché(s)" for w, c in f["unaccented"].items()))
        print(f"    page de cas, 1re visite : HTML {kb(f['html'])} gzip, {kb(f['page_all'])} avec tout ce qu’elle "
              f"charge ({len(f['page_sent'])} fichiers)")
    biggest = sorted(figures["pagefind"]["page_sent"], key=lambda item: -item[1])[:6]
    print("    les plus lourds de la page (site configuré) : "
          + ", ".join(f"{path} {kb(size)}" for path, size in biggest))


def recommend(results: dict[int, dict[str, dict]]) -> None:
    print("[recommandation]")
    for n, figures in results.items():
        m, p = figures["material"], figures["pagefind"]
        print(f"  N={n} : Material télécharge {mb(m['search_bytes'])} et montre son 1er résultat en {m['first_ms']:.0f} ms "
              f"({m['typed_first_ms']:.0f} ms tapé au rythme d’un lecteur ; liste complète sur 10 Mbit/s : "
              f"{m['slow_ms']:.0f} ms) ; Pagefind {mb(p['search_bytes'])} en {p['first_ms']:.0f} ms "
              f"({p['typed_first_ms']:.0f} ms au rythme d’un lecteur ; liste complète sur 10 Mbit/s : {p['slow_ms']:.0f} ms).")
        for engine, f in figures.items():
            checks = [f"1er résultat ≤ {TARGET_MS} ms (frappe instantanée / au rythme d’un lecteur) : "
                      f"{'oui' if f['first_ms'] <= TARGET_MS else 'NON'} / "
                      f"{'oui' if f['typed_first_ms'] <= TARGET_MS else 'NON'}",
                      f"HTML ≤ {PAGE_HTML_KB} Kio : {'oui' if f['html'] <= PAGE_HTML_KB * 1024 else 'NON'}",
                      f"page ≤ {PAGE_ALL_KB} Kio : {'oui' if f['page_all'] <= PAGE_ALL_KB * 1024 else 'NON'}"]
            if n <= 1000:
                checks.append(f"recherche ≤ {SEARCH_MB} Mo : {'oui' if f['search_bytes'] <= SEARCH_MB * 1e6 else 'NON'}")
            print(f"    {engine} : " + " ; ".join(checks))
    print("  Le site doit utiliser Pagefind derrière la boîte de recherche du thème : il trouve les noms tapés sans "
          "accents (« cresus » → Crésus), ne télécharge que les morceaux d’index de la requête, rien avant qu’on "
          "cherche, et son coût ne croît presque pas avec le corpus ; l’index unique de Material est téléchargé à "
          "chaque visite et croît avec chaque cas.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="tailles des corpus synthétiques")
    parser.add_argument("--keep", type=Path, help="garder les projets et sites générés dans ce dossier")
    parser.add_argument("--reuse", action="store_true", help="avec --keep : réutiliser les sites déjà construits")
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        sys.exit(f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="pionniers-bench-nav-"))
    results: dict[int, dict[str, dict]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for n in [int(s) for s in args.sizes.split(",") if s]:
                    print(f"[construction] N={n}", flush=True)
                    sites = build_variants(n, work, args.reuse)
                    results[n] = measure(n, sites, browser)
                    report(n, results[n])
                    sys.stdout.flush()
            finally:
                browser.close()
        recommend(results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
