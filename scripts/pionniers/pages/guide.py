"""The « Contribuer » page of the site, generated from CONTRIBUTING.md: one text for GitHub and for the site, so the
two cannot drift apart.

CONTRIBUTING.md is written for GitHub, where its relative links lead to files of the repository. On the site, a
link to a file that has a page there leads to that page (SITE_LINKS); any other relative link keeps its words and
loses its target, so that the strict build never meets a link it cannot follow. Links to other sites and to the
page's own anchors stay as they are. The text itself is the repository's own, reviewed like code: it is published as
written, through templates/contributing.md.j2.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# A file of the repository → its page on the site, relative to the « Contribuer » page (docs/contribuer/index.md).
SITE_LINKS = {
    "schema/cas.schema.json": "../donnees/cas.schema.json",
    "schema/parcours.schema.json": "../donnees/parcours.schema.json",
    "scripts/pionniers/model/schema.py": "../donnees/index.md#champs",
}
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def site_markdown(text: str) -> Markup:
    """CONTRIBUTING.md with its links adapted to the site; code spans and fenced blocks untouched."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        out.append(line if fenced else _outside_code(line))
    return Markup("\n".join(out))


def _outside_code(line: str) -> str:
    parts, pos = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts.append(_LINK.sub(_link, line[pos:span.start()]))
        parts.append(span.group())
        pos = span.end()
    parts.append(_LINK.sub(_link, line[pos:]))
    return "".join(parts)


def _link(match: re.Match[str]) -> str:
    words, target = match.groups()
    if target.startswith(("https://", "http://", "#")):
        return match.group()
    if target in SITE_LINKS:
        return f"[{words}]({SITE_LINKS[target]})"
    return words


def repository_links(text: str) -> list[str]:
    """The relative link targets of CONTRIBUTING.md outside code (for the test that they exist in the repository)."""
    found: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            bare = _CODE_SPAN.sub("", line)
            found += [t for _, t in _LINK.findall(bare) if not t.startswith(("https://", "http://", "#"))]
    return found
