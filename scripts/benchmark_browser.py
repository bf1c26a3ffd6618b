#!/usr/bin/env python3
"""Search in a real browser on synthetic corpora that read like French (a script that prints figures, not a test).

    .venv/bin/python scripts/benchmark_browser.py                    # 1,000 and 5,000 cases
    .venv/bin/python scripts/benchmark_browser.py --sizes 1000 --keep /tmp/bench

For each size the corpus of scripts/synthetic.py (Faker fr_FR, wordfreq) is built twice, in the same run:
  - « Pagefind »: the site as published (`pionniers publish`): the header's box answered by Pagefind, which
    downloads the chunks a query needs once a reader reaches for the box;
  - « Material (lunr) », the reference: the same corpus with the theme's own search (plugins: [search], without
    our override of the header), which downloads one index of every page.
Both are served gzip-compressed from 127.0.0.1 by a server that counts the bytes it sends. Debian's Chromium, driven
by Playwright, opens a case page with an empty cache (a new browser context each time) and searches for twenty
queries of varied frequency, chosen in the corpus itself (very common, common, rarer and rare words, names, two-word
queries), each typed at a reader's pace (one key every 150 ms) and pasted at once. Printed per query and engine:
the bytes fetched for search before the first result shows (gzip, as sent), and the time from the last key to that
first result. Targets: at 5,000 cases, ≤ 150 ms at a reader's pace, ≤ 300 ms pasted, a median ≤ 250 KB per query and
none above 400 KB; at 1,000 cases, ≤ 100 ms at a reader's pace. The machine's state is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import collections
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

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/: the corpus, the machine's state

from benchmark import machine_state  # noqa: E402
from synthetic import write_corpus  # noqa: E402

from pionniers.site.sandbox import make_project, mkdocs_build  # noqa: E402

CHROMIUM = os.environ.get("PIONNIERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TYPING_MS = 150  # a reader's pace: one key every 150 ms
TARGETS = {5000: {"typed": 150, "pasted": 300, "kb": 250, "kb_max": 400}, 1000: {"typed": 100}}
SEARCH_PATHS = {"material": ("/search/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/"),
                "pagefind": ("/pagefind/", "/donnees/vocabulaires.json")}
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
    server.handle_error = lambda request, address: None  # a browser context closed mid-response: not a finding
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1], ledger


# --- the corpus and its queries --------------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]{4,}", re.U)


def choose_queries(cases: Path) -> list[tuple[str, str]]:
    """Twenty (kind, query) pairs of varied frequency, from the corpus itself (deterministic): in how many cases a
    word appears decides its band."""
    df: collections.Counter[str] = collections.Counter()
    names: collections.Counter[str] = collections.Counter()
    places: collections.Counter[str] = collections.Counter()
    files = sorted(cases.glob("*.yml"))
    for path in files:
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        text = " ".join([data["summary"], *data["story"].values()]).lower()
        df.update(set(WORD.findall(text)))
        names.update({p["name"].split()[-1] for p in data["people"]})
        places[data["territory"]["place"]] += 1
    n = len(files)
    ranked = sorted(df.items(), key=lambda item: (-item[1], item[0]))

    def band(low: float, high: float, k: int, kind: str) -> list[tuple[str, str]]:
        words = [w for w, c in ranked if low <= c / n < high]
        step = max(1, len(words) // k)
        return [(kind, w) for w in words[::step][:k]]

    chosen = band(0.5, 1.01, 4, "très courant") + band(0.1, 0.5, 4, "courant") + band(0.01, 0.1, 4, "moins courant")
    rare = [w for w, c in ranked if 2 <= c <= 5]
    chosen += [("rare", w) for w in rare[:: max(1, len(rare) // 4)][:4]]
    common_names = [w for w, c in sorted(names.items(), key=lambda i: (-i[1], i[0])) if len(w) > 3]
    chosen += [("nom", common_names[0]), ("nom", common_names[len(common_names) // 2])]
    place = sorted(places.items(), key=lambda i: (-i[1], i[0]))[0][0]
    chosen += [("deux mots", f"{ranked[len(ranked) // 50][0]} {ranked[len(ranked) // 20][0]}"), ("lieu", place)]
    return chosen


# --- building the two sites ----------------------------------------------------------------------------------------

def run_timed(what: str, command_or_call, cwd: Path | None = None) -> float:  # noqa: ANN001
    started = time.perf_counter()
    if callable(command_or_call):
        result = command_or_call()
    else:
        result = subprocess.run(command_or_call, cwd=cwd, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        sys.exit(f"échec : {what}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def build_sites(n: int, work: Path, reuse: bool, pagefind_only: bool = False) -> tuple[dict[str, Path], Path]:
    """The published site of the synthetic corpus of `n` cases in `work`/projet-N/site and, unless `pagefind_only`,
    the same corpus with Material's own search beside it; with `reuse`, the sites already there (a project kept by
    `scripts/benchmark.py --keep` too)."""
    project = work / f"projet-{n}"
    sites = {"pagefind": project / "site", "material": work / f"site-{n}-material"}
    if reuse and (sites["pagefind"] / "pagefind").is_dir() and (pagefind_only or (sites["material"] / "search").is_dir()):
        print("  sites déjà construits, réutilisés (--reuse)")
        return sites, project
    make_project(project, [], sources=work / "aucune")  # the synthetic corpus writes the records it cites
    write_corpus(project / "cases", n)
    took = run_timed("pionniers publish", [sys.executable, "-m", "pionniers", "publish"], project)
    print(f"  pionniers publish (site tel que publié, Pagefind) : {took:.1f} s", flush=True)
    # The theme's own search: the same configuration with Material's search plugin and without our header.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    material, switched = re.subn(r"^plugins:\n  - search:\n      enabled: false$", "plugins:\n  - search:\n      lang: fr",
                                 text, flags=re.M)
    if switched != 1:
        sys.exit("mkdocs.yml : la recherche du thème n’est plus coupée comme attendu (search: enabled: false)")
    config.write_text(re.sub(r"^  custom_dir: overrides\n", "", material, flags=re.M), encoding="utf-8")
    try:
        took = run_timed("mkdocs build (Material)", lambda: mkdocs_build(project, sites["material"]))
    finally:
        config.write_text(text, encoding="utf-8")
    print(f"  mkdocs build (recherche de Material, référence) : {took:.1f} s", flush=True)
    return sites, project


# --- measuring in Chromium -----------------------------------------------------------------------------------------

WATCH = """() => {
  window.__pn = {input: 0, first: 0};
  document.addEventListener("keydown", () => { window.__pn.input = performance.now(); window.__pn.first = 0; }, true);
  document.addEventListener("input", () => { window.__pn.input = performance.now(); window.__pn.first = 0; }, true);
  const list = document.querySelector(".md-search-result__list");
  const box = document.querySelector(".md-search__input");
  const result = list.parentElement;
  new MutationObserver(() => {
    // The first result for the whole query in the box: our box marks it (data-pn-first); Material's list shows only
    // the latest query.
    const ours = result.hasAttribute("data-pn-search-result");
    const answers = ours ? result.getAttribute("data-pn-first") === box.value.trim() : true;
    if (!window.__pn.first && box.value && answers && list.querySelector("li")) window.__pn.first = performance.now();
  }).observe(result, {childList: true, subtree: true, attributes: true});
}"""


def first_result(page, ledger: Ledger, engine: str,  # noqa: ANN001
                 timeout_s: float = 90) -> tuple[float, list[tuple[str, int]]]:
    """Wait for the first result of the query in the box: (ms from the last key, search files sent until then)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        state = page.evaluate("() => ({...window.__pn, now: performance.now()})")
        if state["first"] and state["first"] >= state["input"]:
            sent = [(path, size) for path, size in ledger.since(0) if path.startswith(SEARCH_PATHS[engine])]
            return state["first"] - state["input"], sent
        time.sleep(0.01)
    raise TimeoutError("aucun résultat affiché")


def one_search(browser, base: str, ledger: Ledger, engine: str, case: str, query: str,  # noqa: ANN001
               typed: bool) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    with ledger.lock:
        ledger.sent.clear()
    page.goto(base + case, wait_until="load")
    page.evaluate(WATCH)
    box = page.locator("input.md-search__input")
    box.click()
    if typed:
        box.press_sequentially(query, delay=TYPING_MS)
    else:
        box.fill(query)  # pasted: the whole query in one input event
    ms, sent = first_result(page, ledger, engine)
    context.close()
    return {"ms": ms, "bytes": sum(size for _, size in sent), "files": sent}


def measure(sites: dict[str, Path], queries: list[tuple[str, str]], browser, case: str,  # noqa: ANN001
            material_typed: int, engines: tuple[str, ...]) -> dict[str, dict[tuple[str, str], dict]]:
    out: dict[str, dict[tuple[str, str], dict]] = {}
    for engine in engines:
        server, base, ledger = serve(sites[engine])
        try:
            figures = {}
            for i, (_, query) in enumerate(queries):
                for typed in (True, False):
                    if engine == "material" and typed and i >= material_typed:
                        continue
                    figures[(query, "tapé" if typed else "collé")] = one_search(browser, base, ledger, engine, case,
                                                                                 query, typed)
            out[engine] = figures
        finally:
            server.shutdown()
            server.server_close()
    return out


def kb(size: float) -> str:
    return f"{size / 1024:,.1f} Kio".replace(",", "\u202f")


def by_kind(files: list[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """What a query fetched, by kind of file: (bytes, files) for the script, wasm, metadata, filters, index chunks,
    fragments (one per result shown)."""
    kinds: dict[str, tuple[int, int]] = {}
    for path, size in files:
        name = path.rsplit("/", 1)[-1]
        kind = ("fragments" if "/fragment/" in path else "index" if "/index/" in path else
                "filtres" if "/filter/" in path else "méta" if name.endswith(".pf_meta") else
                "wasm" if name.startswith("wasm.") else "script" if name.endswith(".js") else name)
        total, count = kinds.get(kind, (0, 0))
        kinds[kind] = (total + size, count + 1)
    return kinds


def report(n: int, queries: list[tuple[str, str]], figures: dict[str, dict[tuple[str, str], dict]],
           sites: dict[str, Path]) -> None:
    ours, theirs = figures["pagefind"], figures.get("material")
    if theirs is None:  # --pagefind-only: a quick look, without the reference
        theirs = {key: {"ms": float("nan"), "bytes": 0, "files": []} for key in ours}
    bundle = [p for p in (sites["pagefind"] / "pagefind").rglob("*") if p.is_file()]
    lunr = sites["material"] / "search" / "search_index.json"
    lunr_size = (f"index lunr de Material {lunr.stat().st_size / 1e6:.1f} Mo "
                 f"({len(gzip.compress(lunr.read_bytes(), 6)) / 1e6:.1f} Mo gzip)" if lunr.is_file()
                 else "sans la référence de Material (--pagefind-only)")
    print(f"[recherche] N={n} : index Pagefind {sum(p.stat().st_size for p in bundle) / 1e6:.1f} Mo sur disque "
          f"({len(bundle)} fichiers) ; {lunr_size}")
    print("  requête (genre)                      | Pagefind tapé : ms, Kio | Pagefind collé : ms, Kio | "
          "Material tapé : ms | Material collé : ms, Kio")
    for kind, query in queries:
        t, c = ours[(query, "tapé")], ours[(query, "collé")]
        mt, mc = theirs.get((query, "tapé")), theirs[(query, "collé")]
        label = f"{query} ({kind})"
        material_typed = f"{mt['ms']:6.0f} ms" if mt else "—"
        print(f"  {label[:36]:36} | {t['ms']:6.0f} ms {kb(t['bytes']):>11} | {c['ms']:6.0f} ms {kb(c['bytes']):>11} | "
              f"{material_typed:>9} | {mc['ms']:6.0f} ms {kb(mc['bytes']):>11}")
    summary = {}
    for mode in ("tapé", "collé"):
        values = [ours[(q, mode)] for _, q in queries]
        summary[mode] = (statistics.median(v["ms"] for v in values), max(v["ms"] for v in values),
                         statistics.median(v["bytes"] for v in values), max(v["bytes"] for v in values))
    m_pasted = [theirs[(q, "collé")] for _, q in queries]
    m_typed = [v for (q, mode), v in theirs.items() if mode == "tapé"]
    for mode, (med, worst, bmed, bworst) in summary.items():
        ref = statistics.median(v["ms"] for v in (m_typed if mode == "tapé" else m_pasted))
        print(f"  Pagefind {mode} : 1er résultat médian {med:.0f} ms (max {worst:.0f} ms), "
              f"{kb(bmed)} médians téléchargés (max {kb(bworst)}) ; Material (référence, même run) "
              f"{ref:.0f} ms médian → rapport {med / ref:.2f}")
    print(f"  Material collé : {kb(statistics.median(v['bytes'] for v in m_pasted))} médians téléchargés")
    (query, mode), worst = max(ours.items(), key=lambda item: item[1]["bytes"])
    print(f"  le plus lourd, « {query} » {mode} : " + ", ".join(
        f"{kind} {kb(size)} ({count})" for kind, (size, count) in sorted(by_kind(worst["files"]).items(),
                                                                         key=lambda item: -item[1][0])))
    targets = TARGETS.get(n)
    if targets:
        checks = []
        if "typed" in targets:
            checks.append(f"tapé ≤ {targets['typed']} ms : {'oui' if summary['tapé'][0] <= targets['typed'] else 'NON'}"
                          f" (médiane ; max {summary['tapé'][1]:.0f} ms)")
        if "pasted" in targets:
            checks.append(f"collé ≤ {targets['pasted']} ms : "
                          f"{'oui' if summary['collé'][0] <= targets['pasted'] else 'NON'} (médiane ; max "
                          f"{summary['collé'][1]:.0f} ms)")
        if "kb" in targets:
            median = max(summary["tapé"][2], summary["collé"][2])
            worst = max(summary["tapé"][3], summary["collé"][3])
            checks.append(f"médiane ≤ {targets['kb']} Ko par requête : "
                          f"{'oui' if median <= targets['kb'] * 1000 else 'NON'} ({median / 1000:.0f} Ko)")
            checks.append(f"aucune au-delà de {targets['kb_max']} Ko : "
                          f"{'oui' if worst <= targets['kb_max'] * 1000 else 'NON'} (max {worst / 1000:.0f} Ko)")
        print(f"  cibles à {n} cas : " + " ; ".join(checks), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="tailles des corpus synthétiques")
    parser.add_argument("--material-typed", type=int, default=5,
                        help="requêtes tapées au rythme d’un lecteur aussi dans Material (les autres : collées)")
    parser.add_argument("--keep", type=Path, help="garder les projets et sites générés dans ce dossier")
    parser.add_argument("--reuse", action="store_true", help="avec --keep : réutiliser les sites déjà construits")
    parser.add_argument("--pagefind-only", action="store_true",
                        help="sans mesurer la recherche de Material (un coup d’œil rapide, sans la référence)")
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        sys.exit(f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="pionniers-bench-nav-"))
    machine_state("début")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for n in [int(s) for s in args.sizes.split(",") if s]:
                    print(f"[construction] N={n}", flush=True)
                    sites, project = build_sites(n, work, args.reuse, args.pagefind_only)
                    queries = choose_queries(project / "cases")
                    case = "/cas/" + sorted(p.stem for p in (project / "cases").glob("*.yml"))[42] + "/"
                    engines = ("pagefind",) if args.pagefind_only else ("pagefind", "material")
                    figures = measure(sites, queries, browser, case, args.material_typed, engines)
                    report(n, queries, figures, sites)
            finally:
                browser.close()
    finally:
        machine_state("fin")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
