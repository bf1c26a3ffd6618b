"""Golden pages: the Markdown generated for a fixture case, compared with the expected file beside it.

After an intended change of a template, refresh the expected files and review the diff:
    PIONNIERS_REFRESH_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pionniers.site.sandbox import ROOT, TODAY, make_project, generate

GOLDEN = ROOT / "tests" / "golden"
PAGES = ["cas/alpha-banque.md", "cas/index.md", "organisations/association-relais.md", "impact/index.md",
         # The drawings: the map and the corpus at a glance, the map alone, a place off the map.
         "index.md", "territoires/index.md", "territoires/ile-de-france.md"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("golden") / "p", ROOT / "tests" / "fixtures" / "site")
    assert generate(project, TODAY) == 0
    return project / "docs"


@pytest.mark.parametrize("page", PAGES)
def test_generated_page_matches_its_golden_file(generated: Path, page: str) -> None:
    actual = (generated / page).read_text(encoding="utf-8")
    expected_file = GOLDEN / page.replace("/", "__")
    if os.environ.get("PIONNIERS_REFRESH_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.is_file(), f"{expected_file} manque : PIONNIERS_REFRESH_GOLDEN=1 pour le créer"
    assert actual == expected_file.read_text(encoding="utf-8"), f"{page} a changé : relisez le diff, puis rafraîchissez"
