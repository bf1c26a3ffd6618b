#!/usr/bin/env python3
"""Before/after in one run (a script that prints figures, not a test): the code of a git revision against the
working tree's, on the same machine, taking turns.

    .venv/bin/python scripts/benchmark_baseline.py main                 # page weights, and generation at 5,000
    .venv/bin/python scripts/benchmark_baseline.py 6180741 --sizes 1000,5000

It prints the weight (gzip, with the CSS and JS each page loads) of every real case page, each version building its
own site from cases/, then `pionniers build` from scratch on the same synthetic corpus (scripts/synthetic.py), best
of five turns each, in wall-clock time and in the process's user CPU time (which barely moves with the load others
put on a shared machine).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_corpus  # noqa: E402

from pionniers.common.paths import GENERATED_DIRS, GENERATED_FILES  # noqa: E402
from pionniers.site.sandbox import make_project  # noqa: E402

def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """(gzip bytes of the page's HTML, gzip bytes of the HTML plus every local stylesheet and script it loads)."""
    html = page.read_bytes()
    total = gz(html)
    for ref in re.findall(rb'(?:<script[^>]+src|<link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"', html):
        target = (page.parent / ref.decode()).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += gz(target.read_bytes())
    return gz(html), total


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
    for name in GENERATED_DIRS:
        shutil.rmtree(project / "docs" / name, ignore_errors=True)
    for name in GENERATED_FILES:
        (project / "docs" / name).unlink(missing_ok=True)
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
    code = ("import sys; from pathlib import Path; from pionniers.site.sandbox import ROOT, make_project, generate, "
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
        # No record of the repository: the synthetic corpus writes the ones it cites.
        projects = {label: make_project(work / f"gen-{n}-{i}", [], sources=work / "aucune")
                    for i, label in enumerate(trees)}
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
    parser.add_argument("baseline", help="le commit ou la branche à comparer à l’arbre de travail")
    parser.add_argument("--sizes", default="5000", help="tailles pour la comparaison de la génération")
    parser.add_argument("--keep", type=Path, help="garder les projets générés dans ce dossier")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pionniers-baseline-"))
    try:
        bench_baseline(args.baseline, [int(s) for s in args.sizes.split(",") if s], work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
