"""`pionniers archive` without a browser: links to folders name their index.html, text is never
touched, links in the built site are neither followed nor kept, and the zip holds one folder that works from disk.
(tests/browser/test_courseware.py opens it in Chromium from a file:// address.)"""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pionniers.site.archive import TOP, local_href, offline_copy, rewrite_html, write_zip


@pytest.mark.parametrize("url, wanted", [
    ("../cas/x/", "../cas/x/index.html"), ("../cas/x/#impact", "../cas/x/index.html#impact"),
    ("..", "../index.html"), ("../..", "../../index.html"), (".", "./index.html"), ("./", "./index.html"),
    ("../cas/?theme=emploi", "../cas/index.html?theme=emploi"), ("carte/", "carte/index.html"),
    ("citation.bib", "citation.bib"), ("#defi", "#defi"), ("https://exemple.org/a/", "https://exemple.org/a/"),
    ("//exemple.org/", "//exemple.org/"), ("/", "/"), ("mailto:x@y.z", "mailto:x@y.z"), ("", ""),
    ("../assets/pionniers.css", "../assets/pionniers.css"),
])
def test_local_href(url: str, wanted: str) -> None:
    assert local_href(url) == wanted


def test_rewrite_touches_tags_only() -> None:
    html = ('<a href="../x/">x</a> <p>le texte href="../y/" reste</p> <link rel="canonical" href="../z/">'
            '<meta http-equiv="refresh" content="0; url=../z/"><img src="../i/"> &lt;a href="../t/"&gt;')
    out = rewrite_html(html)
    assert '<a href="../x/index.html">' in out and '<link rel="canonical" href="../z/index.html">' in out
    assert 'content="0; url=../z/index.html"' in out and '<img src="../i/index.html">' in out
    assert 'le texte href="../y/" reste' in out and '&lt;a href="../t/"&gt;' in out


def test_links_in_the_built_site_are_neither_followed_nor_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "cas" / "x").mkdir(parents=True)
    (site / "cas" / "x" / "index.html").write_text('<a href="../">retour</a>', encoding="utf-8")
    (site / "index.html").write_text('<a href="cas/x/">x</a>', encoding="utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("//", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "cle.txt").write_text("ne sort pas", encoding="utf-8")
    os.symlink(secret, site / "lien-dossier")
    os.symlink(secret / "cle.txt", site / "lien.txt")
    kept = offline_copy(site)
    assert [p.relative_to(site).as_posix() for p in kept] == ["cas/x/index.html", "index.html"]
    assert (site / "cas/x/index.html").read_text(encoding="utf-8") == '<a href="../index.html">retour</a>'
    target = tmp_path / "a.zip"
    write_zip(site, kept, target, date(2026, 11, 24))
    with zipfile.ZipFile(target) as zipped:
        names = zipped.namelist()
        assert names == ["LISEZMOI.txt", f"{TOP}/cas/x/index.html", f"{TOP}/index.html"]
        assert "index.html" in zipped.read("LISEZMOI.txt").decode("utf-8")
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zipped.infolist())
    assert (secret / "cle.txt").read_text(encoding="utf-8") == "ne sort pas"
