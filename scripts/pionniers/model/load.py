"""Safe YAML loading that keeps the line and column of every key and value.

The parse is libyaml's (fast, in C); the construction of Python values is ours, so that nothing YAML 1.1 would
guess (`no` → False, `2014-06-13` → a date, `0755` → 493) passes silently, and every refusal is a Problem with
its exact position instead of a traceback. Only `true`/`false` are booleans and only plain decimals are numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pionniers.common import chars
from pionniers.common.problems import Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32

Path = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line, column


@dataclass
class Loaded:
    """A parsed file: its data, and where each value (and each mapping key) stands in the file.

    Positions are worked out from the node tree only when a problem needs one: a valid file never pays for them.
    Without its tree (`root` None, let go of by `without_tree`), the tree is composed again from `text` the first
    time a position is asked for: the same text gives the same tree."""

    data: dict[str, Any]
    root: Node | None = None
    text: str = field(default="", repr=False)
    _values: dict[Path, Pos] | None = field(default=None, repr=False)
    _keys: dict[Path, Pos] | None = field(default=None, repr=False)
    _nodes: dict[Path, Node] | None = field(default=None, repr=False)
    _lines: list[str] | None = field(default=None, repr=False)
    _indents: dict[int, int] = field(default_factory=dict, repr=False)  # block start line -> its indentation

    @property
    def values(self) -> dict[Path, Pos]:
        self._index()
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[Path, Pos]:
        self._index()
        return self._keys  # type: ignore[return-value]

    def _index(self) -> None:
        if self._values is None:
            self._values, self._keys, self._nodes = {}, {}, {}
            root = self.root if self.root is not None or not self.text else _tree(self.text)
            if root is not None:
                _record(root, (), self._values, self._keys, self._nodes)

    def without_tree(self) -> Loaded:
        """The same file without its node tree, which takes more memory than the data: kept for the corpus checks,
        whose positions (rarely asked for) then come from the text composed again. The positions already worked
        out are kept."""
        return replace(self, root=None)

    def text_position(self, path: Path, line: int, col: int, snippet: str = "") -> Pos:
        """The file position of (0-based) `line`, `col` inside the string value at `path`.

        Exact for literal blocks (`|`, how stories are written) and one-line values; for folded or multi-line
        quoted values, the first occurrence of `snippet` in the value's source, else the value's start."""
        self._index()
        node = self._nodes.get(path) if self._nodes else None
        if not isinstance(node, ScalarNode):
            return self.position(path)
        start, end = node.start_mark, node.end_mark
        if node.style == "|":
            first = start.line + 1  # the line after the « | » indicator (0-based)
            if self._lines is None:  # split once: a story may hold thousands of findings
                self._lines = self.text.split("\n")
            if first not in self._indents:
                self._indents[first] = _block_indent(self._lines, first, end.line)
            return first + line + 1, self._indents[first] + col + 1
        if start.line == end.line and line == 0 and node.style in ("", None, "'", '"') and \
                "\\" not in self.text[start.index:end.index] and "''" not in self.text[start.index:end.index]:
            return start.line + 1, start.column + col + 1 + (1 if node.style in ("'", '"') else 0)
        if snippet:
            found = self.text.find(snippet, start.index, end.index)
            if found != -1:
                return _pos_of_index(self.text, found)
        return start.line + 1, start.column + 1

    def position(self, path: Path) -> Pos:
        """The closest known position for a path: the value, else its key, else its nearest parent."""
        for cut in range(len(path), -1, -1):
            sub = path[:cut]
            if sub in self.values:
                return self.values[sub]
            if sub in self.keys:
                return self.keys[sub]
        return (1, 1)


def _block_indent(lines: list[str], first: int, last: int) -> int:
    """The indentation of a block scalar's content: that of its first non-blank line."""
    for i in range(first, min(last + 1, len(lines))):
        if lines[i].strip():
            return len(lines[i]) - len(lines[i].lstrip(" "))
    return 0


def _record(node: Node, where: Path, values: dict[Path, Pos], keys: dict[Path, Pos], nodes: dict[Path, Node]) -> None:
    """Positions of every value and key below `node`, following the same keys the builder kept."""
    values[where] = _mark(node)
    nodes[where] = node
    if isinstance(node, MappingNode):
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                continue
            sub = where + (unicodedata.normalize("NFC", knode.value),)
            if sub in keys:
                continue
            keys[sub] = _mark(knode)
            _record(vnode, sub, values, keys, nodes)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _record(item, where + (i,), values, keys, nodes)


class _Parser(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser with no implicit typing: every scalar reaches us as text, and we decide."""


_Parser.yaml_implicit_resolvers = {}
_STR_TAG = "tag:yaml.org,2002:str"


def _no_resolve(self: _Parser, kind: type, value: object, implicit: object) -> str:
    """Tags are not used (we look at node types and styles): skip PyYAML's resolver, the parse's hot spot."""
    return _STR_TAG


_Parser.resolve = _no_resolve  # type: ignore[method-assign]

_YAML11 = yaml.resolver.Resolver()
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL_TAG, _NULL_TAG, _TIME_TAG = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"

_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_FRENCH_NUMBER = re.compile(r"-?[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+(,[0-9]+)?|-?[0-9]+,[0-9]+")
_MAYBE_TYPED = set("0123456789+-.~nNyYoOtTfF")
_NUMBER_START = set("-0123456789")
# A plain number longer than this is refused before Python reads it (hundreds of digits would stall or crash int()).
MAX_NUMBER_CHARS = 24
# YAML's escapes in double-quoted strings: \x41, \u00e9, \U0001F600, and the one-letter ones.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_ONE_LETTER = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
               "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _pos_of_index(text: str, index: int) -> Pos:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def _tree(text: str) -> Node | None:
    """The node tree of a text load_text has read (None, should it no longer compose)."""
    try:
        return yaml.compose(text, Loader=_Parser)
    except yaml.YAMLError:
        return None


def _mark(node: Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_text(raw: bytes, path: str) -> tuple[Loaded | None, list[Problem]]:
    """Parse one case file. Returns the loaded data (None if it cannot be used) and the problems found."""
    def problem(line: int, col: int, message: str, fld: str = "") -> Problem:
        return Problem(path, line, col, message, fld)

    if len(raw) > MAX_BYTES:
        # The reader stops one byte past the limit (corpus.read_case): the size is « more than », never a figure.
        return None, [problem(1, 1, f"fichier trop gros : plus de {MAX_BYTES // 1024} Kio ({MAX_BYTES // 1024} Kio "
                                    "au plus) : un cas tient en quelques pages ; coupez le texte ou séparez-le en "
                                    "deux cas")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [problem(1, 1, "le fichier commence par une marque d’ordre d’octets (BOM) : "
                                    "enregistrez-le en UTF-8 « sans BOM »")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return None, [problem(line, col, f"octet 0x{raw[err.start]:02x} qui n’est pas de l’UTF-8 : "
                                          "enregistrez le fichier en UTF-8")]
    if not text.strip():
        return None, [problem(1, 1, "fichier vide : partez du modèle avec `pionniers new SLUG`")]

    problems = _text_problems(text, path)
    if problems:
        return None, problems
    try:
        root = yaml.compose(text, Loader=_Parser)
    except yaml.MarkedYAMLError as err:
        # An anchor, an alias or a tag before the error is what to fix first (and what the error may come from).
        return None, _token_problems(text, path) or [_syntax_problem(err, path)]
    except yaml.YAMLError as err:  # unmarked: should not happen with libyaml, but never let it escape
        return None, [problem(1, 1, f"YAML illisible ({err})")]
    if root is None:
        return None, [problem(1, 1, "fichier vide (seulement des commentaires) : partez du modèle avec `pionniers new SLUG`")]
    if not isinstance(root, MappingNode):
        line, col = _mark(root)
        return None, [problem(line, col, "le fichier doit être une suite de champs « clé: valeur » "
                                         "(un dictionnaire), pas une liste ni un texte seul")]
    builder = _Builder(path, text)
    try:
        data = builder.build(root, ())
    except _Property:  # told at their exact places by the scanner
        return None, _token_problems(text, path) or [problem(*_mark(root), "ancre, alias ou étiquette YAML "
                                                                           "interdits : recopiez chaque valeur en "
                                                                           "toutes lettres")]
    return Loaded(data, root, text), builder.problems


def _text_problems(text: str, path: str) -> list[Problem]:
    """Refusals that must happen before any parse: tabs, invisible characters, excessive nesting."""
    problems: list[Problem] = []
    for index, char in chars.forbidden(text):
        line, col = _pos_of_index(text, index)
        problems.append(Problem(path, line, col, chars.message(char)))
    if "\t" in text:
        for lineno, line in enumerate(text.split("\n"), 1):
            lead = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in lead:
                problems.append(Problem(path, lineno, lead.index("\t") + 1,
                                        "tabulation dans l’indentation : YAML n’accepte que des espaces ; "
                                        "remplacez chaque tabulation par deux espaces"))
    too_deep = _too_deep(text)
    if too_deep:
        problems.append(Problem(path, too_deep[0], too_deep[1],
                                f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : un cas n’en a besoin "
                                "que de quatre ou cinq ; vérifiez l’indentation"))
    return problems


# What may open a nesting level at a line's start: indentation, and the « - », « ? », « : » indicators of a chain
# (each line's run, after its line feed: a pattern that starts with a character is searched at C speed).
_LEADING = re.compile(r"\n[ ?:-]*")
# A bracket YAML may read as the start of a flow collection follows a space or a line break, an indicator (« - »,
# « ? », « : », « , ») or another bracket. Any other bracket stands inside a text (or after a property, &ancre or
# !étiquette, when the file holds one: then every bracket counts).
_BEFORE_FLOW = frozenset("?:,[{-")


def _flow_brackets(text: str) -> int:
    """How many brackets of `text` YAML may read as opening a flow collection (at least as many as it does)."""
    if "&" in text or "!" in text:
        return text.count("[") + text.count("{")
    count = 0
    for bracket in "[{":
        pieces = text.split(bracket)
        for piece in pieces[:-1]:
            if not piece or piece[-1] in _BEFORE_FLOW or piece[-1].isspace():
                count += 1
    return count


# The header of a block scalar (« | », « >- », « |2 »…), with an optional comment.
_BLOCK_HEADER = re.compile(r"[|>]([1-9]?)[-+]?([1-9]?)(?:[ \t]+#.*)?[ \t]*$")
# The end of a plain key in block context: « : » followed by a space, a tab or the line's end (before any comment).
_KEY_END = re.compile(r"[ \t]#|:(?=[ \t]|$)")
_PROPERTIES = re.compile(r"(?:[&!][^ \t]*[ \t]+)*")


def _too_deep(text: str) -> Pos | None:
    """Where nesting goes deeper than MAX_DEPTH, from indentation, « - » chains and the brackets YAML reads as flow
    (not those inside a block scalar, a quoted text or a plain text), without building a tree."""
    # Each nesting level costs at least one column of indentation, one « - » or one bracket that may open a flow: if
    # even their sum stays under the limit, the file cannot be too deep (the usual case, decided in C-speed regex
    # calls).
    widest = max(len(text) - len(text.lstrip(" ?:-")), max(map(len, _LEADING.findall(text)), default=1) - 1)
    if widest + _flow_brackets(text) < MAX_DEPTH:
        return None
    return _Depth().walk(text)


class _Depth:
    """A line-by-line reading of YAML's structure, just enough to count nesting: the indentation levels open, the
    « - »/« ? »/« : » chains, the flow collections open; what lies inside block scalars and quoted texts is skipped."""

    def __init__(self) -> None:
        self.indents: list[int] = []
        self.flow = 0
        self.quote = ""  # the quote of a quoted text still open at the end of the last line
        self.block: tuple[int, int, int] | None = None  # a block scalar: (parent indentation, content indentation
        # (0: not known yet), widest blank line before its first text)
        self.level = 0  # the levels open on the current line outside flow collections

    def walk(self, text: str) -> Pos | None:
        for lineno, line in enumerate(text.split("\n"), 1):
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            if self.block is not None:
                parent, content, blank = self.block
                if not stripped.strip(" \t"):
                    self.block = (parent, content, max(blank, len(line)))
                    continue
                if not content:
                    content = max(blank, indent, parent + 1, 1)
                    self.block = (parent, content, blank)
                if indent >= content:
                    continue
                self.block = None
            if self.flow or self.quote:
                found = self._scan(line, 0, lineno)
                if found:
                    return found
                continue
            if not stripped or stripped.startswith("#"):
                continue
            while self.indents and self.indents[-1] >= indent:
                self.indents.pop()
            self.indents.append(indent)
            self.level = len(self.indents)
            if self.level > MAX_DEPTH:
                return lineno, indent + 1
            col, parent = indent, indent
            if indent == 0 and (line == "---" or line.startswith(("--- ", "---\t"))):
                col, parent = 3, -1  # a node on the document's first line
            found = self._node(line, col, parent, lineno, indent)
            if found:
                return found
        return None

    def _node(self, line: str, col: int, parent: int, lineno: int, indent: int) -> Pos | None:
        """Read a node of block context starting at `col`: its chain of indicators, its properties, then a flow
        collection, a quoted text, a block scalar, or a key and its value."""
        while True:
            while col < len(line) and line[col] in " \t":
                col += 1
            if line[col:col + 1] in ("-", "?", ":") and line[col + 1:col + 2] in ("", " ", "\t"):
                parent = col
                col += 1
                self.level += 1
                if self.level > MAX_DEPTH:
                    return lineno, indent + 1
                continue
            break
        col = _PROPERTIES.match(line, col).end()  # type: ignore[union-attr]
        char = line[col:col + 1]
        if char in ("[", "{"):
            return self._scan(line, col, lineno)
        if char in ('"', "'"):
            self.quote = char
            end = self._close_quote(line, col + 1)
            if end < 0:
                return None
            after = re.match(r"[ \t]*:(?=[ \t]|$)", line[end:])
            return self._node(line, end + after.end(), col, lineno, indent) if after else None
        if char in ("|", ">"):
            header = _BLOCK_HEADER.match(line, col)
            if header:
                step = int(header.group(1) or header.group(2) or 0)
                content = (max(parent, 0) + step) if step else 0
                self.block = (parent, content, 0)
            return None
        if not char or char == "#":
            return None
        key = _KEY_END.search(line, col + 1)
        if key and key.group() == ":":
            return self._node(line, key.end(), col, lineno, indent)
        return None

    def _close_quote(self, line: str, col: int) -> int:
        """The column after the quoted text's closing quote (the text opened before `col`), or -1 if it goes on to
        the next line (self.quote stays set)."""
        quote = self.quote
        while col < len(line):
            char = line[col]
            if quote == '"' and char == "\\":
                col += 2
                continue
            if char == quote:
                if quote == "'" and line[col + 1:col + 2] == "'":
                    col += 2
                    continue
                self.quote = ""
                return col + 1
            col += 1
        return -1

    def _scan(self, line: str, col: int, lineno: int) -> Pos | None:
        """Brackets from `col` on, inside flow collections (or a quoted text) that may go on over several lines."""
        after_indicator = True  # a quote opens a text only where a node may start
        while col < len(line):
            if self.quote:
                col = self._close_quote(line, col)
                if col < 0:
                    return None
                after_indicator = False
                continue
            char = line[col]
            if char in "[{":
                self.flow += 1
                if self.level + self.flow > MAX_DEPTH:
                    return lineno, col + 1
                after_indicator = True
            elif char in "]}":
                if self.flow:
                    self.flow -= 1
                if not self.flow:
                    return None  # what follows a closed collection on its line is a comment or a key's end
                after_indicator = False
            elif char == ",":
                after_indicator = True
            elif char in ":?" and line[col + 1:col + 2] in ("", " ", "\t"):
                after_indicator = True
            elif char in "\"'" and after_indicator:
                self.quote = char
            elif char == "#" and (col == 0 or line[col - 1] in " \t"):
                return None
            elif char not in " \t":
                after_indicator = False
            col += 1
        return None


class _Property(Exception):
    """A node of the tree carries an anchor or a tag (found while building: the file is then refused)."""


def _has_properties(root: Node, text: str) -> bool:
    """Whether a node of the tree carries an anchor or a tag: its first character is then « & » or « ! » (a node
    starts at its properties, and nothing else may start with them). An alias needs an anchor, which comes first in
    the file: the walk stops there, before it could follow an alias back up the tree."""
    stack = [root]
    while stack:
        node = stack.pop()
        if text.startswith(("&", "!"), node.start_mark.index):
            return True
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(value)
                stack.append(key)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return False


def _token_problems(text: str, path: str) -> list[Problem]:
    """Anchors, aliases and tags, found by libyaml's scanner at their exact place (only if the text could hold one)."""
    if not ("&" in text or "*" in text or "!" in text):
        return []
    problems: list[Problem] = []
    try:
        for token in yaml.scan(text, Loader=_Parser):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                problems.append(Problem(path, token.start_mark.line + 1, token.start_mark.column + 1,
                                        f"ancre ou alias YAML « {sign}{token.value} » interdit : recopiez la valeur "
                                        "en toutes lettres (ou mettez le texte entre guillemets s’il commence par "
                                        f"« {sign} »)"))
            elif isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                problems.append(Problem(path, token.start_mark.line + 1, token.start_mark.column + 1,
                                        f"étiquette YAML « {handle or ''}{suffix} » interdite : écrivez la valeur "
                                        "sans étiquette (mettez le texte entre guillemets s’il commence par « ! »)"))
    except yaml.MarkedYAMLError:
        return problems  # the syntax error itself is reported by the parse that follows
    return problems


_SYNTAX_FR = [
    ("expected a single document", "plusieurs documents YAML dans un fichier (« --- » ou « ... ») : "
                                   "un fichier ne contient qu’un cas ; retirez le séparateur"),
    ("did not find expected <document start>", "plusieurs documents YAML dans un fichier (« --- » ou « ... ») : "
                                               "un fichier ne contient qu’un cas ; retirez le séparateur"),
    ("found character '\\t'", "tabulation interdite : YAML n’accepte que des espaces"),
    ("mapping values are not allowed", "« : » inattendu : si la valeur contient « : », "
                                            "mettez-la entre guillemets"),
    ("could not find expected ':'", "« : » manquant après la clé, ou indentation incohérente"),
    ("found undefined alias", "alias YAML interdit"),
    ("expected <block end>, but found", "indentation incohérente : alignez ce champ sur ses voisins"),
    ("found unexpected end of stream", "fin de fichier inattendue : un guillemet ou un crochet n’est pas refermé"),
    ("found unknown escape character", "séquence d’échappement inconnue entre guillemets doubles : "
                                       "doublez la barre oblique inverse ou utilisez des guillemets simples"),
    ("did not find expected key", "clé attendue : vérifiez l’indentation et les tirets de liste"),
    ("did not find expected node content", "valeur attendue : une liste ou un champ est incomplet"),
    ("found unacceptable character", "caractère interdit dans le fichier : supprimez-le"),
    ("special characters are not allowed", "caractère interdit dans le fichier : supprimez-le"),
]


def _syntax_problem(err: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = f"{err.context or ''} {err.problem or ''}".strip()
    for english, french in _SYNTAX_FR:
        if english in detail:
            return Problem(path, line, col, f"erreur de syntaxe YAML : {french}")
    return Problem(path, line, col, f"erreur de syntaxe YAML ({detail}) : vérifiez l’indentation et les guillemets")


class _Builder:
    """Turns libyaml nodes into plain Python values, recording positions and every refusal."""

    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self.text = text
        # An anchor or a tag starts with « & » or « ! » (_has_properties): in a text without either, no node is
        # looked at for one.
        self.properties = "&" in text or "!" in text
        self.problems: list[Problem] = []

    def _hygiene(self, node: ScalarNode, where: Path) -> None:
        """Characters refused once the value is decoded: a YAML escape (« \\u202e » between double quotes) or a tab.
        Raw characters were refused, at their place, before the parse."""
        value = node.value
        if "\t" not in value and (node.style != '"' or value.isprintable() or not any(chars.forbidden(value))):
            return
        start, end = node.start_mark.index, node.end_mark.index
        for index, char in _decoded_chars(self.text, start, end, node.style == '"'):
            if any(chars.forbidden(char, tabs=True)):
                line, col = _pos_of_index(self.text, index)
                self.problems.append(Problem(self.path, line, col, chars.message(char), dotted(where)))
                return

    def _refuse(self, node: Node, message: str, where: Path) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.path, line, col, message, dotted(where)))

    def build(self, node: Node, where: Path) -> Any:
        """The value of `node`. Raises _Property at a node with an anchor or a tag (_has_properties): before any
        alias to it is followed, since an alias is that very node."""
        if self.properties and self.text.startswith(("&", "!"), node.start_mark.index):
            raise _Property
        if isinstance(node, MappingNode):
            return self._mapping(node, where)
        if isinstance(node, SequenceNode):
            if not self.properties and all(isinstance(item, ScalarNode) for item in node.value):
                return [self._scalar(item, where + (i,)) for i, item in enumerate(node.value)]
            return [self.build(item, where + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, where)

    def _mapping(self, node: MappingNode, where: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if self.properties and self.text.startswith(("&", "!"), knode.start_mark.index):
                raise _Property
            if not isinstance(knode, ScalarNode) or (not knode.style and _plain_type(knode.value) is not str):
                if _has_properties(knode, self.text) or _has_properties(vnode, self.text):
                    raise _Property
                self._refuse(knode, "une clé doit être un simple mot (comme `title`), pas un nombre, "
                                    "un booléen, une liste ni un dictionnaire", where)
                continue
            if knode.style == '"' or "\t" in knode.value:
                self._hygiene(knode, where)
            key = knode.value if knode.value.isascii() else unicodedata.normalize("NFC", knode.value)
            sub = where + (key,)
            if key in out:
                if _has_properties(vnode, self.text):
                    raise _Property
                first = next(k for k, _ in node.value
                             if isinstance(k, ScalarNode) and unicodedata.normalize("NFC", k.value) == key)
                self._refuse(knode, f"clé « {key} » en double (déjà à la ligne {_mark(first)[0]}) : "
                                    "gardez une seule des deux", sub)
                continue
            # A value without properties (an anchor or a tag): a text read at once, else built (build).
            out[key] = self._scalar(vnode, sub) if not self.properties and isinstance(vnode, ScalarNode) \
                else self.build(vnode, sub)
        return out

    def _scalar(self, node: ScalarNode, where: Path) -> Any:
        value = node.value
        if not node.style and value and value[0] not in _MAYBE_TYPED and not value[0].isspace() and "\t" not in value:
            # The usual plain text: no type to guess, no French number, no escape, no tab (the loop's hot path).
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if node.style == '"' or "\t" in value:  # else _hygiene has nothing to look at
            self._hygiene(node, where)
        if node.style:  # quoted or block: always text (libyaml gives "" for plain, PyYAML None)
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        kind = _plain_type(value)
        if kind is str:
            hint = french_number_hint(value)
            if hint:
                self._refuse(node, f"nombre écrit à la française « {value} » : en YAML, écrivez {hint} "
                                   "(sans espace, avec un point décimal) ; le site l’affichera à la française", where)
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if kind is bool:
            return value == "true"
        if kind is type(None):
            return None
        if kind in (int, float):
            return int(value) if kind is int else float(value)
        self._refuse(node, kind, where)  # a YAML 1.1 surprise: kind holds the explanation
        return value


@lru_cache(maxsize=8192)  # keys and short values come back in every file
def _plain_type(value: str) -> Any:
    """How we read a plain (unquoted) scalar: str, bool, None, int, float, or a French explanation of a refusal."""
    if not value:
        return type(None)
    if value[0] not in _MAYBE_TYPED:
        return str
    if value in ("true", "false"):
        return bool
    if len(value) > 5 and value[0].isalpha():
        return str  # longer than every word YAML 1.1 reads as a boolean or a null (« false »), and no number
    if value in ("y", "Y", "n", "N"):  # booleans in the YAML 1.1 specification, though PyYAML reads them as text
        return (f"« {value} » serait lu comme un booléen par YAML 1.1 : écrivez true ou false, "
                f"ou mettez le texte entre guillemets (\"{value}\")")
    if value == "null":
        return type(None)
    if _DECIMAL.fullmatch(value):
        if len(value) > MAX_NUMBER_CHARS:
            return (f"nombre de {len(value)} caractères : {MAX_NUMBER_CHARS} au plus ; un chiffre d’impact s’écrit "
                    "en chiffres simples (3500000), sans zéros superflus")
        return float if "." in value else int
    tag = _YAML11.resolve(ScalarNode, value, (True, False))
    if tag == _BOOL_TAG:
        return (f"« {value} » serait lu comme un booléen par YAML 1.1 : écrivez true ou false, "
                f"ou mettez le texte entre guillemets (\"{value}\")")
    if tag in (_INT_TAG, _FLOAT_TAG):
        return (f"« {value} » serait lu comme un nombre par YAML 1.1 (octal, sexagésimal ou notation spéciale) : "
                f"écrivez un nombre décimal simple, ou mettez le texte entre guillemets (\"{value}\")")
    if tag == _TIME_TAG:
        return (f"« {value} » serait lu comme une date par YAML 1.1 : "
                f"mettez-la entre guillemets (\"{value}\")")
    if tag == _NULL_TAG:
        return f"« {value} » serait lu comme une valeur vide : écrivez null, ou mettez le texte entre guillemets"
    return str


def french_number_hint(value: str) -> str | None:
    """« 70 000 » → "70000", « 3,5 » → "3.5": how to write a number written the French way; None if it is not one."""
    stripped = value.strip()
    if stripped[:1] not in _NUMBER_START or not _FRENCH_NUMBER.fullmatch(stripped):
        return None
    return re.sub("[ \u00a0\u202f]", "", stripped).replace(",", ".")


def dotted(where: Path) -> str:
    """A path in the data as contributors read it: figures[2].time.since."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _decoded_chars(text: str, start: int, end: int, escapes: bool) -> list[tuple[int, str]]:
    """(index in the file, character) of a scalar's source, with YAML escapes decoded at the backslash's index."""
    out: list[tuple[int, str]] = []
    index = start
    while index < end:
        char = text[index]
        if escapes and char == "\\":
            match = _ESCAPE.match(text, index)
            if match:
                code = match.group(1)
                decoded = chr(int(code[1:], 16)) if code[0] in "xuU" and len(code) > 1 else _ONE_LETTER.get(code, code)
                out.append((index, decoded))
                index = match.end()
                continue
        out.append((index, char))
        index += 1
    return out
