"""`pionniers archive`: the whole site in one zip that works opened from disk (file://), with no
server and no network, for classrooms without reliable internet.

    validate → generate (as `pionniers build`) → mkdocs build --strict into a temporary folder
             → every relative link to a folder (« ../cas/x/ », « .. ») made to name its index.html
             → zip of that folder (regular files only, links never followed), moved into place atomically

A browser opening a file:// folder address shows a listing, not the folder's index.html: the rewrite fixes the
theme's links, our raw-HTML links (stories rendered by prose.py, redirect pages, cards) and the address of a meta
refresh alike, since it works on the built HTML. Pagefind cannot fetch its index over file://, so its folder is
left out and the search box says that search needs the online site, and offers the list of cases instead
(docs/assets/pionniers.js).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from pionniers.common.paths import Layout
from pionniers.site.build import build_corpus
from pionniers.site.publish import mkdocs_build

TOP = "pionniers-hors-ligne"
# Folders of the built site that cannot work from disk or serve no page: left out of the archive.
LEFT_OUT = ("pagefind", "search")
LEFT_OUT_FILES = ("sitemap.xml", "sitemap.xml.gz")
README = """\
Pionniers, études de cas de la co-création — copie hors ligne du site

Ouvrez le fichier {top}/index.html dans un navigateur : toutes les pages, les liens, les filtres de la liste des cas,
les cartes à intégrer et les fichiers de citation fonctionnent sans connexion. La recherche demande le site en ligne :
dans cette copie, la liste des cas ({top}/cas/index.html) la remplace.

Textes et données sous licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.fr), code sous licence MIT.
Copie produite le {day} par `pionniers archive`.
"""

_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_REFRESH = re.compile(r'(content="\d+;\s*url=)([^"]*)(")', re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def local_href(url: str) -> str:
    """A relative link as a file:// address needs it: « ../cas/x/#impact » → « ../cas/x/index.html#impact »,
    « .. » → « ../index.html ». Absolute addresses, other schemes and in-page anchors are left as they are."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i != -1), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    return path + rest


def rewrite_html(text: str) -> str:
    """Every href and src of every tag (and the address of a meta refresh) through local_href. Only tags are
    touched: text a contributor wrote can hold no « < » that is not escaped, so it is never read as one."""
    def tag(match: re.Match[str]) -> str:
        inner = _URL_ATTRIBUTE.sub(lambda m: m.group(1) + local_href(m.group(2)) + m.group(3), match.group(0))
        return _REFRESH.sub(lambda m: m.group(1) + local_href(m.group(2)) + m.group(3), inner)

    return _TAG.sub(tag, text)


def _regular_files(root: Path) -> list[Path]:
    """The regular files under `root`, sorted; links (to files or folders) are neither followed nor kept."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in files:
            path = here / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path)
    return sorted(found)


def offline_copy(site: Path) -> list[Path]:
    """Rewrite the links of every page of a built site (in place, inside the temporary folder) and return the files
    the archive keeps."""
    kept: list[Path] = []
    for path in _regular_files(site):
        rel = path.relative_to(site)
        if rel.parts[0] in LEFT_OUT or rel.as_posix() in LEFT_OUT_FILES:
            continue
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            changed = rewrite_html(text)
            if changed != text:
                path.write_text(changed, encoding="utf-8")
        kept.append(path)
    return kept


def write_zip(site: Path, files: list[Path], target: Path, day: date) -> None:
    """A deterministic zip (sorted names, one fixed date) of `files`, under one top folder, with a short README."""
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo("LISEZMOI.txt", stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, README.format(top=TOP, day=day.isoformat()))
        for path in files:
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def archive(layout: Layout, out: Path | None = None, *, today: date | None = None) -> int:
    """`pionniers archive`: build, rewrite and zip in a temporary folder, then move the zip to `out`."""
    out = (out or layout.root / "pionniers-hors-ligne.zip").absolute()
    if out.is_symlink() or (out.exists() and not out.is_file()):
        print(f"pionniers archive : {out} existe et n’est pas un fichier ordinaire : choisissez une autre sortie "
              "(--sortie)", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"pionniers archive : le dossier {out.parent} n’existe pas", file=sys.stderr)
        return 2
    status, _ = build_corpus(layout, today)
    if status != 0:
        return 1
    with tempfile.TemporaryDirectory(prefix="pionniers-archive-") as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(layout.root, site)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            print("pionniers archive : la construction stricte du site a échoué (voir ci-dessus).", file=sys.stderr)
            return 1
        files = offline_copy(site)
        built = Path(tmp) / "archive.zip"
        write_zip(site, files, built, today or date.today())
        size = built.stat().st_size
        staged = Path(tempfile.mkstemp(dir=out.parent, prefix=".", suffix=".zip.tmp")[1])
        shutil.copyfile(built, staged)
        os.chmod(staged, 0o644)
        os.replace(staged, out)
    shown = layout.rel(out) if out.is_relative_to(layout.root) else str(out)
    print(f"Archive hors ligne écrite : {shown} ({len(files)} fichiers, {size / 1024 / 1024:.1f} Mio). "
          f"Décompressez-la et ouvrez {TOP}/index.html.")
    return 0
