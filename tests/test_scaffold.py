"""`pionniers new`: a case file from the template, which validation flags until every field is filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pionniers.corpus import check_corpus
from pionniers.paths import Layout
from pionniers.sandbox import make_project
from pionniers.scaffold import new_case


def test_new_case_is_a_template_to_fill(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [])
    layout = Layout(project)
    assert new_case(layout, "prenom-nom-organisation", today=date(2026, 11, 24)) == 0
    text = (project / "cases/prenom-nom-organisation.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/cas.schema.json\n")
    assert 'reviewed: "2026-11-24"' in text
    corpus = check_corpus(layout, today=date(2026, 11, 24))
    fields = {p.field for p in corpus.problems}
    assert {"title", "people[0].name", "summary", "story.challenge", "sources[0].title"} <= fields
    assert all("pas encore été rempli" in p.message for p in corpus.problems)
    assert all(p.path == "cases/prenom-nom-organisation.yml" for p in corpus.problems)


def test_new_case_refuses_a_bad_slug_and_an_existing_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [])
    layout = Layout(project)
    assert new_case(layout, "Mauvais Slug") == 2
    assert new_case(layout, "deja-la") == 0
    assert new_case(layout, "deja-la") == 1
