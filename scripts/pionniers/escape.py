"""One escaping function per output context: the only way a contributor's one-line text reaches a page or a file.

A case file is untrusted. Its one-line fields (title, names, roles, units, labels, places, source titles…) are plain
text: whatever they hold (Markdown, an attribute list `{: #id }`, a table pipe, HTML, an entity) must print as the
characters written and do nothing else. Each context a string can land in has its function here:

| context                                            | function        |
| -------------------------------------------------- | --------------- |
| generated Markdown: text, headings, table cells,   | `inert`         |
| link text, and raw HTML text or attribute values   |                 |
| YAML front matter of a generated page (Material    | `front_matter`  |
| prints `title` and `description` without escaping) |                 |
| an `href` built from a checked http(s) address     | `href`          |
| a generated HTML file (redirects, cards)           | Jinja2's own autoescape (markupsafe) |
| a length or coordinate in a generated drawing      | `length`        |
| several lengths (an SVG viewBox)                   | `lengths`       |
| an outline of geo/regions.json in an SVG `d=`      | `svg_path`      |
| a relative path up to the site's root (`../../`)   | `up`            |
| JSON                                               | `json.dumps` (exact text, nothing to neutralise) |
| CSV                                                | `csv_cell`      |

Story-like fields (Markdown) do not come through here: `prose.py` renders them to sanitised HTML.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup

# Every ASCII character that is not a letter, a digit or a space: the whole alphabet of Markdown's syntax (and of
# Python-Markdown's extensions: attribute lists, tables, admonitions, fences), of HTML's (< & " ') and of entities.
_SYNTAX = re.compile(r"[!-/:-@\[-`{-~]")


def inert(text: object) -> Markup:
    """Plain text made inert for generated Markdown *and* HTML: each ASCII punctuation sign becomes a numeric
    character reference (« { » → « &#123; »).

    Python-Markdown leaves character references alone (it neither parses their characters as syntax nor escapes
    them again), and a browser decodes them, in text as in attribute values: a reader sees exactly what was
    written, and no character can open a tag, a link, an attribute list, a table cell or a block."""
    return Markup(_SYNTAX.sub(lambda m: f"&#{ord(m.group())};", str(text)))


def front_matter(text: object) -> Markup:
    """A YAML front-matter value for `title` or `description`: a JSON string (valid YAML) of the inert text.

    Material for MkDocs prints these two values into the page without escaping them (`<title>`, the header,
    `<meta name="description" content="…">`), so they must already be inert; the browser decodes the references."""
    return Markup(json.dumps(str(inert(text)), ensure_ascii=False))


# In a path, query or fragment: keep what RFC 3986 allows unencoded, percent-encode the rest (quotes, <, >, spaces,
# backslashes, non-ASCII). "%" is kept: an address already percent-encoded stays as it is.
_URL_SAFE = "/:@!$&'()*+,;=-._~%?#[]"


def href(url: str) -> Markup:
    """An http(s) address already checked by validation, as an attribute value: percent-encoded, then HTML-escaped.

    Raises ValueError for anything else: the template must never receive an address validation did not accept."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        raise ValueError(f"adresse non vérifiée transmise à un gabarit : {url!r}")
    rebuilt = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), quote(parts.path, safe=_URL_SAFE),
                          quote(parts.query, safe=_URL_SAFE), quote(parts.fragment, safe=_URL_SAFE)))
    return Markup.escape(rebuilt)


_IDENT = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def ident(value: str) -> Markup:
    """A slug, a vocabulary key or a source id (lowercase letters, digits, single hyphens): safe as it is in a path,
    an id or a class. Raises ValueError otherwise, so that a template cannot put anything else in an address."""
    if not _IDENT.fullmatch(value):
        raise ValueError(f"identifiant invalide transmis à un gabarit : {value!r}")
    return Markup(value)


_LENGTH = re.compile(r"-?\d{1,4}(\.\d{1,2})?")


def length(value: object) -> Markup:
    """A number our drawing code computed (a percentage, a coordinate), as an SVG attribute value. Raises
    ValueError for anything else: a template must not put text where a drawing expects a length."""
    text = str(value)
    if not _LENGTH.fullmatch(text):
        raise ValueError(f"longueur invalide transmise à un gabarit : {value!r}")
    return Markup(text)


def lengths(values: list[object]) -> Markup:
    """Several lengths separated by spaces (an SVG viewBox), each as `length` accepts it."""
    return Markup(" ".join(length(v) for v in values))


_SVG_PATH = re.compile(r"(M\d+ \d+l(-?\d+ -?\d+ ?)+z)+")


def svg_path(value: str) -> Markup:
    """An outline from geo/regions.json (« M12 34l1 -2 3 4z… »: moves, relative lines, closes and integers only),
    as an SVG `d` attribute. Raises ValueError for anything else."""
    if not _SVG_PATH.fullmatch(value):
        raise ValueError(f"tracé SVG inattendu transmis à un gabarit : {value[:40]!r}")
    return Markup(value)


def up(depth: int) -> Markup:
    """The relative path from a page `depth` folders deep to the site's root: 0 → « », 2 → « ../../ »."""
    if not isinstance(depth, int) or isinstance(depth, bool) or not 0 <= depth <= 8:
        raise ValueError(f"profondeur invalide transmise à un gabarit : {depth!r}")
    return Markup("../" * depth)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, « CSV injection »).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell: numbers stay numbers; a text a spreadsheet would run as a formula gets a leading apostrophe,
    which spreadsheets show as text and do not print. The JSON export keeps the exact text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
