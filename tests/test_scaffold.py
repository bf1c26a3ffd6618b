"""`pionniers new`: a case file from the template, which validation flags until every field is filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from pionniers.common.paths import Layout
from pionniers.contribute.scaffold import new_case
from pionniers.model.corpus import check_corpus
from pionniers.site.sandbox import make_project


def test_new_case_is_a_template_to_fill(tmp_path: Path) -> None:
    """The case and its first source record (sources/<slug>-1.yml), cited from the list, every story paragraph and
    the figure: validation flags every field left to fill in both files, and nothing else."""
    project = make_project(tmp_path / "p", [], sources=tmp_path / "aucune")
    layout = Layout(project)
    assert new_case(layout, "prenom-nom-organisation", today=date(2026, 11, 24)) == 0
    text = (project / "cases/prenom-nom-organisation.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/cas.schema.json\n")
    assert 'reviewed: "2026-11-24"' in text
    record = (project / "sources/prenom-nom-organisation-1.yml").read_text(encoding="utf-8")
    assert record.startswith("# yaml-language-server: $schema=../schema/source.schema.json\n")
    assert 'id: "prenom-nom-organisation-1"' in record
    data = yaml.safe_load(text)
    assert data["sources"] == ["prenom-nom-organisation-1"] and data["figures"][0]["source"] == data["sources"][0]
    assert all(value.rstrip().endswith("[^prenom-nom-organisation-1]") for value in data["story"].values())
    corpus = check_corpus(layout, today=date(2026, 11, 24))
    by_file: dict[str, set[str]] = {}
    for p in corpus.problems:
        by_file.setdefault(p.path, set()).add(p.field)
    assert set(by_file) == {"cases/prenom-nom-organisation.yml", "sources/prenom-nom-organisation-1.yml"}
    assert {"title", "people[0].name", "summary", "story.challenge", "figures[0].evidence",
            "unknowns[0]"} <= by_file["cases/prenom-nom-organisation.yml"]
    assert {"title", "publisher", "author", "date", "extraits[0]"} <= by_file["sources/prenom-nom-organisation-1.yml"]
    assert all("pas encore été rempli" in p.message for p in corpus.problems), [p.text() for p in corpus.problems]


def test_new_case_refuses_a_bad_slug_and_an_existing_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [], sources=tmp_path / "aucune")
    layout = Layout(project)
    assert new_case(layout, "Mauvais Slug") == 2
    assert new_case(layout, "deja-la") == 0
    assert new_case(layout, "deja-la") == 1
