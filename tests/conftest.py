"""Shared helpers for the validation tests: where the fixtures are, and how to check one file or a corpus.

Expected positions in the tests are written by hand from the fixture files (1-based line:col), never computed
from the code under test.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # the package, even when the venv's editable install is missing

from pionniers.common.problems import Problem  # noqa: E402
from pionniers.model.sources import SourceChecked, check_source_file  # noqa: E402
from pionniers.model.validate import Checked, check_file  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
SOURCES = FIXTURES / "sources"  # the source records the fixture cases cite
INVALID_SOURCES = FIXTURES / "invalid-sources"  # source records with one thing wrong each
CORPUS = FIXTURES / "corpus"
# A fixed "today", so that the year and date checks do not drift with the calendar.
TODAY = date(2026, 11, 24)


def rel(path: Path) -> str:
    """A fixture path as the validator prints it: relative to the repository root, forward slashes."""
    return path.relative_to(ROOT).as_posix()


def check_fixture(name: str, folder: Path = INVALID) -> Checked:
    """check_file on tests/fixtures/<folder>/<name>.yml, read as raw bytes."""
    path = folder / f"{name}.yml"
    return check_file(path.read_bytes(), rel(path), today=TODAY)


def base_text(slug: str = "cas-de-base") -> str:
    """The text of the small valid case that every invalid fixture varies (tests/fixtures/valid/cas-de-base.yml)."""
    text = (VALID / "cas-de-base.yml").read_text(encoding="utf-8")
    assert text.startswith("slug: cas-de-base\n")
    return text.replace("slug: cas-de-base\n", f"slug: {slug}\n", 1)


def base_lines(slug: str = "cas-de-base") -> list[str]:
    return base_text(slug).split("\n")


def with_line(lineno: int, new: str, slug: str = "cas-de-base") -> str:
    """The base case with line `lineno` (1-based) replaced by `new`."""
    lines = base_lines(slug)
    lines[lineno - 1] = new
    return "\n".join(lines)


def marked(text: str, source: str = "ashoka") -> str:
    """A story text with the marker [^source] at the end of each of its blocks (the runs of lines between blank
    lines: a paragraph, a list, a quotation), as every block of a story must cite a source."""
    return "\n\n".join(block + f"[^{source}]" for block in text.split("\n\n"))


def record_text(name: str = "ashoka") -> str:
    """The text of a valid source record (tests/fixtures/sources/<name>.yml)."""
    return (SOURCES / f"{name}.yml").read_text(encoding="utf-8")


def record_with_line(lineno: int, new: str, name: str = "ashoka") -> str:
    """The record tests/fixtures/sources/<name>.yml with line `lineno` (1-based) replaced by `new`."""
    lines = record_text(name).split("\n")
    lines[lineno - 1] = new
    return "\n".join(lines)


def check_record(text: str | bytes, name: str = "ashoka") -> SourceChecked:
    """check_source_file on a record's text, as if it were tests/fixtures/invalid-sources/<name>.yml."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return check_source_file(raw, rel(INVALID_SOURCES / f"{name}.yml"), today=TODAY)


def where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}:{problem.col}"


def only_problem(checked: Checked | SourceChecked) -> Problem:
    """The single problem of a check (with a readable failure when there are none or several)."""
    listing = "\n".join(p.text() for p in checked.problems)
    assert len(checked.problems) == 1, f"expected exactly one problem, got {len(checked.problems)}:\n{listing}"
    assert (checked.case if isinstance(checked, Checked) else checked.source) is None
    return checked.problems[0]


def assert_words(message: str, words: list[str] | tuple[str, ...]) -> None:
    for word in words:
        assert word in message, f"« {word} » missing from the message: {message}"


@pytest.fixture
def today() -> date:
    return TODAY


# The test modules import the helpers above as `pionniers_testkit`: `from conftest import …` would pick up
# whichever conftest.py pytest loaded last (tests/browser/ has its own).
sys.modules["pionniers_testkit"] = sys.modules[__name__]
