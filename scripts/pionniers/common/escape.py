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
| a slug in an address, an id, a class, or the value | `ident`         |
| of a Pagefind filter (`data-pagefind-filter=       |                 |
| "theme:…"`, which sitecheck allows for slugs only) |                 |
| a generated HTML file (redirects, cards)           | Jinja2's own autoescape (markupsafe) |
| a length or coordinate in a generated drawing      | `length`        |
| several lengths (an SVG viewBox)                   | `lengths`       |
| an outline of geo/regions.json in an SVG `d=`      | `svg_path`      |
| a relative path up to the site's root (`../../`)   | `up`            |
| JSON                                               | `json.dumps` (exact text, nothing to neutralise) |
| CSV                                                | `csv_cell`      |
| a BibTeX `url` field (verbatim)                    | `bibtex_url`    |
| a GitHub comment's list of problems (issue reply)  | `code_block`    |
| a contributor's text inside a line of a GitHub     | `github_span`   |
| comment or pull-request description                |                 |

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


_BACKTICKS = re.compile(r"`+")


def code_block(lines: list[str]) -> Markup:
    """Lines shown verbatim in GitHub Markdown (a comment on an issue): a fenced code block whose fence is longer than
    any run of backticks inside, so that no line can close it. Inside, nothing is a mention, a link, an image, HTML or
    a reference to an issue. The lines must already be one-line text (chars.visible): a line break would still be a
    line of the block, never the end of it."""
    text = "\n".join(lines)
    fence = "`" * max(3, 1 + max((len(run) for run in _BACKTICKS.findall(text)), default=0))
    return Markup(f"{fence}text\n{text}\n{fence}")


def github_span(text: object) -> Markup:
    """One-line text shown as written in GitHub Markdown (an issue reply, a pull-request description): an inline
    code span whose backtick run is longer than any inside. GitHub turns « @name », « #12 », « owner/repo#3 » and bare
    addresses into mentions, references and links wherever they stand in text — also when written as character
    references (« &#64; »), which it decodes first — but never inside code. The text must be one line
    (chars.visible)."""
    value = str(text).replace("\n", " ")
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(value)), default=0))
    pad = " " if value.startswith("`") or value.endswith("`") or value.strip(" ") != value else ""
    return Markup(f"{fence}{pad}{value}{pad}{fence}")


_MD_LINK = re.compile(r"([a-z0-9]+(-[a-z0-9]+)*/)*([a-z0-9]+(-[a-z0-9]+)*)\.md(#[a-z0-9]+(-[a-z0-9]+)*)?")


def md_link(value: str) -> Markup:
    """A link target to a Markdown page of docs/ built from checked slugs and anchors (« cas/slug.md#impact »):
    MkDocs rewrites it to the page's address and checks it in the strict build. Raises ValueError otherwise."""
    if not _MD_LINK.fullmatch(value):
        raise ValueError(f"lien de page invalide transmis à un gabarit : {value!r}")
    return Markup(value)


# --- citation files (cite.py): one function per format ---------------------------------------------------------------

# BibTeX's and LaTeX's special characters, each replaced by a text-mode command that prints it. `{` and `}` are never
# written as `\{` `\}`: BibTeX counts those braces too, and one unmatched would end the field early. `@` is written
# `{@}` so that no parser ever reads `@word{` or `@word(` inside a value as the start of a new entry.
_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "$": r"\$", "&": r"\&",
           "%": r"\%", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "@": "{@}"}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX)) + "]")
# Characters that LaTeX fonts join into ligatures when two of them follow each other (-- → –, `` → “, << → «, ?` → ¿):
# an empty group `{}` between two of them. None of them is special above, nor in what replaces a special one, so the
# pairs are the same before and after that replacement.
_LIGATURES = "-`'<>,!?"
_LIGATURE_PAIR = re.compile(f"(?<=[{re.escape(_LIGATURES)}])(?=[{re.escape(_LIGATURES)}])")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def bibtex(text: object) -> str:
    """A BibTeX field value, to be written between braces (`title = {…}`): every character prints as written, none
    can close the field, start an entry, run a LaTeX command or form a ligature. One line."""
    chars = _LINE_BREAKS.sub(" ", str(text))
    return _LIGATURE_PAIR.sub("{}", _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX[m.group()], chars))


def bibtex_url(url: str) -> str:
    """A checked http(s) address as a BibTeX `url` field, which BibLaTeX and `\\url` read verbatim: written as is,
    never LaTeX-escaped (`\\_` would become part of the address). Only braces, which would unbalance the field, are
    percent-encoded (the same address). Raises ValueError for a backslash or a space, which validation refuses."""
    if "\\" in url or any(ch.isspace() for ch in url):
        raise ValueError(f"adresse non vérifiée transmise au BibTeX : {url!r}")
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex_title(text: object) -> str:
    """A title for BibTeX (`title = {…}`), escaped as `bibtex`, with every word holding a capital in braces
    (« {Crésus} », « {La} {Banque} {Postale} »): a bibliography style that lowercases titles keeps proper nouns and
    acronyms as written."""
    return " ".join("{" + word + "}" if any(c.isupper() for c in word) else word for word in bibtex(text).split(" "))


def ris(text: object) -> str:
    """A RIS field value (after `TI  - `): one line, so that nothing in it can start a tag line of its own (`ER  - `
    would end the record). RIS has no escape mechanism: line breaks become spaces; the rest is written as is."""
    return _LINE_BREAKS.sub(" ", str(text)).strip()


def csl_json(items: object) -> str:
    """CSL-JSON (or any JSON) text: json.dumps writes every string exactly, quotes and backslashes escaped."""
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def front_matter_text(text: object) -> Markup:
    """A YAML front-matter value that only our own theme override prints (overrides/main.html, through Jinja's `|e`):
    the exact text as a JSON string, which YAML reads back exactly. Never for `title` or `description`, which
    Material prints unescaped: those go through `front_matter`."""
    return Markup(json.dumps(_LINE_BREAKS.sub(" ", str(text)), ensure_ascii=False))


_YAML_KEY = re.compile(r"[a-z][a-z_]*")


def yaml_key(value: str) -> Markup:
    """A key of generated front matter (« publication_date »): lowercase letters and underscores only."""
    if not _YAML_KEY.fullmatch(value):
        raise ValueError(f"clé invalide transmise à un gabarit : {value!r}")
    return Markup(value)
