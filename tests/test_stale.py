"""`pionniers stale`: cases reviewed more than two years ago and figures older than five years, oldest first, each at
its file and line (positions written by hand from the files below), as text or GitHub warnings; always exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pionniers.common.paths import Layout
from pionniers.site.sandbox import ROOT
from pionniers.contribute.stale import find_stale, years_before
from pionniers_testkit import base_text

TODAY = date(2026, 11, 24)

FIGURE = """\
  - shape: count
    value: {value}
    unit: ménages
{time}    status: achieved
    source: {source}
    evidence: {value} ménages
"""
RECORD = """\
id: {id}
title: {title}
publisher: Éditeur
author: non précisé
date: {date}
kind: article
language: fr
extraits:
{extraits}"""
RECORDS = {"datee": ("Une source datée", "13 juin 2014"), "muette": ("Une source sans date", "non précisé")}


def case(slug: str, reviewed: str, figures: list[tuple[int, str, str]]) -> str:
    """The base case with its reviewed date and figures (value, time lines, source id) replaced."""
    text = base_text(slug)
    head, _, rest = text.partition("figures:\n")
    _, _, tail = rest.partition("sources:\n")
    tail = tail[tail.index("reviewed:"):]
    body = "".join(FIGURE.format(value=v, time=t, source=s) for v, t, s in figures)
    used = list(dict.fromkeys(s for _, _, s in figures))
    listed = "sources:\n" + "".join(f"- {s}\n" for s in used)
    return (f"{head}figures:\n{body}{listed}{tail}".replace('reviewed: "2026-11-01"', f'reviewed: "{reviewed}"')
            .replace("[^ashoka]", f"[^{used[0]}]"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "cases").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: essai\n", encoding="utf-8")
    files = {
        # figures start at line 24, 7 lines each (6 without a time); a time value stands at line 4, column 11
        "ancien": case("ancien", "2020-03-01", [(10, "    time: {as_of: 2015}\n", "muette"),    # line 24, time 27
                                                (20, "", "muette"),                            # undated, line 31
                                                (30, "    time: {since: 2012}\n", "datee"),     # source 2014
                                                (40, "    time: {by: 2023}\n", "muette")]),    # recent enough
        "recent": case("recent", "2025-12-01", [(50, "    time: {from: 2009, to: \"2011-06\"}\n", "muette"),
                                                (60, "    time: {since: 2013}\n", "muette")]),
        "limite": case("limite", "2024-11-25", [(70, "    time: {as_of: 2021}\n", "muette")]),
    }
    for slug, text in files.items():
        (tmp_path / "cases" / f"{slug}.yml").write_text(text, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    extraits = "".join(f"- {n} ménages\n" for n in range(10, 80, 10))
    for ident, (title, published) in RECORDS.items():
        (tmp_path / "sources" / f"{ident}.yml").write_text(
            RECORD.format(id=ident, title=title, date=published, extraits=extraits), encoding="utf-8")
    return tmp_path


def test_oldest_first_with_file_line_and_why(project: Path) -> None:
    report = find_stale(Layout(project), today=TODAY)
    lines = [(item.since.isoformat(), item.problem.path, item.problem.line, item.problem.col, item.problem.field)
             for item in report.found]
    assert lines == [
        ("2011-06-30", "cases/recent.yml", 27, 11, "figures[0]"),  # period ending June 2011
        ("2013-12-31", "cases/recent.yml", 34, 11, "figures[1]"),  # since 2013, source not dated
        ("2014-12-31", "cases/ancien.yml", 40, 11, "figures[2]"),  # since 2012, source published 2014
        ("2015-12-31", "cases/ancien.yml", 27, 11, "figures[0]"),
        ("2020-03-01", "cases/ancien.yml", 54, 11, "reviewed"),  # after 3 lines of sources
    ]
    assert report.undated == 1 and report.files == 3 and report.invalid == 0
    assert all(item.problem.severity == "warning" for item in report.found)
    messages = {item.problem.field + item.problem.path: item.problem.message for item in report.found}
    assert "source publiée en 2014" in messages["figures[2]cases/ancien.yml"]
    assert "jusqu’en juin 2011" in messages["figures[0]cases/recent.yml"]
    assert messages["reviewedcases/ancien.yml"].startswith("dernière relecture le 1er mars 2020, il y a plus de 2 ans")


def test_boundaries_are_more_than_two_and_five_years(project: Path) -> None:
    """Reviewed on 25 November 2024 is not stale on 24 November 2026, and is the day after; a figure of 2021 becomes
    old on 1 January 2027 (its year's last day plus five years)."""
    assert years_before(date(2028, 2, 29), 2) == date(2026, 2, 28)
    fields = {(i.problem.path, i.problem.field) for i in find_stale(Layout(project), today=TODAY).found}
    assert ("cases/limite.yml", "reviewed") not in fields and ("cases/limite.yml", "figures[0]") not in fields
    later = {(i.problem.path, i.problem.field) for i in find_stale(Layout(project), today=date(2027, 1, 1)).found}
    assert {("cases/limite.yml", "reviewed"), ("cases/limite.yml", "figures[0]")} <= later
    assert ("cases/ancien.yml", "figures[3]") not in later  # a target for 2023 is not old yet


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "pionniers", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def test_command_prints_and_exits_0_even_with_an_invalid_file(project: Path) -> None:
    (project / "cases" / "casse.yml").write_text("slug: [\n", encoding="utf-8")
    result = run("stale", "--date", "2026-11-24", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("cases/recent.yml:27:11: [figures[0]] attention : chiffre de plus de 5 ans (jusqu’en "
                               "juin 2011) : « ")  # printed with French spacing
    assert lines[-1] == ("1 cas à relire (relecture de plus de 2 ans) ; 4 chiffres de plus de 5 ans, sur 4 fichiers "
                         "de cas ; 1 chiffre sans aucune date, non examiné ; 1 fichier invalide ignoré (lancez "
                         "`pionniers validate`).")
    github = run("stale", "--format", "github", "--date", "2026-11-24", "cases/ancien.yml", cwd=project)
    assert github.returncode == 0
    assert github.stdout.splitlines()[0].startswith(
        "::warning file=cases/ancien.yml,line=40,col=11,title=Pionniers %3A figures[2]::chiffre de plus de 5 ans")


@pytest.mark.parametrize("args", [("stale", "--date", "24/11/2026"), ("stale", "cases/absent.yml")])
def test_usage_errors_exit_2(project: Path, args: tuple[str, ...]) -> None:
    result = run(*args, cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("day", ["0001-01-01", "0002-02-28", "0005-12-31", "9999-12-31"])
def test_any_reference_date_is_taken_never_a_crash(project: Path, day: str) -> None:
    result = run("stale", "--date", day, cwd=project)
    assert result.returncode == 0 and "erreur interne" not in result.stderr, result.stderr


@pytest.mark.parametrize("moment", ['"0000-03"', "0", '"0001-01"', '"٢٠١٣-03"', '"２０１３-03"', '"9999-12"'])
def test_a_nonsense_date_is_refused_by_validation_and_stale_skips_it(project: Path, moment: str) -> None:
    (project / "cases" / "absurde.yml").write_text(case("absurde", "2026-01-01", [
        (10, f"    time: {{as_of: {moment}}}\n", "muette")]), encoding="utf-8")
    result = run("stale", "--date", "2026-11-24", cwd=project)
    assert result.returncode == 0 and "erreur interne" not in result.stderr, result.stderr
    assert "1 fichier invalide ignoré" in result.stdout
    assert years_before(date(1, 1, 1), 5) == date.min
