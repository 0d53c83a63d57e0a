"""Finding a TrueType font for the PDF that covers £, € and accented letters, offline.

fpdf2's built-in fonts are Latin-1 only (no €), so the PDF embeds a TTF. The chain, first found
wins: DejaVu Sans from Debian's `fonts-dejavu-core` (in this project's machine image and
installed by CI), DejaVu Sans bundled inside matplotlib's wheel (for machines without Debian
fonts), then Liberation, Noto and Arial where an operating system ships them. Each candidate is
checked for the glyphs the reports need. If none is found the PDF falls back to the built-in
Helvetica and transliterates (€ becomes EUR), and says so on its first page.

>>> unicode_font().family
'DejaVu Sans'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

__all__ = ["REQUIRED_GLYPHS", "FontFiles", "candidates", "covers", "unicode_font"]

# Currency signs, the accents of EU regulators' names, and the typography claims use.
REQUIRED_GLYPHS = "£€éèêàâçëïîôöüùñåøæœßÉÀÇ" + "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"


@dataclass(frozen=True)
class FontFiles:
    """A regular and a bold face of one family, and where they came from."""

    family: str
    regular: Path
    bold: Path
    origin: str


def _matplotlib_fonts() -> Path | None:
    # find_spec locates the package without importing it (importing matplotlib is slow).
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def candidates() -> Iterator[FontFiles]:
    """Every place a suitable font may be, most preferred first."""
    folder: Path
    for folder in (
        Path("/usr/share/fonts/truetype/dejavu"),  # Debian and Ubuntu: fonts-dejavu-core
        Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
        Path("/usr/share/fonts/TTF"),  # Arch
    ):
        yield FontFiles(
            "DejaVu Sans", folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf", str(folder)
        )
    bundled = _matplotlib_fonts()
    if bundled is not None:
        yield FontFiles(
            "DejaVu Sans", bundled / "DejaVuSans.ttf", bundled / "DejaVuSans-Bold.ttf", "matplotlib"
        )
    for name in ("liberation2", "liberation"):
        base = Path("/usr/share/fonts/truetype") / name
        yield FontFiles(
            "Liberation Sans",
            base / "LiberationSans-Regular.ttf",
            base / "LiberationSans-Bold.ttf",
            str(base),
        )
    noto = Path("/usr/share/fonts/truetype/noto")
    yield FontFiles(
        "Noto Sans", noto / "NotoSans-Regular.ttf", noto / "NotoSans-Bold.ttf", str(noto)
    )
    mac = Path("/System/Library/Fonts/Supplemental")
    yield FontFiles("Arial", mac / "Arial.ttf", mac / "Arial Bold.ttf", str(mac))
    windows = Path("C:/Windows/Fonts")
    yield FontFiles("Arial", windows / "arial.ttf", windows / "arialbd.ttf", str(windows))


def covers(path: Path, glyphs: str = REQUIRED_GLYPHS) -> bool:
    """Whether the font file maps every one of these characters to a glyph."""
    try:
        font = TTFont(str(path), lazy=True)
        cmap = font.getBestCmap() or {}
        font.close()
    except Exception:  # an unreadable or broken font is simply not a candidate
        return False
    return all(ord(ch) in cmap for ch in glyphs)


@lru_cache(maxsize=1)
def unicode_font() -> FontFiles | None:
    """The first candidate font present with every required glyph, or None."""
    for font in candidates():
        if font.regular.is_file() and font.bold.is_file() and covers(font.regular):
            return font
    return None
