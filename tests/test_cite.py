"""Citing a case: the French citation on the page, the citation_* meta tags, and the BibTeX, RIS
and CSL-JSON files beside the page, parsed for real (bibtexparser with LaTeX decoding, rispy, the CSL schema through
jsonschema), with the right fields, the original sources credited, full addresses when site_url is set, and hostile
values printed exactly as written.
"""

from __future__ import annotations

from datetime import date

import html as html_lib
import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from pylatexenc import latex2text

from pionniers.common import escape
from pionniers.common import french
from pionniers.common.paths import Layout
from pionniers.model.corpus import check_corpus
from pionniers.pages import cite
from pionniers.site.sandbox import ROOT, generate, make_project, mkdocs_build

SITE_URL = "https://pionniers.example/cours/"
CSL_SCHEMA = json.loads((ROOT / "tests/fixtures/csl-data.schema.json").read_text(encoding="utf-8"))
BASE = yaml.safe_load((ROOT / "tests/fixtures/site/gamma-pacte.yml").read_text(encoding="utf-8"))
RECORD = yaml.safe_load((ROOT / "tests/fixtures/sources/essai-g.yml").read_text(encoding="utf-8"))  # BASE's source

# Values that would break each format if written as they are: BibTeX's braces, backslashes, an entry start, LaTeX's
# specials and ligatures; RIS's line starts; JSON's quotes; HTML's markup (for the meta tags).
HOSTILE = [
    "Titre {avec} des accolades }",
    "Un @misc{piege, title={x}} dedans",
    "@article(autre, x",
    "C:\\chemin\\{fichier}\\",
    "50 % & #1 $ a_b ~ ^ -- --- `` '' ,, << >> !` ?`",
    "« Crésus » : l’accès ; vraiment ? oui !",
    "Fin de ligne\\nER  - suite",
    "\" onmouseover=\"alert(1)\" <script>alert(1)</script>",
]


def latex_decoder() -> latex2text.LatexNodes2Text:
    """pylatexenc's LaTeX to text, with the three text-mode commands of LaTeX2e its table lacks (it knows \\{ and
    \\textbackslash, not \\textbraceleft; and it maps \\textasciicircum to a modifier letter instead of « ^ »)."""
    db = latex2text.get_default_latex_context_db()
    db.add_context_category("pionniers-texte", prepend=True, macros=[
        latex2text.MacroTextSpec("textbraceleft", simplify_repl="{"),
        latex2text.MacroTextSpec("textbraceright", simplify_repl="}"),
        latex2text.MacroTextSpec("textasciicircum", simplify_repl="^"),
    ])
    return latex2text.LatexNodes2Text(latex_context=db)


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(decoder=latex_decoder())])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return {entry.key: {name: field.value for name, field in entry.fields_dict.items()} for entry in library.entries}


def parse_ris(text: str) -> list[dict]:
    records = rispy.loads(text)
    assert all("unknown_tag" not in record for record in records), records
    return records


def parse_csl(text: str) -> list[dict]:
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    return items


# --- the escaping functions alone -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_bibtex_value_decodes_back_to_the_text_and_starts_no_entry(value: str) -> None:
    source = f"@misc{{un,\n  title = {{{escape.bibtex(value)}}},\n  note = {{apres}}\n}}\n\n@misc{{deux, title = {{z}}}}\n"
    entries = parse_bibtex(source)
    assert list(entries) == ["un", "deux"]
    assert entries["un"] == {"title": value, "note": "apres"}


@pytest.mark.parametrize("value", HOSTILE + ["deux\nlignes\r\nER  - "])
def test_ris_value_stays_on_its_line(value: str) -> None:
    records = parse_ris(f"TY  - ELEC\nTI  - {escape.ris(value)}\nN1  - apres\nER  - \n")
    assert len(records) == 1 and records[0]["notes"] == ["apres"]
    assert records[0]["title"] == re.sub(r"[\r\n]+", " ", value).strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_csl_json_keeps_the_exact_text(value: str) -> None:
    (item,) = parse_csl(escape.csl_json([{"id": "x", "type": "webpage", "title": value}]))
    assert item["title"] == value


def test_a_wrong_escape_would_be_caught() -> None:
    """The checks above can fail: raw values break the parsers or come back changed."""
    raw = "Titre {avec} des accolades }"
    assert parse_bibtex(f"@misc{{un,\n  title = {{{raw}}},\n  note = {{n}}\n}}\n")["un"] != {"title": raw, "note": "n"}
    assert parse_bibtex("@misc{un,\n  title = {50 \\% -- a}\n}\n")["un"]["title"] != "50 % -- a"  # a ligature
    assert parse_ris("TY  - ELEC\nTI  - a\nER  - \nTY  - ELEC\nER  - \n")[0]["title"] == "a"
    assert len(parse_ris("TY  - ELEC\nTI  - a\nER  - b\nER  - \n")) == 1
    with pytest.raises(jsonschema.ValidationError):
        parse_csl(json.dumps([{"id": "x", "type": "webpage", "titre": "champ inconnu"}]))


# --- the files of the built site ----------------------------------------------------------------------------------


def hostile_case(slug: str, title: str) -> tuple[str, str]:
    """A case titled `title`, and its own source record (named like the case) with hostile values too."""
    data = json.loads(json.dumps(BASE))
    data.update(slug=slug, title=title, questions=["Une question ?"], sources=[slug])
    data["organisations"][0]["name"] = f"Conseil {slug}"
    data["story"] = {k: v.replace("[^essai-g]", f"[^{slug}]") for k, v in data["story"].items()}
    record = dict(RECORD, id=slug, title=f"Source {title}", publisher=f"Éditeur {title}", author="Ada {Auteur}",
                  date="13 juin 2014")
    return tuple(yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=10**6) for d in (data, record))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The real cases and hostile ones, generated with a site_url (PIONNIERS_SITE_URL) and built by MkDocs."""
    project = make_project(tmp_path_factory.mktemp("citer") / "p", ROOT / "cases", real_pages=True,
                           parcours=ROOT / "parcours")
    hostile = {f"hostile-{i}": title for i, title in enumerate(HOSTILE)}
    for slug, title in hostile.items():
        case, record = hostile_case(slug, title)
        (project / "cases" / f"{slug}.yml").write_text(case, encoding="utf-8")
        (project / "sources" / f"{slug}.yml").write_text(record, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIONNIERS_SITE_URL", SITE_URL)
        # Real cases are reviewed on real days: the fixtures' fixed date would call today's review « in the future ».
        assert generate(project, date.today()) == 0
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site, hostile


def cases_of(project: Path):  # noqa: ANN201
    return check_corpus(Layout(project), today=date.today()).cases


def test_every_case_has_three_citation_files_with_the_right_fields(built) -> None:  # noqa: ANN001
    project, site, _ = built
    cases = cases_of(project)
    assert len(cases) >= 14
    for case in cases:
        folder = site / "cas" / case.slug
        url = f"{SITE_URL.rstrip('/')}/cas/{case.slug}/"
        bib = parse_bibtex((folder / "citation.bib").read_text(encoding="utf-8"))
        entry = bib[f"pionniers-{case.slug}"]
        assert (entry["title"], entry["author"], entry["url"], entry["date"]) == \
            (case.title, "Pionniers", url, case.reviewed), case.slug
        assert all(s.title in entry["note"] and s.publisher in entry["note"] for s in case.records), entry["note"]
        assert [s.id for s in case.records] == case.sources  # the records, in the case's order
        # Only the sources that give something to find them by (cite.citable): no entry of a title alone.
        assert {k for k in bib if "-source-" in k} == {f"pionniers-{case.slug}-source-{s.id}"
                                                       for s in cite.citable(case)}
        for source in cite.citable(case):
            assert bib[f"pionniers-{case.slug}-source-{source.id}"]["title"] == source.title
        ris = parse_ris((folder / "citation.ris").read_text(encoding="utf-8"))
        assert (ris[0]["type_of_reference"], ris[0]["title"], ris[0]["urls"], ris[0]["authors"]) == \
            ("ELEC", case.title, [url], ["Pionniers"])
        assert ris[0]["date"] == case.reviewed.replace("-", "/") and ris[0]["language"] == "fr"
        assert [r["title"] for r in ris[1:]] == [s.title for s in cite.citable(case)]
        csl = parse_csl((folder / "citation.json").read_text(encoding="utf-8"))
        assert (csl[0]["title"], csl[0]["URL"], csl[0]["author"]) == (case.title, url, [{"literal": "Pionniers"}])
        day = [int(p) for p in case.reviewed.split("-")]
        assert csl[0]["issued"] == {"date-parts": [day]}
        assert [i["title"] for i in csl[1:]] == [s.title for s in cite.citable(case)]
        assert "CC BY 4.0" in csl[0]["note"]


def test_hostile_values_come_back_exactly_from_every_format(built) -> None:  # noqa: ANN001
    _, site, hostile = built
    for slug, title in hostile.items():
        folder = site / "cas" / slug
        bib = parse_bibtex((folder / "citation.bib").read_text(encoding="utf-8"))
        assert bib[f"pionniers-{slug}"]["title"] == title
        source = bib[f"pionniers-{slug}-source-{slug}"]
        assert (source["title"], source["publisher"], source["author"]) == \
            (f"Source {title}", f"Éditeur {title}", "Ada {Auteur}")
        ris = parse_ris((folder / "citation.ris").read_text(encoding="utf-8"))
        assert ris[0]["title"] == title and ris[1]["authors"] == ["Ada {Auteur}"]
        csl = parse_csl((folder / "citation.json").read_text(encoding="utf-8"))
        assert csl[0]["title"] == title and csl[1]["publisher"] == f"Éditeur {title}"


META = re.compile(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">')


def test_case_pages_carry_the_citation_meta_tags_reference_managers_read(built) -> None:  # noqa: ANN001
    project, site, hostile = built
    for case in cases_of(project):
        page = (site / "cas" / case.slug / "index.html").read_text(encoding="utf-8")
        head = page[:page.index("</head>")]
        tags: dict[str, list[str]] = {}
        for name, value in META.findall(head):
            tags.setdefault(name, []).append(html_lib.unescape(value))
        assert tags["citation_title"] == [case.title], case.slug
        assert tags["citation_author"] == ["Pionniers"]
        assert tags["citation_publication_date"] == [case.reviewed.replace("-", "/")]
        assert tags["citation_public_url"] == [f"{SITE_URL.rstrip('/')}/cas/{case.slug}/"]
        assert tags["citation_language"] == ["fr"]
        if case.slug in hostile:
            assert "<script>" not in head.split("citation_title", 1)[1].split(">", 1)[0]
    assert not META.search((site / "cas/index.html").read_text(encoding="utf-8"))  # case pages only


def test_the_page_gives_the_french_citation_with_full_address_and_sources(built) -> None:  # noqa: ANN001
    project, site, _ = built
    case = next(c for c in cases_of(project) if c.slug == "jean-louis-kiehl-cresus")
    page = (site / "cas" / case.slug / "index.html").read_text(encoding="utf-8")
    cite = html_lib.unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="pn-cite">(.*?)</p>', page, re.S).group(1)))
    assert cite.startswith(f"Pionniers, «\u00a0{case.title}\u00a0», étude de cas, Pionniers, études de cas")
    reviewed = french.long_date(case.reviewed)
    assert f"{SITE_URL.rstrip('/')}/cas/{case.slug}/, dernière relecture le {reviewed}, consulté le" in cite
    sources = html_lib.unescape(re.search(r'<p class="pn-cite__sources">(.*?)</p>', page, re.S).group(1))
    assert "Ashoka France" in sources and "Les pionniers de la co-création" in sources
    for name in ("citation.bib", "citation.ris", "citation.json"):
        assert f'href="{name}"' in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.fr"' in page


def test_without_site_url_the_files_give_the_path_and_no_false_address(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", ROOT / "tests/fixtures/site")
    assert generate(project) == 0
    bib = parse_bibtex((project / "docs/cas/alpha-banque/citation.bib").read_text(encoding="utf-8"))
    assert "url" not in bib["pionniers-alpha-banque"]
    assert "http" not in (project / "docs/cas/alpha-banque/citation.ris").read_text(encoding="utf-8")


URLS = ["https://exemple.org/pionniers_cocreation", "https://exemple.org/l'article?x=%27&y=1#partie",
        "https://exemple.org/@misc{piege,%20title={x}}", "https://exemple.org/a~b^c$d&e--f", "https://exemple.org/@article(x",
        "https://exemple.org/100%25/%}"]


@pytest.mark.parametrize("url", URLS)
def test_a_bibtex_url_is_the_address_as_written_never_latex_escaped(url: str) -> None:
    """BibLaTeX reads `url` verbatim: `\\_` or `\\%` there would become part of the address."""
    from pionniers.pages import cite
    from pionniers.model import schema

    record = yaml.safe_load((ROOT / "tests/fixtures/sources/essai-g.yml").read_text(encoding="utf-8"))
    record["url"] = url
    source = schema.Source.model_validate(record, context={"today": date(2026, 11, 24)})
    case = schema.Case.model_validate(json.loads(json.dumps(BASE)), context={"today": date(2026, 11, 24)})
    text = cite.bibtex(schema.with_records(case, {"essai-g": source}), SITE_URL)
    library = bibtexparser.parse_string(text)  # no LaTeX decoding: what BibLaTeX's verbatim field reads
    assert not library.failed_blocks and len(library.entries) == 2, text
    source = library.entries[1].fields_dict
    assert source["url"].value == url.replace("{", "%7B").replace("}", "%7D")
    assert library.entries[0].fields_dict["url"].value == f"{SITE_URL.rstrip('/')}/cas/gamma-pacte/"
    assert "\\" not in source["url"].value


def test_bibtex_titles_keep_proper_nouns_and_acronyms_as_written() -> None:
    from pionniers.common import escape

    assert escape.bibtex_title("Jean-Louis Kiehl et Crésus : prévenir") == "{Jean-Louis} {Kiehl} et {Crésus} : prévenir"
    assert escape.bibtex_title("l’ESS & la {x}") == r"{l’ESS} \& la \textbraceleft{}x\textbraceright{}"


def test_citation_files_list_only_sources_with_something_to_cite(tmp_path: Path) -> None:
    from pionniers.pages import cite
    from pionniers.model import schema
    from pionniers.site.sandbox import ROOT, TODAY
    from pionniers.model.validate import check_file

    text = (ROOT / "tests/fixtures/site/alpha-banque.yml").read_text(encoding="utf-8")
    case = check_file(text.encode("utf-8"), "cases/alpha-banque.yml", today=TODAY).case
    assert case is not None
    record = schema.Source.model_validate(yaml.safe_load((ROOT / "tests/fixtures/sources/essai.yml").read_text(
        encoding="utf-8")))
    bare = record.model_copy(update={"id": "nue", "title": "Entretien", "author": "non précisé",
                                     "publisher": "non précisé", "date": "non précisé", "url": None})
    case = schema.with_records(case.model_copy(update={"sources": [*case.sources, "nue"]}),
                               {record.id: record, "nue": bare})
    assert [s.id for s in case.records] == ["essai", "nue"]
    assert [s.id for s in cite.citable(case)] == ["essai"]
    for name, content in cite.files(case, "").items():
        assert "-source-nue" not in content, name  # no record, no key in `related`
    assert "title = {{Alpha} et la {Banque} {Témoin} : un cas d’essai}" in cite.bibtex(case, "").replace("\u00a0", " ")
