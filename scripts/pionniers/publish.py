"""`pionniers publish`: the published site in one command — what the README, CI, the deployment and the tests run.

    validate → generate (pionniers build) → mkdocs build --strict → the renditions the search index reads
    (search.py) → Pagefind, in its own process, while the second wall (sitecheck) scans the site → the address
    manifest (every published address still resolves, manifest.py)

Any problem, warning of the strict build, or finding of the scan fails the command (exit 1), and the site folder is
then not to be published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from . import manifest, preview_image, sitecheck
from .build import build_corpus, mkdocs_config
from .corpus import Corpus
from .paths import Layout
from .search import start_pagefind, write_renditions


def mkdocs_build(root: Path, site: Path, meanwhile: Callable[[], object] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (never -q: it would turn warnings into exit 0), running `meanwhile` in this process
    while MkDocs works in its own (its output goes to files, so that a long `meanwhile` never blocks it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=root)
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            process.wait()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())


def expectations(corpus: Corpus, site_url: str = "") -> sitecheck.Expectations:
    """What the built site must hold; `site_url` (mkdocs.yml, from the deployment) gives the root of its addresses."""
    root_path = "/" + urlsplit(site_url).path.strip("/") + "/" if urlsplit(site_url).path.strip("/") else "/"
    return sitecheck.Expectations(case_slugs=frozenset(c.slug for c in corpus.cases),
                                  redirects=frozenset(a for c in corpus.cases for a in c.aliases),
                                  root_path=root_path,
                                  cards=frozenset(c.slug for c in corpus.cases),
                                  parcours_redirects=frozenset(a for p in corpus.parcours for a in p.aliases), previews=True)


def publish(layout: Layout, site: Path | None = None, *, today: date | None = None) -> int:
    site = site or layout.root / "site"
    steps: list[str] = []
    started = time.perf_counter()
    status, corpus = build_corpus(layout, today)
    if status != 0:
        return 1
    steps.append(f"génération {time.perf_counter() - started:.2f} s")
    mark = time.perf_counter()
    # The link-preview images are drawn while MkDocs builds (MkDocs empties the site folder first), then moved in.
    drawn = Path(tempfile.mkdtemp(prefix="pionniers-apercus-"))
    drawing: dict[str, float] = {}

    def draw() -> None:
        started_drawing = time.perf_counter()
        preview_image.write_all(corpus.cases, drawn)
        drawing["s"] = time.perf_counter() - started_drawing

    try:
        result = mkdocs_build(layout.root, site, meanwhile=draw)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            print("pionniers publish : la construction stricte du site a échoué (voir ci-dessus).", file=sys.stderr)
            return 1
        preview_image.move_into(drawn, site)
    finally:
        shutil.rmtree(drawn, ignore_errors=True)
    steps.append(f"MkDocs {time.perf_counter() - mark:.2f} s, dont aperçus dessinés en parallèle {drawing['s']:.2f} s")
    mark = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pionniers-index-") as tmp:
        # The renditions the index reads first (a quick pass), then Pagefind in its own process while this one scans
        # the site: the two slowest steps share the machine's cores instead of following each other.
        renditions = write_renditions(site, Path(tmp))
        copies = time.perf_counter() - mark
        indexing = start_pagefind(layout.root, Path(tmp), (site / "pagefind").resolve())
        scan_mark = time.perf_counter()
        output: list[str] = []
        ended: list[float] = []
        waiter = threading.Thread(target=lambda: (output.extend(indexing.communicate()),
                                                  ended.append(time.perf_counter() - scan_mark)))
        waiter.start()
        site_url = mkdocs_config(layout.root / "mkdocs.yml").get("site_url") or ""
        report = sitecheck.scan(site, expectations(corpus, site_url), skip=("pagefind",))
        scanned = time.perf_counter() - scan_mark
        waiter.join()
        out, err = output
        indexed = ended[0]
    if indexing.returncode != 0:
        sys.stderr.write(out + err)
        print("pionniers publish : l’indexation Pagefind a échoué.", file=sys.stderr)
        return 1
    steps.append(f"index et contrôle {time.perf_counter() - mark:.2f} s (copies pour l’index {copies:.2f} s ; en "
                 f"parallèle : contrôle {scanned:.2f} s, Pagefind {indexed:.2f} s ; {renditions.pages} pages indexées)")
    findings = report.findings + [f"pagefind/{f}" for f in sitecheck.scan(site / "pagefind").findings] + \
        sitecheck.search_coverage(site, report.pages)
    # Links that never break (issue 12): every address of the committed manifest still resolves.
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
    print(f"Site publié dans {layout.rel(site) if site.is_relative_to(layout.root) else site} : {report.pages} pages, "
          f"toutes indexées, aucune anomalie ({', '.join(steps)}).")
    if published:
        print(f"Les {len(published)} adresses de {layout.rel(layout.manifest)} répondent toutes.")
    if fresh:
        print(f"{fresh} adresse(s) nouvelle(s) pas encore dans {layout.rel(layout.manifest)} : lancez "
              "`pionniers manifest` puis committez le fichier, pour qu’elles restent garanties.")
    return 0
