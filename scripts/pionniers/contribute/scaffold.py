"""`pionniers new SLUG`: a new case file from the template, ready to fill in."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from pionniers.common.chars import visible
from pionniers.common.escape import ident
from pionniers.common.paths import Layout
from pionniers.model.addresses import RESERVED
from pionniers.model.schema import SLUG_MAX, SLUG_PATTERN
from pionniers.pages.render import yaml_environment


def new_case(layout: Layout, slug: str, today: date | None = None) -> int:
    if len(slug) > SLUG_MAX or not re.fullmatch(SLUG_PATTERN, slug) or slug in RESERVED:
        print(f"pionniers : « {visible(slug[:100])}{'…' if len(slug) > 100 else ''} » n’est pas un slug possible : "
              f"minuscules sans accent, chiffres et tirets, {SLUG_MAX} caractères au plus, autre que "
              f"{', '.join(sorted(RESERVED))} (par exemple prenom-nom-organisation)")
        return 2
    target = layout.cases / f"{slug}.yml"
    if os.path.lexists(target):
        print(f"pionniers : {layout.rel(target)} existe déjà : modifiez-le, ou choisissez un autre slug")
        return 1
    source = f"{slug[:SLUG_MAX - 2]}-1"
    env = yaml_environment()
    text = env.get_template("new_case.yml.j2").render(slug=slug, today=(today or date.today()).isoformat(),
                                                      source=source, source_raw=ident(source))
    record = layout.sources / f"{source}.yml"
    written = [target]
    if _create(layout, target, text) != 0:
        return 1
    if not os.path.lexists(record):
        layout.sources.mkdir(exist_ok=True)
        if _create(layout, record, env.get_template("new_source.yml.j2").render(source=source)) != 0:
            return 1
        written.append(record)
    names = " et ".join(layout.rel(p) for p in written)
    print(f"{names} créé{'s' if len(written) > 1 else ''} : remplissez chaque champ, puis lancez `pionniers validate`.")
    return 0


def _create(layout: Layout, target: Path, text: str) -> int:
    """Create `target` with `text`: never overwritten, never through a link (even one planted in between)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as err:
        print(f"pionniers : impossible de créer {layout.rel(target)} ({err.strerror})")
        return 1
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0
