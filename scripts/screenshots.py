#!/usr/bin/env python3
"""Screenshots of built pages, to look at before resolving an issue (a reader sees the page, not the test).

    .venv/bin/pionniers publish
    .venv/bin/python scripts/screenshots.py /cas/jean-louis-kiehl-cresus/ /cas/ --out bench-out/screens

serves site/ on 127.0.0.1, and writes, for every path, a full-page PNG at 1280 px and at 375 px (as a phone), in the light and
the dark palette (Debian's Chromium driven by Playwright; no request leaves the machine). With `--search QUERY`,
the header's search box is opened and QUERY typed first, and the shot is of the window (the results are in it).

    .venv/bin/python scripts/screenshots.py --engines / /cas/jean-louis-kiehl-cresus/ /territoires/ --out bench-out/engines

publishes the real corpus twice, with MkDocs and with Zensical (`pionniers publish --engine …`, into
OUT/mkdocs-build/site and OUT/zensical-build/site, reused when there already), shoots both, writes each pair side by side (MkDocs left, Zensical right:
OUT/<page>-<width>-<scheme>-mkdocs-zensical.png) and prints, for each pair, both heights and the share of pixels
that differ where they overlap.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import build_site, launch_chromium, serve  # noqa: E402

ENGINES = ("mkdocs", "zensical")


def shoot(site: Path, paths: list[str], out: Path, widths: list[int], schemes: list[str], query: str = "",
          suffix: str = "") -> list[Path]:
    """Screenshots of `paths` served from `site`, one per path, width and scheme, into `out`."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as host:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for width in widths:
                for scheme in schemes:
                    # Below 600 px, a phone (its scrollbars overlay the page): a desktop window that narrow keeps
                    # a 15 px scrollbar, which Zensical's theme reserves even when the page does not scroll.
                    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
                    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme, **phone)
                    for path in paths:
                        page.goto(f"http://{host}{path}")
                        page.wait_for_load_state("networkidle")
                        if query:
                            if not page.locator("input.md-search__input").is_visible():
                                page.click('label.md-header__button[for="__search"]')
                            page.locator("input.md-search__input").press_sequentially(query, delay=20)
                            page.wait_for_function(
                                "q => document.querySelector('[data-pn-search-result]')"
                                ".getAttribute('data-pn-query') === q", arg=query)
                            page.wait_for_timeout(400)  # the box's opening transition
                        name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "accueil"
                        if query:
                            name += "-recherche"
                        target = out / f"{name}-{width}-{scheme}{suffix}.png"
                        page.screenshot(path=str(target), full_page=not query)
                        written.append(target)
                    page.close()
            browser.close()
    return written


def compare(left: Path, right: Path, target: Path) -> str:
    """`left` and `right` side by side in `target`; a line with both heights and the share of pixels that differ
    (by more than a faint anti-aliasing step) where they overlap."""
    from PIL import Image, ImageChops

    one, two = Image.open(left).convert("RGB"), Image.open(right).convert("RGB")
    pair = Image.new("RGB", (one.width + two.width + 16, max(one.height, two.height)), "white")
    pair.paste(one, (0, 0))
    pair.paste(two, (one.width + 16, 0))
    pair.save(target)
    width, height = min(one.width, two.width), min(one.height, two.height)
    diff = ImageChops.difference(one.crop((0, 0, width, height)), two.crop((0, 0, width, height))).convert("L")
    differing = sum(diff.point(lambda v: 255 if v > 24 else 0).histogram()[255:])
    return (f"{target.name}: hauteurs {one.height} / {two.height} px, pixels différents {differing / (width * height):.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "screens")
    parser.add_argument("--widths", default="1280,375")
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--search", default="", metavar="QUERY", help="open the search box and type QUERY first")
    parser.add_argument("--engines", action="store_true",
                        help="publish the real corpus with MkDocs and with Zensical, shoot both, compare them")
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    schemes = args.schemes.split(",")
    if not args.engines:
        for target in shoot(args.site, args.paths, args.out, widths, schemes, args.search):
            print(target)
        return 0
    shots = {}
    for engine in ENGINES:
        work = args.out / f"{engine}-build"
        site = build_site(work, engine) if not (work / "site" / "index.html").is_file() else work / "site"
        shots[engine] = shoot(site, args.paths, args.out, widths, schemes, args.search, f"-{engine}")
    for left, right in zip(shots["mkdocs"], shots["zensical"]):
        target = left.with_name(left.name.replace("-mkdocs.png", "-mkdocs-zensical.png"))
        print(compare(left, right, target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
