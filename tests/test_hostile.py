"""Tests that attack: hostile case files through the whole path — validate, then `pionniers publish`, then the built
HTML, CSV and JSON — each either refused at its line and column, in French, or published as a harmless page where
the hostile text is printed exactly as written and does nothing else.

The table below is the list of hostile inputs the suite tries; `test_hostile_inventory` prints
how many of each kind, and which outcome each kind gets.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pionniers_testkit import SOURCES, marked

from pionniers.common.paths import Layout
from pionniers.model.sources import check_source_file
from pionniers.model.validate import check_file
from pionniers.site.publish import publish
from pionniers.site.sandbox import ROOT, TODAY, make_project
from pionniers.site.sitecheck import OUR_PAGEFIND_VALUES

BASE = yaml.safe_load((ROOT / "tests/fixtures/site/gamma-pacte.yml").read_text(encoding="utf-8"))
# The source record BASE cites (tests/fixtures/sources/essai-g.yml): its story markers are [^essai-g].
RECORD = yaml.safe_load((SOURCES / "essai-g.yml").read_text(encoding="utf-8"))


def _edited(base: dict[str, object], edits: dict[str, object]) -> dict[str, object]:
    data = json.loads(json.dumps(base))
    for dotted, value in edits.items():
        node = data
        parts = [int(p) if p.isdigit() else p for p in dotted.split(".")]
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    return data


def case_text(slug: str, edits: dict[str, object], source: str = "essai-g") -> str:
    """A small valid case (tests/fixtures/site/gamma-pacte.yml) with `edits` applied at dotted paths, citing the
    record `source` (its list, and the marker of every story section BASE writes)."""
    data = json.loads(json.dumps(BASE))
    data["slug"] = slug
    data["organisations"][0]["name"] = f"Conseil {slug}"
    data["questions"] = ["Une question pour la discussion ?"]
    data["sources"] = [source]
    data["story"] = {k: v.replace("[^essai-g]", f"[^{source}]") for k, v in data["story"].items()}
    return yaml.safe_dump(_edited(data, edits), allow_unicode=True, sort_keys=False, width=10**6)


def record_text(ident: str, edits: dict[str, object]) -> str:
    """A valid source record (tests/fixtures/sources/essai-g.yml) named `ident`, with `edits` applied."""
    data = _edited(RECORD, edits)
    data["id"] = ident
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line holding `needle` (the hand-written expectation's anchor)."""
    return [i for i, line in enumerate(text.split("\n"), 1) if needle in line][occurrence - 1]


# --- the inventory ------------------------------------------------------------------------------------------------

# territory.place is among them: any place is accepted as written (places.py lists the ones it cannot locate).
ONE_LINE_FIELDS = ("title", "summary", "people.0.name", "people.0.role", "organisations.0.role",
                   "organisations.0.brings", "questions.0", "territory.place")
# A source record's one-line fields (sources/<id>.yml): printed in the case's list of sources, and on the record's
# own page (the note on that page only).
RECORD_FIELDS = ("title", "publisher", "author", "date", "note")

# Text that would act if it were not made inert: Markdown, Python-Markdown's attribute lists and blocks, HTML,
# entities, template syntax, table pipes, and what a spreadsheet would run as a formula.
HOSTILE_LINES = {
    "attr-list-config": "Titre {: #__config hidden }",
    "attr-list-pagefind": "Nom {: data-pagefind-body }",
    "attr-list-style": "Texte {: style=\"background:url(https://ailleurs.example/t.gif)\" }",
    "html-script": "<script>alert(1)</script>",
    "html-img": "<img src=https://ailleurs.example/p.png onerror=alert(1)>",
    "html-close": "</p></div></article><p id=\"defi\">",
    "attribute-break": "\" onmouseover=\"alert(1)\" x=\"",
    "markdown-link": "[clic](javascript:alert(1)) ![pixel](https://ailleurs.example/p.png)",
    "markdown-ref-image": "![pixel][p] [p]: https://ailleurs.example/p.png",
    "markdown-emphasis": "**gras** _souligné_ `code` ~~barré~~",
    "markdown-heading": "# pas un titre",
    "admonition": "!!! danger \"piège\"",
    "details": "??? note",
    "table-pipe": "colonne | autre | \\| encore",
    "entities": "&lt;b&gt; &amp;amp; &#60;script&#62; &colon;",
    "jinja": "{{ config }} {% raw %} {# rien #}",
    "snippet": "--8<-- \"/etc/passwd\"",
    "footnote": "[^1] et [^1]: note",
    "formula-equal": "=HYPERLINK(\"https://ailleurs.example/\";\"clic\")",
    "formula-plus": "+33 1 23 45 67 89",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(A1:A9)",
    "backslashes": "C:\\chemin\\vers\\{fichier}",
    "yaml-look": "clé: valeur # commentaire",
}

# Story-like text (the Markdown subset) that is accepted: text that looks like syntax stays text.
# Each block cites the case's source, [^essai-g], where it leaves the syntax-looking line whole (an attribute list
# closing a paragraph, a snippet line).
HOSTILE_STORIES = {
    "attr-list-line": "Un paragraphe ordinaire.[^essai-g]\n{: #__config hidden }\n\nUn autre.[^essai-g]\n"
                      "{: data-pagefind-body }",
    "braces": "Des {accolades}, {{ doubles }}, { #id } et {: .classe onclick=\"x\" }.[^essai-g]",
    "colon-words": "Big data : un mot. La file : trois heures.[^essai-g]",
    "code-tag": "Écrire `<br>` ou `<script>` ne fait rien.[^essai-g]",
    "autolink": "Voir <https://example.org/?a=1&b=2>, [ce cas](/cas/recit-autolink/#impact) et [ici](#sources)."
                "[^essai-g]",
    "html-looking": "3 < 5 et a <svg/onload=alert(1)> b, &lt;script&gt;.[^essai-g]",
    "snippet-line": "--8<-- \"secret.md\"\nTexte.[^essai-g]\n\n;--8<-- \"x\"\nTexte.[^essai-g]",
}


@dataclass(frozen=True)
class Refused:
    """A hostile file that validation must refuse: the field, the 1-based line (found from `needle` in the file),
    the column, and words of the French message."""

    edits: dict[str, object]
    needle: str
    col: int
    words: tuple[str, ...]
    raw: str | None = None  # the file's text, when it cannot be made by editing the data (escapes, keys)
    occurrence: int = 1  # which line holding `needle`
    record: bool = False  # `edits` are made to the case's source record (sources/essai-g.yml), refused there


def _with_raw(old: str, new: str) -> str:
    text = case_text("refuse", {})
    assert old in text, old
    return text.replace(old, new, 1)


REFUSED = {
    # Stories: the subset's refusals, at the offending part (columns counted by hand in the file case_text writes).
    "story-heading": Refused({"story.challenge": "Texte.[^essai-g]\n\n## Un titre"}, "## Un titre", 5, ("titre Markdown",)),
    "story-image": Refused({"story.innovation": "Voir ![pixel](https://ailleurs.example/p.png)[^essai-g]"}, "![pixel]", 20,
                           ("image interdite",)),
    "story-html": Refused({"story.results": "Texte <b onclick=\"x\">gras</b>[^essai-g]"}, "<b onclick", 18, ("HTML brut",)),
    "story-js-link": Refused({"story.co_creation": "[clic](javascript:alert(1))[^essai-g]"}, "[clic]", 24, ("javascript:",)),
    "story-userinfo": Refused({"story.co_creation": "[clic](https://example.org@ailleurs.example/)[^essai-g]"},
                              "[clic]", 24, ("identifiant",)),
    "story-relative": Refused({"story.co_creation": "[clic](../autre/)[^essai-g]"}, "[clic]", 24, ("lien relatif",)),
    "story-missing-page": Refused({"story.co_creation": "[clic](/cas/nulle-part/)[^essai-g]"}, "[clic]", 24,
                                  ("n’existe pas",)),
    "story-missing-anchor": Refused({"story.co_creation": "[clic](/cas/refuse/#nulle-part)[^essai-g]"}, "[clic]", 24,
                                    ("ancre", "#nulle-part")),
    "story-table": Refused({"story.results": "| a | b |\n| - | - |"}, "| a | b |", 13, ("tableau",)),
    "story-code": Refused({"story.results": "```\ncode\n```"}, "```", 13, ("bloc de code",)),
    "story-reference": Refused({"story.results": "[x][r][^essai-g]\n\n[r]: https://ailleurs.example/"}, "[r]:", 5,
                               ("référence",)),
    "quote-html": Refused({"quotes": [{"text": "Dit <img src=x>", "author": "A", "source": "essai-g"}]},
                          "Dit <img", 13, ("HTML brut",)),
    # Invisible characters, raw or as YAML escapes, in values and keys.
    "bidi-raw": Refused({"title": "Un titre\u202e inversé"}, "title:", 16, ("bidirectionnel", "U+202E")),
    "zero-width-raw": Refused({"summary": "Un\u200brésumé"}, "summary:", 12, ("invisible", "U+200B")),
    "bidi-escape": Refused({}, "title:", 12, ("bidirectionnel", "U+202E"),
                           raw=_with_raw("title: Gamma, un pacte public", 'title: "Un \\u202e titre"')),
    "control-escape": Refused({}, "summary:", 14, ("contrôle", "U+001B"),
                              raw=_with_raw("summary: Un cas d’essai sans année de départ.",
                                            'summary: "Un \\e[31m résumé"')),
    "line-separator-escape": Refused({}, "title:", 11, ("saut de ligne", "U+2028"),
                                     raw=_with_raw("title: Gamma, un pacte public", 'title: "Un\\L titre"')),
    "newline-escape": Refused({}, "title:", 8, ("une ligne",),
                              raw=_with_raw("title: Gamma, un pacte public", 'title: "Un\\n titre"')),
    "key-escape": Refused({}, "\\u200b", 4, ("invisible", "U+200B"),
                          raw=_with_raw("kind: politique-publique", 'kind: politique-publique\n"ti\\u200btle": x')),
    "tab-in-text": Refused({"summary": "Un\trésumé"}, "summary:", 13, ("tabulation",)),
    # Names that become addresses, lists, numbers, addresses.
    "reserved-slug-org": Refused({"organisations.0.name": "Index"}, "name: Index", 9, ("réservée",)),
    "no-address-org": Refused({"organisations.0.name": "— ! —"}, "name: — ! —", 9, ("aucune adresse",)),
    "duplicate-theme": Refused({"themes": ["integration-emploi", "integration-emploi"]}, "- integration-emploi",
                               3, ("déjà dans themes",), occurrence=2),
    "huge-number": Refused({"figures": [{"shape": "count", "value": 1, "unit": "x", "status": "achieved",
                                         "source": "essai-g"}]}, "value:", 10, ("caractères", "24 au plus"),
                           raw=None),
    "beyond-range": Refused({"figures": [{"shape": "count", "value": 10**13, "unit": "x", "status": "achieved",
                                          "source": "essai-g"}]}, "value:", 10, ("au plus",)),
    "source-userinfo": Refused({"url": "https://example.org@ailleurs.example/"}, "url:", 6, ("identifiant",),
                               record=True),
    "source-javascript": Refused({"url": "javascript:alert(1)"}, "url:", 6, ("javascript:",), record=True),
    "source-extract-html": Refused({"extraits": ["<script>alert(1)</script>", "ligne\u202e"]}, "ligne", 8,
                                   ("bidirectionnel", "U+202E"), record=True),
}
REFUSED["huge-number"] = Refused({}, "value:", 10, ("caractères", "24 au plus"),
                                 raw=case_text("refuse", REFUSED["huge-number"].edits).replace(
                                     "value: 1\n", "value: 1" + "0" * 300 + "\n"))


def test_hostile_inventory(capsys: pytest.CaptureFixture[str]) -> None:
    """Print how many hostile inputs the suite tries, and the outcome of each kind (for the closing note)."""
    with capsys.disabled():
        fields = len(ONE_LINE_FIELDS) + len(RECORD_FIELDS) + 1  # and the record's extract
        print(f"\n[hostile] champs d’une ligne : {len(HOSTILE_LINES)} textes × {fields} champs (cas et source) = "
              f"{len(HOSTILE_LINES) * fields} entrées → publiées, inertes")
        print(f"[hostile] récits acceptés : {len(HOSTILE_STORIES)} → publiés, inertes")
        print(f"[hostile] refusés à leur ligne : {len(REFUSED)} → refusés par pionniers validate")
    assert len(HOSTILE_LINES) * len(ONE_LINE_FIELDS + RECORD_FIELDS) + len(HOSTILE_STORIES) + len(REFUSED) >= 250


# --- refused, at their place ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_input_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    spec = REFUSED[name]
    project = make_project(tmp_path / "p", [], sources=SOURCES)
    if spec.record:
        (project / "cases" / "refuse.yml").write_text(case_text("refuse", {}), encoding="utf-8")
        path, text = "sources/essai-g.yml", record_text("essai-g", spec.edits)
    else:
        path, text = "cases/refuse.yml", spec.raw if spec.raw is not None else case_text("refuse", spec.edits)
    (project / path).write_text(text, encoding="utf-8")
    from pionniers.model.corpus import check_corpus

    corpus = check_corpus(Layout(project), today=TODAY)
    assert not corpus.ok, name
    wanted = line_of(text, spec.needle, spec.occurrence)
    found = [p for p in corpus.problems if p.line == wanted and p.path == path]
    listing = "\n".join(p.text() for p in corpus.problems)
    assert found, f"{name}: no problem at line {wanted}:\n{listing}"
    problem = next((p for p in found if p.col == spec.col), found[0])
    assert problem.col == spec.col, f"{name}: column {problem.col}, expected {spec.col}\n{listing}"
    for word in spec.words:
        assert word in problem.message, f"{name}: « {word} » missing: {problem.message}"
    assert "\n" not in problem.text() and "\x1b" not in problem.text()


# --- accepted, published, inert -----------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader gets from a page's article, and every attribute of every element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0
        self.attributes: list[tuple[str, str, str]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self._skip:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, list[tuple[str, str, str]]]:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)), parser.attributes


# Attributes that may appear on an element of a case page's article, and (for contributor-free ones) nothing else.
ALLOWED_ARTICLE_ATTRIBUTES = {"id", "class", "href", "title", "rel", "data-theme", "data-type", "data-secteur",
                              "data-territoire", "start", "open", "aria-label", "role", "aria-live", "hidden",
                              "for", "name", "value", "type", "markdown"}


def _accepted_cases() -> dict[str, tuple[str, dict[str, object], dict[str, object]]]:
    """slug -> (name of the hostile text, edits of the case, edits of its own source record, named like it)."""
    cases: dict[str, tuple[str, dict[str, object], dict[str, object]]] = {}
    for i, (name, text) in enumerate(sorted(HOSTILE_LINES.items())):
        slug = f"ligne-{name}"
        edits: dict[str, object] = {field: f"{text} ({field})" for field in ONE_LINE_FIELDS}
        edits["organisations.0.name"] = f"Org {i} {text}"
        edits["people.0.name"] = f"Personne {i} {text}"
        edits["quotes"] = [{"text": "Une citation courte.", "author": f"Auteur {text}", "source": slug}]
        edits["figures"] = [{"shape": "count", "value": 12, "unit": f"unités {text}", "label": f"comptées {text}",
                             "status": "achieved", "source": slug, "evidence": f"12 unités {text}"}]
        record: dict[str, object] = {field: f"{text} (source {field})" for field in RECORD_FIELDS}
        record["extraits"] = [f"12 unités {text}", "Une citation courte."]
        cases[slug] = (name, edits, record)
    for name, story in sorted(HOSTILE_STORIES.items()):
        cases[f"recit-{name}"] = (name, {"story.challenge": story, "review_notes": story}, {})
    return cases


ACCEPTED = _accepted_cases()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "p", [], sources=SOURCES)
    for slug, (_, edits, record) in ACCEPTED.items():
        source = slug if record else "essai-g"
        (project / "cases" / f"{slug}.yml").write_text(case_text(slug, edits, source), encoding="utf-8")
        if record:
            (project / "sources" / f"{slug}.yml").write_text(record_text(slug, record), encoding="utf-8")
    site = project / "site"
    status = publish(Layout(project), site, today=TODAY)
    assert status == 0, "pionniers publish refused the hostile but valid corpus (see the output above)"
    return site


@pytest.mark.parametrize("slug", sorted(s for s in ACCEPTED if s.startswith("ligne-")))
def test_one_line_text_is_printed_exactly_and_does_nothing_else(published: Path, slug: str) -> None:
    name, edits, record = ACCEPTED[slug]
    html = (published / "cas" / slug / "index.html").read_text(encoding="utf-8")
    text, attributes = page_text(html)
    for field in ONE_LINE_FIELDS + ("organisations.0.name", "people.0.name"):
        value = re.sub(r"\s+", " ", str(edits[field]).strip())
        assert value in text, f"{slug}: {field} not printed as written: {value!r}"
    for field in ("title", "publisher", "author", "date"):  # the case's list of sources
        value = re.sub(r"\s+", " ", str(record[field]).strip())
        assert value in text, f"{slug}: the source's {field} not printed as written: {value!r}"
    _harmless(html, attributes, slug, HOSTILE_LINES[name])


@pytest.mark.parametrize("slug", sorted(s for s in ACCEPTED if s.startswith("ligne-")))
def test_a_source_record_is_printed_exactly_on_its_page_and_does_nothing_else(published: Path, slug: str) -> None:
    name, _, record = ACCEPTED[slug]
    html = (published / "sources" / slug / "index.html").read_text(encoding="utf-8")
    text, attributes = page_text(html)
    for field in RECORD_FIELDS:
        value = re.sub(r"\s+", " ", str(record[field]).strip())
        assert value in text, f"{slug}: the source's {field} not printed as written on its page: {value!r}"
    for extract in record["extraits"]:  # type: ignore[union-attr]
        assert re.sub(r"\s+", " ", extract) in text, f"{slug}: extract not printed as written: {extract!r}"
    _harmless(html, attributes, slug, HOSTILE_LINES[name])


def _harmless(html: str, attributes: list[tuple[str, str, str]], slug: str, hostile: str) -> None:
    """No event handler, style or pagefind attribute of ours only, one #__config, and the hostile text in no
    attribute but those that print text."""
    for tag, attribute, value in attributes:
        assert not attribute.startswith("on"), (slug, tag, attribute)
        if attribute.startswith("data-pagefind"):  # only ours, with a vocabulary key (sitecheck's allow-list)
            assert OUR_PAGEFIND_VALUES.get(attribute, re.compile("(?!)")).fullmatch(value), (slug, tag, attribute)
        assert attribute != "style", (slug, tag, attribute)
        assert not (attribute == "id" and value == "__config" and tag != "script"), (slug, tag)
        assert hostile not in value or attribute in ("content", "aria-label", "title"), (slug, tag, attribute, value)
    assert html.count('id="__config"') == 1
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title, title


@pytest.mark.parametrize("slug", sorted(s for s in ACCEPTED if s.startswith("recit-")))
def test_story_text_that_looks_like_syntax_stays_text(published: Path, slug: str) -> None:
    name, _, _ = ACCEPTED[slug]
    html = (published / "cas" / slug / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="defi"'):html.index('id="innovation"')]
    prose = re.search(r'<div class="pn-prose">(.*?)</div>', section, re.S).group(1)
    # The note calls are ours, put in after the sanitizer: each exactly this, and nothing else of that kind.
    calls = re.findall(r'<sup class="pn-note" id="appel-defi-essai-g-\d+"><a href="#source-essai-g">\[1\]</a></sup>',
                       prose)
    assert len(calls) == HOSTILE_STORIES[name].count("[^essai-g]"), (slug, prose)
    for call in calls:
        prose = prose.replace(call, "", 1)
    assert "<sup" not in prose, (slug, prose)
    tags = set(re.findall(r"<([a-z0-9]+)", prose))
    assert tags <= {"p", "br", "em", "strong", "code", "a", "ul", "ol", "li", "blockquote"}, (slug, tags)
    for attrs in re.findall(r"<a ([^>]*)>", prose):
        names = set(re.findall(r'([a-z-]+)="', attrs))
        assert names <= {"href", "rel"}, (slug, attrs)
    text, _ = page_text(html)
    for fragment in ("{: #__config hidden }", "{: data-pagefind-body }", "Big data : un mot", "<br>", "<script>",
                     "{{ doubles }}", "--8<--", "<svg/onload=alert(1)>"):
        if fragment in HOSTILE_STORIES[name]:
            assert fragment in text, (slug, fragment)


def test_csv_cells_never_run_and_json_keeps_the_exact_text(published: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((published / "donnees/cas.csv").read_text(encoding="utf-8"))))
    figures = list(csv.DictReader(io.StringIO((published / "donnees/chiffres.csv").read_text(encoding="utf-8"))))
    cells = [v for row in rows + figures for v in row.values() if v]
    assert cells
    for value in cells:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["ligne-formula-equal"]["titre"].startswith("'=HYPERLINK(")
    assert by_slug["ligne-formula-at"]["resume"].startswith("'@SUM(")
    data = json.loads((published / "donnees/cas.json").read_text(encoding="utf-8"))
    titles = {c["slug"]: c["title"] for c in data["cases"]}
    assert titles["ligne-formula-equal"] == HOSTILE_LINES["formula-equal"] + " (title)"
    assert titles["ligne-html-script"] == "<script>alert(1)</script> (title)"


# --- property: whatever goes into every text field, the page is harmless -------------------------------------------

PIECES = ["{:", "}", "{", " #__config", " hidden", " data-pagefind-body", " .pn-lead", "<script>", "</script>",
          "<img src=x onerror=alert(1)>", "</div>", "<p id=\"defi\">", "[x](", ")", "](https://e.example/)",
          "![p](https://e.example/p.png)", "|", "\\", "`", "*", "**", "_", "~~", "&#58;", "&lt;", "&amp;", "\"",
          "'", "\n", "\n\n", "    ", "- ", "1. ", "> ", "## ", "---", "```", "!!! note", "??? x", "{{", "}}",
          "{%", "%}", "javascript:", "//e.example/", "@", "=", "+", "%", "\u00a0", "é", "’", "«\u00a0", "\u00a0»",
          "Ж", "北京", "😀", "\u202e", "\u200b", "\x1b", "\\u202e", "\\n", "--8<--", "[^1]", "<https://e.example>",
          "/cas/x/", "#defi", "data:", "Big data : ", "La file : "]
fragments = st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet="abcé ’:;!?,.0123456789", max_size=8)),
                     min_size=1, max_size=12).map("".join)


def _fill(slug: str, one_line: str, story: str) -> tuple[str, str]:
    """A case and its own source record (named like it) with the text in every field: each story block ends
    with the record's marker, the quotation is one of the record's extracts."""
    line = one_line.replace("\n", " ").strip() or "x"
    edits: dict[str, object] = {field: f"{line} {i}" for i, field in enumerate(ONE_LINE_FIELDS)}
    edits["organisations.0.name"] = f"Org {slug} {line}"
    edits["people.0.name"] = f"P {line}"
    for section in ("challenge", "innovation", "co_creation", "results"):
        edits[f"story.{section}"] = marked(story.strip() or "x", slug)
    edits["review_notes"] = story.strip() or "x"
    edits["quotes"] = [{"text": line, "author": line, "source": slug}]  # the quote is inline Markdown
    record = {field: f"{line} {field}" for field in RECORD_FIELDS} | {"extraits": [line]}
    return case_text(slug, edits, slug), record_text(slug, record)


@settings(max_examples=int(os.environ.get("PIONNIERS_HOSTILE_EXAMPLES", "6")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(batch=st.lists(st.tuples(fragments, fragments), min_size=3, max_size=3))
def test_any_text_in_every_field_is_refused_or_harmless(tmp_path_factory: pytest.TempPathFactory,
                                                          batch: list[tuple[str, str]]) -> None:
    project = make_project(tmp_path_factory.mktemp("prop") / "p", [], sources=SOURCES)
    accepted: dict[str, str] = {}
    for i, (one_line, story) in enumerate(batch):
        slug = f"prop-{i}"
        text, record = _fill(slug, one_line, story)
        checked = check_file(text.encode("utf-8"), f"cases/{slug}.yml", today=TODAY)
        source = check_source_file(record.encode("utf-8"), f"sources/{slug}.yml", today=TODAY)
        if checked.case is None or source.source is None:
            problems = checked.problems + source.problems
            assert problems and all(p.line >= 1 and p.col >= 1 for p in problems)
            continue
        (project / "cases" / f"{slug}.yml").write_text(text, encoding="utf-8")
        (project / "sources" / f"{slug}.yml").write_text(record, encoding="utf-8")
        accepted[slug] = checked.case.title
    if not accepted:
        return
    site = project / "site"
    status = publish(Layout(project), site, today=TODAY)
    if status != 0:
        # Only a cross-file rule (a story link to a page that will not exist) may still refuse an accepted file.
        from pionniers.model.corpus import check_corpus

        problems = check_corpus(Layout(project), today=TODAY).problems
        assert problems, "publish failed without a validation problem: the second wall found something"
        return
    for slug, title in accepted.items():
        html = (site / "cas" / slug / "index.html").read_text(encoding="utf-8")
        text, _ = page_text(html)
        assert re.sub(r"\s+", " ", title) in text, (slug, title)
