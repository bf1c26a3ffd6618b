"""Our override of Material's header keeps up with the installed theme: it is Material's partials/header.html with
only the search box shown without the search plugin (mkdocs.yml switches it off: no lunr index built). Upgrading
Material fails this test until the override is refreshed from the new header."""

from __future__ import annotations

import re
from pathlib import Path

import material

from pionniers.site.build import mkdocs_config

from pionniers.site.sandbox import ROOT

OURS = ROOT / "overrides" / "partials" / "header.html"
THEIRS = Path(material.__file__).parent / "templates" / "partials" / "header.html"
SEARCH_BLOCK = re.compile(r'^    \{% if "material/search" in config.plugins %\}.*?^    \{% endif %\}\n', re.S | re.M)
OUR_BLOCK = re.compile(r"    \{#- Pionniers: the search box.*?\{% include \"partials/search.html\" %\}\n", re.S)
HEAD_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)


def test_the_header_override_is_materials_header_with_the_search_box_always_shown() -> None:
    theirs, ours = THEIRS.read_text(encoding="utf-8"), OURS.read_text(encoding="utf-8")
    assert SEARCH_BLOCK.search(theirs), "Material's header no longer guards the search box as expected"
    assert OUR_BLOCK.search(ours)
    assert HEAD_COMMENT.sub("", SEARCH_BLOCK.sub("", theirs)) == HEAD_COMMENT.sub("", OUR_BLOCK.sub("", ours))


def test_no_plugin_builds_a_lunr_index() -> None:
    config = mkdocs_config(ROOT / "mkdocs.yml")  # mkdocs.yml reads site_url with MkDocs' !ENV tag
    assert config["plugins"] == [{"search": {"enabled": False}}], \
        "sans `search: enabled: false`, MkDocs ajoute son extension de recherche (index lunr), Zensical la sienne"


def _material(name: str) -> str:
    return HEAD_COMMENT.sub("", (THEIRS.parent / name).read_text(encoding="utf-8"))


def _ours(name: str) -> str:
    return HEAD_COMMENT.sub("", (OURS.parent / name).read_text(encoding="utf-8"))


def test_the_tabs_override_is_materials_with_the_section_of_pages_outside_the_navigation() -> None:
    ours = _ours("tabs-item.html")
    section = re.compile(r'  \{% set top = .*?\n  \{% set here = .*?\n  \{% if ref.active or \(top .*?\) %\}\n')
    assert section.search(ours)
    assert section.sub("  {% if ref.active %}\n", ours) == _material("tabs-item.html")


def test_the_breadcrumb_override_is_materials_with_a_branch_for_pages_outside_the_navigation() -> None:
    ours = _ours("path.html")
    finding = re.compile(r"\{% set section = namespace.*?\{% endfor %\}\n", re.S)
    branch = re.compile(r"\{% if section.item and not page.ancestors %\}.*?\{% elif depth > 1 %\}", re.S)
    assert finding.search(ours) and branch.search(ours)
    assert branch.sub("{% if depth > 1 %}", finding.sub("", ours)) == _material("path.html")
