"""`pionniers serve`: generate, build the preview, and follow every save of a case file — search included.

A save is handled in two steps (preview.py keeps MkDocs' state between them, so neither walks the whole site):

1. at once, the saved case alone: its file validated on its own, its page rendered (or its page of problems),
   MkDocs rebuilds that page, and the open pages reload. This costs about the same at 14 cases as at 5,000;
2. then the whole corpus, as `pionniers build` (corpus checks, listings, other cases' « Voir aussi », open data),
   with MkDocs rebuilding only the pages whose Markdown changed; the open pages reload again.

The search box works on the preview: Pagefind's index is rebuilt in the background after each save (a few seconds
at 1,000 cases, about twenty at 5,000) and swapped in when complete; until then the search answers from the
previous index. The preview's site lives in a temporary folder, removed when the command stops.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from pionniers.common.chars import visible
from pionniers.common.paths import Layout
from pionniers.site.build import Memory, UnsafeTree, build, check_top, saved_case, write_files

DEBOUNCE_SECONDS = 0.05  # editors write a file in several events: wait until they stop


class _Saves(FileSystemEventHandler):
    """The case files saved (or removed) since the last rebuild."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.cond = threading.Condition()
        self.last = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        found = {Path(str(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if str(p).endswith(".yml")}
        if found:
            with self.cond:
                self.paths |= found
                self.last = time.monotonic()
                self.cond.notify_all()

    def take(self, stop: threading.Event) -> set[Path]:
        """Wait for saves, then for the burst to end; return them."""
        with self.cond:
            while not self.paths and not stop.is_set():
                self.cond.wait(timeout=0.5)
            while self.paths and time.monotonic() - self.last < DEBOUNCE_SECONDS:
                self.cond.wait(timeout=DEBOUNCE_SECONDS)
            paths, self.paths = self.paths, set()
            return paths

    def pending(self) -> bool:
        with self.cond:
            return bool(self.paths)


class Preview:
    """The running preview: generated docs, MkDocs' state, the server and the search index.

    The saved cases' own pages are rebuilt by this process; the whole corpus by a second process forked from it
    once the first build is done (it starts with the same MkDocs state): rendering a listing of 5,000 cards holds
    Python for seconds, and a save must not wait for it."""

    def __init__(self, layout: Layout, dev_addr: str) -> None:
        from pionniers.site.preview import PreviewIndex, PreviewServer, SiteBuilder

        port_problem(dev_addr)  # before any work: a busy port is said at once
        self.layout = layout
        self.memory = Memory()
        self.saves = _Saves()
        self.stop = threading.Event()
        self.corpus_wanted = threading.Event()  # a save since the last rebuild of the whole corpus began
        self.left: set[str] = set()  # sources a rebuild of the corpus left for the next one
        if build(layout, memory=self.memory, preview=True) != 0:
            print("[pionniers] l’aperçu démarre quand même : corrigez les problèmes, il se mettra à jour.", flush=True)
        started = time.perf_counter()
        self.site = Path(tempfile.mkdtemp(prefix="pionniers-apercu-"))
        try:
            self.builder = SiteBuilder(layout.root / "mkdocs.yml", self.site, dev_addr)
            pages = self.builder.build_all()
        except BaseException:
            shutil.rmtree(self.site, ignore_errors=True)
            raise
        print(f"[pionniers] aperçu construit : {len(pages)} pages ({time.perf_counter() - started:.1f} s)", flush=True)
        # Forked now, before any thread starts: the corpus process gets this state as it is.
        context = multiprocessing.get_context("fork")
        self.interrupt = context.Event()
        self.conn, child = context.Pipe()
        self.corpus = context.Process(target=_corpus_process, args=(self, child), daemon=True)
        self.corpus.start()
        child.close()
        self.index = PreviewIndex(layout.root, self.site)
        self.index.schedule(pages)
        host, port = self.builder.config.dev_addr
        try:
            self.server = PreviewServer(host, port, self.site, layout.cases)
        except BaseException:  # the port was taken meanwhile: leave nothing behind
            self.corpus.terminate()
            self.index.stop()
            shutil.rmtree(self.site, ignore_errors=True)
            raise
        self.url = self.builder.serve_url
        self.recent: set[Path] = set()  # saved while the corpus process runs

    def start(self) -> None:
        for work in (self._follow_saves, self._follow_corpus):
            threading.Thread(target=work, daemon=True).start()

    def _follow_saves(self) -> None:
        """Step 1, for each burst of saves: the saved cases' own pages, at once."""
        while not self.stop.is_set():
            paths = self.saves.take(self.stop)
            if not paths or self.stop.is_set():
                continue
            self.interrupt.set()
            self.recent |= paths
            self.corpus_wanted.set()
            self._guarded(lambda: self.index.schedule(self._saved(paths)))

    def _follow_corpus(self) -> None:
        """Step 2: the whole corpus, by the corpus process, once saves stop; a new save interrupts it between two
        pages. Its case pages may then be older than the saves that interrupted it: those are redone here."""
        while not self.stop.is_set():
            if not self.corpus_wanted.wait(timeout=0.5):
                continue
            time.sleep(DEBOUNCE_SECONDS)
            if self.saves.pending():
                continue
            self.corpus_wanted.clear()
            self.interrupt.clear()
            self.recent = set()
            try:
                self.conn.send("corpus")
                touched, added, removed, line, unfinished = self.conn.recv()
            except (EOFError, OSError):
                return
            self.builder.register(added, removed)
            for rel in added:
                if rel.startswith("cas/") and rel.endswith(".md") and rel != "cas/index.md":
                    self.memory.related.setdefault(rel[4:-3], [])
            print(line, flush=True)
            self.server.reload()
            self.index.schedule(touched)
            if self.recent:
                again = self.recent
                self._guarded(lambda: self.index.schedule(self._saved(again, quiet=True)))
            if unfinished:  # pages left by an interrupted rebuild (a new territory's page…): done now, not at the next save
                self.corpus_wanted.set()

    def _guarded(self, work) -> None:  # noqa: ANN001
        try:
            work()
        except UnsafeTree as err:
            print(f"pionniers : {err}", file=sys.stderr, flush=True)
        except Exception as err:  # noqa: BLE001 (a broken rebuild must not stop the preview)
            print(f"[pionniers] l’aperçu n’a pas pu être reconstruit : {err!r}", file=sys.stderr, flush=True)

    def _saved(self, paths: set[Path], quiet: bool = False) -> list[str]:
        started = time.perf_counter()
        pages: dict[str, bytes] = {}
        for path in sorted(paths):
            if path.parent == self.layout.cases:  # a case file (not a learning path): its page at once
                pages.update(saved_case(self.layout, path, self.memory))
        if not pages:
            return []
        check_top(self.layout.docs)
        write_files(self.layout.docs, pages, None if quiet else self.memory.written)
        self.memory.written.update(pages)
        self.server.building()
        try:
            # The saved case may link to a page the corpus rebuild (step 2) writes just after (a new territory's,
            # organisation's): MkDocs would warn « not found » at every save. Links are checked by validation.
            with _quiet_missing_links():
                touched, _ = self.builder.update(sorted(pages))
        finally:
            self.server.built()
        if not quiet:
            names = ", ".join(sorted(p.name for p in paths))
            print(f"[pionniers] {names} : page régénérée ({time.perf_counter() - started:.2f} s)", flush=True)
        return touched

    def everything(self, interrupted) -> tuple[list[str], list[str], list[str], str, bool]:  # noqa: ANN001
        """In the corpus process: `pionniers build`, then MkDocs rebuilds the pages whose Markdown changed, small
        ones first, until `interrupted()`. Returns (pages written, sources added, sources removed, a log line,
        whether pages were left for the next rebuild)."""
        started = time.perf_counter()
        before = dict(self.memory.written)
        status = build(self.layout, memory=self.memory, preview=True)
        after = self.memory.written
        changed = {rel for rel, content in after.items() if before.get(rel) != content} | self.left
        changed = {rel for rel in changed if rel in after}
        removed = sorted(rel for rel in before if rel not in after)
        added = sorted(rel for rel in changed if rel not in before)
        # Small pages first (cases, organisations), the long listings last: an interrupted rebuild leaves those.
        order = sorted(changed, key=lambda rel: (len(after[rel]), rel))
        touched, left = self.builder.update(order, removed, stop=interrupted)
        self.left = set(left)
        state = "site à jour" if status == 0 else "site à jour ; les problèmes s’affichent aussi dans l’aperçu"
        if left:
            state = f"site en partie à jour ({len(left)} pages reportées à la reconstruction suivante)"
        line = f"[pionniers] {state} : {len(changed) + len(removed)} fichiers ({time.perf_counter() - started:.2f} s)"
        return touched, added, removed, line, bool(left)

    def close(self) -> None:
        self.stop.set()
        with self.saves.cond:
            self.saves.cond.notify_all()
        self.interrupt.set()
        self.corpus.terminate()
        self.server.shutdown()
        self.index.stop()
        shutil.rmtree(self.site, ignore_errors=True)


class _MissingLinks(logging.Filter):
    """Drops MkDocs' « … is not found among documentation files » warnings while it is active."""

    active = False

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.active and "not found among documentation files" in record.getMessage())


_MISSING_LINKS = _MissingLinks()


class _quiet_missing_links:  # noqa: N801 (used as a `with` statement)
    def __enter__(self) -> None:
        for name in ("mkdocs.structure.pages", "mkdocs.structure.nav"):
            logging.getLogger(name).addFilter(_MISSING_LINKS)
        _MISSING_LINKS.active = True

    def __exit__(self, *exc: object) -> None:
        _MISSING_LINKS.active = False


def _corpus_process(preview: Preview, conn: Connection) -> None:
    """The corpus process: one rebuild of the whole corpus per request, until the preview stops."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the preview, which stops this process
    while True:
        try:
            if conn.recv() != "corpus":
                return
        except (EOFError, OSError):
            return
        try:
            answer = preview.everything(preview.interrupt.is_set)
        except Exception as err:  # noqa: BLE001 (reported by the preview, which goes on)
            answer = ([], [], [], f"[pionniers] l’aperçu n’a pas pu être reconstruit : {err!r}", False)
        conn.send(answer)


class PortBusy(Exception):
    """The preview's address cannot be listened on; the message says why and what to do, in French."""


def port_problem(dev_addr: str) -> None:
    """Raise PortBusy when HOST:PORT cannot be listened on (taken, or not an address of this machine)."""
    host, _, port = dev_addr.rpartition(":")
    try:
        with socket.create_server((host.strip("[]"), int(port)), reuse_port=False):
            pass
    except OverflowError:
        raise PortBusy(f"port {port} impossible : un port est un nombre de 1 à 65535") from None
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise PortBusy(f"le port {port} de {host} est déjà pris (un autre aperçu tourne peut-être) : arrêtez-le, "
                           f"ou choisissez un autre port, par exemple --dev-addr {host}:{int(port) + 1}") from None
        raise PortBusy(f"impossible d’écouter sur {host}:{port} ({err.strerror}) : vérifiez l’adresse, par exemple "
                       "--dev-addr 127.0.0.1:8000") from None


def serve(layout: Layout, dev_addr: str) -> int:
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    # Stopped by a signal (a terminal closed, a test ending), even during the first build: stop cleanly, never leave
    # the server running nor the preview's temporary folders behind.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        preview = Preview(layout, dev_addr)
    except PortBusy as err:
        print(f"pionniers serve : {err}", file=sys.stderr)
        return 2
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        print(f"pionniers serve : le port de {visible(dev_addr)} vient d’être pris par un autre programme : relancez, "
              "ou choisissez un autre port avec --dev-addr", file=sys.stderr)
        return 2
    observer = Observer()
    observer.schedule(preview.saves, str(layout.cases), recursive=False)
    for folder in (layout.parcours, layout.sources):  # learning paths, source records: a save rebuilds the corpus
        if folder.is_dir():
            observer.schedule(preview.saves, str(folder), recursive=False)
    observer.start()
    preview.start()
    print(f"[pionniers] aperçu sur {preview.url} (Ctrl+C pour arrêter)", flush=True)
    try:
        preview.server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        preview.close()
        observer.join(timeout=5)
    return 0
