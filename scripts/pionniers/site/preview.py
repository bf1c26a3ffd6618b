"""The preview of `pionniers serve`: MkDocs' own build, kept in memory between saves, and a server that reloads the
open pages when a rebuild is done.

`mkdocs serve --dirty` walks, at each change, every file of docs/ and of the theme (its thousands of icons), renders
the sitemap of every page and polls all of them: about 6.7 s at 5,000 cases before the saved page shows. Here the
state MkDocs gathers before writing pages (its file list, navigation and template environment) is gathered once,
with MkDocs' own functions, and a change rebuilds only the pages whose generated Markdown changed:

    SiteBuilder.build_all()            the first, full build (as `mkdocs build`, without the sitemap's rebuilds)
    SiteBuilder.update(changed, gone)  re-read and rebuild those pages only; new pages are added, gone ones removed

The server is MkDocs' LiveReloadServer (the same live-reload script in each page), told by serve.py when a rebuild
is done rather than polling folders. Pagefind's index of the preview (PreviewIndex) is rebuilt in the background
from the renditions of the pages (search.py), the changed ones rewritten, and swapped in when complete.

This relies on MkDocs 1.6's build functions (`_populate_page`, `_build_page`), pinned in pyproject.toml; the tests
of `pionniers serve` fail if they move.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from pionniers.common.files import write_atomically
from pionniers.site import search

log = logging.getLogger(__name__)


def _atomic_write_file(content: bytes, output_path: str) -> None:
    """MkDocs' write_file, written to a temporary file then renamed: a reader loading a page while the preview
    rebuilds it gets the old page or the new one, never half of it."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    write_atomically(output_path, content)


class SiteBuilder:
    """MkDocs' build of the preview, with its state kept between rebuilds."""

    def __init__(self, config_file: Path, site_dir: Path, dev_addr: str) -> None:
        self.config = load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=dev_addr)
        self.config.plugins.on_startup(command="serve", dirty=False)
        host, port = self.config.dev_addr
        self.serve_url = f"http://{host}:{port}/"
        self.config.site_url = self.serve_url
        self.site_dir = Path(self.config.site_dir)
        self.docs_dir = Path(self.config.docs_dir)
        self.lock = threading.Lock()
        mkdocs_utils.write_file = _atomic_write_file  # this process only: MkDocs' build module calls it by name

    def build_all(self) -> list[str]:
        """MkDocs' build (commands/build.py), keeping its files, navigation and environment. Returns the pages
        written (paths under the site)."""
        with self.lock:
            config = self.config = self.config.plugins.on_config(self.config)
            config.plugins.on_pre_build(config=config)
            mkdocs_utils.clean_directory(config.site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
                if file.page is None:
                    Page(None, file, config)
                mkdocs_build._populate_page(file.page, config, files)
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files(inclusion=InclusionLevel.is_in_serve)
            for template in config.theme.static_templates:
                mkdocs_build._build_theme_template(template, env, files, config, nav)
            self.files, self.nav, self.env = files, nav, env
            self._doc_files = self._pages()
            return [self._build(file) for file in self._doc_files]

    def _pages(self) -> list[File]:
        return list(self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve))

    def _build(self, file: File) -> str:
        page = file.page
        assert page is not None
        mkdocs_build._build_page(page, self.config, self._doc_files, self.nav, self.env)
        page.content = None  # the page's HTML is on disk: a rebuild reads its Markdown again
        return Path(file.abs_dest_path).relative_to(self.site_dir).as_posix()

    def update(self, changed: Iterable[str], removed: Iterable[str] = (),
               stop: Callable[[], bool] = lambda: False) -> tuple[list[str], list[str]]:
        """Rebuild the pages whose source (a path under docs/) changed, add the new ones, remove the gone ones.
        Other files (open data) are copied. `stop()` is asked between two pages: when it says so, the rest is left.
        Returns (the HTML pages written or removed, paths under the site; the sources left to rebuild).

        Two threads may rebuild pages at once (serve.py: the saved case's page while the listings are rebuilt):
        only the file list is shared and changed under the lock."""
        touched: list[str] = []
        with self.lock:
            for rel in removed:
                file = self.files.get_file_from_path(rel)
                if file is None:
                    continue
                self.files.remove(file)
                self._doc_files = self._pages()
                target = Path(file.abs_dest_path)
                if _is_regular(target):
                    target.unlink()
                    touched.append(target.relative_to(self.site_dir).as_posix())
                if file.is_documentation_page() and target.parent != self.site_dir:
                    try:
                        target.parent.rmdir()
                    except OSError:
                        pass
        changed = list(changed)
        with self.lock:  # every new page known before any is built: a new page may link to another new one
            new = [rel for rel in changed if self.files.get_file_from_path(rel) is None]
            for rel in new:
                self._add(rel)
            if new:
                self._doc_files = self._pages()
        for done, rel in enumerate(changed):
            if done and stop():
                return touched, changed[done:]
            with self.lock:
                file = self.files.get_file_from_path(rel)
                if file is None:
                    file = self._add(rel)
                    if file.is_documentation_page():
                        self._doc_files = self._pages()
            if file.is_documentation_page():
                mkdocs_build._populate_page(file.page, self.config, self.files)
                touched.append(self._build(file))
            elif Path(file.abs_src_path).is_file():
                file.copy_file()
        return touched, []


    def register(self, added: Iterable[str], removed: Iterable[str]) -> None:
        """Know the sources another process added or removed (and built or deleted): so that this one can rebuild
        them later."""
        with self.lock:
            for rel in removed:
                file = self.files.get_file_from_path(rel)
                if file is not None:
                    self.files.remove(file)
            for rel in added:
                if self.files.get_file_from_path(rel) is None:
                    self._add(rel)
            self._doc_files = self._pages()

    def _add(self, rel: str) -> File:
        """A source file MkDocs has not seen yet, added to its files (with its page, for a Markdown one). The caller
        holds the lock."""
        file = File(rel, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls)
        set_exclusions([file], self.config)
        self.files.append(file)
        if file.is_documentation_page():
            Page(None, file, self.config)
        return file


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server over the preview's site folder. It polls no folder: `building()` holds the page
    requests while the saved case's page is rebuilt, `built()` and `reload()` make every open page reload."""

    def __init__(self, host: str, port: int, root: Path, cases: Path) -> None:
        super().__init__(builder=lambda: None, host=host, port=port, root=str(root))
        # Pages get the live-reload script only when something is watched: the case files are (by serve.py).
        self._watched_paths[str(cases)] = 1
        self.error_handler = self._error_page

    def _serve_request(self, environ, start_response):  # noqa: ANN001, ANN202
        """MkDocs' answer to a request, except that an address no file can have (a NUL, a control character: « GET
        /cas/%00 ») is not found, instead of an error 500 and a traceback."""
        path = environ.get("PATH_INFO", "")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
            return None
        try:
            return super()._serve_request(environ, start_response)
        except ValueError:  # a path the file system refuses
            return None

    def _error_page(self, code: int) -> bytes | None:
        page = Path(self.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def building(self) -> None:
        with self._epoch_cond:
            self._wanted_epoch = _now()

    def built(self) -> None:
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch = max(_now(), self._wanted_epoch)
            self._epoch_cond.notify_all()

    reload = built


def _now() -> int:
    return round(time.monotonic() * 1000)


class PreviewIndex:
    """Pagefind's index of the preview: the renditions of its pages (search.py) kept in a folder, the changed ones
    rewritten, Pagefind run over them into a new bundle, swapped into SITE/pagefind/ when complete. Runs in a
    background thread; saves during a run are gathered into the next one."""

    def __init__(self, project: Path, site_dir: Path) -> None:
        self.project = project
        self.site_dir = site_dir
        self.folder = Path(tempfile.mkdtemp(prefix="pionniers-apercu-index-"))
        self.renditions = search.Renditions(self.folder)
        self.pending: set[str] = set()
        self.lock = threading.Condition()
        self.running = False
        self.stopped = False
        self.last_seconds: float | None = None
        self.process: subprocess.Popen[str] | None = None
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def schedule(self, pages: Iterable[str]) -> None:
        with self.lock:
            self.pending.update(p for p in pages if p.endswith("index.html"))
            self.lock.notify_all()

    def _loop(self) -> None:
        while True:
            with self.lock:
                while not self.pending and not self.stopped:
                    self.lock.wait()
                if self.stopped:
                    return
                pages, self.pending = self.pending, set()
                self.running = True
            try:
                self._run(pages)
            except Exception as err:  # noqa: BLE001 (the preview goes on without an updated search)
                print(f"[pionniers] la recherche de l’aperçu n’a pas pu être mise à jour : {err}", flush=True)
            finally:
                with self.lock:
                    self.running = False
                    self.lock.notify_all()

    def _run(self, pages: set[str]) -> None:
        started = time.perf_counter()
        for rel in sorted(pages):
            source = self.site_dir / rel
            if source.is_file():
                self.renditions.add(rel, source.read_text(encoding="utf-8", errors="replace"))
            else:
                (self.folder / rel).unlink(missing_ok=True)
                self.renditions.words.remove(rel)
        fresh = self.site_dir / ".pagefind-nouveau"
        shutil.rmtree(fresh, ignore_errors=True)
        with self.lock:
            if self.stopped:
                return
            self.process = search.start_pagefind(self.project, self.folder, fresh.resolve())
        out, err = self.process.communicate()
        if self.stopped:  # the preview stopped meanwhile: its folder is gone, nothing to swap in
            shutil.rmtree(fresh, ignore_errors=True)
            return
        if self.process.returncode != 0:
            raise RuntimeError(out[-500:] + err[-500:])
        self.renditions.words.write(fresh)
        search.swap_in(fresh, self.site_dir / "pagefind")
        self.last_seconds = time.perf_counter() - started
        print(f"[pionniers] recherche de l’aperçu à jour ({self.last_seconds:.1f} s)", flush=True)

    def idle(self, timeout: float) -> bool:
        """Wait until nothing is pending nor running (for tests and the benchmark)."""
        with self.lock:
            return self.lock.wait_for(lambda: not self.pending and not self.running, timeout=timeout)

    def stop(self) -> None:
        """Stop, ending a Pagefind run under way (its output would land in the removed site folder)."""
        with self.lock:
            self.stopped = True
            self.lock.notify_all()
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

