"""The quick paths of validation give the same answers as the slow ones they spare.

Validation skips work where it cannot find anything: the Markdown parse of a story with no syntax the subset could
refuse, the parse for markers of a story made of plain paragraphs, the token scan of a file whose tree holds no
anchor or tag, the line-by-line nesting count of a file whose brackets and indentation are few. Each shortcut is
checked here against the full reading, on texts built from the characters that matter to it.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pionniers_testkit import TODAY, VALID

from pionniers.model import load, prose
from pionniers.model.validate import SUSPECT_PROSE, check_file, suspect_prose

SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of story text: words, markers, the characters Markdown reads, blank lines, indentation.
PIECES = st.sampled_from([
    "mot", "Les Voisins Malins", " ", "  ", "    ", "\n", "\n\n", "\n  \n", "[^ashoka]", "[^fondation-veolia]",
    "[^a][^b]", "[", "]", "(", ")", "(https://exemple.org)", "[lien](https://exemple.org)", ":", "]:", "^", "*", "**",
    "_", "`", "<", ">", "&amp;", "\\", "- ", "* ", "+ ", "1. ", "2) ", "#", "=", "|", "~", "!", "-", "\t", "»", "\u00a0",
])
STORIES = st.lists(PIECES, max_size=40).map("".join)


def _markers_parsed(text: str) -> tuple[list[prose.Marker], list[tuple[int, int]]]:
    """`prose.markers` with its quick path switched off."""
    saved = prose._NOT_PLAIN_QUICK
    prose._NOT_PLAIN_QUICK = _ALWAYS
    try:
        return prose.markers(text)
    finally:
        prose._NOT_PLAIN_QUICK = saved


class _Always:
    @staticmethod
    def search(text: str) -> bool:
        return True


_ALWAYS = _Always()


@SETTINGS
@given(STORIES)
def test_markers_read_without_a_parse_are_those_the_parse_finds(text):
    assert prose.markers(text) == _markers_parsed(text)


def test_markers_of_plain_paragraphs_skip_the_parse():
    text = "Un paragraphe.[^a]\n\nUn autre, sans appel.\n\n  Un troisième[^b][^c] sur\ndeux lignes.\n"
    assert not prose._NOT_PLAIN.search(text)
    found, bare = prose.markers(text)
    assert [(m.line, m.col, m.source) for m in found] == [(0, 14, "a"), (4, 14, "b"), (4, 18, "c")]
    assert bare == [(2, 0)]
    assert (found, bare) == _markers_parsed(text)


@SETTINGS
@given(STORIES, st.booleans())
def test_a_story_spared_the_markdown_check_has_nothing_to_find(text, inline):
    if SUSPECT_PROSE.search(text):
        return
    assert prose.check(text, inline=inline) == ([], [])


# Characters and runs the two prefilters read: line starts, indentation, list and quotation marks, brackets.
FILTER_PIECES = st.sampled_from([
    "mot", " ", "    ", "\n", "\n\n", "\t", "\r", "\0", ">", "> ", "-", "- ", "--", "+", "+ ", "*", "**", "_", "__",
    "1", "12", ".", ")", "1. ", "2) ", "#", "<", "`", "~", "|", "=", "&", "\\", "[", "]", "(", ":", "^", "](", "]:",
    "[^a]", "[^a-b]", "[^a](", "[^a]:", "[^A]", "é", "\u00a0",
])
FILTER_TEXTS = st.lists(FILTER_PIECES, max_size=30).map("".join)


@SETTINGS
@given(FILTER_TEXTS)
def test_the_quick_prose_filter_finds_what_suspect_prose_finds(text):
    assert suspect_prose(text) == bool(SUSPECT_PROSE.search(text))


@SETTINGS
@given(FILTER_TEXTS)
def test_the_quick_plain_text_filter_finds_what_the_full_one_finds(text):
    assert (prose._NOT_PLAIN_QUICK.search("\n" + text) is None) == (prose._NOT_PLAIN.search(text) is None)


@pytest.mark.parametrize("text", ["    code", "> - 1", "---", "- 3", "\n---", "a\n    b", "-1. x", "1) x", "a\n2. b"])
def test_the_quick_filters_read_the_first_line_as_a_line_start(text):
    assert suspect_prose(text) == bool(SUSPECT_PROSE.search(text))
    assert (prose._NOT_PLAIN_QUICK.search("\n" + text) is None) == (prose._NOT_PLAIN.search(text) is None)


@pytest.mark.parametrize("text", ["-     mot", "*     code", "1.     code", "> 1. -     code", "- \u00a01. ", "1. - 5 %"])
def test_what_follows_a_list_or_quotation_marker_still_calls_for_the_markdown_check(text):
    # A code block or a sign read as a bullet can stand after the markers that open a line, not only at its start.
    assert prose.check(text)[0]
    assert SUSPECT_PROSE.search(text), text


def test_markers_alone_do_not_call_for_the_markdown_check():
    assert not SUSPECT_PROSE.search("Une phrase.[^ashoka-pionniers][^fondation-veolia]\n\nUne autre.[^a]\n")
    for text in ("[^a](https://exemple.org)", "[^a]: https://exemple.org", "[texte [^a]](https://x.org)", "[^a][]"):
        assert SUSPECT_PROSE.search(text), text


# --- the nesting guard ---------------------------------------------------------------------------------------------

BASE = (VALID / "jean-louis-kiehl-cresus.yml").read_text(encoding="utf-8")


def _story(code: str) -> str:
    """The valid case with `code` added, as its own paragraph with a marker, to the story's first section."""
    head, tail = BASE.split("  challenge: |\n", 1)
    first, rest = tail.split("\n", 1)
    return head + "  challenge: |\n" + first + "\n\n" + code + "\n" + rest


def test_forty_braces_in_a_block_scalar_are_text():
    code = "    Un exemple de code : `" + "{" * 40 + "` et " + "[" * 40 + " fin.[^" + _first_source() + "]"
    checked = check_file(_story(code).encode(), "tests/fixtures/valid/jean-louis-kiehl-cresus.yml", today=TODAY)
    assert not any("imbrication" in p.message for p in checked.problems), checked.problems


@pytest.mark.parametrize("line", ['title: "' + "{" * 40 + '"', "title: '" + "[" * 40 + "'",
                                  "title: un texte " + "[" * 40, 'title: "un texte\n  ' + "[" * 40 + '"'])
def test_brackets_of_quoted_and_plain_texts_are_text(line):
    assert load._too_deep("slug: x\n" + line + "\nkind: fellow\n") is None


def test_brackets_after_a_block_scalar_still_count():
    text = "a: |\n  " + "{" * 40 + "\nb: " + "[" * 40 + "]" * 40 + "\n"
    assert load._too_deep(text) == (3, 35)


def test_a_block_scalar_ends_where_its_indentation_does():
    # `- k: |` opens a text indented past `k`; the next key at the indentation of `k` is no longer text.
    text = "- k: |\n    " + "[" * 40 + "\n  j: " + "[" * 40 + "\n"
    assert load._too_deep(text) == (3, 36)


@pytest.mark.parametrize("text", [
    "? " * 50_000 + "x",
    ": " * 50_000 + "x",
    "- " + "? - " * 20_000 + "x",
    "a:\n" + "".join(" " * i + "? x\n" for i in range(400)),
    "a: [&x [&y [" + "[" * 100 + "]",
    "a: [!t [!t [" + "[" * 100 + "]",
    "a: ['x', [" + "[" * 100 + "]",
    "a: {'k''k': [" + "[" * 100 + "]",
    "a: [b'c, [" + "[" * 100 + "]",
])
def test_chains_and_flows_that_hide_their_depth_are_refused(text):
    problems = check_file(text.encode(), "tests/fixtures/generated/x.yml", today=TODAY).problems
    assert any("imbrication trop profonde" in p.message for p in problems), problems


# --- anchors and tags ----------------------------------------------------------------------------------------------

YAML_PIECES = st.sampled_from(["a", "b: ", "- ", "  ", "\n", "&x ", "*x", "!t ", "!!str ", "! ", "[", "]", "{", "}",
                               ", ", "'", '"', "|\n", "? ", ": ", "#", "x&y", "a*b", "c!d"])


def _composed(text):
    """The node tree of `text` as the loader composes it, or None (not YAML, or empty)."""
    try:
        return yaml.compose(text, Loader=load._Parser)
    except yaml.YAMLError:
        return None


@SETTINGS
@given(st.lists(YAML_PIECES, max_size=30).map("".join))
def test_properties_found_on_the_tree_are_those_the_scanner_finds(text):
    root = _composed(text)
    if root is None:
        return
    assert load._has_properties(root, text) == bool(load._token_problems(text, "x"))
    if isinstance(root, yaml.MappingNode):
        loaded, problems = load.load_text(text.encode(), "x")
        assert (loaded is None and problems == load._token_problems(text, "x")) == load._has_properties(root, text)


# Texts a case may hold, with or without an anchor or a tag: keys, lists, quoted and typed values, tabs, escapes.
BUILD_PIECES = st.sampled_from(["a", "b: ", "c:\n  ", "- ", "  ", "\n", "&x ", "*x", "!t ", "x&y", "c!d", "[", "]", "{",
                                "}", ", ", "'", '"', "|\n  ", "? ", ": ", "#", "1", "2.5", "no", "true", "~", "\t",
                                "\\t", "é", "e\u0301", "70 000"])


@SETTINGS
@given(st.lists(BUILD_PIECES, max_size=30).map("".join))
def test_a_tree_built_without_looking_for_properties_is_the_same(text):
    # In a text without « & » or « ! », the builder looks at no node for an anchor or a tag; looking at each one
    # changes nothing (and where there are some, it looks).
    root = _composed(text)
    if root is None:
        return
    quick, full = load._Builder("x", text), load._Builder("x", text)
    full.properties = True
    assert quick.properties == ("&" in text or "!" in text)
    try:
        built = quick.build(root, ())
    except load._Property:
        with pytest.raises(load._Property):
            full.build(root, ())
        return
    assert built == full.build(root, ())
    assert quick.problems == full.problems


@SETTINGS
@given(st.lists(BUILD_PIECES, max_size=30).map("".join))
def test_positions_without_the_tree_are_those_with_it(text):
    loaded, _ = load.load_text(text.encode(), "x")
    if loaded is None:
        return
    bare = loaded.without_tree()
    assert bare.root is None and bare.data is loaded.data
    assert (bare.values, bare.keys) == (loaded.values, loaded.keys)
    for where in loaded.values:
        assert bare.text_position(where, 0, 0, "a") == loaded.text_position(where, 0, 0, "a")


@pytest.mark.parametrize("path", sorted(VALID.parent.glob("*/*.yml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_positions_in_the_fixtures_without_the_tree_are_those_with_it(path):
    loaded, _ = load.load_text(path.read_bytes(), "x")
    if loaded is None:
        return
    bare = loaded.without_tree()
    assert (bare.values, bare.keys) == (loaded.values, loaded.keys)
    for where in loaded.values:
        assert bare.text_position(where, 1, 2, "e") == loaded.text_position(where, 1, 2, "e")


def _first_source() -> str:
    return yaml.safe_load(BASE)["sources"][0]
