"""The rules of source records and of what ties a case to them, each at its line and column, in French.

A case's story cites its sources by markers [^id] (validate.marker_problems); its list names records that exist and
are all cited, and each figure's evidence and each quotation stands in one of its source's extracts
(sources.case_problems); a record is checked on its own (sources.check_source_file) and against the others
(corpus.read_sources). Every expected position is counted by hand from tests/fixtures/valid/cas-de-base.yml and
tests/fixtures/sources/ashoka.yml (printed in the comments).
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pionniers_testkit import (
    SOURCES,
    TODAY,
    VALID,
    assert_words,
    base_text,
    check_record,
    only_problem,
    record_text,
    record_with_line,
    where,
    with_line,
)

from pionniers.common.paths import Layout
from pionniers.model.corpus import check_corpus, read_sources
from pionniers.model.sources import _SPACES, _norm, case_problems, check_source_file, same_document
from pionniers.model.validate import check_file
from pionniers.site.sandbox import make_project

CASE = "tests/fixtures/invalid/cas-de-base.yml"  # where the checked texts say they come from
RECORD = "tests/fixtures/invalid-sources/ashoka.yml"

# cas-de-base.yml, the lines these tests change:
#   22 |  results: L’impact.[^ashoka]
#   29 |    evidence: les mots de la source qui donnent ce chiffre
#   30 |sources:
#   31 |- ashoka
# ashoka.yml: line 1 `id: "ashoka"`, 6 `url: "https://www.ashoka.org/fr"`, 9 `extraits:`,
#   10 `- "les mots de la source qui donnent ce chiffre"`.


def check_text(text: str):  # noqa: ANN201
    return check_file(text.encode("utf-8"), CASE, today=TODAY)


def registry() -> tuple[dict, dict[str, str]]:
    """The valid fixture records by id, and every record file by id (as corpus.read_sources gives them)."""
    records, files = {}, {}
    for path in sorted(SOURCES.glob("*.yml")):
        checked = check_source_file(path.read_bytes(), f"tests/fixtures/sources/{path.name}", today=TODAY)
        assert checked.source is not None, checked.problems
        records[path.stem], files[path.stem] = checked.source, f"tests/fixtures/sources/{path.name}"
    return records, files


def traced(text: str):  # noqa: ANN201
    """sources.case_problems for a case text (which must load), against the fixture records."""
    checked = check_text(text)
    assert checked.loaded is not None
    records, files = registry()
    return case_problems(CASE, checked.loaded, records, files)


# --- markers in the story (validate.marker_problems) -------------------------------------------------------------


def test_a_paragraph_without_marker_is_refused_at_its_start():
    problem = only_problem(check_text(with_line(22, "  results: L’impact.")))
    assert (where(problem), problem.field) == (f"{CASE}:22:12", "story.results")
    assert_words(problem.message, ["paragraphe sans appel de note", "ajoutez à sa fin", "[^ashoka]"])


def test_each_block_needs_its_own_marker():
    """A second paragraph, a list: each is told at its own line; a paragraph with its marker is not."""
    text = with_line(22, "  results: |\n    Un.[^ashoka]\n\n    Deux.\n\n    - un\n    - deux\n\n    > cité[^ashoka]")
    checked = check_text(text)
    assert [(where(p), p.field) for p in checked.problems] == [(f"{CASE}:25:5", "story.results"),
                                                              (f"{CASE}:27:5", "story.results")]
    assert all("paragraphe sans appel de note" in p.message for p in checked.problems)


def test_a_marker_of_a_source_not_in_the_list_is_refused_at_the_marker():
    problem = only_problem(check_text(with_line(22, "  results: L’impact.[^rameau]")))
    assert (where(problem), problem.field) == (f"{CASE}:22:21", "story.results")
    assert_words(problem.message, ["appel de note [^rameau]", "aucune source « rameau »", "sources du cas : ashoka",
                                   "ajoutez-la à sources ou corrigez l’identifiant"])


def test_a_misspelt_marker_gets_a_suggestion():
    problem = only_problem(check_text(with_line(22, "  results: L’impact.[^ashok]")))
    assert where(problem) == f"{CASE}:22:21"
    assert_words(problem.message, ["[^ashok]", "vouliez-vous dire « ashoka »"])


def test_a_marker_inside_backticks_is_text_not_a_marker():
    problem = only_problem(check_text(with_line(22, "  results: L’impact `[^ashoka]`.")))
    assert (where(problem), problem.field) == (f"{CASE}:22:12", "story.results")
    assert_words(problem.message, ["paragraphe sans appel de note"])


def test_a_paragraph_may_cite_several_sources():
    text = with_line(22, "  results: L’impact.[^ashoka] Autre fait.[^rameau]").replace("- ashoka\n", "- ashoka\n- rameau\n")
    assert check_text(text).problems == []


# --- the case against the records (sources.case_problems) ---------------------------------------------------------


def test_the_base_case_ties_to_its_record():
    assert traced(base_text()) == []


def test_an_unknown_source_id_is_refused_in_the_list():
    (problem,) = traced(base_text().replace("- ashoka\n", "- ashoka\n- inconnue\n"))
    assert (where(problem), problem.field) == (f"{CASE}:32:3", "sources[1]")
    assert_words(problem.message, ["source « inconnue » introuvable", "créez le fichier sources/inconnue.yml"])


def test_an_unknown_source_id_close_to_a_record_gets_a_suggestion():
    text = base_text().replace("- ashoka\n", "- ashoka\n- rameaux\n")
    (problem,) = traced(text)
    assert where(problem) == f"{CASE}:32:3"
    assert_words(problem.message, ["« rameaux » introuvable", "vouliez-vous dire « rameau »"])


def test_a_listed_source_never_cited_is_refused():
    (problem,) = traced(base_text().replace("- ashoka\n", "- ashoka\n- rameau\n"))
    assert (where(problem), problem.field) == (f"{CASE}:32:3", "sources[1]")
    assert_words(problem.message, ["source « rameau » listée mais jamais citée", "[^rameau]", "retirez-la"])


def test_evidence_not_in_any_extract_is_refused_at_the_evidence():
    (problem,) = traced(with_line(29, "    evidence: des mots que la source ne dit pas"))
    assert (where(problem), problem.field) == (f"{CASE}:29:15", "figures[0].evidence")
    assert_words(problem.message, ["la preuve (evidence) de ce chiffre n’est dans aucun extrait de la source "
                                   "« ashoka »", "sources/ashoka.yml", "mot pour mot"])


@pytest.mark.parametrize("evidence", ["mots de la source", '"les mots de la\\u00a0source  qui donnent ce chiffre"'])
def test_evidence_inside_an_extract_is_accepted_spacing_aside(evidence):
    assert traced(with_line(29, f"    evidence: {evidence}")) == []


def test_a_quotation_not_in_any_extract_is_refused_at_its_text():
    quote = "quotes:\n  - text: Une phrase que la source ne dit pas.\n    author: Jeanne Essai\n    source: ashoka\n"
    (problem,) = traced(base_text().replace("sources:\n", quote + "sources:\n"))
    assert (where(problem), problem.field) == (f"{CASE}:31:11", "quotes[0].text")  # quotes: is line 30
    assert_words(problem.message, ["cette citation n’est dans aucun extrait de la source « ashoka »"])
    quote = "quotes:\n  - text: les mots de la source\n    author: Jeanne Essai\n    source: ashoka\n"
    assert traced(base_text().replace("sources:\n", quote + "sources:\n")) == []


def test_a_case_is_not_told_a_record_is_missing_when_it_is_only_invalid():
    """The record's own problems are told in its file; the case is not sent to create a file that exists."""
    records, files = registry()
    del records["ashoka"]
    checked = check_text(base_text())
    assert case_problems(CASE, checked.loaded, records, files) == []


# --- a record on its own (sources.check_source_file) ----------------------------------------------------------------


def test_the_base_record_is_valid():
    checked = check_record(record_text())
    assert checked.problems == [] and checked.source.extraits == ["les mots de la source qui donnent ce chiffre"]


def test_an_extract_of_41_words_is_refused_and_40_accepted():
    words = " ".join(f"mot{i}" for i in range(41))
    problem = only_problem(check_record(record_with_line(10, f'- "{words}"')))
    assert (where(problem), problem.field) == (f"{RECORD}:10:3", "extraits[0]")
    assert_words(problem.message, ["extrait de 41 mots", "40 au plus"])
    checked = check_record(record_with_line(10, f'- "{words.rsplit(" ", 1)[0]}"'))
    assert checked.problems == [] and len(checked.source.extraits[0].split()) == 40


@pytest.mark.parametrize("again", ['"les mots de la source qui donnent ce chiffre"',
                                   '"les mots de la\\u00a0source  qui donnent ce chiffre "'])
def test_an_extract_in_double_is_refused(again):
    problem = only_problem(check_record(record_text() + f"- {again}\n"))
    assert (where(problem), problem.field) == (f"{RECORD}:11:3", "extraits[1]")
    assert_words(problem.message, ["extrait en double", "déjà extraits[0]", "retirez ce doublon"])


def test_a_record_whose_id_is_not_its_file_name_is_refused():
    problem = only_problem(check_record(record_text(), name="autre-nom"))
    assert (where(problem), problem.field) == ("tests/fixtures/invalid-sources/autre-nom.yml:1:5", "id")
    assert_words(problem.message, ["l’identifiant « ashoka »", "égal au nom du fichier « autre-nom »",
                                   "renommez le fichier en ashoka.yml"])


@pytest.mark.parametrize("line, new, col", [(2, 'title: "TODO : le titre"', 9), (10, '- "À COMPLÉTER : un passage"', 4)])
def test_draft_markers_are_refused_in_a_record(line, new, col):
    problem = only_problem(check_record(record_with_line(line, new)))
    assert (problem.line, problem.col) == (line, col)
    assert_words(problem.message, ["«", "»"])


# --- records against each other (corpus.read_sources) ----------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("https://www.ashoka.org/fr", "http://ashoka.org/fr/"),
    ("https://ASHOKA.org/fr", "https://www.ashoka.org/fr"),
])
def test_same_document_ignores_scheme_www_final_slash_and_host_case(a, b):
    assert same_document(a) == same_document(b) != ""


@pytest.mark.parametrize("a, b", [
    ("https://www.ashoka.org/fr", "https://www.ashoka.org/FR"),  # a path's case may matter to the server
    ("https://www.ashoka.org/fr", "https://www.ashoka.org/fr/page"),
    ("https://ashoka.org/fr", "https://ashoka.com/fr"),
])
def test_same_document_keeps_apart_what_differs(a, b):
    assert same_document(a) != same_document(b)


def test_two_records_of_one_address_are_refused_in_the_second(tmp_path: Path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "ashoka.yml").write_text(record_text(), encoding="utf-8")
    (tmp_path / "sources" / "ashoka-bis.yml").write_text(
        record_text().replace('id: "ashoka"', 'id: "ashoka-bis"').replace("https://www.ashoka.org/fr",
                                                                          "http://ashoka.org/fr/"), encoding="utf-8")
    records, files, problems = read_sources(Layout(tmp_path), TODAY)
    assert sorted(files) == ["ashoka", "ashoka-bis"]
    (problem,) = problems
    assert (where(problem), problem.field) == ("sources/ashoka.yml:6:6", "url")  # sorted: ashoka-bis is read first
    assert_words(problem.message, ["même adresse que sources/ashoka-bis.yml", "un document est décrit une seule fois",
                                   "citez « ashoka-bis »"])


def test_validating_a_case_reports_the_records_it_cites(tmp_path: Path):
    """`pionniers validate cases/x.yml`: the problems of the records x cites come with it (a case is not without
    problem while its record has some); a record it does not cite is left out."""
    project = make_project(tmp_path / "p", [VALID / "cas-de-base.yml"], sources=tmp_path / "aucune")
    shutil.copy(SOURCES / "rameau.yml", project / "sources" / "rameau.yml")
    (project / "sources" / "ashoka.yml").write_text(record_with_line(2, 'title: "TODO : le titre"'),
                                                    encoding="utf-8")
    (project / "sources" / "rameau.yml").write_text(
        (SOURCES / "rameau.yml").read_text(encoding="utf-8").replace('title: "', 'title: "BROUILLON '),
        encoding="utf-8")
    corpus = check_corpus(Layout(project), [project / "cases" / "cas-de-base.yml"], today=TODAY)
    assert [(where(p), p.field) for p in corpus.problems] == [("sources/ashoka.yml:2:9", "title")]
    assert corpus.files == 2 and not corpus.ok
    everything = check_corpus(Layout(project), today=TODAY)
    assert {p.path for p in everything.problems} == {"sources/ashoka.yml", "sources/rameau.yml"}


def test_checking_one_file_knows_the_other_cases_it_links_to(tmp_path: Path) -> None:
    """`pionniers validate cases/x.yml`: a related case, or a story link to another case of cases/, is not reported
    as missing because that other file was not named; a link to a case that does not exist still is."""
    from pionniers.site.sandbox import ROOT

    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    path = project / "cases" / "alpha-banque.yml"
    text = path.read_text(encoding="utf-8")
    linked = text.replace("[^essai]", " Voir [le cas Beta](/cas/beta-fondation/#impact).[^essai]", 1)
    path.write_text(linked, encoding="utf-8")
    alone = check_corpus(Layout(project), [path], today=TODAY)
    assert alone.problems == []
    path.write_text(linked.replace("/cas/beta-fondation/", "/cas/cas-absent/"), encoding="utf-8")
    missing = check_corpus(Layout(project), [path], today=TODAY)
    assert [p.message.split(" n’existe")[0] for p in missing.problems] == ["la page « /cas/cas-absent/ »"]


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from([" ", "\u00a0", "\u202f", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f",
                                           "\x85", "\u2028", "\u3000", "\u200b", "mot", "e\u0301"]),
                          st.characters()), max_size=20).map("".join))
def test_a_text_is_spaced_as_the_regular_expression_would_space_it(text: str) -> None:
    assert _norm(text) == _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
