"""Fidelity of the content to its sources: own words, figures that the sources really give, teachable cases.

The five source texts live outside the project, in `<repo root>/../shared/sources/*.txt`; they are never copied
into the repository. If they cannot be found, every test that needs them fails (it is not skipped): a green run
must mean that the content was compared with its sources.

Rules checked here:
- no run of 12 consecutive words of a case file (every text field, except quotations and the bibliographic
  description of the sources) or of a context page (`docs/comprendre/*.md`, minus the « … » quotations) appears in
  the sources, once both are normalised (lowercase, NFKC, apostrophes and dashes unified, word characters only);
- every number of every figure (value, low, high, from, to, and the digits of `per`) appears in the text of the
  source the figure cites (found by its title; in any source if the title is not found), written with or without
  thousand separators (space, no-break spaces, dot), with a decimal comma or point, or with a scale word
  (3500000 as « 3,5 millions »); an approximate figure may
  instead rest on its `wording` (« une dizaine » for 10) when those words appear in the source;
- every figure's `evidence` (the source's own words for it) appears verbatim in the source it cites, once
  whitespace and apostrophes are normalised, and states the figure: each of its numbers is in the evidence as the
  source writes it (« 3,5 millions » for 3500000, « une dizaine » for about 10, « un dépôt » for 1), and its display
  form (`wording`), if any, too;
- every case has 2 to 4 discussion questions and at least one source with a title and a publisher;
- a case's story holds 300 to 700 words, a context page 300 to 600.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT.parent / "shared" / "sources"
CASES = sorted((ROOT / "cases").glob("*.yml"))
PAGES = sorted((ROOT / "docs" / "comprendre").glob("*.md"))
RUN = 12  # words in a row that may not be shared with a source

_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼ`´′"), "'")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_WORD = re.compile(r"[^\W_]+")
_QUOTATION = re.compile(r"«[^»]*»")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# The value a French word of approximation stands for: « une dizaine » is about 10.
_APPROXIMATE_WORDS = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
                      "quarantaine": 40, "cinquantaine": 50, "centaine": 100, "millier": 1000}
_SEP = "[ \u00a0\u202f.]"


def words(text: str) -> list[str]:
    """The words of a text once normalised: NFKC, lowercase, one apostrophe and one dash, word characters only."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES).translate(_DASHES)
    return _WORD.findall(text)


@cache
def source_texts() -> dict[str, str]:
    """The source files by name. Fails (never skips) when the folder is missing or empty."""
    if not SOURCES_DIR.is_dir():
        pytest.fail(f"sources introuvables : le dossier {SOURCES_DIR} n’existe pas. Les textes sources doivent se "
                    "trouver à côté du dépôt (../shared/sources/*.txt) ; ne les copiez pas dans le projet.")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SOURCES_DIR.glob("*.txt"))}
    if not texts:
        pytest.fail(f"sources introuvables : aucun fichier .txt dans {SOURCES_DIR}")
    return texts


@cache
def source_runs() -> frozenset[tuple[str, ...]]:
    """Every run of RUN consecutive words in the sources."""
    runs: set[tuple[str, ...]] = set()
    for text in source_texts().values():
        w = words(text)
        runs.update(tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1))
    return frozenset(runs)


def shared_runs(text: str) -> list[str]:
    """The runs of RUN words of `text` that also appear in the sources."""
    w = words(text)
    runs = source_runs()
    return [" ".join(w[i:i + RUN]) for i in range(len(w) - RUN + 1) if tuple(w[i:i + RUN]) in runs]


def case_texts(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(field, text) for every string of a case, except quotations, the sources' bibliographic fields and the
    figures' evidence (the source's own words, on purpose)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if where in ("quotes", "sources") or where.startswith(("quotes[", "sources[")):
                continue
            if key == "evidence" and where.startswith("figures["):
                continue
            yield from case_texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if where in ("quotes", "sources"):
                continue
            yield from case_texts(value, f"{where}[{i}]")
    elif isinstance(node, str):
        yield where, node


def page_text(path: Path) -> str:
    """A context page's own prose: front matter values and body, minus the « … » quotations."""
    return _QUOTATION.sub(" ", path.read_text(encoding="utf-8"))


def load_case(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        pytest.fail(f"{path.name} : le fichier n’est pas un cas (un dictionnaire YAML)")
    return data


def number_pattern(number: float | int) -> re.Pattern[str]:
    """A number as a source may write it: 70000 ↔ « 70 000 », 140000 ↔ « 140.000 », 3.5 ↔ « 3,5 »."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    integer, _, decimals = repr(number).partition(".")
    head = len(integer) % 3 or 3
    groups = [integer[:head]] + [integer[i:i + 3] for i in range(head, len(integer), 3)]
    body = f"{_SEP}?".join(map(re.escape, groups))
    if decimals:
        body += f"[,.]{re.escape(decimals)}"
    # Not glued to other digits, and not the first group of a larger number (« 10 » is not « 10 000 »).
    return re.compile(rf"(?<![\d.,])(?<!\d{_SEP}){body}(?![,.]?\d)(?!{_SEP}\d{{3}}(?!\d))")


def cited_texts(case: dict[str, Any], source_id: str) -> list[str]:
    """The texts of the source a figure cites, found by its title; every source if the title is found in none."""
    title = next((s.get("title", "") for s in case.get("sources", []) if s.get("id") == source_id), "")
    # The whole title, or one of its parts around a dash or parentheses (« Série – Titre du jour »).
    parts = [title] + re.split(r"\s[–—-]\s|\s?[()]\s?", title)
    wanted = [" ".join(words(p)) for p in parts if len(words(p)) >= 3]
    texts = source_texts()
    found = [t for t in texts.values() if any(w in " ".join(words(t)) for w in wanted)]
    return found or list(texts.values())


def figure_numbers(figure: dict[str, Any]) -> list[tuple[str, float | int]]:
    numbers = [(key, figure[key]) for key in ("value", "low", "high", "from", "to")
               if isinstance(figure.get(key), (int, float)) and not isinstance(figure.get(key), bool)]
    per = figure.get("per")
    if isinstance(per, str):
        numbers += [("per", int(d)) for d in re.findall(r"\d+", per)]
    return numbers


def verbatim(text: str) -> str:
    """Text compared character for character, except what captures and editors vary: NFKC, one apostrophe, one
    kind of dash, every run of whitespace (no-break spaces included) as one space."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(text.split())


# Small numbers a source writes as words: « un dépôt … toutes les 3 minutes » is a rate of 1.
_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
                 "neuf": 9, "dix": 10}
_SCALE_WORDS = {10**6: "millions?", 10**9: "milliards?"}


def written_with_scale(number: float | int, text: str) -> bool:
    """A number at its true scale written the French way with a scale word: 3500000 ↔ « 3,5 millions »."""
    for scale, word in _SCALE_WORDS.items():
        mantissa = number / scale
        if mantissa >= 1 and round(mantissa, 3) == mantissa:
            digits = number_pattern(int(mantissa) if mantissa.is_integer() else mantissa).pattern
            if re.search(rf"{digits}[ \u00a0\u202f]+{word}\b", text):
                return True
    return False


def written_in(number: float | int, text: str, figure: dict[str, Any]) -> bool:
    """Whether `text` writes `number`: in digits (70 000, 140.000), with a scale word (« 3,5 millions » for 3500000),
    as a word (« un » for 1), or, for an approximate figure, as the word of its display form (« une dizaine »)."""
    if number_pattern(number).search(text) or written_with_scale(number, text):
        return True
    said = words(text)
    if any(_NUMBER_WORDS.get(w) == number for w in said):
        return True
    return figure.get("qualifier") == "about" and any(_APPROXIMATE_WORDS.get(w) == number for w in said)


def rests_on_wording(figure: dict[str, Any], number: float | int, texts: list[str]) -> bool:
    """An approximate figure whose wording (« une dizaine ») is in the source and stands for this number."""
    wording = figure.get("wording")
    if figure.get("qualifier") != "about" or not isinstance(wording, str):
        return False
    said = " ".join(words(wording))
    stands_for = {_APPROXIMATE_WORDS[w] for w in words(wording) if w in _APPROXIMATE_WORDS}
    return number in stands_for and any(said in " ".join(words(t)) for t in texts)


# --- tests ---------------------------------------------------------------------------------------------------


def test_there_is_content() -> None:
    assert CASES, "aucun fichier cases/*.yml : rien à vérifier"
    assert PAGES, "aucune page docs/comprendre/*.md : rien à vérifier"


def test_sources_are_there() -> None:
    assert len(source_texts()) >= 1


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_case_is_in_own_words(path: Path) -> None:
    case = load_case(path)
    copied = [f"{path.name} ({field}) : « {run} »" for field, text in case_texts(case) for run in shared_runs(text)]
    assert not copied, f"{len(copied)} suite(s) de {RUN} mots reprises des sources :\n" + "\n".join(copied[:20])


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_context_page_is_in_own_words(path: Path) -> None:
    copied = [f"docs/comprendre/{path.name} : « {run} »" for run in shared_runs(page_text(path))]
    assert not copied, f"{len(copied)} suite(s) de {RUN} mots reprises des sources :\n" + "\n".join(copied[:20])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_figures_come_from_the_sources(path: Path) -> None:
    case = load_case(path)
    missing = []
    for i, figure in enumerate(case.get("figures") or []):
        texts = cited_texts(case, figure.get("source", ""))
        for key, number in figure_numbers(figure):
            pattern = number_pattern(number)
            if not any(pattern.search(t) or written_with_scale(number, t) for t in texts) \
                    and not rests_on_wording(figure, number, texts):
                missing.append(f"{path.name} figures[{i}].{key} = {number} ({figure.get('unit')}) : "
                               f"introuvable dans la source « {figure.get('source')} »")
    assert not missing, "chiffres absents des sources :\n" + "\n".join(missing)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_evidence_is_in_the_source_and_states_the_figure(path: Path) -> None:
    case = load_case(path)
    wrong = []
    for i, figure in enumerate(case.get("figures") or []):
        evidence = figure.get("evidence")
        where = f"{path.name} figures[{i}]"
        if not isinstance(evidence, str) or not evidence.strip():
            wrong.append(f"{where} : pas de preuve (evidence)")
            continue
        if not any(verbatim(evidence) in verbatim(t) for t in cited_texts(case, figure.get("source", ""))):
            wrong.append(f"{where}.evidence « {evidence} » : introuvable mot pour mot dans la source "
                         f"« {figure.get('source')} »")
        for key, number in figure_numbers(figure):
            if not written_in(number, evidence, figure):
                wrong.append(f"{where}.{key} = {number} : absent de sa preuve « {evidence} »")
        wording = figure.get("wording")
        if isinstance(wording, str) and " ".join(words(wording)) not in " ".join(words(evidence)):
            wrong.append(f"{where}.wording « {wording} » : la forme d’affichage n’est pas dans la preuve « {evidence} »")
    assert not wrong, "preuves fausses :\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_case_is_teachable_and_cited(path: Path) -> None:
    case = load_case(path)
    questions = case.get("questions") or []
    assert 2 <= len(questions) <= 4, f"{path.name} : {len(questions)} question(s), il en faut de 2 à 4"
    sources = case.get("sources") or []
    cited = [s for s in sources if isinstance(s, dict) and s.get("title") and s.get("publisher")]
    assert cited, f"{path.name} : aucune source avec un titre et un éditeur (publisher)"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_story_length(path: Path) -> None:
    story = load_case(path).get("story") or {}
    count = sum(len(words(v)) for v in story.values() if isinstance(v, str))
    assert 300 <= count <= 700, f"{path.name} : récit de {count} mots, il en faut de 300 à 700"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_context_page_length(path: Path) -> None:
    if path.name == "index.md":
        return
    text = path.read_text(encoding="utf-8")
    body = _FRONT_MATTER.sub("", text)
    count = len(words(body))
    assert 300 <= count <= 600, f"docs/comprendre/{path.name} : {count} mots, il en faut de 300 à 600"


# --- the checks themselves can fail ----------------------------------------------------------------------------


@pytest.mark.parametrize("written, number, found", [
    ("70 000 clients", 70000, True), ("de 140.000 à", 140000, True), ("3,5 millions", 3.5, True),
    ("70\u202f000", 70000, True), ("le 10 septembre", 10, True), ("10 000 personnes", 10, False),
    ("10 000 personnes", 10000, True), ("560 000 heures", 60000, False), ("2015", 15, False), ("3,5", 5, False),
])
def test_number_pattern(written: str, number: float, found: bool) -> None:
    assert bool(number_pattern(number).search(written)) is found


@pytest.mark.parametrize("number, evidence, figure, found", [
    (3500000, "3,5 millions de Français impactés", {}, True),
    (3500000, "3,5 Français impactés", {}, False),
    (3.5, "3,5 millions de Français impactés", {}, True),  # the digits are there; the scale is the other check
    (10, "une dizaine d’institutions bancaires", {"qualifier": "about"}, True),
    (10, "une dizaine d’institutions bancaires", {}, False),
    (1, "un dépôt de dossier de surendettement", {}, True),
    (140000, "le passage de 140.000 à 240.000 personnes", {}, True),
    (25, "Turnover tombé de 25% à 8%", {}, True),
    (2800, "28 000 personnes", {}, False),
])
def test_written_in(number: float, evidence: str, figure: dict[str, Any], found: bool) -> None:
    assert written_in(number, evidence, figure) is found


def test_verbatim_ignores_spacing_and_apostrophes_only() -> None:
    source = verbatim("  560 000 heures d'insertion\nréalisées en 2013")
    assert verbatim("560\u202f000 heures d’insertion réalisées en 2013") in source
    assert verbatim("560 000 heures d’insertion réalisées") in source
    assert verbatim("560 000 heures d’insertion effectuées") not in source


def test_a_copied_sentence_is_caught() -> None:
    first = next(iter(source_texts().values()))
    run = " ".join(words(first)[40:40 + RUN + 3])
    assert shared_runs(f"Un texte qui cite sans le dire : {run}.")
    assert not shared_runs("Une phrase écrite pour ce site, que personne n’a jamais publiée ailleurs, ni ici ni là-bas.")
