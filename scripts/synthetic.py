#!/usr/bin/env python3
"""Synthetic case files and source records that read like French, for the benchmarks (not a test, not published).

    .venv/bin/python scripts/synthetic.py DOSSIER 1000 [--seed 7]

writes DOSSIER/<slug>.yml and, beside DOSSIER, sources/<id>.yml: the records the cases cite (cases/ and sources/
side by side, as in the repository).

People, organisations and places come from Faker's `fr_FR` locale; the story text is drawn word by word from
wordfreq's French frequencies (so a query for « santé » or « obésité » hits as often as it would in French prose),
elided articles and pronouns included (« l’accès », « qu’elle »); figures take every shape the schema knows (count,
range, change, rate; exact, at least, about, at most; as of, since, by, a period, a duration, vague wording; achieved,
target, context). Same seed, same Faker and wordfreq versions (pinned in requirements.lock): same bytes.

Every case and record validates against `pionniers.model.schema`, and the corpus against what ties them: each case lists
one to three records (some shared by several cases, so that a source's page lists several), every story paragraph
ends with the marker [^id] of one of them, every listed record is cited, and each figure's evidence and each
quotation is one of its record's extracts.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from functools import cache
from pathlib import Path

import yaml
from faker import Faker
from wordfreq import top_n_list, word_frequency

from pionniers.common import vocab
from pionniers.common.slug import slugify
from pionniers.model import schema
from pionniers.model.corpus import fold
from pionniers.model.places import known_names as known_places

VOCABULARY = 20_000  # the French words a story draws from, most frequent first
ORGANISATIONS = 1_500  # the pool of organisations cases share (so that organisation pages list several cases)
# wordfreq splits elisions (« l'homme » → « l », « homme »): before a vowel they are written back elided with a
# typographic apostrophe, before a consonant as the full word.
ELIDED = {"l": "le", "d": "de", "qu": "que", "c": "ce", "j": "je", "n": "ne", "s": "se", "t": "te", "m": "me"}
VOWELS = tuple("aeiouyhâàéèêëîïôûùœ")
UNITS = ("personnes", "ménages", "jeunes", "bénévoles", "emplois", "salariés", "familles", "entreprises", "villes",
         "heures d’insertion", "tonnes", "%", "€", "h", "km")
LAST_YEAR = 2025  # years of the past (the schema refuses future ones, but for a target's deadline)
PERIODS = ("mois", "an", "semaine", "jour", "3 minutes", "2 semaines")


@cache
def _words() -> tuple[tuple[str, ...], tuple[float, ...]]:
    words = tuple(w for w in top_n_list("fr", VOCABULARY) if w.isalpha() or w in ELIDED)
    return words, tuple(word_frequency(w, "fr") for w in words)


class Writer:
    """French-like text from wordfreq's frequencies, drawn with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, weights = _words()
        self.cumulative = list(_accumulate(weights))

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def sentence(self, low: int = 8, high: int = 18, end: str = ".") -> str:
        raw = self.draw(self.rng.randint(low, high))
        out: list[str] = []
        for i, word in enumerate(raw):
            following = raw[i + 1] if i + 1 < len(raw) else ""
            if word in ELIDED:
                if following.startswith(VOWELS) and following not in ELIDED and following not in ("et", "ou", "où"):
                    out.append(word + "’" + following)
                    raw[i + 1] = ""
                    continue
                word = ELIDED[word]
            if word:
                out.append(word)
        text = " ".join(w for w in out if w)
        if self.rng.random() < 0.3 and len(out) > 6:  # a comma somewhere, as prose has
            parts = text.split(" ")
            cut = self.rng.randint(2, len(parts) - 3)
            text = " ".join(parts[:cut]) + ", " + " ".join(parts[cut:])
        return text[:1].upper() + text[1:] + end

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def phrase(self, low: int = 3, high: int = 7) -> str:
        return self.sentence(low, high, end="")


def _accumulate(values: tuple[float, ...]):  # noqa: ANN202
    total = 0.0
    for value in values:
        total += value
        yield total


def _pool(make, size: int, rng: random.Random) -> list[str]:  # noqa: ANN001
    """`size` distinct names whose addresses and folded spellings differ (the corpus checks refuse two spellings of
    one organisation, or two names sharing an address)."""
    seen_slug: set[str] = set()
    seen_fold: set[str] = set()
    out: list[str] = []
    while len(out) < size:
        name = make().strip()
        slug, folded = slugify(name), fold(name)
        if not slug or slug in seen_slug or folded in seen_fold or slug in ("index",):
            continue
        seen_slug.add(slug)
        seen_fold.add(folded)
        out.append(name)
    rng.shuffle(out)
    return out


def _organisation_maker(fake: Faker, rng: random.Random, writer: Writer):  # noqa: ANN001, ANN202
    def make() -> str:
        kind = rng.random()
        if kind < 0.45:
            return fake.company()
        if kind < 0.7:
            return f"Association {fake.last_name()} {rng.choice(['Solidarité', 'Insertion', 'Avenir', 'Entraide'])}"
        if kind < 0.85:
            return f"Fondation {fake.last_name()}"
        return f"{rng.choice(['Mairie de', 'Département de', 'Agglomération de'])} {fake.city()}"
    return make


SECTOR_OF = (("Fondation", "fondation"), ("Association", "association"), ("Mairie", "public"),
             ("Département", "public"), ("Agglomération", "public"))


def _sector(name: str) -> str:
    for prefix, sector in SECTOR_OF:
        if name.startswith(prefix):
            return sector
    return "entreprise"


def _time(rng: random.Random) -> dict | None:
    form = rng.randrange(7)
    year = rng.randint(1995, LAST_YEAR - 6)
    if form == 0:
        return None
    if form == 1:
        return {"as_of": year}
    if form == 2:
        return {"since": year}
    if form == 3:
        return {"by": rng.randint(2020, LAST_YEAR) if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}"}
    if form == 4:
        return {"from": year, "to": year + rng.randint(1, 6)}
    if form == 5:
        return {"during": f"{rng.randint(2, 10)} ans"}
    return {"as_of": year, "wording": f"fin {year}"}


def figure(rng: random.Random, writer: Writer, i: int, source: str, themes: list[str]) -> dict:
    """One figure, of shape i % 4 (count, range, change, rate), with every optional part sometimes."""
    shape = schema.FIGURE_SHAPES[i % len(schema.FIGURE_SHAPES)]
    unit = rng.choice(UNITS)
    fig: dict = {"shape": shape}
    if shape == "count":
        value = rng.choice([rng.randint(1, 900), rng.randint(1_000, 900_000), rng.randint(1, 90) * 100_000,
                            round(rng.uniform(1, 99), 1)])
        fig.update(value=value, qualifier=rng.choice(["exact", "at_least", "about", "at_most"]))
    elif shape == "range":
        low = rng.randint(1, 60)
        fig.update(low=low, high=low + rng.randint(1, 39))
    elif shape == "change":
        fig.update({"from": rng.randint(1, 5_000), "to": rng.randint(5_001, 240_000)})
    else:
        fig.update(value=rng.randint(1, 40), per=rng.choice(PERIODS), qualifier=rng.choice(["exact", "about"]))
    fig.update(unit=unit, label=writer.phrase(2, 5).lower())
    when = _time(rng)
    if when:
        fig["time"] = when
    fig["status"] = rng.choice(["achieved", "achieved", "target", "context"])
    fig["source"] = source
    if rng.random() < 0.1:
        fig["wording"] = rng.choice(["une dizaine", "plusieurs centaines", "près de la moitié", "des milliers"])
    if rng.random() < 0.2:
        fig["themes"] = themes[:1]
    fig["evidence"] = writer.sentence(6, 12)  # the source's exact words, copied into its record's extracts
    return fig


def record(rng: random.Random, writer: Writer, fake: Faker, sid: str) -> dict:
    """A source record (sources/<sid>.yml) with one extract; the evidence and quotations citing it are added to its
    extracts as the cases are written."""
    publisher = fake.company()
    return {
        "id": sid,
        "title": writer.phrase(3, 8),
        "publisher": publisher,
        "author": fake.name() if rng.random() < 0.7 else schema.UNSPECIFIED,
        "date": str(rng.randint(2005, 2025)) if rng.random() < 0.8 else schema.UNSPECIFIED,
        "url": f"https://{slugify(publisher)}.example.org/{sid}" if rng.random() < 0.5 else None,
        "kind": rng.choice(schema.SOURCE_KINDS),
        "language": "fr",
        "extraits": [writer.sentence(6, 20)],
    }


def _sources_of(rng: random.Random, writer: Writer, fake: Faker, records: dict[str, dict],
                shared: list[str]) -> list[str]:
    """One to three record ids for a case: now and then one already cited by other cases, else a new record (which
    may in turn be shared)."""
    ids: list[str] = []
    for _ in range(rng.randint(1, 3)):
        if shared and rng.random() < 0.3:
            sid = rng.choice(shared)
            if sid in ids:
                continue
        else:
            sid = f"document-{len(records) + 1:05d}"
            records[sid] = record(rng, writer, fake, sid)
            if rng.random() < 0.2:
                shared.append(sid)
        ids.append(sid)
    return ids


def _extract(records: dict[str, dict], sid: str, text: str) -> None:
    if text not in records[sid]["extraits"]:
        records[sid]["extraits"].append(text)


def synthetic_case(i: int, rng: random.Random, fake: Faker, writer: Writer, orgs: list[str], places: list[str],
                   themes: list[str], kinds: list[str], scales: list[str], records: dict[str, dict],
                   shared: list[str]) -> tuple[str, dict]:
    """One case, citing records of `records` (new ones added to it, their extracts completed)."""
    people = [{"name": fake.name(), "role": writer.phrase(2, 5).lower()} for _ in range(rng.randint(1, 3))]
    chosen = rng.sample(orgs, rng.randint(2, 4))
    case_themes = rng.sample(themes, rng.randint(1, 3))
    slug = f"{slugify(people[0]['name'])}-{slugify(chosen[0])}-{i:05d}"[-80:].strip("-")
    ids = _sources_of(rng, writer, fake, records, shared)
    story = {key: [writer.paragraph(rng.randint(2, 4)) + f"[^{rng.choice(ids)}]" for _ in range(rng.randint(1, 3))]
             for key in schema.SECTIONS}
    data = {
        "slug": slug,
        "title": f"{people[0]['name']} et {chosen[0]}\u00a0: {writer.phrase(3, 6).lower()}"[:140].strip(),
        "kind": rng.choice(kinds),
        "people": people,
        "organisations": [{"name": name, "sector": _sector(name), "role": "porteur" if k == 0 else "partenaire",
                           "brings": writer.phrase(3, 9).lower()} for k, name in enumerate(chosen)],
        "start_year": rng.randint(1985, 2024) if rng.random() < 0.85 else None,
        "territory": {"place": rng.choice(places), "scale": rng.choice(scales)},
        "themes": case_themes,
        "summary": writer.sentence(14, 30)[:300],
        "story": story,
        "figures": [figure(rng, writer, j + i, rng.choice(ids), case_themes) for j in range(rng.randint(1, 5))],
        "quotes": [{"text": writer.sentence(6, 14, end=""), "author": people[0]["name"], "source": ids[0]}
                   for _ in range(rng.randint(0, 2))],
        "questions": [writer.sentence(8, 14, end="\u00a0?") for _ in range(rng.randint(1, 3))],
        "unknowns": [writer.sentence(8, 14, end="\u00a0?") for _ in range(rng.randint(0, 2))],
        "sources": ids,
        "reviewed": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
    }
    figures = data["figures"]
    if rng.random() < 0.3:  # the first figure's measure counted again: a series over two years, or two sources
        again = {**copy.deepcopy(figures[0]), "evidence": writer.sentence(6, 12), "source": rng.choice(ids)}
        if rng.random() < 0.5:
            year = rng.randint(1995, LAST_YEAR - 1)
            figures[0]["time"], again["time"] = {"as_of": year}, {"as_of": year + 1}
        else:  # undated: the second source gives another number (they diverge), or the same one (they agree)
            figures[0].pop("time", None)
            again.pop("time", None)
            if "value" in again:  # a count or a rate; a range or a change is given the same
                again["value"] += 1
                again.pop("wording", None)
        figures[0]["measure"] = again["measure"] = "mesure-principale"
        figures.append(again)
    for fig in figures:
        _extract(records, fig["source"], fig["evidence"])
    for quote in data["quotes"]:
        _extract(records, quote["source"], quote["text"])
    cited = {m for paragraphs in story.values() for p in paragraphs for m in ids if f"[^{m}]" in p}
    cited |= {f["source"] for f in figures} | {q["source"] for q in data["quotes"]}
    story["results"][-1] += "".join(f"[^{m}]" for m in ids if m not in cited)  # every listed record is cited
    data["story"] = {key: "\n\n".join(paragraphs) + "\n" for key, paragraphs in story.items()}
    for key in ("quotes", "unknowns"):
        if not data[key]:
            del data[key]
    return slug, data


def cases(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(slug, file text) of n synthetic cases; the same for the same seed and library versions."""
    return corpus(n, seed)[0]


def corpus(n: int, seed: int = 7) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(slug, file text) of n synthetic cases and (id, file text) of the source records they cite; the same for the
    same seed and library versions."""
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    writer = Writer(rng)
    v = vocab.load()
    orgs = _pool(_organisation_maker(fake, rng, writer), ORGANISATIONS, rng)
    # Places the map knows (an unknown place is a validation problem): today's regions, former ones, cities.
    places = [p for p in known_places() if p != schema.UNSPECIFIED]
    themes, kinds, scales = sorted(v.themes), sorted(v.kinds), sorted(v.scales)
    out: list[tuple[str, str]] = []
    records: dict[str, dict] = {}
    shared: list[str] = []
    for i in range(n):
        slug, data = synthetic_case(i, rng, fake, writer, orgs, places, themes, kinds, scales, records, shared)
        text = "# yaml-language-server: $schema=../schema/cas.schema.json\n" + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=110)
        out.append((slug, text))
    written = [(sid, "# yaml-language-server: $schema=../schema/source.schema.json\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=110)) for sid, data in records.items()]
    return out, written


def write_corpus(folder: Path, n: int, seed: int = 7, sources: Path | None = None) -> list[Path]:
    """The case files in `folder`, the records in `sources` (default: `sources/` beside `folder`); the cases' paths."""
    folder.mkdir(parents=True, exist_ok=True)
    records = sources if sources is not None else folder.parent / "sources"
    records.mkdir(parents=True, exist_ok=True)
    found, cited = corpus(n, seed)
    for sid, text in cited:
        (records / f"{sid}.yml").write_text(text, encoding="utf-8")
    paths = []
    for slug, text in found:
        path = folder / f"{slug}.yml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.folder, args.n, args.seed)
    print(f"{len(paths)} cas écrits dans {args.folder}, leurs sources dans {args.folder.parent / 'sources'}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
