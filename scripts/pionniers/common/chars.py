"""Which characters a case file may hold, and how to show the others to a person.

Allowed: every printable character of Unicode (letters of any script, digits, punctuation, symbols, emoji, the
spaces of French typography — U+00A0, U+202F — and other visible spaces), line feeds, and the CR of a CRLF line end.
Everything else is refused wherever it stands (value, key, comment; raw or as a YAML escape), because it is invisible
or changes how the text around it reads: control characters, tabs in text, format characters (bidirectional
controls, zero-width spaces and joiners, soft hyphens, byte-order marks), line and paragraph separators, private-use,
surrogate and unassigned code points, and the few letters that draw nothing (Hangul fillers, the braille blank).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Iterator

# Characters str.isprintable() calls unprintable but a case file may contain: line ends, and visible spaces (Zs).
_KEEP = {ord("\n"): None, ord("\r"): None, **{cp: None for cp in (
    0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}}
# Printable for Python, yet they draw nothing: they can hide text as well as a zero-width space.
_BLANKS = "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
_BLANK_LETTERS = re.compile(f"[{_BLANKS}]")
_BIDI = frozenset((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def forbidden(text: str, *, tabs: bool = False) -> Iterator[tuple[int, str]]:
    """(index, character) of every character a case file may not hold. Tabs are reported only with `tabs=True`
    (the loader reports tabs in indentation with their own message). A lone CR is reported; a CRLF's is not."""
    # The usual case, decided at C speed: without its line feeds and French typography's spaces (the visible
    # characters isprintable() refuses that a file most often holds), the text is printable. Else the slower probe
    # that lets every allowed space through, then the character-by-character walk.
    probe = text.replace("\n", "").replace("\u00a0", "").replace("\u202f", "")
    if not probe.isprintable():
        probe = probe.translate(_KEEP)
    if probe.isprintable() and "\r" not in text and not any(blank in text for blank in _BLANKS):
        return
    for index, char in enumerate(text):
        if char == "\t":
            if tabs:
                yield index, char
        elif char == "\r":
            if not text.startswith("\n", index + 1):
                yield index, char
        elif char != "\n" and (not char.isprintable() and ord(char) not in _KEEP or _BLANK_LETTERS.match(char)):
            yield index, char


def message(char: str) -> str:
    """Why a character is refused and what to do, in French."""
    code = f"U+{ord(char):04X}"
    if char in "\r\u2028\u2029\x85":
        return (f"saut de ligne inhabituel {code} interdit : enregistrez le fichier avec des fins de ligne "
                "ordinaires (LF), et n’écrivez pas ce caractère en échappement")
    if char == "\t":
        return "tabulation dans le texte interdite : remplacez-la par une espace"
    if ord(char) in _BIDI:
        return f"caractère de contrôle bidirectionnel {code} interdit : supprimez-le (il peut inverser l’ordre du texte)"
    category = unicodedata.category(char)
    kind = {"Cc": "de contrôle", "Co": "à usage privé", "Cs": "isolé (demi-paire UTF-16)", "Cn": "non attribué"}.get(
        category, "invisible")
    return f"caractère {kind} {code} interdit : supprimez-le (il peut masquer du texte ou tromper le lecteur)"


def visible(text: str) -> str:
    """The text with every refused character (and the backslash) shown as an escape: \\n, \\t, \\x1b, \\u202e.

    For messages printed to a terminal or a CI log: a contributor's text can neither colour nor move the cursor,
    nor start a new line that a CI runner would read as a command."""
    if text.isprintable() and "\\" not in text:
        return text
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif (not char.isprintable() and ord(char) not in _KEEP) or _BLANK_LETTERS.match(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


# --- look-alike characters (Unicode's confusables, UTS #39) ---------------------------------------------------------


@cache
def _prototypes() -> dict[str, str]:
    """Each character of Unicode's confusables list → one character of its group of look-alikes (the same for the
    whole group: « C », Cyrillic « С », Roman numeral « Ⅽ »…). The list is the one confusable-homoglyphs ships,
    taken from Unicode's confusables.txt; its pairs are joined into groups (union-find)."""
    from confusable_homoglyphs.utils import load

    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.setdefault(char, char) != char:
            parent[char] = parent[parent[char]]
            char = parent[char]
        return char

    for char, alikes in load("confusables.json").items():
        for alike in alikes:
            a, b = root(char), root(alike["c"])
            if a != b:  # the group's representative: the shortest, then ASCII first, then the lowest code point
                keep, drop = sorted((a, b), key=lambda c: (len(c), not c.isascii(), c))
                parent[drop] = keep
    return {char: root(char) for char in parent if len(char) == 1}


@cache
def _prototype_table() -> dict[int, str]:
    """_prototypes as a table for str.translate: each character mapped in C rather than one by one in Python."""
    return {ord(char): prototype for char, prototype in _prototypes().items()}


def skeleton(text: str) -> str:
    """What `text` looks like, whatever look-alike characters spell it: « Сrésus » (Cyrillic С) and « Crésus » have
    one skeleton, and so do « CRESUS » and « Cré sus » (case, accents, spaces and punctuation ignored). Linear."""
    table = _prototype_table()
    # Mapped before the compatibility decomposition, which turns some look-alikes into letters that look like nothing
    # else (« ϲ », a lunate sigma, into « ς »), and again after it, until nothing changes (a mapped « 𝐂 » is a capital
    # to fold; three rounds at most).
    for _ in range(3):
        mapped = unicodedata.normalize("NFD", text.casefold()).translate(table)
        folded = "".join(filter(str.isalnum, unicodedata.normalize("NFKD", mapped))).translate(table)
        if folded == text:
            break
        text = folded
    return text


def lookalikes(text: str) -> list[str]:
    """The characters of `text` drawn like a Latin letter or a digit without being one (an accented Latin letter
    is one), each named with its code point and script (« « С » U+0421 CYRILLIC »): for a message that must say what
    no eye can see."""
    from confusable_homoglyphs.categories import alias

    found = []
    for char in dict.fromkeys(text):
        if not char.isalnum() or unicodedata.normalize("NFD", char)[0].isascii():
            continue
        if skeleton(char).isascii():
            found.append(f"« {char} » U+{ord(char):04X} {alias(char)}")
    return found


# Scripts a single label of an address may mix (UTS #39, « highly restrictive »): Japanese, Chinese and Korean writing
# with Latin. Any other mix is the mark of a look-alike address (a Cyrillic « а » among Latin letters).
_MIXES_ALLOWED = (frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}), frozenset({"LATIN", "HAN", "BOPOMOFO"}),
                  frozenset({"LATIN", "HAN", "HANGUL"}))


def mixed_scripts(label: str) -> list[str]:
    """The scripts of a mixed-script label, sorted (empty when it is written in one script, or an allowed mix)."""
    from confusable_homoglyphs.categories import unique_aliases

    scripts = set(unique_aliases(label)) - {"COMMON", "INHERITED"}
    if len(scripts) <= 1 or any(scripts <= allowed for allowed in _MIXES_ALLOWED):
        return []
    return sorted(scripts)
