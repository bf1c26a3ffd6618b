"""The site's search index: Pagefind, run over the built site (after `mkdocs build` or `zensical build`).

    python -m pagefind --site site          # from the repository root; settings in pagefind.yml

writes site/pagefind/, which the header's search box (overrides/partials/search.html, docs/assets/pionniers.js) loads
a chunk at a time. This module runs the same command for the tests and the benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site)]


def index_site(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Index `site` with the project's pagefind.yml (Pagefind reads its settings from the working directory)."""
    return subprocess.run(pagefind_command(site), cwd=project, capture_output=True, text=True)
