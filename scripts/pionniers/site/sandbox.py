"""A throw-away copy of the project around a chosen set of case files, for the tests and the benchmark."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from pionniers.common.paths import Layout, find_root
from pionniers.site.build import build, mkdocs_config
from pionniers.site.publish import mkdocs_build  # noqa: F401 (for the tests: the same strict build as publish's)

ROOT = find_root(Path(__file__).resolve().parent)
TODAY = date(2026, 11, 24)
HAND_WRITTEN = ("assets",)


def nav_pages(config: Path) -> list[str]:
    """Every page the navigation names (so that a fixture project can stub the ones it does not carry)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str) and node.endswith(".md"):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(mkdocs_config(config)["nav"])
    return found


def make_project(dest: Path, cases: Path | list[Path], *, real_pages: bool = False,
                 parcours: Path | list[Path] | None = None, sources: Path | None = None) -> Path:
    """A project in `dest` with the real configuration and hand-written pages, and the given case files (and
    learning paths, `parcours`, copied into parcours/), with the source records of `sources` (default: the
    `sources/` folder beside the cases' folder, as in the repository: cases/ and sources/ side by side).

    With real_pages=False the "Comprendre" pages (which link to real cases) are replaced by stubs."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy(ROOT / "CONTRIBUTING.md", dest / "CONTRIBUTING.md")  # the « Contribuer » page is generated from it
    for name in ("pagefind.yml", "overrides"):  # the search settings and the theme override mkdocs.yml names
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, dirs_exist_ok=True)
        elif (ROOT / name).is_file():
            shutil.copy(ROOT / name, dest / name)
    (dest / "docs").mkdir(exist_ok=True)
    for name in HAND_WRITTEN:
        source = ROOT / "docs" / name
        if source.is_dir():
            shutil.copytree(source, dest / "docs" / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, dest / "docs" / name)
    if real_pages:
        shutil.copytree(ROOT / "docs" / "comprendre", dest / "docs" / "comprendre", dirs_exist_ok=True)
    else:
        for page in nav_pages(ROOT / "mkdocs.yml"):
            if page.startswith("comprendre/"):
                stub = dest / "docs" / page
                stub.parent.mkdir(parents=True, exist_ok=True)
                stub.write_text(f"---\ntitle: Page d’essai\n---\n\n# Page d’essai {page}\n\n"
                                "## Une section { #une-section }\n\nTexte d’essai.\n", encoding="utf-8")
    (dest / "cases").mkdir(exist_ok=True)
    files = sorted(cases.glob("*.yml")) if isinstance(cases, Path) else cases
    for case in files:
        shutil.copy(case, dest / "cases" / case.name)
    records = sources if sources is not None else (
        (cases.parent if isinstance(cases, Path) else files[0].parent.parent if files else ROOT) / "sources")
    (dest / "sources").mkdir(exist_ok=True)
    for record in sorted(records.glob("*.yml")) if records.is_dir() else []:
        shutil.copy(record, dest / "sources" / record.name)
    # The home page's featured cases, when every case they name is in this project (the real corpus).
    featured = yaml.safe_load((ROOT / "accueil.yml").read_text(encoding="utf-8")) or {}
    if all(any(f.stem == slug for f in files) for slug in featured.get("a_la_une") or ["?"]):
        shutil.copy(ROOT / "accueil.yml", dest / "accueil.yml")
    if parcours is not None:
        (dest / "parcours").mkdir(exist_ok=True)
        for item in sorted(parcours.glob("*.yml")) if isinstance(parcours, Path) else parcours:
            shutil.copy(item, dest / "parcours" / item.name)
    return dest


def generate(project: Path, today: date = TODAY) -> int:
    return build(Layout(project), today=today)


def built_site(project: Path) -> Path:
    """The project's pages generated, then built by MkDocs (strictly) into project/site, which is returned."""
    if generate(project) != 0:
        raise RuntimeError(f"pionniers build a refusé les cas de {project}")
    site = project / "site"
    result = mkdocs_build(project, site)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return site


def generated_files(project: Path) -> dict[str, bytes]:
    from pionniers.common.paths import GENERATED_DIRS

    out = {}
    for top in GENERATED_DIRS:
        for path in sorted((project / "docs" / top).rglob("*")):
            if path.is_file():
                out[path.relative_to(project).as_posix()] = path.read_bytes()
    return out
