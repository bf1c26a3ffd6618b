"""Work that cannot grow without bound: every one-line field has a length limit said in its French message, and a
case that fills every field to its limit is validated, generated and drawn in a time that only a super-linear step
could exceed; thousands of links to missing pages get their « vouliez-vous dire » at a bounded cost.

The time bounds here are generous guards against blow-up (minutes before), not timing targets (those are measured by
scripts/benchmark.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pionniers.common import near
from pionniers.common.paths import Layout
from pionniers.model import parcours, schema
from pionniers.model.addresses import SiteMap
from pionniers.model.corpus import check_corpus
from pionniers.model.validate import check_file
from pionniers.pages import preview_image
from pionniers.site.sandbox import ROOT, TODAY, generate, make_project

BASE = yaml.safe_load((ROOT / "tests/fixtures/site/gamma-pacte.yml").read_text(encoding="utf-8"))


def _one_line_fields(model: type[BaseModel], where: str = "") -> list[tuple[str, Any]]:
    """(dotted name, field info) of every string field of a model and its sub-models, prose excepted."""
    found = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = [a for a in get_args(annotation)] or [annotation]
        inner = [m for a in args for m in schema._models_in(a)]
        if inner:
            for sub in inner:
                found += _one_line_fields(sub, f"{where}{name}.")
            continue
        if get_origin(annotation) is list:
            annotation = get_args(annotation)[0]
        if str in ([annotation] + list(get_args(annotation))):
            found.append((f"{where}{name}", info))
    return found


def _max_length(info: Any) -> int | None:
    limits = [m.max_length for m in _constraints(list(info.metadata) + _metadata(info.annotation))
              if getattr(m, "max_length", None) is not None]
    return min(limits) if limits else None


def _metadata(annotation: Any) -> list[Any]:
    out = list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        out += _metadata(arg)
    return out


def _constraints(items: list[Any]) -> list[Any]:
    """The constraints themselves (annotated_types.MaxLen…), also those inside a Field() of an Annotated type."""
    out = []
    for item in items:
        out += _constraints(list(item.metadata)) if isinstance(item, FieldInfo) else [item]
    return out


def _is_prose(info: Any) -> bool:
    return schema._prose_mark(info.annotation, list(info.metadata)) is not None


@pytest.mark.parametrize("model", [schema.Case, schema.Source, parcours.Parcours], ids=["cas", "source", "parcours"])
def test_every_one_line_field_has_a_length_limit(model: type[BaseModel]) -> None:
    unbounded = [name for name, info in _one_line_fields(model) if not _is_prose(info) and _max_length(info) is None]
    assert unbounded == [], f"champs d’une ligne sans longueur maximale : {unbounded}"


def _words(size: int, word: str = "Mesurés") -> str:  # noqa: D401
    """A text of exactly `size` characters made of words (the worst case for wrapping: many of them)."""
    text = (word + " ") * (size // (len(word) + 1) + 1)
    return text[:size - 1] + "x"


def largest_case(slug: str, filler=_words) -> tuple[dict[str, Any], dict[str, Any]]:
    """A valid case with every one-line field at its largest accepted length, a figure of each shape, and its source
    record (sources/essai-g.yml) with every field at its limit too."""
    line, sentence = schema.LINE_MAX, schema.SENTENCE_MAX
    # An extract has 40 words at most: the evidence and the quotation are made of long words.
    evidence, quote = filler(schema.EVIDENCE_MAX, "Mesurablement"), filler(300, "Mesurablement")
    data = json.loads(json.dumps(BASE))
    data.update(slug=slug, title=filler(140), summary=filler(schema.SUMMARY_MAX),
                questions=[filler(sentence)] * 3, unknowns=[filler(sentence)] * 3)
    data["people"] = [{"name": filler(line), "role": filler(line)}]
    data["organisations"][0].update(name=filler(line), role=filler(line), brings=filler(sentence))
    common = {"unit": filler(line), "label": filler(line), "status": "achieved",
              "source": "essai-g", "evidence": evidence, "measure": "m" * schema.SLUG_MAX,
              "time": {"during": filler(line), "wording": filler(line)}}
    data["figures"] = [
        {"shape": "count", "value": 10, "wording": filler(line), **common},
        {"shape": "range", "low": 1, "high": 2, **common},
        {"shape": "change", "from": 1, "to": 2, **common},
        {"shape": "rate", "value": 3, "per": filler(line), **common},
    ]
    data["quotes"] = [{"text": quote, "author": filler(line), "source": "essai-g"}]
    record = {"id": "essai-g", "title": filler(sentence), "publisher": filler(line), "author": filler(sentence),
              "date": filler(line), "url": "https://exemple.org/" + "a" * (schema.URL_MAX - 20), "kind": "rapport",
              "language": "fr", "note": filler(sentence), "extraits": [evidence, quote]}
    return data, record


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(json.loads(json.dumps(data)), allow_unicode=True, sort_keys=False, width=10**6)


@pytest.mark.parametrize("filler", [_words, lambda n, word="x": "x" * n], ids=["mots", "un-seul-mot"])
def test_the_largest_accepted_case_is_validated_generated_and_drawn_quickly(tmp_path: Path, filler: Any) -> None:
    data, record = largest_case("cas-le-plus-long", filler)
    text = dump(data)
    started = time.perf_counter()
    checked = check_file(text.encode(), "cases/cas-le-plus-long.yml", today=TODAY)
    assert checked.problems == [] and checked.case is not None, [p.text() for p in checked.problems]
    project = make_project(tmp_path / "p", [])
    (project / "cases" / "cas-le-plus-long.yml").write_text(text, encoding="utf-8")
    (project / "sources" / "essai-g.yml").write_text(dump(record), encoding="utf-8")
    assert check_corpus(Layout(project), today=TODAY).problems == []
    assert generate(project) == 0
    image = preview_image.draw(preview_image.case_card(checked.case))
    took = time.perf_counter() - started
    assert image.startswith(b"\x89PNG")
    assert took < 30, f"{took:.1f} s pour le plus gros cas accepté"


def test_a_line_over_its_limit_is_refused_with_the_limit_in_french() -> None:
    data, _ = largest_case("cas-trop-long")
    data["figures"][0]["wording"] = _words(schema.LINE_MAX + 1)
    data["figures"][0]["label"] = _words(39_000)
    data["questions"][0] = _words(schema.SENTENCE_MAX + 1)
    checked = check_file(dump(data).encode(), "cases/cas-trop-long.yml", today=TODAY)
    messages = {p.field: p.message for p in checked.problems}
    assert messages["figures[0].wording"] == (f"« wording » est trop long : {schema.LINE_MAX} caractères au plus, "
                                              f"ici {schema.LINE_MAX + 1} ; raccourcissez-le")
    assert f"{schema.LINE_MAX} caractères au plus, ici 39000" in messages["figures[0].label"]
    assert f"{schema.SENTENCE_MAX} caractères au plus" in messages["questions[0]"]
    assert len(checked.problems) == 3, [p.text() for p in checked.problems]


@pytest.mark.parametrize("size", [1_000, 40_000])
def test_the_preview_ellipsis_costs_the_same_for_any_length(size: int) -> None:
    face = preview_image.font(30)
    started = time.perf_counter()
    for text in (_words(size), "x" * size):
        line = preview_image.wrap(text, face, 1000, 1)[0]
        assert line.endswith(" …") and face.getlength(line) <= 1000
        assert line[:-2] and text.startswith(line[:-2])
        assert face.getlength(text[:len(line) - 2 + 2] + " …") > 1000  # the longest start that fits
    assert time.perf_counter() - started < 2


def test_thousands_of_links_to_missing_pages_are_told_at_a_bounded_cost() -> None:
    site = SiteMap(pages={f"/cas/cas-numero-{i}/": frozenset() for i in range(20_000)})
    started = time.perf_counter()
    messages = [site.problem(f"/cas/cas-numero-{i}x/") for i in range(3_000)]
    took = time.perf_counter() - started
    assert all(m and "n’existe pas sur le site" in m for m in messages)
    assert "vouliez-vous dire « /cas/cas-numero-0/ »" in messages[0]
    assert sum("vouliez-vous dire" in m for m in messages) == near.BUDGET  # the rest without a guess
    assert took < 20, f"{took:.1f} s"


def test_a_story_of_six_thousand_links_to_missing_pages_validates_quickly(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", [ROOT / "tests/fixtures/site/gamma-pacte.yml"])
    data = json.loads(json.dumps(BASE))
    data["slug"] = "liens"
    data["organisations"][0]["name"] = "Conseil liens"
    data["story"]["challenge"] = "\n\n".join(f"Voir [la page](/cas/page-{i}/)." for i in range(6_000))
    (project / "cases" / "liens.yml").write_text(dump(data), encoding="utf-8")
    started = time.perf_counter()
    corpus = check_corpus(Layout(project), today=TODAY)
    took = time.perf_counter() - started
    assert sum("la page « /cas/page-" in p.message for p in corpus.problems) == 6_000
    assert took < 30, f"{took:.1f} s"


def test_a_suggestion_is_given_for_short_names_within_the_budget() -> None:
    suggest = near.Suggester(["alpha", "beta"], cutoff=0.6, budget=2)
    assert [suggest("alpah") for _ in range(100)] == ["alpha"] * 100  # one distinct name: one lookup
    assert suggest("betta") == "beta"
    assert suggest("alphaa") is None  # over the budget: told without a guess
    assert near.closest("alpha" * 100, ["alpha"], cutoff=0.1) is None  # a paste, not a typo


def _base_case() -> str:
    from pionniers_testkit import base_text

    return base_text()


def _near_limit(unit: str, fill) -> str:  # noqa: ANN001
    """The base case grown by repeating `unit` (formatted with its index) until it nears the file size limit."""
    from pionniers.model.load import MAX_BYTES

    base = _base_case()
    count = (MAX_BYTES - len(base.encode()) - 2_000) // len(unit.format(i=99_999).encode())
    return fill(base, "".join(unit.format(i=i) for i in range(count)))


PATHOLOGICAL = {
    "marques-de-brouillon": ("  - TODO {i}\n", lambda b, u: b.replace("reviewed:", "questions:\n" + u + "reviewed:")),
    "liens-en-cascade": ("    [x](https://a{i}.example/) [y](/cas/z{i}/)\n",
                         lambda b, u: b.replace("  results: L’impact.[^ashoka]", "  results: |\n" + u)),
    "cles-inconnues": ("inconnu{i}: x\n", lambda b, u: b + u),
    "chiffres-sans-source": ("  - shape: count\n    value: {i}\n    unit: x\n    status: achieved\n    source: s{i}\n"
                             "    evidence: e\n", lambda b, u: b.replace("sources:\n", u + "sources:\n", 1)),
    "signes-en-puces": ("    - {i} ménages\n", lambda b, u: b.replace("  results: L’impact.[^ashoka]", "  results: |\n" + u)),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_a_file_full_of_one_problem_is_checked_in_linear_time(name: str) -> None:
    """A file near the size limit made of one thing repeated: each has its problems said (or none), quickly."""
    text = _near_limit(*PATHOLOGICAL[name])
    assert len(text) > 200_000
    started = time.perf_counter()
    checked = check_file(text.encode(), "cases/cas-de-base.yml", today=TODAY)
    took = time.perf_counter() - started
    assert checked.loaded is not None
    assert took < 20, f"{name} : {took:.1f} s pour {len(text) // 1024} Kio ({len(checked.problems)} problèmes)"
