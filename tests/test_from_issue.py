"""`pionniers from-issue`: the proposal form's body, as GitHub renders it, read strictly into a case file — or answered
field by field, in French, without a guess. The form, the vocabularies and the documented figure syntax are held
together here, so that none of them can drift from the others."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from issue_body import FORM, render
from pionniers.common import chars, vocab
from pionniers.common.paths import Layout
from pionniers.contribute.dump import case_yaml
from pionniers.contribute.figure_line import LineError, normalise, parse
from pionniers.contribute.from_issue import STORY, from_issue, reply
from pionniers.contribute.issue_form import load_form, parse_body
from pionniers.model.load import load_text
from pionniers.model.validate import check_file
from pionniers.site.sandbox import ROOT, make_project

TODAY = date(2026, 11, 24)
RULES = [o["label"] for o in next(i for i in yaml.safe_load(FORM.read_text(encoding="utf-8"))["body"]
                                  if i.get("id") == "rules")["attributes"]["options"]]
GOOD = {
    "title": "Marie Essai et l’Atelier : réparer pour embaucher",
    "slug": "marie-essai-atelier",
    "kind": "Entrepreneur social Ashoka",
    "summary": "Marie Essai crée l’Atelier, qui répare des vélos avec des personnes éloignées de l’emploi.",
    "people": "Marie Essai | fondatrice de l’Atelier",
    "organisations": "Atelier Essai | association | porteur | l’accompagnement des salariés en insertion\n"
                     "Banque Témoin Essai | Entreprise | partenaire | non précisé",
    "start_year": "2012",
    "place": "Lyon",
    "scale": "Locale",
    "themes": ["L’insertion par le recyclage", "L’intégration sur le marché de l’emploi"],
    "challenge": "Des personnes restent loin de l’emploi.[^1]  \n\nLe défi est *grand*.[^1]",
    "innovation": "L’Atelier répare des vélos.[^1]",
    "co_creation": "La banque apporte un local.[^2]",
    "results": "Plus de 300 personnes accompagnées.[^1]",
    "figures": "plus de 300 | personnes | accompagnées | depuis 2012 | atteint | 1 | plus de 300 personnes accompagnées\n"
               "63 % à 80 % | % | des salariés en emploi durable |  | atteint | 2 | « 63 % à 80 % des salariés »",
    "sources": "Un article d’essai | Éditeur d’essai | non précisé | 13 juin 2014\n"
               "Un rapport d’essai | non précisé | Jeanne Autrice | non précisé | https://example.org/rapport",
    "quotes": "Réparer, c’est embaucher | Marie Essai | 1",
    "questions": "Qu’apporte la banque ?\nQu’apporte l’Atelier ?",
    "review_notes": "La source ne dit pas où se trouve le local.",
    "rules": RULES,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p", [ROOT / "tests/fixtures/valid/cas-de-base.yml"])
    shutil.copytree(ROOT / ".github", project / ".github")
    return project


def convert(project: Path, answers: dict[str, object]):  # noqa: ANN201
    return from_issue(Layout(project), render(answers), today=TODAY)


def fields_named(outcome) -> list[tuple[str, int]]:  # noqa: ANN001
    return [(r.label, r.line) for r in outcome.remarks]


# --- the form, the vocabularies, the converter ----------------------------------------------------------------------


def test_the_form_offers_exactly_the_vocabularies() -> None:
    fields = {f.id: f for f in load_form(FORM)}
    v = vocab.load()
    assert list(fields["kind"].options) == [t.label for t in v.kinds.values()]
    assert list(fields["scale"].options) == [t.label for t in v.scales.values()]
    assert list(fields["themes"].options) == [t.label for t in v.themes.values()]
    read = {"title", "slug", "kind", "summary", "people", "organisations", "start_year", "place", "scale", "themes",
            *STORY, "figures", "sources", "quotes", "questions", "review_notes", "rules"}
    assert set(fields) == read
    assert len({f.label for f in fields.values()}) == len(fields), "two fields share a label"


def test_the_examples_the_form_gives_are_read() -> None:
    fields = {f.id: f for f in load_form(FORM)}
    form = {i.get("id"): i for i in yaml.safe_load(FORM.read_text(encoding="utf-8"))["body"]}
    for line in form["figures"]["attributes"]["placeholder"].strip().split("\n"):
        parse(line)
    assert fields["figures"].render == "text"


# --- one figure line --------------------------------------------------------------------------------------------

LINE = "{value} | {unit} | ce qui est compté | {when} | atteint | 1 | les mots de la source"


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("70 000", "ménages", {"shape": "count", "value": 70000}),
    ("70000", "ménages", {"shape": "count", "value": 70000}),
    ("plus de 33 000", "ménages", {"shape": "count", "value": 33000, "qualifier": "at_least"}),
    ("+ 33 000", "ménages", {"shape": "count", "value": 33000, "qualifier": "at_least"}),
    ("au moins 49", "pays", {"shape": "count", "value": 49, "qualifier": "at_least"}),
    ("environ 60 000", "habitants", {"shape": "count", "value": 60000, "qualifier": "about"}),
    ("au plus 5", "jours", {"shape": "count", "value": 5, "qualifier": "at_most"}),
    ("une dizaine", "banques", {"shape": "count", "value": 10, "qualifier": "about", "wording": "une dizaine"}),
    ("3,5 millions", "Français", {"shape": "count", "value": 3500000, "wording": "3,5 millions"}),
    ("2,5", "h", {"shape": "count", "value": 2.5}),
    ("63 à 80", "%", {"shape": "range", "low": 63, "high": 80}),
    ("63 % à 80 %", "%", {"shape": "range", "low": 63, "high": 80}),
    ("de 25 à 8", "%", {"shape": "change", "from": 25, "to": 8}),
    ("de 140 000 à 240 000", "personnes", {"shape": "change", "from": 140000, "to": 240000}),
    ("16 par mois", "h", {"shape": "rate", "value": 16, "per": "mois"}),
    ("environ 450 000 par an", "repas", {"shape": "rate", "value": 450000, "qualifier": "about", "per": "an"}),
    ("toutes les 3 minutes", "dossier", {"shape": "rate", "value": 1, "per": "3 minutes"}),
])
def test_each_figure_shape(value: str, unit: str, expected: dict[str, object]) -> None:
    data = parse(LINE.format(value=value, unit=unit, when="")).data
    shape = {k: v for k, v in data.items() if k not in ("unit", "label", "status", "source", "evidence")}
    assert shape == expected
    assert data["unit"] == unit and data["status"] == "achieved" and data["source"] == "source-1"


@pytest.mark.parametrize(("when", "expected"), [
    ("", None), ("en 2015", {"as_of": 2015}), ("depuis 2013", {"since": 2013}), ("depuis mars 2013", {"since": "2013-03"}),
    ("d’ici 2020", {"by": 2020}), ("d'ici à 2022", {"by": 2022}), ("de 2011 à 2014", {"from": 2011, "to": 2014}),
    ("en 5 ans", {"during": "5 ans"}), ("fin 2017", {"as_of": 2017, "wording": "fin 2017"}),
    ("en décembre 2017", {"as_of": "2017-12"}),
])
def test_each_time_form(when: str, expected: dict[str, object] | None) -> None:
    assert parse(LINE.format(value="12", unit="x", when=when)).data.get("time") == expected


@pytest.mark.parametrize(("line", "column", "words"), [
    ("beaucoup | ménages |  |  | atteint | 1 | des mots", 1, "nombre illisible « beaucoup »"),
    ("70.000 | ménages |  |  | atteint | 1 | des mots", 1, "virgule"),
    ("près de 5 000 | ménages |  |  | atteint | 1 | des mots", 1, "nombre illisible « près de 5 000 »"),
    ("12 % | ménages |  |  | atteint | 1 | des mots", 1, "l’unité (colonne 2) est « ménages »"),
    ("12 |  |  |  | atteint | 1 | des mots", 2, "unité manquante"),
    ("12 | ménages |  | l’an dernier | atteint | 1 | des mots", 4, "« l’an dernier »"),
    ("12 | ménages |  | vers 2015 | atteint | 1 | des mots", 4, "« vers 2015 »"),
    ("12 | ménages |  |  | réussi | 1 | des mots", 5, "statut « réussi » inconnu"),
    ("12 | ménages |  |  | atteint | la première | des mots", 6, "source « la première » illisible"),
    ("12 | ménages |  |  | atteint | 1 | « »", 7, "preuve manquante"),
    ("12 | ménages | atteint | 1", 0, "7 colonnes attendues"),
])
def test_a_line_it_cannot_read_is_refused_never_approximated(line: str, column: int, words: str) -> None:
    with pytest.raises(LineError) as caught:
        parse(line)
    assert caught.value.column == column and words in caught.value.message, caught.value.message


def test_the_source_words_keep_their_own_pipes() -> None:
    data = parse("12 | ménages |  |  | contexte | source 2 | « 12 ménages | et d’autres »").data
    assert (data["evidence"], data["source"], data["status"]) == ("12 ménages | et d’autres", "source-2", "context")


# --- the body GitHub writes ---------------------------------------------------------------------------------------


def test_body_headings_no_response_checkboxes_and_fences() -> None:
    fields = load_form(FORM)
    body = render(GOOD).replace("- [X] L’insertion par le recyclage", "- [x] L’insertion par le recyclage")
    parsed = parse_body(body, fields)
    assert parsed.remarks == []
    answers = parsed.answers
    assert answers["title"].text == GOOD["title"]
    assert answers["figures"].text == GOOD["figures"]  # the ```text fence removed, CRLF read as LF
    assert set(answers["themes"].checked) == set(GOOD["themes"])
    empty = parse_body(render({**GOOD, "quotes": ""}), fields).answers
    assert empty["quotes"].text == ""


def test_an_answer_cannot_pass_for_another_field() -> None:
    """A contributor who types a field's heading inside an answer does not get to fill that field twice."""
    fields = load_form(FORM)
    sneaky = {**GOOD, "challenge": "Le défi.\n\n### Identifiant du cas\n\nautre-slug"}
    parsed = parse_body(render(sneaky), fields)
    assert [(r.label, r.message.split(" : ")[0]) for r in parsed.remarks] == [
        ("Identifiant du cas", "le titre « ### Identifiant du cas » apparaît 2 fois")]
    missing = parse_body(render(GOOD).replace("### Lieu\r\n", ""), fields)
    assert [r.label for r in missing.remarks] == ["Lieu"] and "champ absent" in missing.remarks[0].message
    swapped = render(GOOD).replace("### Titre du cas", "### TMP").replace("### Identifiant du cas", "### Titre du cas")
    swapped = swapped.replace("### TMP", "### Identifiant du cas")
    assert "ordre du formulaire" in parse_body(swapped, fields).remarks[0].message


# --- converting ---------------------------------------------------------------------------------------------------


def test_a_good_form_becomes_a_valid_case_file(project: Path) -> None:
    outcome = convert(project, GOOD)
    assert outcome.remarks == [] and outcome.written == project / "cases/marie-essai-atelier.yml"
    raw = outcome.written.read_bytes()
    # Nobody has reviewed it yet: the file says « à relire », which validation refuses until a maintainer does.
    assert "\nreviewed: à relire\n".encode() in raw, raw[-200:]
    pending = check_file(raw, "cases/marie-essai-atelier.yml", today=TODAY)
    assert [(p.field, "personne n’a encore relu ce cas" in p.message) for p in pending.problems] == [("reviewed", True)]
    raw = raw.replace("reviewed: à relire".encode(), b'reviewed: "2026-11-24"')
    checked = check_file(raw, "cases/marie-essai-atelier.yml", today=TODAY)
    assert checked.problems == [] and checked.case is not None
    case = checked.case
    assert (case.kind, case.start_year, case.territory.place, case.territory.scale) == ("fellow", 2012, "Lyon", "local")
    assert case.themes == ["integration-emploi", "insertion-recyclage"]
    assert case.organisations[1].sector == "entreprise" and case.organisations[1].brings == "non précisé"
    assert case.story.challenge == ("Des personnes restent loin de l’emploi.[^marie-essai-atelier-1]\n\n"
                                    "Le défi est *grand*.[^marie-essai-atelier-1]\n")
    assert case.story.co_creation == "La banque apporte un local.[^marie-essai-atelier-2]"
    assert case.figures[1].source == "marie-essai-atelier-2" and case.figures[1].evidence == "63 % à 80 % des salariés"
    assert case.sources == ["marie-essai-atelier-1", "marie-essai-atelier-2"]
    # Each line of « Sources » is a record of its own; the evidence and quotations that cite it are its extracts.
    assert outcome.records == [project / "sources/marie-essai-atelier-1.yml", project / "sources/marie-essai-atelier-2.yml"]
    first, second = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in outcome.records)
    assert first["id"] == "marie-essai-atelier-1" and first["date"] == "13 juin 2014" and "url" not in first
    assert first["extraits"] == ["plus de 300 personnes accompagnées", "Réparer, c’est embaucher"]
    assert first["kind"] == "non précisé"
    assert second["url"] == "https://example.org/rapport" and second["extraits"] == ["63 % à 80 % des salariés"]
    assert case.quotes[0].text == "Réparer, c’est embaucher" and case.questions[1] == "Qu’apporte l’Atelier ?"
    assert case.reviewed == "2026-11-24"  # as the maintainer wrote it
    assert raw.startswith(b"# yaml-language-server: $schema=../schema/cas.schema.json\nslug: marie-essai-atelier\n")


def test_mistakes_are_told_field_by_field_and_nothing_is_written(project: Path) -> None:
    bad = {**GOOD, "slug": "Marie Essai", "themes": [], "start_year": "vers 2012", "rules": RULES[:2],
           "organisations": "Atelier Essai | asso | porteur | un local\nBanque Témoin Essai | entreprise | partenaire |",
           "figures": "beaucoup | personnes |  |  | atteint | 1 | des mots\n12 | ateliers |  |  | atteint | 3 | 12 ateliers",
           "challenge": "Un paragraphe.\n\n## Un titre"}
    outcome = convert(project, bad)
    assert outcome.written is None and not (project / "cases/marie-essai.yml").exists()
    assert fields_named(outcome) == [
        ("Identifiant du cas", 0), ("Organisations", 1), ("Organisations", 2), ("Année de départ", 0),
        ("Thèmes", 0), ("Le défi", 3), ("Chiffres d’impact", 1), ("Chiffres d’impact", 2), ("Avant d’envoyer", 0)]
    messages = [r.message for r in outcome.remarks]
    assert "par exemple « marie-essai »" in messages[0]
    assert "secteur « asso » inconnu" in messages[1] and "« non précisé »" in messages[2]
    assert "titre Markdown interdit" in messages[5]
    assert "nombre illisible « beaucoup »" in messages[6] and "source 3 introuvable" in messages[7]


def test_every_problem_comes_in_one_reply(project: Path) -> None:
    """A line the form cannot read and a problem only validation finds (a future year, a summary too long) come
    back together: one round trip, not one per stage."""
    outcome = convert(project, {**GOOD, "start_year": "2031", "summary": "x" * 400,
                                "figures": "beaucoup | personnes |  |  | atteint | 1 | des mots"})
    named = fields_named(outcome)
    assert ("Chiffres d’impact", 1) in named and ("Année de départ", 0) in named, named
    assert any(label.startswith("Résumé") or label.startswith("Chapeau") for label, _ in named), named
    assert outcome.written is None


def test_any_place_is_accepted_and_the_source_s_words_are_kept_as_typed(project: Path) -> None:
    evidence = "l'Atelier a accompagné plus de 300 personnes"  # the source's own apostrophe, ASCII
    outcome = convert(project, {**GOOD, "place": "Aubagne",
                                "figures": GOOD["figures"].replace("| 1 | plus de 300 personnes accompagnées",
                                                                   f"| 1 | {evidence}"),
                                "quotes": "C'est en réparant qu'on embauche | Marie Essai | 1"})
    assert outcome.remarks == [], outcome.remarks
    data = yaml.safe_load(outcome.written.read_text(encoding="utf-8"))
    assert data["territory"]["place"] == "Aubagne"
    assert data["figures"][0]["evidence"] == evidence
    assert data["quotes"][0]["text"] == "C'est en réparant qu'on embauche"


def test_validation_problems_are_told_in_the_form_s_words(project: Path) -> None:
    """What only validation finds (a kind that needs a person, an organisation spelled otherwise elsewhere, a future
    year) comes back at the form's field, with the figure's line when it is about a figure."""
    outcome = convert(project, {**GOOD, "people": "", "start_year": "2031",
                                "organisations": "CRESUS | association | porteur | l’accompagnement",
                                "figures": GOOD["figures"].replace("| 1 | plus de 300", "| 2 | plus de 300")
                                                          .replace("de 300 | personnes", "de 300 | " + "p" * 10)})
    told = {(r.label, r.line): r.message for r in outcome.remarks}
    assert outcome.written is None
    assert "nommez-la dans people" in told[("Type de cas", 0)]
    assert "pas d’année future" in told[("Année de départ", 0)]
    assert "« CRESUS » ici mais « Crésus »" in told[("Organisations", 1)]


def test_an_existing_slug_is_refused(project: Path) -> None:
    outcome = convert(project, {**GOOD, "slug": "cas-de-base"})
    assert fields_named(outcome) == [("Identifiant du cas", 0)] and "déjà" in outcome.remarks[0].message


HOSTILE = "```\n@quelquun #1 <img src=x onerror=alert(1)> [lien](https://ailleurs.example) ::error::faux\u202e"


def test_invisible_characters_are_refused_at_their_field_and_line(project: Path) -> None:
    outcome = convert(project, {**GOOD, "title": "Titre\u200b caché", "results": "Une ligne.\nUne autre\u202e."})
    assert fields_named(outcome) == [("Titre du cas", 1), ("L’impact", 2)]
    assert "U+200B" in outcome.remarks[0].message and "U+202E" in outcome.remarks[1].message


def test_hostile_text_is_kept_exactly_in_the_file_and_inert_in_the_reply(project: Path) -> None:
    outcome = convert(project, {**GOOD, "review_notes": "Notes.", "summary": "Résumé {{ x }} <b>gras</b> : #12 @moi",
                                "figures": "beaucoup | x |  |  | atteint | 1 | " + HOSTILE.replace("\n", " ")})
    text = reply(outcome, 7, Layout(project))
    block = text[text.index("````text"):]
    assert block.count("````") == 2, "the fence must be longer than the backticks the contributor typed"
    assert "\\u202e" in block and "\u202e" not in text, "invisible characters are shown, not kept"
    outside = text.replace(block, "")
    assert "@quelquun" not in outside and "<img" not in outside
    fine = convert(project, {**GOOD, "summary": "Résumé {{ x }} <b>gras</b> : #12 @moi « y » no"})
    assert fine.written is not None
    loaded, problems = load_text(fine.written.read_bytes(), "x.yml")
    assert problems == [] and loaded.data["summary"] == "Résumé {{ x }} <b>gras</b> : #12 @moi « y » no"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_one_line_text_is_written_back_exactly_or_refused(text: str) -> None:
    """Whatever a contributor types in a one-line field, the safe dumper writes a file that reads back to the same
    text, or the loader refuses a character with a problem naming the field; never a crash, never another value."""
    value = normalise(text)
    if not value:
        return
    data = {"slug": "x", "title": value, "questions": [value]}
    loaded, problems = load_text(case_yaml(data).encode("utf-8"), "x.yml")
    if problems:  # a character a case file may not hold (invisible, unassigned…): the converter refuses it first
        assert all("interdit" in p.message and any(chars.forbidden(value, tabs=True)) for p in problems), problems
    else:
        assert loaded.data == {**data, "title": unicodedata.normalize("NFC", value),
                               "questions": [unicodedata.normalize("NFC", value)]}


# --- the command --------------------------------------------------------------------------------------------------


def cli(project: Path, *args: str, body: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "pionniers", "from-issue", *args], cwd=project, env=env,
                          input=body, capture_output=True, text=True, timeout=60)


def test_command_exit_codes_reply_and_pull_request_body(project: Path) -> None:
    (project / "bad.md").write_text(render({**GOOD, "themes": []}), encoding="utf-8")
    bad = cli(project, "bad.md", "--issue", "7", "--reply", "reponse.md", "--pr-body", "pr.md")
    assert bad.returncode == 1, bad.stderr
    assert bad.stdout.splitlines() == ["« Thèmes » : cochez au moins un thème",
                                       "1 point à corriger dans le formulaire : aucun fichier écrit."]
    assert "cochez au moins un thème" in (project / "reponse.md").read_text(encoding="utf-8")
    assert not (project / "pr.md").exists()
    good = cli(project, "-", "--issue", "7", "--reply", "reponse.md", "--pr-body", "pr.md", body=render(GOOD))
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout == "cases/marie-essai-atelier.yml écrit : la proposition est prête à relire.\n"
    answer = (project / "reponse.md").read_text(encoding="utf-8")
    assert "`cases/marie-essai-atelier.yml`" in answer and "`proposition/issue-7`" in answer
    description = (project / "pr.md").read_text(encoding="utf-8")
    assert "Closes #7" in description and "## Liste de contrôle de la relecture" in description
    assert cli(project, "absent.md").returncode == 2
    assert cli(project, "bad.md", "--form", "absent.yml").returncode == 2


def test_a_reply_that_cannot_be_written_is_a_usage_error(project: Path) -> None:
    result = cli(project, "-", "--reply", "absent/reponse.md", body=render({**GOOD, "themes": []}))
    assert result.returncode == 2 and "écriture impossible" in result.stderr and "Traceback" not in result.stderr


# --- what the bot writes on GitHub never mentions anyone nor references anything of a stranger's -------------------

_MENTION = __import__("re").compile(r"(?<![\w`])@[A-Za-z0-9]|(?<!\w)#\d|\bGH-\d|\w/[\w.-]+#\d|https?://|www\.",
                                    __import__("re").I)


def github_live_text(markdown: str) -> list[str]:
    """The text GitHub would scan for mentions, references and bare links: every text outside code, with character
    references decoded (as GitHub does before it looks), read by a CommonMark parser; raw HTML counts as text."""
    from markdown_it import MarkdownIt

    found = []

    def walk(tokens) -> None:  # noqa: ANN001
        for token in tokens:
            if token.type in ("text", "html_inline", "html_block"):
                found.append(token.content)
            if token.children:
                walk(token.children)

    walk(MarkdownIt("commonmark").parse(markdown))
    return found


HOSTILE_TITLES = ["@octocat et #1", "&#64;octocat et &#35;1", "`@octocat` #2 `", "GH-3 et org/depot#4",
                  "@org/equipe", "https://ailleurs.example/ et www.ailleurs.example", "``` @x #5 ```",
                  "@\u00a0x #\u00a06", "[@x](https://ailleurs.example)"]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_the_pull_request_body_mentions_and_references_nothing_from_the_form(project: Path, title: str) -> None:
    from pionniers.contribute.from_issue import pr_body

    outcome = convert(project, {**GOOD, "title": title + " : un titre"})
    assert outcome.written is not None, [r.message for r in outcome.remarks]
    body = pr_body(outcome, 7, Layout(project))
    live = [m.group() for text in github_live_text(body) for m in _MENTION.finditer(text)]
    assert live == ["#7", "#7"], live  # « venue du formulaire : #7 » and « Closes #7 », ours
    assert outcome.title in body  # shown as the case file writes it, in a code span


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_the_issue_reply_mentions_and_references_nothing_from_the_form(project: Path, title: str) -> None:
    outcome = convert(project, {**GOOD, "title": title, "themes": [], "summary": title,
                                "figures": f"{title} | x |  |  | atteint | 1 | {title}"})
    assert outcome.written is None
    text = reply(outcome, 7, Layout(project))
    assert [m.group() for t in github_live_text(text) for m in _MENTION.finditer(t)] == []


def test_a_reply_stays_under_githubs_comment_limit_whatever_the_issue_holds(project: Path) -> None:
    from pionniers.contribute.from_issue import REPLY_MAX

    long_line = "beaucoup " * 10 + "| x |  |  | atteint | 9 | " + "`@x` " * 20
    outcome = convert(project, {**GOOD, "figures": "\n".join([long_line] * 250)})
    assert len(render({**GOOD, "figures": "\n".join([long_line] * 250)})) < 65_536
    assert len(outcome.remarks) > 100
    text = reply(outcome, 7, Layout(project))
    assert len(text) <= REPLY_MAX < 65_536
    assert "autre(s) point(s) : corrigez d’abord ceux-ci" in text
    block = text[text.index("\n```"):]
    assert [m.group() for t in github_live_text(text) for m in _MENTION.finditer(t)] == []
    assert block.count("\n") > 20


@pytest.mark.parametrize("url", ["https://exemple.org/l'article", "https://exemple.org/a`b`c", "https://exemple.org/x%27y",
                                 "https://exemple.org/Ô?q=l'été#l'a"])
def test_a_source_address_is_never_retyped(project: Path, url: str) -> None:
    second = GOOD["sources"].split("\n")[1]
    outcome = convert(project, {**GOOD, "sources": f"Un article | Éditeur | non précisé | 13 juin 2014 |   {url}  \n"
                                                   + second})
    assert outcome.written is not None, [r.message for r in outcome.remarks]
    record = sorted(outcome.records)[0]  # the first line of « Sources » becomes the first record
    loaded, _ = load_text(record.read_bytes(), "x.yml")
    assert loaded.data["url"] == url


@pytest.mark.parametrize("url, words", [
    ("https://evil.example\\.ashoka.org/", ["barre oblique inverse", "a.example"]),
    ("https://ashokа.org/", ["mêle plusieurs écritures", "CYRILLIC, LATIN"]),
    ("https://[::1/x", ["adresse illisible", "IPv6"]),
    ("https://exemple.org:99999/", ["le port"]),
])
def test_an_address_a_browser_would_read_otherwise_is_refused_in_french(project: Path, url: str,
                                                                          words: list[str]) -> None:
    second = GOOD["sources"].split("\n")[1]
    outcome = convert(project, {**GOOD, "sources": f"Un article | Éditeur | non précisé | 13 juin 2014 | {url}\n"
                                                   + second})
    assert outcome.written is None
    message = " ".join(r.message for r in outcome.remarks)
    assert all(w in message for w in words), message
    assert "Invalid" not in message


FIGURE_LINE = "{value} | personnes | accompagnées | {time} | atteint | 1 | plus de 300 personnes accompagnées"


@pytest.mark.parametrize("value, time", [("300", "depuis mars 0000"), ("300", "d’ici décembre 9999"),
                                         ("300", "en ٢٠١٣"), ("300", "depuis ２０１３"), ("300", "de 2014 à 2011"),
                                         ("5 par 0", ""), ("٣٠٠", "en 2013")])
def test_nonsense_in_a_figure_line_is_refused_at_its_line(project: Path, value: str, time: str) -> None:
    figures = FIGURE_LINE.format(value=value, time=time) + "\n" + GOOD["figures"].split("\n")[1]
    outcome = convert(project, {**GOOD, "figures": figures})
    assert outcome.written is None
    assert [(r.label, r.line) for r in outcome.remarks] == [("Chiffres d’impact", 1)], \
        [r.message for r in outcome.remarks]


def test_a_tiny_decimal_is_written_and_read_back(project: Path) -> None:
    figures = FIGURE_LINE.format(value="0,000001", time="en 2013") + "\n" + GOOD["figures"].split("\n")[1]
    outcome = convert(project, {**GOOD, "figures": figures})
    assert outcome.written is not None, [r.message for r in outcome.remarks]
    loaded, problems = load_text(outcome.written.read_bytes(), "x.yml")
    assert problems == [] and loaded.data["figures"][0]["value"] == 0.000001


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False))
def test_any_number_the_form_writes_reads_back_exactly(value: float) -> None:
    from decimal import Decimal

    from pionniers.contribute.figure_line import DIGITS_MAX

    written = format(Decimal(repr(value)), "f")
    if len(written) > DIGITS_MAX + 2:
        return  # more digits than the form reads (figure_line.number refuses them before anything is written)
    loaded, problems = load_text(case_yaml({"slug": "x", "figures": [{"value": value}]}).encode(), "x.yml")
    assert problems == [] and loaded.data["figures"][0]["value"] == value


def test_a_slug_that_is_another_case_s_old_address_is_refused_in_the_form(project: Path) -> None:
    shutil.copy(ROOT / "tests/fixtures/site/alpha-banque.yml", project / "cases" / "alpha-banque.yml")
    outcome = convert(project, {**GOOD, "slug": "ancien-alpha"})
    assert outcome.written is None
    assert any("ancienne adresse du cas cases/alpha-banque.yml" in r.message for r in outcome.remarks), \
        [r.message for r in outcome.remarks]


def test_story_calls_and_evidence_are_told_in_the_forms_numbers(project: Path) -> None:
    """A paragraph of the story with no [^n], a call to a source line that does not exist: each told at its field,
    with the form's numbers (never the file's ids); nothing is written."""
    answers = {**GOOD, "innovation": "L’Atelier répare des vélos.", "co_creation": "La banque apporte un local.[^3]"}
    outcome = convert(project, answers)
    assert outcome.written is None and outcome.records == []
    told = {(r.label, r.message.split(" : ")[0]) for r in outcome.remarks}
    assert ("L’innovation", "paragraphe sans appel de note") in told
    assert ("La co-création", "appel de note [^3]") in told
    bare = next(r for r in outcome.remarks if r.label == "L’innovation")
    assert "[^1]" in bare.message
    wrong = next(r for r in outcome.remarks if r.label == "La co-création")
    assert "n° 1, n° 2" in wrong.message
    assert not any("marie-essai-atelier-" in r.message for r in outcome.remarks)
    assert not (project / "sources/marie-essai-atelier-1.yml").exists()
