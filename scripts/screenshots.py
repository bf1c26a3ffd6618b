#!/usr/bin/env python3
"""Screenshots of built pages, to look at before resolving an issue (a reader sees the page, not the test).

    .venv/bin/pionniers publish
    .venv/bin/python scripts/screenshots.py /cas/jean-louis-kiehl-cresus/ /cas/ --out bench-out/screens

serves site/ on 127.0.0.1, and writes, for every path, a full-page PNG at 1280 px and at 375 px, in the light and
the dark palette (Debian's Chromium driven by Playwright; no request leaves the machine).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import launch_chromium, serve  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "screens")
    parser.add_argument("--widths", default="1280,375")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, host = serve(args.site)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for width in (int(w) for w in args.widths.split(",")):
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    for path in args.paths:
                        page.goto(f"http://{host}{path}")
                        page.wait_for_load_state("networkidle")
                        name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "accueil"
                        target = args.out / f"{name}-{width}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
                    page.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
