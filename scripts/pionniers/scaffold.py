"""`pionniers new SLUG`: a new case file from the template, ready to fill in."""

from __future__ import annotations

import re
from datetime import date

from .paths import Layout
from .render import environment
from .schema import SLUG_PATTERN


def new_case(layout: Layout, slug: str, today: date | None = None) -> int:
    if not re.fullmatch(SLUG_PATTERN, slug):
        print(f"pionniers : « {slug} » n’est pas un slug valide : minuscules sans accent, chiffres et tirets "
              "(par exemple prenom-nom-organisation)")
        return 2
    target = layout.cases / f"{slug}.yml"
    if target.exists():
        print(f"pionniers : {layout.rel(target)} existe déjà : modifiez-le, ou choisissez un autre slug")
        return 1
    text = environment().get_template("new_case.yml.j2").render(slug=slug, today=(today or date.today()).isoformat())
    target.write_text(text, encoding="utf-8")
    print(f"{layout.rel(target)} créé : remplissez chaque champ, puis lancez `pionniers validate`.")
    return 0
