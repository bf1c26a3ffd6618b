"""`pionniers build`: validate, then write every generated page and data file under docs/, atomically.

Generated folders (paths.GENERATED_DIRS) belong to this step alone: whatever it did not write this time is
removed, so a deleted or renamed case leaves no page behind. Files whose bytes did not change are not touched,
which keeps `mkdocs serve` from rebuilding for nothing.

The file system is touched through regular files only: the build refuses to run when docs/, a generated folder
or any folder below one is a symbolic link (or anything but a folder), never follows a link, and writes and
deletes nothing outside the generated folders.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from pionniers.common import vocab
from pionniers.common.cache import Store
from pionniers.common.chars import visible
from pionniers.common.files import write_atomically
from pionniers.common.paths import CACHE_DIRS, GENERATED_DIRS, GENERATED_FILES, Layout
from pionniers.common.problems import Problem, report
from pionniers.model import parcours, schema
from pionniers.model.corpus import Corpus, FileCache, check_corpus, read_case
from pionniers.model.load import MAX_BYTES
from pionniers.model.validate import check_file
from pionniers.pages import cite, export
from pionniers.pages.guide import site_markdown
from pionniers.pages.render import Settings, build_model, environment, render_site
from pionniers.pages.render import case_page as render_case_page


class UnsafeTree(Exception):
    """The generated folders are not plain folders of this repository: the build refuses to touch them."""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs and Zensical read it: safe YAML plus `!ENV`, the one tag it uses (site_url)."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)


def mkdocs_config(path: Path) -> dict[str, Any]:
    """The settings of mkdocs.yml, `!ENV` values read from the environment."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # noqa: S506 (safe loader)


def settings_from(layout: Layout, today: date | None = None) -> Settings:
    """The public settings rendering needs, read from mkdocs.yml (site_url, extra.edit_base)."""
    config = mkdocs_config(layout.root / "mkdocs.yml")
    extra = config.get("extra") or {}
    return Settings(today=today or date.today(), site_url=os.environ.get("PIONNIERS_SITE_URL") or
                    config.get("site_url") or "", edit_base=extra.get("edit_base") or "")


@dataclass
class Memory:
    """What `pionniers serve` keeps between saves, so that a save costs about one case's work, not the corpus's."""

    files: FileCache = field(default_factory=dict)  # validated case files, by modification time and size
    pages: dict[tuple[Any, ...], str] = field(default_factory=dict)  # rendered case pages and cards
    written: dict[str, bytes] = field(default_factory=dict)  # what the last build wrote under docs/
    related: dict[str, list[Any]] = field(default_factory=dict)  # each case's related cases, at the last build
    places: dict[str, list[Any]] = field(default_factory=dict)  # each case's steps on learning paths, likewise
    sources: dict[str, Any] = field(default_factory=dict)  # the source records, likewise


def generate(corpus: Corpus, settings: Settings, memo: dict[tuple[Any, ...], str] | None = None,
             docs: Path | None = None, guide: str | None = None, memory: Memory | None = None,
             store: Store | None = None, stored: set[str] | None = None) -> dict[str, bytes]:
    """Every generated file, keyed by its path under docs/. The case files are published as the bytes that were
    validated (corpus.raw), never read again; `docs` (the hand-written pages) gives the titles of the pages that
    learning paths lead to; the guide (CONTRIBUTING.md) is given as its text. `memory` (the preview's) receives each
    case's related cases and steps on learning paths, for the page of a case saved later. `store` keeps the case
    pages between runs by the hash of their inputs (render.render_site); the names used are added to `stored`."""
    paths = parcours.resolve(corpus.parcours, corpus.cases, docs) if docs is not None else parcours.Paths()
    model = build_model(corpus.cases, settings, paths, corpus.featured, corpus.sources)
    if memory is not None:
        memory.related.clear()
        memory.related.update(model.related)
        memory.places = dict(model.paths.places)
        memory.sources = dict(corpus.sources)
    files = {path: text.encode("utf-8") for path, text in render_site(model, memo, store, stored).items()}
    if guide is not None:
        files["contribuer/index.md"] = environment().get_template("contributing.md.j2").render(
            guide=site_markdown(guide)).encode("utf-8")
    site_url = settings.site_url
    files["donnees/cas.json"] = export.cases_json(corpus.cases, site_url).encode("utf-8")
    cases_table = export.cases_csv(corpus.cases, site_url)
    figures_table = export.figures_csv(corpus.cases, site_url)
    files["donnees/cas.csv"] = cases_table.encode("utf-8")
    files["donnees/chiffres.csv"] = figures_table.encode("utf-8")
    files["donnees/cas-tableur.csv"] = export.for_spreadsheet(cases_table)
    files["donnees/chiffres-tableur.csv"] = export.for_spreadsheet(figures_table)
    files["donnees/cas.schema.json"] = export.schema_text().encode("utf-8")
    files["donnees/parcours.json"] = export.parcours_json(paths, site_url).encode("utf-8")
    files["donnees/parcours.schema.json"] = export.parcours_schema_text().encode("utf-8")
    theme_cases = {theme: sum(1 for c in corpus.cases if theme in c.themes) for theme in vocab.load().themes}
    files["donnees/vocabulaires.json"] = export.vocabularies_json(theme_cases).encode("utf-8")
    files["donnees/sources.json"] = export.sources_json(corpus.sources, corpus.cases).encode("utf-8")
    files["donnees/source.schema.json"] = export.source_schema_text().encode("utf-8")
    for case in corpus.cases:
        files[f"donnees/cas/{case.slug}.yml"] = corpus.raw[case.slug]
        # Citation files beside the page; a renamed case keeps them at its old address too.
        for name, text in cite.files(case, settings.site_url).items():
            for slug in (case.slug, *case.aliases):
                files[f"cas/{slug}/{name}"] = text.encode("utf-8")
    return files


def read_guide(layout: Layout) -> str | None:
    """CONTRIBUTING.md's text, read as a regular file only (a link is never followed into the site); None if absent."""
    try:
        return read_case(layout.contributing, MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise UnsafeTree(f"{layout.contributing} illisible ({err.__class__.__name__}) : un fichier texte ordinaire "
                         "en UTF-8 est attendu") from None


def problem_pages(problems: list[Problem], written: dict[str, bytes]) -> dict[str, bytes]:
    """For the preview only: a page per case file with problems, at that case's address, listing them (so that the
    page open in the browser shows what is wrong after a save), and the list of every problem on /cas/."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    template = environment().get_template("problems.md.j2")
    pages: dict[str, bytes] = {}
    for path, found in by_file.items():
        stem = Path(path).name.rsplit(".", 1)[0]
        slug = stem if stem and all(c.isalnum() and c.isascii() or c == "-" for c in stem) else ""
        folder = "parcours" if path.startswith("parcours/") else "cas"  # a learning path's page, or a case's
        if slug:
            pages[f"{folder}/{slug}.md"] = template.render(path=path, problems=found, slug=slug).encode("utf-8")
    index = written.get("cas/index.md", b"")
    banner = template.render(path="", problems=problems, slug="", banner=True).encode("utf-8")
    pages["cas/index.md"] = _after_front_matter(index, banner) if index else banner
    return pages


def _after_front_matter(page: bytes, insert: bytes) -> bytes:
    if page.startswith(b"---\n"):
        end = page.find(b"\n---\n", 4)
        if end != -1:
            return page[: end + 5] + b"\n" + insert + page[end + 5:]
    return insert + page


def check_tree(docs: Path) -> None:
    """Refuse to work on a tree where docs/, a generated folder or anything below one is a link or not a plain
    file or folder: a committed `docs/donnees -> ../cases` must not turn « remove what is stale » into « delete
    the corpus »."""
    check_top(docs)
    for top in GENERATED_DIRS:
        root = docs / top
        if not os.path.lexists(root):
            continue
        for folder, dirs, files in os.walk(root, followlinks=False):
            for name in dirs + files:
                path = Path(folder) / name
                mode = os.lstat(path).st_mode
                if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                    raise UnsafeTree(f"{path} est un lien symbolique ou un fichier spécial : la construction ne "
                                     "touche qu’aux fichiers ordinaires ; supprimez-le, il sera recréé")


# What the build reads besides the cases: the hand-written pages and the theme override (whole folders), and these
# files at the root. None may be a link: MkDocs would copy what it points to into the site (a `docs/assets/env.txt ->
# /proc/self/environ` would publish the build's environment).
READ_FOLDERS = ("docs", "overrides")
READ_FILES = ("mkdocs.yml", "CONTRIBUTING.md", "accueil.yml", "pagefind.yml")


def links_read(layout: Layout) -> list[str]:
    """Every symbolic link or special file (pipe, device…) among what the build reads, each said with its path and
    where it points, in French. The generated folders of docs/ are check_tree's (walked on a full build only)."""
    found: list[str] = []

    def refuse(path: Path, mode: int) -> None:
        rel = layout.rel(path)
        if stat.S_ISLNK(mode):
            target = os.readlink(path)
            found.append(f"{visible(rel)} est un lien symbolique (vers {visible(target)}) : la construction ne suit "
                         "aucun lien, le site publierait ce qu’il vise ; remplacez-le par le fichier lui-même")
        else:
            found.append(f"{visible(rel)} n’est ni un fichier ordinaire ni un dossier (tube, périphérique…) : "
                         "retirez-le")

    for name in READ_FILES:
        try:
            mode = os.lstat(layout.root / name).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            refuse(layout.root / name, mode)
    generated = {layout.docs / top for top in GENERATED_DIRS}
    for top in READ_FOLDERS:
        root = layout.root / top
        try:
            mode = os.lstat(root).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(mode):
            refuse(root, mode)
            continue
        for folder, dirs, files in os.walk(root, followlinks=False):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                mode = os.lstat(path).st_mode
                if path not in generated and not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                    refuse(path, mode)
            dirs[:] = [d for d in dirs if Path(folder) / d not in generated]
    return found


def check_top(docs: Path) -> None:
    """docs/, the generated folders and the generated files at its top are real folders and plain files: what
    `write_files` needs before writing a few pages (it checks every folder below on its way, and replaces a file
    without following it), so that the preview's save of one case does not walk 30,000 files (1 s at 5,000 cases)."""
    for name in GENERATED_FILES:
        try:
            mode = os.lstat(docs / name).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise UnsafeTree(f"{docs / name} n’est pas un fichier ordinaire (lien symbolique, dossier…) : la "
                             "construction ne l’écrit pas au travers ; supprimez-le, il sera recréé")
    for path in (docs, *(docs / top for top in GENERATED_DIRS)):
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(mode):
            raise UnsafeTree(f"{path} n’est pas un vrai dossier (lien symbolique ou fichier) : la construction "
                             "n’écrit que dans de vrais dossiers ; supprimez-le, il sera recréé")


def _safe_dir(docs: Path, rel_parent: Path) -> Path:
    """Create (or reuse) docs/<rel_parent> folder by folder, never through a link."""
    current = docs
    for part in rel_parent.parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            os.mkdir(current)
            continue
        if not stat.S_ISDIR(mode):
            raise UnsafeTree(f"{current} n’est pas un vrai dossier : la construction refuse d’écrire au travers")
    return current


def write_tree(docs: Path, files: dict[str, bytes], last: dict[str, bytes] | None = None) -> tuple[int, int]:
    """Write files atomically (temporary file, then rename); remove stale generated files. Returns (written, removed).

    Only paths inside the generated folders are written, and only regular files are read back or removed.
    `last` (the preview's memory of the previous build) spares reading back files that did not change."""
    check_tree(docs)
    if not os.path.lexists(docs):
        os.mkdir(docs)
    written = write_files(docs, files, last)
    removed = 0
    wanted = {docs / rel for rel in files}
    for top in GENERATED_DIRS:
        root = docs / top
        if not os.path.lexists(root):
            continue
        for folder, dirs, names in os.walk(root, topdown=False, followlinks=False):
            for name in names:
                path = Path(folder) / name
                if path not in wanted and _is_regular(path):
                    path.unlink()
                    removed += 1
            for name in dirs:
                path = Path(folder) / name
                if stat.S_ISDIR(os.lstat(path).st_mode) and not any(os.scandir(path)):
                    path.rmdir()
    return written, removed


def write_files(docs: Path, files: dict[str, bytes], last: dict[str, bytes] | None = None) -> int:
    """Write files atomically (temporary file, then rename) inside the generated folders, removing nothing: what
    `write_tree` does first, and what the preview does alone for the page of a case just saved. Returns how many
    files changed. The caller has checked the tree (check_tree, or check_top for a few pages)."""
    written = 0
    for rel, content in sorted(files.items()):
        parts = Path(rel).parts
        if not parts or (parts[0] not in GENERATED_DIRS and rel not in GENERATED_FILES) or any(
                p in ("", ".", "..") for p in parts):
            raise UnsafeTree(f"chemin généré hors des dossiers générés : {rel}")
        target = docs / rel
        if last is not None and last.get(rel) == content and _is_regular(target):
            continue
        if _is_regular(target) and target.read_bytes() == content:
            continue
        write_atomically(_safe_dir(docs, Path(rel).parent) / target.name, content)
        written += 1
    return written


def saved_case(layout: Layout, path: Path, memory: Memory, today: date | None = None) -> dict[str, bytes]:
    """For the preview, at once after a save: the page of one case file, from that file alone (validated on its
    own) and the related cases of the last build — or its page of problems. The rest of the site (listings, the
    corpus checks, other cases' « Voir aussi ») follows with the next full build. Empty when the file is gone,
    is not a case file, or names a case the last build did not know (a new case waits for the full build)."""
    try:
        raw = read_case(path, MAX_BYTES)
    except (OSError, ValueError):
        return {}
    rel = layout.rel(path)
    checked = check_file(raw, rel, today=today or date.today())
    stem = path.name.rsplit(".", 1)[0]
    if checked.problems:
        pages = problem_pages(checked.problems, {})
        return {name: page for name, page in pages.items() if name != "cas/index.md"}
    case = checked.case
    if case is None or case.slug != stem or case.slug not in memory.related:
        return {}
    case = schema.with_records(case, memory.sources)
    page = render_case_page(case, memory.related[case.slug], settings_from(layout, today),
                            memory.places.get(case.slug, []))
    return {f"cas/{case.slug}.md": page.encode("utf-8"), f"donnees/cas/{case.slug}.yml": raw}


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def build(layout: Layout, today: date | None = None, memory: Memory | None = None, *, preview: bool = False) -> int:
    """Validate, then write. With problems: nothing is written (exit 1); in the preview, the valid cases are written
    and each broken case's page shows its problems instead, so the browser tells the truth."""
    return build_corpus(layout, today, memory, preview=preview)[0]


def build_corpus(layout: Layout, today: date | None = None, memory: Memory | None = None, *,
                 preview: bool = False) -> tuple[int, Corpus]:
    """`build`, returning the validated corpus too (for `pionniers publish`, which checks the site against it)."""
    corpus = check_corpus(layout, today=today, cache=memory.files if memory else None)
    return _write(layout, corpus, today, memory, preview), corpus


def _write(layout: Layout, corpus: Corpus, today: date | None, memory: Memory | None, preview: bool) -> int:
    links = links_read(layout)
    if links:
        for line in links:
            print(f"pionniers : {line}", file=sys.stderr)
        print("Rien n’a été écrit : la construction ne lit que des fichiers et dossiers ordinaires du dépôt.",
              file=sys.stderr)
        return 1
    if not corpus.ok and not preview:
        report(corpus.problems, corpus.files)
        print("Rien n’a été écrit : corrigez ces problèmes puis relancez `pionniers build`.", file=sys.stderr)
        return 1
    try:
        # A build or a publish keeps the case pages between runs on disk; the preview keeps its own in memory.
        kept = Store(layout.root, *CACHE_DIRS, "pages", suffix=".md") if memory is None else contextlib.nullcontext()
        with kept as store:
            stored: set[str] = set()
            files = generate(corpus, settings_from(layout, today), memory.pages if memory else None, layout.docs,
                             read_guide(layout), memory, store=store, stored=stored)
            if store is not None and corpus.ok:
                store.prune(stored)
        if not corpus.ok:
            report(corpus.problems, corpus.files)
            files.update(problem_pages(corpus.problems, files))
        written, removed = write_tree(layout.docs, files, memory.written if memory else None)
    except UnsafeTree as err:
        print(f"pionniers : {err}", file=sys.stderr)
        return 1
    if memory is not None:
        memory.written = files
    print(f"{len(corpus.cases)} cas, {len(files)} fichiers générés dans docs/ "
          f"({written} écrits, {removed} obsolètes supprimés).")
    return 0 if corpus.ok else 1
