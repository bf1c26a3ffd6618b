"""The cache of derived files (cache.py) and the link-preview images it keeps: an entry is found again only when
every input is the same, is written whole or not at all, never through a link, and nothing outside the store's own
folder is written or deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from pionniers.common.cache import Store, key
from pionniers.pages import preview_image
from test_visual import case

NAME = key("une entrée")


def test_a_key_hashes_every_part_and_where_each_ends() -> None:
    assert key("ab", "c") != key("a", "bc")
    assert key("ab", "c") == key("ab", b"c")
    assert key("a") != key("a", "")
    assert len(key()) == 64


def test_an_entry_put_is_got_back_and_nothing_else_is_left(tmp_path: Path) -> None:
    with Store(tmp_path, ".cache", "essai", suffix=".png") as store:
        assert store.usable
        assert store.get(NAME) is None
        store.put(NAME, b"octets")
        assert store.get(NAME) == b"octets"
        store.put(NAME, b"autres octets")  # replaced whole
        assert store.get(NAME) == b"autres octets"
    assert sorted(p.name for p in (tmp_path / ".cache" / "essai").iterdir()) == [f"{NAME}.png"]


def test_a_name_that_is_not_a_hash_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path, "c") as store, pytest.raises(ValueError):
        store.put("../../ailleurs", b"x")


@pytest.mark.parametrize("linked", [".cache", "essai"])
def test_a_link_on_the_way_to_the_store_is_never_followed(tmp_path: Path, linked: str) -> None:
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    root = tmp_path / "depot"
    root.mkdir()
    if linked == ".cache":
        (root / ".cache").symlink_to(outside)
    else:
        (root / ".cache").mkdir()
        (root / ".cache" / "essai").symlink_to(outside)
    with Store(root, ".cache", "essai", suffix=".png") as store:
        assert not store.usable
        assert "vrai dossier" in store.error
        store.put(NAME, b"x")
        assert store.get(NAME) is None
        assert store.prune(set()) == 0
    assert list(outside.iterdir()) == []


def test_a_file_in_the_way_of_the_store_makes_it_unusable(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("pas un dossier", encoding="utf-8")
    with Store(tmp_path, ".cache", "essai") as store:
        assert not store.usable
    assert (tmp_path / ".cache").read_text(encoding="utf-8") == "pas un dossier"


def test_an_entry_that_is_a_link_is_not_read_and_is_replaced_not_written_through(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("à ne pas lire", encoding="utf-8")
    store = Store(tmp_path, "c", suffix=".png")
    (tmp_path / "c" / f"{NAME}.png").symlink_to(secret)
    assert store.get(NAME) is None
    store.put(NAME, b"image")
    assert store.get(NAME) == b"image"
    assert not (tmp_path / "c" / f"{NAME}.png").is_symlink()
    assert secret.read_text(encoding="utf-8") == "à ne pas lire"
    store.close()


def test_prune_deletes_only_the_unused_entries_of_its_own_folder(tmp_path: Path) -> None:
    outside = tmp_path / "garde.txt"
    outside.write_text("garde", encoding="utf-8")
    store = Store(tmp_path, "c", suffix=".png")
    kept, dropped = key("garde"), key("jette")
    store.put(kept, b"1")
    store.put(dropped, b"2")
    folder = tmp_path / "c"
    (folder / f".{dropped}.png.0123456789abcdef.tmp").write_bytes(b"interrompu")
    (folder / "LISEZMOI.txt").write_text("pas une entrée", encoding="utf-8")
    (folder / f"{key('dossier')}.png").mkdir()
    (folder / f"{key('lien')}.png").symlink_to(outside)
    assert store.prune({kept}) == 3  # the unused entry, the temporary file, the link (not what it points to)
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{kept}.png", "LISEZMOI.txt", f"{key('dossier')}.png"])
    assert outside.read_text(encoding="utf-8") == "garde"
    store.close()


def test_a_store_that_cannot_be_made_is_not_used_and_says_why(tmp_path: Path) -> None:
    """A file where the store's folder should be (a mode 0 folder would do too, but not for root, who reads all)."""
    (tmp_path / "c").write_text("un fichier, pas un dossier", encoding="utf-8")
    store = Store(tmp_path, "c", "d")
    assert not store.usable and store.error
    assert (tmp_path / "c").read_text(encoding="utf-8") == "un fichier, pas un dossier"


# --- the link-preview images ----------------------------------------------------------------------------------------

def images(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.png"))}


def test_preview_images_are_drawn_once_then_taken_from_the_cache_byte_for_byte(tmp_path: Path) -> None:
    cases = (case(slug="un"), case(slug="deux", title="Un autre titre"))
    with Store(tmp_path, "cache", suffix=".png") as store:
        first = preview_image.write_all(cases, tmp_path / "a", store)
        again = preview_image.write_all(cases, tmp_path / "b", store)
        plain = preview_image.write_all(cases, tmp_path / "c")
    assert (first.images, first.drawn) == (3, 3)
    assert (again.images, again.drawn) == (3, 0)
    assert (plain.images, plain.drawn) == (3, 3)
    assert images(tmp_path / "a") == images(tmp_path / "b") == images(tmp_path / "c")


def test_a_changed_title_redraws_that_image_only_and_prunes_the_old_one(tmp_path: Path) -> None:
    one, two = case(slug="un", title="Titre un"), case(slug="deux", title="Titre deux")
    changed = case(slug="deux", title="Titre changé")
    with Store(tmp_path, "cache", suffix=".png") as store:
        preview_image.write_all((one, two), tmp_path / "a", store)
        count = preview_image.write_all((one, changed), tmp_path / "b", store)
    assert count.drawn == 1
    assert images(tmp_path / "b")["cas/deux/apercu.png"] == preview_image.draw(preview_image.case_card(changed))
    assert images(tmp_path / "b")["cas/un/apercu.png"] == images(tmp_path / "a")["cas/un/apercu.png"]
    kept = {p.name for p in (tmp_path / "cache").iterdir()}
    assert kept == {f"{preview_image.card_key(c)}.png" for c in
                    (preview_image.SITE_CARD, preview_image.case_card(one), preview_image.case_card(changed))}


def test_a_new_drawing_version_redraws_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path, "cache", suffix=".png") as store:
        preview_image.write_all((case(slug="un"),), tmp_path / "a", store)
        monkeypatch.setattr(preview_image, "drawing_version", lambda: key("une autre police"))
        assert preview_image.write_all((case(slug="un"),), tmp_path / "b", store).drawn == 2


def test_the_drawing_version_changes_with_the_code_and_the_fonts(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    compute = preview_image.drawing_version.__wrapped__
    version = compute()
    assert version == preview_image.drawing_version()
    edited = tmp_path / "preview_image.py"
    edited.write_bytes(Path(preview_image.__file__).read_bytes().replace(b"compress_level=3", b"compress_level=4"))
    with monkeypatch.context() as patch:
        patch.setattr(preview_image, "__file__", str(edited))
        assert compute() != version
    monkeypatch.setattr(preview_image, "FONTS", ("DejaVuSans.ttf", "DejaVuSans.ttf"))
    assert compute() != version
