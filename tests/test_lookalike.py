"""Look-alike names (Unicode confusables, UTS #39): two spellings of one organisation that only a code point tells
apart are one name to the eye, so they are refused like any two spellings, at their line, the hidden letters named."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pionniers.common import chars
from pionniers.model.corpus import corpus_problems
from pionniers.model.validate import check_file
from pionniers_testkit import TODAY, base_text

SPELLINGS = {
    "Сrésus": "cyrillique С",
    "Crésuѕ": "cyrillique ѕ",
    "Ϲrésus": "grec lunaire Ϲ",
    "Ｃrésus": "pleine chasse",
    "𝐂résus": "mathématique gras",
    "Crеsus": "cyrillique е sans accent",
    "CRÉSUS": "capitales",
    "Cré-sus": "tiret",
}


@pytest.mark.parametrize("spelling", SPELLINGS, ids=list(SPELLINGS.values()))
def test_every_look_alike_spelling_folds_to_the_same_skeleton(spelling: str) -> None:
    assert chars.skeleton(spelling) == chars.skeleton("Crésus") == "cresus"


@pytest.mark.parametrize("a, b", [("Crésus", "Cresus Lyon"), ("Emmaüs", "Emmaus Connect"), ("大阪", "Osaka"),
                                  ("Unis-Cité", "Unis-Cités")])
def test_different_names_keep_different_skeletons(a: str, b: str) -> None:
    assert chars.skeleton(a) != chars.skeleton(b)


def _checked(slug: str, name: str):  # noqa: ANN202
    text = base_text(slug)
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("  - name: ") and i > lines.index("organisations:"))
    lines[index] = f"  - name: {name}"
    return check_file("\n".join(lines).encode(), f"cases/{slug}.yml", today=TODAY), index + 1


@pytest.mark.parametrize("spelling", [s for s in SPELLINGS if chars.lookalikes(s)])
def test_a_look_alike_organisation_is_refused_at_its_line_with_the_hidden_letter(spelling: str) -> None:
    first, _ = _checked("cas-de-base", "Crésus")
    second, line = _checked("autre-cas", spelling)
    assert first.problems == [] and second.problems == []
    found = corpus_problems([first, second])
    assert len(found) == 1, [p.text() for p in found]
    assert (found[0].path, found[0].line, found[0].field) == ("cases/autre-cas.yml", line, "organisations[0].name")
    hidden = chars.lookalikes(spelling)[0]
    assert f"ici {hidden}" in found[0].message and "U+" in hidden
    assert "choisissez une seule graphie" in found[0].message


def test_skeletons_of_a_long_name_cost_linear_time() -> None:
    import time

    started = time.perf_counter()
    assert chars.skeleton("Сrésus " * 20_000)
    assert time.perf_counter() - started < 2


def _skeleton_char_by_char(text: str) -> str:
    """chars.skeleton as first written: each character looked up one by one (the reading str.translate must match)."""
    table = chars._prototypes()
    for _ in range(3):
        mapped = "".join(table.get(c, c) for c in unicodedata.normalize("NFD", text.casefold()))
        folded = "".join(table.get(c, c) for c in unicodedata.normalize("NFKD", mapped) if c.isalnum())
        if folded == text:
            break
        text = folded
    return text


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(sorted(chars._prototypes())), st.characters()), max_size=12).map("".join))
def test_the_skeleton_read_in_c_is_the_one_read_char_by_char(text: str) -> None:
    assert chars.skeleton(text) == _skeleton_char_by_char(text)
