"""Cover images for the demo's courses and programmes, drawn with Pillow at seed time: no image
files in the repository and no network. Each is a gradient in one of the brand's colours with
soft circles and a white cross, different for each slug; the renditions the catalogue and the
pages show are made at once, so the demo's first visitors do not wait for them."""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from .covers import CARD_COVER, PAGE_COVER

SIZE = (1200, 600)
PALETTES = [
    ((11, 92, 173), (90, 167, 224)),
    ((28, 107, 55), (111, 191, 138)),
    ((15, 111, 115), (95, 193, 196)),
    ((91, 42, 134), (165, 127, 209)),
    ((138, 75, 0), (224, 166, 90)),
    ((164, 22, 26), (224, 122, 125)),
]


def demo_cover(*, slug: str, title: str):
    """The Wagtail image for this slug's cover, drawn once (seeding again reuses it)."""
    Image = get_image_model()
    name = f"Demo cover: {title}"
    existing = Image.objects.filter(title=name).first()
    if existing:
        return existing
    image = Image(title=name, file=ImageFile(io.BytesIO(_drawing(slug)), name=f"cover-{slug}.png"))
    image.save()
    image.get_renditions(CARD_COVER, PAGE_COVER)
    return image


def _drawing(slug: str) -> bytes:
    digest = hashlib.sha256(slug.encode()).digest()
    start, end = PALETTES[digest[0] % len(PALETTES)]
    width, height = SIZE
    canvas = PillowImage.new("RGB", SIZE)
    draw = ImageDraw.Draw(canvas)
    for x in range(width):
        share = x / (width - 1)
        draw.line(
            [(x, 0), (x, height)], fill=tuple(round(a + (b - a) * share) for a, b in zip(start, end, strict=True))
        )
    overlay = PillowImage.new("RGBA", SIZE, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for n in range(5):
        radius = 60 + digest[n + 1] % 200
        x, y = digest[n + 6] * width // 255, digest[n + 11] * height // 255
        shapes.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 255, 255, 30))
    # The cross sits right of centre, so it stays inside the 2:1 card crop and the 8:3 page crop.
    x, y, arm, half = 820, 300, 120, 42
    shapes.rounded_rectangle([x - half, y - arm, x + half, y + arm], radius=12, fill=(255, 255, 255, 215))
    shapes.rounded_rectangle([x - arm, y - half, x + arm, y + half], radius=12, fill=(255, 255, 255, 215))
    picture = PillowImage.alpha_composite(canvas.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()
