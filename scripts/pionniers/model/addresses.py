"""The site's addresses: which addresses exist, and which anchors each page has. Validation checks a story's links
against this; rendering builds its links with it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pionniers.common import vocab
from pionniers.common.near import Suggester, closest
from pionniers.common.paths import GENERATED_DIRS, GENERATED_FILES
from pionniers.common.slug import slugify
from pionniers.model import places, schema

# Names a slug may not take: they are, or would overwrite, an index or a folder of the generated site.
RESERVED = frozenset({"index", *GENERATED_DIRS})


# Anchors every learning-path page has, in the template's order (templates/parcours.md.j2), then one per step.
PARCOURS_ANCHORS = ("objectifs", "introduction", "etapes", "questions", "citer")


def parcours_anchors(item: Any) -> frozenset[str]:
    """Every anchor a learning-path page offers (templates/parcours.md.j2 writes exactly these)."""
    return frozenset(PARCOURS_ANCHORS) | {f"etape-{n}" for n in range(1, len(item.steps) + 1)}


# Anchors every case page has, in the template's order; other anchors depend on the case (case_anchors).
CASE_ANCHORS_ALWAYS = ("defi", "innovation", "co-creation", "impact", "sources", "citer", "integrer", "corriger")


def case_anchors(case: schema.Case) -> frozenset[str]:
    """Every anchor a case page offers (templates/case.md.j2 writes exactly these; a test holds them together)."""
    anchors = set(CASE_ANCHORS_ALWAYS)
    if case.figures:
        anchors.add("chiffres")
        anchors.update(f"chiffre-{i}" for i in range(1, len(case.figures) + 1))
    if case.quotes:
        anchors.add("citations")
    if case.questions:
        anchors.add("questions")
    if case.unknowns:
        anchors.add("non-dit")
    anchors.update(f"source-{s}" for s in case.sources)
    return frozenset(anchors)


@dataclass
class SiteMap:
    """The pages of the site by address (« /cas/slug/ ») with their anchors (None: any anchor is unknown)."""

    pages: dict[str, frozenset[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old case address -> new one
    _near: Suggester | None = field(default=None, repr=False, compare=False)

    def problem(self, target: str) -> str | None:
        """Why a link to this site does not resolve, in French; None when the page (and anchor) exist."""
        path, _, anchor = target.partition("#")
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            return f"adresse « {target} » : une page du site se termine par « / » (par exemple {path}/)"
        path = self.redirects.get(path, path)
        if path not in self.pages:
            if self._near is None:
                self._near = Suggester(self.pages, cutoff=0.7)
            close = self._near(path)
            near = f" (vouliez-vous dire « {close} » ?)" if close else ""
            return f"la page « {path} » n’existe pas sur le site{near} : vérifiez l’adresse"
        if anchor and anchor not in self.pages[path]:
            known = ", ".join(f"#{a}" for a in sorted(self.pages[path]) if "-" not in a or a in CASE_ANCHORS_ALWAYS)
            return (f"l’ancre « #{anchor} » n’existe pas sur la page {path}"
                    + (f" (ancres possibles : {known})" if known else ""))
        return None


def near(path: str, pages: Iterable[str]) -> str:
    """« (vouliez-vous dire « /cas/x/ » ?) » for the page most like `path`, or nothing."""
    close = closest(path, pages, cutoff=0.7)
    return f" (vouliez-vous dire « {close} » ?)" if close else ""


# Files published beside each case page (cite.py): stable addresses for reference managers.
CITATION_FILES = ("citation.bib", "citation.ris", "citation.json")
# The open-data files of /donnees/ (export.py, build.generate).
DATA_FILES = ("cas.json", "cas.csv", "chiffres.csv", "cas-tableur.csv", "chiffres-tableur.csv", "cas.schema.json",
              "parcours.json", "parcours.schema.json", "vocabulaires.json", "sources.json", "source.schema.json")


def site_map(cases: list[schema.Case], docs: Path, parcours: tuple = ()) -> SiteMap:
    """Every address the site will have, from the cases, the learning paths, the vocabularies and the hand-written
    pages."""
    v = vocab.load()
    pages: dict[str, frozenset[str]] = {"/": frozenset()}
    redirects: dict[str, str] = {}
    none: frozenset[str] = frozenset()
    for top in ("cas", "themes", "types", "organisations", "territoires", "impact", "donnees", "parcours", "sources"):
        pages[f"/{top}/"] = none
    pages["/donnees/"] = frozenset({"champs"})
    for name in DATA_FILES:
        pages[f"/donnees/{name}"] = none
    for item in parcours:
        pages[f"/parcours/{item.slug}/"] = parcours_anchors(item)
        for alias in item.aliases:
            redirects[f"/parcours/{alias}/"] = f"/parcours/{item.slug}/"
    pages.update({f"/themes/{t}/": none for t in v.themes})
    pages.update({f"/types/{k}/": none for k in v.kinds})
    for case in cases:
        pages[f"/cas/{case.slug}/"] = case_anchors(case)
        pages[f"/donnees/cas/{case.slug}.yml"] = none
        pages[f"/cas/{case.slug}/carte/"] = none
        for name in CITATION_FILES:
            pages[f"/cas/{case.slug}/{name}"] = none
        for alias in case.aliases:
            redirects[f"/cas/{alias}/"] = f"/cas/{case.slug}/"
            redirects[f"/cas/{alias}/carte/"] = f"/cas/{case.slug}/carte/"
        for org in case.organisations:
            pages[f"/organisations/{slugify(org.name)}/"] = none
        pages[f"/territoires/{slugify(case.territory.place)}/"] = none
        for ident in case.sources:
            pages[f"/sources/{ident}/"] = none
        area = places.area_of(case.territory.place)
        if area is not None:  # the page of the area it belongs to on the map (render.Model.areas)
            pages[f"/territoires/{area.slug}/"] = none
    pages.update(hand_written_pages(docs))
    guide = docs.parent / "CONTRIBUTING.md"
    if guide.is_file() and not guide.is_symlink():
        pages["/contribuer/"] = _anchors_of(guide.read_text(encoding="utf-8", errors="replace"))
    return SiteMap(pages, redirects)


def hand_written_pages(docs: Path) -> dict[str, frozenset[str]]:
    """The hand-written pages (docs/**/*.md outside the generated folders) by address, with their anchors."""
    out: dict[str, frozenset[str]] = {}
    if not docs.is_dir() or docs.is_symlink():
        return out
    found = []
    for folder, dirs, files in os.walk(docs):  # never into a link, nor into the generated folders (most of docs/)
        if folder == str(docs):
            dirs[:] = [d for d in dirs if d not in GENERATED_DIRS]
        found += [Path(folder, name) for name in files if name.endswith(".md")]
    for path in sorted(found):
        rel = path.relative_to(docs)
        if rel.as_posix() in GENERATED_FILES or path.is_symlink() or not path.is_file():
            continue
        stem = rel.with_suffix("").as_posix()
        address = "/" if stem == "index" else "/" + (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
        out[address] = _anchors_of(path.read_text(encoding="utf-8", errors="replace"))
    return out


_EXPLICIT_ID = re.compile(r"\{[^}\n]*#([A-Za-z][\w-]*)[^}\n]*\}")
_HEADING = re.compile(r"(?m)^#{1,6}\s+(.+?)\s*(\{[^}\n]*\})\s*$")


def _anchors_of(markdown_text: str) -> frozenset[str]:
    """The anchors of a hand-written page that others may link to: its explicit ids (`## Titre { #ancre }`) only.
    An id the toc extension derives from a heading changes when an editor rewords the heading, so no story, path
    or course may rely on it (DESIGN.md, « Stable addresses for courseware »)."""
    return frozenset(_EXPLICIT_ID.findall(markdown_text))


def sections(markdown_text: str) -> dict[str, str]:
    """A hand-written page's headings that carry an explicit anchor, by anchor: {"raconter": "Troisième levier…"}."""
    out: dict[str, str] = {}
    for title, attrs in _HEADING.findall(markdown_text):
        explicit = _EXPLICIT_ID.search(attrs)
        if explicit:
            out[explicit.group(1)] = title.strip()
    return out
