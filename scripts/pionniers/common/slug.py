"""The one slug function for names that become addresses (cases, organisations, places, themes)."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii


def slugify(text: str) -> str:
    """« La Banque Postale » → la-banque-postale, « Ôsaka 大阪 » → osaka-daban (any script, transliterated by
    anyascii). Empty when the name has no letter or digit in any script (validation refuses such a name)."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")
