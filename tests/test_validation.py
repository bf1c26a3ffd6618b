"""One test per kind of problem: each fixture is a small variation of a valid case with exactly one thing wrong.

Every expected `path:line:col` is written by hand from the fixture (see tests/fixtures/invalid/), and every
message is checked for the French words a contributor needs to understand and fix the problem.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import date

import pytest
from pionniers_testkit import (
    CORPUS,
    INVALID,
    INVALID_SOURCES,
    ROOT,
    SOURCES,
    TODAY,
    VALID,
    assert_words,
    base_lines,
    base_text,
    check_fixture,
    check_record,
    marked,
    only_problem,
    record_text,
    record_with_line,
    rel,
    where,
    with_line,
)

from pionniers.common.paths import Layout
from pionniers.model.corpus import check_corpus
from pionniers.model.sources import check_source_file
from pionniers.model.validate import check_file

INV = "tests/fixtures/invalid"


def check_text(text: str | bytes, name: str = "cas-de-base", *, today: date = TODAY):
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return check_file(raw, f"{INV}/{name}.yml", today=today)


# --- valid cases --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yml")), ids=lambda p: p.stem)
def test_valid_fixture_has_no_problem(path):
    checked = check_file(path.read_bytes(), rel(path), today=TODAY)
    assert checked.problems == []
    assert checked.case is not None
    assert checked.case.slug == path.stem


def test_valid_fixtures_cover_every_figure_shape_and_time_form():
    cases = check_corpus(Layout(ROOT), [VALID], today=TODAY, sources=SOURCES).cases
    shapes = {f.shape for c in cases for f in c.figures}
    assert shapes == {"count", "range", "change", "rate"}
    forms = set()
    for case in cases:
        for figure in case.figures:
            if figure.time is not None:
                forms |= {k for k, v in figure.time.model_dump(by_alias=True).items() if v is not None}
    assert forms == {"as_of", "since", "by", "from", "to", "during", "wording"}


def test_valid_values_are_read_as_written():
    case = check_fixture("jean-louis-kiehl-cresus", VALID).case
    assert case is not None
    assert case.start_year == 2010 and isinstance(case.start_year, int)
    assert case.figures[0].value == 33000 and isinstance(case.figures[0].value, int)
    assert case.figures[2].to == 8.5
    assert case.figures[1].time.since == "2013-06"
    assert case.sources == ["ashoka-pionniers", "rapport-cresus"]
    record = check_source_file((SOURCES / "ashoka-pionniers.yml").read_bytes(), "sources/ashoka-pionniers.yml",
                               today=TODAY).source
    assert record is not None and record.date == "2016"
    assert case.reviewed == "2026-11-01"
    other = check_fixture("marie-martin-alliance-emploi", VALID).case
    assert other is not None and other.start_year is None


def test_windows_line_endings_are_accepted():
    checked = check_text(base_text().replace("\n", "\r\n"))
    assert checked.problems == [] and checked.case is not None


def test_a_leading_document_marker_is_accepted():
    checked = check_text("---\n" + base_text())
    assert checked.problems == [] and checked.case is not None


# --- safe loading -------------------------------------------------------------------------------------------

LOADING = [
    # fixture, line, col, key words of the message
    ("duplicate-key", 3, 1, ["clé « title » en double", "ligne 2"]),
    ("anchor", 2, 8, ["ancre ou alias", "&titre", "interdit"]),
    ("alias", 17, 10, ["ancre ou alias", "*resume", "interdit"]),
    ("tag-python", 2, 8, ["étiquette YAML", "!!python/object/apply:os.system", "interdite"]),
    ("tag-custom", 17, 10, ["étiquette YAML", "!perso", "interdite"]),
    ("tab-indentation", 14, 3, ["tabulation", "espaces"]),
    ("empty", 1, 1, ["fichier vide"]),
    ("comments-only", 1, 1, ["fichier vide", "commentaires"]),
    ("top-level-list", 2, 1, ["clé: valeur", "dictionnaire", "pas une liste"]),
    ("top-level-text", 2, 1, ["clé: valeur", "dictionnaire"]),
    ("deep-nesting", 2, 39, ["imbrication trop profonde", "32"]),
    ("deep-nesting-block", 65, 65, ["imbrication trop profonde", "indentation"]),
    ("multiple-documents", 33, 1, ["plusieurs documents", "un cas"]),
    ("key-not-text", 18, 1, ["une clé doit être un simple mot", "nombre"]),
    ("yaml11-boolean", 6, 11, ["« no »", "booléen", "YAML 1.1", "guillemets"]),
    ("yaml11-date", 32, 11, ["« 2014-06-13 »", "date", "guillemets"]),
    ("yaml11-time", 26, 11, ["« 12:30 »", "nombre", "sexagésimal", "guillemets"]),
    ("yaml11-octal", 14, 10, ["« 0755 »", "nombre", "octal", "guillemets"]),
    ("french-number-space", 25, 12, ["à la française", "« 70 000 »", "écrivez 70000"]),
    ("french-number-comma", 25, 12, ["à la française", "« 3,5 »", "écrivez 3.5"]),
    ("syntax-error", 17, 19, ["erreur de syntaxe YAML", "« : »", "guillemets"]),
    ("syntax-error-indentation", 15, 2, ["erreur de syntaxe YAML", "indentation"]),
]


@pytest.mark.parametrize("name, line, col, words", LOADING, ids=[c[0] for c in LOADING])
def test_loading_problem(name, line, col, words):
    problem = only_problem(check_fixture(name))
    assert where(problem) == f"{INV}/{name}.yml:{line}:{col}"
    assert_words(problem.message, words)
    assert problem.severity == "error"


@pytest.mark.parametrize("value, words", [
    ("yes", ["booléen"]), ("Yes", ["booléen"]), ("on", ["booléen"]), ("off", ["booléen"]),
    ("NO", ["booléen"]), ("TRUE", ["booléen"]), ("False", ["booléen"]), ("y", ["booléen"]), ("N", ["booléen"]),
    ("0755", ["nombre", "octal"]), ("0o17", []), ("0x1F", ["nombre"]), ("1_000", ["nombre"]), ("+12", ["nombre"]),
    (".5", ["nombre"]), ("1.5e+3", ["nombre"]), ("1:30:00", ["nombre"]), (".inf", ["nombre"]), (".NaN", ["nombre"]),
    ("2014-06-13", ["date"]), ("2014-06-13 10:00:00", ["date"]), ("2014-06-13T10:00:00Z", ["date"]),
    ("~", ["vide"]), ("Null", ["vide"]), ("NULL", ["vide"]),
])
def test_yaml11_surprises_are_refused_at_their_value(value, words):
    """A plain value that YAML 1.1 would read as a boolean, number, date or null is refused, never coerced."""
    checked = check_text(with_line(6, f"    role: {value}"))
    if value == "0o17":  # YAML 1.2 octal: YAML 1.1 reads it as text, so it is plain text for us too
        assert checked.problems == [] and checked.case.people[0].role == "0o17"
        return
    problem = only_problem(checked)
    assert (problem.line, problem.col) == (6, 11)
    assert_words(problem.message, [f"« {value} »", "guillemets", *words])


@pytest.mark.parametrize("value", ["'no'", '"yes"', '"2014-06-13"', "'0755'", '"70 000"', '"3,5"', "non", "oui",
                                   "nope", "12h30", "n°3"])
def test_quoted_or_unambiguous_text_is_plain_text(value):
    checked = check_text(with_line(6, f"    role: {value}"))
    assert checked.problems == []
    assert checked.case.people[0].role == value.strip("'\"")


def test_only_true_false_and_plain_decimals_are_typed():
    lines = base_text().replace("    value: 33000\n", "    value: 0.25\n")
    checked = check_text(lines)
    assert checked.problems == [] and checked.case.figures[0].value == 0.25


@pytest.mark.parametrize("key, col", [("2014", 1), ("true", 1), ("null", 1), ("~", 1), ("[a, b]", 1),
                                      ("{a: b}", 1), ("yes", 1)])
def test_key_that_is_not_plain_text(key, col):
    lines = base_text().split("\n")
    lines.insert(17, f"{key}: x")  # becomes line 18
    problem = only_problem(check_text("\n".join(lines)))
    assert (problem.line, problem.col) == (18, col)
    assert_words(problem.message, ["une clé doit être un simple mot"])


def test_quoted_key_is_text_and_then_unknown():
    lines = base_text().split("\n")
    lines.insert(17, '"2014": x')
    problem = only_problem(check_text("\n".join(lines)))
    assert (problem.line, problem.col) == (18, 1)
    assert_words(problem.message, ["champ inconnu « 2014 »"])


def test_duplicate_key_in_a_nested_mapping():
    lines = base_text().split("\n")
    lines.insert(15, "  place: Paris")  # line 16, inside territory (place is line 14)
    problem = only_problem(check_text("\n".join(lines)))
    assert (problem.line, problem.col) == (16, 3)
    assert_words(problem.message, ["clé « place » en double", "ligne 14"])


def test_duplicate_key_in_a_flow_mapping():
    text = base_text().replace("territory:\n  place: France\n  scale: national\n",
                               "territory: {place: France, scale: national, place: Paris}\n")
    problem = only_problem(check_text(text))
    assert (problem.line, problem.col) == (13, 45)
    assert_words(problem.message, ["clé « place » en double"])


def test_duplicate_key_after_a_key_that_is_not_text():
    text = "[a, b]: x\n" + base_text() + "title: encore\n"
    checked = check_text(text)
    found = sorted((p.line, p.col, p.message) for p in checked.problems)
    assert [(line, col) for line, col, _ in found] == [(1, 1), (34, 1)]
    assert_words(found[0][2], ["une clé doit être un simple mot"])
    assert_words(found[1][2], ["clé « title » en double", "ligne 3"])


def test_tab_inside_a_value_is_refused_at_its_place():
    problem = only_problem(check_text(with_line(17, "summary: Un résumé\tcourt.")))
    assert (problem.line, problem.col) == (17, 19)
    assert_words(problem.message, ["tabulation", "espace"])


def test_tab_before_a_list_item():
    problem = only_problem(check_text(with_line(5, "\t- name: Jeanne Essai")))
    assert (problem.line, problem.col) == (5, 1)
    assert_words(problem.message, ["tabulation"])


def test_bom_is_refused():
    problem = only_problem(check_text(b"\xef\xbb\xbf" + base_text().encode()))
    assert where(problem) == f"{INV}/cas-de-base.yml:1:1"
    assert_words(problem.message, ["BOM", "UTF-8", "sans BOM"])


def test_bytes_that_are_not_utf8():
    raw = with_line(2, "title: Un cas d'@t@").encode().replace(b"@", b"\xe9")  # Latin-1 "été"
    problem = only_problem(check_text(raw))
    assert where(problem) == f"{INV}/cas-de-base.yml:2:17"
    assert_words(problem.message, ["octet 0xe9", "UTF-8"])


def test_non_utf8_column_counts_characters_not_bytes():
    raw = with_line(17, "summary: Un résumé @").encode().replace(b"@", b"\xff")
    problem = only_problem(check_text(raw))
    assert (problem.line, problem.col) == (17, 20)
    assert_words(problem.message, ["octet 0xff", "UTF-8"])


def test_file_over_256_kib_is_refused():
    raw = base_text().encode()
    raw += b"#" * (256 * 1024 + 1 - len(raw))
    assert len(raw) == 256 * 1024 + 1
    problem = only_problem(check_text(raw))
    assert where(problem) == f"{INV}/cas-de-base.yml:1:1"
    assert_words(problem.message, ["trop gros", "256 Kio"])


def test_file_of_exactly_256_kib_is_accepted():
    raw = base_text().encode()
    raw += b"#" * (256 * 1024 - len(raw))
    checked = check_text(raw)
    assert checked.problems == [] and checked.case is not None


def test_huge_file_is_refused_quickly():
    start = time.perf_counter()
    problem = only_problem(check_text(b"a: [" * 3_000_000))
    assert time.perf_counter() - start < 1
    assert_words(problem.message, ["trop gros"])


@pytest.mark.parametrize("text", ["", " ", "\n\n", "  \n\t\n", "\r\n"], ids=repr)
def test_blank_file_is_empty(text):
    problem = only_problem(check_text(text))
    assert (problem.line, problem.col) == (1, 1)
    assert_words(problem.message, ["fichier vide"])


@pytest.mark.parametrize("text, line, col", [
    ("[1, 2]\n", 1, 1), ("- a\n- b\n", 1, 1), ("juste du texte\n", 1, 1), ("42\n", 1, 1), ("# titre\n\n  'texte'\n", 3, 3),
])
def test_top_level_must_be_a_mapping(text, line, col):
    problem = only_problem(check_text(text))
    assert (problem.line, problem.col) == (line, col)
    assert_words(problem.message, ["dictionnaire"])


@pytest.mark.parametrize("text", [
    "title: " + "[" * 100_000,
    "title: " + "{a: " * 50_000,
    "- " * 50_000 + "x",
    "".join(" " * i + "- \n" for i in range(0, 400, 2)),
    "".join(" " * i + f"k{i}:\n" for i in range(0, 400, 2)),
], ids=["brackets", "braces", "dash-chain", "indented-dashes", "indented-keys"])
def test_excessive_nesting_is_refused_before_any_tree_is_built(text):
    start = time.perf_counter()
    problem = only_problem(check_text(text))
    assert time.perf_counter() - start < 2
    assert_words(problem.message, ["imbrication trop profonde"])


def test_nesting_of_32_levels_is_not_refused_for_depth():
    text = "title: " + "[" * 31 + "]" * 31 + "\n"
    checked = check_text(text)
    assert not any("imbrication" in p.message for p in checked.problems)


def test_dash_chain_position():
    text = with_line(16, "themes:\n  " + "- " * 40 + "x")
    problem = only_problem(check_text(text))
    # line 16 `themes:` (1 level), line 17 indented (2 levels) and its dashes: the 31st dash makes 33 levels
    assert (problem.line, problem.col) == (17, 3)
    assert_words(problem.message, ["imbrication trop profonde"])


@pytest.mark.parametrize("separator, line", [("---", 33), ("...\n---", 34), ("--- # deuxième", 33), ("...\n", 35)])
def test_several_documents(separator, line):
    text = base_text() + separator + "\nslug: autre-cas\n"
    problem = only_problem(check_text(text))
    assert (problem.line, problem.col) == (line, 1)
    assert_words(problem.message, ["plusieurs documents"])


@pytest.mark.parametrize("line, bad, words", [
    (17, 'summary: "Un résumé', ["erreur de syntaxe YAML"]),
    (16, "themes: [prevention-surendettement", ["erreur de syntaxe YAML"]),
    (17, 'summary: "Un \\q résumé"', ["erreur de syntaxe YAML", "échappement"]),
    (17, "summary: Un résumé: court.", ["erreur de syntaxe YAML", "« : »"]),
    (17, "summary: @Un résumé", ["erreur de syntaxe YAML"]),
    (17, "summary: `Un résumé`", ["erreur de syntaxe YAML"]),
    (17, "summary: %Un résumé", ["erreur de syntaxe YAML"]),
    (17, "summary", ["erreur de syntaxe YAML"]),
])
def test_syntax_errors_are_problems_not_tracebacks(line, bad, words):
    checked = check_text(with_line(line, bad))
    problem = only_problem(checked)
    assert problem.line >= line - 1 and problem.col >= 1
    assert_words(problem.message, words)


def test_syntax_error_unknown_escape_position():
    problem = only_problem(check_text(with_line(17, 'summary: "Un \\q résumé"')))
    assert (problem.line, problem.col) == (17, 14)
    assert_words(problem.message, ["échappement"])


# --- text: NFC, control and bidirectional characters ----------------------------------------------------------


def test_text_is_normalised_to_nfc():
    decomposed = "Un cas d’e\u0301te\u0301"
    assert unicodedata.is_normalized("NFD", decomposed) and not unicodedata.is_normalized("NFC", decomposed)
    text = with_line(2, f"title: {decomposed}").replace("summary: Un résumé court.",
                                                         'summary: "Un re\u0301sume\u0301 court."')
    checked = check_text(text)
    assert checked.problems == []
    assert checked.case.title == "Un cas d’été"
    assert unicodedata.is_normalized("NFC", checked.case.title)
    assert checked.case.summary == "Un résumé court."
    assert unicodedata.is_normalized("NFC", checked.case.summary)


def test_keys_are_normalised_to_nfc():
    """Keys are NFC too: a decomposed unknown key is reported in its composed form."""
    lines = base_text().split("\n")
    lines.insert(17, "re\u0301sume\u0301: x")
    problem = only_problem(check_text("\n".join(lines)))
    assert "« résumé »" in problem.message
    assert unicodedata.is_normalized("NFC", problem.message)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\x0b", "\x0c"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_refused(char):
    problem = only_problem(check_text(with_line(2, f"title: Un cas{char} d’essai")))
    assert where(problem) == f"{INV}/cas-de-base.yml:2:14"
    kind = "saut de ligne" if char == "\x85" else "contrôle"  # NEL is a line break for YAML
    assert_words(problem.message, [f"U+{ord(char):04X}", kind, "interdit"])


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f",
                                  "\u200e"], ids=lambda c: f"U+{ord(c):04X}")
def test_bidirectional_characters_are_refused(char):
    problem = only_problem(check_text(with_line(17, f"summary: Un résumé {char}court.")))
    assert where(problem) == f"{INV}/cas-de-base.yml:17:20"
    assert_words(problem.message, [f"U+{ord(char):04X}", "bidirectionnel", "interdit"])


def test_bidirectional_character_in_a_key_or_comment_is_refused_too():
    problem = only_problem(check_text(with_line(17, "# commentaire \u202e caché\nsummary: Un résumé court.")))
    assert (problem.line, problem.col) == (17, 15)
    assert_words(problem.message, ["U+202E"])


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\r"], ids=lambda c: f"U+{ord(c):04X}")
def test_unusual_line_breaks_are_refused(char):
    """YAML counts them as line breaks, editors and our positions may not: refused, at the exact place."""
    problem = only_problem(check_text(with_line(17, f"summary: Un résumé {char}court.")))
    assert where(problem) == f"{INV}/cas-de-base.yml:17:20"
    assert_words(problem.message, [f"U+{ord(char):04X}", "saut de ligne", "interdit"])


def test_byte_order_mark_inside_the_text_is_refused():
    problem = only_problem(check_text(with_line(2, "title: Un cas\ufeff d’essai")))
    assert (problem.line, problem.col) == (2, 14)
    assert_words(problem.message, ["U+FEFF", "interdit"])


def test_every_forbidden_character_is_reported():
    text = with_line(2, "title: Un\x07 cas\u202e d’essai")
    checked = check_text(text)
    assert [(p.line, p.col) for p in checked.problems] == [(2, 10), (2, 15)]


# --- field checks -------------------------------------------------------------------------------------------

FIELDS = [
    ("missing-title", 1, 1, ["champ obligatoire « title » manquant", "ajoutez-le"]),
    ("missing-nested", 14, 3, ["champ obligatoire « scale » manquant"]),
    ("type-number", 12, 13, ["start_year", "nombre attendu", "2010"]),
    ("type-text", 14, 10, ["texte attendu pour « place »", "le nombre 75", "guillemets"]),
    ("type-list", 4, 9, ["liste attendue pour « people »"]),
    ("enum-kind", 3, 7, ["valeur « felow » inconnue pour « kind »", "vouliez-vous dire « fellow »", "alliance"]),
    ("enum-scale", 15, 10, ["valeur « nationale » inconnue pour « scale »", "vouliez-vous dire « national »"]),
    ("enum-shape", 24, 12, ["forme « compte » inconnue", "count, range, change, rate"]),
    ("enum-status", 27, 13, ["valeur « atteint » inconnue pour « status »", "achieved"]),
    ("theme-undefined", 16, 10, ["valeur « prevention-surendetement » inconnue pour « themes »",
                                 "vouliez-vous dire « prevention-surendettement »"]),
    ("slug-mismatch", 1, 7, ["slug « un-autre-nom »", "égal au nom du fichier « slug-mismatch »"]),
    ("slug--double-tiret", 1, 7, ["« slug--double-tiret » n’est pas un slug valide", "tirets"]),
    ("year-too-old", 12, 13, ["start_year", "entre 1900 et 2026"]),
    ("year-future", 12, 13, ["start_year", "entre 1900 et 2026", "pas d’année future"]),
    ("reviewed-future", 32, 11, ["reviewed", "dans le futur"]),
    ("summary-too-long", 17, 10, ["« summary » est trop long", "300 caractères au plus", "ici 301"]),
    # In a story, the position of the offending part itself, not of the value's start.
    ("markdown-javascript", 19, 19, ["lien « javascript: » interdit"]),
    ("markdown-data", 20, 20, ["lien « data: » interdit"]),
    ("html-script", 19, 23, ["HTML brut interdit", "<script"]),
    ("html-img-onerror", 22, 21, ["HTML brut interdit", "<img"]),
    ("unknown-key-nested", 12, 5, ["champ inconnu « sectr »", "vouliez-vous dire « sector »"]),
    ("alias-self", 33, 11, ["« alias-self » est le slug de ce cas lui-même", "aliases"]),
    ("source-unknown", 28, 13, ["source « ashok » introuvable", "vouliez-vous dire « ashoka »"]),
    ("source-duplicate", 32, 3, ["source « ashoka » en double", "sources[0]", "retirez"]),
    ("time-two-forms", 28, 7, ["une seule forme de temps"]),
    ("range-reversed", 24, 5, ["low doit être plus petit que high"]),
    ("evidence-missing", 24, 5, ["champ obligatoire « evidence » manquant", "mots exacts de la source"]),
    ("evidence-too-long", 29, 15, ["« evidence » est trop long", "400 caractères au plus", "ici 401"]),
    ("draft-marker", 25, 26, ["« TODO »", "un cas publié n’en contient pas"]),
]


@pytest.mark.parametrize("name, line, col, words", FIELDS, ids=[c[0] for c in FIELDS])
def test_field_problem(name, line, col, words):
    problem = only_problem(check_fixture(name))
    assert where(problem) == f"{INV}/{name}.yml:{line}:{col}"
    assert_words(problem.message, words)


# A source record with one thing wrong (tests/fixtures/invalid-sources/), checked on its own.
SOURCE_FIELDS = [
    ("url-javascript", 6, 6, ["lien « javascript: » interdit", "https://"]),
    ("url-data", 6, 6, ["lien « data: » interdit"]),
    ("url-ftp", 6, 6, ["lien « ftp: » interdit"]),
    ("author-missing", 1, 1, ["champ obligatoire « author » manquant", "« non précisé »"]),
    ("yaml11-date", 5, 7, ["« 2014-06-13 »", "date", "guillemets"]),
]


@pytest.mark.parametrize("name, line, col, words", SOURCE_FIELDS, ids=[c[0] for c in SOURCE_FIELDS])
def test_source_record_problem(name, line, col, words):
    path = INVALID_SOURCES / f"{name}.yml"
    problem = only_problem(check_source_file(path.read_bytes(), rel(path), today=TODAY))
    assert where(problem) == f"tests/fixtures/invalid-sources/{name}.yml:{line}:{col}"
    assert_words(problem.message, words)


def test_source_record_unknown_key_with_did_you_mean():
    """`publsher` instead of `publisher`: the unknown key (with the suggestion), and the publisher then missing."""
    path = INVALID_SOURCES / "unknown-key.yml"
    checked = check_source_file(path.read_bytes(), rel(path), today=TODAY)
    found = {where(p): p.message for p in checked.problems}
    name = "tests/fixtures/invalid-sources/unknown-key.yml"
    assert set(found) == {f"{name}:3:1", f"{name}:1:1"} and checked.source is None
    assert_words(found[f"{name}:3:1"], ["champ inconnu « publsher »", "vouliez-vous dire « publisher »"])
    assert_words(found[f"{name}:1:1"], ["champ obligatoire « publisher » manquant"])


def test_draft_marker_names_the_field_that_holds_it():
    assert only_problem(check_fixture("draft-marker")).field == "story.results"


@pytest.mark.parametrize("line, new, where_, field", [
    (2, 'title: "À COMPLÉTER : titre du cas"', (2, 9), "title"),
    (17, "summary: Un résumé court. BROUILLON", (17, 27), "summary"),
    (17, "summary: Un résumé court. A COMPLETER", (17, 27), "summary"),
    (16, "# BROUILLON : relire les thèmes\nthemes: [prevention-surendettement]", (16, 3), ""),
    (6, "    role: fondatrice TODO", (6, 22), "people[0].role"),
])
def test_draft_markers_are_refused_where_they_stand(line, new, where_, field):
    """« BROUILLON », « TODO », « À COMPLÉTER »: anywhere in the file, at their own line and column."""
    problem = only_problem(check_text(with_line(line, new)))
    assert ((problem.line, problem.col), problem.field) == (where_, field)
    assert_words(problem.message, ["«", "»"])


@pytest.mark.parametrize("summary", ["Un brouillon de loi devenu un pacte.", "Les TODOS ne sont pas des marques.",
                                     "Un document À COMPLÉTERS."])
def test_words_that_only_look_like_draft_markers_are_accepted(summary):
    assert check_text(with_line(17, f"summary: {summary}")).problems == []


def test_unspecified_is_a_value_wherever_a_source_may_be_silent():
    text = (base_text().replace("    brings: l’accompagnement des ménages", "    brings: non précisé")
            .replace("  place: France\n  scale: national", "  place: non précisé\n  scale: non-precise")
            .replace("start_year: 2010", "start_year: null"))
    checked = check_text(text)
    assert checked.problems == []
    case = checked.case
    assert (case.organisations[0].brings, case.territory.place, case.territory.scale) == \
        ("non précisé", "non précisé", "non-precise")
    assert case.start_year is None
    record = check_record(record_text().replace('url: "https://www.ashoka.org/fr"', "url: null")).source
    assert record is not None
    assert (record.author, record.date, record.url) == ("non précisé", "non précisé", None)


def test_summary_fixture_is_301_characters():
    line = (INVALID / "summary-too-long.yml").read_text(encoding="utf-8").split("\n")[16]
    assert line.startswith("summary: ") and len(line.removeprefix("summary: ")) == 301


def test_summary_of_300_characters_is_accepted():
    checked = check_text(with_line(17, "summary: " + "a" * 300))
    assert checked.problems == []


def test_unknown_key_with_did_you_mean():
    """`titel` instead of `title`: the unknown key (with the suggestion), and the title that is then missing."""
    checked = check_fixture("unknown-key")
    found = {where(p): p.message for p in checked.problems}
    assert set(found) == {f"{INV}/unknown-key.yml:2:1", f"{INV}/unknown-key.yml:1:1"}
    assert_words(found[f"{INV}/unknown-key.yml:2:1"], ["champ inconnu « titel »", "vouliez-vous dire « title » ?",
                                                        "champs possibles ici"])
    assert_words(found[f"{INV}/unknown-key.yml:1:1"], ["champ obligatoire « title » manquant"])


def test_year_in_the_future_depends_on_today():
    raw = (INVALID / "year-future.yml").read_bytes()
    assert check_file(raw, f"{INV}/year-future.yml", today=date(2027, 1, 1)).problems == []
    problem = only_problem(check_file(raw, f"{INV}/year-future.yml", today=date(2026, 11, 24)))
    assert_words(problem.message, ["pas d’année future"])


@pytest.mark.parametrize("line, new, col", [
    (12, "start_year: 1899", 13),
    (12, "start_year: 99999", 13),
    (25, "    value: 33000\n    time:\n      as_of: 2030", 14),
    (25, "    value: 33000\n    time:\n      since: 1066", 14),
])
def test_years_out_of_range(line, new, col, today):
    problem = only_problem(check_text(with_line(line, new)))
    expected_line = line if "time" not in new else line + 2
    assert (problem.line, problem.col) == (expected_line, col)
    assert_words(problem.message, ["entre 1900 et 2026"])


@pytest.mark.parametrize("bad", ['"2026-02-30"', '"26-11-01"', "2026"])
def test_reviewed_must_be_a_real_date(bad):
    problem = only_problem(check_text(with_line(32, f"reviewed: {bad}")))
    assert (problem.line, problem.col) == (32, 11)
    assert "reviewed" in problem.message or problem.field == "reviewed"


# Story-like fields (the Markdown subset): what the subset does not allow is refused at the offending part.
# (line, field, text, words, column of the offending part within the quoted value, 0-based)
@pytest.mark.parametrize("line, field, text, words, offset", [
    (19, "challenge", "<img src=x onerror=alert(1)>", ["HTML brut", "<img"], 0),
    (20, "innovation", "a <svg onload=alert(1)>", ["HTML brut", "<svg"], 2),
    (21, "co_creation", "a </p><p>", ["HTML brut", "</p>"], 2),
    (22, "results", "a <!-- commentaire -->", ["HTML brut"], 2),
    (22, "results", "[x](javascript:alert(1))", ["javascript:"], 4),
    (22, "results", "[x]( JavaScript:alert(1) )", ["javascript:"], 5),
    (22, "results", "[x](data:text/html,hello)", ["data:"], 4),
    (22, "results", "[x][r]\n\n[r]: vbscript:msgbox", ["référence"], 0),
    (22, "results", "[x](ftp://example.org/)", ["ftp:"], 4),
    (22, "results", "[x](mailto:a@example.org)", ["mailto:"], 4),
    (22, "results", "[x](../autre-cas/)", ["lien relatif", "/cas/"], 4),
    (22, "results", "[x](https://example.org@ailleurs.example/)", ["identifiant", "@"], 4),
    (22, "results", "![pixel](https://ailleurs.example/p.png)", ["image interdite"], 0),
    (22, "results", "## Un titre", ["titre Markdown interdit"], 0),
    (22, "results", "Texte[^ashoka]\n\n---\n\nsuite[^ashoka]", ["ligne de séparation"], 0),
    (22, "results", "```\ncode\n```", ["bloc de code"], 0),
    (22, "results", "Un tableau :[^ashoka]\n\n| a | b |\n| - | - |", ["tableau interdit"], 0),
    (22, "results", "~~barré~~", ["barré"], 0),
    # character references: the browser decodes them in an href, so they must not hide a scheme
    (22, "results", "[x](javascript&#58;alert(1))", ["javascript:"], 4),
    (22, "results", "[x](&#106;avascript:alert(1))", ["javascript:"], 4),
    (22, "results", "[x](JaVaScRiPt&colon;alert(1))", ["javascript:"], 4),
    (22, "results", "[x](java&#9;script:alert(1))", ["lien relatif", "java%09script"], 4),
    (22, "results", "[x](<javascript:alert(1)>)", ["interdit"], 5),
])
def test_story_refusals_point_at_the_offending_part(line, field, text, words, offset):
    lines = base_lines()
    indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip(" -"))]
    # Each block cites its source, so that the refusal is the one problem; a text written with its markers is taken
    # as it is (a rule or a table, refused as a whole, carries none: a marker would make it a paragraph).
    text = text if "[^" in text else marked(text)
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    lines[line - 1] = f"{indent}{field}: {quoted}"
    problem = only_problem(check_text("\n".join(lines)))
    assert problem.field == f"story.{field}"
    if "\n" not in text:  # a one-line value: the exact column of the offending part
        assert (problem.line, problem.col) == (line, len(indent) + len(field) + 3 + offset + 1)
    else:
        assert problem.line == line
    assert_words(problem.message, words)


@pytest.mark.parametrize("line, field, text", [
    (2, "title", "<script>alert(1)</script>"),
    (17, "summary", "<iframe src=//evil>"),
    (6, "role", "<b>fondatrice</b>"),
    (2, "title", "Titre {: #__config hidden }"),
    (17, "summary", "Résumé {: data-pagefind-body }"),
    (17, "summary", "[x](javascript:alert(1)) ![y](https://ailleurs.example/p.png) &lt;b&gt;"),
])
def test_one_line_fields_are_plain_text_whatever_they_hold(line, field, text):
    """One-line fields are plain text: markup in them is accepted, and made inert on every page (test_hostile.py)."""
    lines = base_lines()
    indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip(" -"))]
    quoted = '"' + text.replace('"', '\\"') + '"'
    lines[line - 1] = f"{indent}{field}: {quoted}"
    assert check_text("\n".join(lines)).problems == []


@pytest.mark.parametrize("text", [
    "[le site](https://example.org/page)",
    "[un autre cas](/cas/jean-louis-kiehl-cresus/)",
    "[ancre](#impact)",
    "<https://example.org>",
    "Un **gras**, un *italique*, une liste :\n\n- un\n- deux",
    "> une citation\n\n1. un\n2. deux",
    "3 < 5 et 5 > 3",
    "[une requête](https://example.org/?a=1&amp;b=2)",
    "a &lt;script&gt; b",
    # No false alarm on ordinary French.
    "Big data : un mot anglais.",
    "La file : trois heures d’attente.",
    "Écrire `<br>` dans le code ne fait rien.",
    "Des {accolades}, {{ doubles }}, { #id } et {: .classe } : du texte, rien de plus.",
    "Texte {: onclick=\"x\" } et --8<-- \"fichier\"",
    "Un <svg/onload=alert(1)> qui n’est pas une balise pour Markdown : du texte, affiché tel quel.",
])
def test_plain_markdown_and_safe_links_are_accepted(text):
    quoted = '"' + marked(text).replace('"', '\\"').replace("\n", "\\n") + '"'
    checked = check_text(with_line(22, f"  results: {quoted}"))
    assert checked.problems == []


@pytest.mark.parametrize("url, words", [
    ("javascript:alert(1)", ["javascript:"]),
    ("JAVASCRIPT:alert(1)", ["javascript:"]),
    ("data:text/html;base64,PHNjcmlwdD4=", ["data:"]),
    ("vbscript:x", ["vbscript:"]),
    ("file:///etc/passwd", ["file:"]),
    ("mailto:contact@example.org", ["mailto:"]),
    ("/cas/interne", ["adresse incomplète"]),
    ("https:/pas-de-domaine", ["adresse incomplète"]),
    ("https://example.org/un espace", ["espace"]),
    ("https://example.org@other.example/", ["identifiant", "@"]),
    ("https://user:motdepasse@example.org/", ["identifiant"]),
])
def test_source_url_schemes(url, words):
    problem = only_problem(check_record(record_with_line(6, f'url: "{url}"')))
    assert (problem.line, problem.col) == (6, 6)
    assert_words(problem.message, words)


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "http://example.org", "https://example.org/é%20x"])
def test_source_url_safe_schemes(url):
    checked = check_record(record_with_line(6, f'url: "{url}"'))
    assert checked.problems == [] and checked.source is not None and checked.source.url == url


@pytest.mark.parametrize("line, field, text", [
    (2, "title", "a | b | c"),
    (3, "publisher", "javascript:alert(1)"),
    (4, "author", "<script>alert(1)</script>"),
    (5, "date", "Titre {: #__config hidden }"),
])
def test_one_line_fields_of_a_source_record_are_plain_text(line, field, text):
    """A record's one-line fields are plain text too: accepted, and made inert on every page (test_hostile.py)."""
    checked = check_record(record_with_line(line, f'{field}: "{text}"'))
    assert checked.problems == [] and getattr(checked.source, field) == text


@pytest.mark.parametrize("slug", ["Majuscule", "accentué", "tiret-final-", "-tiret-initial", "sous_tiret",
                                  "double--tiret", "espace intérieure"])
def test_slug_pattern(slug):
    name = slug.replace(" ", "-")
    checked = check_file(with_line(1, f'slug: "{slug}"').encode(), f"{INV}/{name}.yml", today=TODAY)
    messages = [p.message for p in checked.problems if (p.line, p.col) == (1, 7)]
    assert any("n’est pas un slug valide" in m for m in messages), messages


def test_several_problems_in_one_file_are_all_reported():
    text = with_line(3, "kind: felow").replace("  scale: national", "  scale: nationale")
    checked = check_text(text)
    assert sorted((p.line, p.col) for p in checked.problems) == [(3, 7), (15, 10)]


# --- corpus checks ------------------------------------------------------------------------------------------


def corpus(folder: str):
    return check_corpus(Layout(ROOT), [CORPUS / folder], today=TODAY, sources=SOURCES)


def test_valid_corpus():
    result = check_corpus(Layout(ROOT), [VALID], today=TODAY, sources=SOURCES)
    assert result.problems == [] and result.ok
    assert result.files == 7
    assert [c.slug for c in result.cases] == sorted(c.slug for c in result.cases)


def test_duplicate_slug():
    folder = "tests/fixtures/corpus/duplicate-slug"
    result = check_corpus(Layout(ROOT), [CORPUS / "duplicate-slug" / "un", CORPUS / "duplicate-slug" / "deux"],
                          today=TODAY, sources=SOURCES)
    assert [where(p) for p in result.problems] == [f"{folder}/un/cas-double.yml:1:7"]
    assert_words(result.problems[0].message, ["slug « cas-double » déjà pris par",
                                              f"{folder}/deux/cas-double.yml"])
    assert not result.ok


def test_duplicate_alias():
    result = corpus("duplicate-alias")
    folder = "tests/fixtures/corpus/duplicate-alias"
    assert [where(p) for p in result.problems] == [f"{folder}/cas-b.yml:33:22"]
    assert_words(result.problems[0].message, ["l’alias « ancien-nom » est déjà un alias de", f"{folder}/cas-a.yml"])


def test_alias_equal_to_another_case_slug():
    result = corpus("alias-is-slug")
    folder = "tests/fixtures/corpus/alias-is-slug"
    assert [where(p) for p in result.problems] == [f"{folder}/cas-b.yml:34:5"]
    assert_words(result.problems[0].message, ["l’alias « cas-a » est déjà le slug de", f"{folder}/cas-a.yml"])


def test_related_case_must_exist():
    result = corpus("related-missing")
    folder = "tests/fixtures/corpus/related-missing"
    assert [where(p) for p in result.problems] == [f"{folder}/cas-a.yml:33:18"]
    assert_words(result.problems[0].message, ["cas lié « cas-inexistant » introuvable"])


def test_related_to_an_alias_is_not_enough():
    """A related case names a slug: an alias is an old address, not a case."""
    result = check_corpus(Layout(ROOT), [CORPUS / "related-missing" / "cas-b.yml", VALID / "jean-louis-kiehl-cresus.yml"],
                          today=TODAY, sources=SOURCES)
    # cas-b relates to cas-a (absent here); kiehl relates to marie-martin-alliance-emploi (absent here)
    assert sorted(where(p) for p in result.problems) == [
        "tests/fixtures/corpus/related-missing/cas-b.yml:33:11",
        "tests/fixtures/valid/jean-louis-kiehl-cresus.yml:87:11",
    ]


def test_every_theme_is_defined():
    result = corpus("theme-undefined")
    assert [where(p) for p in result.problems] == ["tests/fixtures/corpus/theme-undefined/cas-a.yml:16:37"]
    assert_words(result.problems[0].message, ["« theme-inconnu » inconnue", "valeurs possibles"])


def test_organisation_written_two_ways():
    result = corpus("organisation-spelling")
    folder = "tests/fixtures/corpus/organisation-spelling"
    assert [where(p) for p in result.problems] == [f"{folder}/cas-b.yml:8:11", f"{folder}/cas-c.yml:12:11"]
    assert_words(result.problems[0].message, ["« CRESUS » ici mais « Crésus »", f"{folder}/cas-a.yml:8:11",
                                              "une seule graphie"])
    assert_words(result.problems[1].message, ["« Cré sus » ici mais « Crésus »", f"{folder}/cas-a.yml:8:11"])


def test_corpus_reports_file_problems_sorted_by_path_then_line():
    result = check_corpus(Layout(ROOT), [INVALID / "year-future.yml", INVALID / "enum-kind.yml",
                                         INVALID / "unknown-key.yml"], today=TODAY, sources=SOURCES)
    assert [where(p) for p in result.problems] == [
        f"{INV}/enum-kind.yml:3:7",
        f"{INV}/unknown-key.yml:1:1",
        f"{INV}/unknown-key.yml:2:1",
        f"{INV}/year-future.yml:12:13",
    ]
    assert result.files == 3 and not result.ok


def test_corpus_check_survives_every_invalid_fixture():
    """Corpus rules run over broken files too (missing or mistyped slug, aliases, organisations)."""
    result = check_corpus(Layout(ROOT), [INVALID, CORPUS / "organisation-spelling"], today=TODAY, sources=SOURCES)
    assert result.files == len(list(INVALID.glob("*.yml"))) + 3
    assert all(p.line >= 1 and p.col >= 1 for p in result.problems)


# --- the published corpus -----------------------------------------------------------------------------------

CASES = sorted((ROOT / "cases").glob("*.yml"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_case_file_validates_on_its_own(path):
    checked = check_file(path.read_bytes(), rel(path))
    assert checked.problems == [], "\n".join(p.text() for p in checked.problems)


def test_cases_folder_validates_as_a_corpus():
    result = check_corpus(Layout(ROOT))
    # The learning paths of parcours/ are checked with the cases.
    assert result.files == len(CASES) + len(list((ROOT / "parcours").glob("*.yml"))) and CASES
    assert result.ok, "\n".join(p.text() for p in result.problems)
