"""Related cases: the indexed ranking gives exactly what the plain definition says, on random corpora."""

from __future__ import annotations

import random

import pytest

from pionniers.model import schema
from pionniers.model.corpus import fold
from pionniers.pages import render

THEMES = ["emploi-handicap", "integration-emploi", "inclusion-bancaire", "numerique", "vieillissement"]
ORGS = ["Crésus", "La Banque Postale", "Veolia Eau", "Fondation Macif", "Le RAMEAU", "VINCI"]


def _case(rng: random.Random, i: int, slugs: list[str]) -> schema.Case:
    return schema.Case.model_validate({
        "slug": f"cas-{i:03d}", "title": f"Cas {i}", "kind": "alliance",
        "organisations": [{"name": name, "sector": "association", "role": "r", "brings": "b"}
                          for name in rng.sample(ORGS, rng.randint(1, 3))],
        "start_year": 2010, "territory": {"place": "France", "scale": "national"},
        "themes": rng.sample(THEMES, rng.randint(1, 3)), "summary": "Résumé.",
        "story": {"challenge": "a", "innovation": "b", "co_creation": "c", "results": "d"},
        "related": rng.sample(slugs, rng.randint(0, 2)),
        "sources": ["s"], "reviewed": "2026-11-01",
    })


def _plain(case: schema.Case, cases: list[schema.Case]) -> list[str]:
    """The definition: explicit first, then by organisations shared, then themes shared, then slug."""
    by_slug = {c.slug: c for c in cases}
    chosen = [by_slug[s] for s in case.related if s in by_slug and s != case.slug]
    orgs, themes = {fold(o.name) for o in case.organisations}, set(case.themes)

    def shared(other: schema.Case) -> tuple[int, int]:
        return len(orgs & {fold(o.name) for o in other.organisations}), len(themes & set(other.themes))

    others = [c for c in cases if c.slug != case.slug and c not in chosen and any(shared(c))]
    others.sort(key=lambda c: (-shared(c)[0], -shared(c)[1], c.slug))
    return [c.slug for c in (chosen + others)[: max(render.RELATED_MAX, len(chosen))]]


@pytest.mark.parametrize("seed", range(20))
def test_indexed_ranking_matches_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 60)
    slugs = [f"cas-{i:03d}" for i in range(n)]
    cases = [_case(rng, i, [s for s in slugs if s != f"cas-{i:03d}"]) for i in range(n)]
    fast = render._all_related(tuple(cases))
    for case in cases:
        assert [c.slug for c in fast[case.slug]] == _plain(case, cases), case.slug
