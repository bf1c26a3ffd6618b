"""`pionniers from-issue FILE`: a submitted proposal form (the issue body as GitHub renders it) → `cases/<slug>.yml`
and one source record `sources/<slug>-<n>.yml` per line of the form's « Sources ».

    body ─issue_form─▶ answers by field id ─convert─▶ case data ─dump (safe dumper)─▶ YAML ─validate + corpus─▶ file

Each answer is read strictly (figure lines by figure_line.py); what cannot be read is a Remark naming the form's
field and the line inside it, never a guess. The YAML is written by PyYAML's safe dumper only, then goes through the
same validation as any case file; its problems are told back in the form's words (« Chiffres d’impact », ligne 2).
The story cites its sources as `[^1]`, `[^2]` (the numbers of the « Sources » lines), written `[^<slug>-1]` in the
case file; the evidence of each figure and the text of each quotation become the extracts of the source they cite.
The files are written only when there is nothing left to fix; a reply for the issue (Markdown) is written either way.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from pionniers.common import chars, escape, vocab
from pionniers.common.chars import visible
from pionniers.common.paths import Layout
from pionniers.common.problems import Problem
from pionniers.common.slug import slugify
from pionniers.contribute.dump import case_yaml, source_yaml
from pionniers.contribute.figure_line import LineError, as_written, fold, normalise
from pionniers.contribute.figure_line import parse as parse_figure
from pionniers.contribute.issue_form import FORM, Answer, Field, FormError, Remark, load_form, parse_body
from pionniers.model import prose, schema
from pionniers.model.corpus import case_files, corpus_problems, read_case
from pionniers.model.load import MAX_BYTES, load_text
from pionniers.model.sources import case_problems, check_source_file
from pionniers.model.validate import Checked, check_file

# Lines of the pipe-separated fields: (form id, names of the columns). The last column takes the rest of the line.
COLUMNS = {
    "people": ("nom", "rôle"),
    "organisations": ("nom", "secteur", "rôle", "ce qu’elle apporte"),
    "sources": ("titre", "éditeur", "auteur", "date", "adresse"),
    "quotes": ("citation", "qui l’a dite", "source"),
}
# Columns kept exactly as written (only the spaces around them trimmed): an address is never retyped (« l'article »
# and « l’article » are two different pages).
VERBATIM = ("adresse",)
# Columns where a silent source is written « non précisé » (never left empty, never guessed).
UNSPECIFIED_OK = ("ce qu’elle apporte", "éditeur", "auteur", "date")
STORY = {"challenge": "challenge", "innovation": "innovation", "co_creation": "co_creation", "results": "results"}


@dataclass
class Conversion:
    """What came out of one body: the case data (what could be read, even when some answers could not), the remarks,
    and for each list field the line of each item (so that a validation problem on figures[2] points at its line in
    the form)."""

    data: dict[str, Any]
    remarks: list[Remark]
    labels: dict[str, str] = field(default_factory=dict)  # form id -> label
    lines: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # form id -> [(line in answer, text)]


# --- reading the answers ------------------------------------------------------------------------------------------


def _items(answer: Answer | None) -> list[tuple[int, str]]:
    """(line inside the answer, text) of each non-empty line."""
    if answer is None:
        return []
    return [(n, line.strip()) for n, line in enumerate(answer.text.split("\n"), 1) if line.strip()]


# Columns that are a source's own words, kept as typed (as_written): never an apostrophe changed.
AS_WRITTEN = ("citation",)


def _cells(text: str, names: tuple[str, ...], optional_last: bool = False) -> list[str]:
    cells = [c.strip() if name in VERBATIM else as_written(c) if name in AS_WRITTEN else normalise(c)
             for c, name in zip(text.split("|", len(names) - 1), names)]
    if optional_last and len(cells) == len(names) - 1:
        cells.append("")
    if len(cells) != len(names):
        raise LineError(0, f"{len(names)} colonnes attendues, séparées par « | », et {len(cells)} trouvée"
                           f"{'s' if len(cells) > 1 else ''} : {' | '.join(names)}")
    for i, (cell, name) in enumerate(zip(cells, names), 1):
        if not cell and not (optional_last and i == len(names)):
            fix = "écrivez « non précisé » si la source ne le dit pas" if name in UNSPECIFIED_OK else "remplissez-la"
            raise LineError(i, f"colonne {i} ({name}) vide : {fix}")
    return cells


def _choice(value: str, terms: dict[str, vocab.Term]) -> str | None:
    """A vocabulary key from its label or its key, without regard to case or accents."""
    wanted = fold(value)
    for key, term in terms.items():
        if wanted in (fold(term.label), fold(key)):
            return key
    return None


class _Reader:
    """Reads each answer into case data, collecting one remark per thing to fix."""

    def __init__(self, fields: list[Field], answers: dict[str, Answer]) -> None:
        self.fields = {f.id: f for f in fields}
        self.answers = answers
        self.remarks: list[Remark] = []
        self.lines: dict[str, list[tuple[int, str]]] = {}
        self.v = vocab.load()

    def remark(self, fid: str, message: str, line: int = 0, text: str = "") -> None:
        self.remarks.append(Remark(self.fields[fid].label if fid in self.fields else fid, line, text, message))

    def text(self, fid: str) -> str:
        answer = self.answers.get(fid)
        return answer.text.strip() if answer else ""

    def one_line(self, fid: str) -> str:
        value = normalise(self.text(fid))
        if not value and self.fields[fid].required:
            self.remark(fid, "réponse manquante")
        return value

    def prose(self, fid: str, text: str) -> None:
        """The story's Markdown subset, checked here so that its refusals come in the same reply as the rest."""
        lines = text.split("\n")
        for finding in prose.check(text)[0] if text else []:
            line = lines[finding.line] if finding.line < len(lines) else ""
            self.remark(fid, finding.message, finding.line + 1, line)

    def rows(self, fid: str, make: Callable[[list[str]], Any], optional_last: bool = False) -> list[Any]:
        out = []
        self.lines[fid] = []
        for line, text in _items(self.answers.get(fid)):
            try:
                out.append(make(_cells(text, COLUMNS[fid], optional_last)))
                self.lines[fid].append((line, text))
            except LineError as err:
                self.remark(fid, err.message, line, text)
        return out

    def organisation(self, cells: list[str]) -> dict[str, str]:
        name, sector, role, brings = cells
        key = _choice(sector, self.v.sectors)
        if key is None:
            raise LineError(2, f"secteur « {sector} » inconnu : entreprise, association, fondation, public ou académique")
        return {"name": name, "sector": key, "role": role, "brings": brings}

    def source(self, cells: list[str]) -> dict[str, Any]:
        title, publisher, author, when, url = cells
        return {"id": "", "title": title, "publisher": publisher, "author": author, "date": when,
                "url": url or None, "kind": schema.UNSPECIFIED, "extraits": []}

    def figures(self, sources: int) -> list[dict[str, Any]]:
        out = []
        self.lines["figures"] = []
        for line, text in _items(self.answers.get("figures")):
            try:
                figure = parse_figure(text)
            except LineError as err:
                where = f"colonne {err.column} : " if err.column else ""
                self.remark("figures", where + err.message, line, text)
                continue
            if figure.source > sources:
                self.remark("figures", f"colonne 6 : source {figure.source} introuvable : le champ « Sources » en "
                                       f"compte {sources}", line, text)
                continue
            out.append(figure.data)
            self.lines["figures"].append((line, text))
        return out

    def quotes(self, sources: int) -> list[dict[str, str]]:
        def make(cells: list[str]) -> dict[str, str]:
            quote, author, source = cells
            match = re.fullmatch(r"(?:source ?)?([0-9]{1,2})", fold(source))
            if not match or not 1 <= int(match.group(1)) <= sources:
                raise LineError(3, f"source « {source} » introuvable : écrivez le numéro d’une ligne du champ "
                                   "« Sources »")
            return {"text": quote.strip("«»\" ").strip(), "author": author, "source": int(match.group(1))}

        return self.rows("quotes", make)


def convert(fields: list[Field], answers: dict[str, Answer], today: date) -> Conversion:
    """The case data the answers describe, or the remarks that stop it (every one of them, not the first)."""
    r = _Reader(fields, answers)
    for fid, answer in answers.items():  # what a case file may not hold, refused here at its field and line
        for n, line in enumerate(answer.text.split("\n"), 1):
            for _, char in list(chars.forbidden(line, tabs=True))[:1]:
                r.remark(fid, chars.message(char), n, line)
    data: dict[str, Any] = {}
    slug = r.one_line("slug")
    title = r.one_line("title")
    if slug and not re.fullmatch(schema.SLUG_PATTERN, slug):
        hint = slugify(slug)[: schema.SLUG_MAX] or slugify(title)[: schema.SLUG_MAX]
        r.remark("slug", f"« {slug} » n’est pas un identifiant : minuscules sans accents, chiffres et tirets"
                         + (f", par exemple « {hint} »" if hint else ""))
    data["slug"], data["title"] = slug, title
    kind = _choice(r.text("kind"), r.v.kinds)
    if kind is None:
        r.remark("kind", f"type « {r.text('kind')} » inconnu : choisissez-en un dans la liste")
    data["kind"] = kind
    data["people"] = r.rows("people", lambda c: {"name": c[0], "role": c[1]})
    data["organisations"] = r.rows("organisations", r.organisation)
    if not data["organisations"] and not any(rm.label == r.fields["organisations"].label for rm in r.remarks):
        r.remark("organisations", "au moins une organisation : nom | secteur | rôle | ce qu’elle apporte")
    start = r.one_line("start_year")
    if fold(start) in ("non precise", "non precisee"):
        data["start_year"] = None
    elif re.fullmatch(r"[0-9]{4}", start):
        data["start_year"] = int(start)
    elif start:
        r.remark("start_year", f"« {start} » : écrivez une année en chiffres (« 2010 »), ou « non précisé »")
    scale = _choice(r.text("scale"), r.v.scales)
    if scale is None:
        r.remark("scale", f"échelle « {r.text('scale')} » inconnue : choisissez-en une dans la liste")
    place = r.one_line("place")
    data["territory"] = {"place": schema.UNSPECIFIED if fold(place) == "non precise" else place, "scale": scale}
    themes = [_choice(label, r.v.themes) for label in answers["themes"].checked] if "themes" in answers else []
    if not themes:
        r.remark("themes", "cochez au moins un thème")
    data["themes"] = themes
    data["summary"] = r.one_line("summary")
    data["story"] = {}
    for fid, key in STORY.items():
        text = "\n".join(line.rstrip() for line in r.text(fid).split("\n")).strip()
        if not text:
            r.remark(fid, "réponse manquante")
        r.prose(fid, text)
        data["story"][key] = text + "\n" if "\n" in text else text
    sources = r.rows("sources", r.source, optional_last=True)
    # The ids of its source records come from the slug; an unusable slug (already a remark) gives them a stand-in,
    # so that the rest of the proposal is checked all the same.
    owner = slug if re.fullmatch(schema.SLUG_PATTERN, slug) else "proposition"
    ids = [source_id(owner, n) for n in range(1, len(sources) + 1)]
    for ident, source in zip(ids, sources):
        source["id"] = ident
    if not sources and not any(rm.label == r.fields["sources"].label for rm in r.remarks):
        r.remark("sources", "au moins une source : titre | éditeur | auteur | date | adresse")
    data["figures"] = r.figures(len(sources))
    data["quotes"] = r.quotes(len(sources))
    for item, key in [(f, "evidence") for f in data["figures"]] + [(q, "text") for q in data["quotes"]]:
        number = _line_number(item["source"])  # checked against the count of sources by figures() and quotes()
        if item[key] not in sources[number - 1]["extraits"]:
            sources[number - 1]["extraits"].append(item[key])
        item["source"] = ids[number - 1]
    data["story"] = {key: _story_markers(text, ids) for key, text in data["story"].items()}
    data["questions"] = [text for _, text in _items(answers.get("questions"))]
    r.lines["questions"] = _items(answers.get("questions"))
    data["sources"] = ids
    data["_records"] = sources
    data["reviewed"] = schema.REVIEW_PENDING  # nobody has reviewed it yet: the maintainer who does writes the date
    notes = r.text("review_notes")
    r.prose("review_notes", notes)
    if notes:
        data["review_notes"] = "\n".join(line.rstrip() for line in notes.split("\n")) + "\n"
    rules = fields_by_id(fields).get("rules")
    if rules is not None:
        unchecked = [o for o in rules.options if o not in (answers["rules"].checked if "rules" in answers else ())]
        for option in unchecked:
            r.remark("rules", f"case non cochée : « {option} » ; relisez votre proposition, puis cochez-la")
    for empty in ("people", "quotes", "questions", "figures"):
        if not data[empty]:
            del data[empty]
    return Conversion(data, r.remarks, {f.id: f.label for f in fields}, r.lines)


def _line_number(ref: int | str) -> int:
    """A figure's or quotation's source as the form gives it (its line number; « source-2 » from a figure line)."""
    return ref if isinstance(ref, int) else int(ref.rsplit("-", 1)[-1])


def source_id(slug: str, number: int) -> str:
    """The id of the source on line `number` of a proposal's « Sources »: `<slug>-<number>`."""
    return f"{slug[:schema.SLUG_MAX - 4]}-{number}"


_FORM_MARKER = re.compile(r"\[\^(\d{1,2})\]")


def _story_markers(text: str, ids: list[str]) -> str:
    """The form's calls [^1], [^2] (numbers of « Sources » lines) as the case file writes them, [^<slug>-1]; a number
    with no source line stays as written (validation then says so)."""
    return _FORM_MARKER.sub(lambda m: f"[^{ids[int(m.group(1)) - 1]}]" if 1 <= int(m.group(1)) <= len(ids)
                            else m.group(0), text)


def fields_by_id(fields: list[Field]) -> dict[str, Field]:
    return {f.id: f for f in fields}


# --- validation, told in the form's words -------------------------------------------------------------------------

# The first part of a problem's field (figures[2].evidence → figures) → the form's id.
FIELD_OF = {"title": "title", "slug": "slug", "kind": "kind", "people": "people", "organisations": "organisations",
            "start_year": "start_year", "themes": "themes", "summary": "summary", "figures": "figures",
            "quotes": "quotes", "questions": "questions", "sources": "sources", "review_notes": "review_notes",
            "territory.place": "place", "territory.scale": "scale", "territory": "place",
            **{f"story.{key}": fid for fid, key in STORY.items()}}


def told_in_form(checked: Checked, conversion: Conversion) -> list[Remark]:
    """Each validation problem of the written YAML, at its form field and, for a list, the item's line."""
    remarks = []
    for problem in checked.problems:
        if problem.field == "reviewed" and is_review_pending(checked):
            continue  # « à relire » is what the form writes: a maintainer reviews the case and writes the date
        path = problem.field
        match = re.match(r"([a-z_]+(?:\.[a-z_]+)?)(?:\[(\d+)\])?", path)
        head = match.group(1) if match else ""
        fid = FIELD_OF.get(head) or FIELD_OF.get(head.split(".")[0], "")
        line, text = 0, ""
        if match and match.group(2) is not None and fid in conversion.lines:
            items = conversion.lines[fid]
            index = int(match.group(2))
            if index < len(items):
                line, text = items[index]
        elif fid in STORY or fid == "review_notes":
            where = checked.loaded.values.get(tuple(head.split("."))) if checked.loaded else None
            line = problem.line - where[0] if where and problem.line > where[0] else 0
        label = conversion.labels.get(fid, "")
        detail = f"[{path}] " if path and fid in ("figures", "people", "organisations", "sources", "quotes") else ""
        remarks.append(Remark(label, line, text, detail + _form_words(problem.message, conversion)))
    return remarks


def is_review_pending(checked: Checked) -> bool:
    return bool(checked.loaded) and checked.loaded.data.get("reviewed") == schema.REVIEW_PENDING


def _form_words(message: str, conversion: Conversion) -> str:
    """A message about a source id, as the form numbers its sources: [^<slug>-2] → [^2]."""
    data = conversion.data or {}
    for number, ident in reversed(list(enumerate(data.get("sources") or [], start=1))):  # -12 before -1
        message = (message.replace(f"[^{ident}]", f"[^{number}]").replace(f"« {ident} »", f"n° {number}")
                   .replace(ident, f"n° {number}"))
    return message


def check_against_corpus(layout: Layout, raw: bytes, path: str, today: date,
                         records: dict[str, bytes] | None = None) -> Checked:
    """The new file checked on its own, then with the corpus (slug and alias taken, one spelling per organisation)
    and with its new source records (`records`: id -> the text of sources/<id>.yml): in memory, before anything is
    written."""
    from pionniers.model.corpus import read_sources

    checked = check_file(raw, path, today=today)
    registry, files, _ = read_sources(layout, today)
    record_problems: list[Problem] = []
    for ident, text in (records or {}).items():
        rel = layout.rel(layout.sources / f"{ident}.yml")
        if ident in files:
            record_problems.append(Problem(path, 1, 1, f"le fichier {files[ident]} existe déjà : un cas porte déjà "
                                                       "cet identifiant ; choisissez-en un autre", "slug"))
            continue
        record = check_source_file(text, rel, today=today)
        record_problems.extend(Problem(path, 1, 1, p.message, "sources") for p in record.problems)
        if record.source is not None:
            registry[ident], files[ident] = record.source, rel
    if checked.loaded is not None:
        record_problems.extend(case_problems(path, checked.loaded, registry, files))
    others = []
    for other in case_files(layout)[0]:
        rel = layout.rel(other)
        if rel == path:
            continue
        try:
            others.append(check_file(read_case(other, MAX_BYTES), rel, today=today))
        except OSError:
            continue
    mine = [p for p in corpus_problems([*others, checked], layout.docs) if p.path == path]
    slug = checked.loaded.data.get("slug") if checked.loaded else None
    for other in others:
        aliases = other.loaded.data.get("aliases") if other.loaded else None
        if isinstance(slug, str) and isinstance(aliases, list) and slug in aliases:
            # corpus_problems says it at the other file's alias: the newcomer is the one to change
            mine.append(Problem(path, *checked.loaded.position(("slug",)), f"l’identifiant « {slug} » est une "
                                f"ancienne adresse du cas {other.path} (dans ses aliases), qui redirige vers lui : "
                                "choisissez-en un autre", "slug"))
    return Checked(checked.path, checked.case, checked.loaded, checked.problems + mine + record_problems,
                   checked.links, raw)


# --- the command --------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    slug: str
    written: Path | None
    remarks: list[Remark]
    title: str = ""
    records: list[Path] = field(default_factory=list)  # the source records written beside the case


def from_issue(layout: Layout, body: str, *, today: date | None = None, form: Path | None = None) -> Outcome:
    """Convert, validate, and write cases/<slug>.yml when nothing is left to fix. Every remark comes in one reply:
    the form's own (a heading missing, a line that cannot be read) and the validation of what could be read, except
    where a field already has a remark (its validation would only repeat it)."""
    today = today or date.today()
    fields = load_form(form or layout.root / FORM)
    parsed = parse_body(body, fields)
    if parsed.remarks and not parsed.answers:
        return Outcome("", None, parsed.remarks)
    conversion = convert(fields, parsed.answers, today)
    remarks = [*parsed.remarks, *conversion.remarks]
    data = conversion.data
    slug = data.get("slug") or ""
    valid_slug = bool(re.fullmatch(schema.SLUG_PATTERN, slug))
    target = layout.cases / f"{slug if valid_slug else 'proposition'}.yml"
    rel = layout.rel(target)
    if valid_slug and (target.exists() or target.is_symlink()):
        remarks.append(Remark(conversion.labels["slug"], 0, "", f"un cas porte déjà l’identifiant « {slug} » ({rel}) : "
                                                               "choisissez-en un autre"))
    records = {r["id"]: source_yaml({k: v for k, v in r.items() if v is not None}).encode("utf-8")
               for r in data.pop("_records")}
    raw = case_yaml(data).encode("utf-8")
    _, unreadable = load_text(raw, rel)
    for ident, text in records.items():
        unreadable += load_text(text, f"sources/{ident}.yml")[1]
    # Our own writing did not read back: never the contributor's answer to fix. Unless an answer was refused already
    # (a forbidden character kept in the partial data, so that the rest is checked too): its remark says it.
    if unreadable and not remarks:
        return Outcome(data["slug"], None, [Remark("", 0, "", "le robot n’a pas su écrire ce cas fidèlement (défaut de "
                       "Pionniers, pas de vos réponses) : l’équipe est prévenue par cette réponse ; "
                       + "; ".join(p.message for p in unreadable))], data["title"])
    checked = check_against_corpus(layout, raw, rel, today, records)
    answered = {rm.label for rm in remarks}
    said = {rm.message for rm in remarks}  # a character the form refused is refused again by the loader, unplaced
    remarks += [rm for rm in told_in_form(checked, conversion)
                if rm.label not in answered and rm.message not in said and not (rm.label == "" and not valid_slug)]
    if remarks:
        return Outcome(slug, None, remarks, data.get("title") or "")
    layout.cases.mkdir(exist_ok=True)
    layout.sources.mkdir(exist_ok=True)
    written = []
    for ident, text in records.items():
        with open(layout.sources / f"{ident}.yml", "xb") as handle:  # created, never overwritten
            handle.write(text)
        written.append(layout.sources / f"{ident}.yml")
    with open(target, "xb") as handle:  # created, never overwritten
        handle.write(raw)
    return Outcome(slug, target, [], data["title"], written)


# GitHub refuses a comment longer than 65,536 characters: the reply stays well under it, whatever the issue holds.
REPLY_MAX = 60_000
# A line of the reply's list shows at most this many characters of what the contributor wrote.
REMARK_SHOWN = 400


def reply(outcome: Outcome, issue: int | None, layout: Layout) -> str:
    """The answer posted on the issue (GitHub Markdown), from templates/issue_reply.md.j2; never longer than
    REPLY_MAX characters: each remark is cut to REMARK_SHOWN characters, and the list stops, saying how many remarks
    are left, when the next one would not fit."""
    from pionniers.pages.render import environment

    template = environment().get_template("issue_reply.md.j2")

    def render(lines: list[str]) -> str:
        return template.render(outcome=outcome, issue=issue, problems=escape.code_block(lines),
                               count=len(outcome.remarks), path=layout.rel(outcome.written) if outcome.written else "")

    room = REPLY_MAX - len(render([])) - 2 * REMARK_SHOWN - 200  # the fence grows with the backticks inside
    lines: list[str] = []
    for i, remark in enumerate(outcome.remarks):
        line = "\n".join(_cut(part) for part in _remark_line(remark).split("\n"))
        if len(line) + 1 > room:
            lines.append(f"… et {len(outcome.remarks) - i} autre(s) point(s) : corrigez d’abord ceux-ci, la réponse "
                         "suivante dira la suite")
            break
        lines.append(line)
        room -= len(line) + 1
    return render(lines)


def _cut(text: str) -> str:
    return text if len(text) <= REMARK_SHOWN else text[:REMARK_SHOWN - 1] + "…"


def _remark_line(remark: Remark) -> str:
    where = f"« {remark.label} »" if remark.label else "Le texte de l’issue"
    if remark.line:
        where += f", ligne {remark.line}"
    shown = f"\n    {visible(remark.text)}" if remark.text else ""
    return f"{visible(where)} : {visible(remark.message)}{shown}"


def pr_body(outcome: Outcome, issue: int | None, layout: Layout) -> str:
    """The pull request's description: where the case comes from, then the reviewer's checklist (the repository's own
    pull-request template)."""
    from pionniers.pages.render import environment

    template = layout.root / ".github" / "pull_request_template.md"
    checklist = Markup(template.read_text(encoding="utf-8")) if template.is_file() else Markup("")
    return environment().get_template("proposal_pr.md.j2").render(
        outcome=outcome, issue=issue, path=layout.rel(outcome.written) if outcome.written else "", checklist=checklist)


def run(layout: Layout, source: str, issue: int | None, reply_to: Path | None, pr_to: Path | None,
        form: Path | None) -> int:
    """0: the case file is written; 1: remarks (nothing written; the reply says what to fix); 2: unusable input."""
    try:
        body = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"pionniers from-issue : lecture impossible de {visible(source)} ({err.__class__.__name__})",
              file=sys.stderr)
        return 2
    try:
        outcome = from_issue(layout, body, form=form)
    except FormError as err:
        print(f"pionniers from-issue : {err}", file=sys.stderr)
        return 2
    for remark in outcome.remarks:
        print(_remark_line(remark).replace("\n    ", "\n    ligne : "))
    try:
        if reply_to is not None:
            reply_to.write_text(reply(outcome, issue, layout), encoding="utf-8")
        if outcome.written is not None and pr_to is not None:
            pr_to.write_text(pr_body(outcome, issue, layout), encoding="utf-8")
    except OSError as err:
        print(f"pionniers from-issue : écriture impossible ({visible(str(err.filename))}, {err.strerror})",
              file=sys.stderr)
        return 2
    if outcome.written is not None:
        print(f"{layout.rel(outcome.written)} écrit : la proposition est prête à relire.")
        return 0
    print(f"{len(outcome.remarks)} point{'s' if len(outcome.remarks) > 1 else ''} à corriger dans le formulaire : "
          "aucun fichier écrit.")
    return 1
