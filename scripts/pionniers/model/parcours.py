"""Learning paths: `parcours/<slug>.yml`, an ordered selection of cases and context pages for one course
module, with its audience, duration, objectives, introduction, why each step is there and what to look for, and
closing questions.

A path file is contributor text like a case file, and goes through the same walls: load.py (positions, refusals),
the pydantic model below (strict, French descriptions), the Markdown subset of prose.py for the story-like fields,
then the checks across files (every case, page and anchor a step names exists; slugs and aliases are unique).
Rendering is render.py's; this module also works out, for each case, the steps of the paths that pass through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, ValidationError, model_validator

from pionniers.common.problems import Problem
from pionniers.model import addresses, schema
from pionniers.model.load import Loaded, dotted, load_text
from pionniers.model.schema import Line, PastDate, Prose, Sentence, Slug, Strict
from pionniers.model.validate import draft_markers, prose_problems, schema_problems

PAGE_PATTERN = r"^/([a-z0-9]+(-[a-z0-9]+)*/)*$"
ANCHOR_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DURATION_MIN, DURATION_MAX = 10, 600
# Fixed anchors of a path page (templates/parcours.md.j2), plus « etape-N » for each step.

Page = Annotated[str, Field(pattern=PAGE_PATTERN, max_length=200)]
Anchor = Annotated[str, Field(pattern=ANCHOR_PATTERN, max_length=120)]


class Step(Strict):
    """One step: a case (`case`) or a hand-written page of the site (`page`), optionally one of its sections."""

    case: Slug | None = Field(default=None, description="Slug du cas de cette étape (un fichier cases/<slug>.yml). "
                              "Une étape nomme soit un cas, soit une page (page).")
    page: Page | None = Field(default=None, description="Ou bien : adresse d’une page écrite à la main, depuis la racine "
                              "du site, terminée par « / » (« /comprendre/leviers-ashoka/ »).")
    anchor: Anchor | None = Field(default=None, description="Section à regarder, sans « # » : pour un cas, une ancre fixe "
                                  "(defi, innovation, co-creation, impact, chiffres, questions, sources…) ; pour une "
                                  "page, l’identifiant d’un de ses titres.")
    why: Prose = Field(description="Pourquoi cette étape est là, en une ou deux phrases (Markdown du récit).")
    look_for: Prose = Field(description="Ce qu’il faut y regarder (Markdown du récit).")

    @model_validator(mode="after")
    def _one_target(self) -> "Step":
        if (self.case is None) == (self.page is None):
            raise ValueError("une étape mène à un cas (case: slug) ou à une page (page: /adresse/), pas aux deux ni "
                             "à aucun")
        return self


class Parcours(Strict):
    """A learning path: an ordered selection of cases and context pages for one course module."""

    slug: Slug = Field(description="Identifiant stable, égal au nom du fichier : minuscules, chiffres et tirets.")
    title: Line = Field(max_length=140, description="Titre du parcours.")
    audience: Line = Field(max_length=200, description="À qui il s’adresse (« étudiants de master, apprenants du Mooc »).")
    duration_minutes: int = Field(ge=DURATION_MIN, le=DURATION_MAX,
                                  description=f"Durée indicative, en minutes ({DURATION_MIN} à {DURATION_MAX}).")
    objectives: list[Sentence] = Field(min_length=2, max_length=6, description="Objectifs d’apprentissage, de 2 à 6, "
                                   "chacun en une ligne commençant par un verbe (« Distinguer… »).")
    introduction: Prose = Field(description="L’introduction du module (Markdown du récit).")
    steps: list[Step] = Field(min_length=2, max_length=12, description="Les étapes, dans l’ordre (2 à 12).")
    questions: list[Sentence] = Field(min_length=1, max_length=6, description="Questions de clôture, pour la discussion.")
    aliases: list[Slug] = Field(default_factory=list, description="Anciens slugs, redirigés vers ce parcours.")
    reviewed: PastDate = Field(description="Date de dernière relecture, entre guillemets : \"2026-11-24\".")


def json_schema() -> dict[str, Any]:
    """The JSON Schema published for editors (schema/parcours.schema.json) and open-data users."""
    out = Parcours.model_json_schema(by_alias=True, mode="validation")
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["$id"] = "parcours.schema.json"
    out["title"] = "Parcours Pionniers"
    out["description"] = "Un parcours d’apprentissage du site Pionniers (un fichier parcours/<slug>.yml)."
    return out


# --- one file ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """The outcome for one path file (like validate.Checked for a case)."""

    path: str
    parcours: Parcours | None
    loaded: Loaded | None
    problems: list[Problem]
    links: tuple[Any, ...] = ()
    raw: bytes = b""


def check_file(raw: bytes, path: str, *, today: date | None = None) -> Checked:
    """Everything that can be said about one path file on its own."""
    loaded, problems = load_text(raw, path)
    if loaded is None:
        return Checked(path, None, None, problems, raw=raw)
    found: Parcours | None = None
    try:
        found = Parcours.model_validate(loaded.data, context={"today": today or date.today()})
    except ValidationError as err:
        refused = {(p.line, p.col, p.field) for p in problems}
        problems.extend(p for p in schema_problems(err, loaded, path, Parcours)
                        if (p.line, p.col, p.field) not in refused)
    problems.extend(Problem(path, *loaded.position(where), message, dotted(where))
                    for where, message in _rules(loaded.data, path))
    problems.extend(draft_markers(raw, path, loaded))
    prose_found, links = prose_problems(loaded, path, Parcours)
    problems.extend(prose_found)
    return Checked(path, None if problems else found, loaded, problems, tuple(links), raw)


def _rules(data: dict[str, Any], path: str) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = data.get("slug")
    if isinstance(slug, str) and slug != stem:
        found.append((("slug",), f"le slug « {slug} » doit être égal au nom du fichier « {stem} » : renommez le "
                                 f"fichier en {slug}.yml ou corrigez le slug"))
    for i, alias in enumerate(_list(data.get("aliases"))):
        if alias == slug:
            found.append((("aliases", i), f"« {alias} » est le slug de ce parcours lui-même : retirez-le de aliases"))
    for where, value in [(("slug",), slug)] + [(("aliases", i), a) for i, a in enumerate(_list(data.get("aliases")))]:
        if isinstance(value, str) and value in addresses.RESERVED:
            found.append((where, f"« {value} » est réservé (page d’index ou dossier du site) : choisissez un autre slug"))
    seen: dict[str, int] = {}
    for i, step in enumerate(_list(data.get("steps"))):
        case = step.get("case") if isinstance(step, dict) else None
        if isinstance(case, str):
            if case in seen:
                found.append((("steps", i, "case"), f"le cas « {case} » est déjà l’étape {seen[case] + 1} : un parcours "
                                                    "passe une fois par cas ; réunissez ce qu’il faut y regarder en "
                                                    "une seule étape"))
            seen.setdefault(case, i)
    return found


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


# --- across files ---------------------------------------------------------------------------------------------------


def corpus_problems(checked: list[Checked], cases: list[schema.Case], site: addresses.SiteMap) -> list[Problem]:
    """Unique slugs and aliases; every case, page and anchor a step names exists; links of the prose lead somewhere."""
    problems: list[Problem] = []
    by_slug = {c.slug: c for c in cases}
    renamed = {alias: c.slug for c in cases for alias in c.aliases}
    owners: dict[str, str] = {}
    for item in checked:
        if item.loaded is None:
            continue
        data = item.loaded.data
        names = [(("slug",), data.get("slug"))] + [(("aliases", i), a) for i, a in enumerate(_list(data.get("aliases")))]
        for where, name in names:
            if not isinstance(name, str):
                continue
            if name in owners and owners[name] != item.path:
                problems.append(Problem(item.path, *item.loaded.position(where),
                                        f"« {name} » est déjà le slug ou un alias de {owners[name]} : une adresse ne "
                                        "mène qu’à un parcours", dotted(where)))
            owners.setdefault(name, item.path)
        for i, step in enumerate(_list(data.get("steps"))):
            if isinstance(step, dict):
                problems.extend(_step_problems(item, i, step, by_slug, renamed, site))
        for link in item.links:
            message = site.problem(link.target if not link.target.startswith("#") else
                                   f"/parcours/{data.get('slug')}/{link.target}")
            if message:
                problems.append(Problem(item.path, link.line, link.col, message, link.field))
    return problems


def _step_problems(item: Checked, i: int, step: dict[str, Any], by_slug: dict[str, schema.Case],
                   renamed: dict[str, str], site: addresses.SiteMap) -> list[Problem]:
    loaded = item.loaded
    if loaded is None:  # callers skip unloaded files; nothing to point at
        return []
    anchor = step.get("anchor") if isinstance(step.get("anchor"), str) else None
    case, page = step.get("case"), step.get("page")
    out: list[Problem] = []

    def problem(key: str, message: str) -> None:
        where = ("steps", i, key)
        out.append(Problem(item.path, *loaded.position(where), message, dotted(where)))

    if isinstance(case, str):
        if case in renamed:
            problem("case", f"« {case} » est un ancien nom du cas « {renamed[case]} » : écrivez case: {renamed[case]}")
        elif case not in by_slug:
            near = addresses.near(f"/cas/{case}/", [f"/cas/{s}/" for s in by_slug])
            problem("case", f"cas « {case} » introuvable{near} : indiquez le slug d’un fichier de cases/")
        elif anchor and anchor not in addresses.case_anchors(by_slug[case]):
            known = ", ".join(a for a in addresses.CASE_ANCHORS_ALWAYS + ("chiffres", "citations", "questions")
                              if a in addresses.case_anchors(by_slug[case]))
            problem("anchor", f"le cas « {case} » n’a pas de section « #{anchor} » (sections : {known})")
    elif isinstance(page, str):
        top = page.strip("/").split("/", 1)[0]
        if page == "/" or top in addresses.RESERVED - {"index"}:  # generated: the home page, the indexes…
            problem("page", f"« {page} » est une page générée : une étape mène à un cas (case: slug) ou à une page "
                            "écrite à la main, comme /comprendre/leviers-ashoka/")
        else:
            message = site.problem(page + (f"#{anchor}" if anchor else ""))
            if message:
                problem("anchor" if anchor and page in site.pages else "page", message)
    return out


# --- what the pages need ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a step leads: its title, its address on the site, and the Markdown source MkDocs links to."""

    title: str
    address: str  # "/cas/slug/#co-creation"
    source: str  # "cas/slug.md#co-creation", relative to docs/
    kind: str  # "cas" or "page"
    section: str = ""  # the heading of the section the step points at (« La co-création »), if any


# The headings of a case page's sections that a step may point at (templates/case.md.j2).
CASE_SECTIONS = {**{anchor: heading for anchor, heading in schema.SECTIONS.values()},
                 "chiffres": "Les chiffres", "citations": "Ils l’ont dit", "questions": "Pour en discuter",
                 "sources": "Sources", "citer": "Citer ce cas", "integrer": "Intégrer ce cas dans un cours",
                 "corriger": "Proposer une correction"}


@dataclass(frozen=True)
class Place:
    """A case's place in one path: « étape 2 sur 5 », with the steps before and after."""

    parcours: Parcours
    number: int
    total: int
    previous: Target | None
    next: Target | None
    anchor: str = ""  # the section of the case this step points at (« co-creation »), if any


@dataclass
class Paths:
    """The validated paths, with every step's target resolved and each case's places in them."""

    items: tuple[Parcours, ...] = ()
    targets: dict[str, list[Target]] = field(default_factory=dict)  # path slug -> targets, in step order
    places: dict[str, list[Place]] = field(default_factory=dict)  # case slug -> places


def resolve(items: tuple[Parcours, ...], cases: tuple[schema.Case, ...], docs: Path) -> Paths:
    """Every step's target (title, address, source), and for each case the places of the paths through it."""
    titles = {c.slug: c.title for c in cases}
    pages = page_titles(docs)
    sources = page_sources(docs)
    sections = page_sections(docs)
    out = Paths(items=items)
    for item in items:
        targets = [_target(step, titles, pages, sources, sections) for step in item.steps]
        out.targets[item.slug] = targets
        for n, step in enumerate(item.steps):
            if step.case is not None:
                out.places.setdefault(step.case, []).append(Place(
                    item, n + 1, len(item.steps), targets[n - 1] if n > 0 else None,
                    targets[n + 1] if n + 1 < len(targets) else None, step.anchor or ""))
    for places in out.places.values():
        places.sort(key=lambda p: p.parcours.slug)
    return out


def _target(step: Step, titles: dict[str, str], pages: dict[str, str], sources: dict[str, str],
            sections: dict[str, dict[str, str]]) -> Target:
    fragment = f"#{step.anchor}" if step.anchor else ""
    if step.case is not None:
        return Target(titles[step.case], f"/cas/{step.case}/{fragment}", f"cas/{step.case}.md{fragment}", "cas",
                      CASE_SECTIONS.get(step.anchor or "", ""))
    page = step.page or "/"  # the model requires a case or a page
    return Target(pages.get(page, page), f"{page}{fragment}", sources[page] + fragment, "page",
                  sections.get(page, {}).get(step.anchor or "", ""))


def page_sources(docs: Path) -> dict[str, str]:
    """The Markdown file (relative to docs/) of each hand-written page, by address: "/comprendre/x/" →
    comprendre/x.md, "/comprendre/" → comprendre/index.md."""
    out: dict[str, str] = {}
    for address in addresses.hand_written_pages(docs):
        stem = address.strip("/")
        for candidate in ([f"{stem}/index.md", f"{stem}.md"] if stem else ["index.md"]):
            path = docs / candidate
            if path.is_file() and not path.is_symlink():
                out[address] = candidate
                break
    return out


def page_titles(docs: Path) -> dict[str, str]:
    """The title of each hand-written page, by address: its front matter's `title`, else its first heading."""
    return {address: _title_of((docs / source).read_text(encoding="utf-8", errors="replace")) or address
            for address, source in page_sources(docs).items()}


def page_sections(docs: Path) -> dict[str, dict[str, str]]:
    """The headings of each hand-written page that carry an explicit, stable anchor (`{ #id }`), by anchor."""
    return {address: addresses.sections((docs / rel).read_text(encoding="utf-8", errors="replace"))
            for address, rel in page_sources(docs).items()}


def _title_of(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            try:
                meta = yaml.safe_load(text[4:end]) or {}
            except yaml.YAMLError:
                meta = {}
            if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                return meta["title"]
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].split("{", 1)[0].strip()
    return ""


def duration(minutes: int) -> str:
    """90 → « 1 h 30 », 45 → « 45 min », 120 → « 2 h » (French typography: a no-break space before the unit)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")

