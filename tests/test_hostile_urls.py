"""Addresses kept as written: an address that a browser would read otherwise than it is written (a backslash, a
host in full-width characters), or whose host mixes scripts (a Cyrillic « а » among Latin letters), is refused at its
line, in French, in a source's `url` and in a story's link alike; an address that reads as written is accepted."""

from __future__ import annotations

import json

import pytest

from pionniers.model.sources import check_source_file
from pionniers.model.validate import check_file
from pionniers_testkit import TODAY, base_text, record_text

REFUSED = {
    "https://evil.example\\.ashoka.org/": "barre oblique inverse",
    "https://ashoka.org\\@evil.example/": "barre oblique inverse",
    "https://exаmple.org/": "mêle plusieurs écritures",  # Cyrillic а
    "https://xn--exmple-4nf.org/": "mêle plusieurs écritures",  # the same, in Punycode
    "https://pаypal.com/": "mêle plusieurs écritures",
    "https://exa\uff0emple.org/": "est lu « exa.mple.org »",
    "https://ＥＸＥＭＰＬＥ.org/": "est lu « exemple.org »",
    "https://[::1/": "adresse illisible",
    "https://ex[am]ple.org/": "adresse illisible",
    "https://exemple.org:99999/": "le port",
    "https://exe<mple.org/": "impossible dans un nom de site",
}
ACCEPTED = ["https://www.ashoka.org/fr-fr/story/l'article_1?x=%27#a", "https://пример.рф/", "https://大阪.jp/",
            "https://münchen.de/", "https://[2001:db8::1]/", "https://exemple.org:8080/"]


def _with_url(url: str) -> tuple[str, int]:
    """The source record tests/fixtures/sources/ashoka.yml with its address replaced; and the address's line."""
    lines = record_text("ashoka").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("url: "))
    lines[index] = f"url: {json.dumps(url)}"
    return "\n".join(lines), index + 1


@pytest.mark.parametrize("url", REFUSED)
def test_a_source_address_read_otherwise_is_refused_at_its_line(url: str) -> None:
    text, line = _with_url(url)
    checked = check_source_file(text.encode(), "sources/ashoka.yml", today=TODAY)
    assert [(p.line, p.field) for p in checked.problems] == [(line, "url")], [p.text() for p in checked.problems]
    message = checked.problems[0].message
    assert REFUSED[url] in message and "Invalid" not in message


# In a story, Markdown reads the address first (a backslash escapes the next character, a host is mapped as a browser
# maps it): what is checked is the address the page will link to.
IN_STORY = {"https://exаmple.org/": "mêle plusieurs écritures", "https://xn--exmple-4nf.org/": "mêle plusieurs écritures",
            "https://pаypal.com/": "mêle plusieurs écritures", "https://exemple.org:99999/": "le port",
            "https://ＥＸＥＭＰＬＥ.org/": "règles des noms de domaine internationaux",
            "https://ashoka.org\\@evil.example/": "identifiant avant « @ »"}


@pytest.mark.parametrize("url", IN_STORY)
def test_a_story_link_read_otherwise_is_refused_at_its_line(url: str) -> None:
    text = base_text().replace("  results: ", f"  results: Voir [la source]({url}). ", 1)
    assert url in text
    checked = check_file(text.encode(), "cases/cas-de-base.yml", today=TODAY)
    assert [p.field for p in checked.problems] == ["story.results"], [p.text() for p in checked.problems]
    assert IN_STORY[url] in checked.problems[0].message


@pytest.mark.parametrize("url", ACCEPTED)
def test_an_address_that_reads_as_written_is_accepted(url: str) -> None:
    text, _ = _with_url(url)
    checked = check_source_file(text.encode(), "sources/ashoka.yml", today=TODAY)
    assert checked.problems == [], [p.text() for p in checked.problems]
    assert checked.source.url == url
