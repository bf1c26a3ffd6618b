"""`pionniers publish`: the published site in one command — what the README, CI, the deployment and the tests run.

    validate → generate (pionniers build) → mkdocs build --strict, in its own process (mkdocs_feed.py), which hands
    each page over as it writes it; meanwhile this process scans each page (the second wall, sitecheck) and hands
    its rendition to Pagefind's service (search.Indexer), and a third draws the link-preview images, or takes those
    whose words have not changed from the cache (.cache-pionniers/apercus/, cache.py) → Pagefind builds its bundle, which this process writes (Indexer.finish) → the address manifest (every published address still
    resolves, manifest.py)

MkDocs' build takes one core; the scan, the index and the drawings take the other, while it works, rather than
reading the whole site again afterwards. Any problem, warning of the strict build, or finding of the scan fails the
command (exit 1), and the site folder is then not to be published.

With `engine="zensical"` (`pionniers publish --engine zensical`), Zensical builds the same mkdocs.yml instead
(`zensical build --clean --strict`, ZensicalBuilder): the same steps follow, but the scan and the index read its
pages from disk once it is done, since Zensical hands no page over while it works.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pionniers.common.cache import Store
from pionniers.common.paths import CACHE_DIRS, Layout
from pionniers.model.corpus import Corpus
from pionniers.pages import preview_image
from pionniers.site import manifest, sitecheck
from pionniers.site.build import build_corpus, mkdocs_config
from pionniers.site.mkdocs_feed import read_frames
from pionniers.site.search import Indexer


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (never -q: it would turn warnings into exit 0)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=root)


@dataclass
class Built:
    """What the build of the site gave: MkDocs' exit status and messages, the scan's report, the pages scanned
    while it worked and the seconds this process spent on them."""

    returncode: int
    stderr: str
    report: sitecheck.Report
    pages: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    busy: float = 0.0


class Builder:
    """MkDocs' strict build of `root` into `site` (mkdocs_feed.py), started early: it loads while the pages are
    generated, and builds on `scan()`, which scans and indexes each page it hands over meanwhile."""

    def __init__(self, root: Path, site: Path) -> None:
        self.site = site
        self._read, write_end = os.pipe()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self._err = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pionniers.site.mkdocs_feed", str(root), str(site), str(write_end)],
            stdin=subprocess.PIPE, stdout=self._err, stderr=self._err, text=True, env=env, cwd=root,
            pass_fds=(write_end,))
        os.close(write_end)

    def cancel(self) -> None:
        """Nothing to build after all (the cases have problems): the builder exits without touching the site."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait()
        os.close(self._read)
        self._err.close()

    def scan(self, expect: sitecheck.Expectations, indexer: Indexer) -> Built:
        """Build; each page it writes is scanned and indexed here meanwhile. The static files (the theme's, ours,
        the cards, the redirect pages) are written before the first page: they are scanned from disk then."""
        assert self._process.stdin is not None
        self._process.stdin.write("go\n")
        self._process.stdin.close()
        report = sitecheck.Report()
        pages: list[str] = []
        fed: set[str] = set()
        busy = 0.0
        with os.fdopen(self._read, "rb") as stream:
            for frame in read_frames(stream):
                started = time.perf_counter()
                if frame[0] == "pages":
                    pages = frame[1]
                    continue
                _, rel, html = frame
                if not fed:
                    expected = set(pages)
                    sitecheck.scan_tree(self.site, expect, report, skip=lambda r: r in expected)
                fed.add(rel)
                sitecheck.scan_file(rel, html, expect, report)
                indexer.add(rel, html)
                busy += time.perf_counter() - started
        self._process.wait()
        self._err.seek(0)
        stderr = self._err.read()
        self._err.close()
        if self._process.returncode == 0 and not fed:  # a site without pages: its static files, all the same
            sitecheck.scan_tree(self.site, expect, report)
        return Built(self._process.returncode, stderr, report, pages, sorted(set(pages) - fed), busy)


def zensical_command() -> list[str] | None:
    """The `zensical` command installed beside this Python (the [test] extra pins it), or None."""
    found = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    return [found] if found else None


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def zensical_messages(output: str) -> str:
    """Zensical's report of a failed build as a reader needs it: its warnings with their file and line, without
    the terminal's colour codes and without the Python traceback it adds when --strict stops it."""
    text = _ANSI.sub("", output)
    return text.split("Traceback (most recent call last):", 1)[0].rstrip() + "\n"


ZENSICAL_CONFIG = ".pionniers-zensical.yml"
ZENSICAL_SCRATCH = ".pionniers-zensical-site"


class ZensicalBuilder:
    """Zensical's strict build of `root` into `site`, then the scan and the index of every file it wrote.

    Zensical has no option for the output folder and refuses one outside the project: it is given, for the time of
    the build, a configuration of two lines beside mkdocs.yml (`INHERIT: mkdocs.yml` and the folder), and a `site`
    outside the project is built in a scratch folder inside it, then moved there."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root = root
        self.site = site

    def cancel(self) -> None:
        """Nothing started before the build: nothing to stop."""

    def scan(self, expect: sitecheck.Expectations, indexer: Indexer) -> Built:
        command = zensical_command()
        if command is None:
            return Built(1, "Zensical n’est pas installé dans cet environnement : `.venv/bin/pip install -c "
                            "requirements.lock -e \".[test]\"` l’installe.\n", sitecheck.Report())
        root, site = self.root.resolve(), self.site.absolute()
        written = site if site.is_relative_to(root) and site != root else root / ZENSICAL_SCRATCH
        for folder in {written, site}:
            if folder.is_symlink():
                return Built(1, f"{folder} est un lien symbolique : la construction ne passe jamais par un lien.\n",
                             sitecheck.Report())
            if folder.is_dir():
                shutil.rmtree(folder)  # a generated site folder: Zensical's --clean empties its cache, not the site
        config = root / ZENSICAL_CONFIG
        config.write_text(f"INHERIT: mkdocs.yml\nsite_dir: {json.dumps(written.relative_to(root).as_posix())}\n",
                          encoding="utf-8")
        try:
            result = subprocess.run([*command, "build", "--clean", "--strict", "-f", str(config)],
                                    capture_output=True, text=True, cwd=root)
        finally:
            config.unlink(missing_ok=True)
        if result.returncode != 0:
            shutil.rmtree(root / ZENSICAL_SCRATCH, ignore_errors=True)
            return Built(result.returncode, zensical_messages(result.stdout + result.stderr), sitecheck.Report())
        if written != site:
            site.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(written, site)
        # Zensical writes its own full-text index for its own search dialog, which this site's search box never
        # loads (Pagefind answers it): not published.
        (self.site / "search.json").unlink(missing_ok=True)
        started = time.perf_counter()
        report = sitecheck.Report()
        pages: list[str] = []

        def index(rel: str, html: str) -> None:
            if rel.endswith(".html"):
                pages.append(rel)
                indexer.add(rel, html)

        sitecheck.scan_tree(self.site, expect, report, then=index)
        return Built(0, result.stdout + result.stderr, report, pages, [], time.perf_counter() - started)


def expectations(corpus: Corpus, site_url: str = "") -> sitecheck.Expectations:
    """What the built site must hold; `site_url` (mkdocs.yml, from the deployment) gives the root of its addresses."""
    root_path = "/" + urlsplit(site_url).path.strip("/") + "/" if urlsplit(site_url).path.strip("/") else "/"
    return sitecheck.Expectations(case_slugs=frozenset(c.slug for c in corpus.cases),
                                  redirects=frozenset(a for c in corpus.cases for a in c.aliases),
                                  root_path=root_path,
                                  cards=frozenset(c.slug for c in corpus.cases),
                                  parcours_redirects=frozenset(a for p in corpus.parcours for a in p.aliases), previews=True)


def _draw(cases: tuple, folder: Path, root: Path, took, drawn) -> None:  # noqa: ANN001 (multiprocessing.Values)
    started = time.perf_counter()
    with Store(root, *CACHE_DIRS, "apercus", suffix=".png") as store:
        if not store.usable:
            print(f"pionniers publish : cache des aperçus inutilisable ({store.error}) : tous sont dessinés.",
                  file=sys.stderr)
        count = preview_image.write_all(cases, folder, store if store.usable else None)
    took.value = time.perf_counter() - started
    drawn.value = count.drawn


ENGINES = ("mkdocs", "zensical")


def publish(layout: Layout, site: Path | None = None, *, today: date | None = None, engine: str = "mkdocs") -> int:
    """The published site in `site` (site/ by default), built by `engine` (MkDocs, or Zensical from the same
    mkdocs.yml); 0, or 1 and what is wrong on stderr."""
    site = site or layout.root / "site"
    name = {"mkdocs": "MkDocs", "zensical": "Zensical"}[engine]
    steps: list[str] = []
    started = time.perf_counter()
    # MkDocs loads on the other core while the pages are generated; Zensical starts once they are.
    builder = Builder(layout.root, site) if engine == "mkdocs" else ZensicalBuilder(layout.root, site)
    status, corpus = build_corpus(layout, today)
    if status != 0:
        builder.cancel()
        return 1
    steps.append(f"génération {time.perf_counter() - started:.2f} s")
    mark = time.perf_counter()
    site_url = mkdocs_config(layout.root / "mkdocs.yml").get("site_url") or ""
    expect = expectations(corpus, site_url)
    # The link-preview images are drawn in a process of their own while the engine builds (it empties the site
    # folder first), then moved in. Forked before any thread of this process starts.
    drawn = Path(tempfile.mkdtemp(prefix="pionniers-apercus-"))
    forking = multiprocessing.get_context("fork")
    drawing_time, drawing_count = forking.Value("d", 0.0), forking.Value("i", 0)
    drawing = forking.Process(target=_draw, args=(corpus.cases, drawn, layout.root, drawing_time, drawing_count))
    drawing.start()
    indexer = Indexer(layout.root)
    try:
        built = builder.scan(expect, indexer)
        mkdocs_time = time.perf_counter() - mark
        drawing.join()  # what this wait takes is the drawing's, not MkDocs'
        waited = time.perf_counter() - mark - mkdocs_time
        if built.returncode != 0:
            sys.stderr.write(built.stderr)
            print("pionniers publish : la construction stricte du site a échoué (voir ci-dessus).", file=sys.stderr)
            return 1
        if drawing.exitcode != 0:
            print("pionniers publish : le dessin des images d’aperçu a échoué (voir ci-dessus).", file=sys.stderr)
            return 1
        preview_image.move_into(drawn, site)
        during = "pendant ce temps" if engine == "mkdocs" else "dont, après la construction"
        steps.append(f"{name} {mkdocs_time:.2f} s ({during}, contrôle et index de "
                     f"{len(built.pages)} pages {built.busy:.2f} s, aperçus en {drawing_time.value:.2f} s dont "
                     f"{drawing_count.value} dessinés, les autres repris du cache)")
        if waited >= 0.01:
            steps.append(f"puis attente de la fin des aperçus {waited:.2f} s")
        mark = time.perf_counter()
        errors = indexer.finish(site / "pagefind")
    finally:
        indexer.close()
        if drawing.is_alive():
            drawing.terminate()
        shutil.rmtree(drawn, ignore_errors=True)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print("pionniers publish : l’indexation Pagefind a échoué.", file=sys.stderr)
        return 1
    report = built.report
    findings = report.findings + [f"{rel} : page écrite par MkDocs mais jamais contrôlée" for rel in built.missed]
    findings += sitecheck.missing(site, expect)
    findings += [f"pagefind/{f}" for f in sitecheck.scan(site / "pagefind").findings]
    findings += sitecheck.search_coverage(site, report.pages)
    steps.append(f"puis écriture de l’index {time.perf_counter() - mark:.2f} s ({indexer.pages} pages indexées)")
    # Links that never break: every address of the committed manifest still resolves.
    published = manifest.read(layout.manifest)
    lost = manifest.check(site, published, corpus)
    if lost:
        for finding in lost:
            print(f"{layout.rel(layout.manifest)}: {finding}", file=sys.stderr)
        print(f"pionniers publish : {len(lost)} adresse(s) publiée(s) ne répond(ent) plus : un lien de cours serait "
              "cassé ; le site ne doit pas être publié.", file=sys.stderr)
        return 1
    fresh = len(set(manifest.current(corpus, layout.docs)) - set(published))
    if findings:
        for finding in findings:
            print(f"site/{finding}", file=sys.stderr)
        print(f"pionniers publish : {len(findings)} anomalie(s) dans le site construit : il ne doit pas être publié.",
              file=sys.stderr)
        return 1
    if not site_url:
        print("pionniers publish : attention : le site n’a pas d’adresse publique (PIONNIERS_SITE_URL non définie, "
              "site_url vide dans mkdocs.yml) : les aperçus de lien (og:url, og:image), les citations et les données "
              "ouvertes ne donnent que des adresses relatives. Pour le site publié : "
              "PIONNIERS_SITE_URL=https://… pionniers publish", file=sys.stderr)
    print(f"Site publié dans {layout.rel(site) if site.is_relative_to(layout.root) else site} : {report.pages} pages, "
          f"toutes indexées, aucune anomalie ({', '.join(steps)}).")
    if published:
        print(f"Les {len(published)} adresses de {layout.rel(layout.manifest)} répondent toutes.")
    if fresh:
        print(f"{fresh} adresse(s) nouvelle(s) pas encore dans {layout.rel(layout.manifest)} : lancez "
              "`pionniers manifest` puis committez le fichier, pour qu’elles restent garanties.")
    return 0
