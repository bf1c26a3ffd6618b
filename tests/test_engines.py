"""Two engines, one site: `pionniers publish --engine zensical` runs every step that the MkDocs build runs (the
strict build, the second wall, Pagefind's index, the address manifest) over Zensical's output, and both engines
publish the same addresses with the same search box. (What a reader sees under each is checked in tests/browser/,
where every test runs on both sites.)"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from pionniers.cli import main
from pionniers.common.paths import Layout
from pionniers.site.publish import publish, zensical_messages
from pionniers.site.sandbox import ROOT, make_project

FIXTURES = ROOT / "tests" / "fixtures" / "site"
ENGINES = ("mkdocs", "zensical")


def _derive_search_css():  # noqa: ANN202 (a module)
    spec = importlib.util.spec_from_file_location("derive_search_css", ROOT / "scripts" / "derive_search_css.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_zensical_is_a_0_1_release_pinned_in_the_lock() -> None:
    pinned = re.search(r"^zensical==(\S+)$", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    assert pinned and pinned.group(1).startswith("0.1."), pinned
    assert version("zensical") == pinned.group(1)
    assert f'"zensical=={pinned.group(1)}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_search_box_styles_are_materials_own_rules_as_derived() -> None:
    """docs/assets/pionniers-search.css is what scripts/derive_search_css.py writes from the installed Material:
    every rule Material has for the box, none of ours but the few that undo Zensical's own search button."""
    derive = _derive_search_css()
    material = derive.material_stylesheet().read_text(encoding="utf-8")
    committed = (ROOT / "docs" / "assets" / "pionniers-search.css").read_text(encoding="utf-8")
    assert committed == derive.derive(material, version("mkdocs-material")), \
        "docs/assets/pionniers-search.css n’est plus à jour : lancez scripts/derive_search_css.py"
    copied = derive.search_rules(material)
    assert len(copied) > 100 and any(".md-search__input{" in rule for rule in copied)
    assert all(rule in committed for rule in copied)


def test_zensical_messages_keep_the_warning_and_drop_colours_and_traceback() -> None:
    raw = ("Build started\n\x1b[33mWarning:\x1b[0m page does not exist\n    ╭─[ comprendre/a.md:11:9 ]\n1 issue found\n"
           "Traceback (most recent call last):\n  File \"zensical/main.py\", line 81\nRuntimeError: Aborted\n")
    shown = zensical_messages(raw)
    assert "Warning: page does not exist" in shown and "comprendre/a.md:11:9" in shown
    assert "\x1b" not in shown and "Traceback" not in shown and "RuntimeError" not in shown


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    """The fixture cases published by each engine: engine -> (project, site, what publish printed). Zensical's site
    goes outside the project, so that its result is moved where it was asked for."""
    out: dict[str, tuple[Path, Path, str]] = {}
    for engine in ENGINES:
        base = tmp_path_factory.mktemp(engine)
        project = make_project(base / "p", FIXTURES)
        site = base / "publie"
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(project)
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                status = main(["publish", "--engine", engine, "--site-dir", str(site)])
        assert status == 0, (engine, printed.getvalue())
        out[engine] = (project, site, printed.getvalue())
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_publish_runs_every_step_with_each_engine(published: dict[str, tuple[Path, Path, str]], engine: str) -> None:
    project, site, printed = published[engine]
    assert {"mkdocs": "MkDocs", "zensical": "Zensical"}[engine] + " " in printed, printed
    assert "toutes indexées, aucune anomalie" in printed, printed
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    for case in sorted((project / "cases").glob("*.yml")):
        assert (site / "cas" / case.stem / "index.html").is_file(), case.stem
        assert (site / "cas" / case.stem / "apercu.png").is_file(), case.stem
        assert (site / "cas" / case.stem / "carte" / "index.html").is_file(), case.stem
    assert not (site / "search.json").exists()  # Zensical's own index, which no page of ours loads
    assert not (site / "search").exists()  # nor Material's lunr index
    assert not (project / "site").exists()  # built where asked, nothing left in the project's default folder
    assert not list(project.glob(".pionniers-zensical*"))  # nor its two-line configuration, nor a scratch folder


def test_both_engines_publish_the_same_pages_with_the_same_search_box(
        published: dict[str, tuple[Path, Path, str]]) -> None:
    pages = {engine: sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
             for engine, (_, site, _) in published.items()}
    assert pages["mkdocs"] == pages["zensical"]

    def box(site: Path, page: str) -> str:
        node = LexborHTMLParser((site / page).read_text(encoding="utf-8")).css_first("[data-pn-search]")
        assert node is not None, page
        return re.sub(r"\s+", " ", node.html)

    for page in ("index.html", "cas/alpha-banque/index.html"):
        assert box(published["mkdocs"][1], page) == box(published["zensical"][1], page), page
    for engine, (_, site, _) in published.items():
        html = (site / "index.html").read_text(encoding="utf-8")
        assert "assets/pionniers-search.css" in html, engine


def test_publish_with_zensical_still_checks_the_address_manifest(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    (project / "adresses-publiees.txt").write_text("/cas/disparu/\n", encoding="utf-8")
    assert publish(Layout(project), project / "site", engine="zensical") == 1
    err = capsys.readouterr().err
    assert "/cas/disparu/" in err and "ne répond(ent) plus" in err, err


def test_publish_refuses_an_unknown_engine(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["publish", "--engine", "hugo"])
    assert stop.value.code == 2
    assert "erreur d’utilisation" in capsys.readouterr().err


def test_zensical_reads_the_configuration_with_its_own_search_off_and_materials_look(tmp_path: Path) -> None:
    """Zensical's own search index refuses a long page (« Les cas » at 1,000 cases stopped the build) and is never
    loaded: mkdocs.yml switches it off; and asks for Zensical's classic look, Material's."""
    from zensical.config import parse_config

    project = make_project(tmp_path / "p", FIXTURES)
    config = parse_config(str(project / "mkdocs.yml"))
    assert config["plugins"]["search"]["config"]["enabled"] is False
    assert config["theme"]["variant"] == "classic"
    assert "assets/pionniers-search.css" in config["extra_css"]
