"""Controlled vocabularies (kinds, sectors, scales, themes), read from the YAML data files in `vocab/`.

They are data, not code: adding a theme means adding three lines to `vocab/themes.yml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: the value written in case files and its French wording."""

    slug: str
    label: str
    plural: str
    definition: str


@dataclass(frozen=True)
class Vocabularies:
    kinds: dict[str, Term]
    sectors: dict[str, Term]
    scales: dict[str, Term]
    themes: dict[str, Term]


def _read(name: str) -> dict[str, Term]:
    text = resources.files("pionniers").joinpath("vocab", f"{name}.yml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return {
        slug: Term(
            slug=slug,
            label=entry["label"],
            plural=entry.get("plural", entry["label"]),
            definition=entry.get("definition", ""),
        )
        for slug, entry in raw.items()
    }


@cache
def load() -> Vocabularies:
    """The vocabularies shipped with the package (read once: they do not change during a run)."""
    return Vocabularies(kinds=_read("kinds"), sectors=_read("sectors"), scales=_read("scales"), themes=_read("themes"))
