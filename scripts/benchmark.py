#!/usr/bin/env python3
"""Speed and size benchmark on synthetic but realistic corpora (a script that prints figures, not a test).

    .venv/bin/python scripts/benchmark.py                       # validation at 1,000 and 5,000; site at 1,000
    .venv/bin/python scripts/benchmark.py --sizes 1000 --site-sizes 1000,5000
    .venv/bin/python scripts/benchmark.py --sizes "" --site-sizes "" --baseline main   # before/after, one run

For each size: the bare `yaml.load(..., Loader=yaml.CSafeLoader)` of the files (the floor) and the whole
`pionniers validate`, process start included, with their ratio. For each site size: `pionniers build`, the whole
`mkdocs build`, their ratio, the time from saving one case to its refreshed page under `pionniers serve`, the
search index per case, and the weight of a case page (HTML alone and with the assets it loads, gzip).

With --baseline REV (a commit or branch of this repository), the same run measures the code of REV against the
working tree's: the weight of every real case page (each version builds its own site from cases/), then
`pionniers build` from scratch on the same synthetic corpus (--baseline-sizes, 5,000 by default), the two versions
taking turns, best of five each, so that both see the same machine.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
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

from pionniers import vocab
from pionniers.sandbox import make_project

WORDS = ("accompagnement insertion emploi partenariat entreprise association territoire fondation banque ménages "
         "jeunes quartier réseau bénévoles salariés formation accès service public solidarité numérique santé "
         "prévention financement collectivité habitants projet programme alliance co-création innovation sociale "
         "changement échelle impact mesure confiance gouvernance modèle économique hybride action commune "
         "personnes fragiles difficultés budget énergie eau logement mobilité recyclage handicap apprentissage").split()
SHAPES = ("count", "range", "change", "rate")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words).capitalize() + ".").replace("  ", " ")


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(9, 16)) for _ in range(sentences))


def figure(rng: random.Random, i: int) -> dict:
    shape = SHAPES[i % 4]
    base = {"shape": shape, "unit": rng.choice(["personnes", "ménages", "%", "h"]), "label": sentence(rng, 4)[:-1],
            "status": rng.choice(["achieved", "achieved", "target", "context"]), "source": "rapport",
            "evidence": sentence(rng, 8)[:-1]}
    if shape == "count":
        base.update(value=rng.randint(10, 900000), qualifier=rng.choice(["exact", "at_least", "about"]),
                    time={"since": rng.randint(1995, 2020)})
    elif shape == "range":
        base.update(low=rng.randint(1, 40), high=rng.randint(41, 99))
    elif shape == "change":
        base.update({"from": rng.randint(1000, 5000), "to": rng.randint(6000, 90000), "time": {"by": 2022}})
    else:
        base.update(value=rng.randint(1, 40), per=rng.choice(["mois", "an", "semaine"]))
    return base


def synthetic_case(rng: random.Random, i: int, themes: list[str], kinds: list[str]) -> tuple[str, str]:
    slug = f"cas-synthetique-{i:05d}"
    org = f"Organisation {rng.choice(WORDS).capitalize()} {i % 700}"
    data = {
        "slug": slug, "title": f"{sentence(rng, 5)[:-1]} ({i})", "kind": rng.choice(kinds),
        "people": [{"name": f"Personne {i}", "role": sentence(rng, 4)[:-1]}],
        "organisations": [
            {"name": org, "sector": "association", "role": "porteur", "brings": sentence(rng, 6)[:-1]},
            {"name": f"Entreprise {i % 300}", "sector": "entreprise", "role": "partenaire", "brings": sentence(rng, 6)[:-1]},
        ],
        "start_year": rng.randint(1990, 2020),
        "territory": {"place": rng.choice(["France", "Île-de-France", "Lyon", "Poitou-Charentes", "Marseille"]),
                      "scale": rng.choice(["local", "regional", "national"])},
        "themes": rng.sample(themes, 2), "summary": sentence(rng, 22),
        "story": {k: paragraph(rng, 2) + "\n\n" + paragraph(rng, 1) + "\n" for k in
                  ("challenge", "innovation", "co_creation", "results")},
        "figures": [figure(rng, j) for j in range(3)],
        "questions": [sentence(rng, 10)[:-1] + " ?" for _ in range(2)],
        "sources": [{"id": "rapport", "title": sentence(rng, 5)[:-1], "publisher": "Éditeur", "author": "non précisé",
                     "date": "non précisé"}],
        "reviewed": "2026-10-01",
    }
    text = "# yaml-language-server: $schema=../schema/cas.schema.json\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100)
    # safe_dump quotes "2026-10-01" already; plain years and numbers stay plain decimals.
    return slug, text


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    v = vocab.load()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        slug, text = synthetic_case(rng, i, sorted(v.themes), sorted(v.kinds))
        path = folder / f"{slug}.yml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


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


REPEAT = 5  # turns of each version: the best one is the version's time, the others absorb the machine's noise


def _tree(rev: str, work: Path) -> Path:
    """The repository as it was at `rev`, extracted (git archive) into work/<rev>."""
    dest = work / re.sub(r"[^A-Za-z0-9._-]+", "-", rev)
    dest.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "-C", str(root), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _with(tree: Path) -> dict[str, str]:
    """The environment that runs the package of `tree` (ahead of the installed one)."""
    return {**os.environ, "PYTHONPATH": str(tree / "scripts"), "NO_MKDOCS_2_WARNING": "1"}


def _cold_build(project: Path, env: dict[str, str]) -> tuple[float, float]:
    """`pionniers build` from scratch: the generated files removed first, so that every version writes them all.
    Returns (wall-clock seconds, user CPU seconds of the process): on a shared virtual machine the user CPU time
    (the computation itself) barely moves with the others' load; the wall-clock and system times (deleting and
    writing 35,000 files) swing by a factor of two between identical runs."""
    for name in ("cas", "themes", "types", "organisations", "territoires", "impact", "donnees"):
        shutil.rmtree(project / "docs" / name, ignore_errors=True)
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pionniers", "build"], cwd=project, env=env, capture_output=True,
                            text=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime
    if result.returncode != 0:
        sys.exit(f"échec de pionniers build dans {project} :\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return took, cpu


def _real_site(tree: Path, dest: Path) -> Path:
    """The real cases built into a site by the code and configuration of `tree`."""
    code = ("import sys; from pathlib import Path; from pionniers.sandbox import ROOT, make_project, generate, "
            "mkdocs_build; from datetime import date; p = make_project(Path(sys.argv[1]), ROOT / 'cases', "
            "real_pages=True); assert generate(p, date.today()) == 0; r = mkdocs_build(p, p / 'site'); "
            "assert r.returncode == 0, r.stderr")
    result = subprocess.run([sys.executable, "-c", code, str(dest)], env=_with(tree), capture_output=True, text=True,
                            cwd=tree)
    if result.returncode != 0:
        sys.exit(f"échec de la construction des cas réels avec {tree} :\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return dest / "site"


def bench_baseline(rev: str, sizes: list[int], work: Path) -> None:
    here = Path(__file__).resolve().parent.parent
    trees = {f"avant ({rev})": _tree(rev, work), "après (arbre de travail)": here}
    sites = {label: _real_site(tree, work / f"reel-{i}") for i, (label, tree) in enumerate(trees.items())}
    (before, before_site), (after, after_site) = sites.items()
    print(f"[poids] pages des cas réels, gzip : {before} → {after}")
    gains = []
    for page in sorted(before_site.glob("cas/*/index.html")):
        twin = after_site / page.relative_to(before_site)
        if b"md-content" not in page.read_bytes() or not twin.is_file():
            continue  # a redirect
        (h0, t0), (h1, t1) = page_weight(before_site, page), page_weight(after_site, twin)
        gains.append((t1 - t0, h1 - h0, h0, h1, t0, t1, page.parent.name))
    for gain, html_gain, h0, h1, t0, t1, slug in sorted(gains, reverse=True)[:3]:
        print(f"  {slug} : HTML {h0 / 1024:.1f} → {h1 / 1024:.1f} Kio, avec CSS et JS {t0 / 1024:.1f} → "
              f"{t1 / 1024:.1f} Kio (+{gain / 1024:.1f} Kio ; cible : ≤ +15 Kio)")
    print(f"  gain moyen sur {len(gains)} pages : +{sum(g[0] for g in gains) / len(gains) / 1024:.1f} Kio gzip")
    for n in sizes:
        projects = {label: make_project(work / f"gen-{n}-{i}", []) for i, label in enumerate(trees)}
        for project in projects.values():
            write_corpus(project / "cases", n)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in trees}
        for _ in range(REPEAT):
            for label, tree in trees.items():
                times[label].append(_cold_build(projects[label], _with(tree)))
        print(f"[génération] N={n}, pionniers build à froid (démarrage compris), meilleur de {REPEAT}, à tour de rôle")
        for kind, k in (("temps écoulé", 0), ("temps CPU utilisateur du processus", 1)):
            (label0, t0s), (label1, t1s) = ((label, [t[k] for t in ts]) for label, ts in times.items())
            best0, best1 = min(t0s), min(t1s)
            print(f"  {kind} :")
            print(f"    {label0} : {best0:.2f} s ({', '.join(f'{t:.2f}' for t in t0s)})")
            print(f"    {label1} : {best1:.2f} s ({', '.join(f'{t:.2f}' for t in t1s)})")
            print(f"    écart : {best1 - best0:+.2f} s, {(best1 / best0 - 1):+.1%} (cible : ≤ +10 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="tailles pour la validation")
    parser.add_argument("--site-sizes", default="1000", help="tailles pour le site (vide : aucune)")
    parser.add_argument("--keep", type=Path, help="garder les projets générés dans ce dossier")
    parser.add_argument("--baseline", help="comparer à ce commit ou à cette branche (poids des pages, génération)")
    parser.add_argument("--baseline-sizes", default="5000", help="tailles pour la comparaison de la génération")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pionniers-bench-"))
    try:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            bench_validation(n, work)
        for n in [int(s) for s in args.site_sizes.split(",") if s]:
            bench_site(n, work)
        if args.baseline:
            bench_baseline(args.baseline, [int(s) for s in args.baseline_sizes.split(",") if s], work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
