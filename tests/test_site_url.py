"""The site's public address comes from the deployment: PIONNIERS_SITE_URL, read by `site_url: !ENV …` in mkdocs.yml
(MkDocs and Zensical alike) and by `pionniers build` for the citations; unset, the site has no address at all."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pionniers.common.paths import Layout
from pionniers.site.build import mkdocs_config, settings_from
from pionniers.site.publish import publish
from pionniers.site.sandbox import ROOT, TODAY, generate, make_project
from pionniers.site.sitecheck import scan_html

FIXTURES = ROOT / "tests" / "fixtures" / "site"
PROJECT_SITE = "https://octocat.github.io/pionniers"  # what actions/configure-pages gives a project site


def test_mkdocs_yml_takes_its_address_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIONNIERS_SITE_URL", raising=False)
    assert mkdocs_config(ROOT / "mkdocs.yml").get("site_url") is None
    assert settings_from(Layout(ROOT), TODAY).site_url == ""
    monkeypatch.setenv("PIONNIERS_SITE_URL", PROJECT_SITE)
    assert mkdocs_config(ROOT / "mkdocs.yml")["site_url"] == PROJECT_SITE
    assert settings_from(Layout(ROOT), TODAY).site_url == PROJECT_SITE


def test_a_project_site_publishes_under_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub Pages serves a fork's site under /<repo>/: canonical links, citations and the 404 page follow, and the
    second wall accepts that root (and only that one) for the 404 page's absolute addresses."""
    monkeypatch.setenv("PIONNIERS_SITE_URL", PROJECT_SITE)
    project = make_project(tmp_path / "p", FIXTURES)
    assert publish(Layout(project), project / "site", today=TODAY) == 0
    html = (project / "site/cas/alpha-banque/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PROJECT_SITE}/cas/alpha-banque/">' in html
    cite = re.search(r'<p class="pn-cite">(.*?)</p>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), cite))
    assert f"{PROJECT_SITE}/cas/alpha-banque/, dernière relecture" in text
    page_404 = (project / "site/404.html").read_text(encoding="utf-8")
    assert '"base": "/pionniers/"' in page_404 or '"base":"/pionniers/"' in page_404
    assert scan_html(page_404, "404.html", root_path="/pionniers/") == []
    elsewhere = scan_html(page_404, "404.html", root_path="/ailleurs/")
    assert any("base du thème inattendue" in f for f in elsewhere), elsewhere
    assert any("script étranger" in f for f in elsewhere), elsewhere
    # The open data gives full addresses too, and the Open Graph tags.
    data = (project / "site/donnees/cas.json").read_text(encoding="utf-8")
    assert f'"url": "{PROJECT_SITE}/cas/alpha-banque/"' in data
    assert f"{PROJECT_SITE}/cas/alpha-banque/" in (project / "site/donnees/cas.csv").read_text(encoding="utf-8")
    assert f'<meta property="og:url" content="{PROJECT_SITE}/cas/alpha-banque/">' in html


def test_publish_warns_when_the_site_has_no_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PIONNIERS_SITE_URL", raising=False)
    project = make_project(tmp_path / "p", FIXTURES)
    assert publish(Layout(project), project / "site", today=TODAY) == 0  # a warning, not a failure
    err = capsys.readouterr().err
    assert "pas d’adresse publique" in err and "PIONNIERS_SITE_URL=https://" in err, err


def test_zensical_reads_the_same_address(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", FIXTURES)
    assert generate(project) == 0
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
    assert zensical, "zensical is a test dependency (pyproject: [test])"
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path), "PIONNIERS_SITE_URL": PROJECT_SITE}
    result = subprocess.run([zensical, "build", "--clean"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site/cas/alpha-banque/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PROJECT_SITE}/cas/alpha-banque/">' in html
