"""Checks on contributor text: Markdown only, no raw HTML, no file include, only safe link schemes.

Each check raises ValueError with a French message that says what is refused and what to write instead.
The built site is scanned again after MkDocs (tests/test_site_safety.py): this is the first wall, not the only one.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

SAFE_SCHEMES = ("https", "http", "mailto")

# A tag opener: "<" then a letter, "/", "!" or "?" (<script>, </p>, <!-- -->, <?php). Autolinks are allowed below.
_TAG = re.compile(r"<\s*(!--|[/!?]?\s*[A-Za-z][\w:-]*)")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_DANGEROUS_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data|file)\s*:")
_SNIPPET = re.compile(r"-{1,2}8<-{1,2}|;--8<--")
_ATTR_HANDLER = re.compile(r"(?i)\{[^}\n]*\bon[a-z]+\s*=")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"(?m)^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)")


_SUSPECT = re.compile(r"[<:\]{]|8<")


def check_markdown(text: str) -> None:
    """Refuse what would let a text field inject markup or read files; allow plain Markdown."""
    if not _SUSPECT.search(text):  # no tag, scheme, link, attribute list or include can hide without these
        return
    if _SNIPPET.search(text):
        raise ValueError("« --8<-- » (inclusion de fichier) est interdit : recopiez le texte voulu")
    bare = _AUTOLINK.sub("", text)
    tag = _TAG.search(bare)
    if tag:
        raise ValueError(
            f"HTML brut interdit (balise « <{tag.group(1)} ») : écrivez en Markdown, "
            "par exemple **gras** ou [lien](https://…)"
        )
    if _ATTR_HANDLER.search(text):
        raise ValueError("liste d’attributs avec un gestionnaire d’événement (on…=) interdite : retirez-la")
    bad = _DANGEROUS_SCHEME.search(html.unescape(text))  # the browser decodes `javascript&#58;` in an href
    if bad:
        raise ValueError(
            f"lien « {bad.group(1).lower()}: » interdit : seuls https:, http:, mailto: ou un lien interne sont permis"
        )
    for target in _IMAGE.findall(text):
        if urlsplit(target.strip()).scheme or target.strip().startswith("//"):
            raise ValueError("image chargée depuis un autre site interdite (le site ne fait aucune requête "
                             "ailleurs) : déposez l’image dans docs/assets/ et utilisez un lien interne")
    for target in _INLINE_LINK.findall(text) + [m[0] for m in _REF_DEF.findall(text)]:
        check_url(target, allow_internal=True)


def check_url(url: str, *, allow_internal: bool) -> None:
    """A link is https:, http:, mailto:, or (in Markdown) an internal path; anything else is refused."""
    stripped = html.unescape(url).strip()
    if not stripped:
        raise ValueError("lien vide : indiquez une adresse")
    if any(ch.isspace() or ord(ch) < 32 for ch in stripped):
        raise ValueError("une adresse ne contient pas d’espace : remplacez les espaces par %20")
    parts = urlsplit(stripped)
    scheme = parts.scheme.lower()
    if not scheme:
        if allow_internal and not stripped.startswith("//"):
            return
        raise ValueError("adresse incomplète : elle doit commencer par https:// (ou http://)")
    if scheme not in SAFE_SCHEMES:
        raise ValueError(f"lien « {scheme}: » interdit : seuls https:, http:, mailto: sont permis")
    if scheme in ("http", "https") and not parts.netloc:
        raise ValueError("adresse incomplète : écrivez https://nom-du-site/…")
