#!/usr/bin/env python3
"""Screenshots of built pages, at 1280 and 375 px, in the light and dark palettes, for a person to look at (not a
test). Debian's Chromium, driven by Playwright; the site is served on 127.0.0.1 only.

    .venv/bin/pionniers publish
    .venv/bin/python scripts/screenshots.py site bench-out/captures / /cas/jean-louis-kiehl-cresus/ /territoires/

Each page gives four files, `<name>-<width>-<palette>.png`; with --clip SELECTOR, only that element is captured.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
SIZES = {1280: 900, 375: 740}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="+", help="adresses du site, par exemple /cas/slug/ ou /cas/#chronologie")
    parser.add_argument("--clip", help="ne capturer que cet élément (sélecteur CSS)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            for address in args.pages:
                name = re.sub(r"[^a-z0-9]+", "-", address.lower()).strip("-") or "accueil"
                for width, height in SIZES.items():
                    for scheme in ("light", "dark"):
                        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                                      locale="fr-FR", is_mobile=width < 500, has_touch=width < 500)
                        page = context.new_page()
                        page.goto(base + address)
                        page.wait_for_load_state("networkidle")
                        target = args.out / f"{name}-{width}-{scheme}.png"
                        if args.clip and page.locator(args.clip).count():
                            page.locator(args.clip).first.screenshot(path=str(target))
                        else:
                            page.screenshot(path=str(target), full_page=True)
                        print(target)
                        context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
