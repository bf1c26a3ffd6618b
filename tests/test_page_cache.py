"""Case pages kept between builds (.cache-pionniers/pages/): a page is read again only when every input of it is
the same (the case and its records, its related cases, its steps on learning paths, the settings, the code that
renders), and the site is the same bytes whether its pages were rendered or read."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pionniers.common.cache import Store
from pionniers.pages import render
from pionniers.site.sandbox import ROOT, generate, generated_files, make_project


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the case pages rendered (not read from the store), in order."""
    calls: list[str] = []
    real = render.case_page

    def counting(case, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        calls.append(case.slug)
        return real(case, *args, **kwargs)

    monkeypatch.setattr(render, "case_page", counting)
    return calls


def pages_folder(project: Path) -> Path:
    return project / ".cache-pionniers" / "pages"


def test_a_second_build_reads_every_case_page_and_writes_the_same_bytes(tmp_path: Path, rendered: list[str]) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "valid")
    assert generate(project) == 0
    first, slugs = generated_files(project), sorted(rendered)
    assert slugs and len(list(pages_folder(project).glob("*.md"))) == len(slugs)
    rendered.clear()
    shutil.rmtree(project / "docs" / "cas")
    assert generate(project) == 0
    assert rendered == []
    assert generated_files(project) == first


def test_a_changed_case_is_rendered_again_with_the_pages_that_show_it(tmp_path: Path, rendered: list[str]) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "valid")
    assert generate(project) == 0
    everything = set(rendered)
    rendered.clear()
    case = sorted((project / "cases").glob("*.yml"))[0]
    case.write_text(case.read_text(encoding="utf-8").replace("title: ", "title: Autre titre — ", 1), encoding="utf-8")
    assert generate(project) == 0
    assert case.stem in rendered and set(rendered) < everything
    assert "Autre titre" in (project / "docs" / "cas" / f"{case.stem}.md").read_text(encoding="utf-8")
    # The pages of the cases that name it among their related cases were rendered again (« Voir aussi »).
    showing = {p.stem for p in (project / "docs" / "cas").glob("*.md")
               if p.stem not in ("index", case.stem) and f"]({case.stem}.md)" in p.read_text(encoding="utf-8")}
    assert showing and showing <= set(rendered)
    for slug in showing:
        assert "Autre titre" in (project / "docs" / "cas" / f"{slug}.md").read_text(encoding="utf-8")
    assert len(list(pages_folder(project).glob("*.md"))) == len(everything)  # the old entries pruned


def test_new_code_or_another_day_renders_every_page_again(tmp_path: Path, rendered: list[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "valid")
    assert generate(project) == 0
    everything = sorted(rendered)
    rendered.clear()
    monkeypatch.setattr(render, "code_version", lambda: "une autre version du code")
    assert generate(project) == 0
    assert sorted(rendered) == everything
    rendered.clear()
    assert generate(project, today=date(2031, 1, 1)) == 0  # « relu il y a plus de deux ans » may change
    assert sorted(rendered) == everything


def test_the_code_version_changes_with_a_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The package copied (its fonts and map left out), then one template changed by a line feed."""
    package = tmp_path / "pionniers"
    shutil.copytree(Path(render.__file__).resolve().parents[1], package,
                    ignore=shutil.ignore_patterns("__pycache__", "fonts", "geo"))
    monkeypatch.setattr(render, "__file__", str(package / "pages" / "render.py"))
    before = render.code_version.__wrapped__()
    assert render.code_version.__wrapped__() == before
    template = package / "templates" / "case.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert render.code_version.__wrapped__() != before


def test_an_entry_that_is_not_a_regular_file_is_rendered_again(tmp_path: Path, rendered: list[str]) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "valid")
    assert generate(project) == 0
    first = generated_files(project)
    entry = sorted(pages_folder(project).glob("*.md"))[0]
    entry.unlink()
    (tmp_path / "ailleurs.md").write_text("# pas une page de Pionniers\n", encoding="utf-8")
    entry.symlink_to(tmp_path / "ailleurs.md")
    rendered.clear()
    assert generate(project) == 0
    assert len(rendered) == 1
    assert generated_files(project) == first
    assert (tmp_path / "ailleurs.md").read_text(encoding="utf-8") == "# pas une page de Pionniers\n"


def test_the_store_is_used_only_through_its_own_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "valid")
    (tmp_path / "dehors").mkdir()
    (project / ".cache-pionniers").symlink_to(tmp_path / "dehors")
    assert generate(project) == 0  # the store is not usable: every page rendered, nothing written through the link
    assert list((tmp_path / "dehors").iterdir()) == []
    assert not Store(project, ".cache-pionniers", "pages").usable
