"""Links that never break: the committed manifest of every address the site has published.

`adresses-publiees.txt` (at the repository root) lists, one per line, the addresses courseware may link to: the
index pages, every case page and its fixed section anchors, its card and citation files, every learning path and its
anchors, the context pages, the open-data files. `pionniers manifest` adds the addresses the site has gained and never
removes one unless told to (`--retirer`, printed); `pionniers publish` fails when an address of the manifest no longer
resolves in the built site — to its page and anchor, or to a redirect whose target has the anchor — and says which
alias would bring it back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from pionniers.common import vocab
from pionniers.common.files import write_atomically
from pionniers.common.near import closest
from pionniers.model import addresses, parcours
from pionniers.model.corpus import Corpus

HEADER = """\
# Adresses publiées par Pionniers : un cours peut y renvoyer, chacune doit continuer de répondre.
# `pionniers publish` échoue si l’une d’elles ne mène plus à sa page et à son ancre (ou à une redirection).
# `pionniers manifest` ajoute les nouvelles adresses ; aucune n’est retirée sans `pionniers manifest --retirer ADRESSE`.
"""
INDEXES = ("/", "/cas/", "/parcours/", "/themes/", "/types/", "/organisations/", "/territoires/", "/impact/",
           "/donnees/", "/contribuer/", "/sources/")
# Sections a case page may or may not have; the others (addresses.CASE_ANCHORS_ALWAYS) it always has.
OPTIONAL_CASE_ANCHORS = ("chiffres", "citations", "questions")


def current(corpus: Corpus, docs: Path) -> list[str]:
    """Every address the site publishes now that courseware may rely on, sorted. Organisation and territory pages
    are left out: their addresses come from names, which a correction may change, and no alias can keep them; so
    is each case's YAML source under /donnees/cas/ (for editors; the open data proper is /donnees/cas.json…)."""
    v = vocab.load()
    found: set[str] = set(INDEXES)
    found.update(f"/themes/{t}/" for t in v.themes)
    found.update(f"/types/{k}/" for k in v.kinds)
    found.update(f"/donnees/{name}" for name in addresses.DATA_FILES)
    for page, anchors in addresses.hand_written_pages(docs).items():
        found.add(page)
        found.update(f"{page}#{a}" for a in anchors)  # explicit anchors only: the stable ones
    for case in corpus.cases:
        page = f"/cas/{case.slug}/"
        anchors = addresses.case_anchors(case)
        found.add(page)
        found.update(f"{page}#{a}" for a in addresses.CASE_ANCHORS_ALWAYS + OPTIONAL_CASE_ANCHORS if a in anchors)
        found.add(f"{page}carte/")
        found.update(f"{page}{name}" for name in addresses.CITATION_FILES)
    for item in corpus.parcours:
        page = f"/parcours/{item.slug}/"
        found.add(page)
        found.update(f"{page}#{a}" for a in addresses.parcours_anchors(item))
    return sorted(found)


def read(path: Path) -> list[str]:
    """The addresses of a manifest file, in its order; an absent file is an empty manifest."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def write(path: Path, entries: list[str]) -> None:
    """Write the manifest atomically, sorted, with its header."""
    text = HEADER + "".join(f"{entry}\n" for entry in sorted(set(entries)))
    write_atomically(path, text.encode("utf-8"))


@dataclass(frozen=True)
class Update:
    entries: list[str]
    added: list[str]
    removed: list[str]
    unknown: list[str]  # asked to remove, but not in the manifest


def update(old: list[str], now: list[str], retire: list[str] | tuple[str, ...] = ()) -> Update:
    """The manifest with the new addresses added and the ones named in `retire` (and only those) removed."""
    unknown = [r for r in retire if r not in old]
    removed = [r for r in retire if r in old]
    kept = [e for e in old if e not in removed]
    added = sorted(set(now) - set(kept) - set(removed))
    return Update(sorted(set(kept) | set(added)), added, removed, unknown)


# --- does every address of the manifest still resolve in the built site? -----------------------------------------

def _page(text: str) -> LexborHTMLParser:
    """A built page parsed as a browser parses it: its ids and links are elements' attributes, never words of its
    text (a story may say « id=chiffres »)."""
    return LexborHTMLParser(text)


def _ids(page: LexborHTMLParser) -> set[str]:
    return {node.attributes["id"] or "" for node in page.css("[id]")}


def _file_of(site: Path, address: str) -> Path:
    rel = address.lstrip("/")
    return site / rel / "index.html" if address.endswith("/") else site / rel


def _redirect_target(path: str, page: LexborHTMLParser) -> str | None:
    """The address a redirect page (templates/redirect*.html.j2) sends to, resolved against its own address."""
    refresh = [n for n in page.css("head meta[http-equiv]") if (n.attributes["http-equiv"] or "").lower() == "refresh"]
    canonical = page.css_first('head link[rel="canonical"][href]')
    if not refresh or canonical is None:
        return None
    href = canonical.attributes["href"] or ""
    return os.path.normpath(os.path.join(path, href)).replace("\\", "/").rstrip("/") + "/"


def check(site: Path, entries: list[str], corpus: Corpus) -> list[str]:
    """Findings, one per address of the manifest that no longer resolves, each saying how to bring it back."""
    findings: list[str] = []
    ids: dict[Path, set[str]] = {}
    last: list[tuple[Path, LexborHTMLParser]] = []  # the page parsed last (a page's addresses come together)

    def parsed(file: Path) -> LexborHTMLParser:
        if not last or last[0][0] != file:
            last[:] = [(file, _page(file.read_text(encoding="utf-8", errors="replace")))]
        return last[0][1]

    for entry in entries:
        path, _, anchor = entry.partition("#")
        target = _file_of(site, path)
        if not target.is_file():
            findings.append(_missing(entry, path, corpus))
            continue
        final = None
        if target.suffix == ".html":
            final = _redirect_target(path, parsed(target))
            if final is not None:
                target = _file_of(site, final)
                if not target.is_file():
                    findings.append(f"{entry} : redirige vers {final}, qui n’existe pas")
                    continue
        if anchor:
            if target not in ids:
                ids[target] = _ids(parsed(target)) if target.suffix == ".html" else set()
            if anchor not in ids[target]:
                findings.append(_lost_anchor(entry, path, anchor, final))
    return findings


def _missing(entry: str, path: str, corpus: Corpus) -> str:
    parts = path.strip("/").split("/")
    if parts[0] in ("cas", "parcours") and len(parts) >= 2:
        old = parts[1].removesuffix(".yml")
        if parts[0] == "cas":
            slugs, folder = [c.slug for c in corpus.cases], "cases"
        else:
            slugs, folder = [p.slug for p in corpus.parcours], "parcours"
        close = closest(old, slugs, cutoff=0.5)
        which = f"cases/{close}.yml" if close and folder == "cases" else \
            f"parcours/{close}.yml" if close else f"le fichier de {folder}/ qui l’a remplacé"
        return (f"{entry} : adresse publiée introuvable (ni page, ni redirection). Si « {old} » a été renommé, "
                f"ajoutez « aliases: [{old}] » à {which} : l’ancienne adresse redirigera vers la nouvelle")
    return (f"{entry} : adresse publiée introuvable. Rétablissez la page à cette adresse (un cours peut y renvoyer), "
            "ou retirez-la en le disant : pionniers manifest --retirer " + entry)


def _lost_anchor(entry: str, path: str, anchor: str, final: str | None) -> str:
    where = f"{path} (redirigée vers {final})" if final else path
    fix = ""
    if anchor in OPTIONAL_CASE_ANCHORS:
        fix = {"chiffres": "figures", "citations": "quotes", "questions": "questions"}[anchor]
        fix = f"rétablissez la section (champ « {fix} » du cas) ou "
    return (f"{entry} : l’ancre #{anchor} n’existe plus sur {where}. Un lien de cours vers cette section arriverait "
            f"en haut de la page : {fix}retirez l’adresse en le disant : pionniers manifest --retirer '{entry}'")
