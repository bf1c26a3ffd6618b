"""How to cite a case: the French citation printed on its page, the `citation_*` meta tags that reference
managers read, and three files published beside the page at stable addresses — BibTeX (`citation.bib`), RIS
(`citation.ris`) and CSL-JSON (`citation.json`) — each crediting the original sources too, as entries of their own.

Pure functions from a validated case to text. Every contributor value goes through the escaping function of its
format (escape.bibtex, escape.ris, escape.csl_json); with `site_url` set (mkdocs.yml or PIONNIERS_SITE_URL), every
address is complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import markupsafe

from pionniers.common import escape, french, vocab
from pionniers.model import schema

ORGANISATION = "Pionniers"
SITE = "Pionniers, études de cas de la co-création"
FILES = {"bibtex": "citation.bib", "ris": "citation.ris", "csl": "citation.json"}


@dataclass(frozen=True)
class Licence:
    spdx: str
    name: str
    url: str


# The texts, the data and the citation files; the code is under MIT (LICENSE). Stated in the README, the footer
# (mkdocs.yml `copyright`), the open data and every citation.
TEXTS = Licence("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.fr")
CODE = Licence("MIT", "MIT", "https://opensource.org/license/mit")


def address(path: str, site_url: str) -> str:
    """The full address of a page of the site when `site_url` is known, else its path from the root."""
    return site_url.rstrip("/") + path if site_url else path


def case_path(case: schema.Case) -> str:
    return f"/cas/{case.slug}/"


def _given(value: str) -> bool:
    return value != schema.UNSPECIFIED


def source_text(source: schema.Source) -> str:
    """An original source in one line: « Ashoka France, « Les pionniers de la co-création », 13 juin 2014 »."""
    parts = [source.publisher if _given(source.publisher) else "éditeur non précisé"]
    if _given(source.author):
        parts.append(f"par {source.author}")
    parts.append(f"« {source.title} »")
    if _given(source.date):
        parts.append(source.date)
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def sources_note(case: schema.Case) -> str:
    return "D’après : " + " ; ".join(source_text(s) for s in case.records) + "."


def case_text(case: schema.Case, site_url: str) -> tuple[str, str, str]:
    """The French citation, up to « consulté le » (the page adds the reader's date): organisation, title, kind of
    document, site, address, date of last review. In three parts, the address in the middle (the page marks it, so
    that pionniers.js can complete a path into a full address where site_url is unknown)."""
    return (f"{ORGANISATION}, «\u00a0{case.title}\u00a0», étude de cas, {SITE}, ", address(case_path(case), site_url),
            f", dernière relecture le {french.long_date(case.reviewed)}")


def parcours_text(slug: str, title: str, reviewed: str, site_url: str) -> tuple[str, str, str]:
    """A learning path's citation, in the same three parts as case_text."""
    return (f"{ORGANISATION}, «\u00a0{title}\u00a0», parcours d’apprentissage, {SITE}, ",
            address(f"/parcours/{slug}/", site_url), f", dernière relecture le {french.long_date(reviewed)}")


def _note(case: schema.Case) -> str:
    return (f"Étude de cas, dernière relecture le {french.long_date(case.reviewed)}. {sources_note(case)} "
            f"Texte sous licence {TEXTS.name}.")


def meta(case: schema.Case, site_url: str) -> dict[str, object]:
    """The values of the `citation_*` meta tags (Highwire Press tags, read by Zotero and Google Scholar), written in
    the page's front matter and printed by overrides/main.html."""
    v = vocab.load()
    out: dict[str, object] = {
        "title": case.title,
        "author": ORGANISATION,
        "publication_date": case.reviewed.replace("-", "/"),
        "publisher": ORGANISATION,
        "journal_title": SITE,
        "language": "fr",
        "keywords": "; ".join(v.themes[t].label for t in case.themes),
    }
    if site_url:
        out["public_url"] = address(case_path(case), site_url)
    return out


def citable(case: schema.Case) -> list[schema.Source]:
    """The case's sources that give something to find them by (an address, an author, a publisher or a date): the
    ones the citation files list. A title alone (« Entretien », every detail « non précisé ») would be an entry that
    leads nowhere; it stays on the case page, under « Sources »."""
    return [s for s in case.records
            if s.url or any(_given(value) for value in (s.author, s.publisher, s.date))]


# --- BibTeX -----------------------------------------------------------------------------------------------------


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def case_key(case: schema.Case) -> str:
    return f"pionniers-{case.slug}"


def source_key(case: schema.Case, source: schema.Source) -> str:
    return f"pionniers-{case.slug}-source-{source.id}"


def bibtex(case: schema.Case, site_url: str) -> str:
    """The case as a @misc entry (biblatex reads `date` and `urldate`-less `url`), then each original source."""
    e = escape.bibtex
    day = date.fromisoformat(case.reviewed)
    fields = [("author", "{" + e(ORGANISATION) + "}"), ("title", escape.bibtex_title(case.title)),
              ("howpublished", e(SITE)),
              ("publisher", e(ORGANISATION)), ("year", str(day.year)), ("month", str(day.month)),
              ("date", case.reviewed), ("language", "french"), ("note", e(_note(case))),
              ("related", ",".join(source_key(case, s) for s in citable(case)))]
    if site_url:
        fields.insert(4, ("url", escape.bibtex_url(address(case_path(case), site_url))))
    entries = [_bib_entry("misc", case_key(case), fields)]
    for source in citable(case):
        sfields = [("title", escape.bibtex_title(source.title))]
        if _given(source.author):
            sfields.append(("author", "{" + e(source.author) + "}"))
        if _given(source.publisher):
            sfields.append(("publisher", e(source.publisher)))
            sfields.append(("howpublished", e(source.publisher)))
        if source.url:
            sfields.append(("url", escape.bibtex_url(source.url)))
        note = "Source d’origine de l’étude de cas Pionniers « " + case.title + " »"
        if _given(source.date):
            note += f", publiée le {source.date}" if source.date[:1].isdigit() else f", date : {source.date}"
        sfields.append(("note", e(note + ".")))
        entries.append(_bib_entry("misc", source_key(case, source), sfields))
    header = f"% {SITE} — {address(case_path(case), site_url)}\n% Licence des textes : {TEXTS.name} ({TEXTS.url})\n\n"
    return header + "\n".join(entries)


# --- RIS --------------------------------------------------------------------------------------------------------


def _ris_record(lines: list[tuple[str, str]]) -> str:
    return "".join(f"{tag}  - {escape.ris(value)}\n" for tag, value in lines) + "ER  - \n"


def ris(case: schema.Case, site_url: str) -> str:
    """The case as an ELEC record, then each original source as a record of its own."""
    v = vocab.load()
    lines = [("TY", "ELEC"), ("AU", ORGANISATION), ("TI", case.title), ("T2", SITE), ("PB", ORGANISATION),
             ("PY", case.reviewed[:4]), ("DA", case.reviewed.replace("-", "/")), ("LA", "fr")]
    if site_url:
        lines.append(("UR", address(case_path(case), site_url)))
    lines += [("KW", v.themes[t].label) for t in case.themes]
    lines.append(("N1", _note(case)))
    records = [_ris_record(lines)]
    for source in citable(case):
        slines = [("TY", "ELEC"), ("TI", source.title)]
        if _given(source.author):
            slines.append(("AU", source.author))
        if _given(source.publisher):
            slines.append(("PB", source.publisher))
        if source.url:
            slines.append(("UR", source.url))
        if _given(source.date):
            slines.append(("N1", f"Date de publication : {source.date}"))
        slines.append(("N1", f"Source d’origine de l’étude de cas Pionniers « {case.title} »"))
        records.append(_ris_record(slines))
    return "\n".join(records)


# --- CSL-JSON ---------------------------------------------------------------------------------------------------


def csl(case: schema.Case, site_url: str) -> str:
    """A CSL-JSON array (the format of citeproc, Zotero and Pandoc): the case, then each original source."""
    v = vocab.load()
    day = date.fromisoformat(case.reviewed)
    item: dict[str, object] = {
        "id": case_key(case), "type": "webpage", "title": case.title, "author": [{"literal": ORGANISATION}],
        "container-title": SITE, "publisher": ORGANISATION, "genre": "Étude de cas", "language": "fr",
        "issued": {"date-parts": [[day.year, day.month, day.day]]}, "note": _note(case),
        "keyword": ", ".join(v.themes[t].label for t in case.themes),
    }
    if site_url:
        item["URL"] = address(case_path(case), site_url)
    items = [item]
    for source in citable(case):
        sitem: dict[str, object] = {"id": source_key(case, source), "type": "webpage", "title": source.title,
                                    "note": f"Source d’origine de l’étude de cas Pionniers « {case.title} »"}
        if _given(source.author):
            sitem["author"] = [{"literal": source.author}]
        if _given(source.publisher):
            sitem["publisher"] = source.publisher
        if _given(source.date):
            sitem["issued"] = {"literal": source.date}
        if source.url:
            sitem["URL"] = source.url
        items.append(sitem)
    return escape.csl_json(items)


# --- the embeddable card ---------------------------------------------------------------------------------------

CARD_WIDTH = 420


def card_height(title: str, summary: str, figures: list[str], credit: str) -> int:
    """The height, in CSS pixels, that shows a whole card in an iframe 320 px wide, the narrowest course column
    (templates/carte.css): an estimate from the length of each block, generous rather than short (tests/browser
    measures every card against it). Where the course page keeps the script beside the iframe (RESIZER), the card
    then sets its frame's height itself."""
    def lines(text: str, per_line: int) -> int:
        return max(1, -(-len(text) // per_line))

    height = 34 + 26  # border and padding; the kind line
    height += lines(title, 22) * 25 + 10
    height += lines(summary, 32) * 22 + 14
    height += sum(12 + lines(figure, 30) * 20 + 7 for figure in figures) + (12 if figures else 0)
    height += 2 * 24 + 12 + lines(credit, 37) * 18
    return -(-height // 20) * 20 + 20


# Beside the iframe, for the course page: the card (templates/carte.js) tells its height, and this sets its frame's,
# for that frame only (the message's source is the frame's own window), within bounds. Without it, the frame keeps
# the height of the code, measured for a 320 px column.
RESIZER = ('<script>addEventListener("message",function(e){var d=e.data;if(!d||d.pionniersCarte!==1)return;'
           'document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)'
           'f.style.height=Math.min(Math.max(+d.hauteur||0,120),2000)+"px"})})</script>')


def embed(case: schema.Case, site_url: str, height: int) -> str:
    """The <iframe> code a course page pastes to show the case's card (/cas/<slug>/carte/), with the one-line script
    that fits the frame to the card (RESIZER). Plain text with the title escaped for an HTML attribute; the case page
    prints it as text (escape.inert), never as a real iframe."""
    title = str(markupsafe.escape(f"{ORGANISATION} : {case.title}"))
    src = address(f"/cas/{case.slug}/carte/", site_url)
    return (f'<iframe src="{src}" title="{title}" width="100%" height="{height}" '
            f'style="max-width:{CARD_WIDTH}px;border:0;display:block" loading="lazy"></iframe>\n{RESIZER}')


def files(case: schema.Case, site_url: str) -> dict[str, str]:
    """The three citation files of a case, by file name (published in /cas/<slug>/)."""
    return {FILES["bibtex"]: bibtex(case, site_url), FILES["ris"]: ris(case, site_url),
            FILES["csl"]: csl(case, site_url)}
