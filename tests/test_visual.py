"""The drawings: what visual.py computes from the data, what the templates draw from it, the featured
cases' file, the new escaping functions and the preview images. Expected values are worked out by hand here."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from pionniers.common import escape
from pionniers.model import featured, schema
from pionniers.pages import preview_image, render, visual

NBSP, NNBSP = "\u00a0", "\u202f"


def case(**over: object) -> schema.Case:
    data = {
        "slug": "cas-essai", "title": "Un cas d’essai", "kind": "alliance",
        "organisations": [
            {"name": "Banque Témoin", "sector": "entreprise", "role": "porteur", "brings": "ses agences"},
            {"name": "Relais", "sector": "association", "role": "partenaire", "brings": "non précisé"},
            {"name": "Mairie", "sector": "public", "role": "soutien", "brings": "un local"},
            {"name": "Autre Banque", "sector": "entreprise", "role": "partenaire", "brings": "des conseillers"},
        ],
        "start_year": 2012, "territory": {"place": "Poitou-Charentes", "scale": "regional"},
        "themes": ["inclusion-bancaire"], "summary": "Résumé.",
        "story": {"challenge": "a", "innovation": "b", "co_creation": "c", "results": "d"},
        "sources": ["s"],
        "reviewed": "2026-11-01",
    }
    data.update(over)
    for fig in data.get("figures", []):  # type: ignore[union-attr]
        fig.setdefault("evidence", "les mots de la source")
    return schema.Case.model_validate(data)


def figure(**data: object):  # noqa: ANN201
    base = {"unit": "%", "status": "achieved", "source": "s"}
    return case(figures=[{**base, **data}]).figures[0]


# --- who brings what -------------------------------------------------------------------------------------------


def test_actors_are_grouped_by_sector_in_the_vocabulary_order_and_keep_their_order() -> None:
    groups = visual.cocreation(case())
    assert [(g.sector, g.label, [a.name for a in g.actors]) for g in groups] == [
        ("entreprise", "Entreprises", ["Banque Témoin", "Autre Banque"]),
        ("association", "Association", ["Relais"]),
        ("public", "Acteur public", ["Mairie"]),
    ]
    assert groups[0].actors[0].slug == "banque-temoin"


def test_what_the_source_does_not_say_is_shown_as_not_said() -> None:
    relais = visual.cocreation(case())[1].actors[0]
    assert relais.brings == ""
    html = render.environment().from_string(
        '{% import "_drawings.md.j2" as d %}{{ d.cocreation(groups, 2)|safe }}').render(groups=visual.cocreation(case()))
    assert "non précisé par la source" in html
    assert html.count('href="../../organisations/') == 4 and 'href="../../organisations/relais/"' in html


def test_a_contributors_name_in_the_diagram_stays_text() -> None:
    hostile = case(organisations=[{"name": "<img src=x onerror=alert(1)>", "sector": "entreprise", "role": "r",
                                   "brings": "\" onmouseover=\"alert(1)"}])
    html = render.environment().from_string(
        '{% import "_drawings.md.j2" as d %}{{ d.cocreation(groups, 2)|safe }}').render(groups=visual.cocreation(hostile))
    assert "<img" not in html and '" onmouseover' not in html and "&#60;img" in html


# --- figures ---------------------------------------------------------------------------------------------------


def test_a_change_is_two_bars_from_zero_on_its_own_scale() -> None:
    d = visual.drawing(figure(shape="change", **{"from": 25, "to": 8}))
    assert d.kind == "change"
    assert [(b.key, b.value, b.length, b.target) for b in d.bars] == [
        ("avant", f"25{NNBSP}%", "100", False), ("après", f"8{NNBSP}%", "32", False)]
    assert d.scale == ("0", f"25{NNBSP}%")
    assert d.text.startswith(f"Avant{NBSP}: 25{NNBSP}%{NBSP}; après{NBSP}: 8{NNBSP}%.")


def test_a_target_change_is_a_target_with_its_deadline() -> None:
    d = visual.drawing(figure(shape="change", unit="personnes", status="target", time={"by": 2022},
                              **{"from": 140000, "to": 240000}))
    assert [(b.key, b.length, b.target) for b in d.bars] == [("départ", "58.3", False), ("objectif", "100", True)]
    assert d.deadline == "d’ici 2022" and "pas encore atteint" in d.text and "personnes" in d.text


def test_a_range_of_shares_sits_on_0_to_100_and_another_range_on_0_to_its_bound() -> None:
    d = visual.drawing(figure(shape="range", low=63, high=80))
    assert (d.band, d.scale) == (("63", "17"), ("0", f"100{NNBSP}%"))
    d = visual.drawing(figure(shape="range", unit="ménages", low=10000, high=40000))
    assert (d.band, d.scale) == (("25", "75"), ("0", f"40{NNBSP}000"))


def test_a_share_is_drawn_against_100_and_a_plain_count_or_rate_is_not_drawn() -> None:
    d = visual.drawing(figure(shape="count", value=50, status="context"))
    assert (d.kind, d.bars[0].length, d.scale) == ("share", "50", ("0", f"100{NNBSP}%"))
    assert visual.drawing(figure(shape="count", unit="ménages", value=33000)) is None
    assert visual.drawing(figure(shape="count", value=150)) is None  # « 150 % » is no share of 100 %
    assert visual.drawing(figure(shape="rate", unit="h", value=16, per="mois")) is None


def test_a_target_without_a_scale_is_marked_with_its_deadline_or_its_absence() -> None:
    d = visual.drawing(figure(shape="count", unit="emplois", value=72000, status="target", time={"by": 2020}))
    assert (d.kind, d.bars, d.deadline) == ("target", (), "d’ici 2020")
    d = visual.drawing(figure(shape="count", unit="emplois", value=72000, status="target"))
    assert d.deadline == "échéance non précisée"


# --- timeline and map ------------------------------------------------------------------------------------------


def test_the_timeline_has_a_slot_for_every_year_and_lists_undated_cases_apart() -> None:
    cases = (case(slug="a", start_year=2010), case(slug="b", start_year=2013), case(slug="c", start_year=2013),
             case(slug="d", start_year=None))
    t = visual.timeline(cases)
    assert [(y.year, len(y.cases), y.height) for y in t.years] == [(2010, 1, "26"), (2011, 0, "0"), (2012, 0, "0"),
                                                                   (2013, 2, "52")]
    assert [c.slug for c in t.undated] == ["d"]
    assert t.ticks == [("12.5", 2010), ("37.5", 2011), ("62.5", 2012), ("87.5", 2013)] and t.width == "17.5"
    assert t.counts and [y.centre for y in t.years] == ["12.5", "37.5", "62.5", "87.5"]
    assert visual.timeline((case(start_year=None),)).years == []


def test_a_long_timeline_prints_round_years_and_no_counts() -> None:
    t = visual.timeline((case(slug="a", start_year=1990), case(slug="b", start_year=2020)))
    assert [year for _, year in t.ticks] == [1990, 1995, 2000, 2005, 2010, 2015, 2020] and not t.counts
    t = visual.timeline((case(slug="a", start_year=1991), case(slug="b", start_year=2019)))
    assert [year for _, year in t.ticks] == [1991, 1995, 2000, 2005, 2010, 2015, 2019]


def test_the_map_counts_cases_by_area_and_shades_by_count() -> None:
    cases = (case(slug="a"), case(slug="b"), case(slug="c", territory={"place": "Lyon", "scale": "local"}),
             case(slug="d", territory={"place": "non précisé", "scale": "national"}))
    areas = {m.area.slug: (m.count, m.level) for m in visual.map_areas(cases)}
    assert areas["nouvelle-aquitaine"] == (2, 4) and areas["auvergne-rhone-alpes"] == (1, 2)
    assert areas["non-precise"][0] == 1 and areas["bretagne"] == (0, 0)
    assert len(areas) == 22  # 18 regions, France entière, hors de France, non précisé, non localisé


def test_the_map_and_timeline_draw_links_to_pages_that_render_makes() -> None:
    cases = (case(slug="a"), case(slug="b", territory={"place": "Monde", "scale": "international"}))
    model = render.build_model(cases, render.Settings(today=__import__("datetime").date(2026, 11, 24)))
    pages = render.render_site(model)
    for target in re.findall(r'href="\.\./territoires/([a-z0-9-]+)/"', pages["territoires/index.md"]):
        assert f"territoires/{target}.md" in pages, target
    assert "territoires/nouvelle-aquitaine.md" in pages and "territoires/hors-de-france.md" in pages
    assert "Sur la carte" in pages["territoires/poitou-charentes.md"]
    assert "[Poitou&#45;Charentes](poitou-charentes.md)" in pages["territoires/nouvelle-aquitaine.md"]


# --- escaping --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["1e3", "12px", "\" onload=\"x", "", "12345"])
def test_a_length_is_a_number_or_nothing(bad: str) -> None:
    with pytest.raises(ValueError):
        escape.length(bad)


def test_lengths_outlines_and_the_way_up() -> None:
    assert escape.length("31.3") == "31.3" and escape.length(-2) == "-2"
    assert escape.lengths([-2, 33, 579, 516]) == "-2 33 579 516"
    assert escape.svg_path("M1 2l3 -4 5 6zM7 8l1 1z") == "M1 2l3 -4 5 6zM7 8l1 1z"
    for bad in ("M1 2l3 4z\"/><script>", "M1 2C3 4 5 6 7 8z", ""):
        with pytest.raises(ValueError):
            escape.svg_path(bad)
    assert escape.up(0) == "" and escape.up(2) == "../../"
    with pytest.raises(ValueError):
        escape.up(-1)


# --- the featured cases ----------------------------------------------------------------------------------------


def test_featured_cases_are_checked_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "accueil.yml"
    path.write_text("a_la_une:\n  - alpha\n  - betaa\n  - alpha\n  - gamma\nautre: 1\n", encoding="utf-8")
    chosen, problems = featured.read(path, "accueil.yml", {"alpha", "beta", "gamma"})
    assert chosen == ("alpha", "gamma")
    found = sorted((p.line, p.col, p.message.split(" :")[0]) for p in problems)
    assert found == [(3, 5, "cas « betaa » introuvable (vouliez-vous dire « beta » ?)"),
                     (4, 5, "« alpha » est déjà à la une"), (5, 5, "4 cas à la une"), (6, 1, "champ inconnu « autre »")]
    assert featured.read(tmp_path / "absent.yml", "absent.yml", set()) == ((), [])


# --- preview images --------------------------------------------------------------------------------------------


def test_a_preview_image_is_a_1200_by_630_png_drawn_the_same_each_time() -> None:
    fig_case = case(figures=[{"shape": "count", "value": 33000, "qualifier": "at_least", "unit": "ménages",
                              "status": "achieved", "source": "s"}])
    card = preview_image.case_card(fig_case)
    assert (card.value, card.caption) == (f"plus de 33{NNBSP}000", "ménages")
    first, second = preview_image.draw(card), preview_image.draw(card)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("PNG", (1200, 630)) and len(first) < 60_000
    assert preview_image.draw(preview_image.case_card(case())) != first  # no figure: another image


def test_long_titles_are_wrapped_then_cut_with_an_ellipsis() -> None:
    face = preview_image.font(60, bold=True)
    lines = preview_image.wrap("mot " * 200, face, 1000, 3)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(face.getlength(line) <= 1000 for line in lines)
    assert preview_image.wrap("Court", face, 1000, 3) == ["Court"]


def test_a_featured_case_that_does_not_exist_stops_the_build(tmp_path: Path) -> None:
    from pionniers.model.corpus import check_corpus
    from pionniers.common.paths import Layout
    from pionniers.site.sandbox import ROOT, TODAY, make_project

    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site")
    (project / "accueil.yml").write_text("a_la_une:\n  - alpha-banque\n  - cas-disparu\n", encoding="utf-8")
    corpus = check_corpus(Layout(project), today=TODAY)
    assert [(p.path, p.line, p.col) for p in corpus.problems] == [("accueil.yml", 3, 5)]
    assert not corpus.ok and corpus.featured == ("alpha-banque",)
