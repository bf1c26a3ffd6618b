"""Validation of the corpus as a whole: every file checked on its own, then the rules that span files."""

from __future__ import annotations

import gc
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import schema
from .load import Loaded
from .paths import Layout
from .problems import Problem, sort
from .validate import Checked, check_file


@dataclass(frozen=True)
class Corpus:
    """A validated corpus: the cases sorted by slug, or the problems that stop it."""

    cases: tuple[schema.Case, ...]
    problems: list[Problem]
    files: int

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def case_files(layout: Layout, paths: list[Path] | None = None) -> list[Path]:
    """The files to check: the given ones (folders expanded), or every `cases/*.yml`. Sorted."""
    if not paths:
        return sorted(layout.cases.glob("*.yml"))
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return sorted(set(out))


# A file's outcome, remembered by `pionniers serve` between saves: (modification time, size) -> outcome.
FileCache = dict[Path, tuple[tuple[int, int], Checked]]


def check_corpus(layout: Layout, paths: list[Path] | None = None, *, today: date | None = None,
                 cache: FileCache | None = None) -> Corpus:
    """Check files one by one, then across files; report every problem of every file.

    With a cache (the preview's), a file whose modification time and size are unchanged is not read again."""
    # The parse allocates millions of small objects and keeps every node tree (for positions): the cyclic
    # garbage collector would rescan that growing heap again and again, for no cycle to find. Pause it, then
    # move what was loaded out of its sight (refcounting still frees it when it is no longer used).
    collecting = gc.isenabled()
    gc.disable()
    try:
        checked = [_check_cached(layout, path, today, cache) for path in case_files(layout, paths)]
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    problems = [p for c in checked for p in c.problems]
    problems.extend(corpus_problems(checked))
    cases = tuple(sorted((c.case for c in checked if c.case is not None), key=lambda c: c.slug))
    return Corpus(cases, sort(problems), len(checked))


def _check_cached(layout: Layout, path: Path, today: date | None, cache: FileCache | None) -> Checked:
    if cache is None:
        return check_file(path.read_bytes(), layout.rel(path), today=today)
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    if path in cache and cache[path][0] == key:
        return cache[path][1]
    checked = check_file(path.read_bytes(), layout.rel(path), today=today)
    cache[path] = (key, checked)
    return checked


def corpus_problems(checked: list[Checked]) -> list[Problem]:
    """Unique slugs and aliases, related cases that exist, one spelling per organisation."""
    problems: list[Problem] = []
    loaded = [(c.path, c.loaded) for c in checked if c.loaded is not None]
    owners: dict[str, tuple[str, str]] = {}  # slug or alias -> (path, "slug"/"alias")

    def at(path: str, data: Loaded, where: tuple, message: str, field: str) -> Problem:
        line, col = data.position(where)
        return Problem(path, line, col, message, field)

    for path, data in loaded:
        slug = data.data.get("slug")
        if isinstance(slug, str):
            if slug in owners:
                problems.append(at(path, data, ("slug",), f"slug « {slug} » déjà pris par {owners[slug][0]} : "
                                                          "choisissez-en un autre", "slug"))
            else:
                owners[slug] = (path, "slug")
    for path, data in loaded:
        for i, alias in enumerate(_strings(data.data.get("aliases"))):
            if alias in owners and owners[alias][0] != path:
                other, what = owners[alias]
                word = "le slug" if what == "slug" else "un alias"
                problems.append(at(path, data, ("aliases", i), f"l’alias « {alias} » est déjà {word} de {other} : "
                                                               "une adresse ne peut mener qu’à un cas", f"aliases[{i}]"))
            else:
                owners.setdefault(alias, (path, "alias"))
    slugs = {s for s, (_, what) in owners.items() if what == "slug"}
    for path, data in loaded:
        for i, rel in enumerate(_strings(data.data.get("related"))):
            if rel not in slugs:
                problems.append(at(path, data, ("related", i), f"cas lié « {rel} » introuvable : "
                                                               "indiquez le slug d’un cas existant", f"related[{i}]"))
    problems.extend(_organisation_spellings(loaded))
    return problems


def fold(name: str) -> str:
    """A name without case, accents or spacing differences: "Crésus", "CRESUS" and "Cré sus" fold alike."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _organisation_spellings(loaded: list[tuple[str, Loaded]]) -> list[Problem]:
    seen: dict[str, tuple[str, str, Loaded, int]] = {}  # folded -> first (spelling, path, data, index)
    problems: list[Problem] = []
    for path, data in loaded:
        orgs = data.data.get("organisations")
        for i, org in enumerate(orgs if isinstance(orgs, list) else []):
            name = org.get("name") if isinstance(org, dict) else None
            if not isinstance(name, str):
                continue
            key = fold(name)
            if key not in seen:
                seen[key] = (name, path, data, i)
                continue
            first_name, first_path, first_data, first_i = seen[key]
            if name != first_name:
                line, col = data.position(("organisations", i, "name"))
                fline, fcol = first_data.position(("organisations", first_i, "name"))
                problems.append(Problem(path, line, col,
                                        f"organisation écrite « {name} » ici mais « {first_name} » dans "
                                        f"{first_path}:{fline}:{fcol} : choisissez une seule graphie pour tous les cas",
                                        f"organisations[{i}].name"))
    return problems


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
