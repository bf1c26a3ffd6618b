"""Our override of Material's header keeps up with the installed theme: it is Material's partials/header.html with
only the search box shown without the search plugin (mkdocs.yml switches it off: no lunr index built). Upgrading
Material fails this test until the override is refreshed from the new header."""

from __future__ import annotations

import re
from pathlib import Path

import material

from pionniers.build import mkdocs_config

from pionniers.sandbox import ROOT

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
