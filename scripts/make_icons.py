"""Draw the web app's home-screen icons (考评 on the app's red) into
src/kaoping/web/core/static/kaoping/icons/. The PNGs are committed; run this
again only to change them: ``uv run python scripts/make_icons.py``.

Needs a CJK font (Debian: fonts-noto-cjk); Pillow comes with matplotlib.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (139, 30, 30)
OUT = Path(__file__).resolve().parent.parent / "src/kaoping/web/core/static/kaoping/icons"
FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]


def icon(size: int, *, maskable: bool) -> Image.Image:
    # A maskable icon is cut to shape by the phone, so it fills the square; an
    # ordinary one is shown as is, with rounded corners.
    img = Image.new("RGBA", (size, size), RED if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if not maskable:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=RED)
    # A maskable icon may be cut to a circle of 80 % of its width: the text
    # stays inside that safe zone.
    text_width = size * (0.56 if maskable else 0.72)
    font_path = next(p for p in FONTS if Path(p).exists())
    font = ImageFont.truetype(font_path, int(text_width / 2))
    draw.text((size / 2, size / 2), "考评", font=font, fill="white", anchor="mm")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (180, 192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
