"""The map's table of places (vocab/places.yml): every place a case names reaches one area, and a place the table
does not know is a problem at its line, never a case silently left off the map."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from pionniers_testkit import TODAY, assert_words, only_problem, with_line

from pionniers import places
from pionniers.addresses import slugify
from pionniers.validate import check_file


def check_text(text: str):  # noqa: ANN201
    return check_file(text.encode("utf-8"), "cases/cas-de-base.yml", today=TODAY)


def table_file() -> dict[str, str]:
    text = resources.files("pionniers").joinpath("vocab", "places.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_the_map_has_the_13_metropolitan_regions_5_overseas_and_3_areas_off_the_map() -> None:
    kinds = [a.kind for a in places.areas().values()]
    assert kinds.count("region") == 13 and kinds.count("overseas") == 5
    assert {a.slug for a in places.areas().values() if not a.drawn} == {"france", "hors-de-france", "non-precise"}
    assert all(a.path.startswith("M") and a.path.endswith("z") for a in places.areas().values() if a.drawn)


def test_every_line_of_the_table_leads_to_an_area() -> None:
    for place, area in table_file().items():
        assert area in places.areas(), f"{place} → {area} : aucune zone de ce nom"


def test_a_place_whose_address_is_an_areas_belongs_to_that_area() -> None:
    # Otherwise /territoires/<slug>/ would have to be two pages at once.
    for place in [*table_file(), *places.OWN_NAMES]:
        slug = slugify(place)
        if slug in places.areas():
            assert places.area_of(place).slug == slug, place


@pytest.mark.parametrize("place, area", [
    ("Poitou-Charentes", "nouvelle-aquitaine"), ("poitou charentes", "nouvelle-aquitaine"), ("Lyon", "auvergne-rhone-alpes"),
    ("Île-de-France", "ile-de-france"), ("ILE DE FRANCE", "ile-de-france"), ("La Réunion", "la-reunion"),
    ("France", "france"), ("Monde", "hors-de-france"), ("Pays en voie de développement", "hors-de-france"),
    ("non précisé", "non-precise"), ("Non précisé", "non-precise"),
])
def test_places_reach_their_area(place: str, area: str) -> None:
    assert places.area_of(place).slug == area


def test_an_unknown_place_is_a_problem_at_its_line() -> None:
    problem = only_problem(check_text(with_line(14, "  place: Paris 13e")))
    assert (problem.line, problem.col, problem.field) == (14, 10, "territory.place")
    assert_words(problem.message, ["lieu « Paris 13e » inconnu de la carte", "places.yml"])


def test_a_misspelt_region_gets_a_suggestion() -> None:
    problem = only_problem(check_text(with_line(14, "  place: Bretagn")))
    assert_words(problem.message, ["vouliez-vous dire « Bretagne » ?"])


def test_the_unspecified_place_is_accepted() -> None:
    assert places.is_unspecified("non précisé") and places.is_unspecified("Non precise")
    assert not places.is_unspecified("France")
