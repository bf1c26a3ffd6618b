"""Validation of the corpus as a whole: every file checked on its own, then the rules that span files."""

from __future__ import annotations

import gc
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pionniers.common import chars
from pionniers.common.near import Suggester
from pionniers.common.paths import Layout
from pionniers.common.problems import Problem, sort
from pionniers.common.slug import slugify
from pionniers.model import featured
from pionniers.model import parcours as parcours_mod
from pionniers.model import schema
from pionniers.model import sources as sources_mod
from pionniers.model.addresses import site_map
from pionniers.model.load import MAX_BYTES, Loaded, dotted
from pionniers.model.parcours import Parcours
from pionniers.model.validate import Checked, check_file


@dataclass(frozen=True)
class Corpus:
    """A validated corpus: the cases sorted by slug, or the problems that stop it."""

    cases: tuple[schema.Case, ...]
    problems: list[Problem]
    files: int
    raw: dict[str, bytes] = field(default_factory=dict)  # slug -> the bytes validated (published as they are)
    parcours: tuple[Parcours, ...] = ()  # the learning paths (parcours/*.yml), sorted by slug
    featured: tuple[str, ...] = ()  # the home page's featured cases (accueil.yml)
    sources: dict[str, schema.Source] = field(default_factory=dict)  # the valid source records, sorted by id

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def case_files(layout: Layout, paths: list[Path] | None = None) -> tuple[list[Path], list[Problem]]:
    """The case files to check, sorted: the given ones (folders expanded), or every `cases/*.yml`.

    A case is a regular `*.yml` file directly in its folder. Anything else named like one (a `.yaml` file, a
    folder, a symbolic link, a named pipe, a device) gets one problem and is never opened or followed. Hidden
    files (an editor's `.#cas.yml` lock) and other names (README.md) are not cases and are left alone."""
    problems: list[Problem] = []
    out: list[Path] = []
    if not paths:
        paths = [layout.cases]
    for path in paths:
        kind = _kind(path)
        if kind == "dir":
            out.extend(_folder(layout, path, problems))
        elif kind == "file" and path.name.endswith(".yml"):
            out.append(path)
        elif kind == "missing":
            problems.append(Problem(layout.rel(path), 1, 1, "fichier introuvable"))
        else:
            problems.append(Problem(layout.rel(path), 1, 1, _refusal(path.name, kind)))
    return sorted(set(out), key=lambda p: p.parts), problems  # a path's order, without comparing Path objects


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "special"


def _folder(layout: Layout, folder: Path, problems: list[Problem]) -> list[Path]:
    """The case files directly in `folder`; a problem for every other entry named like one, and for every file named
    like one below a sub-folder. Each entry is typed from the folder listing (no call to the system per file)."""
    found: list[Path] = []
    base = Path(folder)
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            kind = _entry_kind(entry)
            if kind == "dir":
                problems.extend(_nested(layout, base, base / name))
            if not name.lower().endswith((".yml", ".yaml")):
                continue
            path = base / name
            if kind == "file" and name.endswith(".yml"):
                found.append(path)
            elif kind != "missing":
                problems.append(Problem(layout.rel(path), 1, 1, _refusal(name, kind)))
    return found


def _entry_kind(entry: os.DirEntry) -> str:
    """`_kind` of a folder's entry, from what the folder listing says (no call to the system per file)."""
    try:
        if entry.is_symlink():
            return "link"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        return "file" if entry.is_file(follow_symlinks=False) else "special"
    except OSError:
        return "missing"


def _nested(layout: Layout, top: Path, folder: Path) -> list[Problem]:
    """A problem for every file named like a case below a sub-folder of `top` (never followed through a link): a
    case lies directly in its folder, and one put in `cases/2026/` would otherwise be silently left out."""
    out: list[Problem] = []
    for where, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith((".yml", ".yaml")):
                path = Path(where) / name
                out.append(Problem(layout.rel(path), 1, 1, nested_message(layout.rel(top))))
    return out


def nested_message(top: str) -> str:
    """Why a file named like a case in a sub-folder is not read, and what to do."""
    return (f"fichier dans un sous-dossier : les fichiers de {top}/ s’y rangent directement (les sous-dossiers ne "
            f"sont pas lus) ; déplacez-le dans {top}/")


def _refusal(name: str, kind: str) -> str:
    if kind == "link":
        return ("lien symbolique refusé : un cas est un vrai fichier de cases/, jamais un lien (qui pourrait mener "
                "hors du dépôt) ; remplacez le lien par le fichier lui-même")
    if kind == "dir":
        return "dossier nommé comme un fichier de cas : un cas est un fichier ; renommez ou retirez ce dossier"
    if kind == "special":
        return ("fichier spécial (tube nommé, périphérique ou socket) refusé : un cas est un fichier texte ordinaire ; "
                "retirez-le")
    if not name.endswith(".yml") and name.lower().endswith((".yml", ".yaml")):
        stem = name.rsplit(".", 1)[0]
        return f"extension « {name.rsplit('.', 1)[1]} » : un fichier de cas se termine par .yml ; renommez-le {stem}.yml"
    return "un fichier de cas se termine par .yml"


def read_case(path: Path, limit: int) -> bytes:
    """The bytes of a case file (at most `limit` + 1), opened without following a link and refused unless regular:
    checked on the open file itself, so a file swapped for a link or a pipe in between is never read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("pas un fichier ordinaire")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# A file's outcome, remembered by `pionniers serve` between saves: (modification time, size) -> outcome.
FileCache = dict[Path, tuple[tuple[int, int], Checked]]


def check_corpus(layout: Layout, paths: list[Path] | None = None, *, today: date | None = None,
                 cache: FileCache | None = None, sources: Path | None = None) -> Corpus:
    """Check files one by one, then across files; report every problem of every file.

    Case files and learning paths (parcours/*.yml) alike: without `paths`, every file of both folders; with `paths`,
    those given (a path's references are then checked against every case of cases/, whose own problems are only
    reported for the case files given).
    With a cache (the preview's), a file whose modification time and size are unchanged is not read again.
    The source records are those of `sources/` (or of the folder `sources`, for files checked elsewhere)."""
    given_parcours = [p for p in paths or [] if _under(p, layout.parcours)]
    given_sources = [p for p in paths or [] if _under(p, layout.sources)]
    given_cases = [p for p in paths or [] if not _under(p, layout.parcours) and not _under(p, layout.sources)]
    # Source records given by name (or their folder): each is checked and counted; one that is no regular file is
    # refused here.
    records_given, records_refused = case_files(layout, given_sources) if given_sources else ([], [])
    if paths and not given_cases:
        files, problems = [], list(records_refused)
    else:
        files, problems = case_files(layout, given_cases or None)
        problems.extend(records_refused)
    if not paths:
        given_parcours = [layout.parcours] if os.path.lexists(layout.parcours) else []
    parcours_files, parcours_refused = case_files(layout, given_parcours) if given_parcours else ([], [])
    problems.extend(parcours_refused)
    refused = len(problems)  # entries named like a case file but refused (links, folders, pipes…)
    # The parse allocates millions of small objects and keeps every node tree (for positions): the cyclic
    # garbage collector would rescan that growing heap again and again, for no cycle to find. Pause it, then
    # move what was loaded out of its sight (refcounting still frees it when it is no longer used).
    collecting = gc.isenabled()
    gc.disable()
    try:
        checked = [_check_cached(layout, path, today, cache) for path in files]
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    problems.extend(p for c in checked for p in c.problems)
    reference = checked
    if given_parcours and paths and set(files) != set(case_files(layout)[0]):
        reference = [_check_cached(layout, path, today, cache) for path in case_files(layout)[0]]
    paths_checked = [_check_parcours(layout, path, today) for path in parcours_files]
    problems.extend(p for c in paths_checked for p in c.problems)
    others = frozenset(p.stem for p in case_files(layout)[0]) if paths else frozenset()
    problems.extend(corpus_problems(checked, layout.docs, paths_checked, reference, others))
    gc.disable()  # the source records too: thousands of small files, the same millions of small objects
    try:
        registry, record_files, record_problems = read_sources(layout, today, sources)
    finally:
        if collecting:
            gc.enable()
    # With paths, the records given and those the given cases cite (a case is not without problem while a record it
    # relies on has some); another record's problems are not those of the files asked for.
    given_records = {layout.rel(path) for path in records_given}
    cited_records = {record_files[ident] for c in checked if c.loaded is not None
                     for ident in _listed(c.loaded.data) if ident in record_files}
    reported = record_problems if not paths else [p for p in record_problems
                                                  if p.path in given_records | cited_records]
    problems.extend(reported)
    # Counted as checked: the records given, and those cited that have something to say (so that « N problèmes dans
    # M fichiers sur K vérifiés » stays true; a clean cited record leaves « N fichiers de cas vérifiés » as it was).
    records_counted = len(given_records | {p.path for p in reported}) if paths else 0
    suggest = Suggester(registry, cutoff=0.75)  # one for the corpus: its cost stays bounded
    traced = [p for c in checked if c.loaded is not None
              for p in sources_mod.case_problems(c.path, c.loaded, registry, record_files, suggest)]
    problems.extend(traced)
    stopped = {p.path for p in traced}
    cases = tuple(sorted((schema.with_records(c.case, registry) for c in checked
                          if c.case is not None and c.path not in stopped), key=lambda c: c.slug))
    raw = {c.case.slug: c.raw for c in checked if c.case is not None and c.path not in stopped}
    found = tuple(sorted((c.parcours for c in paths_checked if c.parcours is not None), key=lambda p: p.slug))
    chosen: tuple[str, ...] = ()
    if not paths:  # the whole corpus: the featured cases must be in it (a subset may leave them out)
        names = {c.loaded.data.get("slug") for c in checked if c.loaded is not None}
        chosen, found_featured = featured.read(layout.featured, layout.rel(layout.featured),
                                               {s for s in names if isinstance(s, str)})
        problems.extend(found_featured)
        chosen = tuple(s for s in chosen if s in raw)
    return Corpus(cases, sort(problems), len(checked) + len(paths_checked) + refused + records_counted, raw, found,
                  chosen, registry)


def _listed(data: dict) -> list[str]:
    """The source ids a case lists (whatever else its `sources` holds is the schema's to report)."""
    listed = data.get("sources")
    return [s for s in listed if isinstance(s, str)] if isinstance(listed, list) else []


def read_sources(layout: Layout, today: date | None = None, folder: Path | None = None
                 ) -> tuple[dict[str, schema.Source], dict[str, str], list[Problem]]:
    """Every source record of `sources/` (or of `folder`): the valid ones by id (sorted), every record file present
    (id -> its path, valid or not), and the problems of the files."""
    folder = folder if folder is not None else layout.sources
    if not os.path.lexists(folder):
        return {}, {}, []
    files, problems = case_files(layout, [folder])
    registry: dict[str, schema.Source] = {}
    present: dict[str, str] = {}
    addresses: dict[str, str] = {}  # a document's address -> the first record that gives it
    for path in files:
        rel = layout.rel(path)
        present[path.stem] = rel
        try:
            raw = read_case(path, MAX_BYTES)
        except OSError:
            problems.append(Problem(rel, 1, 1, "fichier illisible : ce n’est plus un fichier ordinaire ; remettez-y "
                                               "la description de la source"))
            continue
        checked = sources_mod.check_source_file(raw, rel, today=today)
        problems.extend(checked.problems)
        if checked.source is not None:
            registry[checked.source.id] = checked.source
            address = sources_mod.same_document(checked.source.url)
            if address and address in addresses:
                problems.append(Problem(rel, *checked.loaded.position(("url",)),  # type: ignore[union-attr]
                                        f"même adresse que {addresses[address]} : un document est décrit une seule "
                                        f"fois ; citez « {Path(addresses[address]).stem} » dans les cas et retirez "
                                        "ce fichier (ses extraits vont dans l’autre)", "url"))
            elif address:
                addresses[address] = rel
    return dict(sorted(registry.items())), present, problems


def _under(path: Path, folder: Path) -> bool:
    try:
        return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))
    except ValueError:
        return False


def _check_parcours(layout: Layout, path: Path, today: date | None) -> parcours_mod.Checked:
    rel = layout.rel(path)
    try:
        raw = read_case(path, MAX_BYTES)
    except OSError:
        return parcours_mod.Checked(rel, None, None, [Problem(rel, 1, 1, "fichier illisible : ce n’est plus un "
                                                                        "fichier ordinaire ; remettez-y le texte")])
    return parcours_mod.check_file(raw, rel, today=today)


def _check_cached(layout: Layout, path: Path, today: date | None, cache: FileCache | None) -> Checked:
    rel = layout.rel(path)
    try:
        if cache is not None:  # without a cache, read_case alone refuses what is no longer a regular file
            info = os.lstat(path)
            key = (info.st_mtime_ns, info.st_size)
            if path in cache and cache[path][0] == key:
                return cache[path][1]
        raw = read_case(path, MAX_BYTES)
    except OSError:
        return Checked(rel, None, None, [Problem(rel, 1, 1, "fichier illisible : ce n’est plus un fichier ordinaire "
                                                            "(remplacé par un lien, un dossier ou un tube ?) ; "
                                                            "remettez-y le texte du cas")])
    checked = check_file(raw, rel, today=today)
    if cache is not None:
        cache[path] = (key, checked)
    return checked


def corpus_problems(checked: list[Checked], docs: Path | None = None,
                    paths_checked: list[parcours_mod.Checked] | None = None,
                    reference: list[Checked] | None = None, elsewhere: frozenset[str] = frozenset()) -> list[Problem]:
    """Unique slugs and aliases, related cases that exist, one spelling and one address per organisation and
    territory, and links to this site that lead somewhere (pages of `docs` included, when given); then the learning
    paths' references (to cases of `reference`, every case of the corpus, default `checked`). `elsewhere`: the
    slugs of the corpus's other case files (their names), when only some files are checked: a related case may be
    one of them."""
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
    slugs = {s for s, (_, what) in owners.items() if what == "slug"} | elsewhere
    for path, data in loaded:
        for i, rel in enumerate(_strings(data.data.get("related"))):
            if rel not in slugs:
                problems.append(at(path, data, ("related", i), f"cas lié « {rel} » introuvable : "
                                                               "indiquez le slug d’un cas existant", f"related[{i}]"))
    problems.extend(_organisation_spellings(loaded))
    problems.extend(_address_clashes(loaded))
    paths_checked = paths_checked or []
    valid_paths = tuple(c.parcours for c in paths_checked if c.parcours is not None)
    problems.extend(_site_links(checked, docs, valid_paths, elsewhere))
    if paths_checked:
        cases = [c.case for c in (reference if reference is not None else checked) if c.case is not None]
        site = site_map(cases, docs if docs is not None else Path("/nonexistent"), valid_paths)
        problems.extend(parcours_mod.corpus_problems(paths_checked, cases, site))
    return problems


def _address_clashes(loaded: list[tuple[str, Loaded]]) -> list[Problem]:
    """Two different names (not two spellings of one: that is _organisation_spellings) that would share an address."""
    problems: list[Problem] = []
    for what, top, paths in (("organisation", "organisations", _org_names), ("territoire", "territoires", _places)):
        seen: dict[str, tuple[str, str, Loaded, tuple]] = {}  # slug -> (name, path, data, where) of the first
        for path, data in loaded:
            for where, name in paths(data.data):
                slug = slugify(name)
                if not slug:
                    continue  # refused on its own by validate.case_rules
                first = seen.setdefault(slug, (name, path, data, where))
                if first[0] != name and fold(first[0]) != fold(name):
                    line, col = data.position(where)
                    problems.append(Problem(path, line, col,
                                            f"{what} « {name} » et « {first[0]} » ({first[1]}:"
                                            f"{first[2].position(first[3])[0]}) auraient "
                                            f"la même adresse /{top}/{slug}/ : distinguez les deux noms (par "
                                            "exemple en ajoutant la ville ou le sigle)", dotted(where)))
    return problems


def _org_names(data: dict) -> list[tuple[tuple, str]]:
    orgs = data.get("organisations")
    return [(("organisations", i, "name"), o["name"]) for i, o in enumerate(orgs if isinstance(orgs, list) else [])
            if isinstance(o, dict) and isinstance(o.get("name"), str)]


def _places(data: dict) -> list[tuple[tuple, str]]:
    territory = data.get("territory")
    place = territory.get("place") if isinstance(territory, dict) else None
    return [(("territory", "place"), place)] if isinstance(place, str) else []


class _AnyAnchor(frozenset):
    """The anchors of a case page that was not checked this time: any anchor is taken as there."""

    def __contains__(self, item: object) -> bool:
        return True


def _site_links(checked: list[Checked], docs: Path | None, paths: tuple[Parcours, ...] = (),
                elsewhere: frozenset[str] = frozenset()) -> list[Problem]:
    """A story's link to a page or an anchor of this site that will not exist is refused at the case file's line.
    `elsewhere`: the slugs of the corpus's case files not checked this time (their pages exist; their anchors are
    checked when they are)."""
    if not any(c.links for c in checked):
        return []
    cases = [c.case for c in checked if c.case is not None]
    site = site_map(cases, docs if docs is not None else Path("/nonexistent"), paths)
    for slug in elsewhere:
        site.pages.setdefault(f"/cas/{slug}/", _AnyAnchor())
    problems: list[Problem] = []
    for c in checked:
        own = f"/cas/{c.case.slug}/" if c.case is not None else None
        for link in c.links:
            target = (own + link.target) if link.target.startswith("#") and own else link.target
            if link.target.startswith("#") and own is None:
                continue  # the case itself is invalid: its anchors are not known yet
            message = site.problem(target)
            if message:
                problems.append(Problem(c.path, link.line, link.col, message, link.field))
    return problems


def fold(name: str) -> str:
    """A name as the eye reads it, without case, accents, spacing or look-alike characters: "Crésus", "CRESUS",
    "Cré sus" and "Сrésus" (a Cyrillic С) fold alike (chars.skeleton)."""
    return chars.skeleton(name)


def _unlike(name: str, other: str) -> str:
    """What tells two spellings apart when the eye cannot: their look-alike characters."""
    hidden = chars.lookalikes(name)
    theirs = chars.lookalikes(other)
    if not hidden and not theirs:
        return ""
    said = []
    if hidden:
        said.append(f"ici {', '.join(hidden)}")
    if theirs:
        said.append(f"là-bas {', '.join(theirs)}")
    return f" (les deux graphies se ressemblent mais diffèrent : {' ; '.join(said)})"


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
                                        f"{first_path}:{fline}:{fcol}{_unlike(name, first_name)} : choisissez une "
                                        "seule graphie pour tous les cas",
                                        f"organisations[{i}].name"))
    return problems


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
