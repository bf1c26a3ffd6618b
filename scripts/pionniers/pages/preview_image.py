"""The link-preview image of each case (Open Graph, Twitter): 1200 × 630 pixels, its title and headline figure, drawn
at publication with the DejaVu fonts committed in fonts/ — no third-party service, nothing fetched.

Written by `pionniers publish` into the built site, beside each case page (`/cas/<slug>/apercu.png`), plus one for
every other page (`/apercu.png`); the pages name them in their `og:image` (overrides/main.html). Drawing is not part
of `pionniers build`: 5,000 images take about 30 s, more than the whole generation, so publish draws them while
MkDocs builds the site (see publish.py), and keeps them between runs in a cache (cache.py) under the hash of their
words and of the drawing (`card_key`): a publish draws again only the images whose words changed.

To stay cheap, an image is drawn in 8-bit grey levels and given a palette of three ramps (white → ink for text,
white → indigo for the figure, indigo → white for the band's text): antialiased text, a small PNG, no quantizing.
Text goes straight to FreeType: a contributor's title cannot do anything in a PNG but be drawn.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from pionniers.common import vocab
from pionniers.common.cache import Store, key
from pionniers.model import schema
from pionniers.pages.render import headline
from pionniers.pages.wording import figure_caption, figure_value, time_phrase

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BAND = 96
# The palette's three ramps: (first index, last index, from colour, to colour).
INK, INDIGO, ON_BAND = (0, 84, (255, 255, 255), (26, 28, 44)), (85, 169, (255, 255, 255), (48, 63, 159)), \
    (170, 254, (48, 63, 159), (255, 255, 255))
SOFT_INK = 62  # a lighter ink (on the INK ramp) for the caption


def _palette() -> list[int]:
    out = [0, 0, 0] * 256
    for first, last, start, end in (INK, INDIGO, ON_BAND):
        for i in range(first, last + 1):
            t = (i - first) / (last - first)
            out[3 * i: 3 * i + 3] = [round(a + (b - a) * t) for a, b in zip(start, end)]
    out[765:768] = [255, 255, 255]
    return out


PALETTE = _palette()


FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    with resources.as_file(resources.files("pionniers").joinpath("fonts", FONTS[bold])) as path:
        return ImageFont.truetype(str(path), size)


@cache
def drawing_version() -> str:
    """The hash of everything but the card that shapes an image: this module's code, the fonts' bytes, Pillow's and
    FreeType's versions. Any change to one of them and every image is drawn again."""
    fonts = resources.files("pionniers").joinpath("fonts")
    return key(Path(__file__).read_bytes(), *(fonts.joinpath(name).read_bytes() for name in FONTS), PIL.__version__,
               features.version("freetype2") or "")


def card_key(card: Card) -> str:
    """The name of `card`'s image in the cache: the hash of the words drawn and of the drawing's version."""
    return key(drawing_version(), card.band, card.title, card.value, card.caption)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """The words of `text` in at most `lines` lines of at most `width` pixels; the last one ends with « … » if the
    text does not fit."""
    out: list[str] = []
    words = text.split()
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if face.getlength(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            current = ""
            out[-1] = _ellipsis(" ".join([out[-1], *words[i:]]), face, width)
            break
    if current:
        out.append(current)
    return [_ellipsis(line, face, width) if face.getlength(line) > width else line for line in out[:lines]]


def _ellipsis(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """The longest start of `text` that fits in `width` pixels followed by « … ». Found by bisection over at most
    `width` characters (no drawn character is narrower than a pixel), so that its cost does not grow with the text."""
    text = text[:width]
    low, high = 0, len(text)  # text[:low] + " …" fits (or low == 0); text[:high + 1] + " …" does not
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(text[:middle] + " …") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,;:") + " …"


@dataclass(frozen=True)
class Card:
    """What one image says: the band's words, the title, and the headline figure (its value and what it counts)."""

    band: str
    title: str
    value: str = ""
    caption: str = ""


def draw(card: Card) -> bytes:
    """The PNG bytes of one preview image (deterministic: the same card gives the same bytes)."""
    image = Image.new("L", (WIDTH, HEIGHT), INK[0])
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, BAND), fill=ON_BAND[0])
    pen.text((MARGIN, BAND // 2), card.band, font=font(30), fill=ON_BAND[1], anchor="lm")
    size = 60 if len(card.title) < 70 else 50
    face = font(size, bold=True)
    y = BAND + 56
    for line in wrap(card.title, face, WIDTH - 2 * MARGIN, 3 if card.value else 5):
        pen.text((MARGIN, y), line, font=face, fill=INK[1])
        y += round(size * 1.22)
    if not card.value:
        pen.text((MARGIN, HEIGHT - 60), "Étude de cas sourcée : qui apporte quoi, et ce qui a changé", font=font(30),
                 fill=SOFT_INK, anchor="ls")
    else:
        y = max(y + 30, HEIGHT - 200)
        pen.rectangle((0, y - 24, WIDTH, HEIGHT), fill=INDIGO[0])
        pen.rectangle((MARGIN, y - 24, MARGIN + 120, y - 18), fill=INDIGO[1])
        value_face = font(64, bold=True)
        value = wrap(card.value, value_face, WIDTH - 2 * MARGIN, 1)[0]
        pen.text((MARGIN, y), value, font=value_face, fill=INDIGO[1])
        caption = wrap(card.caption, font(30), WIDTH - 2 * MARGIN, 1)
        if caption:
            pen.text((MARGIN, y + 86), caption[0], font=font(30), fill=SOFT_INK)
    image.putpalette(PALETTE)
    out = io.BytesIO()
    # Level 3: half the time of the default 6 (1.6 against 3.1 ms an image, 5,000 of them drawn while MkDocs builds)
    # for a quarter more bytes (24 against 19 KB), which only a link preview ever fetches.
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()


def case_card(case: schema.Case) -> Card:
    kind = vocab.load().kinds[case.kind].label
    fig = headline(case)
    if fig is None:
        return Card(f"Pionniers · {kind}", case.title)
    caption = " ".join(w for w in ("Objectif :" if fig.status == "target" else "", figure_caption(fig),
                                   f"({time_phrase(fig.time)})" if fig.time else "") if w)
    return Card(f"Pionniers · {kind}", case.title, figure_value(fig), caption)


SITE_CARD = Card("Pionniers · études de cas", "Pionniers de la co-création : qui apporte quoi, et ce qui a changé",
                 "", "")


@dataclass
class Drawn:
    """How many images were written, and how many of them were drawn (the others came from the cache)."""

    images: int = 0
    drawn: int = 0


def _image(card: Card, store: Store | None, used: set[str], count: Drawn) -> bytes:
    count.images += 1
    if store is None:
        count.drawn += 1
        return draw(card)
    name = card_key(card)
    used.add(name)
    data = store.get(name)
    if data is None:
        data = draw(card)
        count.drawn += 1
        store.put(name, data)
    return data


def write_all(cases: tuple[schema.Case, ...], folder: Path, store: Store | None = None) -> Drawn:
    """Write every image into `folder` (cas/<slug>/apercu.png, apercu.png). With a store, an image whose card and
    drawing have not changed since it was drawn is taken from it, the others are drawn and kept there, and the
    images no longer used are deleted from it."""
    count = Drawn()
    used: set[str] = set()
    (folder / "cas").mkdir(parents=True, exist_ok=True)
    (folder / "apercu.png").write_bytes(_image(SITE_CARD, store, used, count))
    for case in cases:
        target = folder / "cas" / case.slug
        target.mkdir(exist_ok=True)
        (target / "apercu.png").write_bytes(_image(case_card(case), store, used, count))
    if store is not None:
        store.prune(used)
    return count


def move_into(drawn: Path, site: Path) -> None:
    """Move the drawn images into the built site (regular files and folders only, never through a link)."""
    for folder, _, names in os.walk(drawn):
        rel = Path(folder).relative_to(drawn)
        dest = site / rel
        if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
            raise OSError(f"{dest} n’est pas un vrai dossier : les aperçus n’y sont pas écrits")
        dest.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(folder) / name, dest / name)
    shutil.rmtree(drawn, ignore_errors=True)


def draw_into_site(cases: tuple[schema.Case, ...], site: Path) -> int:
    """Draw every image, then put them in the built site. Returns how many."""
    drawn = Path(tempfile.mkdtemp(prefix="pionniers-apercus-"))
    count = write_all(cases, drawn)
    move_into(drawn, site)
    return count.images
