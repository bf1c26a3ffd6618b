"""What a case is: the one definition of every field, its type, its limits and its French description.

Everything else derives from these models: validation (pydantic, strict: nothing is coerced), the published
JSON Schema (`schema/cas.schema.json`, for editors), and the contributor field reference (`/donnees/#champs`, rendered from these models).
A source document is a record of its own (`sources/<id>.yml`, model `Source`): cases cite it by id, and
`sources.py` checks what spans a case and its records (markers, evidence inside an extract). Checks that need more
than one field of a case (a figure's source must be one of the case's sources) live in `validate.case_rules`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, Iterator, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from pionniers.common import vocab
from pionniers.model import prose

# Kinds of case that are a person's story: they must name that person.
PERSON_KINDS = ("fellow", "intrapreneur")
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 80
SOURCE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MIN_YEAR = 1900
SUMMARY_MAX = 300
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# What the data says where a source is silent (what a partner brings, a place, an author, a date): never a guess.
UNSPECIFIED = "non précisé"
# What the proposal form writes in `reviewed`: nobody has reviewed the case yet. Refused by validation (with how to
# fix it) until a maintainer reviews the case with its sources and writes the date.
REVIEW_PENDING = "à relire"
EVIDENCE_MAX = 400
# Every one-line field has a length limit, said in its message: a name, a unit, a label or a date in a few words
# (LINE_MAX); a question, an objective, what a partner brings, a document's title or authors in a sentence
# (SENTENCE_MAX). Nothing a file holds can then make the work done on it (drawing, wrapping, suggesting) grow
# without bound.
LINE_MAX = 200
SENTENCE_MAX = 400
# An extract of a source is a short quotation (the right of short quotation, never the text): at most this many words.
EXTRACT_MAX_WORDS = 40
SOURCE_KINDS = ("profil", "entretien", "article", "rapport", "billet", "transcription")
# What a source record says when no public address of the document is known.
NO_ADDRESS = "adresse non connue"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

# The story's sections, in reading order: YAML key -> (fixed anchor, French heading). The anchors are a contract
# with courseware: they never change, whatever the heading says.
SECTIONS: dict[str, tuple[str, str]] = {
    "challenge": ("defi", "Le défi"),
    "innovation": ("innovation", "L’innovation"),
    "co_creation": ("co-creation", "La co-création"),
    "results": ("impact", "L’impact"),
}


def _today(info: ValidationInfo) -> date:
    ctx = info.context or {}
    return ctx.get("today") or date.today()


# --- reusable field types -------------------------------------------------------------------------------------


def _check_line(value: str) -> str:
    """A one-line field is plain text (escape.py makes it inert wherever it lands): one line, nothing else."""
    stripped = value.strip()
    if "\n" in stripped:
        raise ValueError("ce champ tient sur une ligne : retirez les retours à la ligne")
    return stripped


def _check_url(value: str) -> str:
    problem = prose.url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _check_finite(value: float | int) -> float | int:
    if not math.isfinite(value):
        raise ValueError("nombre fini attendu")
    return value


def _check_year(value: int, info: ValidationInfo) -> int:
    this_year = _today(info).year
    if value < MIN_YEAR or value > this_year:
        raise ValueError(f"une année entre {MIN_YEAR} et {this_year} est attendue (pas d’année future)")
    return value


def _check_per(value: str) -> str:
    """A rate's period names a length of time (« mois », « 3 minutes »): a letter, and no zero count."""
    if not any(ch.isalpha() for ch in value):
        raise ValueError(f"« {value} » : la période d’un rythme se dit en mots (« mois », « an », « 3 minutes »)")
    count = re.match(r"[0-9]+(?:[,.][0-9]+)?", value)
    if count and float(count.group().replace(",", ".")) == 0:
        raise ValueError(f"« {value} » : un rythme par zéro unité de temps ne veut rien dire ; écrivez la période "
                         "de la source (« mois », « 3 minutes »)")
    return value


def _start(moment: int | str) -> tuple[int, int]:
    return (moment, 1) if isinstance(moment, int) else (int(moment[:4]), int(moment[5:7]))


def _end(moment: int | str) -> tuple[int, int]:
    return (moment, 12) if isinstance(moment, int) else (int(moment[:4]), int(moment[5:7]))


# How far ahead an objective's deadline may be (« d’ici 2030 », « d’ici 2050 »).
DEADLINE_YEARS_AHEAD = 75


def _check_deadline_year(value: int, info: ValidationInfo) -> int:
    last = _today(info).year + DEADLINE_YEARS_AHEAD
    if value < MIN_YEAR or value > last:
        raise ValueError(f"une année d’échéance entre {MIN_YEAR} et {last} est attendue")
    return value


def _check_month(value: str, info: ValidationInfo) -> str:
    _check_year(int(value[:4]), info)
    return value


def _check_deadline_month(value: str, info: ValidationInfo) -> str:
    _check_deadline_year(int(value[:4]), info)
    return value


def _check_past_date(value: str, info: ValidationInfo) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("date impossible : écrivez-la AAAA-MM-JJ, par exemple \"2026-11-24\"") from None
    if day > _today(info):
        raise ValueError("cette date est dans le futur")
    return value


@dataclass(frozen=True)
class ProseMark:
    """Marks a field as story-like text: the Markdown subset of prose.py, checked with positions by validate.py and
    rendered to sanitised HTML. `inline`: one line, no blocks (a quotation)."""

    inline: bool = False


def line(max_length: int) -> Any:
    """The type of a one-line field of at most `max_length` characters."""
    return Annotated[str, Field(min_length=1, max_length=max_length), AfterValidator(_check_line)]


Line = line(LINE_MAX)
Sentence = line(SENTENCE_MAX)
# Story-like text: the Markdown subset (prose.py). Checked with line and column by validate.prose_problems.
Prose = Annotated[str, Field(min_length=1, json_schema_extra={"contentMediaType": "text/markdown"}), ProseMark()]
InlineProse = Annotated[str, Field(min_length=1, json_schema_extra={"contentMediaType": "text/markdown"}),
                        AfterValidator(_check_line), ProseMark(inline=True)]
URL_MAX = 2000
Url = Annotated[str, Field(max_length=URL_MAX), AfterValidator(_check_url)]
# A source's identifier where a figure or a quote cites it (its form is checked against the case's sources).
SourceRef = Annotated[str, Field(max_length=SLUG_MAX)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Year = Annotated[int, AfterValidator(_check_year)]
PastDate = Annotated[str, Field(pattern=DATE_PATTERN, max_length=10), AfterValidator(_check_past_date)]
# Figures are counts, shares and amounts at their true scale (3 500 000, not 3.5 « millions »): never negative, and
# bounded so that every accepted value prints exactly the French way.
MAX_VALUE = 10**12
Number = Annotated[Union[int, float], Field(ge=0, le=MAX_VALUE), AfterValidator(_check_finite)]
# A point in time: a year (2013) or a month written "2017-12" (between quotes).
Moment = Union[Year, Annotated[str, Field(pattern=MONTH_PATTERN), AfterValidator(_check_month)]]
# An objective's deadline: a year that may lie ahead (« d’ici 2030 »), or a month.
Deadline = Union[Annotated[int, AfterValidator(_check_deadline_year)],
                 Annotated[str, Field(pattern=MONTH_PATTERN), AfterValidator(_check_deadline_month)]]


def _enum(values: dict[str, Any]) -> Any:
    """A Literal type over a vocabulary's keys, so that the JSON Schema lists them for editors."""
    return Literal[tuple(sorted(values))]  # type: ignore[valid-type]


_V = vocab.load()
Kind = _enum(_V.kinds)
Sector = _enum(_V.sectors)
Scale = _enum(_V.scales)
Theme = _enum(_V.themes)


class Strict(BaseModel):
    """Every model: unknown keys refused, no type coercion, values kept as written."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False, frozen=True)


# --- parts of a case --------------------------------------------------------------------------------------------


class Person(Strict):
    name: Line = Field(description="Nom et prénom, tels que la source les écrit.")
    role: Line = Field(description="Rôle dans le cas, en quelques mots (« fondateur de Crésus »).")


class Organisation(Strict):
    name: Line = Field(description="Nom de l’organisation, écrit comme elle l’écrit (le même dans tous les cas).")
    sector: Sector = Field(description="Secteur : entreprise, association, fondation, public ou academique.")
    role: Line = Field(description="Son rôle dans le cas, en quelques mots (« porteur », « partenaire bancaire »).")
    brings: Sentence = Field(description="Ce qu’elle apporte au partenariat (expertise, réseau, argent, légitimité…), "
                         f"tel que la source le dit ; « {UNSPECIFIED} » si la source ne le dit pas.")


class Territory(Strict):
    place: Line = Field(description="Le lieu, tel que la source le nomme (« France », « Poitou-Charentes ») ; "
                        f"« {UNSPECIFIED} » si la source n’en nomme aucun (ne le déduisez pas du contexte).")
    scale: Scale = Field(description="L’échelle : local, regional, national, international, ou non-precise si la "
                         "source ne la donne pas.")


class Story(Strict):
    challenge: Prose = Field(description="Le défi : le problème social, concrètement, et son ampleur.")
    innovation: Prose = Field(description="L’innovation : ce que le pionnier a fait autrement, et quand.")
    co_creation: Prose = Field(description="La co-création : qui travaille avec qui, et ce que chacun apporte.")
    results: Prose = Field(description="L’impact : ce qui a changé, chiffres à l’appui, puis la suite.")


def _check_extract(value: str) -> str:
    words = len(value.split())
    if words > EXTRACT_MAX_WORDS:
        raise ValueError(f"extrait de {words} mots : {EXTRACT_MAX_WORDS} au plus (une courte citation, jamais le "
                         "texte) ; gardez seulement les mots qui prouvent le fait ou le chiffre")
    return value


SourceId = Annotated[str, Field(pattern=SOURCE_ID_PATTERN, max_length=SLUG_MAX)]
Extract = Annotated[str, Field(min_length=1, max_length=SENTENCE_MAX), AfterValidator(_check_line), AfterValidator(_check_extract)]


class Source(Strict):
    """A source document, described once in `sources/<id>.yml` and cited by id from every case that relies on it."""

    id: SourceId = Field(description="Identifiant court, égal au nom du fichier (sources/<id>.yml) : minuscules, "
                         "chiffres et tirets. Les cas le citent dans `sources`, les chiffres dans `source`, le récit "
                         "par un appel de note [^id].")
    title: Sentence = Field(description="Titre du document, tel qu’il l’écrit.")
    publisher: Line = Field(description=f"Qui le publie (« Ashoka France », « Tribu Solidaire ») ; « {UNSPECIFIED} » "
                            "si le document ne le dit pas.")
    author: Sentence = Field(description=f"Qui l’a écrit, tel que le document le nomme ; « {UNSPECIFIED} » s’il ne nomme "
                         "personne.")
    date: Line = Field(description=f"Date de publication telle que le document la donne (« 13 juin 2014 ») ; "
                       f"« {UNSPECIFIED} » s’il ne la donne pas (pas de date déduite).")
    url: Url | None = Field(default=None, description="Adresse publique du document (celle de l’éditeur d’origine) ; "
                            f"null si elle n’est pas connue (la page dit « {NO_ADDRESS} »).")
    kind: Literal[SOURCE_KINDS + (UNSPECIFIED,)] = Field(  # type: ignore[valid-type]
        description="Genre : " + ", ".join(SOURCE_KINDS) + f" ; « {UNSPECIFIED} » s’il n’est pas connu.")
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", max_length=2,
                                 description="Langue du document, en deux lettres : fr, en… (absente si inconnue).")
    note: Sentence | None = Field(default=None, description="Remarque d’une ligne (par exemple : copie d’archive, "
                              "l’original n’est plus en ligne).")
    extraits: list[Extract] = Field(default_factory=list, description=f"Les courts passages du document, mot pour mot, sur "
                                    f"lesquels le site s’appuie ({EXTRACT_MAX_WORDS} mots au plus chacun) : la preuve "
                                    "de chaque chiffre (evidence) et de chaque citation s’y trouve.")


class Quote(Strict):
    text: InlineProse = Field(max_length=300, description="La citation, courte, sans guillemets (Markdown en ligne).")
    author: Line = Field(description="Qui l’a dite.")
    source: SourceRef = Field(description="Identifiant de la source où elle figure.")


class Time(Strict):
    """When a figure holds. Exactly one form: as_of, since, by, from+to, or during."""

    as_of: Moment | None = Field(default=None, description="À une date : « en 2015 » → 2015.")
    since: Moment | None = Field(default=None, description="Depuis : « depuis 2013 » → 2013.")
    by: Deadline | None = Field(default=None, description="Échéance d’un objectif : « d’ici 2020 » → 2020 (une "
                                "année à venir est permise).")
    from_: Moment | None = Field(default=None, alias="from", description="Début d’une période (avec `to`).")
    to: Moment | None = Field(default=None, description="Fin d’une période (avec `from`).")
    during: Line | None = Field(default=None, description="Une durée sans date : « en 5 ans » → \"5 ans\".")
    wording: Line | None = Field(default=None, description="La formulation de la source, si elle est plus vague (« fin 2017 »).")

    @model_validator(mode="after")
    def _one_form(self) -> "Time":
        forms = [self.as_of is not None, self.since is not None, self.by is not None,
                 self.from_ is not None or self.to is not None, self.during is not None]
        if sum(forms) != 1:
            raise ValueError("indiquez une seule forme de temps : as_of, since, by, from et to, ou during")
        if (self.from_ is None) != (self.to is None):
            raise ValueError("une période a un début et une fin : écrivez from et to")
        if self.from_ is not None and self.to is not None and _start(self.from_) > _end(self.to):
            raise ValueError(f"la période commence ({self.from_}) après sa fin ({self.to}) : from est la date la plus "
                             "ancienne, to la plus récente ; vérifiez-les dans la source")
        return self


SHAPE_DOC = "Forme du chiffre : count (un nombre), range (une fourchette), change (une évolution), rate (un rythme)."
Qualifier = Literal["exact", "at_least", "about", "at_most"]
Status = Literal["achieved", "target", "context"]


class FigureBase(Strict):
    unit: Line = Field(description="L’unité ou ce que l’on compte : « % », « ménages », « heures d’insertion ».")
    label: Line | None = Field(default=None, description="Ce qui est compté, en quelques mots (« accompagnés »).")
    time: Time | None = Field(default=None, description="Quand le chiffre vaut. Absent si la source ne le dit pas.")
    status: Status = Field(description="achieved (atteint), target (objectif) ou context (chiffre de contexte).")
    source: SourceRef = Field(description="Identifiant d’une des sources du cas.")
    evidence: line(EVIDENCE_MAX) = Field(  # type: ignore[valid-type]
        description="Preuve : les mots exacts de la source qui donnent ce chiffre, recopiés tels quels et aussi "
                    f"courts que possible ({EVIDENCE_MAX} caractères au plus), par exemple « 70 000 clients fragiles "
                    "accompagnés depuis 2013 ».")
    wording: Line | None = Field(default=None, description="Forme d’affichage : le chiffre tel que la source l’écrit "
                                 "(« une dizaine », « 3,5 millions »), montré à la place du nombre calculé.")
    themes: list[Theme] = Field(default_factory=list, description="Thèmes de ce chiffre, s’ils diffèrent du cas.")
    measure: Slug | None = Field(default=None, description="Ce que mesure le chiffre, nommé en quelques mots "
                                 "(« menages-accompagnes ») : les chiffres d’une même mesure à des dates différentes "
                                 "sont dessinés en série ; non datés ou à la même date, ils sont montrés côte à côte "
                                 "(« Les sources divergent »).")


class Count(FigureBase):
    shape: Literal["count"] = Field(description=SHAPE_DOC)
    value: Number = Field(description="Le nombre à sa vraie échelle, en chiffres : 70000 ; 3500000 pour "
                          "« 3,5 millions » (la forme de la source va dans wording).")
    qualifier: Qualifier = Field(default="exact", description="exact, at_least (« plus de »), about (« environ »), at_most.")


class Range(FigureBase):
    shape: Literal["range"] = Field(description=SHAPE_DOC)
    low: Number = Field(description="Borne basse : « 63 % à 80 % » → 63.")
    high: Number = Field(description="Borne haute : « 63 % à 80 % » → 80.")

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.low >= self.high:
            raise ValueError("dans une fourchette, low doit être plus petit que high")
        return self


class Change(FigureBase):
    shape: Literal["change"] = Field(description=SHAPE_DOC)
    from_: Number = Field(alias="from", description="Valeur de départ : « de 25 % à 8 % » → 25.")
    to: Number = Field(description="Valeur d’arrivée : « de 25 % à 8 % » → 8.")


class Rate(FigureBase):
    shape: Literal["rate"] = Field(description=SHAPE_DOC)
    value: Number = Field(description="Le nombre par période : « 16 h par mois » → 16.")
    per: Annotated[Line, AfterValidator(_check_per)] = Field(description="La période : « mois », « an », « 3 minutes ».")
    qualifier: Qualifier = Field(default="exact", description="exact, at_least, about ou at_most.")


Figure = Annotated[Union[Count, Range, Change, Rate], Field(discriminator="shape")]
FIGURE_SHAPES = ("count", "range", "change", "rate")


class Case(Strict):
    """One case study: a pioneer, the alliance around them, and what changed."""

    slug: Slug = Field(description="Identifiant stable, égal au nom du fichier : minuscules, chiffres et tirets.")
    title: Line = Field(max_length=140, description="Titre de la page.")
    kind: Kind = Field(description="Type de cas : fellow, intrapreneur, alliance, communaute, fondation, politique-publique.")
    people: list[Person] = Field(default_factory=list, description="Les personnes (nom, rôle). Obligatoire pour un "
                                 "fellow ou un intrapreneur ; une alliance peut n’en nommer aucune si la source n’en nomme pas.")
    organisations: list[Organisation] = Field(min_length=1, description="Les organisations et ce que chacune apporte.")
    start_year: Year | None = Field(description="Année de départ. Écrivez null si la source ne la donne pas (la page "
                                    f"affiche alors « {UNSPECIFIED} »).")
    territory: Territory = Field(description="Le territoire : lieu et échelle.")
    themes: list[Theme] = Field(min_length=1, description="Thèmes, pris dans le vocabulaire (vocab/themes.yml).")
    summary: line(SUMMARY_MAX) = Field(  # type: ignore[valid-type]
        description=f"Le chapeau : une phrase, {SUMMARY_MAX} caractères au plus.")
    story: Story = Field(description="Le récit, en quatre sections.")
    figures: list[Figure] = Field(default_factory=list, description="Les chiffres d’impact, chacun avec sa source.")
    quotes: list[Quote] = Field(default_factory=list, description="Citations courtes et attribuées (facultatif).")
    questions: list[Sentence] = Field(default_factory=list, description="Questions pour la discussion en cours (facultatif).")
    unknowns: list[Sentence] = Field(default_factory=list, description="Ce que les sources ne disent pas : une question "
                                 "par ligne, que le récit laisse ouverte (pour la recherche en cours).")
    sources: list[SourceId] = Field(min_length=1, description="Les identifiants des sources (sources/<id>.yml), dans "
                                    "l’ordre de leurs numéros de note sur la page.")
    related: list[Slug] = Field(default_factory=list, description="Slugs d’autres cas liés (facultatif).")
    aliases: list[Slug] = Field(default_factory=list, description="Anciens slugs, redirigés vers ce cas (facultatif).")
    reviewed: PastDate = Field(description="Date de dernière relecture, entre guillemets : \"2026-11-24\".")
    review_notes: Prose | None = Field(default=None, description="Notes de relecture : incohérences des sources…")

    # The source records the case cites, in the order of `sources` (set by `with_records` once the corpus is read).
    _records: tuple[Source, ...] = PrivateAttr(default=())

    @property
    def records(self) -> tuple[Source, ...]:
        """The case's source records, numbered on the page in this order."""
        return self._records


def with_records(case: Case, registry: dict[str, Source]) -> Case:
    """A copy of `case` that knows its source records (ids the registry lacks are left out: validation reports
    them)."""
    copy = case.model_copy()
    copy._records = tuple(registry[i] for i in case.sources if i in registry)
    return copy


def json_schema(model: type[BaseModel] | None = None) -> dict[str, Any]:
    """The JSON Schema published for editors and open-data users: of a case (default), or of a source record."""
    model = model or Case
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.pop("description", None)
    if model is Source:
        schema.update({"$id": "source.schema.json", "title": "Source Pionniers",
                       "description": "Un document source du site Pionniers (un fichier sources/<id>.yml)."})
    else:
        schema.update({"$id": "cas.schema.json", "title": "Cas Pionniers",
                       "description": "Une étude de cas du site Pionniers (un fichier cases/<slug>.yml)."})
    return schema


# --- where the story-like text is (for the checks that need positions) ------------------------------------------


def _prose_mark(annotation: Any, metadata: list[Any]) -> ProseMark | None:
    for item in metadata:
        if isinstance(item, ProseMark):
            return item
    if get_origin(annotation) is Annotated:
        return _prose_mark(None, list(get_args(annotation)[1:]))
    for arg in get_args(annotation):
        found = _prose_mark(arg, [])
        if found:
            return found
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


@cache
def _prose_layout(model: type[BaseModel]) -> tuple[tuple[str, bool | None, type[BaseModel] | None], ...]:
    """Where a model's story-like text may be, worked out once from its annotations: for each field that holds
    some, (its key, whether the text is inline, None) if it is text itself, or (its key, None, the model of the
    value, or of each item of a list) if it is below."""
    layout: list[tuple[str, bool | None, type[BaseModel] | None]] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        mark = _prose_mark(info.annotation, list(info.metadata))
        if mark is not None:
            layout.append((key, mark.inline, None))
            continue
        models = _models_in(info.annotation)
        if len(models) == 1 and _prose_layout(models[0]):
            layout.append((key, None, models[0]))  # plain values, and the figure union, hold no story-like text
    return tuple(layout)


def prose_fields(data: Any, model: type[BaseModel] = Case,
                 where: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """(path, text, inline) for every story-like string present in raw case data, wherever the schema puts one.

    Works on the raw data (before or despite schema errors), so that every refusal gets its position."""
    if not isinstance(data, dict):
        return
    for key, inline, sub_model in _prose_layout(model):
        if key not in data:
            continue
        value, sub = data[key], where + (key,)
        if sub_model is None:
            if isinstance(value, str):
                yield sub, value, bool(inline)
            continue
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            yield from prose_fields(item, sub_model, sub if i is None else sub + (i,))
