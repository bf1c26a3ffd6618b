#!/usr/bin/env python3
"""Speed, memory and size on synthetic corpora that read like French (a script that prints figures, not a test).

    .venv/bin/python scripts/benchmark.py                                   # 1,000, 5,000, 20,000; sites at 1,000, 5,000
    .venv/bin/python scripts/benchmark.py --sizes 1000 --site-sizes 1000    # quicker
    .venv/bin/python scripts/benchmark.py --validate --copies 3000 --sizes 5000   # the validation only
    .venv/bin/python scripts/benchmark.py --sizes "" --site-sizes "" --engine-sizes 1000,5000   # the engines only

The corpora come from scripts/synthetic.py (Faker fr_FR, wordfreq; same seed, same corpus). Every time is printed
beside a reference measured in the same run, on the same corpus, so that the ratio holds whatever else the machine
is doing (the machine's state is printed at the start and the end):

- per size: the bare YAML parse (CSafeLoader, in process: the floor), `pionniers validate` and `pionniers build`
  (generation, process start included, into an empty docs/cas left to settle on disk first: clear_generated) with
  their ratio to it, and their peak memory;
- per site size: `pionniers publish` from scratch (no generated pages, no site, no cache: target ≤ 1.4 × MkDocs'
  build alone) and again after one case changed (pages, site and the cache of derived files kept: ≤ 1.15 ×), their
  steps as publish times them (generation; MkDocs, during which each page is scanned and indexed and the preview
  images drawn or taken from the cache; the writing of Pagefind's bundle), beside `mkdocs build --strict` alone on
  the same pages, run in the same round; the Pagefind index on disk, the MkDocs time per page, then projections of
  the MkDocs build for 20,000 and 50,000 cases from those per-page costs;
- with `--validate`, only the validation (target: ≤ 2 × the bare parse): `pionniers validate` on N copies of the
  largest real case (with the repository's source records) and on the synthetic corpora of `--sizes`, each beside
  the bare parse of every file it reads (cases and source records), measured in the same run;
- per engine size (1,000 and 5,000 by default), both engines on the same pages in the same run: MkDocs' strict
  build beside Zensical's (cache emptied), with their peak memory; at the engine-publish sizes (1,000 by default),
  Zensical again with its cache, and `pionniers publish --engine mkdocs` beside `--engine zensical`, with their steps;
- per site size, the preview: `pionniers serve`, saving one case → its refreshed page (target ≤ 1 s), the second
  refresh (the whole corpus) and the search index following the save, beside MkDocs' own dirty rebuild
  (`mkdocs serve --dirty`, a generated page rewritten → its page served) on the same project.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/: the synthetic corpus

from synthetic import write_corpus  # noqa: E402  (Faker fr_FR + wordfreq: see scripts/synthetic.py)

from pionniers.site.sandbox import ROOT, make_project  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CLI = [sys.executable, "-m", "pionniers"]


# --- the machine ---------------------------------------------------------------------------------------------------

def cpu_reference() -> float:
    """Seconds for a fixed piece of work (hashing 64 MB in 64 KB blocks): what one core gives at this moment."""
    block = b"pionniers" * 7282
    started = time.perf_counter()
    digest = hashlib.sha256()
    for _ in range(1024):
        digest.update(block)
    return time.perf_counter() - started


def machine_state(when: str) -> None:
    load = os.getloadavg()
    others = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            fields = (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (Path("/proc") / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:70]
        except OSError:
            continue
        ticks = int(fields[11]) + int(fields[12])
        others.append((ticks, pid, cmd))
    busiest = ", ".join(f"{cmd.strip() or '?'} ({ticks / os.sysconf('SC_CLK_TCK'):.0f} s CPU)"
                        for ticks, _, cmd in sorted(others, reverse=True)[:3])
    print(f"[machine, {when}] {os.cpu_count()} cœurs, charge moyenne {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
          f"(1, 5, 15 min) ; référence CPU (SHA-256 de 64 Mo) : {cpu_reference() * 1000:.0f} ms ; "
          f"processus les plus gourmands depuis leur départ : {busiest}", flush=True)


# --- running and timing ----------------------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str
    cpu: float = 0.0  # user + system CPU seconds of the process (barely moved by what else the machine runs)


def run(command: list[str], cwd: Path) -> Run:
    """Run a command; its wall time and the peak memory (resident set) of its process, from wait4."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} :\n{out[-3000:]}")
    return Run(took, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime)


SETTLE_SECONDS = int(os.environ.get("PIONNIERS_BENCH_SETTLE", "20"))


def clear_generated(project: Path) -> None:
    """Remove docs/cas (the generation then starts from an empty folder, as on a fresh clone), then let the disk
    settle: right after deleting 25,000 files, creating as many more costs up to 7 s of extra system time at 5,000
    cases on this kind of machine (measured: 17.4 s settled, 24.1 s right after the deletion), which a fresh clone
    in CI never pays."""
    shutil.rmtree(project / "docs" / "cas", ignore_errors=True)
    os.sync()
    time.sleep(SETTLE_SECONDS)


def bare_parse(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        with path.open("rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def read_files(project: Path, paths: list[Path]) -> list[Path]:
    """Every file `pionniers validate` reads in a project: the cases given, and the source records."""
    return paths + sorted((project / "sources").glob("*.yml"))


def largest_real_case() -> Path:
    return max(sorted((ROOT / "cases").glob("*.yml")), key=lambda p: p.stat().st_size)


_RELATED = re.compile(r"(?m)^related:\n((?:- .*\n)+)")
_ALIASES = re.compile(r"(?m)^aliases:\n(?:- .*\n)+")


def copies_corpus(work: Path, n: int) -> tuple[Path, list[Path]]:
    """`n` copies of the largest real case, beside the repository's source records: each copy's slug is its file
    name, its related cases are the next copies (as many as the original names), its aliases are left out (two
    cases cannot share one): a valid corpus, every file as long and as rich as the original."""
    original = largest_real_case()
    text = original.read_text(encoding="utf-8")
    project = make_project(work / f"copies-{n}", [], sources=ROOT / "sources")
    related = _RELATED.search(text)
    count = len(related.group(1).splitlines()) if related else 0
    paths = []
    for i in range(n):
        slug = f"{original.stem}-{i:05d}"
        copy = re.sub(r"(?m)^slug: .*$", f"slug: {slug}", text, count=1)
        copy = _ALIASES.sub("", copy)
        if related:
            links = "".join(f"- {original.stem}-{(i + k) % n:05d}\n" for k in range(1, count + 1))
            copy = _RELATED.sub(lambda _: f"related:\n{links}", copy, count=1)
        path = project / "cases" / f"{slug}.yml"
        path.write_text(copy, encoding="utf-8")
        paths.append(path)
    print(f"  {n} copies de {original.name} ({original.stat().st_size / 1024:.1f} Kio) écrites, avec les "
          f"{len(list((project / 'sources').glob('*.yml')))} fiches de sources du dépôt", flush=True)
    return project, paths


def bare_parse_cpu(paths: list[Path]) -> tuple[float, float]:
    """The bare parse's (wall, CPU) seconds."""
    cpu = time.process_time()
    wall = bare_parse(paths)
    return wall, time.process_time() - cpu


def bench_validation(label: str, project: Path, paths: list[Path], repeat: int) -> None:
    """`pionniers validate` beside the bare parse of every file it reads, taking turns, quickest of `repeat` each;
    in wall time and in CPU time (user + system: on a machine shared with others, the figure that holds)."""
    files = read_files(project, paths)
    floors, runs = [], []
    for _ in range(repeat):
        floors.append(bare_parse_cpu(files))
        runs.append(run(CLI + ["validate"], project))
    floor, floor_cpu = min(f for f, _ in floors), min(c for _, c in floors)
    best, best_cpu = min(r.seconds for r in runs), min(r.cpu for r in runs)
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"[validation] {label} : {len(paths)} cas + {len(files) - len(paths)} fiches de sources, {size:.1f} Mo")
    print(f"  analyse YAML nue (CSafeLoader, en processus, référence) : {floor:.2f} s, CPU {floor_cpu:.2f} s "
          f"(mesures : {' / '.join(f'{f:.2f} s, CPU {c:.2f} s' for f, c in floors)})")
    turns = sorted(r.cpu / c for r, (_, c) in zip(runs, floors))
    print(f"  pionniers validate (démarrage compris)                  : {best:.2f} s = {best / floor:.2f}× ; "
          f"CPU {best_cpu:.2f} s = {best_cpu / floor_cpu:.2f}× l’analyse nue (cible : ≤ 2,0×) ; mémoire maximale "
          f"{max(r.peak_mb for r in runs):.0f} Mo (mesures : {' / '.join(f'{r.seconds:.2f} s, CPU {r.cpu:.2f} s' for r in runs)}) ; "
          f"{runs[-1].stdout.strip().splitlines()[-1]}", flush=True)
    print(f"  rapport CPU tour par tour (validate / analyse nue mesurée juste avant) : "
          f"{' ; '.join(f'{t:.2f}×' for t in turns)} ; médiane {statistics.median(turns):.2f}×", flush=True)


def corpus(work: Path, n: int) -> tuple[Path, list[Path]]:
    project = make_project(work / f"projet-{n}", [], sources=work / "aucune")  # the corpus writes its records
    started = time.perf_counter()
    paths = write_corpus(project / "cases", n)
    print(f"  corpus synthétique de {n} cas écrit en {time.perf_counter() - started:.1f} s "
          f"({sum(p.stat().st_size for p in paths) / 1e6:.1f} Mo de YAML)", flush=True)
    return project, paths


def bench_generation(n: int, project: Path, paths: list[Path], repeat: int) -> None:
    floor = min(bare_parse(paths) for _ in range(repeat))
    validate = min((run(CLI + ["validate"], project) for _ in range(repeat)), key=lambda r: r.seconds)
    clear_generated(project)
    generation = run(CLI + ["build"], project)
    print(f"[génération] N={n}")
    print(f"  analyse YAML nue (CSafeLoader, en processus, référence) : {floor:.2f} s")
    print(f"  pionniers validate (démarrage compris)                  : {validate.seconds:.2f} s = "
          f"{validate.seconds / floor:.2f}× l’analyse nue ; mémoire maximale {validate.peak_mb:.0f} Mo")
    print(f"  pionniers build (valider + générer, docs/cas vide, disque au repos) : {generation.seconds:.2f} s = "
          f"{generation.seconds / floor:.2f}× l’analyse nue ; mémoire maximale {generation.peak_mb:.0f} Mo", flush=True)


STEPS = re.compile(r"génération ([\d.]+) s, MkDocs ([\d.]+) s \(pendant ce temps, contrôle et index de (\d+) pages "
                   r"([\d.]+) s, aperçus en ([\d.]+) s dont (\d+) dessinés, les autres repris du cache\), "
                   r"puis écriture de l’index ([\d.]+) s")
TARGETS = {"à neuf": 1.4, "après un cas modifié": 1.15}


@dataclass
class SiteFigures:
    n: int
    pages: int
    mkdocs: float


def clear_published(project: Path) -> None:
    """A publish from scratch: no generated pages (clear_generated), no site, no cache of derived files."""
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / ".cache-pionniers", ignore_errors=True)
    clear_generated(project)


def change_one_case(project: Path) -> str:
    """Rewrite one case's title and summary (its page, its preview image, the lists that show it change); the disk
    is then left to settle."""
    path = sorted((project / "cases").glob("*.yml"))[len(list((project / "cases").glob("*.yml"))) // 2]
    text = path.read_text(encoding="utf-8")
    mark = time.time_ns()
    text = re.sub(r"^summary: .*$", f"summary: Résumé relu pour la mesure {mark}.", text, count=1, flags=re.M)
    text = re.sub(r"^title: .*$", f"title: Titre relu pour la mesure {mark}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    os.sync()
    time.sleep(SETTLE_SECONDS)
    return path.stem


def publish_steps(result: Run) -> tuple[float, ...]:
    found = STEPS.search(result.stdout)
    if not found:
        sys.exit(f"étapes de pionniers publish introuvables :\n{result.stdout[-2000:]}")
    return tuple(float(x) for x in found.groups())


def bench_publish(n: int, project: Path, repeat: int, with_zensical: bool = False) -> SiteFigures:
    """`pionniers publish` from scratch (no generated pages, no site, no cache), then again after one case changed
    (generated pages, site and cache kept, as on a contributor's machine or a CI run that restored its cache), then
    MkDocs' own build of the same generated pages (the reference, same run). Each starts from a settled disk; with
    `repeat`, the three alternate and each figure of each round is printed (the quickest is kept for the ratios).
    With `with_zensical`, Zensical's strict build of the same pages (cache emptied) follows in each round, so that
    both engines are timed in one run without building with MkDocs twice."""
    rounds: list[tuple[Run, Run, Run]] = []
    for _ in range(repeat):
        clear_published(project)
        scratch = run(CLI + ["publish"], project)
        change_one_case(project)
        again = run(CLI + ["publish"], project)
        os.sync()
        time.sleep(SETTLE_SECONDS)
        alone = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site-mkdocs")], project)
        shutil.rmtree(project / "site-mkdocs", ignore_errors=True)
        rounds.append((scratch, again, alone))
        if with_zensical:
            shutil.rmtree(project / ".cache" / "zensical", ignore_errors=True)
            os.sync()
            time.sleep(SETTLE_SECONDS)
            config = project / "zensical-benchmark.yml"  # its own folder: the published site/ is kept
            config.write_text('INHERIT: mkdocs.yml\nsite_dir: "site-zensical"\n', encoding="utf-8")
            other = run(zensical() + ["build", "--clean", "--strict", "-f", str(config)], project)
            shutil.rmtree(project / "site-zensical", ignore_errors=True)
            config.unlink()
            print(f"[moteurs] N={n} : construction stricte seule, MkDocs {alone.seconds:.1f} s ({alone.peak_mb:.0f} Mo), "
                  f"Zensical {other.seconds:.1f} s ({other.peak_mb:.0f} Mo, cache vidé) ; Zensical / MkDocs = "
                  f"{other.seconds / alone.seconds:.2f} (mêmes pages, même tour)", flush=True)
    pages = int(publish_steps(rounds[-1][0])[2])  # the pages MkDocs wrote (the search leaves some out)
    mkdocs = min(a.seconds for _, _, a in rounds)
    print(f"[publication] N={n} : {pages} pages ; mkdocs build --strict seul (référence, même run, mêmes pages) "
          + " / ".join(f"{a.seconds:.1f}" for _, _, a in rounds) + f" s, soit {mkdocs / pages * 1000:.1f} ms par page ; "
          f"mémoire maximale {max(a.peak_mb for _, _, a in rounds):.0f} Mo")
    for label, index in (("à neuf", 0), ("après un cas modifié", 1)):
        results = [r[index] for r in rounds]
        best = min(results, key=lambda r: r.seconds)
        gen, inside, fed, busy, drawing, drawn, writing = publish_steps(best)
        print(f"  pionniers publish {label} : " + " / ".join(
            f"{r.seconds:.1f} s = {r.seconds / a.seconds:.2f}×" for r, (_, _, a) in zip(results, rounds))
            + f" MkDocs seul du même tour (cible ≤ {TARGETS[label]}×) ; mémoire maximale {best.peak_mb:.0f} Mo")
        print(f"    le plus rapide : génération {gen:.2f} s, puis MkDocs {inside:.2f} s ({inside - mkdocs:+.2f} s sur "
              f"MkDocs seul) pendant lequel contrôle et index de {fed:.0f} pages ({busy:.2f} s) et aperçus "
              f"({drawing:.2f} s, {drawn:.0f} dessinés) sur l’autre cœur, puis écriture de l’index Pagefind {writing:.2f} s")
    bundle = [p for p in (project / "site" / "pagefind").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in bundle)
    print(f"  index Pagefind : {size / 1e6:.1f} Mo sur disque en {len(bundle)} fichiers "
          f"({size / pages / 1024:.1f} Kio par page) ; aucun index lunr : "
          f"{'absent' if not (project / 'site' / 'search').exists() else 'PRÉSENT'}", flush=True)
    return SiteFigures(n, pages, mkdocs)


def zensical() -> list[str]:
    found = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit("zensical introuvable : installez l’extra [test] (pip install -c requirements.lock -e \".[test]\")")
    return [found]


def bench_engines(n: int, project: Path, repeat: int, publish: bool) -> None:
    """Both engines on the same generated pages, in the same run, one after the other, each from a settled disk: the
    engine's strict build alone (`mkdocs build --strict`; `zensical build --clean --strict`, its cache emptied). With
    `publish`, Zensical again with its cache (nothing changed), then `pionniers publish --engine …` with each (every
    step: generation, build, second wall, Pagefind, manifest). With `repeat`, the quickest of each is kept."""
    run(CLI + ["build"], project)
    found: dict[str, list[Run]] = {}

    def timed(name: str, command: list[str]) -> None:
        os.sync()
        time.sleep(SETTLE_SECONDS)
        found.setdefault(name, []).append(run(command, project))

    for _ in range(repeat):
        timed("mkdocs", [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")])
        shutil.rmtree(project / "site", ignore_errors=True)
        timed("zensical", zensical() + ["build", "--clean", "--strict"])
        if publish:
            timed("zensical-cache", zensical() + ["build", "--strict"])
        shutil.rmtree(project / "site", ignore_errors=True)
        if publish:
            for engine in ("mkdocs", "zensical"):
                timed(f"publish-{engine}", CLI + ["publish", "--engine", engine])
    best = {name: min(runs, key=lambda r: r.seconds) for name, runs in found.items()}
    pages = sum(1 for _ in (project / "docs").rglob("*.md"))

    def both(label: str, one: Run, two: Run) -> str:
        return (f"  {label} : MkDocs {one.seconds:.1f} s ({one.peak_mb:.0f} Mo), Zensical {two.seconds:.1f} s "
                f"({two.peak_mb:.0f} Mo) ; Zensical / MkDocs = {two.seconds / one.seconds:.2f}")

    print(f"[moteurs] N={n} : {pages} pages Markdown, les mêmes pour les deux, même run"
          + ("" if repeat == 1 else f" (le plus rapide de {repeat} de chaque)"))
    print(both("construction stricte seule (Zensical cache vidé)", best["mkdocs"], best["zensical"]))
    if publish:
        print(f"  Zensical, cache gardé (rien de changé) : {best['zensical-cache'].seconds:.1f} s")
        print(both("pionniers publish --engine (toutes les étapes)", best["publish-mkdocs"], best["publish-zensical"]))
        for engine in ("mkdocs", "zensical"):
            steps = re.search(r"\((génération .*)\)\.\n", best[f"publish-{engine}"].stdout)
            print(f"    {engine} : {steps.group(1) if steps else '?'}")
    print(flush=True)


def project_builds(sites: list[SiteFigures]) -> None:
    if len(sites) < 2:
        return
    a, b = sites[0], sites[-1]
    marginal = (b.mkdocs - a.mkdocs) / (b.pages - a.pages)
    average = b.mkdocs / b.pages
    pages_per_case = (b.pages - a.pages) / (b.n - a.n)
    print(f"[projection] build MkDocs : {average * 1000:.1f} ms par page en moyenne à {b.n} cas, {marginal * 1000:.1f} ms "
          f"par page de plus entre {a.n} et {b.n} cas (le coût croît : les listes de cartes s’allongent) ; "
          f"{pages_per_case:.2f} page par cas de plus")
    for n in (20_000, 50_000):
        pages = b.pages + pages_per_case * (n - b.n)
        low, high = average * pages, b.mkdocs + marginal * (pages - b.pages)
        def fr(x: float) -> str:
            return f"{x:,.0f}".replace(",", "\u202f")

        print(f"  N={n} : ~{fr(pages)} pages → entre ~{fr(low)} s (coût moyen à {b.n}) et ~{fr(high)} s (coût "
              f"marginal, encore croissant : borne basse du vrai coût) de build MkDocs", flush=True)


# --- the preview ---------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
            return response.read()
    except OSError:
        return None


def wait_for(url: str, test, timeout: float) -> float | None:  # noqa: ANN001
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = fetch(url)
        if body is not None and test(body):
            return time.perf_counter() - started
        time.sleep(0.01)
    return None


def save(case: Path, marker: str) -> float:
    text = case.read_text(encoding="utf-8")
    text = re.sub(r"^summary: .*$", f"summary: {marker}.", text, count=1, flags=re.M)
    started = time.perf_counter()
    case.write_text(text, encoding="utf-8")
    return started


def bench_preview(n: int, project: Path, saves: int) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    log = open(project / "serve.log", "w", encoding="utf-8")  # noqa: SIM115
    server = subprocess.Popen(CLI + ["serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=log,
                              stderr=subprocess.STDOUT, env=ENV)
    slugs = sorted(p.stem for p in (project / "cases").glob("*.yml"))
    try:
        if wait_for(base + "/", lambda body: True, 1200) is None:
            sys.exit("l’aperçu n’a jamais répondu")
        up = time.perf_counter() - started
        entry = base + "/pagefind/pagefind-entry.json"
        wait_for(entry, lambda body: True, 600)
        indexed = time.perf_counter() - started
        page_times, corpus_times, search_times = [], [], []
        for i in range(saves):
            slug = slugs[(i * 7919 + 42) % len(slugs)]
            url = f"{base}/cas/{slug}/"
            before_entry = fetch(entry)
            marker = f"Relu pour la mesure {time.time_ns()}"
            t0 = save(project / "cases" / f"{slug}.yml", marker)
            wait_for(url, lambda body: marker.encode() in body, 120)
            page_times.append(time.perf_counter() - t0)
            # the list of cases shows the new summary once the whole corpus is rebuilt
            wait_for(base + "/cas/", lambda body: marker.encode() in body, 300)
            corpus_times.append(time.perf_counter() - t0)
            wait_for(entry, lambda body: body != before_entry, 600)
            search_times.append(time.perf_counter() - t0)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    reference = mkdocs_dirty_rebuild(project, slugs[1], saves)
    print(f"[aperçu] N={n} : pionniers serve prêt en {up:.0f} s, recherche prête en {indexed:.0f} s")
    print(f"  enregistrement d’un cas → sa page rafraîchie : médiane {statistics.median(page_times):.2f} s "
          f"(max {max(page_times):.2f} s, {saves} enregistrements ; cible ≤ 1 s)")
    print(f"  → /cas/ à jour (tout le corpus reconstruit) : médiane {statistics.median(corpus_times):.1f} s ; "
          f"→ recherche à jour : médiane {statistics.median(search_times):.1f} s")
    if reference:
        print(f"  référence, même projet : reconstruction « dirty » de MkDocs (mkdocs serve --dirty, une page générée "
              f"réécrite → servie) : médiane {statistics.median(reference):.2f} s ; rapport "
              f"{statistics.median(page_times) / statistics.median(reference):.2f}", flush=True)


def mkdocs_dirty_rebuild(project: Path, slug: str, samples: int) -> list[float]:
    """MkDocs' own dirty rebuild on the same project: `mkdocs serve --dirty`, one generated page rewritten."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/cas/{slug}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    times = []
    try:
        if wait_for(url, lambda body: True, 1200) is None:
            return []
        time.sleep(2)
        page = project / "docs" / "cas" / f"{slug}.md"
        for _ in range(samples):
            marker = f"Réécrit pour la mesure {time.time_ns()}"
            text = page.read_text(encoding="utf-8")
            started = time.perf_counter()
            page.write_text(text.replace("{ .pn-lead }", f"{marker}\n{{ .pn-lead }}", 1), encoding="utf-8")
            if wait_for(url, lambda body: marker.encode() in body, 300) is not None:
                times.append(time.perf_counter() - started)
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000", help="tailles pour la validation et la génération")
    parser.add_argument("--site-sizes", default="1000,5000", help="tailles pour la publication et l’aperçu")
    parser.add_argument("--saves", type=int, default=3, help="enregistrements mesurés dans l’aperçu")
    parser.add_argument("--no-preview", action="store_true", help="sans la mesure de l’aperçu")
    parser.add_argument("--engine-sizes", default="1000,5000",
                        help="tailles pour la comparaison des moteurs (MkDocs et Zensical, même run)")
    parser.add_argument("--engine-publish-sizes", default="1000",
                        help="parmi elles, celles où l’on compare aussi pionniers publish et le cache de Zensical")
    parser.add_argument("--rounds", type=int, help="tours de mesure de la publication (défaut : 2 jusqu’à 1 000 cas, 1 "
                        "au-delà)")
    parser.add_argument("--keep", type=Path, help="garder les projets générés dans ce dossier")
    parser.add_argument("--validate", action="store_true",
                        help="seulement la validation : copies du plus gros cas réel, puis corpus de --sizes")
    parser.add_argument("--copies", type=int, default=3000, help="copies du plus gros cas réel (avec --validate)")
    parser.add_argument("--repeat", type=int, default=3, help="mesures de la validation (avec --validate)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pionniers-bench-"))
    machine_state("début")
    if args.validate:
        try:
            runs = [("copies", args.copies)] if args.copies else []
            runs += [("synthétique", int(s)) for s in args.sizes.split(",") if s]
            for kind, n in runs:
                project, paths = copies_corpus(work, n) if kind == "copies" else corpus(work, n)
                label = f"{n} copies du plus gros cas réel" if kind == "copies" else f"{n} cas synthétiques"
                bench_validation(label, project, paths, args.repeat)
                if not args.keep:
                    shutil.rmtree(project, ignore_errors=True)
        finally:
            machine_state("fin")
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        return
    engine_sizes = {int(s) for s in args.engine_sizes.split(",") if s}
    engine_publish_sizes = {int(s) for s in args.engine_publish_sizes.split(",") if s}
    site_sizes = {int(s) for s in args.site_sizes.split(",") if s}
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | site_sizes | engine_sizes)
    sites: list[SiteFigures] = []
    try:
        for n in sizes:
            project, paths = corpus(work, n)
            if str(n) in args.sizes.split(","):
                bench_generation(n, project, paths, repeat=3 if n <= 5000 else 1)
            if n in site_sizes:
                sites.append(bench_publish(n, project, repeat=args.rounds or (2 if n <= 1000 else 1),
                                           with_zensical=n in engine_sizes))
                if not args.no_preview:
                    bench_preview(n, project, args.saves)
            if n in engine_sizes and n not in site_sizes:  # else timed beside publish, in the same round
                bench_engines(n, project, repeat=1, publish=n in engine_publish_sizes)
            if not args.keep:
                shutil.rmtree(project, ignore_errors=True)
        project_builds(sites)
    finally:
        machine_state("fin")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
