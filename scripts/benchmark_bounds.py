"""Work that grows with hostile input, measured: each figure printed next to a reference measured in the same run.

- the link-preview ellipsis (bisection) against the former one-character-at-a-time loop, on the longest one-line
  field a case may hold and on longer texts;
- « vouliez-vous dire » for 500 distinct links to missing pages against the pages of a 5,000-case site (20,000
  addresses), against difflib over every page (the former way, measured on a few links and given per link);
- validating a story of 6,000 links to missing pages.

Run: .venv/bin/python scripts/benchmark_bounds.py
"""

from __future__ import annotations

import difflib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402

from pionniers.common.paths import Layout  # noqa: E402
from pionniers.model import schema  # noqa: E402
from pionniers.model.addresses import SiteMap  # noqa: E402
from pionniers.model.corpus import check_corpus  # noqa: E402
from pionniers.pages import preview_image
from pionniers.site.sandbox import ROOT, TODAY, make_project  # noqa: E402


def _timed(work) -> float:  # noqa: ANN001
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _former_ellipsis(text: str, face, width: int) -> str:  # noqa: ANN001
    while text and face.getlength(text + " …") > width:
        text = text[:-1]
    return text.rstrip(" ,;:") + " …"


def ellipsis() -> None:
    face = preview_image.font(30)
    print("Points de suspension d’un aperçu (une ligne de 1 000 px) :")
    for size in (schema.LINE_MAX, 2_000, 40_000):
        text = ("Mesurés " * (size // 8 + 1))[:size]
        new = _timed(lambda: preview_image._ellipsis(text, face, 1000))
        line = f"  {size:>6} caractères : bissection {new * 1000:8.2f} ms"
        if size <= 2_000:
            old = _timed(lambda: _former_ellipsis(text, face, 1000))
            line += f" ; référence, un caractère à la fois {old * 1000:9.2f} ms"
        print(line)


def suggestions() -> None:
    pages = {f"/cas/cas-numero-{i}/": frozenset() for i in range(5_000)}
    pages.update({f"/organisations/organisation-{i}/": frozenset() for i in range(15_000)})
    links = [f"/cas/cas-numero-{i}x/" for i in range(500)]
    site = SiteMap(pages=dict(pages))
    new = _timed(lambda: [site.problem(link) for link in links])
    old = _timed(lambda: [difflib.get_close_matches(link, list(pages), n=1, cutoff=0.7) for link in links[:5]]) / 5
    print(f"« Vouliez-vous dire » : 500 liens vers des pages absentes, {len(pages)} adresses : {new:.2f} s en tout ; "
          f"référence, difflib sur toutes les pages : {old:.2f} s par lien (soit {old * 500:.0f} s pour 500)")


def story_links() -> None:
    base = yaml.safe_load((ROOT / "tests/fixtures/site/gamma-pacte.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "p", [ROOT / "tests/fixtures/site/gamma-pacte.yml"])
        reference = _timed(lambda: check_corpus(Layout(project), today=TODAY))
        data = json.loads(json.dumps(base))
        data.update(slug="liens")
        data["organisations"][0]["name"] = "Conseil liens"
        data["story"]["challenge"] = "\n\n".join(f"Voir [la page](/cas/page-{i}/)." for i in range(6_000))
        (project / "cases" / "liens.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        took = _timed(lambda: check_corpus(Layout(project), today=TODAY))
    print(f"Validation d’un récit de 6 000 liens vers des pages absentes : {took:.2f} s ; référence, le même corpus "
          f"sans ce cas : {reference:.2f} s")


if __name__ == "__main__":
    ellipsis()
    suggestions()
    story_links()
