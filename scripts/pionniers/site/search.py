"""The site's search index: Pagefind, run over a rendition of the built site made for French readers.

    pionniers publish                      # indexes each page as MkDocs writes it (Indexer)
    pionniers index [SITE]                 # after `zensical build` or `mkdocs build`: the same index (index_site)

Pagefind splits a word on ASCII punctuation only: « l'obésité » is indexed as « lobésité » *and* « obésité », but
« l’obésité », written with the typographic apostrophe French asks for, is one word, « lobésité ». So Pagefind
does not read the published pages themselves: for each page it reads a rendition holding the page's article only
(what pagefind.yml's root_selector chose anyway), in which

- an apostrophe between two letters is the ASCII one (« l'obésité »): Pagefind then indexes the whole word (so that
  « loreal » still finds « L’Oréal ») and its parts (« oréal », « obésité ») — the same as « Unis-Cité » → « uniscité »,
  « unis », « cité »;
- the root element carries the kind of page as a Pagefind filter (`genre`: cas, organisation, theme, territoire,
  page; liste for the home page, the folders' indexes and /impact/, source for a source's page, aide for the guide
  and the open-data pages), from its address: every page has one, hand-written pages
  included;
- a case page stops before « Citer ce cas »: the citation, the titles of related cases (« Voir aussi ») and the
  correction notice are the same words on every page, or another case's words, and only made each query list
  cases that merely link to the one a reader looks for;
- a number written the French way, in groups (« 70 000 », with a narrow no-break space), is one word whose groups
  are joined by an ASCII apostrophe (« 70'000 »): Pagefind indexes « 70000 » and its groups, so « 70000 » finds
  « 70 000 »; the search box shows the groups apart again;
- a theme page without cases (« à documenter ») is of the kind `vide`, which the search box never asks for: it is
  indexed, like every page, but never a result.

Beside Pagefind's bundle, `pionniers-mots.json` lists the words of the pages (the most frequent first, each in its
usual spelling): when a query finds nothing, the search box offers the nearest ones (« crsus » → « crésus »).

The published HTML is not touched; the renditions live in a temporary folder, and Pagefind writes its bundle into
the site (SITE/pagefind/) with the settings of pagefind.yml. The search box (docs/assets/pionniers.js) shows the
typographic apostrophe again, and splits what a reader types the same way (« l’oreal » → « oreal »).
"""

from __future__ import annotations

import base64
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The kind of a page, from its address: the first folder and whether the page is the folder's index.
GENRES = {"cas": "cas", "organisations": "organisation", "themes": "theme", "territoires": "territoire"}
# Pages for contributors and reusers (the guide, the open data): listed after the pages about the cases.
HELP_FOLDERS = ("contribuer", "donnees")
# Where the indexed part of a case page ends (templates/case.md.j2: « Citer ce cas », then « Voir aussi »…).
CASE_INDEX_END = '<h2 id="citer">'
# The pages that list the whole corpus — every case by year (/cas/), every figure (/impact/), every source
# (/sources/) — are indexed up to their first section or list: their title and introduction. What follows repeats the words of
# the pages it lists, hundreds of thousands of them at 5,000 cases: it weighed on the chunk of every common word (each
# occurrence is a position in it), and such a page, when it came first, had a 460 KB excerpt file to fetch.
LISTINGS = frozenset({"cas/index.html", "impact/index.html", "sources/index.html"})
_LISTING_END = re.compile(r"<(?:h2|ul|ol|table)\b")
_ARTICLE_OPEN = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
_ARTICLE_TAG = re.compile(r"<(/?)article\b")
_APOSTROPHE = re.compile(r"(?<=\w)[’ʼ](?=\w)")
_LANG = re.compile(r'<html[^>]*\blang="([a-zA-Z-]+)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# A number in groups of three (« 70 000 », « 3 500 000 »), its groups apart by a space of any width.
_GROUPED_NUMBER = re.compile(r"(?<![\d'])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d'])")
_TAG = re.compile(r"(<[^>]*>)")
# « co‑création » in a heading (the hyphen that keeps a word on one line) is indexed as « co-création ».
NON_BREAKING_HYPHEN = "\u2011"
# An empty theme page (templates/theme.md.j2): indexed, never a result (see `rendition`).
EMPTY_MARK = "data-pn-vide"
EMPTY_GENRE = "vide"
# The word list for « Vouliez-vous dire… » (written beside Pagefind's bundle): words of three letters or more.
WORDS_FILE = "pionniers-mots.json"
WORDS_MAX = 30_000
_WORD = re.compile(r"[^\W\d_]{3,}")


def genre(rel: str) -> str:
    """The kind of page at `rel` (a path under the site, « cas/slug/index.html »): what a search result says it is.
    The home page, the index of each folder and /impact/ are lists (`liste`), a source's page is of the kind
    `source`, the contributor's guide and the open-data pages `aide`: the search box lists them, in this order,
    after the pages about the cases."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[2] == "index.html" and parts[0] in GENRES:
        return GENRES[parts[0]]
    if len(parts) == 3 and parts[2] == "index.html" and parts[0] == "sources":
        return "source"
    if parts[0] in HELP_FOLDERS:
        return "aide"
    if len(parts) <= 2 or parts[0] == "impact":
        return "liste"  # the home page, a folder's index, the figures of every case: lists of other pages' words
    return "page"


def article(html: str) -> str | None:
    """The page's article element (Material's `article.md-content__inner`), nested articles included; None when the
    page has none (a redirect page)."""
    start = _ARTICLE_OPEN.search(html)
    if not start:
        return None
    depth = 0
    for tag in _ARTICLE_TAG.finditer(html, start.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = html.index(">", tag.end()) + 1
            return html[start.start():end]
    return None


def rendition(html: str, rel: str) -> str | None:
    """What Pagefind reads for one published page: its language, title and article, apostrophes made ASCII inside
    words, and its kind as a filter on the article. None for a page without an article (not indexed)."""
    body = article(html)
    if body is None:
        return None
    lang = _LANG.search(html)
    title = _TITLE.search(html)
    kind = genre(rel)
    cut = body.find(CASE_INDEX_END) if kind == "cas" else _LISTING_END.search(body) if rel in LISTINGS else -1
    cut = cut.start() if isinstance(cut, re.Match) else -1 if cut is None else cut
    if cut != -1:
        body = body[:cut] + "</article>"
    if kind == "theme" and EMPTY_MARK in body:
        kind = EMPTY_GENRE
    opening = _ARTICLE_OPEN.match(body)
    if opening is None:  # article() starts with it
        return None
    tagged = opening.group()[:-1] + f' data-pagefind-filter="genre:{kind}">' + body[opening.end():]
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "fr"}"><head><meta charset="utf-8">'
            f"<title>{title.group(1) if title else ''}</title></head><body>"
            f"{_APOSTROPHE.sub(chr(39), joined_numbers(tagged)).replace(NON_BREAKING_HYPHEN, '-')}</body></html>")


def joined_numbers(markup: str) -> str:
    """Every number written in groups (« 70 000 ») in the text of `markup`, its groups joined by an ASCII
    apostrophe (« 70'000 »), which Pagefind indexes whole and in parts; tags are left as they are."""
    return "".join(part if part.startswith("<") else
                   _GROUPED_NUMBER.sub(lambda m: m.group(1) + re.sub(r"[ \u00a0\u202f]", "'", m.group(2)), part)
                   for part in _TAG.split(markup))


def page_words(rendered: str) -> dict[str, str]:
    """The words of a rendition's text (three letters or more), folded (no case, no accent) -> as written in lower
    case, for the word list of « Vouliez-vous dire… »."""
    import unicodedata

    text = html_lib.unescape(_TAG.sub(" ", rendered.split("<body>", 1)[-1]))
    out: dict[str, str] = {}
    for word in _WORD.findall(text):
        lower = word.lower()
        folded = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
        out.setdefault(folded, lower)
    return out


@dataclass
class Words:
    """The words of every indexed page (by page, so that a rewritten page replaces its own), written as a list, the
    words found on most pages first: [[folded, as written], …]."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, rel: str, rendered: str) -> None:
        self.pages[rel] = page_words(rendered)

    def remove(self, rel: str) -> None:
        self.pages.pop(rel, None)

    def content(self) -> bytes:
        from collections import Counter

        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for words in self.pages.values():
            counts.update(words.keys())
            for folded, written in words.items():
                spelling.setdefault(folded, written)
        ranked = sorted(counts, key=lambda w: (-counts[w], w))[:WORDS_MAX]
        return json.dumps([[w, spelling[w]] for w in ranked], ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")

    def write(self, folder: Path) -> None:
        """Write the list into the bundle's folder (a new file: never through a link)."""
        fd = os.open(folder / WORDS_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self.content())


# The pages of the source records (/sources/<id>/) are not search results: each holds words the pages of the cases
# that cite it hold already (its title, publisher, author and date in their « Sources », its extracts as the evidence
# of their figures and their quotations), and a search leads to those cases, which link to it. Left out, they no
# longer weigh on every query: at 5,000 synthetic cases they are 6,948 of 13,600 pages, half of the metadata that
# every search downloads first, and much of the chunk of a common word.
_NOT_RESULTS = re.compile(r"sources/[^/]+/index\.html")


def searched(rel: str) -> bool:
    """Whether the page at `rel` (a path under the site) is one the search indexes, if it has an article: every
    `**/index.html` (pagefind.yml's glob, for the CLI) but a source record's page."""
    return rel.endswith("index.html") and not _NOT_RESULTS.fullmatch(rel)


def indexed(rel: str, html: str) -> str | None:
    """The rendition Pagefind reads of the published page at `rel`, or None for a page it leaves out (`searched`,
    and a page without an article)."""
    return rendition(html, rel) if searched(rel) else None


@dataclass
class Renditions:
    """A folder of renditions for Pagefind's CLI (`pionniers index`, and the preview, which rewrites the changed
    ones), at the pages' own relative paths, so that Pagefind gives each result the published page's address."""

    folder: Path
    pages: int = 0
    words: Words = field(default_factory=Words)

    def add(self, rel: str, html: str) -> None:
        text = indexed(rel, html)
        if text is None:
            return
        target = self.folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.words.add(rel, text)
        self.pages += 1


def write_renditions(site: Path, dest: Path) -> Renditions:
    """The rendition of every `**/index.html` of `site`, under `dest`."""
    out = Renditions(dest)
    for rel, html in _pages(site):
        out.add(rel, html)
    return out


def _pages(site: Path):  # noqa: ANN202
    for folder, dirs, names in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not (folder == str(site) and d in ("pagefind", "assets", "search")))
        if "index.html" in names:
            path = Path(folder) / "index.html"
            yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8", errors="replace")


def pagefind_command(source: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output)]


def start_pagefind(project: Path, source: Path, output: Path) -> subprocess.Popen[str]:
    """Pagefind started in the background (see run_pagefind): `communicate()` waits for it."""
    return subprocess.Popen(pagefind_command(source, output), cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def run_pagefind(project: Path, source: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """Pagefind over `source`, with the project's pagefind.yml (read from the working directory), into `output`."""
    return subprocess.run(pagefind_command(source, output), cwd=project, capture_output=True, text=True)


def index_site(project: Path, site: Path, output: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Index the built `site`: renditions in a temporary folder, then Pagefind, whose bundle replaces SITE/pagefind/
    once complete (swap_in: run twice on the same site, the first bundle's files do not stay beside the second's),
    or goes to `output`."""
    with tempfile.TemporaryDirectory(prefix="pionniers-index-") as tmp:
        renditions = write_renditions(site, Path(tmp))
        if output is not None:
            result = run_pagefind(project, Path(tmp), output.resolve())
            if result.returncode == 0:
                renditions.words.write(output)
            return result
        fresh = site / ".pagefind-nouveau"
        shutil.rmtree(fresh, ignore_errors=True)
        result = run_pagefind(project, Path(tmp), fresh.resolve())
        if result.returncode == 0:
            renditions.words.write(fresh)
            swap_in(fresh, site / "pagefind")
        else:
            shutil.rmtree(fresh, ignore_errors=True)
        return result


# A file of Pagefind's bundle: a relative path of plain names (pagefind.js, fragment/fr_bcfc361.pf_fragment…).
_BUNDLE_FILE = re.compile(r"(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_-][A-Za-z0-9._-]*")


def write_bundle(output: Path, files: list[tuple[str, bytes]]) -> None:
    """Write Pagefind's bundle into `output`, which must not exist yet: only plain relative names, each file created
    anew (never written through a link or over another file). Raises ValueError or OSError."""
    os.mkdir(output)
    for rel, content in files:
        if not _BUNDLE_FILE.fullmatch(rel):
            raise ValueError(f"nom de fichier inattendu dans l’index de Pagefind : {rel!r}")
        folder = (output / rel).parent
        if folder != output and not folder.is_dir():
            folder.mkdir()
        fd = os.open(output / rel, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)


def swap_in(fresh: Path, current: Path) -> None:
    """Put the complete bundle `fresh` in the place of `current` (Pagefind adds its files to a folder that exists
    and removes none): the old bundle is moved aside, then removed. Nothing is followed: a link in the place of
    `current` is moved aside as a link, and rmtree leaves it (it removes no link's target)."""
    old = current.with_name(".pagefind-ancien")
    shutil.rmtree(old, ignore_errors=True)
    if os.path.lexists(current):
        current.rename(old)
    fresh.rename(current)
    shutil.rmtree(old, ignore_errors=True)


# --- Pagefind as a service: pages handed over one by one (pionniers publish) ---------------------------------------

# The settings of pagefind.yml that Pagefind's service takes (its IndexConfig); `glob` is Renditions.add's rule.
SERVICE_SETTINGS = ("root_selector", "exclude_selectors", "force_language", "include_characters", "keep_index_url")


def service_settings(project: Path) -> dict[str, Any]:
    """pagefind.yml's settings, for Pagefind's service (the CLI reads the file itself)."""
    settings = yaml.safe_load((project / "pagefind.yml").read_text(encoding="utf-8")) or {}
    return {key: settings[key] for key in SERVICE_SETTINGS if key in settings}


@dataclass
class Indexer:
    """Pagefind's service (`pagefind --service`, the binary of the pinned pagefind[bin]), fed each page's rendition
    as soon as it is there, so that it indexes while MkDocs still builds; `finish()` writes the bundle.

    The Python API that ships with Pagefind waits 0.1 s before reading each answer (4 minutes for 2,418 pages), so this
    speaks its protocol directly: requests and answers are base64 JSON, each followed by a comma; a writer sends,
    a thread reads the answers. Pinned to Pagefind 1.5 (pyproject.toml); tests/test_search_index.py compares its
    bundle with the CLI's."""

    project: Path
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    words: Words = field(default_factory=Words)

    def __post_init__(self) -> None:
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is None:
            raise FileNotFoundError("binaire Pagefind introuvable (pagefind[bin])")
        self._process = subprocess.Popen([str(executable), "--service"], cwd=self.project, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._sent = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._answered = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._index = self._ask({"type": "NewIndex", "config": service_settings(self.project)})["index_id"]

    def _read(self) -> None:
        assert self._process.stdout is not None
        started: list[bytes] = []  # the start of a message still arriving (the bundle is one message of megabytes)
        while chunk := self._process.stdout.read1(1 << 20):
            *whole, rest = chunk.split(b",")
            if whole:
                whole[0] = b"".join(started) + whole[0]
                started = []
            started.append(rest)
            for message in whole:
                answer = json.loads(base64.b64decode(message))
                payload = answer.get("payload") or {}
                if payload.get("type") == "Error":
                    self.errors.append(str(payload.get("message")))
                with self._answered:
                    self._answers[answer.get("message_id") or 0] = payload
                    self._answered.notify_all()
        with self._answered:
            self._answers[-1] = {"type": "Error", "message": "Pagefind s’est arrêté"}
            self._answered.notify_all()

    def _send(self, payload: dict[str, Any]) -> int:
        assert self._process.stdin is not None
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        self._process.stdin.write(base64.b64encode(message) + b",")
        return self._sent

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send, then wait for the answers up to this one (Pagefind answers in order)."""
        number = self._send(payload)
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._answered:
            self._answered.wait_for(lambda: number in self._answers or -1 in self._answers)
        return self._answers.get(number, self._answers.get(-1, {}))

    def add(self, rel: str, html: str) -> None:
        """The page at `rel` (under the site), indexed if it is one (`indexed`)."""
        text = indexed(rel, html)
        if text is None:
            return
        self._send({"type": "AddFile", "index_id": self._index, "file_path": rel, "url": None, "file_contents": text})
        self.words.add(rel, text)
        self.pages += 1

    def finish(self, output: Path) -> list[str]:
        """Write the bundle into `output` (a new folder), stop the service; its errors (none: the index is complete).

        The bundle's files are asked for (GetFiles) and written here. Pagefind's own WriteFiles answers before its
        last writes are done (each goes to a background thread of tokio, which takes the bytes and returns at once),
        and the service exits as soon as its input closes: a published bundle lost its pagefind-entry.json once in
        about ten builds, and could as well have kept a truncated index chunk."""
        answer = self._ask({"type": "GetFiles", "index_id": self._index})
        self.close()
        if answer.get("type") != "GetFiles":
            return self.errors or [str(answer.get("message") or answer)]
        try:
            write_bundle(output, [*((f["path"], base64.b64decode(f["content"])) for f in answer["files"]),
                                  (WORDS_FILE, self.words.content())])
        except (OSError, ValueError) as err:
            return [*self.errors, f"index de recherche non écrit dans {output} : {err}"]
        return self.errors

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            try:
                self._process.stdin.close()
            except OSError:
                pass
            self._process.terminate()
        self._process.wait()
