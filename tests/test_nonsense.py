"""Nonsense is not data (issue « hostile input, second round », points 8 and 9): impossible years and digits of
other scripts, periods that end before they start, rates per zero, a display form that says another number than the
figure, a sign that Markdown turns into a bullet; and messages that say what is really wrong."""

from __future__ import annotations

import pytest

from pionniers.model import schema
from pionniers.model.load import MAX_BYTES
from pionniers.model.validate import check_file
from pionniers_testkit import TODAY, base_text

FIGURE = """\
  - shape: count
    value: 33000
    unit: ménages
    status: achieved
    source: ashoka
    evidence: les mots de la source qui donnent ce chiffre
"""


def with_figure(lines: str) -> str:
    """The base case whose only figure is `lines` (YAML of one list item, indented like FIGURE)."""
    text = base_text()
    assert FIGURE in text
    return text.replace(FIGURE, lines)


def problems(text: str) -> list:
    return check_file(text.encode(), "cases/cas-de-base.yml", today=TODAY).problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


@pytest.mark.parametrize("moment", ['"0000-03"', '"1899-12"', '"9999-12"', '"٢٠١٣-03"', '"２０１３-03"', '"2013-١٢"',
                                    "0", "9999"])
@pytest.mark.parametrize("key", ["as_of", "since", "by", "to"])
def test_an_impossible_moment_is_refused_at_its_line(moment: str, key: str) -> None:
    time = f"{{from: 1990, to: {moment}}}" if key == "to" else f"{{{key}: {moment}}}"
    text = with_figure(FIGURE.replace("    status:", f"    time: {time}\n    status:"))
    found = problems(text)
    assert [p.line for p in found] == [line_of(text, "time:")], [p.text() for p in found]
    assert f"{schema.MIN_YEAR}" in found[0].message or "écrivez une année" in found[0].message


@pytest.mark.parametrize("period, ok", [("{from: 2014, to: 2011}", False), ('{from: "2014-06", to: "2014-03"}', False),
                                        ('{from: 2014, to: "2014-03"}', True), ("{from: 2011, to: 2014}", True),
                                        ("{from: 2014, to: 2014}", True)])
def test_a_period_ends_after_it_starts(period: str, ok: bool) -> None:
    text = with_figure(FIGURE.replace("    status:", f"    time: {period}\n    status:"))
    found = problems(text)
    if ok:
        assert found == [], [p.text() for p in found]
    else:
        assert len(found) == 1 and "la période commence" in found[0].message and found[0].line == line_of(text, "time:")


@pytest.mark.parametrize("per, ok", [("0", False), ("0 mois", False), ("0,0 an", False), ("12", False), ("%", False),
                                     ("mois", True), ("3 minutes", True), ("0,5 jour", True)])
def test_a_rate_is_per_some_length_of_time(per: str, ok: bool) -> None:
    rate = FIGURE.replace("shape: count", "shape: rate").replace("    unit:", f"    per: \"{per}\"\n    unit:")
    text = with_figure(rate)
    found = problems(text)
    assert (found == []) == ok, [p.text() for p in found]
    if not ok:
        assert found[0].line == line_of(text, "per:") and "période" in found[0].message


@pytest.mark.parametrize("numbers, wording, ok", [
    ("value: 3", "plus de 10 millions", False),
    ("value: 10000000", "plus de 10 millions", True),
    ("value: 3500000", "3,5 millions", True),
    ("value: 3500000", "3 500 000", True),
    ("value: 35000", "3,5 millions", False),
    ("value: 10", "une dizaine", True),  # words, not digits: nothing to compare
    ("value: 70000", "70 000 en 2013", True),
])
def test_a_display_form_says_the_figure_s_own_number(numbers: str, wording: str, ok: bool) -> None:
    figure = FIGURE.replace("value: 33000", numbers).replace("    status:", f'    wording: "{wording}"\n    status:')
    text = with_figure(figure)
    found = problems(text)
    assert (found == []) == ok, [p.text() for p in found]
    if not ok:
        assert found[0].field == "figures[0].wording" and found[0].line == line_of(text, "wording:")
        assert "ne dit pas le nombre" in found[0].message


def test_a_range_and_a_change_say_both_their_numbers() -> None:
    bad = FIGURE.replace("shape: count", "shape: range").replace("value: 33000", "low: 63\n    high: 80")
    bad = bad.replace("    status:", '    wording: "63 à 90"\n    status:')
    assert [p.field for p in problems(with_figure(bad))] == ["figures[0].wording"]
    good = bad.replace('"63 à 90"', '"de 63 à 80"')
    assert problems(with_figure(good)) == []


@pytest.mark.parametrize("line", ["+ 33 000 ménages accompagnés.", "- 20 % de dépenses.", "+ 5 partenaires.",
                                  "> - 12 mois plus tard."])
def test_a_sign_markdown_would_turn_into_a_bullet_is_refused_at_its_line(line: str) -> None:
    text = base_text().replace("  results: L’impact.[^ashoka]", f"  results: |\n    L’impact.[^ashoka]\n\n    {line}[^ashoka]")
    found = problems(text)
    assert [(p.line, p.field) for p in found] == [(line_of(text, line), "story.results")], [p.text() for p in found]
    assert "perd son signe" in found[0].message


@pytest.mark.parametrize("line", ["+33 000 ménages accompagnés.", "-20 % de dépenses.", "- Trois partenaires.",
                                  "Plus de 33 000 ménages."])
def test_a_signed_number_written_otherwise_stays_text(line: str) -> None:
    text = base_text().replace("  results: L’impact.[^ashoka]", f"  results: |\n    L’impact.[^ashoka]\n\n    {line}[^ashoka]")
    assert problems(text) == []


# --- messages that say what is wrong --------------------------------------------------------------------------------


def test_a_whole_year_written_with_a_decimal_point_is_told_so() -> None:
    text = base_text().replace("start_year: 2010", "start_year: 2012.0")
    found = problems(text)
    assert len(found) == 1
    assert found[0].message == "nombre entier attendu pour « start_year », trouvé 2012.0 : écrivez 2012, sans « .0 »"


def test_a_file_too_big_is_said_more_than_the_limit_not_a_wrong_size() -> None:
    raw = base_text().encode() + b"# " + b"x" * (281 * 1024) + b"\n"
    found = check_file(raw[:MAX_BYTES + 1], "cases/cas-de-base.yml", today=TODAY).problems  # as read_case reads it
    assert len(found) == 1 and "plus de 256 Kio" in found[0].message and "(256 Kio, " not in found[0].message
