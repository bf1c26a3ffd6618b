"""Story-like fields (the story's four sections, quotations, review notes): a small Markdown subset, checked, then
rendered to HTML by the build and cleaned by an allow-list sanitizer.

The subset, as contributors are told (CONTRIBUTING.md):

- paragraphs (a blank line between two) and line breaks;
- *italique* or _italique_, **gras**;
- lists (« - » or « 1. ») and block quotes (« > »);
- inline code between backticks (`` `<br>` `` shows the characters);
- links to an http(s) address, [texte](https://exemple.org/page), or to a page of this site written from its root,
  [le cas Crésus](/cas/jean-louis-kiehl-cresus/#impact);
- source markers, `[^id]` after the sentence or paragraph a source supports (`id`: a source record of
  `sources/`), rendered as the numbered note of that source on the page, with a link back.

Everything else Markdown or MkDocs could do (headings, images, raw HTML, tables, code blocks, rules, reference
links, strikethrough) is refused by `check` at its line and column, with what to write instead. Text that only looks
like syntax (« Big data : … », braces, an attribute list `{: #id }`) is text: the renderer does not know it, so it
prints as written. What reaches a page is `render`'s output: markdown-it-py with only the subset switched on, then
nh3 keeping only the tags below and, on links, only `href`. No id, class, style, data-*, event or src attribute,
no heading and no image can come from a contributor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping
from functools import cache
from urllib.parse import urlsplit

from markupsafe import Markup

if TYPE_CHECKING:  # imported where a text is parsed: `pionniers validate` often has none to parse
    import nh3
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# A source marker: [^id], where id is a source record's identifier (schema.SOURCE_ID_PATTERN).
MARKER = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")
# Stand-ins for markers while the text goes through Markdown and the sanitizer: private-use characters, which no
# contributor text may hold (chars.py), so that nothing a contributor writes can turn into a note.
_NOTE_OPEN, _NOTE_CLOSE = "\ue000", "\ue001"
_NOTE = re.compile(_NOTE_OPEN + r"([a-z0-9-]+)" + _NOTE_CLOSE)

# What the sanitizer keeps: the HTML the subset can produce, and nothing else.
ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "code", "a", "ul", "ol", "li", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
EXTERNAL_SCHEMES = ("http", "https")

_SUBSET_RULES = ["list", "blockquote", "newline", "escape", "backticks", "emphasis", "link", "autolink", "entity"]

_BLOCK_REFUSALS = {
    "heading_open": "titre Markdown interdit : les sections de la page (défi, innovation, co-création, impact) sont "
                    "fixes ; écrivez un paragraphe, au besoin avec un passage en **gras**",
    "hr": "ligne de séparation (« --- », « *** ») interdite : un paragraphe suffit à séparer deux idées ; "
          "retirez-la (pour une liste, écrivez « - » suivi d’une espace et du texte)",
    "code_block": "ligne indentée de quatre espaces ou plus, lue comme un bloc de code : retirez l’indentation "
                  "(pour citer du code, écrivez-le entre accents graves : `code`)",
    "fence": "bloc de code (« ``` » ou « ~~~ ») interdit : écrivez le code en ligne, entre accents graves : `code`",
    "html_block": "HTML brut interdit : écrivez en Markdown (**gras**, *italique*, [lien](https://…)) ; pour montrer "
                  "une balise, mettez-la entre accents graves : `<br>`",
    "table_open": "tableau interdit dans le récit : présentez les éléments en liste (« - » en début de ligne) ; "
                  "les chiffres ont leur propre champ, figures",
}


@dataclass(frozen=True)
class Finding:
    """Something refused in a text: 0-based line and column inside the field's value, and a French message."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class Marker:
    """A source marker [^id] found in a text: 0-based line and column of its « [ », and the source id."""

    line: int
    col: int
    source: str


@dataclass(frozen=True)
class Link:
    """A link to this site found in a text (for the corpus check that the page and anchor exist)."""

    line: int
    col: int
    target: str  # "/cas/slug/#impact" or "#impact"


@cache
def _checker() -> MarkdownIt:
    """Full CommonMark, raw HTML and tables included, accepting every link: it sees what a contributor meant, so
    that what the subset does not allow is reported instead of silently printed as text."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@cache
def _renderer() -> MarkdownIt:
    """Only the subset: anything else stays literal text (and is refused earlier by `check`)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(_SUBSET_RULES)


@cache
def _cleaner() -> nh3.Cleaner:
    import nh3

    return nh3.Cleaner(tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                       url_schemes=set(EXTERNAL_SCHEMES), strip_comments=True, link_rel="noopener noreferrer")


# --- checking -------------------------------------------------------------------------------------------------------


def check(text: str, *, inline: bool = False) -> tuple[list[Finding], list[Link]]:
    """What the subset refuses in `text`, and the links to this site it holds (to be checked against the site)."""
    lines = text.split("\n")
    env: dict = {}
    md = _checker()
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    findings: list[Finding] = []
    links: list[Link] = []
    lone = _lone_items(tokens)
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.markup in "+-" and token.map and \
                (token.markup == "+" or index in lone):
            signed = _signed_number(tokens, index)
            if signed:
                line = token.map[0]
                col = lines[line].find(token.markup)
                findings.append(Finding(line, max(col, 0), SIGN_AS_BULLET.format(sign=token.markup, number=signed)))
        if token.type in _BLOCK_REFUSALS and token.map:
            line = token.map[0]
            message = _BLOCK_REFUSALS[token.type]
            if token.type == "html_block":
                message = message.replace("HTML brut interdit", f"HTML brut interdit (« {lines[line].strip()[:40]} »)")
            findings.append(Finding(line, _indent(lines[line]), message))
        if token.type == "inline" and token.children:
            start, end = token.map if token.map else (0, len(lines))
            referenced = {str(ref.get("href", "")) for ref in (env.get("references") or {}).values()}
            _inline(token.children, lines, start, end, findings, links, referenced)
    for label in (env.get("references") or {}):
        definition = re.compile(r" {0,3}\[" + re.escape(label) + r"\]:", re.I)
        line, col = next(((i, ln.index("[")) for i, ln in enumerate(lines) if definition.match(ln)), (0, 0))
        findings.append(Finding(line, col, "lien par référence (« [texte][ref] » et « [ref]: adresse ») non pris en "
                                           "charge : écrivez le lien en ligne, [texte](https://…)"))
    return findings, links


SIGN_AS_BULLET = ("« {sign} {number} » en début de ligne devient une puce de liste et perd son signe : pour un nombre "
                  "signé, écrivez-le sans espace (« {sign}{number} ») ou en mots (« plus de », « moins… »), ou "
                  "commencez la ligne par un mot ; pour une liste, commencez l’élément par un mot")


def _lone_items(tokens: list[Token]) -> set[int]:
    """The indexes of the list items that are alone in their list: a line « - 20 % » is a sign a writer meant, while
    a list of several items that start with a number (« - 94 Citoyens écrit… ») is a list."""
    lone: set[int] = set()
    stack: list[list[int]] = []
    for index, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            stack.append([])
        elif token.type == "list_item_open" and stack:
            stack[-1].append(index)
        elif token.type == "bullet_list_close" and stack:
            items = stack.pop()
            if len(items) == 1:
                lone.update(items)
    return lone


def _signed_number(tokens: list[Token], index: int) -> str:
    """The number a « - » or « + » list item starts with (the sign a writer meant, that Markdown turns into a
    bullet), or "" when it starts with anything else."""
    for token in tokens[index + 1:]:
        if token.type == "inline":
            match = re.match(r"[0-9][0-9  \u202f.,]*", token.content)
            return match.group().strip() if match else ""
        if token.type not in ("paragraph_open",):
            return ""
    return ""


def _inline(children: list[Token], lines: list[str], start: int, end: int,
            findings: list[Finding], links: list[Link], referenced: set[str]) -> None:
    """Refusals inside one paragraph (or heading, list item…): one for its raw HTML, one per image and link."""
    html_seen = False
    at = (start, 0)  # where the previous thing found stood: the next one is after it
    for child in children:
        if child.type == "image":
            line, col = at = _find(lines, start, end, ["!["], at=at)
            findings.append(Finding(line, col, "image interdite : le site ne charge aucune image d’ailleurs et le "
                                               "récit n’en contient pas ; décrivez-la en mots, ou donnez un lien "
                                               "[texte](https://…)"))
        elif child.type == "html_inline":
            if html_seen:
                continue  # one report of raw HTML per paragraph is enough to point at it
            html_seen = True
            line, col = _find(lines, start, end, [child.content])
            findings.append(Finding(line, col, f"HTML brut interdit (« {child.content[:40]} ») : écrivez en Markdown "
                                               "(**gras**, *italique*, [lien](https://…)) ; pour montrer une balise, "
                                               "mettez-la entre accents graves : `<br>`"))
        elif child.type == "s_open":
            line, col = _find(lines, start, end, ["~~"])
            findings.append(Finding(line, col, "texte barré (« ~~ ») non pris en charge : retirez les tildes"))
        elif child.type == "link_open":
            target = str(child.attrs.get("href", ""))
            if target in referenced:
                continue  # a reference link: reported once, at its definition
            line, col = _find(lines, start, end, [target, target.split(":", 1)[0] + ":"], casefold=True,
                              fallback=(-1, -1), at=at)
            if line == -1:  # written otherwise (entities, <…>): point at the link's address
                line, col = _find(lines, start, end, ["](", "<"], at=at)
                col += 2 if lines[line][col:col + 2] == "](" else 1
            at = (line, col + 1)
            message = link_problem(target)
            if message:
                findings.append(Finding(line, col, message))
            elif target.startswith(("/", "#")):
                links.append(Link(line, col, target))


def link_problem(target: str) -> str | None:
    """Why a link target is refused, in French; None when it is an http(s) address or a page of this site."""
    if not target.strip():
        return "lien sans adresse : écrivez [texte](https://…)"
    if "\\" in target:
        return BACKSLASH
    if target.startswith("#") or (target.startswith("/") and not target.startswith("//")):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return UNREADABLE
    scheme = parts.scheme.lower()
    if not scheme:
        if target.startswith("//"):
            return "adresse incomplète : écrivez-la en entier, https://nom-du-site/…"
        return (f"lien relatif « {target[:60]} » : pour une page de ce site, écrivez son adresse depuis la racine, "
                "par exemple [le cas](/cas/jean-louis-kiehl-cresus/) ; pour un autre site, https://…")
    if scheme not in EXTERNAL_SCHEMES:
        return f"lien « {scheme}: » interdit : seuls https://, http:// ou une adresse du site commençant par / sont permis"
    return url_problem(target)


BACKSLASH = ("barre oblique inverse « \\ » interdite dans une adresse : un navigateur la lit comme « / », si bien que "
             "https://a.example\\.b.org/ mène en fait à a.example ; écrivez « / », ou %5C si elle fait partie de "
             "l’adresse")
UNREADABLE = ("adresse illisible : les crochets « [ ] » n’y sont permis qu’autour d’une adresse IPv6 "
              "(https://[2001:db8::1]/) ; encodez un crochet du chemin en %5B et %5D")
BAD_PORT = "adresse illisible : le port, après « : », est un nombre de 0 à 65535 (https://exemple.org:8080/)"


def url_problem(url: str) -> str | None:
    """Why an http(s) address is refused (no host, user information, spaces, a backslash, a host that no browser
    reads as written or that mixes scripts); None if it is acceptable. Said in French."""
    if "\\" in url:
        return BACKSLASH
    try:
        parts = urlsplit(url)
    except ValueError:
        return UNREADABLE
    try:
        parts.port  # noqa: B018 (raises ValueError for a port that is not one)
    except ValueError:
        return BAD_PORT
    scheme = parts.scheme.lower()
    if scheme and scheme not in EXTERNAL_SCHEMES:
        return f"lien « {scheme}: » interdit : seules les adresses https:// (ou http://) sont permises"
    if not scheme:
        return "adresse incomplète : elle doit commencer par https:// (ou http://)"
    if any(ch.isspace() for ch in url):
        return "une adresse ne contient pas d’espace : remplacez les espaces par %20"
    if not parts.hostname:
        return "adresse incomplète : écrivez https://nom-du-site/…"
    if "@" in parts.netloc:
        return ("adresse avec un identifiant avant « @ » interdite : elle mène en fait au site écrit après « @ » ; "
                "écrivez l’adresse du site lui-même")
    return host_problem(parts.hostname)


IDNA_REFUSED = ("nom de site « {host} » impossible selon les règles des noms de domaine internationaux (IDNA) : "
                "recopiez-le depuis la source, lettre à lettre")
_ASCII_HOST = re.compile(r"[a-z0-9_.-]+|\[[0-9a-f:.]+\]|[0-9a-f:.]+")


def host_problem(host: str) -> str | None:
    """Why the host of an address is refused: a character no host name holds, a label IDNA refuses, or a label
    that mixes scripts (a Cyrillic « а » among Latin letters: the address of another site that looks the same)."""
    import idna

    from pionniers.common.chars import mixed_scripts

    if host.isascii():
        if not _ASCII_HOST.fullmatch(host):
            bad = next(ch for ch in host if not _ASCII_HOST.fullmatch(ch))
            return f"caractère « {bad} » impossible dans un nom de site ({host}) : vérifiez l’adresse"
        if "xn--" not in host:
            return None
        try:  # a label written in Punycode is checked as the letters it stands for
            host = idna.decode(host)
        except idna.IDNAError:
            return IDNA_REFUSED.format(host=host)
    try:
        read = idna.uts46_remap(host, std3_rules=True, transitional=False)
        idna.encode(read)
    except idna.IDNAError:
        return IDNA_REFUSED.format(host=host)
    if read != host:
        return (f"le nom de site « {host} » est lu « {read} » par un navigateur (caractères de pleine chasse, "
                "points ou lettres d’une autre forme) : écrivez-le tel qu’il est lu")
    for label in read.split("."):
        scripts = mixed_scripts(label)
        if scripts:
            return (f"le nom de site « {host} » mêle plusieurs écritures dans « {label} » ({', '.join(scripts)}) : "
                    "une lettre d’une autre écriture peut imiter une lettre latine et mener à un autre site ; "
                    "recopiez l’adresse depuis la source, lettre à lettre")
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _find(lines: list[str], start: int, end: int, needles: list[str], *, fallback: tuple[int, int] | None = None,
          casefold: bool = False, at: tuple[int, int] | None = None) -> tuple[int, int]:
    """Where the first of `needles` (tried in order) appears in lines[start:end], from position `at` on when given
    (the things of a paragraph are found in their order, so a paragraph is read once, not once per link); else the
    block's first character."""
    first, offset = at if at is not None else (start, 0)
    for needle in needles:
        if not needle:
            continue
        wanted = needle.casefold() if casefold else needle
        for i in range(first, min(end, len(lines))):
            hay = lines[i].casefold() if casefold else lines[i]
            col = hay.find(wanted, offset if i == first else 0)
            if col != -1:
                return i, col
    if fallback is not None:
        return fallback
    return start, _indent(lines[start]) if start < len(lines) else 0


# --- rendering ------------------------------------------------------------------------------------------------------


def render(text: str, *, root: str, inline: bool = False, notes: Mapping[str, int] | None = None,
           note_markup: Callable[[str, int, int], str] | None = None) -> Markup:
    """Sanitised HTML for a checked text, on one line (so that no Markdown preprocessor downstream ever sees a
    contributor's line start). `root` is the relative path from the page to the site's root (« ../../ »): links to
    this site (« /cas/x/ ») are rewritten against it, so that the site works under any base address.

    Source markers [^id] of a source in `notes` (id -> its number on the page) become `note_markup(id, number,
    occurrence)`, our own HTML put in after the sanitizer; any other marker, and a marker inside `code`, stays text."""
    md = _renderer()
    env: dict = {}
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    for token in tokens:
        for child in (token.children or []) if token.type == "inline" else []:
            if child.type == "link_open":
                target = str(child.attrs.get("href", ""))
                if link_problem(target):  # refused by validation already; never rendered as a link either
                    child.attrs.pop("href", None)
                elif target.startswith("/"):
                    child.attrs["href"] = root + target[1:]
            elif child.type == "text" and notes and "[^" in child.content:
                child.content = MARKER.sub(lambda m: _NOTE_OPEN + m.group(1) + _NOTE_CLOSE
                                           if m.group(1) in notes else m.group(0), child.content)
    html = md.renderer.render(tokens, md.options, env)
    cleaned = re.sub(r"\s*\n\s*", " ", _cleaner().clean(html)).strip()
    if notes and note_markup and _NOTE_OPEN in cleaned:
        seen: dict[str, int] = {}

        def note(match: re.Match[str]) -> str:
            source = match.group(1)
            seen[source] = seen.get(source, 0) + 1
            return note_markup(source, notes[source], seen[source])

        cleaned = _NOTE.sub(note, cleaned)
    return Markup(cleaned)


# What can make a text more than paragraphs between blank lines whose markers all stand as text: a list, a
# quotation, code, a link's address, an autolink, an escape, an entity, a character the parser rewrites. A text
# without any is read without a parse (a property test checks that both readings agree).
_NOT_PLAIN = re.compile(r"[`<\\&\r\0]|\]\(|\]:|(?m:^[ \t]*(?:[-*+>]|[0-9]+[.)]))")
# The same search, quicker on long texts: every alternative begins with a character of its own (a line start is
# the line feed before it, one being put in front of the text), so the regex engine skips at C speed to the next
# character that could begin a match. A property test checks that both searches agree.
_NOT_PLAIN_QUICK = re.compile(r"`|<|\\|&|\r|\0|\]\(|\]:|\n[ \t]*(?:[-*+>]|[0-9]+[.)])")


def markers(text: str, skip: frozenset[str] = frozenset()) -> tuple[list[Marker], list[tuple[int, int]]]:
    """The source markers of a story-like text (outside code), and where each of its blocks (a paragraph, a list, a
    quotation) that carries none begins: (0-based line, column). Markers of the sources in `skip` still count for
    their block but are left out of the list (a caller that only needs the others is spared their positions)."""
    if _NOT_PLAIN_QUICK.search("\n" + text) is None:  # _NOT_PLAIN finds nothing
        return _plain_markers(text, skip)
    lines = text.split("\n")
    md = _renderer()
    found: list[Marker] = []
    bare: list[tuple[int, int]] = []
    depth, block_start, block_has = 0, None, False
    for token in md.parse(text, {}):
        if depth == 0 and token.nesting == 1:
            block_start, block_has = (token.map[0] if token.map else 0), False
        if token.type == "inline" and token.children:
            start = token.map[0] if token.map else 0
            for child in token.children:
                if child.type == "text" and "[^" in child.content:
                    for match in MARKER.finditer(child.content):
                        block_has = True
                        if match.group(1) not in skip:
                            line, col = _find(lines, start, len(lines), [match.group(0)])
                            found.append(Marker(line, col, match.group(1)))
        depth += token.nesting
        if depth == 0 and token.nesting == -1 and block_start is not None:
            if not block_has:
                bare.append((block_start, _indent(lines[block_start]) if block_start < len(lines) else 0))
            block_start = None
    return found, bare


# A paragraph of a text made of paragraphs only: a run of lines that hold more than spaces and tabs.
_PARAGRAPH = re.compile(r"(?m)^[ \t]*[^ \t\n].*(?:\n[ \t]*[^ \t\n].*)*")


def _plain_markers(text: str, skip: frozenset[str] = frozenset()) -> tuple[list[Marker], list[tuple[int, int]]]:
    """`markers` for a text made of paragraphs only: each run of non-blank lines is one block; a marker stands where
    its first occurrence from the start of its paragraph does (as `_find` would put it)."""
    found: list[Marker] = []
    bare: list[tuple[int, int]] = []
    line, pos = 0, 0
    for paragraph in _PARAGRAPH.finditer(text):
        start = paragraph.start()
        line += text.count("\n", pos, start)
        pos = start
        has = False
        if "[^" in paragraph.group():
            for match in MARKER.finditer(text, start, paragraph.end()):
                has = True
                if match.group(1) in skip:
                    continue
                index = text.find(match.group(0), start)
                found.append(Marker(line + text.count("\n", start, index), index - text.rfind("\n", 0, index) - 1,
                                    match.group(1)))
        if not has:
            first = paragraph.group().split("\n", 1)[0]
            bare.append((line, len(first) - len(first.lstrip(" "))))
    return found, bare
