"""Source records (`sources/<id>.yml`) and what ties a case to them.

A source document is described once, in a file of its own, with the short verbatim extracts the site relies on.
Cases cite it by id: in their `sources` list (numbered in that order on the page), by a marker [^id] in every story
paragraph, and as the `source` of each figure and quotation. This module checks one record file, and, once every
record is read, what a case says about its records: the ids exist, every listed source is cited, every figure's
evidence and every quotation is inside one of its source's extracts. Problems come at their line and column, in
French. What a case's story holds on its own (a marker in every paragraph, markers of listed sources) is checked
with the rest of the file, in validate.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from pionniers.common.near import Suggester
from pionniers.common.problems import Problem
from pionniers.model import schema
from pionniers.model.load import Loaded, dotted, load_text
from pionniers.model.prose import MARKER
from pionniers.model.validate import draft_markers, schema_problems


@dataclass(frozen=True)
class SourceChecked:
    """The outcome for one record file: the record if it is valid, where its values stand, its problems."""

    path: str
    source: schema.Source | None
    loaded: Loaded | None
    problems: list[Problem]


def cited_by(cases: Iterable[schema.Case]) -> dict[str, list[schema.Case]]:
    """Each source id → the cases that list it, in the cases' order (one pass over every case's list of sources)."""
    found: dict[str, list[schema.Case]] = {}
    for case in cases:
        for ident in dict.fromkeys(case.sources):
            found.setdefault(ident, []).append(case)
    return found


def check_source_file(raw: bytes, path: str, *, today: date | None = None) -> SourceChecked:
    """Everything that can be said about one source record on its own."""
    loaded, problems = load_text(raw, path)
    if loaded is None:
        return SourceChecked(path, None, None, problems)
    record: schema.Source | None = None
    try:
        record = schema.Source.model_validate(loaded.data, context={"today": today or date.today()})
    except ValidationError as err:
        refused = {(p.line, p.col, p.field) for p in problems}
        problems.extend(p for p in schema_problems(err, loaded, path, schema.Source)
                        if (p.line, p.col, p.field) not in refused)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    ident = loaded.data.get("id")
    if isinstance(ident, str) and ident != stem:
        problems.append(Problem(path, *loaded.position(("id",)),
                                f"l’identifiant « {ident} » doit être égal au nom du fichier « {stem} » : renommez le "
                                f"fichier en {ident}.yml ou corrigez l’identifiant", "id"))
    extracts = loaded.data.get("extraits")
    seen: dict[str, int] = {}
    for i, text in enumerate(extracts if isinstance(extracts, list) else []):
        if isinstance(text, str) and seen.setdefault(_norm(text), i) != i:
            problems.append(Problem(path, *loaded.position(("extraits", i)),
                                    f"extrait en double (déjà extraits[{seen[_norm(text)]}]) : retirez ce doublon",
                                    f"extraits[{i}]"))
    problems.extend(draft_markers(raw, path, loaded))  # « À COMPLÉTER » of `pionniers new`'s record, « TODO »…
    return SourceChecked(path, None if problems else record, loaded, problems)


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    """A text compared with an extract: NFC, runs of spaces (no-break ones included) as one space, trimmed (str.split
    cuts at the very characters _SPACES matches: the words joined again are its reading, in C)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def in_extracts(text: str, record: schema.Source) -> bool:
    """Whether `text` stands, word for word, inside one of the record's extracts (spacing aside)."""
    wanted = _norm(text)
    return any(wanted in extract for extract in _normed(tuple(record.extraits)))


@lru_cache(maxsize=4096)
def _normed(extracts: tuple[str, ...]) -> tuple[str, ...]:
    """A record's extracts as `in_extracts` compares them: worked out once for all the figures that cite it."""
    return tuple(_norm(extract) for extract in extracts)


def same_document(url: str | None) -> str:
    """What makes two addresses the same document: scheme, « www. », a final « / » and letter case of the host
    aside. "" for no address."""
    if not url:
        return ""
    rest = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.I)
    host, _, path = rest.partition("/")
    return f"{host.lower()}/{path.rstrip('/')}"


def case_problems(path: str, loaded: Loaded, registry: dict[str, schema.Source],
                  files: dict[str, str] | None = None, suggest: Suggester | None = None) -> list[Problem]:
    """What a case says about its source records: each listed id has a record (`files`: id -> its file, for the
    message), each listed source is cited at least once, each figure's evidence and each quotation is in one of its
    source's extracts. `registry` holds the valid records; `files` every record file present, valid or not (id ->
    its path): a case citing an invalid record is not told that it is missing. `suggest`: the « vouliez-vous dire »
    shared by every case of a corpus (near.Suggester over the registry), so that its cost stays bounded. Works on the
    raw data, so that it reports even when the schema also fails."""
    data = loaded.data
    listed = data.get("sources") if isinstance(data.get("sources"), list) else []
    ids = [s for s in listed if isinstance(s, str)]
    problems: list[Problem] = []

    def at(where: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(path, *loaded.position(where), message, dotted(where)))

    present = files if files is not None else {i: f"sources/{i}.yml" for i in registry}
    for i, ident in enumerate(listed):
        if isinstance(ident, str) and schema_id(ident) and ident not in present:
            at(("sources", i), f"source « {ident} » introuvable : créez le fichier sources/{ident}.yml (titre, "
                               f"éditeur, auteur, date, adresse, genre, langue, extraits)"
                               f"{_near(ident, suggest or Suggester(registry, cutoff=0.75))}")
    cited = set(_story_markers(data))
    for part in ("figures", "quotes"):
        items = data.get(part) if isinstance(data.get(part), list) else []
        cited.update(item.get("source") for item in items if isinstance(item, dict))
    for i, ident in enumerate(listed):
        if isinstance(ident, str) and ident in registry and ident not in cited:
            at(("sources", i), f"source « {ident} » listée mais jamais citée : ajoutez l’appel de note [^{ident}] "
                               "au paragraphe qu’elle appuie, ou retirez-la de la liste")
    checks = (("figures", "evidence", "la preuve (evidence) de ce chiffre"),
              ("quotes", "text", "cette citation"))
    for part, key, what in checks:
        items = data.get(part) if isinstance(data.get(part), list) else []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            ref, text = item.get("source"), item.get(key)
            record = registry.get(ref) if isinstance(ref, str) and ref in ids else None
            if record is None or not isinstance(text, str) or not text.strip() or in_extracts(text, record):
                continue
            where = present.get(ref, f"sources/{ref}.yml")
            at((part, i, key), f"{what} n’est dans aucun extrait de la source « {ref} » : recopiez dans {where} "
                               "(extraits) le passage du document qui la contient, mot pour mot, ou corrigez-la "
                               "pour qu’elle reprenne exactement un extrait")
    return problems


def schema_id(ident: str) -> bool:
    """Whether `ident` is written as a source id (else the schema reports it, and it is not looked up)."""
    return re.fullmatch(schema.SOURCE_ID_PATTERN, ident) is not None and len(ident) <= schema.SLUG_MAX


def _story_markers(data: dict[str, Any]) -> list[str]:
    story = data.get("story") if isinstance(data.get("story"), dict) else {}
    return [m.group(1) for text in story.values() if isinstance(text, str) for m in MARKER.finditer(text)]


def _near(ident: str, suggest: Suggester) -> str:
    close = suggest(ident)
    return f" ; vouliez-vous dire « {close} » ?" if close else ""
