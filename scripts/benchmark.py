#!/usr/bin/env python3
"""Speed and size benchmark on synthetic but realistic corpora (a script that prints figures, not a test).

    .venv/bin/python scripts/benchmark.py                       # validation at 1,000 and 5,000; site at 1,000
    .venv/bin/python scripts/benchmark.py --sizes 1000 --site-sizes 1000,5000

For each size: the bare `yaml.load(..., Loader=yaml.CSafeLoader)` of the files (the floor) and the whole
`pionniers validate`, process start included, with their ratio. For each site size: `pionniers build`, the whole
`mkdocs build`, their ratio, the time from saving one case to its refreshed page under `pionniers serve`, the
search index per case, and the weight of a case page (HTML alone and with the assets it loads, gzip).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from pionniers.sandbox import make_project

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/: the synthetic corpus

from synthetic import write_corpus  # noqa: E402  (Faker fr_FR + wordfreq: see scripts/synthetic.py)


def bare_parse(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        with path.open("rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    took = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} :\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return took


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def bench_validation(n: int, work: Path) -> None:
    project = make_project(work / f"valid-{n}", [])
    paths = write_corpus(project / "cases", n)
    sizes = [p.stat().st_size for p in paths]
    floor = min(bare_parse(paths) for _ in range(3))
    full = min(timed([sys.executable, "-m", "pionniers", "validate"], project) for _ in range(3))
    print(f"[validation] N={n} fichiers de {min(sizes)}–{max(sizes)} octets (moyenne {sum(sizes) // n})")
    print(f"  analyse YAML nue (CSafeLoader, en processus) : {floor:.2f} s, {n / floor:,.0f} fichiers/s")
    print(f"  pionniers validate (démarrage compris)       : {full:.2f} s, {n / full:,.0f} cas/s")
    print(f"  rapport validation / analyse nue             : {full / floor:.2f}x (cible : ≤ 2x à 5 000)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, needle: str | None, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                body = response.read().decode("utf-8", "replace")
            if needle is None or needle in body:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    return None


def bench_refresh(project: Path, slug: str) -> float | None:
    """Save one case, and time until `pionniers serve` serves its page with the new text."""
    port = free_port()
    cli = Path(sys.executable).parent / "pionniers"
    server = subprocess.Popen([str(cli), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/cas/{slug}/"
        if wait_for(url, None, 600) is None:
            return None
        time.sleep(1.0)
        case = project / "cases" / f"{slug}.yml"
        marker = f"Relu pour la mesure {time.time_ns()}"
        text = case.read_text(encoding="utf-8")
        text = re.sub(r"^summary: .*$", f"summary: {marker}.", text, count=1, flags=re.M)
        started = time.perf_counter()
        case.write_text(text, encoding="utf-8")
        found = wait_for(url, marker, 60)
        return None if found is None else time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """(gzip bytes of the page's HTML, gzip bytes of the HTML plus every local stylesheet and script it loads)."""
    html = page.read_bytes()
    total = gz(html)
    for ref in re.findall(rb'(?:<script[^>]+src|<link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"', html):
        target = (page.parent / ref.decode()).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += gz(target.read_bytes())
    return gz(html), total


def bench_site(n: int, work: Path) -> None:
    project = make_project(work / f"site-{n}", [])
    paths = write_corpus(project / "cases", n)
    floor = min(bare_parse(paths) for _ in range(3))
    cli = [sys.executable, "-m", "pionniers"]
    generation = timed(cli + ["build"], project)
    regen = timed(cli + ["build"], project)
    mkdocs = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")], project)
    site = project / "site"
    index = site / "search" / "search_index.json"
    raw = index.read_bytes()
    html, with_assets = page_weight(site, site / "cas" / "cas-synthetique-00000" / "index.html")
    print(f"[site] N={n}")
    print(f"  pionniers build (valider + générer, démarrage compris) : {generation:.2f} s "
          f"(relancé sans changement : {regen:.2f} s)")
    print(f"  rapport à l’analyse YAML nue ({floor:.2f} s)                 : {generation / floor:.2f}x")
    print(f"  mkdocs build --strict                                   : {mkdocs:.2f} s")
    print(f"  part de la génération dans la chaîne                    : {generation / mkdocs:.1%} "
          f"du build MkDocs (cible : ≤ 10 %)")
    print(f"  index de recherche Material : {len(raw) / 1e6:.2f} Mo brut, {gz(raw) / 1e6:.2f} Mo gzip, "
          f"{len(raw) / n:,.0f} octets par cas ({gz(raw) / n:,.0f} gzip)")
    print(f"  page de cas : {html / 1024:.1f} Kio gzip pour le HTML, {with_assets / 1024:.1f} Kio avec ses CSS et JS")
    refresh = bench_refresh(project, "cas-synthetique-00042")
    shown = "non mesuré (page jamais rafraîchie)" if refresh is None else f"{refresh:.2f} s"
    print(f"  enregistrement d’un cas → page rafraîchie sous `pionniers serve` : {shown} (cible : ≤ 2 s à 1 000)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="tailles pour la validation")
    parser.add_argument("--site-sizes", default="1000", help="tailles pour le site (vide : aucune)")
    parser.add_argument("--keep", type=Path, help="garder les projets générés dans ce dossier")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pionniers-bench-"))
    try:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            bench_validation(n, work)
        for n in [int(s) for s in args.site_sizes.split(",") if s]:
            bench_site(n, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
