"""Source records and the cases that cite them, checked through a small project of their own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pionniers.corpus import check_corpus
from pionniers.paths import Layout
from pionniers.sandbox import ROOT, make_project

TODAY = date(2026, 11, 24)
SITE = ROOT / "tests" / "fixtures" / "site"


def _project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", SITE)


def test_checking_one_file_knows_the_other_cases_it_links_to(tmp_path: Path) -> None:
    """`pionniers validate cases/x.yml`: a related case, or a story link to another case of cases/, is not reported
    as missing because that other file was not named; a link to a case that does not exist still is."""
    project = _project(tmp_path)
    path = project / "cases" / "alpha-banque.yml"
    text = path.read_text(encoding="utf-8")
    linked = text.replace("[^essai]", " Voir [le cas Beta](/cas/beta-fondation/#impact).[^essai]", 1)
    path.write_text(linked, encoding="utf-8")
    alone = check_corpus(Layout(project), [path], today=TODAY)
    assert alone.problems == []
    path.write_text(linked.replace("/cas/beta-fondation/", "/cas/cas-absent/"), encoding="utf-8")
    missing = check_corpus(Layout(project), [path], today=TODAY)
    assert [p.message.split(" n’existe")[0] for p in missing.problems] == ["la page « /cas/cas-absent/ »"]
