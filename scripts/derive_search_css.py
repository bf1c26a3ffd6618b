#!/usr/bin/env python3
"""Write docs/assets/pionniers-search.css: the styles of the header's search box, taken from Material for MkDocs'
own stylesheet, so that the box looks and behaves the same whichever engine builds the site.

The search box (overrides/partials/search.html) keeps Material's markup and classes. Material styles them in its
main stylesheet; Zensical's theme does not (its search is a button that opens a dialog of its own, and it hides
`.md-search` on small screens), so under Zensical the box came out unstyled and spilled across the header. This
script copies, from the installed mkdocs-material, every rule whose selector names the search box (`md-search…`,
the header's `[for=__search]` button) with the media query around it, and the one custom property they use; then
appends the few rules that undo what Zensical's theme does to `.md-search`. Under Material the copied rules repeat
its own (same selectors, same values): nothing changes there.

    .venv/bin/python scripts/derive_search_css.py          # rewrites docs/assets/pionniers-search.css

Run it again after upgrading mkdocs-material; tests/test_engines.py fails while the file is not what it writes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "assets" / "pionniers-search.css"
SEARCH_SELECTOR = re.compile(r"md-search|for=__search")
SEARCH_PROPERTIES = ("--md-search-result-icon",)
HEADER = """\
/* The header's search box (overrides/partials/search.html, answered by Pagefind): Material for MkDocs {version}'s own
   rules for it (MIT licence, Martin Donath), copied by scripts/derive_search_css.py so that Zensical, whose theme
   does not style this markup, shows the same box. Do not edit: run the script again. */
"""
# Zensical's theme styles `.md-search` for its own search button and hides it below 60em; the box is ours on every
# screen, as Material shows it. Material sets neither property, so these change nothing under Material.
ZENSICAL_UNDO = """\
/* Zensical's theme hides `.md-search` below 60em (its search is a dialog of its own): ours stays, as in Material. */
@media screen and (max-width:59.984375em){.md-search[data-pn-search]{display:block;padding:0}}
/* The opening circle (the overlay, scaled up from the magnifier) stays within the header: under Zensical it widened
   a phone's page to 1,247 px. The box itself is fixed to the window, which this does not clip. */
@media screen and (max-width:59.984375em){[data-md-toggle=search]:checked~.md-header{overflow-x:clip}}
"""


def material_stylesheet() -> Path:
    """Material's main stylesheet, in the installed package."""
    import material

    found = sorted((Path(material.__file__).parent / "templates/assets/stylesheets").glob("main.*.min.css"))
    if len(found) != 1:
        raise SystemExit(f"one main stylesheet expected in mkdocs-material, found {len(found)}")
    return found[0]


def rules(css: str, media: str = "") -> Iterator[tuple[str, str, str]]:
    """(enclosing @media/@supports prelude or "", selector, declarations) of every style rule of `css`."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    at = 0
    while (opening := css.find("{", at)) >= 0:
        prelude = css[at:opening].strip()
        depth, end = 1, opening + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        body = css[opening + 1:end - 1]
        if prelude.startswith(("@media", "@supports")):
            yield from rules(body, prelude)
        elif not prelude.startswith("@"):
            yield media, prelude, body
        at = end


def search_rules(css: str) -> list[str]:
    """Material's rules for the search box, one a line, in its order, each inside its own media query."""
    out = []
    for media, selector, body in rules(css):
        if SEARCH_SELECTOR.search(selector):
            rule = f"{selector}{{{body}}}"
            out.append(f"{media}{{{rule}}}" if media else rule)
        elif selector == ":root" and not media:
            out += [f":root{{{found.group(0)}}}" for name in SEARCH_PROPERTIES
                    if (found := re.search(re.escape(name) + r':url\("[^"]*"\)', body))]
    return out


def derive(css: str, version: str) -> str:
    return HEADER.format(version=version) + "\n".join(search_rules(css)) + "\n" + ZENSICAL_UNDO


def main() -> int:
    from importlib.metadata import version

    TARGET.write_text(derive(material_stylesheet().read_text(encoding="utf-8"), version("mkdocs-material")),
                      encoding="utf-8")
    print(TARGET.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
