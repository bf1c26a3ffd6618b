"""`pionniers serve`: generate, start the MkDocs preview, and regenerate whenever a case file is saved.

MkDocs' own live reload then refreshes the open page: we only rewrite the generated Markdown, and only the files
whose bytes changed. The preview runs with `--dirty` (MkDocs rebuilds the changed pages only): fine for a preview,
never for a published build, whose search index must hold every page.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import Memory, build
from .paths import Layout

DEBOUNCE_SECONDS = 0.1


class _OnCaseSaved(FileSystemEventHandler):
    """Collects saves of case files; a timer regenerates once the burst of events is over."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.memory = Memory()  # unchanged case files are neither parsed nor rendered again on each save
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(getattr(event, "dest_path", "") or event.src_path)
        if not path.endswith(".yml") or event.event_type in ("opened", "closed_no_write"):
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.regenerate)
            self.timer.start()

    def regenerate(self) -> None:
        started = time.perf_counter()
        status = build(self.layout, memory=self.memory, preview=True)
        took = time.perf_counter() - started
        state = "pages régénérées" if status == 0 else "pages régénérées ; les problèmes s’affichent aussi dans l’aperçu"
        print(f"[pionniers] {state} ({took:.2f} s)", flush=True)


def serve(layout: Layout, dev_addr: str) -> int:
    handler = _OnCaseSaved(layout)
    if build(layout, memory=handler.memory, preview=True) != 0:
        print("[pionniers] l’aperçu démarre quand même : corrigez les problèmes, il se mettra à jour.", flush=True)
    observer = Observer()
    observer.schedule(handler, str(layout.cases), recursive=False)
    if layout.parcours.is_dir():  # learning paths (issue 12) regenerate on save too
        observer.schedule(handler, str(layout.parcours), recursive=False)
    observer.start()
    command = [sys.executable, "-m", "pionniers.preview", "serve", "--dirty", "--dev-addr", dev_addr,
               "--config-file", str(layout.root / "mkdocs.yml")]
    preview = subprocess.Popen(command, cwd=layout.root)
    # Stopped by a signal (a terminal closed, a test ending), stop the preview too: never leave it orphaned.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        return preview.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        preview.terminate()
        try:
            preview.wait(timeout=10)
        except subprocess.TimeoutExpired:
            preview.kill()
        observer.stop()
        observer.join()
